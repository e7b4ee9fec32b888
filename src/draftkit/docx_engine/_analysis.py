"""What a Word template uses: names, loops, conditions and broken tags, with places.

Read from the same compiled source that rendering uses (``_render.prepared_source``), so
the check sees exactly what the renderer will see.
"""

from __future__ import annotations

import difflib
import html
import re
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from ._limits import AUTOESCAPE_MESSAGE, BoundedEnvironment, forbidden_filter_message
from ._package import clean_template
from ._render import (
    _RENDERED_PARTS,
    _TAGS,
    damaged,
    make_environment,
    prepared_source,
    read_members,
)

# --- template analysis (``draftkit templates check``) -----------------------------------
#
# What a template uses, read from the same compiled source that rendering uses, so the
# check sees exactly what the renderer will see. Only the Jinja side is here: which names,
# loops and conditions a template has and where. Whether a name exists is decided by
# draftkit.template_tools against the variables each document kind really receives.

ITEM = "[]"  # path segment: "each item of the list before it"

_PART_LABELS = {"word/document.xml": "", "word/footnotes.xml": "chú thích", "word/endnotes.xml": "chú thích cuối"}
_HIDDEN_TEXT = re.compile(r"<w:(delText|instrText)\b[^>]*>.*?</w:\1>", re.DOTALL)
_TEXT_ELEMENT = re.compile(r"<w:t(?:\s[^>]*[^/])?>(.*?)</w:t>", re.DOTALL)
_TABLE_TOKENS = re.compile(r"<w:(tbl|tr|tc)[ >]|</w:(tbl|tr|tc)>|\{%")
_STRING = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
# A whole Jinja tag, quoted strings skipped so that "{{ '}}' }}" counts as one tag.
_JINJA_TAG = re.compile(
    r"\{\{(?:" + _STRING + r"|[^'\"}]|\}(?!\}))*\}\}"
    r"|\{%(?:" + _STRING + r"|[^'\"%]|%(?!\}))*%\}"
    r"|\{#.*?#\}",
    re.DOTALL,
)
# What is left of a tag that patch_xml could not put back together.
_TAG_DELIMITER = re.compile(r"\{[{%#]|[}%#]\}")
_MAX_SYNTAX_ERRORS = 20
# Tests that ask whether a name exists must not count as using it.
_EXISTENCE_TESTS = frozenset({"defined", "undefined"})
# Methods that change a list, dict or set in place: the sandbox refuses them at render time.
_MUTATORS = frozenset(
    {"append", "extend", "insert", "pop", "popitem", "remove", "clear", "sort", "reverse", "update",
     "setdefault", "add", "discard", "difference_update", "intersection_update",
     "symmetric_difference_update"}
)


@dataclass(frozen=True)
class TemplateSpot:
    """Where a tag sits in the document: the part, the paragraph and the table cell."""

    part: str
    line: int | None
    paragraph: str | None = None
    cell: tuple[int, int, int] | None = None  # table, row, column; 1-based, as Word counts
    number: int | None = None  # paragraph of the part, 1-based, tables included

    def describe(self) -> str:
        """Vietnamese words a clerk can use to find the place in Word."""
        places = []
        label = _PART_LABELS.get(self.part)
        if label is None:
            label = "đầu trang" if "header" in self.part else "chân trang" if "footer" in self.part else self.part
        if label:
            places.append(f"ở {label}")
        if self.cell is not None:
            table, row, column = self.cell
            places.append(f"ở bảng {table}, hàng {row}, cột {column}")
        where = ", ".join(places)
        if self.paragraph:
            if where:
                return f"{where[:1].upper()}{where[1:]}, đoạn: “{self.paragraph}”"
            return f"Ở đoạn thứ {self.number}: “{self.paragraph}”" if self.number else f"Ở đoạn: “{self.paragraph}”"
        if where:
            return f"{where[:1].upper()}{where[1:]}"
        return f"Ở dòng {self.line} của mẫu" if self.line else ""


@dataclass(frozen=True)
class VariableUse:
    """One use of a data variable, as written and as a path from the top-level variable.

    ``{{ c.name }}`` inside ``{% for c in certificates %}`` is written "c.name" and has the
    path ("certificates", "[]", "name").
    """

    text: str
    path: tuple[str, ...]
    spot: TemplateSpot
    local_names: tuple[str, ...] = ()  # loop variables and the like visible there
    # The text after each step: ("c", "c.nmae"); the last len(steps) - 1 path segments
    # are the ones written after the name, the rest is what the name stands for.
    steps: tuple[str, ...] = ()

    def written(self, index: int) -> str | None:
        """The text up to path segment ``index``; None when the segment was not written here."""
        first = len(self.path) - len(self.steps)
        return self.steps[index - first] if index >= first and self.steps else None


@dataclass(frozen=True)
class TemplateStatement:
    """A loop ("for") or a condition ("if"/"elif") of the template, as written."""

    keyword: str
    text: str
    spot: TemplateSpot


@dataclass(frozen=True)
class TemplateFlaw:
    """Something wrong whatever the data: syntax, broken tags, forbidden attributes."""

    kind: str  # "syntax", "broken_tag", "unsafe", "unsupported", "structure", "control", "keyword_case"
    message: str
    spot: TemplateSpot


@dataclass(frozen=True)
class TemplateAnalysis:
    name: str
    uses: tuple[VariableUse, ...]
    statements: tuple[TemplateStatement, ...]
    flaws: tuple[TemplateFlaw, ...]
    notices: tuple[str, ...] = ()  # what rendering removes from the package (macros...)
    # Every loop variable the template binds, with its loop: {{ c.name }} outside
    # "{%p for c in certificates %}" is explained with it.
    loops: tuple[LoopBinding, ...] = ()
    # Every {% %} tag as written in the document, in order: compared with the built-in
    # template's by draftkit.template_tools (a deleted {%p else %} leaves a valid template).
    controls: tuple[ControlTag, ...] = ()


@dataclass(frozen=True)
class LoopBinding:
    """A name a {% for %} binds, with its loop tag as the clerk wrote it."""

    name: str
    tag: str  # "{%p for c in certificates %}"
    spot: TemplateSpot


