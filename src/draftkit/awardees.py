"""Read a list of awardees from a spreadsheet (.xlsx) or a CSV file.

Clerks keep their lists in Excel, laid out for printing rather than for machines: a title
row above the table, headers merged over two rows, numbered blank rows, a unit merged down
over the people it applies to. This module finds the table inside such a sheet and turns
each row into the contract keys of ``shared/contract/data-format.md`` (``name``, ``kind``,
``gender``, ``position``, ``unit``, ``reason``, plus ``gold_book`` and ``note``), with
every problem located by the row number Excel shows and the column header as written.

openpyxl is imported only when an .xlsx is read: it costs ~130 ms of start-up that
commands which never see a spreadsheet must not pay.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .collation import normalize_text
from .datafile import decode_text
from .errors import InputError, Problem, os_reason

__all__ = ["SUFFIXES", "AwardeeRow", "read_awardees"]

SUFFIXES = (".xlsx", ".csv")

HEADER_SEARCH_ROWS = 10
"""How many non-blank rows at the top of the sheet may hold titles before the header."""


@dataclass(frozen=True)
class AwardeeRow:
    """One awardee: the row Excel shows it on, and its contract keys (only those given)."""

    row: int
    values: dict[str, str]


# --------------------------------------------------------------------------- headers

_NAME_PART = "name_part"
_STT = "stt"
_NAME_HEADERS = ("Họ và tên", "Họ tên", "Tên", "Tên tập thể", "Tên tập thể/cá nhân", "name")
_HEADERS: dict[str, tuple[str, ...]] = {
    "name": _NAME_HEADERS,
    "kind": ("Loại", "Đối tượng", "kind"),
    "gender": ("Giới tính", "gender"),
    # "Chức vụ, đơn vị" is the combined column of many lists (and of the list we print).
    "position": ("Chức vụ", "Chức vụ, đơn vị", "Chức vụ, đơn vị công tác", "position"),
    "unit": ("Đơn vị", "Đơn vị công tác", "unit"),
    "reason": ("Thành tích", "reason"),
    "gold_book": ("Số sổ vàng", "Sổ vàng"),
    "note": ("Ghi chú",),
    # Lists that split a person's name into two columns (for sorting by given name) head
    # the first one with these; it is joined in front of the "Tên" column.
    _NAME_PART: ("Họ", "Họ đệm", "Họ và đệm", "Họ và tên đệm", "Họ và chữ đệm", "Họ lót"),
    # Only used to recognise the numbered blank rows clerks leave at the end of a list.
    _STT: ("STT", "TT", "Số TT", "Số thứ tự", "Thứ tự"),
}
_KEYS = ("name", "kind", "gender", "position", "unit", "reason", "gold_book", "note")

# Vietnamese words for each key, for messages about the columns.
_KEY_LABELS = {
    "name": "tên",
    "kind": "loại (tập thể/cá nhân)",
    "gender": "giới tính",
    "position": "chức vụ",
    "unit": "đơn vị",
    "reason": "thành tích",
    "gold_book": "số sổ vàng",
    "note": "ghi chú",
}

_KINDS = {
    "tap the": "collective",
    "collective": "collective",
    "ca nhan": "individual",
    "individual": "individual",
}
_GENDERS = {
    "nam": "male",
    "male": "male",
    "ong": "male",
    "nu": "female",
    "female": "female",
    "ba": "female",
}

_SLASH = re.compile(r"\s*/\s*")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def _fold(text: str) -> str:
    """The form headers and coded values are compared in: no case, no marks, đ as d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # "Tên tập thể / cá nhân" and "Tên tập thể/cá nhân" are the same header.
    return _SLASH.sub("/", " ".join(bare.casefold().split())).rstrip(":").rstrip()


_ROLES = {_fold(header): key for key, headers in _HEADERS.items() for header in headers}


def _role(label: str) -> str | None:
    return _ROLES.get(_fold(label)) if label else None


def _display(label: str) -> str:
    """A header as written, on one line: how messages name the column."""
    return " ".join(label.split())


def _quoted(items: Iterable[str]) -> str:
    return ", ".join(f"“{item}”" for item in items)


# --------------------------------------------------------------------------- cells


