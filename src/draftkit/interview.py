"""``draftkit new-report``: ask for a report field by field, review, save and render.

The questions are not written here: a generic engine walks the pydantic model of the
data file (:class:`draftkit.models.ReportData`) and takes each question's label, hint,
example, default and "long text" flag from the field's metadata, and validates every
answer with the very type the data file uses. Only the order of the top-level sections
(:data:`REPORT_ORDER`) and the typing conveniences of a clerk (Vietnamese numbers and
dates, yes/no words, ``/e`` for an editor) live in this module.

The outside world is passed in: a rich console to print on, a line reader (a stream, or
the terminal), an editor launcher and today's date, so tests need no terminal. Every
answer is written at once to a draft file beside the outputs, so Ctrl-C loses nothing
and the next run offers to continue from it.
"""

from __future__ import annotations

import calendar
import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import types
import unicodedata
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TextIO, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from .datafile import DataFile, dump_yaml, load_data_file
from .errors import InputError, OutputError, Problem
from .models import ReportData
from .output import ensure_writable, write_atomic
from .pipeline import RenderResult, render_model
from .textcheck import sanitize
from .validation import problem_from_error, validate
from .wording import format_number, lower_first

__all__ = [
    "FIXED",
    "REPORT_ORDER",
    "AnswerError",
    "Draft",
    "EditorError",
    "FieldSpec",
    "Interview",
    "final_data",
    "launch_editor",
    "parse_date",
    "parse_number",
    "parse_yes_no",
    "review_tree",
    "revive",
    "run_new_report",
]

# The order a clerk fills in a report: who writes it, which document, what it says, who
# signs it and who receives it. Nested models are asked in their declaration order.
REPORT_ORDER: tuple[str, ...] = (
    "style",
    "issuer",
    "number",
    "date",
    "title",
    "year",
    "opening",
    "situation",
    "results",
    "assessment",
    "plan",
    "proposals",
    "signer",
    "recipients",
)

# Keys the interview never asks: they are the same for every report.
FIXED: dict[str, Any] = {"version": 1, "document": "report"}

DRAFT_SUFFIX = ".draft.yaml"
DEFAULT_STEM = "bao-cao"
EDIT_COMMAND = "/e"
CLEAR_ANSWER = "-"

_YES = frozenset({"c", "co", "có", "y", "yes", "ok", "u", "ừ", "đồng ý", "dong y"})
_NO = frozenset({"k", "ko", "không", "khong", "n", "no"})


# ------------------------------------------------------------------------- parsers