def analyze_template(path: Path, name: str | None = None) -> TemplateAnalysis:
    """Everything a template uses and every flaw that does not depend on the data."""
    label = name or path.name
    # The package as rendering will see it: bounded, macros and attached template removed,
    # external links refused (TemplateError), every part well-formed.
    members, notices = clean_template(read_members(path, label), label)
    uses: list[VariableUse] = []
    statements: list[TemplateStatement] = []
    flaws: list[TemplateFlaw] = []
    loops: list[LoopBinding] = []
    all_controls: list[ControlTag] = []
    env = make_environment()
    parts = {info.filename: data for info, data in members if _RENDERED_PARTS.match(info.filename)}
    # The body first: that is where a clerk looks first.
    for part in sorted(parts, key=lambda part: (part != "word/document.xml", part)):
        try:
            source = prepared_source(parts[part], label)
        except (zlib.error, EOFError, UnicodeDecodeError) as exc:
            raise damaged(label, part, exc) from None
        spots = _PartSpots(part, source.splitlines())
        paragraphs: list[tuple[str, TemplateSpot]] = []
        controls = _control_tags(parts[part], part, paragraphs)
        all_controls += controls
        spots.controls = controls
        flaws += _broken_tags(spots)
        control_flaws = _control_flaws(controls)
        flaws += control_flaws
        # A deleted {%p endfor %} is said once, in the clerk's words, above; the source is
        # mended the same way for the rest of the check, so that Jinja's own complaint
        # about it is not said a second time and every variable is still checked.
        read = _mend_blocks(source) if control_flaws else source
        tree = _parse_all(env, read, spots, flaws, controls, paragraphs)
        if tree is not None and not any(flaw.kind == "control" for flaw in control_flaws):
            # (Blocks opened and closed at different places of the XML are only known once
            # every block has its partner.)
            flaws += _structure_flaws(read, spots)
        if tree is not None:
            walker = _Walker(spots, frozenset(env.globals), controls)
            walker.visit_all(tree.body, _Scope())
            uses += walker.uses
            statements += walker.statements
            flaws += walker.flaws
            loops += walker.loops
    return TemplateAnalysis(
        label, tuple(uses), tuple(statements), tuple(flaws), tuple(notices), tuple(loops), tuple(all_controls)
    )


class _PartSpots:
    """Line number → paragraph text and table cell, for one part of the document."""

    def __init__(self, part: str, lines: list[str]) -> None:
        self.part = part
        self.lines = lines
        # The part's {% %} tags as the clerk wrote them: a line that is only a bare {%p %}
        # tag is placed at the tag's own paragraph (Word has no line numbers).
        self.controls: Sequence[ControlTag] = ()
        self.cells: list[tuple[int, int, int] | None] = []
        tables = 0
        stack: list[list[int]] = []  # per open table: [number, row, column, level]
        # level: 0 between rows, 1 inside a row, 2 inside a cell
        for line in lines:
            self.cells.append((stack[-1][0], max(stack[-1][1], 1), max(stack[-1][2], 1)) if stack else None)
            for match in _TABLE_TOKENS.finditer(line):
                opened, closed = match.group(1), match.group(2)
                if opened == "tbl":
                    tables += 1
                    stack.append([tables, 0, 0, 0])
                elif closed == "tbl" and stack:
                    stack.pop()
                elif not stack:
                    continue
                elif opened == "tr":
                    stack[-1][1:] = [stack[-1][1] + 1, 0, 1]
                elif closed == "tr":
                    stack[-1][3] = 0
                elif opened == "tc":
                    stack[-1][2:] = [stack[-1][2] + 1, 2]
                elif closed == "tc":
                    stack[-1][3] = 1
                elif match.group(0) == "{%" and stack[-1][3] < 2:
                    # A {%tr %} row or {%tc %} cell became a bare tag: Word still shows it.
                    index = 1 if stack[-1][3] == 0 else 2
                    stack[-1][index] += 1

    def text(self, index: int) -> str:
        # Only what Word shows: a {%p %} paragraph that docxtpl replaced by its bare tag
        # sits between paragraphs, outside any text element, and is not quoted with them.
        visible = "".join(_TEXT_ELEMENT.findall(self.lines[index]))
        return " ".join(html.unescape(visible).split())

    def spot(self, lineno: int | None, mention: str = "") -> TemplateSpot:
        """Where line ``lineno`` is; ``mention``: what the tag sought there holds ("group")."""
        if lineno is None or not self.lines:
            return TemplateSpot(self.part, lineno)
        index = min(max(lineno - 1, 0), len(self.lines) - 1)
        text = self.text(index)
        if not text:
            found = _control_on_line(self, index + 1, self.controls, mention)
            if found is not None:
                return found
        if len(text) > 200:
            text = text[:199] + "…"
        return TemplateSpot(self.part, lineno, text or None, self.cells[index])


def _broken_tags(spots: _PartSpots) -> list[TemplateFlaw]:
    """Tag pieces left in the text: Word put something between them that is not formatting.

    patch_xml rejoins a tag whose pieces are separated by run boundaries and formatting
    only; anything else between them (text deleted with Track Changes on, a field...)
    leaves the pieces as ordinary text, which Jinja then prints as it is.
    """
    flaws = []
    for index, line in enumerate(spots.lines):
        outside = _JINJA_TAG.sub(" ", _HIDDEN_TEXT.sub("", line))
        visible = html.unescape(_TAGS.sub("", outside))
        if _TAG_DELIMITER.search(visible):
            flaws.append(
                TemplateFlaw(
                    "broken_tag",
                    "Thẻ bị Word tách rời nên không còn là thẻ: văn bản sẽ in nguyên ký tự "
                    "“{{”, “}}” hoặc “{%”, “%}” ra giấy. Xóa hẳn thẻ rồi gõ lại liền một lần "
                    "(nếu đang bật Theo dõi thay đổi – Track Changes – thì chấp nhận mọi thay đổi trước).",
                    spots.spot(index + 1),
                )
            )
    return flaws


