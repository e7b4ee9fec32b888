"""Indicators worded as a statistician would, and numbers read the Vietnamese way.

Issue 11 §3: a rate changes in "điểm phần trăm"; a lower-is-better figure beats its plan
by staying under it; the results open with the count of targets reached; "1.500" is 1500
in the interview and in data files alike, and ambiguous forms are refused, never guessed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

from docx_helpers import body_paragraphs, open_docx
from draftkit.cli import app
from draftkit.datafile import DataFile
from draftkit.interview.engine import Interview
from draftkit.interview.parsers import AnswerError, parse_number, parse_quantity
from draftkit.models import Indicator, ReportData
from draftkit.pipeline import render_file
from draftkit.report import outline, targets_line
from draftkit.rules import rules_for
from draftkit.validation import validate
from draftkit.wording import (
    Number,
    NumberFormatError,
    change_phrase,
    format_number,
    indicator_sentence,
    read_number,
    read_quantity,
    target_met,
    target_phrase,
    targets_summary,
)

# ------------------------------------------------------------------ change of a rate


@pytest.mark.parametrize(
    ("value", "previous", "expected"),
    [
        (2.1, 3.4, "giảm 1,3 điểm phần trăm so với cùng kỳ"),
        (95.2, 93.8, "tăng 1,4 điểm phần trăm so với cùng kỳ"),
        (Decimal("52.5"), Decimal("52.5"), "bằng cùng kỳ"),
        (50.004, 50, "tăng 0,004 điểm phần trăm so với cùng kỳ"),  # never "bằng" of figures that differ
        (50.005, 50, "tăng 0,01 điểm phần trăm so với cùng kỳ"),
        (100, 0, "tăng 100 điểm phần trăm so với cùng kỳ"),  # a base of 0% is no problem
        (0, 4.25, "giảm 4,25 điểm phần trăm so với cùng kỳ"),
        ("12.5", "10", "tăng 2,5 điểm phần trăm so với cùng kỳ"),
    ],
)
def test_a_rate_changes_in_percentage_points(
    value: Number, previous: Number, expected: str
) -> None:
    assert change_phrase(value, previous, rate=True) == expected


def test_a_rate_is_never_worded_as_a_percentage_of_itself() -> None:
    # The change of the figure itself would be 38,24%: a reader takes it for points.
    assert change_phrase(2.1, 3.4) == "giảm 38,24% so với cùng kỳ"
    assert "38,24" not in indicator_sentence("Tỷ lệ hộ nghèo", 2.1, "%", 3.4)


# --------------------------------------------------------------- against the plan


@pytest.mark.parametrize(
    ("value", "target", "unit", "better", "expected"),
    [
        # More is better, not a rate: the share of the plan, as reports write it.
        (1520.4, 1500, "tỷ đồng", "higher", "đạt 101,36% kế hoạch"),
        (750, 1000, "tỷ đồng", "higher", "đạt 75% kế hoạch"),
        (1500, 1500, None, "higher", "đạt 100% kế hoạch"),
        # Never rounded across 100%: the sentence agrees with the count.
        (99.9999, 100, "ha", "higher", "đạt 99,99% kế hoạch"),
        (100.0001, 100, "ha", "higher", "đạt 100,01% kế hoạch"),
        # A rate is compared with its plan, never divided by it.
        (95.2, 95, "%", "higher", "vượt kế hoạch (kế hoạch 95%)"),
        (94.5, 95, "%", "higher", "chưa đạt kế hoạch (kế hoạch 95%)"),
        (95, 95, "%", "higher", "đạt kế hoạch"),
        # Less is better: under the plan beats it.
        (2.1, 2.5, "%", "lower", "vượt kế hoạch (kế hoạch 2,5%)"),
        (2.8, 2.5, "%", "lower", "chưa đạt kế hoạch (kế hoạch 2,5%)"),
        (Decimal("2.50"), 2.5, "%", "lower", "đạt kế hoạch"),
        (18, 20, "vụ", "lower", "vượt kế hoạch (kế hoạch 20 vụ)"),
        (26, 20, "vụ", "lower", "chưa đạt kế hoạch (kế hoạch 20 vụ)"),
        (1250, 1500, None, "lower", "vượt kế hoạch (kế hoạch 1.500)"),
        (0, 0, "%", "lower", "đạt kế hoạch"),  # "no new poor household": a plan of 0 is fine
    ],
)
def test_target_phrase(
    value: Number, target: Number, unit: str | None, better: str, expected: str
) -> None:
    assert target_phrase(value, target, unit, better=better) == expected


@pytest.mark.parametrize(
    ("value", "target", "unit"), [(2.1, 2.5, "%"), (18, 20, "vụ"), (1, 100, None), (0.5, 3, "%")]
)
def test_beating_a_lower_is_better_plan_is_never_a_share_of_it(
    value: Number, target: Number, unit: str | None
) -> None:
    phrase = target_phrase(value, target, unit, better="lower")
    assert phrase.startswith("vượt kế hoạch")
    assert "% kế hoạch" not in phrase


@pytest.mark.parametrize(
    ("value", "target", "better", "met"),
    [
        (101, 100, "higher", True),
        (100, 100, "higher", True),
        (99.99, 100, "higher", False),
        (2.1, 2.5, "lower", True),
        (2.5, 2.5, "lower", True),
        (2.6, 2.5, "lower", False),
    ],
)
def test_target_met(value: Number, target: Number, better: str, met: bool) -> None:
    assert target_met(value, target, better) is met


@pytest.mark.parametrize("better", ["up", "", "Higher"])
def test_unknown_direction_is_refused(better: str) -> None:
    with pytest.raises(ValueError):
        target_phrase(1, 2, better=better)
    with pytest.raises(ValueError):
        indicator_sentence("A", 1, None, better=better)


# ---------------------------------------------------------------- whole sentences


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("Tỷ lệ hộ nghèo", 2.1, "%", 3.4, 2.5, "lower"),
            "Tỷ lệ hộ nghèo còn 2,1%, giảm 1,3 điểm phần trăm so với cùng kỳ, "
            "vượt kế hoạch (kế hoạch 2,5%).",
        ),
        (
            ("Tỷ lệ người dân tham gia bảo hiểm y tế", 95.2, "%", 93.8, None, "higher"),
            "Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95,2%, tăng 1,4 điểm phần trăm so với cùng kỳ.",
        ),
        (
            ("Tỷ lệ hộ nghèo", 2.8, "%", 2.6, 2.5, "lower"),
            "Tỷ lệ hộ nghèo là 2,8%, tăng 0,2 điểm phần trăm so với cùng kỳ, "
            "chưa đạt kế hoạch (kế hoạch 2,5%).",
        ),
        (
            ("Số vụ tai nạn giao thông", 18, "vụ", 26, 20, "lower"),
            "Số vụ tai nạn giao thông còn 18 vụ, giảm 30,77% so với cùng kỳ, "
            "vượt kế hoạch (kế hoạch 20 vụ).",
        ),
        (
            ("Số vụ phạm pháp hình sự", 12, "vụ", None, None, "lower"),
            "Số vụ phạm pháp hình sự là 12 vụ.",
        ),
        (
            ("Giá trị sản xuất", 1520.4, "tỷ đồng", 1444.2, 1500, "higher"),
            "Giá trị sản xuất đạt 1.520,4 tỷ đồng, tăng 5,28% so với cùng kỳ, đạt 101,36% kế hoạch.",
        ),
        (
            ("Tỷ lệ che phủ rừng", 52.5, "%", None, 52, "higher"),
            "Tỷ lệ che phủ rừng đạt 52,5%, vượt kế hoạch (kế hoạch 52%).",
        ),
    ],
)
def test_indicator_sentence(args: tuple[Any, ...], expected: str) -> None:
    assert indicator_sentence(*args) == expected


# ------------------------------------------------------------------- the count line


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([("A", True)] * 21, "Có 21/21 chỉ tiêu đạt và vượt kế hoạch."),
        (
            [("Tỷ lệ hộ nghèo", False), ("Giá trị sản xuất", True), ("Thu ngân sách", False)],
            "Có 1/3 chỉ tiêu đạt và vượt kế hoạch; 02 chỉ tiêu chưa đạt: tỷ lệ hộ nghèo, thu ngân sách.",
        ),
        (
            [("Số xã đạt chuẩn NTM", True)] * 19
            + [("Tỷ lệ hộ nghèo", False), ("HTX kiểu mới", False)],
            "Có 19/21 chỉ tiêu đạt và vượt kế hoạch; 02 chỉ tiêu chưa đạt: tỷ lệ hộ nghèo, HTX kiểu mới.",
        ),
        ([("Tỷ lệ hộ nghèo", False)], "Chỉ tiêu tỷ lệ hộ nghèo chưa đạt kế hoạch."),
        ([("Thu ngân sách", True)], "Chỉ tiêu thu ngân sách đạt và vượt kế hoạch."),
        ([("Thu ngân sách", False), ("Tỷ lệ hộ nghèo", False)], "Cả 02 chỉ tiêu đều chưa đạt kế hoạch: thu ngân sách, tỷ lệ hộ nghèo."),
    ],
)
def test_targets_summary(results: list[tuple[str, bool]], expected: str) -> None:
    assert targets_summary(results) == expected


def test_targets_summary_needs_a_target() -> None:
    with pytest.raises(ValueError):
        targets_summary([])


# ------------------------------------------------------------- reading numbers


NUMBERS = [
    ("1.500", Decimal(1500), None),
    ("1.520,4", Decimal("1520.4"), None),
    ("1.520.000", Decimal(1520000), None),
    ("1 520,4", Decimal("1520.4"), None),
    ("1\u00a0520", Decimal(1520), None),
    ("50,24", Decimal("50.24"), None),
    ("0,500", Decimal("0.5"), None),  # "0" cannot be a thousands group: not ambiguous
    ("1234,567", Decimal("1234.567"), None),  # nor can "1234"
    ("-3,5", Decimal("-3.5"), None),
    ("\u22123,5", Decimal("-3.5"), None),  # the minus sign Word types
    ("+7", Decimal(7), None),
    ("18", Decimal(18), None),
    ("95,2%", Decimal("95.2"), "%"),
    ("95,2 %", Decimal("95.2"), "%"),
    ("100%", Decimal(100), "%"),
]


@pytest.mark.parametrize(("text", "value", "unit"), NUMBERS)
def test_vietnamese_numbers_read_the_vietnamese_way(
    text: str, value: Decimal, unit: str | None
) -> None:
    assert read_quantity(text) == (value, unit)
    assert parse_quantity(text) == (value, unit)  # the interview reads the same


REFUSED = [
    ("1,500", "chưa rõ là 1.500 hay 1,5"),  # English thousands or Vietnamese decimals?
    ("12,345", "chưa rõ là 12.345 hay 12,345"),
    ("1.52", "không đúng cách ngăn hàng nghìn"),  # an English decimal point
    ("50.24", "không đúng cách ngăn hàng nghìn"),
    ("0.520", "không đúng cách ngăn hàng nghìn"),
    ("1,500,000", "kiểu tiếng Anh"),
    ("1,520.4", "kiểu tiếng Anh"),
    ("1.52.0", "đúng 3 chữ số"),
    ("1 5", "không phải là một số"),
    ("5,", "thiếu phần sau dấu phẩy"),
    ("", "không phải là một số"),
    ("%", "không phải là một số"),
    ("1e5", "không phải là một số"),
    ("mười", "không phải là một số"),
    ("1" * 50, "quá nhiều chữ số"),
]


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_ambiguous_or_foreign_numbers_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        read_quantity(text)
    assert message in caught.value.message
    with pytest.raises(AnswerError) as asked:
        parse_quantity(text)
    assert asked.value.message == caught.value.message


def test_a_percent_is_refused_where_only_a_figure_is_wanted() -> None:
    with pytest.raises(NumberFormatError):
        read_number("95,2%")
    with pytest.raises(AnswerError):
        parse_number("95,2%")


@given(
    st.decimals(
        min_value=-(10**15), max_value=10**15, places=3, allow_nan=False, allow_infinity=False
    )
)
def test_every_figure_draftkit_prints_reads_back_as_itself(value: Decimal) -> None:
    printed = format_number(value)
    whole, _, fraction = printed.lstrip("-").partition(",")
    if "." not in whole and len(fraction) == 3 and whole != "0":
        # "1,001" is ambiguous however it was made: refused, never guessed.
        with pytest.raises(NumberFormatError, match="chưa rõ"):
            read_number(printed)
    else:
        assert read_number(printed) == value


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_lone_comma_before_three_digits_is_never_guessed(whole: int, fraction: int) -> None:
    with pytest.raises(NumberFormatError, match="chưa rõ"):
        read_number(f"{whole},{fraction:03d}")


# -------------------------------------------------------------------- data files


def indicator(**fields: Any) -> Indicator:
    return Indicator.model_validate({"label": "Tỷ lệ hộ nghèo", **fields})


@pytest.mark.parametrize(
    ("fields", "value", "unit"),
    [
        ({"value": "1.520,4"}, Decimal("1520.4"), None),
        ({"value": "1.500", "unit": "tỷ đồng"}, Decimal(1500), "tỷ đồng"),
        ({"value": 1520.4}, Decimal("1520.4"), None),  # a YAML number stays a YAML number
        ({"value": 1500}, Decimal(1500), None),
        ({"value": "95,2%"}, Decimal("95.2"), "%"),  # the unit filled in
        ({"value": "95,2%", "unit": "%"}, Decimal("95.2"), "%"),
        ({"value": 95.2, "previous": "93,8%"}, Decimal("95.2"), "%"),
    ],
)
def test_data_file_figures(fields: dict[str, Any], value: Decimal, unit: str | None) -> None:
    read = indicator(**fields)
    assert (read.value, read.unit) == (value, unit)


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        ({"value": "1,500"}, "value", "chưa rõ là 1.500 hay 1,5"),
        ({"value": 1, "previous": "1.52"}, "previous", "không đúng cách ngăn hàng nghìn"),
        (
            {"value": "95,2%", "unit": "triệu đồng"},
            "value",
            "đơn vị tính của chỉ tiêu không phải “%”",
        ),
        ({"value": True}, "value", "phải là một số, không phải “true”"),
        ({"value": 1, "target": False}, "target", "phải là một số"),
        ({"value": 1, "better": "up"}, "better", "higher"),
    ],
)
def test_data_file_figures_refused(fields: dict[str, Any], key: str, message: str) -> None:
    source = DataFile(
        Path("bc.yaml"),
        {**REPORT, "results": [{"heading": "Kinh tế", "indicators": [{"label": "A", **fields}]}]},
    )
    with pytest.raises(Exception) as caught:
        validate(source)
    problems = caught.value.problems  # type: ignore[attr-defined]
    assert [p.field for p in problems] == [f"results[0].indicators[0].{key}"]
    assert message in problems[0].message


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"value": 1, "previous": 0}, "previous_zero"),
        ({"value": 1, "target": 0}, "target_zero"),
    ],
)
def test_a_base_of_zero_is_refused_only_where_it_divides(
    fields: dict[str, Any], reason: str
) -> None:
    with pytest.raises(ValidationError, match=reason):
        indicator(**fields)
    # A rate is compared in points, a lower-is-better plan is compared: nothing divides.
    indicator(**fields, unit="%")
    if "target" in fields:
        indicator(**fields, better="lower")


# ------------------------------------------------------------------------ the report

REPORT: dict[str, Any] = {
    "version": 1,
    "document": "report",
    "issuer": {
        "parent": "UBND TỈNH THANH HÓA",
        "name": "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
        "code": "UBND",
        "place": "Ngọc Trung",
    },
    "number": 15,
    "date": "2026-12-10",
    "title": "Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2026",
    "opening": "Ủy ban nhân dân xã báo cáo như sau:",
    "signer": {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Lê Văn An"},
    "recipients": ["Thường trực Đảng ủy", "Lưu: VT, VP"],
}

REPORT_YAML = """\
version: 1
document: report
issuer: {parent: UBND TỈNH THANH HÓA, name: ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG, code: UBND, place: Ngọc Trung}
number: 15
date: 2026-12-10
title: Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2026
opening: "Ủy ban nhân dân xã báo cáo như sau:"
results:
  - heading: Văn hóa - xã hội
    indicators:
      - {label: Tỷ lệ hộ nghèo, value: "2,1%", previous: "3,4%", target: "2,5%", better: lower}
      - {label: Tỷ lệ người dân tham gia bảo hiểm y tế, value: 95.2, unit: "%", previous: 93.8, target: 96}
  - heading: Kinh tế
    indicators:
      - {label: Giá trị sản xuất, value: "1.520,4", unit: tỷ đồng, previous: "1.444,2", target: "1.500"}
      - {label: Thu nhập bình quân đầu người, value: 50.24, unit: triệu đồng}