class AnswerError(ValueError):
    """An answer that cannot be read; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_NUMBER_HINT = "Dấu phẩy ngăn phần thập phân (50,24), dấu chấm ngăn hàng nghìn (1.520,4)."
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_number(text: str) -> Decimal:
    """A figure as a clerk types it: "50,24", "50.24", "1.520,4", "1 520", "-3,5".

    A lone comma is the Vietnamese decimal comma. A lone dot followed by exactly three
    digits ("1.520") is refused as ambiguous: Vietnamese reads it 1520, the English
    habit 1.52, and a silently wrong figure in a signed report is worse than a question.
    """
    raw = text.strip()
    body = _SPACES.sub("", raw).replace("\u2212", "-")
    sign = ""
    if body[:1] in ("-", "+"):
        sign, body = ("-" if body[0] == "-" else ""), body[1:]
    if not body or not re.fullmatch(r"[0-9.,]+", body) or not any(c.isdigit() for c in body):
        raise AnswerError(f"“{raw}” không phải là một số.", _NUMBER_HINT)
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        whole, _, fraction = body.rpartition(decimal_mark)
        if decimal_mark in whole:
            raise AnswerError(f"“{raw}” có hai dấu thập phân.", _NUMBER_HINT)
        whole = _ungroup(whole, thousands, raw)
    elif commas == 1:
        whole, _, fraction = body.partition(",")
    elif commas > 1:
        whole, fraction = _ungroup(body, ",", raw), ""
    elif dots == 1:
        whole, _, fraction = body.partition(".")
        if len(fraction) == 3 and whole and whole[0] != "0" and len(whole) <= 3:
            raise AnswerError(
                f"“{raw}” chưa rõ là {whole}{fraction} hay {whole},{fraction}.",
                f"Gõ {whole}{fraction} (hoặc {whole}.{fraction},0) nếu là số nguyên; "
                f"gõ {whole},{fraction} nếu là số thập phân.",
            )
    elif dots > 1:
        whole, fraction = _ungroup(body, ".", raw), ""
    else:
        whole, fraction = body, ""
    if not fraction.isdigit() and fraction:
        raise AnswerError(f"“{raw}” không phải là một số.", _NUMBER_HINT)
    if body.endswith((",", ".")):
        raise AnswerError(f"“{raw}” thiếu phần sau dấu phẩy.", _NUMBER_HINT)
    try:
        return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - the pattern above admits only digits
        raise AnswerError(f"“{raw}” không phải là một số.", _NUMBER_HINT) from None


def _ungroup(whole: str, separator: str, raw: str) -> str:
    """Digits of a number written with thousands separators; refuse misplaced ones."""
    groups = whole.split(separator)
    first, rest = groups[0], groups[1:]
    if not (1 <= len(first) <= 3 and first.isdigit()) or any(
        len(group) != 3 or not group.isdigit() for group in rest
    ):
        raise AnswerError(
            f"“{raw}”: dấu ngăn hàng nghìn phải cách nhau đúng 3 chữ số.", _NUMBER_HINT
        )
    return "".join(groups)


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{2,4})", re.IGNORECASE)
_DATE_HINT = "Gõ ngày/tháng/năm, ví dụ 12/12/2023 (hoặc 12-12-2023, 2023-12-12)."


def parse_date(text: str) -> date:
    """A date as typed: "12/12/2023", "12-12-2023", "12.12.2023", "2023-12-12",
    "ngày 12 tháng 12 năm 2023". The year must have four digits."""
    raw = unicodedata.normalize("NFC", text.strip())
    match = _YMD.fullmatch(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        year_text = match.group(1)
    else:
        match = _DMY.fullmatch(raw) or _WORDS.fullmatch(raw)
        if match is None:
            raise AnswerError(f"“{raw}” không phải là một ngày.", _DATE_HINT)
        day, month, year = (int(g) for g in match.groups())
        year_text = match.group(3)
    if len(year_text) != 4:
        raise AnswerError(f"“{raw}”: năm phải viết đủ 4 chữ số (ví dụ 2023).", _DATE_HINT)
    if not 1 <= month <= 12:
        raise AnswerError(f"“{raw}” không phải là một ngày có thật: không có tháng {month}.")
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise AnswerError(
            f"“{raw}” không phải là một ngày có thật: tháng {month} năm {year} "
            f"chỉ có {last_day} ngày."
        )
    return date(year, month, day)


def parse_yes_no(text: str) -> bool | None:
    """Vietnamese (or English) yes/no: c/có/y → True, k/không/n → False, else None."""
    word = unicodedata.normalize("NFC", text).strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def format_day(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


# ------------------------------------------------------------------ field metadata

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


def model_order(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` in asking order (fixed keys left out)."""
    names = [n for n in model.model_fields if n not in FIXED]
    if model is ReportData:
        # Anything added to the model later is still asked, after the known sections.
        return REPORT_ORDER + tuple(n for n in names if n not in REPORT_ORDER)
    return tuple(names)


# ----------------------------------------------------------------- plain answer data


def _plain(value: Any) -> Any:
    """A validated value as the data file stores it (numbers as int/float, dates kept)."""
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(exclude_defaults=True))
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        # Past float precision the exact digits are kept as text, which the model reads too.
        return as_float if Decimal(repr(as_float)) == value else str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _prune(value: Any) -> Any:
    """Drop "answered empty" markers (None, [], {}): absent keys take the model default."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def final_data(answers: dict[str, Any]) -> dict[str, Any]:
    """The data file for ``answers``: fixed keys first, sections in asking order."""
    order = model_order(ReportData)
    ordered = {k: answers[k] for k in order if k in answers}
    data: dict[str, Any] = {**FIXED, **_prune(ordered)}
    return data


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
        return _plain(adapter.validate_python(value))
    except ValidationError:
        return value


def _review_year(answers: dict[str, Any]) -> int | None:
    year = answers.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        return year
    signed = answers.get("date")
    if isinstance(signed, date):
        return signed.year
    try:
        return TypeAdapter(date).validate_python(signed).year
    except ValidationError:
        return None


# -------------------------------------------------------------------------- editor


class EditorError(Exception):
    """The editor could not be started or failed; ``args[0]`` is a Vietnamese message."""


def _editor_command() -> list[str] | None:
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            # $EDITOR may carry arguments ("code --wait"); Windows paths keep backslashes.
            return [part.strip('"') for part in shlex.split(value, posix=os.name != "nt")]
    if os.name == "nt":
        return ["notepad"]
    for candidate in ("nano", "vi"):
        found = shutil.which(candidate)
        if found:
            return [found]
    return None


def launch_editor(initial: str) -> str:
    """Open $VISUAL/$EDITOR (else nano, vi; notepad on Windows) on a temporary file."""
    command = _editor_command()
    if command is None:
        raise EditorError("Không tìm thấy trình soạn thảo (đặt biến môi trường EDITOR, ví dụ nano).")
    fd, name = tempfile.mkstemp(prefix="draftkit-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(initial)
        try:
            completed = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise EditorError(f"Không mở được trình soạn thảo “{command[0]}”: {exc.strerror}.") from None
        if completed.returncode != 0:
            raise EditorError(
                f"Trình soạn thảo kết thúc với mã lỗi {completed.returncode}; chưa nhận nội dung."
            )
        # Notepad may add a BOM and CRLF line ends.
        return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    finally:
        path.unlink(missing_ok=True)


def _paragraphs(text: str) -> list[str]:
    """Editor text split at blank lines: several list items typed in one go."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