# --- control lines ({%p for %}, {%p endfor %}, {%tr %}...) as the clerk sees them ------------
#
# A control tag is read from the document as Word shows it (the paragraph's text), not from
# the Jinja source: docxtpl has already replaced the paragraph of a {%p %} tag, so the
# source can no longer say which paragraph the clerk deleted or moved.

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Text Word shows as deleted (tracked deletions and the source of a tracked move).
_NOT_SHOWN = frozenset({f"{_W}del", f"{_W}moveFrom", f"{_W}delText", f"{_W}instrText"})
_CONTROL = re.compile(r"\{%(?:" + _STRING + r"|[^'\"%]|%(?!\}))*%\}", re.DOTALL)
# docxtpl's prefixes: the tag stands for its whole paragraph, table row, cell or run.
_PREFIX = re.compile(r"(tr|tc|p|r) ")
_KEYWORD = re.compile(r"\s*-?\s*([^\W\d]\w*)")
_HOLDERS = {"p": "đoạn", "tr": "hàng bảng", "tc": "ô bảng"}
BLOCKS = ("for", "if", "with", "filter", "macro", "call", "set", "autoescape")
_KEYWORDS = frozenset(
    {*BLOCKS, *(f"end{b}" for b in BLOCKS), "elif", "else", "include", "import", "from", "extends", "block",
     "endblock", "raw", "endraw", "break", "continue", "do"}
)
_BLOCK_WORDS = {"for": "vòng lặp", "if": "phần có điều kiện"}


def corrected_keyword(word: str) -> str:
    """``word`` in lower case, or the Jinja keyword it is a slip of ("endfi" → "endif")."""
    folded = word.casefold()
    if folded in _KEYWORDS:
        return folded
    # Only a slip of one or two letters: "trans" or a clerk's own word stays what it is.
    near = difflib.get_close_matches(folded, sorted(_KEYWORDS), n=1, cutoff=0.75)
    return near[0] if near else folded


@dataclass(frozen=True)
class ControlTag:
    """A {% %} tag as written in the document, and where."""

    text: str  # "{%p endfor %}", as typed
    prefix: str  # "p", "tr", "tc", "r" or ""
    keyword: str  # as typed: "endfor", "For"
    body: str  # the tag without its braces and prefix: "for c in certificates"
    spot: TemplateSpot
    holder: tuple[str, tuple[int, ...]]  # the paragraph, row or cell the prefix stands for
    holder_text: str  # all the text of that paragraph, row or cell

    @property
    def word(self) -> str:
        """The keyword as Jinja reads it: "set x = 1" is no block, "For" is "for", "endfi" is "endif"."""
        word = corrected_keyword(self.keyword)
        return "set=" if word == "set" and "=" in self.body else word

    @property
    def misspelt(self) -> bool:
        """True for a keyword that is no Jinja keyword but close to one ("endfi", "esle")."""
        return corrected_keyword(self.keyword) != self.keyword.casefold()

    def shape(self, keyword: str, rest: str = "") -> str:
        """A tag with this one's prefix: shape("for", "...") is "{%p for ... %}"."""
        return f"{{%{self.prefix + ' ' if self.prefix else ' '}{keyword}{' ' + rest if rest else ''} %}}"


@dataclass
class _Paragraph:
    number: int
    cell: tuple[int, int, int] | None
    texts: list[str] = field(default_factory=list)


def _control_tags(xml: bytes, part: str, shown_out: list[tuple[str, TemplateSpot]] | None = None) -> list[ControlTag]:
    """Every {% %} tag of a part in document order, with its paragraph, row and cell.

    ``shown``, when given, receives every paragraph's text as Word shows it, with its spot.
    """
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return []  # clean_template has refused such a part already
    paragraphs: list[_Paragraph] = []
    tables: list[list[int]] = []  # per open table: number, row, column
    count = [0]

    def walk(element: ElementTree.Element, current: _Paragraph | None) -> None:
        for child in element:
            tag = child.tag
            if tag in _NOT_SHOWN:
                continue
            if tag == f"{_W}tbl":
                count[0] += 1
                tables.append([count[0], 0, 0])
                walk(child, None)
                tables.pop()
            elif tag == f"{_W}tr" and tables:
                tables[-1][1:] = [tables[-1][1] + 1, 0]
                walk(child, None)
            elif tag == f"{_W}tc" and tables:
                tables[-1][2] += 1
                walk(child, None)
            elif tag == f"{_W}p":
                cell = (tables[-1][0], max(tables[-1][1], 1), max(tables[-1][2], 1)) if tables else None
                paragraph = _Paragraph(len(paragraphs) + 1, cell)
                paragraphs.append(paragraph)
                walk(child, paragraph)
            elif tag == f"{_W}t":
                if current is not None:
                    current.texts.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
                if current is not None:
                    current.texts.append(" ")
            else:
                walk(child, current)

    walk(root, None)
    holders: dict[tuple[str, tuple[int, ...]], list[str]] = {}
    for paragraph in paragraphs:
        text = "".join(paragraph.texts)
        holders.setdefault(("p", (paragraph.number,)), []).append(text)
        if paragraph.cell is not None:
            holders.setdefault(("tr", paragraph.cell[:2]), []).append(text)
            holders.setdefault(("tc", paragraph.cell), []).append(text)
    tags = []
    for paragraph in paragraphs:
        text = "".join(paragraph.texts)
        shown = " ".join(text.split())
        spot = TemplateSpot(part, None, (shown[:199] + "…" if len(shown) > 200 else shown) or None,
                            paragraph.cell, paragraph.number)
        if shown_out is not None:
            shown_out.append((text, spot))
        for match in _CONTROL.finditer(text):
            inner = match.group(0)[2:-2]
            prefix_match = _PREFIX.match(inner)
            prefix = prefix_match.group(1) if prefix_match else ""
            body = inner[prefix_match.end():] if prefix_match else inner
            keyword_match = _KEYWORD.match(body)
            if keyword_match is None:
                continue
            body = body.strip().strip("-").strip()
            if prefix in ("tr", "tc") and paragraph.cell is not None:
                holder: tuple[str, tuple[int, ...]] = (prefix, paragraph.cell[:2] if prefix == "tr" else paragraph.cell)
            else:
                holder = ("p", (paragraph.number,))
            holder_text = " ".join(holders.get(holder, [text]))
            tags.append(ControlTag(match.group(0), prefix, keyword_match.group(1), body, spot, holder, holder_text))
    return tags


