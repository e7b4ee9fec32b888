"""The question engine: walk a pydantic model, ask each field, validate each answer.

The questions are not written here: each field's label, hint, example, default and "long
text" flag come from its metadata (:func:`~draftkit.interview.fields.field_spec`), and
every answer is validated with the very type the data file uses. The console, the line
reader, the editor and today's date are passed in, so tests need no terminal.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError
from rich.console import Console
from rich.text import Text

from draftkit.choices import choice_line, choice_name, read_choice, without_keys
from draftkit.errors import Problem
from draftkit.models import DocumentData
from draftkit.textcheck import fix_pdf_lookalikes
from draftkit.validation import problem_from_error
from draftkit.wording import format_number, lower_first, quantity, vi_letter

from .fields import (
    FieldSpec,
    Kind,
    example_text,
    field_spec,
    model_order,
    plain,
    prune,
    short,
    whole_number_hint,
    worded_example,
)
from .parsers import (
    NUMBER_HINT,
    AnswerError,
    date_hint,
    format_day,
    parse_date,
    parse_quantity,
    parse_yes_no,
    ungroup_integer,
)
from .terminal import EditorError, Reader, launch_editor, paragraphs

__all__ = [
    "CLEAR_ANSWER",
    "EDIT_COMMAND",
    "Interview",
    "Progress",
    "ReplayDiverged",
    "looks_accidental",
    "problems_of",
]

EDIT_COMMAND = "/e"
CLEAR_ANSWER = "-"


ReviewChoice = Literal["save", "stop", "edit", "again", "preview"]

# One answer as the draft keeps it: the line typed, or {"/e": text} for what the editor gave
# (replaying "/e" would open the editor again).
Typed = str | dict[str, str]


@dataclass
class Progress:
    """The top-level section being asked: its value when asking began, and every line typed
    in it since. Saved with the draft, so that a resumed run can replay the lines into the
    same questions and go on at the very question that was interrupted, mid-item included."""

    section: str
    start: Any  # a deep copy; MISSING when the section had no value yet
    typed: list[Typed] = field(default_factory=list)


class ReplayDiverged(Exception):
    """Replaying the typed lines did not rebuild the saved answers (a hand-edited draft, a
    changed spreadsheet or profile): the caller falls back to asking the section again."""


_ACCIDENTAL = re.compile(r"[\d\s.,:;/+-]*|\W*")


# Text fields that hold words (names, headings, titles): a one-letter answer there is a slip.
_PROSE_FIELDS = frozenset({"heading", "label", "title", "name", "opening", "reason", "proposal"})


def looks_accidental(text: str) -> bool:
    """A paragraph or item that is most likely a slip: one character ("s", "x"), punctuation
    only ("...") or digits only ("2", "1.5") where words are expected."""
    stripped = text.strip()
    if not stripped:
        return False
    return len(stripped) == 1 or _ACCIDENTAL.fullmatch(stripped) is not None

class _Retry(Exception):
    """Ask the same question again; what to do was already said."""


class _Invalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


# Rules across fields, worded for the clerk answering questions: the data file's wording
# (validation.py) names its keys ("Thêm “paragraphs” ..."), which the interview never shows.
ASKED_AGAIN: dict[str, tuple[str, str]] = {
    "empty_section": (
        "Lĩnh vực này chỉ có tên, chưa có nội dung.",
        "Gõ ít nhất một đoạn văn, hoặc trả lời c ở “Thêm chỉ tiêu” hay “Thêm mục nhỏ”.",
    ),
    "previous_zero": (
        "Kết quả cùng kỳ bằng 0 nên không tính được tỷ lệ tăng, giảm.",
        f"Gõ “{CLEAR_ANSWER}” ở “Kết quả cùng kỳ năm trước” để bỏ trống, hoặc sửa số liệu.",
    ),
    "target_zero": (
        "Kế hoạch bằng 0 nên không tính được tỷ lệ đạt kế hoạch.",
        f"Gõ “{CLEAR_ANSWER}” ở “Kế hoạch năm” để bỏ trống, hoặc sửa số liệu.",
    ),
    "appendix_without_indicators": (
        "Phụ lục bảng chỉ tiêu cần ít nhất một chỉ tiêu trong phần “Kết quả thực hiện”.",
        f"Để trống “Phụ lục kèm theo báo cáo” (gõ “{CLEAR_ANSWER}”), hoặc thêm chỉ tiêu vào phần "
        "“Kết quả thực hiện” rồi chọn lại phụ lục.",
    ),
}


def problems_of(exc: ValidationError, owner: type[BaseModel], prefix: tuple[str | int, ...]) -> list[Problem]:
    problems = []
    for err in exc.errors():
        reason = str((err.get("ctx") or {}).get("error", ""))
        if reason in ASKED_AGAIN:
            message, hint = ASKED_AGAIN[reason]
            problems.append(Problem(message, hint=hint))
        else:
            problems.append(problem_from_error({**err, "loc": (*prefix, *err["loc"])}, owner, None))
    return problems


class Interview:
    """Ask the fields of a model; ``answers`` holds the data-file dict so far.

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
        notes: Callable[[str], None] | None = None,
    ) -> None:
        self.console = console
        # Where notes, warnings and errors go instead of the console (the web page lists
        # them beside the form); None: printed.
        self._notes = notes
        self.read = read
        self.editor = editor
        self.today = today or date.today()
        self._save = save
        self.answers: dict[str, Any] = answers if answers is not None else {}
        self._siblings: tuple[type[BaseModel], dict[str, Any]] | None = None
        # Set by the session around each top-level section (see Progress).
        self.progress: Progress | None = None
        self._replay: deque[Typed] = deque()
        self._replay_edit: str | None = None
        self._on_live: Callable[[str], None] | None = None
        # The answer being handled came from the replay: what it would print (the echo of a
        # number, a refusal) was seen when it was typed, and is not printed again.
        self._answer_replayed = False
        # The last question's heading and hints, kept while a replayed answer is refused and
        # the same question asked again (which prints nothing new).
        self._replay_shown = ""
        # Whether the reader can put an old answer on the line for editing (readline).
        self.can_prefill = bool(getattr(read, "can_prefill", False))
        # The numbers of the list items being asked, outermost first: (1, 2) in "1.2. ...".
        self._numbers: list[int] = []
        self._titles: list[str] = []  # "Lĩnh vực 1 › Chỉ tiêu 2": the item being asked

    # --- output helpers

    def save(self) -> None:
        if self._save is not None:
            self._save(self.answers)

    def error(self, message: str, hint: str | None = None) -> None:
        if self._answer_replayed:
            return  # a replayed answer's refusal was seen when it was typed
        if self._notes is not None:
            self._notes(f"{message} Gợi ý: {hint}" if hint else message)
            return
        self.console.print(Text("  ✗ ", style="bold red") + Text(message, style="red"))
        if hint:
            self.console.print(Text("    Gợi ý: ", style="cyan") + Text(hint))

    def show_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.error(problem.message, problem.hint)

    def note(self, text: str) -> None:
        if self._notes is not None:
            self._notes(text)
            return
        self.console.print(Text(f"  {text}", style="dim"))

    def said(self, text: str) -> None:
        """A note about the answer just given ("= 1.250,5"): not repeated when the answer is
        replayed from a draft, where the clerk saw it when typing."""
        if not self._answer_replayed:
            self.note(text)

    def warn(self, text: str) -> None:
        """Something to check ("! Lưu ý: ..."), said louder than a note."""
        if self._notes is not None:
            self._notes(f"Lưu ý: {text}")
            return
        self.console.print(Text("  ! Lưu ý: ", style="yellow") + Text(text))

    def ask_line(self, prompt: str, default: str | None = None, prefill: str | None = None) -> str:
        """One answer line. ``prefill`` (a long text's current value) is put on the line for
        editing where the reader can; elsewhere Enter keeps it, as with any default."""
        label = Text(prompt, style="bold")
        if default and not (prefill and self.can_prefill and not self._replay):
            # (Put on the line itself, the old text needs no copy in brackets.)
            label += Text(f" [{default}]", style="cyan")
        answer = self._next_line(label + Text(": "), prefill)
        if self.progress is not None:
            self.progress.typed.append(answer)
        return answer

    # --- replaying what was typed before an interruption

    def replay(self, typed: list[Typed], on_live: Callable[[str], None]) -> None:
        """Answer the next questions with ``typed``, silently; when they run out, call
        ``on_live`` with what the current question printed (its heading and hints), which
        may raise :class:`ReplayDiverged`, and ask the reader from then on."""
        self._replay = deque(typed)
        self._on_live = on_live
        self._replay_shown = ""
        self.console.begin_capture()

    @property
    def replaying(self) -> bool:
        return self._on_live is not None

    @property
    def current_item(self) -> str | None:
        """The list item being asked ("Lĩnh vực 1 › Chỉ tiêu 2"), if any."""
        return self._titles[-1] if self._titles else None

    def replay_left(self) -> int:
        return len(self._replay)

    def end_replay(self) -> str:
        """Stop replaying; what was printed since the last replayed answer."""
        if self._on_live is None:
            return ""
        self._on_live = None
        self._replay.clear()
        self._replay_edit = None
        self._answer_replayed = False
        printed = self.console.end_capture()
        # Nothing printed since the last replayed answer: the same question is asked again.
        return printed if printed.strip() else self._replay_shown

    def _next_line(self, prompt: Text, prefill: str | None) -> str:
        if self._replay and self._replay[0] == EDIT_COMMAND:
            # A bare "/e" (a draft from before this was kept as the editor's text): the
            # editor's text is not known, so the replay stops here and the clerk is asked.
            self._replay.clear()
        if self._replay:
            # Only the current question's output is kept: its heading and hints are shown
            # again when the replay ends here.
            printed = self.console.end_capture()
            if printed.strip():
                self._replay_shown = printed
            self.console.begin_capture()
            self._answer_replayed = True
            entry = self._replay.popleft()
            if isinstance(entry, dict):
                self._replay_edit = entry.get(EDIT_COMMAND, "")
                return EDIT_COMMAND
            return entry
        self._answer_replayed = False
        if self._on_live is not None:
            on_live = self._on_live
            on_live(self.end_replay())
        if prefill and self.can_prefill:
            return self.read(prompt, prefill)  # type: ignore[call-arg]
        return self.read(prompt)

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

    def review_decision(
        self, question: str, sections: int, retry: str, preview: bool = False
    ) -> tuple[ReviewChoice, int]:
        """After a review: save ("c"), stop ("k"), or change one section ("s", then its number);
        with ``preview``, also "x": show the document's text ("preview").

        Returns the choice, with the section's number (1-based) for "edit"; "again" means
        show the review again (a mistyped answer, or Enter at the section number).
        """
        offer = ", x = xem toàn văn" if preview else ""
        answer = self.ask_line(f"{question} c = có, s = sửa một phần{offer}, k = không").strip()
        if preview and answer.casefold() in ("x", "xem"):
            return "preview", 0
        if answer.casefold() in ("s", "sửa", "sua"):
            picked = self.ask_line(f"Sửa phần số (1–{sections}, Enter để quay lại)").strip()
            if picked.isdigit() and 1 <= int(picked) <= sections:
                return "edit", int(picked)
            if picked:
                self.error(f"Gõ một số từ 1 đến {sections}.")
            return "again", 0
        decision = parse_yes_no(answer)
        if decision is None:
            self.error(retry)
            return "again", 0
        return ("save" if decision else "stop"), 0

    # --- the walk

    def ask_field(self, owner: type[BaseModel], name: str, container: dict[str, Any], context: str = "") -> None:
        spec = field_spec(owner, name)
        if spec.kind == "model":
            assert spec.model is not None
            current = container.get(name)
            data: dict[str, Any] = current if isinstance(current, dict) else {}
            container[name] = data
            self._heading(owner, spec.label)
            self._hint(spec, owner)
            self.ask_model(spec.model, data, context)
        elif spec.kind in ("model_list", "list"):
            current = container.get(name)
            items: list[Any] = current if isinstance(current, list) else []
            container[name] = items
            self._heading(owner, spec.label)
            self._hint(spec, owner)
            if spec.kind == "model_list":
                self._ask_model_list(owner, spec, items, context, container)
            else:
                self._ask_list(owner, spec, items)
        else:
            self._hint(spec, owner)
            # A figure typed with "%" fills in its sibling "unit" (see _take_unit).
            self._siblings = (owner, container)
            try:
                container[name] = self.ask_scalar(owner, spec, container.get(name))
            finally:
                self._siblings = None
        self.save()

    def ask_model(self, model: type[BaseModel], data: dict[str, Any], context: str = "") -> None:
        """Ask every field of a nested model, then check the whole of it."""
        for stale in [k for k in data if k not in model.model_fields]:
            del data[stale]
        while True:
            for name in model_order(model):
                self.ask_field(model, name, data, context)
            try:
                model.model_validate(prune(data))
                return
            except ValidationError as exc:
                # Rules across fields (e.g. a base of 0 for a percentage) show only here.
                self.show_problems(problems_of(exc, model, ()))
                self.note("Nhập lại phần này; Enter để giữ câu trả lời cũ.")

    def _heading(self, owner: type[BaseModel], label: str) -> None:
        # A rule marks each top-level section; inside one, a bold line is enough.
        if issubclass(owner, DocumentData):
            self.console.rule(Text(label, style="bold"), align="left")
        else:
            self.console.print(Text(label, style="bold"))

    def _hint(self, spec: FieldSpec, owner: type[BaseModel] | None = None) -> None:
        parts: list[str] = []
        if spec.kind == "choice":
            # Vietnamese names only: the data file's English keys are no words of the clerk's.
            for index, choice in enumerate(spec.choices, 1):
                self.console.print(Text(f"  {index}. {choice_line(choice)}"))
            rest = without_keys(spec.description, spec.choices)
            if rest:
                parts.append(rest)
        elif spec.description and spec.kind != "date":
            # A date's description is for file authors (ISO); date_hint below is for typing.
            parts.append(spec.description)
        example = self._example(spec, owner)
        if example:
            parts.append(f"Ví dụ: {example}.")
        if spec.kind == "date":
            parts.append(date_hint(self.document_day().year))
        elif spec.kind == "number":
            parts.append(NUMBER_HINT)
        if spec.kind == "list":
            parts.append("Mỗi lần một mục; Enter (để trống) để kết thúc danh sách.")
        elif not spec.required and not (isinstance(spec.default, str) and spec.default) and (
            # (A text default, "Giấy khen", is what Enter takes: nothing is skipped.)
            spec.kind not in ("model", "model_list", "choice")
            or (spec.kind == "choice" and spec.default is None)  # no choice made for the clerk
        ):
            parts.append("Không bắt buộc: Enter để bỏ qua.")
        if spec.multiline:
            parts.append(f"Gõ {EDIT_COMMAND} để soạn trong trình soạn thảo.")
        if parts:
            self.note(" ".join(parts))

    def _example(self, spec: FieldSpec, owner: type[BaseModel] | None = None) -> str | None:
        if owner is not None and spec.kind != "date":
            styled = example_text(owner.__name__, spec.name, self.answers.get("style"), self.document_day(), self._document(owner))
            if styled is not None:
                return styled
        return worded_example(spec)

    def document_day(self) -> date:
        """The document's date as far as known: the answer, else today (the default offered)."""
        signed = self.answers.get("date")
        return signed if isinstance(signed, date) else self.today

    @staticmethod
    def _document(owner: type[BaseModel]) -> str | None:
        """"report" for ReportData (its ``document`` is a one-value Literal), else None."""
        field = owner.model_fields.get("document")
        args: tuple[Any, ...] = tuple(getattr(field.annotation, "__args__", ())) if field is not None else ()
        return str(args[0]) if len(args) == 1 else None

    # --- scalars

    def _display(self, kind: Kind, value: Any, unit: str | None = None) -> str:
        if kind == "choice":
            return choice_name(value)
        if isinstance(value, date):
            return format_day(value)
        number = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
        if number and (kind == "number" or unit == "đồng"):
            # A sum of money as the decision prints it: 270.000, not 270000.
            return format_number(Decimal(str(value)))
        if isinstance(value, dict):
            return short(str(next(iter(value.values()), "")))
        return short(str(value), 50)

    def ask_scalar(self, owner: type[BaseModel], spec: FieldSpec, current: Any) -> Any:
        default = current
        if default is None and spec.kind == "date":
            default = self.today
        if default is None and (spec.kind == "choice" or isinstance(spec.default, str)):
            # A text default ("Giấy khen") is offered like a choice's: Enter takes it.
            default = spec.default
        can_clear = not spec.required and current is not None
        label = spec.label
        if can_clear:
            self.note(f"Enter để giữ, “{CLEAR_ANSWER}” để bỏ trống.")
        prefill = current if spec.multiline and isinstance(current, str) and current else None
        if prefill is not None:
            self._explain_editing()
        while True:
            shown = self._display(spec.kind, default, spec.unit) if default is not None else None
            answer = self.ask_line(label, shown, prefill)
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
                self.show_problems(self._own_hints(owner, spec, invalid.problems))
            except _Retry:
                pass

    def _convert(self, spec: FieldSpec, kind: Kind, answer: str) -> Any:
        if kind == "int":
            return ungroup_integer(answer)
        if kind == "number":
            number, unit = parse_quantity(answer)
            if unit is not None:
                self._take_unit(unit, answer)
            # Always echoed, the Vietnamese way, so that a slip ("1.500" for 1,5) is seen.
            self.said(f"= {quantity(number, unit)}")
            return number
        if kind == "date":
            return parse_date(answer, self.document_day().year)
        if kind == "choice":
            chosen = read_choice(answer, spec.choices)
            if chosen is not None:
                return chosen
            numbers = "/".join(str(i) for i in range(1, len(spec.choices) + 1))
            names = ", ".join(choice_name(c) for c in spec.choices)
            raise AnswerError(f"Chọn {numbers} hoặc gõ một trong: {names}; không phải “{answer}”.")
        return self._question_slip(spec, self._offer_lookalike_fix(answer))

    def _question_slip(self, spec: FieldSpec, text: str) -> str:
        """"s" as a paragraph, an item or a name is most likely a slip: kept only when the
        clerk says so. Short codes are not prose ("%" is a unit), nor are fields whose own
        example looks like a slip (a "Số sổ vàng" of digits)."""
        prose = spec.multiline or spec.kind == "list" or spec.name in _PROSE_FIELDS
        if not prose or not looks_accidental(text):
            return text
        examples = spec.example if isinstance(spec.example, list) else [spec.example]
        if any(isinstance(e, str) and looks_accidental(e) for e in examples):
            return text
        if self.confirm(f"Giữ “{text}”?", default=False):
            return text
        raise _Retry

    def _take_unit(self, unit: str, answer: str) -> None:
        """"95,2%": the unit of the figure's model is "%", filled in when not yet given."""
        owner, siblings = self._siblings or (None, None)
        if owner is None or siblings is None or "unit" not in owner.model_fields:
            raise AnswerError(f"“{answer}” có dấu %, ở đây chỉ cần con số.", NUMBER_HINT)
        current = siblings.get("unit")
        if current and str(current).strip() != unit:
            raise AnswerError(
                f"“{answer}” có dấu %, nhưng đơn vị tính đã nhập là “{current}”.",
                "Gõ con số không có dấu %, hoặc sửa đơn vị tính thành “%”.",
            )
        if not current:
            siblings["unit"] = unit
            self.said(f"Đơn vị tính: {unit}")

    def _offer_lookalike_fix(self, answer: str) -> str:
        """Text pasted from a PDF often has "ƣ" for "ư": offer the fix, keep it if refused."""
        fixed = fix_pdf_lookalikes(answer)
        if fixed == answer:
            return answer
        self.note(f"Có chữ “ƣ” (thường gặp khi sao chép từ PDF) thay cho “ư”: “{fixed}”.")
        return fixed if self.confirm("Sửa thành “ư”?", default=True) else answer

    def _own_hints(self, owner: type[BaseModel], spec: FieldSpec, problems: list[Problem]) -> list[Problem]:
        """A whole number's refusal, hinted with this field's example (the year) rather than
        the money example the model's own message gives."""
        if spec.kind != "int":
            return problems
        hint = whole_number_hint(
            owner.__name__, spec.name, self.answers.get("style"), self.document_day(), self._document(owner)
        )
        return [dataclasses.replace(p, hint=hint) if hint and p.hint and "540000" in p.hint else p for p in problems]

    def _validate(self, owner: type[BaseModel], spec: FieldSpec, adapter: TypeAdapter[Any] | None, value: Any) -> Any:
        assert adapter is not None
        try:
            return plain(adapter.validate_python(value))
        except ValidationError as exc:
            raise _Invalid(problems_of(exc, owner, (spec.name,))) from None

    def _explain_editing(self) -> None:
        """How to correct a long answer without typing it again, where that is offered."""
        if self.can_prefill:
            self.note(
                f"Nội dung cũ đã có sẵn trên dòng: sửa bằng phím mũi tên rồi Enter; "
                f"hoặc xóa dòng (Ctrl-U), gõ {EDIT_COMMAND} để sửa trong trình soạn thảo."
            )
        else:
            self.note(
                f"Gõ {EDIT_COMMAND} để mở nội dung cũ trong trình soạn thảo (Notepad, nano...), "
                "sửa, lưu rồi đóng: không phải gõ lại."
            )

    def _edit(self, initial: str) -> str | None:
        try:
            edited = self._run_editor(initial)
        except BaseException:
            # Ctrl-C in the editor: the draft must not keep a bare "/e", which a resumed
            # run would replay by opening the editor unasked.
            if self.progress is not None and self.progress.typed[-1:] == [EDIT_COMMAND]:
                self.progress.typed.pop()
            raise
        if self.progress is not None and self.progress.typed[-1:] == [EDIT_COMMAND]:
            # Kept as the text it gave: a replay must not open the editor again.
            if edited is None:
                self.progress.typed.pop()
            else:
                self.progress.typed[-1] = {EDIT_COMMAND: edited}
        return edited

    def _run_editor(self, initial: str) -> str | None:
        if self._replay_edit is not None:
            text, self._replay_edit = self._replay_edit, None
            return text
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
            if spec.multiline:
                self._explain_editing()
        index = 0
        while True:
            existing = index < len(items)
            shown = self._display(spec.item_kind, items[index]) if existing else None
            old = items[index] if existing and spec.multiline and isinstance(items[index], str) else None
            answer = self.ask_line(f"{spec.item_label} {index + 1}", shown, old)
            if spec.multiline and answer.strip() == EDIT_COMMAND:
                edited = self._edit(str(items[index]) if existing and isinstance(items[index], str) else "")
                if edited is None:
                    continue
                new = paragraphs(edited)
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
                # An optional list left empty takes its default; min_items binds once it is used.
                if len(items) < spec.min_items and (spec.required or items):
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
            except _Retry:
                continue
            items[index : index + 1 if existing else index] = values
            index += len(values)
            self.save()

    def _ask_model_list(
        self,
        owner: type[BaseModel],
        spec: FieldSpec,
        items: list[Any],
        context: str,
        container: dict[str, Any] | None = None,
    ) -> None:
        assert spec.model is not None
        item_model = spec.model
        noun = lower_first(spec.item_label)
        index = 0
        while index < len(items):
            if not isinstance(items[index], dict):
                items[index] = {}
            title = f"{context}{spec.item_label} {index + 1}"
            summary = short(str(next(iter(items[index].values()), "")), 50)
            choice = self.ask_line(
                f"{title}: “{summary}” — Enter để giữ, s để sửa, x để xóa"
            ).strip().casefold()
            if choice in ("", "g"):
                try:
                    item_model.model_validate(prune(items[index]))
                except ValidationError:
                    # Cut short by Ctrl-C last time: finish it rather than keep half an entry.
                    self.note(f"{title} chưa đủ thông tin; hỏi tiếp.")
                    self._ask_item(item_model, items[index], title, index + 1)
                index += 1
            elif choice == "s":
                self._ask_item(item_model, items[index], title, index + 1)
                index += 1
            elif choice == "x":
                del items[index]
                self.save()
            else:
                self.error("Gõ Enter (giữ), s (sửa) hoặc x (xóa).")
        question = f"Thêm {noun}{self._within(owner, container)}?"
        while True:
            if len(items) >= spec.min_items and not self.confirm(question, default=False):
                return
            data: dict[str, Any] = {}
            items.append(data)
            self._ask_item(item_model, data, f"{context}{spec.item_label} {len(items)}", len(items))

    def _within(self, owner: type[BaseModel], container: dict[str, Any] | None) -> str:
        """' trong “1. Kinh tế”': which item a nested list adds to ('' at the top level)."""
        if issubclass(owner, DocumentData) or not container or not self._numbers:
            return ""
        named = short(next((v for v in container.values() if isinstance(v, str) and v.strip()), ""), 50)
        # Numbered as the report prints its results: "1. Kinh tế", then "a) Trồng trọt".
        depth, last = len(self._numbers), self._numbers[-1]
        number = f"{last}." if depth == 1 else f"{vi_letter(last - 1)})" if depth == 2 else ""
        if not named:
            return f" trong mục {number}" if number else ""
        return f" trong “{number} {named}”" if number else f" trong “{named}”"

    def _ask_item(self, model: type[BaseModel], data: dict[str, Any], title: str, number: int) -> None:
        self.console.print(Text(f"▸ {title}", style="bold magenta"))
        self._numbers.append(number)
        self._titles.append(title)
        try:
            self.ask_model(model, data, f"{title} › ")
        finally:
            self._numbers.pop()
            self._titles.pop()