# ------------------------------------------------------------------------- terminal

Reader = Callable[[Text], str]


def terminal_reader(console: Console, stream: TextIO | None) -> Reader:
    """Read one answer line: from ``stream`` when given, else from the terminal.

    End of input raises :class:`EOFError` either way. When the input is not a terminal
    (a pipe, a test) the answer is echoed so the transcript reads like a session.
    """
    source = stream if stream is not None else sys.stdin
    echo = not _isatty(source)
    line_editing = False
    if stream is None and not echo:
        # Arrow keys and history for long Vietnamese answers, where the platform has it.
        try:
            import readline  # noqa: F401

            line_editing = not console.legacy_windows
        except ImportError:
            pass

    def read(prompt: Text) -> str:
        if line_editing:
            # readline must own the prompt: printed separately, an empty answer leaves
            # the cursor on the prompt line and the next question runs on after it.
            line = input(_readline_prompt(console, prompt))
        elif stream is None:
            line = console.input(prompt)
        else:
            console.print(prompt, end="")
            line = stream.readline()
            if not line:
                raise EOFError
        line = line.rstrip("\r\n")
        if echo:
            console.print(line, markup=False, highlight=False)
        return unicodedata.normalize("NFC", line)

    return read


def _readline_prompt(console: Console, prompt: Text) -> str:
    """The prompt as ANSI text, escapes fenced with \\x01 \\x02 so readline can measure it."""
    with console.capture() as captured:
        console.print(prompt, end="")
    return re.sub(r"(\x1b\[[0-9;]*m)", "\x01\\1\x02", captured.get())


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


# --------------------------------------------------------------------------- draft


class Draft:
    """The autosaved answers: ``<out_dir>/<name>.draft.yaml``.

    Without ``--name`` the file name follows the year under review (bao-cao-2023) as soon
    as it is known, and is ``bao-cao.draft.yaml`` before that.
    """

    def __init__(self, out_dir: Path, stem: str | None) -> None:
        self.out_dir = out_dir
        self.stem = stem
        self.path: Path | None = None  # where the answers were last written

    def stem_for(self, answers: dict[str, Any]) -> str:
        if self.stem is not None:
            return self.stem
        year = _review_year(answers)
        return f"{DEFAULT_STEM}-{year}" if year is not None else DEFAULT_STEM

    def path_for(self, answers: dict[str, Any]) -> Path:
        return self.out_dir / f"{self.stem_for(answers)}{DRAFT_SUFFIX}"

    def find_existing(self) -> Path | None:
        if self.stem is not None:
            path = self.out_dir / f"{self.stem}{DRAFT_SUFFIX}"
            return path if path.is_file() else None
        pattern = re.compile(rf"{DEFAULT_STEM}(-\d{{4}})?{re.escape(DRAFT_SUFFIX)}")
        found = [
            p for p in self.out_dir.glob(f"{DEFAULT_STEM}*{DRAFT_SUFFIX}")
            if pattern.fullmatch(p.name) and p.is_file()
        ]
        return max(found, key=lambda p: p.stat().st_mtime) if found else None

    def save(self, answers: dict[str, Any]) -> None:
        path = self.path_for(answers)
        header = (
            "# Bản nháp của “draftkit new-report”: chạy lại lệnh để tiếp tục.\n"
            "# Tệp này tự xóa khi văn bản được tạo.\n"
        )
        text = header + dump_yaml({**FIXED, **answers})
        try:
            write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            raise OutputError(f"Không ghi được bản nháp “{path}”: {exc.strerror}.") from None
        if self.path is not None and self.path != path:
            self.path.unlink(missing_ok=True)
        self.path = path

    def delete(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)


