"""Hostile and odd data files (issue 12): never a wrong figure, a hang or a traceback.

Each class of input has a table or a property test; the checks are on what the user sees:
the values that reach the document, the Vietnamese message with its line, the exit code.
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from draftkit import datafile
from draftkit.cli import app
from draftkit.datafile import load_data_file
from draftkit.errors import InputError, Problem
from draftkit.models import AwardsData, DocumentData, ReportData
from draftkit.textcheck import sanitize
from draftkit.validation import validate

runner = CliRunner()

AWARDS = """\
version: 1
document: awards
issuer:
  name: ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC
  code: UBND
  place: Ngọc Lặc
number: 3150
date: 2023-12-14
authority: CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC
reason: đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023
awardees:
  - {name: Ủy ban nhân dân xã Ngọc Trung, kind: collective}
  - {name: Lê Văn Bình, kind: individual, gender: male, unit: xã Ngọc Trung}
signer:
  title: CHỦ TỊCH
  name: Trịnh Văn Dũng
recipients:
  - Như Điều 3
  - "Lưu: VT, NV"
"""

REPORT = """\
version: 1
document: report
issuer:
  name: ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC
  code: UBND
  place: Ngọc Lặc
number: 285
date: 2023-12-12
title: Tổng kết công tác năm 2023
opening: "Ủy ban nhân dân huyện báo cáo như sau:"
results:
  - heading: Kinh tế
    indicators:
      - label: Giá trị sản xuất
        value: 1520.4
        unit: tỷ đồng
        previous: 1444.2
        target: 1500
signer:
  title: CHỦ TỊCH
  name: Nguyễn Văn Hòa
recipients:
  - Thường trực Huyện ủy
