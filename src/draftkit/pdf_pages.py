"""PDF of a document that is mostly one long table (a large round's list), page-true and
in time linear in its pages.

LibreOffice lays out one long table in time that grows with the square of its rows
(measured on the list, LibreOffice 7.4, CPU seconds: 1,000 rows 4.1, 2,000 11.4,
4,000 51.2; 10,000 unfinished after 600 s). Changing the table does not help while
printing the same: consecutive tables with nothing between them are joined into one (by
LibreOffice as by Word), and tables kept apart each print their own header row.

So the document is converted in parts, one after another, each starting exactly where a
page of the whole document starts. A part holds the rows from its start to at most
:data:`ROWS_PER_PART` further; the last page of its PDF, which the rows after the cut
would have filled up, is dropped, and the next part starts with the first row (or
paragraph) of that page, inside the table's own opening and header rows (which the whole
repeats at the top of every page), with page numbering carried on. The rows of the
dropped page are found from its text; a page that does not hold exactly whole rows (a
row split over two pages, a footer with text) makes the document go back to one
conversion of the whole: slow, never different.
"""

from __future__ import annotations

import html
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Rows per part: a part of 500 rows (about 25 pages) converts in about 2 s of CPU, where
# the cost per row is still flat; dropping its last page wastes about 4 %.
ROWS_PER_PART = 500

_TAG = re.compile(rb"<(/?)(w:(?:p|tbl|tr|sdt|body|document|sectPr|customXml|txbxContent))\b[^>]*?(/?)>")
_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_HEADER_ROW = re.compile(rb"<w:tblHeader(?:\s+w:val=\"(?:1|true|on)\")?\s*/>")
_INSTRUCTION = re.compile(rb"<w:instrText\b[^>]*>([^<]*)</w:instrText>|<w:fldSimple\b[^>]*w:instr=\"([^\"]*)\"")
_BLOCKERS = re.compile(rb"<w:footnoteReference\b|<w:endnoteReference\b|<w:lnNumType\b|<w:pgNumType\b|<w:txbxContent\b")
_SETTINGS_BLOCKERS = re.compile(
    rb"<w:evenAndOddHeaders(?![^>]*w:val=\"(?:0|false|off)\")|<w:mirrorMargins(?![^>]*w:val=\"(?:0|false|off)\")"
)
_TITLE_PAGE = re.compile(rb"<w:titlePg(?:\s[^>]*)?/>")
_HEADER_FOOTER = re.compile(r"^word/(header|footer)\d*\.xml$")


@dataclass(frozen=True)
class Unit:
    """One row of a long table, or one other block of the body, as offsets into document.xml."""

    start: int
    end: int
    table: int  # index into Layout.tables; -1: not a row
    text: str  # its printed text without spaces, to find it on a page


@dataclass(frozen=True)
class Layout:
    xml: bytes
    head_end: int  # just after <w:body>
    units: list[Unit]
    tables: list[bytes]  # each long table's opening (tblPr, tblGrid) and header rows
    tail_start: int  # the body's sectPr onwards

    def part(self, first: int, last: int, page_number: int | None) -> bytes:
        """document.xml holding units ``first`` to ``last`` (exclusive); ``page_number``:
        the number of its first page when it continues the document (None: it is the start)."""
        pieces = [self.xml[: self.head_end]]
        open_table = -1
        for unit in self.units[first:last]:
            if unit.table != open_table:
                if open_table >= 0:
                    pieces.append(b"</w:tbl>")
                if unit.table >= 0:
                    pieces.append(self.tables[unit.table])
                open_table = unit.table
            pieces.append(self.xml[unit.start : unit.end])
        if open_table >= 0:
            pieces.append(b"</w:tbl>")
        tail = self.xml[self.tail_start :]
        if page_number is not None:
            # Not the first page of the document: no first-page header, and numbered on.
            tail = _TITLE_PAGE.sub(b"", tail)
            tail = tail.replace(b"</w:sectPr>", f'<w:pgNumType w:start="{page_number}"/></w:sectPr>'.encode(), 1)
        pieces.append(tail)
        return b"".join(pieces)


