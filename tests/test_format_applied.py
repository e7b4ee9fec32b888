"""The format the decree requires is applied, not left to typing (issue 11 §4).

Agency names, the signing authority line, the signer's title and a decision's authority
line are printed in capitals whatever the case typed, so every document draftkit writes
passes `draftkit check`; `check` names the line whose case is wrong; a report without an
opening gets a default one. Every assertion reads the rendered .docx or the check's findings.
"""

from __future__ import annotations

import copy
import itertools
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.document import Document as DocumentObject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CASES, EXAMPLES
from draftkit.check import CheckReport, check_document
from draftkit.check._checks import shorten
from draftkit.check._layout import is_upper
from draftkit.datafile import load_data_file
from draftkit.interview.fields import field_spec
from draftkit.models import ReportData
from draftkit.pipeline import render_file
from draftkit.report import default_opening
from draftkit.wording import authority_in_text, is_abbreviation, upper_vi

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
CASE_FILES = sorted(
    p for suffix in ("yaml", "yml", "json", "toml") for p in CASES.glob(f"*/*.{suffix}")
)


def load(path: Path) -> dict[str, Any]:
    """The data as `draftkit render` reads it (its own loader: YAML, JSON or TOML)."""
    data = load_data_file(path).data
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def render_data(data: dict[str, Any], source: Path, where: Path) -> list[Path]:
    """Write ``data`` as a data file in ``where`` (with the spreadsheet it names) and render it."""
    where.mkdir(parents=True, exist_ok=True)
    if isinstance(data.get("awardees"), str):
        shutil.copy(source.parent / data["awardees"], where / Path(data["awardees"]).name)
        data = {**data, "awardees": Path(data["awardees"]).name}
    target = where / "du-lieu.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return render_file(target, where / "out").documents


