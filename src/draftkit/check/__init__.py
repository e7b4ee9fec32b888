"""``draftkit check``: does a .docx follow the format rules (NĐ 30/2020 or HD 36)?

Works on any .docx, draftkit's own or typed by hand: the document is read into a plain
model with Word's effective formatting (:mod:`._reader`, :mod:`._styles`), its parts are
found by what they say (:mod:`._layout`), and each part is compared with the rule set in
force on the document's date (:mod:`._checks`). Nothing here prints; the CLI does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from draftkit.rules import STYLES, RuleSet, all_rule_sets, rules_for, text_in_force

from ._checks import ERROR, INFO, WARNING, Checker, Finding
from ._layout import Layout, analyse, signing_prefix, vocabulary
from ._reader import read_document

__all__ = ["ERROR", "INFO", "WARNING", "CheckReport", "Finding", "check_document"]


@dataclass
class CheckReport:
    """What the check found in one document, against one rule set."""

    path: Path
    style: str  # state | party: the style checked against
    rules: str  # rule set id, e.g. "nd30-2020"
    rules_title: str  # e.g. "Nghị định 30/2020/NĐ-CP"
    kind: str  # document | attachment | certificate
    style_detected: bool = True  # False when --style auto found nothing to go by
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "style": self.style,
            "rules": self.rules,
            "rules_title": self.rules_title,
            "kind": self.kind,
            "ok": self.ok,
            "errors": len(self.errors),
            "findings": [f.to_dict() for f in self.findings],
        }


def detect_style(layout: Layout) -> str | None:
    """The style the document says it is: its header title first, then its number or signer."""
    voc = vocabulary()
    found = [
        (line.order, voc.style_of_marker[name])
        for name, line in (*layout.markers.items(), *layout.misplaced.items())
        if name in voc.style_of_marker
    ]
    if found:
        return min(found)[1]
    if layout.number is not None:
        for rules in all_rule_sets():
            if re.match(rules.forms["number_pattern"], layout.number.text):
                return rules.style
    if layout.signature is not None and layout.signature.authority is not None:
        token = signing_prefix(layout.signature.authority.text)
        for rules in all_rule_sets():
            if token in rules.forms["signing_prefixes"]:
                return rules.style
    return None


def check_document(path: Path, style: str = "auto", rules_date: date | None = None) -> CheckReport:
    """Check the format of the .docx at ``path``.

    ``style`` is "auto" (recognised from the header: "ĐẢNG CỘNG SẢN VIỆT NAM" → party,
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" → state), "state" or "party". The rule set is the
    one of that style in force on ``rules_date``, else on the date in the document's
    place-and-date line, else the newest. Raises :class:`UnreadableDocumentError` when the
    file is not a readable .docx.
    """
    if style != "auto" and style not in STYLES:
        raise ValueError(f"unknown style {style!r}; expected auto or one of {STYLES}")
    model = read_document(Path(path))
    layout = analyse(model)
    detected = True
    if style == "auto":
        found = detect_style(layout)
        detected = found is not None
        style = found or STYLES[0]
    on = rules_date or layout.date
    rules: RuleSet = rules_for(style, on)
    findings = Checker(model, layout, rules, on).run()
    if not detected:
        findings.insert(
            0,
            Finding(
                "document.style",
                "Văn bản nhà nước có Quốc hiệu, văn bản của Đảng có tiêu đề “ĐẢNG CỘNG SẢN VIỆT NAM”",
                "phần đầu trang 1",
                f"không nhận ra loại văn bản; kiểm tra theo {text_in_force(style, on)}",
                WARNING,
            ),
        )
    return CheckReport(
        path=Path(path),
        style=style,
        rules=rules.id,
        rules_title=text_in_force(style, on),
        kind=layout.kind,
        style_detected=detected,
        findings=findings,
    )
