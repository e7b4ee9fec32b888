"""An office's own Excel or CSV list is read right or refused (issue 11 §2).

Lists are built here with openpyxl or as text, laid out as offices lay them out: a kind
column under one of its many headers, tick columns, columns draftkit does not use, a total
row and a signature block under the table. What is checked is what the clerk sees: the
rows read, the warnings (in `render`'s output and in the interview), the documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from docx_helpers import all_text, open_docx
from draftkit.awardees import AwardeeList, read_list
from draftkit.awards import amounts
from draftkit.cli import app
from draftkit.datafile import load_data_file
from draftkit.errors import InputError, Problem
from draftkit.kinds import likely_collective, suggested_gender
from draftkit.pipeline import load_model

# ---------------------------------------------------------------------- helpers


def make_xlsx(tmp_path: Path, rows: Iterable[Sequence[Any]], name: str = "ds.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / name
    workbook.save(path)
    return path


def read(path: Path) -> AwardeeList:
    return read_list(path)


def problems(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as info:
        read_list(path)
    return info.value.problems


def names(listed: AwardeeList) -> list[str]:
    return [row.values["name"] for row in listed.rows]


def kinds(listed: AwardeeList) -> list[str]:
    return [row.values.get("kind", "individual") for row in listed.rows]


def warning_texts(listed: AwardeeList) -> list[str]:
    return [w.message for w in listed.warnings]


ROUND_2026 = """\
version: 1
document: awards
style: state
issuer:
  parent: UBND HUYỆN NGỌC LẶC
  name: ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG
  code: UBND
  place: Ngọc Trung
number: 215
date: 2026-12-14
authority: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG
level: commune
award: Giấy khen
reason: đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026
awardees: {awardees}
signer:
  authority: KT. CHỦ TỊCH
  title: PHÓ CHỦ TỊCH
  name: Trịnh Văn Dũng
recipients:
  - Như Điều 3
  - "Lưu: VT"