signer: {authority: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Lê Văn An}
recipients: [Thường trực Đảng ủy, "Lưu: VT, VP"]
"""


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "bao-cao-2026.yaml"
    path.write_text(REPORT_YAML, encoding="utf-8")
    return path


def test_rates_and_the_count_read_back_from_the_document(report_file: Path, tmp_path: Path) -> None:
    result = render_file(report_file, tmp_path / "out")
    texts = [p.text for p in body_paragraphs(open_docx(result.documents[0]))]

    count = "Có 2/3 chỉ tiêu đạt và vượt kế hoạch; 01 chỉ tiêu chưa đạt: tỷ lệ người dân tham gia bảo hiểm y tế."
    poverty = "- Tỷ lệ hộ nghèo còn 2,1%, giảm 1,3 điểm phần trăm so với cùng kỳ, vượt kế hoạch (kế hoạch 2,5%)."
    insurance = (
        "- Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95,2%, tăng 1,4 điểm phần trăm so với cùng kỳ, "
        "chưa đạt kế hoạch (kế hoạch 96%)."
    )
    # The count opens the results, before the first field of work.
    assert texts.index(count) < texts.index("1. Văn hóa - xã hội") < texts.index(poverty)
    assert insurance in texts
    assert (
        "- Giá trị sản xuất đạt 1.520,4 tỷ đồng, tăng 5,28% so với cùng kỳ, đạt 101,36% kế hoạch."
        in texts
    )
    assert not any("38,24" in t or "84% kế hoạch" in t for t in texts)


def test_no_count_line_without_a_target() -> None:
    data = ReportData.model_validate(
        {
            **REPORT,
            "results": [
                {"heading": "Kinh tế", "indicators": [{"label": "A", "value": 1, "previous": 2}]}
            ],
        }
    )
    assert targets_line(data) is None
    assert not any(b.text.startswith("Có ") for b in outline(data, rules_for("state", data.date)))


def test_the_count_takes_nested_sections_into_account() -> None:
    nested = {
        "heading": "Nông nghiệp",
        "indicators": [
            {"label": "Sản lượng lương thực", "value": 9, "unit": "nghìn tấn", "target": 10}
        ],
    }
    data = ReportData.model_validate(
        {
            **REPORT,
            "results": [
                {
                    "heading": "Kinh tế",
                    "indicators": [
                        {
                            "label": "Tỷ lệ hộ nghèo",
                            "value": 2,
                            "unit": "%",
                            "target": 3,
                            "better": "lower",
                        }
                    ],
                    "sections": [nested],
                }
            ],
        }
    )
    assert (
        targets_line(data)
        == "Có 1/2 chỉ tiêu đạt và vượt kế hoạch; 01 chỉ tiêu chưa đạt: sản lượng lương thực."
    )


def test_a_bad_figure_in_a_data_file_names_its_line_and_writes_nothing(
    report_file: Path, tmp_path: Path
) -> None:
    report_file.write_text(
        REPORT_YAML.replace('value: "1.520,4"', 'value: "1,520"'), encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["render", str(report_file), "-o", str(tmp_path / "out")])
    flat = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "dòng 15, mục “results[1].indicators[0].value”" in flat
    assert "“1,520” chưa rõ là 1.520 hay 1,52" in flat
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# -------------------------------------------------------------------- the interview


def interview(answers: list[str]) -> tuple[Interview, io.StringIO]:
    console = Console(file=io.StringIO(), width=120, highlight=False, soft_wrap=True)
    lines: Iterator[str] = iter(answers)

    def read(prompt: Text) -> str:
        console.print(prompt)
        return next(lines)

    file = console.file
    assert isinstance(file, io.StringIO)
    return Interview(console, read), file


def test_a_rate_typed_with_percent_fills_in_the_unit_and_is_echoed() -> None:
    # label, value, unit (Enter keeps the "%" filled in), previous, target, better
    asked, output = interview(["Tỷ lệ hộ nghèo", "2,1%", "", "3,4", "2,5", "2"])
    data: dict[str, Any] = {}
    asked.ask_model(Indicator, data)
    assert data == {
        "label": "Tỷ lệ hộ nghèo",
        "value": 2.1,
        "unit": "%",
        "previous": 3.4,
        "target": 2.5,
        "better": "lower",
    }
    shown = output.getvalue()
    assert "= 2,1%" in shown and "= 3,4" in shown


def test_the_interview_echoes_what_it_read_and_refuses_ambiguous_numbers() -> None:
    asked, output = interview(["Giá trị sản xuất", "1,500", "1.500", "tỷ đồng", "", "", ""])
    data: dict[str, Any] = {}
    asked.ask_model(Indicator, data)
    shown = " ".join(output.getvalue().split())
    assert "“1,500” chưa rõ là 1.500 hay 1,5" in shown
    assert "= 1.500" in shown
    assert data["value"] == 1500


def test_a_percent_against_another_unit_is_asked_again() -> None:
    # The unit is given first (editing an entry), then "3%" as the previous figure.
    asked, output = interview(["", "", "", "3%", "3", "", ""])
    data: dict[str, Any] = {"label": "Thu ngân sách", "value": 12, "unit": "tỷ đồng"}
    asked.ask_model(Indicator, data)
    assert "“3%” có dấu %, nhưng đơn vị tính đã nhập là “tỷ đồng”" in output.getvalue()
    assert (data["unit"], data["previous"]) == ("tỷ đồng", 3)


# ------------------------------------------------------------------------ the Phụ lục


def test_the_appendix_is_a_table_in_the_same_document_and_passes_check(
    report_file: Path, tmp_path: Path
) -> None:
    from docx.oxml.ns import qn

    from draftkit.check import check_document

    report_file.write_text(REPORT_YAML + "appendix: indicators\n", encoding="utf-8")
    document = render_file(report_file, tmp_path / "out").documents[0]
    doc = open_docx(document)
    texts = [p.text for p in body_paragraphs(doc)]

    # The main text refers to the appendix (NĐ 30 Phụ lục I mục III.1), in the results.
    opening = next(t for t in texts if t.startswith("Có 2/3 chỉ tiêu"))
    assert opening.endswith(
        "Kết quả thực hiện các chỉ tiêu chi tiết tại Phụ lục kèm theo Báo cáo này."
    )
    # After the signature: "Phụ lục", its title in capitals and the "(Kèm theo ...)" line.
    label = texts.index("Phụ lục")
    assert texts[label + 1 : label + 3] == [
        "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2026",
        "(Kèm theo Báo cáo số 15/BC-UBND ngày 10 tháng 12 năm 2026 của Ủy ban nhân dân xã Ngọc Trung)",
    ]
    paras = body_paragraphs(doc)
    assert (paras[label].bold, paras[label].align, paras[label].size) == (True, "center", 14)
    assert paras[label + 2].italic
    rows = [[cell.text for cell in row.cells] for row in doc.tables[-1].rows]
    assert rows == [
        [
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Kế hoạch",
            "Thực hiện",
            "So với cùng kỳ",
            "So với kế hoạch",
        ],
        ["1", "Tỷ lệ hộ nghèo", "%", "2,5", "2,1", "Giảm 1,3 điểm phần trăm", "Vượt"],
        [
            "2",
            "Tỷ lệ người dân tham gia bảo hiểm y tế",
            "%",
            "96",
            "95,2",
            "Tăng 1,4 điểm phần trăm",
            "Chưa đạt",
        ],
        ["3", "Giá trị sản xuất", "tỷ đồng", "1.500", "1.520,4", "Tăng 5,28%", "Đạt 101,36%"],
        ["4", "Thu nhập bình quân đầu người", "triệu đồng", "-", "50,24", "-", "-"],
    ]
    # Its own section: a new page whose numbers start again at 1, page 1 unnumbered.
    assert len(doc.sections) == 2
    appendix = doc.sections[1]
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert appendix.different_first_page_header_footer
    assert appendix.start_type.name == "NEW_PAGE"
    report = check_document(document)
    assert report.ok, [f"{f.rule_id}: {f.where}: {f.found}" for f in report.errors]


def test_without_appendix_the_report_has_one_section_and_no_table(
    report_file: Path, tmp_path: Path
) -> None:
    doc = open_docx(render_file(report_file, tmp_path / "out").documents[0])
    assert len(doc.sections) == 1
    texts = [p.text for p in body_paragraphs(doc)]
    assert "Phụ lục" not in texts
    assert not any("Phụ lục kèm theo" in t for t in texts)


def test_an_appendix_needs_indicators() -> None:
    source = DataFile(
        Path("bc.yaml"),
        {
            **REPORT,
            "appendix": "indicators",
            "results": [{"heading": "Kinh tế", "paragraphs": ["Tốt."]}],
        },
    )
    with pytest.raises(Exception) as caught:
        validate(source)
    problems = caught.value.problems  # type: ignore[attr-defined]
    assert [p.message for p in problems] == [
        "Phụ lục chỉ tiêu (appendix: indicators) cần ít nhất một chỉ tiêu trong phần kết quả."
    ]


@pytest.mark.parametrize(
    ("value", "previous", "target", "unit", "better", "change", "plan"),
    [
        (1520.4, 1444.2, 1500, "tỷ đồng", "higher", "Tăng 5,28%", "Đạt 101,36%"),
        (2.1, 3.4, 2.5, "%", "lower", "Giảm 1,3 điểm phần trăm", "Vượt"),
        (2.5, 2.5, 2.5, "%", "lower", "Bằng cùng kỳ", "Đạt"),
        (3, None, 2.5, "%", "lower", "-", "Chưa đạt"),
        (50, None, None, None, "higher", "-", "-"),
    ],
)
def test_appendix_cells(
    value: Number,
    previous: Number | None,
    target: Number | None,
    unit: str | None,
    better: str,
    change: str,
    plan: str,
) -> None:
    from draftkit.wording import change_cell, plan_cell

    assert change_cell(value, previous, unit) == change
    assert plan_cell(value, target, unit, better) == plan


@pytest.mark.parametrize(
    ("written", "warned", "printed"),
    [
        ("1.500", "“1.500” được đọc là số 1,5", "đạt 1,5 tỷ đồng"),
        ("12.345", "“12.345” được đọc là số 12,345", "đạt 12,345 tỷ đồng"),
        ("1.520.000", None, "đạt 1.520.000 tỷ đồng"),  # not a YAML number: read the Vietnamese way
        ("1.25", None, "đạt 1,25 tỷ đồng"),  # not a thousands form: nothing to warn of
        ('"1.500"', None, "đạt 1.500 tỷ đồng"),  # quoted: the Vietnamese way
    ],
)
def test_a_yaml_number_that_looks_like_thousands_is_kept_and_warned_of(
    report_file: Path, tmp_path: Path, written: str, warned: str | None, printed: str | None
) -> None:
    report_file.write_text(
        REPORT_YAML.replace("value: 50.24, unit: triệu đồng", f"value: {written}, unit: tỷ đồng"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["render", str(report_file), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    if warned is None:
        assert "được đọc là số" not in flat
    else:
        assert f"dòng 16, mục “results[1].indicators[1].value”: {warned}" in flat
    texts = [p.text for p in body_paragraphs(open_docx(tmp_path / "out" / "bao-cao-2026.docx"))]
    if printed is not None:
        assert f"- Thu nhập bình quân đầu người {printed}./." in texts, texts[-3:]


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("1,500", "Gõ 1.500 nếu là một nghìn năm trăm; gõ 1,5 nếu là số thập phân."),
        (
            "12,345",
            "Gõ 12.345 nếu là mười hai nghìn ba trăm bốn mươi lăm; gõ 12,3450 nếu là số thập phân.",
        ),
        ("1,050", "Gõ 1.050 nếu là một nghìn không trăm năm mươi; gõ 1,05 nếu là số thập phân."),
        ("2,000", "Gõ 2.000 nếu là hai nghìn; gõ 2 nếu là số thập phân."),
    ],
)
def test_an_ambiguous_number_says_how_to_type_each_reading(text: str, hint: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        read_number(text)
    assert caught.value.hint == hint
    # Each way the hint offers is read, and read as said.
    integer, decimal = (
        hint.removeprefix("Gõ ").split(" nếu là ")[0],
        hint.split("; gõ ")[1].split(" ")[0],
    )
    assert read_number(integer) == int(text.replace(",", ""))
    assert read_number(decimal) == Decimal(text.replace(",", "."))


@given(st.decimals(min_value=-999, max_value=999, places=3, allow_nan=False, allow_infinity=False))
def test_a_saved_figure_loads_back_as_itself_without_a_warning(value: Decimal) -> None:
    from draftkit.datafile import _parse_yaml, dump_yaml
    from draftkit.interview.fields import plain

    warnings: list[Any] = []
    text = dump_yaml({"value": plain(value)})
    data, _ = _parse_yaml(text, Path("bc.yaml"), warnings)
    assert Indicator.model_validate({"label": "A", **data}).value == value
    assert warnings == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.0e70, "số quá lớn"),
        (10**18, "số quá lớn"),
        ("1.000.000.000.000.000.000", "số quá lớn"),
        (1.0e-70, "hơn 10 chữ số sau dấu phẩy"),
        (0.30000000000000004, "hơn 10 chữ số sau dấu phẩy"),
    ],
)
def test_figures_no_report_means_are_refused_not_printed(value: Any, message: str) -> None:
    source = DataFile(
        Path("bc.yaml"),
        {**REPORT, "results": [{"heading": "K", "indicators": [{"label": "A", "value": value}]}]},
    )
    with pytest.raises(Exception) as caught:
        validate(source)
    problems = caught.value.problems  # type: ignore[attr-defined]
    assert [p.field for p in problems] == ["results[0].indicators[0].value"]
    assert message in problems[0].message


@pytest.mark.parametrize("value", [10**18 - 1, 1.0e-7, 0.1, -2.5])
def test_large_and_small_real_figures_are_kept(value: Any) -> None:
    assert indicator(value=value).value == Decimal(str(value))


# ----------------------------------------------- a figure that should fall, not said so


@pytest.mark.parametrize(
    ("label", "lower"),
    [
        ("Tỷ lệ hộ nghèo", True),
        ("Tỷ lệ hộ cận nghèo", True),
        ("Số vụ tai nạn giao thông", True),
        ("Số vụ vi phạm pháp luật về môi trường", True),
        ("Số vụ phạm pháp hình sự", True),
        ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", True),
        ("Số vụ cháy rừng", True),
        ("TỶ LỆ HỘ NGHÈO", True),
        ("Tỷ lệ giảm hộ nghèo", False),  # a reduction: more is better
        ("Số vụ ma túy bị triệt phá", False),
        ("Tỷ lệ đơn thư được giải quyết", False),
        ("Thu nhập bình quân đầu người", False),
        ("Tỷ lệ người dân tham gia bảo hiểm y tế", False),
    ],
)
def test_looks_lower_is_better(label: str, lower: bool) -> None:
    from draftkit.wording import looks_lower_is_better

    assert looks_lower_is_better(label) is lower


@pytest.mark.parametrize(
    ("better", "warned"), [("", True), (", better: higher", False), (", better: lower", False)]
)
def test_a_poverty_rate_without_better_is_warned_of(
    report_file: Path, tmp_path: Path, better: str, warned: bool
) -> None:
    report_file.write_text(
        REPORT_YAML.replace('target: "2,5%", better: lower}', f'target: "2,5%"{better}}}'),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["render", str(report_file), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    message = (
        "mục “results[0].indicators[0].better”: chỉ tiêu “Tỷ lệ hộ nghèo” có vẻ càng thấp càng tốt"
    )
    assert (message in flat) is warned
    assert ("thêm “better: lower”" in flat) is warned


PARTY_YAML = (
    REPORT_YAML.replace("document: report\n", "document: report\nstyle: party\n")
    .replace(
        "parent: UBND TỈNH THANH HÓA, name: ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG, code: UBND",
        "parent: ĐẢNG BỘ TỈNH THANH HÓA, name: ĐẢNG ỦY XÃ NGỌC TRUNG, code: ĐU",
    )
    .replace(
        "authority: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH", "authority: T/M ĐẢNG ỦY, title: BÍ THƯ"
    )
)


@pytest.mark.parametrize(
    ("source", "reference"),
    [
        (
            REPORT_YAML,
            "(Kèm theo Báo cáo số 15/BC-UBND ngày 10 tháng 12 năm 2026 của Ủy ban nhân dân xã Ngọc Trung)",
        ),
        (
            PARTY_YAML,
            "(Kèm theo Báo cáo số 15-BC/ĐU ngày 10 tháng 12 năm 2026 của Đảng ủy xã Ngọc Trung)",
        ),
        (
            REPORT_YAML.replace("number: 15\n", ""),
            "(Kèm theo Báo cáo số      /BC-UBND ngày 10 tháng 12 năm 2026 của Ủy ban nhân dân xã Ngọc Trung)",
        ),
    ],
    ids=["state", "party", "no-number"],
)
def test_the_appendix_passes_check_in_either_style(
    report_file: Path, tmp_path: Path, source: str, reference: str
) -> None:
    from draftkit.check import check_document

    report_file.write_text(source + "appendix: indicators\n", encoding="utf-8")
    document = render_file(report_file, tmp_path / "out").documents[0]
    texts = [p.text for p in body_paragraphs(open_docx(document))]
    assert reference in texts
    report = check_document(document)
    assert report.ok, [f"{f.rule_id}: {f.where}: {f.found}" for f in report.errors]


@pytest.mark.parametrize("value", [Decimal("12345678901234567.123"), Decimal("-98765432109876.54321")])
def test_a_figure_past_float_precision_is_saved_as_vietnamese_text_and_read_back(value: Decimal) -> None:
    from draftkit.interview.fields import plain

    saved = plain(value)
    assert isinstance(saved, str) and "," in saved
    assert indicator(value=saved).value == value


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("540.000", "540000"), ("1 080 000", "1080000"), ("0.500", "0.500"), ("0125", "0125"), ("12.5", "12.5")],
)
def test_whole_numbers_typed_in_the_interview_are_ungrouped_only_when_grouped(typed: str, kept: str) -> None:
    """"0.500" groups nothing (no number starts with 0): it goes to the field as typed, and
    is refused there, never read as 500."""
    from draftkit.interview.parsers import ungroup_integer

    assert ungroup_integer(typed) == kept
