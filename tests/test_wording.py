"""Specification of the Vietnamese wording rules (draftkit.wording).

Every expected string below was written by hand from NĐ 30/2020 and the notes in
shared/reference/vn-document-rules.md (§1.3, §1.4, §5.1–5.4); none is computed with the
function under test. A clerk should be able to read each table and agree with it.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal

import pytest

from draftkit.wording import (
    Number,
    agency_lines,
    authority_in_text,
    change_phrase,
    count_phrase,
    document_number,
    format_date,
    format_number,
    format_percent,
    indicator_sentence,
    lower_first,
    money_figure,
    money_words,
    number_words,
    pad2,
    place_date,
    position_and_unit,
    recipient_lines,
    roman,
    sentence_case_first,
    target_phrase,
    unit_kind,
    unit_of,
    vi_letter,
)

# ------------------------------------------------------------------------------ pad2


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "00"),
        (1, "01"),
        (5, "05"),
        (9, "09"),
        (10, "10"),
        (99, "99"),
        (125, "125"),
        (1250, "1250"),  # document numbers never take a thousands dot
    ],
)
def test_pad2(n: int, expected: str) -> None:
    assert pad2(n) == expected


def test_pad2_rejects_negative() -> None:
    with pytest.raises(ValueError):
        pad2(-1)


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        (date(2023, 12, 15), "ngày 15 tháng 12 năm 2023"),
        (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (date(2020, 2, 9), "ngày 09 tháng 02 năm 2020"),
        (date(2023, 12, 9), "ngày 09 tháng 12 năm 2023"),
        (date(2023, 3, 1), "ngày 01 tháng 3 năm 2023"),  # month 3: no zero
        (date(2023, 9, 10), "ngày 10 tháng 9 năm 2023"),
        (date(2023, 10, 10), "ngày 10 tháng 10 năm 2023"),
        (date(2023, 11, 30), "ngày 30 tháng 11 năm 2023"),
        (date(2024, 1, 31), "ngày 31 tháng 01 năm 2024"),
        (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (datetime(2024, 1, 10, 8, 30), "ngày 10 tháng 01 năm 2024"),  # time is ignored
    ],
)
def test_format_date(d: date, expected: str) -> None:
    assert format_date(d) == expected


@pytest.mark.parametrize(
    ("place", "d", "expected"),
    [
        ("Ngọc Lặc", date(2024, 1, 5), "Ngọc Lặc, ngày 05 tháng 01 năm 2024"),
        ("Ngọc Lặc", date(2023, 12, 15), "Ngọc Lặc, ngày 15 tháng 12 năm 2023"),
        ("Hạ Long", date(2018, 2, 20), "Hạ Long, ngày 20 tháng 02 năm 2018"),
        ("Quận 1", date(2023, 6, 29), "Quận 1, ngày 29 tháng 6 năm 2023"),
        ("  Thanh Hóa ", date(2023, 12, 9), "Thanh Hóa, ngày 09 tháng 12 năm 2023"),
    ],
)
def test_place_date(place: str, d: date, expected: str) -> None:
    assert place_date(place, d) == expected


def test_place_date_rejects_empty_place() -> None:
    with pytest.raises(ValueError):
        place_date("  ", date(2024, 1, 5))


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1520.4, None, "1.520,4"),
        (50.24, None, "50,24"),
        (1080000, None, "1.080.000"),
        (18, None, "18"),
        (0, None, "0"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (1500, None, "1.500"),  # "1.500 tỷ đồng": grouped from 1.000 upward
        (10**15, None, "1.000.000.000.000.000"),
        (-1234.5, None, "-1.234,5"),
        (-7, None, "-7"),
        # decimals=None keeps the value's own digits, minus trailing zeros
        (50.10, None, "50,1"),
        (1500.0, None, "1.500"),
        (0.0, None, "0"),
        (-0.0, None, "0"),
        (Decimal("50.10"), None, "50,1"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("1234567.891"), None, "1.234.567,891"),
        ("1520.40", None, "1.520,4"),
        (" 7 ", None, "7"),
        # decimals=n rounds half up and shows exactly n digits
        (5.2849, 2, "5,28"),
        (5.2, 2, "5,20"),
        (0.125, 2, "0,13"),  # half up, not banker's rounding (which gives 0,12)
        (2.675, 2, "2,68"),  # the float goes through str(), so no binary noise (2,67)
        (1234.5, 0, "1.235"),
        (1234.4, 0, "1.234"),
        (-1234.55, 1, "-1.234,6"),
        (-0.001, 2, "0,00"),  # a value that rounds to zero has no minus sign
        (18, 1, "18,0"),
    ],
)
def test_format_number(value: Number, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    "value",
    ["abc", "1.520,4", "", float("nan"), float("inf"), Decimal("NaN"), "Infinity"],
)
def test_format_number_rejects_non_numbers(value: Number) -> None:
    with pytest.raises(ValueError):
        format_number(value)


@pytest.mark.parametrize("value", [True, None, [1]])
def test_format_number_rejects_wrong_types(value: object) -> None:
    with pytest.raises(TypeError):
        format_number(value)  # type: ignore[arg-type]


def test_format_number_rejects_negative_decimals() -> None:
    with pytest.raises(ValueError):
        format_number(1.5, -1)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (5.28, 2, "5,28%"),
        (5.2849, 2, "5,28%"),
        (101.36, 2, "101,36%"),
        (100, 2, "100%"),
        (Decimal("100.00"), 2, "100%"),
        (5.50, 2, "5,5%"),
        (99.999, 2, "100%"),
        (28.77, 2, "28,77%"),
        (0, 2, "0%"),
        (1234.5, 2, "1.234,5%"),
        (-3.456, 2, "-3,46%"),
        (28.77, 1, "28,8%"),
        (5.5, 0, "6%"),
        ("52.5", 2, "52,5%"),
    ],
)
def test_format_percent(value: Number, decimals: int, expected: str) -> None:
    assert format_percent(value, decimals) == expected


def test_format_percent_defaults_to_two_decimals() -> None:
    assert format_percent(30.769230) == "30,77%"


@pytest.mark.parametrize(
    ("value", "previous", "expected"),
    [
        (1520.4, 1444.2, "tăng 5,28% so với cùng kỳ"),  # 76,2 / 1.444,2 = 5,276…%
        (18, 26, "giảm 30,77% so với cùng kỳ"),  # 8 / 26 = 30,769…%
        (26, 18, "tăng 44,44% so với cùng kỳ"),  # 8 / 18 = 44,444…%
        (110, 100, "tăng 10% so với cùng kỳ"),
        (90, 100, "giảm 10% so với cùng kỳ"),
        (200, 100, "tăng 100% so với cùng kỳ"),
        (0, 100, "giảm 100% so với cùng kỳ"),
        (100, 100, "bằng cùng kỳ"),
        (Decimal("50.24"), Decimal("50.240"), "bằng cùng kỳ"),
        (100.005, 100, "tăng 0,01% so với cùng kỳ"),  # 0,005% rounds half up
        (100.001, 100, "tăng không đáng kể so với cùng kỳ"),  # 0,001%: no "tăng 0%", no "bằng"
        (99.999, 100, "giảm không đáng kể so với cùng kỳ"),
        (-5, -10, "tăng 5 so với cùng kỳ"),  # against a loss: the change itself, not a share
        (-20, -10, "giảm 10 so với cùng kỳ"),  # a loss that doubled is not "giảm 100%"
        (5, -10, "tăng 15 so với cùng kỳ"),
    ],
)
def test_change_phrase(value: Number, previous: Number, expected: str) -> None:
    assert change_phrase(value, previous) == expected


@pytest.mark.parametrize(
    ("value", "previous", "unit", "rate", "expected"),
    [
        (-20, -10, "tỷ đồng", False, "giảm 10 tỷ đồng so với cùng kỳ"),
        (Decimal("95.004"), 95, "%", True, "tăng 0,004 điểm phần trăm so với cùng kỳ"),
        (Decimal("2.996"), 3, "%", True, "giảm 0,004 điểm phần trăm so với cùng kỳ"),
    ],
)
def test_change_phrase_with_its_unit(value: Number, previous: Number, unit: str, rate: bool, expected: str) -> None:
    assert change_phrase(value, previous, rate=rate, unit=unit) == expected


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        # A negative or zero plan is compared, never divided: "đạt 150%" of a missed
        # ceiling on a loss would contradict the count of targets reached.
        (-15, -10, "chưa đạt kế hoạch (kế hoạch -10 tỷ đồng)"),
        (-5, -10, "vượt kế hoạch (kế hoạch -10 tỷ đồng)"),
        (5, -10, "vượt kế hoạch (kế hoạch -10 tỷ đồng)"),
        (-5, 10, "chưa đạt kế hoạch (kế hoạch 10 tỷ đồng)"),
        (3, 0, "vượt kế hoạch (kế hoạch 0 tỷ đồng)"),
    ],
)
def test_target_phrase_of_a_plan_at_or_below_zero(value: Number, target: Number, expected: str) -> None:
    from draftkit.wording import target_met, target_phrase

    assert target_phrase(value, target, "tỷ đồng") == expected
    assert ("chưa đạt" not in expected) == target_met(value, target)


@pytest.mark.parametrize("previous", [0, 0.0, Decimal("0.00"), "0"])
def test_change_phrase_rejects_zero_previous(previous: Number) -> None:
    with pytest.raises(ValueError):
        change_phrase(10, previous)


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (1520.4, 1500, "đạt 101,36% kế hoạch"),
        (1500, 1500, "đạt 100% kế hoạch"),
        (37, 37, "đạt 100% kế hoạch"),
        (750, 1000, "đạt 75% kế hoạch"),
        (1, 3, "đạt 33,33% kế hoạch"),
        (2, 3, "đạt 66,67% kế hoạch"),
        (0, 50, "đạt 0% kế hoạch"),
    ],
)
def test_target_phrase(value: Number, target: Number, expected: str) -> None:
    assert target_phrase(value, target) == expected


def test_target_phrase_compares_against_a_zero_target() -> None:
    assert target_phrase(10, 0) == "vượt kế hoạch (kế hoạch 0)"  # never a share of zero


@pytest.mark.parametrize(
    ("label", "value", "unit", "previous", "target", "expected"),
    [
        (
            "Thu nhập bình quân đầu người",
            50.24,
            "triệu đồng",
            None,
            None,
            "Thu nhập bình quân đầu người đạt 50,24 triệu đồng.",
        ),
        (
            "Giá trị sản xuất",
            1520.4,
            "tỷ đồng",
            1444.2,
            1500,
            "Giá trị sản xuất đạt 1.520,4 tỷ đồng, tăng 5,28% so với cùng kỳ,"
            " đạt 101,36% kế hoạch.",
        ),
        ("Số hộ nghèo", 18, None, None, None, "Số hộ nghèo đạt 18."),
        ("Số hộ nghèo", 18, "", None, None, "Số hộ nghèo đạt 18."),
        (
            "Mô hình “Dân vận khéo” đăng ký và triển khai thực hiện",
            18,
            "mô hình",
            None,
            None,
            "Mô hình “Dân vận khéo” đăng ký và triển khai thực hiện đạt 18 mô hình.",
        ),
        (
            "Số vụ vi phạm",
            18,
            "vụ",
            26,
            None,
            "Số vụ vi phạm đạt 18 vụ, giảm 30,77% so với cùng kỳ.",
        ),
        (
            "Công tác tuyển quân",
            37,
            "tân binh",
            None,
            37,
            "Công tác tuyển quân đạt 37 tân binh, đạt 100% kế hoạch.",
        ),
        ("Số xã đạt chuẩn", 11, "xã", 11, None, "Số xã đạt chuẩn đạt 11 xã, bằng cùng kỳ."),
        ("Tỷ lệ che phủ rừng", 52.5, "%", None, None, "Tỷ lệ che phủ rừng đạt 52,5%."),
        (
            "tổng thu ngân sách của UBND huyện",
            Decimal("1080.50"),
            " tỷ đồng ",
            None,
            None,
            "tổng thu ngân sách của UBND huyện đạt 1.080,5 tỷ đồng.",
        ),
    ],
)
def test_indicator_sentence(
    label: str,
    value: Number,
    unit: str | None,
    previous: Number | None,
    target: Number | None,
    expected: str,
) -> None:
    assert indicator_sentence(label, value, unit, previous, target) == expected


# ---------------------------------------------------------------------- number words


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (9, "chín"),
        (10, "mười"),
        (11, "mười một"),
        (12, "mười hai"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (19, "mười chín"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (30, "ba mươi"),
        (44, "bốn mươi bốn"),
        (50, "năm mươi"),
        (51, "năm mươi mốt"),
        (55, "năm mươi lăm"),
        (71, "bảy mươi mốt"),
        (94, "chín mươi bốn"),
        (99, "chín mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (111, "một trăm mười một"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (125, "một trăm hai mươi lăm"),
        (200, "hai trăm"),
        (205, "hai trăm linh năm"),
        (215, "hai trăm mười lăm"),
        (251, "hai trăm năm mươi mốt"),
        (999, "chín trăm chín mươi chín"),
        (1000, "một nghìn"),
        (1001, "một nghìn không trăm linh một"),
        (1005, "một nghìn không trăm linh năm"),
        (1010, "một nghìn không trăm mười"),
        (1015, "một nghìn không trăm mười lăm"),
        (1021, "một nghìn không trăm hai mươi mốt"),
        (1100, "một nghìn một trăm"),
        (1500, "một nghìn năm trăm"),
        (2025, "hai nghìn không trăm hai mươi lăm"),
        (5555, "năm nghìn năm trăm năm mươi lăm"),
        (10000, "mười nghìn"),
        (11000, "mười một nghìn"),
        (15000, "mười lăm nghìn"),
        (15015, "mười lăm nghìn không trăm mười lăm"),
        (21000, "hai mươi mốt nghìn"),
        (100000, "một trăm nghìn"),
        (105000, "một trăm linh năm nghìn"),
        (540000, "năm trăm bốn mươi nghìn"),
        (702000, "bảy trăm linh hai nghìn"),
        (759000, "bảy trăm năm mươi chín nghìn"),
        (1000000, "một triệu"),
        (1000001, "một triệu không trăm linh một"),
        (1000010, "một triệu không trăm mười"),
        (1000050, "một triệu không trăm năm mươi"),
        (1000500, "một triệu năm trăm"),
        (1005000, "một triệu không trăm linh năm nghìn"),
        (1050000, "một triệu không trăm năm mươi nghìn"),
        (1080000, "một triệu không trăm tám mươi nghìn"),
        (1234567, "một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy"),
        (1250000, "một triệu hai trăm năm mươi nghìn"),
        (1404000, "một triệu bốn trăm linh bốn nghìn"),
        (1410000, "một triệu bốn trăm mười nghìn"),
        (1490000, "một triệu bốn trăm chín mươi nghìn"),
        (1520000, "một triệu năm trăm hai mươi nghìn"),
        (1800000, "một triệu tám trăm nghìn"),
        (2340000, "hai triệu ba trăm bốn mươi nghìn"),
        (2530000, "hai triệu năm trăm ba mươi nghìn"),
        (7560000, "bảy triệu năm trăm sáu mươi nghìn"),
        (480000000, "bốn trăm tám mươi triệu"),
        (
            999999999,
            "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn"
            " chín trăm chín mươi chín",
        ),
        (1000000000, "một tỷ"),
        (1000000001, "một tỷ không trăm linh một"),
        (1000000500, "một tỷ năm trăm"),
        (1001000000, "một tỷ không trăm linh một triệu"),
        (1500000000, "một tỷ năm trăm triệu"),
        (2000005000, "hai tỷ không trăm linh năm nghìn"),
        (1000000000000, "một nghìn tỷ"),
        (1500000000000, "một nghìn năm trăm tỷ"),
        (1001000000000, "một nghìn không trăm linh một tỷ"),
        (1050000000000, "một nghìn không trăm năm mươi tỷ"),
        (1000001000000, "một nghìn tỷ không trăm linh một triệu"),
        (
            999999999999999,
            "chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ"
            " chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn"
            " chín trăm chín mươi chín",
        ),
        (1000000000000000, "một triệu tỷ"),
    ],
)
def test_number_words(n: int, expected: str) -> None:
    assert number_words(n) == expected


def test_number_words_rejects_negative() -> None:
    with pytest.raises(ValueError):
        number_words(-1)


@pytest.mark.parametrize("n", [1.0, True, "5"])
def test_number_words_rejects_non_int(n: object) -> None:
    with pytest.raises(TypeError):
        number_words(n)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (540000, "Năm trăm bốn mươi nghìn đồng"),
        (1080000, "Một triệu không trăm tám mươi nghìn đồng"),
        (702000, "Bảy trăm linh hai nghìn đồng"),
        (710000, "Bảy trăm mười nghìn đồng"),
        (1410000, "Một triệu bốn trăm mười nghìn đồng"),
        (760000, "Bảy trăm sáu mươi nghìn đồng"),
        (1520000, "Một triệu năm trăm hai mươi nghìn đồng"),
        (2530000, "Hai triệu năm trăm ba mươi nghìn đồng"),
        (7560000, "Bảy triệu năm trăm sáu mươi nghìn đồng"),
        (480000000, "Bốn trăm tám mươi triệu đồng"),
        (1000000000, "Một tỷ đồng"),
        (1, "Một đồng"),
        (0, "Không đồng"),
    ],
)
def test_money_words(amount: int, expected: str) -> None:
    assert money_words(amount) == expected


def test_money_words_rejects_negative() -> None:
    with pytest.raises(ValueError):
        money_words(-540000)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1080000, "1.080.000 đồng"),
        (540000, "540.000 đồng"),
        (710000, "710.000 đồng"),
        (480000000, "480.000.000 đồng"),
        (1000, "1.000 đồng"),
        (999, "999 đồng"),
        (0, "0 đồng"),
    ],
)
def test_money_figure(amount: int, expected: str) -> None:
    assert money_figure(amount) == expected


def test_money_figure_rejects_negative() -> None:
    with pytest.raises(ValueError):
        money_figure(-1)


# ------------------------------------------------------------------ ordinals, markers


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (5, "V"),
        (9, "IX"),
        (10, "X"),
        (14, "XIV"),
        (19, "XIX"),
        (40, "XL"),
        (49, "XLIX"),
        (90, "XC"),
        (400, "CD"),
        (1994, "MCMXCIV"),
        (2024, "MMXXIV"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman(n: int, expected: str) -> None:
    assert roman(n) == expected


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_roman_rejects_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        roman(n)


@pytest.mark.parametrize(
    ("index", "expected"),
    [(0, "a"), (1, "b"), (3, "d"), (4, "đ"), (5, "e"), (6, "g"), (9, "k"), (21, "x"), (22, "y")],
)
def test_vi_letter(index: int, expected: str) -> None:
    assert vi_letter(index) == expected


def test_vi_letter_full_sequence_has_no_f_j_w_z() -> None:
    letters = [vi_letter(i) for i in range(23)]
    assert letters == list("abcdđeghiklmnopqrstuvxy")


@pytest.mark.parametrize("index", [-1, 23])
def test_vi_letter_rejects_out_of_range(index: int) -> None:
    with pytest.raises(ValueError):
        vi_letter(index)


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (3, "tập thể", "03 tập thể"),
        (5, "tập thể", "05 tập thể"),
        (7, "cá nhân", "07 cá nhân"),
        (12, "cá nhân", "12 cá nhân"),
        (10, "xã", "10 xã"),
        (0, "cá nhân", "00 cá nhân"),
        (125, "lượt", "125 lượt"),
        (1250, "lượt", "1.250 lượt"),  # a count, not a document number: grouped
    ],
)
def test_count_phrase(n: int, noun: str, expected: str) -> None:
    assert count_phrase(n, noun) == expected


def test_count_phrase_rejects_negative() -> None:
    with pytest.raises(ValueError):
        count_phrase(-1, "cá nhân")


SIX_SPACES = " " * 6


@pytest.mark.parametrize(
    ("style", "number", "doc_code", "issuer_code", "expected"),
    [
        ("state", 285, "BC", "UBND", "Số: 285/BC-UBND"),
        ("state", 5, "QĐ", "UBND", "Số: 05/QĐ-UBND"),
        ("state", 15, "BC", "UBND", "Số: 15/BC-UBND"),
        ("state", 1250, "QĐ", "UBND", "Số: 1250/QĐ-UBND"),
        ("state", 12, "", "UBND-VX", "Số: 12/UBND-VX"),  # công văn: no type abbreviation
        ("state", None, "BC", "UBND", "Số:" + SIX_SPACES + "/BC-UBND"),
        ("party", 125, "BC", "HU", "Số 125-BC/HU"),
        ("party", 5, "BC", "HU", "Số 05-BC/HU"),
        ("party", 212, "QĐ", "ĐU", "Số 212-QĐ/ĐU"),
        ("party", None, "BC", "HU", "Số" + SIX_SPACES + "-BC/HU"),
    ],
)
def test_document_number(
    style: str, number: int | None, doc_code: str, issuer_code: str, expected: str
) -> None:
    assert document_number(style, number, doc_code, issuer_code) == expected


def test_document_number_blank_is_six_plain_spaces() -> None:
    assert document_number("state", None, "BC", "UBND") == "Số:      /BC-UBND"
    assert document_number("party", None, "BC", "HU") == "Số      -BC/HU"
    assert "\u00a0" not in document_number("state", None, "BC", "UBND")


@pytest.mark.parametrize(
    ("style", "number", "doc_code", "issuer_code"),
    [
        ("other", 5, "BC", "UBND"),
        ("State", 5, "BC", "UBND"),
        ("", 5, "BC", "UBND"),
        ("state", 0, "BC", "UBND"),
        ("state", -3, "BC", "UBND"),
        ("state", 5, "BC", ""),
        ("party", 5, "", "HU"),
    ],
)
def test_document_number_rejects(
    style: str, number: int | None, doc_code: str, issuer_code: str
) -> None:
    with pytest.raises(ValueError):
        document_number(style, number, doc_code, issuer_code)


# ------------------------------------------------------------------------ list lines


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["Như Điều 3", "Lưu: VT, NV"], ["- Như Điều 3;", "- Lưu: VT, NV."]),
        (
            ["Như Điều 3;", "UBND tỉnh (để b/c)", "Lưu: VT, NV."],
            ["- Như Điều 3;", "- UBND tỉnh (để b/c);", "- Lưu: VT, NV."],
        ),
        (
            ["- Như trên;", "– Chủ tịch, các PCT UBND huyện;", "+ Lưu: VT."],
            ["- Như trên;", "- Chủ tịch, các PCT UBND huyện;", "- Lưu: VT."],
        ),
        (["  Như trên ,  ", "Lưu VT ; "], ["- Như trên;", "- Lưu VT."]),
        (["Lưu: VT, NV..."], ["- Lưu: VT, NV."]),
        (["UBND tỉnh (để b/c)"], ["- UBND tỉnh (để b/c)."]),
        (
            ["TT HU, HĐND huyện (để b/c);", "Lưu: VT"],
            ["- TT HU, HĐND huyện (để b/c);", "- Lưu: VT."],
        ),
        (["Như trên", "", "   ", "Lưu: VT"], ["- Như trên;", "- Lưu: VT."]),
        ([], []),
    ],
)
def test_recipient_lines(items: list[str], expected: list[str]) -> None:
    assert recipient_lines(items) == expected


# ----------------------------------------------------------------------- header lines


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC"),
        ("UBND TỈNH THANH HÓA", "UBND TỈNH THANH HÓA"),
        (
            "BAN CHỈ ĐẠO XÂY DỰNG CƠ SỞ VÀ THỰC HIỆN QUY CHẾ DÂN CHỦ HUYỆN NGỌC LẶC",
            "BAN CHỈ ĐẠO XÂY DỰNG CƠ SỞ VÀ THỰC HIỆN QUY CHẾ DÂN CHỦ\nHUYỆN NGỌC LẶC",
        ),
        ("ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA"),
        ("ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG", "ỦY BAN NHÂN DÂN\nXÃ NGỌC TRUNG"),
        ("ỦY BAN NHÂN DÂN THỊ TRẤN NGỌC LẶC", "ỦY BAN NHÂN DÂN\nTHỊ TRẤN NGỌC LẶC"),
        ("ỦY BAN NHÂN DÂN THỊ XÃ BỈM SƠN", "ỦY BAN NHÂN DÂN\nTHỊ XÃ BỈM SƠN"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ THANH HÓA", "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ THANH HÓA"),
        ("ỦY BAN NHÂN DÂN QUẬN BA ĐÌNH", "ỦY BAN NHÂN DÂN\nQUẬN BA ĐÌNH"),
        ("ỦY BAN NHÂN DÂN PHƯỜNG ĐIỆN BIÊN", "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐIỆN BIÊN"),
        ("ĐẢNG ỦY QUÂN SỰ HUYỆN NGỌC LẶC", "ĐẢNG ỦY QUÂN SỰ\nHUYỆN NGỌC LẶC"),
        ("HỘI CỰU CHIẾN BINH HUYỆN NGỌC LẶC", "HỘI CỰU CHIẾN BINH\nHUYỆN NGỌC LẶC"),
        # the leading HUYỆN would leave an empty first line: the later TỈNH is used
        ("HUYỆN ỦY NGỌC LẶC TỈNH THANH HÓA", "HUYỆN ỦY NGỌC LẶC\nTỈNH THANH HÓA"),
        # "hợp tác xã" and "xã hội" are not unit names
        (
            "HỢP TÁC XÃ DỊCH VỤ NÔNG NGHIỆP XÃ NGỌC LIÊN",
            "HỢP TÁC XÃ DỊCH VỤ NÔNG NGHIỆP\nXÃ NGỌC LIÊN",
        ),
        ("HỢP TÁC XÃ DỊCH VỤ NÔNG NGHIỆP NGỌC LIÊN", "HỢP TÁC XÃ DỊCH VỤ\nNÔNG NGHIỆP NGỌC LIÊN"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM"),
        # no unit word: break at the space nearest the middle
        ("TRUNG TÂM VĂN HÓA THÔNG TIN THỂ THAO", "TRUNG TÂM VĂN HÓA\nTHÔNG TIN THỂ THAO"),
        # the user's own line break is kept exactly
        ("ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC", "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC"),
        ("BAN CHỈ ĐẠO\nXDCS VÀ QCDC HUYỆN", "BAN CHỈ ĐẠO\nXDCS VÀ QCDC HUYỆN"),
        # extra spaces collapse; the letters stay
        ("  ỦY BAN  NHÂN DÂN   HUYỆN NGỌC LẶC ", "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC"),
        ("ỦYBANNHÂNDÂNHUYỆNNGỌCLẶC", "ỦYBANNHÂNDÂNHUYỆNNGỌCLẶC"),  # nowhere to break
    ],
)
def test_agency_lines(name: str, expected: str) -> None:
    assert agency_lines(name) == expected


@pytest.mark.parametrize(
    ("name", "length", "expected"),
    [
        ("ỦY BAN NHÂN DÂN XÃ THẠCH", 24, "ỦY BAN NHÂN DÂN XÃ THẠCH"),
        ("ỦY BAN NHÂN DÂN XÃ NGUYỆT", 25, "ỦY BAN NHÂN DÂN\nXÃ NGUYỆT"),
    ],
)
def test_agency_lines_length_limit(name: str, length: int, expected: str) -> None:
    assert len(name) == length  # guards the table itself
    assert agency_lines(name) == expected


def test_agency_lines_keeps_nfd_letters() -> None:
    name = unicodedata.normalize("NFD", "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC")
    expected = unicodedata.normalize("NFD", "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC")
    assert agency_lines(name) == expected


# --------------------------------------------------------------------------- casing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("về công tác phòng, chống lụt bão", "Về công tác phòng, chống lụt bão"),
        ("ủy ban nhân dân", "Ủy ban nhân dân"),
        ("đảng bộ huyện", "Đảng bộ huyện"),
        ("ư", "Ư"),
        ("tổng kết UBND huyện", "Tổng kết UBND huyện"),
        ("Về việc khen thưởng", "Về việc khen thưởng"),
        ("  về việc", "  Về việc"),
        ("“dân vận khéo”", "“Dân vận khéo”"),
        ("2023 là năm", "2023 là năm"),
        ("", ""),
        (unicodedata.normalize("NFD", "ấp"), unicodedata.normalize("NFD", "Ấp")),
    ],
)
def test_sentence_case_first(text: str, expected: str) -> None:
    assert sentence_case_first(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổng kết công tác năm 2023", "tổng kết công tác năm 2023"),
        ("Về quy hoạch cán bộ lãnh đạo, quản lý", "về quy hoạch cán bộ lãnh đạo, quản lý"),
        ("Xây dựng Đảng năm 2023", "xây dựng Đảng năm 2023"),
        ("Ý kiến", "ý kiến"),
        ("tổng kết", "tổng kết"),
        ("UBND huyện", "UBND huyện"),
        ("QP-AN năm 2023", "QP-AN năm 2023"),
        ("HĐND huyện", "HĐND huyện"),
        ("QĐ-UBND", "QĐ-UBND"),
        ("TTr số 15", "TTr số 15"),
        ("Đảng bộ huyện lãnh đạo", "Đảng bộ huyện lãnh đạo"),
        ("Nhân dân tham gia xây dựng", "Nhân dân tham gia xây dựng"),
        ("Nhà nước hỗ trợ", "Nhà nước hỗ trợ"),
        ("Nhà văn hóa thôn", "nhà văn hóa thôn"),
        ("", ""),
        (unicodedata.normalize("NFD", "Ấp"), unicodedata.normalize("NFD", "ấp")),
    ],
)
def test_lower_first(text: str, expected: str) -> None:
    assert lower_first(text) == expected


@pytest.mark.parametrize(
    ("authority", "expected"),
    [
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", "Chủ tịch Ủy ban nhân dân huyện Ngọc Lặc"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG", "Chủ tịch Ủy ban nhân dân xã Ngọc Trung"),
        ("CHỦ TỊCH UBND THỊ XÃ BỈM SƠN", "Chủ tịch UBND thị xã Bỉm Sơn"),
        ("BAN THƯỜNG VỤ HUYỆN ỦY NGỌC LẶC", "Ban Thường vụ Huyện ủy Ngọc Lặc"),
        ("GIÁM ĐỐC SỞ NỘI VỤ", "Giám đốc Sở Nội vụ"),
        ("ỦY BAN NHÂN DÂN HUYỆN  NGỌC LẶC", "Ủy ban nhân dân huyện Ngọc Lặc"),
        ("Chủ tịch UBND huyện Ngọc Lặc", "Chủ tịch UBND huyện Ngọc Lặc"),
    ],
)
def test_authority_in_text(authority: str, expected: str) -> None:
    assert authority_in_text(authority) == expected


@pytest.mark.parametrize(
    ("position", "unit", "expected"),
    [
        ("Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "xã Ngọc Trung", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã Ngọc Trung"),
        ("Chủ tịch Ủy ban Mặt trận Tổ quốc xã", "xã Thúy Sơn", "Chủ tịch Ủy ban Mặt trận Tổ quốc xã Thúy Sơn"),
        ("Trưởng Công an xã", "xã Quang Trung", "Trưởng Công an xã Quang Trung"),
        ("Bí thư Chi bộ", "thôn Minh Thành, xã Minh Tiến", "Bí thư Chi bộ thôn Minh Thành, xã Minh Tiến"),
        ("Chủ tịch UBND thị trấn", "thị trấn Ngọc Lặc", "Chủ tịch UBND thị trấn Ngọc Lặc"),
        ("Chuyên viên", "Phòng Nội vụ huyện", "Chuyên viên Phòng Nội vụ huyện"),
        ("Giáo viên", "trường Tiểu học A", "Giáo viên, trường Tiểu học A"),
        ("Trưởng thôn", None, "Trưởng thôn"),
        (None, "xã Ngọc Trung", "xã Ngọc Trung"),
        (None, None, ""),
        ("Chủ tịch Hội Nông dân xã", "xã", "Chủ tịch Hội Nông dân xã"),
    ],
)
def test_position_and_unit(position: str | None, unit: str | None, expected: str) -> None:
    assert position_and_unit(position, unit) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", ("district", "HUYỆN NGỌC LẶC")),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG", ("commune", "XÃ NGỌC TRUNG")),
        ("CHỦ TỊCH UBND THỊ TRẤN NGỌC LẶC", ("commune", "THỊ TRẤN NGỌC LẶC")),
        ("CHỦ TỊCH UBND THỊ XÃ BỈM SƠN", ("district", "THỊ XÃ BỈM SƠN")),
        ("GIÁM ĐỐC TRUNG TÂM BẢO TRỢ XÃ HỘI HUYỆN NGỌC LẶC", ("district", "HUYỆN NGỌC LẶC")),
        ("CHỦ TỊCH LIÊN MINH HỢP TÁC XÃ HUYỆN NGỌC LẶC", ("district", "HUYỆN NGỌC LẶC")),
        ("CHỦ TỊCH UBND PHƯỜNG BẮC SƠN THỊ XÃ BỈM SƠN", ("commune", "PHƯỜNG BẮC SƠN THỊ XÃ BỈM SƠN")),
        ("ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", ("district", "HUYỆN NGỌC LẶC")),
        ("BAN THƯỜNG VỤ HUYỆN ỦY NGỌC LẶC", None),
        ("PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", None),
        ("Chủ tịch UBND xã Ngọc Trung", ("commune", "XÃ NGỌC TRUNG")),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUỐC", ("commune", "ĐẶC KHU PHÚ QUỐC")),
    ],
)
def test_unit_of(text: str, expected: tuple[str, str] | None) -> None:
    assert unit_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", "huyện"),
        ("CHỦ TỊCH UBND THỊ XÃ BỈM SƠN", "thị xã"),
        ("CHỦ TỊCH UBND PHƯỜNG BẮC SƠN THỊ XÃ BỈM SƠN", "phường"),
        ("CHỦ TỊCH UBND THỊ TRẤN NGỌC LẶC", "thị trấn"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUỐC", "đặc khu"),
        ("GIÁM ĐỐC SỞ NỘI VỤ TỈNH THANH HÓA", "tỉnh"),
        ("BAN THƯỜNG VỤ HUYỆN ỦY NGỌC LẶC", None),
    ],
)
def test_unit_kind(text: str, expected: str | None) -> None:
    assert unit_kind(text) == expected
