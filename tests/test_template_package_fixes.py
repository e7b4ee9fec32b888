"""Defects found in review of the template-package repairs (_package.py), one class a test.

- a text box anchored to a {%p %} paragraph (rendered XML was broken after check passed);
- reviewers' comments in a template (printed on every document);
- \\&quot; saved by LibreOffice inside a string;
- invisible characters inside a tag's string (text the clerk typed);
- "%\\u200d}" in plain text (not a tag: left as typed).
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, needs_libreoffice, soffice
from draftkit.cli import app
from draftkit.docx_engine import make_environment
from draftkit.docx_engine._package import finish_tags, prepare_xml, xml_problem
from draftkit.docx_engine._render import _prepare
from draftkit.errors import TemplateError

runner = CliRunner()
STYLES = ("state", "party")
AWARDS = {"state": EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml", "party": EXAMPLES / "huyen-uy-ngoc-lac-2023-khen-thuong.yaml"}
CERTIFICATES = {"state": 7, "party": 2}  # awardees in the two awards examples
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def builtin(kind: str, style: str) -> Path:
    return ROOT / "src" / "draftkit" / "templates" / f"{kind}-{style}.docx"


def rewrite(source: Path, target: Path, edit: dict[str, object]) -> Path:
    """``source`` with parts replaced (bytes), edited (a function of the old text) or added."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            change = edit.get(info.filename)
            if callable(change):
                data = change(data.decode()).encode()
            elif isinstance(change, bytes):
                data = change
            new.writestr(info, data)
        for name, change in edit.items():
            if name not in old.namelist() and isinstance(change, bytes):
                new.writestr(name, change)
    return target


