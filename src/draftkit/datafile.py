"""Read a data file (YAML, JSON or TOML) into plain Python data, remembering lines.

The loader knows nothing of documents: it returns the data with every string in NFC and
a map from key paths to the 1-based line where each value starts, so that validation
can say "dòng 12, mục results[0].heading". Syntax errors become :class:`InputError`
with the line, in Vietnamese and, for the mistakes clerks make most, with a hint.

Whatever the file holds, the answer is data or an :class:`InputError`, never a wrong
figure, a hang or a traceback: numbers are read as a clerk means them (YAML's 0125 is 125,
not octal 85; 4:45, 0x1F and yes/no stay text), a key given twice is refused in JSON as in
YAML, YAML aliases may not expand past a small budget, control characters pasted from Word
are kept for :mod:`textcheck` to convert with a warning, and only ordinary files of a
sensible size are opened (never a FIFO or a device).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem, TextWarning, os_reason

Path_ = tuple[str | int, ...]

SUFFIXES = (".yaml", ".yml", ".json", ".toml")


@dataclass
class DataFile:
    """The parsed content of one data file."""

    path: Path
    data: dict[str, Any]
    lines: dict[Path_, int] = field(default_factory=dict)
    warnings: list[TextWarning] = field(default_factory=list)

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path`` or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def format_path(loc: Path_) -> str:
    """``("results", 0, "heading")`` → ``results[0].heading``, as messages name a key."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def normalize(value: Any) -> Any:
    """NFC every string in a nested structure (keys included)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {normalize(k): normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def decode_text(raw: bytes, source: Path | str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), or UTF-16 with a BOM."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                source,
                [Problem("Tệp có dấu hiệu UTF-16 nhưng nội dung bị hỏng, không đọc được.")],
            ) from None
    if b"\x00" in raw[:4096]:
        raise InputError(
            source,
            [
                Problem(
                    "Tệp không phải là tệp văn bản (có thể là tệp nhị phân hoặc tệp Word/Excel).",
                    hint="Tệp dữ liệu phải là tệp văn bản .yaml, .json hoặc .toml.",
                )
            ],
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            source,
            [
                Problem(
                    "Tệp không được lưu theo bảng mã UTF-8 (có thể là Windows-1258 hoặc TCVN3).",
                    line=line,
                    hint="Mở tệp bằng Notepad hoặc trình soạn thảo, chọn Lưu thành (Save As) với "
                    "bảng mã UTF-8, rồi chạy lại.",
                ),
            ],
        ) from None


def load_data_file(path: Path) -> DataFile:
    """Read and parse ``path``; raise :class:`InputError` for anything unreadable."""
    if path.is_dir():
        raise InputError(path, [Problem("Đây là một thư mục, không phải tệp dữ liệu.")])
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            path,
            [
                Problem(
                    f"Không đọc được tệp có đuôi “{path.suffix or '(không có)'}”.",
                    hint="Tệp dữ liệu phải có đuôi .yaml, .yml, .json hoặc .toml.",
                )
            ],
        )
    raw = read_regular_file(path)
    text = decode_text(raw, path)
    if not text.strip():
        raise InputError(path, [Problem("Tệp trống, chưa có dữ liệu nào.")])
    warnings: list[TextWarning] = []
    try:
        if suffix == ".toml":
            data, lines = _parse_toml(text, path), {}
        elif suffix == ".json":
            data = _parse_json(text, path)
            lines = _yaml_lines(text)
        else:
            data, lines = _parse_yaml(text, path, warnings)
        _refuse_surrogates(data, text, lines, path)
        data = normalize(data)
    except RecursionError:
        # Nesting thousands of levels deep cannot be a document.
        raise InputError(
            path,
            [Problem("Tệp lồng nhau quá sâu, hoặc có một tham chiếu YAML (&, *) trỏ vào chính nó.")],
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            path,
            [
                Problem(
                    "Tệp phải là một nhóm mục dạng “khóa: giá trị” (ví dụ “document: report”), "
                    "không phải một danh sách hay một giá trị đơn lẻ.",
                    line=1,
                )
            ],
        )
    return DataFile(path=path, data=data, lines=lines, warnings=warnings)


# A data file is text a person wrote: tens of kilobytes, a few megabytes for a round of
# thousands of awardees. Anything far larger is the wrong file, refused before it fills memory.
MAX_DATA_BYTES = 64 * 1024 * 1024
# Python refuses to convert longer digit strings (sys.get_int_max_str_digits): no figure a
# clerk types comes near, so a longer one is refused with its line, whatever the format.
MAX_INT_DIGITS = 4300


def read_regular_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path``, which must be an ordinary file of at most ``limit`` bytes
    (default :data:`MAX_DATA_BYTES`).

    A FIFO or a device is refused from its status alone, before anything opens it (a FIFO
    would block until someone writes to it, /dev/zero never ends); the file is then opened
    non-blocking and checked again, so that one swapped in meanwhile is refused too.
    """
    limit = MAX_DATA_BYTES if limit is None else limit
    try:
        _check_regular(path, os.stat(path), limit)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
        with os.fdopen(descriptor, "rb") as handle:
            _check_regular(path, os.fstat(handle.fileno()), limit)
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(path, [Problem("Không tìm thấy tệp.")]) from None
    except IsADirectoryError:
        raise InputError(path, [Problem("Đây là một thư mục, không phải tệp dữ liệu.")]) from None
    except OSError as exc:
        raise InputError(path, [Problem(f"Không đọc được tệp: {os_reason(exc)}.")]) from None
    if len(raw) > limit:
        raise InputError(  # it grew while being read
            path,
            [Problem(f"Tệp quá lớn (hơn {_megabytes(limit)} MB), không đọc.", hint="Kiểm tra lại đã chọn đúng tệp dữ liệu chưa.")],
        )
    return raw