# ----------------------------------------------------------------------- interview


class _Invalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _problems(exc: ValidationError, owner: type[BaseModel], prefix: tuple[str | int, ...]) -> list[Problem]:
    return [
        problem_from_error({**err, "loc": (*prefix, *err["loc"])}, owner, None)
        for err in exc.errors()
    ]


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class Interview:
    """Ask every field of the report; ``answers`` holds the data-file dict so far.

    ``save`` is called after every answer (the draft). Answers already present are
    offered as defaults: Enter keeps them, which is how "sửa" and resuming work.
    """

    def __init__(
        self,
        console: Console,
        read: Reader,
        *,
        editor: Callable[[str], str] = launch_editor,
        today: date | None = None,
        save: Callable[[dict[str, Any]], None] | None = None,
        answers: dict[str, Any] | None = None,
    ) -> None:
        self.console = console
        self.read = read
        self.editor = editor
        self.today = today or date.today()
        self._save = save
        self.answers: dict[str, Any] = answers if answers is not None else {}

    # --- output helpers

    def save(self) -> None:
        if self._save is not None:
            self._save(self.answers)

    def error(self, message: str, hint: str | None = None) -> None:
        self.console.print(Text("  ✗ ", style="bold red") + Text(message, style="red"))
        if hint:
            self.console.print(Text("    Gợi ý: ", style="cyan") + Text(hint))

    def show_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.error(problem.message, problem.hint)

    def note(self, text: str) -> None:
        self.console.print(Text(f"  {text}", style="dim"))

    def ask_line(self, prompt: str, default: str | None = None) -> str:
        label = Text(prompt, style="bold")
        if default:
            label += Text(f" [{default}]", style="cyan")
        return self.read(label + Text(": "))

    def confirm(self, question: str, default: bool | None = None) -> bool:
        shown = {True: "c", False: "k", None: None}[default]
        while True:
            answer = self.ask_line(f"{question} (c/k)", shown)
            if not answer.strip() and default is not None:
                return default
            parsed = parse_yes_no(answer)
            if parsed is not None:
                return parsed
            self.error("Gõ c (có) hoặc k (không).")

    # --- the walk

    def ask_report(self, skip: Collection[str] = ()) -> None:
        for name in model_order(ReportData):
            if name not in skip:
                self.ask_field(ReportData, name, self.answers)

    def ask_field(self, owner: type[BaseModel], name: str, container: dict[str, Any], context: str = "") -> None:
        spec = field_spec(owner, name)
        if spec.kind == "model":
            assert spec.model is not None
            current = container.get(name)
            data: dict[str, Any] = current if isinstance(current, dict) else {}
            container[name] = data
            self._heading(owner, spec.label)
            self._hint(spec)
            self.ask_model(spec.model, data, context)
        elif spec.kind in ("model_list", "list"):
            current = container.get(name)
            items: list[Any] = current if isinstance(current, list) else []
            container[name] = items
            self._heading(owner, spec.label)
            self._hint(spec)
            if spec.kind == "model_list":
                self._ask_model_list(owner, spec, items, context)
            else:
                self._ask_list(owner, spec, items)
        else:
            self._hint(spec)
            container[name] = self._ask_scalar(owner, spec, container.get(name))
        self.save()

    def ask_model(self, model: type[BaseModel], data: dict[str, Any], context: str = "") -> None:
        """Ask every field of a nested model, then check the whole of it."""
        for stale in [k for k in data if k not in model.model_fields]:
            del data[stale]
        while True:
            for name in model_order(model):
                self.ask_field(model, name, data, context)
            try:
                model.model_validate(_prune(data))
                return
            except ValidationError as exc:
                # Rules across fields (e.g. a base of 0 for a percentage) show only here.
                self.show_problems(_problems(exc, model, ()))
                self.note("Nhập lại phần này; Enter để giữ câu trả lời cũ.")

    def _heading(self, owner: type[BaseModel], label: str) -> None:
        # A rule marks each top-level section; inside one, a bold line is enough.
        if owner is ReportData:
            self.console.rule(Text(label, style="bold"), align="left")
        else:
            self.console.print(Text(label, style="bold"))

    def _hint(self, spec: FieldSpec) -> None:
        parts: list[str] = []
        if spec.kind == "choice":
            for index, choice in enumerate(spec.choices, 1):
                explained = spec.explanations.get(choice)
                line = f"{index}. {choice}" + (f" — {explained}" if explained else "")
                self.console.print(Text(f"  {line}"))
            if spec.description and len(spec.explanations) < len(spec.choices):
                parts.append(spec.description)
        elif spec.description:
            parts.append(spec.description)
        example = self._example(spec)
        if example:
            parts.append(f"Ví dụ: {example}.")
        if spec.kind == "date":
            parts.append(_DATE_HINT)
        elif spec.kind == "number":
            parts.append(_NUMBER_HINT)
        if spec.kind == "list":
            parts.append("Mỗi lần một mục; Enter (để trống) để kết thúc danh sách.")
        elif not spec.required and spec.kind not in ("model", "model_list", "choice"):
            parts.append("Không bắt buộc: Enter để bỏ qua.")
        if spec.multiline:
            parts.append(f"Gõ {EDIT_COMMAND} để soạn trong trình soạn thảo.")
        if parts:
            self.note(" ".join(parts))

    def _example(self, spec: FieldSpec) -> str | None:
        example = spec.example
        if example is None or spec.kind == "date":
            return None
        if isinstance(example, list):
            return "; ".join(f"“{e}”" for e in example)
        if spec.kind == "number" and isinstance(example, (int, float, Decimal)):
            return format_number(Decimal(str(example)))
        if spec.kind == "int":
            return str(example)
        return f"“{example}”"

    # --- scalars

    def _display(self, kind: Kind, value: Any) -> str:
        if isinstance(value, date):
            return format_day(value)
        if kind == "number" and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return format_number(Decimal(str(value)))
        if isinstance(value, dict):
            return _short(str(next(iter(value.values()), "")))
        return _short(str(value), 50)

    def _ask_scalar(self, owner: type[BaseModel], spec: FieldSpec, current: Any) -> Any:
        default = current
        if default is None and spec.kind == "date":
            default = self.today
        if default is None and spec.kind == "choice":
            default = spec.default
        can_clear = not spec.required and current is not None
        label = spec.label
        if spec.kind == "date":
            # "(năm-tháng-ngày)" tells file authors to write ISO; here the day comes first.
            label = re.sub(r"\s*\([^)]*\)$", "", label)
        if can_clear:
            self.note(f"Enter để giữ, “{CLEAR_ANSWER}” để bỏ trống.")
        while True:
            shown = self._display(spec.kind, default) if default is not None else None
            answer = self.ask_line(label, shown)
            if spec.multiline and answer.strip() == EDIT_COMMAND:
                edited = self._edit(str(current or ""))
                if edited is None:
                    continue
                answer = edited
            answer = answer.strip()
            if not answer:
                if default is not None:
                    try:
                        return self._validate(owner, spec, spec.adapter, default)
                    except _Invalid as invalid:  # a hand-edited draft
                        self.show_problems(invalid.problems)
                        default = None
                        continue
                if not spec.required:
                    return None
                self.error(f"“{spec.label}” không được để trống.")
                continue
            if answer == CLEAR_ANSWER and can_clear:
                return None
            try:
                return self._validate(owner, spec, spec.adapter, self._convert(spec, spec.kind, answer))
            except AnswerError as bad:
                self.error(bad.message, bad.hint)
            except _Invalid as invalid:
                self.show_problems(invalid.problems)

    def _convert(self, spec: FieldSpec, kind: Kind, answer: str) -> Any:
        if kind == "number":
            number = parse_number(answer)
            shown = format_number(number)
            if shown != answer:
                self.note(f"= {shown}")
            return number
        if kind == "date":
            return parse_date(answer)
        if kind == "choice":
            if answer.isdigit() and 1 <= int(answer) <= len(spec.choices):
                return spec.choices[int(answer) - 1]
            lowered = answer.casefold()
            for choice in spec.choices:
                if choice.casefold() == lowered:
                    return choice
            numbers = "/".join(str(i) for i in range(1, len(spec.choices) + 1))
            raise AnswerError(
                f"Chọn {numbers} hoặc gõ một trong: {', '.join(spec.choices)}; không phải “{answer}”."
            )
        return answer

    def _validate(self, owner: type[BaseModel], spec: FieldSpec, adapter: TypeAdapter[Any] | None, value: Any) -> Any:
        assert adapter is not None
        try:
            return _plain(adapter.validate_python(value))
        except ValidationError as exc:
            raise _Invalid(_problems(exc, owner, (spec.name,))) from None

    def _edit(self, initial: str) -> str | None:
        try:
            text = self.editor(initial)
        except EditorError as exc:
            self.error(str(exc), "Gõ thẳng câu trả lời trên một dòng.")
            return None
        text = unicodedata.normalize("NFC", text).strip()
        if not text:
            self.error("Chưa có nội dung nào trong trình soạn thảo.")
            return None
        return text

    # --- lists

    def _ask_list(self, owner: type[BaseModel], spec: FieldSpec, items: list[Any]) -> None:
        """Items one per prompt until an empty answer; existing ones kept, replaced or dropped."""
        if items:
            self.note(f"Enter để giữ, gõ nội dung mới để thay, “{CLEAR_ANSWER}” để xóa.")
        index = 0
        while True:
            existing = index < len(items)
            shown = self._display(spec.item_kind, items[index]) if existing else None
            answer = self.ask_line(f"{spec.item_label} {index + 1}", shown)
            if spec.multiline and answer.strip() == EDIT_COMMAND:
                edited = self._edit(str(items[index]) if existing and isinstance(items[index], str) else "")
                if edited is None:
                    continue
                new = _paragraphs(edited)
            else:
                new = [answer.strip()] if answer.strip() else []
            if not new:
                if existing:
                    try:
                        items[index] = self._validate(owner, spec, spec.item_adapter, items[index])
                    except _Invalid as invalid:
                        self.show_problems(invalid.problems)
                        continue
                    index += 1
                    continue
                if len(items) < spec.min_items:
                    self.error(f"“{spec.label}” cần ít nhất {spec.min_items} mục.")
                    continue
                return
            if existing and new == [CLEAR_ANSWER]:
                del items[index]
                self.save()
                continue
            try:
                values = [
                    self._validate(owner, spec, spec.item_adapter, self._convert(spec, spec.item_kind, v))
                    for v in new
                ]
            except AnswerError as bad:
                self.error(bad.message, bad.hint)
                continue
            except _Invalid as invalid:
                self.show_problems(invalid.problems)
                continue
            items[index : index + 1 if existing else index] = values
            index += len(values)
            self.save()

    def _ask_model_list(self, owner: type[BaseModel], spec: FieldSpec, items: list[Any], context: str) -> None:
        assert spec.model is not None
        item_model = spec.model
        noun = lower_first(spec.item_label)
        index = 0
        while index < len(items):
            if not isinstance(items[index], dict):
                items[index] = {}
            title = f"{context}{spec.item_label} {index + 1}"
            summary = _short(str(next(iter(items[index].values()), "")), 50)
            choice = self.ask_line(
                f"{title}: “{summary}” — Enter để giữ, s để sửa, x để xóa"
            ).strip().casefold()
            if choice in ("", "g"):
                try:
                    item_model.model_validate(_prune(items[index]))
                except ValidationError:
                    # Cut short by Ctrl-C last time: finish it rather than keep half an entry.
                    self.note(f"{title} chưa đủ thông tin; hỏi tiếp.")
                    self._ask_item(item_model, items[index], title)
                index += 1
            elif choice == "s":
                self._ask_item(item_model, items[index], title)
                index += 1
            elif choice == "x":
                del items[index]
                self.save()
            else:
                self.error("Gõ Enter (giữ), s (sửa) hoặc x (xóa).")
        while True:
            if len(items) >= spec.min_items and not self.confirm(f"Thêm {noun}?", default=False):
                return
            data: dict[str, Any] = {}
            items.append(data)
            self._ask_item(item_model, data, f"{context}{spec.item_label} {len(items)}")

    def _ask_item(self, model: type[BaseModel], data: dict[str, Any], title: str) -> None:
        self.console.print(Text(f"▸ {title}", style="bold magenta"))
        self.ask_model(model, data, f"{title} › ")


