"""Starter data files: an example, with every key explained in Vietnamese.

``draftkit example report|awards`` writes one for a clerk to edit. The values are those of a
shipped example (``examples/``, inside the package), the explanations are the models' own
titles and descriptions (the same that prompts, messages and ``templates vars`` show), and
the keys an example leaves out are listed as comments with the model's example value. So the
starter follows the spec: a key added to the models shows up here without editing this file.
"""

from __future__ import annotations

import functools
import re
import textwrap
import types
import typing
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .choices import explained
from .errors import DraftkitError, OutputError

WIDTH = 96  # comment lines wrap here; values are never wrapped by us
_KEY_LIKE = re.compile(r"[a-z_]+:")


@dataclass(frozen=True)
class Starter:
    example: str  # the example data file it is made from
    file_name: str  # the default name it is written under
    heading: str


STARTERS = {
    "report": Starter("xa-ngoc-trung-2026-bao-cao.yaml", "bao-cao.yaml", "báo cáo tổng kết năm"),
    "awards": Starter(
        "xa-ngoc-trung-2026-khen-thuong.yaml",
        "khen-thuong.yaml",
        "đợt khen thưởng (quyết định, danh sách kèm theo, giấy khen)",
    ),
}

# Shown after the document's own keys: they close the document, as in the examples.
_LAST = ("signer", "recipients")


def example_path(name: str) -> Path:
    """A shipped example data file (inside the installed package)."""
    packaged = resources.files("draftkit") / "examples" / name
    if packaged.is_file():
        return Path(str(packaged))
    # A source checkout installed in editable mode has no packaged copy (the wheel gets one
    # through pyproject's force-include); an installed wheel never reaches this line.
    source = Path(__file__).resolve().parents[2] / "examples" / name
    if source.is_file():
        return source
    raise DraftkitError(
        f"Không tìm thấy tệp ví dụ {name} trong bộ cài draftkit.",
        hint="Cài lại draftkit: pipx reinstall draftkit-vn (hoặc uv tool install --reinstall draftkit-vn).",
    )


def starter_text(document: str) -> str:
    """The commented starter data file of ``document`` ("report" or "awards")."""
    import yaml

    from .models import DOCUMENT_MODELS

    starter = STARTERS.get(document)
    if starter is None:
        raise DraftkitError(
            f"Không có tệp mẫu loại “{document}”.",
            hint="Chọn report (báo cáo tổng kết) hoặc awards (đợt khen thưởng).",
        )
    data = yaml.safe_load(example_path(starter.example).read_text(encoding="utf-8"))
    command = f"draftkit render {starter.file_name} -o van-ban"
    lines = [
        f"# Tệp dữ liệu mẫu: {starter.heading}.",
        "# Sửa các giá trị cho cơ quan, đơn vị mình (phần bên phải dấu hai chấm), rồi chạy:",
        f"#     {command}",
        "# Dòng bắt đầu bằng # là ghi chú, draftkit bỏ qua. Mục đang để sau dấu # là mục không",
        "# bắt buộc: bỏ dấu # (và khoảng trắng sau nó) để dùng. Giữ nguyên tên mục tiếng Anh bên",
        "# trái dấu hai chấm. Chữ có dấu hai chấm “:” thì đặt trong ngoặc kép.",
        "# Giải thích đầy đủ từng mục: docs/du-lieu.md trong bộ tài liệu của draftkit.",
    ]
    return "\n".join(lines) + "\n" + commented_yaml(data, DOCUMENT_MODELS[document])


def commented_yaml(data: dict[str, Any], model: Any) -> str:
    """``data`` as YAML, each key under a comment with its title and description from
    ``model``, and the keys ``data`` leaves out as comments with an example value."""
    lines: list[str] = []
    _mapping(data, model, 0, True, lines, top=True)
    return "\n".join(lines) + "\n"


