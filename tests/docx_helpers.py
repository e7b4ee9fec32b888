"""Read a .docx back the way a reader sees it: text with its effective formatting.

Effective means resolved as Word does: the run's own properties, then its paragraph style
chain, then the document defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

EMU_PER_MM = 36000
EMU_PER_CM = 360000


@dataclass(frozen=True)
class Para:
    text: str
    size: float | None
    bold: bool
    italic: bool
    underline: bool
    align: str | None
    font: str | None
    first_line_indent_cm: float | None
    space_before_pt: float | None
    line_spacing: float | None


def open_docx(path: Path) -> DocumentObject:
    return Document(str(path))


def _style_value(paragraph: Paragraph, getter) -> object:  # type: ignore[no-untyped-def]
    style = paragraph.style
    while style is not None:
        value = getter(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def _defaults_rpr(doc_part) -> object:  # type: ignore[no-untyped-def]
    styles = doc_part.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    return defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))


def describe(paragraph: Paragraph) -> Para:
    runs = [r for r in paragraph.runs if r.text]
    sizes = {r.font.size.pt if r.font.size else None for r in runs}
    size = sizes.pop() if len(sizes) == 1 else None
    if size is None and runs:
        style_size = _style_value(paragraph, lambda s: s.font.size)
        size = style_size.pt if style_size is not None else None  # type: ignore[attr-defined]

    def flag(name: str) -> bool:
        values = []
        for r in runs:
            value = getattr(r.font, name)
            if value is None:
                value = _style_value(paragraph, lambda s, n=name: getattr(s.font, n))
            values.append(bool(value))
        return bool(values) and all(values)

    fonts = set()
    for r in runs:
        rfonts = r._r.rPr.find(qn("w:rFonts")) if r._r.rPr is not None else None
        name = rfonts.get(qn("w:ascii")) if rfonts is not None else None
        if name is None:
            name = _style_value(paragraph, lambda s: s.font.name)
        if name is None:
            fonts_default = _defaults_rpr(paragraph.part).find(qn("w:rFonts"))
            name = fonts_default.get(qn("w:ascii")) if fonts_default is not None else None
        fonts.add(name)
    fmt = paragraph.paragraph_format
    align = paragraph.alignment
    if align is None:
        align = _style_value(paragraph, lambda s: s.paragraph_format.alignment)
    indent = fmt.first_line_indent
    before = fmt.space_before
    spacing = fmt.line_spacing
    return Para(
        text=paragraph.text,
        size=size,
        bold=flag("bold"),
        italic=flag("italic"),
        underline=flag("underline"),
        align=align.name.lower() if align is not None else None,
        font=fonts.pop() if len(fonts) == 1 else None,
        first_line_indent_cm=round(indent / EMU_PER_CM, 2) if indent is not None else None,
        space_before_pt=before.pt if before is not None else None,
        line_spacing=spacing if isinstance(spacing, float) else None,
    )


def body_paragraphs(doc: DocumentObject) -> list[Para]:
    """Paragraphs outside tables, in order, empty ones left out."""
    return [describe(p) for p in doc.paragraphs if p.text.strip()]


def cell_paragraphs(table: Table, row: int, col: int) -> list[Para]:
    cell = table.rows[row].cells[col]
    return [describe(p) for p in cell.paragraphs if p.text.strip()]


def find(paras: list[Para], text: str) -> Para:
    for para in paras:
        if para.text == text:
            return para
    raise AssertionError(f"no paragraph {text!r} in {[p.text for p in paras]}")


def all_text(doc: DocumentObject, sep: str = "\n") -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return sep.join(parts)
