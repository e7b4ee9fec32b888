"""Find the parts of the form in a document: header, title block, body, recipients, signature.

draftkit's own documents put the header in a two-column borderless table, but a clerk's
document may use tabs, spaces, text boxes or a plain table. So parts are found by what they
say (the texts and forms of every rule set), and only then checked against one rule set.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from draftkit.rules import all_rule_sets

from ._reader import DocModel, Para, Table

# How far down page 1 the header may reach: a header typed line by line with tabs is about
# six lines; twelve leaves room for blank lines between them.
HEADER_SEARCH_PARAGRAPHS = 12
# A paragraph of running text is longer than any heading or signature line.
BODY_MIN_CHARS = 60
# A trích yếu runs to two or three lines at most.
SUBJECT_MAX_PARAGRAPHS = 3

_SEGMENT = re.compile(r"\t+| {3,}")
_NUMBER_BLANK = re.compile(r"\bsố:?( +)(?=[/-])", re.IGNORECASE)
_NUMBER_LINE = re.compile(r"^số\s*[:.]?\s*[\d\s]*[-/]", re.IGNORECASE)
_DATE_LINE = re.compile(r"^[^,]{1,60},\s*ngày\b.*\btháng\b.*\bnăm\s*\d{4}\s*$", re.IGNORECASE)
_DATE_PARTS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_RULE_ONLY = re.compile(r"^[-_–—=.*\s]+$")
# Two words of two letters or more: a name, not a flourish such as "---oOo---".
_WORDS = re.compile(r"[^\W\d_]{2,}\W+[^\W\d_]{2,}")


def loose(text: str) -> str:
    """Letters and digits only, without accents, case-folded: for finding, never for judging."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed.casefold() if c.isalnum() and not unicodedata.combining(c))


