"""The document preview of the page: its text as it will read, while it is still being typed.

The text (numbered paragraphs, worded indicators, money in words, the default "Căn cứ"
lines) comes from :func:`draftkit.preview.document_preview`, the interview review's own
function, so the page shows what the document prints. While answers are missing or
wrong the page still shows the document: :func:`partial_preview` puts a marker in a
*copy* of the answers for each such value (a required text missing, a date that is no
date...), words the document from that copy, and the HTML shows each marker as a red
"[chưa điền: Trích yếu]" linking to its field. The markers never reach the answers, the
draft, a data file or a document: only this module's copy of the answers holds them.

What cannot be marked where it stands (a sum of money: its words and the total would be
wrong) is left out of the copy and listed above the text instead, so no figure the clerk
did not type is ever shown as theirs.

:class:`PageImages` makes a picture of a document's first page with LibreOffice (soffice
to PDF, then pdftoppm; or soffice straight to PNG where pdftoppm is missing), in a
temporary folder, one conversion at a time, kept by the answers' content.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from draftkit.errors import DraftkitError, InputError, Problem
from draftkit.models import Awardee, AwardsData, DocumentData

if TYPE_CHECKING:
    from pydantic import BaseModel

    from draftkit.interview.fields import FieldSpec
    from draftkit.interview.session import DocumentKind
    from draftkit.preview import PreviewLine
    from draftkit.web.session import WebSession

__all__ = [
    "LIST_ROWS",
    "STYLESHEET",
    "PageImages",
    "Placeholder",
    "Preview",
    "page_image",
    "partial_preview",
    "preview_html",
    "preview_section",
    "session_preview",
]

# Rows of each group of a round's list the page shows; the rest are counted, not worded.
LIST_ROWS = 20

# A marker in the copy of the answers: Unicode noncharacters (U+FDD0, U+FDD1: reserved for
# a program's internal use, legal in XML) around a random key of this preview and the
# placeholder's number, which every wording (upper case, sentence case, trimming) leaves
# alone and no clerk can type by chance. A field with a pattern (the issuer's code:
# capitals and digits) gets a letters-and-digits form of the same marker instead.
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(f"\ufdd0{key}(\\d+)\ufdd1|QZX{key}(\\d+)XZQ")


# A missing figure of an indicator stands as this number, found again in the worded text.
_FIGURE = Decimal("7777777.77")
_MAX_ROUNDS = 8  # validation rounds while markers are put in (each fixes what the last found)


@dataclass(frozen=True)
class Placeholder:
    """A value the document needs and the page lacks: ``message`` is None when it is
    missing, else why the value typed cannot be used."""

    label: str
    path: str  # the form's control path ("results.0.heading")
    message: str | None = None
    # A value worded from another one still missing (the default "Căn cứ" lines of an
    # authority not typed yet): that one's label; neither missing nor wrong itself.
    after: str | None = None

    @property
    def text(self) -> str:
        if self.after is not None:
            return f"[{self.label}: cần điền “{self.after}” trước]"
        if self.message is None:
            return f"[chưa điền: {self.label}]"
        return f"[chưa đúng: {self.label} — {self.message}]"

    @property
    def kind(self) -> str:
        return "pending" if self.after is not None else "missing" if self.message is None else "invalid"


@dataclass
class Preview:
    """What the page shows: the document's lines (markers included), the placeholders the
    markers stand for, those that could not be shown in the text, or why nothing could."""

    lines: list[PreviewLine] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    unplaced: list[Placeholder] = field(default_factory=list)
    error: str | None = None
    pattern: re.Pattern[str] = field(default_factory=lambda: _pattern("-"))  # the markers' (see _pattern)

    @property
    def complete(self) -> bool:
        return not self.placeholders and self.error is None


# --- putting markers in a copy of the answers -------------------------------------------


@functools.lru_cache(maxsize=256)
def _spec(owner: type[BaseModel], name: str) -> FieldSpec:
    # field_spec builds a TypeAdapter: once per field, not once per awardee of a round.
    from draftkit.interview.fields import field_spec

    return field_spec(owner, name)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


class _Marker:
    """Puts markers into ``data`` (a copy of the answers) and remembers what each means."""

    def __init__(self, model: type[DocumentData], data: dict[str, Any], today: date, typed: Mapping[str, str]) -> None:
        self.model = model
        self.data = data
        self.today = today
        self.typed = typed  # the page's own messages for what it could not read, by path
        self.found: list[Placeholder] = []
        self.unplaced: list[Placeholder] = []
        self.date_mark: int | None = None
        self.figure_marks: list[int] = []
        self.done: set[str] = set()  # paths already marked (a second error there: dropped)
        self.key = f"{secrets.randbelow(10**8):08d}"  # digits: upper case leaves them alone
        self.pattern = _pattern(self.key)
        self.created: dict[str, str] = {}  # an item put in a required list → the list's path

    def placeholder(self, label: str, path: str, message: str | None = None) -> Placeholder:
        """A placeholder linking to the box of ``path``, or, for a value inside an item the
        page does not have yet (none added to a required list), to that list. A message
        that quotes a marker (no default for an authority still to be typed) makes it a
        placeholder that waits for that value."""
        after = None
        follows = self.pattern.search(message) if message is not None else None
        if follows is not None:
            index = int(follows.group(1) or follows.group(2))
            after, message = (self.found[index].label if index < len(self.found) else None), None
        for item, owner in self.created.items():
            if path == item or path.startswith(item + "."):
                return Placeholder(label, owner, message, after)
        return Placeholder(label, path, message, after)

    def plain(self, text: str) -> str:
        """A message that quotes a marked value, with the marker worded."""

        def worded(match: re.Match[str]) -> str:
            index = int(match.group(1) or match.group(2))
            return self.found[index].text if index < len(self.found) else ""

        return self.pattern.sub(worded, text)

    def mark(self, index: int) -> str:
        return f"\ufdd0{self.key}{index}\ufdd1"

    def token(self, placeholder: Placeholder) -> str:
        self.found.append(placeholder)
        return self.mark(len(self.found) - 1)

    # The first pass: every required value that is not there.
    def fill(self, owner: type[BaseModel], data: dict[str, Any], prefix: str) -> None:
        from draftkit.interview.fields import model_order

        for name in model_order(owner):
            path = f"{prefix}{name}"
            if owner is AwardsData and name == "awardees":
                self._awardees(data, path)
                continue
            spec = _spec(owner, name)
            value = data.get(name)
            if spec.kind == "model" and spec.model is not None:
                if value is None and spec.required:
                    value = data[name] = {}
                if isinstance(value, dict):
                    self.fill(spec.model, value, f"{path}.")
            elif spec.kind == "model_list" and spec.model is not None:
                if not value and spec.required and spec.min_items:
                    value = data[name] = [{}]
                    self.created[f"{path}.0"] = path
                for index, item in enumerate(value if isinstance(value, list) else []):
                    if isinstance(item, dict):
                        self.fill(spec.model, item, f"{path}.{index}.")
            elif spec.kind == "list":
                if not value and spec.required and spec.min_items:
                    data[name] = [self.token(self.placeholder(spec.label, path))]
            elif spec.required and _blank(value):
                self.scalar(spec, data, name, path, None)

    def _awardees(self, data: dict[str, Any], path: str) -> None:
        """A round's list typed in the page (each person's boxes), or none: one marked name."""
        value = data.get("awardees")
        label = _spec(AwardsData, "awardees").label
        if isinstance(value, list) and value:
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    self.fill(Awardee, item, f"{path}.{index}.")
        elif _blank(value):
            data["awardees"] = [{"name": self.token(self.placeholder(label, path))}]

    def scalar(self, spec: FieldSpec, data: dict[str, Any], name: str, path: str, message: str | None) -> bool:
        """Stand a marker for the value at ``data[name]``; False when it cannot be marked
        there (then it is to be left out)."""
        current = data.get(name)
        if _blank(current) and not (message is not None and self.pattern.search(message)):
            message = None  # a box left blank (an item added, not filled yet) is missing, not wrong
        message = self.typed.get(path, message)
        placeholder = self.placeholder(spec.label, path, message)
        self.done.add(path)
        if spec.kind == "date":
            # The rules in force depend on the date: today's stand in, and its wording
            # ("ngày 28 tháng 11 năm 2026") is marked in the text.
            data[name] = self.today
            self.found.append(placeholder)
            self.date_mark = len(self.found) - 1
            return True
        if spec.kind == "number" and spec.name == "value":
            # An indicator's result: marked where it is worded; its comparisons cannot be.
            data[name] = _FIGURE
            for other in ("previous", "target"):
                data.pop(other, None)
            self.found.append(placeholder)
            self.figure_marks.append(len(self.found) - 1)
            return True
        if spec.kind == "list" and not isinstance(current, list):
            data[name] = [self.token(placeholder)]
            return True
        if spec.kind in ("text", "choice"):
            marked = self.pattern.fullmatch(current) if isinstance(current, str) else None
            if marked is not None and marked.group(1) is not None:
                # Refused as it stands (a pattern): the same marker in letters and digits.
                data[name] = f"QZX{self.key}{marked.group(1)}XZQ"
                return True
            if marked is not None:
                return False  # refused in either form (a choice)
            data[name] = self.token(placeholder)
            return True
        return False

    # Later passes: what validation still refuses, by the problem's path.
    def repair(self, problems: Sequence[Problem]) -> bool:
        """Mark or leave out what each problem names; False when none could be handled."""
        from draftkit.web.form import form_path

        handled = False
        for problem in problems:
            path = form_path(problem.field)
            if path and self._repair_one(path, problem.message):
                handled = True
        return handled

    def _walk(self, parts: list[str]) -> tuple[type[BaseModel] | None, FieldSpec | None, Any, str | int] | None:
        """(model owning the last part, its spec, container, key) for a path, or None."""
        owner: type[BaseModel] | None = self.model
        spec: FieldSpec | None = None
        container: Any = self.data
        for number, part in enumerate(parts):
            last = number == len(parts) - 1
            if part.isdigit():
                if not isinstance(container, list) or int(part) >= len(container):
                    return None
                if last:
                    return owner, spec, container, int(part)
                container = container[int(part)]
                continue
            if owner is None or part not in owner.model_fields or not isinstance(container, dict):
                return None
            spec = _spec(owner, part)
            if last:
                return owner, spec, container, part
            owning = Awardee if (owner is AwardsData and part == "awardees") else spec.model
            container = container.get(part)
            owner = owning
        return None

    def _repair_one(self, path: str, message: str) -> bool:
        parts = path.split(".")
        found = self._walk(parts)
        if found is None:
            return False
        owner, spec, container, key = found
        if spec is None:
            return False
        value = container[key] if isinstance(key, int) else container.get(key)
        if isinstance(value, dict) and owner is not None:
            return self._repair_object(path, value, message)
        if path in self.done and not (isinstance(value, str) and value.startswith(f"\ufdd0{self.key}")):
            # Marked already and refused still (not a marker a pattern refused): left out.
            return self._leave_out(path, spec.label, message)
        if isinstance(key, int):  # one item of a list of texts
            from draftkit.interview.fields import FieldSpec

            item = FieldSpec(name=spec.name, label=spec.item_label, kind=spec.item_kind, required=True)
            holder = {"item": value}
            if not self.scalar(item, holder, "item", path, message):
                return self._leave_out(path, spec.item_label, message)
            container[key] = holder["item"]
            return True
        if spec.kind == "model" and value is None and spec.model is not None and path not in self.done:
            from draftkit.interview.fields import model_order

            if all(_spec(spec.model, name).kind == "int" for name in model_order(spec.model)):
                # A sum of money the wording needs (a Party round's): zeros, so that no
                # sentence of money is worded at all, and the sum is listed above the text.
                self.done.add(path)
                container[key] = dict.fromkeys(model_order(spec.model), 0)
                self._note_unplaced(path, spec.label, None)
                return True
        if spec.kind in ("model", "model_list"):
            return self._leave_out(path, spec.label, message)
        if not self.scalar(spec, container, key, path, message):
            return self._leave_out(path, spec.label, message)
        return True

    def _repair_object(self, path: str, value: dict[str, Any], message: str) -> bool:
        """A problem with a whole item (a field with nothing under it): a marked paragraph
        where its content goes, else the item is left out."""
        model = self._model_at(path)
        if model is not None and path not in self.done:
            from draftkit.interview.fields import model_order

            for name in model_order(model):
                spec = _spec(model, name)
                if spec.kind == "list" and not value.get(name):
                    self.done.add(path)
                    value[name] = [self.token(self.placeholder(spec.label, f"{path}.{name}"))]
                    return True
        return self._leave_out(path, self._label_at(path), message)

    def _model_at(self, path: str) -> type[BaseModel] | None:
        owner: type[BaseModel] | None = self.model
        for part in path.split("."):
            if part.isdigit() or owner is None:
                continue
            if part not in owner.model_fields:
                return None
            owner = Awardee if (owner is AwardsData and part == "awardees") else _spec(owner, part).model
        return owner

    def _label_at(self, path: str) -> str:
        parts = path.split(".")
        found = self._walk(parts)
        if found is None or found[1] is None:
            return path
        spec = found[1]
        if parts[-1].isdigit():
            return f"{spec.item_label} {int(parts[-1]) + 1}"
        return spec.label

    def _leave_out(self, path: str, label: str, message: str) -> bool:
        """Take the nearest optional value (or list item) holding ``path`` out of the copy."""
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            found = self._walk(parts[:end])
            if found is None:
                continue
            _, spec, container, key = found
            if isinstance(key, int):
                if len(container) > 1:
                    del container[key]
                    self._note_unplaced(path, label, message)
                    return True
                continue
            if spec is not None and not spec.required and key in container:
                del container[key]
                self._note_unplaced(path, label, message)
                return True
        return False

    def _note_unplaced(self, path: str, label: str, message: str | None) -> None:
        self.unplaced.append(self.placeholder(label, path, self.typed.get(path, message)))


def partial_preview(
    model: type[DocumentData],
    data: Mapping[str, Any],
    *,
    base_dir: Path | None,
    today: date,
    typed: Sequence[Problem] = (),
    limit: int | None = LIST_ROWS,
) -> Preview:
    """The preview of ``data`` (a data file's content, as ``DocumentKind.final_data`` gives
    it), marked where values are missing or wrong (``typed``: what the page could not read,
    by the form's paths). ``data`` is never changed."""
    from draftkit.datafile import DataFile
    from draftkit.textcheck import sanitize
    from draftkit.validation import validate
    from draftkit.web.form import form_path

    # sanitize builds every dict and list anew: the markers go into those, never into ``data``.
    clean, _ = sanitize(dict(data))
    marker = _Marker(model, clean, today, {form_path(p.field): p.message for p in typed})
    for problem in typed:
        marker.repair([problem])  # a box the page could not read: marked though it may validate
    marker.fill(model, clean, "")
    refused: list[Problem] = []
    for _ in range(_MAX_ROUNDS):
        try:
            checked = validate(DataFile(path=(base_dir or Path(".")) / "xem-truoc.yaml", data=clean))
            return _word(checked, marker, base_dir, limit)
        except InputError as invalid:
            # Validation's problems, or wording's (no default Điều 3 for an authority
            # still to be typed): each marked or left out, then again.
            refused = invalid.problems or [Problem(invalid.message)]
            if not marker.repair(refused):
                break
    preview = Preview(placeholders=marker.found, unplaced=marker.unplaced)
    preview.error = marker.plain("; ".join(p.message for p in refused[:3])) or "Chưa xem trước được."
    return preview


def _word(checked: DocumentData, marker: _Marker, base_dir: Path | None, limit: int | None) -> Preview:
    """The marked model worded; an InputError names what is still to mark."""
    from draftkit.preview import BODY, ROW, PreviewLine, document_preview
    from draftkit.wording import format_date, format_number

    preview = Preview(placeholders=marker.found, unplaced=marker.unplaced, pattern=marker.pattern)
    if isinstance(checked, AwardsData) and isinstance(checked.awardees, str):
        checked = _read_list(checked, marker, base_dir)
    try:
        lines = document_preview(checked, limit=limit)
    except InputError:
        raise
    except DraftkitError as refused:
        preview.error = refused.message
        return preview
    if marker.date_mark is not None or marker.figure_marks:
        changed = []
        for line in lines:
            text = line.text
            if marker.date_mark is not None and line.kind not in (BODY, ROW):
                # Today's date stood in: marked where the document prints its date (the
                # header, the signature), not in a paragraph the clerk typed.
                text = text.replace(format_date(marker.today), marker.mark(marker.date_mark))
            for index in marker.figure_marks:
                text = text.replace(format_number(_FIGURE), marker.mark(index))
            changed.append(PreviewLine(line.number, line.kind, text))
        lines = changed
    preview.lines = lines
    return preview


def _read_list(model: AwardsData, marker: _Marker, base_dir: Path | None) -> AwardsData:
    """A round's list file read in; a list that cannot be read is a marked awardee."""
    from draftkit.awards import resolve_awardees

    label = _spec(AwardsData, "awardees").label
    if base_dir is not None:
        # The page previews a clean list from the session's own reading of it (cached per
        # version of the file, see session_preview); a list read here is one to be marked.
        try:
            return resolve_awardees(model, base_dir)[0]
        except InputError as bad:
            message = bad.problems[0].message if bad.problems else bad.message
    else:  # pragma: no cover - the page always has its folder
        message = "không đọc được tệp danh sách"
    name = marker.token(Placeholder(label, "awardees", message))
    return model.model_copy(update={"awardees": [Awardee(name=name)]})


# --- HTML --------------------------------------------------------------------------------


def _marked(text: str, preview: Preview) -> str:
    """``text`` escaped once, each marker a red link to its field."""
    out: list[str] = []
    position = 0
    for match in preview.pattern.finditer(text):
        index = int(match.group(1) or match.group(2))
        if index >= len(preview.placeholders):  # pragma: no cover - every marker has its placeholder
            continue
        out.append(escape(text[position : match.start()]))
        out.append(_placeholder_link(preview.placeholders[index]))
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def _anchor(path: str) -> str:
    """The id of the field's control (web/form.py), or of the round's list block."""
    return "awardees" if path == "awardees" else "f-" + path.replace(".", "-")


def _placeholder_link(placeholder: Placeholder) -> str:
    kind = "missing" if placeholder.kind == "missing" else f"missing {placeholder.kind}"
    return f'<a class="{kind}" href="#{escape(_anchor(placeholder.path))}">{escape(placeholder.text)}</a>'


def _count_words(preview: Preview) -> str:
    shown = {*preview.placeholders, *preview.unplaced}
    missing = sum(1 for p in shown if p.kind == "missing")
    wrong = sum(1 for p in shown if p.kind == "invalid")
    parts = []
    if missing:
        parts.append(f"{missing} mục chưa điền")
    if wrong:
        parts.append(f"{wrong} mục chưa đúng")
    return " và ".join(parts)


# Linked once beside the section (not inside it: app.js replaces the section's content).
STYLESHEET = '<link rel="stylesheet" href="/static/preview.css">'


def preview_html(preview: Preview, images: str = "") -> str:
    """The preview section's inner HTML: the count of what is missing, what could not be
    shown in the text, then the text; ``images``: the page-image controls (HTML)."""
    parts = ["<h2>Xem trước</h2>"]
    counted = _count_words(preview)
    if counted:
        parts.append(
            f'<p class="preview-count" id="preview-count" aria-live="polite">Còn {escape(counted)}: văn bản dưới đây đánh dấu đỏ '
            "từng chỗ đó (bấm vào để đến ô cần điền).</p>"
        )
    else:
        parts.append('<p class="preview-count ok" id="preview-count" aria-live="polite">Đã đủ các mục bắt buộc.</p>')
    if preview.unplaced:
        items = "".join(f"<li>{_placeholder_link(p)}</li>" for p in preview.unplaced)
        parts.append(f'<div class="preview-unplaced"><p>Chưa thể hiện trong bản xem trước:</p><ul>{items}</ul></div>')
    if preview.error is not None:
        parts.append(f'<p class="preview-error">Chưa xem trước được toàn văn: {escape(preview.error)}</p>')
    parts.append(images)
    body: list[str] = []
    for line in preview.lines:
        text = _marked(line.text, preview)
        if line.number is None:
            body.append(f'<h3 class="preview-doc">{text}</h3>')
        else:
            body.append(f'<p class="k-{escape(line.kind)}"><span class="no">{line.number}.</span> {text}</p>')
    parts.append(f'<div class="preview-text" id="preview-text">{"".join(body)}</div>')
    return "".join(parts)


# --- a picture of the first page ---------------------------------------------------------

# The documents a picture can be asked of, by kind, with the button's words.
DOCUMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "report": (("report", "Báo cáo"),),
    "awards": (("decision", "Quyết định"), ("list", "Danh sách"), ("certificate", "Giấy khen (giấy thứ nhất)")),
}
IMAGE_TIMEOUT = 120.0  # seconds LibreOffice may take for one first page
NOT_VALID = "Chỉ xem được ảnh trang khi đã điền đủ và đúng các mục: sửa các chỗ đánh dấu đỏ trước."