def control_expressions(tags: Sequence[ControlTag]) -> list[str]:
    """What each tag's expression means to Jinja, written one way: "block.kind == 'part_label'"
    for {%p if block.kind == “part_label” %}, "c in certificates" for a loop, "" otherwise.

    The tag text goes through the same preparation as rendering (quotes Word or LibreOffice
    wrote, pasted characters) and Jinja's parser, so two tags that render alike compare equal.
    """
    from ._package import finish_tags, prepare_xml

    asked = []
    xml = []
    for index, tag in enumerate(tags):
        rest = tag.body[len(tag.keyword):].strip()
        if tag.word in ("if", "elif", "for") and rest:
            opener = "if" if tag.word == "elif" else tag.word
            asked.append((index, opener, " ".join(rest.split())))
            # One paragraph a tag, all prepared at once. docxtpl's patch_xml is left out: in
            # a one-run paragraph it changes nothing that prepare_xml has not shielded, and
            # importing it would cost a run whose template is cached a quarter of a second.
            xml.append(f"<w:p><w:r><w:t>{{% {opener} {html.escape(rest, quote=False)} %}}{{% end{opener} %}}</w:t></w:r></w:p>")
    found = [""] * len(tags)
    if not asked:
        return found
    pieces = finish_tags(prepare_xml("".join(xml), ""), "").split("</w:p>")[:-1]
    prepared = [html.unescape(_TAGS.sub("", piece)).strip() for piece in pieces]
    env = make_environment()
    for (index, _, written), source in zip(asked, prepared if len(prepared) == len(asked) else [""] * len(asked), strict=True):
        found[index] = written
        try:
            node = env.parse(source).body[0] if source else None
        except TemplateSyntaxError:
            continue
        if isinstance(node, nodes.If):
            found[index] = _expr_text(node.test)
        elif isinstance(node, nodes.For):
            found[index] = f"{_expr_text(node.target)} in {_expr_text(node.iter)}"
    return found


def template_controls(path: Path) -> tuple[ControlTag, ...]:
    """The control tags of a trusted template (a built-in one), without the whole analysis."""
    with zipfile.ZipFile(path) as package:
        names = sorted((n for n in package.namelist() if _RENDERED_PARTS.match(n)), key=lambda n: (n != "word/document.xml", n))
        return tuple(tag for name in names for tag in _control_tags(package.read(name), name))


def balance(words: Sequence[str]) -> tuple[list[int], list[tuple[int, int | None]]]:
    """Which block tags have no partner: (stray closers and middles, unclosed openers).

    ``words`` are the keywords of the tags in order ("for", "endfor", "else"...). An opener
    left open inside another block is unclosed at the outer block's closer (second item);
    an opener open at the end has None there.
    """
    stack: list[int] = []
    strays: list[int] = []
    unclosed: list[tuple[int, int | None]] = []
    for index, word in enumerate(words):
        if word in BLOCKS:
            stack.append(index)
        elif word in ("elif", "else"):
            allowed = ("if",) if word == "elif" else ("if", "for")
            if not stack or words[stack[-1]] not in allowed:
                strays.append(index)
        elif word.startswith("end") and word[3:] in BLOCKS:
            if not any(words[j] == word[3:] for j in stack):
                strays.append(index)
                continue
            while words[stack[-1]] != word[3:]:
                unclosed.append((stack.pop(), index))
            stack.pop()
    unclosed += [(j, None) for j in stack]
    return strays, sorted(unclosed)


def _control_flaws(tags: Sequence[ControlTag]) -> list[TemplateFlaw]:
    """One message per deleted, moved, merged or miswritten control tag, in the clerk's words."""
    flaws: list[TemplateFlaw] = []
    by_holder: dict[tuple[str, tuple[int, ...]], list[ControlTag]] = {}
    for tag in tags:
        if tag.prefix in _HOLDERS:
            by_holder.setdefault(tag.holder, []).append(tag)
    for holder, held in by_holder.items():
        what = _HOLDERS[holder[0]]
        first = held[0]
        if len(held) > 1:
            flaws.append(TemplateFlaw(
                "control",
                f"Một {what} có {len(held)} thẻ {' và '.join(t.text for t in held)}: mỗi thẻ "
                f"{first.shape('…')} phải đứng riêng một {what} (khi dựng, cả {what} được thay bằng thẻ cuối, "
                f"các thẻ trước nó bị mất). Tách mỗi thẻ ra một {what} riêng"
                + (" (nhấn Enter trước “{%”)." if holder[0] == "p" else " (thêm hàng bằng Insert Rows)." if holder[0] == "tr" else "."),
                first.spot,
            ))
            continue
        rest = " ".join(first.holder_text.replace(first.text, " ", 1).split())
        if rest:
            flaws.append(TemplateFlaw(
                "control",
                f"Thẻ {first.text} phải đứng riêng một {what}: khi dựng, cả {what} chứa nó bị bỏ nên "
                f"“{rest[:120]}{'…' if len(rest) > 120 else ''}” sẽ không có trong văn bản. "
                f"Tách thẻ ra một {what} riêng"
                + (" (nhấn Enter trước “{%” và sau “%}”)." if holder[0] == "p" else "."),
                first.spot,
            ))
    for tag in tags:
        if tag.misspelt:
            right = tag.word.rstrip("=")
            rest = tag.body[len(tag.keyword):].strip()
            flaws.append(TemplateFlaw(
                "control",
                f"Thẻ {tag.text}: không có lệnh “{tag.keyword}”. Có phải ý bạn là “{right}” "
                f"({tag.shape(right, rest)})? Gõ lại thẻ cho đúng.",
                tag.spot,
            ))
        elif tag.keyword != tag.keyword.casefold() and tag.keyword.casefold() in _KEYWORDS:
            flaws.append(TemplateFlaw(
                "keyword_case",
                f"Thẻ {tag.text}: chữ “{tag.keyword}” phải viết thường, “{tag.keyword.casefold()}” "
                "(Word hay tự viết hoa chữ đầu câu: sửa lại, hoặc tắt AutoCorrect khi sửa mẫu).",
                tag.spot,
            ))
    words = [tag.word for tag in tags]
    strays, unclosed = balance(words)
    # A closer above its opener (the clerk moved one of the pair) is one fault, not two.
    for stray in list(strays):
        ended = tags[stray].word[3:] if tags[stray].word.startswith("end") else None
        pair = next(((j, closer) for j, closer in unclosed if j > stray and tags[j].word == ended), None)
        if pair is None:
            continue
        above = pair[0]
        strays.remove(stray)
        unclosed.remove(pair)
        where = tags[above].spot.describe()
        flaws.append(TemplateFlaw(
            "control",
            f"{tags[stray].text} nằm trên {tags[above].text}"
            f"{f' ({where[:1].lower()}{where[1:]})' if where else ''}: hai thẻ bị đảo thứ tự. Thẻ mở phải ở "
            f"đầu {_BLOCK_WORDS.get(ended or '', 'khối')}, thẻ đóng ở cuối: chuyển {tags[stray].text} xuống "
            f"dưới {tags[above].text}.",
            tags[stray].spot,
        ))
    for index in strays:
        tag = tags[index]
        if tag.word in ("elif", "else"):
            opener = tag.shape("if", "...")
            flaws.append(TemplateFlaw(
                "control",
                f"Có {tag.text} mà không có {opener} trước nó (thẻ mở đã bị xóa, hoặc bị chuyển xuống dưới). "
                f"Đặt lại {opener} ở đầu phần có điều kiện, hoặc xóa thẻ thừa này.",
                tag.spot,
            ))
            continue
        name = tag.word[3:]
        opener = tag.shape(name, "...")
        flaws.append(TemplateFlaw(
            "control",
            f"Có {tag.text} mà không có {opener} trước nó (thẻ mở đã bị xóa, hoặc bị chuyển xuống dưới "
            f"thẻ đóng). Đặt lại {opener} ở đầu {_BLOCK_WORDS.get(name, 'khối')}, hoặc xóa thẻ thừa này.",
            tag.spot,
        ))
    for index, closer_index in unclosed:
        tag = tags[index]
        closer = tag.shape(f"end{tag.word}")
        block = _BLOCK_WORDS.get(tag.word, "khối")
        if closer_index is None:
            message = (
                f"{tag.text} mở {block} nhưng không có {closer} nào sau nó để đóng lại (thẻ đóng đã bị xóa?). "
                f"Thêm một {_HOLDERS.get(tag.prefix, 'đoạn')} {closer} ở cuối {block}."
            )
        else:
            other = tags[closer_index]
            where = other.spot.describe()
            message = (
                f"{tag.text} mở {block} nhưng chưa được đóng trước {other.text}"
                f"{f' ({where[:1].lower()}{where[1:]})' if where else ''}: thiếu {closer} ở giữa, "
                "hoặc hai thẻ đóng bị đảo thứ tự."
            )
        flaws.append(TemplateFlaw("control", message, tag.spot))
    return flaws


