"""``--data LAST-YEAR.yaml``: offer to carry last year's data file forward before asking.

The carrying itself is :func:`draftkit.nextyear.next_year`; this only asks whether to do it
and tells the clerk what was done and what to check. A file that ``draftkit next-year``
already wrote is never offered again: the sections its marker lists are asked, exactly as
when the clerk accepts the offer here (both go through :func:`draftkit.nextyear.still_to_ask`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from rich.console import Console
from rich.text import Text

from draftkit.datafile import DataFile
from draftkit.errors import InputError, TextWarning
from draftkit.nextyear import (
    MARKER,
    CarriedForward,
    base_year,
    is_last_year,
    next_year,
    signer_change,
    still_to_ask,
)

from .engine import Interview

__all__ = ["carry_question", "offer_next_year", "show_carried"]


def show_carried(console: Console, carried: CarriedForward, extra: list[TextWarning] | None = None) -> None:
    """What carrying did and what to check: one wording for ``next-year`` and the interviews."""
    for note in carried.notes:
        console.print(Text(f"  {note}", style="dim"))
    for warning in [*carried.warnings, *(extra or [])]:
        console.print(Text("  ! Lưu ý: ", style="yellow") + Text(warning.message))


def carry_question(source: DataFile, today: date) -> str | None:
    """The question asked before carrying ``source`` forward; None when none is asked (a
    file next-year wrote, or not last year's). One wording for the terminal and the page."""
    if MARKER in source.data or not is_last_year(source.data, today):
        return None
    year = base_year(source.data)
    assert year is not None
    return (
        f"Tệp {source.path.name} là văn bản năm {year}. Chuyển sang năm {year + 1} "
        "(ngày, năm, số liệu năm trước; chỉ hỏi phần cần nhập mới)?"
    )


def offer_next_year(
    interview: Interview, source: DataFile, profile: Mapping[str, Any] | None = None
) -> tuple[DataFile, tuple[str, ...]]:
    """``source`` ready for the interview, with the sections to ask again.

    A file written by next-year: its marker taken out, its sections to ask returned. Last
    year's file: carried to the next year when the clerk agrees (Enter), likewise. Any other
    file (or "k"): as it is, and none. ``profile``: the office profile as this kind of
    document uses it, to point out a signer other than last year's.
    """
    if MARKER in source.data:
        data, again = still_to_ask(source.data)
        changed = signer_change(data, profile)
        if changed is not None:
            interview.warn(changed.message)
        return DataFile(path=source.path, data=data, lines=source.lines, warnings=list(source.warnings)), again
    question = carry_question(source, interview.today)
    if question is None:
        return source, ()
    if not interview.confirm(question, default=True):
        return source, ()
    try:
        carried = next_year(source.data, interview.today)
    except InputError as refused:
        interview.show_problems(refused.problems)
        interview.note("Dùng tệp như nó có.")
        return source, ()
    data, again = still_to_ask(carried.data)
    changed = signer_change(data, profile)
    # Said through the interview (printed as show_carried prints them, or to its notes sink).
    for note in carried.notes:
        interview.note(note)
    for warning in [*carried.warnings, *([changed] if changed is not None else [])]:
        interview.warn(warning.message)
    # Line numbers of the old file no longer match what is in memory: none are kept.
    return DataFile(path=source.path, data=data, warnings=list(source.warnings)), again
