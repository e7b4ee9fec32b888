"""Build draftkit's built-in Word templates from the format rules.

Run ``python tools/build_templates.py`` after changing a rule set in
``src/draftkit/rules/``; it rewrites ``src/draftkit/templates/*.docx``. The templates are
ordinary .docx files with docxtpl tags, so an office can open one in Word or LibreOffice,
change the wording or layout, and use it (see docs/templates.md). Sizes, weights and
alignment come from the rule set, never from numbers in this file; what is here is layout
(column widths, spacing between blocks) that the rules leave open.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from draftkit.rules import ElementRule, RuleSet, rules_for  # noqa: E402

TEMPLATES = ROOT / "src" / "draftkit" / "templates"

ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}

# Layout choices the rules leave open, in one place.
# Header columns, agency block | national (Party) block: the Party header's 14 pt agency
# lines need the wider left column ("ĐẢNG BỘ TỈNH THANH HÓA" on one line).
HEADER_COLUMNS_CM = {"state": (6.3, 10.2), "party": (7.8, 8.7)}
SIGNATURE_COLUMNS_CM = (7.5, 9.0)  # Nơi nhận | signature
ISSUER_RULE_CM = 2.2  # 1/3–1/2 of a typical agency line
SUBJECT_RULE_CM = 3.0
MOTTO_RULE_CM = {"state": 6.0}  # as long as "Độc lập - Tự do - Hạnh phúc" at 13 pt bold
PARTY_TITLE_RULE_CM = 7.6  # as long as "ĐẢNG CỘNG SẢN VIỆT NAM" at 15 pt bold
SIGNATURE_SPACE_LINES = 4  # room for the signature and the seal


# --- low-level helpers -----------------------------------------------------------------


def set_run_fonts(rpr_parent: object, font: str) -> None:
    """Name the font in all four slots, so Vietnamese text never falls back to another font."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), font)


def setup_document(rules: RuleSet, landscape: bool = False) -> DocumentObject:
    doc = Document()
    section = doc.sections[0]
    width, height = Mm(rules.page["width_mm"]), Mm(rules.page["height_mm"])
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    margins = rules.margins_mm
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    normal = doc.styles["Normal"]
    normal.font.name = rules.font
    normal.font.size = Pt(rules.body["size"])
    set_run_fonts(normal.element, rules.font)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    # Document defaults too, so text outside Normal (tables, headers) is Times New Roman
    # in Vietnamese for spell-checking.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), rules.font)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    # The default template ships one empty paragraph; templates add their own.
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    return doc


def add_paragraph(
    container: DocumentObject | _Cell,
    text: str,
    rule: ElementRule | None,
    *,
    align: str | None = None,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
    before: float = 0,
    after: float = 0,
    line_spacing: float = 1.0,
    first_line_indent_cm: float | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    chosen_align = align or (rule.align if rule else "left")
    paragraph.alignment = ALIGN[chosen_align]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing_rule = (
        WD_LINE_SPACING.MULTIPLE if line_spacing != 1.0 else WD_LINE_SPACING.SINGLE
    )
    if line_spacing != 1.0:
        fmt.line_spacing = line_spacing
    if first_line_indent_cm is not None:
        fmt.first_line_indent = Cm(first_line_indent_cm)
    if keep_with_next:
        fmt.keep_with_next = True
    run = paragraph.add_run(text)
    font = run.font
    font.size = Pt(size if size is not None else (rule.size if rule else 14))
    font.bold = bold if bold is not None else (rule.bold if rule else False)
    font.italic = italic if italic is not None else (rule.italic if rule else False)
    chosen_underline = underline if underline is not None else (rule.underline if rule else False)
    if chosen_underline:
        font.underline = True
    # The paragraph mark carries the same size, so an empty line keeps the right height.
    mark = paragraph._p.get_or_add_pPr()
    mark_rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(font.size.pt * 2)))
    mark_rpr.append(sz)
    mark.append(mark_rpr)
    _order_ppr(mark)
    return paragraph


