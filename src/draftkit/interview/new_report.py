"""``draftkit new-report``: the year-end report, asked section by section.

Every question comes from :class:`draftkit.models.ReportData`; only the order of the
top-level sections lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from rich.console import Console

from draftkit.models import ReportData
from draftkit.pipeline import RenderResult

from .session import DocumentKind, Questions, run_interview
from .terminal import Reader

__all__ = ["REPORT", "REPORT_ORDER", "run_new_report"]

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
    "appendix",
    "assessment",
    "plan",
    "proposals",
    "signer",
    "recipients",
    "addressees",
)

REPORT = DocumentKind(
    document="report",
    model=ReportData,
    order=REPORT_ORDER,
    command="new-report",
    default_stem="bao-cao",
    intro="Soạn báo cáo tổng kết.",
    review_title="Xem lại báo cáo",
    suffixes=("",),
)


def run_new_report(
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
    """Interview for a report, then write ``<name>.yaml`` and ``<name>.docx`` in ``out_dir``.

    ``data_file`` starts from an existing data file (last year's report) and asks only
    what it lacks. See :func:`~draftkit.interview.session.run_interview` for the rest.
    """
    return run_interview(
        REPORT,
        Questions,
        console,
        out_dir,
        name,
        force,
        stream=stream,
        today=today,
        editor=editor,
        data_file=data_file,
        templates=templates,
        config_dir=config_dir,
        resume_file=resume_file,
        reader=reader,
    )
