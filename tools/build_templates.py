"""Build draftkit's built-in Word templates from the format rules.

Run ``python tools/build_templates.py`` after changing a rule set in
``src/draftkit/rules/``; it rewrites ``src/draftkit/templates/*.docx``. The templates are
ordinary .docx files with docxtpl tags, so an office can open one in Word or LibreOffice,
change the wording or layout, and use it (see docs/templates.md). Sizes, weights and
alignment come from the rule set, never from numbers in this file; what is here is layout
(column widths, spacing between blocks) that the rules leave open.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
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
SUBJECT_RULE_CM = 5.0  # 1/3–1/2 of a full trích yếu line (NĐ 30 Phụ lục I)
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

    It is the bottom border of an empty 8 pt paragraph: a paragraph border (not underscores,
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
    fmt.line_spacing = Pt(8)
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
    add_signer(right, rules, SIGNATURE_SPACE_LINES, before=12)
    fix_cells(table)


def add_signer(cell: _Cell, rules: RuleSet, space_lines: int, before: float = 0) -> None:
    """Quyền hạn (when there is one), chức vụ, room for signature and seal, họ tên."""
    el = rules.element
    add_tag(cell, "{%p if signer_authority %}")
    add_paragraph(cell, "{{ signer_authority }}", el("signer_authority"), before=before)
    add_tag(cell, "{%p endif %}")
    add_paragraph(cell, "{{ signer_title }}", el("signer_title"))
    for _ in range(space_lines):
        add_paragraph(cell, "", el("signer_title"), bold=False)
    add_paragraph(cell, "{{ signer_name }}", el("signer_name"))


# --- documents -------------------------------------------------------------------------

BODY_FORMS = ("part_label", "part_title", "heading1", "heading2", "heading3")


ADDRESSEE_INDENT_CM = (6.5, 2.4)  # where the names start | the width of "Kính gửi: "


def add_addressees(doc: DocumentObject, rules: RuleSet) -> None:
    """"Kính gửi:" for a report sent upward; the names line up after the colon (NĐ 30, ô 9a)."""
    add_tag(doc, "{%p if addressees %}")
    left, label = ADDRESSEE_INDENT_CM
    paragraph = add_paragraph(doc, "Kính gửi:\t{{ addressees }}", None, size=rules.body["size"], before=12, after=6)
    paragraph.paragraph_format.left_indent = Cm(left)
    paragraph.paragraph_format.first_line_indent = Cm(-label)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(left))
    add_tag(doc, "{%p endif %}")


def build_report(rules: RuleSet) -> DocumentObject:
    doc = setup_document(rules)
    add_header_block(doc, rules)
    add_title_block(doc, rules)
    add_addressees(doc, rules)
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
    add_appendix(doc, rules)
    return doc


# The indicators' Phụ lục: STT | chỉ tiêu | đơn vị tính | kế hoạch | thực hiện | so với cùng kỳ |
# so với kế hoạch, across the 16.5 cm of text of a portrait page.
APPENDIX_COLUMNS_CM = (1.3, 4.8, 1.8, 1.9, 1.9, 2.4, 2.4)  # STT fits "STT" in bold 13 pt
APPENDIX_HEADINGS = (
    "STT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Kế hoạch",
    "Thực hiện",
    "So với cùng kỳ",
    "So với kế hoạch",
)
APPENDIX_CELLS = tuple(
    f"{{{{ row.{key} }}}}" for key in ("no", "label", "unit", "target", "value", "change", "plan")
)
APPENDIX_ALIGNS = ("center", "left", "center", "center", "center", "center", "center")
APPENDIX_TABLE_SIZE = 13


def add_appendix(doc: DocumentObject, rules: RuleSet) -> None:
    """The "Phụ lục" after the signature (NĐ 30 Phụ lục I mục III.1, Mẫu 2.1), on a page and
    in a section of its own, so that its pages are numbered from 1 again (page 1 unnumbered)."""
    el = rules.element
    add_tag(doc, "{%p if appendix %}")
    add_section_break(doc)
    add_paragraph(doc, "{{ appendix.label }}", el("part_label"), keep_with_next=True)
    add_paragraph(doc, "{{ appendix.title }}", el("part_title"), keep_with_next=True)
    add_paragraph(doc, "{{ appendix.reference }}", el("attachment_ref"), keep_with_next=True)
    add_rule(doc, SUBJECT_RULE_CM, text_width_cm(doc))
    add_paragraph(doc, "", None, size=rules.body["size"])
    add_data_table(
        doc,
        APPENDIX_COLUMNS_CM,
        APPENDIX_HEADINGS,
        APPENDIX_CELLS,
        "row in appendix.rows",
        APPENDIX_TABLE_SIZE,
        APPENDIX_ALIGNS,
    )
    add_tag(doc, "{%p endif %}")
    final = doc.sections[-1]._sectPr
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    # pgNumType follows pgBorders/lnNumType and precedes cols in the schema order.
    cols = final.find(qn("w:cols"))
    if cols is not None:
        cols.addprevious(numbering)
    else:
        final.append(numbering)


def add_section_break(doc: DocumentObject) -> None:
    """End the section here with a new page: a tiny empty paragraph carrying a copy of the
    document's section properties (page, margins, page-number header)."""
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    ppr = paragraph._p.get_or_add_pPr()
    mark_rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "2")
    mark_rpr.append(sz)
    ppr.append(mark_rpr)
    ppr.append(copy.deepcopy(doc.sections[-1]._sectPr))
    _order_ppr(ppr)