Converter = Callable[[bytes, Path], bytes]  # (.docx bytes, a private folder) → PNG bytes


def docx_first_page_png(docx: bytes, work_dir: Path) -> bytes:
    """Page 1 of a .docx as PNG, by LibreOffice: to PDF (draftkit's own conversion, with
    its profile, time limit and process handling) then pdftoppm where it is installed;
    else soffice's own PNG export (which the Windows and full Linux installs have).
    Raises ConversionError in Vietnamese when LibreOffice is missing or fails."""
    import shutil
    import subprocess

    from draftkit.errors import ConversionError
    from draftkit.pdf import convert_bytes, require_soffice

    soffice = require_soffice(purpose="tạo ảnh trang")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return _png_by_soffice(soffice, docx, work_dir)
    pdf = convert_bytes({work_dir / "trang.docx": docx}, timeout=IMAGE_TIMEOUT)[work_dir / "trang.pdf"]
    (work_dir / "trang.pdf").write_bytes(pdf)
    try:
        subprocess.run(
            [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(work_dir / "trang.pdf"), str(work_dir / "trang")],
            check=True,
            capture_output=True,
            timeout=IMAGE_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError) as failed:
        raise ConversionError(f"Không tạo được ảnh trang từ bản PDF (pdftoppm): {failed}.") from None
    return (work_dir / "trang.png").read_bytes()


