"""The review: everything entered, under the Vietnamese labels, sections numbered.

The numbers are what the user types after "s" to edit a section, so they follow the
document's section order exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from rich.text import Text
from rich.tree import Tree

from draftkit.wording import format_number

from .fields import FieldSpec, field_spec, model_order, short
from .parsers import format_day

__all__ = ["ReviewNode", "add_field", "review_tree", "value_text"]

# Adds one top-level section under the tree, given its numbered label.
ReviewNode = Callable[[Tree, str], None]


def value_text(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return "(bỏ trống)"
    if spec.kind == "choice":
        explained = spec.explanations.get(str(value))
        return f"{value} — {explained}" if explained else str(value)
    if isinstance(value, date):
        return format_day(value)
    if spec.kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(Decimal(str(value)))
    if isinstance(value, dict):  # a structured plan task from a hand-edited draft
        return short(str(value.get("heading", value)))
    return short(str(value))


def add_field(
    node: Tree,
    model: type[BaseModel],
    name: str,
    data: dict[str, Any],
    label: str,
    absent: str | None = None,
) -> None:
    """Add field ``name`` of ``data``; ``absent`` replaces "(bỏ trống)" for a missing value."""
    spec = field_spec(model, name)
    value = data.get(name)
    if value is None and absent is None and isinstance(spec.default, (str, int, float)):
        # Left out of a loaded file: the model's default applies, not a blank.
        absent = f"(mặc định: {value_text(spec, spec.default)})"
    if value is None and absent is not None:
        node.add(Text(label, style="bold") + Text(f": {absent}", style="dim"))
    elif spec.kind == "model":
        branch = node.add(Text(label, style="bold"))
        sub = value if isinstance(value, dict) else {}
        assert spec.model is not None
        for child in model_order(spec.model):
            add_field(branch, spec.model, child, sub, field_spec(spec.model, child).label)
    elif spec.kind in ("list", "model_list"):
        items = value if isinstance(value, list) else []
        if not items:
            node.add(Text(label, style="bold") + Text(": (không có)", style="dim"))
            return
        branch = node.add(Text(label, style="bold"))
        for index, item in enumerate(items, 1):
            if spec.kind == "list":
                branch.add(Text(f"{spec.item_label} {index}: ") + Text(value_text(spec, item)))
                continue
            assert spec.model is not None
            sub = item if isinstance(item, dict) else {}
            leaf = branch.add(Text(f"{spec.item_label} {index}", style="magenta"))
            for child in model_order(spec.model):
                add_field(leaf, spec.model, child, sub, field_spec(spec.model, child).label)
    else:
        node.add(Text(label, style="bold") + Text(": ") + Text(value_text(spec, value)))


def review_tree(
    title: str,
    model: type[BaseModel],
    sections: Sequence[str],
    answers: dict[str, Any],
    custom: Mapping[str, ReviewNode] | None = None,
    absent: Mapping[str, str] | None = None,
) -> Tree:
    """Every section of ``answers`` in ``sections`` order, numbered from 1."""
    tree = Tree(Text(title, style="bold underline"))
    for number, name in enumerate(sections, 1):
        label = f"{number}. {field_spec(model, name).label}"
        node = (custom or {}).get(name)
        if node is not None:
            node(tree, label)
        else:
            add_field(tree, model, name, answers, label, (absent or {}).get(name))
    return tree