def _check_regular(path: Path, info: os.stat_result, limit: int) -> None:
    from .safefile import stat_problem

    problem = stat_problem(
        info, "tệp dữ liệu", limit, hint="Lưu dữ liệu thành một tệp .yaml, .json hoặc .toml rồi chỉ vào tệp đó."
    )
    if problem is not None:
        raise InputError(path, [problem])


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",").removesuffix(",0")


def _grouped(number: int) -> str:
    """1234567 → "1.234.567", as figures are written in Vietnamese."""
    return f"{number:,}".replace(",", ".")


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, max(index, 0)) + 1


def _long_number(text: str) -> Problem:
    """A digit string past Python's conversion limit, located in ``text``."""
    match = re.search(rf"[0-9][0-9_]{{{MAX_INT_DIGITS},}}", text)
    return Problem(
        f"Có một số dài hơn {_grouped(MAX_INT_DIGITS)} chữ số: không thể là một số liệu thật.",
        line=_line_at(text, match.start()) if match else None,
        hint="Kiểm tra lại dòng này; nếu đó là chữ, đặt trong dấu ngoặc kép.",
    )


class _FloatOutOfRange(Exception):
    def __init__(self, text: str) -> None:
        self.text = text


def float_from_text(text: str) -> float:
    """``float(text)``, refusing what a float cannot hold: 1e400 is no infinity, 1e-400 no 0."""
    value = float(text)
    mantissa = re.split("[eE]", text, maxsplit=1)[0]
    if value in (float("inf"), float("-inf")) or (value == 0 and re.search("[1-9]", mantissa)):
        raise _FloatOutOfRange(text)
    return value


def _float_problem(text: str, line: int | None) -> Problem:
    shown = text if len(text) <= 40 else text[:37] + "..."
    return Problem(
        f"Số “{shown}” quá lớn hoặc quá nhỏ để là một số liệu thật.",
        line=line,
        hint="Kiểm tra lại số chữ số 0 và phần mũ (e).",
    )


def _float_line(text: str, typed: str) -> int | None:
    at = text.find(typed)
    return _line_at(text, at) if at >= 0 else None


# --------------------------------------------------------------------------------- TOML


def _parse_toml(text: str, path: Path) -> Any:
    from . import _toml

    try:
        return _toml.loads(text, parse_float=float_from_text)
    except _FloatOutOfRange as exc:
        raise InputError(path, [_float_problem(exc.text, _float_line(text, exc.text))]) from None
    except _toml.TOMLDecodeError as exc:
        raise InputError(path, [_toml_problem(exc, text)]) from None
    except ValueError:
        # tomllib converts digits with int(), which stops at Python's digit limit.
        raise InputError(path, [_long_number(text)]) from None


_TOML_WHERE = re.compile(r"\s*\(at (?:line (?P<line>\d+), column \d+|end of document)\)\s*$")
_TOML_HINT = "Mỗi dòng viết dạng khóa = giá trị; chữ đặt trong dấu ngoặc kép, ví dụ name = \"Lê Văn Bình\"."
_TOML_DUPLICATE = "một khóa hoặc một bảng [..] được viết hai lần"
# What tomllib says (message prefixes), in words a clerk can act on.
_TOML_PROBLEMS = (
    ("Cannot declare", _TOML_DUPLICATE),
    ("Cannot overwrite a value", _TOML_DUPLICATE),
    ("Duplicate inline table key", _TOML_DUPLICATE),
    ("Cannot mutate immutable namespace", "nhóm này đã viết trọn trong {...} hoặc [...], không thêm mục vào được"),
    ("Cannot redefine namespace", "bảng [..] này trùng tên với một mục đã có"),
    ("Expected '=' after a key", "thiếu dấu “=” sau tên khóa"),
    ("Expected ']' at the end of a table", "thiếu dấu “]” ở cuối tên bảng"),
    ("Expected ']]' at the end of an array", "thiếu “]]” ở cuối tên bảng"),
    (
        "Expected newline or end of document",
        "sau giá trị còn chữ thừa trên cùng dòng (chữ phải đặt trọn trong ngoặc kép; số không viết số 0 ở đầu)",
    ),
    ("Expected", "thiếu dấu đóng (ngoặc kép hoặc ngoặc)"),
    ("Found invalid character", "có ký tự điều khiển không được phép (thường do sao chép từ Word)"),
    ("Illegal character", "có ký tự điều khiển không được phép (thường do sao chép từ Word)"),
    ("Invalid date or datetime", "ngày tháng không có thật"),
    ("Invalid hex value", "mã \\u... trong ngoặc kép không hợp lệ"),
    ("Escaped character is not a Unicode scalar value", "mã \\u... trong ngoặc kép không phải một ký tự"),
    ("Invalid initial character for a key part", "tên khóa bắt đầu bằng ký tự không hợp lệ"),
    ("Invalid statement", "dòng này không phải dạng “khóa = giá trị” hay “[tên bảng]”"),
    ("Invalid value", "giá trị không hợp lệ (chữ phải đặt trong ngoặc kép, ngày viết 2023-12-15)"),
    ("Unclosed array", "thiếu dấu “]” đóng danh sách"),
    ("Unclosed inline table", "thiếu dấu “}” đóng nhóm"),
    ("Unescaped '\\' in a string", "có dấu “\\” trong ngoặc kép; dùng ngoặc đơn ' ' thay cho ngoặc kép"),
    ("Unterminated string", "thiếu dấu ngoặc kép đóng"),
)