def _png_by_soffice(soffice: str, docx: bytes, work_dir: Path) -> bytes:
    from draftkit.errors import ConversionError
    from draftkit.pdf import (
        _profile_cache,
        keep_prepared_profile,
        run_soffice,
        use_prepared_profile,
    )

    source = work_dir / "trang.docx"
    source.write_bytes(docx)
    profile = work_dir / "profile"
    cache = _profile_cache(soffice)  # the prepared profile draftkit pdf keeps: seconds saved
    fresh = not use_prepared_profile(cache, profile)
    target = work_dir / "trang.png"
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "png", "--outdir", str(work_dir), str(source)]  # fmt: skip
    run = run_soffice(command, [target], timeout=IMAGE_TIMEOUT, on_done=lambda done: None)
    if not target.is_file() or target.stat().st_size == 0:
        last = run.output.strip().splitlines()[-1:] or [""]
        raise ConversionError("LibreOffice không tạo được ảnh trang.", hint=last[0] or None)
    if fresh:
        keep_prepared_profile(profile, cache)
    return target.read_bytes()


# Rows of each group of a round's list rendered for its first page: more than a page holds,
# so page 1 reads as the whole list's would (the counts in the headings are the whole
# list's). LibreOffice's time for a long table grows with the square of its rows.
PAGE_ROWS = 60
SUFFIXES = {"report": "", "decision": "-quyet-dinh", "list": "-danh-sach", "certificate": "-giay-khen"}


