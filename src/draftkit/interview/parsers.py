"""Reading what a clerk types: Vietnamese numbers and dates, yes/no words.

Every parser raises :class:`AnswerError` with a Vietnamese message (and a hint) that the
interview prints before asking again; none of them prints or asks anything itself.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

__all__ = [
    "DATE_HINT",
    "NUMBER_HINT",
    "AnswerError",
    "format_day",
    "parse_date",
    "parse_number",
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


NUMBER_HINT = "Dấu phẩy ngăn phần thập phân (50,24), dấu chấm ngăn hàng nghìn (1.520,4)."
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_number(text: str) -> Decimal:
    """A figure as a clerk types it: "50,24", "50.24", "1.520,4", "1 520", "-3,5".

    A lone comma is the Vietnamese decimal comma. A lone dot followed by exactly three
    digits ("1.520") is refused as ambiguous: Vietnamese reads it 1520, the English
    habit 1.52, and a silently wrong figure in a signed report is worse than a question.
    """
    raw = text.strip()
    body = _SPACES.sub("", raw).replace("\u2212", "-")
    sign = ""
    if body[:1] in ("-", "+"):
        sign, body = ("-" if body[0] == "-" else ""), body[1:]
    if not body or not re.fullmatch(r"[0-9.,]+", body) or not any(c.isdigit() for c in body):
        raise AnswerError(f"“{raw}” không phải là một số.", NUMBER_HINT)
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        whole, _, fraction = body.rpartition(decimal_mark)
        if decimal_mark in whole:
            raise AnswerError(f"“{raw}” có hai dấu thập phân.", NUMBER_HINT)
        whole = _ungroup(whole, thousands, raw)
    elif commas == 1:
        whole, _, fraction = body.partition(",")
    elif commas > 1:
        whole, fraction = _ungroup(body, ",", raw), ""
    elif dots == 1:
        whole, _, fraction = body.partition(".")
        if len(fraction) == 3 and whole and whole[0] != "0" and len(whole) <= 3:
            raise AnswerError(
                f"“{raw}” chưa rõ là {whole}{fraction} hay {whole},{fraction}.",
                f"Gõ {whole}{fraction} (hoặc {whole}.{fraction},0) nếu là số nguyên; "
                f"gõ {whole},{fraction} nếu là số thập phân.",
            )
    elif dots > 1:
        whole, fraction = _ungroup(body, ".", raw), ""
    else:
        whole, fraction = body, ""
    if not fraction.isdigit() and fraction:
        raise AnswerError(f"“{raw}” không phải là một số.", NUMBER_HINT)
    if body.endswith((",", ".")):
        raise AnswerError(f"“{raw}” thiếu phần sau dấu phẩy.", NUMBER_HINT)
    try:
        return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - the pattern above admits only digits
        raise AnswerError(f"“{raw}” không phải là một số.", NUMBER_HINT) from None


def _ungroup(whole: str, separator: str, raw: str) -> str:
    """Digits of a number written with thousands separators; refuse misplaced ones."""
    groups = whole.split(separator)
    first, rest = groups[0], groups[1:]
    if not (1 <= len(first) <= 3 and first.isdigit()) or any(
        len(group) != 3 or not group.isdigit() for group in rest
    ):
        raise AnswerError(
            f"“{raw}”: dấu ngăn hàng nghìn phải cách nhau đúng 3 chữ số.", NUMBER_HINT
        )
    return "".join(groups)


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{2,4})", re.IGNORECASE)
DATE_HINT = "Gõ ngày/tháng/năm, ví dụ 12/12/2023 (hoặc 12-12-2023, 2023-12-12)."


def parse_date(text: str) -> date:
    """A date as typed: "12/12/2023", "12-12-2023", "12.12.2023", "2023-12-12",
    "ngày 12 tháng 12 năm 2023". The year must have four digits."""
    raw = unicodedata.normalize("NFC", text.strip())
    match = _YMD.fullmatch(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        year_text = match.group(1)
    else:
        match = _DMY.fullmatch(raw) or _WORDS.fullmatch(raw)
        if match is None:
            raise AnswerError(f"“{raw}” không phải là một ngày.", DATE_HINT)
        day, month, year = (int(g) for g in match.groups())
        year_text = match.group(3)
    if len(year_text) != 4:
        raise AnswerError(f"“{raw}”: năm phải viết đủ 4 chữ số (ví dụ 2023).", DATE_HINT)
    if year < 1:  # date() and calendar stop at year 1: "0000" is no year
        raise AnswerError(f"“{raw}” không phải là một ngày có thật: không có năm {year_text}.", DATE_HINT)
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


_GROUPED_INTEGER = re.compile(r"[+-]?\d{1,3}(?:[.\s\u00a0\u202f]\d{3})+")


def ungroup_integer(text: str) -> str:
    """"540.000" or "540 000" → "540000" for whole-number fields (money, document numbers).

    A whole number has no decimal part, so a dot there can only group thousands (unlike
    :func:`parse_number`, which must refuse "1.520" as ambiguous). Anything else is returned
    as typed, for the field type to judge.
    """
    stripped = text.strip()
    if _GROUPED_INTEGER.fullmatch(stripped):
        return re.sub(r"[.\s\u00a0\u202f]", "", stripped)
    return stripped
