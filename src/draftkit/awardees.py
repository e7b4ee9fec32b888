"""Read a list of awardees from a spreadsheet (.xlsx, .xlsm, .xls) or a CSV file.

Clerks keep their lists in Excel, laid out for printing rather than for machines: a title
row above the table, headers merged over two rows, numbered blank rows, a unit merged down
over the people it applies to, a kind column under one of many headers (or ticks under
"Tập thể" / "Cá nhân"), a total row and a signature block under the table. This module
finds the table inside such a sheet and turns each row into the contract keys of
``shared/contract/data-format.md`` (``name``, ``kind``, ``gender``, ``position``,
``unit``, ``reason``, plus ``gold_book`` and ``note``), with every problem located by
the row number Excel shows and the column header as written.

What the clerk cannot see is never printed silently: hidden or filtered-out rows, totals
and footers are left out with a warning naming them, columns not read are named, and
error cells (#N/A...) or formulas saved without their result are refused with their
cell. Hostile files end in a message: zip bombs are checked before unpacking, FIFOs and
devices are never opened, and no step takes more than linear time.

openpyxl is imported only when an .xlsx is read (and xlrd only for an .xls): they cost
start-up time that commands which never see a spreadsheet must not pay.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .collation import normalize_text
from .datafile import decode_text
from .errors import InputError, Problem, TextWarning, os_reason
from .safefile import file_problem, zip_bomb_problem

__all__ = ["SUFFIXES", "AwardeeList", "AwardeeRow", "read_awardees", "read_list"]

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")

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
_MARK_COLLECTIVE = "mark_collective"
_MARK_INDIVIDUAL = "mark_individual"
_MARKS = {_MARK_COLLECTIVE: "collective", _MARK_INDIVIDUAL: "individual"}
_NAME_HEADERS = ("Họ và tên", "Họ tên", "Tên", "Tên tập thể", "Tên tập thể/cá nhân", "name")
_HEADERS: dict[str, tuple[str, ...]] = {
    "name": _NAME_HEADERS,
    "kind": (
        "Loại",
        "Đối tượng",
        "Loại đối tượng",
        "Phân loại",
        "Tập thể/cá nhân",
        "Cá nhân/tập thể",
        "Tập thể, cá nhân",
        "Tập thể hay cá nhân",
        "TT/CN",
        "CN/TT",
        # Also the form of award ("Giấy khen"): read as the kind only when every value
        # in it is one (see _parse_table).
        "Hình thức",
        "kind",
    ),
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
    # Two columns of ticks: "x" under "Tập thể" or under "Cá nhân".
    _MARK_COLLECTIVE: ("Tập thể",),
    _MARK_INDIVIDUAL: ("Cá nhân",),
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
    _MARK_COLLECTIVE: "đánh dấu tập thể",
    _MARK_INDIVIDUAL: "đánh dấu cá nhân",
}

# Headers that are not read but look like a known column: the warning says which, and
# how to have it read. Compared folded; close misspellings are found as well.
_LOOKALIKES = {
    "noi lam viec": "unit",
    "noi cong tac": "unit",
    "co quan": "unit",
    "co quan cong tac": "unit",
    "co quan, don vi": "unit",
    "don vi/noi cong tac": "unit",
    "chuc danh": "position",
    "chuc vu/chuc danh": "position",
    "chuc vu, chuc danh": "position",
    "gioi": "gender",
    "nam/nu": "gender",
    "phai": "gender",
    "ly do": "reason",
    "ly do khen thuong": "reason",
    "thanh tich dat duoc": "reason",
    "tom tat thanh tich": "reason",
    "noi dung thanh tich": "reason",
    "ten don vi": "name",
    "ten ca nhan": "name",
    "ho va ten/ten tap the": "name",
}
_SHOWN_HEADER = {
    "name": "Họ và tên",
    "kind": "Loại",
    "gender": "Giới tính",
    "position": "Chức vụ",
    "unit": "Đơn vị công tác",
    "reason": "Thành tích",
    "gold_book": "Số sổ vàng",
    "note": "Ghi chú",
}

_KINDS = {
    "tap the": "collective",
    "tt": "collective",
    "t.the": "collective",
    "collective": "collective",
    "ca nhan": "individual",
    "cn": "individual",
    "c.nhan": "individual",
    "individual": "individual",
}
# What a tick looks like in a "Tập thể" / "Cá nhân" column.
_TICKS = frozenset({"x", "v", "✓", "✔", "☑", "1", "co", "+", "*"})

# What Excel shows in a cell whose formula failed: never an awardee's name or unit.
ERROR_VALUES = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#UNKNOWN!",
        "#BUSY!",
        "#EXTERNAL!",
        "#PYTHON!",
    }
)
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


@dataclass(frozen=True)
class AwardeeList:
    """What a list file gave: its awardees, and what the clerk must hear about it
    (columns not used, total and signature rows left out, hidden rows...)."""

    rows: list[AwardeeRow]
    warnings: list[TextWarning] = field(default_factory=list)


@dataclass
class _Sheet:
    """One sheet's cells as text, and what Excel knows that the values do not say."""

    rows: list[_Row]
    merges: list[_Range] | None = None  # None: unknown (a CSV)
    hidden: set[int] = field(default_factory=set)  # rows hidden or filtered out
    hidden_columns: set[int] = field(default_factory=set)  # 0-based
    filtered: bool = False  # the sheet has an AutoFilter
    uncached: set[tuple[int, int]] = field(default_factory=set)  # (row, 0-based column)
    title: str | None = None  # for messages; None for a CSV
    others: list[str] = field(default_factory=list)  # other sheets holding a name column