def first_page_docx(model: DocumentData, which: str, templates: Sequence[Any]) -> bytes:
    """The .docx of document ``which`` of ``model`` as it would be written now, in memory,
    cut to what its first page needs: a round's certificates with the first awardee only,
    its list with the first rows of each group (with a built-in template)."""
    from draftkit.docx_engine import render_docx
    from draftkit.pipeline import build_documents, plan_documents
    from draftkit.template_search import find_template

    if which == "certificate" and isinstance(model, AwardsData):
        from draftkit.awards import ordered

        collectives, individuals = ordered(model)
        model = model.model_copy(update={"awardees": (collectives or individuals)[:1]})
    found = find_template(which, model.style, templates)
    if found.builtin and which != "certificate":
        # Only the one document, none of the others of the set (1,000 certificates...).
        planned = next(p for p in plan_documents(model) if p.kind == which)
        context = planned.context()
        for group in context.get("groups", []):
            group["rows"] = group["rows"][:PAGE_ROWS]
        return render_docx(found.path, context)
    # An office's own template goes through all of the checks of writing; certificates
    # through their page set-up (pre-printed forms).
    folder = Path("xem-truoc")  # never written: build_documents keeps everything in memory
    files = build_documents(model, "trang", folder, templates)
    content = files[folder / f"trang{SUFFIXES[which]}.docx"]
    assert isinstance(content, bytes)
    return content