def _clean(text: str) -> str:
    """NFC, Windows line breaks as \\n, surrounding white space and zero-width marks off."""
    text = normalize_text(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip()
    if text and (text[0] in _ZERO_WIDTH or text[-1] in _ZERO_WIDTH):
        text = text.strip(_ZERO_WIDTH + " \t\n\u00a0").strip()
    return text


def _cell_text(value: Any) -> str:
    """An Excel value as the text the clerk sees in the cell ("" when empty)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, bool):  # before int: bool is an int
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # A unit named 12 is stored as the number 12.0; "12.0" is not what was typed.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return _clean(str(value))


# A table is its non-blank rows: (row number as Excel shows it, cell texts from column A).
_Row = tuple[int, list[str]]
# A merged range: (min_col, min_row, max_col, max_row), 1-based as in Excel.
_Range = tuple[int, int, int, int]


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


# --------------------------------------------------------------------------- public API


def read_awardees(path: Path) -> list[AwardeeRow]:
    """Read the awardees of ``path`` (.xlsx: the first visible sheet; .csv), in file order.

    Raise :class:`InputError` listing every problem found (missing name column, empty
    names, unknown kind or gender values, unreadable files) with row and column.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(path, [_suffix_problem(path)])
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise InputError(path, [Problem("Không tìm thấy tệp danh sách.")]) from None
    except IsADirectoryError:
        raise InputError(path, [Problem("Đây là một thư mục, không phải tệp danh sách.")]) from None
    except OSError as exc:
        raise InputError(path, [Problem(f"Không đọc được tệp: {os_reason(exc)}.")]) from None
    if not head:
        raise InputError(path, [Problem("Tệp trống, chưa có dữ liệu nào.")])
    if suffix == ".xlsx":
        rows, merges = _read_xlsx(path, head)
    else:
        rows, merges = _read_csv(path), None
    return _parse_table(path, rows, merges)


_SAVE_AS_XLSX = (
    "Mở tệp bằng Excel, chọn Lưu thành (Save As), loại tệp “Excel Workbook (*.xlsx)” "
    "hoặc “CSV UTF-8 (Comma delimited) (*.csv)”, rồi chạy lại với tệp mới."
)


def _suffix_problem(path: Path) -> Problem:
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsm", ".xlsb", ".ods"):
        return Problem(
            f"Không đọc được tệp bảng tính dạng “{suffix}”; chỉ đọc được tệp .xlsx hoặc .csv.",
            hint=_SAVE_AS_XLSX,
        )
    return Problem(
        f"Không đọc được danh sách từ tệp có đuôi “{path.suffix or '(không có)'}”; "
        "chỉ đọc được tệp Excel .xlsx hoặc tệp .csv.",
        hint="Lưu danh sách thành tệp Excel (.xlsx) hoặc CSV UTF-8 (.csv).",
    )


# --------------------------------------------------------------------------- .xlsx

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected workbook


def _not_xlsx(path: Path, head: bytes) -> InputError:
    if head.startswith(_OLE_MAGIC):
        message = (
            "Tệp không phải là tệp .xlsx thật: đây là tệp Excel 97–2003 (.xls) đã đổi đuôi, "
            "hoặc tệp Excel có đặt mật khẩu."
        )
    else:
        message = (
            "Tệp không phải là tệp Excel .xlsx thật (có thể là tệp .xls cũ, tệp văn bản hoặc "
            "tệp khác đã đổi đuôi thành .xlsx)."
        )
    return InputError(path, [Problem(message, hint="Bỏ mật khẩu nếu có. " + _SAVE_AS_XLSX)])


def _broken_xlsx(path: Path) -> InputError:
    return InputError(
        path,
        [
            Problem(
                "Tệp .xlsx bị hỏng hoặc không đúng định dạng Excel, không đọc được.",
                hint=_SAVE_AS_XLSX,
            )
        ],
    )


def _read_xlsx(path: Path, head: bytes) -> tuple[list[_Row], list[_Range] | None]:
    if not head.startswith(_ZIP_MAGIC):
        raise _not_xlsx(path, head)
    import openpyxl

    try:
        # read_only streams the sheet instead of building every cell object (a 10,000-row
        # list reads in a fraction of a second); data_only gives formulas' cached results.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception:
        # openpyxl reports a bad archive through many types (BadZipFile, KeyError,
        # InvalidFileException, XML parse errors...); to the clerk they are one problem.
        raise _broken_xlsx(path) from None
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise InputError(path, [Problem("Tệp không có trang tính (sheet) nào.")])
        # "The first sheet" is the first one the clerk can see: a hidden template or
        # settings sheet in front must not be read instead of the visible list.
        sheet = next((ws for ws in sheets if ws.sheet_state == "visible"), sheets[0])
        # Some exporters write a wrong <dimension>, which would make openpyxl stop early.
        sheet.reset_dimensions()
        rows: list[_Row] = []
        for number, values in enumerate(
            sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1
        ):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                rows.append((number, cells))
        if not rows:
            raise InputError(
                path, [Problem(f"Trang tính “{sheet.title}” không có dòng dữ liệu nào.")]
            )
        merges = _merged_ranges(path, getattr(sheet, "_worksheet_path", None))
    except InputError:
        raise
    except Exception:
        # read_only parses lazily: a corrupt sheet only fails while its rows are read.
        raise _broken_xlsx(path) from None
    finally:
        workbook.close()
    return rows, merges


_MERGE_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\""
)


