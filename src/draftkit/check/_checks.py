"""The checks: each compares one part of the document with the rule set and reports findings.

Every size, weight, range, pattern and text comes from the rule set (``rules/STYLE/*.toml``); what
is here is how to measure (tolerances, how Word lays lines out) and how to say it.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from draftkit.rules import ElementRule, RuleSet, all_rule_sets, text_in_force

from ._layout import Layout, Line, is_date_line, is_upper, signing_prefix, split_lines, tidy
from ._reader import DocModel, Para, Run, Section, Table
from ._styles import ASCII_LIMIT

ERROR, WARNING, INFO = "error", "warning", "info"

# Measuring tolerances. Word stores lengths in twips (1/20 pt), so 15 mm comes back as
# 14.99 mm; a tenth of a millimetre absorbs that without letting a real change through.
MM_TOLERANCE = 0.1
CM_TOLERANCE = 0.02
PT_TOLERANCE = 0.05
PAGE_SIZE_TOLERANCE_MM = 1.0
LINE_TOLERANCE = 0.02
# An exact line height becomes a multiple of single spacing through the font's line height:
# Times New Roman's single line is about 1.15 em. An estimate, so it gets a wider margin.
SINGLE_LINE_EM = 1.15
ESTIMATE_LINE_TOLERANCE = 0.05
# Page count estimate for "a one-page document needs no page number": an average Vietnamese
# letter in Times New Roman is about half an em wide; 0.55 with word wrapping, which errs
# towards more pages (draftkit's own documents come out within 10 % of LibreOffice's count).
CHAR_EM = 0.55
PT_PER_MM = 72 / 25.4
SHORT_TEXT = 40


@dataclass(frozen=True)
class Finding:
    """One thing found: which rule, what the rule says, where, what was there, how bad."""

    rule_id: str
    rule: str
    where: str
    found: str
    severity: str = ERROR

    def to_dict(self) -> dict[str, str]:
        return {
            "rule_id": self.rule_id,
            "rule": self.rule,
            "where": self.where,
            "found": self.found,
            "severity": self.severity,
        }


# --- words -------------------------------------------------------------------------------

LABELS = {
    "national_title": "Quốc hiệu",
    "motto": "Tiêu ngữ",
    "party_title": "Tiêu đề",
    "parent_body": "Tên cơ quan chủ quản",
    "issuer": "Tên cơ quan ban hành",
    "asterisk": "Dấu sao dưới tên cơ quan ban hành",
    "number": "Số, ký hiệu",
    "place_date": "Địa danh, ngày tháng năm",
    "doc_type": "Tên loại văn bản",
    "subject": "Trích yếu",
    "authority_line": "Thẩm quyền ban hành",
    "recipients_label": "Nơi nhận",
    "recipients": "Các dòng nơi nhận",
    "signer_authority": "Quyền hạn người ký",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
}
CASES = {
    "upper": "chữ in hoa",
    "sentence": "chữ thường, viết hoa chữ cái đầu",
    "lower_first": "chữ thường, kể cả chữ cái đầu",
}
ALIGNS = {
    "center": "căn giữa",
    "left": "căn trái",
    "right": "căn phải",
    "justify": "căn đều hai lề",
}


def num(value: float) -> str:
    """A number the Vietnamese way: 1,27 and 14, never 14.0."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def span(values: Sequence[float], unit: str = "") -> str:
    low, high = values[0], values[-1]
    text = num(low) if math.isclose(low, high) else f"{num(low)}–{num(high)}"
    return f"{text} {unit}".rstrip()