# -------------------------------------------------------------------------- review


def _value_text(spec: FieldSpec, value: Any) -> str:
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
        return _short(str(value.get("heading", value)))
    return _short(str(value))


def _add_field(node: Tree, model: type[BaseModel], name: str, data: dict[str, Any], label: str) -> None:
    spec = field_spec(model, name)
    value = data.get(name)
    if spec.kind == "model":
        branch = node.add(Text(label, style="bold"))
        sub = value if isinstance(value, dict) else {}
        assert spec.model is not None
        for child in model_order(spec.model):
            _add_field(branch, spec.model, child, sub, field_spec(spec.model, child).label)
    elif spec.kind in ("list", "model_list"):
        items = value if isinstance(value, list) else []
        if not items:
            node.add(Text(label, style="bold") + Text(": (không có)", style="dim"))
            return
        branch = node.add(Text(label, style="bold"))
        for index, item in enumerate(items, 1):
            if spec.kind == "list":
                branch.add(Text(f"{spec.item_label} {index}: ") + Text(_value_text(spec, item)))
                continue
            assert spec.model is not None
            sub = item if isinstance(item, dict) else {}
            leaf = branch.add(Text(f"{spec.item_label} {index}", style="magenta"))
            for child in model_order(spec.model):
                _add_field(leaf, spec.model, child, sub, field_spec(spec.model, child).label)
    else:
        node.add(Text(label, style="bold") + Text(": ") + Text(_value_text(spec, value)))