def build_decision(rules: RuleSet) -> DocumentObject:
    """Quyết định khen thưởng (NĐ 30 Mẫu 1.2, quyết định cá biệt)."""
    doc = setup_document(rules)
    el = rules.element
    add_header_block(doc, rules)
    add_title_block(doc, rules)
    add_paragraph(doc, "{{ authority }}", el("authority_line"), before=12, after=6, keep_with_next=True)
    add_tag(doc, "{%p for line in bases %}")
    body_paragraph(doc, "{{ line }}", rules, el("basis"), align="justify", first_line_indent_cm=rules.body["default_first_line_indent_cm"])
    add_tag(doc, "{%p endfor %}")
    add_paragraph(doc, "QUYẾT ĐỊNH:", el("authority_line"), before=12, after=0, keep_with_next=True)
    add_tag(doc, "{%p for article in articles %}")
    add_article(doc, rules, "{{ article.number }}", "{{ article.text }}")
    add_tag(doc, "{%p endfor %}")
    add_article(doc, rules, "{{ final_article.number }}", "{{ final_article.text }}", keep_with_next=True)
    add_signature_block(doc, rules)
    add_page_number_header(doc, rules)
    return doc


def add_article(doc: DocumentObject, rules: RuleSet, number: str, text: str, keep_with_next: bool = False) -> None:
    """"Điều 1." in bold, then the article's text in the body style, in one paragraph."""
    paragraph = body_paragraph(doc, number + " ", rules, rules.element("article"), align="justify", first_line_indent_cm=rules.body["default_first_line_indent_cm"], keep_with_next=keep_with_next)
    run = paragraph.add_run(text)
    run.font.size = Pt(rules.body["size"])
    run.font.bold = False


LIST_COLUMNS_CM = {True: (1.3, 15.2), False: (1.3, 6.2, 9.0)}  # collectives | individuals
LIST_HEADINGS = {True: ("STT", "Tên tập thể"), False: ("STT", "Họ và tên", "Chức vụ, đơn vị công tác")}
LIST_CELLS = {True: ("{{ row.no }}", "{{ row.name }}"), False: ("{{ row.no }}", "{{ row.name }}", "{{ row.position }}")}
LIST_TABLE_SIZE = 13


def add_list_table(doc: DocumentObject, rules: RuleSet, collective: bool) -> None:
    """The awardees of one group: STT | name (| chức vụ, đơn vị)."""
    add_data_table(
        doc,
        LIST_COLUMNS_CM[collective],
        LIST_HEADINGS[collective],
        LIST_CELLS[collective],
        "row in group.rows",
        LIST_TABLE_SIZE,
        ("center", *["left"] * (len(LIST_CELLS[collective]) - 1)),
    )


def add_data_table(
    doc: DocumentObject,
    widths: tuple[float, ...],
    headings: tuple[str, ...],
    cells: tuple[str, ...],
    loop: str,
    size: float,
    aligns: tuple[str, ...],
) -> None:
    """A bordered table whose header row repeats on every page and whose rows never split;
    its middle row repeats once per item of ``loop`` ("row in rows")."""
    table = doc.add_table(rows=4, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Cm(width)
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
            for p in cell._tc.findall(qn("w:p")):
                cell._tc.remove(p)
    header_tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header_tr_pr.append(OxmlElement("w:tblHeader"))
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        add_paragraph(cell, text, None, align="center", size=size, bold=True, before=3, after=3)
    add_paragraph(table.rows[1].cells[0], f"{{%tr for {loop} %}}", None, size=size)
    for cell, text, align in zip(table.rows[2].cells, cells, aligns, strict=True):
        add_paragraph(cell, text, None, align=align, size=size, before=3, after=3)
    add_paragraph(table.rows[3].cells[0], "{%tr endfor %}", None, size=size)
    fix_cells(table)


def build_list(rules: RuleSet) -> DocumentObject:
    """Danh sách kèm theo quyết định (NĐ 30 Phụ lục III): header without number or date."""
    doc = setup_document(rules)
    el = rules.element
    add_header_block(doc, rules, with_number_and_date=False)
    add_paragraph(doc, "{{ doc_type }}", el("doc_type"), before=18, keep_with_next=True)
    add_paragraph(doc, "{{ subject }}", el("subject"), keep_with_next=True)
    add_paragraph(doc, "{{ attachment }}", el("attachment_ref"), keep_with_next=True)
    add_rule(doc, SUBJECT_RULE_CM, text_width_cm(doc))
    add_tag(doc, "{%p for group in groups %}")
    body_paragraph(doc, "{{ group.heading }}", rules, el("heading1"), before=12, after=6, keep_with_next=True, first_line_indent_cm=None)
    add_tag(doc, "{%p if group.collective %}")
    add_list_table(doc, rules, collective=True)
    add_tag(doc, "{%p else %}")
    add_list_table(doc, rules, collective=False)
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p endfor %}")
    add_page_number_header(doc, rules)
    return doc


