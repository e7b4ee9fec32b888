"""A template edited in Word or saved by LibreOffice works as the built-in does, or is refused
with what to do (issue 13, items 1, 2 and 8).

The edited templates come from tools/make_template_corpus.py, built in the test session
from the built-ins; the real LibreOffice saves run where LibreOffice is installed.
"""

from __future__ import annotations

import html
import importlib.util
import io
import re
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, needs_libreoffice, soffice
from draftkit.cli import app
from draftkit.docx_engine import make_environment, render_docx
from draftkit.docx_engine._package import finish_tags, prepare_xml
from draftkit.docx_engine._render import _prepare
from draftkit.errors import TemplateError

runner = CliRunner()

KINDS = ("report", "decision", "list", "certificate")
STYLES = ("state", "party")
DATA = {
    ("report", "state"): EXAMPLES / "ngoc-lac-2023-bao-cao.yaml",
    ("report", "party"): EXAMPLES / "ngoc-lac-2023-bao-cao-dang.yaml",
    ("awards", "state"): EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml",
    ("awards", "party"): EXAMPLES / "huyen-uy-ngoc-lac-2023-khen-thuong.yaml",
}
CERTIFICATES = {"state": 7, "party": 2}  # awardees in the two awards examples
TRACKED = ("tracked-insertion", "tracked-deletion", "tracked-move", "tracked-formatting")
# Variants that must render exactly what the built-in renders.
SAME_AS_BUILTIN = ("cut-tags", "zero-width", "zero-width-braces", "guillemets", "lo-page-break", "smart-quoted-comparison")


@cache
def corpus_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_template_corpus", ROOT / "tools" / "make_template_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("template-corpus")
    corpus_tool().make_corpus(out)
    return out


@cache
def context(kind: str, style: str) -> dict[str, Any]:
    from draftkit.pipeline import load_model, plan_documents

    model, _ = load_model(DATA["report" if kind == "report" else "awards", style])
    (planned,) = [p for p in plan_documents(model) if p.kind == kind]
    return planned.context()


def builtin(kind: str, style: str) -> Path:
    return ROOT / "src" / "draftkit" / "templates" / f"{kind}-{style}.docx"


_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_TOKENS = re.compile(r'<w:p[ >]|</w:p>|<w:fldChar [^>]*w:fldCharType="(\w+)"|<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:delText')


def visible_text(docx: bytes) -> list[str]:
    """Every paragraph of the body as printed, then the text of the headers and footers
    (sorted, empty paragraphs left out: LibreOffice renumbers those parts and leaves an
    empty paragraph in each). Field results are left out too: Word recomputes them, and
    LibreOffice stores a page number as 0 where Word stores 2."""
    paragraphs: list[str] = []
    margins: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for part in sorted(n for n in package.namelist() if _PARTS.match(n)):
            xml = package.read(part).decode("utf-8")
            current: list[str] = []
            in_result = False
            for match in _TOKENS.finditer(xml):
                token = match.group(0)
                if token.startswith("<w:p"):
                    current = []
                elif token == "</w:p>":
                    text = html.unescape("".join(current))
                    if part == "word/document.xml":
                        paragraphs.append(text)
                    elif text:
                        margins.append(text)
                elif match.group(1):
                    in_result = match.group(1) == "separate"
                elif token.startswith("<w:t") and not in_result:
                    current.append(match.group(2))
                elif token == "<w:delText":
                    raise AssertionError("deleted text in the output")
    return [*paragraphs, "--- đầu trang, chân trang ---", *sorted(margins)]