def write_starter(document: str, target: Path | None, *, force: bool, cwd: Path | None = None) -> Path:
    """Write the starter of ``document`` to ``target``: a .yaml file, or a folder to write it in.

    Without ``target`` it goes in ``cwd`` under its default name; a target without an
    extension is a folder (as ``-o`` is for ``render``). An existing file is kept unless
    ``force``.
    """
    from .output import ensure_writable, write_atomic

    text = starter_text(document)
    default = STARTERS[document].file_name
    path = Path(default) if target is None else target
    if cwd is not None:
        path = cwd / path
    if path.is_dir() or not path.suffix:
        path = path / default
    elif path.suffix.lower() not in (".yaml", ".yml"):
        raise OutputError(
            f"Tệp mẫu là tệp YAML, không ghi được thành “{path.name}”.",
            hint=f"Đặt tên có đuôi .yaml, ví dụ -o {path.with_suffix('.yaml').name}.",
        )
    ensure_writable([path], force)
    write_atomic(path, text.encode("utf-8"))
    return path


# --- the emitter


def _dump(value: Any) -> str:
    from .datafile import dump_yaml

    # One line per value however long: a folded line that starts with "- " (as in "quốc phòng
    # - an ninh") reads to a clerk like a new list item.
    return dump_yaml({"k": value}, width=1_000_000)[len("k:") :].lstrip(" ")


def _scalar_lines(key: str, value: Any, indent: int) -> list[str]:
    """``key: value`` at ``indent``, by draftkit's own YAML writer (quotes where needed).

    A list comes out as "- " lines under the key; a long text's continuation lines (and a
    block of several lines) stay indented inside the value.
    """
    pad = " " * indent
    text = _dump(value).rstrip("\n")
    if text.startswith("\n"):  # a list
        return [f"{pad}{key}:", *(f"{pad}  {line}" for line in text[1:].split("\n"))]
    first, *rest = text.split("\n")
    return [f"{pad}{key}: {first}", *(pad + line for line in rest)]


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of ``annotation`` (X | None → [X]), Annotated layers removed."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                found.extend(_unwrap(arg))
        return found
    return [annotation]