def add_tag(container: DocumentObject | _Cell, tag: str) -> Paragraph:
    """A docxtpl paragraph tag ({%p ... %}); the whole paragraph disappears when rendered."""
    paragraph = container.add_paragraph()
    paragraph.add_run(tag)
    return paragraph


def add_rule(container: DocumentObject | _Cell, width_cm: float, column_cm: float) -> Paragraph:
    """A centred solid line ``width_cm`` long under the paragraph above.

    It is the bottom border of an empty 5 pt paragraph: a paragraph border (not underscores,
    not a drawing) looks the same in Word, LibreOffice and PDF, and a clerk can drag its
    indents to change the length.
    """
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max((column_cm - width_cm) / 2, 0)
    fmt.left_indent = Cm(side)
    fmt.right_indent = Cm(side)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(5)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")  # eighths of a point: a 0.75 pt line
    bottom.set(qn("w:space"), "0")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.append(borders)
    mark_rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "6")
    mark_rpr.append(sz)
    ppr.append(mark_rpr)
    _order_ppr(ppr)
    return paragraph


PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def _order_ppr(ppr: object) -> None:
    """Put pPr children in schema order; Word refuses a file where they are not."""
    rank = {qn(tag): i for i, tag in enumerate(PPR_ORDER)}
    children = list(ppr)  # type: ignore[call-overload]
    children.sort(key=lambda el: rank.get(el.tag, len(rank)))
    for child in children:
        ppr.remove(child)  # type: ignore[attr-defined]
        ppr.append(child)  # type: ignore[attr-defined]


def borderless_table(doc: DocumentObject, widths_cm: tuple[float, ...], rows: int) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
            # A new cell holds one empty paragraph; content is added after it, so drop it.
            for p in cell._tc.findall(qn("w:p")):
                cell._tc.remove(p)
    for col, width in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(width)
    return table


def fix_cells(table: Table) -> None:
    """Word requires every cell to end with a paragraph."""
    for row in table.rows:
        for cell in row.cells:
            if cell._tc.find(qn("w:p")) is None:
                cell.add_paragraph()


