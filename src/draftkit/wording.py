"""Vietnamese wording rules for official documents, as pure functions.

Dates, numbers, percentages, money in words, document numbers, list markers and header
lines follow NĐ 30/2020/NĐ-CP (state documents) and HD 36-HD/VPTW (Party documents); see
``shared/reference/vn-document-rules.md`` §1.3, §1.4 and §5.1–5.4.

Every function here is pure and raises :class:`ValueError` (or :class:`TypeError` for a
wrong type) on input it cannot word; callers validate user input and turn those into
:class:`draftkit.errors.DraftkitError` with a Vietnamese message. Reading numbers typed
the Vietnamese way (:func:`read_quantity`) is the exception that speaks to the clerk: its
:class:`NumberFormatError` carries the Vietnamese message and hint that the interview and
data-file validation both show.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import TypeAlias

__all__ = [
    "NUMBER_HINT",
    "Number",
    "NumberFormatError",
    "agency_lines",
    "change_cell",
    "change_phrase",
    "count_phrase",
    "document_number",
    "format_date",
    "format_number",
    "format_percent",
    "indicator_sentence",
    "is_rate",
    "looks_lower_is_better",
    "lower_first",
    "money_figure",
    "money_words",
    "number_words",
    "pad2",
    "place_date",
    "plan_cell",
    "quantity",
    "read_number",
    "read_quantity",
    "recipient_lines",
    "roman",
    "sentence_case_first",
    "target_met",
    "target_phrase",
    "targets_summary",
    "vi_letter",
]

Number: TypeAlias = int | float | Decimal | str
"""Anything a figure may arrive as: data files give ints, floats or numeric strings."""

# The default decimal context has 28 digits, which is too few to quantize large money
# sums with two decimals without InvalidOperation; 60 digits covers any realistic figure.
_CTX = Context(prec=60, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- integers


def _require_int(n: object, name: str) -> int:
    # bool is an int subclass; True would otherwise be worded as "một" without complaint.
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"{name} must be an int, got {type(n).__name__}")
    return n


def pad2(n: int) -> str:
    """Write a non-negative integer with at least two digits: 5 → "05", 125 → "125"."""
    n = _require_int(n, "n")
    if n < 0:
        raise ValueError(f"pad2 needs a non-negative integer, got {n}")
    return f"{n:02d}"


# ------------------------------------------------------------------------------ dates


def format_date(d: date) -> str:
    """Official long date: "ngày 05 tháng 01 năm 2024", "ngày 29 tháng 6 năm 2019".

    Days below 10 and the months 1 and 2 get a leading zero; months 3–12 do not
    (NĐ 30 Phụ lục I II.4.b).
    """
    month = pad2(d.month) if d.month <= 2 else str(d.month)
    return f"ngày {pad2(d.day)} tháng {month} năm {d.year}"


def place_date(place: str, d: date) -> str:
    """Place-and-date line: "Ngọc Lặc, ngày 05 tháng 01 năm 2024"."""
    place = place.strip()
    if not place:
        raise ValueError("place must not be empty")
    return f"{place}, {format_date(d)}"


# ---------------------------------------------------------------------------- numbers


def _to_decimal(value: Number) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a number is expected, got bool")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # str() gives the shortest repr, so 50.24 stays 50.24 instead of 50.2399999…
        result = Decimal(str(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    else:
        raise TypeError(f"a number is expected, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def _round(d: Decimal, decimals: int) -> Decimal:
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=_CTX)


def _strip_zeros(d: Decimal) -> Decimal:
    # normalize() alone would turn 1500 into 1.5E+3; integers are quantized instead.
    if d == d.to_integral_value(context=_CTX):
        return d.quantize(Decimal(1), context=_CTX)
    return d.normalize(context=_CTX)


def _render(d: Decimal) -> str:
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    if frac:
        out += "," + frac
    # A value that rounds to zero must not print as "-0".
    if d < 0 and d != 0:
        out = "-" + out
    return out


def format_number(value: Number, decimals: int | None = None) -> str:
    """Vietnamese figure: thousands dot, decimal comma: 1520.4 → "1.520,4".

    ``decimals=None`` keeps the value's own fractional digits minus trailing zeros
    (50.10 → "50,1", 1500.0 → "1.500"). ``decimals=n`` rounds half up and shows exactly
    ``n`` fractional digits (5.2849 → "5,28", 5.2 → "5,20"), as a table column needs.
    Years and document numbers must not be passed here: they take no separator.
    """
    d = _to_decimal(value)
    d = _strip_zeros(d) if decimals is None else _round(d, decimals)
    return _render(d)


def format_percent(value: Number, decimals: int = 2) -> str:
    """Percentage with the sign attached: "5,28%", "101,36%"; whole values drop ",00"."""
    d = _strip_zeros(_round(_to_decimal(value), decimals))
    return _render(d) + "%"


RATE_UNIT = "%"
HIGHER, LOWER = "higher", "lower"


def is_rate(unit: str | None) -> bool:
    """Whether an indicator is a rate (unit "%"), whose changes are in "điểm phần trăm"."""
    return (unit or "").strip() == RATE_UNIT


def quantity(value: Number, unit: str | None) -> str:
    """A figure with its unit: "2,1%" (the sign sticks), "1.520,4 tỷ đồng", "18"."""
    unit = (unit or "").strip()
    figure = format_number(value)
    if not unit:
        return figure
    return figure + unit if unit == RATE_UNIT else f"{figure} {unit}"


def _points(d: Decimal) -> str:
    """A difference of rates, rounded to two decimals: "1,3", "0,05"."""
    return format_number(_strip_zeros(_round(d, 2)))


def change_phrase(value: Number, previous: Number, *, rate: bool = False, unit: str | None = None) -> str:
    """Change against the same period last year: "tăng 5,28% so với cùng kỳ".

    A rate (``rate=True``, unit "%") changes in percentage points, as statisticians write
    it: 3,4% → 2,1% is "giảm 1,3 điểm phần trăm so với cùng kỳ", never "giảm 38,24%".
    Only equal figures are "bằng cùng kỳ"; a change too small for two decimals is "tăng
    không đáng kể" (a rate: its exact points), so that the sentence never says "bằng" of
    figures the plan comparison then tells apart. Against a negative figure (a loss) a
    percentage misleads ("giảm 100%" of a loss that doubled): the change is given in the
    figure's own unit, "giảm 10 tỷ đồng so với cùng kỳ".
    """
    v = _to_decimal(value)
    p = _to_decimal(previous)
    diff = _CTX.subtract(v, p)
    if diff == 0:
        return "bằng cùng kỳ"
    verb = "tăng" if diff > 0 else "giảm"
    if rate:
        points = _round(abs(diff), 2)
        shown = format_number(_strip_zeros(abs(diff))) if points == 0 else _points(points)
        return f"{verb} {shown} điểm phần trăm so với cùng kỳ"
    if p == 0:
        raise ValueError("previous must not be zero: no percentage change against zero")
    if p < 0:
        return f"{verb} {quantity(abs(diff), unit)} so với cùng kỳ"
    pct = _round(_CTX.multiply(_CTX.divide(abs(diff), p), Decimal(100)), 2)
    if pct == 0:
        return f"{verb} không đáng kể so với cùng kỳ"
    return f"{verb} {format_percent(pct)} so với cùng kỳ"


def _check_better(better: str) -> None:
    if better not in (HIGHER, LOWER):
        raise ValueError(f"better must be {HIGHER!r} or {LOWER!r}, got {better!r}")


def target_met(value: Number, target: Number, better: str = HIGHER) -> bool:
    """Whether the plan is reached ("đạt và vượt"): at or above it, or at or below it when
    lower is better (a poverty rate, a number of accidents)."""
    _check_better(better)
    v, t = _to_decimal(value), _to_decimal(target)
    return v <= t if better == LOWER else v >= t


def _share_of_plan(v: Decimal, t: Decimal) -> Decimal:
    """Share of the plan in %, two decimals, never rounded across 100%.

    99,999% of the plan is not the plan: it prints "99,99%", so that the sentence agrees
    with the count of indicators reached; 100,001% prints "100,01%".
    """
    pct = _round(_CTX.multiply(_CTX.divide(v, t), Decimal(100)), 2)
    hundred = Decimal(100)
    if v < t and pct >= hundred and t > 0:
        return Decimal("99.99")
    if v > t and pct <= hundred and t > 0:
        return Decimal("100.01")
    return pct


def target_phrase(
    value: Number, target: Number, unit: str | None = None, *, better: str = HIGHER
) -> str:
    """The result against the plan.

    A figure where more is better reads as a share of the plan: "đạt 101,36% kế hoạch".
    A rate (unit "%") or a figure where less is better is compared, never divided: a
    share of a rate, or "đạt 84% kế hoạch" for a poverty rate below its ceiling, would
    mislead. It reads "vượt kế hoạch (kế hoạch 2,5%)", "đạt kế hoạch" when equal, or
    "chưa đạt kế hoạch (kế hoạch 96%)".
    """
    _check_better(better)
    v = _to_decimal(value)
    t = _to_decimal(target)
    if better == HIGHER and not is_rate(unit) and t > 0 and v >= 0:
        return f"đạt {format_percent(_share_of_plan(v, t))} kế hoạch"
    # A share of a negative or zero plan (a loss to keep under a ceiling) would read
    # "đạt 150% kế hoạch" of a plan missed: such figures are compared, as rates are.
    if v == t:
        return "đạt kế hoạch"
    plan = f"(kế hoạch {quantity(t, unit)})"
    if target_met(v, t, better):
        return f"vượt kế hoạch {plan}"
    return f"chưa đạt kế hoạch {plan}"


def indicator_sentence(
    label: str,
    value: Number,
    unit: str | None,
    previous: Number | None = None,
    target: Number | None = None,
    better: str = HIGHER,
) -> str:
    """One report sentence for an indicator.

    "Giá trị sản xuất đạt 1.520,4 tỷ đồng, tăng 5,28% so với cùng kỳ, đạt 101,36% kế hoạch."
    "Tỷ lệ hộ nghèo còn 2,1%, giảm 1,3 điểm phần trăm so với cùng kỳ, vượt kế hoạch (kế
    hoạch 2,5%)." A figure where less is better is not "đạt" (reached) but "còn" (down to)
    when it fell, and "là" otherwise. The label is used verbatim: it may hold proper names
    and quotes the clerk typed.
    """
    _check_better(better)
    verb = "đạt"
    if better == LOWER:
        fell = previous is not None and _to_decimal(value) < _to_decimal(previous)
        verb = "còn" if fell else "là"
    parts = [f"{label} {verb} {quantity(value, unit)}"]
    if previous is not None:
        parts.append(change_phrase(value, previous, rate=is_rate(unit), unit=unit))
    if target is not None:
        parts.append(target_phrase(value, target, unit, better=better))
    return ", ".join(parts) + "."


def change_cell(value: Number, previous: Number | None, unit: str | None) -> str:
    """The "so với cùng kỳ" cell of an indicator table: "Tăng 5,28%", "Giảm 1,3 điểm phần
    trăm", "Bằng cùng kỳ"; "-" when there is no figure of last year."""
    if previous is None:
        return "-"
    phrase = change_phrase(value, previous, rate=is_rate(unit), unit=unit).removesuffix(" so với cùng kỳ")
    return sentence_case_first(phrase)


