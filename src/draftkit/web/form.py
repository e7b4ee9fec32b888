"""The web form, generated from the same field specs as the interview.

Nothing here is written per field: :func:`render_section` walks a document's pydantic
model through :func:`draftkit.interview.fields.field_spec` (the Vietnamese label, hint,
example, default, "long text" flag of each field) and emits one control per scalar, a
fieldset per nested model and an ordered, editable block per list. :func:`read_form`
does the reverse with the interview's own parsers (dates, Vietnamese numbers, grouped
whole numbers), so a value typed in the page means what it means at the prompt.

Control names are key paths with dots (``results.0.indicators.1.value``); a validation
problem's field (``results[0].indicators[1].value``) maps onto them with
:func:`form_path`, so each message is shown beside its control.

Pure functions of (model, answers, errors): no web framework is imported here, so the
form is table-tested without a server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from pydantic import BaseModel, ValidationError

from draftkit.choices import choice_line, without_keys
from draftkit.errors import Problem
from draftkit.interview.fields import (
    FieldSpec,
    example_text,
    field_spec,
    model_order,
    plain,
    worded_example,
)
from draftkit.interview.parsers import (
    NUMBER_HINT,
    AnswerError,
    date_hint,
    format_day,
    parse_date,
    parse_quantity,
    ungroup_integer,
)
from draftkit.validation import problem_from_error
from draftkit.wording import format_number

__all__ = [
    "ACTIONS",
    "Control",
    "apply_action",
    "controls",
    "display_value",
    "field_words",
    "form_path",
    "hint_text",
    "read_form",
    "read_list_field",
    "render_list",
    "render_section",
]

ACTIONS = ("add", "del", "up", "down")
# Hidden inputs of a list shown a page at a time: the first index and the number of items.
WINDOW_FIRST = "__first"
WINDOW_COUNT = "__count"

# What the page says where the terminal says "Enter": a blank box is the same answer.
OPTIONAL_NOTE = "Không bắt buộc: để trống nếu không có."


@dataclass(frozen=True)
class Control:
    """One control of the form, as the page shows it (for tests and the summary)."""

    path: str
    label: str
    kind: str
    required: bool
    hint: str
    value: str


def form_path(field: str | None) -> str:
    """``results[0].indicators[1].value`` → ``results.0.indicators.1.value``."""
    return re.sub(r"\[(\d+)\]", r".\1", field or "").strip(".")


def field_words(model: type[BaseModel] | None, field: str | None) -> str:
    """A problem's field as the clerk reads it, from the labels the form shows:
    ``results[0].indicators[1].value`` → "Lĩnh vực 1 › Chỉ tiêu 2 › Kết quả năm nay".
    A name the model does not have is left out, never shown as it is spelled in code."""
    words: list[str] = []
    owner = model
    spec: FieldSpec | None = None
    for part in (p for p in form_path(field).split(".") if p):
        if part.isdigit():
            if spec is not None and words:
                words[-1] = f"{spec.item_label} {int(part) + 1}"
            continue
        if owner is None or part not in owner.model_fields:
            break
        spec = field_spec(owner, part)
        words.append(spec.label)
        owner = spec.model or _model_within(owner.model_fields[part].annotation)
    return " › ".join(words)


def _model_within(annotation: Any) -> type[BaseModel] | None:
    """The model a field's type holds somewhere (``list[Awardee] | str`` → Awardee)."""
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_within(arg)
        if found is not None:
            return found
    return None


def hint_text(spec: FieldSpec, year: int | None = None, example: str | None = None) -> str:
    """The interview's hint for ``spec``, less what only a terminal needs (Enter, /e);
    a date's example is in ``year`` (the document's, else this year), as the interview's;
    ``example``: the interview's example for the document's style and date, when it has one
    (else the model's own)."""
    parts: list[str] = []
    if spec.kind == "choice":
        rest = without_keys(spec.description, spec.choices)  # the interview's: no English keys
        if rest:
            parts.append(rest)
    elif spec.description and spec.kind != "date":
        parts.append(spec.description)
    example = example or worded_example(spec)
    if example:
        parts.append(f"Ví dụ: {example}.")
    if spec.kind == "date":
        parts.append(date_hint(year if year is not None else date.today().year))
    elif spec.kind == "number":
        parts.append(NUMBER_HINT)
    if not spec.required and spec.kind not in ("model", "model_list", "choice", "list"):
        parts.append(OPTIONAL_NOTE)
    return " ".join(parts)


