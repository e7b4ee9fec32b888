"""The report, end to end: data file → .docx, read back as a clerk would read it."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from docx_helpers import all_text, body_paragraphs, cell_paragraphs, find, open_docx
from draftkit.datafile import DataFile
from draftkit.models import ReportData
from draftkit.pipeline import render_file, render_model
from draftkit.report import outline
from draftkit.rules import rules_for
from draftkit.validation import validate

EMU_PER_MM = 36000


def render(path: Path, tmp_path: Path) -> Path:
    result = render_file(path, tmp_path)
    assert result.documents == [tmp_path / f"{path.stem}.docx"]
    return result.documents[0]


def test_state_report_page_setup(ngoc_lac_report: Path, tmp_path: Path) -> None:
    doc = open_docx(render(ngoc_lac_report, tmp_path))
    section = doc.sections[0]
    assert (round(section.page_width / EMU_PER_MM), round(section.page_height / EMU_PER_MM)) == (
        210,
        297,
    )
    margins = [
        round(getattr(section, f"{side}_margin") / EMU_PER_MM)
        for side in ("top", "bottom", "left", "right")
    ]
    assert margins == [20, 20, 30, 15]
    # Page numbers: a PAGE field centred in the header, and an empty header on page 1.
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml
    assert section.header.paragraphs[0].alignment.name == "CENTER"
    assert section.first_page_header.paragraphs[0].text == ""
    assert "PAGE" not in section.first_page_header._element.xml


def test_state_report_header(ngoc_lac_report: Path, tmp_path: Path) -> None:
    doc = open_docx(render(ngoc_lac_report, tmp_path))
    header = doc.tables[0]
    left = cell_paragraphs(header, 0, 0)
    right = cell_paragraphs(header, 0, 1)
    assert [p.text for p in left] == ["UBND TỈNH THANH HÓA", "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC"]
    parent, issuer = left
    assert (parent.size, parent.bold) == (12, False)
    assert (issuer.size, issuer.bold, issuer.align) == (12, True, "center")
    assert [p.text for p in right] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(p.bold for p in right)
    assert [p.size for p in right] == [12, 13]
    (number,) = cell_paragraphs(header, 1, 0)
    (date_line,) = cell_paragraphs(header, 1, 1)
    assert (number.text, number.size, number.bold) == ("Số: 285/BC-UBND", 13, False)
    assert date_line.text == "Ngọc Lặc, ngày 12 tháng 12 năm 2023"
    assert (date_line.italic, date_line.size) == (True, 14)
    # The rules under the agency name and the Tiêu ngữ are paragraph borders.
    left_xml = header.rows[0].cells[0]._tc.xml
    right_xml = header.rows[0].cells[1]._tc.xml
    assert "<w:bottom " in left_xml and "<w:bottom " in right_xml


def test_state_report_body(ngoc_lac_report: Path, tmp_path: Path) -> None:
    doc = open_docx(render(ngoc_lac_report, tmp_path))
    paras = body_paragraphs(doc)
    texts = [p.text for p in paras]
    title = find(paras, "BÁO CÁO")
    assert (title.bold, title.size, title.align) == (True, 14, "center")
    subject = paras[texts.index("BÁO CÁO") + 1]
    assert subject.text.startswith("Tổng kết công tác xây dựng cơ sở")
    assert (subject.bold, subject.align) == (True, "center")
    headings = [p.text for p in paras if p.bold and p.text not in ("BÁO CÁO", subject.text)]
    assert headings == [
        "Phần thứ nhất",
        "KẾT QUẢ THỰC HIỆN NĂM 2023",
        # Each part has one section: no "I." heading repeating the part's title.
        "1. Công tác xây dựng cơ sở và thực hiện Quy chế dân chủ",
        "2. Công tác quốc phòng - an ninh",
        "Phần thứ hai",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
    ]
    opening = paras[texts.index(subject.text) + 1]
    assert opening.text.startswith("Ủy ban nhân dân huyện Ngọc Lặc báo cáo")
    for para in (opening, find(paras, "- Thu nhập bình quân đầu người đạt 50,24 triệu đồng.")):
        assert (para.size, para.bold, para.italic) == (14, False, False)
        assert para.align == "justify"
        assert para.first_line_indent_cm == 1.27
        assert para.space_before_pt is not None and para.space_before_pt >= 6
        assert para.line_spacing is not None and 1.0 <= para.line_spacing <= 1.5
    assert "- Mô hình “Dân vận khéo” đăng ký và triển khai thực hiện đạt 18 mô hình." in texts
    assert texts[-1].startswith("6. Xây dựng các chương trình trọng điểm")
    assert texts[-1].endswith("giải ngân vốn đầu tư công./.")
    assert all(p.font == "Times New Roman" for p in paras)


def test_state_report_signature(ngoc_lac_report: Path, tmp_path: Path) -> None:
    doc = open_docx(render(ngoc_lac_report, tmp_path))
    signature = doc.tables[-1]
    recipients = cell_paragraphs(signature, 0, 0)
    label, *lines = recipients
    assert (label.text, label.size, label.bold, label.italic) == ("Nơi nhận:", 12, True, True)
    assert [p.text for p in lines] == [
        "- UBND tỉnh Thanh Hóa (để b/c);",
        "- Thường trực Huyện ủy (để b/c);",
        "- Các xã, thị trấn;",
        "- Lưu: VT, VP.",
    ]
    assert {p.size for p in lines} == {11}
    sign = cell_paragraphs(signature, 0, 1)
    assert [p.text for p in sign] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hòa"]
    assert all(p.bold and p.size == 14 and p.align == "center" for p in sign)


def test_party_report(tmp_path: Path) -> None:
    from conftest import EXAMPLES

    doc = open_docx(render(EXAMPLES / "ngoc-lac-2023-bao-cao-dang.yaml", tmp_path))
    header = doc.tables[0]
    left = cell_paragraphs(header, 0, 0)
    assert [p.text for p in left] == ["ĐẢNG BỘ TỈNH THANH HÓA", "HUYỆN ỦY NGỌC LẶC", "*"]
    assert [(p.size, p.bold) for p in left] == [(14, False), (14, True), (14, False)]
    (title,) = cell_paragraphs(header, 0, 1)
    assert (title.text, title.size, title.bold) == ("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True)
    (number,) = cell_paragraphs(header, 1, 0)
    assert (number.text, number.size) == ("Số 125-BC/HU", 14)
    paras = body_paragraphs(doc)
    texts = [p.text for p in paras]
    assert find(paras, "BÁO CÁO").size == 16
    subject = paras[texts.index("BÁO CÁO") + 1]
    assert subject.text.startswith("tổng kết công tác xây dựng cơ sở")
    assert texts[texts.index(subject.text) + 1] == "-----"
    assert "1. Công tác quốc phòng - an ninh" not in texts and "2. Công tác quốc phòng - an ninh" in texts
    assert texts[-1].endswith("giải ngân vốn đầu tư công.")
    assert not texts[-1].endswith("./.")
    sign = cell_paragraphs(doc.tables[-1], 0, 1)
    assert [(p.text, p.bold) for p in sign] == [
        ("T/M BAN THƯỜNG VỤ", True),
        ("PHÓ BÍ THƯ", False),
        ("Lê Văn Tuấn", True),
    ]
    label = cell_paragraphs(doc.tables[-1], 0, 0)[0]
    assert (label.text, label.underline, label.size) == ("Nơi nhận:", True, 14)


def _model(**changes: object) -> ReportData:
    data = {
        "version": 1,
        "document": "report",
        "issuer": {"name": "ỦY BAN NHÂN DÂN XÃ A", "code": "UBND", "place": "A"},
        "date": "2024-01-05",
        "title": "Tổng kết năm 2023",
        "opening": "Mở đầu.",
        "results": [{"heading": "Kinh tế", "paragraphs": ["Đoạn 1."]}],
        "signer": {"title": "CHỦ TỊCH", "name": "Nguyễn Văn A"},
        "recipients": ["Lưu: VT"],
    }
    data.update(changes)
    model = validate(DataFile(Path("x.yaml"), copy.deepcopy(data)))
    assert isinstance(model, ReportData)
    return model


def texts_of(model: ReportData) -> list[str]:
    return [block.text for block in outline(model, rules_for(model.style, model.date))]


def test_outline_leaves_out_empty_parts_and_closes_numbering() -> None:
    model = _model(
        situation=["Tình hình."],
        assessment={"limitations": ["Còn chậm."], "lessons": ["Bám sát cơ sở."]},
    )
    assert texts_of(model) == [
        "Mở đầu.",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "Tình hình.",
        "II. KẾT QUẢ THỰC HIỆN",
        "1. Kinh tế",
        "Đoạn 1.",
        "III. ĐÁNH GIÁ CHUNG",
        "1. Hạn chế",
        "- Còn chậm.",
        "2. Bài học kinh nghiệm",
        "- Bám sát cơ sở./.",
    ]


def test_outline_two_parts_nested_sections_and_tasks() -> None:
    model = _model(
        year=2023,
        results=[
            {
                "heading": "Kinh tế",
                "indicators": [
                    {
                        "label": "Giá trị sản xuất",
                        "value": 1520.4,
                        "unit": "tỷ đồng",
                        "previous": 1444.2,
                        "target": 1500,
                    }
                ],
                "sections": [
                    {
                        "heading": "Nông nghiệp",
                        "paragraphs": ["Được mùa."],
                        "sections": [{"heading": "Lúa", "paragraphs": ["Năng suất cao."]}],
                    },
                    {"heading": "Công nghiệp", "paragraphs": ["Ổn định."]},
                ],
            }
        ],
        plan={"tasks": ["Làm tốt.", {"heading": "Chuyển đổi số", "paragraphs": ["Số hóa hồ sơ."]}]},
        proposals=["Tỉnh hỗ trợ kinh phí."],
    )
    assert texts_of(model) == [
        "Mở đầu.",
        "Phần thứ nhất",
        "KẾT QUẢ THỰC HIỆN NĂM 2023",
        "Chỉ tiêu giá trị sản xuất đạt và vượt kế hoạch.",
        "1. Kinh tế",
        "- Giá trị sản xuất đạt 1.520,4 tỷ đồng, tăng 5,28% so với cùng kỳ, đạt 101,36% kế hoạch.",
        "a) Nông nghiệp",
        "Được mùa.",
        "- Lúa",
        "Năng suất cao.",
        "b) Công nghiệp",
        "Ổn định.",
        "Phần thứ hai",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
        "I. NHIỆM VỤ, GIẢI PHÁP",
        "1. Làm tốt.",
        "2. Chuyển đổi số",
        "Số hóa hồ sơ.",
        "II. ĐỀ XUẤT, KIẾN NGHỊ",
        "Tỉnh hỗ trợ kinh phí./.",
    ]


def test_party_headings_use_roman_numeral_and_hyphen() -> None:
    model = _model(style="party", situation=["Tình hình."], plan={"goals": ["Mục tiêu."]})
    texts = texts_of(model)
    assert "I- ĐẶC ĐIỂM TÌNH HÌNH" in texts and "II- KẾT QUẢ THỰC HIỆN" in texts
    assert texts[-1] == "- Mục tiêu."  # the Party text ends with "." only


def test_year_defaults_to_date_and_can_be_set() -> None:
    assert "KẾT QUẢ THỰC HIỆN NĂM 2024" in texts_of(
        _model(date="2024-12-20", plan={"goals": ["X"]})
    )
    assert "KẾT QUẢ THỰC HIỆN NĂM 2023" in texts_of(_model(year=2023, plan={"goals": ["X"]}))


TRICKY = [
    "R&D <b> \"quoted\" 'single'",
    "{{ not_a_variable }} and {% if x %} and {_{ and }_}",
    "dòng một\ndòng hai",
    "Công ty A & B < C > D 🎉 — “ngoặc kép”",
    "x\ty",
]


@pytest.mark.parametrize("text", TRICKY)
def test_user_text_comes_out_exactly(text: str, tmp_path: Path) -> None:
    model = _model(
        title=text,
        opening=text,
        results=[{"heading": text, "paragraphs": [text]}],
        recipients=[text],
    )
    (path,) = render_model(model, "r", tmp_path)
    doc = open_docx(path)
    texts = [p.text for p in doc.paragraphs]
    assert texts.count(text) >= 2  # subject and opening
    assert f"1. {text}" in texts
    assert f"{text}./." in texts
    assert f"- {text}." in all_text(doc)


def test_nfc_normalised(tmp_path: Path) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Hòa Bình")
    model_path = tmp_path / "nfd.yaml"
    data = yaml.safe_load(
        (Path(__file__).parent.parent / "examples" / "ngoc-lac-2023-bao-cao.yaml").read_text(
            "utf-8"
        )
    )
    data["signer"]["name"] = decomposed
    model_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    doc = open_docx(render_file(model_path, tmp_path / "out").documents[0])
    assert "Hòa Bình" in all_text(doc)
    assert decomposed not in all_text(doc)


def test_a_lone_section_keeps_its_heading_unless_the_part_title_says_it() -> None:
    texts = texts_of(_model(year=2023, proposals=["Tỉnh hỗ trợ kinh phí."]))
    assert texts[-3:] == ["PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024", "I. ĐỀ XUẤT, KIẾN NGHỊ", "Tỉnh hỗ trợ kinh phí./."]
    assert "I. KẾT QUẢ THỰC HIỆN" not in texts


def test_a_field_of_work_with_only_a_heading_is_refused() -> None:
    from draftkit.errors import InputError

    with pytest.raises(InputError) as error:
        _model(results=[{"heading": "Kinh tế", "paragraphs": ["A."]}, {"heading": "Công tác dân vận"}])
    (problem,) = error.value.problems
    assert problem.field == "results[1]" and "chỉ có tên" in problem.message


def test_a_task_with_only_a_heading_reads_as_one_sentence() -> None:
    texts = texts_of(_model(year=2023, plan={"tasks": ["Làm tốt.", {"heading": "Chuyển đổi số"}]}))
    assert texts[-2:] == ["1. Làm tốt.", "2. Chuyển đổi số./."]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Ủy ban nhân dân tỉnh Thanh Hóa"], "Kính gửi:\tỦy ban nhân dân tỉnh Thanh Hóa."),
        (["Ủy ban nhân dân tỉnh", "Sở Nội vụ tỉnh"], "Kính gửi:\t- Ủy ban nhân dân tỉnh;\n- Sở Nội vụ tỉnh."),
        (
            ["Ủy ban nhân dân tỉnh Thanh Hóa", "Ban Chỉ đạo xây dựng cơ sở và thực hiện Quy chế dân chủ tỉnh"],
            "Kính gửi:\t- Ủy ban nhân dân tỉnh Thanh Hóa;\n- Ban Chỉ đạo xây dựng cơ sở và thực hiện Quy chế dân chủ tỉnh.",
        ),
    ],
)
def test_a_report_sent_upward_says_kinh_gui(names: list[str], expected: str, tmp_path: Path) -> None:
    from draftkit.check import check_document

    (path,) = render_model(_model(addressees=names), "r", tmp_path)
    doc = open_docx(path)
    texts = [p.text for p in doc.paragraphs]
    assert expected in texts
    assert texts.index(expected) < texts.index("Mở đầu.")
    assert check_document(path).ok
    (plain,) = render_model(_model(), "p", tmp_path)
    assert not any(t.startswith("Kính gửi") for t in (p.text for p in open_docx(plain).paragraphs))