def _toml_problem(exc: ValueError, source: str) -> Problem:
    text = str(exc)
    where = _TOML_WHERE.search(text)
    line: int | None = getattr(exc, "lineno", None)
    if where is not None:
        text = text[: where.start()]
        # At "end of document", something opened on the last line written was never closed.
        line = int(where["line"]) if where["line"] else len(source.rstrip().splitlines()) or None
    if text == "Illegal character '\\n'":
        return Problem("Lỗi cú pháp TOML: thiếu dấu ngoặc kép đóng ở cuối dòng.", line=line, hint=_TOML_HINT)
    for english, vietnamese in _TOML_PROBLEMS:
        if text.startswith(english):
            return Problem(f"Lỗi cú pháp TOML: {vietnamese}.", line=line, hint=_TOML_HINT)
    return Problem(f"Lỗi cú pháp TOML ({text}).", line=line, hint=_TOML_HINT)


# --------------------------------------------------------------------------------- JSON


def _parse_json(text: str, path: Path) -> Any:
    try:
        # strict=False: a raw control character pasted from Word inside a string is kept,
        # then converted or removed with a warning (textcheck), as for YAML.
        return json.loads(
            text, strict=False, object_pairs_hook=_json_object, parse_int=_json_int, parse_float=float_from_text
        )
    except _FloatOutOfRange as exc:
        raise InputError(path, [_float_problem(exc.text, _float_line(text, exc.text))]) from None
    except json.JSONDecodeError as exc:
        raise InputError(path, [_json_problem(exc)]) from None
    except _DuplicateKey as exc:
        raise InputError(path, [_duplicate_problem(exc.key, _json_duplicate_line(text, exc.key))]) from None
    except _LongNumber:
        raise InputError(path, [_long_number(text)]) from None


class _LongNumber(Exception):
    pass


def _json_int(digits: str) -> int:
    if len(digits) > MAX_INT_DIGITS:
        raise _LongNumber
    return int(digits)


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON itself allows a key twice and keeps the last: a silently lost value, refused
    # here as YAML refuses it.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key, 0)
        out[key] = value
    return out


def _json_duplicate_line(text: str, key: str) -> int | None:
    """The line of the second ``key`` in one object, found through YAML's node tree."""
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, RecursionError):
        node = None
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in current.value:
                if key_node.value == key and key in seen:
                    return int(key_node.start_mark.line) + 1
                seen.add(key_node.value)
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    # YAML could not read it: the second place the key is written.
    found = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return _line_at(text, found[1]) if len(found) > 1 else None


_JSON_HINT = "Kiểm tra dấu ngoặc kép quanh mỗi khóa và mỗi chữ, dấu phẩy giữa các mục, dấu ngoặc đóng."
_JSON_PROBLEMS = (
    ("Expecting value", "thiếu giá trị ở đây (có dấu phẩy thừa trước “]” hoặc “}”, hoặc chữ chưa đặt trong ngoặc kép)"),
    ("Expecting ',' delimiter", "thiếu dấu phẩy giữa hai mục"),
    ("Expecting ':' delimiter", "thiếu dấu hai chấm sau tên khóa"),
    (
        "Expecting property name enclosed in double quotes",
        "tên khóa phải đặt trong ngoặc kép (hoặc có dấu phẩy thừa trước “}”)",
    ),
    ("Unterminated string", "thiếu dấu ngoặc kép đóng"),
    ("Invalid control character", "có ký tự điều khiển trong chuỗi"),
    ("Invalid \\uXXXX escape", "mã \\u... trong ngoặc kép không hợp lệ"),
    ("Invalid \\escape", "có dấu “\\” không hợp lệ trong ngoặc kép; viết “\\\\” cho một dấu “\\”"),
    ("Extra data", "còn nội dung thừa sau dấu “}” cuối cùng"),
)


def _json_problem(exc: json.JSONDecodeError) -> Problem:
    before = exc.doc[max(exc.pos - 2, 0) : exc.pos]
    if exc.msg.startswith("Expecting") and exc.doc[exc.pos : exc.pos + 1].isdigit() and before.endswith("0") and not before[:-1].isdigit():
        # JSON reads 0125 as 0 followed by stray digits.
        return Problem(
            "Lỗi cú pháp JSON: số không viết số 0 ở đầu (0125 viết 125; số cần giữ số 0 thì đặt trong ngoặc kép).",
            line=exc.lineno,
            hint=_JSON_HINT,
        )
    for english, vietnamese in _JSON_PROBLEMS:
        if exc.msg.startswith(english):
            return Problem(f"Lỗi cú pháp JSON: {vietnamese}.", line=exc.lineno, hint=_JSON_HINT)
    return Problem(f"Lỗi cú pháp JSON ({exc.msg}).", line=exc.lineno, hint=_JSON_HINT)


def _duplicate_problem(key: str, line: int | None) -> Problem:
    return Problem(
        f"Khóa “{key}” xuất hiện hai lần trong cùng một nhóm.",
        line=line,
        hint="Xóa hoặc đổi tên một trong hai dòng; nếu giữ cả hai, dòng sau sẽ ghi đè dòng trước.",
    )


