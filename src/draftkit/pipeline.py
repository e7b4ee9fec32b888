"""The whole job as plain functions: data file in, documents out.

``render_file`` is what ``draftkit render`` runs; ``render_model`` serves ``new-report``
once the answers are validated. Nothing here prints or asks: warnings are returned, and
errors are raised from :mod:`draftkit.errors`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .datafile import DataFile, load_data_file
from .docx_engine import render_docx
from .models import DocumentData, ReportData
from .output import write_all
from .templates_path import builtin_template
from .textcheck import TextWarning, sanitize
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
    raise AssertionError(f"no documents planned for {type(model).__name__}")  # pragma: no cover


def build_documents(model: DocumentData, stem: str, out_dir: Path) -> dict[Path, bytes]:
    """Render every document of ``model`` in memory, keyed by its output path."""
    files: dict[Path, bytes] = {}
    for planned in plan_documents(model):
        template = builtin_template(planned.kind, model.style)
        files[out_dir / f"{stem}{planned.suffix}.docx"] = render_docx(template, planned.context())
    return files


def load_model(path: Path) -> tuple[DocumentData, list[TextWarning]]:
    """Read, clean and validate a data file."""
    source = load_data_file(path)
    clean, warnings = sanitize(source.data)
    model = validate(DataFile(path=source.path, data=clean, lines=source.lines))
    return model, warnings


def render_model(
    model: DocumentData, stem: str, out_dir: Path, *, force: bool = False
) -> list[Path]:
    files = build_documents(model, stem, out_dir)
    return write_all(files, force=force)


def render_file(path: Path, out_dir: Path, *, force: bool = False) -> RenderResult:
    """``draftkit render``: validate everything, render everything, then write."""
    model, warnings = load_model(path)
    documents = render_model(model, path.stem, out_dir, force=force)
    return RenderResult(documents=documents, warnings=warnings)