def read_awardees(path: Path) -> list[AwardeeRow]:
    """The awardees of ``path`` (see :func:`read_list`), without the warnings."""
    return read_list(path).rows


def read_list(path: Path) -> AwardeeList:
    """Read the awardees of ``path`` (.xlsx/.xlsm/.xls: the first visible sheet; .csv).

    Raise :class:`InputError` listing every problem found (missing name column, empty
    names, unknown kind or gender values, error cells, unreadable files) with row and
    column; rows left out and columns not used come back as warnings.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(path, [_suffix_problem(path)])
    head = _head(path)
    if suffix in (".xlsx", ".xlsm"):
        sheet = _read_xlsx(path, head)
    elif suffix == ".xls":
        sheet = _read_xls(path, head)
    else:
        sheet = _read_csv(path)
    return _parse_table(path, sheet)


def _head(path: Path) -> bytes:
    """The first bytes of a regular file; a FIFO or a device is refused, never opened
    (opening a FIFO with no writer would wait for ever)."""
    problem = file_problem(path, "tệp danh sách")
    if problem is not None:
        raise InputError(path, [problem])
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as exc:
        raise InputError(path, [Problem(f"Không đọc được tệp: {os_reason(exc)}.")]) from None
    if not head:
        raise InputError(path, [Problem("Tệp trống, chưa có dữ liệu nào.")])
    return head


_SAVE_AS_XLSX = (
    "Mở tệp bằng Excel, chọn File > Save As (Lưu thành), ở ô “Save as type” chọn "
    "“Excel Workbook (*.xlsx)” (hoặc “CSV UTF-8 (Comma delimited) (*.csv)”), bấm Save, "
    "rồi chạy lại với tệp mới."
)


def _suffix_problem(path: Path) -> Problem:
    suffix = path.suffix.lower()
    if suffix in (".xlsb", ".ods", ".numbers"):
        return Problem(
            f"Không đọc được tệp bảng tính dạng “{suffix}”; chỉ đọc được tệp .xlsx, .xlsm, .xls "
            "hoặc .csv.",
            hint=_SAVE_AS_XLSX,
        )
    return Problem(
        f"Không đọc được danh sách từ tệp có đuôi “{path.suffix or '(không có)'}”; "
        "chỉ đọc được tệp Excel (.xlsx, .xlsm, .xls) hoặc tệp .csv.",
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
                "Tệp Excel bị hỏng hoặc không đúng định dạng, không đọc được.",
                hint=_SAVE_AS_XLSX,
            )
        ],
    )


def _read_xlsx(path: Path, head: bytes) -> _Sheet:
    if not head.startswith(_ZIP_MAGIC):
        raise _not_xlsx(path, head)
    bomb = zip_bomb_problem(
        path, hint="Mở tệp bằng Excel, chép riêng bảng danh sách sang một tệp mới rồi lưu thành .xlsx."
    )
    if bomb is not None:
        raise InputError(path, [bomb])
    import openpyxl

    try:
        # read_only streams the sheet instead of building every cell object (a 10,000-row
        # list reads in a fraction of a second); data_only gives formulas' cached results.
        # An .xlsm is read the same way: its macros are never run nor kept.
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
        rows = _xlsx_rows(sheet)
        if not rows:
            raise InputError(
                path, [Problem(f"Trang tính “{sheet.title}” không có dòng dữ liệu nào.")]
            )
        found = _Sheet(rows=rows, title=str(sheet.title))
        _read_sheet_xml(path, getattr(sheet, "_worksheet_path", None), found)
        if _find_header(rows) is None:
            # Say where the list is when it is on another sheet than the first.
            found.others = [
                str(other.title)
                for other in sheets
                if other is not sheet
                and other.sheet_state == "visible"
                and _find_header(_xlsx_rows(other, 40)) is not None
            ]
    except InputError:
        raise
    except Exception:
        # read_only parses lazily: a corrupt sheet only fails while its rows are read.
        raise _broken_xlsx(path) from None
    finally:
        workbook.close()
    return found


def _xlsx_rows(sheet: Any, max_row: int | None = None) -> list[_Row]:
    # Some exporters write a wrong <dimension>, which would make openpyxl stop early.
    sheet.reset_dimensions()
    rows: list[_Row] = []
    for number, values in enumerate(
        sheet.iter_rows(min_row=1, max_row=max_row, min_col=1, values_only=True), start=1
    ):
        cells = [_cell_text(value) for value in values]
        if any(cells):
            rows.append((number, cells))
    return rows


_MERGE_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\""
)
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
_COL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?col\b([^>]*)>")
_COL_MIN = re.compile(rb"\bmin=\"(\d+)\"")
_COL_MAX = re.compile(rb"\bmax=\"(\d+)\"")
_HIDDEN = re.compile(rb"\bhidden=\"(?:1|true)\"")
_ROW_NUMBER = re.compile(rb"\br=\"(\d+)\"")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>)", re.DOTALL
)
_CELL_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>(.+?)</", re.DOTALL)
_STR_TYPE = re.compile(rb"\bt=\"str\"")


def _read_sheet_xml(path: Path, member: object, sheet: _Sheet) -> None:
    """What openpyxl's read-only mode does not tell, picked out of the sheet's XML:
    merged cells, hidden (or filtered-out) rows, and formulas saved without their result.

    Loading the sheet fully would be several times slower; each of these is skipped at
    the cost of one ``find`` when the sheet has none.
    """
    if not isinstance(member, str):
        return
    from openpyxl.utils.cell import column_index_from_string, range_boundaries

    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(member.lstrip("/"))
    except (OSError, KeyError, zipfile.BadZipFile):
        return
    ranges: list[_Range] = []
    start = xml.find(b"mergeCell")
    for match in _MERGE_REF.finditer(xml, max(start - 64, 0)) if start >= 0 else ():
        try:
            min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode("ascii"))
        except ValueError:
            continue
        if None not in (min_col, min_row, max_col, max_row):
            ranges.append((min_col, min_row, max_col, max_row))
    sheet.merges = ranges
    sheet.filtered = b"autoFilter" in xml
    if _HIDDEN.search(xml):
        for match in _COL_TAG.finditer(xml, 0, max(xml.find(b"sheetData"), 0)):
            attributes = match.group(1)
            low, high = _COL_MIN.search(attributes), _COL_MAX.search(attributes)
            if low is not None and high is not None and _HIDDEN.search(attributes):
                first, last = int(low.group(1)), min(int(high.group(1)), 16384)
                sheet.hidden_columns.update(range(first - 1, last))
        for match in _ROW_TAG.finditer(xml):
            attributes = match.group(1)
            number = _ROW_NUMBER.search(attributes)
            if number is not None and _HIDDEN.search(attributes):
                sheet.hidden.add(int(number.group(1)))
    if _FORMULA_TAG.search(xml):
        for match in _CELL.finditer(xml):
            attributes, body = match.group(1), match.group(2) or b""
            if not _FORMULA_TAG.search(body) or _VALUE.search(body):
                continue
            if _STR_TYPE.search(attributes) and b"<v" in body:
                continue  # a formula whose result is the empty text
            ref = _CELL_REF.search(attributes)
            if ref is not None:
                column = column_index_from_string(ref.group(1).decode("ascii")) - 1
                sheet.uncached.add((int(ref.group(2)), column))


# --------------------------------------------------------------------------- .xls


def _read_xls(path: Path, head: bytes) -> _Sheet:
    """An Excel 97–2003 workbook, through xlrd when it is installed."""
    if head.startswith(_ZIP_MAGIC):
        # An .xlsx renamed .xls: read it for what it is.
        return _read_xlsx(path, head)
    refuse = InputError(
        path,
        [
            Problem(
                "Tệp Excel 97–2003 (.xls) không đọc được"
                + ("" if head.startswith(_OLE_MAGIC) else " (nội dung không phải tệp .xls thật)")
                + ".",
                hint=_SAVE_AS_XLSX,
            )
        ],
    )
    if not head.startswith(_OLE_MAGIC):
        raise refuse
    try:
        import xlrd  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise refuse from None
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception:
        # Password-protected workbooks, and any other fault xlrd reports.
        raise InputError(
            path,
            [
                Problem(
                    "Tệp .xls bị hỏng, có đặt mật khẩu, hoặc không đúng định dạng Excel 97–2003.",
                    hint="Bỏ mật khẩu nếu có. " + _SAVE_AS_XLSX,
                )
            ],
        ) from None
    try:
        sheets = [book.sheet_by_index(i) for i in range(book.nsheets)]
        visible = [s for s in sheets if not getattr(s, "visibility", 0)]
        if not visible:
            raise InputError(path, [Problem("Tệp không có trang tính (sheet) nào.")])
        sheet = visible[0]
        rows = _xls_rows(xlrd, book, sheet)
        if not rows:
            raise InputError(
                path, [Problem(f"Trang tính “{sheet.name}” không có dòng dữ liệu nào.")]
            )
        found = _Sheet(rows=rows, title=str(sheet.name))
        found.merges = [(c0 + 1, r0 + 1, c1, r1) for r0, r1, c0, c1 in sheet.merged_cells]
        found.hidden = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden}
        found.filtered = bool(found.hidden) and any(
            name.name == "_FilterDatabase" for name in book.name_obj_list
        )
        if _find_header(rows) is None:
            found.others = [
                str(s.name)
                for s in visible[1:]
                if _find_header(_xls_rows(xlrd, book, s, 40)) is not None
            ]
    except InputError:
        raise
    except Exception:
        raise InputError(
            path, [Problem("Tệp .xls bị hỏng, không đọc được.", hint=_SAVE_AS_XLSX)]
        ) from None
    finally:
        book.release_resources()
    return found


def _xls_rows(xlrd: Any, book: Any, sheet: Any, limit: int | None = None) -> list[_Row]:
    rows: list[_Row] = []
    for index in range(sheet.nrows if limit is None else min(limit, sheet.nrows)):
        cells: list[str] = []
        for cell in sheet.row(index):
            if cell.ctype == xlrd.XL_CELL_ERROR:
                cells.append(xlrd.error_text_from_code.get(cell.value, "#VALUE!"))
            elif cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                except Exception:
                    value = cell.value
                cells.append(_cell_text(value))
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                cells.append(_cell_text(bool(cell.value)))
            else:
                cells.append(_cell_text(cell.value if cell.value != "" else None))
        if any(cells):
            rows.append((index + 1, cells))
    return rows


# --------------------------------------------------------------------------- .csv

_DELIMITERS = (",", ";", "\t")
_SEP_LINE = re.compile(r"sep=(.)\r?\n?$")


def _read_csv(path: Path) -> _Sheet:
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
    first_line = text.split("\n", 1)[0]
    sep = _SEP_LINE.match(first_line)
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
            path, [_csv_problem(exc, number + 1)]
        ) from None
    if text.count('"') % 2:
        unclosed = _unclosed_quote_line(text, delimiter)
        if unclosed is not None:
            raise InputError(
                path,
                [
                    Problem(
                        "Dấu ngoặc kép (\") mở ở dòng này không được đóng, nên cả phần còn lại của tệp "
                        "bị đọc thành một ô.",
                        line=unclosed,
                        hint="Thêm dấu \" đóng ở cuối ô đó, hoặc xóa dấu \" thừa; nếu ô cần có dấu "
                        "ngoặc kép, viết nó hai lần (\"\").",
                    )
                ],
            )
    if not rows:
        raise InputError(path, [Problem("Tệp không có dòng dữ liệu nào.")])
    return _Sheet(rows=rows)


def _csv_problem(exc: csv.Error, number: int) -> Problem:
    if "field larger than field limit" in str(exc):
        return Problem(
            "Một ô của tệp CSV dài quá mức (hơn 131.072 ký tự), không phải danh sách bình thường.",
            line=number,
            hint="Kiểm tra dấu ngoặc kép (\") chưa đóng ở dòng này, hoặc lưu lại tệp từ Excel.",
        )
    return Problem(f"Không đọc được dòng này của tệp CSV ({exc}).", line=number)


def _unclosed_quote_line(text: str, delimiter: str) -> int | None:
    """The row (counted as Excel counts them) where a quoted cell that runs to the end
    of the file begins, else None."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    while True:
        try:
            next(reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            return number + 1 if "unexpected end of data" in str(exc) else None
        number += 1


def _pick_delimiter(text: str) -> str:
    """The delimiter of a CSV: the one that makes the header row's cells known headers.

    Recognised headers decide first (counting alone is fooled by a header such as
    "Họ và tên;Chức vụ, đơn vị": one ";" and one ","). When headers do not decide (no
    name header, or a one-column list), the most frequent candidate on the first
    non-blank line does. csv.Sniffer is not used: its regular expressions take
    quadratic time on some lines, and a list file must never hang the program.
    """
    scores: dict[str, int] = {}
    for delimiter in _DELIMITERS:
        scores[delimiter] = _header_score(text, delimiter)
    best = max(scores.values())
    winners = [d for d, score in scores.items() if score == best]
    if best > 0 and len(winners) == 1:
        return winners[0]
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _unquoted_count(first, d) for d in _DELIMITERS}
    top = max(_DELIMITERS, key=lambda d: counts[d])
    return top if counts[top] else ","