def all_texts(path: Path) -> list[str]:
    """Every line of the body and of the tables, as a reader sees it."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    texts += paragraph.text.split("\n")
    return texts


def failures(report: CheckReport) -> list[str]:
    return [f"{f.rule_id}: {f.where}: {f.found}" for f in report.errors]


# The fields the decree prints in capitals, as (path in the data file).
CAPITAL_FIELDS: tuple[tuple[str, ...], ...] = (
    ("issuer", "parent"),
    ("issuer", "name"),
    ("signer", "authority"),
    ("signer", "title"),
    ("authority",),
)


def get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def put(data: dict[str, Any], path: tuple[str, ...], value: str) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def title_case(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


def sentence_case(text: str) -> str:
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


RECASINGS: dict[str, Callable[[str], str]] = {
    "as-typed": lambda text: text,
    "lower": str.lower,
    "title": title_case,
    "sentence": sentence_case,
    "nfd-lower": lambda text: unicodedata.normalize("NFD", text.lower()),
}


# --------------------------------------------------------------------------- wording


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("ủy ban nhân dân xã đông sơn", "ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN"),
        ("Ủy ban nhân dân huyện Ngọc Lặc", "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC"),
        ("uBnD tỉnh thanh hóa", "UBND TỈNH THANH HÓA"),
        ("đảng bộ tỉnh thanh hóa", "ĐẢNG BỘ TỈNH THANH HÓA"),
        ("huyện ủy ngọc lặc", "HUYỆN ỦY NGỌC LẶC"),
        ("tm. ủy ban nhân dân", "TM. ỦY BAN NHÂN DÂN"),
        ("Kt. Chủ tịch", "KT. CHỦ TỊCH"),
        ("q. chủ tịch", "Q. CHỦ TỊCH"),
        ("tuq. chủ tịch", "TUQ. CHỦ TỊCH"),
        ("t/m ban thường vụ", "T/M BAN THƯỜNG VỤ"),
        ("k/t bí thư", "K/T BÍ THƯ"),
        ("phó bí thư", "PHÓ BÍ THƯ"),
        ("Phó Chủ tịch", "PHÓ CHỦ TỊCH"),
        ("phòng gd&đt huyện", "PHÒNG GD&ĐT HUYỆN"),
        ("trường thcs số 1", "TRƯỜNG THCS SỐ 1"),
        ("ưu ơ ă â ê ô đ ý ỵ ỷ ỹ ỳ", "ƯU Ơ Ă Â Ê Ô Đ Ý Ỵ Ỷ Ỹ Ỳ"),
        ("ỦY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
        # line breaks and spaces the clerk typed are kept: only the case changes
        ("ủy ban nhân dân\nhuyện ngọc lặc", "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC"),
        ("  hội  cựu chiến binh ", "  HỘI  CỰU CHIẾN BINH "),
        # old-style tone placement stays where it was typed
        ("uỷ ban nhân dân", "UỶ BAN NHÂN DÂN"),
        (unicodedata.normalize("NFD", "đông sơn"), unicodedata.normalize("NFD", "ĐÔNG SƠN")),
    ],
)
def test_upper_vi(typed: str, printed: str) -> None:
    assert upper_vi(typed) == printed


VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy" + "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
syllables = st.lists(
    st.tuples(st.sampled_from(VIETNAMESE_LETTERS), st.sampled_from(TONES)), min_size=1, max_size=8
).map(lambda pieces: unicodedata.normalize("NFC", "".join(a + b for a, b in pieces)))
vietnamese_text = st.lists(syllables, min_size=1, max_size=8).map(" ".join)


@given(vietnamese_text)
def test_upper_vi_is_capitals_whatever_the_case(text: str) -> None:
    printed = upper_vi(text)
    assert is_upper(printed)  # what `check` asks of the header lines
    assert upper_vi(text.lower()) == printed == upper_vi(printed)
    assert printed.lower() == text.lower()  # only the case changed
    assert len(printed) == len(text)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("THCS", True),
        ("HĐND", True),
        ("GD&ĐT", True),
        ("XDCS", True),
        ("TP", True),
        ("UBND", False),  # a vowel: known from the list of abbreviations instead
        ("NGỌC", False),
        ("Y", False),
        ("ĐẮK", False),
        ("X", False),
        ("thcs", False),
    ],
)
def test_is_abbreviation(word: str, expected: bool) -> None:
    assert is_abbreviation(word) is expected


@pytest.mark.parametrize(
    ("typed", "in_text"),
    [
        ("chủ tịch ủy ban nhân dân xã đông sơn", "Chủ tịch Ủy ban nhân dân xã Đông Sơn"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN", "Chủ tịch Ủy ban nhân dân xã Đông Sơn"),
        ("ban thường vụ huyện ủy ngọc lặc", "Ban Thường vụ Huyện ủy Ngọc Lặc"),
        ("BAN CHỈ ĐẠO XDCS HUYỆN NGỌC LẶC", "Ban Chỉ đạo XDCS huyện Ngọc Lặc"),
        # typed with capitals where the clerk meant them: kept
        ("Chủ tịch UBND huyện Ngọc Lặc", "Chủ tịch UBND huyện Ngọc Lặc"),
    ],
)
def test_authority_in_text_reads_lowercase_as_capitals(typed: str, in_text: str) -> None:
    assert authority_in_text(typed) == in_text


@pytest.mark.parametrize(
    ("issuer", "title", "opening"),
    [
        (
            "ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN",
            "Tổng kết công tác năm 2025, phương hướng, nhiệm vụ năm 2026",
            "Ủy ban nhân dân xã Đông Sơn báo cáo tổng kết công tác năm 2025, phương hướng, "
            "nhiệm vụ năm 2026 như sau:",
        ),
        (
            "ủy ban nhân dân huyện ngọc lặc",
            "Kết quả thực hiện Quy chế dân chủ năm 2023.",
            "Ủy ban nhân dân huyện Ngọc Lặc báo cáo kết quả thực hiện Quy chế dân chủ năm 2023 "
            "như sau:",
        ),
        (
            "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC",
            "Báo cáo kết quả công tác năm 2023",  # never "báo cáo báo cáo"
            "Ủy ban nhân dân huyện Ngọc Lặc báo cáo kết quả công tác năm 2023 như sau:",
        ),
        (
            "HUYỆN ỦY NGỌC LẶC",
            "về công tác xây dựng Đảng năm 2023",
            "Huyện ủy Ngọc Lặc báo cáo về công tác xây dựng Đảng năm 2023 như sau:",
        ),
        (
            "ĐẢNG ỦY XÃ ĐÔNG SƠN",
            "QP-AN năm 2023",  # an abbreviation keeps its capitals
            "Đảng ủy xã Đông Sơn báo cáo QP-AN năm 2023 như sau:",
        ),
        (
            "TRƯỜNG THCS NGỌC LẶC",
            "Tổng kết năm học 2023 - 2024",
            "Trường THCS Ngọc Lặc báo cáo tổng kết năm học 2023 - 2024 như sau:",
        ),
        (
            "Phòng Nội vụ",
            "Công tác thi đua, khen thưởng năm 2023;",
            "Phòng Nội vụ báo cáo công tác thi đua, khen thưởng năm 2023 như sau:",
        ),
    ],
)
def test_default_opening(issuer: str, title: str, opening: str) -> None:
    assert default_opening(issuer, title) == opening


# --------------------------------------------------------------------------- the opening


@pytest.mark.parametrize(
    "example", ["ngoc-lac-2023-bao-cao.yaml", "ngoc-lac-2023-bao-cao-dang.yaml"]
)
def test_a_report_without_an_opening_gets_the_default_sentence(
    example: str, tmp_path: Path
) -> None:
    source = EXAMPLES / example
    data = load(source)
    del data["opening"]
    data["issuer"]["name"] = data["issuer"]["name"].lower()  # any case: named as in a sentence
    (document,) = render_data(data, source, tmp_path)
    texts = all_texts(document)
    expected = default_opening(data["issuer"]["name"], data["title"])
    assert expected.startswith(
        (
            "Ủy ban nhân dân huyện Ngọc Lặc báo cáo tổng kết công tác",
            "Huyện ủy Ngọc Lặc báo cáo tổng kết công tác",
        )
    )
    assert expected in texts
    # It opens the body: it comes right after the trích yếu and before the first heading.
    body = [p.text for p in docx.Document(str(document)).paragraphs if p.text.strip()]
    assert body.index(expected) < min(i for i, t in enumerate(body) if t.startswith(("I.", "Phần")))
    report = check_document(document)
    assert report.ok, failures(report)


def test_the_opening_is_optional_in_the_spec_and_the_interview() -> None:
    spec = field_spec(ReportData, "opening")
    assert spec.required is False
    assert "báo cáo" in (spec.description or "")


def test_the_interview_accepts_an_empty_opening(tmp_path: Path) -> None:
    from test_interview import ANSWERS, OPENING, SAVE, invoke

    out = tmp_path / "van-ban"
    lines = list(ANSWERS)
    lines[lines.index(OPENING)] = ""  # Enter at "Đoạn mở đầu"
    result = invoke(["new-report", "-o", str(out), "--name", "bc"], lines + SAVE)
    assert result.exit_code == 0, result.output
    assert "Đoạn mở đầu” không được để trống" not in result.output
    data = load_data_file(out / "bc.yaml").data
    assert "opening" not in data
    sentence = default_opening(data["issuer"]["name"], data["title"])
    assert sentence in all_texts(out / "bc.docx")


# --------------------------------------------------------------------------- capitals printed


def examples_of(style: str, document: str) -> Path:
    for path in EXAMPLE_FILES:
        data = load(path)
        if data["style"] == style and data["document"] == document:
            return path
    raise AssertionError(f"no example of {document} in the {style} style")


def capital_lines(data: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    """The lines the decree prints in capitals, as they must read in the document."""
    wanted = []
    for path in CAPITAL_FIELDS:
        value = get(data, path)
        if isinstance(value, str):
            words = " ".join(value.split()).upper()
            wanted.append((path, unicodedata.normalize("NFC", words)))
    return wanted


def joined_texts(path: Path) -> str:
    return " ".join(" ".join(all_texts(path)).split())


@pytest.mark.parametrize("recasing", ["lower", "title", "sentence", "nfd-lower"])
@pytest.mark.parametrize(
    ("style", "document"),
    [("state", "report"), ("party", "report"), ("state", "awards"), ("party", "awards")],
)
def test_header_names_authority_and_title_print_in_capitals(
    style: str, document: str, recasing: str, tmp_path: Path
) -> None:
    source = examples_of(style, document)
    data = load(source)
    name = data["signer"]["name"] = "Nguyễn thị Hoa"  # a name keeps the case typed
    for path in CAPITAL_FIELDS:
        value = get(data, path)
        if isinstance(value, str):
            put(data, path, RECASINGS[recasing](value))
    documents = render_data(data, source, tmp_path)
    for path in documents:
        text = joined_texts(path)
        for field, line in capital_lines(load(source)):
            if path.name.endswith("danh-sach.docx") and field[0] != "issuer":
                continue  # the list has the header only, no signature or authority line
            if path.name.endswith("giay-khen.docx") and field[0] == "issuer":
                continue  # a certificate has no agency header
            assert line in text, (path.name, line)
        if not path.name.endswith("danh-sach.docx"):
            assert name in all_texts(path)
            assert name.upper() not in text
        report = check_document(path)
        assert report.ok, failures(report)


def test_the_decision_authority_line_is_in_capitals_and_in_sentence_form_in_the_text(
    tmp_path: Path,
) -> None:
    source = examples_of("state", "awards")
    data = load(source)
    data["authority"] = "chủ tịch ủy ban nhân dân huyện ngọc lặc"
    decision = next(
        p for p in render_data(data, source, tmp_path) if p.name.endswith("quyet-dinh.docx")
    )
    texts = all_texts(decision)
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC" in texts
    article = next(t for t in texts if t.startswith("Điều 1."))
    assert "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện Ngọc Lặc cho" in article


# --------------------------------------------------------------------------- property


def recased(text: str, choices: list[int]) -> str:
    """``text`` with each letter's case picked by ``choices`` (0 lower, 1 upper, 2 as is)."""
    out = []
    for index, ch in enumerate(text):
        pick = choices[index % len(choices)]
        out.append(ch.lower() if pick == 0 else ch.upper() if pick == 1 else ch)
    return "".join(out)


