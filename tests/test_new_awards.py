"""Specification of ``draftkit new-awards`` (draftkit.interview.new_awards).

Answers are typed into the real command through typer's CliRunner; what is checked is what
a clerk sees (the prompts, the awardees table) and what is written (the YAML, read back
with the loader `draftkit render` uses, and the three .docx files, read with python-docx).
Spreadsheets are built here with openpyxl: no binary fixtures.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from rich.console import Console
from typer.testing import CliRunner

from docx_helpers import all_text, body_paragraphs, open_docx
from draftkit.cli import app
from draftkit.datafile import load_data_file
from draftkit.interview import AWARDS, AWARDS_ASKED, run_new_awards, suggested_authority
from draftkit.models import AwardsData

REASON = "đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023"
AUTHORITY = "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC"

# One answer per prompt, in the order the interview asks; comments name the prompt.
ROUND = [
    "",  # Thể thức [state]
    "UBND TỈNH THANH HÓA",  # Cơ quan chủ quản
    "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",  # Tên cơ quan ban hành
    "UBND",  # Chữ viết tắt
    "Ngọc Lặc",  # Địa danh
    "3150",  # Số văn bản
    "14/12/2023",  # Ngày ký
    "",  # Thẩm quyền quyết định [CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC]
    "",  # Hình thức khen thưởng [Giấy khen]
    REASON,  # Thành tích
    "Xét đề nghị của Trưởng phòng Nội vụ huyện",  # Dòng đề nghị
]
AUTHORITY_AT = 7
TYPED = [
    "",  # Đọc danh sách từ tệp Excel/CSV có sẵn? [k]
    "Ủy ban nhân dân xã Ngọc Trung", "1", "",  # tên, loại: tập thể, đơn vị
    "Lê Văn Bình", "", "nam", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "xã Ngọc Trung",
    "Phạm Thị Ánh", "2", "nữ", "Chủ tịch Ủy ban Mặt trận Tổ quốc xã", "xã Thúy Sơn",
    "",  # Enter at the name: end of the list
]
GO_ON = [""]  # the table: Enter to continue
CLOSING = [
    "",  # Thứ tự trong danh sách [given]
    "KT. CHỦ TỊCH",  # Quyền hạn ký
    "PHÓ CHỦ TỊCH",  # Chức vụ người ký
    "Trịnh Văn Dũng",  # Họ và tên người ký
    "",  # Nơi nhận 1 [Như Điều 3]
    "",  # Nơi nhận 2 [Lưu: VT, NV]
    "",  # end of Nơi nhận
]
SAVE = ["c"]  # Lưu và tạo văn bản?
NO_PROFILE = ["k"]  # Lưu ... làm hồ sơ cơ quan?

PEOPLE = [
    {"name": "Ủy ban nhân dân xã Ngọc Trung", "kind": "collective"},
    {
        "name": "Lê Văn Bình",
        "kind": "individual",
        "gender": "male",
        "position": "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
        "unit": "xã Ngọc Trung",
    },
    {
        "name": "Phạm Thị Ánh",
        "kind": "individual",
        "gender": "female",
        "position": "Chủ tịch Ủy ban Mặt trận Tổ quốc xã",
        "unit": "xã Thúy Sơn",
    },
]


def typed(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def invoke(args: list[str], lines: list[str]) -> Any:
    # Wide enough that the awardees table keeps every name on one line.
    return CliRunner().invoke(app, args, input=typed(lines), env={"COLUMNS": "140"})


def list_rows(path: Path) -> list[list[str]]:
    """The rows of every table of the attached list after its header table."""
    doc = open_docx(path)
    return [[cell.text for cell in row.cells] for table in doc.tables[1:] for row in table.rows]


def certificate_names(path: Path) -> list[str]:
    doc = open_docx(path)
    starts = [i for i, p in enumerate(doc.paragraphs) if p.paragraph_format.page_break_before]
    texts = [p.text for p in doc.paragraphs]
    assert texts.count("GIẤY KHEN") == len(starts)
    return [texts[texts.index("GIẤY KHEN", start) + 1] for start in starts]


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Loại", "Giới tính", "Chức vụ", "Đơn vị"])
    for index, row in enumerate(rows, 1):
        sheet.append([index, *row])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


SHEET_ROWS: list[list[Any]] = [
    ["Ủy ban nhân dân xã Ngọc Trung", "Tập thể", None, None, None],
    ["Lê Văn Bình", "Cá nhân", "Nam", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "xã Ngọc Trung"],
    ["Phạm Thị Ánh", "Cá nhân", "Nữ", "Chủ tịch Ủy ban Mặt trận Tổ quốc xã", "xã Thúy Sơn"],
]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "van-ban"


# ------------------------------------------------------------------ end to end


def test_a_typed_round_becomes_a_decision_a_list_and_three_certificates(out: Path) -> None:
    result = invoke(["new-awards", "-o", str(out)], ROUND + TYPED + GO_ON + CLOSING + SAVE + NO_PROFILE)

    assert result.exit_code == 0, result.output
    output = result.output
    # The authority is suggested from the issuer, the award defaults to Giấy khen.
    assert f"Thẩm quyền quyết định (dòng trên “Căn cứ”) [{AUTHORITY}]: " in output
    assert "Hình thức khen thưởng [Giấy khen]: " in output
    assert "Nơi nhận 1 [Như Điều 3]: " in output
    # The table, with Ông/Bà, the counts and the money.
    table = [line.split() for line in output.splitlines() if line.strip()[:1].isdigit()]
    assert ["1", "Ủy", "ban", "nhân", "dân", "xã", "Ngọc", "Trung", "Tập", "thể"] in table
    assert any(row[:5] == ["2", "Ông", "Lê", "Văn", "Bình"] and "Cá" in row for row in table)
    assert any(row[:5] == ["3", "Bà", "Phạm", "Thị", "Ánh"] for row in table)
    assert "Tổng cộng: 01 tập thể, 02 cá nhân." in output
    assert (
        "Tiền thưởng: 540.000 đồng mỗi cá nhân, 1.080.000 đồng mỗi tập thể; tổng cộng 2.160.000 đồng."
        in output
    )

    stem = "khen-thuong-2023"  # the default name follows the year of the date
    paths = [out / f"{stem}{suffix}" for suffix in (".yaml", "-quyet-dinh.docx", "-danh-sach.docx", "-giay-khen.docx")]
    for path in paths:
        assert f"Đã tạo: {path}" in output
    assert not (out / f"{stem}.draft.yaml").exists()

    data = load_data_file(paths[0]).data
    assert data == {
        "version": 1,
        "document": "awards",
        "style": "state",
        "issuer": {
            "parent": "UBND TỈNH THANH HÓA",
            "name": "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
            "code": "UBND",
            "place": "Ngọc Lặc",
        },
        "number": 3150,
        "date": "2023-12-14",
        "authority": AUTHORITY,
        "award": "Giấy khen",
        "reason": REASON,
        "proposal": "Xét đề nghị của Trưởng phòng Nội vụ huyện",
        "awardees": PEOPLE,
        "order": "given",
        "signer": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trịnh Văn Dũng"},
        "recipients": ["Như Điều 3", "Lưu: VT, NV"],
    }

    decision = [p.text for p in body_paragraphs(open_docx(paths[1]))]
    assert (
        "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện Ngọc Lặc cho 01 tập thể và 02 cá nhân "
        f"(có danh sách kèm theo), {REASON}."
    ) in decision
    rows = list_rows(paths[2])
    assert ["1", "Ủy ban nhân dân xã Ngọc Trung"] in rows
    assert ["1", "Ông Lê Văn Bình", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã Ngọc Trung"] in rows
    assert ["2", "Bà Phạm Thị Ánh", "Chủ tịch Ủy ban Mặt trận Tổ quốc xã Thúy Sơn"] in rows
    assert certificate_names(paths[3]) == ["Ủy ban nhân dân xã Ngọc Trung", "Ông Lê Văn Bình", "Bà Phạm Thị Ánh"]


def test_a_spreadsheet_is_read_at_once_and_named_in_the_data_file(out: Path) -> None:
    sheet = write_xlsx(out / "ds-khen-thuong.xlsx", SHEET_ROWS)
    lines = [*ROUND, "c", str(sheet), *GO_ON, *CLOSING, *SAVE, *NO_PROFILE]

    result = invoke(["new-awards", "-o", str(out), "--name", "kt"], lines)

    assert result.exit_code == 0, result.output
    assert "Đã đọc 3 dòng từ tệp" in result.output
    assert "Tệp dữ liệu sẽ ghi “awardees: ds-khen-thuong.xlsx”" in result.output
    assert "Danh sách từ tệp ds-khen-thuong.xlsx" in result.output
    assert "Tổng cộng: 01 tập thể, 02 cá nhân." in result.output
    raw = (out / "kt.yaml").read_text(encoding="utf-8")
    assert "awardees: ds-khen-thuong.xlsx\n" in raw  # named, not copied
    first = list_rows(out / "kt-danh-sach.docx")
    assert ["1", "Ông Lê Văn Bình", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã Ngọc Trung"] in first

    # `draftkit render` reads the same spreadsheet again, beside the data file.
    again = CliRunner().invoke(app, ["render", str(out / "kt.yaml"), "-o", str(out / "lai")])
    assert again.exit_code == 0, again.output
    assert list_rows(out / "lai" / "kt-danh-sach.docx") == first
    assert certificate_names(out / "lai" / "kt-giay-khen.docx") == [
        "Ủy ban nhân dân xã Ngọc Trung",
        "Ông Lê Văn Bình",
        "Bà Phạm Thị Ánh",
    ]


def test_a_bad_path_or_row_is_reported_with_row_and_column_then_asked_again(tmp_path: Path, out: Path) -> None:
    bad = write_xlsx(tmp_path / "loi.xlsx", [*SHEET_ROWS[:2], ["Phạm Thị Ánh", "Cá nhân", "X", None, None]])
    good = write_xlsx(tmp_path / "ds.xlsx", SHEET_ROWS)
    lines = [*ROUND, "c", str(tmp_path / "khong-co.xlsx"), str(bad), str(good), *GO_ON, *CLOSING, *SAVE]

    result = invoke(["new-awards", "-o", str(out), "--name", "kt"], lines)

    assert result.exit_code == 0, result.output
    output = result.output
    assert f"Không đọc được danh sách từ tệp {tmp_path / 'khong-co.xlsx'}:" in output
    assert "Không tìm thấy tệp danh sách." in output
    assert f"Không đọc được danh sách từ tệp {bad}:" in output
    assert "dòng 6, cột “Giới tính”: Giới tính “X” không hợp lệ" in output
    assert output.count("Đường dẫn tệp danh sách (.xlsx, .xlsm, .xls hoặc .csv; Enter để quay lại): ") == 3
    # A list outside the output folder is copied into the data file: render reads only
    # lists inside the data file's folder.
    listed = load_data_file(out / "kt.yaml").data["awardees"]
    assert [p["name"] for p in listed] == [row[0] for row in SHEET_ROWS]
    assert "nằm ngoài thư mục" in output


def test_enter_at_the_path_goes_back_to_typing_the_list(out: Path) -> None:
    lines = [*ROUND, "c", "", *TYPED, *GO_ON, *CLOSING, *SAVE]

    result = invoke(["new-awards", "-o", str(out), "--name", "kt"], lines)

    assert result.exit_code == 0, result.output
    assert load_data_file(out / "kt.yaml").data["awardees"] == PEOPLE


def test_correcting_row_2_changes_the_list(out: Path) -> None:
    fix = ["2", "", "", "", "Xã đội trưởng", ""]  # name, kind, gender kept; new position; unit kept
    lines = ROUND + TYPED + fix + GO_ON + CLOSING + SAVE

    result = invoke(["new-awards", "-o", str(out), "--name", "kt"], lines)

    assert result.exit_code == 0, result.output
    assert "Chức vụ (Enter để bỏ qua) [Chỉ huy trưởng Ban Chỉ huy Quân sự xã]: Xã đội trưởng" in result.output
    people = load_data_file(out / "kt.yaml").data["awardees"]
    assert people[1] == {
        "name": "Lê Văn Bình",
        "kind": "individual",
        "gender": "male",
        "position": "Xã đội trưởng",
        "unit": "xã Ngọc Trung",
    }
    assert people[0] == PEOPLE[0] and people[2] == PEOPLE[2]
    rows = list_rows(out / "kt-danh-sach.docx")
    assert ["1", "Ông Lê Văn Bình", "Xã đội trưởng xã Ngọc Trung"] in rows


def test_delete_and_add_rows_and_refuse_a_row_that_is_not_there(out: Path) -> None:
    edits = [
        "9",  # no such row
        "x1",  # delete the collective
        "t", "Đỗ Văn Ân", "", "", "", "", "",  # add one individual (no gender, position, unit)
    ]
    lines = ROUND + TYPED + edits + GO_ON + CLOSING + SAVE

    result = invoke(["new-awards", "-o", str(out), "--name", "kt"], lines)

    assert result.exit_code == 0, result.output
    assert "Không có dòng 9: danh sách có 3 dòng." in result.output
    assert "Đã xóa dòng 1: Ủy ban nhân dân xã Ngọc Trung." in result.output
    assert "Tổng cộng: 03 cá nhân." in result.output
    names = [p["name"] for p in load_data_file(out / "kt.yaml").data["awardees"]]
    assert names == ["Lê Văn Bình", "Phạm Thị Ánh", "Đỗ Văn Ân"]
    decision = [p.text for p in body_paragraphs(open_docx(out / "kt-quyet-dinh.docx"))]
    assert any("cho 03 cá nhân (có danh sách kèm theo)" in t for t in decision)


def test_correcting_a_spreadsheet_list_switches_to_an_inline_list_and_says_so(out: Path) -> None:
    sheet = write_xlsx(out / "ds.xlsx", SHEET_ROWS)
    lines = [*ROUND, "c", str(sheet), "x1", *GO_ON, *CLOSING, *SAVE]

    result = invoke(["new-awards", "-o", str(out), "--name", "kt"], lines)

    assert result.exit_code == 0, result.output
    assert "Danh sách sẽ được ghi thẳng vào tệp dữ liệu thay cho tệp ds.xlsx" in result.output
    assert load_data_file(out / "kt.yaml").data["awardees"] == PEOPLE[1:]
    assert certificate_names(out / "kt-giay-khen.docx") == ["Ông Lê Văn Bình", "Bà Phạm Thị Ánh"]


def test_end_of_input_mid_awardees_keeps_the_draft_with_those_typed_so_far(out: Path) -> None:
    cut = TYPED.index("Phạm Thị Ánh") + 2  # the third awardee: its name and kind only

    first = invoke(["new-awards", "-o", str(out), "--name", "kt"], ROUND + TYPED[:cut])

    assert first.exit_code == 1, first.output
    draft = out / "kt.draft.yaml"
    assert f"bản nháp {draft}" in first.output
    data = load_data_file(draft).data
    assert data["document"] == "awards"
    assert data["reason"] == REASON
    assert data["awardees"] == [*PEOPLE[:2], {"name": "Phạm Thị Ánh", "kind": "individual"}]

    # The next run continues at the third awardee's first unanswered question (issue 14).
    rest = TYPED[cut:]
    second = invoke(["new-awards", "-o", str(out), "--name", "kt"], ["c", *rest, *GO_ON, *CLOSING, *SAVE])

    assert second.exit_code == 0, second.output
    assert "Có bản nháp chưa xong" in second.output
    assert "hỏi tiếp từ câu đang dở." in second.output
    assert "Thể thức [" not in second.output  # what was answered is not asked again
    assert load_data_file(out / "kt.yaml").data["awardees"] == PEOPLE
    assert not draft.exists()


def test_ctrl_c_while_typing_an_awardee_keeps_the_ones_before(tmp_path: Path) -> None:
    class Interrupting(io.StringIO):
        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            line = super().readline()
            if line.startswith("Phạm Thị Ánh"):
                raise KeyboardInterrupt
            return line

    console = Console(file=io.StringIO(), width=120, soft_wrap=True)
    with pytest.raises(KeyboardInterrupt):
        run_new_awards(console, tmp_path, "kt", stream=Interrupting(typed(ROUND + TYPED)), today=date(2024, 1, 5))

    assert load_data_file(tmp_path / "kt.draft.yaml").data["awardees"] == PEOPLE[:2]


def test_existing_outputs_are_found_before_the_first_question(out: Path) -> None:
    out.mkdir()
    (out / "kt-giay-khen.docx").write_bytes(b"old")

    result = invoke(["new-awards", "-o", str(out), "--name", "kt"], [])

    assert result.exit_code == 1, result.output
    assert "đã có tệp trùng tên: kt-giay-khen.docx" in result.output
    assert "Thể thức" not in result.output
    assert (out / "kt-giay-khen.docx").read_bytes() == b"old"


def test_a_party_round_asks_for_its_bases_and_its_money(out: Path) -> None:
    lines = list(ROUND)
    lines[0] = "2"  # party
    lines[ROUND.index("UBND")] = "HU"
    lines[AUTHORITY_AT] = "BAN THƯỜNG VỤ HUYỆN ỦY NGỌC LẶC"  # nothing is suggested for the Party
    bases = ["Căn cứ Điều lệ Đảng Cộng sản Việt Nam", "Căn cứ Quy chế làm việc của Huyện ủy", ""]
    money = ["540.000", "1.080.000"]
    at_proposal = ROUND.index("Xét đề nghị của Trưởng phòng Nội vụ huyện")
    lines[at_proposal:at_proposal] = bases
    lines[at_proposal + len(bases) + 1 : at_proposal + len(bases) + 1] = money

    closing = list(CLOSING)
    # A Party decision names who carries it out (no People's Committee offices by default).
    closing[1:1] = ["Văn phòng Huyện ủy", ""]
    # "KT." is the state form: the Party's "K/T" is offered; Enter takes it.
    closing.insert(closing.index("Trịnh Văn Dũng") + 1, "")

    result = invoke(["new-awards", "-o", str(out), "--name", "kt"], lines + TYPED + GO_ON + closing + SAVE)

    assert result.exit_code == 0, result.output
    assert "Thẩm quyền quyết định (dòng trên “Căn cứ”): BAN" in result.output
    data = load_data_file(out / "kt.yaml").data
    assert data["signer"]["authority"] == "K/T CHỦ TỊCH"
    assert data["bases"] == bases[:2]
    assert data["money"] == {"individual": 540000, "collective": 1080000}
    assert "Tiền thưởng: 540.000 đồng mỗi cá nhân, 1.080.000 đồng mỗi tập thể" in result.output
    decision = all_text(open_docx(out / "kt-quyet-dinh.docx"))
    assert "Căn cứ Quy chế làm việc của Huyện ủy;" in decision
    assert "ngày ký. Văn phòng Huyện ủy và các tập thể" in decision
    assert "Ủy ban nhân dân" not in decision.split("Điều 3.", 1)[1]


def test_data_file_of_last_year_asks_only_what_is_missing(tmp_path: Path, out: Path) -> None:
    old = tmp_path / "nam-truoc"
    sheet = write_xlsx(old / "ds.xlsx", SHEET_ROWS)
    source = old / "khen-thuong-2023.yaml"
    source.write_text(
        "version: 1\ndocument: awards\nissuer: {name: ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC, code: UBND, "
        f"place: Ngọc Lặc}}\ndate: 2023-12-14\nauthority: {AUTHORITY}\nreason: {REASON}\n"
        f"awardees: {sheet.name}\nsigner: {{title: CHỦ TỊCH, name: Phạm Văn An}}\n",
        encoding="utf-8",
    )

    result = invoke(
        ["new-awards", "-o", str(out), "--name", "kt-2024", "--data", str(source)],
        ["k", "Như Điều 3", "Lưu: VT, NV", "", *SAVE],  # k: the file as it is, not carried forward
    )

    assert result.exit_code == 0, result.output
    assert "Chỉ hỏi những phần còn thiếu hoặc chưa hợp lệ: “Nơi nhận”." in result.output
    assert "Thể thức [" not in result.output
    data = load_data_file(out / "kt-2024.yaml").data
    # The list is outside the new data file's folder, where render would not read it:
    # it is copied into the data file.
    assert [p["name"] for p in data["awardees"]] == [row[0] for row in SHEET_ROWS]
    assert data["recipients"] == ["Như Điều 3", "Lưu: VT, NV"]
    assert len(certificate_names(out / "kt-2024-giay-khen.docx")) == 3


def test_a_report_given_to_new_awards_is_refused(tmp_path: Path, ngoc_lac_report: Path) -> None:
    result = invoke(["new-awards", "-o", str(tmp_path), "--data", str(ngoc_lac_report)], [])

    assert result.exit_code == 1, result.output
    assert "Tệp này là loại văn bản “report”, không phải “awards”." in result.output


# --------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("issuer", "style", "expected"),
    [
        ({"name": "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC"}, "state", AUTHORITY),
        ({"name": "UBND THỊ XÃ BỈM SƠN"}, "state", "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ BỈM SƠN"),
        ({"name": "Ủy ban nhân dân phường An Hải"}, "state", "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG AN HẢI"),
        (
            {"parent": "UBND HUYỆN NGỌC LẶC", "name": "PHÒNG NỘI VỤ"},
            "state",
            AUTHORITY,
        ),
        ({"name": "SỞ NỘI VỤ"}, "state", None),
        ({"name": "HUYỆN ỦY NGỌC LẶC"}, "party", None),
        (None, "state", None),
    ],
)
def test_suggested_authority(issuer: Any, style: str, expected: str | None) -> None:
    assert suggested_authority(issuer, style) == expected


def test_the_order_covers_every_field_of_the_model() -> None:
    assert set(AWARDS.sections) | set(AWARDS.fixed) == set(AwardsData.model_fields)
    assert len(set(AWARDS.sections)) == len(AWARDS.sections)
    assert AWARDS.sections[: len(AWARDS_ASKED)] == AWARDS_ASKED


def test_an_invalid_row_from_the_data_file_is_shown_and_must_be_fixed(tmp_path: Path, out: Path) -> None:
    source = tmp_path / "cu.yaml"
    source.write_text(
        "version: 1\ndocument: awards\nissuer: {name: ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC, code: UBND, "
        f"place: Ngọc Lặc}}\ndate: 2023-12-14\nauthority: {AUTHORITY}\nreason: {REASON}\n"
        "awardees:\n  - {name: Lê Văn Bình, gender: nam}\n"
        "signer: {title: CHỦ TỊCH, name: Phạm Văn An}\nrecipients: [Như Điều 3]\n",
        encoding="utf-8",
    )
    fix = ["", "1", "", "", "nam", "", ""]  # Enter refused; row 1: name, kind, gender fixed...

    result = invoke(["new-awards", "-o", str(out), "--name", "kt", "--data", str(source)], ["k", *fix, *GO_ON, *SAVE])

    assert result.exit_code == 0, result.output
    assert "Dòng 1: “Giới tính (để ghi Ông/Bà)” phải là một trong" in result.output
    assert "10. Thứ tự trong danh sách: (mặc định: như đã nhập)" in result.output
    assert load_data_file(out / "kt.yaml").data["awardees"] == [
        {"name": "Lê Văn Bình", "kind": "individual", "gender": "male"}
    ]


def test_authority_is_suggested_from_the_unit_not_from_xa_hoi() -> None:
    from draftkit.interview.new_awards import suggested_authority

    office = {"name": "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "parent": "UBND HUYỆN NGỌC LẶC"}
    assert suggested_authority(office, "state") == "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC"
    assert suggested_authority({"name": "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG"}, "state") == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG"
    assert suggested_authority({"name": "HUYỆN ỦY NGỌC LẶC"}, "party") is None


def test_an_optional_list_opened_at_the_review_can_be_left_to_its_default(out: Path) -> None:
    """"Người thi hành" is optional: Enter leaves it to the default, it is not a required list."""
    # Section 18 = Người thi hành (Điều 3): its four default lines offered, Enter keeps each,
    # Enter at the fifth ends the list.
    review = ["s", "18", "", "", "", "", ""]
    result = invoke(["new-awards", "-o", str(out)], ROUND + TYPED + GO_ON + CLOSING + review + SAVE + NO_PROFILE)

    assert result.exit_code == 0, result.output
    assert "cần ít nhất 1 mục" not in result.output
    assert "Người thi hành" in result.output
    data = load_data_file(next(out.glob("*.yaml"))).data
    assert "executors" not in data
    decision = [p.text for p in body_paragraphs(open_docx(next(out.glob("*-quyet-dinh.docx"))))]
    assert any("Trưởng phòng Nội vụ" in t for t in decision if t.startswith("Điều 3."))


def test_a_commune_round_of_2026_is_offered_the_money_of_nd_152(out: Path) -> None:
    commune = list(ROUND)
    commune[2] = "ỦY BAN NHÂN DÂN XÃ NGỌC LẶC"
    commune[6] = "15/12/2026"
    commune[10] = "Xét đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"
    result = invoke(["new-awards", "-o", str(out)], commune + TYPED + GO_ON + CLOSING + SAVE + NO_PROFILE)
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "[CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC LẶC]" in output
    # NĐ 152/2025 Điều 54: 0,3 × 2.530.000 = 759.000 → 760.000; 0,6 × → 1.518.000 → 1.520.000.
    assert "(theo mặc định: 760.000 đồng mỗi cá nhân, 1.520.000 đồng mỗi tập thể)" in output
    # The amount is sourced now: no "chưa được đối chiếu" before saving nor after.
    assert "chưa được đối chiếu" not in output
    assert "Cảnh báo: mục “money”" not in output
    decision = out / "khen-thuong-2026-quyet-dinh.docx"
    assert "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;" in all_text(
        open_docx(decision)
    )