@dataclass
class PageImages:
    """First-page pictures, one LibreOffice conversion at a time, kept by content."""

    convert: Converter = docx_first_page_png
    keep: int = 12
    lock: threading.Lock = field(default_factory=threading.Lock)
    cache: OrderedDict[str, bytes] = field(default_factory=OrderedDict)
    conversions: int = 0  # how many were made (for tests: a repeat is served from the cache)

    @staticmethod
    def key(data: Mapping[str, Any], which: str, list_file: Path | None) -> str:
        """The answers' content (and the list file's, for a round from a spreadsheet)."""
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode())
        digest.update(which.encode())
        if list_file is not None and list_file.is_file():
            digest.update(list_file.read_bytes())
        return digest.hexdigest()[:32]

    def get(self, key: str) -> bytes | None:
        return self.cache.get(key)

    def make(self, key: str, docx: Callable[[], bytes]) -> bytes:
        """The PNG for ``key``, converted once (a second request waits, then finds it)."""
        import tempfile

        found = self.cache.get(key)
        if found is not None:
            return found
        with self.lock:
            found = self.cache.get(key)
            if found is not None:
                return found
            with tempfile.TemporaryDirectory(prefix="draftkit-trang-") as folder:
                png = self.convert(docx(), Path(folder))
            self.conversions += 1
            self.cache[key] = png
            while len(self.cache) > self.keep:
                self.cache.popitem(last=False)
            return png