"""


def write_round(folder: Path, awardees: str) -> Path:
    path = folder / "khen-thuong.yaml"
    path.write_text(ROUND_2026.format(awardees=awardees), encoding="utf-8")
    return path


def render(args: list[str]) -> Any:
    return CliRunner().invoke(app, ["render", *args], env={"COLUMNS": "200"})


# ---------------------------------------------------------------------- kinds.py


@pytest.mark.parametrize(
    "name",
    [
        "Trường THCS Ngọc Trung",
        "Trường Mầm non xã Minh Sơn",
        "Công an xã Ngọc Trung",
        "Ban Chỉ huy Quân sự xã Thúy Sơn",
        "Ban CHQS xã Thúy Sơn",
        "Chi bộ thôn Minh Thành",
        "Chi Bộ Thôn 3",
        "Ủy ban nhân dân xã Ngọc Trung",
        "UBND xã Ngọc Trung",
        "Hội Nông dân xã Ngọc Trung",
        "Hội LHPN xã",
        "Hội Cựu Chiến Binh",
        "Đoàn Thanh niên xã Ngọc Trung",
        "Đoàn Thanh Niên",
        "ĐOÀN THANH NIÊN XÃ NGỌC TRUNG",
        "đoàn thanh niên xã ngọc trung",
        "hội nông dân xã",
        "HỘI CỰU CHIẾN BINH THỊ TRẤN NGỌC LẶC",
        "HỘI VĂN NGHỆ THỊ TRẤN NGỌC LẶC",
        "Tổ dân phố số 3",
        "Tổ",
        "Phòng Nội vụ",
        "Phòng Giáo Dục",
        "Trạm Y tế xã",
        "Trung tâm Y tế huyện",
        "Hợp tác xã Nông nghiệp Minh Sơn",
        "Văn phòng HĐND và UBND",
        "Đảng bộ xã",
        "Thôn Đồng Tâm",
        "Cộng đồng dân cư thôn A",
        "Tổng đội TNXP",
        "Liên đoàn Lao động huyện",
        "Công đoàn cơ sở xã A",
    ],
)
def test_collective_names(name: str) -> None:
    assert likely_collective(name)
    assert suggested_gender(name) is None


@pytest.mark.parametrize(
    "name",
    [
        "Đoàn Văn Hùng",
        "ĐOÀN VĂN HÙNG",
        "đoàn văn hùng",
        "ban thị hoa",
        "ĐOÀN THỊ THÀNH",
        "Đoàn Thị Lan",
        "Ban Văn Nam",
        "Hội Văn Minh",
        "Phòng Thị Hạnh",
        "Tô Văn Tổ",
        "Lê Văn Bình",
        "Nguyễn Thị Ánh Tuyết",
        "Trịnh Văn Dũng",
        "Khoa Văn Hà",
        "Đoàn Văn Hóa",  # "văn hóa" continues an organisation only after a lower-case "văn"
        "Hội Thị Y Tế",
        "",
    ],
)
def test_person_names(name: str) -> None:
    assert not likely_collective(name)


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Nguyễn Thị Lan", "female"),
        ("Lê Thị Ánh Tuyết", "female"),
        ("NGUYỄN THỊ LAN", "female"),
        ("Đoàn Thị Hoa", "female"),
        ("Lê Văn Bình", None),  # "Văn" is not proof of anything: no guess
        ("Thị Văn An", None),  # "Thị" as a surname
        ("Nguyễn Văn Thị", None),  # ... or a given name
        ("Lê Thị", None),
        ("Hội Phụ nữ thị trấn", None),
    ],
)
def test_suggested_gender_from_thi(name: str, gender: str | None) -> None:
    assert suggested_gender(name) == gender


# ---------------------------------------------------------------------- kind headers


@pytest.mark.parametrize(
    "header",
    ["Tập thể/cá nhân", "Tập thể / Cá nhân", "Đối tượng", "Loại", "TT/CN", "Cá nhân/tập thể",
     "Hình thức", "LOẠI ĐỐI TƯỢNG", "Phân loại"],
)
@pytest.mark.parametrize(
    ("value", "kind"),
    [("Tập thể", "collective"), ("TT", "collective"), ("tt", "collective"),
     ("Cá nhân", "individual"), ("CN", "individual"), ("cá nhân", "individual"),
     (None, "individual")],
)
def test_kind_headers_and_values(tmp_path: Path, header: str, value: str | None, kind: str) -> None:
    path = make_xlsx(tmp_path, [["STT", "Họ và tên", header], [1, "Tên A", value]])
    listed = read(path)
    assert kinds(listed) == [kind]
    assert not any(header in w for w in warning_texts(listed))


@pytest.mark.parametrize(
    ("collective", "individual", "kind"),
    [("x", None, "collective"), ("X", None, "collective"), (None, "x", "individual"),
     ("✓", None, "collective"), (None, None, "individual")],
)
def test_tick_columns(tmp_path: Path, collective: str | None, individual: str | None, kind: str) -> None:
    path = make_xlsx(
        tmp_path,
        [["STT", "Họ và tên", "Tập thể", "Cá nhân"], [1, "Tên A", collective, individual]],
    )
    assert kinds(read(path)) == [kind]


def test_tick_in_a_single_tập_thể_column(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [["STT", "Họ và tên", "Tập thể"], [1, "Trường THCS Ngọc Trung", "x"], [2, "Lê Văn Bình", None]],
    )
    assert kinds(read(path)) == ["collective", "individual"]


def test_ticks_in_both_columns_or_an_unclear_tick_are_refused(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [["STT", "Họ và tên", "Tập thể", "Cá nhân"], [1, "Tên A", "x", "x"], [2, "Tên B", "có lẽ", None]],
    )
    found = problems(path)
    assert [(p.line, p.column) for p in found] == [(2, "Tập thể"), (3, "Tập thể")]
    assert "cả tập thể lẫn cá nhân" in found[0].message
    assert "“có lẽ”" in found[1].message


def test_unknown_kind_value_is_refused_with_its_cell(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, [["Họ và tên", "TT/CN"], ["Tên A", "Hộ gia đình"]])
    (problem,) = problems(path)
    assert (problem.line, problem.column) == (2, "TT/CN")
    assert "“Hộ gia đình”" in problem.message and "“TT”" in problem.message


def test_hình_thức_holding_the_award_is_not_the_kind(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path, [["Họ và tên", "Hình thức"], ["Trường THCS A", "Giấy khen"], ["Lê Văn Bình", "Giấy khen"]]
    )
    listed = read(path)
    assert names(listed) == ["Trường THCS A", "Lê Văn Bình"]
    assert kinds(listed) == ["individual", "individual"]
    assert any("cột “Hình thức” (B) không được dùng" in w for w in warning_texts(listed))


# ---------------------------------------------------------------------- unused columns


@pytest.mark.parametrize(
    ("header", "looks_like"),
    [
        ("Nơi làm việc", "Đơn vị công tác"),
        ("Nơi công tác", "Đơn vị công tác"),
        ("Cơ quan", "Đơn vị công tác"),
        ("Chức danh", "Chức vụ"),
        ("Nam/Nữ", "Giới tính"),
        ("Tóm tắt thành tích", "Thành tích"),
        ("Thanh tich dat duoc", "Thành tích"),
        ("Giớii tính", "Giới tính"),  # a slip of the keyboard
        ("Năm sinh", None),
        ("Quê quán", None),
        ("Số CCCD", None),
    ],
)
def test_every_unused_column_is_named(tmp_path: Path, header: str, looks_like: str | None) -> None:
    path = make_xlsx(tmp_path, [["STT", "Họ và tên", header], [1, "Lê Văn Bình", "giá trị"]])
    listed = read(path)
    assert listed.rows[0].values == {"name": "Lê Văn Bình"}
    (warning,) = listed.warnings
    assert warning.message.startswith(f"cột “{header}” (C) không được dùng")
    if looks_like is None:
        assert "có vẻ là" not in warning.message
    else:
        assert f"đổi tiêu đề thành “{looks_like}”" in warning.message


def test_an_unused_lookalike_of_a_column_already_read(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path, [["Họ và tên", "Đơn vị", "Nơi làm việc"], ["Lê Văn Bình", "xã A", "Trạm Y tế"]]
    )
    (warning,) = read(path).warnings
    assert "cột “Nơi làm việc” (C) không được dùng" in warning.message
    assert "đã lấy đơn vị ở cột “Đơn vị”" in warning.message


def test_data_in_a_column_without_header_is_named_by_its_letter(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path, [["Họ và tên", "Đơn vị"], ["Lê Văn Bình", "xã A", None, "ghi thêm"]])
    (warning,) = read(path).warnings
    assert warning.message.startswith("cột D (không có tiêu đề) không được dùng")


def test_csv_unused_columns_are_named_too(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("STT,Họ và tên,Nơi làm việc\n1,Lê Văn Bình,xã A\n", encoding="utf-8")
    (warning,) = read(path).warnings
    assert "cột “Nơi làm việc” (C) không được dùng" in warning.message


# ---------------------------------------------------------------------- totals and footers


@pytest.mark.parametrize(
    "row",
    [
        [None, "Tổng cộng: 03 tập thể, 05 cá nhân"],
        [None, "Tổng cộng", None, 8],
        ["Tổng cộng", None],
        [None, "TỔNG CỘNG"],
        [None, "Cộng"],
        [None, "Cộng:", "8 người"],
        [None, "Tổng số: 8"],
        [None, "Tong cong: 8"],
        [None, "Tổng cộng có 8 người"],
    ],
)
def test_total_rows_are_never_awardees(tmp_path: Path, row: list[Any]) -> None:
    path = make_xlsx(
        tmp_path,
        [["STT", "Họ và tên", "Chức vụ"], [1, "Lê Văn Bình", "Trưởng thôn"], row, [2, "Phạm Thị Ánh", None]],
    )
    listed = read(path)
    assert names(listed) == ["Lê Văn Bình", "Phạm Thị Ánh"]
    total = [w for w in listed.warnings if "dòng tổng cộng" in w.message]
    assert total and total[0].line == 3


@pytest.mark.parametrize(
    "footer",
    [
        [None, None, "Ngọc Lặc, ngày 15 tháng 12 năm 2026"],
        [None, "Ngọc Trung, ngày ... tháng ... năm 2026"],
        [None, None, "ngày    tháng 12 năm 2026"],
        [None, "Người lập biểu", None],
        [None, None, "NGƯỜI LẬP BIỂU"],
        [None, "(Ký, ghi rõ họ tên)"],
        [None, None, "TM. ỦY BAN NHÂN DÂN"],
        [None, None, "Thủ trưởng đơn vị"],
        [None, "Xác nhận của UBND xã"],
    ],
)
def test_footer_ends_the_table(tmp_path: Path, footer: list[Any]) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["STT", "Họ và tên", "Chức vụ"],
            [1, "Lê Văn Bình", "Trưởng thôn"],
            [2, "Phạm Thị Ánh", None],
            footer,
            [None, None, "(Đã ký)"],
            [None, "Nguyễn Văn Lập", "Trần Văn Ký"],  # the signers' names, under their titles
        ],
    )
    listed = read(path)
    assert names(listed) == ["Lê Văn Bình", "Phạm Thị Ánh"]
    (warning,) = listed.warnings
    assert "dòng 4–6 là phần cuối bảng" in warning.message


@pytest.mark.parametrize(
    "name",
    ["Công an xã Ngọc Trung", "Cộng đồng dân cư thôn 3", "Tổng cục Thuế", "Ngày hội Đại đoàn kết"],
)
def test_names_like_totals_or_footers_stay_awardees(tmp_path: Path, name: str) -> None:
    path = make_xlsx(tmp_path, [["STT", "Họ và tên"], [1, name], [2, "Lê Văn Bình"]])
    listed = read(path)
    assert names(listed) == [name, "Lê Văn Bình"]
    assert listed.warnings == []


def test_a_reason_that_mentions_a_date_keeps_its_row(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [["Họ và tên", "Thành tích"], ["Lê Văn Bình", "Cứu người, ngày 15 tháng 3 năm 2026"], ["Phạm Thị Ánh", None]],
    )
    assert names(read(path)) == ["Lê Văn Bình", "Phạm Thị Ánh"]


def test_a_total_that_disagrees_with_the_rows_read_is_said(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["STT", "Họ và tên", "Tập thể/cá nhân"],
            [1, "Trường THCS A", "Tập thể"],
            [2, "Lê Văn Bình", "Cá nhân"],
            [None, "Tổng cộng: 02 tập thể, 01 cá nhân"],
        ],
    )
    messages = [w.message for w in read(path).warnings if w.line == 4]
    assert any("ghi 2 tập thể, 1 cá nhân nhưng draftkit đọc được 1 tập thể, 1 cá nhân" in m for m in messages)


def test_a_numbered_row_below_the_signatures_is_refused(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["STT", "Họ và tên"],
            [1, "Lê Văn Bình"],
            [None, "Người lập biểu"],
            [2, "Phạm Thị Ánh"],
        ],
    )
    (problem,) = problems(path)
    assert problem.line == 4 and "dưới phần ngày tháng, chữ ký (dòng 3)" in problem.message


# ---------------------------------------------------------------------- render, end to end

OFFICE_ROWS: list[list[Any]] = [
    ["DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG NĂM 2026"],
    ["STT", "Họ và tên", "Chức vụ, đơn vị", "Tập thể/cá nhân", "Nơi làm việc"],
    [1, "Trường THCS Ngọc Trung", None, "Tập thể", None],
    [2, "Công an xã Ngọc Trung", None, "TT", None],
    [3, "Lê Văn Bình", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "Cá nhân", "xã Ngọc Trung"],
    [4, "Phạm Thị Ánh", "Kế toán", "CN", None],
    [5, "Đỗ Văn Ân", "Trưởng Công an xã", "Cá nhân", None],
    [None, "Tổng cộng: 02 tập thể, 03 cá nhân"],
    [None, None, "Ngọc Trung, ngày 10 tháng 12 năm 2026"],
    [None, None, "Người lập biểu"],
    [None, None, "Trần Văn Ký"],
]


def test_office_list_renders_right_count_kinds_and_total(tmp_path: Path) -> None:
    make_xlsx(tmp_path, OFFICE_ROWS, "danh-sach.xlsx")
    data = write_round(tmp_path, "danh-sach.xlsx")

    result = render([str(data), "-o", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "tệp danh-sach.xlsx, dòng 8: “Tổng cộng: 02 tập thể, 03 cá nhân” là dòng tổng cộng" in output
    assert "tệp danh-sach.xlsx: dòng 9–11 là phần cuối bảng" in output
    assert "cột “Nơi làm việc” (E) không được dùng" in output
    assert "nhưng draftkit đọc được" not in output  # the total agrees with the rows
    model, _ = load_model(data)
    money = amounts(model)  # whatever the rules give for 12/2026, the sum must match it
    decision = " ".join(all_text(open_docx(tmp_path / "out" / "khen-thuong-quyet-dinh.docx")).split())
    assert "cho 02 tập thể và 03 cá nhân" in decision
    total = 2 * money.collective + 3 * money.individual
    assert f"Tổng số tiền thưởng là {total:,}".replace(",", ".") + " đồng" in decision
    listing = all_text(open_docx(tmp_path / "out" / "khen-thuong-danh-sach.docx"))
    assert "Tổng cộng" not in listing and "Người lập biểu" not in listing
    assert "Trần Văn Ký" not in listing
    assert "Trường THCS Ngọc Trung" in listing and "Đỗ Văn Ân" in listing

    checked = CliRunner().invoke(app, ["check", str(tmp_path / "out" / "khen-thuong-quyet-dinh.docx")])
    assert checked.exit_code == 0, checked.output


def test_render_warns_of_a_collective_counted_as_an_individual(tmp_path: Path) -> None:
    make_xlsx(
        tmp_path,
        [["STT", "Họ và tên", "Loại"], [1, "Đoàn Thanh niên xã Ngọc Trung", None], [2, "Đoàn Văn Hùng", None]],
    )
    data = write_round(tmp_path, "ds.xlsx")
    result = render([str(data), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "tệp ds.xlsx, dòng 2: “Đoàn Thanh niên xã Ngọc Trung” có vẻ là tên một tập thể" in output
    assert "“Đoàn Văn Hùng” có vẻ" not in output


def test_render_warns_of_a_collective_typed_in_the_data_file(tmp_path: Path) -> None:
    inline = "\n  - {name: Trường THCS Ngọc Trung}\n  - {name: Lê Văn Bình, gender: male}"
    data = write_round(tmp_path, inline)
    result = render([str(data), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    line = 1 + ROUND_2026.splitlines().index("awardees: {awardees}") + 1
    assert f"dòng {line}, mục “awardees[0].kind”: “Trường THCS Ngọc Trung” có vẻ là tên một tập thể" in output


# ---------------------------------------------------------------------- the interview

ROUND_ANSWERS = [
    "",  # Thể thức [state]
    "UBND HUYỆN NGỌC LẶC",  # Cơ quan chủ quản
    "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",  # Tên cơ quan ban hành
    "UBND",  # Chữ viết tắt
    "Ngọc Trung",  # Địa danh
    "215",  # Số văn bản
    "14/12/2023",  # Ngày ký
    "",  # Thẩm quyền quyết định
    "",  # Hình thức khen thưởng [Giấy khen]
    "đã có thành tích xuất sắc năm 2023",  # Thành tích
    "",  # Dòng đề nghị
]
CLOSING = ["", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trịnh Văn Dũng", "", "", "", "c", "k"]


def interview(tmp_path: Path, lines: list[str]) -> Any:
    return CliRunner().invoke(
        app,
        ["new-awards", "-o", str(tmp_path / "out"), "--name", "kt"],
        input="\n".join(lines) + "\n",
        env={"COLUMNS": "200"},
    )


def test_interview_suggests_tập_thể_and_bà_from_the_name(tmp_path: Path) -> None:
    typed = [
        "",  # Đọc danh sách từ tệp? [k]
        "Đoàn Thanh niên xã Ngọc Trung", "", "",  # name; kind: Enter takes the suggestion; unit
        "Nguyễn Thị Lan", "", "", "", "",  # name; kind; gender: Enter takes "Nữ"; position; unit
        "Đoàn Văn Hùng", "", "", "", "",  # a person: no suggestion of either
        "",  # end of the list
        "",  # the table: go on
    ]
    result = interview(tmp_path, ROUND_ANSWERS + typed + CLOSING)
    assert result.exit_code == 0, result.output
    output = result.output
    assert "“Đoàn Thanh niên xã Ngọc Trung” có vẻ là tên một tập thể" in output
    assert "Loại: 1 = tập thể, 2 = cá nhân [tập thể]" in output
    assert "Giới tính (Nam/Nữ, để ghi Ông/Bà; Enter để bỏ qua) [Nữ]" in output
    people = load_data_file(tmp_path / "out" / "kt.yaml").data["awardees"]
    assert people == [
        {"name": "Đoàn Thanh niên xã Ngọc Trung", "kind": "collective"},
        {"name": "Nguyễn Thị Lan", "kind": "individual", "gender": "female"},
        {"name": "Đoàn Văn Hùng", "kind": "individual"},
    ]


def test_interview_table_leaves_out_totals_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    sheet = make_xlsx(tmp_path / "out", OFFICE_ROWS, "danh-sach.xlsx")
    typed = ["c", str(sheet), ""]  # read from a file; its path; the table: go on
    result = interview(tmp_path, ROUND_ANSWERS + typed + CLOSING)
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "dòng 8: “Tổng cộng: 02 tập thể, 03 cá nhân” là dòng tổng cộng" in output
    assert "dòng 9–11 là phần cuối bảng" in output
    assert "Đã đọc 5 dòng từ tệp" in output
    assert "Tổng cộng: 02 tập thể, 03 cá nhân." in output  # the table's own count line
    assert load_data_file(tmp_path / "out" / "kt.yaml").data["awardees"] == "danh-sach.xlsx"


@pytest.mark.parametrize(("collectives", "individuals"), [("TẬP THỂ", "CÁ NHÂN"), ("Tập thể:", "Cá nhân:"), ("Các tập thể", "Danh sách cá nhân")])
def test_unnumbered_kind_headings_are_never_awardees(tmp_path: Path, collectives: str, individuals: str) -> None:
    listed = read(
        make_xlsx(
            tmp_path,
            [
                ["STT", "Họ và tên", "Chức vụ"],
                [None, collectives],
                [1, "Trường THCS A"],
                [None, individuals],
                [1, "Lê Văn Bình", "Trưởng thôn"],
            ],
        )
    )
    assert names(listed) == ["Trường THCS A", "Lê Văn Bình"]
    assert kinds(listed) == ["collective", "individual"]
