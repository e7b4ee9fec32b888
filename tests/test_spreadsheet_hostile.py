"""Hostile and odd spreadsheets (issue 12): never a wrong figure, a hang or a traceback.

Each class of input has its table or property test: what the clerk cannot see in Excel
(hidden and filtered rows, error cells, formulas saved without their result), broken CSV
quoting, zip bombs, FIFOs and devices, paths that leave the data file's folder, a list on
another sheet, .xlsm and .xls workbooks. Every file is built here; none is shipped.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from docx_helpers import all_text, open_docx
from draftkit import awardees as awardees_module
from draftkit import safefile
from draftkit.awardees import ERROR_VALUES, AwardeeList, read_list
from draftkit.cli import app
from draftkit.errors import InputError, Problem

# ---------------------------------------------------------------------- helpers


def make_xlsx(
    tmp_path: Path,
    rows: Iterable[Sequence[Any]],
    name: str = "ds.xlsx",
    hidden: Iterable[int] = (),
    autofilter: str | None = None,
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách"
    for row in rows:
        sheet.append(list(row))
    for number in hidden:
        sheet.row_dimensions[number].hidden = True
    if autofilter:
        sheet.auto_filter.ref = autofilter
    path = tmp_path / name
    workbook.save(path)
    return path


def problems(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as info:
        read_list(path)
    return info.value.problems


def names(listed: AwardeeList) -> list[str]:
    return [row.values["name"] for row in listed.rows]


def patch_member(path: Path, member: str, old: bytes, new: bytes) -> None:
    """Rewrite one part of an .xlsx, as another program would have saved it."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    assert old in parts[member]
    parts[member] = parts[member].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


SHEET = "xl/worksheets/sheet1.xml"

ROUND = """\
version: 1
document: awards
style: state
issuer: {{name: ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG, code: UBND, place: Ngọc Trung}}
number: 215
date: {date}
authority: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG
level: commune
reason: đã có thành tích xuất sắc năm 2026
awardees: {awardees}
signer: {{title: CHỦ TỊCH, name: Trịnh Văn Dũng}}
recipients: [Như Điều 3, "Lưu: VT"]
"""
AWARDEES_LINE = 1 + ROUND.splitlines().index("awardees: {awardees}")


def write_round(folder: Path, awardees: str, date: str = "2026-12-14") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "khen-thuong.yaml"
    path.write_text(ROUND.format(awardees=awardees, date=date), encoding="utf-8")
    return path


def render(args: list[str]) -> Any:
    return CliRunner().invoke(app, ["render", *args], env={"COLUMNS": "200"})


def flat(output: str) -> str:
    return " ".join(output.split())


PEOPLE = [["STT", "Họ và tên", "Đơn vị"], [1, "Lê Văn Bình", "xã A"], [2, "Phạm Thị Ánh", "xã B"]]

# ---------------------------------------------------------------------- hidden rows


@pytest.mark.parametrize(
    ("hidden", "autofilter", "left_out", "how"),
    [
        ([3], None, ["Phạm Thị Ánh"], "bị ẩn trong Excel"),
        ([2, 3], None, ["Lê Văn Bình", "Phạm Thị Ánh"], "bị ẩn trong Excel"),
        ([3], "A1:C4", ["Phạm Thị Ánh"], "bị ẩn hoặc bị lọc đi"),
        ([], "A1:C4", [], ""),
    ],
)
def test_hidden_or_filtered_rows_are_left_out_with_a_warning(
    tmp_path: Path, hidden: list[int], autofilter: str | None, left_out: list[str], how: str
) -> None:
    rows = [*PEOPLE, [3, "Đỗ Văn Ân", "xã C"]]
    listed = read_list(make_xlsx(tmp_path, rows, hidden=hidden, autofilter=autofilter))
    everyone = ["Lê Văn Bình", "Phạm Thị Ánh", "Đỗ Văn Ân"]
    assert names(listed) == [n for n in everyone if n not in left_out]
    if not left_out:
        assert listed.warnings == []
        return
    (warning,) = listed.warnings
    assert f"{len(left_out)} dòng {how}" in warning.message
    for number, name in zip(hidden, left_out, strict=True):
        assert str(number) in warning.message and f"“{name}”" in warning.message