def images_html(document: str, csrf: str, revision: str) -> str:
    """The "Xem ảnh trang đầu" buttons (one per document of a round) and the picture's
    place; without script the form posts and the picture comes as a page of its own."""
    from draftkit.pdf import find_soffice

    if find_soffice() is None:
        return '<p class="preview-note">Cài LibreOffice để xem ảnh trang đầu của văn bản.</p>'
    buttons = "".join(
        f'<button type="submit" name="doc" value="{which}">Xem ảnh trang đầu: {escape(label)}</button>'
        for which, label in DOCUMENTS.get(document, ())
    )
    return (
        '<div id="preview-images-block">'
        '<form method="post" action="/preview/image" class="preview-images" id="preview-images">'
        f'<input type="hidden" name="_csrf" value="{escape(csrf)}"><input type="hidden" name="_rev" value="{escape(revision)}">'
        f"{buttons}</form>"
        '<p class="preview-image-status" id="preview-image-status" aria-live="polite"></p>'
        '<img class="preview-page" id="preview-page" alt="Ảnh trang đầu của văn bản" hidden></div>'
    )


# --- the page's session -------------------------------------------------------------------


def _answers_of(state: WebSession) -> tuple[DocumentKind, dict[str, Any], list[Problem]]:
    """The document's data as a data file would hold it now, and what the page could not read."""
    with state.lock:
        if state.kind is None:
            raise InputError(None, [Problem("Chưa chọn loại văn bản: quay lại trang đầu để chọn.")])
        # final_data (prune) builds every dict and list anew: the answers are not shared.
        return state.kind, state.kind.final_data(state.answers), list(state.typed_problems)


