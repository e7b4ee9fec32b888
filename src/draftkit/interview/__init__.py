"""The ``new-report``, ``new-awards`` and ``profile`` interviews.

Questions are not written by hand: a generic engine (:mod:`.engine`) walks the pydantic
model of the data file and takes each question's label, hint, example, default and "long
text" flag from the field's metadata (:mod:`.fields`), validating every answer with the
very type the data file uses. What differs per document lives in :mod:`.new_report` and
:mod:`.new_awards` (section order, the awardees table); :mod:`.session` holds what they
share (draft, resume, ``--data``, office profile defaults, review, writing).

The outside world is passed in: a rich console to print on, a line reader (a stream, or
the terminal; :mod:`.terminal`), an editor launcher, today's date and the config folder,
so tests need no terminal. Every answer is written at once to a draft file beside the
outputs, so Ctrl-C loses nothing and the next run offers to continue from it.
"""

from __future__ import annotations

from .engine import Interview
from .fields import FieldSpec, field_spec, revive
from .new_awards import AWARDS, AWARDS_ASKED, run_new_awards, suggested_authority
from .new_report import REPORT, REPORT_ORDER, run_new_report
from .office import run_profile, show_profile
from .parsers import AnswerError, parse_date, parse_number, parse_yes_no
from .session import DocumentKind, Draft
from .terminal import EditorError, launch_editor

__all__ = [
    "AWARDS",
    "AWARDS_ASKED",
    "REPORT",
    "REPORT_ORDER",
    "AnswerError",
    "DocumentKind",
    "Draft",
    "EditorError",
    "FieldSpec",
    "Interview",
    "field_spec",
    "launch_editor",
    "parse_date",
    "parse_number",
    "parse_yes_no",
    "revive",
    "run_new_awards",
    "run_new_report",
    "run_profile",
    "show_profile",
    "suggested_authority",
]
