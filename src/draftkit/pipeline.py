"""The whole job as plain functions: data file in, documents out.

``render_file`` is what ``draftkit render`` runs; ``render_model`` serves ``new-report``
once the answers are validated. Nothing here prints or asks: warnings are returned, and
errors are raised from :mod:`draftkit.errors`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from .datafile import DataFile, load_data_file
from .docx_engine import adapt_for_form, docx_maker, render_docx
from .errors import InputError, OutputError, Problem, TextWarning
from .models import AwardsData, DocumentData, ReportData
from .output import (
    Content,
    ensure_writable,
    finish_interrupted,
    folder_lock,
    read_manifest,
    safe_stem,
    write_all,
)
from .profile import fill_from_profile
from .progress import NO_PROGRESS, Steps
from .template_search import FoundTemplate, TemplateFolder, find_template
from .textcheck import sanitize
from .validation import validate

Progress = Callable[[int, int], None]  # (done, total), see build_documents


@dataclass
class RenderResult:
    documents: list[Path]
    warnings: list[TextWarning] = field(default_factory=list)
    templates: list[FoundTemplate] = field(default_factory=list)  # the template of each document


@dataclass(frozen=True)
class PlannedDocument:
    """One output file: its name suffix, template kind and variables."""

    suffix: str
    kind: str
    context: Callable[[], dict[str, Any]]


def plan_documents(model: DocumentData) -> list[PlannedDocument]:
    """The documents a data file produces, named as the contract says."""
    if isinstance(model, ReportData):
        from .report import report_context

        return [PlannedDocument("", "report", lambda: report_context(model))]
    if isinstance(model, AwardsData):
        from .awards import certificate_context, decision_context, list_context, ordered

        people = ordered(model)  # sorted once for the three documents
        return [
            PlannedDocument("-quyet-dinh", "decision", lambda: decision_context(model, people)),
            PlannedDocument("-danh-sach", "list", lambda: list_context(model, people)),
            PlannedDocument("-giay-khen", "certificate", lambda: certificate_context(model, people)),
        ]
    raise AssertionError(f"no documents planned for {type(model).__name__}")  # pragma: no cover


def _certificate_post(model: DocumentData, kind: str) -> Callable[[str], str] | None:
    """Page changes for certificates printed onto pre-printed forms."""
    if kind != "certificate" or not isinstance(model, AwardsData):
        return None
    layout = model.certificate
    if not (layout.offset_top_mm or layout.offset_left_mm or layout.mode == "fields"):
        return None
    return partial(
        adapt_for_form,
        top_mm=layout.offset_top_mm,
        left_mm=layout.offset_left_mm,
        keep_frame=layout.mode == "full",
    )


def build_documents(
    model: DocumentData,
    stem: str,
    out_dir: Path,
    templates: Sequence[TemplateFolder] = (),
    *,
    split: bool = False,
    warnings: list[TextWarning] | None = None,
    progress: Progress | None = None,
) -> dict[Path, Content]:
    """Render every document of ``model`` in memory, keyed by its output path.

    With ``split``, every certificate is also written as a file of its own in
    ``STEM-giay-khen/`` (named from its number in the list and the name), for e-office
    systems that want one file per person. Those are given as writers
    (:data:`output.Writer`), each rendering its file as :func:`output.write_all` writes it:
    held as bytes, 30,000 of them took a gigabyte. The combined documents are bytes.

    ``progress`` is called with (certificates made, certificates to make) while the
    certificates render (a province's round takes seconds): about once per megabyte of
    XML, then once per file with ``split`` (which makes every certificate twice, so the
    total is twice the awardees), never going back, last with (total, total). The calls
    per file come as the files are written.
    """
    files: dict[Path, Content] = {}
    for planned in plan_documents(model):
        found = find_template(planned.kind, model.style, templates)
        label = None if found.builtin else str(found.path)
        post = _certificate_post(model, planned.kind)
        context = planned.context()
        if not found.builtin:
            # An office's own template is checked whole before rendering: every fault at
            # once, each with its paragraph, instead of the first one Jinja trips over.
            from .template_tools import ensure_template_ok

            verdict = ensure_template_ok(found.path, planned.kind, context)
            if warnings is not None:
                warnings += [TextWarning(str(found.path), changed) for changed in verdict.changed]
            for unused in verdict.unused:
                if warnings is not None:
                    warnings.append(
                        TextWarning(
                            unused,
                            f"mẫu {found.path} không dùng biến này nên phần đó không có trong văn bản "
                            f"(xem: draftkit templates vars {planned.kind}).",
                        )
                    )
            from .docx_engine import template_notices

            if warnings is not None:
                warnings += [TextWarning("", notice) for notice in template_notices(found.path, label)]
        certificates = planned.kind == "certificate"
        people = context["certificates"] if certificates else []
        rounds = 2 if split else 1
        files[out_dir / f"{stem}{planned.suffix}.docx"] = render_docx(
            found.path,
            context,
            post_process=post,
            name=label,
            progress=_scaled(progress, rounds) if certificates and progress is not None else None,
            counted="certificates",
        )
        if split and certificates:
            folder = out_dir / f"{stem}{planned.suffix}"
            width = max(2, len(str(len(people))))
            make = docx_maker(found.path, post_process=post, name=label)
            for index, person in enumerate(people, start=1):
                files[folder / f"{index:0{width}d}-{safe_stem(person['person'], 'giay-khen')}.docx"] = partial(
                    _write_single, make, context, person, (index, len(people)), progress
                )
    return files


def _write_single(
    make: Callable[[dict[str, Any]], bytes],
    context: dict[str, Any],
    person: dict[str, Any],
    place: tuple[int, int],
    progress: Progress | None,
    handle: BinaryIO,
) -> None:
    """Render one person's certificate (``place``: its number and how many there are) into
    ``handle``. Only this file's bytes are held meanwhile, never the round's."""
    handle.write(make({**context, "certificates": [person]}))
    if progress is not None:
        index, count = place
        progress(count + index, 2 * count)


def _scaled(progress: Progress, rounds: int) -> Progress:
    """The combined document's progress as a share of ``rounds`` passes over the round."""
    if rounds == 1:
        return progress
    return lambda done, total: progress(done, total * rounds)


def load_model(path: Path, awardees: Path | None = None) -> tuple[DocumentData, list[TextWarning]]:
    """Read, clean and validate a data file (``awardees``: a list file given by the user,
    read instead of the one the data file names)."""
    loaded = load_data_file(path)
    from .nextyear import refuse_unfinished

    refuse_unfinished(path, loaded.data)  # next-year's output: the interview completes it
    source = fill_from_profile(loaded)
    clean, warnings = sanitize(source.data, line_of=source.line_of)
    checked = DataFile(path=source.path, data=clean, lines=source.lines)
    try:
        model = validate(checked)
        if isinstance(model, AwardsData):
            from .awards import preflight

            preflight(model, checked)
    except InputError as error:
        # The spreadsheet's problems are listed with the data file's, in one run.
        from .awards import with_sheet_problems

        raise with_sheet_problems(error, checked.data, checked, path.parent, awardees) from None
    if awardees is not None and not isinstance(model, AwardsData):
        raise InputError(
            path, [Problem("Tùy chọn --danh-sach chỉ dùng cho tệp dữ liệu khen thưởng (document: awards).")]
        )
    if isinstance(model, AwardsData):
        from .awards import resolve_awardees

        model, sheet_warnings = resolve_awardees(model, path.parent, checked, awardees)
        warnings += sheet_warnings
    return model, source.warnings + warnings


def render_model(
    model: DocumentData,
    stem: str,
    out_dir: Path,
    *,
    force: bool = False,
    templates: Sequence[TemplateFolder] = (),
    split: bool = False,
    pdf: bool = False,
    warnings: list[TextWarning] | None = None,
    extra_files: Mapping[Path, bytes] | None = None,
    progress: Steps = NO_PROGRESS,
) -> list[Path]:
    """Render, convert when asked, then write everything at once (or nothing).

    ``extra_files`` (the interview's data file) are written in the same all-or-nothing step,
    before the documents.
    """
    _finish_interrupted(out_dir, warnings)
    folder = out_dir / f"{stem}-giay-khen"
    if split and not force:
        _refuse_old_certificates(folder)
    if warnings is not None:
        from .rules import signing_advice

        warnings += signing_advice(model.signer.authority, model.style, model.date)
    if warnings is not None and isinstance(model, AwardsData):
        from .awards import advisories

        warnings += advisories(model)
    if warnings is not None and isinstance(model, ReportData):
        from .report import advisories as report_advisories

        warnings += report_advisories(model)
    files: dict[Path, Content] = dict(extra_files or {})
    # The per-person files (--split) are rendered while they are written: their share of
    # the progress is reported by the step that writes them.
    relay = _Relay()
    with progress.step("Dựng văn bản") as tick:
        relay.target = tick
        files |= build_documents(model, stem, out_dir, templates, split=split, warnings=warnings, progress=relay)
    if pdf:
        from .pdf import convert_documents

        # Refuse before LibreOffice spends seconds on PDFs that could not be written.
        # The combined documents only: a PDF per person would be the same pages again.
        documents = {
            path: data
            for path, data in files.items()
            if path.parent == out_dir and path.suffix == ".docx" and isinstance(data, bytes)
        }
        ensure_writable([*files, *(p.with_suffix(".pdf") for p in documents)], force)
        pdfs, pdf_warnings = convert_documents(
            documents, progress=progress, one_page_each=_certificate_names(model, stem, out_dir)
        )
        files |= pdfs
        if warnings is not None:
            warnings += pdf_warnings
    if split and warnings is not None:
        warnings += _unlisted_certificates(folder, {path.name for path in files if path.parent == folder})
    # The split folder is draftkit's: what it wrote there last time and does not write
    # again (a person no longer listed) goes; the office's own files stay.
    if not split:
        return write_all(files, force=force)
    with progress.step("Dựng giấy khen từng người") as tick:
        relay.target = tick
        return write_all(files, force=force, owned_folders=[folder])


class _Relay:
    """A progress callback handed on to whichever step is running (see render_model)."""

    def __init__(self) -> None:
        self.target: Progress | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.target is not None:
            self.target(done, total)


def _certificate_names(model: DocumentData, stem: str, out_dir: Path) -> dict[Path, list[str]]:
    """The awardee of each certificate page, in print order (to tell which ones overflow)."""
    if not isinstance(model, AwardsData):
        return {}
    from .awards import ordered

    collectives, individuals = ordered(model)
    return {out_dir / f"{stem}-giay-khen.docx": [a.name for a in (*collectives, *individuals)]}


_SPLIT_NAME = re.compile(r"\d{2,}-[a-z0-9-]+\.docx")


def _finish_interrupted(out_dir: Path, warnings: list[TextWarning] | None) -> None:
    """A run into ``out_dir`` killed between its renames is finished first, and said so."""
    if not out_dir.is_dir():
        return
    from .output import JOURNAL_NAME

    if not (out_dir / JOURNAL_NAME).is_file():
        return
    with folder_lock([out_dir]):
        done = finish_interrupted(out_dir)
    if done and warnings is not None:
        names = ", ".join(path.name for path in done[:5]) + (f"… ({len(done)} tệp)" if len(done) > 5 else "")
        warnings.append(
            TextWarning("", f"lần ghi trước vào thư mục {out_dir} bị dừng giữa chừng; đã ghi nốt: {names}.")
        )


def _refuse_old_certificates(folder: Path) -> None:
    """Old per-person files would mix with the new ones (a name removed, a number moved)."""
    if not folder.is_dir():
        return
    ours = [name for name in read_manifest(folder) if (folder / name).is_file()]
    if ours:
        raise OutputError(
            f"Thư mục “{folder}” đã có giấy khen của lần trước. Không ghi đè.",
            hint="Thêm --force để thay các giấy khen draftkit đã ghi (tệp khác trong thư mục được giữ), "
            "hoặc chọn thư mục khác bằng -o.",
        )
    alike = sorted(p.name for p in folder.glob("*.docx") if _SPLIT_NAME.fullmatch(p.name))
    if alike:
        # Named like per-person certificates but not recorded as draftkit's: refuse rather than mix.
        shown = ", ".join(alike[:5]) + ("…" if len(alike) > 5 else "")
        raise OutputError(
            f"Thư mục “{folder}” đã có tệp đặt tên như giấy khen tách riêng ({shown}). Không ghi vào đó.",
            hint="Thêm --force để ghi (các tệp đó được giữ nguyên), hoặc chọn thư mục khác bằng -o.",
        )


def _unlisted_certificates(folder: Path, written: set[str]) -> list[TextWarning]:
    """Files named like certificates that draftkit did not write there: kept, and said so."""
    if not folder.is_dir():
        return []
    ours = set(read_manifest(folder))
    alike = sorted(
        p.name
        for p in folder.glob("*.docx")
        if _SPLIT_NAME.fullmatch(p.name) and p.name not in ours and p.name not in written
    )
    if not alike:
        return []
    shown = ", ".join(alike[:5]) + (f"… ({len(alike)} tệp)" if len(alike) > 5 else "")
    return [
        TextWarning(
            "",
            f"thư mục {folder} có tệp không do draftkit ghi nên được giữ nguyên: {shown}.",
        )
    ]


def render_file(
    path: Path,
    out_dir: Path,
    *,
    force: bool = False,
    pdf: bool = False,
    templates: Sequence[TemplateFolder] = (),
    split: bool = False,
    awardees: Path | None = None,
    progress: Steps = NO_PROGRESS,
) -> RenderResult:
    """``draftkit render``: validate everything, render everything, then write.

    With ``pdf``, LibreOffice's presence is checked before any .docx is written, and a
    ``.pdf`` is written beside each ``.docx``.
    """
    model, warnings = load_model(path, awardees)
    if pdf:
        from .pdf import font_warnings, require_soffice

        require_soffice(purpose="tạo PDF (--pdf)")
        warnings += font_warnings()
    documents = render_model(
        model, path.stem, out_dir, force=force, templates=templates, split=split, pdf=pdf, warnings=warnings,
        progress=progress,
    )
    return RenderResult(documents=documents, warnings=warnings, templates=templates_used(model, templates))


def templates_used(model: DocumentData, templates: Sequence[TemplateFolder]) -> list[FoundTemplate]:
    """The template of each document of ``model`` (the kinds of :func:`plan_documents`)."""
    kinds = ("report",) if isinstance(model, ReportData) else ("decision", "list", "certificate")
    return [find_template(kind, model.style, templates) for kind in kinds]