def _unquoted_count(line: str, delimiter: str) -> int:
    """How often ``delimiter`` occurs in ``line`` outside double quotes (linear time)."""
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


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
    marks: dict[str, int] = field(default_factory=dict)  # "collective"/"individual" -> column

    def used(self) -> set[int]:
        return {*self.name_columns, *self.columns.values(), *self.marks.values()}


def _parse_table(path: Path, sheet: _Sheet) -> AwardeeList:
    rows = sheet.rows
    header_index = _find_header(rows)
    if header_index is None:
        problem = _no_name_column(rows)
        if sheet.others:
            problem = Problem(
                f"Trang tính đầu tiên “{sheet.title}” không có cột tên, nhưng trang "
                f"{_quoted(sheet.others)} có: danh sách có vẻ nằm ở trang đó.",
                hint="draftkit đọc trang tính đầu tiên: kéo thẻ trang có danh sách sang trái "
                "cùng, hoặc chép danh sách sang một tệp riêng.",
            )
        raise InputError(path, [problem])
    layout, body_start, problems = _layout(rows, header_index, sheet.merges)
    if problems:
        # The column problems decide how every row would be read: report them alone
        # rather than a flood of row errors that follow from them.
        raise InputError(path, problems)
    body = rows[body_start:]
    warnings: list[TextWarning] = []
    kind_column = layout.columns.get("kind")
    if kind_column is not None and _fold(layout.labels[kind_column]) == "hinh thuc":
        # "Hình thức" is the kind in some lists and the form of award in others.
        written = {_fold(_cell(cells, kind_column)) for _, cells in body} - {""}
        if not written <= _KINDS.keys():
            del layout.columns["kind"]
    warnings += _unused_columns(layout, body, sheet)
    used = sorted(layout.used())
    for column in used:
        if column in sheet.hidden_columns:
            warnings.append(
                TextWarning(
                    "",
                    f"{_where(_cell(layout.labels, column), column)} đang bị ẩn trong Excel nhưng "
                    "vẫn được đưa vào văn bản: bỏ ẩn cột để xem lại nội dung trước khi ký.",
                )
            )

    result: list[AwardeeRow] = []
    hidden: list[tuple[int, str]] = []
    totals: list[tuple[int, str]] = []
    footer: int | None = None
    after_footer: list[int] = []
    section_kind: str | None = None
    for number, cells in body:
        if footer is not None:
            after_footer.append(number)
            if _awardee_like(cells, layout):
                problems.append(
                    Problem(
                        f"Dòng này có vẻ là một người hoặc tập thể nhưng nằm dưới phần ngày tháng, "
                        f"chữ ký (dòng {footer}), nên không biết có thuộc danh sách hay không.",
                        line=number,
                        hint="Đưa phần ngày tháng, chữ ký xuống cuối bảng, hoặc xóa dòng này.",
                    )
                )
            continue
        if number in sheet.hidden:
            if not _numbered_blank(cells, layout.stt_columns):
                hidden.append((number, _row_name(cells, layout)))
            continue
        if _total_row(cells, layout.stt_columns):
            totals.append((number, _row_text(cells)))
            continue
        if _footer_row(cells, layout):
            footer = number
            after_footer.append(number)
            continue
        faults = _hidden_faults(number, cells, layout, sheet, used)
        if faults:
            problems += faults
            continue
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
    # A row whose every read cell is a formula saved without its result looks blank.
    seen = {number for number, _ in rows}
    first_body = body[0][0] if body else rows[-1][0] + 1
    for number, column in sorted(sheet.uncached):
        late = footer is not None and number >= footer
        if number >= first_body and number not in seen and column in used and not late:
            problems += _hidden_faults(number, [], layout, sheet, used)
            seen.add(number)
    problems.sort(key=lambda p: p.line or 0)
    if problems:
        raise InputError(path, problems)
    warnings += _left_out(hidden, totals, after_footer, sheet, result)
    return AwardeeList(result, warnings)


