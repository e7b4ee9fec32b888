"""Whatever text a user gives comes out of the .docx exactly (NFC), or is reported."""

from __future__ import annotations

import copy
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docx_helpers import all_text, open_docx
from draftkit.datafile import DataFile
from draftkit.docx_engine import render_docx
from draftkit.errors import TemplateError
from draftkit.models import AwardsData, ReportData
from draftkit.pipeline import build_documents
from draftkit.textcheck import sanitize
from draftkit.validation import validate

XML_ILLEGAL = {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"} | {"\x7f", "\ufffe", "\uffff"}

# Every kind of text a clerk might paste: markup characters, template syntax, emoji,
# combining marks, right-to-left text, tabs and line breaks, long paragraphs.
SPECIAL = st.sampled_from(
    [
        "&",
        "<",
        ">",
        '"',
        "'",
        "{{",
        "}}",
        "{%",
        "%}",
        "{_{",
        "\t",
        "\n",
        "🎉",
        "\u0301",
        "שלום",
        "ư",
        "Ð",
        "  ",
    ]
)
TEXT = st.lists(
    st.one_of(
        SPECIAL,
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=8,
).map("".join)
# Text that survives as typed: no characters XML cannot hold, not blank, and no "\r"
# (a carriage return is a line break in Word as in YAML).
CLEAN = TEXT.map(lambda s: "".join(ch for ch in s if ch not in XML_ILLEGAL and ch != "\r")).filter(
    lambda s: s.strip()
)

REPORT = {
    "version": 1,
    "document": "report",
    "issuer": {"name": "ỦY BAN NHÂN DÂN XÃ A", "code": "UBND", "place": "A"},
    "date": "2023-12-15",
    "title": "T",
    "opening": "O",
    "results": [{"heading": "H", "paragraphs": ["P"]}],
    "signer": {"title": "CHỦ TỊCH", "name": "N"},
    "recipients": ["R"],
}


def render_paragraphs(data: dict[str, object], tmp_path: Path) -> list[str]:
    """Every paragraph of every document, in body and table cells."""
    model = validate(DataFile(Path("x.yaml"), data))
    files = build_documents(model, "x", tmp_path)
    paragraphs = []
    for content in files.values():
        path = tmp_path / "doc.docx"
        path.write_bytes(content)
        paragraphs += all_text(open_docx(path), sep="\x00").split("\x00")
    return paragraphs


def render_text(data: dict[str, object], tmp_path: Path) -> str:
    return "\x00".join(render_paragraphs(data, tmp_path))


@settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=CLEAN)
def test_report_fields_come_out_exactly(value: str, tmp_path: Path) -> None:
    data = copy.deepcopy(REPORT)
    data["opening"] = value
    data["results"] = [{"heading": value, "paragraphs": [value]}]
    data["signer"] = {"title": "CHỦ TỊCH", "name": value}
    paragraphs = render_paragraphs(data, tmp_path)
    expected = unicodedata.normalize("NFC", value)
    assert expected in paragraphs  # the opening
    assert f"1. {expected}" in paragraphs  # the heading of the first result
    assert paragraphs.count(expected) >= 2  # ... and the signer's name
    assert isinstance(validate(DataFile(Path("x"), data)), ReportData)


@settings(
    max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=CLEAN, position=CLEAN)
def test_awardee_fields_come_out_exactly(name: str, position: str, tmp_path: Path) -> None:
    data = {
        "version": 1,
        "document": "awards",
        "issuer": {"name": "ỦY BAN NHÂN DÂN HUYỆN A", "code": "UBND", "place": "A"},
        "date": "2023-12-14",
        "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN A",
        "reason": "đã có thành tích",
        "awardees": [{"name": name, "position": position}],
        "signer": {"title": "CHỦ TỊCH", "name": "N"},
        "recipients": ["R"],
    }
    model = validate(DataFile(Path("x.yaml"), data))
    assert isinstance(model, AwardsData)
    paragraphs = render_paragraphs(data, tmp_path)
    name, position = (unicodedata.normalize("NFC", v) for v in (name, position))
    assert paragraphs.count(name) >= 2  # the list's table cell and the certificate
    assert position in paragraphs


def test_ten_thousand_character_paragraph(tmp_path: Path) -> None:
    long = ("Lực lượng vũ trang địa phương & <Dân quân> “tự vệ” " * 200)[:10_000]
    data = copy.deepcopy(REPORT)
    data["results"] = [{"heading": "H", "paragraphs": [long, "Đoạn cuối."]}]
    assert long in render_paragraphs(data, tmp_path)


@settings(max_examples=2000, deadline=None)
@given(value=TEXT)
def test_characters_xml_cannot_hold_are_dropped_with_a_warning(value: str) -> None:
    cleaned, warnings = sanitize({"results": [{"heading": value}]})
    out = cleaned["results"][0]["heading"]
    assert not any(ch in XML_ILLEGAL for ch in out)
    # Word's manual line break (U+000B) becomes a line break; the rest is dropped.
    expected = "".join(ch for ch in value.replace("\x0b", "\n") if ch not in XML_ILLEGAL)
    assert out == expected
    changed = value != expected
    assert bool(warnings) >= changed
    if changed:
        assert all(w.field == "results[0].heading" for w in warnings)
        assert any("U+" in w.message for w in warnings)


def test_pdf_lookalike_letters_are_reported_with_the_fix() -> None:
    _, warnings = sanitize({"title": "Tổng kết công tác xây dựng Đảng năm 2023, phƣơng hƣớng"})
    (warning,) = warnings
    assert warning.field == "title"
    assert "phương hướng" in warning.message


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ blocks.__class__ }}",
    ],
)
def test_templates_cannot_reach_python_internals(tag: str, tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph(tag)
    path = tmp_path / "evil.docx"
    doc.save(str(path))
    with pytest.raises(TemplateError) as error:
        render_docx(path, {"blocks": []})
    assert "evil.docx" in error.value.message


def test_missing_variable_is_an_error_naming_it_and_the_paragraph(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Kính gửi: {{ recipient }}")
    doc.add_paragraph("Họ và tên: {{ person.nmae }}")
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    with pytest.raises(TemplateError) as error:
        render_docx(path, {"recipient": "A", "person": {"name": "B"}})
    assert "mau.docx" in error.value.message and "nmae" in error.value.message
    assert error.value.hint is not None and "Họ và tên:" in error.value.hint


def test_a_template_mistake_at_render_time_is_a_message(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Tỷ lệ: {{ 1 // 0 }}")
    path = tmp_path / "chia.docx"
    doc.save(str(path))
    with pytest.raises(TemplateError) as error:
        render_docx(path, {})
    assert "chia.docx" in error.value.message
    assert error.value.hint is not None and "Tỷ lệ" in error.value.hint


def test_a_damaged_template_is_a_message(tmp_path: Path) -> None:
    import zipfile

    from draftkit.template_search import builtin_template

    data = bytearray(builtin_template("report", "state").read_bytes())
    with zipfile.ZipFile(builtin_template("report", "state")) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10 : start + 60] = b"\x00" * 50  # corrupt the compressed body
    path = tmp_path / "hong.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(TemplateError) as error:
        render_docx(path, {})
    assert "hong.docx" in error.value.message and "hỏng" in error.value.message
