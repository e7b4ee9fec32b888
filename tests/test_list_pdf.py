"""PDF of a large round's list: converted part by part where its pages start, printing the
same pages as one conversion of the whole (which takes time growing with the square of
the rows)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import needs_libreoffice
from draftkit import pdf_pages
from draftkit.pdf import convert_bytes
from draftkit.pdf_pages import Unit, layout, page_start, squash
from draftkit.pipeline import render_file
from pdf_helpers import page_count, page_text
from test_awards import AWARDS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADINGS = ["STT", "Họ và tên", "Chức vụ, đơn vị công tác"]


def list_docx(tmp_path: Path, people: int) -> bytes:
    """The list of a round of ``people`` (every tenth a collective), rendered by draftkit."""
    import yaml

    data = yaml.safe_load(AWARDS.read_text(encoding="utf-8"))
    data["awardees"] = [
        {
            "name": f"Nguyễn Văn Người Số {i}",
            "kind": "collective" if i % 10 == 0 else "individual",
            "gender": "male" if i % 2 else "female",
            "position": "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
            "unit": f"xã Số {i}, huyện Ngọc Lặc",
        }
        for i in range(1, people + 1)
    ]
    source = tmp_path / f"round-{people}.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    documents = render_file(source, tmp_path / "out", force=True).documents
    return next(d for d in documents if d.name.endswith("-danh-sach.docx")).read_bytes()


def package(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def as_docx(parts: dict[str, bytes], document: bytes) -> Document:  # type: ignore[valid-type]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, content in parts.items():
            out.writestr(name, document if name == "word/document.xml" else content)
    return Document(io.BytesIO(buffer.getvalue()))


@pytest.fixture(scope="module")
def small_list(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return package(list_docx(tmp_path_factory.mktemp("list"), 40))  # 4 collectives, 36 people


# --- Where the list may be cut ----------------------------------------------------------------


def test_the_long_table_is_cut_into_rows_and_the_rest_kept_whole(small_list: dict[str, bytes]) -> None:
    plan = layout(small_list, min_rows=10)
    assert plan is not None
    rows = [u for u in plan.units if u.table >= 0]
    assert len(rows) == 36  # the individuals' table (36 rows) is long, the collectives' (4) not
    assert rows[0].text == squash("1Ông Nguyễn Văn Người Số 1Chỉ huy trưởng Ban Chỉ huy Quân sự xã Số 1, huyện Ngọc Lặc")
    assert rows[-1].text.startswith("36")
    # All the parts together are the document as it was, byte for byte.
    assert plan.part(0, len(plan.units), None) == small_list["word/document.xml"]


def test_a_part_continuing_the_table_starts_with_its_header_row_and_numbers_on(small_list: dict[str, bytes]) -> None:
    plan = layout(small_list, min_rows=10)
    assert plan is not None
    first = next(i for i, u in enumerate(plan.units) if u.table >= 0) + 20  # the 21st person
    part = plan.part(first, first + 5, page_number=7)
    document = as_docx(small_list, part)
    (table,) = document.tables
    whole = as_docx(small_list, small_list["word/document.xml"]).tables[-1]
    assert [c.text for c in table.rows[0].cells] == HEADINGS
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None  # repeated on each page
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [[c.text for c in r.cells] for r in whole.rows[21:26]]
    widths = [col.get(f"{W}w") for col in table._tbl.tblGrid.findall(f"{W}gridCol")]
    assert widths == [col.get(f"{W}w") for col in whole._tbl.tblGrid.findall(f"{W}gridCol")] == ["737", "3515", "5102"]
    assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    assert [p.text for p in document.paragraphs] == []  # no title, no heading: only the rows
    section = document.sections[0]._sectPr
    assert section.find(f"{W}pgNumType").get(f"{W}start") == "7"
    assert section.find(f"{W}titlePg") is None  # page 7 carries its number
    assert len(section.findall(f"{W}headerReference")) == 2


def test_a_part_ending_inside_the_first_group_closes_its_table(small_list: dict[str, bytes]) -> None:
    plan = layout(small_list, min_rows=3)  # both tables long
    assert plan is not None
    assert len(plan.tables) == 2
    first_row = next(i for i, u in enumerate(plan.units) if u.table == 0)
    document = as_docx(small_list, plan.part(0, first_row + 2, None))  # up to the 2nd of 4 collectives
    assert [len(t.rows) for t in document.tables] == [1, 1 + 2]  # the national header, then the rows
    assert [c.text for c in document.tables[1].rows[2].cells] == ["2", "Nguyễn Văn Người Số 20"]
    assert document.sections[0]._sectPr.find(f"{W}titlePg") is not None


def _with(parts: dict[str, bytes], name: str, old: bytes, new: bytes) -> dict[str, bytes]:
    assert old in parts[name]
    return {**parts, name: parts[name].replace(old, new, 1)}


HEADER_FIELD = b"<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"


@pytest.mark.parametrize(
    ("change", "accepted"),
    [
        (lambda p: p, True),
        (lambda p: _with(p, "word/header1.xml", HEADER_FIELD, HEADER_FIELD.replace(b" PAGE ", b" PAGE \\* MERGEFORMAT ")), True),
        (lambda p: _with(p, "word/header1.xml", HEADER_FIELD, HEADER_FIELD.replace(b" PAGE ", b" NUMPAGES ")), False),
        (lambda p: _with(p, "word/document.xml", b"<w:titlePg/>", b'<w:titlePg/><w:pgNumType w:start="3"/>'), False),
        (lambda p: _with(p, "word/settings.xml", b"<w:defaultTabStop", b"<w:evenAndOddHeaders/><w:defaultTabStop"), False),
        (lambda p: _with(p, "word/document.xml", b"</w:tbl><w:p>", b"</w:tbl><w:p><w:pPr><w:sectPr/></w:pPr></w:p><w:p>"), False),
        (lambda p: _with(p, "word/document.xml", b"<w:tblHeader/>", b""), True),  # the other table's
        (lambda p: {**p, "word/document.xml": p["word/document.xml"].replace(b"<w:tblHeader/>", b"")}, False),
    ],
    ids=["as-built", "page-field-with-switch", "numpages", "own-numbering", "left-right-pages", "two-sections", "one-header-row-gone", "no-header-row"],
)
def test_documents_that_could_print_differently_are_converted_whole(
    small_list: dict[str, bytes], change: object, accepted: bool
) -> None:
    parts = change(small_list)  # type: ignore[operator]
    assert (layout(parts, min_rows=10) is not None) is accepted


def test_a_short_list_is_converted_whole(small_list: dict[str, bytes]) -> None:
    assert layout(small_list) is None  # 36 rows: no gain from parts


# --- Where a page starts ----------------------------------------------------------------------

ROWS = [Unit(0, 0, -1, "DANHSÁCH"), Unit(0, 0, -1, "II.CÁNHÂN:3cánhân")] + [
    Unit(0, 0, 0, f"{n}ÔngA{n}Xã{n}") for n in range(1, 7)
]
HEAD = ["STTHọvàtênChứcvụ"]


@pytest.mark.parametrize(
    ("page", "number", "expected"),
    [
        ("5STTHọvàtênChứcvụ4ÔngA4Xã45ÔngA5Xã56ÔngA6Xã6", 5, 5),  # header row repeated, whole rows
        ("5STTHọvàtênChứcvụ6ÔngA6Xã6", 5, 7),
        ("5II.CÁNHÂN:3cánhân1ÔngA1Xã12ÔngA2Xã23ÔngA3Xã34ÔngA4Xã45ÔngA5Xã56ÔngA6Xã6", 5, 1),  # a heading first
        ("4STTHọvàtênChứcvụ4ÔngA4Xã45ÔngA5Xã56ÔngA6Xã6", 5, None),  # not the page number expected
        ("5STTHọvàtênChứcvụXã44ÔngA5Xã56ÔngA6Xã6", 5, None),  # the end of a row split over pages
        ("5STTHọvàtênChứcvụ4ÔngA4Xã45ÔngA5Xã56ÔngA6Xã6Trang", 5, None),  # a footer with text
        ("5STTHọvàtênChứcvụ", 5, None),  # nothing of the rows
    ],
)
def test_the_unit_that_starts_a_page_is_found_from_its_text(page: str, number: int, expected: int | None) -> None:
    assert page_start(ROWS, 0, len(ROWS), page, number, HEAD) == expected


def test_an_empty_paragraph_before_the_page_is_never_guessed() -> None:
    units = [Unit(0, 0, -1, "DANHSÁCH"), Unit(0, 0, -1, ""), Unit(0, 0, -1, "I.TẬPTHỂ"), Unit(0, 0, 0, "1A")]
    assert page_start(units, 0, 4, "5I.TẬPTHỂ1A", 5, HEAD) is None


def test_parts_follow_the_page_starts_and_fall_back_when_one_is_not_found(
    small_list: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = layout(small_list, min_rows=10)
    assert plan is not None
    members = [(info, small_list[info.filename]) for info in zipfile.ZipFile(io.BytesIO(as_bytes(small_list))).infolist()]
    head = pdf_pages._text(plan.tables[0])
    texts = [u.text for u in plan.units]
    converted: list[str] = []
    starts: list[int] = []

    def fake_convert(docx: Path, folder: Path) -> Path:
        converted.append(pdf_pages._text(zipfile.ZipFile(docx).read("word/document.xml")))
        return docx

    def two_pages(pdf: Path) -> tuple[int, str]:
        """Each part prints on two pages, its last three units on the second."""
        text = converted[-1]
        last = max(i for i, t in enumerate(texts) if t and t in text) + 1
        if last == len(texts):
            return 2, "back"
        starts.append(last - 3)
        return 2, f"{len(converted) + 1}{head}{''.join(texts[last - 3 : last])}"

    monkeypatch.setattr(pdf_pages, "last_page", two_pages)
    kept = pdf_pages.convert_in_pages(members, plan, tmp_path, fake_convert, lambda d, t: None, rows_per_part=12)
    assert kept is not None
    assert [pages for _, pages in kept] == [1] * (len(kept) - 1) + [2]
    assert len(kept) > 3
    for number, text in enumerate(converted[1:], start=1):
        # each part after the first starts with the header row, then the page's first row
        assert text.startswith(head + texts[starts[number - 1]])
        assert f'w:start="{number + 1}"'.encode() in zipfile.ZipFile(tmp_path / f"list-{number:04d}.docx").read("word/document.xml")
    assert "DANHSÁCH" in converted[0] and all("DANHSÁCH" not in t for t in converted[1:])

    monkeypatch.setattr(pdf_pages, "last_page", lambda pdf: (2, "2somethingelse"))
    assert pdf_pages.convert_in_pages(members, plan, tmp_path, fake_convert, lambda d, t: None, rows_per_part=12) is None


def as_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, content in parts.items():
            out.writestr(name, content)
    return buffer.getvalue()


# --- The same pages as one conversion ---------------------------------------------------------


@needs_libreoffice
def test_the_list_in_parts_prints_the_same_pages_as_one_conversion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = list_docx(tmp_path, 600)  # 60 collectives, 540 people: 31 pages
    monkeypatch.setattr(pdf_pages, "ROWS_PER_PART", 10**6)
    (whole,) = convert_bytes({tmp_path / "whole.docx": data}).values()
    used: list[int] = []
    cut = pdf_pages.convert_in_pages

    def recording(*args: object, **kwargs: object) -> object:
        kept = cut(*args, **kwargs)  # type: ignore[arg-type]
        used.append(len(kept or ()))
        return kept

    monkeypatch.setattr(pdf_pages, "ROWS_PER_PART", 150)
    monkeypatch.setattr(pdf_pages, "convert_in_pages", recording)
    (parts,) = convert_bytes({tmp_path / "parts.docx": data}).values()
    assert used == [4]  # 540 rows in parts of 150: four parts, none refused
    (tmp_path / "whole.pdf").write_bytes(whole)
    (tmp_path / "parts.pdf").write_bytes(parts)
    pages = page_count(tmp_path / "whole.pdf")
    assert pages == page_count(tmp_path / "parts.pdf") > 20
    for page in range(1, pages + 1):
        assert page_text(tmp_path / "parts.pdf", page) == page_text(tmp_path / "whole.pdf", page), f"page {page}"
    last = page_text(tmp_path / "parts.pdf", pages)
    assert re.search(r"\b540\s+Ông Nguyễn Văn Người Số\b", last) and "599, huyện Ngọc Lặc" in last  # the last row
    assert last.split()[0] == str(pages)  # numbered on across the parts