def display_value(kind: str, value: Any) -> str:
    """A stored answer as the box shows it: dates dd/mm/yyyy, numbers the Vietnamese way."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_day(value)
    if kind == "number" and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_number(Decimal(str(value)))
    return str(value)


@dataclass(frozen=True)
class Asked:
    """What a control's default and hint depend on besides its field: today (a date's
    default), the document's style and date (the interview's examples follow them: no
    huyện after 01/7/2025, the Party's own numbering)."""

    today: date
    style: str | None = None
    day: date | None = None

    @classmethod
    def of(cls, answers: Mapping[str, Any], today: date) -> Asked:
        signed = answers.get("date")
        style = answers.get("style")
        return cls(today, style if isinstance(style, str) else None, signed if isinstance(signed, date) else today)

    def example(self, owner: type[BaseModel], spec: FieldSpec) -> str | None:
        """The interview's example (Interview._example): styled and dated where it has one."""
        if spec.kind == "date":
            return None
        field = owner.model_fields.get("document")
        kinds = tuple(getattr(field.annotation, "__args__", ())) if field is not None else ()
        document = str(kinds[0]) if len(kinds) == 1 else None
        return example_text(owner.__name__, spec.name, self.style, self.day or self.today, document)


def _default_shown(spec: FieldSpec, today: date) -> Any:
    # The interview's defaults (Interview.ask_scalar): today for a date, a choice's or a
    # text's own default ("Giấy khen"); Enter there is an untouched box here.
    if spec.kind == "date":
        return today
    if spec.kind == "choice" or isinstance(spec.default, str):
        return spec.default
    return None


# --- rendering -----------------------------------------------------------------------


def _ident(path: str) -> str:
    """The element id of the control (or block) at ``path``: what the summary links to."""
    return "f-" + escape(path.replace(".", "-"))


def _errors_html(errors: Mapping[str, list[Problem]], path: str, shown: str = "") -> str:
    """The problems of the control at ``path``; ``shown``: the hint under the box, whose
    words a problem's "Gợi ý" does not say a second time."""
    found = errors.get(path, [])
    if not found:
        return ""
    items = "".join(
        f"<li>{escape(p.message)}"
        + (f"<br><span class=hint-fix>Gợi ý: {escape(p.hint)}</span>" if p.hint and p.hint not in shown else "")
        + "</li>"
        for p in found
    )
    return f'<ul class="errors" id="err-{escape(path)}" role="alert">{items}</ul>'


def _button(action: str, path: str, text: str, title: str) -> str:
    # An arrow alone says nothing to a screen reader: a move is named by its title.
    named = f' aria-label="{escape(title)}"' if action in ("up", "down") else ""
    return (
        f'<button type="submit" class="act act-{action}" name="_action" value="{action}:{escape(path)}" '
        f'title="{escape(title)}"{named} formnovalidate>{escape(text)}</button>'
    )


def _item_tools(path: str, index: int, count: int, label: str) -> str:
    here = f"{path}.{index}"
    tools = []
    if index > 0:
        tools.append(_button("up", here, "↑ Lên", f"Chuyển {label} {index + 1} lên"))
    if index < count - 1:
        tools.append(_button("down", here, "↓ Xuống", f"Chuyển {label} {index + 1} xuống"))
    tools.append(_button("del", here, "✕ Xóa", f"Xóa {label} {index + 1}"))
    return f'<span class="tools">{"".join(tools)}</span>'


