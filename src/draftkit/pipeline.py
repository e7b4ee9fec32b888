"""The whole job as plain functions: data file in, documents out.

``render_file`` is what ``draftkit render`` runs; ``render_model`` serves ``new-report``
once the answers are validated. Nothing here prints or asks: warnings are returned, and
errors are raised from :mod:`draftkit.errors`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .datafile import DataFile, load_data_file
from .docx_engine import adapt_for_form, render_docx, render_docx_each
from .errors import ConversionError, OutputError, TextWarning, os_reason
from .models import AwardsData, DocumentData, ReportData
from .output import ensure_writable, safe_stem, write_all
from .profile import fill_from_profile
from .template_search import TemplateFolder, find_template
from .textcheck import sanitize
from .validation import validate


@dataclass
class RenderResult:
    documents: list[Path]
    warnings: list[TextWarning] = field(default_factory=list)


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
) -> dict[Path, bytes]:
    """Render every document of ``model`` in memory, keyed by its output path.

    With ``split``, every certificate is also written as a file of its own in
    ``STEM-giay-khen/`` (named from its number in the list and the name), for e-office
    systems that want one file per person.
    """
    files: dict[Path, bytes] = {}
    for planned in plan_documents(model):
        found = find_template(planned.kind, model.style, templates)
        label = None if found.builtin else str(found.path)
        post = _certificate_post(model, planned.kind)
        context = planned.context()
        if not found.builtin:
            # An office's own template is checked whole before rendering: every fault at
            # once, each with its paragraph, instead of the first one Jinja trips over.
            from .template_tools import ensure_template_ok

            for unused in ensure_template_ok(found.path, planned.kind, context):
                if warnings is not None:
                    warnings.append(
                        TextWarning(
                            unused,
                            f"mẫu {found.path} không dùng biến này nên phần đó không có trong văn bản "
                            f"(xem: draftkit templates vars {planned.kind}).",
                        )
                    )
        files[out_dir / f"{stem}{planned.suffix}.docx"] = render_docx(
            found.path, context, post_process=post, name=label
        )
        if split and planned.kind == "certificate":
            people = context["certificates"]
            folder = out_dir / f"{stem}{planned.suffix}"
            width = max(2, len(str(len(people))))
            singles = render_docx_each(
                found.path, ({**context, "certificates": [p]} for p in people), post_process=post, name=label
            )
            for index, (person, data) in enumerate(zip(people, singles, strict=True), start=1):
                files[folder / f"{index:0{width}d}-{safe_stem(person['person'], 'giay-khen')}.docx"] = data
    return files


def load_model(path: Path) -> tuple[DocumentData, list[TextWarning]]:
    """Read, clean and validate a data file."""
    source = fill_from_profile(load_data_file(path))
    clean, warnings = sanitize(source.data, line_of=source.line_of)
    checked = DataFile(path=source.path, data=clean, lines=source.lines)
    model = validate(checked)
    if isinstance(model, AwardsData):
        from .awards import preflight, resolve_awardees

        preflight(model, checked)
        model, sheet_warnings = resolve_awardees(model, path.parent)
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
) -> list[Path]:
    """Render, convert when asked, then write everything at once (or nothing)."""
    folder = out_dir / f"{stem}-giay-khen"
    if split and not force and any(_SPLIT_NAME.fullmatch(p.name) for p in folder.glob("*.docx")):
        # Old per-person files would mix with the new ones (a name removed, a number moved).
        raise OutputError(
            f"Thư mục “{folder}” đã có giấy khen của lần trước. Không ghi đè.",
            hint="Thêm --force để thay cả thư mục, hoặc chọn thư mục khác bằng -o.",
        )
    if warnings is not None and isinstance(model, AwardsData):
        from .awards import advisories

        warnings += advisories(model)
    files = build_documents(model, stem, out_dir, templates, split=split, warnings=warnings)
    if pdf:
        from .pdf import convert_bytes

        # Refuse before LibreOffice spends seconds on PDFs that could not be written.
        ensure_writable([*files, *(p.with_suffix(".pdf") for p in files if p.parent == out_dir)], force)

        # The combined documents only: a PDF per person would be the same pages again.
        files |= convert_bytes({path: data for path, data in files.items() if path.parent == out_dir})
    written = write_all(files, force=force)
    if split:
        _remove_stale_certificates(folder, set(written))
    return written


_SPLIT_NAME = re.compile(r"\d{2,}-[a-z0-9-]+\.docx")


def _remove_stale_certificates(folder: Path, kept: set[Path]) -> None:
    """After a --split run over an older one (--force), drop files of people no longer listed.

    Only files named the way --split names them; anything else in the folder is the
    office's own and stays.
    """
    for old in folder.glob("*.docx"):
        if old in kept or not _SPLIT_NAME.fullmatch(old.name) or not old.is_file():
            continue
        try:
            old.unlink()
        except OSError as exc:
            raise OutputError(f"Không xóa được giấy khen cũ “{old}”: {os_reason(exc)}.") from None


def render_file(
    path: Path,
    out_dir: Path,
    *,
    force: bool = False,
    pdf: bool = False,
    templates: Sequence[TemplateFolder] = (),
    split: bool = False,
) -> RenderResult:
    """``draftkit render``: validate everything, render everything, then write.

    With ``pdf``, LibreOffice's presence is checked before any .docx is written, and a
    ``.pdf`` is written beside each ``.docx``.
    """
    model, warnings = load_model(path)
    if pdf:
        from .pdf import INSTALL_HINT, find_soffice, font_warnings

        if find_soffice() is None:
            raise ConversionError("Chưa cài LibreOffice nên không tạo được PDF (--pdf).", hint=INSTALL_HINT)
        warnings += font_warnings()
    documents = render_model(
        model, path.stem, out_dir, force=force, templates=templates, split=split, pdf=pdf, warnings=warnings
    )
    return RenderResult(documents=documents, warnings=warnings)
