"""Reading awardees from an .xlsx or .csv list (draftkit.awardees).

Every spreadsheet is built here with openpyxl or as plain text: no binary fixtures. The
layouts imitate clerks' lists: title rows, merged headers, numbered blank rows, headings.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from draftkit.awardees import AwardeeRow, read_awardees
from draftkit.errors import InputError, Problem

# ---------------------------------------------------------------------- helpers


def make_xlsx(
    tmp_path: Path,
    rows: Iterable[Sequence[Any]],
    merges: Iterable[str] = (),
    name: str = "danh-sach.xlsx",
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    path = tmp_path / name
    workbook.save(path)
    return path


def make_csv(
    tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "danh-sach.csv"
) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read_error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_awardees(path)
    assert info.value.source == str(path)
    return info.value


def only_problem(path: Path) -> Problem:
    error = read_error(path)
    assert len(error.problems) == 1, [p.message for p in error.problems]
    return error.problems[0]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------------- headers


def test_contract_headers_in_any_order_with_extra_columns(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            [
                "STT",
                "Đơn vị",
                "Năm sinh",
                "Họ và tên",
                "Giới tính",
                "Loại",
                "Chức vụ",
                "Thành tích",
                "Ghi chú",
                "Số sổ vàng",
                "Quê quán",
            ],
            [
                1,
                "xã Ngọc Trung",
                1980,
                "Lê Văn Bình",
                "Nam",
                "Cá nhân",
                "Chỉ huy trưởng",
                "Hoàn thành xuất sắc",
                "Đã duyệt",
                125,
                "Thanh Hóa",
            ],
            [
                2,
                None,
                None,
                "Ủy ban nhân dân xã Ngọc Trung",
                None,
                "Tập thể",
                None,
                None,
                None,
                None,
                None,
            ],
        ],
    )
    assert read_awardees(path) == [
        AwardeeRow(
            2,
            {
                "name": "Lê Văn Bình",
                "kind": "individual",
                "gender": "male",
                "position": "Chỉ huy trưởng",
                "unit": "xã Ngọc Trung",
                "reason": "Hoàn thành xuất sắc",
                "gold_book": "125",
                "note": "Đã duyệt",
            },
        ),
        AwardeeRow(3, {"name": "Ủy ban nhân dân xã Ngọc Trung", "kind": "collective"}),
    ]


def test_english_contract_headers(tmp_path: Path) -> None:
    path = make_csv(
        tmp_path,
        "name,kind,gender,position,unit,reason\n"
        "Phạm Thị Ánh,individual,female,Chủ tịch MTTQ xã,xã Thúy Sơn,Vì đã có thành tích\n",
    )
    assert read_awardees(path) == [
        AwardeeRow(
            2,
            {
                "name": "Phạm Thị Ánh",
                "kind": "individual",
                "gender": "female",
                "position": "Chủ tịch MTTQ xã",
                "unit": "xã Thúy Sơn",
                "reason": "Vì đã có thành tích",
            },
        )
    ]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("HO VA TEN", "name"),
        ("họ và tên", "name"),
        ("  Họ   và\ntên ", "name"),
        ("HỌ TÊN", "name"),
        ("Tên", "name"),
        ("Tên tập thể", "name"),
        ("Tên tập thể/cá nhân", "name"),
        ("TEN TAP THE / CA NHAN", "name"),
        ("NAME", "name"),
        (nfd("Họ và tên"), "name"),
        ("  Chức   vụ ", "position"),
        ("CHUC VU", "position"),
        ("Đơn vị", "unit"),
        ("ĐƠN VỊ CÔNG TÁC", "unit"),
        ("don vi cong tac", "unit"),
        ("Thành\ntích", "reason"),
        ("GIỚI TÍNH", "gender"),
        ("Gioi tinh", "gender"),
        ("Đối tượng", "kind"),
        ("LOẠI", "kind"),
        ("Số sổ vàng", "gold_book"),
        ("SO VANG", "gold_book"),
        ("Ghi chú:", "note"),
    ],
)
def test_header_spellings(tmp_path: Path, header: str, key: str) -> None:
    values = {
        "name": "Lê Văn Bình",
        "position": "Trưởng Công an xã",
        "unit": "xã Quang Trung",
        "reason": "Có thành tích",
        "gender": "Nam",
        "kind": "Cá nhân",
        "gold_book": "12",
        "note": "Bổ sung",
    }
    mapped = {"gender": "male", "kind": "individual"}
    headers = ["Họ và tên", header] if key != "name" else [header]
    row = ["Lê Văn Bình", values[key]] if key != "name" else ["Lê Văn Bình"]
    path = make_xlsx(tmp_path, [headers, row])
    [awardee] = read_awardees(path)
    assert awardee.values == {"name": "Lê Văn Bình", key: mapped.get(key, values[key])}


def test_unknown_columns_are_ignored(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["Số TT", "Họ và tên", "Năm sinh", "Quê quán", "Ký nhận"],
            [1, "Đỗ Văn Ân", 1975, "Thanh Hóa", "x"],
        ],
    )
    assert read_awardees(path) == [AwardeeRow(2, {"name": "Đỗ Văn Ân"})]


# ---------------------------------------------------------------------- value mapping


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Tập thể", "collective"),
        ("TẬP THỂ", "collective"),
        ("tập thể", "collective"),
        ("tap the", "collective"),
        ("Tap The", "collective"),
        (nfd("Tập thể"), "collective"),
        ("collective", "collective"),
        ("Collective", "collective"),
        ("Cá nhân", "individual"),
        ("CÁ NHÂN", "individual"),
        ("ca nhan", "individual"),
        ("  cá   nhân ", "individual"),
        ("individual", "individual"),
        ("INDIVIDUAL", "individual"),
        (None, "individual"),
        ("   ", "individual"),
    ],
)
def test_kind_values(tmp_path: Path, written: str | None, kind: str) -> None:
    path = make_xlsx(tmp_path, [["Họ và tên", "Loại"], ["Hoàng Thị Đào", written]])
    assert read_awardees(path)[0].values == {"name": "Hoàng Thị Đào", "kind": kind}


@pytest.mark.parametrize(
    ("written", "gender"),
    [
        ("Nam", "male"),
        ("NAM", "male"),
        ("nam", "male"),
        ("male", "male"),
        ("Male", "male"),
        ("Ông", "male"),
        ("ông", "male"),
        ("Nữ", "female"),
        ("NỮ", "female"),
        ("nu", "female"),
        (nfd("Nữ"), "female"),
        ("female", "female"),
        ("FEMALE", "female"),
        ("Bà", "female"),
        ("bà", "female"),
        (None, None),
        ("  ", None),
    ],
)
def test_gender_values(tmp_path: Path, written: str | None, gender: str | None) -> None:
    path = make_xlsx(tmp_path, [["Họ và tên", "Giới tính"], ["Hoàng Thị Đào", written]])
    values = read_awardees(path)[0].values
    assert values.get("gender") == gender
    assert set(values) == ({"name", "gender"} if gender else {"name"})


def test_no_kind_column_leaves_kind_out(tmp_path: Path) -> None:
    path = make_csv(tmp_path, "Họ và tên,Chức vụ\nLê Văn Bình,\n")
    assert read_awardees(path)[0].values == {"name": "Lê Văn Bình"}


def test_empty_optional_cells_are_absent_never_empty_strings(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["Họ và tên", "Chức vụ", "Đơn vị", "Thành tích", "Ghi chú", "Số sổ vàng", "Giới tính"],
            ["Lê Văn Bình", "", "   ", None, "\n", " \u00a0", ""],
        ],
    )
    assert read_awardees(path)[0].values == {"name": "Lê Văn Bình"}


# ---------------------------------------------------------------------- exact values


def test_values_come_out_exactly(tmp_path: Path) -> None:
    tricky = [
        "Công ty TNHH Xây dựng & Thương mại <An Phát>",
        "Hội \"Cựu chiến binh\" xã 'Ngọc Liên'",
        "Đoàn viên 🎉 xuất sắc {{ name }} {% if %}",
        "Nguyễn Thị Thủy, Nguyễn Thị Thuỷ, Hoà, Hòa",
    ]
    path = make_xlsx(tmp_path, [["Họ và tên", "Đơn vị"], *[[name, name] for name in tricky]])
    assert [(a.values["name"], a.values["unit"]) for a in read_awardees(path)] == [
        (t, t) for t in tricky
    ]
    csv_text = "Họ và tên;Đơn vị\n" + "".join(
        '"{0}";"{0}"\n'.format(t.replace('"', '""')) for t in tricky
    )
    csv_path = make_csv(tmp_path, csv_text)
    assert [a.values["name"] for a in read_awardees(csv_path)] == tricky


def test_nfd_input_comes_out_nfc(tmp_path: Path) -> None:
    name, unit = "Nguyễn Thị Ánh Tuyết", "Phòng Lao động - Thương binh và Xã hội"
    path = make_xlsx(tmp_path, [[nfd("Họ và tên"), nfd("Đơn vị")], [nfd(name), nfd(unit)]])
    values = read_awardees(path)[0].values
    assert values == {"name": name, "unit": unit}
    assert all(unicodedata.is_normalized("NFC", v) for v in values.values())
    csv_path = make_csv(tmp_path, nfd(f"Họ và tên,Đơn vị\n{name},{unit}\n"))
    assert read_awardees(csv_path)[0].values == {"name": name, "unit": unit}


def test_eth_lookalike_becomes_vietnamese_dj(tmp_path: Path) -> None:
    path = make_csv(tmp_path, "Họ và tên\n\u00d0ỗ Văn Ân\n")
    assert read_awardees(path)[0].values["name"] == "Đỗ Văn Ân"


def test_whitespace_stripped_and_inner_line_breaks_kept(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [["Họ và tên", "Thành tích"], ["  \u200bLê Văn  Bình\t ", " Dòng một\r\nDòng hai\n\n "]],
    )
    assert read_awardees(path)[0].values == {"name": "Lê Văn  Bình", "reason": "Dòng một\nDòng hai"}


def test_numbers_and_dates_in_text_columns(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["Họ và tên", "Đơn vị", "Chức vụ", "Ghi chú", "Số sổ vàng"],
            [2024, 12, 12.0, dt.datetime(2023, 12, 15), 12.5],
            ["Lê Văn Bình", -3, 1e16, dt.date(2024, 1, 5), 7],
        ],
    )
    assert [a.values for a in read_awardees(path)] == [
        {"name": "2024", "unit": "12", "position": "12", "note": "15/12/2023", "gold_book": "12.5"},
        {
            "name": "Lê Văn Bình",
            "unit": "-3",
            "position": "10000000000000000",
            "note": "05/01/2024",
            "gold_book": "7",
        },
    ]


def test_file_order_is_kept(tmp_path: Path) -> None:
    names = ["Vũ Văn Xuân", "An", "Đặng Thị Ánh", "Bùi Văn Ba", "Ân"]
    path = make_xlsx(tmp_path, [["Họ và tên"], *[[n] for n in names]])
    assert [a.values["name"] for a in read_awardees(path)] == names
    assert [a.row for a in read_awardees(path)] == [2, 3, 4, 5, 6]


# ---------------------------------------------------------------------- layouts


def test_title_row_merged_above_the_header(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"],
            ["(Kèm theo Tờ trình số 45/TTr-NV ngày 10/12/2023)"],
            [],
            ["STT", "Họ và tên", "Chức vụ", "Đơn vị"],
            [1, "Lê Văn Bình", "Chỉ huy trưởng", "xã Ngọc Trung"],
        ],
        merges=["A1:D1", "A2:D2"],
    )
    assert read_awardees(path) == [
        AwardeeRow(
            5, {"name": "Lê Văn Bình", "position": "Chỉ huy trưởng", "unit": "xã Ngọc Trung"}
        )
    ]


def test_header_merged_over_two_rows_with_sub_headers(tmp_path: Path) -> None:
    # Row 1: STT, Họ và tên (each merged down), "Công tác" over Chức vụ | Đơn vị.
    path = make_xlsx(
        tmp_path,
        [
            ["STT", "Họ và tên", "Công tác", None, "Ghi chú"],
            [None, None, "Chức vụ", "Đơn vị", None],
            [1, "Lê Văn Bình", "Chỉ huy trưởng", "xã Ngọc Trung", None],
            [2, "Phạm Thị Ánh", "Chủ tịch", "xã Thúy Sơn", "Nữ đầu tiên"],
        ],
        merges=["A1:A2", "B1:B2", "C1:D1", "E1:E2"],
    )
    assert read_awardees(path) == [
        AwardeeRow(
            3, {"name": "Lê Văn Bình", "position": "Chỉ huy trưởng", "unit": "xã Ngọc Trung"}
        ),
        AwardeeRow(
            4,
            {
                "name": "Phạm Thị Ánh",
                "position": "Chủ tịch",
                "unit": "xã Thúy Sơn",
                "note": "Nữ đầu tiên",
            },
        ),
    ]


def test_name_header_in_the_second_header_row(tmp_path: Path) -> None:
    # Row 1: STT and Đơn vị merged down; "Đối tượng khen thưởng" over Họ và tên | Chức vụ.
    path = make_xlsx(
        tmp_path,
        [
            ["STT", "Đối tượng khen thưởng", None, "Đơn vị"],
            [None, "Họ và tên", "Chức vụ", None],
            [1, "Lê Văn Bình", "Chỉ huy trưởng", "xã Ngọc Trung"],
        ],
        merges=["A1:A2", "B1:C1", "D1:D2"],
    )
    assert read_awardees(path) == [
        AwardeeRow(
            3, {"name": "Lê Văn Bình", "position": "Chỉ huy trưởng", "unit": "xã Ngọc Trung"}
        )
    ]


def test_two_row_header_in_csv_without_merges(tmp_path: Path) -> None:
    # The same layout saved as CSV by Excel: merged cells become empty cells.
    path = make_csv(
        tmp_path,
        "STT;Họ và tên;Công tác;;Hình thức\n"
        ";;Chức vụ;Đơn vị;\n"
        "1;Lê Văn Bình;Chỉ huy trưởng;xã Ngọc Trung;Giấy khen\n",
    )
    assert read_awardees(path) == [
        AwardeeRow(
            3, {"name": "Lê Văn Bình", "position": "Chỉ huy trưởng", "unit": "xã Ngọc Trung"}
        )
    ]


def test_sub_headers_that_are_not_known_headers(tmp_path: Path) -> None:
    path = make_csv(
        tmp_path,
        "STT,Họ và tên,Hình thức khen thưởng,\n,,Giấy khen,Bằng khen\n1,Lê Văn Bình,x,\n",
    )
    assert read_awardees(path) == [AwardeeRow(3, {"name": "Lê Văn Bình"})]


def test_name_split_over_a_merged_header(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["STT", "Họ và tên", None, "Đơn vị"],
            [1, "Nguyễn Văn", "An", "xã A"],
            [2, "Ủy ban nhân dân xã Ngọc Trung", None, "huyện Ngọc Lặc"],
        ],
        merges=["B1:C1", "B3:C3"],
    )
    assert [a.values["name"] for a in read_awardees(path)] == [
        "Nguyễn Văn An",
        "Ủy ban nhân dân xã Ngọc Trung",
    ]


def test_name_split_in_csv_and_with_sub_headers(tmp_path: Path) -> None:
    exported = make_csv(tmp_path, "STT,Họ và tên,,Đơn vị\n1,Nguyễn Văn,An,xã A\n", name="a.csv")
    assert read_awardees(exported)[0].values == {"name": "Nguyễn Văn An", "unit": "xã A"}
    labelled = make_xlsx(
        tmp_path,
        [["Họ và tên", None, "Đơn vị"], ["Họ đệm", "Tên", None], ["Trần Thị", "Bích", "xã B"]],
        merges=["A1:B1", "C1:C2"],
    )
    assert read_awardees(labelled) == [AwardeeRow(3, {"name": "Trần Thị Bích", "unit": "xã B"})]


def test_split_name_with_the_given_name_column_first(tmp_path: Path) -> None:
    path = make_csv(tmp_path, "Tên,Họ và tên đệm,Đơn vị\nBích,Trần Thị,xã B\n")
    assert read_awardees(path)[0].values == {"name": "Trần Thị Bích", "unit": "xã B"}


def test_unlabelled_column_after_the_name_is_ignored_when_not_merged(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, [["Họ và tên", None, "Đơn vị"], ["Lê Văn Bình", "x", "xã A"]])
    assert read_awardees(path)[0].values == {"name": "Lê Văn Bình", "unit": "xã A"}


def test_unit_merged_down_over_several_people(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["STT", "Họ và tên", "Đơn vị", "Loại"],
            [1, "Lê Văn Bình", "xã Ngọc Trung", "Cá nhân"],
            [2, "Phạm Thị Ánh", None, None],
            [3, "Đỗ Văn Ân", "xã Quang Trung", "Cá nhân"],
        ],
        merges=["C2:C3", "D2:D3"],
    )
    assert [a.values for a in read_awardees(path)] == [
        {"name": "Lê Văn Bình", "unit": "xã Ngọc Trung", "kind": "individual"},
        {"name": "Phạm Thị Ánh", "unit": "xã Ngọc Trung", "kind": "individual"},
        {"name": "Đỗ Văn Ân", "unit": "xã Quang Trung", "kind": "individual"},
    ]


def test_name_merged_down_is_one_awardee(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [["Họ và tên", "Đơn vị"], ["Ban Chỉ huy Quân sự xã Thúy Sơn", "xã Thúy Sơn"], [None, None]],
        merges=["A2:A3", "B2:B3"],
    )
    assert read_awardees(path) == [
        AwardeeRow(2, {"name": "Ban Chỉ huy Quân sự xã Thúy Sơn", "unit": "xã Thúy Sơn"})
    ]


def test_column_number_row_under_the_header(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [["TT", "Họ và tên", "Chức vụ"], ["(1)", "(2)", "(3)"], [1, "Lê Văn Bình", "Trưởng thôn"]],
    )
    assert read_awardees(path) == [
        AwardeeRow(3, {"name": "Lê Văn Bình", "position": "Trưởng thôn"})
    ]
    numbers = make_csv(tmp_path, "STT,Họ và tên,Chức vụ\n1,2,3\n1,Lê Văn Bình,Trưởng thôn\n")
    assert read_awardees(numbers) == [
        AwardeeRow(3, {"name": "Lê Văn Bình", "position": "Trưởng thôn"})
    ]


def test_section_headings_give_the_kind(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["STT", "Họ và tên", "Đơn vị"],
            ["I. TẬP THỂ (02)"],
            [1, "Công an thị trấn Ngọc Lặc", None],
            [2, "Ban Chỉ huy Quân sự xã Thúy Sơn", None],
            ["II. CÁ NHÂN (01)"],
            [1, "Lê Văn Bình", "xã Ngọc Trung"],
            ["III. Khác"],
            [1, "Đỗ Văn Ân", None],
        ],
        merges=["A2:C2", "A5:C5", "A7:C7"],
    )
    assert [(a.row, a.values.get("kind")) for a in read_awardees(path)] == [
        (3, "collective"),
        (4, "collective"),
        (6, "individual"),
        (8, None),
    ]


def test_section_number_in_stt_column_with_words_beside_it(tmp_path: Path) -> None:
    path = make_csv(
        tmp_path,
        "TT;Họ và tên;Đơn vị\n"
        "A;TẬP THỂ\n"
        "1;Công an thị trấn Ngọc Lặc;\n"
        "B.;Cá nhân\n"
        "1;Lê Văn Bình;xã Ngọc Trung\n",
    )
    assert [(a.row, a.values["name"], a.values.get("kind")) for a in read_awardees(path)] == [
        (3, "Công an thị trấn Ngọc Lặc", "collective"),
        (5, "Lê Văn Bình", "individual"),
    ]


def test_a_name_that_looks_like_a_heading_stays_an_awardee(tmp_path: Path) -> None:
    path = make_csv(tmp_path, "Họ và tên\nC. ty TNHH An Phát\nA. Lê Văn Bình\n")
    assert [a.values for a in read_awardees(path)] == [
        {"name": "C. ty TNHH An Phát"},
        {"name": "A. Lê Văn Bình"},
    ]


def test_kind_column_wins_over_a_section_heading(tmp_path: Path) -> None:
    path = make_csv(tmp_path, "Họ và tên,Loại\nA. Tập thể\nCông an xã,\nLê Văn Bình,Cá nhân\n")
    assert [a.values["kind"] for a in read_awardees(path)] == ["collective", "individual"]


def test_blank_and_numbered_blank_rows_are_skipped(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            [],
            ["STT", "Họ và tên", "Giới tính"],
            [1, "Lê Văn Bình", "Nam"],
            [None, "  ", None],
            [],
            [2, "Phạm Thị Ánh", "Nữ"],
            [3],
            ["4."],
            [5, None, "Nữ"],
            [6, "Hoàng Thị Đào", "Không rõ"],
            [7],
        ],
    )
    error = read_error(path)
    assert [(p.line, p.column) for p in error.problems] == [(9, "Họ và tên"), (10, "Giới tính")]
    path.unlink()
    path = make_xlsx(
        tmp_path, [[], ["STT", "Họ và tên"], [1, "Lê Văn Bình"], [], [2, "Phạm Thị Ánh"], [3], [4]]
    )
    assert [a.row for a in read_awardees(path)] == [3, 5]


def test_hidden_first_sheet_is_skipped(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    assert hidden is not None
    hidden.title = "Cấu hình"
    hidden.append(["Họ và tên"])
    hidden.append(["Mẫu không dùng"])
    hidden.sheet_state = "hidden"
    visible = workbook.create_sheet("Danh sách")
    visible.append(["Họ và tên"])
    visible.append(["Lê Văn Bình"])
    path = tmp_path / "ds.xlsx"
    workbook.save(path)
    assert read_awardees(path) == [AwardeeRow(2, {"name": "Lê Văn Bình"})]


def test_only_the_first_sheet_is_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.append(["Họ và tên"])
    first.append(["Lê Văn Bình"])
    second = workbook.create_sheet("Khác")
    second.append(["Họ và tên"])
    second.append(["Người khác"])
    path = tmp_path / "ds.xlsx"
    workbook.save(path)
    assert [a.values["name"] for a in read_awardees(path)] == ["Lê Văn Bình"]


# ---------------------------------------------------------------------- CSV flavours

EXPECTED_CSV = [
    AwardeeRow(2, {"name": "Lê Văn Bình", "unit": "xã Ngọc Trung, huyện Ngọc Lặc"}),
    AwardeeRow(3, {"name": "Phạm Thị Ánh", "unit": "xã Thúy Sơn"}),
]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            'Họ và tên,Đơn vị\nLê Văn Bình,"xã Ngọc Trung, huyện Ngọc Lặc"\nPhạm Thị Ánh,xã Thúy Sơn\n',
            "utf-8",
        ),
        (
            '\ufeffHọ và tên,Đơn vị\r\nLê Văn Bình,"xã Ngọc Trung, huyện Ngọc Lặc"\r\nPhạm Thị Ánh,xã Thúy Sơn\r\n',
            "utf-8",
        ),
        (
            "Họ và tên;Đơn vị\nLê Văn Bình;xã Ngọc Trung, huyện Ngọc Lặc\nPhạm Thị Ánh;xã Thúy Sơn\n",
            "utf-8",
        ),
        (
            "\ufeffHọ và tên;Đơn vị\nLê Văn Bình;xã Ngọc Trung, huyện Ngọc Lặc\nPhạm Thị Ánh;xã Thúy Sơn",
            "utf-8",
        ),
        (
            "Họ và tên\tĐơn vị\nLê Văn Bình\txã Ngọc Trung, huyện Ngọc Lặc\nPhạm Thị Ánh\txã Thúy Sơn\n",
            "utf-8",
        ),
        (
            "\ufeffHọ và tên\tĐơn vị\r\nLê Văn Bình\txã Ngọc Trung, huyện Ngọc Lặc\r\nPhạm Thị Ánh\txã Thúy Sơn\r\n",
            "utf-16-le",
        ),
        (
            "\ufeffHọ và tên;Đơn vị\nLê Văn Bình;xã Ngọc Trung, huyện Ngọc Lặc\nPhạm Thị Ánh;xã Thúy Sơn\n",
            "utf-16-be",
        ),
        (
            '\ufeffHọ và tên,Đơn vị\nLê Văn Bình,"xã Ngọc Trung, huyện Ngọc Lặc"\nPhạm Thị Ánh,xã Thúy Sơn\n',
            "utf-16",
        ),
    ],
    ids=[
        "comma",
        "comma-bom-crlf",
        "semicolon",
        "semicolon-bom",
        "tab",
        "utf16le-tab",
        "utf16be-semicolon",
        "utf16-comma",
    ],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, text: str, encoding: str) -> None:
    assert read_awardees(make_csv(tmp_path, text, encoding)) == EXPECTED_CSV


def test_csv_delimiter_decided_by_the_header_not_by_commas_in_it(tmp_path: Path) -> None:
    # One ";" against two ",": counting or Sniffer alone would split on ",".
    path = make_csv(tmp_path, "Họ và tên;Chức vụ, đơn vị, ghi chú\nLê Văn Bình;Trưởng, xã A\n")
    assert read_awardees(path) == [AwardeeRow(2, {"name": "Lê Văn Bình"})]


def test_csv_quoted_multiline_cell_counts_as_one_row(tmp_path: Path) -> None:
    path = make_csv(
        tmp_path,
        "Họ và tên;Thành tích;Giới tính\r\n"
        '"Lê Văn Bình";"Dòng một;\r\nDòng hai ""trích dẫn""\r\nDòng ba";Nam\r\n'
        '"Phạm Thị\nÁnh";;Bà\r\n'
        ";;Không rõ\r\n",
    )
    error = read_error(path)
    # Rows as Excel numbers them: the three-line cell is one row (2), so the bad row is 4.
    assert [(p.line, p.column) for p in error.problems] == [(4, "Họ và tên"), (4, "Giới tính")]
    path = make_csv(tmp_path, path.read_text(encoding="utf-8").rsplit(";;Không rõ", 1)[0])
    assert read_awardees(path) == [
        AwardeeRow(
            2,
            {
                "name": "Lê Văn Bình",
                "reason": 'Dòng một;\nDòng hai "trích dẫn"\nDòng ba',
                "gender": "male",
            },
        ),
        AwardeeRow(3, {"name": "Phạm Thị\nÁnh", "gender": "female"}),
    ]


def test_csv_title_line_above_the_header(tmp_path: Path) -> None:
    path = make_csv(
        tmp_path,
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG;;\n;;\nSTT;Họ và tên;Đơn vị\n1;Lê Văn Bình;xã A\n",
    )
    assert read_awardees(path) == [AwardeeRow(4, {"name": "Lê Văn Bình", "unit": "xã A"})]


def test_csv_excel_sep_line(tmp_path: Path) -> None:
    path = make_csv(tmp_path, "sep=;\nHọ và tên;Đơn vị\nLê Văn Bình;xã A, huyện B\n")
    assert read_awardees(path) == [AwardeeRow(2, {"name": "Lê Văn Bình", "unit": "xã A, huyện B"})]


def test_csv_one_column(tmp_path: Path) -> None:
    path = make_csv(tmp_path, "Họ và tên\nLê Văn Bình\nPhạm Thị Ánh\n")
    assert [a.values["name"] for a in read_awardees(path)] == ["Lê Văn Bình", "Phạm Thị Ánh"]


# ---------------------------------------------------------------------- errors


def test_no_name_column(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, [["STT", "Người được khen", "Đơn vị"], [1, "Lê Văn Bình", "xã A"]])
    problem = only_problem(path)
    assert "Không tìm thấy cột tên" in problem.message
    assert "“Người được khen”" in problem.message
    assert problem.hint is not None
    for header in ("Họ và tên", "Họ tên", "Tên", "Tên tập thể", "Tên tập thể/cá nhân", "name"):
        assert f"“{header}”" in problem.hint


def test_name_header_below_the_search_window_is_not_found(tmp_path: Path) -> None:
    rows: list[list[Any]] = [[f"Dòng tiêu đề {i}"] for i in range(10)]
    path = make_xlsx(tmp_path, [*rows, ["Họ và tên"], ["Lê Văn Bình"]])
    assert "Không tìm thấy cột tên" in only_problem(path).message


def test_empty_name_names_row_and_column_as_written(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["DANH SÁCH"],
            ["STT", "HỌ VÀ  TÊN", "Đơn vị"],
            [1, "Lê Văn Bình", "xã A"],
            [2, None, "xã B"],
        ],
        merges=["A1:C1"],
    )
    problem = only_problem(path)
    assert (problem.line, problem.column) == (4, "HỌ VÀ TÊN")
    assert problem.location() == "dòng 4, cột “HỌ VÀ TÊN”"
    assert "Thiếu tên" in problem.message


def test_unknown_kind(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path, [["Họ và tên", "Đối tượng"], ["Lê Văn Bình", "Cá nhân"], ["Công an xã", "Đơn vị"]]
    )
    problem = only_problem(path)
    assert (problem.line, problem.column) == (3, "Đối tượng")
    for word in ("“Đơn vị”", "Tập thể", "Cá nhân", "collective", "individual"):
        assert word in problem.message


def test_unknown_gender(tmp_path: Path) -> None:
    path = make_csv(tmp_path, "Họ và tên,Giới tính\nLê Văn Bình,Nam\nPhạm Thị Ánh,F\n")
    problem = only_problem(path)
    assert (problem.line, problem.column) == (3, "Giới tính")
    for word in ("“F”", "Nam", "Nữ"):
        assert word in problem.message


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["Họ và tên", "Loại", "Giới tính"],
            [None, "Tập thể", None],
            ["Lê Văn Bình", "Nhóm", "Trai"],
            ["Phạm Thị Ánh", "Cá nhân", "Nữ"],
            [None, "??", None],
        ],
    )
    error = read_error(path)
    assert [(p.line, p.column) for p in error.problems] == [
        (2, "Họ và tên"),
        (3, "Loại"),
        (3, "Giới tính"),
        (5, "Họ và tên"),
        (5, "Loại"),
    ]
    assert error.message == f"Có 5 lỗi trong tệp {path}, chưa tạo văn bản nào."


def test_two_columns_for_one_key(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, [["Họ tên", "Đơn vị", "Đơn vị công tác"], ["Lê Văn Bình", "A", "B"]])
    problem = only_problem(path)
    assert problem.column == "Đơn vị công tác"
    assert "“Đơn vị”" in problem.message and "“Đơn vị công tác”" in problem.message


def test_missing_file(tmp_path: Path) -> None:
    assert "Không tìm thấy tệp" in only_problem(tmp_path / "khong-co.xlsx").message


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "ds.csv"
    folder.mkdir()
    assert "thư mục" in only_problem(folder).message


@pytest.mark.parametrize("name", ["rong.xlsx", "rong.csv"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert "Tệp trống" in only_problem(path).message


def test_csv_with_only_blank_lines(tmp_path: Path) -> None:
    assert "Tệp trống" in only_problem(make_csv(tmp_path, "\n \r\n\t\n")).message
    assert (
        "không có dòng dữ liệu"
        in only_problem(make_csv(tmp_path, ",,\n , ,\n", name="b.csv")).message
    )


def test_sheet_with_no_rows(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, [])
    assert "không có dòng dữ liệu nào" in only_problem(path).message
    path = make_xlsx(tmp_path, [[None, "  "], []], name="b.xlsx")
    assert "không có dòng dữ liệu nào" in only_problem(path).message


def test_header_without_rows_is_an_empty_list(tmp_path: Path) -> None:
    # The caller (awards.resolve_awardees) decides that an empty list is an error.
    assert read_awardees(make_xlsx(tmp_path, [["STT", "Họ và tên"], [1], [2]])) == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"Ho va ten,Don vi\nLe Van Binh,xa A\n", "không phải là tệp Excel .xlsx thật"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "Excel 97–2003 (.xls)"),
        (
            b"<html><table><tr><td>Ho va ten</td></tr></table></html>",
            "không phải là tệp Excel .xlsx thật",
        ),
    ],
    ids=["renamed-text", "xls-renamed", "html-renamed"],
)
def test_not_a_real_xlsx(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(content)
    problem = only_problem(path)
    assert words in problem.message
    assert problem.hint is not None and ".xlsx" in problem.hint


def test_corrupt_or_foreign_zip_as_xlsx(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "ds.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "bị hỏng" in only_problem(path).message
    good = make_xlsx(tmp_path, [["Họ và tên"], ["Lê Văn Bình"]], name="good.xlsx")
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(good.read_bytes()[:300])
    assert "bị hỏng" in only_problem(truncated).message


@pytest.mark.parametrize("suffix", [".ods", ".txt", ".json", ""])
def test_unsupported_suffix(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"danh-sach{suffix}"
    path.write_text("Họ và tên\nLê Văn Bình\n", encoding="utf-8")
    problem = only_problem(path)
    assert ".xlsx" in problem.message and ".csv" in problem.message
    assert problem.hint is not None and ".xlsx" in problem.hint
    if suffix == ".ods":
        assert "“.ods”" in problem.message and "Save As" in problem.hint


def test_xlsx_renamed_to_csv(tmp_path: Path) -> None:
    source = make_xlsx(tmp_path, [["Họ và tên"], ["Lê Văn Bình"]])
    path = tmp_path / "ds.csv"
    path.write_bytes(source.read_bytes())
    problem = only_problem(path)
    assert "thực ra là tệp Excel" in problem.message


def test_csv_not_in_utf8(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    # Windows-1258, as plain "CSV (Comma delimited)" is saved on Vietnamese Windows.
    path.write_bytes("Tên\nLê Văn Binh\n".encode("cp1258"))
    problem = only_problem(path)
    assert "UTF-8" in problem.message
    assert problem.line == 1
    assert problem.hint is not None and "CSV UTF-8" in problem.hint


# ---------------------------------------------------------------------- scale and start-up


def test_wrong_dimension_tag_does_not_cut_the_list(tmp_path: Path) -> None:
    import zipfile

    source = make_xlsx(tmp_path, [["Họ và tên"], *[[f"Người {i}"] for i in range(1, 6)]])
    path = tmp_path / "sai-kich-thuoc.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:A6"/>' in data
                data = data.replace(b'<dimension ref="A1:A6"/>', b'<dimension ref="A1:A2"/>')
            new.writestr(item, data)
    assert len(read_awardees(path)) == 5


def test_ten_thousand_rows(tmp_path: Path) -> None:
    count = 10_000
    # A normal (not write-only) workbook: shared strings and a leading <dimension>, as
    # Excel and LibreOffice save them.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2023"])
    sheet.append(
        ["STT", "Họ và tên", "Loại", "Giới tính", "Chức vụ", "Đơn vị", "Thành tích", "Ghi chú"]
    )
    for i in range(1, count + 1):
        sheet.append(
            [
                i,
                f"Nguyễn Thị Ánh Tuyết {i}",
                "Tập thể" if i % 10 == 0 else "Cá nhân",
                "Nữ" if i % 2 else "Nam",
                f"Trưởng thôn Đồng Tâm {i}",
                f"xã Ngọc Trung & <Minh Sơn> {i % 97}",
                "Hoàn thành xuất sắc nhiệm vụ năm 2023",
                None if i % 3 else "Đề nghị",
            ]
        )
    sheet.merge_cells("A1:H1")
    path = tmp_path / "lon.xlsx"
    workbook.save(path)

    start = time.perf_counter()
    rows = read_awardees(path)
    elapsed = time.perf_counter() - start
    print(f"\nread_awardees: {count} rows x 8 columns in {elapsed:.3f} s")

    assert len(rows) == count
    assert [r.row for r in rows] == list(range(3, count + 3))
    assert rows[0] == AwardeeRow(
        3,
        {
            "name": "Nguyễn Thị Ánh Tuyết 1",
            "kind": "individual",
            "gender": "female",
            "position": "Trưởng thôn Đồng Tâm 1",
            "unit": "xã Ngọc Trung & <Minh Sơn> 1",
            "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2023",
        },
    )
    last = rows[-1]
    assert last.values["name"] == f"Nguyễn Thị Ánh Tuyết {count}"
    assert last.values["kind"] == "collective" and last.values["gender"] == "male"
    assert sum(r.values["kind"] == "collective" for r in rows) == count // 10
    assert sum("note" in r.values for r in rows) == count // 3


def test_import_does_not_load_openpyxl() -> None:
    code = "import sys, draftkit.awardees; print('openpyxl' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_combined_position_and_unit_column(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text(
        'STT,Họ và tên,"Chức vụ, đơn vị công tác"\n1,Lê Văn Bình,"Chỉ huy trưởng, xã Ngọc Trung"\n',
        encoding="utf-8",
    )
    (row,) = read_awardees(path)
    assert row.values == {"name": "Lê Văn Bình", "position": "Chỉ huy trưởng, xã Ngọc Trung"}
