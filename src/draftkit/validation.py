"""Turn parsed data into a typed document model, or list every problem in Vietnamese.

pydantic does the checking; this module only chooses the model from ``document`` and
translates pydantic's errors into :class:`Problem` objects that name the key path, its
Vietnamese label and the line in the file.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .datafile import DataFile, Path_, format_path, normalize
from .errors import InputError, Problem
from .models import DOCUMENT_MODELS, DocumentData

TAGS = {"text", "task", "list", "file"}  # discriminator tags pydantic adds to error locations


def validate(source: DataFile) -> DocumentData:
    """The typed model for ``source``; :class:`InputError` listing all problems otherwise."""
    # NFC here as well as in the loader: answers typed at a prompt or built by another
    # tool reach validation without passing through the file loader.
    data = normalize(source.data)
    kind = data.get("document")
    if not isinstance(kind, str) or kind not in DOCUMENT_MODELS:
        known = ", ".join(DOCUMENT_MODELS)
        if kind is None:
            message = f"Thiếu mục “document” (loại văn bản): một trong {known}."
        else:
            message = f"“document: {kind}” không phải loại văn bản draftkit biết (một trong: {known})."
        raise InputError(
            source.path, [Problem(message, field="document", line=source.line_of(("document",)))]
        )
    model = DOCUMENT_MODELS[kind]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [problem_from_error(err, model, source) for err in exc.errors()]
        problems.sort(key=lambda p: p.line or 0)
        raise InputError(source.path, problems) from None


def clean_loc(loc: tuple[Any, ...]) -> Path_:
    return tuple(part for part in loc if not (isinstance(part, str) and part in TAGS))


def problem_from_error(err: Any, model: type[BaseModel], source: DataFile | None) -> Problem:
    loc = clean_loc(err["loc"])
    kind = err["type"]
    label = field_title(model, loc)
    named = f"“{label}”" if label else "Giá trị"
    value = shown(err.get("input"))
    ctx = err.get("ctx") or {}
    hint = None
    if kind == "missing":
        message = f"Thiếu {named}." if label else "Thiếu một mục bắt buộc."
    elif kind == "extra_forbidden":
        key = loc[-1] if loc else "?"
        message = f"Mục “{key}” không có trong định dạng tệp dữ liệu."
        suggestion = nearest_key(model, loc)
        if suggestion:
            hint = f"Có phải ý bạn là “{suggestion}”?"
    elif kind == "string_type" and err.get("input") is None:
        message = f"{named} đang để trống."
    elif kind in ("string_type",):
        message = f"{named} phải là chữ."
        raw = err.get("input")
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and loc:
            hint = f"Viết trong dấu ngoặc kép, đúng như cần in: {loc[-1]}: \"...\" (số như 0125 cũng vậy)."
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = f"{named} phải là số nguyên (ví dụ 15), không phải “{value}”."
        if isinstance(value, str) and any(mark in value for mark in ".,"):
            hint = _THOUSANDS_HINT
    elif kind in ("decimal_parsing", "decimal_type", "float_parsing", "finite_number"):
        message = f"{named} phải là một số, không phải “{value}”."
        hint = 'Viết số như 1520.4, hoặc kiểu Việt Nam trong dấu ngoặc kép: "1.520,4".'
    elif kind == "vn_number":
        message = f"{named}: {ctx.get('message', '')}"
        hint = ctx.get("hint")
    elif kind.startswith("date") or kind.startswith("datetime"):
        message = f"{named} phải là một ngày có thật, viết dạng năm-tháng-ngày (ví dụ 2023-12-15), không phải “{value}”."
    elif kind == "literal_error":
        from .choices import explained_list

        message = f"{named} phải là một trong: {explained_list(str(ctx.get('expected', '')))}; không phải “{value}”."
    elif kind in ("list_type", "tuple_type"):
        message = f"{named} phải là một danh sách (mỗi dòng bắt đầu bằng “- ”)."
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"{named} phải là một nhóm mục dạng “khóa: giá trị”."
    elif kind == "too_short":
        message = f"{named} cần ít nhất {ctx.get('min_length', 1)} mục."
    elif kind in ("greater_than_equal", "greater_than"):
        message = (
            f"{named} phải lớn hơn hoặc bằng {ctx.get('ge', ctx.get('gt'))}, không phải “{value}”."
        )
    elif kind in ("less_than_equal", "less_than"):
        message = (
            f"{named} phải nhỏ hơn hoặc bằng {ctx.get('le', ctx.get('lt'))}, không phải “{value}”."
        )
    elif kind == "string_pattern_mismatch":
        message = f"{named} chỉ gồm chữ in hoa và số, nối bằng “-” (ví dụ UBND, HU), không phải “{value}”."
    elif kind == "value_error":
        message, hint = _value_error(err, named)
    else:  # pragma: no cover - a pydantic error type we have not met yet
        message = f"{named} không hợp lệ: “{value}”."
    line = source.line_of(loc) if source is not None else None
    return Problem(message, field=format_path(loc) or None, line=line, hint=hint)


_THOUSANDS_HINT = "Không dùng dấu chấm hay dấu phẩy ngăn hàng nghìn: 540.000 phải viết 540000."


def shown(value: Any) -> Any:
    """A value as a message may quote it: YAML's spelling of booleans, long values cut."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 10**40:
        # str() of a very long integer fails past Python's digit limit.
        return f"một số dài {len(str(value)) if abs(value) < 10**4000 else 'hàng nghìn'} chữ số"
    text = str(value) if isinstance(value, (str, int, float, Decimal)) else value
    if isinstance(text, str) and len(text) > 80:
        return text[:77] + "..."
    return text