def plan_cell(value: Number, target: Number | None, unit: str | None, better: str = HIGHER) -> str:
    """The "so với kế hoạch" cell: "Đạt 101,36%" where a share of the plan is meaningful,
    otherwise "Vượt", "Đạt" or "Chưa đạt" (the plan is in its own column); "-" without a plan."""
    if target is None:
        return "-"
    phrase = target_phrase(value, target, unit, better=better)
    if phrase.endswith("% kế hoạch"):
        return sentence_case_first(phrase.removesuffix(" kế hoạch"))
    if phrase.startswith("vượt"):
        return "Vượt"
    return "Chưa đạt" if phrase.startswith("chưa đạt") else "Đạt"


# Words of figures that should fall (a poverty rate, accidents, offences), and words that
# turn such a figure into one that should rise ("tỷ lệ giảm nghèo", "số vụ ... bị triệt phá").
_FALLING_WORDS = (
    "hộ nghèo", "cận nghèo", "tái nghèo", "tai nạn", "vi phạm", "phạm pháp", "tội phạm",
    "ma túy", "ma tuý", "tử vong", "suy dinh dưỡng", "thất nghiệp", "cháy", "bỏ học",
    "ô nhiễm", "nợ đọng", "nợ xấu", "sinh con thứ ba",
)  # fmt: skip
_RISING_WORDS = ("giảm", "giải quyết", "xử lý", "triệt phá", "bắt giữ", "phòng", "chống", "khắc phục")


