"""What the interview knows of a pydantic model: one question per field, plain answers.

:func:`field_spec` reads a field's Vietnamese label, hint, example, default and flags
(``item``, ``multiline``) from its metadata; :func:`plain` and :func:`prune` turn validated
values into what a data file stores; :func:`revive` types a loaded file or draft again.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from draftkit.wording import format_number

__all__ = [
    "FIXED_KEYS",
    "REFORM_DAY",
    "FieldSpec",
    "Kind",
    "example_text",
    "field_spec",
    "model_order",
    "plain",
    "prune",
    "revive",
    "short",
    "whole_number_hint",
]

# Keys of every data file that the interview never asks: set once per document kind.
FIXED_KEYS = frozenset({"version", "document"})

Kind = Literal["text", "int", "number", "date", "choice", "model", "model_list", "list"]


@dataclass(frozen=True)
class FieldSpec:
    """Everything the engine needs to ask one model field, read from its metadata."""

    name: str
    label: str
    kind: Kind
    required: bool
    default: Any = None
    description: str | None = None
    example: Any = None
    multiline: bool = False
    unit: str | None = None  # a model's ``unit`` hint: "đồng" for a sum of money
    item_label: str = ""
    item_kind: Kind = "text"  # the scalar kind of one item of a "list"
    min_items: int = 0
    choices: tuple[str, ...] = ()
    explanations: dict[str, str] = field(default_factory=dict)
    model: type[BaseModel] | None = None
    adapter: TypeAdapter[Any] | None = None  # the whole field, as the data file has it
    item_adapter: TypeAdapter[Any] | None = None  # one item of a list


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _without_none(annotation: Any) -> Any:
    annotation = _unwrap(annotation)
    if _is_union(annotation):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _scalar_kind(annotation: Any) -> Kind:
    annotation = _without_none(annotation)
    if _is_union(annotation):
        # A union such as plan.tasks (text or {heading, paragraphs}) is typed as text.
        members = [_unwrap(a) for a in get_args(annotation)]
        if str in members:
            return "text"
        annotation = next(m for m in members if m is not type(None))
    if get_origin(annotation) is Literal:
        return "choice"
    if annotation is bool:  # pragma: no cover - no yes/no field in the contract yet
        return "choice"
    if isinstance(annotation, type):
        if issubclass(annotation, int):
            return "int"
        if issubclass(annotation, (Decimal, float)):
            return "number"
        if issubclass(annotation, date):
            return "date"
    return "text"


def _min_length(metadata: list[Any]) -> int:
    for item in metadata:
        value = getattr(item, "min_length", None)
        if isinstance(value, int):
            return value
    return 0


def _explanations(description: str | None, choices: tuple[str, ...]) -> dict[str, str]:
    """"state: văn bản hành chính (...); party: ..." → one explanation per choice."""
    found: dict[str, str] = {}
    for choice in choices:
        match = re.search(rf"(?:^|[;\n])\s*{re.escape(choice)}\s*:\s*([^;\n]+)", description or "")
        if match:
            found[choice] = match.group(1).strip().rstrip(".")
    return found


@cache
def field_spec(model: type[BaseModel], name: str) -> FieldSpec:
    """The question for field ``name`` of ``model``."""
    info = model.model_fields[name]
    annotation = info.annotation
    # The field's own constraints (min_length, pattern...) ride along as Annotated metadata.
    params: Any = (annotation, *info.metadata)
    full: Any = Annotated[params] if info.metadata else annotation
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    label = info.title or name
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    common: dict[str, Any] = {
        "name": name,
        "label": label,
        "required": info.is_required(),
        "default": default,
        "description": info.description,
        "example": info.examples[0] if info.examples else None,
        "multiline": bool(extra.get("multiline", False)),
        "unit": str(extra["unit"]) if extra.get("unit") else None,
        "item_label": str(extra.get("item", label)),
        "adapter": TypeAdapter(full),
    }
    inner = _without_none(annotation)
    if _is_model(inner):
        return FieldSpec(kind="model", model=inner, **common)
    if get_origin(inner) is list:
        item = get_args(inner)[0]
        items: dict[str, Any] = {"min_items": _min_length(info.metadata), "item_adapter": TypeAdapter(item)}
        if _is_model(_unwrap(item)):
            return FieldSpec(kind="model_list", model=_unwrap(item), **items, **common)
        return FieldSpec(kind="list", item_kind=_scalar_kind(item), **items, **common)
    kind = _scalar_kind(inner)
    if kind == "choice":
        choices = tuple(str(c) for c in get_args(inner))
        return FieldSpec(
            kind=kind,
            choices=choices,
            explanations=_explanations(info.description, choices),
            **common,
        )
    return FieldSpec(kind=kind, **common)


def plain(value: Any) -> Any:
    """A validated value as the data file stores it (numbers as int/float, dates kept)."""
    if isinstance(value, BaseModel):
        return plain(value.model_dump(exclude_defaults=True))
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        # Past float precision the exact digits are kept as Vietnamese text ("1.520,4..."),
        # which the model reads too.
        return as_float if Decimal(repr(as_float)) == value else format_number(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def prune(value: Any) -> Any:
    """Drop "answered empty" markers (None, [], {}): absent keys take the model default."""
    if isinstance(value, dict):
        pruned = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


def revive(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """Answers read back from a draft, with values typed as the interview stores them.

    YAML gives dates as text (the loader keeps them so); each value that its field type
    accepts is converted, anything else is left for the questions and checks to catch.
    """
    revived: dict[str, Any] = {}
    for name, value in data.items():
        if name not in model.model_fields:
            continue
        spec = field_spec(model, name)
        if spec.kind == "model" and spec.model is not None and isinstance(value, dict):
            revived[name] = revive(spec.model, value)
        elif spec.kind == "model_list" and spec.model is not None and isinstance(value, list):
            item_model = spec.model
            revived[name] = [revive(item_model, v) if isinstance(v, dict) else v for v in value]
        elif spec.kind == "list" and isinstance(value, list):
            revived[name] = [_typed(spec.item_adapter, v) for v in value]
        elif value is None:
            revived[name] = None
        else:
            revived[name] = _typed(spec.adapter, value)
    return revived


def _typed(adapter: TypeAdapter[Any] | None, value: Any) -> Any:
    if adapter is None:  # pragma: no cover - every field has one
        return value
    try:
        return plain(adapter.validate_python(value))
    except ValidationError:
        return value


def model_order(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` in declaration order, fixed keys left out.

    A document's top-level sections have an order of their own (see ``DocumentKind``);
    nested models are asked as they are declared.
    """
    return tuple(n for n in model.model_fields if n not in FIXED_KEYS)