def _mend_blocks(source: str) -> str:
    """``source`` with stray closers removed, missing closers added, keywords in lower case.

    Only for reading the rest of a template whose control lines were already reported: it
    is never rendered.
    """
    found: list[tuple[re.Match[str], str]] = []
    for match in _JINJA_TAG.finditer(source):
        keyword = _BLOCK_KEYWORD.match(match.group(0))
        if keyword is None:
            continue
        word = corrected_keyword(keyword.group(1))
        found.append((match, "set=" if word == "set" and "=" in match.group(0) else word))
    words = [word for _, word in found]
    strays, unclosed = balance(words)
    strays += _orphaned_middles(words, strays)
    inserts: dict[int, list[str]] = {}
    for index, closer in sorted(unclosed, key=lambda pair: -pair[0]):  # the innermost closes first
        position = found[closer][0].start() if closer is not None else len(source)
        inserts.setdefault(position, []).append(f"{{% end{found[index][1]} %}}")
    pieces = []
    last = 0
    for index, (match, word) in enumerate(found):
        pieces.append(source[last:match.start()])
        pieces += inserts.pop(match.start(), [])
        text = match.group(0)
        keyword = _BLOCK_KEYWORD.match(text)
        assert keyword is not None
        pieces.append("" if index in strays else text[:keyword.start(1)] + word.rstrip("=") + text[keyword.end(1):])
        last = match.end()
    pieces.append(source[last:])
    pieces += inserts.pop(len(source), [])
    return "".join(pieces)


def _orphaned_middles(words: Sequence[str], strays: Sequence[int]) -> list[int]:
    """The {% else %} of a deleted {% if %}: Jinja would read it as the loop's own else.

    With "{%p if group.collective %}" deleted, "{% for %} … {% else %} … {% endif %} …
    {% endfor %}" is valid Jinja once the stray endif is gone, but the part after the else
    is then what a loop prints for an empty list, and its loop variable is unknown there: a
    second, wrong message about the one deleted line. Such an else goes with the endif.
    """
    found: list[int] = []
    for stray in strays:
        if words[stray] != "endif":
            continue
        depth = 0
        for index in range(stray - 1, -1, -1):
            word = words[index]
            if word.startswith("end") and word[3:] in BLOCKS:
                depth += 1
            elif word in BLOCKS:
                if depth == 0:
                    break  # the block the stray endif sits in
                depth -= 1
            elif word in ("else", "elif") and depth == 0 and index not in strays:
                found.append(index)
    return found


_OPENERS = frozenset({"if", "for", "macro", "call", "filter", "with", "set"})
_MIDDLES = frozenset({"elif", "else"})
_XML_OR_JINJA = re.compile(r"(?P<jinja>" + _JINJA_TAG.pattern + r")|<(?P<close>/)?(?P<name>[\w:.-]+)[^>]*?(?P<empty>/)?>", re.DOTALL)
_BLOCK_KEYWORD = re.compile(r"\{%-?\s*(\w+)")


def _structure_flaws(source: str, spots: _PartSpots) -> list[TemplateFlaw]:
    """Block tags ({% if %}, {% for %}...) whose parts sit at different places of the XML.

    What lies between "{% if %}" and "{% endif %}" is dropped or repeated as a whole; if
    one tag is in a table cell and the other in a paragraph after the table, what is
    dropped holds the end of the table but not its start, and the document no longer
    opens. Two tags at the same place (same chain of elements: body, table, row, cell,
    paragraph, run, text) always cut out a balanced piece.
    """
    flaws: list[TemplateFlaw] = []
    xml: list[str] = []
    blocks: list[tuple[str, tuple[str, ...], int]] = []  # keyword, XML path, line
    line = 1
    position = 0
    for match in _XML_OR_JINJA.finditer(source):
        line += source.count("\n", position, match.start())
        position = match.start()
        if match.group("jinja") is None:
            if match.group("empty"):
                continue
            if match.group("close"):
                if xml and xml[-1] == match.group("name"):
                    xml.pop()
            else:
                xml.append(match.group("name"))
            continue
        keyword_match = _BLOCK_KEYWORD.match(match.group("jinja"))
        if keyword_match is None:
            continue
        keyword = keyword_match.group(1)
        if keyword in _OPENERS and not (keyword == "set" and "=" in match.group("jinja")):
            blocks.append((keyword, tuple(xml), line))
        elif (keyword in _MIDDLES or keyword.startswith("end")) and blocks:
            opener, path, opened_at = blocks[-1]
            if keyword.startswith("end"):
                blocks.pop()
            if tuple(xml) != path:
                where = spots.spot(opened_at).describe()
                flaws.append(
                    TemplateFlaw(
                        "structure",
                        f"Thẻ {{% {keyword} %}} không cùng chỗ với thẻ {{% {opener} … %}} mở nó"
                        f"{f' ({where[:1].lower()}{where[1:]})' if where else ''}: một thẻ ở trong bảng, ô "
                        "hoặc đoạn mà thẻ kia ở ngoài, nên văn bản dựng ra sẽ hỏng. Đặt cả hai thẻ trong cùng "
                        "một đoạn, hoặc dùng {%p … %} cho cả đoạn, {%tr … %} cho cả hàng, {%tc … %} cho cả ô.",
                        spots.spot(line),
                    )
                )
    return flaws