def _column_name(column: int) -> str:
    """Excel's letter for a 0-based column: 0 → A, 27 → AB."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _where(label: str, column: int) -> str:
    return f"cột “{label}” ({_column_name(column)})" if label else f"cột {_column_name(column)}"


def _unused_columns(layout: _Layout, body: list[_Row], sheet: _Sheet) -> list[TextWarning]:
    """A warning for every column with a header or with data that is not read."""
    used = layout.used() | layout.stt_columns
    # One pass over the cells: a stray value far to the right (column XFD) must not
    # make every row be looked at sixteen thousand times.
    filled = {
        column
        for number, cells in body
        if number not in sheet.hidden
        for column, cell in enumerate(cells)
        if cell and column not in used
    }
    labelled = {column for column, label in enumerate(layout.labels) if label and column not in used}
    taken = {key: layout.labels[c] for key, c in layout.columns.items()}
    taken["name"] = layout.name_header
    found: list[TextWarning] = []
    for column in sorted(filled | labelled):
        label = _cell(layout.labels, column)
        message = f"{_where(label, column)}" + (
            "" if label else " (không có tiêu đề)"
        ) + " không được dùng, nội dung cột này không có trong văn bản"
        key = _lookalike(label) if label else None
        if key is not None and key in taken:
            message += f" (đã lấy {_KEY_LABELS[key]} ở cột “{taken[key]}”)"
        elif key is not None:
            message += (
                f"; cột này có vẻ là cột {_KEY_LABELS[key]}: muốn dùng thì đổi tiêu đề thành "
                f"“{_SHOWN_HEADER[key]}”"
            )
        found.append(TextWarning("", message + "."))
    return found


def _lookalike(label: str) -> str | None:
    import difflib

    folded = _fold(label)
    if folded in _LOOKALIKES:
        return _LOOKALIKES[folded]
    if _fold(label) == "hinh thuc":
        return None  # the form of award, not a kind
    known = {k: v for k, v in _ROLES.items() if v in _KEYS}
    close = difflib.get_close_matches(folded, [*known, *_LOOKALIKES], n=1, cutoff=0.8)
    if not close:
        return None
    return known.get(close[0]) or _LOOKALIKES.get(close[0])


def _row_text(cells: list[str]) -> str:
    return " | ".join(" ".join(cell.split()) for cell in cells if cell)


def _row_name(cells: list[str], layout: _Layout) -> str:
    return " ".join(part for part in (_cell(cells, c) for c in layout.name_columns) if part)


def _quoted_short(text: str, limit: int = 60) -> str:
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _rows_text(numbers: list[int]) -> str:
    """"7, 9–12, 15": row numbers with runs joined."""
    parts: list[str] = []
    run: list[int] = []
    for number in sorted(numbers):
        if run and number == run[-1] + 1:
            run.append(number)
            continue
        if run:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
        run = [number]
    if run:
        parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(parts)


_STATED = re.compile(r"(\d+)\s*(tap the|ca nhan)")


def _left_out(
    hidden: list[tuple[int, str]],
    totals: list[tuple[int, str]],
    after_footer: list[int],
    sheet: _Sheet,
    read: list[AwardeeRow],
) -> list[TextWarning]:
    found: list[TextWarning] = []
    if hidden:
        how = "bị ẩn hoặc bị lọc đi" if sheet.filtered else "bị ẩn"
        names = [_quoted_short(name) for _, name in hidden[:5] if name]
        more = f" và {len(hidden) - 5} dòng nữa" if len(hidden) > 5 else ""
        found.append(
            TextWarning(
                "",
                f"{len(hidden)} dòng {how} trong Excel nên không được đưa vào danh sách "
                f"(dòng {_rows_text([n for n, _ in hidden])}"
                + (f": {', '.join(names)}{more}" if names else "")
                + "). Nếu các dòng này cần khen thưởng, bỏ ẩn hoặc bỏ lọc rồi chạy lại.",
            )
        )
    counted = {
        "tap the": sum(1 for r in read if r.values.get("kind") == "collective"),
        "ca nhan": sum(1 for r in read if r.values.get("kind", "individual") == "individual"),
    }
    for number, text in totals:
        found.append(
            TextWarning(
                "",
                f"{_quoted_short(text)} là dòng tổng cộng, không phải người được khen, "
                "nên không được đưa vào danh sách.",
                line=number,
            )
        )
        stated = {noun: int(n) for n, noun in _STATED.findall(_fold(text))}
        wrong = {noun: n for noun, n in stated.items() if counted[noun] != n}
        if wrong:
            said = ", ".join(f"{n} {_NOUNS[noun]}" for noun, n in stated.items())
            got = ", ".join(f"{counted[noun]} {_NOUNS[noun]}" for noun in stated)
            found.append(
                TextWarning(
                    "",
                    f"dòng tổng cộng ghi {said} nhưng draftkit đọc được {got}: "
                    "kiểm tra lại danh sách (dòng trống tên, dòng bị ẩn, cột loại) trước khi ký.",
                    line=number,
                )
            )
    if after_footer:
        found.append(
            TextWarning(
                "",
                f"dòng {_rows_text(after_footer)} là phần cuối bảng (ngày tháng, người lập biểu, "
                "chữ ký), không phải người được khen, nên không được đưa vào danh sách.",
            )
        )
    return found


_NOUNS = {"tap the": "tập thể", "ca nhan": "cá nhân"}

# "Tổng cộng: 03 tập thể, 05 cá nhân", "Cộng", "Tổng số: 8". Matched on the text with
# its marks ("Cộng" is not "Công an"), then folded for clerks who type without marks.
_TOTAL = re.compile(
    r"(?:tổng cộng|tổng số)\b|(?:tổng|cộng)(?:\s*$|\s*[:.(\-–]|\s+\d)", re.IGNORECASE
)
_TOTAL_FOLDED = re.compile(r"(tong cong|tong so)\b")
# "Ngọc Lặc, ngày 15 tháng 12 năm 2026", "ngày ... tháng ... năm ...".
_DATE_LINE = re.compile(
    r"^(?:[^,\d]{1,40},\s*)?ng(?:ày|ay)\s*(?:\d{1,2}|[.…_\s]+)\s*th(?:áng|ang)", re.IGNORECASE
)
# Compared on the cell's lower-case text, with its marks, and (for clerks who type
# without marks) on ASCII text as typed.
_FOOTER_STARTS = (
    "người lập biểu",
    "người lập bảng",
    "người lập danh sách",
    "người lập",
    "người ký",
    "thủ trưởng",
    "xác nhận của",
    "tm.",
    "tm ",
    "t/m",
    "kt.",
    "k/t",
    "tl.",
    "(ký",
    "ký, ghi rõ",
    "ký ghi rõ",
    "ký tên",
    "ghi chú:",
    "lưu ý:",
)
_FOOTER_EXACT = ("chủ tịch", "phó chủ tịch", "kế toán", "giám đốc", "hiệu trưởng")
_FOOTER_STARTS_ASCII = tuple(_fold(text) for text in _FOOTER_STARTS)
_FOOTER_EXACT_ASCII = frozenset(_fold(text) for text in _FOOTER_EXACT) | set(_FOOTER_EXACT)


def _first_text(cells: list[str], stt_columns: Collection[int]) -> str:
    """The first filled cell that is not a row number."""
    for column, cell in enumerate(cells):
        if cell and not (column in stt_columns and _NUMBER.fullmatch(cell)):
            return cell
    return ""


def _total_row(cells: list[str], stt_columns: Collection[int]) -> bool:
    first = " ".join(_first_text(cells, stt_columns).split())
    if not first:
        return False
    return bool(_TOTAL.match(first) or (first.isascii() and _TOTAL_FOLDED.match(first.lower())))


def _footer_row(cells: list[str], layout: _Layout) -> bool:
    """A date line, a signer's title, "(Ký, ghi rõ họ tên)": the end of the table.

    Only a row without a number and without a name of its own, or whose name cell is
    such a line: a reason that mentions a date stays an awardee's reason.
    """
    if any(_NUMBER.fullmatch(_cell(cells, c)) for c in layout.stt_columns):
        return False
    name = _row_name(cells, layout)
    for cell in [name] if name else cells:
        if not cell:
            continue
        text = " ".join(cell.split()).casefold()
        if (
            _DATE_LINE.search(text[:80])
            or text.startswith(_FOOTER_STARTS)
            or text in _FOOTER_EXACT_ASCII
            or (text.isascii() and text.startswith(_FOOTER_STARTS_ASCII))
        ):
            return True
    return False


def _awardee_like(cells: list[str], layout: _Layout) -> bool:
    """A row under the signatures that has a number in the STT column and a name."""
    return bool(_row_name(cells, layout)) and any(
        _NUMBER.fullmatch(_cell(cells, c)) for c in layout.stt_columns
    )


def _hidden_faults(
    number: int, cells: list[str], layout: _Layout, sheet: _Sheet, used: Collection[int]
) -> list[Problem]:
    """Error cells (#N/A, #REF!...) and formulas saved without their result, in the
    ``used`` columns: what Excel shows is not what the document would print."""
    faulty = [
        column
        for column in used
        if (_cell(cells, column)[:1] == "#" and _cell(cells, column).upper() in ERROR_VALUES)
        or (sheet.uncached and (number, column) in sheet.uncached)
    ]
    found: list[Problem] = []
    place = f" (trang “{sheet.title}”)" if sheet.title else ""
    for column in sorted(faulty):
        label = _cell(layout.labels, column) or None
        cell = f"{_column_name(column)}{number}"
        text = _cell(cells, column)
        if text.upper() in ERROR_VALUES:
            found.append(
                Problem(
                    f"Ô {cell}{place} có lỗi công thức “{text}”, không phải nội dung in được.",
                    line=number,
                    column=label,
                    hint="Sửa công thức hoặc gõ thẳng nội dung vào ô, lưu rồi chạy lại.",
                )
            )
        else:
            found.append(
                Problem(
                    f"Ô {cell}{place} có công thức nhưng tệp được lưu không kèm kết quả của nó "
                    "(tệp do một chương trình khác tạo ra), nên không biết ô hiển thị gì.",
                    line=number,
                    column=label,
                    hint="Mở tệp bằng Excel (công thức được tính lại), lưu rồi chạy lại; hoặc "
                    "gõ thẳng nội dung vào ô.",
                )
            )
    return found


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
        last_row = rows[-1][0]
        for min_col, min_row, _max_col, max_row in merges:
            column = min_col - 1
            # A unit or reason merged down over several people applies to each of them;
            # a name merged down is one awardee written tall, never copied.
            if min_row <= block_bottom or max_row == min_row or column not in data_keys:
                continue
            value = _cell(cells_of.get(min_row, []), column)
            if value:
                # Only rows that exist: a range merged to the sheet's last row (1,048,576)
                # must not cost a million entries.
                for row in range(min_row + 1, min(max_row, last_row) + 1):
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
    if "kind" not in layout.columns:
        # Ticks under "Tập thể" / "Cá nhân" say the kind where there is no kind column.
        layout.marks = {_MARKS[key]: by_key[key][0] for key in _MARKS if key in by_key}
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
    # A value in the kind column ("TT", "Tập thể") is a value there, not a header.
    kind_columns = {c for c, role in enumerate(roles) if role == "kind" or role in _MARKS}
    found = [_role(cell) for c, cell in enumerate(cells) if cell and c not in kind_columns]
    # "Tập thể" / "Cá nhân" are values as well as the headers of tick columns: they make
    # the row a header line only when they are all it holds ("Tập thể | Cá nhân").
    if any(role is not None and role not in _MARKS for role in found):
        return True
    if len(found) >= 2 and all(role in _MARKS for role in found):
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
        # An unnumbered "TẬP THỂ" / "Cá nhân:" alone on its row heads a group: no one is
        # called that, and taking it for an awardee would print it on a certificate.
        # (In the name or STT column: a lone "Tập thể" under "Loại" is a row without its name.)
        if (column in name_columns or column in stt_columns) and _fold(text).strip(" :.") in _KIND_HEADINGS:
            return text
    elif (
        len(filled) == 2 and filled[0][0] in stt_columns and _SECTION_NUMBER.fullmatch(filled[0][1])
    ):
        return filled[1][1]
    return None


_KIND_HEADINGS = {
    f"{lead}{kind}"
    for kind in ("tap the", "ca nhan")
    for lead in ("", "cac ", "khen thuong ", "danh sach ", "danh sach cac ")
}


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
    if layout.marks:
        ticked = []
        for marked, mark_column in layout.marks.items():
            text = _cell(cells, mark_column)
            if not text:
                continue
            if _fold(text) in _TICKS or _KINDS.get(_fold(text)) == marked:
                ticked.append(marked)
            else:
                label = layout.labels[mark_column]
                problems.append(
                    Problem(
                        f"Ô đánh dấu “{text}” không rõ; đánh “x” vào cột “{label}” "
                        "nếu đúng loại đó, hoặc để trống.",
                        line=number,
                        column=label,
                    )
                )
        if len(ticked) > 1:
            problems.append(
                Problem(
                    "Dòng này được đánh dấu cả tập thể lẫn cá nhân; chỉ đánh dấu một cột.",
                    line=number,
                    column=layout.labels[layout.marks["collective"]],
                )
            )
        elif ticked:
            values["kind"] = ticked[0]
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
                        f"Loại “{text}” không hợp lệ; chỉ nhận “Tập thể” (“TT”) hoặc “Cá nhân” "
                        "(“CN”), hoặc “collective”, “individual”; để trống là cá nhân.",
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
