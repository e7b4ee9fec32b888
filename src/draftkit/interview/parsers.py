"""Reading what a clerk types: Vietnamese numbers and dates, yes/no words.

Every parser raises :class:`AnswerError` with a Vietnamese message (and a hint) that the
interview prints before asking again; none of them prints or asks anything itself.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from decimal import Decimal

from draftkit.wording import NUMBER_HINT, NumberFormatError, read_number, read_quantity

__all__ = [
    "DATE_HINT",
    "NUMBER_HINT",
    "AnswerError",
    "date_hint",
    "format_day",
    "parse_date",
    "parse_number",
    "parse_quantity",
    "parse_yes_no",
    "ungroup_integer",
]

_YES = frozenset({"c", "co", "có", "y", "yes", "ok", "u", "ừ", "đồng ý", "dong y"})
_NO = frozenset({"k", "ko", "không", "khong", "n", "no"})


class AnswerError(ValueError):
    """An answer that cannot be read; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_quantity(text: str) -> tuple[Decimal, str | None]:
    """A figure as a clerk types it, and "%" when it ends with one: "95,2%" → (95.2, "%").

    The one reading of numbers that data files share (:func:`draftkit.wording.read_quantity`):
    "1.500" is 1500, "1.520,4" is 1520.4; "1,500" and "1.52" are refused as ambiguous.
    """
    try:
        return read_quantity(text)
    except NumberFormatError as bad:
        raise AnswerError(bad.message, bad.hint) from None


def parse_number(text: str) -> Decimal:
    """A figure without a unit: "50,24", "1.520,4", "1 520", "-3,5" (see :func:`parse_quantity`)."""
    try:
        return read_number(text)
    except NumberFormatError as bad:
        raise AnswerError(bad.message, bad.hint) from None


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{2,4})", re.IGNORECASE)


def date_hint(year: int) -> str:
    """How to type a date, with an example in ``year`` (the document's, as far as known)."""
    return f"Gõ ngày/tháng/năm, ví dụ 12/12/{year} (hoặc 12-12-{year}, {year}-12-12)."


DATE_HINT = date_hint(2023)


def parse_date(text: str, example_year: int = 2023) -> date:
    """A date as typed: "12/12/2023", "12-12-2023", "12.12.2023", "2023-12-12",
    "ngày 12 tháng 12 năm 2023". The year must have four digits; the hints of a refusal
    give their example in ``example_year``."""
    hint = date_hint(example_year)
    raw = unicodedata.normalize("NFC", text.strip())
    match = _YMD.fullmatch(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        year_text = match.group(1)
    else:
        match = _DMY.fullmatch(raw) or _WORDS.fullmatch(raw)
        if match is None:
            raise AnswerError(f"“{raw}” không phải là một ngày.", hint)
        day, month, year = (int(g) for g in match.groups())
        year_text = match.group(3)
    if len(year_text) != 4:
        raise AnswerError(f"“{raw}”: năm phải viết đủ 4 chữ số (ví dụ {example_year}).", hint)
    if year < 1:  # date() and calendar stop at year 1: "0000" is no year
        raise AnswerError(f"“{raw}” không phải là một ngày có thật: không có năm {year_text}.", hint)
    if not 1 <= month <= 12:
        raise AnswerError(f"“{raw}” không phải là một ngày có thật: không có tháng {month}.")
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise AnswerError(
            f"“{raw}” không phải là một ngày có thật: tháng {month} năm {year} "
            f"chỉ có {last_day} ngày."
        )
    return date(year, month, day)


def parse_yes_no(text: str) -> bool | None:
    """Vietnamese (or English) yes/no: c/có/y → True, k/không/n → False, else None."""
    word = unicodedata.normalize("NFC", text).strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def format_day(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


_GROUPED_INTEGER = re.compile(r"[+-]?[1-9]\d{0,2}(?:[.\s\u00a0\u202f]\d{3})+")  # "0.500" is no grouping


def ungroup_integer(text: str) -> str:
    """"540.000" or "540 000" → "540000" for whole-number fields (money, document numbers).

    A whole number has no decimal part, so a dot there can only group thousands, as in
    :func:`parse_number`. Anything else is returned as typed, for the field type to judge.
    """
    stripped = text.strip()
    if _GROUPED_INTEGER.fullmatch(stripped):
        return re.sub(r"[.\s\u00a0\u202f]", "", stripped)
    return stripped