def _parse_all(
    env: BoundedEnvironment,
    source: str,
    spots: _PartSpots,
    flaws: list[TemplateFlaw],
    controls: Sequence[ControlTag] = (),
    paragraphs: Sequence[tuple[str, TemplateSpot]] = (),
) -> Any:
    """Parse and compile ``source``; report every syntax error, not only the first.

    Jinja stops at the first error. A faulty {{ }} is self-contained, so its paragraph is
    blanked and parsing resumes; after a faulty {% %} the block structure is unknown and
    anything further would be noise, so the search stops there.
    """
    lines = source.split("\n")
    for _ in range(_MAX_SYNTAX_ERRORS):
        try:
            tree = env.parse("\n".join(lines))
            env.compile(tree)  # unknown filters and tests are only found here
        except TemplateSyntaxError as exc:
            spot = (
                _faulty_control(env, lines, exc.lineno, controls)
                or _faulty_paragraph(env, spots.spot(exc.lineno), paragraphs)
                or spots.spot(exc.lineno)
            )
            flaws.append(TemplateFlaw("syntax", f"Lỗi cú pháp: {_syntax_in_vietnamese(exc)}", spot))
            index = (exc.lineno or 0) - 1
            if not 0 <= index < len(lines) or "{%" in lines[index] or not lines[index]:
                return None
            lines[index] = ""
            continue
        return tree
    return None


def _faulty_control(
    env: BoundedEnvironment, lines: Sequence[str], lineno: int | None, controls: Sequence[ControlTag]
) -> TemplateSpot | None:
    """The paragraph of the {%p %} / {%tr %} tag a syntax error is in, when it is in one.

    docxtpl puts such a tag, bare, between the paragraphs around it: the line Jinja names
    then shows a neighbour's text, not the tag the clerk has to fix.
    """
    if lineno is None or not 0 < lineno <= len(lines):
        return None
    outside = _TEXT_ELEMENT.sub(" ", lines[lineno - 1])
    for match in _JINJA_TAG.finditer(outside):
        tag = match.group(0)
        keyword = _BLOCK_KEYWORD.match(tag)
        if keyword is None:
            continue
        word = keyword.group(1).casefold()
        # Alone, with a partner where it needs one, the tag parses unless it is the fault.
        alone = (
            f"{tag}{{% end{word} %}}" if word in BLOCKS and not (word == "set" and "=" in tag)
            else f"{{% if x %}}{tag}{{% endif %}}" if word in ("elif", "else")
            else f"{{% {word[3:]} x %}}{tag}" if word.startswith("end") and word[3:] in ("if", "with", "filter")
            else f"{{% {word[3:]} x in y %}}{tag}" if word == "endfor"
            else tag
        )
        try:
            env.parse(alone)
        except TemplateSyntaxError:
            body = " ".join(html.unescape(tag[2:-2]).split()).casefold()
            found = next((c for c in controls if " ".join(c.body.split()).casefold() == body), None)
            if found is None:  # the clerk's paragraph is not found: at least the tag as written
                found = next((c for c in controls if " ".join(html.unescape(c.body).split()).casefold() == body), None)
            return found.spot if found is not None else None
    return None


def _control_on_line(
    spots: _PartSpots, lineno: int | None, controls: Sequence[ControlTag], text: str
) -> TemplateSpot | None:
    """The paragraph of the bare control tag on source line ``lineno`` that mentions ``text``."""
    if lineno is None or not 0 < lineno <= len(spots.lines):
        return None
    outside = _TEXT_ELEMENT.sub(" ", spots.lines[lineno - 1])
    bodies = [" ".join(html.unescape(m.group(0)[2:-2]).split()).casefold() for m in _CONTROL.finditer(outside)]
    candidates = [c for c in controls if " ".join(html.unescape(c.body).split()).casefold() in bodies]
    found = next((c for c in candidates if text and text.casefold() in c.body.casefold()), None)
    found = found or next(iter(candidates), None)
    return found.spot if found is not None else None


def _faulty_paragraph(
    env: BoundedEnvironment, spot: TemplateSpot, paragraphs: Sequence[tuple[str, TemplateSpot]]
) -> TemplateSpot | None:
    """The paragraph of the document a syntax error is in, when the error's line joins several.

    docxtpl reads "{{ subject }" up to the next "}}", in the paragraph below, and joins the
    two: the clerk must see the paragraph with the slip alone, as Word shows it.
    """
    if spot.paragraph is None:
        return None
    joined = " ".join(spot.paragraph.split())
    for text, found in paragraphs:
        shown = found.paragraph
        # A block tag does not parse alone whatever it holds: those are _faulty_control's.
        if not shown or shown == joined or shown not in joined or "{%" in text:
            continue
        try:
            env.parse(html.unescape(text))
        except TemplateSyntaxError:
            return TemplateSpot(spot.part, spot.line, shown, found.cell)
    return None