def _merged_ranges(path: Path, member: object) -> list[_Range] | None:
    """The sheet's merged cells, or None when they cannot be known.

    openpyxl's read-only mode does not read merged cells, and loading the sheet fully is
    several times slower; the <mergeCells> list is short, so it is picked out of the
    sheet's XML directly.
    """
    if not isinstance(member, str):
        return None
    from openpyxl.utils.cell import range_boundaries

    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(member.lstrip("/"))
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    start = xml.find(b"mergeCell")
    if start < 0:
        return []
    ranges: list[_Range] = []
    for match in _MERGE_REF.finditer(xml, max(start - 64, 0)):
        try:
            min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode("ascii"))
        except ValueError:
            continue
        if None not in (min_col, min_row, max_col, max_row):
            ranges.append((min_col, min_row, max_col, max_row))
    return ranges


# --------------------------------------------------------------------------- .csv

_DELIMITERS = (",", ";", "\t")
_SEP_LINE = re.compile(r"sep=(.)\r?\n?$")


def _read_csv(path: Path) -> list[_Row]:
    raw = path.read_bytes()
    if raw.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise InputError(
            path,
            [
                Problem(
                    "Tệp có đuôi .csv nhưng thực ra là tệp Excel.",
                    hint="Đổi đuôi tệp thành .xlsx, hoặc mở bằng Excel và Lưu thành (Save As) "
                    "“CSV UTF-8 (Comma delimited) (*.csv)”.",
                )
            ],
        )
    try:
        text = decode_text(raw, path)
    except InputError as exc:
        # decode_text speaks of data files; a CSV comes from Excel, so say how Excel saves it.
        hint = (
            "Trong Excel chọn Lưu thành (Save As), loại tệp “CSV UTF-8 (Comma delimited) (*.csv)”, "
            "rồi chạy lại với tệp mới."
        )
        raise InputError(
            path, [Problem(p.message, line=p.line, hint=hint) for p in exc.problems]
        ) from None
    if not text.strip():
        raise InputError(path, [Problem("Tệp trống, chưa có dữ liệu nào.")])
    sep = _SEP_LINE.match(text.split("\n", 1)[0])
    if sep is not None:
        # Excel's own "sep=;" line: it names the delimiter and Excel does not show it as a row.
        delimiter = sep.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = _pick_delimiter(text)
    rows: list[_Row] = []
    number = 0
    try:
        # Rows are counted as records, not lines: a quoted cell with line breaks is one
        # row in Excel, and a blank line is an empty row.
        for number, record in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1
        ):
            cells = [_clean(cell) for cell in record]
            if any(cells):
                rows.append((number, cells))
    except csv.Error as exc:
        raise InputError(
            path, [Problem(f"Không đọc được dòng này của tệp CSV: {exc}.", line=number + 1)]
        ) from None
    if not rows:
        raise InputError(path, [Problem("Tệp không có dòng dữ liệu nào.")])
    return rows


def _pick_delimiter(text: str) -> str:
    """The delimiter of a CSV: the one that makes the header row's cells known headers.

    Recognised headers decide first: csv.Sniffer alone is fooled by a header such as
    "Họ và tên;Chức vụ, đơn vị" (one ";" and one ","). When headers do not decide (no
    name header, or a one-column list), Sniffer looks at the top lines, then counting
    the candidates on the first non-blank line does.
    """
    scores: dict[str, int] = {}
    for delimiter in _DELIMITERS:
        scores[delimiter] = _header_score(text, delimiter)
    best = max(scores.values())
    winners = [d for d, score in scores.items() if score == best]
    if best > 0 and len(winners) == 1:
        return winners[0]
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_SEARCH_ROWS]
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        found = ""
    if found in _DELIMITERS:
        return found
    counts = {d: lines[0].count(d) for d in _DELIMITERS} if lines else {}
    top = max(counts, key=lambda d: counts[d], default=",")
    return top if counts.get(top) else ","