# ------------------------------------------------------------------- every format


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_surrogates(data: Any, text: str, lines: dict[Path_, int], path: Path) -> None:
    r"""A lone UTF-16 half (``"\ud800"`` in JSON or YAML) is no character: refused with its
    line instead of failing when the document is written. Only escapes can make one."""
    if "\\u" not in text and "\\U" not in text:
        return
    stack: list[tuple[Path_, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                line = next((lines[loc[:end]] for end in range(len(loc), -1, -1) if loc[:end] in lines), None)
                if line is None:
                    escape = re.search(r"\\[uU]0*[dD][89a-fA-F]", text)
                    line = _line_at(text, escape.start()) if escape else None
                raise InputError(
                    path,
                    [
                        Problem(
                            "Có mã \\u... lẻ (như \\ud800): nửa của một cặp mã, không phải một ký tự.",
                            field=format_path(loc) or None,
                            line=line,
                            hint="Xóa mã đó, hoặc gõ thẳng ký tự cần dùng.",
                        )
                    ],
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                stack.append(((*loc, key), item))
                if isinstance(key, str):
                    stack.append(((*loc, key), key))
        elif isinstance(value, list):
            stack.extend(((*loc, index), item) for index, item in enumerate(value))


# --------------------------------------------------------------------------------- YAML


def _parse_yaml(
    text: str, path: Path, warnings: list[TextWarning]
) -> tuple[Any, dict[Path_, int]]:
    shielded, restore = _shield_controls(text)
    streamed = None if "&" in text and "*" in text else _stream_yaml(shielded)
    if streamed is None:
        return _parse_yaml_whole(text, shielded, restore, path, warnings)
    data, lines, rejoined, dotted = streamed
    warnings += rejoined
    if restore:  # as the whole reading does it, to the letter
        data = _restore_controls(data, restore)
        hidden = dict.fromkeys(restore)
        warnings[:] = [TextWarning(w.field.translate(hidden), w.message.translate(hidden), w.line) for w in warnings]
    warnings += dotted
    return data, lines


def _parse_yaml_whole(
    text: str, shielded: str, restore: dict[int, str], path: Path, warnings: list[TextWarning]
) -> tuple[Any, dict[Path_, int]]:
    """The file read as one node graph: for files with aliases, and for every file the
    streaming reader gives back (a broken one: its message comes from here, as always)."""
    loader: _UniqueKeyLoader | None = None
    try:
        loader = _UniqueKeyLoader(shielded)  # PyYAML's own reader checks the characters here
        node = loader.get_single_node()
        if node is not None:
            if "&" in text and "*" in text:  # an alias needs an anchor: most files have neither
                _check_expansion(node)
            _rejoin_flow_commas(node, shielded, warnings)
        data = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        raise InputError(path, [exc.problem]) from None
    except _DuplicateKey as exc:
        raise InputError(path, [_duplicate_problem(exc.key, exc.line)]) from None
    except _UnhashableKey as exc:
        raise InputError(
            path, [Problem("Tên khóa phải là chữ, không phải một danh sách hay một nhóm.", line=exc.line)]
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError(path, [_yaml_problem(exc, text)]) from None
    except yaml.reader.ReaderError as exc:
        raise InputError(path, [_reader_problem(exc, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every other YAML error carries a mark
        raise InputError(path, [Problem(f"Lỗi cú pháp YAML ({exc}).", hint=_YAML_HINT)]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if restore:
        data = _restore_controls(data, restore)
        # Messages go to a terminal: the control characters are left out of them.
        hidden = dict.fromkeys(restore)
        warnings[:] = [TextWarning(w.field.translate(hidden), w.message.translate(hidden), w.line) for w in warnings]
    lines: dict[Path_, int] = {}
    if node is not None:
        _collect_lines(node, (), lines)
        _warn_dotted_thousands(node, (), warnings)
    return data, lines


_DOTTED_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+")


def _warn_dotted_thousands(node: yaml.Node, path: Path_, warnings: list[TextWarning]) -> None:
    """``value: 1.500`` is the YAML number 1,5, but a clerk may have meant 1.500 = 1500:
    the number is kept (a YAML number stays one) and the reading is said, with the fix."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _warn_dotted_thousands(value, (*path, key.value), warnings)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _warn_dotted_thousands(item, (*path, index), warnings)
    elif (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:float"
        and not node.style
        and _DOTTED_THOUSANDS.fullmatch(node.value)
    ):
        whole, _, fraction = node.value.partition(".")
        read = f"{whole},{fraction.rstrip('0')}" if fraction.rstrip("0") else whole
        warnings.append(
            TextWarning(
                format_path(path),
                f"“{node.value}” được đọc là số {read} (trong tệp YAML, dấu chấm là dấu thập phân); "
                f'nếu là {node.value.replace(".", "")}, viết {node.value.replace(".", "")} '
                f'hoặc "{node.value}" (trong ngoặc kép).',
                line=node.start_mark.line + 1,
            )
        )


class _Refused(Exception):
    """A YAML construct draftkit will not read, with the message for the user."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


# What the YAML reader cannot take: C0 and C1 controls (Word puts U+000B for Shift+Enter
# and U+0007 around table cells in copied text), U+FFFE/U+FFFF.
_UNREADABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Stand-ins from Supplementary Private Use Area-B while the YAML reader runs.
_STAND_IN = 0x10FF00
_STAND_INS = re.compile("[\U0010ff00-\U0010fffd]")


def _shield_controls(text: str) -> tuple[str, dict[int, str]]:
    """Swap control characters for private stand-ins the reader accepts.

    They come back into the values after parsing, where :mod:`textcheck` converts U+000B to
    a line break and removes the others with a warning, as for JSON and spreadsheets.
    A file that already holds such stand-ins keeps its controls and gets the reader's
    error, with the line.
    """
    found = sorted(set(_UNREADABLE.findall(text)))
    if not found or _STAND_INS.search(text):
        return text, {}
    to_stand_in = {ord(char): chr(_STAND_IN + index) for index, char in enumerate(found)}
    restore = {ord(stand_in): chr(original) for original, stand_in in to_stand_in.items()}
    return text.translate(to_stand_in), restore


def _restore_controls(value: Any, restore: dict[int, str]) -> Any:
    if isinstance(value, str):
        return value.translate(restore)
    if isinstance(value, dict):
        return {_restore_controls(k, restore): _restore_controls(v, restore) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore_controls(v, restore) for v in value]
    return value


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> Problem:
    position = max(int(exc.position), 0)
    if _FAST_LOADER is not yaml.SafeLoader:
        # libyaml counts bytes of the UTF-8 text, PyYAML characters.
        line = text.encode("utf-8", "surrogatepass")[:position].count(b"\n") + 1
    else:  # pragma: no cover - PyYAML without libyaml
        line = _line_at(text, position)
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return Problem(
        f"Dòng này có ký tự điều khiển U+{character:04X}, không in được (thường do sao chép từ Word).",
        line=line,
        hint="Xóa ký tự đó (đưa con trỏ đến chỗ lạ trên dòng và xóa), rồi chạy lại.",
    )


# Alias expansion beyond this many nodes is refused: a clerk's file repeats nothing, a
# YAML-savvy one reuses a few small groups; 1.2 KB of nested aliases would expand to
# billions ("billion laughs").
ALIAS_BUDGET = 10_000


def _check_expansion(root: yaml.Node) -> None:
    """Refuse aliases that loop or that expand past :data:`ALIAS_BUDGET` extra nodes.

    Works on the composed node graph, where an alias is a node reached twice: sizes are
    memoised per node, so the check is linear in the file, never in the expansion.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()
    reused: list[yaml.Node] = []

    def size(node: yaml.Node) -> int:
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            if not reused:
                reused.append(node)
            return known
        if key in active:
            raise _Refused(
                Problem(
                    "Một tham chiếu YAML (*tên) trỏ vào chính nó: nó nằm bên trong nhóm “&tên” "
                    "mà nó trỏ tới, nên không bao giờ mở ra hết.",
                    line=int(node.start_mark.line) + 1,
                    hint="Viết thẳng nội dung thay cho “&tên”, “*tên”.",
                )
            )
        total = 1
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            children = (
                node.value
                if isinstance(node, yaml.SequenceNode)
                else [part for pair in node.value for part in pair]
            )
            active.add(key)
            for child in children:
                total += size(child)
            active.discard(key)
        sizes[key] = total
        return total

    expanded = size(root)
    if expanded - len(sizes) > ALIAS_BUDGET:
        raise _Refused(
            Problem(
                f"Các tham chiếu YAML (&tên, *tên) trong tệp lồng nhau, mở ra thành {_grouped(expanded)} "
                "mục: không thể là dữ liệu thật.",
                line=int(reused[0].start_mark.line) + 1 if reused else None,
                hint=f"Tham chiếu chỉ được lặp lại tối đa {_grouped(ALIAS_BUDGET)} mục; "
                "viết thẳng nội dung thay cho “*tên”.",
            )
        )


_JOINABLE = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_FOLD = re.compile(r"[ \t]*\r?\n\s*")


def _rejoin_flow_commas(node: yaml.Node, text: str, warnings: list[TextWarning]) -> None:
    """Repair the commonest slip in one-line entries: a comma inside an unquoted value.

    In ``{name: A, unit: thôn Minh Thành, xã Minh Tiến}`` YAML reads "xã Minh Tiến" as a
    new key without a value. A key written without a colon right after a text value can
    only be the rest of that text, so it is joined back (", ") and the user is told to add
    quotes. A key written with its colon and nothing after it (``gender: ,``) is a key left
    empty, and stays one.
    """
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _rejoin_flow_commas(item, text, warnings)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    if node.flow_style:
        repaired: list[tuple[yaml.Node, yaml.Node]] = []
        for key, value in node.value:
            previous = repaired[-1][1] if repaired else None
            if (
                isinstance(key, yaml.ScalarNode)
                and not key.style  # plain (None from PyYAML, "" from libyaml)
                and isinstance(value, yaml.ScalarNode)
                and value.tag == _TAG + "null"
                and value.value == ""
                and ":" not in text[key.end_mark.index : value.start_mark.index]
                and isinstance(previous, yaml.ScalarNode)
                and previous.tag in _JOINABLE
                and not previous.style
            ):
                # The text as typed ("1,080,000" stays that, not 1 and two keys), a line
                # break inside the braces read as a space, as YAML folds it.
                joined = _FOLD.sub(" ", text[previous.start_mark.index : key.end_mark.index])
                repaired[-1] = (
                    repaired[-1][0],
                    yaml.ScalarNode(_TAG + "str", joined, previous.start_mark, key.end_mark),
                )
                warnings.append(
                    TextWarning(
                        str(repaired[-1][0].value),
                        f"hiểu “{joined}” là một giá trị (dấu phẩy trong {{...}} ngắt giá trị); "
                        f'nên viết trong ngoặc kép: {repaired[-1][0].value}: "{joined}".',
                        line=key.start_mark.line + 1,
                    )
                )
                continue
            repaired.append((key, value))
        node.value = repaired
    for _, value in node.value:
        _rejoin_flow_commas(value, text, warnings)


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or exc.context or "không đọc được"
    source_lines = text.splitlines()
    source_line = source_lines[line - 1] if line is not None and line <= len(source_lines) else ""
    if "mapping values are not allowed" in problem and line is not None:
        key, _, value = source_line.partition(":")
        fixed = f'{key}: "{value.strip()}"' if value.strip() else source_line
        return Problem(
            "Dòng này có dấu hai chấm “:” ở giữa câu (ví dụ “... như sau:”), YAML hiểu nhầm là một khóa mới.",
            line=line,
            hint=f"Đặt cả câu trong dấu ngoặc kép:  {fixed.strip()}",
        )
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "'\\t'" in problem or "tab character" in problem:
        return Problem(
            "Dòng này thụt lề bằng phím Tab; YAML chỉ chấp nhận dấu cách.",
            line=line,
            hint="Thay mỗi Tab ở đầu dòng bằng dấu cách (thường là 2 dấu cách).",
        )
    if "found another document" in problem:
        return Problem(
            "Tệp có hơn một phần: dòng “---” này bắt đầu một văn bản YAML thứ hai; "
            "mỗi tệp dữ liệu chỉ chứa một văn bản.",
            line=line,
            hint="Xóa dòng “---” (và phần sau nó, nếu đó là một văn bản khác: lưu thành tệp riêng).",
        )
    if "could not determine a constructor" in problem or "undefined tag handle" in problem:
        return Problem(
            "Lỗi cú pháp: giá trị bắt đầu bằng “!” là một thẻ YAML, draftkit không dùng.",
            line=line,
            hint="Bỏ thẻ “!...”, hoặc đặt cả giá trị trong dấu ngoặc kép.",
        )
    if "<document start>" in problem and line is not None:
        # The mark is past the line at fault: a "%..." directive or a "..." end mid-file.
        line = next(
            (n for n in range(min(line, len(source_lines)), 0, -1) if source_lines[n - 1].startswith(("%", "..."))),
            line,
        )
    for english, vietnamese in _YAML_PROBLEMS:
        if english in problem:
            return Problem(f"Lỗi cú pháp: {vietnamese}.", line=line, hint=_YAML_HINT)
    return Problem(f"Lỗi cú pháp YAML ({problem}).", line=line, hint=_YAML_HINT)


_YAML_HINT = "Kiểm tra thụt lề (dùng dấu cách), dấu hai chấm sau mỗi khóa và dấu ngoặc kép."
# What PyYAML and libyaml say, in words a clerk can act on.
_YAML_PROBLEMS = (
    ("end of stream", "tệp kết thúc giữa chừng (thường do thiếu dấu ngoặc kép hoặc ngoặc đóng)"),
    ("maximum nesting depth", "tệp lồng nhau quá sâu"),
    ("could not find expected ':'", "thiếu dấu hai chấm “:” sau tên khóa"),
    ("did not find expected key", "thụt lề không thẳng hàng với các dòng cùng nhóm"),
    ("expected <block end>", "thụt lề không thẳng hàng với các dòng cùng nhóm"),
    ("did not find expected '-'", "thụt lề không thẳng hàng với các mục “- ” cùng danh sách"),
    ("did not find expected ',' or ']'", "thiếu dấu phẩy hoặc dấu “]” trong danh sách một dòng"),
    ("expected ',' or ']'", "thiếu dấu phẩy hoặc dấu “]” trong danh sách một dòng"),
    ("did not find expected ',' or '}'", "thiếu dấu phẩy hoặc dấu “}” trong nhóm một dòng"),
    ("expected ',' or '}'", "thiếu dấu phẩy hoặc dấu “}” trong nhóm một dòng"),
    ("cannot start any token", "có ký tự không được đứng đầu một giá trị (như @, `, %); đặt giá trị trong dấu ngoặc kép"),
    ("found undefined alias", "có dấu “*” ở đầu giá trị; đặt giá trị trong dấu ngoặc kép"),
    ("found duplicate anchor", "tên tham chiếu “&...” được đặt hai lần; đặt giá trị có dấu “&” trong ngoặc kép"),
    ("alphabetic or numeric character", "sau dấu “&” hoặc “*” phải là một tên; đặt giá trị trong dấu ngoặc kép"),
    ("found unknown escape character", "có dấu “\\” trong ngoặc kép; dùng ngoặc đơn ' ' thay cho ngoặc kép"),
    ("Unicode character escape code", "mã \\u... trong ngoặc kép không phải một ký tự; dùng ngoặc đơn ' ' thay cho ngoặc kép"),
    ("expected escape sequence", "mã \\x hoặc \\u trong ngoặc kép viết thiếu chữ số; dùng ngoặc đơn ' ' thay cho ngoặc kép"),
    ("found unexpected ':'", "dấu hai chấm “:” phải có dấu cách theo sau; nếu là chữ, đặt giá trị trong dấu ngoặc kép"),
    ("block sequence entries are not allowed", "dấu “- ” đặt sai chỗ: mỗi mục danh sách nằm trên một dòng riêng, thụt lề như nhau"),
    ("expected comment or line break", "sau giá trị trong ngoặc kép còn chữ thừa; đặt cả giá trị trong ngoặc kép"),
    ("expected a comment or a line break", "sau giá trị trong ngoặc kép còn chữ thừa; đặt cả giá trị trong ngoặc kép"),
    ("node content", "thiếu giá trị, hoặc giá trị bắt đầu bằng một ký tự đặc biệt; đặt giá trị trong dấu ngoặc kép"),
    (
        "<document start>",
        "dòng bắt đầu bằng “%” hoặc “...” có nghĩa riêng trong YAML; nếu là chữ, đặt cả giá trị trong dấu ngoặc kép",
    ),
    ("directive", "dòng bắt đầu bằng “%” là chỉ thị của YAML; nếu là chữ, đặt giá trị trong dấu ngoặc kép"),
    ("indentation indicator equal to 0", "số sau dấu | hoặc > không được là 0"),
    ("expected a mapping node", "giá trị có thẻ “!!map” phải là một nhóm mục dạng “khóa: giá trị”; bỏ thẻ “!!...”"),
    ("expected a sequence node", "giá trị có thẻ “!!seq” phải là một danh sách; bỏ thẻ “!!...”"),
    ("expected a scalar node", "giá trị có thẻ như “!!str” phải là một giá trị đơn; bỏ thẻ “!!...”"),
)


def _yaml_lines(text: str) -> dict[Path_, int]:
    """Line map for JSON, which YAML can read too; empty when it cannot."""
    try:
        node = yaml.compose(_shield_controls(text)[0], Loader=_FAST_LOADER)
        if node is not None and "&" in text and "*" in text:
            _check_expansion(node)
    except (yaml.YAMLError, _Refused):
        return {}
    lines: dict[Path_, int] = {}
    if node is not None:
        _collect_lines(node, (), lines)
    return lines


def _collect_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            child = (*path, key)
            # A key's own line is where a reader looks, even when its value starts below;
            # the recursive call only fills paths not yet set.
            lines[child] = key_node.start_mark.line + 1
            _collect_lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + 1
            _collect_lines(item, child, lines)


class _UnhashableKey(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key = key
        self.line = line


# libyaml's parser when PyYAML has it: a 10,000-awardee file parses about 4× faster.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_MERGE = _TAG + "merge"


def _refused_at(node: yaml.Node, message: str, hint: str | None = None) -> _Refused:
    return _Refused(Problem(message, line=int(node.start_mark.line) + 1, hint=hint))


class _UniqueKeyLoader(_FAST_LOADER):  # type: ignore[valid-type,misc]
    """SafeLoader that reads scalars as a clerk means them and refuses what it cannot.

    A key given twice is refused instead of silently keeping the last; merge keys (``<<``)
    are refused (they would hide a key given twice); numbers follow :func:`_construct_int`.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # "!!map a": PyYAML would fail unpacking it
            raise _refused_at(
                node,
                "Lỗi cú pháp: giá trị có thẻ “!!map” phải là một nhóm mục dạng “khóa: giá trị”.",
                "Bỏ thẻ “!!map”.",
            )
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                raise _refused_at(
                    key_node,
                    "“<<” (gộp một nhóm có sẵn của YAML) không dùng được trong tệp dữ liệu.",
                    "Viết đầy đủ các mục của nhóm thay cho “<<: *tên”.",
                )
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise _UnhashableKey(key_node.start_mark.line + 1)
            if key in seen:
                raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


# Scalars as a clerk means them (YAML 1.1, which PyYAML follows, reads 0125 as octal 85,
# 4:45 as 285 in base 60, yes/no/on/off as booleans, 2023-02-30 as a crash):
# - integers are decimal digits only, leading zeros included (0125 is 125);
# - numbers with a point are decimal (1520.4, .5, 1.5e3); no base 60, no ".inf";
# - true/false are the only booleans; yes, no, on, off are text;
# - 0x1F, 0o17, 0b101, 1_000, 4:45 and dates stay text, for the validator to judge.
_INT_TEXT = re.compile(r"[-+]?[0-9]+")
_FLOAT_TEXT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_BOOL_TEXT = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_KEPT_RESOLVERS = {_TAG + "null", _MERGE}

_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEPT_RESOLVERS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_UniqueKeyLoader.add_implicit_resolver(_TAG + "bool", re.compile(f"^(?:{'|'.join(_BOOL_TEXT)})$"), list("tTfF"))
_UniqueKeyLoader.add_implicit_resolver(_TAG + "int", re.compile(f"^{_INT_TEXT.pattern}$"), list("-+0123456789"))
_UniqueKeyLoader.add_implicit_resolver(_TAG + "float", re.compile(f"^{_FLOAT_TEXT.pattern}$"), list("-+.0123456789"))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if not _INT_TEXT.fullmatch(text):
        raise _refused_at(
            node,
            f"“{text}” không phải một số nguyên viết bằng chữ số thập phân.",
            "Viết số bằng các chữ số 0-9 liền nhau (ví dụ 540000); nếu là chữ, bỏ “!!int”.",
        )
    if len(text.lstrip("+-")) > MAX_INT_DIGITS:
        raise _Refused(Problem(_long_number(text).message, line=int(node.start_mark.line) + 1))
    return int(text, 10)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node))
    if not _FLOAT_TEXT.fullmatch(text) and not _INT_TEXT.fullmatch(text):
        raise _refused_at(
            node,
            f"“{text}” không phải một số viết theo kiểu 1520.4.",
            "Viết số bằng chữ số, dấu chấm trước phần thập phân; nếu là chữ, bỏ “!!float”.",
        )
    try:
        return float_from_text(text)
    except _FloatOutOfRange as exc:
        raise _Refused(_float_problem(exc.text, int(node.start_mark.line) + 1)) from None


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    text = str(loader.construct_scalar(node))
    if text not in _BOOL_TEXT:
        raise _refused_at(node, f"“{text}” không phải true hay false.", "Viết true hoặc false.")
    return _BOOL_TEXT[text]


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    # A date stays text for the validator to judge: PyYAML's own date constructor crashes
    # on an impossible date such as 2023-02-30 instead of reporting it.
    return str(loader.construct_scalar(node))


def _construct_refused(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise _refused_at(
        node,
        f"Thẻ YAML “!!{str(node.tag).removeprefix(_TAG)}” không dùng được trong tệp dữ liệu.",
        "Bỏ thẻ “!!...”; viết chữ, số, danh sách “- ” hoặc nhóm “khóa: giá trị”.",
    )


_UniqueKeyLoader.add_constructor(_TAG + "int", _construct_int)
_UniqueKeyLoader.add_constructor(_TAG + "float", _construct_float)
_UniqueKeyLoader.add_constructor(_TAG + "bool", _construct_bool)
_UniqueKeyLoader.add_constructor(_TAG + "timestamp", _construct_timestamp)
for _tag in ("binary", "set", "omap", "pairs", "merge", "value", "yaml"):
    _UniqueKeyLoader.add_constructor(_TAG + _tag, _construct_refused)


# --------------------------------------------------------------- YAML, read as it streams
#
# A province's round typed into the data file is 30,000 awardees: PyYAML's node graph of it
# (a node and two marks per value) took ~175 MiB, kept whole for the line numbers. The
# streaming reader builds each block collection's values as soon as they are read and
# keeps only their lines, so the graph is never whole: a flow collection ({...}, [...]) is
# a few values, read as a graph and given to the same functions as before.
#
# It serves clean files only. Anything it meets that the whole reading handles with care
# (an error of any kind, an alias) makes it give up, and the file is read again whole: a
# broken file gets exactly the message it always got.


class _GiveUp(Exception):
    pass


_BUILT = "!draftkit-built"  # a value already built, standing in for its node


def _construct_built(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    return node.value


class _StreamingLoader(_UniqueKeyLoader, yaml.composer.Composer):
    """The parser's events, composed here one block collection at a time.

    ``yaml.composer.Composer`` (last: the pure-Python SafeLoader has it already) composes
    flow collections and scalars over the C parser's events, as the C composer would
    (tests/test_stream_memory.py compares the two, with and without libyaml).
    """

    def __init__(self, text: str) -> None:
        _UniqueKeyLoader.__init__(self, text)  # type: ignore[call-arg]  # the C parser's, typed as object's
        self.anchors: dict[Any, yaml.Node] = {}

    def read(self, text: str) -> tuple[Any, dict[Path_, int], list[TextWarning], list[TextWarning]]:
        self.source = text
        self.lines: dict[Path_, int] = {}
        self.rejoined: list[TextWarning] = []
        self.dotted: list[TextWarning] = []
        self.get_event()  # stream start
        data = None
        if not self.check_event(yaml.StreamEndEvent):
            self.get_event()  # document start
            data = self._value(())
            self.get_event()  # document end
        if not self.check_event(yaml.StreamEndEvent):
            raise _GiveUp  # a second document: the whole reading says so
        self.get_event()
        return data, self.lines, self.rejoined, self.dotted

    def _value(self, path: Path_) -> Any:
        """The value starting at the next event, its lines and warnings recorded under
        ``path``, in the order the whole reading records them (document order)."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _GiveUp
        self.lines.setdefault(path, event.start_mark.line + 1)
        block = isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)) and not event.flow_style
        if not block:
            node = self._compose()
            _rejoin_flow_commas(node, self.source, self.rejoined)
            _collect_lines(node, path, self.lines)
            _warn_dotted_thousands(node, path, self.dotted)
            return self._construct(node)
        if isinstance(event, yaml.SequenceStartEvent):
            return self._sequence(path)
        return self._mapping(path)

    def _sequence(self, path: Path_) -> Any:
        start = self.get_event()
        items: list[Any] = []
        while not self.check_event(yaml.SequenceEndEvent):
            child = (*path, len(items))
            self.lines[child] = self.peek_event().start_mark.line + 1
            items.append(self._value(child))
        end = self.get_event()
        tag = start.tag
        if tag is None or tag == "!":
            tag = self.resolve(yaml.SequenceNode, None, start.implicit)
            if tag == _TAG + "seq":
                return items  # what the constructor makes of it
        # An explicit tag (!!set, !!map...): the constructor judges, as it always does.
        node = yaml.SequenceNode(tag, [self._built(item) for item in items], start.start_mark, end.end_mark)
        return self._construct(node)

    def _mapping(self, path: Path_) -> Any:
        start = self.get_event()
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        while not self.check_event(yaml.MappingEndEvent):
            key = self._compose()
            if not isinstance(key, yaml.ScalarNode):
                raise _GiveUp  # a list or group as a key: refused, by the whole reading
            child = (*path, key.value)
            self.lines[child] = key.start_mark.line + 1
            pairs.append((key, self._built(self._value(child))))
        end = self.get_event()
        tag = start.tag
        if tag is None or tag == "!":
            tag = self.resolve(yaml.MappingNode, None, start.implicit)
        return self._construct(yaml.MappingNode(tag, pairs, start.start_mark, end.end_mark, flow_style=False))

    def _compose(self) -> yaml.Node:
        """The next node, composed whole by PyYAML's composer."""
        node = self.compose_node(None, None)  # type: ignore[arg-type]  # None: no parent
        if node is None:  # pragma: no cover - the composer returns a node or raises
            raise _GiveUp
        return node

    @staticmethod
    def _built(value: Any) -> yaml.Node:
        return yaml.ScalarNode(_BUILT, value)

    def _construct(self, node: yaml.Node) -> Any:
        return self.construct_document(node)


_StreamingLoader.add_constructor(_BUILT, _construct_built)


def _stream_yaml(shielded: str) -> tuple[Any, dict[Path_, int], list[TextWarning], list[TextWarning]] | None:
    """The file's data, lines and warnings, read as it streams; None when the whole
    reading must say what it makes of it (see above)."""
    loader = None
    try:
        loader = _StreamingLoader(shielded)
        return loader.read(shielded)
    except (_GiveUp, yaml.YAMLError, _Refused, _DuplicateKey, _UnhashableKey, RecursionError):
        return None
    finally:
        if loader is not None:
            loader.dispose()


def dump_yaml(data: dict[str, Any], width: int = 100) -> str:
    """Serialise answers as the YAML a clerk can read and edit (Vietnamese kept as is)."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=width,
        default_flow_style=False,
    )


class _Dumper(yaml.SafeDumper):
    pass


_YAML_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line paragraphs read best as literal blocks; everything else as YAML decides,
    # quoted as well when the loader above would read it as a number or a boolean (YAML
    # 1.1, which the dumper follows, writes 089 and 1.0e5 bare: they are text to it).
    style = "|" if "\n" in value else None
    if style == "|" and value.endswith("\n"):
        # Kept trailing line breaks need "|+", after which PyYAML ends the document ("...");
        # inside a longer file (the commented starter) that marker breaks the YAML.
        style = '"'
    if style is None and (_INT_TEXT.fullmatch(value) or _FLOAT_TEXT.fullmatch(value) or value in _BOOL_TEXT):
        style = "'"
    if any(char in value for char in _YAML_LINE_BREAKS):
        style = '"'  # escaped there (\N, \L, \P); bare, YAML would read them as line breaks
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def _float_presenter(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    # 12.345 would read like "12.345" = 12345 to a clerk (and be warned of on loading):
    # the same YAML number is written 12.3450.
    text = repr(value)
    if _DOTTED_THOUSANDS.fullmatch(text):
        return dumper.represent_scalar("tag:yaml.org,2002:float", text + "0")
    return dumper.represent_float(value)


_Dumper.add_representer(float, _float_presenter)
