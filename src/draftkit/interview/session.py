"""One interview, from the first question to the written documents.

What differs between documents is data (:class:`DocumentKind`: model, section order,
names of files) plus a :class:`Questions` object for the sections that need more than
the generic engine (the awardees of a commendation round). The rest is shared: the draft
saved after every answer and offered again on the next run, starting from an existing
data file (``--data``), the office profile's defaults, the review and the writing.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import shlex
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from draftkit.datafile import DataFile, dump_yaml, load_data_file
from draftkit.errors import InputEnded, InputError, OutputError, Problem, Terminated, os_reason
from draftkit.models import DocumentData
from draftkit.output import ensure_writable, write_atomic
from draftkit.pipeline import RenderResult, render_model, templates_used
from draftkit.profile import PROFILE_KEYS, load_profile, profile_path, save_profile
from draftkit.template_search import search_path
from draftkit.textcheck import sanitize
from draftkit.validation import validate

from .engine import Interview, Progress, ReplayDiverged
from .fields import FIXED_KEYS, field_spec, model_order, prune, revive
from .parsers import format_day
from .review import ReviewNode, review_tree
from .terminal import Reader, launch_editor, terminal_reader

__all__ = [
    "DRAFT_SUFFIX",
    "PROGRESS_KEY",
    "DocumentKind",
    "Draft",
    "Questions",
    "Session",
    "continue_command",
    "quote_arg",
    "run_interview",
]

DRAFT_SUFFIX = ".draft.yaml"
# The draft's record of the section being asked (see engine.Progress): not a data-file key.
PROGRESS_KEY = "in_progress"
_MISSING: Any = object()  # a section that had no value when asking it began


# The command that writes each kind of data file, for a draft given to the other one.
COMMANDS = {"report": "new-report", "awards": "new-awards"}


def draft_document(path: Path) -> str | None:
    """The ``document`` key of a draft (None when it cannot be read or has none)."""
    try:
        value = load_data_file(path).data.get("document")
    except InputError:
        return None
    return value if isinstance(value, str) else None


def other_kind_problem(path: Path, document: str | None, expected: str) -> Problem | None:
    """A draft (or data file) of another document than ``expected``: what to run instead."""
    if document is None or document == expected or document not in COMMANDS:
        return None
    command = COMMANDS[document]
    return Problem(
        f"Bản nháp này là của lệnh “draftkit {command}”, không phải “draftkit {COMMANDS[expected]}”; "
        "không mở và không ghi đè.",
        field="document",
        hint=f"Tiếp tục bằng: draftkit {command} --resume {path}",
    )


def draft_location(draft: Path, default_stem: str, document: str | None = None) -> tuple[Path, str | None]:
    """Where ``--resume FILE`` continues: the draft's folder and the name it was saved under.

    "bao-cao-2023.draft.yaml" continues as "bao-cao-2023"; the unnamed "bao-cao.draft.yaml"
    (saved before the year was known) continues with no name, as the first run had. A draft
    of another document (``document`` given) is refused, and left as it is.
    """
    if not draft.exists():
        raise InputError(
            None,
            [
                Problem(
                    f"Không có tệp bản nháp “{draft}” (--resume): tệp này không tồn tại.",
                    hint="Kiểm tra lại đường dẫn; bản nháp nằm trong thư mục -o của lần chạy trước, "
                    "ví dụ van-ban/bao-cao-2026.draft.yaml.",
                )
            ],
        )
    if not draft.name.endswith(DRAFT_SUFFIX) or not draft.is_file():
        raise InputError(
            draft,
            [
                Problem(
                    f"Không phải bản nháp của draftkit (tệp có đuôi {DRAFT_SUFFIX}).",
                    hint="Bản nháp nằm trong thư mục -o của lần chạy trước, ví dụ bao-cao-2023.draft.yaml.",
                )
            ],
        )
    if document is not None:
        problem = other_kind_problem(draft, draft_document(draft), document)
        if problem is not None:
            raise InputError(draft, [problem])
    return draft.parent, chosen_stem(draft, default_stem)


def chosen_stem(draft: Path, default_stem: str) -> str | None:
    """The name a draft continues under: None for a name that follows the year
    ("bao-cao", "bao-cao-2026"), so that a date changed later still renames the files; the
    name itself when the clerk chose it (--name, or the clash question)."""
    stem = draft.name.removesuffix(DRAFT_SUFFIX)
    return None if re.fullmatch(rf"{re.escape(default_stem)}(-\d{{4}})?", stem) else stem


@dataclass(frozen=True)
class DocumentKind:
    """What one ``new-...`` command writes."""

    document: str  # the data file's ``document`` key
    model: type[DocumentData]
    order: tuple[str, ...]  # top-level sections in asking and review order
    command: str  # "new-report": for the draft's header
    default_stem: str  # file name before the year is known: "bao-cao"
    intro: str
    review_title: str
    suffixes: tuple[str, ...]  # one per document written: "" or "-quyet-dinh"...

    @property
    def fixed(self) -> dict[str, Any]:
        """Keys the interview never asks: the same for every file of this kind."""
        return {"version": 1, "document": self.document}

    @property
    def sections(self) -> tuple[str, ...]:
        # Anything added to the model later is still asked, after the known sections.
        return self.order + tuple(n for n in model_order(self.model) if n not in self.order)

    def final_data(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The data file for ``answers``: fixed keys first, sections in order."""
        ordered = {k: answers[k] for k in self.sections if k in answers}
        return {**self.fixed, **prune(ordered)}

    def year(self, answers: dict[str, Any]) -> int | None:
        """The year in the default file name: the report's year, else the date's."""
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

    def label(self, name: str) -> str:
        return field_spec(self.model, name).label