def _value_error(err: Any, named: str) -> tuple[str, str | None]:
    reason = str(err.get("ctx", {}).get("error", ""))
    value = shown(err.get("input"))
    if reason == "blank":
        return f"{named} không được để trống.", None
    if reason == "bool_number":
        return f"{named} phải là một số, không phải “{value}”.", "Viết số bằng chữ số, ví dụ 15."
    if reason == "not_whole":
        # Not quoted: 540.000 reached us as 540.0, which is not what the clerk typed.
        return f"{named} phải là số nguyên viết liền các chữ số (ví dụ 540000).", _THOUSANDS_HINT
    if reason == "too_large":
        return f"{named} quá lớn để là số liệu thật: “{value}”.", None
    if reason == "date_number":
        return (
            f"{named} phải là một ngày viết dạng năm-tháng-ngày (ví dụ 2023-12-15), không phải số “{value}”.",
            None,
        )
    if reason == "previous_zero":
        return (
            "Kết quả cùng kỳ bằng 0 nên không tính được tỷ lệ tăng, giảm.",
            "Bỏ mục “previous” hoặc sửa số liệu.",
        )
    if reason == "empty_section":
        return (
            "Lĩnh vực này chỉ có tên, chưa có nội dung.",
            "Thêm “paragraphs” (đoạn văn), “indicators” (chỉ tiêu) hoặc “sections” (mục nhỏ).",
        )
    if reason == "appendix_without_indicators":
        return (
            "Phụ lục chỉ tiêu (appendix: indicators) cần ít nhất một chỉ tiêu trong phần kết quả.",
            "Thêm “indicators” vào một lĩnh vực, hoặc bỏ mục “appendix”.",
        )
    if reason == "target_zero":
        return (
            "Kế hoạch bằng 0 nên không tính được tỷ lệ đạt kế hoạch.",
            "Bỏ mục “target” hoặc sửa số liệu.",
        )
    return f"{named} không hợp lệ: {reason}.", None


def _walk(model: type[BaseModel], loc: Path_) -> tuple[type[BaseModel] | None, str | None]:
    """The model that owns the last key of ``loc`` and that key's title."""
    current: Any = model
    title = None
    owner: type[BaseModel] | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None, title
        info = current.model_fields.get(part)
        owner = current
        if info is None:
            return owner, None
        title = info.title
        current = _inner_model(info.annotation)
    return owner, title


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside list[X], X | None, Annotated[...] and the like (or the type)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation if get_origin(annotation) is None else None


def field_title(model: type[BaseModel], loc: Path_) -> str | None:
    return _walk(model, loc)[1]


def nearest_key(model: type[BaseModel], loc: Path_) -> str | None:
    owner, _ = _walk(model, loc)
    if owner is None or not loc:
        return None
    matches = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1, cutoff=0.6)
    return matches[0] if matches else None