def part(path: Path, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode()


# --- 1: a text box anchored to the {%p for %} paragraph -------------------------------------

TEXT_BOX = (
    '<w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" behindDoc="0" locked="0" '
    'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page">'
    '<wp:posOffset>500000</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>500000'
    '</wp:posOffset></wp:positionV><wp:extent cx="1800000" cy="400000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:wrapNone/><wp:docPr id="50" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1800000" cy="400000"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>'
    "<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr><w:r><w:t>Số: ......</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
)
_LOOP_PARAGRAPH = re.compile(r"<w:p[ >](?:(?!<w:p[ >]).)*?\{%p for c in certificates %\}.*?</w:p>", re.DOTALL)


def with_text_box_in_loop_paragraph(style: str, folder: Path) -> Path:
    def edit(xml: str) -> str:
        loop = _LOOP_PARAGRAPH.search(xml)
        assert loop is not None
        paragraph = loop.group(0)
        at = paragraph.find(">") + 1
        return xml.replace(paragraph, paragraph[:at] + TEXT_BOX + paragraph[at:], 1)

    return rewrite(builtin("certificate", style), folder / f"certificate-{style}.docx", {"word/document.xml": edit})


def text_box_texts(docx: Path) -> list[str]:
    body = Document(str(docx)).element.body
    return ["".join(t.text or "" for t in box.iter(f"{{{W}}}t")) for box in body.iter(f"{{{W}}}txbxContent")]


@pytest.mark.parametrize("style", STYLES)
def test_a_text_box_on_the_loop_line_passes_check_and_is_on_every_certificate(style: str, tmp_path: Path) -> None:
    template = with_text_box_in_loop_paragraph(style, tmp_path / "templates")
    code, output = run("templates", "check", template)
    assert code == 0, output

    code, output = run("render", AWARDS[style], "-o", tmp_path / "out", "--templates", tmp_path / "templates", "--force")
    assert code == 0, output
    (certificates,) = (tmp_path / "out").glob("*giay-khen.docx")
    assert text_box_texts(certificates) == ["Số: ......"] * CERTIFICATES[style]


@pytest.mark.parametrize("tag", ["{%p if a %}", "{%p for c in cs %}", "{%p endfor %}"])
def test_a_tag_paragraph_holding_a_text_box_leaves_well_formed_xml(tag: str) -> None:
    xml = (
        f"<w:body><w:p>{TEXT_BOX}<w:r><w:t>{tag}</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>A</w:t></w:r></w:p><w:p><w:r><w:t>B</w:t></w:r></w:p></w:body>"
    )
    source = _prepare(xml)
    body = re.sub(r"\{%.*?%\}", "", source)
    assert xml_problem(body.encode()) is None  # whatever the loop or condition does, it opens
    assert body.count("<w:txbxContent>") == 1
    assert re.search(r"<w:p>\s*<w:r><w:drawing>", body)  # moved into the next paragraph, first
    assert "<w:t xml:space=\"preserve\">A</w:t>" in body


def with_nested_table_in_loop_row(style: str, folder: Path) -> Path:
    nested = "<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"

    def edit(xml: str) -> str:
        at = xml.index("{%tr for row in group.rows %}")
        paragraph = xml.rindex("<w:p", 0, at)
        return xml[:paragraph] + nested + xml[paragraph:]

    return rewrite(builtin("list", style), folder / f"list-{style}.docx", {"word/document.xml": edit})


@pytest.mark.parametrize("style", STYLES)
def test_a_row_tag_in_a_row_holding_a_table_is_refused_by_check_and_render_alike(style: str, tmp_path: Path) -> None:
    template = with_nested_table_in_loop_row(style, tmp_path / "templates")
    said = "ở một đoạn hay hàng bảng chứa đoạn hay bảng khác"
    code, output = run("templates", "check", template)
    assert code != 0 and said in " ".join(output.split()), output
    code, output = run("render", AWARDS[style], "-o", tmp_path / "out", "--templates", tmp_path / "templates", "--force")
    assert code != 0 and said in " ".join(output.split()), output
    assert "Traceback" not in output
    assert not list((tmp_path / "out").glob("*danh-sach.docx"))


def test_a_row_tag_after_a_nested_table_is_refused_naming_the_row() -> None:
    xml = (
        "<w:body><w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>Họ và tên {%tr for row in rows %}</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>{{ row.name }}</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>{%tr endfor %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body>"
    )
    with pytest.raises(TemplateError, match="bảng lồng trong bảng") as raised:
        _prepare(xml, "list-state.docx")
    assert "Mẫu list-state.docx" in raised.value.message


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # the paragraph's own properties, not those of a paragraph in its text box
        (f"<w:p>{TEXT_BOX}<w:r><w:t>A</w:t></w:r></w:p>", f"<w:p><w:pPr><w:pageBreakBefore/></w:pPr>{TEXT_BOX}"),
        (f"<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{TEXT_BOX}</w:p>", "<w:pPr><w:pageBreakBefore/><w:jc"),
    ],
)
def test_a_page_break_moved_onto_a_paragraph_with_a_text_box_lands_in_its_own_properties(
    paragraph: str, expected: str
) -> None:
    xml = f'<w:body><w:p><w:r><w:t>{{%p for c in cs %}}</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>{paragraph}</w:body>'
    prepared = prepare_xml(xml)
    assert expected in prepared
    assert prepared.count("<w:pageBreakBefore/>") == 1


# --- 2: reviewers' comments -----------------------------------------------------------------

COMMENTS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="Chánh Văn phòng" w:date="2026-11-01T00:00:00Z">'
    "<w:p><w:r><w:t>Sửa lại căn cứ này</w:t></w:r></w:p></w:comment>"
    '<w:comment w:id="1" w:author="Chánh Văn phòng"><w:p><w:r><w:t>Kiểm tra số</w:t></w:r></w:p></w:comment>'
    "</w:comments>"
)
COMMENT_REL = (
    '<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
    'Target="comments.xml"/>'
)
COMMENT_TYPE = (
    '<Override PartName="/word/comments.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
)