def _header_score(text: str, delimiter: str) -> int:
    """Recognised headers in the first row that has a name header, split by ``delimiter``."""
    seen = 0
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if not any(cell.strip() for cell in record):
                continue
            roles = [_role(_clean(cell)) for cell in record]
            if "name" in roles:
                return sum(role is not None for role in roles)
            seen += 1
            if seen >= HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        return 0
    return 0


# --------------------------------------------------------------------------- the table

_NUMBER = re.compile(r"\d+\.?")
# "I. TẬP THỂ", "B) Cá nhân": a heading that groups the rows below it; or its number
# alone in the STT column ("I", "II.", "A") with the words in another cell.
_SECTION = re.compile(r"(?:[IVX]+|[A-Z])\s*[.)]\s*\S.*", re.DOTALL)
_SECTION_NUMBER = re.compile(r"(?:[IVX]+|[A-Z])[.)]?")
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?|\([A-Za-z]\)")


@dataclass
class _Layout:
    """Where each key is, once the header block is understood."""

    labels: list[str]  # header of each column as written (one line), "" when none
    name_header: str  # the name column's header, for messages about empty names
    name_columns: list[int]  # 0-based; more than one when a name is split over columns
    columns: dict[str, int]  # other keys -> 0-based column
    stt_columns: set[int]
    fills: dict[int, dict[int, str]]  # row -> {column: value of a cell merged down into it}


def _parse_table(path: Path, rows: list[_Row], merges: list[_Range] | None) -> list[AwardeeRow]:
    header_index = _find_header(rows)
    if header_index is None:
        raise InputError(path, [_no_name_column(rows)])
    layout, body_start, problems = _layout(rows, header_index, merges)
    if problems:
        # The column problems decide how every row would be read: report them alone
        # rather than a flood of row errors that follow from them.
        raise InputError(path, problems)

    result: list[AwardeeRow] = []
    section_kind: str | None = None
    for number, cells in rows[body_start:]:
        if _numbered_blank(cells, layout.stt_columns):
            continue
        heading = _section(cells, layout.name_columns, layout.stt_columns)
        if heading is not None:
            # Lists without a kind column group collectives and individuals under
            # headings; the heading says the kind of the rows it heads.
            section_kind = _section_kind(heading)
            continue
        merged_in = layout.fills.get(number)
        if merged_in:
            cells = list(cells)
            for column, value in merged_in.items():
                if not _cell(cells, column):
                    cells.extend([""] * (column + 1 - len(cells)))
                    cells[column] = value
        values, row_problems = _read_row(number, cells, layout, section_kind)
        problems.extend(row_problems)
        if not row_problems:
            result.append(AwardeeRow(number, values))
    if problems:
        raise InputError(path, problems)
    return result


def _find_header(rows: list[_Row]) -> int | None:
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_role(cell) == "name" for cell in cells):
            return index
    return None


def _no_name_column(rows: list[_Row]) -> Problem:
    number, cells = rows[0]
    seen = [_display(cell) for cell in cells if cell][:8]
    return Problem(
        f"Không tìm thấy cột tên người hoặc tập thể được khen thưởng trong "
        f"{HEADER_SEARCH_ROWS} dòng đầu có dữ liệu (dòng {number} có: {_quoted(seen)}).",
        hint=f"Đặt tiêu đề cột tên là một trong: {_quoted(_NAME_HEADERS)}.",
    )


