"""The summary report (báo cáo tổng kết): from the validated model to template variables.

The outline is computed here, not in the template: parts and sections without data are
left out and the numbering closes up, so the Word template only loops over ``blocks``
and picks a paragraph style by ``block.kind``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .common import header_context, signature_context, with_ending
from .errors import TextWarning
from .models import PlanTask, ReportData, ResultSection
from .rules import RuleSet, rules_for
from .wording import (
    VI_LETTERS,
    addressee_text,
    authority_in_text,
    change_cell,
    document_number,
    format_date,
    format_number,
    indicator_sentence,
    looks_lower_is_better,
    lower_first,
    plan_cell,
    roman,
    target_met,
    targets_summary,
    vi_letter,
)

DOC_CODE = "BC"
ORDINALS = ("nhất", "hai", "ba", "tư", "năm")


# Block kinds, each a paragraph form in the template.
PART_LABEL = "part_label"
PART_TITLE = "part_title"
HEADING1 = "heading1"
HEADING2 = "heading2"
HEADING3 = "heading3"
PARAGRAPH = "paragraph"
BULLET = "bullet"
KINDS = (PART_LABEL, PART_TITLE, HEADING1, HEADING2, HEADING3, PARAGRAPH, BULLET)


@dataclass(frozen=True)
class Block:
    """One paragraph of the report body."""

    kind: str
    text: str


@dataclass
class _Section:
    title: str
    blocks: list[Block]
    # The part's own title already says it ("KẾT QUẢ THỰC HIỆN NĂM 2023" over "I. KẾT QUẢ
    # THỰC HIỆN"): alone in its part, such a section needs no heading of its own.
    repeats_part: bool = False


def heading_number(rules: RuleSet, level: int, index: int) -> str:
    """The number of the ``index``-th (0-based) heading at ``level`` (1 = "I.")."""
    formats: list[str] = rules.forms["heading_formats"]
    if level > len(formats):
        return "-"
    pattern = formats[level - 1]
    if "{letter}" in pattern and index >= len(VI_LETTERS):
        # Past "y" the Vietnamese point letters run out; numbers keep the order readable.
        pattern = pattern.replace("{letter}", "{number}")
    values: dict[str, object] = {"number": index + 1}
    if "{roman}" in pattern:
        values["roman"] = roman(index + 1)
    if "{letter}" in pattern:
        values["letter"] = vi_letter(index)
    return pattern.format(**values)


def _result_blocks(section: ResultSection, level: int, index: int, rules: RuleSet) -> list[Block]:
    kind = HEADING2 if level == 2 else HEADING3
    blocks = [Block(kind, f"{heading_number(rules, level, index)} {section.heading}")]
    blocks += [Block(PARAGRAPH, text) for text in section.paragraphs]
    blocks += [
        Block(
            BULLET,
            "- "
            + indicator_sentence(ind.label, ind.value, ind.unit, ind.previous, ind.target, ind.better),
        )
        for ind in section.indicators
    ]
    for sub_index, sub in enumerate(section.sections):
        blocks += _result_blocks(sub, level + 1, sub_index, rules)
    return blocks


def _numbered_lists(items: list[tuple[str, list[str]]], rules: RuleSet) -> list[Block]:
    """Sub-headings "1. Ưu điểm" each followed by "- " items; empty ones left out."""
    blocks: list[Block] = []
    present = [(title, entries) for title, entries in items if entries]
    for index, (title, entries) in enumerate(present):
        blocks.append(Block(HEADING2, f"{heading_number(rules, 2, index)} {title}"))
        blocks += [Block(BULLET, f"- {entry}") for entry in entries]
    return blocks


def _task_blocks(tasks: list[str | PlanTask], rules: RuleSet) -> list[Block]:
    blocks: list[Block] = []
    for index, task in enumerate(tasks):
        number = heading_number(rules, 2, index)
        if isinstance(task, PlanTask) and task.paragraphs:
            blocks.append(Block(HEADING2, f"{number} {task.heading}"))
            blocks += [Block(PARAGRAPH, text) for text in task.paragraphs]
        else:
            # A task without paragraphs reads as one numbered sentence.
            text = task.heading if isinstance(task, PlanTask) else task
            blocks.append(Block(PARAGRAPH, f"{number} {text}"))
    return blocks


def targets_line(data: ReportData) -> str | None:
    """"Có 19/21 chỉ tiêu đạt và vượt kế hoạch; 02 chỉ tiêu chưa đạt: ...", counting the
    indicators that have a target (None when none has one)."""
    planned = [
        (ind.label, target_met(ind.value, ind.target, ind.better))
        for ind in data.indicators()
        if ind.target is not None
    ]
    return targets_summary(planned) if planned else None


def advisories(data: ReportData) -> list[TextWarning]:
    """Indicators whose name says that less is better but whose data file does not say
    ``better: lower``: "Tỷ lệ hộ nghèo ... chưa đạt kế hoạch" would be read wrongly."""
    found: list[TextWarning] = []

    def walk(sections: list[ResultSection], path: str) -> None:
        for index, section in enumerate(sections):
            here = f"{path}[{index}]"
            for number, ind in enumerate(section.indicators):
                if "better" not in ind.model_fields_set and looks_lower_is_better(ind.label):
                    found.append(
                        TextWarning(
                            f"{here}.indicators[{number}].better",
                            f"chỉ tiêu “{ind.label}” có vẻ càng thấp càng tốt nhưng được tính "
                            "như chỉ tiêu càng cao càng tốt; nếu đúng là càng thấp càng tốt, "
                            "thêm “better: lower”.",
                        )
                    )
            walk(section.sections, f"{here}.sections")

    walk(data.results, "results")
    return found


APPENDIX_NOTE = "Kết quả thực hiện các chỉ tiêu chi tiết tại Phụ lục kèm theo Báo cáo này."


def results_opening(data: ReportData) -> str | None:
    """The paragraph that opens the results: the count of targets reached and, with an
    appendix, the reference to it that NĐ 30 requires of the main text."""
    parts = [line for line in (targets_line(data),) if line]
    if data.appendix == "indicators":
        parts.append(APPENDIX_NOTE)
    return " ".join(parts) or None


def appendix_context(data: ReportData, rules: RuleSet) -> dict[str, Any] | None:
    """The "Phụ lục" of indicators (NĐ 30 Phụ lục I mục III.1, Mẫu 2.1): title, the
    "(Kèm theo Báo cáo số ...)" line and one table row per indicator."""
    if data.appendix != "indicators":
        return None
    number = document_number(data.style, data.number, DOC_CODE, data.issuer.code)
    number = number.removeprefix(rules.forms["number_prefix"])
    when = format_date(data.date).removeprefix("ngày ")
    issuer = authority_in_text(" ".join(data.issuer.name.split()))
    rows = [
        {
            "no": str(index),
            "label": ind.label,
            "unit": (ind.unit or "").strip(),
            "target": format_number(ind.target) if ind.target is not None else "-",
            "value": format_number(ind.value),
            "change": change_cell(ind.value, ind.previous, ind.unit),
            "plan": plan_cell(ind.value, ind.target, ind.unit, ind.better),
        }
        for index, ind in enumerate(data.indicators(), 1)
    ]
    return {
        "label": "Phụ lục",
        "title": f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {data.review_year}",
        "reference": f"(Kèm theo Báo cáo số {number} ngày {when} của {issuer})",
        "rows": rows,
    }


def outline(data: ReportData, rules: RuleSet) -> list[Block]:
    """Every body paragraph of the report, numbered, in reading order."""
    year = data.review_year
    assessment = data.assessment
    part_one = [
        _Section("ĐẶC ĐIỂM TÌNH HÌNH", [Block(PARAGRAPH, t) for t in data.situation]),
        _Section(
            "KẾT QUẢ THỰC HIỆN",
            [Block(PARAGRAPH, line) for line in [results_opening(data)] if line]
            + [b for i, r in enumerate(data.results) for b in _result_blocks(r, 2, i, rules)],
            repeats_part=True,
        ),
        _Section(
            "ĐÁNH GIÁ CHUNG",
            _numbered_lists(
                [
                    ("Ưu điểm", assessment.strengths),
                    ("Hạn chế", assessment.limitations),
                    ("Nguyên nhân", assessment.causes),
                    ("Bài học kinh nghiệm", assessment.lessons),
                ],
                rules,
            ),
        ),
    ]
    part_two = [
        _Section("MỤC TIÊU, CHỈ TIÊU", [Block(BULLET, f"- {g}") for g in data.plan.goals]),
        _Section("NHIỆM VỤ, GIẢI PHÁP", _task_blocks(list(data.plan.tasks), rules), repeats_part=True),
        _Section("ĐỀ XUẤT, KIẾN NGHỊ", [Block(PARAGRAPH, p) for p in data.proposals]),
    ]
    parts = [
        (f"KẾT QUẢ THỰC HIỆN NĂM {year}", [s for s in part_one if s.blocks]),
        (f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", [s for s in part_two if s.blocks]),
    ]
    parts = [(title, sections) for title, sections in parts if sections]

    blocks = [Block(PARAGRAPH, data.opening or default_opening(data.issuer.name, data.title))]
    # "Phần thứ nhất" only makes sense when a "Phần thứ hai" follows.
    labelled = len(parts) > 1
    for part_index, (part_title, sections) in enumerate(parts):
        if labelled:
            label = rules.forms["part_label"].format(ordinal=ORDINALS[part_index])
            blocks += [Block(PART_LABEL, label), Block(PART_TITLE, part_title)]
        for index, section in enumerate(sections):
            if len(sections) > 1 or not labelled or not section.repeats_part:
                blocks.append(Block(HEADING1, f"{heading_number(rules, 1, index)} {section.title}"))
            blocks += section.blocks
    last = blocks[-1]
    blocks[-1] = Block(last.kind, with_ending(last.text, rules.forms["ending"]))
    return blocks


def default_opening(issuer_name: str, title: str) -> str:
    """The opening sentence of a report whose data file gives none.

    "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC" + "Tổng kết công tác ... năm 2023" → "Ủy ban nhân dân
    huyện Ngọc Lặc báo cáo tổng kết công tác ... năm 2023 như sau:". The issuer is named as
    in a sentence (organisation words capitalised, unit words not); the title follows in
    lowercase unless its first word is an abbreviation or a word always capitalised.
    """
    from .wording import authority_in_text  # imported here to keep this change local

    issuer = authority_in_text(issuer_name)
    subject = " ".join(title.split()).rstrip(" .;:,")
    # "Báo cáo kết quả ..." as a title must not read "báo cáo báo cáo kết quả".
    if subject[:8].lower() == "báo cáo " and len(subject) > 8:
        subject = subject[8:]
    return f"{issuer} báo cáo {lower_first(subject)} như sau:"


def subject_line(data: ReportData) -> str:
    """The trích yếu, as typed; the Party form writes its first word in lowercase.

    HD 36's own example is "về quy hoạch cán bộ ...", while the same data file may be
    rendered in the state form, whose trích yếu starts with a capital as typed.
    """
    if data.style == "party":
        return lower_first(data.title)
    return data.title


def report_context(data: ReportData) -> dict[str, Any]:
    """All variables of the report template."""
    rules = rules_for(data.style, data.date)
    *body, closing = outline(data, rules)
    return {
        **header_context(data, DOC_CODE, rules),
        **signature_context(data),
        "doc_type": "BÁO CÁO",
        "subject": subject_line(data),
        "addressees": addressee_text(list(data.addressees)) if data.addressees else "",
        "blocks": [{"kind": b.kind, "text": b.text} for b in body],
        # The last paragraph (ending "./.") is kept on the page of the signature block.
        "closing": closing.text,
        "appendix": appendix_context(data, rules),
    }