STATE_HEADERS = {
    ("issuer", "parent"): [
        "UBND TỈNH THANH HÓA",
        "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
        "UBND HUYỆN NGỌC LẶC",
    ],
    ("issuer", "name"): [
        "ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN",
        "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
        "PHÒNG NỘI VỤ",
        "TRƯỜNG THCS ĐÔNG SƠN",
    ],
    ("signer", "authority"): ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "Q. CHỦ TỊCH", "TL. CHỦ TỊCH"],
    ("signer", "title"): ["CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG"],
    ("authority",): [
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
    ],
}
PARTY_HEADERS = {
    ("issuer", "parent"): ["ĐẢNG BỘ TỈNH THANH HÓA", "ĐẢNG BỘ HUYỆN NGỌC LẶC"],
    ("issuer", "name"): ["HUYỆN ỦY NGỌC LẶC", "ĐẢNG ỦY XÃ ĐÔNG SƠN", "CHI BỘ THÔN ĐỒNG TÂM"],
    ("signer", "authority"): [
        "T/M BAN THƯỜNG VỤ",
        "T/M ĐẢNG ỦY",
        "K/T TRƯỞNG BAN",
        "T/L BAN THƯỜNG VỤ",
    ],
    ("signer", "title"): ["BÍ THƯ", "PHÓ BÍ THƯ", "PHÓ TRƯỞNG BAN"],
    ("authority",): ["BAN THƯỜNG VỤ HUYỆN ỦY NGỌC LẶC", "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ ĐÔNG SƠN"],
}


