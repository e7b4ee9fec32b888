"""Read a data file (YAML, JSON or TOML) into plain Python data, remembering lines.

The loader knows nothing of documents: it returns the data with every string in NFC and
a map from key paths to the 1-based line where each value starts, so that validation
can say "dòng 12, mục results[0].heading". Syntax errors become :class:`InputError`
with the line and, for the mistakes clerks make most, a hint.
"""

from __future__ import annotations

import json
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
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, [Problem("Không tìm thấy tệp.")]) from None
    except IsADirectoryError:
        raise InputError(path, [Problem("Đây là một thư mục, không phải tệp dữ liệu.")]) from None
    except OSError as exc:
        raise InputError(path, [Problem(f"Không đọc được tệp: {os_reason(exc)}.")]) from None
    text = decode_text(raw, path)
    if not text.strip():
        raise InputError(path, [Problem("Tệp trống, chưa có dữ liệu nào.")])
    warnings: list[TextWarning] = []
    try:
        if suffix == ".toml":
            data, lines = _parse_toml(text, path), {}
        elif suffix == ".json":
            data, lines = _parse_json(text, path), _yaml_lines(text)
        else:
            data, lines = _parse_yaml(text, path, warnings)
        data = normalize(data)
    except RecursionError:
        # An alias that contains itself (&x [*x]), or nesting thousands of levels deep:
        # neither can be a document.
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


def _parse_toml(text: str, path: Path) -> Any:
    from . import _toml

    try:
        return _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(path, [Problem(f"Lỗi cú pháp TOML: {exc}.", line=line)]) from None


def _parse_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            path, [Problem(f"Lỗi cú pháp JSON: {exc.msg}.", line=exc.lineno)]
        ) from None


def _parse_yaml(
    text: str, path: Path, warnings: list[TextWarning]
) -> tuple[Any, dict[Path_, int]]:
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _rejoin_flow_commas(node, warnings)
        data = loader.construct_document(node) if node is not None else None
    except _DuplicateKey as exc:
        raise InputError(
            path,
            [
                Problem(
                    f"Khóa “{exc.key}” xuất hiện hai lần trong cùng một nhóm.",
                    line=exc.line,
                    hint="Xóa hoặc đổi tên một trong hai dòng; nếu giữ cả hai, dòng sau sẽ ghi đè dòng trước.",
                )
            ],
        ) from None
    except _UnhashableKey as exc:
        raise InputError(
            path, [Problem("Tên khóa phải là chữ, không phải một danh sách hay một nhóm.", line=exc.line)]
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError(path, [_yaml_problem(exc, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML parse error carries a mark
        raise InputError(path, [Problem(f"Lỗi cú pháp YAML: {exc}.")]) from None
    finally:
        loader.dispose()
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


def _rejoin_flow_commas(node: yaml.Node, warnings: list[TextWarning]) -> None:
    """Repair the commonest slip in one-line entries: a comma inside an unquoted value.

    In ``{name: A, unit: thôn Minh Thành, xã Minh Tiến}`` YAML reads "xã Minh Tiến" as a
    new key without a value. A key with no value right after a text value can only be the
    rest of that text, so it is joined back (", ") and the user is told to add quotes.
    """
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _rejoin_flow_commas(item, warnings)
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
                and value.tag == "tag:yaml.org,2002:null"
                and value.value == ""
                and isinstance(previous, yaml.ScalarNode)
                and previous.tag == "tag:yaml.org,2002:str"
                and not previous.style
            ):
                joined = f"{previous.value}, {key.value}"
                repaired[-1] = (
                    repaired[-1][0],
                    yaml.ScalarNode(previous.tag, joined, previous.start_mark, key.end_mark),
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
        _rejoin_flow_commas(value, warnings)


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or "không đọc được"
    if "mapping values are not allowed" in problem and line is not None:
        source_line = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        key, _, value = source_line.partition(":")
        fixed = f'{key}: "{value.strip()}"' if value.strip() else source_line
        return Problem(
            "Dòng này có dấu hai chấm “:” ở giữa câu (ví dụ “... như sau:”), YAML hiểu nhầm là một khóa mới.",
            line=line,
            hint=f"Đặt cả câu trong dấu ngoặc kép:  {fixed.strip()}",
        )
    source_line = text.splitlines()[line - 1] if line is not None and line <= len(text.splitlines()) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "'\\t'" in problem:
        return Problem(
            "Dòng này thụt lề bằng phím Tab; YAML chỉ chấp nhận dấu cách.",
            line=line,
            hint="Thay mỗi Tab ở đầu dòng bằng dấu cách (thường là 2 dấu cách).",
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
    ("did not find expected '-'", "thụt lề không thẳng hàng với các mục “- ” cùng danh sách"),
    ("did not find expected ',' or ']'", "thiếu dấu phẩy hoặc dấu “]” trong danh sách một dòng"),
    ("did not find expected ',' or '}'", "thiếu dấu phẩy hoặc dấu “}” trong nhóm một dòng"),
    ("cannot start any token", "có ký tự không được đứng đầu một giá trị (như @, `, %); đặt giá trị trong dấu ngoặc kép"),
    ("found undefined alias", "có dấu “*” ở đầu giá trị; đặt giá trị trong dấu ngoặc kép"),
    ("found unknown escape character", "có dấu “\\” trong ngoặc kép; dùng ngoặc đơn ' ' thay cho ngoặc kép"),
)


def _yaml_lines(text: str) -> dict[Path_, int]:
    """Line map for JSON, which YAML can read too; empty when it cannot."""
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
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


class _UniqueKeyLoader(_FAST_LOADER):  # type: ignore[valid-type,misc]
    """SafeLoader that refuses a key given twice instead of silently keeping the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise _UnhashableKey(key_node.start_mark.line + 1)
            if key in seen:
                raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


# Dates stay text for the validator to judge: PyYAML's own date constructor crashes on an
# impossible date such as 2023-02-30 instead of reporting it.
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def dump_yaml(data: dict[str, Any]) -> str:
    """Serialise answers as the YAML a clerk can read and edit (Vietnamese kept as is)."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line paragraphs read best as literal blocks; everything else as YAML decides.
    style = "|" if "\n" in value else None
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