def with_comments(kind: str, style: str, folder: Path) -> Path:
    def document(xml: str) -> str:
        # Two comments on the first two paragraphs with text, as Word marks them.
        for number in (0, 1):
            start = xml.index("<w:r>", xml.index("<w:body>") if number == 0 else xml.index("</w:p>") + 6)
            end = xml.index("</w:p>", start)
            xml = (
                xml[:start] + f'<w:commentRangeStart w:id="{number}"/>' + xml[start:end]
                + f'<w:commentRangeEnd w:id="{number}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                f'<w:commentReference w:id="{number}"/></w:r>' + xml[end:]
            )
        return xml

    return rewrite(
        builtin(kind, style),
        folder / f"{kind}-{style}.docx",
        {
            "word/document.xml": document,
            "word/_rels/document.xml.rels": lambda xml: xml.replace("</Relationships>", COMMENT_REL + "</Relationships>"),
            "[Content_Types].xml": lambda xml: xml.replace("</Types>", COMMENT_TYPE + "</Types>"),
            "word/comments.xml": COMMENTS_XML.encode(),
        },
    )


def printed_paragraphs(docx: Path) -> list[str]:
    return [p.text for p in Document(str(docx)).paragraphs]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize(("kind", "output"), [("decision", "*quyet-dinh.docx"), ("certificate", "*giay-khen.docx")])
def test_comments_are_stripped_from_what_is_made_with_a_notice_saying_how_to_delete_them(
    kind: str, output: str, style: str, tmp_path: Path
) -> None:
    template = with_comments(kind, style, tmp_path / "templates")
    assert "commentReference" in part(template)
    code, said = run("templates", "check", template)
    assert code == 0, said
    said = " ".join(said.split())
    assert "2 chú thích" in said and "Xóa tất cả chú thích trong tài liệu" in said and "Sửa → Chú thích" in said

    code, said = run("render", AWARDS[style], "-o", tmp_path / "out", "--templates", tmp_path / "templates", "--force")
    assert code == 0, said
    assert "2 chú thích" in " ".join(said.split())
    (made,) = (tmp_path / "out").glob(output)
    code, _ = run("render", AWARDS[style], "-o", tmp_path / "plain", "--force")
    assert code == 0
    (plain,) = (tmp_path / "plain").glob(output)
    with zipfile.ZipFile(made) as package:
        names = package.namelist()
        assert not [n for n in names if "comment" in n.lower()]
        for name in names:
            if name.endswith((".xml", ".rels")):
                assert b"comment" not in package.read(name).replace(b"CommentReference", b""), name
    assert printed_paragraphs(made) == printed_paragraphs(plain)


# --- 3 and 4: strings inside tags -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("{{ &quot;say \\&quot;hi\\&quot; ok&quot; }}", 'say "hi" ok'),
        ("{{ &apos;it\\&apos;s&apos; }}", "it's"),
        ("{{ &quot;a \\\\ b&quot; }}", "a \\ b"),
        ('{{ "tab\\&#116;" }}', "tab\t"),
        # invisible characters the clerk typed inside a string
        ('{{ "X\u200dY" }}', "X\u200dY"),
        ('{{ "X\u200cY" }}', "X\u200cY"),
        ('{{ "S\u00adH" }}', "S\u00adH"),
        ("{{ “X\u200dY” }}", "X\u200dY"),
        ("{{ &quot;S\u00adH&quot; }}", "S\u00adH"),
        # ...and outside a string they still go
        ("{{ \u200d&quot;Đạt&quot;\u00ad }}", "Đạt"),
    ],
)
def test_a_string_in_a_tag_prints_as_typed(typed: str, printed: str) -> None:
    xml = f"<w:p><w:r><w:t>{typed}</w:t></w:r></w:p>"
    output = make_environment().from_string(_prepare(xml)).render()
    assert html.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", output))) == printed


_ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="{}%<&\ufffe\uffff")
    | st.sampled_from('\\"\u200b\u200c\u200d\u2060\ufeff\u00ad'),
    max_size=40,
)


