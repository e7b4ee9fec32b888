"""``--data LAST-YEAR.yaml``: offer to carry last year's data file forward before asking.

The carrying itself is :func:`draftkit.nextyear.next_year`; this only asks whether to do it
and tells the clerk what was done and what to check.
"""

from __future__ import annotations

from rich.text import Text

from draftkit.datafile import DataFile
from draftkit.errors import InputError
from draftkit.nextyear import base_year, is_last_year, next_year

from .engine import Interview

__all__ = ["offer_next_year"]


def offer_next_year(interview: Interview, source: DataFile) -> tuple[DataFile, tuple[str, ...]]:
    """``source`` carried to the next year when it is last year's and the clerk agrees
    (Enter), with the sections to ask again; ``source`` as it is, and none, otherwise."""
    if not is_last_year(source.data, interview.today):
        return source, ()
    year = base_year(source.data)
    assert year is not None
    question = (
        f"Tệp {source.path.name} là văn bản năm {year}. Chuyển sang năm {year + 1} "
        "(ngày, năm, số liệu năm trước; chỉ hỏi phần cần nhập mới)?"
    )
    if not interview.confirm(question, default=True):
        return source, ()
    try:
        carried = next_year(source.data, interview.today)
    except InputError as refused:
        interview.show_problems(refused.problems)
        interview.note("Dùng tệp như nó có.")
        return source, ()
    for note in carried.notes:
        interview.note(note)
    for warning in carried.warnings:
        interview.console.print(Text(f"  ! Lưu ý: {warning.message}", style="yellow"))
    # Line numbers of the old file no longer match what is in memory: none are kept.
    return DataFile(path=source.path, data=carried.data, warnings=list(source.warnings)), carried.ask