def tidy(text: str) -> str:
    """NFC with runs of blanks made one space: how a text is compared to the rule's text."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c == c.upper() for c in letters)


@dataclass(eq=False)
class Line:
    """One visual piece of a paragraph: a line between breaks, or a tab-separated column."""

    text: str
    para: Para
    start: int
    end: int
    column: str  # left | right | unknown

    @property
    def order(self) -> int:
        return self.para.order


def split_lines(para: Para) -> list[Line]:
    lines: list[Line] = []
    offset = 0
    for visual in para.text.split("\n"):
        pieces: list[tuple[int, int]] = []
        position = 0
        # "Số:      /BC-UBND": the blank left for the number is not a column gap.
        blanks = [m.span(1) for m in _NUMBER_BLANK.finditer(visual)]
        for match in _SEGMENT.finditer(visual):
            if any(start <= match.start() and match.end() <= end for start, end in blanks):
                continue
            pieces.append((position, match.start()))
            position = match.end()
        pieces.append((position, len(visual)))
        filled = [(i, s, e) for i, (s, e) in enumerate(pieces) if visual[s:e].strip()]
        for rank, (index, start, end) in enumerate(filled):
            raw = visual[start:end]
            lead = len(raw) - len(raw.lstrip())
            text = raw.strip()
            column = _column(para, rank, len(filled), index)
            lines.append(
                Line(text, para, offset + start + lead, offset + start + lead + len(text), column)
            )
        offset += len(visual) + 1
    return lines


def _column(para: Para, rank: int, count: int, index: int) -> str:
    place = para.place
    if place.kind == "cell" and place.ncols >= 2:
        if place.col == 1:
            return "left"
        return "right" if place.col == place.ncols else "unknown"
    if place.kind == "textbox":
        return place.side or "unknown"
    if count >= 2:
        return "left" if rank == 0 else ("right" if rank == count - 1 else "unknown")
    if index > 0 or para.fmt.align == "right":  # pushed right by a leading tab
        return "right"
    return "unknown"


# --- what the rule sets say, for recognition --------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    marker_texts: dict[str, frozenset[str]]  # element name -> loose texts
    style_of_marker: dict[str, str]  # element name -> style
    certificate_titles: frozenset[str]
    attachment_patterns: tuple[re.Pattern[str], ...]
    recipients_labels: frozenset[str]  # loose
    signing_prefix: re.Pattern[str]


MARKERS = ("national_title", "motto", "party_title")


@cache
def vocabulary() -> Vocabulary:
    texts: dict[str, set[str]] = {}
    style_of: dict[str, str] = {}
    titles: set[str] = set()
    attachments: list[re.Pattern[str]] = []
    labels: set[str] = set()
    prefixes: set[str] = set()
    for rules in all_rule_sets():
        for name in MARKERS:
            element = rules.elements.get(name)
            if element is not None and element.text:
                texts.setdefault(name, set()).add(loose(element.text))
                if name != "motto":
                    style_of[name] = rules.style
        titles.update(tidy(t).upper() for t in rules.forms.get("certificate_titles", []))
        if "attachment_ref_pattern" in rules.forms:
            attachments.append(re.compile(rules.forms["attachment_ref_pattern"]))
        labels.add(loose(rules.forms["recipients_label"]))
        prefixes.update(rules.forms["signing_prefixes"])
    # Recognise every family's prefix, with or without its punctuation ("TM", "T/M", "TM."),
    # so a wrong family or a missing dot is reported instead of going unnoticed.
    cores = sorted({re.sub(r"[./]", "", p) for p in prefixes}, key=len, reverse=True)
    alternatives = ["[./]?".join(re.escape(ch) for ch in core) + "[./]?" for core in cores]
    prefix = re.compile(rf"^({'|'.join(alternatives)})(?=\s)")
    return Vocabulary(
        marker_texts={k: frozenset(v) for k, v in texts.items()},
        style_of_marker=style_of,
        certificate_titles=frozenset(titles),
        attachment_patterns=tuple(attachments),
        recipients_labels=frozenset(labels),
        signing_prefix=prefix,
    )


def marker_of(text: str) -> str | None:
    key = loose(text)
    for name, texts in vocabulary().marker_texts.items():
        if key in texts:
            return name
    return None


def is_number_line(text: str) -> bool:
    return bool(_NUMBER_LINE.match(text))


def is_date_line(text: str) -> bool:
    return bool(_DATE_LINE.match(tidy(text)))


def is_recipients_label(text: str) -> bool:
    key = loose(text)
    return any(key.startswith(label) for label in vocabulary().recipients_labels) and len(key) < 20


def signing_prefix(text: str, any_case: bool = False) -> str | None:
    """The signing prefix ("TM.", "T/M" ...) the text opens with, as written.

    ``any_case`` also finds one typed in lowercase ("tm. ủy ban nhân dân"): only inside a
    signature block already found, where a line in the wrong case is still its authority
    line and must be reported as such, not taken for the signer's title.
    """
    match = vocabulary().signing_prefix.match(text.upper() if any_case else text)
    return text[match.start(1) : match.end(1)] if match else None


def parse_date(text: str) -> date | None:
    match = _DATE_PARTS.search(tidy(text))
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- the layout --------------------------------------------------------------------------


@dataclass
class Signature:
    authority: Line | None = None
    title: Line | None = None
    name: Line | None = None
    lines: list[Line] = field(default_factory=list)


@dataclass
class Layout:
    kind: str = "document"  # document | attachment | certificate
    header_table: Table | None = None
    header_lines: list[Line] = field(default_factory=list)
    markers: dict[str, Line] = field(default_factory=dict)  # national_title, motto, party_title
    misplaced: dict[str, Line] = field(default_factory=dict)  # a marker found below the header
    number: Line | None = None
    place_date: Line | None = None
    asterisk: Line | None = None
    parent_body: list[Line] = field(default_factory=list)
    issuer: list[Line] = field(default_factory=list)
    title: Para | None = None
    subject: list[Para] = field(default_factory=list)
    authority_line: Para | None = None  # a decision's thẩm quyền line, above "Căn cứ"
    attachment_ref: Para | None = None
    body: list[Para] = field(default_factory=list)
    recipients_label: Line | None = None
    recipients: list[Line] = field(default_factory=list)
    signature: Signature | None = None
    layout_tables: set[int] = field(default_factory=set)  # numbers of header/signature tables
    date: date | None = None
    certificate_title: Para | None = None


def analyse(model: DocModel) -> Layout:
    layout = Layout()
    voc = vocabulary()
    paragraphs = list(model.body_paragraphs())
    for para in paragraphs:
        if tidy(para.text).upper() in voc.certificate_titles and tidy(para.text):
            layout.kind = "certificate"
            layout.certificate_title = para
            break

    _find_header(model, layout)
    _find_title_block(model, layout, paragraphs)
    _find_recipients_and_signature(model, layout, paragraphs)
    _find_body(layout, paragraphs)
    if layout.place_date is not None:
        layout.date = parse_date(layout.place_date.text)
    if layout.date is None and layout.attachment_ref is not None:
        layout.date = parse_date(layout.attachment_ref.text)
    return layout


def _find_header(model: DocModel, layout: Layout) -> None:
    window: list[Para] = []
    table: Table | None = None
    filled = 0
    for block in model.blocks:
        if isinstance(block, Table):
            if table is None:
                table = block
                window.extend(block.paragraphs())
            continue
        window.append(block)
        if block.text.strip():
            filled += 1
            if filled >= HEADER_SEARCH_PARAGRAPHS:
                break
    last = window[-1].order if window else 0
    window.extend(p for p in model.textboxes if p.order <= last)
    window.sort(key=lambda p: p.order)

    lines = [line for para in window for line in split_lines(para)]
    end = 0
    for line in lines:
        name = marker_of(line.text)
        if name is not None and name not in layout.markers:
            layout.markers[name] = line
        elif is_number_line(line.text) and layout.number is None:
            layout.number = line
        elif is_date_line(line.text) and layout.place_date is None:
            layout.place_date = line
        else:
            continue
        end = max(end, line.order)
    in_table = set(table.paragraphs()) if table is not None else set()
    if table is not None and any(line.para in in_table for line in _marked(layout)):
        layout.header_table = table
        end = max([end, *(p.order for p in table.paragraphs())])
    layout.header_lines = [line for line in lines if line.order <= end]
    # A marker missing from the header may still be somewhere: then it is misplaced.
    for name in MARKERS:
        if name in layout.markers:
            continue
        for para in model.all_paragraphs():
            if para.place.kind in ("header", "footer"):
                continue
            for line in split_lines(para):
                if marker_of(line.text) == name:
                    layout.misplaced.setdefault(name, line)


def _marked(layout: Layout) -> list[Line]:
    found = list(layout.markers.values())
    found += [line for line in (layout.number, layout.place_date) if line is not None]
    return found


def _find_title_block(model: DocModel, layout: Layout, paragraphs: list[Para]) -> None:
    end = max((line.order for line in layout.header_lines), default=0)
    marked = {id(line.para) for line in _marked(layout)}
    title: Para | None = None
    for para in paragraphs:
        if para.order <= end or id(para) in marked or not para.text.strip():
            continue
        if end == 0 and not is_upper(para.text):  # no header found: only a caps line is a title
            continue
        title = para
        break
    if layout.kind == "certificate":
        title = layout.certificate_title
    layout.title = title
    # The agency lines: on the left of the header, above the title (and above the number).
    # Elsewhere only capitals are taken for them; in the left column they are the agency
    # lines whatever their case, so that a name in lowercase is reported as such, not missed.
    limit = title.order if title is not None else end + 1
    agency: list[Line] = []
    lowercase: list[Line] = []  # a name typed in lowercase where the column is not known
    for line in layout.header_lines:
        if line.order >= limit or line in _marked(layout):
            continue
        if line.text == "*" and layout.asterisk is None:
            layout.asterisk = line
            continue
        if line.column == "right" or _RULE_ONLY.match(line.text):
            continue
        in_header_table = layout.header_table is not None and line.para.place.kind == "cell"
        if in_header_table and line.column != "left":
            continue
        if not is_upper(line.text):
            if not (_above_number(layout, line) and _WORDS.search(tidy(line.text))):
                continue
            if line.column != "left":
                lowercase.append(line)
                continue
        agency.append(line)
    if not agency and layout.number is not None:
        # No capitals anywhere on the left: the lines above the number are the agency's,
        # so that "Ủy ban nhân dân huyện ..." is reported as lowercase, not as missing.
        agency = lowercase
    # The issuer is the bold block at the bottom of the agency lines; above it, the parent body.
    split = len(agency)
    while split > 0 and _all_bold(agency[split - 1]):
        split -= 1
    if split == len(agency) and agency:  # nothing bold: the last line is the issuer
        split -= 1
    layout.parent_body, layout.issuer = agency[:split], agency[split:]
    if title is None or layout.kind == "certificate":
        return
    following = [p for p in paragraphs if p.order > title.order]
    for para in following:
        text = para.text.strip()
        if (
            not text
            or _RULE_ONLY.match(text)
            or any(pattern.match(tidy(text)) for pattern in vocabulary().attachment_patterns)
            or para.fmt.align != "center"
            or (is_upper(text) and layout.subject)
            or len(layout.subject) >= SUBJECT_MAX_PARAGRAPHS
        ):
            break
        layout.subject.append(para)
    decision = loose(title.text) == "quyetdinh"
    authority = _authority_line(following, layout) if decision else None
    if authority is not None:
        layout.authority_line = authority
        # Typed in lowercase, it reads like a second line of the trích yếu: it is not one.
        layout.subject = [p for p in layout.subject if p is not authority]
    after = [p for p in following if p.text.strip() and p not in layout.subject]
    if after and any(
        pattern.match(tidy(after[0].text)) for pattern in vocabulary().attachment_patterns
    ):
        layout.attachment_ref = after[0]
        if layout.kind == "document":
            layout.kind = "attachment"


def _above_number(layout: Layout, line: Line) -> bool:
    """Whether the line comes before the "Số" line (a công văn's "V/v" line comes after)."""
    number = layout.number
    if number is None:
        return True
    if line.para is number.para:
        return line.start < number.start
    return line.order < number.order


# How many filled paragraphs below the title the first "Căn cứ" may come.
AUTHORITY_SEARCH_PARAGRAPHS = 6


def _authority_line(following: list[Para], layout: Layout) -> Para | None:
    """A decision's thẩm quyền line ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ..."): the centred
    paragraph right above the first "Căn cứ", below the trích yếu's first line."""
    filled = [p for p in following if p.text.strip() and not _RULE_ONLY.match(p.text.strip())]
    for index, para in enumerate(filled[:AUTHORITY_SEARCH_PARAGRAPHS]):
        if not loose(para.text).startswith("cancu"):
            continue
        if index == 0:
            return None
        candidate = filled[index - 1]
        if candidate.fmt.align != "center" or (layout.subject and candidate is layout.subject[0]):
            return None
        return candidate
    return None


def _all_bold(line: Line) -> bool:
    runs = line.para.runs_in(line.start, line.end)
    return bool(runs) and all(r.fmt.bold for r in runs)


def _title_end(layout: Layout) -> int:
    orders = [p.order for p in (layout.title, layout.attachment_ref) if p is not None]
    orders += [p.order for p in layout.subject]
    return max(orders, default=max((line.order for line in layout.header_lines), default=0))


def _find_recipients_and_signature(model: DocModel, layout: Layout, paragraphs: list[Para]) -> None:
    start = _title_end(layout)
    if layout.kind == "certificate":
        start = 0
    label: Line | None = None
    for block in model.blocks:
        candidates = [block] if isinstance(block, Para) else list(block.paragraphs())
        for para in candidates:
            if para.order <= start:
                continue
            for line in split_lines(para):
                if line.column != "right" and is_recipients_label(line.text):
                    label = line
                    break
            if label:
                break
        if label:
            break
    layout.recipients_label = label
    if label is not None:
        layout.recipients = _recipient_lines(model, label)

    # The signature: the cell beside the recipients, or the first signing line after the body.
    signature_lines: list[Line] = []
    if label is not None and label.para.place.kind == "cell":
        table = _table_of(model, label.para)
        if table is not None:
            row = table.rows[label.para.place.row - 1]
            for index, cell in enumerate(row, start=1):
                if index != label.para.place.col:
                    signature_lines += [line for p in cell for line in split_lines(p)]
    if not signature_lines:
        signature_lines = _signature_by_prefix(model, start)
    if not signature_lines and label is not None and label.para.place.kind == "body":
        signature_lines = _signature_beside_body(paragraphs, label)
    if not signature_lines and layout.kind == "document":
        signature_lines = _signature_at_end(paragraphs, start)
    if not signature_lines and layout.kind == "certificate":
        signature_lines = _signature_under_date(model)
    if signature_lines:
        layout.signature = _read_signature(signature_lines)
    # Tables that only lay out the form (header, recipients | signature) hold no data: a
    # landscape page is allowed for data tables only.
    for line in [*signature_lines, *([label] if label is not None else [])]:
        if line.para.place.kind == "cell":
            layout.layout_tables.add(line.para.place.table)
    if layout.header_table is not None:
        layout.layout_tables.add(layout.header_table.number)


def _table_of(model: DocModel, para: Para) -> Table | None:
    for table in model.tables():
        if table.number == para.place.table:
            return table
    return None


def _recipient_lines(model: DocModel, label: Line) -> list[Line]:
    lines: list[Line] = []
    if label.para.place.kind == "cell":
        table = _table_of(model, label.para)
        if table is None:
            return lines
        cell = table.rows[label.para.place.row - 1][label.para.place.col - 1]
        seen_label = False
        for para in cell:
            for line in split_lines(para):
                if line is label or (para is label.para and line.start == label.start):
                    seen_label = True
                    continue
                if seen_label and line.column != "right":
                    lines.append(line)
        return lines
    # Typed with tabs: the left piece of each following line, while it is a list line.
    paragraphs = list(model.body_paragraphs())
    rest = [
        line
        for line in split_lines(label.para)
        if line.start > label.start and line.column == "left"
    ]
    lines.extend(rest)
    for para in paragraphs:
        if para.order <= label.order or not para.text.strip():
            continue
        pieces = split_lines(para)
        first = pieces[0]
        if first.column == "right" or not first.text.startswith(("-", "–", "+", "•")):
            break
        lines.append(first)
    return lines


def _signature_by_prefix(model: DocModel, start: int) -> list[Line]:
    for block in model.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    lines = [line for p in cell if p.order > start for line in split_lines(p)]
                    if any(signing_prefix(line.text) for line in lines):
                        return lines
        elif block.order > start:
            pieces = split_lines(block)
            if pieces and signing_prefix(pieces[-1].text):
                paragraphs = [p for p in model.body_paragraphs() if p.order >= block.order]
                return [piece for p in paragraphs if (piece := _right_piece(p)) is not None]
    return []


def _signature_under_date(model: DocModel) -> list[Line]:
    """A certificate signed by the head himself ("CHỦ TỊCH", no "KT."): the table cell that
    opens with the place and date holds the signature."""
    for table in model.tables():
        for row in table.rows:
            for cell in row:
                lines = [line for p in cell for line in split_lines(p)]
                if lines and is_date_line(lines[0].text) and len(lines) > 1:
                    return lines
    return []


def _right_piece(para: Para) -> Line | None:
    """The signature side of a paragraph typed with tabs: its last column, or a centred line."""
    pieces = split_lines(para)
    if not pieces:
        return None
    last = pieces[-1]
    if len(pieces) >= 2 or last.column == "right" or para.fmt.align in ("center", "right"):
        return last
    return None


def _signature_beside_body(paragraphs: list[Para], label: Line) -> list[Line]:
    return [
        piece
        for para in paragraphs
        if para.order >= label.order and (piece := _right_piece(para)) is not None
    ]


def _signature_at_end(paragraphs: list[Para], start: int) -> list[Line]:
    """Short right-hand or centred lines closing the document: a signature typed plainly."""
    lines: list[Line] = []
    for para in reversed(paragraphs):
        if para.order <= start:
            break
        if not para.text.strip():
            continue
        piece = _right_piece(para)
        if piece is None or len(para.text.strip()) > BODY_MIN_CHARS:
            break
        lines.append(piece)
    return lines[::-1]


def _read_signature(lines: list[Line]) -> Signature:
    signature = Signature(lines=lines)
    # A certificate's signature cell opens with the place and date; notes like "(Đã ký)"
    # are not part of the form.
    useful = [
        line
        for line in lines
        if not is_date_line(line.text) and not line.text.startswith(("(", "["))
    ]
    if not useful:
        return signature
    index = 0
    if signing_prefix(useful[0].text, any_case=True):
        signature.authority = useful[0]
        index = 1
    if index < len(useful):
        signature.title = useful[index]
        index += 1
    rest = useful[index:]
    if rest:
        signature.name = rest[-1]
    return signature


def _find_body(layout: Layout, paragraphs: list[Para]) -> None:
    if layout.kind == "certificate":
        return
    start = _title_end(layout)
    stops = [
        line.order
        for line in (layout.recipients_label,)
        if line is not None and line.para.place.kind == "body"
    ]
    if layout.signature is not None:
        stops += [line.order for line in layout.signature.lines if line.para.place.kind == "body"]
    stop = min(stops, default=None)
    for para in paragraphs:
        if para.order <= start or (stop is not None and para.order >= stop):
            continue
        text = para.text.strip()
        if len(text) <= BODY_MIN_CHARS:
            continue
        if text.startswith("Kính gửi"):  # the addressee block (ô 9a): laid out, not running text
            continue
        if para.fmt.align == "center":
            runs = [r for r in para.runs if r.text.strip()]
            headingish = is_upper(text) or (runs and all(r.fmt.bold for r in runs))
            framed = runs and all(r.fmt.italic for r in runs)
            if headingish or framed:  # a centred heading or reference line, not running text
                continue
        layout.body.append(para)