def page_breaks(docx: bytes) -> int:
    """Paragraphs that start a new page in the rendered body."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    return len(re.findall(r'<w:pageBreakBefore/>|<w:pageBreakBefore w:val="(?:true|1|on)"/>|<w:br w:type="page"/>', xml))


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def render_folder(folder: Path, kind: str, style: str, out: Path) -> tuple[int, str]:
    data = DATA["report" if kind == "report" else "awards", style]
    return run("render", data, "-o", out, "--templates", folder, "--force")


# --- items 1 and 8: edits that must not change the document --------------------------------


def _same_as_builtin() -> list[tuple[str, str, str]]:
    variants = {variant.name: variant for variant in corpus_tool().VARIANTS}
    return [(name, kind, style) for name in SAME_AS_BUILTIN for kind in variants[name].kinds for style in STYLES]


@pytest.mark.parametrize(("variant", "kind", "style"), _same_as_builtin())
def test_an_edited_template_renders_what_the_builtin_renders(corpus: Path, variant: str, kind: str, style: str) -> None:
    template = corpus / variant / f"{kind}-{style}.docx"
    expected = render_docx(builtin(kind, style), context(kind, style))
    rendered = render_docx(template, context(kind, style))
    assert visible_text(rendered) == visible_text(expected)
    assert page_breaks(rendered) == page_breaks(expected)
    code, output = run("templates", "check", template, "--kind", kind)
    assert code == 0, output


def test_the_corpus_edits_really_change_the_xml(corpus: Path) -> None:
    """A variant that edits nothing would make the test above pass for nothing."""
    for variant in (
        *SAME_AS_BUILTIN, *TRACKED, "tracking-on", "smart-quoted-name", "literal-with-quotes",
        "logo-in-loop-paragraph", "mail-merge-field",
    ):
        for template in (corpus / variant).glob("*.docx"):
            with zipfile.ZipFile(template) as edited, zipfile.ZipFile(builtin(*template.stem.split("-"))) as original:
                assert any(edited.read(n) != original.read(n) for n in original.namelist()), template


@pytest.mark.parametrize("style", STYLES)
def test_a_page_break_libreoffice_put_in_the_loop_paragraph_keeps_one_certificate_per_page(
    corpus: Path, style: str
) -> None:
    template = corpus / "lo-page-break" / f"certificate-{style}.docx"
    rendered = render_docx(template, context("certificate", style))
    assert page_breaks(rendered) == CERTIFICATES[style]
    # Without the move, docxtpl drops the paragraph and its break: no certificate starts a page.
    from docxtpl import DocxTemplate

    with zipfile.ZipFile(template) as package:
        raw = DocxTemplate.__new__(DocxTemplate).patch_xml(package.read("word/document.xml").decode())
    assert "pageBreakBefore" not in raw and 'w:type="page"' not in raw


@pytest.mark.parametrize("style", STYLES)
def test_a_logo_anchored_to_the_loop_paragraph_is_on_every_certificate(corpus: Path, style: str) -> None:
    template = corpus / "logo-in-loop-paragraph" / f"certificate-{style}.docx"
    rendered = render_docx(template, context("certificate", style))
    expected = render_docx(builtin("certificate", style), context("certificate", style))
    assert visible_text(rendered) == visible_text(expected)
    assert page_breaks(rendered) == page_breaks(expected) == CERTIFICATES[style]
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        xml = package.read("word/document.xml").decode()
    assert xml.count("<wp:anchor ") == CERTIFICATES[style]
    ids = re.findall(r'<wp:docPr id="(\d+)"', xml)
    assert len(set(ids)) == len(ids) == CERTIFICATES[style]
    # Without the move, docxtpl drops the logo with the {%p for %} paragraph.
    from docxtpl import DocxTemplate

    raw = DocxTemplate.__new__(DocxTemplate).patch_xml(_document(template))
    assert "<wp:anchor" not in raw


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # the next paragraph that stays takes it, after its properties
        (
            '<w:p><w:r><w:t>{%p for c in x %}</w:t></w:r>LOGO</w:p><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>A</w:t></w:r></w:p>',
            '<w:p><w:r><w:t>{%p for c in x %}</w:t></w:r>LOGO</w:p><w:p><w:pPr><w:jc w:val="center"/></w:pPr>LOGO<w:r><w:t>A</w:t></w:r></w:p>',
        ),
        # nothing follows: the paragraph before takes it
        (
            "<w:p><w:r><w:t>A</w:t></w:r></w:p><w:p><w:r><w:t>{%p endfor %}</w:t></w:r>LOGO</w:p>",
            "<w:p>LOGO<w:r><w:t>A</w:t></w:r></w:p><w:p><w:r><w:t>{%p endfor %}</w:t></w:r>LOGO</w:p>",
        ),
        # a picture in line with text is not floating: left where it is
        (
            "<w:p><w:r><w:t>{%p if a %}</w:t></w:r><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p><w:p/>",
            "<w:p><w:r><w:t>{%p if a %}</w:t></w:r><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p><w:p/>",
        ),
    ],
)
def test_a_floating_picture_in_a_tag_paragraph_moves_to_the_nearest_paragraph_that_stays(before: str, after: str) -> None:
    logo = "<w:r><w:drawing><wp:anchor/></w:drawing></w:r>"
    assert prepare_xml(before.replace("LOGO", logo)) == after.replace("LOGO", logo)


@pytest.mark.parametrize("style", STYLES)
def test_a_section_break_in_a_tag_paragraph_is_refused(corpus: Path, style: str, tmp_path: Path) -> None:
    folder = corpus / "section-break-in-tag-paragraph"
    code, output = run("templates", "check", folder / f"certificate-{style}.docx")
    flat = " ".join(output.split())
    assert code == 1
    assert "có dấu ngắt phần (section break) ngay ở đoạn “{%p endfor %}”" in flat
    assert "nhấn Enter" in flat
    code, output = render_folder(folder, "certificate", style, tmp_path / "out")
    assert code == 1 and "ngắt phần" in output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_string_typed_in_word_inside_a_tag_comes_out_exactly(corpus: Path, kind: str, style: str) -> None:
    template = corpus / "literal-with-quotes" / f"{kind}-{style}.docx"
    tag = corpus_tool()._first_value_tag(_document(builtin(kind, style)))
    name = tag[3:-3]
    value = context(kind, style)
    for step in name.split("."):
        value = value[step]
    lines = visible_text(render_docx(template, context(kind, style)))
    suffix = corpus_tool().LITERAL_SUFFIX
    assert any(f"{value}{suffix}" in line for line in lines), (value, suffix)
    assert not any("&amp;" in line or "&quot;" in line for line in lines)


def _document(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode()


# --- item 8: what cannot be fixed is explained ---------------------------------------------


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_variable_name_in_quotes_is_refused_with_the_fix(corpus: Path, kind: str, style: str, tmp_path: Path) -> None:
    folder = corpus / "smart-quoted-name"
    name = corpus_tool()._first_value_tag(_document(builtin(kind, style)))[3:-3]
    with pytest.raises(TemplateError) as error:
        render_docx(folder / f"{kind}-{style}.docx", context(kind, style))
    assert f"{{{{ “{name}” }}}}" in error.value.message and f"đúng chữ “{name}”" in error.value.message
    assert error.value.hint is not None and f"viết {{{{ {name} }}}}" in error.value.hint

    code, output = run("templates", "check", folder / f"{kind}-{style}.docx", "--kind", kind)
    assert code == 1 and f"viết {{{{ {name} }}}}" in output
    alone = tmp_path / "mau"  # only this kind edited: the others are the built-ins
    alone.mkdir()
    (alone / f"{kind}-{style}.docx").write_bytes((folder / f"{kind}-{style}.docx").read_bytes())
    code, output = render_folder(alone, kind, style, tmp_path / "out")
    assert code == 1 and f"{kind}-{style}.docx có thẻ {{{{ “{name}” }}}}" in " ".join(output.split())
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_mail_merge_field_is_refused(corpus: Path, kind: str, style: str, tmp_path: Path) -> None:
    template = corpus / "mail-merge-field" / f"{kind}-{style}.docx"
    code, output = run("templates", "check", template)
    flat = " ".join(output.split())
    assert code == 1
    assert "có trường trộn thư (Mail Merge) «ho_ten»" in flat and "draftkit templates vars" in flat
    with pytest.raises(TemplateError, match="«ho_ten»"):
        render_docx(template, context(kind, style))


@pytest.mark.parametrize(
    "instruction",
    [
        b'<w:instrText> MERGEFIELD ten </w:instrText>',
        b'<w:instrText> MERGEFIELD  "ten" \\* MERGEFORMAT </w:instrText>',
        b'<w:instrText> MERGE</w:instrText><w:instrText>FIELD ten</w:instrText>',
        b'<w:fldSimple w:instr=" MERGEFIELD ten "><w:r><w:t>\xc2\xabten\xc2\xbb</w:t></w:r></w:fldSimple>',
    ],
)
def test_every_way_word_writes_a_merge_field_is_found(instruction: bytes) -> None:
    from draftkit.docx_engine._package import merge_field_problem

    xml = b"<w:document><w:body><w:p><w:r>" + instruction + b"</w:r></w:p></w:body></w:document>"
    problem = merge_field_problem("m.docx", {"word/document.xml": xml})
    assert problem is not None and "«ten»" in problem.message
    page = b'<w:document><w:body><w:p><w:r><w:instrText> PAGE </w:instrText></w:r></w:p></w:body></w:document>'
    assert merge_field_problem("m.docx", {"word/document.xml": page}) is None


@pytest.mark.parametrize("style", STYLES)
def test_a_tag_cut_by_hidden_text_is_reported_as_broken(corpus: Path, style: str) -> None:
    template = corpus / "hidden-text-in-tag" / f"certificate-{style}.docx"
    code, output = run("templates", "check", template)
    assert code == 1
    assert "Thẻ bị Word tách rời" in output


# --- item 2: tracked changes ---------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("variant", "counted"),
    [
        ("tracked-insertion", "1 chỗ chèn"),
        ("tracked-deletion", "1 chỗ xóa"),
        ("tracked-move", "2 chỗ di chuyển"),
        ("tracked-formatting", "1 chỗ định dạng"),
    ],
)
def test_tracked_changes_are_refused_by_check_and_render(
    corpus: Path, variant: str, counted: str, kind: str, style: str, tmp_path: Path
) -> None:
    folder = corpus / variant
    template = folder / f"{kind}-{style}.docx"
    code, output = run("templates", "check", template)
    assert code == 1
    flat = " ".join(output.split())
    assert f"Track Changes): {counted}." in flat
    assert "Xem lại (Review) → Chấp nhận (Accept) → Chấp nhận tất cả thay đổi" in flat
    assert "Sửa (Edit) → Theo dõi thay đổi (Track Changes) → Chấp nhận tất cả" in flat
    assert ("kể cả chữ đã xóa" in flat) == (variant in ("tracked-deletion", "tracked-move"))

    out = tmp_path / "out"
    code, output = render_folder(folder, kind, style, out)
    assert code == 1 and counted in output
    assert not out.exists() or not any(out.iterdir())
    with pytest.raises(TemplateError, match="Track Changes"):
        render_docx(template, context(kind, style))


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", KINDS)
def test_tracking_left_on_without_changes_renders_with_tracking_off_and_says_so(
    corpus: Path, kind: str, style: str, tmp_path: Path
) -> None:
    folder = corpus / "tracking-on"
    rendered = render_docx(folder / f"{kind}-{style}.docx", context(kind, style))
    assert visible_text(rendered) == visible_text(render_docx(builtin(kind, style), context(kind, style)))
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        assert b"trackRevisions" not in package.read("word/settings.xml")
    code, output = render_folder(folder, kind, style, tmp_path / "out")
    assert code == 0, output
    assert f"{kind}-{style}.docx đang bật Theo dõi thay đổi" in " ".join(output.split())


@pytest.mark.parametrize(
    "element",
    [
        '<w:ins w:id="1" w:author="A"><w:r><w:t>x</w:t></w:r></w:ins>',
        '<w:del w:id="1" w:author="A"><w:r><w:delText>x</w:delText></w:r></w:del>',
        '<w:moveFrom w:id="1" w:author="A"><w:r><w:t>x</w:t></w:r></w:moveFrom>',
        '<w:moveTo w:id="1" w:author="A"><w:r><w:t>x</w:t></w:r></w:moveTo>',
        '<w:r><w:rPr><w:rPrChange w:id="1" w:author="A"><w:rPr/></w:rPrChange></w:rPr><w:t>x</w:t></w:r>',
    ],
)
def test_every_kind_of_revision_mark_is_found(element: str) -> None:
    from draftkit.docx_engine._package import revision_problem

    xml = f"<w:document><w:body><w:p>{element}</w:p></w:body></w:document>".encode()
    assert revision_problem("m.docx", {"word/document.xml": xml}) is not None
    assert revision_problem("m.docx", {"word/settings.xml": xml}) is None  # not a text part
    plain = b'<w:document><w:body><w:p><w:pPr><w:ind w:left="1"/></w:pPr><w:r><w:t>insert delete</w:t></w:r></w:p></w:body></w:document>'
    assert revision_problem("m.docx", {"word/document.xml": plain}) is None


@pytest.mark.parametrize(
    ("pPr_xml", "expected"),
    [
        ('<w:pPr><w:pStyle w:val="Normal"/><w:jc w:val="center"/></w:pPr>', '<w:pPr><w:pStyle w:val="Normal"/><w:pageBreakBefore/><w:jc w:val="center"/></w:pPr>'),
        ('<w:pPr><w:pStyle w:val="Normal"/><w:keepNext/><w:jc w:val="center"/></w:pPr>', '<w:pPr><w:pStyle w:val="Normal"/><w:keepNext/><w:pageBreakBefore/><w:jc w:val="center"/></w:pPr>'),
        ('<w:pPr><w:jc w:val="center"/></w:pPr>', '<w:pPr><w:pageBreakBefore/><w:jc w:val="center"/></w:pPr>'),
        ('<w:pPr><w:pageBreakBefore w:val="false"/></w:pPr>', "<w:pPr><w:pageBreakBefore/></w:pPr>"),
        ("<w:pPr/>", "<w:pPr><w:pageBreakBefore/></w:pPr>"),
        ("", "<w:pPr><w:pageBreakBefore/></w:pPr>"),
    ],
)
def test_a_moved_page_break_goes_where_the_schema_orders_it(pPr_xml: str, expected: str) -> None:
    loop = '<w:p><w:r><w:t>{%p for c in certificates %}</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>'
    body = f"<w:p>{pPr_xml}<w:r><w:t>{{{{ c.name }}}}</w:t></w:r></w:p>"
    assert prepare_xml(loop + body) == loop + f"<w:p>{expected}<w:r><w:t>{{{{ c.name }}}}</w:t></w:r></w:p>"
    # No break in the loop paragraph: nothing moves.
    quiet = loop.replace('<w:r><w:br w:type="page"/></w:r>', "")
    assert prepare_xml(quiet + body) == quiet + body


# --- tag text, class by class ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "jinja"),
    [
        # LibreOffice's entities
        ("{% if a == &quot;x&quot; %}", '{% if a == "x" %}'),
        ("{% if a == &apos;x&apos; %}", "{% if a == 'x' %}"),
        ("{{ a ~ &quot;A &amp; B&quot; }}", '{{ a ~ "A & B" }}'),
        ("{% if n &lt; 3 and m &gt; 1 %}", "{% if n < 3 and m > 1 %}"),
        ("{{ a ~ &quot;&lt;b&gt;&quot; }}", '{{ a ~ "<b>" }}'),
        ("{{ a ~ &#34;x&#x22; }}", '{{ a ~ "x" }}'),
        # Word's typographic quotes: around a string they are quotes, inside it text
        ("{% if a == “x” %}", '{% if a == "x" %}'),
        ("{% if a == ‘x’ %}", "{% if a == 'x' %}"),
        ('{{ a ~ "Ông “Ba”" }}', '{{ a ~ "Ông “Ba”" }}'),
        ("{{ a ~ 'it’s' }}", "{{ a ~ 'it’s' }}"),
        ("{{ a ~ “it’s” }}", "{{ a ~ \"it’s\" }}"),
        ('{{ a ~ "say \\"hi\\"" }}', '{{ a ~ "say \\"hi\\"" }}'),
        # pasted characters
        ("{{ c.\u200bname }}", "{{ c.name }}"),
        ("{{ c.name\u200c }}", "{{ c.name }}"),
        ("{{ c.\u200dname }}", "{{ c.name }}"),
        ("{{\ufeff c.name }}", "{{ c.name }}"),
        ("{{\u00a0c.name\u00a0}}", "{{ c.name }}"),
        ("{{ «c.name» }}", "{{ c.name }}"),
        ("{{«c.name»}}", "{{c.name}}"),
        ("{{ a ~ \"«x»\u00a0y\" }}", "{{ a ~ \"«x»\u00a0y\" }}"),
        ("{{ a ~ \"x\u200by\" }}", '{{ a ~ "x\u200by" }}'),  # inside a string: typed text
    ],
)
def test_tag_text_is_read_as_jinja_must_read_it(typed: str, jinja: str) -> None:
    xml = f"<w:p><w:r><w:t>{typed}</w:t></w:r></w:p>"
    assert _prepare(xml).strip() == f"<w:p><w:r><w:t xml:space=\"preserve\">{jinja}</w:t></w:r></w:p>"


@pytest.mark.parametrize(
    ("typed", "jinja"),
    [
        ("{\u200b{ a }}", "{{ a }}"),
        ("{{ a }\ufeff}", "{{ a }}"),
        ("{\u200c% if a %\u200d}", "{% if a %}"),
        ("{</w:t></w:r><w:r><w:t>\u2060</w:t></w:r><w:r><w:t>{ a }}", "{{ a }}"),
    ],
)
def test_a_zero_width_character_between_the_braces_of_a_tag_goes(typed: str, jinja: str) -> None:
    xml = f"<w:p><w:r><w:t>{typed}</w:t></w:r></w:p>"
    assert jinja in _prepare(xml)


def test_docxtpl_still_rewrites_what_prepare_xml_shields() -> None:
    """prepare_xml writes “ ” ‘ ’ and &lt; &gt; inside tags as character references because
    docxtpl 0.20's patch_xml rewrites them (and leaves references alone). If a docxtpl
    release stops doing either, these assertions fail: review prepare_xml and finish_tags."""
    from docxtpl import DocxTemplate

    patch = DocxTemplate.__new__(DocxTemplate).patch_xml
    assert "{{ \"a\" < 'b' }}" in patch("<w:t>{{ “a” &lt; ‘b’ }}</w:t>")
    assert "{{ &#x201C;a&#x201D; &#60; b }}" in patch("<w:t>{{ &#x201C;a&#x201D; &#60; b }}</w:t>")
    # ...and drops a {%p %} paragraph whole, page break included.
    assert patch('<w:p><w:r><w:t>{%p if a %}</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>') == "{% if a %}"


@pytest.mark.parametrize(
    "text",
    ["“Tặng” &amp; ‘thưởng’", "A &lt; B &gt; C &quot;x&quot; &apos;y&apos;", "«Ngọc Lặc»\u00a0\u200b", "{_{ not a tag }_}"],
)
def test_text_outside_tags_is_left_exactly_as_typed(text: str) -> None:
    xml = f"<w:p><w:r><w:t>{text}</w:t></w:r><w:r><w:t>{{{{ a }}}}</w:t></w:r></w:p>"
    assert finish_tags(prepare_xml(xml)) == xml


@pytest.mark.parametrize("quote", ['"', "“", "‘", "'", "&quot;"])
def test_a_name_in_quotes_is_refused_whatever_the_quotes(quote: str) -> None:
    closing = {"“": "”", "‘": "’"}.get(quote, quote)
    with pytest.raises(TemplateError, match=re.escape("đúng chữ “c.name”")):
        _prepare(f"<w:p><w:r><w:t>{{{{ {quote}c.name{closing} }}}}</w:t></w:r></w:p>")


_LITERAL_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn"),
        blacklist_characters='"\\{}%<&\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe\uffff',
    ),
    max_size=40,
)


@pytest.mark.parametrize(("opening", "closing"), [('"', '"'), ("“", "”"), ("&quot;", "&quot;")])
@settings(max_examples=100, deadline=None)
@given(text=_LITERAL_TEXT)
def test_any_string_in_a_tag_prints_exactly_as_typed(opening: str, closing: str, text: str) -> None:
    """Typed in Word (or saved by LibreOffice) inside "…" or “…”: quotes of every other kind,
    spaces, Vietnamese, symbols come out as typed."""
    assume(re.fullmatch(r"[a-z_][a-z0-9_.]*", text) is None)  # {{ "name" }} is refused (below)
    if opening == "“":
        assume(not set(text) & set("“”„"))  # in “…” any double quote ends the string
    xml = f"<w:p><w:r><w:t>{{{{ {opening}{html.escape(text, quote=False)}{closing} }}}}</w:t></w:r></w:p>"
    output = make_environment().from_string(_prepare(xml)).render()
    printed = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", output))
    assert html.unescape(printed) == text


# --- item 1: real LibreOffice saves ---------------------------------------------------------


@pytest.fixture(scope="session")
def libreoffice_saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path_factory.mktemp("libreoffice-saved")
    corpus_tool().libreoffice_saves(out)
    return out


@pytest.fixture(scope="session")
def libreoffice_renders(libreoffice_saved: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every kind and style rendered from the built-in and from its LibreOffice save, and
    both printed to PDF in one LibreOffice run."""
    out = tmp_path_factory.mktemp("libreoffice-renders")
    for kind in KINDS:
        for style in STYLES:
            (out / f"builtin-{kind}-{style}.docx").write_bytes(render_docx(builtin(kind, style), context(kind, style)))
            saved = libreoffice_saved / f"{kind}-{style}.docx"
            (out / f"saved-{kind}-{style}.docx").write_bytes(render_docx(saved, context(kind, style)))
    profile = (out / "profile").as_uri()
    subprocess.run(
        [str(soffice()), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(out), *sorted(str(p) for p in out.glob("*.docx"))],
        check=True, capture_output=True, timeout=600,
    )
    return out


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.libreoffice
@needs_libreoffice
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_builtin_saved_by_libreoffice_renders_the_same_document(
    libreoffice_renders: Path, kind: str, style: str
) -> None:
    saved = (libreoffice_renders / f"saved-{kind}-{style}.docx").read_bytes()
    expected = (libreoffice_renders / f"builtin-{kind}-{style}.docx").read_bytes()
    assert visible_text(saved) == visible_text(expected)

    pages = pdf_pages(libreoffice_renders / f"saved-{kind}-{style}.pdf")
    assert pages == pdf_pages(libreoffice_renders / f"builtin-{kind}-{style}.pdf")
    if kind == "certificate":
        assert len(pages) == CERTIFICATES[style]

    code, output = run("check", libreoffice_renders / f"saved-{kind}-{style}.docx")
    assert code == 0, output


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_really_writes_what_is_undone(libreoffice_saved: Path) -> None:
    """The reasons for prepare_xml and finish_tags, as this LibreOffice writes them: if these
    stop holding, the LibreOffice test above no longer tests the repair."""
    report = _document(libreoffice_saved / "report-state.docx")
    assert "&quot;part_label&quot;" in report
    certificate = _document(libreoffice_saved / "certificate-state.docx")
    loop = re.search(r"<w:p[ >](?:(?!<w:p[ >]).)*?\{%p for c in certificates %\}.*?</w:p>", certificate)
    assert loop is not None and 'w:type="page"' in loop.group(0)