def _model_of(annotation: Any) -> Any:
    from pydantic import BaseModel

    for option in _unwrap(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            return option
    return None


def _item_of(annotation: Any) -> Any:
    for option in _unwrap(annotation):
        if typing.get_origin(option) is list:
            return typing.get_args(option)[0]
    return None


def _choices(annotation: Any) -> list[str]:
    for option in _unwrap(annotation):
        if typing.get_origin(option) is typing.Literal:
            return [str(value) for value in typing.get_args(option)]
    return []


def _comment(info: Any, annotation: Any, indent: int) -> list[str]:
    text = info.title or ""
    if info.description:
        text = f"{text}. {info.description}" if text else info.description
    choices = _choices(annotation)
    if len(choices) == 1:
        text += f" (luôn là {choices[0]}, không sửa)"
    elif choices and not any(choice in (info.description or "") for choice in choices):
        text += f" (một trong: {'; '.join(explained(choice) for choice in choices)})"
    text = text.rstrip(".") + "."
    prefix = " " * indent + "# "
    # No explanation line may start like a key ("commune: cấp xã"): it would read as a key
    # left out, to be uncommented.
    for width in range(WIDTH, WIDTH - 20, -1):
        lines = textwrap.wrap(text, width - len(prefix), initial_indent=prefix, subsequent_indent=prefix)
        if not any(_KEY_LIKE.match(line[len(prefix) :]) for line in lines):
            break
    return lines


def _hint_value(info: Any, annotation: Any) -> Any:
    """What a left-out key's comment shows as its value: the model's example, or a choice."""
    if info.examples:
        return info.examples[0]
    if isinstance(info.default, (str, int, float)) and not isinstance(info.default, bool):
        return info.default
    choices = _choices(annotation)
    if choices:
        # No default: the clerk must choose, so every choice is shown (left as it is, it is
        # refused with the list of allowed values rather than taken as one of them).
        return " | ".join(choices)
    item = _item_of(annotation)
    if item is not None and _model_of(item) is None:
        return [_placeholder(info)]
    return None


def _placeholder(info: Any) -> str:
    """The value a left-out list of texts shows in the starter: "Ưu điểm ..."."""
    label = (info.json_schema_extra or {}).get("item") if isinstance(info.json_schema_extra, dict) else None
    return f"{label or info.title} ..."


@functools.cache
def placeholders() -> frozenset[str]:
    """Every "Ưu điểm ..." a starter can show: uncommented but never edited, it would be
    printed as it is (see :func:`draftkit.textcheck.sanitize`)."""
    from .models import DOCUMENT_MODELS

    found: set[str] = set()
    seen: set[Any] = set()
    todo = list(DOCUMENT_MODELS.values())
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.model_fields.values():
            item = _item_of(info.annotation)
            nested = _model_of(item) if item is not None else _model_of(info.annotation)
            if nested is not None:
                todo.append(nested)
            elif item is not None:
                found.add(_placeholder(info))
    return frozenset(found)


def _ordered(model: Any) -> list[str]:
    names = list(model.model_fields)
    return [name for name in names if name not in _LAST] + [name for name in _LAST if name in names]


def _mapping(data: dict[str, Any], model: Any, indent: int, comments: bool, lines: list[str], top: bool = False) -> None:
    fields = model.model_fields if model is not None else {}
    order = _ordered(model) if model is not None else []
    keys = [key for key in order if key in data] + [key for key in data if key not in fields]
    for key in order if comments else keys:
        info = fields.get(key)
        annotation = info.annotation if info is not None else None
        if key not in data:
            hint = _hint_value(info, annotation) if info is not None else None
            if hint is None:
                _left_out_group(key, info, annotation, indent, lines, top)
                continue
            if top:
                lines.append("")
            lines.extend(_comment(info, annotation, indent))
            lines.extend(
                " " * indent + "# " + line[indent:] for line in _scalar_lines(key, hint, indent)
            )
            continue
        if top:
            lines.append("")
        if comments and info is not None:
            lines.extend(_comment(info, annotation, indent))
        _value(key, data[key], annotation, indent, comments, lines)
    for key in keys:
        if key not in fields and comments:  # pragma: no cover - examples use only model keys
            _value(key, data[key], None, indent, comments, lines)


def _left_out_group(key: str, info: Any, annotation: Any, indent: int, lines: list[str], top: bool) -> None:
    """A left-out group of keys (assessment, plan...): its keys, all as comments."""
    model = _model_of(annotation) if info is not None else None
    if model is None:
        return
    inner: list[str] = []
    _mapping({}, model, indent + 2, True, inner)
    if not inner:
        return
    if top:
        lines.append("")
    lines.extend(_comment(info, annotation, indent))
    lines.append(f"{' ' * indent}# {key}:")
    lines.extend(inner)


def _value(key: str, value: Any, annotation: Any, indent: int, comments: bool, lines: list[str]) -> None:
    if isinstance(value, (dict, list)) and not value:
        lines.extend(_scalar_lines(key, value, indent))  # {} or [], never a bare "key:" (null)
        return
    if isinstance(value, dict):
        lines.append(f"{' ' * indent}{key}:")
        _mapping(value, _model_of(annotation), indent + 2, comments, lines)
        return
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        lines.append(f"{' ' * indent}{key}:")
        item_model = _model_of(_item_of(annotation)) if annotation is not None else None
        for number, item in enumerate(value):
            start = len(lines)
            # Only the first item is explained: the others have the same keys.
            _mapping(item, item_model, indent + 4, comments and number == 0, lines)
            _dash(lines, start, indent + 2)
        return
    if isinstance(value, list):
        lines.append(f"{' ' * indent}{key}:")
        for item in value:
            if isinstance(item, dict) and item:  # a plan task written {heading, paragraphs}
                start = len(lines)
                _mapping(item, None, indent + 4, False, lines)
                _dash(lines, start, indent + 2)
            else:
                lines.extend(_list_item(item, indent + 2))
        return
    lines.extend(_scalar_lines(key, value, indent))


def _list_item(item: Any, indent: int) -> list[str]:
    # A one-item list dumps as "\n- value" (continuation lines indented under it).
    body = _dump([item]).strip("\n").split("\n")
    return [" " * indent + line for line in body]


def _dash(lines: list[str], start: int, indent: int) -> None:
    """Turn the first key line of an item (at ``indent + 2``) into "- key: ..."."""
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip() and not line.lstrip().startswith("#"):
            lines[index] = " " * indent + "- " + line[indent + 2 :]
            return
