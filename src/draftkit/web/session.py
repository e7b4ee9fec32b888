"""What one ``draftkit web`` run holds between requests, and the jobs it does.

Plain code, no web framework: the answers of the document being filled in (the same
dict, the same draft file and the same writing as the interview's, through
:class:`draftkit.interview.session.Session`), the problems to show beside the fields,
and the files the last "Tạo văn bản" wrote (the only ones that may be downloaded).
"""

from __future__ import annotations

import copy
import io
import re
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from draftkit.errors import DraftkitError, InputError, OutputError, Problem, TextWarning
from draftkit.interview.fields import FieldSpec
from draftkit.interview.session import DocumentKind, Draft

from .form import apply_action, form_path, read_form, read_list_field

if TYPE_CHECKING:
    from draftkit.awardees import AwardeeRow

__all__ = ["KINDS", "WebSession", "kind_named"]


def _kinds() -> dict[str, DocumentKind]:
    from draftkit.interview.new_awards import AWARDS
    from draftkit.interview.new_report import REPORT

    return {"report": REPORT, "awards": AWARDS}


KINDS: tuple[str, ...] = ("report", "awards")
FORCE_LABEL = "Ghi đè tệp đã có"
EDIT_AWARDEES = "edit-awardees"
LIST_MARK = "__list"  # a hidden input marking a list the page shows with a spec of its own
TITLES = {"report": "Báo cáo tổng kết", "awards": "Khen thưởng"}
# Rows of a list shown (and, being edited, posted) at a time. A province's list runs to
# thousands of people (30,000 in the CLI's measurements): as one form it would post eight
# boxes a row, past any sane limit on fields, and every keystroke's autosave would send
# them all. A page of 100 rows keeps each post a few hundred fields; the list itself stays
# on the server (the answers and the draft), and each page's cells are merged into it.
LIST_PAGE = 100


def kind_named(name: str) -> DocumentKind:
    kinds = _kinds()
    if name not in kinds:
        raise InputError(None, [Problem(f"Không có loại văn bản “{name}”: chọn Báo cáo tổng kết hoặc Khen thưởng ở trang đầu.")])
    return kinds[name]


class _PageTakesOver(Exception):
    """The interview reached a question the page asks in its own boxes."""


@dataclass(frozen=True)
class DraftEntry:
    """An unfinished draft in the output folder, as the home page lists it."""

    path: Path
    document: str  # "report" / "awards"
    name: str  # the file name less ".draft.yaml": the name the documents will get
    saved: datetime  # when it was last saved (local time)


@dataclass(frozen=True)
class PendingFile:
    """A data file opened on the home page, kept while the clerk answers the carry question."""

    document: str
    filename: str
    content: bytes
    question: str


def _same_kind(kind: DocumentKind, path: Path) -> None:
    """A data file of the other kind of document, refused in the page's words: which box
    of the home page opens it (the interview's message names its command and the key)."""
    from draftkit.choices import MEANINGS
    from draftkit.datafile import load_data_file

    source = load_data_file(path)
    document = source.data.get("document")
    if document is None or document == kind.document:
        return
    said = f"của {MEANINGS[document]}" if isinstance(document, str) and document in MEANINGS else f"ghi loại văn bản “{document}”"
    problem = Problem(
        f"Tệp này là tệp dữ liệu {said}, không phải của {MEANINGS[kind.document]}.",
        line=source.line_of(("document",)),
        hint=f"Mở tệp này ở ô “{TITLES[document]}” của trang đầu." if document in TITLES else None,
    )
    raise InputError(path, [problem])


@dataclass(frozen=True)
class ReadList:
    """An uploaded list as the CLI reads it: its rows, what reading it left out or found
    odd (with row numbers), the awardees it gives, or the problems that stop it."""

    name: str  # as the data file names it
    rows: list[AwardeeRow]
    warnings: list[TextWarning]
    people: list[dict[str, Any]]
    problems: list[Problem]