def _layout(
    rows: list[_Row], header_index: int, merges: list[_Range] | None
) -> tuple[_Layout, int, list[Problem]]:
    """Read the header block (header row, the rows merged into it) into a :class:`_Layout`.

    Returns the layout, the index in ``rows`` of the first data row, and column problems.
    """
    header_number, header = rows[header_index]
    above = rows[header_index - 1][1] if header_index > 0 else None
    index = header_index + 1

    # Rows below the header that belong to it: those a header cell is merged down into
    # (known for .xlsx), then at most one more that reads as a second header line.
    block_bottom = header_number
    if merges:
        for _first_col, min_row, _last_col, max_row in merges:
            if min_row == header_number and max_row > block_bottom:
                block_bottom = min(max_row, header_number + 3)
    below: list[list[str]] = []
    while index < len(rows) and rows[index][0] <= block_bottom:
        below.append(rows[index][1])
        index += 1

    labels = _labels(header, above, below)
    if index < len(rows) and _second_header_line(rows[index][1], labels):
        below.append(rows[index][1])
        index += 1
        labels = _labels(header, above, below)
    header_rows = {header_number, *(number for number, _ in rows[header_index:index])}
    if header_index > 0:
        header_rows.add(rows[header_index - 1][0])

    roles = [_role(label) for label in labels]
    problems: list[Problem] = []
    by_key: dict[str, list[int]] = {}
    for column, role in enumerate(roles):
        if role is not None:
            by_key.setdefault(role, []).append(column)
    for key, columns in by_key.items():
        if key in (_NAME_PART, _STT) or len(columns) < 2:
            continue
        headers = [labels[c] for c in columns]
        problems.append(
            Problem(
                f"Có {len(columns)} cột cùng là cột {_KEY_LABELS[key]}: {_quoted(headers)}; "
                "không biết lấy cột nào.",
                column=headers[1],
                hint="Giữ một cột, đổi tiêu đề hoặc xóa các cột còn lại.",
            )
        )
    name_column = by_key["name"][0] if "name" in by_key else None
    if name_column is None:
        # A header merged over "Họ đệm" / "Tên" sub-headers lost its "Tên" part.
        problems.append(_no_name_column(rows[header_index : header_index + 1]))
        name_column = 0
    # Family and middle names first, whatever side their column is on; then the given
    # name (or the whole name), then what a merged name header spreads over.
    name_columns = [
        *by_key.get(_NAME_PART, []),
        name_column,
        *sorted(_name_spill(name_column, labels, header_rows, merges)),
    ]

    fills: dict[int, dict[int, str]] = {}
    data_keys = {c: role for c, role in enumerate(roles) if role in _KEYS and role != "name"}
    if merges:
        cells_of = dict(rows)
        for min_col, min_row, _max_col, max_row in merges:
            column = min_col - 1
            # A unit or reason merged down over several people applies to each of them;
            # a name merged down is one awardee written tall, never copied.
            if min_row <= block_bottom or max_row == min_row or column not in data_keys:
                continue
            value = _cell(cells_of.get(min_row, []), column)
            if value:
                for row in range(min_row + 1, max_row + 1):
                    fills.setdefault(row, {})[column] = value

    # A row of column numbers under the header ("1 2 3 ..." or "(1) (2) ...") is a
    # printed form's habit, not an awardee.
    if index < len(rows) and _column_numbers(rows[index][1], name_column):
        index += 1

    layout = _Layout(
        labels=labels,
        name_header=labels[name_column] or _NAME_HEADERS[0],
        name_columns=name_columns,
        columns={role: c for c, role in sorted(data_keys.items(), reverse=True)},
        stt_columns=set(by_key.get(_STT, [])),
        fills=fills,
    )
    return layout, index, problems


def _labels(header: list[str], above: list[str] | None, below: list[list[str]]) -> list[str]:
    """Each column's header, from the header row and the header lines merged with it.

    The header row speaks first. Where it is empty, a known header in the row above
    counts (a cell merged down from there, such as "STT" over two rows). A known header
    in a line below wins: it is the sub-header under a group ("Họ đệm" / "Tên" under
    "Họ và tên"). Titles and group names are never known headers, so they do no harm.
    """
    width = max([len(header)] + [len(r) for r in below] + ([len(above)] if above else []))
    labels: list[str] = []
    for column in range(width):
        label = _cell(header, column)
        if not label and above is not None and _role(_cell(above, column)) is not None:
            label = _cell(above, column)
        for line in below:
            sub = _cell(line, column)
            if sub and (_role(sub) is not None or not label):
                label = sub
        labels.append(_display(label))
    return labels


def _second_header_line(cells: list[str], labels: list[str]) -> bool:
    """Whether the row after the header is more header (when no merge says so).

    Yes if it holds a known header (no awardee is called "Chức vụ"), or if, with nothing
    in the name and known columns, it holds only words (sub-headers under a group such as
    "Giấy khen" / "Bằng khen"); a numbered row without a name stays a row to report.
    """
    roles = [_role(label) for label in labels]
    names = [c for c, role in enumerate(roles) if role == "name"]
    if _section(cells, names, [c for c, role in enumerate(roles) if role == _STT]) is not None:
        return False
    if any(_role(cell) is not None for cell in cells if cell):
        return True
    known = {c for c, label in enumerate(labels) if _role(label) not in (None, _STT)}
    filled = [(c, cell) for c, cell in enumerate(cells) if cell]
    return all(c not in known and not any(ch.isdigit() for ch in cell) for c, cell in filled)


