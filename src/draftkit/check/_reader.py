"""Read any .docx into a plain model: blocks in order, each paragraph with its text, where
it sits, and its effective formatting.

The model keeps what a format check needs and nothing else. It reads the XML itself rather
than python-docx's objects, because python-docx skips text in hyperlinks, content controls,
text boxes and fields, all of which a clerk's own document may hold.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from draftkit.errors import UnreadableDocumentError
from draftkit.safefile import container_problem, zip_problem

from ._styles import Element, ParaFormat, RunFormat, StyleResolver, qn

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
WP_ANCHOR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor"
WP_NS = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
VML_NS = "{urn:schemas-microsoft-com:vml}"
TXBX = qn("w:txbxContent")
# Runs under these are not on the page: deleted revisions, the fallback copy of a drawing
# (its preferred copy is read instead), and text boxes (read as their own paragraphs).
_SKIP_ANCESTORS = {TXBX, MC_FALLBACK, qn("w:del"), qn("w:moveFrom")}
TWIPS_PER_MM = 1440 / 25.4


@dataclass(frozen=True)
class Place:
    """Where a paragraph sits, to tell the user (and to tell left column from right)."""

    kind: str  # body | cell | textbox | header | footer
    paragraph: int = 0  # body: 1-based number among the body's paragraphs
    table: int = 0  # cell: 1-based table number
    row: int = 0
    col: int = 0
    ncols: int = 0
    box: int = 0  # textbox: 1-based number
    side: str | None = None  # textbox: left | right when its anchor says so
    part: str = ""  # header/footer: default | first | even


@dataclass(eq=False)
class Run:
    text: str
    start: int
    end: int
    fmt: RunFormat


@dataclass(eq=False)  # identity: two equal-looking lines are still two lines
class Para:
    text: str
    runs: list[Run]
    fmt: ParaFormat
    place: Place
    order: int
    section: int
    element: Element
    page_break: bool = False

    def runs_in(self, start: int, end: int) -> list[Run]:
        """The visible runs that put non-blank text in [start, end)."""
        return [
            r
            for r in self.runs
            if r.end > start
            and r.start < end
            and not r.fmt.hidden
            and r.text[max(start - r.start, 0) : end - r.start].strip()
        ]


@dataclass(eq=False)
class Table:
    number: int
    rows: list[list[list[Para]]]  # row -> cell -> paragraphs
    section: int
    ncols: int

    def paragraphs(self) -> Iterator[Para]:
        for row in self.rows:
            for cell in row:
                yield from cell


Block = Para | Table


@dataclass
class PageField:
    para: Para | None
    part: str  # default | first | even
    where: str  # header | footer


@dataclass
class Section:
    number: int
    width_mm: float | None
    height_mm: float | None
    orient: str | None
    margins_mm: dict[str, float | None]
    title_page: bool
    headers: dict[str, list[Para]] = field(default_factory=dict)
    footers: dict[str, list[Para]] = field(default_factory=dict)
    page_fields: list[PageField] = field(default_factory=list)


@dataclass
class DocModel:
    blocks: list[Block]
    textboxes: list[Para]
    sections: list[Section]
    rendered_page_breaks: int

    def body_paragraphs(self) -> Iterator[Para]:
        for block in self.blocks:
            if isinstance(block, Para):
                yield block

    def tables(self) -> Iterator[Table]:
        for block in self.blocks:
            if isinstance(block, Table):
                yield block

    def all_paragraphs(self) -> Iterator[Para]:
        """Every paragraph a reader sees: body, table cells, text boxes, headers, footers."""
        for block in self.blocks:
            if isinstance(block, Para):
                yield block
            else:
                yield from block.paragraphs()
        yield from self.textboxes
        for section in self.sections:
            for paras in (*section.headers.values(), *section.footers.values()):
                yield from paras


# --- opening -----------------------------------------------------------------------------


def open_package(path: Path) -> Any:
    """Open ``path`` with python-docx, turning every way it can fail into one clear error."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    if not path.exists():
        raise UnreadableDocumentError(f"Không tìm thấy tệp {path}.")
    if path.is_dir():
        raise UnreadableDocumentError(f"{path} là một thư mục, không phải tệp .docx.")
    if not path.is_file():
        raise UnreadableDocumentError(f"{path} không phải tệp thường (thiết bị hoặc ống dẫn), không đọc được.")
    other = container_problem(path)
    if other is not None:
        raise UnreadableDocumentError(f"Tệp {path} {other}.")
    if not zipfile.is_zipfile(path):
        raise UnreadableDocumentError(
            f"Tệp {path} không phải văn bản Word (.docx) hoặc đã bị hỏng: không mở được như một tệp .docx.",
            hint="Lưu lại văn bản bằng Word hoặc LibreOffice với định dạng “Word (.docx)”.",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            # Sizes first: testzip and the parser would unpack a "zip bomb" whole.
            too_big = zip_problem(archive)
            if too_big is not None:
                raise UnreadableDocumentError(f"Tệp {path} {too_big}; không kiểm tra.")
            broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UnreadableDocumentError(f"Tệp {path} bị hỏng, không đọc được ({error}).") from None
    if broken is not None:
        raise UnreadableDocumentError(f"Tệp {path} bị hỏng: phần “{broken}” không đọc được.")
    try:
        return Document(str(path))
    except PackageNotFoundError:
        raise UnreadableDocumentError(f"Tệp {path} không phải văn bản Word (.docx).") from None
    except KeyError as error:
        missing = re.search(r"'([^']+)'", str(error))
        name = missing.group(1) if missing else str(error)
        raise UnreadableDocumentError(
            f"Tệp {path} không phải văn bản Word (.docx) hoàn chỉnh: thiếu phần “{name}”."
        ) from None
    except ValueError as error:  # python-docx: another Office format (.xlsx, .pptx...)
        raise UnreadableDocumentError(
            f"Tệp {path} không phải văn bản Word (.docx): {error}."
        ) from None
    except SyntaxError as error:  # lxml's XMLSyntaxError is a SyntaxError
        raise UnreadableDocumentError(
            f"Tệp {path} bị hỏng: nội dung XML không hợp lệ ({error.msg})."
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UnreadableDocumentError(f"Tệp {path} bị hỏng, không đọc được ({error}).") from None
    except Exception as error:  # python-docx trips in many ways on a malformed package
        raise UnreadableDocumentError(
            f"Tệp {path} không phải văn bản Word (.docx) đọc được: cấu trúc gói bị hỏng "
            f"({type(error).__name__})."
        ) from None


# --- reading -----------------------------------------------------------------------------


def _skipped(element: Element, stop: Element) -> bool:
    """Whether ``element`` lies under something not read as part of ``stop``'s text."""
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _SKIP_ANCESTORS:
            return True
        parent = parent.getparent()
    return False


def _run_text(r: Element) -> tuple[str, bool]:
    parts: list[str] = []
    page_break = False
    for child in r:
        tag = child.tag
        if tag == qn("w:t"):
            parts.append(child.text or "")
        elif tag == qn("w:tab") or tag == qn("w:ptab"):
            parts.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            if child.get(qn("w:type")) == "page":
                page_break = True
            parts.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        elif tag == qn("w:lastRenderedPageBreak"):
            page_break = True
    # A no-break space reads as a space to every check here; text typed or pasted in NFD
    # (combining accents) is read composed, as draftkit's own rules are written.
    return unicodedata.normalize("NFC", "".join(parts).replace("\u00a0", " ")), page_break


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        # python-docx supplies default styles when the file has none.
        self.resolver = StyleResolver(document.styles.element)
        self.order = 0
        self.body_count = 0
        self.table_count = 0
        self.box_count = 0
        self.section = 1
        self.textboxes: list[Para] = []
        self.rendered_breaks = 0

    def paragraph(
        self, p: Element, place: Place, table_style: str | None, *, with_boxes: bool = True
    ) -> Para:
        runs: list[Run] = []
        text = ""
        page_break = False
        for r in p.iter(qn("w:r")):
            if _skipped(r, p):
                continue
            chunk, breaks = _run_text(r)
            page_break = page_break or breaks
            if r.find(qn("w:lastRenderedPageBreak")) is not None:
                self.rendered_breaks += 1
            if chunk:
                fmt = self.resolver.run_format(p, r, table_style)
                runs.append(Run(chunk, len(text), len(text) + len(chunk), fmt))
                text += chunk
        ppr = p.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None:
            page_break = page_break or bool(
                (ppr.find(qn("w:pageBreakBefore")).get(qn("w:val")) or "1") not in ("0", "false")
            )
        self.order += 1
        para = Para(
            text=text,
            runs=runs,
            fmt=self.resolver.para_format(p, table_style),
            place=place,
            order=self.order,
            section=self.section,
            element=p,
            page_break=page_break,
        )
        if with_boxes:
            self._textboxes(p)
        return para

    def _textboxes(self, p: Element) -> None:
        for box in p.iter(TXBX):
            if _skipped(box, p):  # nested in another box, or the drawing's fallback copy
                continue
            self.box_count += 1
            place = Place("textbox", box=self.box_count, side=_anchor_side(box, p))
            for inner in box.iter(qn("w:p")):
                if _skipped(inner, box):
                    continue
                self.textboxes.append(self.paragraph(inner, place, None, with_boxes=False))

    def table(self, tbl: Element, outer: Place | None = None) -> Table:
        if outer is None:
            self.table_count += 1
        number = outer.table if outer is not None else self.table_count
        tbl_pr = tbl.find(qn("w:tblPr"))
        style = tbl_pr.find(qn("w:tblStyle")) if tbl_pr is not None else None
        table_style = (style.get(qn("w:val")) if style is not None else None) or ""
        rows: list[list[list[Para]]] = []
        ncols = 0
        for tr in tbl.findall(qn("w:tr")):
            ncols = max(ncols, len(tr.findall(qn("w:tc"))))
        for r_index, tr in enumerate(tbl.findall(qn("w:tr")), start=1):
            cells: list[list[Para]] = []
            for c_index, tc in enumerate(tr.findall(qn("w:tc")), start=1):
                # A table inside a cell reports the outer cell: that is what the user finds.
                place = outer or Place("cell", table=number, row=r_index, col=c_index, ncols=ncols)
                paras: list[Para] = []
                for child in self._flatten(tc):
                    if child.tag == qn("w:p"):
                        paras.append(self.paragraph(child, place, table_style))
                    elif child.tag == qn("w:tbl"):
                        paras.extend(self.table(child, place).paragraphs())
                cells.append(paras)
            rows.append(cells)
        return Table(number=number, rows=rows, section=self.section, ncols=ncols)

    def _flatten(self, container: Element) -> Iterator[Element]:
        """Paragraphs and tables of a container, looking through content controls."""
        for child in container:
            if child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self._flatten(content)
            elif child.tag in (qn("w:p"), qn("w:tbl")):
                yield child
            elif child.tag in (qn("w:customXml"), qn("w:ins")):
                yield from self._flatten(child)

    def body(self, body: Element) -> tuple[list[Block], list[Element]]:
        blocks: list[Block] = []
        sect_prs: list[Element] = []
        for child in self._flatten(body):
            if child.tag == qn("w:p"):
                self.body_count += 1
                blocks.append(self.paragraph(child, Place("body", paragraph=self.body_count), None))
                ppr = child.find(qn("w:pPr"))
                inner = ppr.find(qn("w:sectPr")) if ppr is not None else None
                if inner is not None:  # this paragraph ends a section
                    sect_prs.append(inner)
                    self.section += 1
            else:
                blocks.append(self.table(child))
        final = body.find(qn("w:sectPr"))
        if final is not None:
            sect_prs.append(final)
        return blocks, sect_prs

    def story(self, part: Any, kind: str, which: str) -> tuple[list[Para], list[PageField]]:
        """The paragraphs of a header or footer part and the PAGE fields in it."""
        paras: list[Para] = []
        saved = self.order
        element = part.element
        for child in self._flatten(element):
            place = Place(kind, part=which)
            if child.tag == qn("w:p"):
                paras.append(self.paragraph(child, place, None))
            else:
                paras.extend(self.table(child, place).paragraphs())
        self.order = saved  # headers are not part of the reading order of the body
        by_element = {id(p.element): p for p in paras}
        fields: list[PageField] = []
        for instr in element.iter(qn("w:instrText")):
            if _is_page_field(instr.text or ""):
                fields.append(PageField(_owner(instr, by_element), which, kind))
        for simple in element.iter(qn("w:fldSimple")):
            if _is_page_field(simple.get(qn("w:instr")) or ""):
                fields.append(PageField(_owner(simple, by_element), which, kind))
        return paras, fields


def _is_page_field(instruction: str) -> bool:
    words = instruction.replace("\\", " ").split()
    return bool(words) and words[0].upper() == "PAGE"


def _owner(element: Element, by_element: dict[int, Para]) -> Para | None:
    parent = element.getparent()
    while parent is not None:
        if id(parent) in by_element:
            return by_element[id(parent)]
        parent = parent.getparent()
    return None


def _anchor_side(box: Element, stop: Element) -> str | None:
    """Left or right, from a floating text box's horizontal position, when it says."""
    node = box.getparent()
    while node is not None and node is not stop:
        if node.tag == WP_ANCHOR:
            position = node.find(f"{WP_NS}positionH")
            if position is None:
                return None
            align = position.find(f"{WP_NS}align")
            if align is not None and align.text in ("left", "right"):
                return str(align.text)
            offset = position.find(f"{WP_NS}posOffset")
            if offset is not None and offset.text:
                try:
                    # Past a third of an A4 text line (about 5.5 cm) is the right column.
                    return "right" if int(offset.text) > 5.5 * 360000 else "left"
                except ValueError:
                    return None
            return None
        if node.tag in (f"{VML_NS}shape", f"{VML_NS}rect"):
            style = node.get("style") or ""
            for item in style.split(";"):
                key, _, value = item.partition(":")
                if key.strip() == "margin-left" and value.strip().endswith("pt"):
                    try:
                        return "right" if float(value.strip()[:-2]) > 156 else "left"
                    except ValueError:
                        return None
            return None
        node = node.getparent()
    return None


def _twips_mm(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value) / TWIPS_PER_MM
    except ValueError:
        return None


def read_document(path: Path) -> DocModel:
    document = open_package(path)
    reader = _Reader(document)
    body = document.element.body
    blocks, sect_prs = reader.body(body)
    sections: list[Section] = []
    for number, sect_pr in enumerate(sect_prs, start=1):
        size = sect_pr.find(qn("w:pgSz"))
        margins = sect_pr.find(qn("w:pgMar"))
        title_pg = sect_pr.find(qn("w:titlePg"))
        section = Section(
            number=number,
            width_mm=_twips_mm(size.get(qn("w:w"))) if size is not None else None,
            height_mm=_twips_mm(size.get(qn("w:h"))) if size is not None else None,
            orient=size.get(qn("w:orient")) if size is not None else None,
            margins_mm={
                side: _twips_mm(margins.get(qn(f"w:{side}"))) if margins is not None else None
                for side in ("top", "bottom", "left", "right", "gutter")
            },
            title_page=title_pg is not None
            and (title_pg.get(qn("w:val")) or "1").lower() not in ("0", "false", "off"),
        )
        for tag, kind, target in (
            ("w:headerReference", "header", section.headers),
            ("w:footerReference", "footer", section.footers),
        ):
            for ref in sect_pr.findall(qn(tag)):
                which = ref.get(qn("w:type")) or "default"
                rel_id = ref.get(qn("r:id"))
                part = document.part.related_parts.get(rel_id) if rel_id else None
                if part is None or not hasattr(part, "element"):
                    continue
                paras, fields = reader.story(part, kind, which)
                target[which] = paras
                section.page_fields.extend(fields)
        sections.append(section)
    if not sections:  # a body without sectPr: Word uses its defaults; report them as unset
        sections.append(
            Section(
                1,
                None,
                None,
                None,
                dict.fromkeys(("top", "bottom", "left", "right", "gutter")),
                False,
            )
        )
    return DocModel(
        blocks=blocks,
        textboxes=reader.textboxes,
        sections=sections,
        rendered_page_breaks=reader.rendered_breaks,
    )
