"""The whole job as plain functions: data file in, documents out.

``render_file`` is what ``draftkit render`` runs; ``render_model`` serves ``new-report``
once the answers are validated. Nothing here prints or asks: warnings are returned, and
errors are raised from :mod:`draftkit.errors`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .datafile import DataFile, load_data_file
from .docx_engine import adapt_for_form, render_docx
from .errors import ConversionError, TextWarning
from .models import AwardsData, DocumentData, ReportData
from .output import ensure_writable, write_all
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
        from .awards import certificate_context, decision_context, list_context

        return [
            PlannedDocument("-quyet-dinh", "decision", lambda: decision_context(model)),
            PlannedDocument("-danh-sach", "list", lambda: list_context(model)),
            PlannedDocument("-giay-khen", "certificate", lambda: certificate_context(model)),
        ]
    raise AssertionError(f"no documents planned for {type(model).__name__}")  # pragma: no cover


def build_documents(
    model: DocumentData, stem: str, out_dir: Path, templates: Sequence[TemplateFolder] = ()
) -> dict[Path, bytes]:
    """Render every document of ``model`` in memory, keyed by its output path."""
    files: dict[Path, bytes] = {}
    for planned in plan_documents(model):
        found = find_template(planned.kind, model.style, templates)
        template = found.path
        post = None
        if planned.kind == "certificate" and isinstance(model, AwardsData):
            layout = model.certificate
            if layout.offset_top_mm or layout.offset_left_mm or layout.mode == "fields":
                post = partial(
                    adapt_for_form,
                    top_mm=layout.offset_top_mm,
                    left_mm=layout.offset_left_mm,
                    keep_frame=layout.mode == "full",
                )
        data = render_docx(template, planned.context(), post_process=post, name=str(template) if not found.builtin else None)
        files[out_dir / f"{stem}{planned.suffix}.docx"] = data
    return files


def load_model(path: Path) -> tuple[DocumentData, list[TextWarning]]:
    """Read, clean and validate a data file."""
    source = load_data_file(path)
    clean, warnings = sanitize(source.data)
    model = validate(DataFile(path=source.path, data=clean, lines=source.lines))
    if isinstance(model, AwardsData):
        from .awards import resolve_awardees

        model = resolve_awardees(model, path.parent)
    return model, source.warnings + warnings


def render_model(
    model: DocumentData,
    stem: str,
    out_dir: Path,
    *,
    force: bool = False,
    templates: Sequence[TemplateFolder] = (),
) -> list[Path]:
    files = build_documents(model, stem, out_dir, templates)
    return write_all(files, force=force)


def render_file(
    path: Path,
    out_dir: Path,
    *,
    force: bool = False,
    pdf: bool = False,
    templates: Sequence[TemplateFolder] = (),
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
        ensure_writable([out_dir / f"{path.stem}{p.suffix}.pdf" for p in plan_documents(model)], force)
    documents = render_model(model, path.stem, out_dir, force=force, templates=templates)
    if pdf:
        from .pdf import convert_to_pdf

        documents += convert_to_pdf(documents, out_dir, force=force)
        warnings += font_warnings()
    return RenderResult(documents=documents, warnings=warnings)