def _name_spill(
    name_column: int, labels: list[str], header_rows: set[int], merges: list[_Range] | None
) -> set[int]:
    """Columns a name header spreads over: "Họ và tên" merged across "Nguyễn Văn" | "An".

    In an .xlsx the merged cells say it. A CSV has lost them: Excel writes the merged
    header in the first cell and leaves the next one empty, so an unlabelled column right
    after the name column is taken as the rest of the name.
    """
    if merges is None:
        after = name_column + 1
        return {after} if after < len(labels) and not labels[after] else set()
    spill: set[int] = set()
    for min_col, min_row, max_col, _max_row in merges:
        if min_row in header_rows and min_col - 1 == name_column and max_col > min_col:
            spill.update(c for c in range(min_col, max_col) if c >= len(labels) or not labels[c])
    return spill


def _column_numbers(cells: list[str], name_column: int) -> bool:
    filled = [cell for cell in cells if cell]
    return (
        len(filled) >= 2
        and bool(_cell(cells, name_column))
        and all(_COLUMN_NUMBER.fullmatch(cell) for cell in filled)
    )


def _section(
    cells: list[str], name_columns: Collection[int], stt_columns: Collection[int]
) -> str | None:
    """The text of a section heading row, else None.

    Awardees are numbered 1, 2, 3; groups I, II or A, B. A lone "X. text" in the name
    column counts only when it reads as a heading (capitals, or naming a kind), so that
    a name such as "C. ty TNHH An Phát" stays an awardee.
    """
    filled = [(column, cell) for column, cell in enumerate(cells) if cell]
    if len(filled) == 1:
        column, text = filled[0]
        if _SECTION.fullmatch(text) and (
            column not in name_columns or text.isupper() or _section_kind(text) is not None
        ):
            return text
    elif (
        len(filled) == 2 and filled[0][0] in stt_columns and _SECTION_NUMBER.fullmatch(filled[0][1])
    ):
        return filled[1][1]
    return None


def _section_kind(heading: str) -> str | None:
    folded = _fold(heading)
    collective, individual = "tap the" in folded, "ca nhan" in folded
    if collective != individual:
        return "collective" if collective else "individual"
    return None


def _numbered_blank(cells: list[str], stt_columns: set[int]) -> bool:
    """A row with nothing but its number in the STT column: a line left for later."""
    filled = [(c, cell) for c, cell in enumerate(cells) if cell]
    return (
        len(filled) == 1 and filled[0][0] in stt_columns and bool(_NUMBER.fullmatch(filled[0][1]))
    )


def _read_row(
    number: int, cells: list[str], layout: _Layout, section_kind: str | None = None
) -> tuple[dict[str, str], list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, str] = {}
    name = " ".join(part for part in (_cell(cells, c) for c in layout.name_columns) if part)
    if name:
        values["name"] = name
    else:
        problems.append(
            Problem(
                "Thiếu tên người hoặc tập thể được khen thưởng.",
                line=number,
                column=layout.name_header,
                hint="Điền tên vào ô này, hoặc xóa cả dòng nếu không dùng.",
            )
        )
    if section_kind is not None and "kind" not in layout.columns:
        values["kind"] = section_kind
    for key in _KEYS[1:]:
        column = layout.columns.get(key)
        if column is None:
            continue
        text = _cell(cells, column)
        header = layout.labels[column]
        if key == "kind":
            kind = _KINDS.get(_fold(text)) if text else (section_kind or "individual")
            if kind is None:
                problems.append(
                    Problem(
                        f"Loại “{text}” không hợp lệ; chỉ nhận “Tập thể” hoặc “Cá nhân” "
                        "(hoặc “collective”, “individual”), để trống là cá nhân.",
                        line=number,
                        column=header,
                    )
                )
                continue
            values[key] = kind
        elif not text:
            continue
        elif key == "gender":
            gender = _GENDERS.get(_fold(text))
            if gender is None:
                problems.append(
                    Problem(
                        f"Giới tính “{text}” không hợp lệ; chỉ nhận “Nam” hoặc “Nữ” "
                        "(hoặc “Ông”, “Bà”, “male”, “female”), hoặc để trống.",
                        line=number,
                        column=header,
                    )
                )
                continue
            values[key] = gender
        else:
            values[key] = text
    return values, problems