def looks_lower_is_better(label: str) -> bool:
    """Whether an indicator's name says that less is better ("Tỷ lệ hộ nghèo", "Số vụ tai
    nạn giao thông"), so that a missing ``better: lower`` deserves a warning. A guess for a
    warning only: the wording always follows ``better``."""
    text = " ".join(unicodedata.normalize("NFC", label).casefold().split())
    if any(word in text for word in _RISING_WORDS):
        return False
    return any(word in text for word in _FALLING_WORDS)


def targets_summary(results: list[tuple[str, bool]]) -> str:
    """The count that opens the results: "Có 19/21 chỉ tiêu đạt và vượt kế hoạch; 02 chỉ
    tiêu chưa đạt: tỷ lệ hộ nghèo, thu ngân sách."

    ``results`` holds (label, reached) for each indicator that has a target, in report
    order. Labels are named in lowercase after the colon, abbreviations kept.
    """
    if not results:
        raise ValueError("no indicator with a target")
    total = len(results)
    missed = [label.strip() for label, reached in results if not reached]
    met = total - len(missed)
    names = ", ".join(lower_first(label) for label in missed)
    if not missed:
        return f"Có {met}/{total} chỉ tiêu đạt và vượt kế hoạch."
    if met == 0:
        return f"Cả {count_phrase(total, 'chỉ tiêu')} đều chưa đạt kế hoạch: {names}."
    return (
        f"Có {met}/{total} chỉ tiêu đạt và vượt kế hoạch; "
        f"{count_phrase(len(missed), 'chỉ tiêu')} chưa đạt: {names}."
    )


# -------------------------------------------------------------------- reading numbers