@st.composite
def typed_headers(draw: st.DrawFn, style: str) -> dict[tuple[str, ...], str | None]:
    table = STATE_HEADERS if style == "state" else PARTY_HEADERS
    chosen: dict[tuple[str, ...], str | None] = {}
    for path, options in table.items():
        optional = path in (("issuer", "parent"), ("signer", "authority"))
        if optional and draw(st.booleans()) is False:
            chosen[path] = None
            continue
        text = draw(st.sampled_from(options))
        cases = draw(st.lists(st.integers(0, 2), min_size=1, max_size=12))
        chosen[path] = recased(text, cases)
    return chosen


def check_with_headers(
    style: str, document: str, headers: dict[tuple[str, ...], str | None]
) -> None:
    source = examples_of(style, document)
    data = load(source)
    for path, value in headers.items():
        if path == ("authority",) and document != "awards":
            continue
        if value is None:
            get(data, path[:-1]).pop(path[-1], None)
        else:
            put(data, path, value)
    with tempfile.TemporaryDirectory() as folder:
        for path in render_data(data, source, Path(folder)):
            text = joined_texts(path)
            for field, value in headers.items():
                if value is None or (field == ("authority",) and document != "awards"):
                    continue
                if path.name.endswith("danh-sach.docx") and field[0] != "issuer":
                    continue
                if path.name.endswith("giay-khen.docx") and field[0] == "issuer":
                    continue
                assert upper_vi(" ".join(value.split())) in text, (path.name, field, value)
            report = check_document(path)
            assert report.ok, (headers, path.name, failures(report))


PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("style", ["state", "party"])
@pytest.mark.parametrize("document", ["report", "awards"])
def test_any_case_typed_renders_documents_that_pass_check(style: str, document: str) -> None:
    @PROPERTY
    @given(typed_headers(style))
    def run(headers: dict[tuple[str, ...], str | None]) -> None:
        check_with_headers(style, document, headers)

    run()


# --------------------------------------------------------------------------- every example and case


@pytest.mark.parametrize("recasing", sorted(RECASINGS))
@pytest.mark.parametrize(
    "source",
    EXAMPLE_FILES + CASE_FILES,
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_every_example_and_case_passes_check_whatever_the_header_case(
    source: Path, recasing: str, tmp_path: Path
) -> None:
    data = load(source)
    for path in CAPITAL_FIELDS:
        value = get(data, path)
        if isinstance(value, str):
            put(data, path, RECASINGS[recasing](value))
    documents = render_data(data, source, tmp_path)
    assert documents
    for path in documents:
        report = check_document(path)
        assert report.ok, failures(report)


def test_the_cases_folder_is_seen() -> None:
    """Guards the parametrisation above: the shared cases are found when they are there."""
    if CASES.exists():
        assert CASE_FILES, f"no data file under {CASES}"


# --------------------------------------------------------------------------- check's messages


def retype(doc: DocumentObject, old: str, new: str) -> None:
    """Replace a run's whole text, as a clerk retyping one line of the header would."""
    runs = [
        run
        for table in doc.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
    ] + [run for paragraph in doc.paragraphs for run in paragraph.runs]
    hits = [run for run in runs if run.text == old]
    assert hits, f"no run reads {old!r}"
    for run in hits:
        run.text = new


@pytest.mark.parametrize(
    ("example", "old", "new", "rule_id", "shown"),
    [
        (
            "ngoc-lac-2023-bao-cao.yaml",
            "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC",
            "Ủy ban nhân dân\nhuyện Ngọc Lặc",
            "header.issuer",
            "“Ủy ban nhân dân / huyện Ngọc Lặc”",
        ),
        (
            "ngoc-lac-2023-bao-cao.yaml",
            "UBND TỈNH THANH HÓA",
            "UBND tỉnh Thanh Hóa",
            "header.parent_body",
            "“UBND tỉnh Thanh Hóa”",
        ),
        (
            "ngoc-lac-2023-bao-cao.yaml",
            "TM. ỦY BAN NHÂN DÂN",
            "tm. ủy ban nhân dân",
            "signature.authority",
            "“tm. ủy ban nhân dân”",
        ),
        (
            "ngoc-lac-2023-bao-cao.yaml",
            "CHỦ TỊCH",
            "Chủ tịch",
            "signature.title",
            "“Chủ tịch”",
        ),
        (
            "ngoc-lac-2023-khen-thuong.yaml",
            "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC",
            "ủy ban nhân dân\nhuyện ngọc lặc",
            "header.issuer",
            "“ủy ban nhân dân / huyện ngọc lặc”",
        ),
        (
            "ngoc-lac-2023-bao-cao-dang.yaml",
            "HUYỆN ỦY NGỌC LẶC",
            "Huyện ủy Ngọc Lặc",
            "header.issuer",
            "“Huyện ủy Ngọc Lặc”",
        ),
        (
            "ngoc-lac-2023-bao-cao-dang.yaml",
            "ĐẢNG BỘ TỈNH THANH HÓA",
            "Đảng bộ tỉnh Thanh Hóa",
            "header.parent_body",
            "“Đảng bộ tỉnh Thanh Hóa”",
        ),
        (
            "ngoc-lac-2023-bao-cao-dang.yaml",
            "T/M BAN THƯỜNG VỤ",
            "t/m Ban Thường vụ",
            "signature.authority",
            "“t/m Ban Thường vụ”",
        ),
        (
            "ngoc-lac-2023-bao-cao-dang.yaml",
            "PHÓ BÍ THƯ",
            "Phó Bí thư",
            "signature.title",
            "“Phó Bí thư”",
        ),
    ],
)
def test_check_names_the_line_whose_case_is_wrong(
    example: str, old: str, new: str, rule_id: str, shown: str, tmp_path: Path
) -> None:
    document = render_file(EXAMPLES / example, tmp_path).documents[0]
    doc = docx.Document(str(document))
    retype(doc, old, new)
    retyped = tmp_path / "retyped.docx"
    doc.save(str(retyped))
    report = check_document(retyped)
    assert len(report.errors) == 1, failures(report)
    first = report.errors[0]
    assert (first.rule_id, first.found) == (rule_id, "không viết in hoa")
    assert shown in first.where
    assert not any("đậm" in f.found for f in report.findings)


@pytest.mark.parametrize("header", ["table", "tabs"])
@pytest.mark.parametrize(
    ("old", "new", "rule_id"),
    [
        ("UBND TỈNH THANH HÓA", "UBND tỉnh Thanh Hóa", "header.parent_body"),
        ("TM. ỦY BAN NHÂN DÂN", "Tm. Ủy ban nhân dân", "signature.authority"),
        ("CHỦ TỊCH", "Chủ tịch", "signature.title"),
    ],
)
def test_check_names_the_lowercase_line_in_a_hand_made_document(
    header: str, old: str, new: str, rule_id: str, tmp_path: Path
) -> None:
    from test_check import clerk_document

    doc = clerk_document(header=header)
    retype(doc, old, new)
    target = tmp_path / "clerk.docx"
    doc.save(str(target))
    report = check_document(target)
    assert [(f.rule_id, f.found) for f in report.errors] == [(rule_id, "không viết in hoa")]
    assert f"“{new}”" in report.errors[0].where


@pytest.mark.parametrize("header", ["table", "tabs"])
def test_a_lowercase_issuer_in_a_hand_made_document_is_not_called_not_bold(
    header: str, tmp_path: Path
) -> None:
    from test_check import clerk_document

    doc = clerk_document(header=header)
    old = "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC" if header == "table" else "ỦY BAN NHÂN DÂN HUYỆN"
    new = "Ủy ban nhân dân\nhuyện Ngọc Lặc" if header == "table" else "Ủy ban nhân dân huyện"
    retype(doc, old, new)
    target = tmp_path / "clerk.docx"
    doc.save(str(target))
    report = check_document(target)
    assert [(f.rule_id, f.found) for f in report.errors] == [("header.issuer", "không viết in hoa")]
    assert new.split("\n")[0] in report.errors[0].where


def first_run_of(doc: DocumentObject, text: str) -> Any:
    paragraph = next(p for p in doc.paragraphs if p.text == text)
    return paragraph.runs[0]


@pytest.mark.parametrize(
    ("example", "line", "typed"),
    [
        (
            "ngoc-lac-2023-khen-thuong.yaml",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
            "Chủ tịch Ủy ban nhân dân huyện Ngọc Lặc",
        ),
        (
            "huyen-uy-ngoc-lac-2023-khen-thuong.yaml",
            "BAN THƯỜNG VỤ HUYỆN ỦY NGỌC LẶC",
            "ban thường vụ huyện ủy ngọc lặc",
        ),
    ],
)
@pytest.mark.parametrize("blank_line_above", [True, False])
def test_check_finds_a_lowercase_decision_authority_line(
    example: str, line: str, typed: str, blank_line_above: bool, tmp_path: Path
) -> None:
    decision = render_file(EXAMPLES / example, tmp_path).documents[0]
    doc = docx.Document(str(decision))
    first_run_of(doc, line).text = typed
    if not blank_line_above:
        # Without the rule line under the trích yếu, the line must not pass for its second line.
        blank = [
            above
            for above, below in itertools.pairwise(doc.paragraphs)
            if not above.text.strip("-") and below.text == typed  # the rule under the trích yếu
        ]
        assert len(blank) == 1
        blank[0]._p.getparent().remove(blank[0]._p)
    target = tmp_path / "retyped.docx"
    doc.save(str(target))
    report = check_document(target)
    assert [(f.rule_id, f.found) for f in report.errors] == [
        ("title.authority", "không viết in hoa")
    ]
    assert f"“{shorten(typed)}”" in report.errors[0].where


def test_check_finds_a_decision_authority_line_not_in_bold(tmp_path: Path) -> None:
    decision = render_file(EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml", tmp_path).documents[0]
    doc = docx.Document(str(decision))
    first_run_of(doc, "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC").bold = False
    target = tmp_path / "thin.docx"
    doc.save(str(target))
    report = check_document(target)
    assert [(f.rule_id, f.found) for f in report.errors] == [("title.authority", "không đậm")]


def test_a_report_opening_with_can_cu_has_no_authority_line(tmp_path: Path) -> None:
    """Only a decision has a thẩm quyền line: a report whose trích yếu runs to a second
    centred paragraph and whose opening starts "Căn cứ" is not misread."""
    source = EXAMPLES / "ngoc-lac-2023-bao-cao.yaml"
    data = load(source)
    data["opening"] = (
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 10 tháng 01 năm 2023, Ủy ban nhân dân huyện báo cáo như sau:"
    )
    (rendered,) = render_data(data, source, tmp_path)
    doc = docx.Document(str(rendered))
    subject = next(p for p in doc.paragraphs if p.text == data["title"])
    subject.runs[0].text = "Tổng kết công tác xây dựng cơ sở năm 2023,"
    second = copy.deepcopy(subject._p)  # the trích yếu typed as two centred paragraphs
    subject._p.addnext(second)
    doc.paragraphs[[p._p for p in doc.paragraphs].index(second)].runs[
        0
    ].text = "phương hướng, nhiệm vụ năm 2024"
    target = tmp_path / "two-lines.docx"
    doc.save(str(target))
    texts = all_texts(target)
    assert texts.index("phương hướng, nhiệm vụ năm 2024") == texts.index(data["opening"]) - 2
    report = check_document(target)
    assert report.ok, failures(report)
    assert not any(f.rule_id == "title.authority" for f in report.findings)


@pytest.mark.parametrize("flourish", ["-----oOo-----", "—o0o—", "***"])
def test_a_flourish_under_the_agency_name_is_not_an_agency_line(
    flourish: str, tmp_path: Path
) -> None:
    from test_check import clerk_document

    doc = clerk_document(header="table")
    issuer = next(
        p
        for p in doc.tables[0].rows[0].cells[0].paragraphs
        if p.text == "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC"
    )
    line = copy.deepcopy(issuer._p)
    issuer._p.addnext(line)
    added = next(p for p in doc.tables[0].rows[0].cells[0].paragraphs if p._p is line)
    added.runs[0].text = flourish
    added.runs[0].bold = False
    target = tmp_path / "clerk.docx"
    doc.save(str(target))
    assert flourish in all_texts(target)
    report = check_document(target)
    assert report.ok, failures(report)


def test_a_lowercase_issuer_typed_in_nfd_is_still_found(tmp_path: Path) -> None:
    from test_check import clerk_document

    doc = clerk_document(header="table")
    retype(
        doc,
        "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC",
        unicodedata.normalize("NFD", "Ủy ban nhân dân\nhuyện Ngọc Lặc"),
    )
    target = tmp_path / "clerk.docx"
    doc.save(str(target))
    report = check_document(target)
    assert [(f.rule_id, f.found) for f in report.errors] == [("header.issuer", "không viết in hoa")]


def test_a_lowercase_agency_line_typed_without_columns_is_found(tmp_path: Path) -> None:
    """Centred lines one under the other, no table or tabs: the name is still named."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from test_check import clerk_document

    doc = clerk_document(header="table")
    header = doc.tables[0]
    for text, bold in (
        ("Ủy ban nhân dân huyện Ngọc Lặc", True),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("Độc lập - Tự do - Hạnh phúc", True),
        ("Số: 15/BC-UBND", False),
        ("Ngọc Lặc, ngày 05 tháng 01 năm 2024", False),
    ):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold
        header._tbl.addprevious(paragraph._p)
    header._tbl.getparent().remove(header._tbl)
    target = tmp_path / "centred.docx"
    doc.save(str(target))
    report = check_document(target)
    issuer = [f for f in report.errors if f.rule_id == "header.issuer"]
    assert len(issuer) == 1 and "không viết in hoa" in issuer[0].found
    assert "không tìm thấy" not in issuer[0].found
    assert "“Ủy ban nhân dân huyện Ngọc Lặc”" in issuer[0].where


@pytest.mark.parametrize(
    ("example", "old", "new", "said"),
    [
        # the other family's prefix typed in lowercase is still named as the other family's
        (
            "ngoc-lac-2023-bao-cao.yaml",
            "TM. ỦY BAN NHÂN DÂN",
            "t/m ủy ban nhân dân",
            "“T/M” là cách viết của",
        ),
        (
            "ngoc-lac-2023-bao-cao-dang.yaml",
            "T/M BAN THƯỜNG VỤ",
            "tm. ban thường vụ",
            "“TM.” là cách viết của",
        ),
    ],
)
def test_a_lowercase_prefix_of_the_other_family_is_named(
    example: str, old: str, new: str, said: str, tmp_path: Path
) -> None:
    document = render_file(EXAMPLES / example, tmp_path).documents[0]
    doc = docx.Document(str(document))
    retype(doc, old, new)
    target = tmp_path / "retyped.docx"
    doc.save(str(target))
    report = check_document(target)
    (finding,) = report.errors
    assert finding.rule_id == "signature.authority"
    assert said in finding.found and "không viết in hoa" in finding.found


def test_draftkit_check_prints_the_case_fault_first(tmp_path: Path) -> None:
    """What the clerk reads: the first message names the issuer line and its case."""
    from typer.testing import CliRunner

    from draftkit.cli import app

    document = render_file(EXAMPLES / "ngoc-lac-2023-bao-cao.yaml", tmp_path).documents[0]
    doc = docx.Document(str(document))
    retype(doc, "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC LẶC", "Ủy ban nhân dân\nhuyện Ngọc Lặc")
    target = tmp_path / "bao-cao.docx"
    doc.save(str(target))
    result = CliRunner().invoke(app, ["check", str(target)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("✗"))
    assert "[header.issuer]" in lines[first]
    assert "“Ủy ban nhân dân / huyện Ngọc Lặc”" in lines[first + 1]
    assert lines[first + 2].strip() == "Thực tế: không viết in hoa"
    assert "không đậm" not in result.output
    assert "Traceback" not in result.output
