"""Specification of ``draftkit new-report`` (draftkit.interview).

The end-to-end tests type answers into the real command through typer's CliRunner, then
read back what a clerk would: the saved YAML (with the loader `draftkit render` uses) and
the text of the .docx (with python-docx). Expected values are written by hand.
"""

from __future__ import annotations

import io
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from rich.console import Console
from typer.testing import CliRunner

from draftkit.cli import app
from draftkit.datafile import load_data_file
from draftkit.interview import (
    REPORT,
    REPORT_ORDER,
    AnswerError,
    launch_editor,
    parse_date,
    parse_number,
    parse_yes_no,
    run_new_report,
)
from draftkit.models import ReportData

TITLE = "Tổng kết công tác xây dựng cơ sở năm 2023, phương hướng, nhiệm vụ năm 2024"
HEADING = "Công tác xây dựng cơ sở và thực hiện Quy chế dân chủ"
OPENING = "Ủy ban nhân dân huyện Ngọc Lặc báo cáo kết quả năm 2023 như sau:"

# One answer per prompt, in the order the interview asks; comments name the prompt.
ANSWERS: list[str] = [
    "",  # Thể thức [state]
    "UBND TỈNH THANH HÓA",  # Cơ quan chủ quản
    "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",  # Tên cơ quan ban hành
    "UBND",  # Chữ viết tắt
    "Ngọc Lặc",  # Địa danh
    "285",  # Số văn bản
    "12/12/2023",  # Ngày ký
    TITLE,  # Trích yếu
    "",  # Năm được tổng kết (default: year of the date)
    OPENING,  # Đoạn mở đầu
    "Huyện có 21 xã, thị trấn.",  # Đặc điểm tình hình: Đoạn văn 1
    "",  # end of the list
    HEADING,  # Lĩnh vực 1: Tên lĩnh vực
    "Việc thực hiện Quy chế dân chủ ở cơ sở đi vào thực chất.",  # Đoạn văn 1
    "",  # end of paragraphs
    "c",  # Thêm chỉ tiêu?
    "Thu nhập bình quân đầu người",  # Tên chỉ tiêu
    "50,24",  # Kết quả năm nay
    "triệu đồng",  # Đơn vị tính
    "",  # Kết quả cùng kỳ
    "",  # Kế hoạch năm
    "",  # Chỉ tiêu tốt khi [higher]
    "k",  # Thêm chỉ tiêu?
    "k",  # Thêm mục nhỏ?
    "k",  # Thêm lĩnh vực?
    "",  # Phụ lục (none)
    "Công tác phối hợp được chú trọng.",  # Ưu điểm 1
    "",  # end of Ưu điểm
    "",  # Hạn chế
    "",  # Nguyên nhân
    "",  # Bài học
    "",  # Mục tiêu
    "Tuyên truyền cho cán bộ, đảng viên và Nhân dân.",  # Nhiệm vụ 1
    "",  # end of Nhiệm vụ
    "",  # Đề xuất
    "TM. ỦY BAN NHÂN DÂN",  # Quyền hạn ký
    "CHỦ TỊCH",  # Chức vụ
    "Nguyễn Văn Hòa",  # Họ và tên
    "Thường trực Huyện ủy",  # Nơi nhận 1
    "Lưu: VT, VP",  # Nơi nhận 2
    "",  # end of Nơi nhận
    "",  # Kính gửi (none: reported at the conference)
]
SAVE = ["c"]  # Lưu và tạo văn bản?
# "Tệp ... là văn bản năm 2023. Chuyển sang năm 2024 ...?": no, the file as it is.
KEEP_AS_IS = "k"