def squash(text: str) -> str:
    """Text as compared between the document and its PDF: one normal form, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _text(xml: bytes) -> str:
    return squash(html.unescape(b"".join(_TEXT.findall(xml)).decode("utf-8", errors="replace")))


def layout(parts: dict[str, bytes], min_rows: int | None = None) -> Layout | None:
    """Where the document may be cut at rows, or None when it has no table longer than
    ``min_rows`` or could print differently in parts (several sections, fields other than
    the page number, page numbering of its own, left and right pages)."""
    min_rows = ROWS_PER_PART if min_rows is None else min_rows
    document = parts.get("word/document.xml")
    if document is None or not _HEADER_ROW.search(document) or document.count(b"<w:tr") <= min_rows:
        return None  # no long table with a header row: nothing to gain
    if _BLOCKERS.search(document) or _SETTINGS_BLOCKERS.search(parts.get("word/settings.xml", b"")):
        return None
    for name, content in parts.items():
        if name == "word/document.xml" or _HEADER_FOOTER.match(name):
            for match in _INSTRUCTION.finditer(content):
                if (match.group(1) or match.group(2) or b"").split()[:1] != [b"PAGE"]:
                    return None
            if _BLOCKERS.search(content):
                return None
    return _scan(document, min_rows)


def _scan(xml: bytes, min_rows: int) -> Layout | None:
    stack: list[bytes] = []
    body_start = tail_start = -1
    blocks: list[tuple[int, int]] = []  # top-level blocks of the body
    rows: dict[int, list[tuple[int, int]]] = {}  # a top-level table's start -> its rows
    block_start = row_start = -1
    for match in _TAG.finditer(xml):
        closing, name, empty = match.group(1), match.group(2), match.group(3)
        depth = len(stack)
        if closing:
            if not stack or stack[-1] != name:
                return None
            stack.pop()
            if depth == 3 and name != b"w:sectPr":
                blocks.append((block_start, match.end()))
            elif depth == 4 and name == b"w:tr" and stack[-1] == b"w:tbl":
                rows.setdefault(block_start, []).append((row_start, match.end()))
            continue
        if depth == 1 and name == b"w:body":
            body_start = match.end()
        elif depth == 2 and name == b"w:sectPr":
            if stack != [b"w:document", b"w:body"] or tail_start >= 0:
                return None
            tail_start = match.start()
        elif depth == 2:
            if tail_start >= 0:
                return None  # a block after the section's properties
            if empty:
                blocks.append((match.start(), match.end()))
            block_start = match.start()
        elif depth == 3 and name == b"w:tr" and stack[-1] == b"w:tbl":
            row_start = match.start()
        elif name == b"w:sectPr":
            return None  # a section break inside the body
        if not empty:
            stack.append(name)
    if stack or body_start < 0 or tail_start < 0:
        return None
    units: list[Unit] = []
    tables: list[bytes] = []
    for start, end in blocks:
        table_rows = rows.get(start, [])
        header = 0
        while header < len(table_rows) and _HEADER_ROW.search(_row_properties(xml, *table_rows[header])):
            header += 1
        if len(table_rows) - header <= min_rows or header == 0:
            units.append(Unit(start, end, -1, _text(xml[start:end])))
            continue
        # The opening up to the first row, then the header rows: what a page continuing
        # this table starts with.
        tables.append(xml[start : table_rows[0][0]] + xml[table_rows[0][0] : table_rows[header - 1][1]])
        units += [Unit(s, e, len(tables) - 1, _text(xml[s:e])) for s, e in table_rows[header:]]
        if xml[table_rows[-1][1] : end].strip() != b"</w:tbl>":
            return None  # something after the rows that a part would lose
    if not tables:
        return None
    return Layout(xml, body_start, units, tables, tail_start)


def _row_properties(xml: bytes, start: int, end: int) -> bytes:
    head = xml[start : min(end, start + 2000)]
    stop = head.find(b"</w:trPr>")
    return head[: stop if stop >= 0 else 0]


def page_start(
    units: Sequence[Unit], first: int, last: int, page_text: str, page_number: int, header_texts: Sequence[str]
) -> int | None:
    """The unit that starts the page numbered ``page_number`` whose squashed text is
    ``page_text``, given that the page ends with unit ``last - 1`` and starts after unit
    ``first``; None unless the page holds exactly whole units after what repeats at its
    top (the page number, then the table's header rows when it starts with a row)."""
    number = str(page_number)
    tail = ""
    for index in range(last - 1, first, -1):
        tail = units[index].text + tail
        if not page_text.endswith(tail):
            return None  # a row split over two pages, or text this page should not have
        before = page_text[: len(page_text) - len(tail)]
        unit = units[index]
        repeated = header_texts[unit.table] if unit.table >= 0 else ""
        if before == number + repeated:
            # An empty block before it could sit on either page: not told apart, refused.
            return index if unit.text and units[index - 1].text else None
    return None


def last_page(pdf: Path) -> tuple[int, str]:
    """How many pages ``pdf`` has, and its last page's squashed text (only that page is read)."""
    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    return len(pages), squash(pages[-1].extract_text() or "") if len(pages) else ""


Convert = Callable[[Path, Path], Path]  # (a .docx, the folder for its PDF) -> the PDF


def convert_in_pages(
    members: Sequence[tuple[zipfile.ZipInfo, bytes]],
    plan: Layout,
    work_dir: Path,
    convert: Convert,
    tick: Callable[[int, int], None],
    rows_per_part: int | None = None,
) -> list[tuple[Path, int]] | None:
    """The PDFs of the parts, each with how many of its pages to keep; None when a page
    boundary cannot be found from the text (the caller converts the whole)."""
    rows_per_part = rows_per_part or ROWS_PER_PART
    header_texts = [_text(opening) for opening in plan.tables]
    kept: list[tuple[Path, int]] = []
    first, pages_before, number = 0, 0, 0
    total = len(plan.units)
    while True:
        last = min(first + rows_per_part, total)
        # Never end a part on a paragraph: a heading kept with the table after it would
        # sit differently when that table is missing.
        while last < total and plan.units[last - 1].table < 0:
            last += 1
        docx = work_dir / f"list-{number:04d}.docx"
        _write(docx, members, plan.part(first, last, pages_before + 1 if first else None))
        pdf = convert(docx, work_dir)
        pages, text = last_page(pdf)
        if last == total:
            kept.append((pdf, pages))
            tick(total, total)
            return kept
        start = page_start(plan.units, first, last, text, pages_before + pages, header_texts) if pages > 1 else None
        if start is None:
            return None
        kept.append((pdf, pages - 1))
        pages_before += pages - 1
        first, number = start, number + 1
        tick(first, total)


def _write(path: Path, members: Sequence[tuple[zipfile.ZipInfo, bytes]], document: bytes) -> None:
    # Compressed lightly: these files live for seconds, in a temporary folder.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info, content in members:
            out.writestr(info.filename, document if info.filename == "word/document.xml" else content)


def join_kept(kept: Sequence[tuple[Path, int]], target: Path) -> int:
    """The kept pages of each part, in order, as one PDF at ``target``; the number of pages."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf, pages in kept:
        for page in PdfReader(pdf).pages[:pages]:
            writer.add_page(page)
    with target.open("wb") as out:
        writer.write(out)
    return sum(pages for _, pages in kept)
