"""`draftkit check`: every document draftkit writes passes; each broken rule is caught alone.

Mutants are draftkit's own rendered documents with exactly one thing changed through
python-docx, the way a clerk would change it in Word. Hand-made documents are built here in
the plainest python-docx a clerk's macro would use.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Mm, Pt
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

from conftest import EXAMPLES, NGOC_LAC_AWARDS
from draftkit.check import CheckReport, check_document
from draftkit.check._reader import read_document
from draftkit.cli import app
from draftkit.pipeline import render_file
from draftkit.rules import rules_for

runner = CliRunner()
AWARDS = NGOC_LAC_AWARDS


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind of document draftkit writes, rendered once for the module."""
    out = tmp_path_factory.mktemp("rendered")
    docs: dict[str, Path] = {}
    docs["report-state"] = render_file(EXAMPLES / "ngoc-lac-2023-bao-cao.yaml", out).documents[0]
    docs["report-party"] = render_file(EXAMPLES / "ngoc-lac-2023-bao-cao-dang.yaml", out).documents[
        0
    ]
    for path in render_file(AWARDS, out).documents:
        for suffix, key in (
            ("quyet-dinh", "decision"),
            ("danh-sach", "list"),
            ("giay-khen", "certificates"),
        ):
            if path.stem.endswith(suffix):
                docs[key] = path
    assert set(docs) == {"report-state", "report-party", "decision", "list", "certificates"}
    return docs


def errors(report: CheckReport) -> set[str]:
    return {f.rule_id for f in report.findings if f.severity == "error"}


def notes(report: CheckReport) -> set[str]:
    return {f.rule_id for f in report.findings if f.severity == "info"}


# --- draftkit's own documents pass ----------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "style", "rules", "kind"),
    [
        ("report-state", "state", "nd30-2020", "document"),
        ("report-party", "party", "hd36-2018", "document"),
        ("decision", "state", "nd30-2020", "document"),
        ("list", "state", "nd30-2020", "attachment"),
        ("certificates", "state", "nd30-2020", "certificate"),
    ],
)
def test_every_generated_document_passes(
    rendered: dict[str, Path], key: str, style: str, rules: str, kind: str
) -> None:
    report = check_document(rendered[key])
    assert report.ok, [f.to_dict() for f in report.errors]
    assert (report.style, report.rules, report.kind) == (style, rules, kind)
    assert not [f for f in report.findings if f.severity == "warning"]


def test_certificates_are_landscape_and_that_is_a_note(rendered: dict[str, Path]) -> None:
    report = check_document(rendered["certificates"])
    assert {"page.orientation", "document.kind"} <= notes(report)


# --- mutants: one rule broken at a time -----------------------------------------------------


def paragraphs(doc: DocumentObject) -> list[Paragraph]:
    found = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(cell.paragraphs)
    return found


def para(doc: DocumentObject, start: str) -> Paragraph:
    for paragraph in paragraphs(doc):
        if paragraph.text.startswith(start):
            return paragraph
    raise AssertionError(f"no paragraph starts with {start!r}")


def body(doc: DocumentObject) -> list[Paragraph]:
    """The running text: long justified paragraphs outside tables."""
    return [
        p for p in doc.paragraphs if len(p.text) > 60 and p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    ]


def retext(doc: DocumentObject, old: str, new: str) -> None:
    changed = 0
    for paragraph in paragraphs(doc):
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
                changed += 1
    assert changed, f"{old!r} not found"


def runs_of(paragraph: Paragraph, attribute: str, value: object) -> None:
    for run in paragraph.runs:
        setattr(run.font, attribute, value)