@dataclass
class Written:
    documents: list[Path]
    data_file: Path
    warnings: list[TextWarning]


@dataclass
class WebSession:
    """One clerk's work in the page: at most one document at a time."""

    out_dir: Path
    config_dir: Path | None = None
    today: Callable[[], date] = date.today
    kind: DocumentKind | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    draft: Draft | None = None
    # Problems of the typed values (read_form) and of the last check, by form path.
    typed_problems: list[Problem] = field(default_factory=list)
    checked_problems: list[Problem] = field(default_factory=list)
    message: str | None = None  # an error not tied to a field (an output in the way)
    hint: str | None = None
    written: Written | None = None
    upload_problems: list[Problem] = field(default_factory=list)  # the last uploaded list's
    notes: list[str] = field(default_factory=list)  # what the interview would print on starting
    pending_file: PendingFile | None = None  # a data file waiting for the carry question
    page: int = 0  # the page of a long list of awardees shown for editing (see LIST_PAGE)
    # The last list read, by (path, size, mtime_ns): a page shown again does not read the
    # spreadsheet again (a province's list takes seconds), a changed file is read anew.
    _list_cache: tuple[tuple[Path, int, int], ReadList] | None = None
    _saved: dict[str, Any] | None = None  # the answers as last written to the draft
    lock: threading.RLock = field(default_factory=threading.RLock)
    # Which start of a document a page belongs to: a page (or its autosave) from before the
    # last start, another tab's say, must never overwrite the answers of the document now open.
    revision: str = field(default_factory=lambda: secrets.token_hex(8))

    # --- starting

    def existing_draft(self, name: str) -> Path | None:
        return Draft(kind_named(name), self.out_dir, None).find_existing()

    def drafts(self) -> list[DraftEntry]:
        """Every unfinished draft in the output folder, whatever its name (``--name``, the
        clash question's), newest first: what the home page offers to continue."""
        from draftkit.interview.session import DRAFT_SUFFIX, draft_document

        found: list[DraftEntry] = []
        try:
            candidates = [p for p in self.out_dir.glob(f"*{DRAFT_SUFFIX}") if p.is_file()]
        except OSError:
            return []
        for path in candidates:
            document = draft_document(path)
            if document not in KINDS:
                continue  # another program's file, or one that cannot be read
            try:
                saved = datetime.fromtimestamp(path.stat().st_mtime)
            except OSError:
                continue
            found.append(DraftEntry(path, document, path.name.removesuffix(DRAFT_SUFFIX), saved))
        return sorted(found, key=lambda d: (d.saved, d.path.name), reverse=True)

    def _reset(self, kind: DocumentKind) -> None:
        self.revision = secrets.token_hex(8)
        self.kind = kind
        self.draft = Draft(kind, self.out_dir, None)
        self.answers = {}
        self.typed_problems, self.checked_problems = [], []
        self.message = self.hint = None
        self.written = None
        self.notes = []
        self.upload_problems = []
        self.pending_file = None
        self.page = 0
        self._saved = None

    def start(self, name: str, resume: bool, draft_name: str | None = None) -> None:
        """Begin a document: from an unfinished draft (``draft_name``, a file of the output
        folder; else this kind's newest), or new (prefilled from the profile)."""
        from draftkit.interview.session import DRAFT_SUFFIX, draft_location
        from draftkit.output import ensure_writable

        kind = kind_named(name)
        chosen: Path | None = None
        if resume and draft_name:
            # Only a name inside the output folder: never a path.
            base = re.split(r"[\\/]", draft_name)[-1]
            chosen = self.out_dir / base
            draft_location(chosen, kind.default_stem, kind.document)  # a draft, of this kind
        # As the interview does before its first question: the folder exists and takes files.
        ensure_writable([self.out_dir / f"{kind.default_stem}{DRAFT_SUFFIX}"], force=True)
        with self.lock:
            self._reset(kind)
            assert self.draft is not None
            existing = chosen or self.draft.find_existing()
            if resume and existing is not None:
                self._resume(existing)
            else:
                questions = self._questions()
                for section in kind.sections:
                    questions.prefill(section)
                self.answers = questions.answers

    def _resume(self, existing: Path) -> None:
        """Continue ``existing`` through the interview's own ``--resume``: the name it was
        saved under is kept, and the section the terminal was in the middle of is rebuilt
        from the lines typed in it (its ``in_progress``), up to the question that was
        being asked; from there the page's boxes take over."""
        from rich.console import Console

        from draftkit.interview.session import Session, chosen_stem

        kind = self._kind()
        assert self.draft is not None
        self.draft.stem = chosen_stem(existing, kind.default_stem)
        # The replayed questions' hints are the terminal's: not shown in the page.
        questions = self._questions()
        session = Session(
            kind, Console(file=io.StringIO()), self.out_dir, False, self.draft, questions.interview, questions, None, self.config_dir, existing
        )
        try:
            session.resume()
        except _PageTakesOver:
            # The interview would ask whether to start again: the page says why instead.
            raise InputError(
                existing,
                [Problem("Không đọc được bản nháp này.", hint="Sửa tệp bản nháp, hoặc chuyển nó đi chỗ khác rồi bắt đầu mới.")],
            ) from None
        notes: list[str] = []
        pending = session.pending
        if pending is not None:
            section, typed = pending[0].section, len(pending[0].typed)
            try:
                session.ask_section(section)
            except _PageTakesOver:
                pass  # every line typed has been replayed: the page goes on from here
            finally:
                questions.interview.end_replay()
            # Replayed lines are typed again into the section's record; none when the
            # replay could not rebuild the saved answers (the interview then keeps those).
            replayed = len(self.draft.progress.typed) if self.draft.progress is not None else 0
            label = kind.label(section)
            if replayed:
                notes.append(
                    f"Đã khôi phục {replayed} câu trả lời đã gõ ở phần “{label}” (bản nháp dừng giữa chừng phần này); "
                    "điền tiếp trên trang."
                )
            elif typed:
                notes.append(
                    f"Không khôi phục được đúng chỗ đang dở của phần “{label}” (bản nháp hoặc tệp danh sách đã thay đổi): "
                    "các câu trả lời đã lưu của phần này được giữ; kiểm tra lại phần này."
                )
        # The page keeps every answer in its boxes: its draft needs no record of a question.
        self.draft.progress = None
        self.draft.path = existing
        self.answers = questions.answers
        self.notes = notes

    def start_from_file(self, name: str, filename: str, content: bytes, carry: bool | None = None) -> str | None:
        """Begin a document from an existing data file (last year's), as ``--data`` does:
        its answers are taken, what it lacks comes from the profile, and the interview's
        notes (sections still missing, keys not in the format...) are kept for the page.

        Last year's file is carried forward only when the clerk says so, as the interview
        asks: with ``carry`` None the question is returned (the file is kept until answered,
        see :meth:`answer_carry`) and nothing is started; otherwise None."""
        import tempfile

        from rich.console import Console

        from draftkit.interview.carry import carry_question
        from draftkit.interview.session import Session, load_start

        unfinished = self.existing_draft(name)
        if unfinished is not None:
            # Starting anew would save over it: the interview asks first, the page refuses.
            raise InputError(
                None,
                [
                    Problem(
                        f"Đang có bản nháp chưa xong: {unfinished}. Bắt đầu từ tệp năm trước sẽ ghi đè lên nó.",
                        hint="Ở trang đầu, bấm “Tiếp tục bản nháp” để làm tiếp; hoặc đổi tên hay chuyển tệp bản "
                        "nháp đó đi chỗ khác rồi thử lại.",
                    )
                ],
            )
        kind = kind_named(name)
        # The name's last part only, without what Windows reads as a drive ("D:x.yaml") or
        # a device: the copy must stay inside the temporary folder.
        base = re.sub(r'[:<>"|?*\x00-\x1f]', "-", re.split(r"[\\/]", filename or "")[-1]).strip(" .")
        base = base if base else "du-lieu.yaml"
        with self.lock, tempfile.TemporaryDirectory(prefix="draftkit-web-") as folder:
            # Read from a private temporary copy (deleted at once): nothing is written
            # where the documents go but the draft.
            path = Path(folder) / base
            path.write_bytes(content)
            try:
                _same_kind(kind, path)
                source = load_start(kind, path)
            except InputError as bad:
                # Named as the clerk knows it, not by the temporary copy's path.
                raise InputError(base, bad.problems) from None
            question = carry_question(source, self.today())
            if question is not None and carry is None:
                self.pending_file = PendingFile(name, filename, content, question)
                return question
            self.start(name, resume=False)
            self.pending_file = None
            notes: list[str] = []
            dropped = source.data.get("awardees") if kind.document == "awards" else None
            if isinstance(dropped, str):
                # Last year's spreadsheet was not uploaded with the data file: this year's
                # list is uploaded anew, and the clerk is told so.
                source.data.pop("awardees")
            # The interview's one question here (carry forward?) answered as the clerk did.
            questions = self._questions(typed=[] if question is None else ["c" if carry else "k"], notes=notes.append)
            assert self.draft is not None
            session = Session(kind, Console(file=io.StringIO()), self.out_dir, False, self.draft, questions.interview, questions, None, self.config_dir)
            session.start_from(source)
            self.answers = {k: v for k, v in questions.answers.items() if v is not None}
            self.save()
            if isinstance(dropped, str):
                notes.append(
                    f"Tệp năm trước lấy danh sách khen thưởng từ tệp “{dropped}”; tệp đó không được tải lên cùng, "
                    "nên danh sách chưa có: tải lên danh sách năm nay ở mục “Danh sách được khen thưởng” "
                    "(hoặc nhập ngay trên trang)."
                )
            self.notes = notes
        return None

    def answer_carry(self, carry: bool) -> None:
        """The clerk's answer to the carry question: start from the file kept for it."""
        pending = self.pending_file
        if pending is None:
            raise InputError(None, [Problem("Không còn tệp nào chờ mở: chọn lại tệp ở trang đầu.")])
        self.start_from_file(pending.document, pending.filename, pending.content, carry)

    def _questions(self, typed: list[str] | None = None, notes: Callable[[str], None] | None = None) -> Any:
        """The interview's Questions for this document (prefill, adopt, prepare).

        The page asks no question at a prompt: ``typed`` holds the answers the clerk gave
        on the page to what the interview would ask (the carry question); a question past
        them ends the interview's part (:class:`_PageTakesOver`). ``notes``: where the
        interview's notes, warnings and errors go."""
        from rich.console import Console

        from draftkit.interview.engine import Interview
        from draftkit.interview.new_awards import AwardsQuestions
        from draftkit.interview.session import Questions, _read_profile
        from draftkit.profile import profile_path

        assert self.kind is not None and self.draft is not None
        answers = list(typed or [])

        def page_reader(prompt: object) -> str:
            if answers:
                return answers.pop(0)
            raise _PageTakesOver

        console = Console(file=io.StringIO(), width=100)
        interview = Interview(console, page_reader, today=self.today(), save=self.draft.save, answers=self.answers, notes=notes)
        profile: Mapping[str, Any] = _read_profile(interview, profile_path(self.config_dir))
        if self.kind.document == "awards":
            return AwardsQuestions(self.kind, interview, self.out_dir, profile, cwd=self.out_dir)
        return Questions(self.kind, interview, self.out_dir, profile)

    # --- changing

    def update(self, form: Mapping[str, str], action: str | None = None) -> str | None:
        """Take a posted form (and one list action), then save the draft. Returns the
        anchor to go back to."""
        kind = self._kind()
        with self.lock:
            read, problems = read_form(kind.model, [s for s in kind.sections if s not in self.special()], form)
            kept = {k: v for k, v in self.answers.items() if k in self.special()}
            spec = self.awardees_spec()
            if spec is not None and f"{spec.name}.{LIST_MARK}" in form:
                # The list as the page shows it (a page from before the list was opened
                # for editing has no mark, and leaves the list alone).
                current = self.answers.get(spec.name)
                kept[spec.name], more = read_list_field(kind.model, spec, form, current if isinstance(current, list) else None)
                problems.extend(more)
            self.answers = {**read, **kept}
            self.typed_problems = problems
            if action == EDIT_AWARDEES:
                self.edit_awardees()
                anchor: str | None = "awardees"
            elif action is not None and action.startswith("page:"):
                number = action.partition(":")[2]
                self.page = int(number) - 1 if number.isdigit() and int(number) > 0 else 0
                anchor = "awardees"
            else:
                anchor = apply_action(kind.model, self.answers, action, {spec.name: spec} if spec else None) if action else None
                moved = re.fullmatch(r"i-awardees\.(\d+)", anchor or "")
                if moved:
                    # An item added or moved onto another page of the list: show that page.
                    self.page = int(moved.group(1)) // LIST_PAGE
            self.save()
            return anchor

    def awardees_spec(self) -> FieldSpec | None:
        """The awardees as a list of people in the page, when they are one (not a file)."""
        if self.kind is None or self.kind.document != "awards" or not isinstance(self.answers.get("awardees"), list):
            return None
        from draftkit.interview.fields import field_spec
        from draftkit.models import Awardee

        listed = field_spec(self.kind.model, "awardees")
        return FieldSpec(
            name="awardees",
            label=listed.label,
            kind="model_list",
            required=True,
            description=None,
            item_label=listed.item_label,
            min_items=1,
            model=Awardee,
        )

    def uploaded_list(self) -> ReadList | None:
        """The list file the answers name, read as ``render`` reads it (cached by the file's
        path, size and modification time); None when the list is typed in the page.
        Called off the event loop: reading a large spreadsheet takes a while."""
        from draftkit.awardees import read_list
        from draftkit.awards import validate_rows
        from draftkit.interview.fields import plain

        with self.lock:
            listed = self.answers.get("awardees")
            if not isinstance(listed, str) or not listed:
                return None
            path = self.out_dir / listed
            try:
                status = path.stat()
                key = (path, status.st_size, status.st_mtime_ns)
            except OSError:
                key = (path, -1, -1)
            if self._list_cache is not None and self._list_cache[0] == key:
                return self._list_cache[1]
            try:
                read = read_list(path)
            except InputError as bad:
                result = ReadList(listed, [], [], [], bad.problems)
            else:
                people, problems, more = validate_rows(read.rows, listed)
                entries = [] if problems else [plain(p) for p in people]
                result = ReadList(listed, read.rows, [*read.warnings, *more], entries, problems)
            self._list_cache = (key, result)
            return result

    def edit_awardees(self) -> None:
        """Turn the uploaded list into rows of the page, to fix a cell or add a person; the
        data file then lists them, as the CLI does with a list from outside its folder."""
        listed = self.answers.get("awardees")
        if isinstance(listed, list):
            return
        read = self.uploaded_list()
        if read is None:
            self.answers["awardees"] = [{}]
            return
        if read.problems:
            self.upload_problems = read.problems
            return
        self.answers["awardees"] = copy.deepcopy(read.people)

    def special(self) -> frozenset[str]:
        """Sections the generated form does not hold (the awardees come from an upload)."""
        return frozenset({"awardees"}) if self.kind is not None and self.kind.document == "awards" else frozenset()

    def save(self) -> Path | None:
        """Write the draft (the interview's file); the path written."""
        with self.lock:
            if self.draft is None:
                return None
            if self.draft.path is not None and self.draft.path.exists() and self.answers == self._saved:
                # Unchanged (a page turned, an autosave with nothing typed): a province's
                # list is a second of YAML to write, so it is not written again.
                return self.draft.path
            self.draft.save(self.answers)
            self._saved = copy.deepcopy(self.answers)
            return self.draft.path

    def _kind(self) -> DocumentKind:
        if self.kind is None:
            raise InputError(None, [Problem("Chưa chọn loại văn bản: quay lại trang đầu để chọn.")])
        return self.kind

    # --- checking and writing

    def problems(self) -> list[Problem]:
        """What is shown beside the fields: typed values first, then the last check's."""
        typed = {form_path(p.field) for p in self.typed_problems}
        return [*self.typed_problems, *(p for p in self.checked_problems if form_path(p.field) not in typed)]

    def check(self) -> bool:
        """Validate as ``render`` does (the same messages); True when nothing is wrong."""
        from draftkit.datafile import DataFile
        from draftkit.textcheck import sanitize
        from draftkit.validation import validate

        kind = self._kind()
        with self.lock:
            self.message = self.hint = None
            data, _ = sanitize(kind.final_data(self.answers))
            try:
                validate(DataFile(path=self.out_dir / "bản nháp", data=data))
            except InputError as invalid:
                self.checked_problems = invalid.problems
            else:
                self.checked_problems = []
            return not self.problems()

    def write(self, force: bool = False) -> Written | None:
        """The interview's own writing: the data file and the documents, all or nothing."""
        from rich.console import Console

        from draftkit.interview.session import Session

        kind = self._kind()
        with self.lock:
            if not self.check():
                self.message = "Chưa tạo được văn bản: còn lỗi ở các mục đánh dấu đỏ."
                return None
            questions = self._questions()
            assert self.draft is not None
            session = Session(kind, Console(file=io.StringIO()), self.out_dir, force, self.draft, questions.interview, questions, None, self.config_dir)
            try:
                result = session.write()
            except InputError as invalid:
                self.checked_problems = invalid.problems
                self.message = "Chưa tạo được văn bản: " + invalid.message
                return None
            except (OutputError, DraftkitError) as refused:
                self.message, self.hint = refused.message, refused.hint
                if refused.message.startswith("Tệp đã có:"):
                    # The page's own switch for the CLI's --force.
                    self.hint = f"Đánh dấu “{FORCE_LABEL}” rồi bấm lại “Tạo văn bản”, hoặc chuyển các tệp cũ sang chỗ khác."
                return None
            _, yaml_path, _ = session.outputs()
            self.written = Written(list(result.documents), yaml_path, list(result.warnings))
            return self.written

    def profile_offer(self) -> dict[str, Any] | None:
        """What the office profile would keep of these answers, offered after the first
        documents as the interview offers it; None when a profile exists already."""
        from draftkit.profile import profile_path

        if self.kind is None or profile_path(self.config_dir).exists():
            return None
        values: dict[str, Any] = self._questions().profile_values()
        return values or None

    def keep_profile(self) -> Path | None:
        """Save the offered values as the office profile (never over an existing one)."""
        from draftkit.profile import profile_path, save_profile

        with self.lock:
            values = self.profile_offer()
            if values is None:
                return None
            path = profile_path(self.config_dir)
            save_profile(path, values)
            return path

    def make_pdf(self, force: bool = False) -> list[Path]:
        """``draftkit pdf`` of the documents just written, beside them; the PDFs can then be
        downloaded too. Raises ConversionError where LibreOffice is missing or fails."""
        from draftkit.pdf import convert_to_pdf, font_warnings

        with self.lock:
            if self.written is None:
                return []
            documents = [p for p in self.written.documents if p.suffix == ".docx"]
            pdfs = convert_to_pdf(documents, force=force)
            self.written.documents.extend(p for p in pdfs if p not in self.written.documents)
            self.written.warnings.extend(font_warnings())
            return pdfs

    def downloadable(self, name: str) -> Path | None:
        """A file the last writing made, by name; nothing else is ever served."""
        if self.written is None:
            return None
        for path in [*self.written.documents, self.written.data_file]:
            if path.name == name:
                return path
        return None

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(self.answers)