_SYNTAX_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"unexpected end of template.*?innermost block that needs to be closed is '(\w+)'", re.I | re.S),
     "mẫu hết mà khối “{0}” chưa đóng (thiếu thẻ {{%p end{0} %}}?)."),
    (re.compile(r"unexpected end of template", re.I), "mẫu hết mà một thẻ hoặc khối chưa đóng."),
    (re.compile(r"Encountered unknown tag '(\w+)'.*?innermost block that needs to be closed is '(\w+)'", re.S),
     "thẻ “{0}” không đúng chỗ: khối “{1}” đang mở chưa đóng."),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "thẻ lạ “{0}”."),
    (re.compile(r"unexpected '(.+?)'"), "có “{0}” không đúng chỗ (thiếu hoặc thừa dấu ngoặc?)."),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), "cần “{0}” nhưng gặp “{1}”."),
    (re.compile(r"No filter named '(.+?)'"), "không có bộ lọc “{0}”."),
    (re.compile(r"No test named '(.+?)'"), "không có phép thử “{0}”."),
    (re.compile(r"unexpected char '(.+?)'"), "có ký tự “{0}” không dùng được trong thẻ."),
    (re.compile(r"tag name expected"), "sau “{%” phải là tên lệnh (for, if, endfor, endif...)."),
    (re.compile(r"expected name or number"), "sau dấu chấm phải là tên trường (ví dụ c.name)."),
    (re.compile(r"expected subscript expression"), "trong ngoặc vuông [ ] thiếu chỉ số hoặc tên."),
    (re.compile(r"can't assign to"), "không gán được giá trị cho phần này của thẻ."),
    (re.compile(r"defined twice"), "có hai khối cùng tên."),
)
# Jinja's names of tokens, as the clerk sees them in the tag.
_TOKEN_WORDS = {
    "end of statement block": "%}",
    "end of print statement": "}}",
    "end of comment": "#}",
    "end of template": "hết mẫu",
    "name": "một tên",
    "integer": "một số",
    "float": "một số",
    "string": "một chuỗi trong dấu nháy",
    "begin of print statement": "{{",
    "begin of statement block": "{%",
}
# Said when Jinja's message is none of the above: its English never reaches a clerk.
_SYNTAX_FALLBACK = "thẻ viết sai nên không đọc được; xem lại dấu ngoặc, dấu nháy và tên lệnh trong thẻ."



def _syntax_in_vietnamese(exc: TemplateSyntaxError) -> str:
    message = exc.message or str(exc)
    forbidden = forbidden_filter_message(message)
    if forbidden is not None:
        return forbidden
    if message.startswith(AUTOESCAPE_MESSAGE):  # already ours, in Vietnamese
        return message
    for pattern, text in _SYNTAX_MESSAGES:
        match = pattern.search(message)
        if match:
            return text.format(*(_TOKEN_WORDS.get(group, group) for group in match.groups()))
    return _SYNTAX_FALLBACK


@dataclass
class _Scope:
    """Names a template binds itself ({% for %}, {% set %}...), innermost last."""

    names: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    parent: _Scope | None = None

    def child(self) -> _Scope:
        return _Scope({}, self)

    def lookup(self, name: str) -> tuple[bool, tuple[str, ...] | None]:
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.names:
                return True, scope.names[name]
            scope = scope.parent
        return False, None

    def visible(self) -> tuple[str, ...]:
        found: list[str] = []
        scope: _Scope | None = self
        while scope is not None:
            found += [n for n in scope.names if n not in found]
            scope = scope.parent
        return tuple(found)