def _scalar_html(
    spec: FieldSpec,
    path: str,
    value: Any,
    errors: Mapping[str, list[Problem]],
    at: Asked,
    label: str | None = None,
    example: str | None = None,
    tools: str = "",
) -> str:
    """One box, its label, hint and problems; ``tools``: a list item's buttons, after the
    box so that Tab reaches the box first."""
    shown_value = value if value is not None else _default_shown(spec, at.today)
    text = display_value(spec.kind, shown_value)
    ident = _ident(path)
    invalid = ' aria-invalid="true"' if errors.get(path) else ""
    if spec.kind == "choice":
        options = []
        if not spec.required and spec.default is None:
            options.append('<option value="">(bỏ trống)</option>')
        for choice in spec.choices:
            shown = choice_line(choice)  # in Vietnamese, as the interview lists it
            selected = " selected" if text == choice else ""
            options.append(f'<option value="{escape(choice)}"{selected}>{escape(shown)}</option>')
        control = f'<select id="{ident}" name="{escape(path)}"{invalid}>{"".join(options)}</select>'
    elif spec.multiline:
        control = f'<textarea id="{ident}" name="{escape(path)}" rows="3"{invalid}>{escape(text)}</textarea>'
    else:
        mode = {"int": "numeric", "number": "decimal"}.get(spec.kind, "text")
        placeholder = ' placeholder="ngày/tháng/năm"' if spec.kind == "date" else ""
        control = (
            f'<input id="{ident}" name="{escape(path)}" type="text" inputmode="{mode}" '
            f'value="{escape(text)}"{placeholder}{invalid}>'
        )
    hint = hint_text(spec, at.today.year, example)
    star = ' <span class="req" title="bắt buộc">*</span>' if spec.required else ""
    return (
        f'<div class="field kind-{spec.kind}" data-path="{escape(path)}">'
        f'<label for="{ident}">{escape(label or spec.label)}{star}</label>{control}{tools}'
        + (f'<p class="hint">{escape(hint)}</p>' if hint else "")
        + _errors_html(errors, path, hint)
        + "</div>"
    )


def _model_fields_html(model: type[BaseModel], path: str, data: Any, errors: Mapping[str, list[Problem]], at: Asked) -> str:
    values = data if isinstance(data, dict) else {}
    prefix = f"{path}." if path else ""
    return "".join(_field_html(model, name, f"{prefix}{name}", values.get(name), errors, at) for name in model_order(model))


def _field_html(owner: type[BaseModel], name: str, path: str, value: Any, errors: Mapping[str, list[Problem]], at: Asked) -> str:
    spec = field_spec(owner, name)
    if spec.kind == "model" and spec.model is not None:
        inner = _model_fields_html(spec.model, path, value, errors, at)
        return (
            f'<fieldset class="model" data-path="{escape(path)}" id="{_ident(path)}"><legend>{escape(spec.label)}</legend>'
            + (f'<p class="hint">{escape(hint_text(spec))}</p>' if hint_text(spec) else "")
            + _errors_html(errors, path)
            + inner
            + "</fieldset>"
        )
    if spec.kind in ("model_list", "list"):
        return _list_html(spec, path, value, errors, at)
    return _scalar_html(spec, path, value, errors, at, example=at.example(owner, spec))