def short(text: str, limit: int = 70) -> str:
    """One line of at most ``limit`` characters, for prompts and the review."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# --- examples that follow the style and the date

# The local government reform: no cấp huyện from 01/7/2025 (Luật Tổ chức chính quyền địa
# phương số 72/2025/QH15; shared/reference/legal-2026.md). A document dated from then is
# written by a tỉnh or a xã, so its examples are too.
REFORM_DAY = date(2025, 7, 1)

# (owner, field) -> examples by (style, after the reform). One example, or a list of items.
_STYLED_EXAMPLES: dict[tuple[str, str], dict[tuple[str, bool], str | list[str]]] = {
    ("Issuer", "parent"): {
        ("state", False): "UBND TỈNH THANH HÓA",
        ("state", True): "UBND TỈNH THANH HÓA",
        ("party", False): "ĐẢNG BỘ TỈNH THANH HÓA",
        ("party", True): "ĐẢNG BỘ TỈNH THANH HÓA",
    },
    ("Issuer", "name"): {
        ("state", False): "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
        ("state", True): "ỦY BAN NHÂN DÂN XÃ NGỌC LẶC",
        ("party", False): "HUYỆN ỦY NGỌC LẶC",
        ("party", True): "ĐẢNG ỦY XÃ NGỌC LẶC",
    },
    ("Issuer", "code"): {
        ("state", False): "UBND",
        ("state", True): "UBND",
        ("party", False): "HU",
        ("party", True): "ĐU",
    },
    ("Signer", "authority"): {
        ("state", False): "TM. ỦY BAN NHÂN DÂN",
        ("state", True): "TM. ỦY BAN NHÂN DÂN",
        ("party", False): "T/M BAN THƯỜNG VỤ",
        ("party", True): "T/M ĐẢNG ỦY",
    },
    ("Signer", "title"): {
        ("state", False): "CHỦ TỊCH",
        ("state", True): "CHỦ TỊCH",
        ("party", False): "BÍ THƯ",
        ("party", True): "BÍ THƯ",
    },
    ("ReportData", "opening"): {
        ("state", False): "Ủy ban nhân dân huyện báo cáo kết quả ... như sau:",
        ("state", True): "Ủy ban nhân dân xã báo cáo kết quả ... như sau:",
        ("party", False): "Ban Thường vụ Huyện ủy báo cáo kết quả ... như sau:",
        ("party", True): "Ban Thường vụ Đảng ủy xã báo cáo kết quả ... như sau:",
    },
    ("DocumentData", "recipients"): {
        ("state", False): ["Thường trực Huyện ủy", "Lưu: VT, VP"],
        ("state", True): ["Thường trực Đảng ủy xã", "Lưu: VT, VP"],
        ("party", False): ["Ban Thường vụ Tỉnh ủy", "Lưu Văn phòng Huyện ủy"],
        ("party", True): ["Ban Thường vụ Tỉnh ủy", "Lưu Văn phòng Đảng ủy"],
    },
    ("ReportData", "addressees"): {
        ("state", False): ["Ủy ban nhân dân tỉnh Thanh Hóa"],
        ("state", True): ["Ủy ban nhân dân tỉnh Thanh Hóa"],
        ("party", False): ["Ban Thường vụ Tỉnh ủy Thanh Hóa"],
        ("party", True): ["Ban Thường vụ Tỉnh ủy Thanh Hóa"],
    },
    ("AwardsData", "authority"): {
        ("state", False): "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
        ("state", True): "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC LẶC",
        ("party", False): "BAN THƯỜNG VỤ HUYỆN ỦY NGỌC LẶC",
        ("party", True): "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ NGỌC LẶC",
    },
    ("AwardsData", "proposal"): {
        ("state", False): "Xét đề nghị của Trưởng phòng Nội vụ huyện",
        ("state", True): "Xét đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã",
        ("party", False): "Xét đề nghị của Ban Tổ chức Huyện ủy",
        ("party", True): "Xét đề nghị của Văn phòng Đảng ủy",
    },
}
# The number, with the symbol it gets: the example body's code after "/" (Party) or "-" (state).
_NUMBER_EXAMPLES = {("state", False): 285, ("state", True): 285, ("party", False): 125, ("party", True): 45}
_DOCUMENT_CODES = {"report": "BC", "awards": "QĐ"}


def worded_example(spec: FieldSpec) -> str | None:
    """A field's own example (from the model) as the interview and the page show it:
    quoted, numbers the Vietnamese way; None for a date (its hint says the format)."""
    example = spec.example
    if example is None or spec.kind == "date":
        return None
    if isinstance(example, list):
        return "; ".join(f"“{e}”" for e in example)
    if spec.kind == "number" and isinstance(example, (int, float, Decimal)):
        return format_number(Decimal(str(example)))
    if spec.kind == "int":
        # A sum of money as the decision prints it (540.000); a year or a number as typed.
        money = spec.unit == "đồng" and isinstance(example, int)
        return format_number(Decimal(example)) if money else str(example)
    return f"“{example}”"


def example_text(owner: str, name: str, style: str | None, day: date, document: str | None = None) -> str | None:
    """The "Ví dụ" of a question, in the document's style and as of its date; None when the
    field's own example (from the model) serves every style and date.

    ``owner`` is the model's class name, ``day`` the document's date (today until asked).
    """
    key = ("party" if style == "party" else "state", day >= REFORM_DAY)
    if name == "number" and owner in ("ReportData", "AwardsData", "DocumentData"):
        number = _NUMBER_EXAMPLES[key]
        code = _STYLED_EXAMPLES[("Issuer", "code")][key]
        kind = _DOCUMENT_CODES.get(document or "", "BC")
        printed = f"Số {number}-{kind}/{code}" if key[0] == "party" else f"Số: {number}/{kind}-{code}"
        return f"{number} (in ra “{printed}”)"
    if owner == "ReportData" and name == "title":
        # The report's own year and the next one's plan, not the model's fixed 2023/2024.
        year = day.year
        return (
            f"“Tổng kết công tác xây dựng cơ sở và thực hiện Quy chế dân chủ năm {year}, "
            f"phương hướng, nhiệm vụ năm {year + 1}”"
        )
    if owner == "ReportData" and name == "year":
        return str(day.year)
    if (owner, name, document, key[0]) == ("Signer", "authority", "awards", "state"):
        # A Giấy khen decision is the Chủ tịch's own: no "TM." line (vn-document-rules.md §1.5).
        return "“KT. CHỦ TỊCH” khi cấp phó ký thay; bỏ trống khi Chủ tịch ký"
    found = _STYLED_EXAMPLES.get((owner, name)) or (
        _STYLED_EXAMPLES.get(("DocumentData", name)) if owner in ("ReportData", "AwardsData") else None
    )
    if found is None:
        return None
    example = found[key]
    if isinstance(example, list):
        return "; ".join(f"“{item}”" for item in example)
    return f"“{example}”"


def whole_number_hint(owner: str, name: str, style: str | None, day: date, document: str | None = None) -> str | None:
    """The hint of a whole number refused in the interview, with this field's own example
    (the report's year, the document's number) instead of the generic "540000" of money;
    None when the generic hint fits."""
    example = example_text(owner, name, style, day, document)
    if example is None or not example[:1].isdigit():
        return None
    return f"Viết số nguyên bằng chữ số, ví dụ {example.split(' ')[0]}."