def review_tree(answers: dict[str, Any]) -> Tree:
    """Everything entered, under the Vietnamese labels, top-level sections numbered."""
    tree = Tree(Text("Xem lại báo cáo", style="bold underline"))
    for number, name in enumerate(model_order(ReportData), 1):
        label = f"{number}. {field_spec(ReportData, name).label}"
        _add_field(tree, ReportData, name, answers, label)
    return tree


# ------------------------------------------------------------------------- the run


def _check_name(name: str) -> str:
    stem = name.strip()
    for suffix in (".yaml", ".yml", ".docx"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    if not stem or any(sep in stem for sep in ("/", "\\")) or stem in (".", ".."):
        raise OutputError(
            f"Tên tệp “{name}” không dùng được.",
            hint="Chỉ ghi tên, không có thư mục, ví dụ --name bao-cao-2023; thư mục chọn bằng -o.",
        )
    return stem


@dataclass
class _Session:
    console: Console
    out_dir: Path
    stem: str | None
    force: bool
    draft: Draft
    interview: Interview

    def outputs(self) -> tuple[str, Path, Path]:
        stem = self.draft.stem_for(self.interview.answers)
        return stem, self.out_dir / f"{stem}.yaml", self.out_dir / f"{stem}.docx"

    def draft_note(self) -> str:
        where = self.draft.path
        if where is None or not where.exists():
            return "Chưa có câu trả lời nào được lưu."
        return f"Các câu trả lời đã được lưu trong bản nháp {where}; chạy lại lệnh để tiếp tục."

    def resume(self) -> Collection[str] | None:
        """Offer an unfinished draft. The sections to skip, or None to stop."""
        existing = self.draft.find_existing()
        if existing is None:
            return ()
        ask = self.interview
        # Until the first new answer, the old draft is where the answers are.
        self.draft.path = existing
        loaded: dict[str, Any] | None = None
        try:
            data = load_data_file(existing).data
            if data.get("document") == FIXED["document"]:
                loaded = data
        except InputError:
            loaded = None
        if loaded is None:
            ask.error(f"Không đọc được bản nháp {existing}.")
            if not ask.confirm("Bắt đầu lại từ đầu? Bản nháp cũ sẽ bị ghi đè.", default=None):
                return None
            return ()
        self.console.print(Text(f"Có bản nháp chưa xong: {existing}", style="yellow"))
        if not ask.confirm("Tiếp tục từ bản nháp? (k: bắt đầu lại, bản nháp cũ sẽ bị ghi đè)", default=True):
            return ()
        order = model_order(ReportData)
        ask.answers.update(revive(ReportData, {k: loaded[k] for k in order if k in loaded}))
        try:
            ReportData.model_validate(final_data(ask.answers))
            return order  # complete: straight to the review
        except ValidationError:
            present = [k for k in order if k in ask.answers]
            # The last section answered may have been cut short: ask it again, with defaults.
            return present[:-1]

    def review(self) -> RenderResult | None:
        ask = self.interview
        order = model_order(ReportData)
        while True:
            self.console.print()
            # Wrapped inside the tree guides, whatever the console's soft-wrap setting.
            self.console.print(review_tree(ask.answers), soft_wrap=False)
            answer = ask.ask_line("Lưu và tạo văn bản? c = có, s = sửa một phần, k = không").strip()
            decision = parse_yes_no(answer)
            if answer.casefold() in ("s", "sửa", "sua"):
                section = self._pick_section(len(order))
                if section is not None:
                    ask.ask_field(ReportData, order[section - 1], ask.answers)
            elif decision is True:
                try:
                    return self.write()
                except InputError as invalid:
                    ask.error("Chưa tạo được văn bản: " + invalid.message)
                    for problem in invalid.problems:
                        where = f" (mục {problem.field})" if problem.field else ""
                        ask.error(problem.message + where, problem.hint)
                    ask.note("Chọn s để sửa phần có lỗi.")
            elif decision is False:
                self.console.print(Text("Chưa tạo văn bản. " + self.draft_note(), style="yellow"))
                return None
            else:
                ask.error("Gõ c (lưu), s (sửa) hoặc k (dừng, giữ bản nháp).")

    def _pick_section(self, count: int) -> int | None:
        answer = self.interview.ask_line(f"Sửa phần số (1–{count}, Enter để quay lại)").strip()
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= count:
            return int(answer)
        self.interview.error(f"Gõ một số từ 1 đến {count}.")
        return None

    def write(self) -> RenderResult:
        """Validate everything, refuse to overwrite, then write the data file and the .docx."""
        stem, yaml_path, docx_path = self.outputs()
        data, warnings = sanitize(final_data(self.interview.answers))
        model = validate(DataFile(path=yaml_path, data=data))
        try:
            ensure_writable([yaml_path, docx_path], self.force)
        except OutputError as refused:
            hint = " ".join(filter(None, [refused.hint, self.draft_note()]))
            raise OutputError(refused.message, hint=hint) from None
        existed = yaml_path.exists()
        try:
            write_atomic(yaml_path, dump_yaml(data).encode("utf-8"))
        except OSError as exc:
            raise OutputError(f"Không ghi được tệp “{yaml_path}”: {exc.strerror}.") from None
        try:
            documents = render_model(model, stem, self.out_dir, force=self.force)
        except BaseException:
            # All or nothing: a data file without its document would block the next run.
            if not existed:
                yaml_path.unlink(missing_ok=True)
            raise
        self.draft.delete()
        return RenderResult(documents=[yaml_path, *documents], warnings=warnings)


@contextlib.contextmanager
def _keep_draft_on_interrupt(session: _Session) -> Iterator[None]:
    try:
        yield
    except (KeyboardInterrupt, EOFError):
        session.console.print()
        session.console.print(Text(session.draft_note(), style="yellow"))
        # The CLI turns an interrupt into exit code 130; end of input is the same to it.
        raise KeyboardInterrupt from None


def run_new_report(
    console: Console,
    out_dir: Path,
    name: str | None = None,
    force: bool = False,
    *,
    stream: TextIO | None = None,
    today: date | None = None,
    editor: Callable[[str], str] | None = None,
) -> RenderResult | None:
    """Interview for a report, then write ``<name>.yaml`` and ``<name>.docx`` in ``out_dir``.

    Returns the written paths, or None when the user stops at the review (the draft is
    kept). Raises :class:`KeyboardInterrupt` on Ctrl-C or end of input, after saying
    where the draft is, and :class:`OutputError` for outputs that are in the way.
    """
    stem = _check_name(name) if name is not None else None
    if stem is not None:
        # Refuse before the first question, not after twenty minutes of typing.
        ensure_writable([out_dir / f"{stem}.yaml", out_dir / f"{stem}.docx"], force)
    ensure_writable([out_dir / f"{stem or DEFAULT_STEM}{DRAFT_SUFFIX}"], force=True)
    draft = Draft(out_dir, stem)
    interview = Interview(
        console,
        terminal_reader(console, stream),
        editor=editor or launch_editor,
        today=today,
        save=draft.save,
    )
    session = _Session(console, out_dir, stem, force, draft, interview)
    console.print(
        Text("Soạn báo cáo tổng kết. ", style="bold")
        + Text("Mỗi câu trả lời được lưu ngay vào bản nháp; Ctrl-C để dừng, chạy lại để tiếp tục.")
    )
    with _keep_draft_on_interrupt(session):
        skip = session.resume()
        if skip is None:
            return None
        interview.ask_report(skip)
        return session.review()