def session_preview(state: WebSession, limit: int | None = LIST_ROWS) -> Preview:
    """The preview of what the page holds now (the answers are copied, never changed)."""
    kind, data, typed = _answers_of(state)
    if isinstance(data.get("awardees"), str):
        # The session's reading of the list (once per version of the file, under its lock):
        # a clean list is previewed from its people; a faulty one is marked by _read_list.
        read = state.uploaded_list()
        if read is not None and not read.problems and read.people:
            data = {**data, "awardees": read.people}
    return partial_preview(kind.model, data, base_dir=state.out_dir, today=state.today(), typed=typed, limit=limit)


def preview_section(state: WebSession, csrf: str) -> str:
    """The preview section's inner HTML for the page as it is now. A fault of the preview
    is said in a line and logged: it never keeps the clerk from the form."""
    if state.kind is None:
        return '<h2>Xem trước</h2><p class="preview-note">Chưa chọn loại văn bản: quay lại trang đầu để chọn.</p>'
    try:
        preview = session_preview(state)
    except Exception:
        logging.getLogger("draftkit.web").error("Lỗi khi làm bản xem trước", exc_info=True)
        return '<h2>Xem trước</h2><p class="preview-error">Chưa xem trước được (lỗi của draftkit). Bản nháp vẫn được lưu như thường.</p>'
    document = state.kind.document if state.kind is not None else ""
    return preview_html(preview, images_html(document, csrf, state.revision))


