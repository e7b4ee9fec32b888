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
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from draftkit.choices import choice_name
from draftkit.errors import InputError
from draftkit.models import DocumentData
from draftkit.wording import format_number, money_figure

from .fields import FieldSpec, field_spec, model_order, short
from .parsers import format_day

__all__ = ["ReviewNode", "add_field", "print_preview", "review_tree", "value_text"]

# Adds one top-level section under the tree, given its numbered label.
ReviewNode = Callable[[Tree, str], None]


def value_text(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return "(bỏ trống)"
    if spec.kind == "choice":
        return choice_name(value)  # in Vietnamese, as the question named it
    if isinstance(value, date):
        return format_day(value)
    if spec.kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(Decimal(str(value)))
    if spec.kind == "int" and is_money(spec) and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return money_figure(value)  # 540.000 đồng, as Điều 2 prints it
    if isinstance(value, dict):  # a structured plan task from a hand-edited draft
        return short(str(value.get("heading", value)))
    return short(str(value))


def is_money(spec: FieldSpec) -> bool:
    """A sum of money: the model says so (its ``unit`` hint), whatever its label reads."""
    return spec.unit == "đồng"


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


def print_preview(console: Console, build: Callable[[], DocumentData]) -> bool:
    """Print the text of the document(s) the answers make, numbered as they will read.

    ``build`` gives the validated model (awardees read in); where it cannot be built yet,
    what is missing is printed instead. False when nothing could be shown.
    """
    from draftkit.preview import document_preview

    try:
        lines = document_preview(build())
    except InputError as missing:
        console.print(Text("Chưa xem được văn bản: " + missing.message, style="red"))
        for problem in missing.problems:
            where = problem.location()
            console.print(Text(f"  ✗ {problem.message}" + (f" ({where})" if where else ""), style="red"))
        console.print(Text("  Chọn s để sửa phần có lỗi.", style="dim"))
        return False
    console.print()
    console.print(Text("Văn bản sẽ in như sau (mỗi số là một đoạn):", style="bold underline"))
    for line in lines:
        if line.number is None:
            console.print()
            console.print(Text(f"── {line.text} ──", style="bold magenta"))
        else:
            console.print(Text(f"{line.number:>3}. ", style="dim") + Text(line.text))
    return True
