"""What a Word template uses: names, loops, conditions and broken tags, with places.

Read from the same compiled source that rendering uses (``_render.prepared_source``), so
the check sees exactly what the renderer will see.
"""

from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from ._limits import BoundedEnvironment, forbidden_filter_message
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
            return f"{where[:1].upper()}{where[1:]}, đoạn: “{self.paragraph}”" if where else f"Ở đoạn: “{self.paragraph}”"
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

    kind: str  # "syntax", "broken_tag", "unsafe", "unsupported", "structure"
    message: str
    spot: TemplateSpot


@dataclass(frozen=True)
class TemplateAnalysis:
    name: str
    uses: tuple[VariableUse, ...]
    statements: tuple[TemplateStatement, ...]
    flaws: tuple[TemplateFlaw, ...]
    notices: tuple[str, ...] = ()  # what rendering removes from the package (macros...)


def analyze_template(path: Path, name: str | None = None) -> TemplateAnalysis:
    """Everything a template uses and every flaw that does not depend on the data."""
    label = name or path.name
    # The package as rendering will see it: bounded, macros and attached template removed,
    # external links refused (TemplateError), every part well-formed.
    members, notices = clean_template(read_members(path, label), label)
    uses: list[VariableUse] = []
    statements: list[TemplateStatement] = []
    flaws: list[TemplateFlaw] = []
    env = make_environment()
    parts = {info.filename: data for info, data in members if _RENDERED_PARTS.match(info.filename)}
    # The body first: that is where a clerk looks first.
    for part in sorted(parts, key=lambda part: (part != "word/document.xml", part)):
        try:
            source = prepared_source(parts[part], label)
        except (zlib.error, EOFError, UnicodeDecodeError) as exc:
            raise damaged(label, part, exc) from None
        spots = _PartSpots(part, source.splitlines())
        flaws += _broken_tags(spots)
        tree = _parse_all(env, source, spots, flaws)
        if tree is not None:
            flaws += _structure_flaws(source, spots)
            walker = _Walker(spots, frozenset(env.globals))
            walker.visit_all(tree.body, _Scope())
            uses += walker.uses
            statements += walker.statements
            flaws += walker.flaws
    return TemplateAnalysis(label, tuple(uses), tuple(statements), tuple(flaws), tuple(notices))


class _PartSpots:
    """Line number → paragraph text and table cell, for one part of the document."""

    def __init__(self, part: str, lines: list[str]) -> None:
        self.part = part
        self.lines = lines
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
        visible = _TAGS.sub("", _HIDDEN_TEXT.sub("", self.lines[index]))
        return " ".join(html.unescape(visible).split())

    def spot(self, lineno: int | None) -> TemplateSpot:
        if lineno is None or not self.lines:
            return TemplateSpot(self.part, lineno)
        index = min(max(lineno - 1, 0), len(self.lines) - 1)
        text = self.text(index)
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


def _parse_all(env: BoundedEnvironment, source: str, spots: _PartSpots, flaws: list[TemplateFlaw]) -> Any:
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
            flaws.append(TemplateFlaw("syntax", f"Lỗi cú pháp: {_syntax_in_vietnamese(exc)}", spots.spot(exc.lineno)))
            index = (exc.lineno or 0) - 1
            if not 0 <= index < len(lines) or "{%" in lines[index] or not lines[index]:
                return None
            lines[index] = ""
            continue
        return tree
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
)


def _syntax_in_vietnamese(exc: TemplateSyntaxError) -> str:
    message = exc.message or str(exc)
    forbidden = forbidden_filter_message(message)
    if forbidden is not None:
        return forbidden
    for pattern, text in _SYNTAX_MESSAGES:
        match = pattern.search(message)
        if match:
            return text.format(*match.groups())
    return f"{message}."


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

    def __init__(self, spots: _PartSpots, global_names: frozenset[str]) -> None:
        self.spots = spots
        self.global_names = global_names
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
        if node.test is not None:
            self.visit(node.test, inner)
        self.visit_all(node.body, inner)
        self.visit_all(node.else_, scope)

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
        spot = self.spots.spot(node.lineno)
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
