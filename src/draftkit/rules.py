"""The format rules as data: one TOML file per rule set under ``draftkit/rules/STYLE/``.

A rule set belongs to a style (``state`` or ``party``, its folder) and applies from its
``valid_from`` date; a document uses the newest rule set of its style in force on its date,
so a new guidance is a new file, never an edit of code. A document reads only its own
style's folder: parsing every rule set is a few ms of a one-report run. The template builder writes the ``size``
and ``default_*`` values; the format checker accepts the ranges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from . import _toml
from .errors import TextWarning

STYLES = ("state", "party")


@dataclass(frozen=True)
class ElementRule:
    """How one element of the form looks: size in points, weight, case and alignment."""

    name: str
    size: float
    sizes: tuple[float, float]
    bold: bool
    italic: bool
    underline: bool
    case: str
    align: str
    text: str | None = None


@dataclass(frozen=True)
class RuleSet:
    id: str
    style: str
    title: str
    valid_from: date
    page: dict[str, Any]
    font: str
    body: dict[str, Any]
    page_number: dict[str, Any]
    forms: dict[str, Any]
    elements: dict[str, ElementRule]
    # The texts this rule set applies, by the date from which each is in force: (from, name).
    texts: tuple[tuple[date, str], ...] = ()

    def element(self, name: str) -> ElementRule:
        return self.elements[name]

    @property
    def margins_mm(self) -> dict[str, float]:
        return dict(self.page["default_margins_mm"])


def _parse(raw: dict[str, Any]) -> RuleSet:
    elements = {
        name: ElementRule(
            name=name,
            size=float(spec["size"]),
            sizes=(float(spec["sizes"][0]), float(spec["sizes"][1])),
            bold=bool(spec.get("bold", False)),
            italic=bool(spec.get("italic", False)),
            underline=bool(spec.get("underline", False)),
            case=str(spec.get("case", "any")),
            align=str(spec.get("align", "left")),
            text=spec.get("text"),
        )
        for name, spec in raw["elements"].items()
    }
    return RuleSet(
        id=raw["id"],
        style=raw["style"],
        title=raw["title"],
        valid_from=raw["valid_from"],
        page=raw["page"],
        font=raw["font"]["name"],
        body=raw["body"],
        page_number=raw["page_number"],
        forms=raw["forms"],
        elements=elements,
        texts=tuple((entry["from"], str(entry["name"])) for entry in raw.get("texts", [])),
    )


@cache
def rule_sets(style: str) -> tuple[RuleSet, ...]:
    """The rule sets of ``style`` shipped with draftkit, oldest first."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}")
    folder = resources.files("draftkit") / "rules" / style
    sets = [
        _parse(_toml.loads(entry.read_text(encoding="utf-8")))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    ]
    return tuple(sorted(sets, key=lambda s: s.valid_from))


def all_rule_sets() -> tuple[RuleSet, ...]:
    """Every rule set shipped with draftkit, by style, oldest first."""
    return tuple(rule_set for style in STYLES for rule_set in rule_sets(style))


def rules_for(style: str, on: date | None = None) -> RuleSet:
    """The rule set of ``style`` in force on ``on`` (the newest one when ``on`` is None)."""
    candidates = rule_sets(style)
    if on is not None:
        in_force = [s for s in candidates if s.valid_from <= on]
        # A date before the oldest rule set still gets the oldest one: better an older
        # form than none, and the checker reports what it used.
        candidates = tuple(in_force) or candidates[:1]
    return candidates[-1]


def text_in_force(style: str, on: date | None = None) -> str:
    """The name of the texts a document of ``style`` dated ``on`` follows (the newest when
    ``on`` is None), e.g. "Quy định 399-QĐ/TW ngày 09/01/2026 và Hướng dẫn 36-HD/VPTW ngày
    03/4/2018". Menus, messages and ``draftkit check`` all name the format through this one
    function, so they name the same text for the same date."""
    rule_set = rules_for(style, on)
    texts = rule_set.texts or ((rule_set.valid_from, rule_set.title),)
    if on is not None:
        texts = tuple(t for t in texts if t[0] <= on) or texts[:1]
    return max(texts)[1]


def signing_form(authority: str, style: str, on: date | None = None) -> str | None:
    """The authority line with its prefix written as ``style``'s rules write it, when it was
    typed in another form: "TM. BAN THƯỜNG VỤ" → "T/M BAN THƯỜNG VỤ" in a Party document,
    "T/M ỦY BAN NHÂN DÂN" → "TM. ỦY BAN NHÂN DÂN" in a state one. None when the prefix is
    already right, or has no counterpart ("Q." has none in Party documents)."""
    first, _, rest = authority.strip().partition(" ")
    core = re.sub(r"[./]", "", first).upper()
    for prefix in rules_for(style, on).forms["signing_prefixes"]:
        if re.sub(r"[./]", "", prefix) == core and first.upper() != prefix:  # "tm." is TM. in lower case
            return f"{prefix} {rest.strip()}".strip()
    return None


def signing_advice(authority: str | None, style: str, on: date) -> list[TextWarning]:
    """A warning for a signing line written in the other style's form ("TM. BAN THƯỜNG VỤ"
    in a Party document): the documents print the style's form (common.signature_context),
    and the clerk is told, so that the data file can be corrected."""
    fixed = signing_form(authority, style, on) if authority else None
    if fixed is None:
        return []
    from .wording import upper_vi

    fixed = upper_vi(fixed)  # as printed
    return [
        TextWarning(
            "signer.authority",
            f"theo {text_in_force(style, on)}, dòng quyền hạn ký viết “{fixed}”, không viết “{authority}”; "
            "văn bản đã in theo cách viết đúng. Sửa lại tệp dữ liệu cho khớp.",
        )
    ]


@cache
def award_rules() -> dict[str, Any]:
    """Money and default wording of commendations, as dated entries (rules/awards.toml)."""
    text = (resources.files("draftkit") / "rules" / "awards.toml").read_text(encoding="utf-8")
    data: dict[str, Any] = _toml.loads(text)
    return data


def in_force(entries: list[dict[str, Any]], on: date) -> dict[str, Any] | None:
    """The entry with the latest ``from`` on or before ``on``."""
    valid = [e for e in entries if e["from"] <= on]
    return max(valid, key=lambda e: e["from"]) if valid else None