def test_hidden_rows_in_render_output(tmp_path: Path) -> None:
    make_xlsx(tmp_path, [*PEOPLE, [3, "Đỗ Văn Ân", "xã C"]], hidden=[3])
    result = render([str(write_round(tmp_path, "ds.xlsx")), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "tệp ds.xlsx: 1 dòng bị ẩn trong Excel nên không được đưa vào danh sách (dòng 3: “Phạm Thị Ánh”)" in flat(result.output)
    listing = all_text(open_docx(tmp_path / "out" / "khen-thuong-danh-sach.docx"))
    assert "Phạm Thị Ánh" not in listing and "Đỗ Văn Ân" in listing


# ---------------------------------------------------------------------- error cells


@pytest.mark.parametrize("code", sorted(ERROR_VALUES))
def test_error_cells_are_refused_with_their_place(tmp_path: Path, code: str) -> None:
    path = make_xlsx(tmp_path, PEOPLE)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    sheet["C3"].value = code
    sheet["C3"].data_type = "e"
    workbook.save(path)
    (problem,) = problems(path)
    assert (problem.line, problem.column) == (3, "Đơn vị")
    assert f"Ô C3 (trang “Danh sách”) có lỗi công thức “{code}”" in problem.message


@pytest.mark.parametrize("column", ["B", "C"])
def test_error_text_in_a_csv_is_refused_too(tmp_path: Path, column: str) -> None:
    cells = {"B": "Lê Văn Bình", "C": "xã A"}
    cells[column] = "#N/A"
    path = tmp_path / "ds.csv"
    path.write_text(f"STT,Họ và tên,Đơn vị\n1,{cells['B']},{cells['C']}\n", encoding="utf-8")
    (problem,) = problems(path)
    assert problem.line == 2 and f"Ô {column}2 có lỗi công thức “#N/A”" in problem.message


def test_an_error_in_an_unused_column_is_not_printed_so_not_refused(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, [["Họ và tên", "Năm sinh"], ["Lê Văn Bình", "#REF!"]])
    listed = read_list(path)
    assert names(listed) == ["Lê Văn Bình"]
    assert "cột “Năm sinh” (B) không được dùng" in listed.warnings[0].message


# ---------------------------------------------------------------------- formulas


def test_formula_without_cached_value_is_refused(tmp_path: Path) -> None:
    # openpyxl, like many programs that write .xlsx, saves formulas without their result.
    path = make_xlsx(tmp_path, [*PEOPLE, [3, "Đỗ Văn Ân", "=C2"]])
    (problem,) = problems(path)
    assert (problem.line, problem.column) == (4, "Đơn vị")
    assert "Ô C4 (trang “Danh sách”) có công thức nhưng tệp được lưu không kèm kết quả" in problem.message
    assert problem.hint is not None and "Excel" in problem.hint


def test_a_row_of_formulas_without_results_is_not_skipped_as_blank(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, [*PEOPLE, [None, "=Sheet2!B2", "=Sheet2!C2"], [4, "Đỗ Văn Ân", "xã C"]])
    found = problems(path)
    assert [(p.line, p.column) for p in found] == [(4, "Họ và tên"), (4, "Đơn vị")]


def test_formula_with_its_cached_result_is_read(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, [*PEOPLE, [3, "Đỗ Văn Ân", "=C2"]])
    # As Excel saves it: the formula and its last result.
    patch_member(path, SHEET, b'<c r="C4"><f>C2</f><v></v></c>', b'<c r="C4" t="str"><f>C2</f><v>x\xc3\xa3 A</v></c>')
    assert read_list(path).rows[-1].values == {"name": "Đỗ Văn Ân", "unit": "xã A"}


def test_formula_whose_result_is_empty_text_is_read(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, [*PEOPLE, [3, "Đỗ Văn Ân", "=C2"]])
    patch_member(path, SHEET, b'<c r="C4"><f>C2</f><v></v></c>', b'<c r="C4" t="str"><f>C2</f><v></v></c>')
    assert read_list(path).rows[-1].values == {"name": "Đỗ Văn Ân"}


# ---------------------------------------------------------------------- CSV quoting

NAMES = st.lists(
    st.text(alphabet="abcdeghiklmnoptuvxyĐđÂâÊêÔôƠơƯưàáạảãÀÁ ", min_size=1, max_size=12).map(
        lambda s: s.strip() or "A"
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=NAMES, data=st.data())
def test_unclosed_csv_quote_is_refused_at_its_row(tmp_path: Path, people: list[str], data: Any) -> None:
    broken = data.draw(st.integers(min_value=0, max_value=len(people) - 1))
    lines = ["STT,Họ và tên,Đơn vị"]
    for index, name in enumerate(people):
        cell = f'"{name}' if index == broken else name
        lines.append(f"{index + 1},{cell},xã A")
    path = tmp_path / "ds.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (problem,) = problems(path)
    assert problem.line == broken + 2
    assert "ngoặc kép" in problem.message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=NAMES)
def test_well_quoted_csv_reads_every_row(tmp_path: Path, people: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["STT", "Họ và tên", "Chức vụ, đơn vị"])
    for index, name in enumerate(people, 1):
        writer.writerow([index, f'{name} "Tý"', "Trưởng thôn, xã A"])
    path = tmp_path / "ds.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    # Names come out exactly as typed, inner spaces included.
    assert names(read_list(path)) == [f'{n} "Tý"' for n in people]


def test_delimiter_is_picked_without_csv_sniffer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """csv.Sniffer takes quadratic time on some lines: it must never be called."""

    class NoSniffer:
        def __init__(self) -> None:
            raise AssertionError("csv.Sniffer used")

    monkeypatch.setattr(csv, "Sniffer", NoSniffer)
    # No recognised header decides here (a one-column list; a list without a name header).
    one_column = tmp_path / "mot-cot.csv"
    one_column.write_text("Họ và tên\nLê Văn Bình\n", encoding="utf-8")
    assert names(read_list(one_column)) == ["Lê Văn Bình"]
    semicolons = tmp_path / "cham-phay.csv"
    semicolons.write_text("Người;Nơi\n" + "a;" * 20_000 + "\n", encoding="utf-8")
    assert "Không tìm thấy cột tên" in problems(semicolons)[0].message
    assert awardees_module._pick_delimiter('"' + "a," * 50_000) == ","
    assert awardees_module._pick_delimiter("x;y;z\n1;2;3") == ";"


def test_a_huge_csv_cell_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text('Họ và tên,Đơn vị\nLê Văn Bình,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    (problem,) = problems(path)
    assert problem.line == 2 and "dài quá mức" in problem.message


# ---------------------------------------------------------------------- zip bombs


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, PEOPLE)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/pad.bin", b"\0" * (20 * 1024 * 1024))
    (problem,) = problems(path)
    assert "nén bất thường" in problem.message and "bom nén" in problem.message
    assert "20 MB, gấp 1.028 lần" in problem.message  # figures grouped the Vietnamese way


def test_too_many_parts_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safefile, "MAX_MEMBERS", 50)
    path = make_xlsx(tmp_path, PEOPLE)
    with zipfile.ZipFile(path, "a") as archive:
        for index in range(60):
            archive.writestr(f"xl/extra/{index}.xml", b"<a/>")
    assert "có tới 69 phần (tối đa 50)" in problems(path)[0].message


def test_an_ordinary_list_is_no_bomb(tmp_path: Path) -> None:
    rows = [["STT", "Họ và tên", "Đơn vị"]] + [[i, f"Nguyễn Văn {i}", "xã Ngọc Trung"] for i in range(1, 3001)]
    assert len(read_list(make_xlsx(tmp_path, rows)).rows) == 3000


# ---------------------------------------------------------------------- FIFOs and devices


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".xls"])
def test_fifo_is_refused_without_blocking(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"ds{suffix}"
    os.mkfifo(path)
    (problem,) = problems(path)
    assert "không phải một tệp thông thường" in problem.message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_device_behind_a_link_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.symlink_to("/dev/zero")
    (problem,) = problems(path)
    assert "không phải một tệp thông thường" in problem.message


def test_fifo_named_by_a_data_file_is_refused_in_render(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(tmp_path / "ds.csv")
    result = render([str(write_round(tmp_path, "ds.csv")), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "không phải một tệp thông thường" in flat(result.output)


# ---------------------------------------------------------------------- awardees: []


def test_empty_awardees_list_is_refused_with_field_and_line(tmp_path: Path) -> None:
    result = render([str(write_round(tmp_path, "[]")), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"dòng {AWARDEES_LINE}, mục “awardees”: “Danh sách được khen thưởng” cần ít nhất 1 mục." in flat(result.output)
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_empty_spreadsheet_is_refused_like_an_empty_list(tmp_path: Path) -> None:
    make_xlsx(tmp_path, [["STT", "Họ và tên"]])
    result = render([str(write_round(tmp_path, "ds.xlsx")), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Danh sách không có người hay tập thể nào." in flat(result.output)


# ---------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    ("named", "said"),
    [
        ("../ds.xlsx", "nằm ngoài thư mục"),
        ("sub/../../ds.xlsx", "nằm ngoài thư mục"),
        ("{outside}", "đường dẫn đầy đủ"),
        ('"C:\\\\Danh sach\\\\ds.xlsx"', "đường dẫn đầy đủ"),
        ("link.xlsx", "nằm ngoài thư mục"),
    ],
)
def test_a_data_file_cannot_name_a_list_outside_its_folder(tmp_path: Path, named: str, said: str) -> None:
    outside = make_xlsx(tmp_path, PEOPLE)
    folder = tmp_path / "ho-so"
    (folder / "sub").mkdir(parents=True)
    (folder / "link.xlsx").symlink_to(outside)
    data = write_round(folder, named.format(outside=outside))
    result = render([str(data), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    output = flat(result.output)
    assert f"dòng {AWARDEES_LINE}, mục “awardees”:" in output and said in output
    assert "--danh-sach" in output
    assert not (tmp_path / "out").exists()


def test_a_list_given_on_the_command_line_may_be_anywhere(tmp_path: Path) -> None:
    outside = make_xlsx(tmp_path, PEOPLE)
    data = write_round(tmp_path / "ho-so", "../ds.xlsx")
    result = render([str(data), "-o", str(tmp_path / "out"), "--danh-sach", str(outside)])
    assert result.exit_code == 0, result.output
    listing = all_text(open_docx(tmp_path / "out" / "khen-thuong-danh-sach.docx"))
    assert "Lê Văn Bình" in listing and "Phạm Thị Ánh" in listing


def test_a_list_inside_a_subfolder_is_read(tmp_path: Path) -> None:
    (tmp_path / "ds").mkdir()
    make_xlsx(tmp_path / "ds", PEOPLE)
    result = render([str(write_round(tmp_path, "ds/ds.xlsx")), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------------- sheets, and errors together


def test_list_on_a_second_sheet_gets_a_hint_naming_it(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "Bìa"
    cover.append(["DANH SÁCH KHEN THƯỞNG NĂM 2026"])
    listed = workbook.create_sheet("DS khen")
    for row in PEOPLE:
        listed.append(row)
    path = tmp_path / "ds.xlsx"
    workbook.save(path)
    (problem,) = problems(path)
    assert "Trang tính đầu tiên “Bìa” không có cột tên, nhưng trang “DS khen” có" in problem.message
    assert problem.hint is not None and "kéo thẻ trang" in problem.hint


def test_spreadsheet_errors_are_listed_with_data_file_errors(tmp_path: Path) -> None:
    make_xlsx(tmp_path, [["STT", "Họ và tên", "Giới tính"], [1, None, "Nam"], [2, "Lê Văn Bình", "X"]])
    data = write_round(tmp_path, "ds.xlsx", date="2026-13-45")
    result = render([str(data), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    output = flat(result.output)
    assert "Có 3 lỗi trong tệp" in output
    assert "mục “date”" in output
    assert "tệp ds.xlsx, dòng 2, cột “Họ và tên”: Thiếu tên" in output
    assert "tệp ds.xlsx, dòng 3, cột “Giới tính”: Giới tính “X” không hợp lệ" in output


# ---------------------------------------------------------------------- .xlsm and .xls


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, PEOPLE, name="ds.xlsm", hidden=[3])
    listed = read_list(path)
    assert names(listed) == ["Lê Văn Bình"]
    assert "1 dòng bị ẩn" in listed.warnings[0].message


xlwt = pytest.importorskip("xlwt")


# Excel's error codes in BIFF (xlwt names "#N/A" "#N/A!", so codes are used).
XLWT_ERROR_CODES = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#NAME?": 0x1D, "#NUM!": 0x24, "#N/A": 0x2A}


def make_xls(tmp_path: Path, rows: Sequence[Sequence[Any]], hidden: Iterable[int] = ()) -> Path:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Danh sách")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value in ERROR_VALUES:
                sheet.row(r).set_cell_error(c, XLWT_ERROR_CODES[value])
            elif value is not None:
                sheet.write(r, c, value)
    for number in hidden:
        sheet.row(number - 1).hidden = True
    path = tmp_path / "ds.xls"
    workbook.save(str(path))
    return path


def test_xls_is_read(tmp_path: Path) -> None:
    listed = read_list(make_xls(tmp_path, [*PEOPLE, [None, "Tổng cộng: 02 cá nhân"]]))
    assert [row.values for row in listed.rows] == [
        {"name": "Lê Văn Bình", "unit": "xã A"},
        {"name": "Phạm Thị Ánh", "unit": "xã B"},
    ]
    assert [row.row for row in listed.rows] == [2, 3]
    assert "dòng tổng cộng" in listed.warnings[0].message


def test_xls_hidden_rows_and_error_cells(tmp_path: Path) -> None:
    listed = read_list(make_xls(tmp_path, [*PEOPLE, [3, "Đỗ Văn Ân", "xã C"]], hidden=[3]))
    assert names(listed) == ["Lê Văn Bình", "Đỗ Văn Ân"]
    for code in XLWT_ERROR_CODES:
        (problem,) = problems(make_xls(tmp_path, [*PEOPLE[:2], [2, "Phạm Thị Ánh", code]]))
        assert (problem.line, problem.column) == (3, "Đơn vị") and f"“{code}”" in problem.message


def test_xls_without_xlrd_is_refused_with_the_save_as_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_xls(tmp_path, PEOPLE)
    monkeypatch.setitem(sys.modules, "xlrd", None)  # import xlrd now fails
    (problem,) = problems(path)
    assert "Excel 97–2003 (.xls)" in problem.message
    assert problem.hint is not None
    assert "Save As" in problem.hint and "Excel Workbook (*.xlsx)" in problem.hint


@pytest.mark.parametrize(
    ("content", "said"),
    [(b"H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\nA\n", "không phải tệp .xls thật"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "bị hỏng")],
)
def test_broken_or_fake_xls_is_a_message(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "ds.xls"
    path.write_bytes(content)
    (problem,) = problems(path)
    assert said in problem.message


@pytest.mark.parametrize("suffix", [".csv", ".xls", ".xlsx"])
def test_a_file_far_too_large_for_a_list_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setattr(safefile, "MAX_FILE_BYTES", 1000)
    path = tmp_path / f"ds{suffix}"
    path.write_bytes(b"STT,H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\n" + b"1,A\n" * 400)
    (problem,) = problems(path)
    assert "Tệp quá lớn" in problem.message


@pytest.mark.parametrize(("hidden", "warned"), [("B", True), ("C", False), ("A", True)])
def test_a_hidden_column_that_is_printed_is_said(tmp_path: Path, hidden: str, warned: bool) -> None:
    path = make_xlsx(tmp_path, [["Họ và tên", "Đơn vị", "Năm sinh"], ["Lê Văn Bình", "xã B", 1990]])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    sheet.column_dimensions[hidden].hidden = True
    workbook.save(path)
    listed = read_list(path)
    assert listed.rows[0].values == {"name": "Lê Văn Bình", "unit": "xã B"}
    said = [w.message for w in listed.warnings if "đang bị ẩn" in w.message]
    assert bool(said) == warned
    if warned:
        assert f"({hidden}) đang bị ẩn trong Excel nhưng vẫn được đưa vào văn bản" in said[0]


def test_a_list_given_for_a_report_is_refused(tmp_path: Path, ngoc_lac_report: Path) -> None:
    sheet = make_xlsx(tmp_path, PEOPLE)
    result = render([str(ngoc_lac_report), "-o", str(tmp_path / "out"), "--danh-sach", str(sheet)])
    assert result.exit_code == 1
    assert "--danh-sach chỉ dùng cho tệp dữ liệu khen thưởng" in flat(result.output)


def test_cells_merged_to_the_last_row_of_the_sheet_cost_nothing(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in PEOPLE:
        sheet.append(row)
    sheet.merge_cells("C2:C3")
    path = tmp_path / "ds.xlsx"
    workbook.save(path)
    # openpyxl would build a million cells to merge this far; the file needs one line.
    ranges = "".join(f'<mergeCell ref="{c}2:{c}1048576"/>' for c in "CDEFGHIJ")
    patch_member(path, SHEET, b'<mergeCell ref="C2:C3"/>', ranges.encode())
    patch_member(path, SHEET, b'<mergeCells count="1">', b'<mergeCells count="8">')
    listed = read_list(path)
    assert [row.values.get("unit") for row in listed.rows] == ["xã A", "xã A"]


def test_a_merge_down_fills_only_rows_that_exist() -> None:
    rows = [(1, ["STT", "Họ và tên", "Đơn vị"]), (2, ["1", "Lê Văn Bình", "xã A"]), (3, ["2", "Phạm Thị Ánh", ""])]
    layout, _, _ = awardees_module._layout(rows, 0, [(3, 2, 3, 1_048_576)])
    assert layout.fills == {3: {2: "xã A"}}


def test_a_stray_value_in_the_last_column_is_named_once(tmp_path: Path) -> None:
    rows = [["STT", "Họ và tên"]] + [[i, f"Nguyễn Văn {i}"] for i in range(1, 2001)]
    path = make_xlsx(tmp_path, rows)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    sheet["XFD500"] = "?"
    workbook.save(path)
    listed = read_list(path)
    assert len(listed.rows) == 2000
    assert [w.message.split(" (")[0] for w in listed.warnings] == ["cột XFD"]