"""

# Lines of AWARDS / REPORT, for the messages' "dòng N".
NUMBER_LINE = 7
DATE_LINE = 8


def write(tmp_path: Path, text: str, suffix: str = ".yaml", name: str = "data") -> Path:
    path = tmp_path / f"{name}{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, suffix: str = ".yaml") -> DocumentData:
    path = write(tmp_path, text, suffix)
    source = load_data_file(path)
    clean, _ = sanitize(source.data, line_of=source.line_of)
    return validate(datafile.DataFile(path=path, data=clean, lines=source.lines))


def refused(tmp_path: Path, text: str, suffix: str = ".yaml") -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text, suffix)
    return caught.value.problems


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, " ".join(result.output.split())


def awards_with(old: str, new: str) -> str:
    assert old in AWARDS
    return AWARDS.replace(old, new, 1)


def report_with(old: str, new: str) -> str:
    assert old in REPORT
    return REPORT.replace(old, new, 1)


# --- numbers as a clerk means them ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        ("number: 0125", "number", 125),
        ("number: 00007", "number", 7),
        ("number: 0089", "number", 89),  # not octal: 8 and 9 would even make YAML 1.1 read it as text
        ("number: +15", "number", 15),
        ("number: '0125'", "number", 125),
        ("number: '1.500'", "number", 1500),  # quoted: the Vietnamese way
    ],
)
def test_leading_zeros_are_decimal(tmp_path: Path, line: str, field: str, expected: int) -> None:
    model = load(tmp_path, awards_with("number: 3150", line))
    assert getattr(model, field) == expected


def test_money_with_a_leading_zero_is_the_sum_typed(tmp_path: Path) -> None:
    model = load(tmp_path, awards_with("awardees:", "money: {individual: 0540000, collective: 01080000}\nawardees:"))
    assert isinstance(model, AwardsData) and model.money is not None
    assert (model.money.individual, model.money.collective) == (540000, 1080000)


@given(number=st.integers(min_value=1, max_value=10**12), zeros=st.integers(min_value=0, max_value=6))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_zero_padded_number_reads_as_its_digits(tmp_path: Path, number: int, zeros: int) -> None:
    model = load(tmp_path, awards_with("number: 3150", f"number: {'0' * zeros}{number}"))
    assert model.number == number


# (line to put in place of "number: 3150" or another line, the field named, words of the message)
REFUSED_NUMBERS = [
    ("number: 4:45", "number", NUMBER_LINE, "“4:45”"),
    ("number: 1:02:03", "number", NUMBER_LINE, "“1:02:03”"),
    ("number: 0x1F", "number", NUMBER_LINE, "“0x1F”"),
    ("number: 0o17", "number", NUMBER_LINE, "“0o17”"),
    ("number: 0b101", "number", NUMBER_LINE, "“0b101”"),
    ("number: true", "number", NUMBER_LINE, "không phải “true”"),
    ("number: false", "number", NUMBER_LINE, "không phải “false”"),
    ("number: yes", "number", NUMBER_LINE, "“yes”"),
    ("number: on", "number", NUMBER_LINE, "“on”"),
    ("number: 15.0", "number", NUMBER_LINE, "số nguyên viết liền"),
    ("number: .inf", "number", NUMBER_LINE, "“.inf”"),
    ("number: !!int 4:45", None, NUMBER_LINE, "“4:45” không phải một số nguyên"),
    ("number: !!float 4:45", None, NUMBER_LINE, "“4:45” không phải một số"),
    ("date: 0", "date", DATE_LINE, "không phải số “0”"),
    ("date: 20231214", "date", DATE_LINE, "không phải số “20231214”"),
    ("date: 1700000000", "date", DATE_LINE, "năm-tháng-ngày"),
    ("date: '86400'", "date", DATE_LINE, "không phải số “86400”"),
    ("date: true", "date", DATE_LINE, "năm-tháng-ngày"),
    ("date: 2023-02-30", "date", DATE_LINE, "ngày có thật"),
    ("date: !!timestamp 2023-02-30", "date", DATE_LINE, "“2023-02-30”"),
    ("date: !!timestamp 2023-12-14 25:61:00", "date", DATE_LINE, "ngày có thật"),
    ("date: 0000-01-01", "date", DATE_LINE, "“0000-01-01”"),
]


@pytest.mark.parametrize(("line", "field", "line_number", "words"), REFUSED_NUMBERS)
def test_odd_number_forms_are_refused_never_coerced(
    tmp_path: Path, line: str, field: str | None, line_number: int, words: str
) -> None:
    old = "date: 2023-12-14" if line.startswith("date") else "number: 3150"
    problems = refused(tmp_path, awards_with(old, line))
    assert len(problems) == 1
    assert problems[0].field == field
    assert problems[0].line == line_number
    assert words in problems[0].message


@pytest.mark.parametrize(
    ("money", "words"),
    [
        ("{individual: true, collective: 1080000}", "không phải “true”"),
        ("{individual: 540.000, collective: 1080000}", "số nguyên viết liền"),
        ("{individual: 540000, collective: 1_080_000}", "“1_080_000”"),
        ("{individual: 540000, collective: 1,080,000}", "“1,080,000”"),
        ("{individual: 540000, collective: 10000000000000000000000}", "quá lớn"),
    ],
)
def test_money_that_is_not_a_whole_sum_is_refused(tmp_path: Path, money: str, words: str) -> None:
    problems = refused(tmp_path, awards_with("awardees:", f"money: {money}\nawardees:"))
    assert any(words in p.message and p.line == 11 for p in problems), problems


@pytest.mark.parametrize(
    ("money", "expected"),
    [
        # pydantic alone reads the text "540.000" as 540: a sum a thousand times too small.
        ('{individual: "540.000", collective: "1.080.000"}', (540000, 1080000)),
        ("{individual: 540000, collective: 1.080.000}", (540000, 1080000)),  # two dots: YAML text
        ('{individual: "0540000", collective: " 1080000 "}', (540000, 1080000)),
    ],
)
def test_money_typed_the_vietnamese_way_is_the_sum_typed(tmp_path: Path, money: str, expected: tuple[int, int]) -> None:
    model = load(tmp_path, awards_with("awardees:", f"money: {money}\nawardees:"))
    assert isinstance(model, AwardsData) and model.money is not None
    assert (model.money.individual, model.money.collective) == expected


@pytest.mark.parametrize("typed", ['"540.5"', '"540,5"', '"1,500"', '"1.52"'])
def test_quoted_money_that_is_not_a_whole_sum_is_refused(tmp_path: Path, typed: str) -> None:
    problems = refused(tmp_path, awards_with("awardees:", f"money: {{individual: {typed}, collective: 1080000}}\nawardees:"))
    assert problems and all(p.line == 11 for p in problems), problems


def test_a_boolean_offset_is_not_a_millimetre(tmp_path: Path) -> None:
    problems = refused(tmp_path, awards_with("awardees:", "certificate: {offset_top_mm: true}\nawardees:"))
    assert problems[0].field == "certificate.offset_top_mm" and "true" in problems[0].message


@pytest.mark.parametrize(
    ("suffix", "text", "field", "words"),
    [
        (".json", '{"document": "report", "number": true}', "number", "không phải “true”"),
        (".json", '{"document": "report", "date": 0}', "date", "không phải số “0”"),
        (".json", '{"document": "report", "year": 2023.0}', "year", "số nguyên viết liền"),
        (".json", '{"document": "report", "number": "4:45"}', "number", "“4:45”"),
        (".toml", 'document = "report"\nnumber = true\n', "number", "không phải “true”"),
        (".toml", 'document = "report"\ndate = 0\n', "date", "không phải số “0”"),
    ],
)
def test_json_and_toml_numbers_are_judged_alike(
    tmp_path: Path, suffix: str, text: str, field: str, words: str
) -> None:
    problems = refused(tmp_path, text, suffix)
    assert any(p.field == field and words in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".toml", 'document = "report"\nnumber = 0125\n'),
        (".json", '{"document": "report",\n "number": 0125}'),
        (".json", '{"document": "report",\n "number": -007}'),
    ],
)
def test_a_leading_zero_in_json_or_toml_is_a_syntax_message_with_its_line(
    tmp_path: Path, suffix: str, text: str
) -> None:
    problems = refused(tmp_path, text, suffix)
    assert problems[0].line == 2 and "số 0 ở đầu" in problems[0].message


YAML_11_BOOLEANS = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "on", "On", "ON", "off", "Off", "OFF"]


@given(spelling=st.sampled_from([*YAML_11_BOOLEANS, "true", "True", "TRUE", "false", "False", "FALSE"]))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_boolean_spelling_becomes_a_number(tmp_path: Path, spelling: str) -> None:
    for old in ("number: 3150", "date: 2023-12-14"):
        with pytest.raises(InputError):
            load(tmp_path, awards_with(old, f"{old.split(':')[0]}: {spelling}"))


@given(spelling=st.sampled_from(YAML_11_BOOLEANS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_yaml_11_booleans_are_text_where_text_is_wanted(tmp_path: Path, spelling: str) -> None:
    model = load(tmp_path, awards_with("  name: Trịnh Văn Dũng", f"  name: {spelling}"))
    assert model.signer.name == spelling


@given(hours=st.integers(min_value=0, max_value=99), minutes=st.integers(min_value=0, max_value=59))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_base_60_is_never_a_number(tmp_path: Path, hours: int, minutes: int) -> None:
    problems = refused(tmp_path, awards_with("number: 3150", f"number: {hours}:{minutes:02d}"))
    assert problems[0].field == "number" and f"{hours}:{minutes:02d}" in problems[0].message


def test_rendered_decision_carries_the_typed_number_and_money(tmp_path: Path) -> None:
    from docx_helpers import all_text, open_docx

    text = awards_with("number: 3150", "number: 0125")
    text = text.replace("awardees:", "money: {individual: 0540000, collective: 01080000}\nawardees:", 1)
    data = write(tmp_path, text, name="qd")
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 0, output
    decision = all_text(open_docx(tmp_path / "out" / "qd-quyet-dinh.docx"))
    assert "Số: 125/QĐ-UBND" in decision and "Số: 85/" not in decision
    assert "540.000 đồng" in decision and "180.224" not in decision


@given(value=st.text(max_size=30).map(lambda text: unicodedata.normalize("NFC", text)))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_text_written_by_draftkit_reads_back_as_text(tmp_path: Path, value: str) -> None:
    # Drafts, profiles and saved data files are written by dump_yaml and read by the loader:
    # "089" or "1.0e5" must come back as the text, not as a number.
    path = write(tmp_path, datafile.dump_yaml({"document": "report", "title": value, value or "x": value}))
    data = load_data_file(path).data
    assert data["title"] == value and data[value or "x"] == value


@pytest.mark.parametrize("value", ["089", "1.0e5", "+.5e1", "1.e5", "true", "0125", "4:45", "yes", "1_000"])
def test_number_like_text_round_trips(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, datafile.dump_yaml({"document": "report", "title": value}))
    assert load_data_file(path).data["title"] == value


# --- flow mappings with an empty value ---------------------------------------------------


@pytest.mark.parametrize(
    "entry",
    [
        "{name: Lê Văn Bình, gender: , unit: xã Ngọc Trung}",
        "{name: Lê Văn Bình, gender: ,unit: xã Ngọc Trung}",
        "{name: Lê Văn Bình, gender:  , unit: xã Ngọc Trung, kind: individual}",
        "{name: Lê Văn Bình, unit: xã Ngọc Trung, gender: }",
        "{name: Lê Văn Bình, gender: ~, unit: xã Ngọc Trung}",
    ],
)
def test_a_key_left_empty_in_braces_stays_empty(tmp_path: Path, entry: str) -> None:
    path = write(tmp_path, awards_with("{name: Lê Văn Bình, kind: individual, gender: male, unit: xã Ngọc Trung}", entry))
    source = load_data_file(path)
    model = validate(source)
    assert isinstance(model, AwardsData)
    person = model.awardee_list()[1]
    assert (person.name, person.gender, person.unit) == ("Lê Văn Bình", None, "xã Ngọc Trung")
    assert source.warnings == []


def test_a_comma_inside_a_value_is_still_joined_with_a_warning(tmp_path: Path) -> None:
    entry = "{name: Lê Văn Bình, gender: , unit: thôn Minh Thành, xã Minh Tiến}"
    path = write(tmp_path, awards_with("{name: Lê Văn Bình, kind: individual, gender: male, unit: xã Ngọc Trung}", entry))
    source = load_data_file(path)
    person = validate(source).awardee_list()[1]  # type: ignore[attr-defined]
    assert (person.name, person.gender, person.unit) == ("Lê Văn Bình", None, "thôn Minh Thành, xã Minh Tiến")
    assert [w.line for w in source.warnings] == [13] and "ngoặc kép" in source.warnings[0].message


def test_an_empty_name_in_braces_is_named_with_its_line(tmp_path: Path) -> None:
    entry = "{name: , gender: male, unit: xã Ngọc Trung}"
    problems = refused(tmp_path, awards_with("{name: Lê Văn Bình, kind: individual, gender: male, unit: xã Ngọc Trung}", entry))
    assert [(p.field, p.line) for p in problems] == [("awardees[1].name", 13)]
    assert "để trống" in problems[0].message


def test_certificate_does_not_glue_the_key_onto_the_name(tmp_path: Path) -> None:
    from docx_helpers import all_text, open_docx

    entry = "{name: Lê Văn Bình, gender: , unit: xã Ngọc Trung}"
    data = write(tmp_path, awards_with("{name: Lê Văn Bình, kind: individual, gender: male, unit: xã Ngọc Trung}", entry), name="gk")
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 0, output
    certificates = all_text(open_docx(tmp_path / "out" / "gk-giay-khen.docx"))
    assert "Lê Văn Bình" in certificates and "gender" not in certificates


# --- JSON duplicate keys -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ('{"document": "report",\n "number": 1,\n "number": 2}', "number", 3),
        ('{"document": "report",\n "issuer": {"name": "A",\n   "code": "UBND",\n   "name": "B"}}', "name", 4),
        ('{"document": "awards",\n "awardees": [\n  {"name": "A"},\n  {"name": "B",\n   "name": "C"}]}', "name", 5),
        ('{"document": "report", "title": "a\\u0000", "title": "b"}', "title", 1),
    ],
)
def test_json_duplicate_keys_are_refused_with_the_line(tmp_path: Path, text: str, key: str, line: int) -> None:
    problems = refused(tmp_path, text, ".json")
    assert len(problems) == 1
    assert f"“{key}” xuất hiện hai lần" in problems[0].message and problems[0].line == line


# --- alias bombs ---------------------------------------------------------------------------


def laughs(levels: int, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("levels", "width"), [(5, 9), (9, 9), (30, 2), (4, 40)])
def test_alias_expansion_is_refused_past_the_budget(tmp_path: Path, levels: int, width: int) -> None:
    problems = refused(tmp_path, "document: report\n" + laughs(levels, width))
    assert "tham chiếu YAML" in problems[0].message and problems[0].line is not None


@pytest.mark.parametrize(
    "text",
    [
        "document: report\nsituation: &x [*x]\n",
        "document: report\nissuer: &i {name: *i}\n",
        "document: report\nresults: &r\n  - heading: A\n    sections: *r\n",
    ],
)
def test_aliases_that_loop_are_refused(tmp_path: Path, text: str) -> None:
    problems = refused(tmp_path, text)
    assert "trỏ vào chính nó" in problems[0].message and problems[0].line is not None


def test_a_few_small_aliases_still_work(tmp_path: Path) -> None:
    text = awards_with("signer:\n  title: CHỦ TỊCH", "signer: &s\n  title: CHỦ TỊCH")
    text += "extra_copy_of_signer: *s\n"
    problems = refused(tmp_path, text)
    # Read fine; the unknown key is the only complaint, so the alias itself was accepted.
    assert [p.field for p in problems] == ["extra_copy_of_signer"]


@given(levels=st.integers(min_value=1, max_value=40), width=st.integers(min_value=1, max_value=12))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_aliases_are_refused_exactly_past_the_budget(tmp_path: Path, levels: int, width: int) -> None:
    # Nodes once expanded: a0's list and string, then each level's list and its references.
    sizes = [2]
    for _ in range(levels):
        sizes.append(1 + width * sizes[-1])
    expanded = 1 + 2 + sum(1 + size for size in sizes)
    distinct = 1 + 2 + (levels + 1) + 2 + levels
    problems = refused(tmp_path, "document: report\n" + laughs(levels, width))
    about_aliases = any("tham chiếu YAML" in p.message for p in problems)
    assert about_aliases == (expanded - distinct > datafile.ALIAS_BUDGET)


# --- tracebacks that must be messages ----------------------------------------------------

LONG = "9" * 5000


@pytest.mark.parametrize(
    ("suffix", "text", "line", "words"),
    [
        (".yaml", f"document: report\nnumber: {LONG}\n", 2, "4.300 chữ số"),
        (".yaml", f"document: report\nnumber: -{LONG}\n", 2, "4.300 chữ số"),
        (".json", f'{{"document": "report",\n "number": {LONG}}}', 2, "4.300 chữ số"),
        (".toml", f'document = "report"\nnumber = {LONG}\n', 2, "4.300 chữ số"),
        (".json", '{"document": "report",\n "title": "\\ud800"}', 2, "\\ud800"),
        (".json", '{"document": "report",\n "\\udfff": 1}', 2, "\\ud800"),
        (".yaml", 'document: report\ntitle: "\\ud800"\n', 2, "không phải một ký tự"),
        (".toml", 'document = "report"\ntitle = "\\ud800"\n', 2, "không phải một ký tự"),
        (".toml", 'document = "report"\ndate = 0000-01-01\n', 2, "ngày tháng không có thật"),
        (".toml", 'document = "report"\ndate = 2023-02-30\n', 2, "ngày tháng không có thật"),
    ],
)
def test_parser_crashes_become_messages(tmp_path: Path, suffix: str, text: str, line: int, words: str) -> None:
    problems = refused(tmp_path, text, suffix)
    assert problems[0].line == line and words in problems[0].message, problems


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("value", "1e70", "không phải là một số"),  # YAML 1.1: no dot, so text
        ("value", "1.0e70", "số quá lớn"),
        ("value", "-1.0e70", "số quá lớn"),
        ("value", "1e-70", "không phải là một số"),
        ("previous", "1.0e-70", "hơn 10 chữ số sau dấu phẩy"),
        ("target", "1000000000000000000", "số quá lớn"),
        ("value", "1.0e400", "quá lớn hoặc quá nhỏ"),
        ("value", "1.0e-400", "quá lớn hoặc quá nhỏ"),
        ("value", ".nan", "không phải là một số"),
        ("value", "true", "không phải “true”"),
    ],
)
def test_indicator_magnitudes_are_bounded(tmp_path: Path, field: str, value: str, words: str) -> None:
    old = {"value": "value: 1520.4", "previous": "previous: 1444.2", "target": "target: 1500"}[field]
    problems = refused(tmp_path, report_with(old, f"{field}: {value}"))
    assert len(problems) == 1 and problems[0].field in (f"results[0].indicators[0].{field}", None)
    assert words in problems[0].message and problems[0].line == {"value": 15, "previous": 17, "target": 18}[field]


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".json", '{"document": "report",\n "number": 1.0e400}'),
        (".json", '{"document": "report",\n "number": 1e-400}'),
        (".toml", 'document = "report"\nnumber = 1.0e400\n'),
        (".toml", 'document = "report"\nnumber = -2.5e-400\n'),
    ],
)
def test_floats_past_what_a_float_holds_are_refused(tmp_path: Path, suffix: str, text: str) -> None:
    problems = refused(tmp_path, text, suffix)
    assert problems[0].line == 2 and "quá lớn hoặc quá nhỏ" in problems[0].message


finite_figures = st.one_of(
    st.just(Decimal(0)),
    # What Indicator accepts: below 10^18, at most 10 digits after the decimal comma.
    st.decimals(min_value=Decimal("1e-10"), max_value=Decimal("1e18") - 1, places=10, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-Decimal("1e18") + 1, max_value=Decimal("-1e-10"), places=10, allow_nan=False, allow_infinity=False),
)


@given(value=finite_figures, previous=finite_figures, target=finite_figures)
@settings(max_examples=150, deadline=None)
def test_every_accepted_figure_can_be_worded(value: Decimal, previous: Decimal, target: Decimal) -> None:
    from draftkit.models import Indicator
    from draftkit.wording import indicator_sentence

    indicator = Indicator.model_validate(
        {"label": "Giá trị", "value": value, "previous": previous or None, "target": target or None}
    )
    sentence = indicator_sentence("Giá trị", indicator.value, "tỷ đồng", indicator.previous, indicator.target)
    assert sentence.startswith("Giá trị")


@pytest.mark.parametrize("typed", ["01/01/0000", "0000-01-01", "ngày 05 tháng 3 năm 0000"])
def test_year_0000_typed_in_the_interview_is_an_answer_error(typed: str) -> None:
    from draftkit.interview.parsers import AnswerError, parse_date

    with pytest.raises(AnswerError, match="không có năm 0000"):
        parse_date(typed)


# --- control characters from Word --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "words"),
    [
        ("đã có\x0bthành tích", "đã có\nthành tích", "U+000B"),
        ("đã có\x07 thành tích", "đã có thành tích", "U+0007"),
        ('"đã có\x0b\x07thành tích"', "đã có\nthành tích", "U+0007"),
        ("'đã có\x1f thành tích'", "đã có thành tích", "U+001F"),
    ],
)
def test_word_control_characters_are_converted_with_the_line(
    tmp_path: Path, raw: str, expected: str, words: str | None
) -> None:
    path = write(tmp_path, awards_with("reason: đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023", f"reason: {raw}"))
    source = load_data_file(path)
    clean, warnings = sanitize(source.data, line_of=source.line_of)
    assert clean["reason"] == expected
    if words is not None:
        assert any(w.field == "reason" and w.line == 10 and words in w.message for w in warnings), warnings


def test_control_characters_in_a_joined_value_stay_out_of_the_warning(tmp_path: Path) -> None:
    path = write(tmp_path, awards_with("unit: xã Ngọc Trung}", "unit: thôn\x07 Minh Thành, xã Minh Tiến}"))
    source = load_data_file(path)
    assert source.data["awardees"][1]["unit"] == "thôn\x07 Minh Thành, xã Minh Tiến"
    [warning] = source.warnings
    assert "“thôn Minh Thành, xã Minh Tiến”" in warning.message and warning.line == 13
    assert not re.search("[\x00-\x1f\U0010ff00-\U0010fffd]", warning.message + warning.field)


def test_control_characters_beside_private_use_letters_get_the_line(tmp_path: Path) -> None:
    # A file that already holds the loader's private stand-ins keeps its controls: the
    # YAML reader refuses them, and the message names the line and the character.
    text = awards_with("reason: đã có", "reason: \U0010ff00 đã\x0bcó")
    problems = refused(tmp_path, text)
    assert problems[0].line == 10 and "U+000B" in problems[0].message


def test_cli_names_the_line_of_a_word_line_break(tmp_path: Path) -> None:
    data = write(tmp_path, awards_with("reason: đã có", "reason: đã\x0bcó"), name="vt")
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 0, output
    assert "Cảnh báo: dòng 10, mục “reason”: đã đổi dấu ngắt dòng của Word (U+000B)" in output


# --- parser messages in Vietnamese, with the line ----------------------------------------

ENGLISH = re.compile(
    r"\b(expected|found|could not|constructor|document|stream|Invalid|Cannot|Expecting|Unterminated|"
    r"Unclosed|Illegal|allowed|character|delimiter|Extra data|escape)\b"
)


@pytest.mark.parametrize(
    ("suffix", "text", "line", "words"),
    [
        (".yaml", "document: report\nbase: &b {name: A}\nissuer:\n  <<: *b\n", 4, "“<<”"),
        (".yaml", "document: report\n---\ndocument: awards\n", 2, "“---”"),
        (".yaml", "document: report\ntitle: !!python/object:os.system x\n", 2, "thẻ YAML"),
        (".yaml", "document: report\ntitle: !mine x\n", 2, "thẻ YAML"),
        (".yaml", "document: report\ntitle: !!binary aGVsbG8=\n", 2, "“!!binary”"),
        (".yaml", "document: report\ntitle: !!set {a, b}\n", 2, "“!!set”"),
        (".yaml", "document: report\nrecipients: !!omap [a: 1]\n", 2, "“!!omap”"),
        (".yaml", "document: report\nissuer: {name: A, code:, place: B}\n", 2, "dấu cách theo sau"),
        (".yaml", "document: report\ntitle: &\n", 2, "sau dấu “&”"),
        (".yaml", 'document: report\ntitle: "\\q"\n', 2, "dấu “\\”"),
        (".yaml", "document: report\n\ttitle: a\n", 2, "Tab"),
        (".yaml", "document: report\n%YAML 1.1\n", 2, "“%”"),
        (".yaml", "document: report\nissuer:\n  name: A\n - code: B\n", 4, "thụt lề"),
        (".toml", 'document = "report"\ntitle = Báo cáo\n', 2, "ngoặc kép"),
        (".toml", 'document = "report"\ndocument = "awards"\n', 2, "hai lần"),
        (".toml", 'document = "report"\n[issuer]\nname = "A"\n[issuer]\n', 4, "hai lần"),
        (".toml", 'document = "report"\ntitle "Báo cáo"\n', 2, "“=”"),
        (".toml", 'document = "report"\nrecipients = ["a", "b"\n', 2, "“]”"),
        (".toml", 'document = "report"\nissuer = {name = "A"\n', 2, "“}”"),
        (".toml", 'document = "report"\ntitle = "Báo cáo\n', 2, "ngoặc kép đóng"),
        (".toml", 'document = "report"\ntitle = "a\x07b"\n', 2, "ký tự điều khiển"),
        (".toml", 'document = "report"\n[issuer\n', 2, "“]”"),
        (".toml", 'document = "report"\n= 1\n', 2, "khóa = giá trị"),
        (".json", '{"document": "report",\n "title": }', 2, "thiếu giá trị"),
        (".json", '{"document": "report"\n "title": "a"}', 2, "dấu phẩy"),
        (".json", '{"document": "report",\n "title" "a"}', 2, "hai chấm"),
        (".json", '{"document": "report",\n title: "a"}', 2, "ngoặc kép"),
        (".json", '{"document": "report",\n "title": "a}', 2, "ngoặc kép đóng"),
        (".json", '{"document": "report",\n "title": "\\q"}', 2, "dấu “\\”"),
        (".json", '{"document": "report",\n "title": "\\u12"}', 2, "\\u"),
        (".json", '{"document": "report"}\n{}', 2, "thừa"),
    ],
)
def test_parser_messages_are_vietnamese_with_the_line(
    tmp_path: Path, suffix: str, text: str, line: int, words: str
) -> None:
    problems = refused(tmp_path, text, suffix)
    assert problems[0].line == line, problems
    assert words in problems[0].message, problems
    assert not ENGLISH.search(problems[0].message), problems[0].message
    data = write(tmp_path, text, suffix, name="cli")
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 1 and f"dòng {line}:" in output and "Traceback" not in output


TAGS = ["!!map", "!!seq", "!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!binary", "!!set", "!x"]
TAGGED = ["a", "0125", "4:45", "2023-02-30", "[a, b]", "{a: b}", '""', "true", "1.5"]


@pytest.mark.parametrize("tag", TAGS)
def test_explicit_tags_never_give_a_traceback_or_english(tmp_path: Path, tag: str) -> None:
    for value in TAGGED:
        try:
            load(tmp_path, report_with("title: Tổng kết công tác năm 2023", f"title: {tag} {value}"))
        except InputError as error:
            message = error.problems[0].message
            assert error.problems[0].line is not None and not ENGLISH.search(message), (value, message)


# --- files that cannot be read -----------------------------------------------------------


def test_a_directory_is_exit_1_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    code, output = run("render", str(tmp_path / "folder.yaml"), "-o", str(tmp_path / "out"))
    assert code == 1 and "Đây là một thư mục" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    # Nobody writes to the FIFO: opening it for reading would block this test forever.
    code, output = run("render", str(fifo), "-o", str(tmp_path / "out"))
    assert code == 1 and "không phải một tệp thông thường" in output


@pytest.mark.skipif(not Path("/dev/null").exists() or sys.platform == "win32", reason="no /dev/null")
@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_refused(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    link = tmp_path / "device.yaml"
    link.symlink_to(device)
    code, output = run("render", str(link), "-o", str(tmp_path / "out"))
    assert code == 1 and "không phải một tệp thông thường" in output


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (PermissionError(13, "Permission denied"), "không có quyền"),
        (OSError(27, "File too large"), "tệp quá lớn"),
        (OSError(5, "Input/output error"), "lỗi đọc ghi trên ổ đĩa"),
    ],
)
def test_an_unreadable_file_is_exit_1_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, words: str
) -> None:
    data = write(tmp_path, REPORT)

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise error

    monkeypatch.setattr(datafile.os, "open", refuse)
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 1 and f"Không đọc được tệp: {words}." in output
    assert error.strerror not in output


def test_a_file_too_large_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = write(tmp_path, REPORT)
    monkeypatch.setattr(datafile, "MAX_DATA_BYTES", 100)
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 1 and "Tệp quá lớn" in output and "File too large" not in output


def test_new_report_data_option_reads_through_the_same_door(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    code, output = run("new-report", "--data", str(tmp_path / "folder.yaml"), "-o", str(tmp_path / "out"))
    assert code == 1 and "Đây là một thư mục" in output


# --- no traceback, whatever the text -----------------------------------------------------

HOSTILE = list(":-{}[],&*!|>'\"%@`#?<=~\\ \t\n\r") + list("0123456789.eExob_+") + [
    "\x0b", "\x07", "\x00", "\x85", "\ufeff", "\u2028", "ư", "Đ", "😀", "\ud800", "yes", "true", "null",
    "document", "report", "awards", "number", "date", "value", "money", "awardees", "---", "...", "<<",
    "!!int", "!!timestamp", "!!binary", "!!map", "!!seq", "!!str", "!!set", "!!omap", "&a", "*a", "0x1F", "4:45", "0125", "1e70", "2023-02-30",
]


def _check_no_traceback(tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        source = load_data_file(path)
        clean, _ = sanitize(source.data, line_of=source.line_of)
        model = validate(datafile.DataFile(path=path, data=clean, lines=source.lines))
        # A valid file may still lack what the rules cannot default (executors of a body
        # that is not a People's Committee...): that too must be a message.
        _words_without_error(model)
    except InputError as error:
        assert error.problems and all(p.message for p in error.problems)


def _words_without_error(model: DocumentData) -> None:
    if isinstance(model, ReportData):
        from draftkit.report import report_context

        report_context(model)
    elif isinstance(model, AwardsData) and not isinstance(model.awardees, str):
        from draftkit.awards import certificate_context, decision_context, list_context

        decision_context(model)
        list_context(model)
        certificate_context(model)


@given(text=st.lists(st.sampled_from(HOSTILE), max_size=80).map("".join))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_yaml_ish_text_never_raises_a_traceback(tmp_path: Path, text: str) -> None:
    _check_no_traceback(tmp_path, "document: report\n" + text, ".yaml")


@st.composite
def mutated(draw: st.DrawFn, base: str) -> str:
    text = base
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        cut = draw(st.integers(min_value=0, max_value=8))
        text = text[:at] + draw(st.sampled_from(HOSTILE)) + text[at + cut :]
    return text


@given(text=mutated(AWARDS))
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_awards_files_never_raise_a_traceback(tmp_path: Path, text: str) -> None:
    _check_no_traceback(tmp_path, text, ".yaml")


@given(text=mutated(REPORT))
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_reports_never_raise_a_traceback(tmp_path: Path, text: str) -> None:
    _check_no_traceback(tmp_path, text, ".yaml")


REPORT_JSON = json.dumps(
    {
        "document": "report",
        "issuer": {"name": "UBND", "code": "UBND", "place": "Ngọc Lặc"},
        "number": 285,
        "date": "2023-12-12",
        "title": "Báo cáo",
        "opening": "Mở đầu",
        "results": [{"heading": "A", "indicators": [{"label": "B", "value": 1520.4, "previous": 1444.2}]}],
        "signer": {"title": "CHỦ TỊCH", "name": "Nguyễn Văn Hòa"},
        "recipients": ["Lưu: VT"],
    },
    ensure_ascii=False,
    indent=1,
)


@given(text=mutated(REPORT_JSON))
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_json_never_raises_a_traceback(tmp_path: Path, text: str) -> None:
    _check_no_traceback(tmp_path, text, ".json")


REPORT_TOML = """\
document = "report"
number = 285
date = 2023-12-12
title = "Báo cáo"
opening = "Mở đầu"
recipients = ["Lưu: VT"]
[issuer]
name = "UBND"
code = "UBND"
place = "Ngọc Lặc"
[signer]
title = "CHỦ TỊCH"
name = "Nguyễn Văn Hòa"
[[results]]
heading = "A"
[[results.indicators]]
label = "B"
value = 1520.4
previous = 1444.2
"""


@given(text=mutated(REPORT_TOML))
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_toml_never_raises_a_traceback(tmp_path: Path, text: str) -> None:
    _check_no_traceback(tmp_path, text, ".toml")


def test_the_unmutated_bases_are_valid(tmp_path: Path) -> None:
    # The mutation tests start from documents that render: a base that did not would
    # only ever test the error path.
    for text, suffix in ((AWARDS, ".yaml"), (REPORT, ".yaml"), (REPORT_JSON, ".json"), (REPORT_TOML, ".toml")):
        _words_without_error(load(tmp_path, text, suffix))