def landscape(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def theme_font(doc: DocumentObject) -> None:
    run = body(doc)[0].runs[0]
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:asciiTheme"), "minorHAnsi")
    fonts.set(qn("w:hAnsiTheme"), "minorHAnsi")


def drop_page_field(doc: DocumentObject) -> None:
    for paragraph in doc.sections[0].header.paragraphs:
        for run in list(paragraph._p.findall(qn("w:r"))):
            paragraph._p.remove(run)


def drop_paragraph(paragraph: Paragraph) -> None:
    paragraph._p.getparent().remove(paragraph._p)


def each_body(action: Callable[[Paragraph], None]) -> Callable[[DocumentObject], None]:
    def mutate(doc: DocumentObject) -> None:
        for paragraph in body(doc):
            action(paragraph)

    return mutate


def set_format(name: str, value: object) -> Callable[[Paragraph], None]:
    return lambda p: setattr(p.paragraph_format, name, value)


Mutation = Callable[[DocumentObject], None]

MUTANTS: list[tuple[str, str, Mutation, str]] = [
    # page
    (
        "report-state",
        "margins 10 mm",
        lambda d: setattr(d.sections[0], "left_margin", Mm(10)),
        "page.margins",
    ),
    (
        "report-party",
        "top margin 25 mm",
        lambda d: setattr(d.sections[0], "top_margin", Mm(25)),
        "page.margins",
    ),
    (
        "report-state",
        "Letter paper",
        lambda d: (
            setattr(d.sections[0], "page_width", Inches(8.5)),
            setattr(d.sections[0], "page_height", Inches(11)),
        ),
        "page.size",
    ),
    ("report-state", "landscape report", landscape, "page.orientation"),
    # fonts
    (
        "report-state",
        "a run in Arial",
        lambda d: setattr(body(d)[0].runs[0].font, "name", "Arial"),
        "font.family",
    ),
    ("report-state", "a theme font", theme_font, "font.family"),
    (
        "report-party",
        "Arial in the header",
        lambda d: runs_of(para(d, "ĐẢNG BỘ"), "name", "Arial"),
        "font.family",
    ),
    (
        "certificates",
        "Arial on a certificate",
        lambda d: runs_of(para(d, "GIẤY KHEN"), "name", "Arial"),
        "font.family",
    ),
    # header
    (
        "report-state",
        "Quốc hiệu not bold",
        lambda d: runs_of(para(d, "CỘNG HÒA"), "bold", False),
        "header.national_title",
    ),
    (
        "report-state",
        "Quốc hiệu 14 pt",
        lambda d: runs_of(para(d, "CỘNG HÒA"), "size", Pt(14)),
        "header.national_title",
    ),
    (
        "report-state",
        "Tiêu ngữ with en dashes",
        lambda d: retext(d, "Độc lập - Tự do", "Độc lập – Tự do"),
        "header.motto",
    ),
    (
        "report-state",
        "Tiêu ngữ not bold",
        lambda d: runs_of(para(d, "Độc lập"), "bold", False),
        "header.motto",
    ),
    (
        "report-party",
        "Party title not bold",
        lambda d: runs_of(para(d, "ĐẢNG CỘNG SẢN"), "bold", False),
        "header.party_title",
    ),
    (
        "report-state",
        "issuer not bold",
        lambda d: runs_of(para(d, "ỦY BAN NHÂN DÂN"), "bold", False),
        "header.issuer",
    ),
    (
        "report-state",
        "parent body 14 pt",
        lambda d: runs_of(para(d, "UBND TỈNH"), "size", Pt(14)),
        "header.parent_body",
    ),
    ("report-party", "no asterisk", lambda d: drop_paragraph(para(d, "*")), "header.asterisk"),
    ("report-state", "Số without colon", lambda d: retext(d, "Số: 285", "Số 285"), "header.number"),
    (
        "report-state",
        "number below 10 not padded",
        lambda d: retext(d, "Số: 285", "Số: 5"),
        "header.number",
    ),
    (
        "report-party",
        "Party number with a colon",
        lambda d: retext(d, "Số 125", "Số: 125"),
        "header.number",
    ),
    (
        "report-state",
        "month written 03",
        lambda d: retext(d, "tháng 12 năm 2023", "tháng 03 năm 2023"),
        "header.place_date",
    ),
    (
        "decision",
        "day 5 not padded",
        lambda d: retext(d, "ngày 14 tháng 12 năm 2023", "ngày 5 tháng 12 năm 2023"),
        "header.place_date",
    ),
    (
        "report-state",
        "date not italic",
        lambda d: runs_of(para(d, "Ngọc Lặc, ngày"), "italic", False),
        "header.place_date",
    ),
    (
        "certificates",
        "certificate date 03",
        lambda d: retext(d, "tháng 12 năm 2023", "tháng 03 năm 2023"),
        "header.place_date",
    ),
    # title block
    (
        "report-state",
        "BÁO CÁO not bold",
        lambda d: runs_of(para(d, "BÁO CÁO"), "bold", False),
        "title.doc_type",
    ),
    (
        "decision",
        "QUYẾT ĐỊNH left",
        lambda d: setattr(para(d, "QUYẾT ĐỊNH"), "alignment", WD_ALIGN_PARAGRAPH.LEFT),
        "title.doc_type",
    ),
    (
        "report-state",
        "trích yếu not bold",
        lambda d: runs_of(para(d, "Tổng kết công tác"), "bold", False),
        "title.subject",
    ),
    (
        "report-party",
        "Party trích yếu capitalised",
        lambda d: retext(d, "tổng kết công tác xây", "Tổng kết công tác xây"),
        "title.subject",
    ),
    # body
    ("report-state", "body 12 pt", each_body(lambda p: runs_of(p, "size", Pt(12))), "body.size"),
    (
        "report-party",
        "Party body 13 pt",
        each_body(lambda p: runs_of(p, "size", Pt(13))),
        "body.size",
    ),
    (
        "report-state",
        "body left-aligned",
        each_body(lambda p: setattr(p, "alignment", WD_ALIGN_PARAGRAPH.LEFT)),
        "body.align",
    ),
    (
        "report-state",
        "no first-line indent",
        each_body(set_format("first_line_indent", Cm(0))),
        "body.indent",
    ),
    ("decision", "indent 2 cm", each_body(set_format("first_line_indent", Cm(2))), "body.indent"),
    (
        "report-state",
        "no space between paragraphs",
        each_body(set_format("space_before", Pt(0))),
        "body.spacing",
    ),
    (
        "report-state",
        "double line spacing",
        each_body(set_format("line_spacing", 2.0)),
        "body.line_spacing",
    ),
    # recipients
    (
        "report-state",
        "Nơi nhận not italic",
        lambda d: runs_of(para(d, "Nơi nhận"), "italic", False),
        "recipients.label",
    ),
    (
        "report-party",
        "Party Nơi nhận not underlined",
        lambda d: runs_of(para(d, "Nơi nhận"), "underline", False),
        "recipients.label",
    ),
    (
        "report-state",
        "list line without ;",
        lambda d: retext(d, "- Các xã, thị trấn;", "- Các xã, thị trấn"),
        "recipients.lines",
    ),
    (
        "decision",
        "last line without .",
        lambda d: retext(d, "- Lưu: VT, NV.", "- Lưu: VT, NV"),
        "recipients.lines",
    ),
    (
        "report-state",
        "list line 12 pt",
        lambda d: runs_of(para(d, "- Các xã"), "size", Pt(12)),
        "recipients.lines",
    ),
    # signature
    (
        "report-state",
        "T/M in a state document",
        lambda d: retext(d, "TM. ỦY BAN", "T/M ỦY BAN"),
        "signature.authority",
    ),
    (
        "decision",
        "K/T in a state decision",
        lambda d: retext(d, "KT. CHỦ TỊCH", "K/T CHỦ TỊCH"),
        "signature.authority",
    ),
    (
        "report-party",
        "TM. in a Party document",
        lambda d: retext(d, "T/M BAN", "TM. BAN"),
        "signature.authority",
    ),
    (
        "report-state",
        "TM without its dot",
        lambda d: retext(d, "TM. ỦY BAN", "TM ỦY BAN"),
        "signature.authority",
    ),
    (
        "report-state",
        "signer title not bold",
        lambda d: runs_of(para(d, "CHỦ TỊCH"), "bold", False),
        "signature.title",
    ),
    (
        "report-party",
        "Party signer title bold",
        lambda d: runs_of(para(d, "PHÓ BÍ THƯ"), "bold", True),
        "signature.title",
    ),
    (
        "report-state",
        "signer name not bold",
        lambda d: runs_of(para(d, "Nguyễn Văn Hòa"), "bold", False),
        "signature.name",
    ),
    # page numbers
    ("report-state", "page-number field removed", drop_page_field, "page_number"),
    (
        "report-state",
        "titlePg removed",
        lambda d: setattr(d.sections[0], "different_first_page_header_footer", False),
        "page_number",
    ),
    (
        "report-party",
        "page number on the left",
        lambda d: setattr(d.sections[0].header.paragraphs[0], "alignment", WD_ALIGN_PARAGRAPH.LEFT),
        "page_number",
    ),
]


@pytest.mark.parametrize(
    ("key", "mutation", "rule_id"),
    [pytest.param(key, mutation, rule_id, id=name) for key, name, mutation, rule_id in MUTANTS],
)
def test_a_mutant_breaks_only_its_rule(
    rendered: dict[str, Path], tmp_path: Path, key: str, mutation: Mutation, rule_id: str
) -> None:
    doc = Document(str(rendered[key]))
    mutation(doc)
    target = tmp_path / f"{key}.docx"
    doc.save(str(target))
    report = check_document(target)
    assert errors(report) == {rule_id}, [f.to_dict() for f in report.errors]


def test_every_rule_id_has_a_mutant() -> None:
    covered = {rule_id for *_, rule_id in MUTANTS}
    assert covered >= {
        "page.size", "page.margins", "page.orientation", "font.family",
        "header.national_title", "header.motto", "header.party_title", "header.issuer",
        "header.parent_body", "header.asterisk", "header.number", "header.place_date",
        "title.doc_type", "title.subject", "body.size", "body.align", "body.indent",
        "body.spacing", "body.line_spacing", "recipients.label", "recipients.lines",
        "signature.authority", "signature.title", "signature.name", "page_number",
    }  # fmt: skip


def test_messages_say_what_is_wrong_in_vietnamese(
    rendered: dict[str, Path], tmp_path: Path
) -> None:
    doc = Document(str(rendered["report-state"]))
    retext(doc, "tháng 12 năm 2023", "tháng 03 năm 2023")
    retext(doc, "TM. ỦY BAN", "T/M ỦY BAN")
    doc.sections[0].left_margin = Mm(10)
    target = tmp_path / "three.docx"
    doc.save(str(target))
    found = {f.rule_id: f for f in check_document(target).errors}
    date_finding = found["header.place_date"]
    assert "đúng là “Ngọc Lặc, ngày 12 tháng 3 năm 2023”" in date_finding.found
    assert date_finding.where.startswith("bảng 1, ô (2,2)")
    assert "“T/M” là cách viết của Quy định 66-QĐ/TW năm 2017 và Hướng dẫn 36-HD/VPTW" in found["signature.authority"].found
    assert "lề trái 10 mm" in found["page.margins"].found
    assert "30–35 mm" in found["page.margins"].rule


def test_landscape_list_with_tables_is_a_note(rendered: dict[str, Path], tmp_path: Path) -> None:
    doc = Document(str(rendered["list"]))
    landscape(doc)
    target = tmp_path / "list.docx"
    doc.save(str(target))
    report = check_document(target)
    assert report.ok, [f.to_dict() for f in report.errors]
    assert "page.orientation" in notes(report)


def test_style_can_be_forced_and_the_wrong_one_fails(rendered: dict[str, Path]) -> None:
    report = check_document(rendered["report-state"], style="party")
    assert report.rules == "hd36-2018"
    assert {"header.party_title", "header.number", "signature.authority"} <= errors(report)


def test_rules_in_force_on_a_given_date(rendered: dict[str, Path]) -> None:
    """The rule set follows the date: given, else the document's own, else the newest."""
    path = rendered["report-party"]
    assert check_document(path).rules == rules_for("party", date(2023, 12, 12)).id
    for day in (date(2019, 1, 1), date(2026, 6, 1), date(2030, 1, 1)):
        assert check_document(path, rules_date=day).rules == rules_for("party", day).id
    with pytest.raises(ValueError, match="unknown style"):
        check_document(path, style="province")


# --- hand-made documents ----------------------------------------------------------------------

BODY_TEXT = (
    "Năm 2023, Ủy ban nhân dân huyện đã chỉ đạo các xã, thị trấn triển khai đồng bộ các nhiệm vụ "
    "xây dựng cơ sở, thực hiện Quy chế dân chủ ở cơ sở và bảo đảm quốc phòng - an ninh trên địa bàn."
)


def clerk_document(
    *, header: str = "table", paragraphs_count: int = 3, page_number: bool = False
) -> DocumentObject:
    """A report typed the plain way: Normal style set once, direct formatting where needed."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = Cm(1.27)
    normal.paragraph_format.space_after = Pt(6)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    # The Quốc hiệu through a paragraph style, to check that styles are followed.
    national = doc.styles.add_style("Quoc hieu", WD_STYLE_TYPE.PARAGRAPH)
    national.base_style = normal
    national.font.bold = True
    national.font.size = Pt(12)
    national.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    national.paragraph_format.first_line_indent = Cm(0)

    def line(
        container: object, text: str, size: float, *, bold: bool = False, italic: bool = False
    ) -> Paragraph:
        paragraph = container.add_paragraph()  # type: ignore[attr-defined]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Cm(0)
        run = paragraph.add_run(text)
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
        return paragraph

    if header == "table":
        table = doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        line(left, "UBND TỈNH THANH HÓA", 12)
        line(left, "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC", 12, bold=True)
        line(left, "Số: 15/BC-UBND", 13)
        right.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style="Quoc hieu")
        line(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
        line(right, "Ngọc Lặc, ngày 05 tháng 01 năm 2024", 14, italic=True)
        for cell in (left, right):  # drop the empty paragraph a new cell starts with
            drop_paragraph(cell.paragraphs[0])
    else:  # typed with tabs, no table at all
        for pieces in (
            (
                ("UBND TỈNH THANH HÓA", 12, False, False),
                ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False),
            ),
            (
                ("ỦY BAN NHÂN DÂN HUYỆN", 12, True, False),
                ("Độc lập - Tự do - Hạnh phúc", 13, True, False),
            ),
            (
                ("Số: 15/BC-UBND", 13, False, False),
                ("Ngọc Lặc, ngày 05 tháng 01 năm 2024", 14, False, True),
            ),
        ):
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Cm(0)
            for index, (text, size, bold, italic) in enumerate(pieces):
                if index:
                    paragraph.add_run("\t\t")
                run = paragraph.add_run(text)
                run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    line(doc, "BÁO CÁO", 14, bold=True).paragraph_format.space_before = Pt(18)
    line(doc, "Kết quả công tác xây dựng cơ sở năm 2023", 14, bold=True)
    for _ in range(paragraphs_count):
        doc.add_paragraph(BODY_TEXT)
    if header == "table":
        table = doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        label = left.paragraphs[0]
        label.paragraph_format.first_line_indent = Cm(0)
        run = label.add_run("Nơi nhận:")
        run.font.size, run.font.bold, run.font.italic = Pt(12), True, True
        for text in ("- UBND tỉnh Thanh Hóa;", "- Lưu: VT, VP."):
            left.add_paragraph().add_run(text).font.size = Pt(11)
        drop_paragraph(right.paragraphs[0])
        line(right, "TM. ỦY BAN NHÂN DÂN", 14, bold=True)
        line(right, "CHỦ TỊCH", 14, bold=True)
        for _ in range(3):
            line(right, "", 14)
        line(right, "Nguyễn Văn Hòa", 14, bold=True)
    else:
        rows = (
            (("Nơi nhận:", 12, True, True), ("TM. ỦY BAN NHÂN DÂN", 14, True, False)),
            (("- UBND tỉnh Thanh Hóa;", 11, False, False), ("CHỦ TỊCH", 14, True, False)),
            (("- Lưu: VT, VP.", 11, False, False),),
            (),
            (),
            ((None, 0, False, False), ("Nguyễn Văn Hòa", 14, True, False)),
        )
        for pieces in rows:
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Cm(0)
            for index, (text, size, bold, italic) in enumerate(pieces):
                if index:
                    paragraph.add_run("\t\t\t")
                if text:
                    run = paragraph.add_run(text)
                    run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    if page_number:
        section.different_first_page_header_footer = True
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        head.paragraph_format.first_line_indent = Cm(0)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), " PAGE ")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "2"
        run.append(text)
        field.append(run)
        head._p.append(field)
    return doc


@pytest.mark.parametrize("header", ["table", "tabs"])
def test_a_hand_made_one_page_report_passes(tmp_path: Path, header: str) -> None:
    target = tmp_path / "clerk.docx"
    clerk_document(header=header).save(str(target))
    report = check_document(target)
    assert report.ok, [f.to_dict() for f in report.errors]
    assert report.style == "state"
    assert "page_number" in notes(report)  # one page: no page number needed


def test_a_hand_made_long_report_needs_and_has_page_numbers(tmp_path: Path) -> None:
    target = tmp_path / "long.docx"
    clerk_document(paragraphs_count=20, page_number=True).save(str(target))
    report = check_document(target)
    assert report.ok, [f.to_dict() for f in report.errors]
    assert "page_number" not in notes(report)
    clerk_document(paragraphs_count=20).save(str(target))
    assert errors(check_document(target)) == {"page_number"}


NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def text_box(lines: list[tuple[str, int, str]], offset_cm: float) -> str:
    """A floating text box as Word writes it: a DrawingML shape plus its VML fallback copy."""
    paragraphs = "".join(
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>{flags}<w:sz w:val="{size * 2}"/>'
        f"</w:rPr><w:t>{text}</w:t></w:r></w:p>"
        for text, size, flags in lines
    )
    content = f"<w:txbxContent>{paragraphs}</w:txbxContent>"
    offset = int(offset_cm * 360000)
    return (
        f'<w:r {NAMESPACES}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        f'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{offset}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="3000000" cy="900000"/><wp:wrapNone/><wp:docPr id="{offset + 1}" name="box"/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>{content}</wps:txbx><wps:bodyPr/>'
        f"</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:rect style="position:absolute"><v:textbox>{content}</v:textbox>'
        f"</v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_a_header_in_text_boxes_is_found_once(tmp_path: Path) -> None:
    """Text boxes are read (their fallback copy is not counted twice) and placed by anchor."""
    from docx.oxml import parse_xml

    doc = clerk_document()
    table = doc.tables[0]
    anchor = doc.add_paragraph()
    table._tbl.addprevious(anchor._p)
    table._tbl.getparent().remove(table._tbl)
    bold, italic = "<w:b/>", "<w:i/>"
    anchor._p.append(
        parse_xml(
            text_box(
                [
                    ("UBND TỈNH THANH HÓA", 12, ""),
                    ("ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", 12, bold),
                    ("Số: 15/BC-UBND", 13, ""),
                ],
                0,
            )
        )
    )
    anchor._p.append(parse_xml(text_box(
        [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold), ("Độc lập - Tự do - Hạnh phúc", 13, bold),
         ("Ngọc Lặc, ngày 05 tháng 01 năm 2024", 14, italic)], 7
    )))  # fmt: skip
    target = tmp_path / "boxes.docx"
    doc.save(str(target))
    model = read_document(target)
    assert len(model.textboxes) == 6
    assert {p.place.side for p in model.textboxes} == {"left", "right"}
    report = check_document(target)
    assert report.ok, [f.to_dict() for f in report.errors]
    assert report.style == "state"


def test_a_careless_hand_made_document_fails_on_each_point(tmp_path: Path) -> None:
    """Word's defaults left alone: Letter paper, 1-inch margins, the theme font, no layout."""
    doc = Document()
    for text, bold, italic in (
        ("UBND HUYỆN NGỌC LẶC", True, False),
        ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", False, False),
        ("Độc lập - Tự do - Hạnh phúc", True, False),
        ("Số 15/BC-UBND", False, False),
        ("Ngọc Lặc, ngày 5 tháng 1 năm 2024", False, False),
        ("BÁO CÁO", True, False),
        ("Kết quả công tác năm 2023", True, False),
    ):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
    for _ in range(3):
        doc.add_paragraph(BODY_TEXT)
    doc.add_paragraph("CHỦ TỊCH").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("Nguyễn Văn Hòa").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    target = tmp_path / "careless.docx"
    doc.save(str(target))
    report = check_document(target)
    assert report.style == "state"
    assert errors(report) >= {
        "page.size", "page.margins", "font.family", "header.national_title", "header.number",
        "header.place_date", "body.size", "body.align", "body.indent", "recipients.label",
    }  # fmt: skip
    fonts = next(f for f in report.findings if f.rule_id == "font.family")
    assert "chủ đề" in fonts.found
    number = next(f for f in report.findings if f.rule_id == "header.number")
    assert "đúng là “Số: 15/BC-UBND”" in number.found
    dated = next(f for f in report.findings if f.rule_id == "header.place_date")
    assert "đúng là “Ngọc Lặc, ngày 05 tháng 01 năm 2024”" in dated.found
    assert any(
        f.rule_id == "header.national_title" and f.severity == "warning" for f in report.findings
    )


def test_effective_formatting_follows_styles_and_toggles(tmp_path: Path) -> None:
    doc = Document()
    strong = doc.styles.add_style("Dam", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    heading = doc.styles.add_style("Tieu de", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.bold = True
    heading.font.size = Pt(15)
    doc.add_paragraph("from the style", style="Tieu de")
    doc.add_paragraph(style="Tieu de").add_run("toggled off", style="Dam")
    plain = doc.add_paragraph()
    plain.add_run("direct wins", style="Dam").font.bold = False
    target = tmp_path / "styles.docx"
    doc.save(str(target))
    runs = [p.runs[0].fmt for p in read_document(target).body_paragraphs()]
    assert [(r.bold, r.size) for r in runs] == [(True, 15.0), (False, 15.0), (False, 11.0)]
    assert runs[0].ascii.theme == "minorHAnsi"  # python-docx's template: the theme font


# --- the command line ---------------------------------------------------------------------------


def test_cli_passes_a_good_document(rendered: dict[str, Path]) -> None:
    result = runner.invoke(app, ["check", str(rendered["report-state"])])
    assert result.exit_code == 0, result.output
    assert "Đạt: văn bản đúng thể thức (Nghị định 30/2020/NĐ-CP)" in result.output


def test_cli_lists_problems_and_exits_1(rendered: dict[str, Path], tmp_path: Path) -> None:
    doc = Document(str(rendered["report-state"]))
    retext(doc, "Số: 285", "Số 285")
    doc.sections[0].left_margin = Mm(10)
    target = tmp_path / "bad.docx"
    doc.save(str(target))
    result = runner.invoke(app, ["check", str(target)])
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "Có 2 lỗi về thể thức (Nghị định 30/2020/NĐ-CP)" in output
    assert "[header.number]" in output and "Vị trí:" in output and "Thực tế:" in output


def test_cli_json_parses_and_has_the_fields(rendered: dict[str, Path]) -> None:
    result = runner.invoke(
        app, ["check", str(rendered["report-party"]), "--json", "--style", "auto"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["style"] == "party" and data["rules"] == "hd36-2018" and data["ok"] is True
    assert isinstance(data["findings"], list)
    result = runner.invoke(
        app, ["check", str(rendered["report-party"]), "--json", "--style", "state"]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert set(data["findings"][0]) == {"rule_id", "rule", "where", "found", "severity"}


def _zip_without_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")


def _docx_without_document_xml(path: Path) -> None:
    """A real .docx with only its main part taken out."""
    whole = path.with_suffix(".whole.docx")
    Document().save(str(whole))
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.namelist():
            if item != "word/document.xml":
                target.writestr(item, source.read(item))


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("missing.docx", lambda p: None, "Không tìm thấy tệp"),
        (
            "text.docx",
            lambda p: p.write_text("chỉ là chữ", encoding="utf-8"),
            "không phải văn bản Word",
        ),
        ("nodoc.docx", _zip_without_document, "không phải văn bản Word"),
        ("nomain.docx", _docx_without_document_xml, "thiếu phần “word/document.xml”"),
        ("folder.docx", lambda p: p.mkdir(), "thư mục"),
    ],
)
def test_cli_unreadable_files_exit_2_without_traceback(
    tmp_path: Path, name: str, make: Callable[[Path], None], words: str
) -> None:
    target = tmp_path / name
    make(target)
    result = runner.invoke(app, ["check", str(target)])
    assert result.exit_code == 2, result.output
    assert words in " ".join(result.output.split())
    assert "Lỗi:" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_truncated_and_corrupt_files_exit_2(rendered: dict[str, Path], tmp_path: Path) -> None:
    data = rendered["report-state"].read_bytes()
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(data[: len(data) // 2])
    corrupt = tmp_path / "corrupt.docx"
    with (
        zipfile.ZipFile(rendered["report-state"]) as source,
        zipfile.ZipFile(corrupt, "w") as target,
    ):
        for item in source.namelist():
            body_xml = source.read(item)
            target.writestr(
                item, body_xml[: len(body_xml) // 2] if item == "word/document.xml" else body_xml
            )
    for path, words in ((truncated, "bị hỏng"), (corrupt, "XML không hợp lệ")):
        result = runner.invoke(app, ["check", str(path)])
        assert result.exit_code == 2, result.output
        assert words in " ".join(result.output.split()) and "Traceback" not in result.output


def test_a_document_typed_in_nfd_is_read_composed(tmp_path: Path) -> None:
    """Text pasted with combining accents (NFD) reads as the same letters: a draftkit
    decision whose every run was decomposed still passes."""
    import re
    import unicodedata

    from conftest import EXAMPLES
    from draftkit.check import check_document
    from draftkit.pipeline import render_file

    written = render_file(EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml", tmp_path / "out").documents
    decision = next(p for p in written if p.name.endswith("-quyet-dinh.docx"))
    nfd = tmp_path / "nfd.docx"
    with zipfile.ZipFile(decision) as source, zipfile.ZipFile(nfd, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)", lambda m: m[1] + unicodedata.normalize("NFD", m[2]) + m[3], text)
                assert text != data.decode("utf-8")
                data = text.encode("utf-8")
            target.writestr(info, data)
    assert check_document(nfd).ok