class Questions:
    """How the top-level sections of one document are asked, checked and reviewed.

    This base asks every section with the generic engine, pre-filled from the office
    profile; a document with sections of its own (the awardees) overrides what differs.
    """

    def __init__(
        self, kind: DocumentKind, interview: Interview, out_dir: Path, profile: Mapping[str, Any]
    ) -> None:
        self.kind = kind
        self.interview = interview
        self.out_dir = out_dir
        self.profile = profile

    @property
    def answers(self) -> dict[str, Any]:
        return self.interview.answers

    def asked(self) -> tuple[str, ...]:
        """The sections a new interview walks, in order (may depend on earlier answers)."""
        return self.kind.sections

    def ask(self, name: str) -> None:
        self.prefill(name)
        self.interview.ask_field(self.kind.model, name, self.answers)
        while self.broken_rule(name):
            # A rule across sections this answer breaks: said now, not when saving.
            self.interview.ask_field(self.kind.model, name, self.answers)
        if name == "signer":
            self.offer_signing_form()
        elif name == "date" and self.answers.get("style") == "party" and isinstance(self.answers.get("date"), date):
            from draftkit.rules import text_in_force

            signed = self.answers["date"]
            self.interview.note(f"Văn bản của Đảng ngày {format_day(signed)}: trình bày theo {text_in_force('party', signed)}.")

    def rules_broken(self) -> dict[str, tuple[str, str]]:
        """Rules of the whole document the answers break (a table of indicators with no
        indicator), by the reason the model gives, in the interview's words. Checked once
        every section is valid (the model checks them only then)."""
        from .engine import ASKED_AGAIN

        try:
            self.kind.model.model_validate(self.kind.final_data(self.answers))
        except ValidationError as exc:
            reasons = [str((err.get("ctx") or {}).get("error", "")) for err in exc.errors()]
            return {reason: ASKED_AGAIN[reason] for reason in reasons if reason in ASKED_AGAIN}
        return {}

    def broken_rule(self, name: str) -> bool:
        """Whether the answer to ``name`` breaks such a rule ("appendix_..."): said at once."""
        for reason, (message, hint) in self.rules_broken().items():
            if reason.startswith(f"{name}_"):
                self.interview.error(message, hint)
                return True
        return False

    def offer_signing_form(self) -> None:
        """A signing line typed in the other style's form ("TM." in a Party document) is
        offered the form the rules of the document's style and date use ("T/M")."""
        from draftkit.rules import signing_form, text_in_force

        signer, style, signed = self.answers.get("signer"), self.answers.get("style") or "state", self.answers.get("date")
        typed = signer.get("authority") if isinstance(signer, dict) else None
        on = signed if isinstance(signed, date) else None
        fixed = signing_form(typed, style, on) if isinstance(typed, str) and style in ("state", "party") else None
        if fixed is None or not isinstance(signer, dict):
            return
        self.interview.note(f"Theo {text_in_force(style, on)}, dòng quyền hạn ký viết “{fixed}”.")
        if self.interview.confirm(f"Sửa “{typed}” thành “{fixed}”?", default=True):
            signer["authority"] = fixed
            self.interview.save()

    def prefill(self, name: str) -> None:
        """Offer the profile's value as the default of a section not answered yet."""
        if name not in self.answers and name in self.profile:
            self.answers[name] = copy.deepcopy(self.profile[name])

    def move_to(self, out_dir: Path) -> str | None:
        """Whether the outputs can go to ``out_dir`` instead: None, or why not (Vietnamese)."""
        return None

    def adopt(self, data: dict[str, Any], source_dir: Path) -> dict[str, Any]:
        """Answers from a loaded file (a draft, or ``--data`` in ``source_dir``)."""
        return revive(self.kind.model, data)

    def invalid(self) -> set[str]:
        """Sections that cannot be used as they are, beyond what the model checks."""
        return set()

    def prepare(self, model: DocumentData) -> DocumentData:
        """The validated model, made ready to render (the awardees read from their file)."""
        return model

    def review_nodes(self) -> Mapping[str, ReviewNode]:
        return {}

    def absent_texts(self) -> Mapping[str, str]:
        """What the review shows for a section left out, where "(bỏ trống)" would mislead."""
        return {}

    def profile_values(self) -> dict[str, Any]:
        """What the office profile keeps of these answers (offered after the first run)."""
        return {key: copy.deepcopy(self.answers[key]) for key in PROFILE_KEYS if self.answers.get(key) is not None}

    def incomplete(self) -> list[str]:
        """The sections still missing or invalid, in section order."""
        bad = self.invalid()
        try:
            self.kind.model.model_validate(self.kind.final_data(self.answers))
        except ValidationError as exc:
            bad |= {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
        return [name for name in self.kind.sections if name in bad]


class Draft:
    """The autosaved answers: ``<out_dir>/<name>.draft.yaml``.

    Without ``--name`` the file name follows the year (bao-cao-2023) as soon as it is
    known, and is ``bao-cao.draft.yaml`` before that.
    """

    def __init__(self, kind: DocumentKind, out_dir: Path, stem: str | None) -> None:
        self.kind = kind
        self.out_dir = out_dir
        self.stem = stem
        self.path: Path | None = None  # where the answers were last written
        self.progress: Progress | None = None  # the section being asked, saved alongside
        # Sections carried from last year that are still to be asked again (see
        # nextyear.MARKER): kept with the draft, so that a resumed run asks them too.
        self.again: list[str] = []
        # Where else to look for an unfinished draft when ``out_dir`` has none (a draft moved,
        # or a run given -o before): see find_existing.
        self.elsewhere: tuple[Path, ...] = ()
        self._written: str | None = None  # the text last written at ``path``

    def stem_for(self, answers: dict[str, Any]) -> str:
        if self.stem is not None:
            return self.stem
        year = self.kind.year(answers)
        base = self.kind.default_stem
        return f"{base}-{year}" if year is not None else base

    def path_for(self, answers: dict[str, Any]) -> Path:
        return self.out_dir / f"{self.stem_for(answers)}{DRAFT_SUFFIX}"

    def find_existing(self) -> Path | None:
        """This command's unfinished draft in the folder: under --name, that one; else the
        newest draft of this document, whatever it is called (renamed in the clash question:
        "chạy lại để tiếp tục" must still find it). None there: the newest one in the
        folders of :attr:`elsewhere`."""
        found = self._find_in(self.out_dir)
        if found is not None:
            return found
        here = self.out_dir.resolve()
        others = [p for p in (self._find_in(f) for f in self.elsewhere if f.resolve() != here) if p is not None]
        return max(others, key=lambda p: (p.stat().st_mtime, p.name)) if others else None

    def _find_in(self, folder: Path) -> Path | None:
        if self.stem is not None:
            path = folder / f"{self.stem}{DRAFT_SUFFIX}"
            return path if path.is_file() else None
        try:
            candidates = [p for p in folder.glob(f"*{DRAFT_SUFFIX}") if p.is_file()]
        except OSError:
            return None
        base = self.kind.default_stem
        pattern = re.compile(rf"{re.escape(base)}(-\d{{4}})?{re.escape(DRAFT_SUFFIX)}")

        def ours(path: Path) -> bool:
            document = draft_document(path)
            # A broken draft under the default name is still offered (to start again).
            return document == self.kind.document or (document is None and pattern.fullmatch(path.name) is not None)

        found = [p for p in candidates if ours(p)]
        return max(found, key=lambda p: (p.stat().st_mtime, p.name)) if found else None

    def save(self, answers: dict[str, Any]) -> None:
        path = self.path_for(answers)
        header = (
            f"# Bản nháp của “draftkit {self.kind.command}”: chạy lại lệnh để tiếp tục.\n"
            "# Tệp này tự xóa khi văn bản được tạo.\n"
        )
        content = {**self.kind.fixed, **answers}
        if self.again:
            from draftkit.nextyear import MARKER

            header += f"# {MARKER}: các phần chuyển từ năm trước còn phải hỏi lại.\n"
            content[MARKER] = {"ask": list(self.again)}
        if self.progress is not None:
            header += f"# {PROGRESS_KEY}: những gì đã gõ ở phần đang hỏi dở, để tiếp tục đúng câu đó.\n"
            progress: dict[str, Any] = {"section": self.progress.section}
            if self.progress.start is not _MISSING:
                progress["start"] = self.progress.start
            progress["typed"] = list(self.progress.typed)
            content[PROGRESS_KEY] = progress
        text = header + dump_yaml(content)
        if path == self.path and text == self._written:
            return  # unchanged (a section's end after its last answer)
        try:
            write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            raise OutputError(f"Không ghi được bản nháp “{path}”: {os_reason(exc)}.") from None
        if self.path is not None and self.path != path:
            self.path.unlink(missing_ok=True)
        self.path = path
        self._written = text

    def delete(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def check_name(name: str, kind: DocumentKind) -> str:
    stem = name.strip()
    for suffix in (".yaml", ".yml", ".docx"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    if not stem or any(sep in stem for sep in ("/", "\\")) or stem in (".", ".."):
        raise OutputError(
            f"Tên tệp “{name}” không dùng được.",
            hint=f"Chỉ ghi tên, không có thư mục, ví dụ --name {kind.default_stem}-2023; "
            "thư mục chọn bằng -o.",
        )
    return stem


def load_start(kind: DocumentKind, path: Path) -> DataFile:
    """The ``--data`` file, read before the first question: only its syntax must be right."""
    source = load_data_file(path)
    document = source.data.get("document")
    if document not in (None, kind.document):
        raise InputError(
            path,
            [
                Problem(
                    f"Tệp này là loại văn bản “{document}”, không phải “{kind.document}”.",
                    field="document",
                    line=source.line_of(("document",)),
                    hint="Báo cáo dùng draftkit new-report --data, đợt khen thưởng dùng "
                    "draftkit new-awards --data.",
                )
            ],
        )
    return source


@dataclass
class Session:
    kind: DocumentKind
    console: Console
    out_dir: Path
    force: bool
    draft: Draft
    interview: Interview
    questions: Questions
    templates: Path | None = None
    config_dir: Path | None = None
    resume_file: Path | None = None  # --resume FILE: continue that draft, without asking
    windows: bool = os.name == "nt"  # how the command that continues is quoted
    # What a resumed draft had typed in its unfinished section (see ask_section).
    pending: tuple[Progress, Any] | None = None
    asking: bool = False  # a section has been asked: the draft is this run's
    # The folder and name whose clashes were settled, and those the clerk agreed to
    # overwrite: a date changed later gives another name, settled again (never overwritten
    # on the strength of an answer about other files).
    _settled: tuple[Path, str] | None = None
    _granted: tuple[Path, str] | None = None

    @property
    def profile_file(self) -> Path:
        return profile_path(self.config_dir)

    def outputs(self) -> tuple[str, Path, list[Path]]:
        stem = self.draft.stem_for(self.interview.answers)
        documents = [self.out_dir / f"{stem}{suffix}.docx" for suffix in self.kind.suffixes]
        return stem, self.out_dir / f"{stem}.yaml", documents

    def overwrite(self) -> bool:
        """Whether the outputs under the current folder and name may replace existing files:
        --force, or the clerk agreed to it for exactly this folder and name."""
        stem = self.draft.stem_for(self.interview.answers)
        return self.force or self._granted == (self.out_dir, stem)

    def draft_note(self, ended: bool = False) -> str:
        """Where the answers are kept and the command that continues them (``ended``: after
        the input ran out, where nothing saved means running the command again)."""
        where = self.draft.path
        if where is None or not where.exists():
            again = f" Chạy lại draftkit {self.kind.command} và trả lời từng câu." if ended else ""
            return "Chưa có câu trả lời nào được lưu." + again
        return f"Các câu trả lời đã được lưu trong bản nháp {where}. Để tiếp tục, gõ lệnh {self.continue_command()}"

    def continue_command(self) -> str:
        assert self.draft.path is not None
        return continue_command(
            self.kind.command,
            self.draft.path,
            self.out_dir,
            self.draft.stem,
            self.templates,
            self.force,
            windows=self.windows,
        )

    def save_now(self) -> None:
        """Write the draft as it stands (at an interruption: the lines typed so far too).

        Nothing before the first section is asked: a draft offered for resuming is kept
        as it is until the clerk answers something.
        """
        progress = self.draft.progress
        typed = progress is not None and bool(progress.typed)
        if self.asking and (self.draft.path is not None or self.interview.answers or typed):
            self.draft.save(self.interview.answers)

    # --- where, and under what name

    def where_note(self, hint: bool = True) -> str:
        """Where the documents will be written: said before the first question (with how
        to change it), and again when the clash question changes the name or the folder."""
        stem = self.draft.stem_for(self.interview.answers)
        named = self.draft.stem is not None or stem != self.kind.default_stem
        shown = stem if named else f"{self.kind.default_stem}-NĂM"
        files = ", ".join([f"{shown}.yaml", *(f"{shown}{s}.docx" for s in self.kind.suffixes)])
        year = "" if named else " (NĂM: năm của văn bản)"
        folder = f"thư mục hiện tại ({self.out_dir.resolve()})" if self.out_dir == Path(".") else f"thư mục {self.out_dir}"
        change = " Đổi thư mục bằng -o, tên tệp bằng --name." if hint else ""
        return f"Sẽ ghi vào {folder}: {files}{year}.{change}"

    def clashes(self) -> list[Path]:
        """Existing files the documents would replace: the data file, each document, and
        another interview's draft under the same name."""
        stem, yaml_path, documents = self.outputs()
        draft = self.out_dir / f"{stem}{DRAFT_SUFFIX}"
        own = self.draft.path is not None and draft.resolve() == self.draft.path.resolve()
        found = [p for p in (yaml_path, *documents) if p.exists()]
        if draft.exists() and not own and self.asking:
            found.append(draft)
        return found

    def settle_outputs(self) -> None:
        """Before the first question, and as soon as the name is known (it follows the year
        unless --name is given): a clash with existing files is settled with the clerk, by
        another name, another folder or overwriting, instead of refusing after the review."""
        stem = self.draft.stem_for(self.interview.answers)
        if self.draft.stem is None and stem == self.kind.default_stem:
            return  # the year is not known yet: neither is the name
        if self.overwrite() or (self.out_dir, stem) == self._settled:
            return
        ask = self.interview
        while True:
            found = self.clashes()
            stem = self.draft.stem_for(self.interview.answers)
            if not found:
                self._settled = (self.out_dir, stem)
                return
            names = ", ".join(p.name for p in found)
            ask.error(f"Thư mục {self.out_dir} đã có tệp trùng tên: {names}.")
            choice = ask.ask_line("Chọn: 1 = đặt tên khác, 2 = ghi vào thư mục khác, 3 = ghi đè các tệp đó").strip()
            if choice == "1":
                self._rename()
            elif choice == "2":
                self._move()
            elif choice == "3":
                if ask.confirm(f"Ghi đè {names} khi tạo văn bản?", default=False):
                    self._granted = self._settled = (self.out_dir, stem)
                    return
            else:
                ask.error("Gõ 1, 2 hoặc 3.")

    def _rename(self) -> None:
        ask = self.interview
        example = f"{self.draft.stem_for(self.interview.answers)}-lan-2"  # the name in the way, numbered
        typed = ask.ask_line(f"Tên tệp mới (không có đuôi, ví dụ {example})").strip()
        if not typed:
            return
        try:
            stem = check_name(typed, self.kind)
        except OutputError as bad:
            ask.error(bad.message, bad.hint)
            return
        self.draft.stem = stem
        if self.draft.path is not None and self.asking:
            self.draft.save(self.interview.answers)  # moved under the new name
        # The new names, checked again at once by the clash question's loop.
        ask.note(self.where_note(hint=False))

    def _move(self) -> None:
        ask = self.interview
        typed = ask.ask_line("Thư mục mới (đường dẫn)").strip().strip("\"'").strip()
        if not typed:
            return
        folder = Path(typed).expanduser()
        refused = self.questions.move_to(folder)
        if refused is not None:
            ask.error(refused)
            return
        try:
            ensure_writable([folder / f"{self.draft.stem_for(self.interview.answers)}{DRAFT_SUFFIX}"], force=True)
        except OutputError as bad:
            ask.error(bad.message, bad.hint)
            return
        self._relocate(folder)
        if self.draft.path is not None and self.asking:
            self.draft.save(self.interview.answers)  # moved into the new folder
        # A plain rerun looks for drafts where it is told to: say where this one now is.
        ask.note(f"Bản nháp và văn bản sẽ ở thư mục {folder}; nếu dừng giữa chừng, chạy lại lệnh với -o {quote_arg(str(folder), self.windows)}.")

    def _relocate(self, folder: Path) -> None:
        self.out_dir = folder
        self.draft.out_dir = folder
        self.questions.out_dir = folder

    def follow(self, existing: Path) -> None:
        """A draft found outside the -o folder, and continued: without -o the documents go to
        its folder, as with --resume; with -o, there (the draft moves there with them)."""
        if existing.parent.resolve() == self.out_dir.resolve() or self.resume_file is not None:
            return
        if self.out_dir == Path("."):
            self._relocate(existing.parent)

    def tree(self, title: str) -> Tree:
        return review_tree(
            title,
            self.kind.model,
            self.kind.sections,
            self.interview.answers,
            self.questions.review_nodes(),
            self.questions.absent_texts(),
        )

    # --- where the answers start from

    def resume(self, data_file: Path | None = None) -> tuple[bool, Collection[str]] | None:
        """Offer an unfinished draft: (resumed, sections to skip), or None to stop.

        ``--resume FILE`` continues that draft without asking.
        """
        existing = self.resume_file or self.draft.find_existing()
        if existing is None:
            return False, ()
        ask = self.interview
        instead = f"bắt đầu từ tệp {data_file}" if data_file is not None else "bắt đầu lại"
        # Until the first new answer, the old draft is where the answers are.
        self.draft.path = existing
        loaded: dict[str, Any] | None = None
        try:
            data = load_data_file(existing).data
            if data.get("document") == self.kind.document:
                loaded = data
        except InputError:
            loaded = None
        if loaded is None:
            other = other_kind_problem(existing, draft_document(existing), self.kind.document)
            if other is not None:
                # Another command's work (same --name): never offered for overwriting.
                self.draft.path = None
                raise InputError(existing, [other])
        if loaded is None:
            ask.error(f"Không đọc được bản nháp {existing}.")
            if not ask.confirm(f"{instead.capitalize()}? Bản nháp cũ sẽ bị ghi đè.", default=None):
                return None
            return False, ()
        if self.resume_file is not None:
            self.console.print(Text(f"Tiếp tục bản nháp {existing}", style="yellow"))
        else:
            self.console.print(Text(f"Có bản nháp chưa xong: {existing}", style="yellow"))
            if not ask.confirm(f"Tiếp tục từ bản nháp? (k: {instead}, bản nháp cũ sẽ bị ghi đè)", default=True):
                return False, ()
            if self.draft.stem is None:
                # A name chosen in an earlier run's clash question is kept.
                self.draft.stem = chosen_stem(existing, self.kind.default_stem)
            self.follow(existing)
        known = {k: v for k, v in loaded.items() if k in self.kind.model.model_fields and k not in FIXED_KEYS}
        ask.answers.update(self.questions.adopt(known, existing.parent))
        progress = self._progress_of(loaded.get(PROGRESS_KEY), existing.parent)
        bad = set(self.questions.incomplete())
        if progress is not None:
            # The section that was being asked is asked again, replaying what was typed in
            # it: the run goes on at the very question where it stopped.
            self.pending = (progress, copy.deepcopy(ask.answers))
            if progress.start is _MISSING:
                ask.answers.pop(progress.section, None)
            else:
                ask.answers[progress.section] = copy.deepcopy(progress.start)
            present = [k for k in self.kind.sections if k in ask.answers or k == progress.section]
            return True, [k for k in present if k not in bad and k != progress.section]
        if not bad:
            return True, self.kind.sections  # complete: straight to the review
        asked = self.questions.asked()
        present = [k for k in asked if k in ask.answers]
        if len(present) < len(asked):
            # The last section answered may have been cut short: ask it again, with defaults.
            present = present[:-1]
        # A section that is there but not valid is asked too (a draft begun from --data).
        return True, [k for k in present if k not in bad]

    def _progress_of(self, saved: Any, source_dir: Path) -> Progress | None:
        """The draft's record of its unfinished section; None when absent or unusable."""
        if not isinstance(saved, dict):
            return None
        section, typed = saved.get("section"), saved.get("typed")
        if section not in self.kind.sections or not isinstance(typed, list):
            return None
        if not all(isinstance(t, str) or (isinstance(t, dict) and all(isinstance(v, str) for v in t.values())) for t in typed):
            return None
        start = _MISSING
        if "start" in saved:
            start = self.questions.adopt({section: saved["start"]}, source_dir).get(section)
        return Progress(section, start, [t if isinstance(t, str) else dict(t) for t in typed])

    def asked_again(self, skip: Collection[str]) -> list[str]:
        """A resumed draft begun from last year's file: the sections it still had to ask
        again (its ``next_year`` key) are asked, not skipped as answered."""
        from draftkit.nextyear import still_to_ask

        path = self.draft.path
        try:
            saved = load_data_file(path).data if path is not None else {}
        except InputError:
            saved = {}
        _, again = still_to_ask(saved)
        self.draft.again = [n for n in self.kind.sections if n in again]
        return [n for n in skip if n not in self.draft.again]

    def start_from(self, source: DataFile) -> list[str]:
        """Take the answers of an existing data file; the sections still to ask."""
        ask = self.interview
        from .carry import offer_next_year

        # Last year's file: carried forward; a file next-year wrote: its sections to ask.
        source, again = offer_next_year(ask, source, self.questions.profile)
        fields = self.kind.model.model_fields
        known = {k: v for k, v in source.data.items() if k in fields and k not in FIXED_KEYS}
        ask.answers.update(self.questions.adopt(known, source.path.parent))
        # What the file leaves to the office profile is taken from it, as `render` would.
        from_profile = [k for k in PROFILE_KEYS if k not in known and k in self.questions.profile]
        for key in from_profile:
            self.questions.prefill(key)
        self.console.print()
        self.console.print(self.tree(f"Đã có trong tệp {source.path.name}"), soft_wrap=False)
        for key in source.data:
            if key not in fields:
                ask.note(f"Bỏ qua mục “{key}”: không có trong định dạng tệp dữ liệu.")
        if from_profile:
            names = ", ".join(f"“{self.kind.label(k)}”" for k in from_profile)
            ask.note(f"Tệp không có {names}: lấy từ hồ sơ cơ quan {self.profile_file}.")
        signed = ask.answers.get("date")
        if isinstance(signed, date) and signed.year < ask.today.year and not again:
            number = self.kind.sections.index("date") + 1
            ask.note(
                f"Ngày ký trong tệp là {format_day(signed)}: nếu đây là văn bản mới, sửa ở bước "
                f"xem lại (s, phần {number})."
            )
        missing = self.questions.incomplete()
        missing = [n for n in self.kind.sections if n in missing or n in again]
        self.draft.again = [n for n in self.kind.sections if n in again]
        for name in self.kind.sections:
            # Left out on purpose: recorded as answered empty, so that a draft begun here
            # and resumed asks only what is still missing, like this run.
            if name not in ask.answers and name not in missing:
                ask.answers[name] = None
        if missing:
            names = ", ".join(f"“{self.kind.label(n)}”" for n in missing)
            ask.note(f"Chỉ hỏi những phần còn thiếu hoặc chưa hợp lệ: {names}.")
        else:
            ask.note("Tệp đã đủ thông tin: xem lại, sửa phần cần sửa, rồi lưu.")
        ask.save()
        return missing

    # --- asking

    def walk(self, skip: Collection[str] = (), only: Collection[str] | None = None) -> None:
        """Ask the sections in order: all but ``skip``, or just ``only``.

        The order is looked up again after every section, because an answer may add
        sections (a Party decision needs its "Căn cứ" lines written out).
        """
        done = set(skip)
        while True:
            order = self.questions.asked() if only is None else [n for n in self.kind.sections if n in only]
            name = next((n for n in order if n not in done), None)
            if name is None:
                return
            self.ask_section(name)
            done.add(name)
            self.settle_outputs()

    def ask_section(self, name: str) -> None:
        """Ask one top-level section, keeping what is typed in it with the draft.

        When a resumed draft stopped inside this section, its lines are replayed first, so
        the clerk goes on at the unanswered question of the very item that was cut short.
        """
        ask = self.interview
        self.asking = True
        pending, self.pending = self.pending, None
        replay = pending if pending is not None and pending[0].section == name else None
        current = ask.answers.get(name, _MISSING)
        self.draft.progress = Progress(name, current if current is _MISSING else copy.deepcopy(current))
        ask.progress = self.draft.progress
        try:
            if replay is not None and replay[0].typed:
                self._replay_section(name, *replay)
            else:
                self.questions.ask(name)
        finally:
            ask.progress = None
        self.draft.progress = None
        if name in self.draft.again:
            self.draft.again.remove(name)
        self.save_now()

    def _replay_section(self, name: str, progress: Progress, saved: dict[str, Any]) -> None:
        ask = self.interview
        expected = prune(saved.get(name))
        count = len(progress.typed)

        def check(printed: str) -> None:
            if prune(ask.answers.get(name)) != expected:
                raise ReplayDiverged
            item = ask.current_item
            self.console.print(
                Text(
                    f"Đã khôi phục {count} câu trả lời đã gõ ở phần “{self.kind.label(name)}”; "
                    f"hỏi tiếp từ câu đang dở{f' ({item})' if item else ''}.",
                    style="yellow",
                )
            )
            # The heading and hints of the question that was being asked.
            self.console.print(Text.from_ansi(printed), end="")

        ask.replay(progress.typed, check)
        try:
            self.questions.ask(name)
            if ask.replaying:
                # The typed lines ended exactly with the section (or too early): check.
                left = ask.replay_left()
                printed = ask.end_replay()
                if left:
                    raise ReplayDiverged
                check(printed)
        except ReplayDiverged:
            ask.end_replay()
            ask.answers.clear()
            ask.answers.update(saved)
            assert ask.progress is not None
            ask.progress.typed.clear()
            ask.progress.start = copy.deepcopy(saved[name]) if name in saved else _MISSING
            ask.note(
                f"Không khôi phục được đúng chỗ đang dở của phần “{self.kind.label(name)}” "
                "(bản nháp hoặc tệp danh sách đã thay đổi): hỏi lại phần này, Enter để giữ câu trả lời cũ."
            )
            self.questions.ask(name)
        finally:
            ask.end_replay()

    def review(self) -> RenderResult | None:
        ask = self.interview
        sections = self.kind.sections
        show_tree = True
        while True:
            if show_tree:
                self.console.print()
                # Wrapped inside the tree guides, whatever the console's soft-wrap setting.
                self.console.print(self.tree(self.kind.review_title), soft_wrap=False)
            # After the document's text, the question again, not the whole review.
            show_tree = True
            choice, section = ask.review_decision(
                "Lưu và tạo văn bản?",
                len(sections),
                "Gõ c (có: lưu), s (sửa một phần), x (xem toàn văn) hoặc k (không: dừng, giữ bản nháp).",
                preview=True,
            )
            if choice == "preview":
                from .review import print_preview

                print_preview(self.console, self.prepared_model)
                show_tree = False
                continue
            if choice == "edit":
                self.ask_section(sections[section - 1])
                self.settle_outputs()  # a changed date is another name, maybe taken
            elif choice == "save":
                broken = self.questions.rules_broken()
                if broken:
                    # In the interview's words, before the data file's (which name its keys).
                    for message, hint in broken.values():
                        ask.error(message, hint)
                    ask.note("Chọn s để sửa phần có lỗi.")
                    continue
                try:
                    result = self.write()
                except OutputError as refused:
                    # Files in the way (made meanwhile, or missed): settled with the clerk
                    # like any clash, not an exit after all the typing.
                    ask.error(refused.message)
                    self._settled = self._granted = None
                    self.settle_outputs()
                    ask.note("Gõ c để lưu lại, hoặc k để dừng (giữ bản nháp).")
                    continue
                except InputError as invalid:
                    ask.error("Chưa tạo được văn bản: " + invalid.message)
                    for problem in invalid.problems:
                        where = problem.location()
                        ask.error(f"{problem.message} ({where})" if where else problem.message, problem.hint)
                    ask.note("Chọn s để sửa phần có lỗi.")
                    continue
                self.offer_profile()
                return result
            elif choice == "stop":
                self.console.print(Text("Chưa tạo văn bản. " + self.draft_note(), style="yellow"))
                return None

    # --- writing

    def prepared_model(self) -> DocumentData:
        """The answers as the validated model that would be rendered (for the preview)."""
        _, yaml_path, _ = self.outputs()
        data, _ = sanitize(self.kind.final_data(self.interview.answers))
        return self.questions.prepare(validate(DataFile(path=yaml_path, data=data)))

    def write(self) -> RenderResult:
        """Validate everything, refuse to overwrite, then write the data file and documents."""
        stem, yaml_path, documents = self.outputs()
        data, warnings = sanitize(self.kind.final_data(self.interview.answers))
        model = self.questions.prepare(validate(DataFile(path=yaml_path, data=data)))
        try:
            # Which files are in the way is decided as the clash question decides it (one
            # rule, see clashes); the rest (folders, a file open in Word) by ensure_writable.
            found = [] if self.overwrite() else self.clashes()
            if found:
                raise OutputError(f"Tệp đã có: {', '.join(str(p) for p in found)}. Không ghi đè.")
            ensure_writable([yaml_path, *documents], force=True)
        except OutputError as refused:
            hint = " ".join(filter(None, [refused.hint, self.draft_note()]))
            raise OutputError(refused.message, hint=hint) from None
        config_templates = self.config_dir / "templates" if self.config_dir is not None else None
        folders = search_path(self.templates, data_file=yaml_path, config_folder=config_templates)
        # The data file is written with the documents, all or nothing: a data file without
        # its documents would block the next run.
        try:
            written = render_model(
                model,
                stem,
                self.out_dir,
                force=self.overwrite(),
                templates=folders,
                warnings=warnings,
                extra_files={yaml_path: dump_yaml(data).encode("utf-8")},
            )
        except OutputError as refused:
            # Another run wrote there meanwhile, or holds the folder: the answers are safe.
            hint = " ".join(filter(None, [refused.hint, self.draft_note()]))
            raise OutputError(refused.message, hint=hint) from None
        self.draft.delete()
        return RenderResult(documents=written, warnings=warnings, templates=templates_used(model, folders))

    def offer_profile(self) -> None:
        """First run without a profile: offer to keep the office's answers as the profile."""
        values = self.questions.profile_values()
        if self.profile_file.exists():
            from .office import remember_signer

            remember_signer(self.interview, self.profile_file, self.kind.document, self.interview.answers.get("signer"))
            return
        if not values:
            return
        ask = self.interview
        names = ", ".join(self.kind.label(key).lower() for key in values)
        try:
            keep = ask.confirm(
                f"Lưu {names} vừa nhập làm hồ sơ cơ quan, để lần sau được điền sẵn?", default=True
            )
        except Terminated:
            raise
        except (EOFError, KeyboardInterrupt):
            # The documents are written: a question left unanswered only means "no".
            self.console.print()
            return
        if keep:
            if isinstance(values.get("signer"), dict):  # kept as who signs this kind too
                from draftkit.profile import with_signer_for

                values = with_signer_for(values, self.kind.document, values["signer"])
            save_profile(self.profile_file, values)
            ask.note(f"Đã lưu hồ sơ cơ quan: {self.profile_file} (xem bằng draftkit profile --show).")


# PowerShell reads these as single quotes too (and doubles each inside a quoted text).
_PS_QUOTES = "'\u2018\u2019\u201a\u201b"


def quote_arg(text: str, windows: bool) -> str:
    """One argument as the clerk's shell reads it back: POSIX quoting, or PowerShell's.

    On Windows the terminal a clerk opens is PowerShell (the default of Windows 10 and
    11): cmd's double quotes would let it expand ``$năm`` and read ``@``, ``{}``, ``;`` and
    the backtick. Inside single quotes nothing is special but the quote, written twice.
    Plain names (letters, digits, ``. - _ : \\ /``) stay bare.
    """
    if not windows:
        return shlex.quote(text)
    if text and re.fullmatch(r"[\w.\\/:-]+", text) and not text.startswith("-"):
        return text
    return "'" + "".join(c * 2 if c in _PS_QUOTES else c for c in text) + "'"


def continue_command(
    command: str,
    draft: Path,
    out_dir: Path,
    name: str | None,
    templates: Path | None,
    force: bool,
    *,
    windows: bool,
) -> str:
    """The exact command that continues ``draft`` where it stopped, with the options that
    decide where and how the documents are written."""
    parts = ["draftkit", command, "--resume", quote_arg(str(draft), windows)]
    if out_dir != Path("."):
        parts += ["-o", quote_arg(str(out_dir), windows)]
    if name is not None:
        parts += ["--name", quote_arg(name, windows)]
    if templates is not None:
        parts += ["--templates", quote_arg(str(templates), windows)]
    if force:
        parts.append("--force")
    return " ".join(parts)


@contextlib.contextmanager
def keep_draft_on_interrupt(session: Session) -> Iterator[None]:
    """Ctrl-C and SIGTERM say where the draft is and go on up; the end of input is an error
    of its own (not a Ctrl-C) saying the same."""
    try:
        yield
    except KeyboardInterrupt:
        session.interview.end_replay()
        session.save_now()
        session.console.print()
        session.console.print(Text(session.draft_note(), style="yellow"))
        raise
    except EOFError:
        session.interview.end_replay()
        session.save_now()
        session.console.print()
        raise InputEnded(
            "Dữ liệu vào đã hết (EOF) khi chưa trả lời xong, chưa tạo văn bản nào.",
            hint=session.draft_note(ended=True),
        ) from None


def draft_folders(cwd: Path) -> tuple[Path, ...]:
    """Where a plain run also looks for an unfinished draft: the current folder and the
    folders right inside it (where "-o van-ban" put it, or where it was moved)."""
    try:
        inside = sorted(p for p in cwd.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        inside = []
    return (cwd, *inside)


QuestionsFactory = Callable[[DocumentKind, Interview, Path, Mapping[str, Any]], Questions]


def _read_profile(interview: Interview, path: Path) -> dict[str, Any]:
    try:
        return load_profile(path) or {}
    except InputError as broken:
        # A broken profile must not block the interview: its defaults are only a help.
        interview.error(f"Bỏ qua hồ sơ cơ quan {path}: {broken.message}")
        interview.show_problems(broken.problems)
        interview.note("Sửa tệp đó, hoặc tạo lại bằng: draftkit profile")
        return {}


def run_interview(
    kind: DocumentKind,
    make_questions: QuestionsFactory,
    console: Console,
    out_dir: Path,
    name: str | None = None,
    force: bool = False,
    *,
    stream: TextIO | None = None,
    today: date | None = None,
    editor: Callable[[str], str] | None = None,
    data_file: Path | None = None,
    templates: Path | None = None,
    config_dir: Path | None = None,
    resume_file: Path | None = None,
    reader: Reader | None = None,
) -> RenderResult | None:
    """Interview for one document, then write ``<name>.yaml`` and its documents in ``out_dir``.

    Returns the written paths, or None when the user stops at the review (the draft is
    kept). Raises :class:`KeyboardInterrupt` on Ctrl-C (or SIGTERM), after saying where the
    draft is; :class:`InputEnded` at the end of input, with the same news;
    :class:`OutputError` for outputs that are in the way.
    ``config_dir`` holds the office profile and templates (None: the user's).
    ``resume_file`` continues that draft (``--resume``); the documents still go to
    ``out_dir`` under ``name``. ``reader`` replaces the terminal (and ``stream``).
    """
    stem = check_name(name, kind) if name is not None else None
    # Everything that can be refused is refused before the first question, not after
    # twenty minutes of typing.
    if templates is not None and not templates.is_dir():
        raise InputError(
            None,
            [Problem(f"Không có thư mục mẫu “{templates}” (--templates).", hint="Kiểm tra lại đường dẫn.")],
        )
    source = load_start(kind, data_file) if data_file is not None else None
    if resume_file is not None:
        draft_location(resume_file, kind.default_stem, kind.document)  # exists, is a draft
    ensure_writable([out_dir / f"{stem or kind.default_stem}{DRAFT_SUFFIX}"], force=True)
    draft = Draft(kind, out_dir, stem)
    if resume_file is None:
        draft.elsewhere = draft_folders(Path("."))
    interview = Interview(
        console,
        reader or terminal_reader(console, stream),
        editor=editor or launch_editor,
        today=today,
        save=draft.save,
    )
    # The profile as this kind of document uses it (its own signer).
    from draftkit.profile import profile_for

    profile, unfit = profile_for(_read_profile(interview, profile_path(config_dir)), kind.document)
    questions = make_questions(kind, interview, out_dir, profile)
    session = Session(
        kind, console, out_dir, force, draft, interview, questions, templates, config_dir, resume_file
    )
    console.print(
        Text(kind.intro + " ", style="bold")
        + Text("Mỗi câu trả lời được lưu ngay vào bản nháp; Ctrl-C để dừng, chạy lại để tiếp tục.")
    )
    with keep_draft_on_interrupt(session):
        start = session.resume(data_file)
        if start is None:
            return None
        resumed, skip = start
        if resumed:
            skip = session.asked_again(skip)
        interview.note(session.where_note())
        session.settle_outputs()
        if source is not None and not resumed:
            only = session.start_from(source)
            # The file gives the year, so the name: a clash is settled now, not after the review.
            session.settle_outputs()
            session.walk(only=only)
        else:
            if not resumed:
                from .office import offer_saved_office

                skip = offer_saved_office(questions, unfit)
            session.walk(skip=skip)
        return session.review()

