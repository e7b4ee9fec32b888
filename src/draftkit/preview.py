"""The document's text as it will read, paragraph by paragraph, before anything is written.

A pure function from a validated model to numbered lines. It prints the very variables
that :mod:`draftkit.report` and :mod:`draftkit.awards` hand to the templates (the worded
indicators, the money in words, the default "Căn cứ" lines and Điều 3), so what the
review shows is what the document prints: there is no second wording here, only the
order in which the templates lay those variables out. The interview's review prints it;
a web page may print the same list.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from .models import AwardsData, DocumentData, ReportData
from .rules import rules_for
from .wording import format_number

__all__ = ["APPENDIX_ROW", "LIST_ROW", "PreviewLine", "awards_defaults", "document_preview", "preview_text"]

# Kinds of line, so that a page can style them; ``document`` starts one document of a set.
DOCUMENT = "document"
HEADER = "header"
TITLE = "title"
BODY = "body"
SIGNATURE = "signature"
RECIPIENTS = "recipients"
ROW = "row"

# The cells of a row of the attached list, as the built-in list templates print them after
# its number (``{{ row.name }}``, ``{{ row.position }}``): the context has more (an
# awardee's note) that no document prints, so it is not shown either. A test reads the
# templates' row fields and fails when they and this differ.
LIST_ROW: tuple[str, ...] = ("name", "position")
# Likewise the appendix table of a report, after its number.
APPENDIX_ROW: tuple[str, ...] = ("label", "unit", "target", "value", "change", "plan")
# The rows a limited list leaves out, by the group's kind (collective or not).
MORE_NOUN = {True: "tập thể", False: "cá nhân"}
# What a figure of that table is, since the preview has no column headings.
APPENDIX_LABELS = {"target": "kế hoạch ", "value": "thực hiện ", "change": "so với cùng kỳ ", "plan": "so với kế hoạch "}


@dataclass(frozen=True)
class PreviewLine:
    """One paragraph of a document; ``number`` counts them from 1 within each document
    (None for the line that names a document of a set)."""

    number: int | None
    kind: str
    text: str


class _Lines:
    def __init__(self) -> None:
        self.lines: list[PreviewLine] = []
        self.count = 0

    def document(self, name: str) -> None:
        self.lines.append(PreviewLine(None, DOCUMENT, name))
        self.count = 0

    def add(self, kind: str, *texts: str) -> None:
        for text in texts:
            if text:
                self.count += 1
                self.lines.append(PreviewLine(self.count, kind, text))


def _one_line(text: str) -> str:
    """A header cell broken over two lines ("ỦY BAN NHÂN DÂN\\nXÃ ...") reads as one."""
    return " ".join(text.split("\n"))


def _header(out: _Lines, context: dict[str, Any], style: str, signed: Any, dated: bool = True) -> None:
    rules = rules_for(style, signed)
    out.add(HEADER, _one_line(context.get("parent_body", "")), _one_line(context["issuer_name"]))
    titles = ("party_title",) if style == "party" else ("national_title", "motto")
    out.add(HEADER, *(rules.element(name).text or "" for name in titles))
    if dated:  # an attached list has neither number nor date of its own
        out.add(HEADER, context.get("number_line", "").strip(), context.get("place_date", ""))


def _signature(out: _Lines, context: dict[str, Any], recipients_label: str) -> None:
    out.add(SIGNATURE, context["signer_authority"], context["signer_title"], context["signer_name"])
    out.add(RECIPIENTS, recipients_label, *context["recipients"])


def _report(model: ReportData) -> list[PreviewLine]:
    from .report import report_context

    context = report_context(model)
    rules = rules_for(model.style, model.date)
    out = _Lines()
    _header(out, context, model.style, model.date)
    out.add(TITLE, context["doc_type"], context["subject"])
    if context["addressees"]:
        out.add(BODY, "Kính gửi: " + context["addressees"].replace("\n", " "))
    out.add(BODY, *(block["text"] for block in context["blocks"]), context["closing"])
    _signature(out, context, rules.forms["recipients_label"])
    appendix = context["appendix"]
    if appendix is not None:
        out.add(TITLE, appendix["label"], appendix["title"], appendix["reference"])
        for row in appendix["rows"]:
            cells = [APPENDIX_LABELS.get(cell, "") + row[cell] for cell in APPENDIX_ROW if row[cell]]
            out.add(ROW, f"{row['no']}. " + " | ".join(cells))
    return out.lines


def _awards(model: AwardsData, limit: int | None = None) -> list[PreviewLine]:
    from .awards import certificate_context, decision_context, list_context, ordered

    people = ordered(model)
    collectives, individuals = people
    rules = rules_for(model.style, model.date)
    out = _Lines()
    decision = decision_context(model, people)
    out.document("Quyết định")
    _header(out, decision, model.style, model.date)
    out.add(TITLE, decision["doc_type"], decision["subject"], decision["authority"])
    out.add(BODY, *decision["bases"], "QUYẾT ĐỊNH:")
    out.add(BODY, *(f"{a['number']} {a['text']}" for a in [*decision["articles"], decision["final_article"]]))
    _signature(out, decision, rules.forms["recipients_label"])

    listed = list_context(model, people)
    out.document("Danh sách kèm theo")
    _header(out, listed, model.style, model.date, dated=False)
    out.add(TITLE, listed["doc_type"], listed["subject"], listed["attachment"])
    for group in listed["groups"]:
        out.add(TITLE, group["heading"])
        rows = group["rows"] if limit is None else group["rows"][:limit]
        for row in rows:
            out.add(ROW, f"{row['no']}. " + " — ".join(row[cell] for cell in LIST_ROW if row[cell]))
        if len(rows) < len(group["rows"]):
            out.add(ROW, f"… và {format_number(len(group['rows']) - len(rows))} {MORE_NOUN[group['collective']]} nữa")

    # Only the first certificate is shown: the others are not worded at all.
    first_only = (collectives[:1], [] if collectives else individuals[:1])
    certificates = certificate_context(model, first_only)
    count = format_number(len(collectives) + len(individuals))
    out.document(f"Giấy khen ({count} giấy, cùng mẫu; giấy thứ nhất)")
    first = certificates["certificates"][0] if certificates["certificates"] else None
    out.add(HEADER, certificates["national_title"], certificates["motto"], certificates["authority"])
    out.add(TITLE, certificates["give"], certificates["award"])
    if first is not None:
        out.add(BODY, first["name"], first["position"], first["reason"], first["gold_book"])
    out.add(SIGNATURE, *certificates["decision_line"].split("\n"), certificates["place_date"])
    out.add(SIGNATURE, certificates["signer_authority"], certificates["signer_title"], certificates["signer_name"])
    return out.lines


def document_preview(model: DocumentData, limit: int | None = None) -> list[PreviewLine]:
    """Every paragraph of the document(s) ``model`` renders, in reading order.

    ``limit``: at most that many rows of each group of a round's list, then a line
    "… và N cá nhân nữa" (a page need not word a province's thousands of rows).

    An awards model must have its awardees read in (:func:`draftkit.awards.resolve_awardees`).
    Raises :class:`~draftkit.errors.InputError` where rendering would (no rule for the money,
    no default "Căn cứ" lines...).
    """
    if isinstance(model, ReportData):
        return _report(model)
    if isinstance(model, AwardsData):
        return _awards(model, limit)
    raise TypeError(f"no preview for document {model.document!r}")  # pragma: no cover


def preview_text(lines: list[PreviewLine]) -> str:
    """The preview as plain text: "12. ..." per paragraph, a document's name on a line of its own."""
    out: list[str] = []
    for line in lines:
        if line.number is None:
            out.append(f"=== {line.text} ===")
        else:
            out.append(f"{line.number:>3}. {line.text}")
    return "\n".join(out)


def awards_defaults(model: AwardsData) -> dict[str, list[str]]:
    """The "Căn cứ" lines and the executors (Điều 3) a round gets when its file gives none,
    as the decision would print them, so that the review can open them for editing.

    Only what the rules give for ``model``'s date and authority: a default the rules lack
    (a Party decision's bases) is left out. The proposal line is not a basis and is not
    included; each line is without its closing ";" or ".", which rendering adds.
    """
    from .awards import bases_lines, executor_lines
    from .errors import InputError

    found: dict[str, list[str]] = {}
    try:
        lines = bases_lines(model.model_copy(update={"bases": None, "proposal": None}))
        found["bases"] = [line.rstrip(";.") for line in lines]
    except InputError:
        pass
    with contextlib.suppress(InputError):
        found["executors"] = executor_lines(model.model_copy(update={"executors": None}))
    return found