NUMBER_HINT = "Dấu chấm ngăn hàng nghìn, dấu phẩy ngăn phần thập phân: 1.500; 1.520,4; 95,2%."


class NumberFormatError(ValueError):
    """Text that is not a number written the Vietnamese way; ``message`` and ``hint`` say
    why in Vietnamese, for the interview and for data-file messages alike."""

    def __init__(self, message: str, hint: str | None = NUMBER_HINT) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")
_PLAIN = re.compile(r"\d+(?:,\d+)?")
_SPACE_GROUPS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))")
_MAX_DIGITS = 40  # far beyond any real figure; keeps Decimal and the wording exact


def read_quantity(text: str) -> tuple[Decimal, str | None]:
    """A figure written the Vietnamese way, and "%" when it ends with one.

    "1.500" → 1500, "1.520,4" → 1520.4, "1 520,4" → 1520.4, "-3,5" → -3.5,
    "95,2%" → (95.2, "%"). The dot only groups thousands and the comma only marks the
    decimals, as in every Vietnamese document. Forms another habit would read otherwise
    are refused, never guessed: "1,500" (1,5 or 1.500?), "1.52" or "50.24" (an English
    decimal point), "1,500,000" (English grouping).
    """
    raw = unicodedata.normalize("NFC", text).strip()
    body = raw.replace("\u2212", "-")
    unit = None
    if body.endswith("%"):
        unit, body = RATE_UNIT, body[:-1].rstrip()
    sign = ""
    if body[:1] in ("-", "+"):
        sign, body = ("-" if body[0] == "-" else ""), body[1:].lstrip()
    # "1 520,4": a space between digit groups groups thousands, like the dot.
    if "." not in body:
        body = _SPACE_GROUPS.sub(".", body)
    if not body or not re.fullmatch(r"[0-9.,]+", body) or not any(c.isdigit() for c in body):
        raise NumberFormatError(f"“{raw}” không phải là một số.")
    if body.endswith((",", ".")):
        raise NumberFormatError(f"“{raw}” thiếu phần sau dấu phẩy.")
    if sum(c.isdigit() for c in body) > _MAX_DIGITS:
        raise NumberFormatError(f"“{raw}” có quá nhiều chữ số.", None)
    if _GROUPED.fullmatch(body) or _PLAIN.fullmatch(body):
        whole, _, fraction = body.partition(",")
        whole = whole.replace(".", "")
        if "." not in body and len(fraction) == 3 and len(whole) <= 3 and not whole.startswith("0"):
            # A decimal with three digits is still possible: "12,3450" says so.
            trimmed = fraction.rstrip("0")
            decimal = f"{whole},{trimmed}" if trimmed else whole
            typed = decimal if len(trimmed) < 3 else f"{decimal}0"
            raise NumberFormatError(
                f"“{raw}” chưa rõ là {whole}.{fraction} hay {decimal}.",
                f"Gõ {whole}.{fraction} nếu là {number_words(int(whole + fraction))}; "
                f"gõ {typed} nếu là số thập phân.",
            )
        return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"), unit
    if body.count(",") > 1 and "." not in body:
        fixed = body.replace(",", ".")
        raise NumberFormatError(
            f"“{raw}” viết dấu phẩy để ngăn hàng nghìn (kiểu tiếng Anh).",
            f"Viết kiểu Việt Nam: {fixed} (dấu chấm ngăn hàng nghìn).",
        )
    if "," in body and "." in body and body.rfind(".") > body.rfind(","):
        raise NumberFormatError(
            f"“{raw}” viết dấu chấm làm dấu thập phân (kiểu tiếng Anh).",
            "Viết kiểu Việt Nam: dấu chấm ngăn hàng nghìn, dấu phẩy ngăn phần thập phân "
            "(1.520,4).",
        )
    if body.count(".") == 1 and "," not in body:
        whole, _, fraction = body.partition(".")
        raise NumberFormatError(
            f"“{raw}” có dấu chấm nhưng không đúng cách ngăn hàng nghìn (3 chữ số).",
            f"Nếu là số thập phân, gõ {whole or '0'},{fraction}; dấu chấm chỉ dùng ngăn "
            "hàng nghìn (1.520).",
        )
    raise NumberFormatError(f"“{raw}”: dấu ngăn hàng nghìn phải cách nhau đúng 3 chữ số.")


def read_number(text: str) -> Decimal:
    """A figure written the Vietnamese way, without a unit: see :func:`read_quantity`."""
    value, unit = read_quantity(text)
    if unit is not None:
        raise NumberFormatError(f"“{text.strip()}” có dấu %, ở đây chỉ cần con số.")
    return value


# ----------------------------------------------------------------------- number words

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
# Below a billion the groups are read with these scale words; larger numbers repeat
# "tỷ" (1.000 tỷ = "một nghìn tỷ"), the usual formal reading.
_SCALES = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))