# Certificate layout (the form is not fixed by a rule we could read: vn-document-rules §3.5).
CERT_MARGINS_MM = {"top": 18, "bottom": 15, "left": 22, "right": 22}
CERT_RED = "C00000"
CERT_BOTTOM_COLUMNS_CM = (11.0, 14.3)
CERT_SIGNATURE_SPACE_LINES = 6  # about 30 mm for the signature and the seal


def add_page_border(doc: DocumentObject, color: str) -> None:
    """A double frame around the page; `fields` mode removes it (the form has its own)."""
    sect_pr = doc.sections[0]._sectPr
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "double")
        element.set(qn("w:sz"), "12")
        element.set(qn("w:space"), "24")
        element.set(qn("w:color"), color)
        borders.append(element)
    # pgBorders follows pgMar in the schema order of sectPr.
    sect_pr.find(qn("w:pgMar")).addnext(borders)


def build_certificate(rules: RuleSet) -> DocumentObject:
    """Giấy khen: one landscape page per awardee, every one starting on a new page."""
    doc = setup_document(rules, landscape=True)
    section = doc.sections[0]
    section.top_margin = Mm(CERT_MARGINS_MM["top"])
    section.bottom_margin = Mm(CERT_MARGINS_MM["bottom"])
    section.left_margin = Mm(CERT_MARGINS_MM["left"])
    section.right_margin = Mm(CERT_MARGINS_MM["right"])
    add_page_border(doc, CERT_RED)
    el = rules.element
    add_tag(doc, "{%p for c in certificates %}")
    title_rule = el("party_title" if rules.style == "party" else "national_title")
    first = add_paragraph(doc, "{{ national_title }}", title_rule, size=title_rule.size + 1)
    # "Page break before" on the first line of each certificate, not a break after the last
    # line: the page ends where the certificate ends, so no blank page can follow.
    first.paragraph_format.page_break_before = True
    if rules.style == "state":
        add_paragraph(doc, "{{ motto }}", el("motto"), size=el("motto").size + 1)
    # The rule sits right under the Tiêu ngữ (state) or under ĐẢNG CỘNG SẢN VIỆT NAM (Party).
    add_rule(doc, 6.5 if rules.style == "state" else PARTY_TITLE_RULE_CM + 0.6, text_width_cm(doc))
    authority = add_paragraph(doc, "{{ authority }}", None, align="center", size=16, bold=True, before=22)
    add_paragraph(doc, "{{ give }}", None, align="center", size=16, bold=True, before=10)
    award = add_paragraph(doc, "{{ award }}", None, align="center", size=44, bold=True, before=4)
    for paragraph in (authority, award):
        for run in paragraph.runs:
            run.font.color.rgb = RGBColor.from_string(CERT_RED)
    add_paragraph(doc, "{{ c.name }}", None, align="center", size=26, bold=True, italic=True, before=14)
    add_paragraph(doc, "{{ c.position }}", None, align="center", size=16, before=6)
    reason = add_paragraph(doc, "{{ c.reason }}", None, align="center", size=16, italic=True, before=12, line_spacing=1.1)
    reason.paragraph_format.left_indent = reason.paragraph_format.right_indent = Cm(2)
    table = borderless_table(doc, CERT_BOTTOM_COLUMNS_CM, rows=1)
    left, right = table.rows[0].cells
    left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    add_paragraph(left, "{{ decision_line }}", None, align="center", size=13)
    add_paragraph(left, "{{ c.gold_book }}", None, align="center", size=13, after=14)
    add_paragraph(right, "{{ place_date }}", el("place_date"), before=14)
    add_signer(right, rules, CERT_SIGNATURE_SPACE_LINES)
    fix_cells(table)
    add_tag(doc, "{%p endfor %}")
    return doc


BUILDERS = {
    "report": build_report,
    "decision": build_decision,
    "list": build_list,
    "certificate": build_certificate,
}


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