class _Walker:
    """Walk a Jinja tree: record data variables as paths, loops, conditions and flaws."""

    def __init__(self, spots: _PartSpots, global_names: frozenset[str], controls: Sequence[ControlTag] = ()) -> None:
        self.spots = spots
        self.global_names = global_names
        self.controls = controls
        self.loops: list[LoopBinding] = []
        self.uses: list[VariableUse] = []
        self.statements: list[TemplateStatement] = []
        self.flaws: list[TemplateFlaw] = []
        self.refused: set[tuple[int, str]] = set()  # (line, expression) already reported

    def visit_all(self, body: list[nodes.Node], scope: _Scope) -> None:
        for node in body:
            self.visit(node, scope)

    def visit(self, node: nodes.Node, scope: _Scope) -> None:
        if isinstance(node, nodes.For):
            self._for(node, scope)
        elif isinstance(node, nodes.If):
            self._statement("if", f"if {_expr_text(node.test)}", node)
            self.visit(node.test, scope)
            self.visit_all(node.body, scope)
            for branch in node.elif_:
                self._statement("if", f"elif {_expr_text(branch.test)}", branch)
                self.visit(branch.test, scope)
                self.visit_all(branch.body, scope)
            self.visit_all(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            self._bind(node.target, self._path_of(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.visit_all(node.body, scope)
            self._bind(node.target, None, scope)
        elif isinstance(node, nodes.With):
            inner = scope.child()
            for target, value in zip(node.targets, node.values, strict=False):
                self.visit(value, scope)
                self._bind(target, self._path_of(value, scope), inner)
            self.visit_all(node.body, inner)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            if isinstance(node, nodes.Macro):
                scope.names[node.name] = None
            else:
                self.visit(node.call, scope)
            inner = scope.child()
            for name in ("caller", "varargs", "kwargs"):
                inner.names[name] = None
            for arg in node.args:
                inner.names[arg.name] = None
            for default in node.defaults:
                self.visit(default, scope)
            self.visit_all(node.body, inner)
        elif isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
            self.flaws.append(
                TemplateFlaw(
                    "unsupported",
                    "Mẫu Word không dùng được lệnh include/import/extends (mỗi mẫu là một tệp riêng).",
                    self.spots.spot(node.lineno),
                )
            )
        elif isinstance(node, nodes.Test) and node.name in _EXISTENCE_TESTS:
            arguments: list[nodes.Node] = [*node.args, *(kw.value for kw in node.kwargs)]
            for argument in arguments:
                self.visit(argument, scope)
        elif isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self._reference(node, scope)
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) and node.node.attr in _MUTATORS:
            self.flaws.append(
                TemplateFlaw(
                    "unsafe",
                    f"Mẫu dùng “{_expr_text(node)}”: lệnh này sửa dữ liệu; mẫu chỉ được đọc dữ liệu, "
                    "không được thay đổi nó (vì an toàn).",
                    self.spots.spot(node.lineno),
                )
            )
            for child in node.iter_child_nodes():
                self.visit(child, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def _for(self, node: nodes.For, scope: _Scope) -> None:
        self._statement("for", f"for {_expr_text(node.target)} in {_expr_text(node.iter)}", node)
        self.visit(node.iter, scope)
        source = self._path_of(node.iter, scope)
        inner = scope.child()
        inner.names["loop"] = None
        self._bind(node.target, (*source, ITEM) if source is not None else None, inner)
        self._remember_loop(node)
        if node.test is not None:
            self.visit(node.test, inner)
        self.visit_all(node.body, inner)
        self.visit_all(node.else_, scope)

    def _remember_loop(self, node: nodes.For) -> None:
        body = f"for {_expr_text(node.target)} in {_expr_text(node.iter)}"
        # The tag as the clerk wrote it ({%p ...%} or {%tr ...%}), from the document itself.
        written = next((c for c in self.controls if " ".join(c.body.split()).casefold() == body.casefold()), None)
        tag = written.text if written is not None else f"{{% {body} %}}"
        spot = written.spot if written is not None else self.spots.spot(node.lineno)
        targets = node.target.items if isinstance(node.target, nodes.Tuple) else [node.target]
        for target in targets:
            if isinstance(target, nodes.Name):
                self.loops.append(LoopBinding(target.name, tag, spot))

    def _statement(self, keyword: str, text: str, node: nodes.Node) -> None:
        self.statements.append(TemplateStatement(keyword, text, self.spots.spot(node.lineno)))

    def _bind(self, target: nodes.Node, path: tuple[str, ...] | None, scope: _Scope) -> None:
        if isinstance(target, nodes.Name):
            scope.names[target.name] = path
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, None, scope)

    def _chain(self, node: nodes.Node, scope: _Scope) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
        """(path, text after each step) of a name with its attributes and constant subscripts."""
        if isinstance(node, nodes.Name):
            bound, path = scope.lookup(node.name)
            if bound:
                return path, (node.name,)
            return (None if node.name in self.global_names else (node.name,)), (node.name,)
        if isinstance(node, nodes.Getattr):
            base, steps = self._chain(node.node, scope)
            step = f"{steps[-1]}.{node.attr}"
            if not self._safe(node.attr, step, steps, node):
                return None, (*steps, step)
            return ((*base, node.attr) if base is not None else None), (*steps, step)
        if isinstance(node, nodes.Getitem):
            base, steps = self._chain(node.node, scope)
            arg = node.arg
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                step = f"{steps[-1]}[{arg.value!r}]"
                if not self._safe(arg.value, step, steps, node):
                    return None, (*steps, step)
                return ((*base, arg.value) if base is not None else None), (*steps, step)
            if isinstance(arg, nodes.Const) and isinstance(arg.value, int):
                step = f"{steps[-1]}[{arg.value}]"
                return ((*base, ITEM) if base is not None else None), (*steps, step)
            self.visit(arg, scope)
            # A computed key or index: what comes out is not known before rendering, but
            # what it is taken from must exist.
            if base is not None:
                self._record(base, steps, node, scope)
            return None, (*steps, f"{steps[-1]}[{_expr_text(arg)}]")
        self.visit(node, scope)
        return None, (_expr_text(node),)

    def _reference(self, node: nodes.Node, scope: _Scope) -> None:
        path, steps = self._chain(node, scope)
        if path is not None:
            self._record(path, steps, node, scope)

    def _record(self, path: tuple[str, ...], steps: tuple[str, ...], node: nodes.Node, scope: _Scope) -> None:
        spot = self.spots.spot(node.lineno, steps[-1])
        self.uses.append(VariableUse(steps[-1], path, spot, scope.visible(), steps))

    def _path_of(self, node: nodes.Node, scope: _Scope) -> tuple[str, ...] | None:
        """The data path an expression stands for, without recording anything."""
        if isinstance(node, nodes.Name):
            bound, path = scope.lookup(node.name)
            if bound:
                return path
            return None if node.name in self.global_names else (node.name,)
        if isinstance(node, nodes.Getattr):
            base = self._path_of(node.node, scope)
            return (*base, node.attr) if base is not None else None
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            base = self._path_of(node.node, scope)
            if base is None:
                return None
            return (*base, node.arg.value) if isinstance(node.arg.value, str) else (*base, ITEM)
        return None

    def _safe(self, attribute: str, step: str, steps: tuple[str, ...], node: nodes.Node) -> bool:
        """False for an attribute the sandbox refuses at render time (any "_..."); said once a chain."""
        if not attribute.startswith("_"):
            return True
        spot = self.spots.spot(node.lineno)
        # The first forbidden step of a chain is enough: "().__class__.__base__" is one fault.
        if not any((node.lineno, s) in self.refused for s in steps):
            self.refused.add((node.lineno, step))
            self.flaws.append(
                TemplateFlaw(
                    "unsafe",
                    f"Mẫu dùng “{step}”: không được phép (vì an toàn, mẫu chỉ được đọc dữ liệu của văn bản).",
                    spot,
                )
            )
        return False


_OPERATORS = {"eq": "==", "ne": "!=", "gt": ">", "gteq": ">=", "lt": "<", "lteq": "<=", "in": "in", "notin": "not in"}


def _expr_text(node: nodes.Node) -> str:
    """An expression written back as Jinja, for listing loops and conditions."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value) if isinstance(node.value, str) else str(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_expr_text(node.node)}[{_expr_text(node.arg)}]"
    if isinstance(node, nodes.Tuple):
        inner = ", ".join(_expr_text(item) for item in node.items)
        return inner if node.ctx == "store" else f"({inner})"
    if isinstance(node, nodes.List):
        return "[" + ", ".join(_expr_text(item) for item in node.items) + "]"
    if isinstance(node, nodes.Call):
        args = [_expr_text(arg) for arg in node.args] + [f"{kw.key}={_expr_text(kw.value)}" for kw in node.kwargs]
        return f"{_expr_text(node.node)}({', '.join(args)})"
    if isinstance(node, nodes.Filter | nodes.Test):
        base = _expr_text(node.node) if node.node is not None else ""
        args = [_expr_text(arg) for arg in node.args]
        call = f"{node.name}({', '.join(args)})" if args else node.name
        return f"{base} | {call}" if isinstance(node, nodes.Filter) else f"{base} is {call}"
    if isinstance(node, nodes.Compare):
        return " ".join([_expr_text(node.expr), *(f"{_OPERATORS.get(op.op, op.op)} {_expr_text(op.expr)}" for op in node.ops)])
    if isinstance(node, nodes.BinExpr):
        return f"{_expr_text(node.left)} {node.operator} {_expr_text(node.right)}"
    if isinstance(node, nodes.UnaryExpr):
        return f"{node.operator} {_expr_text(node.node)}" if node.operator == "not" else f"{node.operator}{_expr_text(node.node)}"
    if isinstance(node, nodes.CondExpr):
        otherwise = f" else {_expr_text(node.expr2)}" if node.expr2 is not None else ""
        return f"{_expr_text(node.expr1)} if {_expr_text(node.test)}{otherwise}"
    return "…"