def _read_group(n: int, leading: bool) -> list[str]:
    """Words for 0 < n < 1000; a non-leading group always says its hundreds."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    said_hundreds = not leading or hundreds > 0
    if said_hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if said_hundreds:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens >= 2 else "một")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _read_below_billion(n: int, leading: bool) -> list[str]:
    words: list[str] = []
    for size, scale in _SCALES:
        group, n = divmod(n, size)
        if group == 0:
            continue  # all-zero groups are skipped: 1.000.500 = "một triệu năm trăm"
        words += _read_group(group, leading)
        if scale:
            words.append(scale)
        leading = False
    return words


def _read(n: int, leading: bool) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = [*_read(high, leading), "tỷ"]
        if low:
            words += _read_below_billion(low, leading=False)
        return words
    return _read_below_billion(n, leading)


def number_words(n: int) -> str:
    """Formal lowercase reading of a non-negative integer, as used for "bằng chữ".

    2025 → "hai nghìn không trăm hai mươi lăm"; 105 → "một trăm linh năm";
    1.050.000 → "một triệu không trăm năm mươi nghìn". "linh" (not "lẻ"), "nghìn" (not
    "ngàn") and "bốn" (not "tư") are used throughout.
    """
    n = _require_int(n, "n")
    if n < 0:
        raise ValueError(f"number_words needs a non-negative integer, got {n}")
    if n == 0:
        return "không"
    return " ".join(_read(n, leading=True))


def money_words(amount: int) -> str:
    """Amount in words for the parentheses after a figure: "Năm trăm bốn mươi nghìn đồng"."""
    amount = _require_int(amount, "amount")
    if amount < 0:
        raise ValueError(f"amount must not be negative, got {amount}")
    return sentence_case_first(number_words(amount)) + " đồng"


def money_figure(amount: int) -> str:
    """Amount in figures: "1.080.000 đồng"."""
    amount = _require_int(amount, "amount")
    if amount < 0:
        raise ValueError(f"amount must not be negative, got {amount}")
    return f"{format_number(amount)} đồng"


# ------------------------------------------------------------------ ordinals, markers

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """Roman numeral for 1..3999: the heading numbers "I.", "II." and "Phần IV"."""
    n = _require_int(n, "n")
    if not 1 <= n <= 3999:
        raise ValueError(f"roman numerals cover 1..3999, got {n}")
    out: list[str] = []
    for size, symbol in _ROMAN:
        count, n = divmod(n, size)
        out.append(symbol * count)
    return "".join(out)


VI_LETTERS = (
    *("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m"),
    *("n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"),
)


def vi_letter(index: int) -> str:
    """0-based letter of a "điểm": a, b, c, d, đ, e, g, … y (no f, j, w, z)."""
    index = _require_int(index, "index")
    if not 0 <= index < len(VI_LETTERS):
        raise ValueError(f"point letters cover 0..{len(VI_LETTERS) - 1}, got {index}")
    return VI_LETTERS[index]


def count_phrase(n: int, noun: str) -> str:
    """Count of people or units: "03 tập thể", "12 cá nhân", "1.250 lượt".

    Counts below 10 keep the two-digit habit of official texts; counts of a thousand or
    more are grouped like any other figure, since a count is not a document number.
    """
    n = _require_int(n, "n")
    if n < 0:
        raise ValueError(f"a count must not be negative, got {n}")
    figure = pad2(n) if n < 1000 else format_number(n)
    return f"{figure} {noun.strip()}"


# Six plain spaces leave room for the clerk to write the number by hand after signing.
_BLANK_NUMBER = " " * 6


def document_number(style: str, number: int | None, doc_code: str, issuer_code: str) -> str:
    """The "Số" line: state "Số: 05/QĐ-UBND", Party "Số 125-BC/HU".

    ``number=None`` leaves a six-space blank for the clerk. In the state style an empty
    ``doc_code`` gives the công văn form "Số: 12/UBND-VX", which has no type abbreviation;
    a Party number always has one.
    """
    doc_code = doc_code.strip()
    issuer_code = issuer_code.strip()
    if style not in ("state", "party"):
        raise ValueError(f"unknown style {style!r}: expected 'state' or 'party'")
    if not issuer_code:
        raise ValueError("issuer_code must not be empty")
    if number is None:
        figure = _BLANK_NUMBER
    else:
        number = _require_int(number, "number")
        if number < 1:
            raise ValueError(f"document numbers start at 1, got {number}")
        figure = " " + pad2(number)
    if style == "state":
        symbol = f"{doc_code}-{issuer_code}" if doc_code else issuer_code
        return f"Số:{figure}/{symbol}"
    if not doc_code:
        raise ValueError("a Party document number needs a doc_code")
    return f"Số{figure}-{doc_code}/{issuer_code}"


# ------------------------------------------------------------------------ list lines

# Word autocorrects a typed "-" into an en or em dash, so all three mark a bullet.
_BULLETS = "-–—+"
_TRAILING = ";.,"


def recipient_lines(items: list[str]) -> list[str]:
    """The "Nơi nhận" list: "- Như Điều 3;" … "- Lưu: VT, NV."

    Bullets and end punctuation the user typed are dropped first, so they never double
    up; a closing ")" is part of the text and stays. Blank items are skipped.
    """
    cleaned: list[str] = []
    for item in items:
        text = item.strip().lstrip(_BULLETS + " \t").rstrip(_TRAILING + " \t\r\n")
        if text:
            cleaned.append(text)
    last = len(cleaned) - 1
    return [f"- {text}{'.' if i == last else ';'}" for i, text in enumerate(cleaned)]


# ----------------------------------------------------------------------- header lines

_AGENCY_ONE_LINE_MAX = 24
_UNIT_WORDS = frozenset({"HUYỆN", "TỈNH", "XÃ", "QUẬN", "PHƯỜNG"})
_UNIT_PAIRS = frozenset({("THỊ", "TRẤN"), ("THỊ", "XÃ"), ("THÀNH", "PHỐ"), ("ĐẶC", "KHU")})


def _is_unit_start(keys: list[str], i: int) -> bool:
    """Whether an administrative-unit name ("HUYỆN NGỌC LẶC", "THỊ XÃ BỈM SƠN") begins at ``i``."""
    if tuple(keys[i : i + 2]) in _UNIT_PAIRS:
        return True
    if keys[i] not in _UNIT_WORDS:
        return False
    before = keys[i - 1] if i > 0 else ""
    after = keys[i + 1] if i + 1 < len(keys) else ""
    # "XÃ" is also a syllable of "xã hội" and "hợp tác xã", and the second half of
    # "thị xã"; none of those begins a unit name.
    return not (keys[i] == "XÃ" and (after == "HỘI" or before in ("TÁC", "THỊ")))


def _unit_starts(keys: list[str]) -> list[int]:
    """Word indexes (>= 1) where an administrative-unit name begins."""
    return [i for i in range(1, len(keys)) if _is_unit_start(keys, i)]


_COMMUNE_UNITS = ("XÃ", "PHƯỜNG", "THỊ TRẤN", "ĐẶC KHU")


def unit_of(text: str) -> tuple[str, str] | None:
    """The first administrative unit named in ``text`` (in capitals): its level and its name.

    "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC" → ("district", "HUYỆN NGỌC LẶC");
    "GIÁM ĐỐC TRUNG TÂM BẢO TRỢ XÃ HỘI HUYỆN NGỌC LẶC" → ("district", "HUYỆN NGỌC LẶC");
    "CHỦ TỊCH UBND PHƯỜNG BẮC SƠN THỊ XÃ BỈM SƠN" → ("commune", "PHƯỜNG BẮC SƠN THỊ XÃ BỈM SƠN").
    "HUYỆN ỦY" is a Party committee, not a unit. None when no unit is named.
    """
    keys = unicodedata.normalize("NFC", text).upper().split()
    for i in range(len(keys)):
        if _is_unit_start(keys, i) and not (i + 1 < len(keys) and keys[i + 1] in ("ỦY", "UỶ")):
            level = "commune" if " ".join(keys[i : i + 2]) in _COMMUNE_UNITS or keys[i] in _COMMUNE_UNITS else "district"
            return level, " ".join(keys[i:])
    return None


def unit_kind(text: str) -> str | None:
    """The kind of the first administrative unit named in ``text``, in lowercase.

    "CHỦ TỊCH UBND PHƯỜNG BẮC SƠN" → "phường"; "... THỊ XÃ BỈM SƠN" → "thị xã"; None when no
    unit is named.
    """
    found = unit_of(text)
    if found is None:
        return None
    words = found[1].split()
    return " ".join(words[:2] if tuple(words[:2]) in _UNIT_PAIRS else words[:1]).lower()


def agency_lines(name: str) -> str:
    """Split an agency name in caps into the two header lines, joined with "\\n".

    "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC" → "ỦY BAN NHÂN DÂN\\nHUYỆN NGỌC LẶC". Names of at most
    24 characters stay on one line; a name the user already broke is kept as typed.
    Only the spaces change (runs collapse to one, the break replaces one); letters never.
    """
    if "\n" in name:
        return name
    words = name.split()
    joined = " ".join(words)
    if len(unicodedata.normalize("NFC", joined)) <= _AGENCY_ONE_LINE_MAX:
        return joined
    keys = [unicodedata.normalize("NFC", w).upper() for w in words]
    starts = _unit_starts(keys)
    if starts:
        cut = starts[-1]
        return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
    if len(words) < 2:
        return joined
    # Break at the space that keeps the longer line shortest; ties go to the earlier space.
    best = min(
        range(1, len(words)),
        key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))),
    )
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


# --------------------------------------------------------------------------- casing


def _first_alnum(s: str) -> int:
    for i, ch in enumerate(s):
        if ch.isalnum():
            return i
    return -1


def sentence_case_first(s: str) -> str:
    """Capitalise the first letter only ("về công tác …" → "Về công tác …").

    Leading spaces, quotes and brackets are skipped; a text that starts with a digit is
    left alone.
    """
    i = _first_alnum(s)
    if i < 0 or not s[i].isalpha():
        return s
    return s[:i] + s[i].upper() + s[i + 1 :]


_ALWAYS_CAPITALISED = ("Nhà nước", "Nhân dân")


def lower_first(s: str) -> str:
    """Lowercase the first letter only, for Party trích yếu ("Tổng kết …" → "tổng kết …").

    A first word with two or more capitals is an abbreviation ("UBND", "QP-AN", "HĐND",
    "TTr") and is kept as written; so are the words NĐ 30 Phụ lục II always capitalises
    ("Đảng", "Nhà nước", "Nhân dân").
    """
    i = _first_alnum(s)
    if i < 0 or not s[i].isalpha():
        return s
    end = i
    while end < len(s) and not s[end].isspace():
        end += 1
    if sum(1 for ch in s[i:end] if ch.isupper()) >= 2:
        return s
    first_two = " ".join(s[i:].split()[:2])
    if s[i:end].strip(",.;:") == "Đảng" or first_two.startswith(_ALWAYS_CAPITALISED):
        return s
    return s[:i] + s[i].lower() + s[i + 1 :]


# Phrases of an authority line written in capitals, as they read inside a sentence
# (NĐ 30 Phụ lục II: organisation words capitalised, administrative-unit words not).
_PHRASES_IN_TEXT = (
    ("ỦY BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("UỶ BAN NHÂN DÂN", "Uỷ ban nhân dân"),
    ("HỘI ĐỒNG NHÂN DÂN", "Hội đồng nhân dân"),
    ("BAN THƯỜNG VỤ", "Ban Thường vụ"),
    ("BAN CHẤP HÀNH", "Ban Chấp hành"),
    ("BAN CHỈ ĐẠO", "Ban Chỉ đạo"),
    ("CHỦ TỊCH", "Chủ tịch"),
    ("GIÁM ĐỐC", "Giám đốc"),
    ("TRƯỞNG BAN", "Trưởng ban"),
    ("BÍ THƯ", "Bí thư"),
    ("HUYỆN ỦY", "Huyện ủy"),
    ("HUYỆN UỶ", "Huyện uỷ"),
    ("TỈNH ỦY", "Tỉnh ủy"),
    ("ĐẢNG ỦY", "Đảng ủy"),
    ("ĐẢNG BỘ", "Đảng bộ"),
    ("THỊ TRẤN", "thị trấn"),
    ("THỊ XÃ", "thị xã"),
    ("THÀNH PHỐ", "thành phố"),
    ("HUYỆN", "huyện"),
    ("TỈNH", "tỉnh"),
    ("QUẬN", "quận"),
    ("PHƯỜNG", "phường"),
    ("XÃ", "xã"),
    ("SỞ", "Sở"),
    ("PHÒNG", "Phòng"),
)
_ABBREVIATIONS = frozenset({"UBND", "HĐND", "MTTQ", "QP-AN", "BCH"})
_OFFICE_WORDS = frozenset({"Sở", "Phòng"})


def authority_in_text(authority: str) -> str:
    """An authority line in capitals as it reads in a sentence.

    "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC" → "Chủ tịch Ủy ban nhân dân huyện Ngọc Lặc".
    Known organisation words take their official case, unit words go lowercase, and what
    is left (the proper name) is capitalised syllable by syllable; text that is not all
    capitals is returned unchanged.
    """
    text = " ".join(authority.split())
    if text == text.lower():  # typed all in lowercase: the case says nothing, read it as capitals
        text = upper_vi(text)
    if text != text.upper():
        return text
    words = text.split(" ")
    out: list[str] = []
    # After "Sở"/"Phòng" comes an office name ("Sở Nội vụ": one capital); after a unit
    # word, a place name ("huyện Ngọc Lặc": every syllable capitalised).
    office_name = first_of_name = False
    i = 0
    while i < len(words):
        for caps, written in _PHRASES_IN_TEXT:
            size = caps.count(" ") + 1
            if " ".join(words[i : i + size]) == caps:
                out.append(written)
                office_name = written in _OFFICE_WORDS
                first_of_name = True
                i += size
                break
        else:
            word = words[i]
            if word in _ABBREVIATIONS or is_abbreviation(word):
                out.append(word)
            elif office_name and not first_of_name:
                out.append(word.lower())
            else:
                out.append(word[:1] + word[1:].lower())
            first_of_name = False
            i += 1
    result = " ".join(out)
    return result[:1].upper() + result[1:]


# Words that start the name of a place where people work ("xã Ngọc Trung", "thôn Minh
# Thành"): a position is followed by its place with a space, as clerks write it.
_PLACE_WORDS = (
    "thị trấn", "thị xã", "thành phố", "tổ dân phố", "khu phố",
    "xã", "phường", "huyện", "quận", "tỉnh", "thôn", "bản", "làng", "ấp", "khu", "tổ", "xóm",
)  # fmt: skip


NO_BREAK_SPACE = "\u00a0"
# Units whose name follows them in a sentence ("huyện Nam Đàn", "thị trấn Ngọc Lặc").
_TITLE_UNITS = (
    "thị trấn", "thị xã", "thành phố", "đặc khu", "tổ dân phố", "khu phố",
    "xã", "phường", "huyện", "quận", "tỉnh", "thôn", "làng", "ấp", "xóm",
)  # fmt: skip  ("bản" is left out: "văn bản Luật ..." is no place)
_UNIT_SIZES = sorted({unit.count(" ") + 1 for unit in _TITLE_UNITS}, reverse=True)


def _starts_name(word: str) -> bool:
    return word[:1].isupper() or word.rstrip(",.;:)").isdigit()


def keep_place_names(text: str) -> str:
    """A composed title with each unit's name kept on one line: the spaces inside "huyện Nam
    Đàn" (the unit word and the words of its name) become no-break spaces (U+00A0), so that
    Word and LibreOffice never break "huyện Nam / Đàn". Only those spaces change.

    A name is the run of capitalised words (or a number: "phường 3") after a unit word
    written in lowercase, as units read inside a sentence, up to a punctuation mark:
    "Ủy ban nhân dân huyện Nam Đàn" → "Ủy ban nhân dân huyện\u00a0Nam\u00a0Đàn". "xã hội",
    "huyện ủy" and "Xã ..." at the start of a title are left alone.
    """
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        size = next(
            (n for n in _UNIT_SIZES if " ".join(words[i : i + n]) in _TITLE_UNITS and i + n < len(words)),
            0,
        )
        if not size or not _starts_name(words[i + size]):
            out.append(words[i])
            i += 1
            continue
        end = i + size
        while end < len(words) and _starts_name(words[end]):
            end += 1
            if words[end - 1][-1:] in ",.;:)":
                break  # "xã Ngọc Trung, huyện Ngọc Lặc": two names
        out.append(NO_BREAK_SPACE.join(words[i:end]))
        i = end
    return " ".join(out)


def position_and_unit(position: str | None, unit: str | None) -> str:
    """Chức vụ and đơn vị as one phrase, the way a list or a certificate reads them.

    "Trưởng Công an xã" + "xã Quang Trung" → "Trưởng Công an xã Quang Trung" (the unit word
    is not said twice); "Bí thư Chi bộ" + "thôn Minh Thành, xã Minh Tiến" → "Bí thư Chi bộ
    thôn Minh Thành, xã Minh Tiến". Both parts are kept as typed otherwise.
    """
    if not position or not unit:
        return position or unit or ""
    lowered = unit.lower()
    for word in _PLACE_WORDS:
        if lowered == word or lowered.startswith(word + " "):
            if position.lower().endswith(" " + word) or position.lower() == word:
                return f"{position} {unit[len(word) + 1 :]}".rstrip()
            return f"{position} {unit}"
    # An office or organisation: "Chuyên viên" + "Phòng Nội vụ huyện".
    return f"{position} {unit}" if unit[:1].isupper() else f"{position}, {unit}"


def addressee_text(names: list[str]) -> str:
    """What follows "Kính gửi:" (NĐ 30 Phụ lục I, ô 9a): one addressee on the same line,
    several one per line with "- ", ";" after each and "." after the last."""
    names = [n for n in names if n.strip()]
    if len(names) == 1:
        return names[0].strip().rstrip(";.,") + "."
    return "\n".join(recipient_lines(names))


# ------------------------------------------------------------------------- capitals


def upper_vi(text: str) -> str:
    """Text in capitals, as NĐ 30 and HD 36 print agency names, authority lines and titles.

    Every letter is capitalised with its marks kept, "đ" included: "ủy ban nhân dân xã
    đông sơn" → "ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN"; "tm. ủy ban nhân dân" → "TM. ỦY BAN NHÂN
    DÂN"; "t/m ban thường vụ" → "T/M BAN THƯỜNG VỤ". Only the case changes: spaces, line
    breaks, punctuation and the Unicode form (NFC or NFD) stay as typed.
    """
    return text.upper()


def is_abbreviation(word: str) -> bool:
    """Whether a word in capitals is an abbreviation that no syllable can be read from.

    A Vietnamese syllable always has a vowel, so a capital word without one ("THCS",
    "HĐND", "GD&ĐT", "XDCS") is an abbreviation and keeps its capitals inside a sentence.
    """
    letters = [c for c in unicodedata.normalize("NFD", word) if c.isalpha()]
    return len(letters) >= 2 and word == word.upper() and not any(c.upper() in "AEIOUY" for c in letters)