@pytest.mark.parametrize("quote", ['"', "&quot;"])
@settings(max_examples=150, deadline=None)
@given(text=_ANY_TEXT)
def test_any_string_with_backslashes_quotes_and_invisible_characters_prints_exactly(quote: str, text: str) -> None:
    """Typed in Word with Jinja's escapes (\\\\ and \\"), or saved so by LibreOffice (\\&quot;)."""
    assume(re.fullmatch(r"[a-z_][a-z0-9_.]*", text) is None)  # {{ "name" }} is refused
    escaped = html.escape(text.replace("\\", "\\\\").replace('"', '\\"'), quote=False)
    if quote == "&quot;":
        escaped = escaped.replace('"', "&quot;")
    xml = f"<w:p><w:r><w:t>{{{{ {quote}{escaped}{quote} }}}}</w:t></w:r></w:p>"
    output = make_environment().from_string(_prepare(xml)).render()
    assert html.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", output))) == text


# --- 5: braces in plain text ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["tăng 100%\u200d}", "100%\u200b} và {{ a }} và 5%\ufeff}", "}\u200d}", "{\u200b{ không phải thẻ", "50%\u00ad}"],
)
def test_braces_with_invisible_characters_in_plain_text_are_left_as_typed(text: str) -> None:
    xml = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p><w:p><w:r><w:t>{{{{ a }}}}</w:t></w:r></w:p>"
    assert finish_tags(prepare_xml(xml)) == xml


@pytest.mark.parametrize("style", STYLES)
def test_a_percent_and_brace_in_plain_text_is_not_a_broken_tag(style: str, tmp_path: Path) -> None:
    def edit(xml: str) -> str:
        at = xml.index("<w:body>") + len("<w:body>")
        return xml[:at] + "<w:p><w:r><w:t>Tỷ lệ 100%\u200d} đạt</w:t></w:r></w:p>" + xml[at:]

    template = rewrite(builtin("decision", style), tmp_path / "templates" / f"decision-{style}.docx", {"word/document.xml": edit})
    code, output = run("templates", "check", template)
    assert code == 0, output
    code, output = run("render", AWARDS[style], "-o", tmp_path / "out", "--templates", tmp_path / "templates", "--force")
    assert code == 0, output
    (made,) = (tmp_path / "out").glob("*quyet-dinh.docx")
    assert any("Tỷ lệ 100%\u200d} đạt" in p for p in printed_paragraphs(made))


# --- 14: pages printed from a template LibreOffice saved, with a text box --------------------


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.libreoffice
@needs_libreoffice
def test_certificates_from_a_libreoffice_saved_template_with_a_text_box_print_one_a_page(tmp_path: Path) -> None:
    """The loop line holds a text box and LibreOffice's page-break run: every certificate on a
    page of its own, the text box on each (counted in the PDF, not in the XML)."""
    edited = with_text_box_in_loop_paragraph("state", tmp_path / "edited")
    profile = (tmp_path / "profile").as_uri()
    saved = tmp_path / "saved"
    subprocess.run(
        [str(soffice()), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx:MS Word 2007 XML",
         "--outdir", str(saved), str(edited)],
        check=True, capture_output=True, timeout=300,
    )
    assert "txbxContent" in part(saved / "certificate-state.docx")
    code, output = run("render", AWARDS["state"], "-o", tmp_path / "out", "--templates", saved, "--force")
    assert code == 0, output
    (made,) = (tmp_path / "out").glob("*giay-khen.docx")
    subprocess.run(
        [str(soffice()), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path / "out"), str(made)],
        check=True, capture_output=True, timeout=300,
    )
    pages = _pdf_pages(made.with_suffix(".pdf"))
    assert len(pages) == CERTIFICATES["state"]
    assert all("Số: ......" in page and "GIẤY KHEN" in page for page in pages)