def _list_html(
    spec: FieldSpec, path: str, value: Any, errors: Mapping[str, list[Problem]], at: Asked, window: range | None = None
) -> str:
    items = value if isinstance(value, list) else []
    visible = range(len(items)) if window is None else range(max(window.start, 0), min(window.stop, len(items)))
    parts = [
        f'<fieldset class="list kind-{spec.kind}" data-path="{escape(path)}" id="{_ident(path)}">'
        f"<legend>{escape(spec.label)}"
        + (' <span class="req" title="cần ít nhất một mục">*</span>' if spec.min_items else "")
        + "</legend>"
    ]
    hint = hint_text(spec)
    if hint:
        parts.append(f'<p class="hint">{escape(hint)}</p>')
    parts.append(_errors_html(errors, path))
    item_spec = _item_spec(spec)
    if window is not None:
        # Which items this page holds: the reader merges exactly these into the list.
        parts.append(
            f'<input type="hidden" name="{escape(path)}.{WINDOW_FIRST}" value="{visible.start}">'
            f'<input type="hidden" name="{escape(path)}.{WINDOW_COUNT}" value="{len(visible)}">'
        )
    for index in visible:
        item = items[index]
        here = f"{path}.{index}"
        title = f"{spec.item_label} {index + 1}"
        tools = _item_tools(path, index, len(items), spec.item_label.lower())
        if spec.kind == "model_list" and spec.model is not None:
            body = _model_fields_html(spec.model, here, item, errors, at)
            parts.append(
                f'<div class="item" data-path="{escape(here)}" id="i-{escape(here)}">'
                f'<div class="item-head"><strong>{escape(title)}</strong>{tools}</div>'
                + _errors_html(errors, here)
                + body
                + "</div>"
            )
        elif isinstance(item, dict):
            # plan.tasks: a task with its own heading, written in a data file; kept whole.
            shown = str(item.get("heading", ""))
            parts.append(
                f'<div class="item" data-path="{escape(here)}"><div class="item-head"><strong>{escape(title)}</strong>{tools}</div>'
                f'<input type="hidden" name="{escape(here)}.__json" value="{escape(json.dumps(plain(item), ensure_ascii=False, default=str))}">'
                f"<p>{escape(shown)} <em>(nhiệm vụ có đề mục riêng: sửa trong tệp dữ liệu)</em></p>"
                + _errors_html(errors, here)
                + "</div>"
            )
        else:
            parts.append(
                f'<div class="item" data-path="{escape(here)}" id="i-{escape(here)}">'
                + _scalar_html(item_spec, here, item, errors, at, label=title, tools=tools)
                + "</div>"
            )
    parts.append(_button("add", path, f"+ Thêm {spec.item_label.lower()}", f"Thêm {spec.item_label.lower()}"))
    parts.append("</fieldset>")
    return "".join(parts)


def _item_spec(spec: FieldSpec) -> FieldSpec:
    """One item of a list of scalars, asked as the interview asks it."""
    return FieldSpec(
        name=spec.name,
        label=spec.item_label,
        kind=spec.item_kind,
        required=True,
        multiline=spec.multiline,
        adapter=spec.item_adapter,
    )


def render_section(model: type[BaseModel], name: str, answers: Mapping[str, Any], errors: Mapping[str, list[Problem]], today: date) -> str:
    """The HTML of one top-level section of a document's form."""
    return _field_html(model, name, name, answers.get(name), errors, Asked.of(answers, today))


def controls(model: type[BaseModel], sections: Iterable[str], answers: Mapping[str, Any], today: date) -> list[Control]:
    """Every scalar control the form shows for ``answers``, in page order (for tests)."""
    found: list[Control] = []

    def walk(owner: type[BaseModel], names: Iterable[str], prefix: str, data: Any) -> None:
        values = data if isinstance(data, dict) else {}
        for name in names:
            spec = field_spec(owner, name)
            path = f"{prefix}{name}"
            value = values.get(name)
            if spec.kind == "model" and spec.model is not None:
                walk(spec.model, model_order(spec.model), f"{path}.", value)
            elif spec.kind in ("model_list", "list"):
                found.append(Control(path, spec.label, spec.kind, spec.min_items > 0, hint_text(spec), ""))
                for index, item in enumerate(value if isinstance(value, list) else []):
                    if spec.kind == "model_list" and spec.model is not None:
                        walk(spec.model, model_order(spec.model), f"{path}.{index}.", item)
                    elif not isinstance(item, dict):
                        found.append(Control(f"{path}.{index}", spec.item_label, spec.item_kind, True, "", display_value(spec.item_kind, item)))
            else:
                shown = value if value is not None else _default_shown(spec, today)
                found.append(Control(path, spec.label, spec.kind, spec.required, hint_text(spec), display_value(spec.kind, shown)))

    walk(model, sections, "", answers)
    return found