def page_image(state: WebSession, images: PageImages, which: str) -> str:
    """Make (or find) the picture of page 1 of document ``which`` as the answers are now;
    its address. Raises InputError while the answers are incomplete or wrong, and
    ConversionError when LibreOffice is missing or fails."""
    from draftkit.datafile import DataFile
    from draftkit.template_search import search_path
    from draftkit.textcheck import sanitize
    from draftkit.validation import validate

    kind, data, typed = _answers_of(state)
    if which not in dict(DOCUMENTS.get(kind.document, ())):
        raise InputError(None, [Problem("Không có văn bản này để xem ảnh trang.")])
    clean, _ = sanitize(data)
    try:
        if typed:
            raise InputError(None, typed)
        model = validate(DataFile(path=state.out_dir / "xem-truoc.yaml", data=clean))
        list_file = None
        if isinstance(model, AwardsData) and isinstance(model.awardees, str):
            from draftkit.awards import resolve_awardees

            list_file = state.out_dir / model.awardees
            model = resolve_awardees(model, state.out_dir)[0]
    except InputError:
        raise InputError(None, [Problem(NOT_VALID)]) from None
    key = PageImages.key(clean, which, list_file)
    config = state.config_dir / "templates" if state.config_dir is not None else None
    # The templates the documents would be written with (an office's own, else built-in).
    templates = search_path(None, data_file=state.out_dir / "xem-truoc.yaml", config_folder=config)
    images.make(key, lambda: first_page_docx(model, which, templates))
    return f"/preview/page-1.png?k={key}"
