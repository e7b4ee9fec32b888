"""The format rules are data: picked by style and date, readable by builder and checker."""

from __future__ import annotations

from datetime import date

import pytest

from draftkit.rules import STYLES, all_rule_sets, award_rules, in_force, rule_sets, rules_for


@pytest.mark.parametrize(
    ("style", "on", "expected"),
    [
        ("state", date(2023, 12, 12), "nd30-2020"),
        ("state", date(2019, 1, 1), "nd30-2020"),  # before the decree: the oldest set we have
        ("party", date(2023, 12, 12), "hd36-2018"),
        ("party", date(2026, 5, 26), "hd36-2018"),
        ("party", date(2026, 5, 27), "hd05-2026"),
        ("party", None, "hd05-2026"),
    ],
)
def test_rule_set_in_force(style: str, on: date | None, expected: str) -> None:
    assert rules_for(style, on).id == expected


def test_every_rule_set_is_complete() -> None:
    required = {
        "state": {"national_title", "motto"},
        "party": {"party_title", "asterisk"},
    }
    common = {
        "parent_body", "issuer", "number", "place_date", "doc_type", "subject", "part_label", "part_title",
        "heading1", "heading2", "heading3", "authority_line", "basis", "article", "attachment_ref",
        "recipients_label", "recipients", "signer_authority", "signer_title", "signer_name",
    }  # fmt: skip
    for rules in all_rule_sets():
        assert common | required[rules.style] <= set(rules.elements), rules.id
        for element in rules.elements.values():
            low, high = element.sizes
            assert low <= element.size <= high, (rules.id, element.name)
        margins = rules.margins_mm
        for side in ("top", "bottom", "left", "right"):
            low, high = rules.page[f"margin_{side}_mm"]
            assert low <= margins[side] <= high, (rules.id, side)
        assert rules.forms["ending"] in ("./.", ".")


@pytest.mark.parametrize("style", STYLES)
def test_a_rule_set_lives_in_its_style_folder(style: str) -> None:
    # rules_for reads only the document's style folder, so a file in the wrong one would
    # never apply, or apply to the wrong style.
    sets = rule_sets(style)
    assert sets, style
    assert {rules.style for rules in sets} == {style}
    assert [rules.valid_from for rules in sets] == sorted(rules.valid_from for rules in sets)


def test_an_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown style"):
        rules_for("province")


def test_money_rules_by_date() -> None:
    salaries = award_rules()["base_salary"]
    assert in_force(salaries, date(2023, 12, 14))["amount"] == 1_800_000
    assert in_force(salaries, date(2024, 7, 1))["amount"] == 2_340_000
    assert in_force(salaries, date(2026, 7, 1))["amount"] == 2_530_000
    assert in_force(salaries, date(2019, 6, 30)) is None