# --- reading ---------------------------------------------------------------------------


def _indices(form: Mapping[str, str], path: str) -> list[int]:
    pattern = re.compile(rf"{re.escape(path)}\.(\d+)(?:\.|$)")
    found = {int(m.group(1)) for key in form if (m := pattern.match(key))}
    return sorted(found)


def _convert(
    owner: type[BaseModel], spec: FieldSpec, path: str, raw: str, siblings: dict[str, Any], problems: list[Problem], typed_unit: str | None = None
) -> Any:
    """One typed answer, as the interview converts it; the raw text when it cannot be."""
    answer = raw.strip()
    try:
        if spec.kind == "int":
            value: Any = ungroup_integer(answer)
        elif spec.kind == "number":
            number, unit = parse_quantity(answer)
            if unit is not None:
                # The unit box as typed (it may come after the figure on the page).
                current = (typed_unit or "").strip() or siblings.get("unit")
                if "unit" not in owner.model_fields or (current and str(current).strip() != unit):
                    raise AnswerError(
                        f"“{answer}” có dấu %, nhưng đơn vị tính đã nhập là “{current}”." if current else f"“{answer}” có dấu %, ở đây chỉ cần con số.",
                        "Gõ con số không có dấu %, hoặc sửa đơn vị tính thành “%”.",
                    )
                siblings["unit"] = unit
            value = number
        elif spec.kind == "date":
            value = parse_date(answer)
        elif spec.kind == "choice":
            if answer not in spec.choices:
                raise AnswerError(f"Chọn một trong: {', '.join(spec.choices)}; không phải “{answer}”.")
            value = answer
        else:
            value = answer
    except AnswerError as bad:
        problems.append(Problem(bad.message, field=path, hint=bad.hint))
        return answer  # kept as typed: the draft loses nothing
    if spec.adapter is None or spec.kind == "text":
        return value
    try:
        return plain(spec.adapter.validate_python(value))
    except ValidationError as exc:
        for err in exc.errors():
            problem = problem_from_error({**err, "loc": (spec.name, *err["loc"])}, owner, None)
            problems.append(Problem(problem.message, field=path, hint=problem.hint))
        return answer