def typed(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def at(answer: str) -> int:
    """Index of an answer in ANSWERS, to splice mistakes in before it."""
    return ANSWERS.index(answer)


def invoke(args: list[str], lines: list[str]) -> Any:
    return CliRunner().invoke(app, args, input=typed(lines))


def docx_text(path: Path) -> list[str]:
    """Every paragraph of the body and of the header tables, in order."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += cell.text.split("\n")
    return texts


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "van-ban"


# ------------------------------------------------------------------ end to end


def test_typed_answers_become_a_data_file_and_a_document(out: Path) -> None:
    lines = list(ANSWERS)
    # A bad date, a bad number and an empty required answer, each asked again.
    lines.insert(lines.index("12/12/2023"), "31/02/2023")
    lines.insert(lines.index("50,24"), "50,2x")
    lines.insert(lines.index(TITLE), "")

    result = invoke(["new-report", "-o", str(out)], lines + SAVE)

    assert result.exit_code == 0, result.output
    output = result.output
    assert "“31/02/2023” không phải là một ngày có thật: tháng 2 năm 2023 chỉ có 28 ngày." in output
    assert "“50,2x” không phải là một số." in output
    assert "“Trích yếu (tên báo cáo)” không được để trống." in output

    yaml_path, docx_path = out / "bao-cao-2023.yaml", out / "bao-cao-2023.docx"
    assert f"Đã tạo: {yaml_path}" in output
    assert f"Đã tạo: {docx_path}" in output
    assert not (out / "bao-cao-2023.draft.yaml").exists()

    raw = yaml_path.read_text(encoding="utf-8")
    assert "date: 2023-12-12\n" in raw
    assert "value: 50.24\n" in raw
    data = load_data_file(yaml_path).data
    assert data == {
        "version": 1,
        "document": "report",
        "style": "state",
        "issuer": {
            "parent": "UBND TỈNH THANH HÓA",
            "name": "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
            "code": "UBND",
            "place": "Ngọc Lặc",
        },
        "number": 285,
        "date": "2023-12-12",
        "title": TITLE,
        "opening": OPENING,
        "situation": ["Huyện có 21 xã, thị trấn."],
        "results": [
            {
                "heading": HEADING,
                "paragraphs": ["Việc thực hiện Quy chế dân chủ ở cơ sở đi vào thực chất."],
                "indicators": [
                    {
                        "label": "Thu nhập bình quân đầu người",
                        "value": 50.24,
                        "unit": "triệu đồng",
                        "better": "higher",
                    }
                ],
            }
        ],
        "assessment": {"strengths": ["Công tác phối hợp được chú trọng."]},
        "plan": {"tasks": ["Tuyên truyền cho cán bộ, đảng viên và Nhân dân."]},
        "signer": {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn Hòa"},
        "recipients": ["Thường trực Huyện ủy", "Lưu: VT, VP"],
    }

    text = docx_text(docx_path)
    assert "Tổng kết công tác xây dựng cơ sở năm 2023, phương hướng, nhiệm vụ năm 2024" in text
    assert f"1. {HEADING}" in text
    assert "- Thu nhập bình quân đầu người đạt 50,24 triệu đồng." in text
    assert "Ngọc Lặc, ngày 12 tháng 12 năm 2023" in text
    assert "Số: 285/BC-UBND" in text

    # The saved data file renders again, with `draftkit render`, to the same document.
    again = CliRunner().invoke(app, ["render", str(yaml_path), "-o", str(out / "lai")])
    assert again.exit_code == 0, again.output
    assert docx_text(out / "lai" / "bao-cao-2023.docx") == text


def test_end_of_input_mid_interview_keeps_the_answers_in_a_draft(out: Path) -> None:
    lines = ANSWERS[: at(HEADING) + 1]  # stops after the first result heading

    result = invoke(["new-report", "-o", str(out), "--name", "bc"], lines)

    assert result.exit_code == 1, result.output
    draft = out / "bc.draft.yaml"
    assert f"bản nháp {draft}" in result.output
    data = load_data_file(draft).data
    assert data["issuer"]["name"] == "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC"
    assert data["date"] == "2023-12-12"
    assert data["title"] == TITLE
    assert data["situation"] == ["Huyện có 21 xã, thị trấn."]
    assert data["results"][0]["heading"] == HEADING
    assert "signer" not in data
    assert not (out / "bc.yaml").exists()
    assert not (out / "bc.docx").exists()


def test_the_next_run_continues_from_the_draft(out: Path) -> None:
    cut = at(HEADING) + 1
    first = invoke(["new-report", "-o", str(out)], ANSWERS[:cut])
    assert first.exit_code == 1
    assert (out / "bao-cao-2023.draft.yaml").exists()

    # Continue: what was typed in the section in progress (results) is kept, and the
    # next question is the one after the last answer.
    rest = ["c", *ANSWERS[cut:]]
    second = invoke(["new-report", "-o", str(out)], rest + SAVE)

    assert second.exit_code == 0, second.output
    assert "Có bản nháp chưa xong" in second.output
    data = load_data_file(out / "bao-cao-2023.yaml").data
    assert data["title"] == TITLE
    assert data["results"][0]["heading"] == HEADING
    assert data["results"][0]["indicators"][0]["value"] == 50.24
    assert data["recipients"] == ["Thường trực Huyện ủy", "Lưu: VT, VP"]
    assert not (out / "bao-cao-2023.draft.yaml").exists()


def test_sua_re_asks_one_section_and_keeps_the_others(out: Path) -> None:
    new_title = "Tổng kết công tác quốc phòng - an ninh năm 2023"
    review = ["s", "5", new_title, "s", "15", "", "", "Các xã, thị trấn", "", "c"]

    result = invoke(["new-report", "-o", str(out), "--name", "bc"], ANSWERS + review)

    assert result.exit_code == 0, result.output
    assert result.output.count("Xem lại báo cáo") == 3
    data = load_data_file(out / "bc.yaml").data
    assert data["title"] == new_title
    assert data["recipients"] == ["Thường trực Huyện ủy", "Lưu: VT, VP", "Các xã, thị trấn"]
    assert data["opening"] == OPENING
    assert data["results"][0]["heading"] == HEADING
    assert new_title in docx_text(out / "bc.docx")
    assert TITLE not in docx_text(out / "bc.docx")


def test_answering_no_at_the_review_keeps_the_draft_and_writes_nothing(out: Path) -> None:
    result = invoke(["new-report", "-o", str(out), "--name", "bc"], [*ANSWERS, "k"])

    assert result.exit_code == 0, result.output
    assert "Chưa tạo văn bản" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["bc.draft.yaml"]
    draft = load_data_file(out / "bc.draft.yaml").data
    assert ReportData.model_validate(REPORT.final_data(draft)).title == TITLE


def test_a_complete_draft_goes_straight_to_the_review(out: Path) -> None:
    first = invoke(["new-report", "-o", str(out), "--name", "bc"], [*ANSWERS, "k"])
    assert first.exit_code == 0, first.output

    second = invoke(["new-report", "-o", str(out), "--name", "bc"], ["", *SAVE])

    assert second.exit_code == 0, second.output
    assert "Thể thức [" not in second.output  # nothing asked again
    assert "Ngày ký: 12/12/2023" in second.output
    assert load_data_file(out / "bc.yaml").data["date"] == "2023-12-12"
    assert sorted(p.name for p in out.iterdir()) == ["bc.docx", "bc.yaml"]


def test_existing_outputs_are_found_before_the_first_question(out: Path) -> None:
    out.mkdir()
    (out / "bc.docx").write_bytes(b"old document")

    result = invoke(["new-report", "-o", str(out), "--name", "bc"], [])

    assert result.exit_code == 1, result.output
    assert f"Thư mục {out} đã có tệp trùng tên: bc.docx." in result.output
    assert "Thể thức" not in result.output  # nothing else was asked
    assert (out / "bc.docx").read_bytes() == b"old document"
    assert sorted(p.name for p in out.iterdir()) == ["bc.docx"]


def test_existing_outputs_under_the_default_name_are_found_once_the_year_is_known(out: Path) -> None:
    out.mkdir()
    (out / "bao-cao-2023.yaml").write_text("# mine\n", encoding="utf-8")
    lines = list(ANSWERS)
    lines[at("12/12/2023") + 1 : at("12/12/2023") + 1] = ["1", "bao-cao-2023-b"]

    result = invoke(["new-report", "-o", str(out)], lines + SAVE)

    assert result.exit_code == 0, result.output
    assert "đã có tệp trùng tên: bao-cao-2023.yaml" in result.output
    assert (out / "bao-cao-2023.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert load_data_file(out / "bao-cao-2023-b.yaml").data["title"] == TITLE
    assert sorted(p.name for p in out.iterdir()) == ["bao-cao-2023-b.docx", "bao-cao-2023-b.yaml", "bao-cao-2023.yaml"]


def test_force_overwrites_existing_outputs(out: Path) -> None:
    out.mkdir()
    (out / "bc.yaml").write_text("# old\n", encoding="utf-8")
    (out / "bc.docx").write_bytes(b"old document")

    result = invoke(["new-report", "-o", str(out), "--name", "bc", "--force"], ANSWERS + SAVE)

    assert result.exit_code == 0, result.output
    assert load_data_file(out / "bc.yaml").data["title"] == TITLE
    assert f"1. {HEADING}" in docx_text(out / "bc.docx")


# ----------------------------------------------------------- the engine, directly


def run(tmp_path: Path, lines: list[str], **kwargs: Any) -> tuple[Any, str]:
    console = Console(file=io.StringIO(), width=100, highlight=False, soft_wrap=True)
    file = console.file
    assert isinstance(file, io.StringIO)
    try:
        result = run_new_report(
            console,
            tmp_path,
            kwargs.pop("name", "bc"),
            False,
            stream=io.StringIO(typed(lines)),
            today=date(2024, 1, 5),
            **kwargs,
        )
    except KeyboardInterrupt:
        # Input ran out before the interview ended: a failed test, not a stopped test run.
        pytest.fail("the interview wanted more answers than the test gave:\n" + file.getvalue()[-2000:])
    return result, file.getvalue()


def test_party_style_number_formats_default_date_and_optional_fields(tmp_path: Path) -> None:
    lines = list(ANSWERS)
    lines[0] = "2"  # party
    lines[at("UBND TỈNH THANH HÓA")] = ""  # no parent body
    lines[at("UBND")] = "HU"
    lines[at("285")] = ""  # number left for the clerk
    lines[at("12/12/2023")] = ""  # Enter: today's date
    lines[at("50,24")] = "1.520,4"
    index = at("50,24") + 2
    lines[index : index + 2] = ["1.444,2", "1500"]  # previous, target
    # "TM." is the state form: the Party one is offered; Enter takes it.
    lines.insert(at("Nguyễn Văn Hòa") + 1, "")

    result, output = run(tmp_path, lines + SAVE)

    assert result is not None, output
    data = load_data_file(tmp_path / "bc.yaml").data
    assert data["style"] == "party"
    assert data["signer"]["authority"] == "T/M ỦY BAN NHÂN DÂN"
    assert "parent" not in data["issuer"]
    assert "number" not in data
    assert data["date"] == "2024-01-05"
    indicator = data["results"][0]["indicators"][0]
    assert (indicator["value"], indicator["previous"], indicator["target"]) == (1520.4, 1444.2, 1500)
    assert "= 1.520,4" in output  # the value read is echoed, so that a slip is seen
    text = docx_text(tmp_path / "bc.docx")
    assert any("đạt 1.520,4 triệu đồng, tăng 5,28% so với cùng kỳ, đạt 101,36% kế hoạch" in t for t in text)


def test_a_base_of_zero_is_explained_and_the_indicator_asked_again(tmp_path: Path) -> None:
    lines = list(ANSWERS)
    index = at("50,24") + 2
    # previous = 0 passes the field type but not the indicator; Enter keeps the others.
    lines[index : index + 3] = ["0", "", "", "", "", "", "-", "", ""]

    result, output = run(tmp_path, lines + SAVE)

    assert result is not None, output
    assert "Kết quả cùng kỳ bằng 0 nên không tính được tỷ lệ tăng, giảm." in output
    indicator = load_data_file(tmp_path / "bc.yaml").data["results"][0]["indicators"][0]
    assert indicator == {
        "label": "Thu nhập bình quân đầu người",
        "value": 50.24,
        "unit": "triệu đồng",
        "better": "higher",
    }


def test_nested_sections_and_several_results(tmp_path: Path) -> None:
    lines = list(ANSWERS)
    index = at("k") + 1  # the "Thêm mục nhỏ?" answer
    assert lines[index] == "k"
    lines[index : index + 2] = [
        "c", "Ở cấp xã", "Các xã tổ chức hội nghị.", "", "k", "k", "k",  # a sub-section
        "c", "Công tác quốc phòng - an ninh", "Lực lượng vũ trang được củng cố.", "", "k", "k", "k",  # a second result
    ]

    result, output = run(tmp_path, lines + SAVE)

    assert result is not None, output
    results = load_data_file(tmp_path / "bc.yaml").data["results"]
    assert results[0]["sections"] == [{"heading": "Ở cấp xã", "paragraphs": ["Các xã tổ chức hội nghị."]}]
    assert results[1] == {
        "heading": "Công tác quốc phòng - an ninh",
        "paragraphs": ["Lực lượng vũ trang được củng cố."],
    }
    text = docx_text(tmp_path / "bc.docx")
    assert "a) Ở cấp xã" in text
    assert "2. Công tác quốc phòng - an ninh" in text


def test_sua_can_delete_and_replace_an_entry_of_a_list(tmp_path: Path) -> None:
    review = ["s", "9", "x", "Công tác quốc phòng - an ninh", "Lực lượng vũ trang được củng cố.", "", "k", "k", "k", "c"]

    result, output = run(tmp_path, ANSWERS + review)

    assert result is not None, output
    data = load_data_file(tmp_path / "bc.yaml").data
    assert data["results"] == [
        {"heading": "Công tác quốc phòng - an ninh", "paragraphs": ["Lực lượng vũ trang được củng cố."]}
    ]
    assert data["situation"] == ["Huyện có 21 xã, thị trấn."]


def test_slash_e_opens_the_editor_for_long_texts(tmp_path: Path) -> None:
    seen: list[str] = []

    def editor(initial: str) -> str:
        seen.append(initial)
        if len(seen) == 1:
            return "Mở đầu soạn trong trình soạn thảo:\n"
        return "Đoạn một.\n\nĐoạn hai,\nhai dòng.\n"

    lines = list(ANSWERS)
    lines[at(OPENING)] = "/e"
    index = at("Huyện có 21 xã, thị trấn.")
    lines[index] = "/e"

    result, _ = run(tmp_path, lines + SAVE, editor=editor)

    assert result is not None
    assert seen == ["", ""]
    data = load_data_file(tmp_path / "bc.yaml").data
    assert data["opening"] == "Mở đầu soạn trong trình soạn thảo:"
    assert data["situation"] == ["Đoạn một.", "Đoạn hai,\nhai dòng."]


def test_launch_editor_runs_visual_on_a_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "edit.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "old = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(old + ' đã sửa')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")

    assert launch_editor("Đoạn văn") == "Đoạn văn đã sửa"


def test_ctrl_c_says_where_the_draft_is_and_re_raises(tmp_path: Path) -> None:
    class Interrupting(io.StringIO):
        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            line = super().readline()
            if line.startswith("Ngọc Lặc"):
                raise KeyboardInterrupt
            return line

    console = Console(file=io.StringIO(), width=100, soft_wrap=True)
    with pytest.raises(KeyboardInterrupt):
        run_new_report(console, tmp_path, "bc", False, stream=Interrupting(typed(ANSWERS)))

    draft = load_data_file(tmp_path / "bc.draft.yaml").data
    assert draft["issuer"] == {
        "parent": "UBND TỈNH THANH HÓA",
        "name": "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
        "code": "UBND",
    }
    file = console.file
    assert isinstance(file, io.StringIO)
    assert f"bản nháp {tmp_path / 'bc.draft.yaml'}" in file.getvalue()


def test_the_order_covers_every_field_of_the_model() -> None:
    assert set(REPORT_ORDER) | set(REPORT.fixed) == set(ReportData.model_fields)
    assert len(set(REPORT_ORDER)) == len(REPORT_ORDER)


# -------------------------------------------------------------------- parsers

NUMBERS = [
    ("50,24", Decimal("50.24")),
    ("1.520,4", Decimal("1520.4")),
    ("1.520", Decimal("1520")),  # the Vietnamese thousands dot
    ("1.520.000", Decimal("1520000")),
    ("1 520,4", Decimal("1520.4")),
    ("18", Decimal("18")),
    ("0,5", Decimal("0.5")),
    ("-3,5", Decimal("-3.5")),
    ("+7", Decimal("7")),
    ("1.444,20", Decimal("1444.2")),
]


@pytest.mark.parametrize(("typed_text", "expected"), NUMBERS)
def test_parse_number(typed_text: str, expected: Decimal) -> None:
    assert parse_number(typed_text) == expected


BAD_NUMBERS = [
    ("", "không phải là một số"),
    ("abc", "không phải là một số"),
    ("50,2x", "không phải là một số"),
    ("1,520", "chưa rõ là 1.520 hay 1,52"),
    ("50.24", "không đúng cách ngăn hàng nghìn"),  # an English decimal point
    ("1,520.4", "kiểu tiếng Anh"),
    ("1.52.0", "đúng 3 chữ số"),
    ("1,2,3", "kiểu tiếng Anh"),
    ("1,5.2", "kiểu tiếng Anh"),
    ("1,2.3,4", "đúng 3 chữ số"),
    ("5,", "thiếu phần sau dấu phẩy"),
    ("1e5", "không phải là một số"),
    ("95,2%", "có dấu %"),
]


@pytest.mark.parametrize(("typed_text", "message"), BAD_NUMBERS)
def test_parse_number_refuses(typed_text: str, message: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_number(typed_text)
    assert message in caught.value.message


DATES = [
    ("12/12/2023", date(2023, 12, 12)),
    ("12-12-2023", date(2023, 12, 12)),
    ("2023-12-12", date(2023, 12, 12)),
    ("5/1/2024", date(2024, 1, 5)),
    ("05.01.2024", date(2024, 1, 5)),
    ("29/02/2024", date(2024, 2, 29)),
    ("ngày 15 tháng 12 năm 2023", date(2023, 12, 15)),
]


@pytest.mark.parametrize(("typed_text", "expected"), DATES)
def test_parse_date(typed_text: str, expected: date) -> None:
    assert parse_date(typed_text) == expected


BAD_DATES = [
    ("31/02/2023", "tháng 2 năm 2023 chỉ có 28 ngày"),
    ("29/02/2023", "tháng 2 năm 2023 chỉ có 28 ngày"),
    ("31/04/2024", "tháng 4 năm 2024 chỉ có 30 ngày"),
    ("12/13/2023", "không có tháng 13"),
    ("2023-02-30", "chỉ có 28 ngày"),
    ("12/12/23", "năm phải viết đủ 4 chữ số"),
    ("hôm nay", "không phải là một ngày"),
    ("", "không phải là một ngày"),
]


@pytest.mark.parametrize(("typed_text", "message"), BAD_DATES)
def test_parse_date_refuses(typed_text: str, message: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_date(typed_text)
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("typed_text", "expected"),
    [("c", True), ("có", True), ("Có", True), ("y", True), ("co", True),
     ("k", False), ("không", False), ("KHÔNG", False), ("n", False), ("khong", False),
     ("", None), ("x", None), ("có lẽ", None)],
)
def test_parse_yes_no(typed_text: str, expected: bool | None) -> None:
    assert parse_yes_no(typed_text) is expected


# ------------------------------------------------------- --data, --templates


def prompts(output: str) -> list[str]:
    """The questions asked, in order: lines that are neither notes, tree lines nor rules."""
    asked = []
    for line in output.splitlines():
        if not line or line[0] in " │├└" or "───" in line or ": " not in line:
            continue
        asked.append(line.split(": ")[0])
    return asked


def without_signer(source: Path, target: Path) -> Path:
    data = load_data_file(source).data
    del data["signer"]
    from draftkit.datafile import dump_yaml

    target.write_text(dump_yaml(data), encoding="utf-8")
    return target


def test_data_file_missing_only_the_signer_asks_only_for_the_signer(
    tmp_path: Path, ngoc_lac_report: Path
) -> None:
    old = without_signer(ngoc_lac_report, tmp_path / "bao-cao-2023.yaml")
    signer = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Văn An"]

    result = invoke(["new-report", "-o", str(out := tmp_path / "moi"), "--data", str(old), "--name", "bao-cao-2024"],
                    [KEEP_AS_IS, *signer, *SAVE])

    assert result.exit_code == 0, result.output
    assert "Đã có trong tệp bao-cao-2023.yaml" in result.output
    assert "Chỉ hỏi những phần còn thiếu hoặc chưa hợp lệ: “Người ký”." in result.output
    assert prompts(result.output)[1:5] == [
        "Quyền hạn ký (TM., KT., Q. ...)",
        "Chức vụ người ký",
        "Họ và tên người ký",
        "Lưu và tạo văn bản? c = có, s = sửa một phần, x = xem toàn văn, k = không",
    ]
    before = load_data_file(old).data
    after = load_data_file(out / "bao-cao-2024.yaml").data
    assert after["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Phạm Văn An"}
    assert {k: v for k, v in after.items() if k != "signer"} == before
    assert "Phạm Văn An" in docx_text(out / "bao-cao-2024.docx")


def test_data_file_with_invalid_values_asks_them_and_offers_the_review(tmp_path: Path) -> None:
    old = tmp_path / "cu.yaml"
    old.write_text(
        "version: 1\ndocument: report\nissuer: {name: UBND XÃ A, code: ubnd, place: A}\n"
        "date: 2023-02-30\ntitle: Tổng kết năm 2023\nopening: Mở đầu.\nresults: [{heading: Kết quả, paragraphs: [Tốt.]}]\n"
        "signer: {title: CHỦ TỊCH, name: Lê B}\nrecipients: [Lưu VT]\nextra_key: 1\n",
        encoding="utf-8",
    )
    # issuer: parent (Enter), name (Enter keeps), code (invalid: Enter shows why, then UBND),
    # place (Enter); date; then at the review, "s" 5 changes the title.
    lines = ["", "", "", "UBND", "", "15/12/2023", "s", "5", "Tổng kết năm 2023 (sửa)", "c"]

    result = invoke(["new-report", "-o", str(tmp_path), "--data", str(old), "--name", "bc"], lines)

    assert result.exit_code == 0, result.output
    assert "Bỏ qua mục “extra_key”: không có trong định dạng tệp dữ liệu." in result.output
    assert "“Cơ quan ban hành”, “Ngày ký”" in result.output
    assert "chỉ gồm chữ in hoa và số" in result.output
    data = load_data_file(tmp_path / "bc.yaml").data
    assert data["issuer"] == {"name": "UBND XÃ A", "code": "UBND", "place": "A"}
    assert data["date"] == "2023-12-15"
    assert data["title"] == "Tổng kết năm 2023 (sửa)"
    assert "extra_key" not in data


def test_a_complete_data_file_goes_straight_to_the_review(tmp_path: Path, ngoc_lac_report: Path) -> None:
    result = invoke(["new-report", "-o", str(tmp_path), "--data", str(ngoc_lac_report), "--name", "bc"], [KEEP_AS_IS, "k"])

    assert result.exit_code == 0, result.output
    assert "Tệp đã đủ thông tin" in result.output
    assert "Ngày ký trong tệp là 12/12/2023" in result.output  # an old date is pointed out
    assert prompts(result.output)[1:] == ["Lưu và tạo văn bản? c = có, s = sửa một phần, x = xem toàn văn, k = không"]
    assert (tmp_path / "bc.draft.yaml").exists()  # kept: the next run continues from it


def test_a_data_file_of_another_kind_or_broken_is_refused_before_any_question(tmp_path: Path) -> None:
    broken = tmp_path / "hong.yaml"
    broken.write_text("document: report\ntitle: a: b\n", encoding="utf-8")

    result = invoke(["new-report", "-o", str(tmp_path), "--data", str(broken)], ANSWERS)

    assert result.exit_code == 1
    assert "dòng 2" in result.output
    assert "Thể thức" not in result.output


def test_templates_folder_is_used_for_the_document(tmp_path: Path) -> None:
    from draftkit.template_search import builtin_template

    folder = tmp_path / "mau"
    folder.mkdir()
    template = docx.Document(str(builtin_template("report", "state")))
    template.add_paragraph("Mẫu riêng của Văn phòng")
    template.save(str(folder / "report-state.docx"))

    result = invoke(["new-report", "-o", str(tmp_path / "out"), "--name", "bc", "--templates", str(folder)],
                    ANSWERS + SAVE)

    assert result.exit_code == 0, result.output
    assert "Mẫu riêng của Văn phòng" in docx_text(tmp_path / "out" / "bc.docx")


def test_a_missing_templates_folder_is_refused_before_any_question(tmp_path: Path) -> None:
    result = invoke(["new-report", "-o", str(tmp_path), "--templates", str(tmp_path / "khong-co")], ANSWERS)

    assert result.exit_code == 1
    assert "Không có thư mục mẫu" in result.output
    assert "Thể thức" not in result.output


def test_whole_numbers_may_be_typed_with_thousands_dots(tmp_path: Path) -> None:
    lines = list(ANSWERS)
    lines[at("285")] = "1.285"

    result, _ = run(tmp_path, lines + SAVE)

    assert result is not None
    assert load_data_file(tmp_path / "bc.yaml").data["number"] == 1285


def test_a_draft_begun_from_a_data_file_continues_with_what_is_still_missing(
    tmp_path: Path, ngoc_lac_report: Path
) -> None:
    old = without_signer(ngoc_lac_report, tmp_path / "bao-cao-2023.yaml")
    args = ["new-report", "-o", str(tmp_path / "moi"), "--data", str(old), "--name", "bc"]

    first = invoke(args, [KEEP_AS_IS, "TM. ỦY BAN NHÂN DÂN"])  # the input ends inside the signer
    assert first.exit_code == 1, first.output

    # The answer typed before the input ended is kept: the next question is the first asked.
    second = invoke(args, ["c", "CHỦ TỊCH", "Phạm Văn An", *SAVE])

    assert second.exit_code == 0, second.output
    assert "Tiếp tục từ bản nháp? (k: bắt đầu từ tệp" in second.output
    assert prompts(second.output)[2:4] == ["Chức vụ người ký", "Họ và tên người ký"]
    assert load_data_file(tmp_path / "moi" / "bc.yaml").data["signer"]["name"] == "Phạm Văn An"


def test_resume_names_the_draft_to_continue(out: Path, tmp_path: Path) -> None:
    cut = at(HEADING) + 1
    first = invoke(["new-report", "-o", str(out)], ANSWERS[:cut])
    assert first.exit_code == 1
    draft = out / "bao-cao-2023.draft.yaml"
    assert draft.exists()

    # From another folder, with no -o: the draft says where the work goes on; --resume
    # needs no "continue?" question.
    rest = ANSWERS[cut:]
    second = invoke(["new-report", "--resume", str(draft)], rest + SAVE)

    assert second.exit_code == 0, second.output
    assert load_data_file(out / "bao-cao-2023.yaml").data["results"][0]["heading"] == HEADING
    assert f"1. {HEADING}" in docx_text(out / "bao-cao-2023.docx")
    assert not draft.exists()


def test_resume_refuses_a_file_that_is_not_a_draft(tmp_path: Path) -> None:
    other = tmp_path / "bao-cao-2023.yaml"
    other.write_text("document: report\n", encoding="utf-8")
    result = invoke(["new-report", "--resume", str(other)], [])
    assert result.exit_code == 1
    assert ".draft.yaml" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("choice", "expected"), [("", "Công tác phối hợp được chú trọng."), ("k", "Công tác phối hợp đƣợc chú trọng.")])
def test_pdf_lookalike_letters_are_offered_a_fix(out: Path, choice: str, expected: str) -> None:
    pasted = "Công tác phối hợp đƣợc chú trọng."  # "ƣ" (U+01B0's look-alike U+01A3), as PDFs paste it
    lines = list(ANSWERS)
    index = at("Công tác phối hợp được chú trọng.")
    lines[index : index + 1] = [pasted, choice]

    result = invoke(["new-report", "-o", str(out), "--name", "bc"], lines + SAVE)

    assert result.exit_code == 0, result.output
    assert "sao chép từ PDF" in result.output
    assert load_data_file(out / "bc.yaml").data["assessment"]["strengths"] == [expected]