def add_page_number_header(doc: DocumentObject, rules: RuleSet) -> None:
    """Page numbers centred in the top margin from page 2 on (page 1 has an empty header)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = ALIGN[rules.page_number["align"]]
    size = Pt(rules.page_number["size"])
    for instr, kind in (
        ("begin", None),
        (" PAGE ", "instr"),
        ("separate", None),
        ("2", "text"),
        ("end", None),
    ):
        run = paragraph.add_run()
        run.font.size = size
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instr
            run._r.append(element)
        elif kind == "text":
            run.text = instr
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), instr)
            run._r.append(char)
    first = section.first_page_header.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER


# --- shared blocks ---------------------------------------------------------------------


def add_header_block(
    doc: DocumentObject, rules: RuleSet, *, with_number_and_date: bool = True
) -> None:
    """The two-column header: agencies | national (or Party) title, then Số | date."""
    columns = HEADER_COLUMNS_CM[rules.style]
    left_cm, right_cm = columns
    table = borderless_table(doc, columns, rows=2 if with_number_and_date else 1)
    left, right = table.rows[0].cells
    el = rules.element
    add_tag(left, "{%p if parent_body %}")
    add_paragraph(left, "{{ parent_body }}", el("parent_body"))
    add_tag(left, "{%p endif %}")
    add_paragraph(left, "{{ issuer_name }}", el("issuer"))
    if rules.style == "party":
        add_paragraph(left, el("asterisk").text or "*", el("asterisk"))
        title = el("party_title")
        add_paragraph(right, title.text or "", title)
        add_rule(right, PARTY_TITLE_RULE_CM, right_cm)
    else:
        add_rule(left, ISSUER_RULE_CM, left_cm)
        add_paragraph(right, el("national_title").text or "", el("national_title"))
        add_paragraph(right, el("motto").text or "", el("motto"))
        add_rule(right, MOTTO_RULE_CM["state"], right_cm)
    if with_number_and_date:
        number_cell, date_cell = table.rows[1].cells
        add_paragraph(number_cell, "{{ number_line }}", el("number"), before=4)
        add_paragraph(date_cell, "{{ place_date }}", el("place_date"), before=4)
    fix_cells(table)


def add_title_block(doc: DocumentObject, rules: RuleSet, doc_type: str = "{{ doc_type }}") -> None:
    el = rules.element
    add_paragraph(doc, doc_type, el("doc_type"), before=18, keep_with_next=True)
    add_paragraph(doc, "{{ subject }}", el("subject"), keep_with_next=True)
    if rules.style == "party":
        add_paragraph(doc, "-----", el("subject"), bold=False, keep_with_next=True)
    else:
        add_rule(doc, SUBJECT_RULE_CM, text_width_cm(doc))


def text_width_cm(doc: DocumentObject) -> float:
    section = doc.sections[0]
    return float((section.page_width - section.left_margin - section.right_margin) / 360000)


def body_paragraph(
    doc: DocumentObject, text: str, rules: RuleSet, rule: ElementRule | None = None, **kw: object
) -> Paragraph:
    body = rules.body
    options: dict[str, object] = {
        "align": body["align"],
        "size": body["size"],
        "before": body["default_space_before_pt"],
        "line_spacing": body["default_line_spacing"],
        "first_line_indent_cm": body["default_first_line_indent_cm"],
    }
    if rule is not None:
        options.update(size=rule.size, bold=rule.bold, italic=rule.italic, align=rule.align)
        if rule.align == "center":
            options["first_line_indent_cm"] = None
    options.update(kw)
    return add_paragraph(doc, text, rule, **options)  # type: ignore[arg-type]


def add_signature_block(doc: DocumentObject, rules: RuleSet) -> None:
    """Nơi nhận on the left, the signature on the right, both starting on one line."""
    table = borderless_table(doc, SIGNATURE_COLUMNS_CM, rows=1)
    table.rows[0].cells[0]._tc.get_or_add_tcPr()
    # Never split the signature block from its recipients across pages.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)
    left, right = table.rows[0].cells
    el = rules.element
    add_paragraph(left, rules.forms["recipients_label"], el("recipients_label"), before=12)
    add_tag(left, "{%p for line in recipients %}")
    add_paragraph(left, "{{ line }}", el("recipients"))
    add_tag(left, "{%p endfor %}")
    add_tag(right, "{%p if signer_authority %}")
    add_paragraph(right, "{{ signer_authority }}", el("signer_authority"), before=12)
    add_tag(right, "{%p endif %}")
    add_paragraph(right, "{{ signer_title }}", el("signer_title"))
    for _ in range(SIGNATURE_SPACE_LINES):
        add_paragraph(right, "", el("signer_title"), bold=False)
    add_paragraph(right, "{{ signer_name }}", el("signer_name"))
    fix_cells(table)


# --- documents -------------------------------------------------------------------------

BODY_FORMS = ("part_label", "part_title", "heading1", "heading2", "heading3")


def build_report(rules: RuleSet) -> DocumentObject:
    doc = setup_document(rules)
    add_header_block(doc, rules)
    add_title_block(doc, rules)
    add_tag(doc, "{%p for block in blocks %}")
    for index, kind in enumerate(BODY_FORMS):
        keyword = "if" if index == 0 else "elif"
        add_tag(doc, f'{{%p {keyword} block.kind == "{kind}" %}}')
        rule = rules.element(kind)
        extra: dict[str, object] = {"keep_with_next": True}
        if kind == "part_label":
            extra["before"] = 12
        body_paragraph(doc, "{{ block.text }}", rules, rule, **extra)
    add_tag(doc, "{%p else %}")
    body_paragraph(doc, "{{ block.text }}", rules)
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p endfor %}")
    body_paragraph(doc, "{{ closing }}", rules, keep_with_next=True)
    add_signature_block(doc, rules)
    add_page_number_header(doc, rules)
    return doc


BUILDERS = {"report": build_report}


def template_name(kind: str, style: str) -> str:
    return f"{kind}-{style}.docx"


def build_all(target: Path = TEMPLATES) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for style in ("state", "party"):
        rules = rules_for(style)
        for kind, builder in BUILDERS.items():
            path = target / template_name(kind, style)
            builder(rules).save(str(path))
            written.append(path)
    return written


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