def _read_model(model: type[BaseModel], names: Iterable[str], prefix: str, form: Mapping[str, str], problems: list[Problem]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in names:
        spec = field_spec(model, name)
        path = f"{prefix}{name}"
        if spec.kind == "model" and spec.model is not None:
            inner = _read_model(spec.model, model_order(spec.model), f"{path}.", form, problems)
            if inner:
                data[name] = inner
        elif spec.kind in ("model_list", "list"):
            data[name] = _read_list(model, spec, path, form, problems)
        elif path in form:
            raw = form[path]
            if raw.strip():
                data[name] = _convert(model, spec, path, raw, data, problems, form.get(f"{prefix}unit"))
    return data


def _read_list(model: type[BaseModel], spec: FieldSpec, path: str, form: Mapping[str, str], problems: list[Problem]) -> list[Any]:
    items: list[Any] = []
    for index in _indices(form, path):
        here = f"{path}.{index}"
        if spec.kind == "model_list" and spec.model is not None:
            items.append(_read_model(spec.model, model_order(spec.model), f"{here}.", form, problems))
        elif f"{here}.__json" in form:
            try:
                items.append(json.loads(form[f"{here}.__json"]))
            except ValueError:
                continue
        elif here in form:
            raw = form[here]
            # An added, still empty item stays (its box stays on the page); the
            # check at "Tạo văn bản" names it.
            items.append(_convert(model, _item_spec(spec), here, raw, {}, problems) if raw.strip() else "")
    return items


def read_list_field(
    model: type[BaseModel], spec: FieldSpec, form: Mapping[str, str], current: list[Any] | None = None
) -> tuple[list[Any], list[Problem]]:
    """The items of one list shown with a spec of its own (``spec.name`` is its path).

    A page of a long list (its window marked in the form) is merged into ``current``: the
    items it showed are replaced by what was posted, the others are kept as they are."""
    problems: list[Problem] = []
    path = spec.name
    first, count = form.get(f"{path}.{WINDOW_FIRST}"), form.get(f"{path}.{WINDOW_COUNT}")
    if first is None or count is None or not first.isdigit() or not count.isdigit() or current is None:
        return _read_list(model, spec, path, form, problems), problems
    items = list(current)
    window = range(int(first), min(int(first) + int(count), len(items)))
    for index in window:
        here = f"{path}.{index}"
        if spec.kind == "model_list" and spec.model is not None:
            items[index] = _read_model(spec.model, model_order(spec.model), f"{here}.", form, problems)
        elif here in form:
            raw = form[here]
            items[index] = _convert(model, _item_spec(spec), here, raw, {}, problems) if raw.strip() else ""
    return items, problems


def render_list(
    spec: FieldSpec, answers: Mapping[str, Any], errors: Mapping[str, list[Problem]], today: date, window: range | None = None
) -> str:
    """The HTML of a top-level list shown with a spec of its own (``spec.name`` is its path);
    ``window``: only these items (a page of a long list), under their own indices."""
    return _list_html(spec, spec.name, answers.get(spec.name), errors, Asked.of(answers, today), window)


def read_form(model: type[BaseModel], sections: Iterable[str], form: Mapping[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    """The answers a posted form holds (as the interview stores them) and what could not
    be read (a date that is no date, "1,500"...), each named by its control's path."""
    problems: list[Problem] = []
    answers = _read_model(model, sections, "", form, problems)
    return answers, problems


# --- list actions ---------------------------------------------------------------------


def _container(answers: dict[str, Any], parts: list[str]) -> Any:
    node: Any = answers
    for part in parts:
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                return None
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def apply_action(
    model: type[BaseModel], answers: dict[str, Any], action: str, specs: Mapping[str, FieldSpec] | None = None
) -> str | None:
    """Add, remove or move a list item (``add:results.0.indicators``, ``up:recipients.2``).

    Returns the anchor to scroll to, or None for an action that names nothing (ignored).
    """
    verb, _, path = action.partition(":")
    parts = [p for p in path.split(".") if p]
    if verb not in ACTIONS or not parts:
        return None
    if verb == "add":
        owner = (specs or {}).get(parts[0]) if len(parts) == 1 else None
        owner = owner or _owner_spec(model, parts)
        if owner is None or owner.kind not in ("list", "model_list"):
            return None
        parent = _container(answers, parts[:-1]) if len(parts) > 1 else answers
        if not isinstance(parent, dict):
            # A new item inside an item that is not there yet (absent nested model).
            return None
        items = parent.get(parts[-1])
        if not isinstance(items, list):
            items = []
            parent[parts[-1]] = items
        items.append({} if owner.kind == "model_list" else "")
        return f"i-{path}.{len(items) - 1}"
    if not parts[-1].isdigit():
        return None
    items = _container(answers, parts[:-1])
    index = int(parts[-1])
    if not isinstance(items, list) or index >= len(items):
        return None
    list_path = ".".join(parts[:-1])
    if verb == "del":
        del items[index]
        return _ident(list_path)
    target = index - 1 if verb == "up" else index + 1
    if not 0 <= target < len(items):
        return None
    items[index], items[target] = items[target], items[index]
    return f"i-{list_path}.{target}"


def _owner_spec(model: type[BaseModel], parts: list[str]) -> FieldSpec | None:
    """The spec of the field at ``parts`` (indices skipped), or None when there is none."""
    owner: type[BaseModel] | None = model
    spec: FieldSpec | None = None
    for part in parts:
        if part.isdigit():
            continue
        if owner is None or part not in owner.model_fields:
            return None
        spec = field_spec(owner, part)
        owner = spec.model
    return spec