def shorten(text: str, limit: int = SHORT_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def where(para: Para, text: str | None = None) -> str:
    place = para.place
    if place.kind == "body":
        label = f"đoạn {place.paragraph}"
    elif place.kind == "cell":
        label = f"bảng {place.table}, ô ({place.row},{place.col})"
    elif place.kind == "textbox":
        label = f"khung văn bản {place.box}"
    elif place.kind == "header":
        label = "đầu trang" + (" của trang 1" if place.part == "first" else "")
    else:
        label = "chân trang" + (" của trang 1" if place.part == "first" else "")
    shown = para.text if text is None else text
    return f"{label} “{shorten(shown)}”" if shown.strip() else label


def describe_element(rule: ElementRule, extra: str = "") -> str:
    label = LABELS.get(rule.name, rule.name)
    if rule.text and rule.name != "asterisk":
        label += f" “{rule.text}”"
    parts = []
    if rule.case in CASES:
        parts.append(CASES[rule.case])
    parts.append(f"cỡ {span(rule.sizes)}")
    parts.append("nghiêng" if rule.italic else "đứng")
    parts.append("đậm" if rule.bold else "không đậm")
    if rule.underline:
        parts.append("gạch chân")
    if rule.align in ALIGNS and rule.name not in ("recipients", "recipients_label"):
        parts.append(ALIGNS[rule.align])
    text = f"{label}: {', '.join(parts)}"
    return f"{text}; {extra}" if extra else text


def same_but_tone_marks(found: str, wanted: str) -> bool:
    """Whether two texts differ only in where a tone mark sits ("HOÀ" and "HÒA")."""
    a, b = tidy(found).split(), tidy(wanted).split()
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        dx, dy = unicodedata.normalize("NFD", x), unicodedata.normalize("NFD", y)
        base_x = "".join(c for c in dx if not unicodedata.combining(c))
        base_y = "".join(c for c in dy if not unicodedata.combining(c))
        if base_x != base_y or sorted(c for c in dx if unicodedata.combining(c)) != sorted(
            c for c in dy if unicodedata.combining(c)
        ):
            return False
    return True


# --- measuring text ----------------------------------------------------------------------


def visible_runs(para: Para, start: int = 0, end: int | None = None) -> list[Run]:
    return para.runs_in(start, len(para.text) if end is None else end)


def in_range(value: float | None, bounds: Sequence[float], tolerance: float) -> bool:
    return value is not None and bounds[0] - tolerance <= value <= bounds[-1] + tolerance


def size_text(value: float | None) -> str:
    return f"cỡ {num(value)}" if value is not None else "không đặt cỡ chữ (Word dùng 10)"


def format_problems(
    para: Para,
    start: int,
    end: int,
    rule: ElementRule,
    *,
    sizes: bool = True,
    align: bool = False,
    case: bool = True,
    text: str | None = None,
) -> list[str]:
    """What in ``para[start:end]`` differs from ``rule``, in words; empty when it conforms."""
    runs = para.runs_in(start, end)
    problems: list[str] = []
    if not runs:
        return problems
    if sizes:
        wrong = sorted(
            {r.fmt.size for r in runs if not in_range(r.fmt.size, rule.sizes, PT_TOLERANCE)},
            key=lambda s: s if s is not None else -1,
        )
        problems += [size_text(s) for s in wrong]
    if rule.bold and not all(r.fmt.bold for r in runs):
        problems.append("không đậm" if not any(r.fmt.bold for r in runs) else "có chữ không đậm")
    if not rule.bold and any(r.fmt.bold for r in runs):
        problems.append("in đậm")
    if rule.italic and not all(r.fmt.italic for r in runs):
        problems.append(
            "không nghiêng" if not any(r.fmt.italic for r in runs) else "có chữ không nghiêng"
        )
    if not rule.italic and any(r.fmt.italic for r in runs):
        problems.append("in nghiêng")
    if rule.underline and not all(r.fmt.underline for r in runs):
        problems.append("không gạch chân")
    shown = text if text is not None else para.text[start:end]
    if case:
        letters = [c for c in shown if c.isalpha()]
        if rule.case == "upper" and not is_upper(shown):
            problems.append("không viết in hoa")
        elif rule.case == "sentence" and letters and (letters[0].islower() or is_upper(shown)):
            problems.append(
                "không viết hoa chữ cái đầu" if letters[0].islower() else "viết in hoa cả dòng"
            )
        elif rule.case == "lower_first" and letters and letters[0].isupper():
            problems.append(f"chữ cái đầu “{letters[0]}” viết hoa")
    if align:
        wanted = rule.align
        actual = para.fmt.align
        # A one-line item set justified looks exactly like one set left.
        if actual != wanted and not (wanted == "left" and actual == "justify"):
            problems.append(ALIGNS.get(actual, actual))
    return problems


def sole_content(line: Line) -> bool:
    """Whether the line is all there is in its paragraph (so the paragraph's alignment is its own)."""
    # Tabs place the text themselves; then the paragraph's alignment says nothing about it.
    if "\t" in line.para.text:
        return False
    return len(split_lines(line.para)) == 1 or line.para.place.kind == "cell"


def line_multiple(para: Para, default_size: float) -> float:
    fmt = para.fmt
    if fmt.line_rule == "auto":
        return fmt.line_value
    sizes = [r.fmt.size for r in visible_runs(para) if r.fmt.size]
    size = max(sizes) if sizes else default_size
    multiple = fmt.line_value / (size * SINGLE_LINE_EM)
    return max(multiple, 1.0) if fmt.line_rule == "atLeast" else multiple


# --- the checker -------------------------------------------------------------------------


class Checker:
    def __init__(self, model: DocModel, layout: Layout, rules: RuleSet, on: date | None = None) -> None:
        self.model = model
        self.layout = layout
        self.rules = rules
        self.on = on  # the date the rules were chosen for: messages name the texts of that date
        self.findings: list[Finding] = []

    def add(self, rule_id: str, rule: str, where_: str, found: str, severity: str = ERROR) -> None:
        self.findings.append(Finding(rule_id, rule, where_, found, severity))

    def run(self) -> list[Finding]:
        self.document_kind()
        self.page()
        self.fonts()
        self.header()
        self.title()
        self.body()
        self.recipients()
        self.signature()
        self.page_number()
        return self.findings

    @property
    def certificate(self) -> bool:
        return self.layout.kind == "certificate"

    def document_kind(self) -> None:
        if self.layout.kind == "certificate" and self.layout.certificate_title is not None:
            self.add(
                "document.kind",
                "Giấy khen, bằng khen có mẫu riêng, không theo bố cục trang của văn bản hành chính",
                where(self.layout.certificate_title),
                "nhận ra giấy khen: chấp nhận trang ngang; không kiểm tra lề, cỡ chữ phần đầu, "
                "số và ký hiệu, tên loại, trích yếu, thân bài, nơi nhận và số trang",
                INFO,
            )
        elif self.layout.kind == "attachment" and self.layout.attachment_ref is not None:
            self.add(
                "document.kind",
                "Văn bản ban hành kèm theo quyết định: phần đầu không có số, ký hiệu và ngày tháng",
                where(self.layout.attachment_ref),
                "nhận ra văn bản kèm theo: không đòi số, ký hiệu, ngày tháng, nơi nhận và chữ ký",
                INFO,
            )

    # --- page ----------------------------------------------------------------------------

    def _section_where(self, section: Section) -> str:
        if len(self.model.sections) == 1:
            return "thiết lập trang"
        return f"thiết lập trang, phần {section.number}"

    def _data_tables(self, section: Section) -> bool:
        return any(
            table.section == section.number and table.number not in self.layout.layout_tables
            for table in self.model.tables()
        )

    def page(self) -> None:
        page = self.rules.page
        width, height = float(page["width_mm"]), float(page["height_mm"])
        size_rule = f"Khổ giấy A4 ({num(width)} × {num(height)} mm)"
        allowed = page.get("landscape_allowed_for", [])
        orient_rule = "Trang đứng; trang ngang chỉ dùng cho giấy khen hoặc trang có bảng"
        margins_rule = "Lề trang: " + ", ".join(
            f"{label} {span(page[f'margin_{side}_mm'], 'mm')}"
            for side, label in (
                ("top", "trên"),
                ("bottom", "dưới"),
                ("left", "trái"),
                ("right", "phải"),
            )
        )
        for section in self.model.sections:
            place = self._section_where(section)
            w, h = section.width_mm, section.height_mm
            if w is None or h is None:
                self.add("page.size", size_rule, place, "không đặt khổ giấy (phần mềm tự chọn)")
                continue
            portrait = (
                abs(w - width) <= PAGE_SIZE_TOLERANCE_MM
                and abs(h - height) <= PAGE_SIZE_TOLERANCE_MM
            )
            landscape = (
                abs(w - height) <= PAGE_SIZE_TOLERANCE_MM
                and abs(h - width) <= PAGE_SIZE_TOLERANCE_MM
            )
            if not (portrait or landscape):
                self.add("page.size", size_rule, place, f"khổ {num(w)} × {num(h)} mm")
            if w > h:
                if self.certificate and "certificate" in allowed:
                    self.add(
                        "page.orientation", orient_rule, place, "trang ngang (giấy khen)", INFO
                    )
                elif "tables" in allowed and self._data_tables(section):
                    self.add(
                        "page.orientation", orient_rule, place, "trang ngang (trang có bảng)", INFO
                    )
                else:
                    self.add("page.orientation", orient_rule, place, "trang ngang")
            if self.certificate:
                continue
            wrong = []
            for side, label in (
                ("top", "trên"),
                ("bottom", "dưới"),
                ("left", "trái"),
                ("right", "phải"),
            ):
                value = section.margins_mm.get(side)
                if side == "left" and value is not None:
                    value += section.margins_mm.get("gutter") or 0.0  # the binding edge adds on
                if not in_range(value, page[f"margin_{side}_mm"], MM_TOLERANCE):
                    wrong.append(
                        f"lề {label} {num(value) + ' mm' if value is not None else 'không đặt'}"
                    )
            if wrong:
                self.add("page.margins", margins_rule, place, "; ".join(wrong))

    # --- fonts ---------------------------------------------------------------------------

    def fonts(self) -> None:
        wanted = self.rules.font.casefold()
        rule = f"Phông chữ {self.rules.font} cho mọi chữ trong văn bản (cả bảng, đầu trang)"
        bad: dict[str, list[Para]] = {}
        for para in self.model.all_paragraphs():
            for run in para.runs:
                if run.fmt.hidden or not run.text.strip():
                    continue
                chars = [c for c in run.text if not c.isspace()]
                slots = []
                if any(ord(c) < ASCII_LIMIT for c in chars):
                    slots.append(run.fmt.ascii)
                if any(ord(c) >= ASCII_LIMIT for c in chars):
                    slots.append(run.fmt.hansi)
                for slot in slots:
                    if slot.theme is None and slot.name and slot.name.strip().casefold() == wanted:
                        continue
                    paras = bad.setdefault(slot.label(), [])
                    if not paras or paras[-1] is not para:
                        paras.append(para)
        for label, paras in bad.items():
            more = f" (và {len(paras) - 1} đoạn khác)" if len(paras) > 1 else ""
            self.add("font.family", rule, where(paras[0]) + more, label)

    # --- header --------------------------------------------------------------------------

    def header(self) -> None:
        elements = self.rules.elements
        for name in ("national_title", "motto", "party_title"):
            if name in elements:
                self._marker(name, elements[name])
        if not self.certificate:
            self._agency()
        self._number()
        self._place_date()

    def _marker(self, name: str, rule: ElementRule) -> None:
        rule_id = f"header.{name}"
        position = "ở bên phải, dòng đầu trang 1" if name != "motto" else "ngay dưới Quốc hiệu"
        description = describe_element(rule, position)
        line = self.layout.markers.get(name)
        if line is None:
            misplaced = self.layout.misplaced.get(name)
            if misplaced is not None:
                self.add(
                    rule_id,
                    description,
                    where(misplaced.para, misplaced.text),
                    "không nằm ở phần đầu trang 1",
                )
            else:
                self.add(rule_id, description, "phần đầu trang 1", "không tìm thấy")
            return
        problems: list[str] = []
        expected = rule.text or ""
        if tidy(line.text) != tidy(expected):
            if same_but_tone_marks(line.text, expected):
                self.add(
                    rule_id,
                    description,
                    where(line.para, line.text),
                    f"viết “{line.text}” (đặt dấu kiểu cũ)",
                    WARNING,
                )
            else:
                problems.append(f"viết “{line.text}”")
        problems += format_problems(
            line.para,
            line.start,
            line.end,
            rule,
            sizes=not self.certificate,
            align=sole_content(line) and not self.certificate,
            text=line.text,
        )
        if not self.certificate:
            if name != "motto" and line.column == "left":
                problems.append("nằm ở bên trái")
            if name == "motto":
                national = self.layout.markers.get("national_title")
                if national is not None and not self._directly_below(national, line):
                    problems.append("không nằm ngay dưới Quốc hiệu")
        if problems:
            self.add(rule_id, description, where(line.para, line.text), "; ".join(problems))

    def _directly_below(self, upper: Line, lower: Line) -> bool:
        if upper.column != lower.column and "unknown" not in (upper.column, lower.column):
            return False
        column = [
            line
            for line in self.layout.header_lines
            if line.column == upper.column or line.column == "unknown" or upper.column == "unknown"
        ]
        ids = [id(line) for line in column]
        if id(upper) not in ids or id(lower) not in ids:
            return False
        return ids.index(id(lower)) == ids.index(id(upper)) + 1

    def _agency(self) -> None:
        elements = self.rules.elements
        layout = self.layout
        if "parent_body" in elements:
            rule = elements["parent_body"]
            self._agency_lines(
                "header.parent_body",
                rule,
                describe_element(rule, "ở bên trái đầu trang 1"),
                layout.parent_body,
            )
        rule = elements["issuer"]
        description = describe_element(rule, "ở bên trái đầu trang 1, dưới tên cơ quan chủ quản")
        if not layout.issuer:
            self.add(
                "header.issuer",
                description,
                "phần đầu trang 1",
                "không tìm thấy tên cơ quan ban hành (chữ in hoa bên trái)",
            )
        self._agency_lines("header.issuer", rule, description, layout.issuer)
        if "asterisk" in elements:
            rule = elements["asterisk"]
            description = describe_element(
                rule, f"dấu “{rule.text}” trên một dòng riêng, dưới tên cơ quan ban hành"
            )
            if layout.asterisk is None:
                self.add(
                    "header.asterisk", description, "phần đầu trang 1", "không có dòng dấu sao"
                )
            else:
                line = layout.asterisk
                problems = format_problems(
                    line.para, line.start, line.end, rule, case=False, text=line.text
                )
                if problems:
                    self.add(
                        "header.asterisk",
                        description,
                        where(line.para, line.text),
                        "; ".join(problems),
                    )

    def _agency_lines(
        self, rule_id: str, rule: ElementRule, description: str, lines: list[Line]
    ) -> None:
        """One finding per run of lines with the same fault: a name on two lines typed in
        lowercase is one fault, "Ủy ban nhân dân / huyện Ngọc Lặc", not two."""
        found = [
            (
                line,
                "; ".join(format_problems(line.para, line.start, line.end, rule, text=line.text)),
            )
            for line in lines
        ]
        for problem, group in itertools.groupby(found, key=lambda item: item[1]):
            if not problem:
                continue
            members = [line for line, _ in group]
            text = " / ".join(line.text for line in members)
            self.add(rule_id, description, where(members[0].para, text), problem)

    def _number(self) -> None:
        forms = self.rules.forms
        rule = self.rules.elements["number"]
        description = describe_element(
            rule, f"dạng “{forms['number_example']}”, ở bên trái dưới tên cơ quan"
        )
        line = self.layout.number
        if line is None:
            if self.layout.kind == "document":
                self.add(
                    "header.number", description, "phần đầu trang 1", "không tìm thấy dòng “Số”"
                )
            return
        problems: list[str] = []
        text = unicodedata.normalize("NFC", line.text)
        pattern = re.compile(forms["number_pattern"])
        if not pattern.match(text):
            fixed = self._fix_number(text, pattern)
            problems.append(
                f"viết “{text}”, đúng là “{fixed}”"
                if fixed
                else f"viết “{text}”, không đúng dạng “{forms['number_example']}”"
            )
        problems += format_problems(
            line.para,
            line.start,
            line.end,
            rule,
            align=sole_content(line),
            case=False,
            text=line.text,
        )
        if line.column == "right":
            problems.append("nằm ở bên phải")
        if problems:
            self.add("header.number", description, where(line.para, line.text), "; ".join(problems))

    def _fix_number(self, text: str, pattern: re.Pattern[str]) -> str | None:
        """The nearest text that fits the rule's pattern: other prefix, zero-padded number."""
        match = re.match(r"^số\s*[:.]?\s*(\d*)\s*([-/].*)$", text, re.IGNORECASE)
        if not match:
            return None
        digits, rest = match.groups()
        prefixes = [self.rules.forms["number_prefix"]]
        numbers = [digits, digits.zfill(2)] if digits else [digits]
        # The symbol's first separator is the style's: "/" for the state, "-" for the Party.
        rests = [rest]
        symbol = rest[1:]
        for sep_first, sep_second in (("/", "-"), ("-", "/")):
            parts = re.split(r"[-/]", symbol, maxsplit=1)
            if len(parts) == 2:
                rests.append(f"{sep_first}{parts[0]}{sep_second}{parts[1]}")
        for prefix in prefixes:
            for number in numbers:
                for tail in rests:
                    candidate = f"{prefix}{number}{tail}"
                    if pattern.match(candidate):
                        return candidate
        return None

    def _top_title(self) -> str:
        """What stands at the top right: the Quốc hiệu, or the Party's title."""
        elements = self.rules.elements
        if "national_title" in elements:
            return LABELS["national_title"]
        title = elements.get("party_title")
        return f"tiêu đề “{title.text}”" if title is not None and title.text else "tiêu đề"

    def _place_date(self) -> None:
        forms = self.rules.forms
        rule = self.rules.elements["place_date"]
        description = describe_element(
            rule, f"dạng “{forms['date_example']}”, ở bên phải dưới {self._top_title()}"
        )
        line = self.layout.place_date
        if line is None and self.layout.signature is not None:
            line = next((x for x in self.layout.signature.lines if is_date_line(x.text)), None)
        if line is None:
            if self.layout.kind == "document":
                self.add(
                    "header.place_date",
                    description,
                    "phần đầu trang 1",
                    "không tìm thấy dòng địa danh, ngày tháng năm",
                )
            return
        problems: list[str] = []
        text = tidy(line.text)
        pattern = re.compile(forms["date_pattern"])
        if not pattern.match(text):
            fixed = _fix_date(text, pattern)
            problems.append(
                f"viết “{text}”, đúng là “{fixed}”"
                if fixed
                else f"viết “{text}”, không đúng dạng “{forms['date_example']}”"
            )
        elif self.layout.date is None and line is self.layout.place_date:
            problems.append(f"“{text}” không phải ngày có thật")
        problems += format_problems(
            line.para,
            line.start,
            line.end,
            rule,
            sizes=not self.certificate,
            align=sole_content(line),
            case=False,
            text=line.text,
        )
        if line.column == "left" and not self.certificate:
            problems.append("nằm ở bên trái")
        if problems:
            self.add(
                "header.place_date", description, where(line.para, line.text), "; ".join(problems)
            )

    # --- title ---------------------------------------------------------------------------

    def title(self) -> None:
        if self.certificate:
            return
        layout = self.layout
        rule = self.rules.elements["doc_type"]
        description = describe_element(rule, "dưới phần đầu trang")
        if layout.title is None:
            self.add(
                "title.doc_type",
                description,
                "sau phần đầu trang 1",
                "không tìm thấy tên loại văn bản",
            )
            return
        title = layout.title
        problems = format_problems(title, 0, len(title.text), rule, align=True)
        if problems:
            self.add("title.doc_type", description, where(title), "; ".join(problems))
        self._authority_line()
        rule = self.rules.elements["subject"]
        description = describe_element(rule, "ngay dưới tên loại")
        if not layout.subject:
            self.add("title.subject", description, where(title), "không có trích yếu dưới tên loại")
            return
        for index, para in enumerate(layout.subject):
            problems = format_problems(para, 0, len(para.text), rule, align=True, case=index == 0)
            if problems:
                self.add("title.subject", description, where(para), "; ".join(problems))

    def _authority_line(self) -> None:
        """A decision's thẩm quyền line, in capitals (NĐ 30 Phụ lục I, Mẫu 1.2; HD 36)."""
        para = self.layout.authority_line
        rule = self.rules.elements.get("authority_line")
        if para is None or rule is None:
            return
        problems = format_problems(para, 0, len(para.text), rule, align=True)
        if problems:
            self.add(
                "title.authority",
                describe_element(rule, "trên các dòng “Căn cứ” của quyết định"),
                where(para),
                "; ".join(problems),
            )

    # --- body ----------------------------------------------------------------------------

    def body(self) -> None:
        paragraphs = self.layout.body
        if not paragraphs:
            return
        body = self.rules.body
        self._each(
            "body.size",
            f"Thân văn bản cỡ chữ {span(body['sizes'])}",
            paragraphs,
            lambda p: ", ".join(
                size_text(s)
                for s in sorted(
                    {
                        r.fmt.size
                        for r in visible_runs(p)
                        if not in_range(r.fmt.size, body["sizes"], PT_TOLERANCE)
                    },
                    key=lambda v: v if v is not None else -1,
                )
            ),
        )
        self._each(
            "body.align",
            f"Thân văn bản {ALIGNS.get(body['align'], body['align'])}",
            paragraphs,
            lambda p: "" if p.fmt.align == body["align"] else ALIGNS.get(p.fmt.align, p.fmt.align),
        )
        self._each(
            "body.indent",
            f"Thân văn bản lùi đầu dòng {span(body['first_line_indent_cm'], 'cm')}",
            [p for p in paragraphs if not p.fmt.numbered],
            lambda p: (
                ""
                if in_range(p.fmt.first_line_cm, body["first_line_indent_cm"], CM_TOLERANCE)
                else (
                    f"lùi đầu dòng {num(p.fmt.first_line_cm)} cm"
                    if p.fmt.first_line_cm >= 0
                    else f"thụt treo {num(-p.fmt.first_line_cm)} cm"
                )
            ),
        )
        minimum = float(body["space_between_pt_min"])
        order = {id(p): i for i, p in enumerate(self.model.body_paragraphs())}
        previous = {id(p): q for q, p in itertools.pairwise(paragraphs)}
        adjacent = {
            id(p)
            for p in paragraphs
            if id(p) in previous and order[id(p)] == order[id(previous[id(p)])] + 1
        }

        def gap(p: Para) -> str:
            above = previous.get(id(p)) if id(p) in adjacent else None
            if above is None:  # no neighbour in the body: what the paragraph itself adds
                space = p.fmt.before_pt + p.fmt.after_pt
            else:
                # Word adds the upper paragraph's space after to this one's space before,
                # except where "don't add space between paragraphs of the same style" holds.
                same = above.fmt.style_id == p.fmt.style_id
                space = (0.0 if same and p.fmt.contextual else p.fmt.before_pt) + (
                    0.0 if same and above.fmt.contextual else above.fmt.after_pt
                )
            return "" if space >= minimum - PT_TOLERANCE else f"cách đoạn {num(space)} pt"

        self._each(
            "body.spacing",
            f"Khoảng cách giữa các đoạn thân văn bản tối thiểu {num(minimum)} pt",
            [p for p in paragraphs if id(p) in adjacent] or paragraphs,
            gap,
        )

        def spacing(p: Para) -> str:
            value = line_multiple(p, float(body["size"]))
            tolerance = LINE_TOLERANCE if p.fmt.line_rule == "auto" else ESTIMATE_LINE_TOLERANCE
            if in_range(value, body["line_spacing"], tolerance):
                return ""
            if p.fmt.line_rule == "auto":
                return f"giãn dòng {num(value)} dòng"
            kind = "chính xác" if p.fmt.line_rule == "exact" else "tối thiểu"
            return f"giãn dòng {kind} {num(p.fmt.line_value)} pt (khoảng {num(value)} dòng)"

        self._each(
            "body.line_spacing",
            f"Thân văn bản giãn dòng từ {span(body['line_spacing'])} dòng",
            paragraphs,
            spacing,
        )

    def _each(
        self, rule_id: str, rule: str, paragraphs: Iterable[Para], problem: Callable[[Para], str]
    ) -> None:
        """One finding for a rule broken in many paragraphs: the first place, and how many more."""
        failing = [(p, problem(p)) for p in paragraphs]
        failing = [(p, text) for p, text in failing if text]
        if not failing:
            return
        first, found = failing[0]
        more = f" (và {len(failing) - 1} đoạn khác)" if len(failing) > 1 else ""
        self.add(rule_id, rule, where(first) + more, found)

    # --- recipients ----------------------------------------------------------------------

    def recipients(self) -> None:
        if self.layout.kind != "document":
            return
        forms = self.rules.forms
        rule = self.rules.elements["recipients_label"]
        label_text = forms["recipients_label"]
        description = describe_element(rule, f"viết “{label_text}”, ở bên trái dưới thân văn bản")
        label = self.layout.recipients_label
        if label is None:
            self.add(
                "recipients.label", description, "cuối văn bản", f"không tìm thấy “{label_text}”"
            )
            return
        problems = []
        if tidy(label.text) != tidy(label_text):
            problems.append(f"viết “{label.text}”")
        problems += format_problems(
            label.para,
            label.start,
            label.end,
            rule,
            case=False,
            align=sole_content(label),
            text=label.text,
        )
        if problems:
            self.add(
                "recipients.label", description, where(label.para, label.text), "; ".join(problems)
            )
        rule = self.rules.elements["recipients"]
        description = describe_element(rule, "mỗi dòng “- …;”, dòng cuối “- ….”")
        lines = self.layout.recipients
        if not lines:
            self.add(
                "recipients.lines",
                description,
                where(label.para, label.text),
                "không có dòng nơi nhận nào",
            )
            return
        middle = re.compile(forms["recipients_line_pattern"])
        last = re.compile(forms["recipients_last_pattern"])
        for index, line in enumerate(lines):
            pattern = last if index == len(lines) - 1 else middle
            problems = []
            if not pattern.match(tidy(line.text)):
                ending = "dấu chấm “.”" if pattern is last else "dấu chấm phẩy “;”"
                problems.append(f"“{line.text}” phải bắt đầu bằng “- ” và kết thúc bằng {ending}")
            problems += format_problems(
                line.para, line.start, line.end, rule, case=False, text=line.text
            )
            if problems:
                self.add(
                    "recipients.lines",
                    description,
                    where(line.para, line.text),
                    "; ".join(problems),
                )

    # --- signature -----------------------------------------------------------------------

    def signature(self) -> None:
        if self.layout.kind == "attachment":
            return
        elements = self.rules.elements
        prefixes = self.rules.forms["signing_prefixes"]
        signature = self.layout.signature
        title_rule = elements["signer_title"]
        if signature is None or signature.title is None:
            self.add(
                "signature.title",
                describe_element(title_rule, "trong khối chữ ký ở bên phải, cuối văn bản"),
                "cuối văn bản",
                "không tìm thấy khối chữ ký (quyền hạn, chức vụ, họ tên người ký)",
            )
            return
        rule = elements["signer_authority"]
        description = describe_element(
            rule, "bắt đầu bằng " + ", ".join(f"“{p}”" for p in prefixes)
        )
        line = signature.authority
        if line is not None:
            problems = []
            token = signing_prefix(line.text, any_case=True) or ""
            # "tm." is the right prefix in the wrong case: "không viết in hoa" below says so.
            if token.upper() not in prefixes:
                problems.append(self._prefix_problem(token.upper()))
            problems += format_problems(
                line.para, line.start, line.end, rule, align=sole_content(line), text=line.text
            )
            if problems:
                self.add(
                    "signature.authority",
                    description,
                    where(line.para, line.text),
                    "; ".join(problems),
                )
        for rule_id, name, item in (
            ("signature.title", "signer_title", signature.title),
            ("signature.name", "signer_name", signature.name),
        ):
            rule = elements[name]
            description = describe_element(rule, "trong khối chữ ký")
            if item is None:
                self.add(
                    rule_id,
                    description,
                    where(signature.title.para),
                    "không tìm thấy họ tên người ký",
                )
                continue
            problems = format_problems(
                item.para, item.start, item.end, rule, align=sole_content(item), text=item.text
            )
            if problems:
                self.add(rule_id, description, where(item.para, item.text), "; ".join(problems))

    def _prefix_problem(self, token: str) -> str:
        allowed = self.rules.forms["signing_prefixes"]
        core = re.sub(r"[./]", "", token)
        same = next((p for p in allowed if re.sub(r"[./]", "", p) == core), None)
        fix = f" (đúng là “{same}”)" if same else ""
        # The wrong family first: "T/M" in a state document is a different form, not a typo.
        for other in all_rule_sets():
            if other.style != self.rules.style and token in other.forms["signing_prefixes"]:
                return (
                    f"“{token}” là cách viết của {text_in_force(other.style, self.on)}; "
                    f"{text_in_force(self.rules.style, self.on)} dùng "
                    + ", ".join(allowed)
                    + fix
                )
        if same:
            return f"viết “{token}”, đúng là “{same}”"
        return f"viết “{token}”; dùng " + ", ".join(allowed)

    # --- page numbers --------------------------------------------------------------------

    def page_number(self) -> None:
        if self.certificate:
            return
        spec = self.rules.page_number
        rule = (
            f"Số trang: chữ số Ả Rập, cỡ {span(spec['sizes'])}, {ALIGNS.get(spec['align'], spec['align'])} "
            f"ở lề trên (đầu trang), không hiện ở trang 1"
        )
        section = self.model.sections[0]
        fields = section.page_fields
        in_header = [f for f in fields if f.where == "header"]
        one_page = estimate_pages(self.model, section, float(self.rules.body["size"])) <= 1.0
        if not in_header:
            if any(f.where == "footer" for f in fields):
                self.add(
                    "page_number",
                    rule,
                    "chân trang",
                    "số trang đặt ở chân trang, không ở đầu trang",
                )
            elif one_page:
                self.add(
                    "page_number", rule, "đầu trang", "văn bản một trang: không cần số trang", INFO
                )
            else:
                self.add(
                    "page_number", rule, "đầu trang", "không có số trang (trường PAGE) ở đầu trang"
                )
            return
        shown = [f for f in in_header if f.part in ("default", "even")]
        first = [f for f in in_header if f.part == "first"]
        if not shown:
            self.add(
                "page_number",
                rule,
                "đầu trang",
                "số trang chỉ có ở đầu trang 1, các trang sau không có",
            )
            return
        if not section.title_page:
            if one_page:
                self.add(
                    "page_number",
                    rule,
                    "đầu trang",
                    "văn bản một trang: số trang hiện ở trang 1",
                    INFO,
                )
            else:
                self.add(
                    "page_number",
                    rule,
                    "đầu trang",
                    "số trang hiện cả ở trang 1 (chưa chọn “Trang đầu khác”)",
                )
        elif first:
            self.add("page_number", rule, "đầu trang của trang 1", "trang 1 vẫn có số trang")
        para = shown[0].para
        if para is not None:
            problems = []
            if para.fmt.align != spec["align"]:
                problems.append(ALIGNS.get(para.fmt.align, para.fmt.align))
            sizes = {
                r.fmt.size
                for r in para.runs
                if r.text.strip() and not in_range(r.fmt.size, spec["sizes"], PT_TOLERANCE)
            }
            problems += [
                size_text(s) for s in sorted(sizes, key=lambda v: v if v is not None else -1)
            ]
            if problems:
                self.add("page_number", rule, where(para), "; ".join(problems))


def _fix_date(text: str, pattern: re.Pattern[str]) -> str | None:
    """The same date with the zero padding the rule's pattern wants, if one fits."""
    match = re.match(
        r"^(.*?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$", text, re.IGNORECASE
    )
    if not match:
        return None
    place, day, month, year = match.groups()
    for d in (str(int(day)), str(int(day)).zfill(2)):
        for m in (str(int(month)), str(int(month)).zfill(2)):
            candidate = f"{place}, ngày {d} tháng {m} năm {year}"
            if pattern.match(candidate):
                return candidate
    return None


def estimate_pages(model: DocModel, section: Section, default_size: float) -> float:
    """Roughly how many pages the first section fills; more than the truth rather than less."""
    if model.rendered_page_breaks or any(p.page_break for p in model.body_paragraphs()):
        return 2.0
    if len(model.sections) > 1:
        return 2.0
    if section.width_mm is None or section.height_mm is None:
        return 2.0  # no page size to measure against: assume the page number is needed
    margins = {
        side: section.margins_mm.get(side) or 0.0 for side in ("top", "bottom", "left", "right")
    }
    width = section.width_mm - margins["left"] - margins["right"]
    height = section.height_mm - margins["top"] - margins["bottom"]
    width_pt, height_pt = width * PT_PER_MM, height * PT_PER_MM

    def para_height(para: Para, column_pt: float) -> float:
        sizes = [r.fmt.size for r in para.runs if r.fmt.size]
        size = max(sizes) if sizes else default_size
        per_line = max(int(column_pt / (size * CHAR_EM)), 1)
        lines = sum(max(math.ceil(len(piece) / per_line), 1) for piece in para.text.split("\n"))
        line_pt = (
            size
            * SINGLE_LINE_EM
            * (line_multiple(para, default_size) if para.fmt.line_rule == "auto" else 1.0)
        )
        if para.fmt.line_rule != "auto":
            line_pt = max(para.fmt.line_value, line_pt if para.fmt.line_rule == "atLeast" else 0)
        return lines * line_pt + para.fmt.before_pt + para.fmt.after_pt

    total = 0.0
    for block in model.blocks:
        if isinstance(block, Table):
            total += _table_height(block, width_pt, para_height)
        else:
            total += para_height(block, width_pt)
    return total / height_pt


def _table_height(
    table: Table, width_pt: float, para_height: Callable[[Para, float], float]
) -> float:
    column = width_pt / max(table.ncols, 1)
    total = 0.0
    for row in table.rows:
        total += max((sum(para_height(p, column) for p in cell) for cell in row), default=0.0)
    return total
