"""Specification of the preview (draftkit.preview) and of the review that shows it.

The preview must read exactly as the document prints: every line it shows is looked up in
the .docx that rendering writes from the same data (read back with python-docx), and the
interview tests type "x" at the review and read what the clerk saw before anything was
written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import NGOC_LAC_AWARDS, NGOC_LAC_REPORT, needs_libreoffice
from docx_helpers import all_text, open_docx
from draftkit.awards import resolve_awardees
from draftkit.cli import app
from draftkit.datafile import DataFile, dump_yaml, load_data_file
from draftkit.models import AwardsData
from draftkit.pipeline import render_file
from draftkit.preview import (
    APPENDIX_LABELS,
    APPENDIX_ROW,
    DOCUMENT,
    LIST_ROW,
    ROW,
    PreviewLine,
    awards_defaults,
    document_preview,
    preview_text,
)
from draftkit.template_search import search_path
from draftkit.validation import validate
from test_interview import ANSWERS
from test_new_awards import CLOSING, GO_ON, ROUND, TYPED


def invoke(args: list[str], lines: list[str]) -> Any:
    return CliRunner().invoke(app, args, input="\n".join(lines) + "\n", env={"COLUMNS": "200"})


def flat(text: str) -> str:
    return " ".join(text.split())


def model_of(path: Path) -> Any:
    model = validate(load_data_file(path))
    if isinstance(model, AwardsData):
        model, _ = resolve_awardees(model, path.parent)
    return model


def rendered_text(path: Path, out: Path) -> dict[str, str]:
    """The text of every document ``render`` writes for ``path``, by file name."""
    result = render_file(path, out, templates=search_path(None, data_file=path))
    return {doc.name: flat(all_text(open_docx(doc), " ")) for doc in result.documents if doc.suffix == ".docx"}


def documents_of(lines: list[PreviewLine]) -> list[tuple[str, list[PreviewLine]]]:
    groups: list[tuple[str, list[PreviewLine]]] = []
    for line in lines:
        if line.number is None:
            groups.append((line.text, []))
        else:
            if not groups:
                groups.append(("", []))
            groups[-1][1].append(line)
    return groups


# ------------------------------------------------------------- the same text as the document


def docx_structure(path: Path) -> tuple[set[str], list[list[str]]]:
    """The paragraphs (each also line by line, as a line break splits it) and the table rows
    (their non-empty cells, a merged cell once) of a .docx, headers and footers included."""
    from docx import Document

    doc = Document(str(path))
    paragraphs: set[str] = set()
    rows: list[list[str]] = []

    def walk(container: Any) -> None:
        for paragraph in container.paragraphs:
            paragraphs.add(flat(paragraph.text))
            paragraphs.update(flat(line) for line in paragraph.text.split("\n"))
        for table in getattr(container, "tables", []):
            for row in table.rows:
                seen: set[int] = set()
                cells: list[str] = []
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(flat(cell.text))
                        walk(cell)
                rows.append([cell for cell in cells if cell])

    walk(doc)
    for section in doc.sections:
        walk(section.header)
        walk(section.footer)
    return paragraphs, rows


def row_cells(line: PreviewLine) -> list[str]:
    """A preview row as the table prints it: its number, then each cell without the word
    that names it in the preview ("kế hoạch 50" is the cell "50")."""
    number, rest = line.text.split(". ", 1)
    named = "|".join(re.escape(label) for label in APPENDIX_LABELS.values())
    return [number, *(flat(re.sub(f"^(?:{named})", "", cell)) for cell in re.split(r" — | \| ", rest))]


def full_report() -> dict[str, Any]:
    """The Ngọc Lặc report with every optional part filled: Kính gửi, a nested field of
    work, every kind of indicator figure and the appendix table."""
    data = load_data_file(NGOC_LAC_REPORT).data
    data["addressees"] = ["Ủy ban nhân dân tỉnh Thanh Hóa", "Sở Nội vụ tỉnh Thanh Hóa"]
    data["situation"] = ["Huyện có 21 xã, thị trấn; dân số 143.000 người."]
    data["appendix"] = "indicators"
    data["proposals"] = ["Đề nghị tỉnh hỗ trợ kinh phí."]
    first = data["results"][0]
    first["sections"] = [
        {
            "heading": "Quốc phòng",
            "paragraphs": ["Hoàn thành giao quân."],
            "indicators": [{"label": "Giao quân", "value": 250, "unit": "người", "previous": 240, "target": 250}],
        }
    ]
    return data


def full_awards() -> dict[str, Any]:
    """The Ngọc Lặc round with every optional field filled, notes included (which no
    document prints: the preview must not show them either)."""
    data = load_data_file(NGOC_LAC_AWARDS).data
    people = [a for a in data["awardees"] if a.get("kind") != "collective"]
    people[0].update({"note": "Đã khen năm 2022", "gold_book": "125", "reason": "có thành tích xuất sắc đột xuất"})
    people[1]["note"] = "Nữ"
    data.update(
        {
            "subject": "Về việc khen thưởng công tác quốc phòng năm 2023",
            "bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
            "money": {"individual": 540000, "collective": 1080000},
            "fund": "Quỹ thi đua, khen thưởng của huyện năm 2023",
            "executors": ["Chánh Văn phòng HĐND và UBND huyện", "Trưởng phòng Nội vụ huyện"],
            "level": "district",
            "order": "name",
        }
    )
    return data


def case_file(case: Path | dict[str, Any], folder: Path) -> Path:
    if isinstance(case, Path):
        return case
    path = folder / f"{case['document']}-full.yaml"
    path.write_text(dump_yaml(case), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("case", "suffixes"),
    [
        (NGOC_LAC_REPORT, [""]),
        (NGOC_LAC_AWARDS, ["-quyet-dinh", "-danh-sach", "-giay-khen"]),
        (full_report(), [""]),
        (full_awards(), ["-quyet-dinh", "-danh-sach", "-giay-khen"]),
    ],
    ids=["report", "awards", "report-every-field", "awards-every-field-and-notes"],
)
def test_every_previewed_line_is_printed_in_the_document(
    case: Path | dict[str, Any], suffixes: list[str], tmp_path: Path
) -> None:
    path = case_file(case, tmp_path)
    lines = document_preview(model_of(path))
    render_file(path, tmp_path / "out", templates=search_path(None, data_file=path))
    groups = documents_of(lines)
    assert len(groups) == len(suffixes)
    for (name, group), suffix in zip(groups, suffixes, strict=True):
        paragraphs, rows = docx_structure(tmp_path / "out" / f"{path.stem}{suffix}.docx")
        numbers = [line.number for line in group]
        assert numbers == list(range(1, len(group) + 1)), name
        for line in group:
            if line.kind == ROW:
                # A table row: the very cells of one row of the document, no more, no less.
                assert row_cells(line) in rows, (name, line.text)
            else:
                assert flat(line.text) in paragraphs, (name, line.text)
    if isinstance(case, dict) and case["document"] == "awards":
        shown = preview_text(lines)
        assert "Đã khen năm 2022" not in shown and "— Nữ" not in shown  # notes: printed nowhere


@pytest.mark.parametrize("style", ["state", "party"])
@pytest.mark.parametrize(("template", "fields"), [("list", LIST_ROW), ("report", APPENDIX_ROW)])
def test_preview_rows_have_the_fields_the_templates_print(style: str, template: str, fields: tuple[str, ...]) -> None:
    """Read from the built-in templates: the row fields after ``row.no``, in order. When a
    template starts printing an awardee's note, the preview must too (and the reverse)."""
    import zipfile

    from draftkit.template_search import builtin_folder

    with zipfile.ZipFile(builtin_folder() / f"{template}-{style}.docx") as docx:
        text = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
    printed = list(dict.fromkeys(re.findall(r"\{\{\s*row\.(\w+)\s*\}\}", text)))
    assert printed == ["no", *fields]


def test_the_report_preview_shows_worded_parts_in_order() -> None:
    lines = document_preview(model_of(NGOC_LAC_REPORT))
    texts = [line.text for line in lines]
    assert all(line.kind != DOCUMENT for line in lines)  # one document, no separator
    order = [
        "BÁO CÁO",
        "Phần thứ nhất",
        "KẾT QUẢ THỰC HIỆN NĂM 2023",
        "- Thu nhập bình quân đầu người đạt 50,24 triệu đồng.",
        "Phần thứ hai",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
        "TM. ỦY BAN NHÂN DÂN",
        "Nơi nhận:",
        "- Lưu: VT, VP.",
    ]
    positions = [texts.index(text) for text in order]
    assert positions == sorted(positions)
    text = preview_text(lines)
    assert "  7. BÁO CÁO" in text.splitlines()


def test_the_awards_preview_writes_out_the_defaults_and_the_money_in_words() -> None:
    text = preview_text(document_preview(model_of(NGOC_LAC_AWARDS)))
    assert "=== Quyết định ===" in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003" in text
    assert "mỗi cá nhân được thưởng 540.000 đồng (Năm trăm bốn mươi nghìn đồng)" in text
    assert "trích từ Quỹ thi đua, khen thưởng của huyện" in text
    assert "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng" in text
    assert "=== Giấy khen (7 giấy, cùng mẫu; giấy thứ nhất) ===" in text


def test_awards_defaults_are_the_lines_the_decision_prints() -> None:
    model = model_of(NGOC_LAC_AWARDS)
    defaults = awards_defaults(model)
    decision = document_preview(model)
    printed = [line.text for line in decision]
    assert defaults["bases"][0].startswith("Căn cứ Luật Tổ chức chính quyền địa phương")
    for line in defaults["bases"]:
        assert f"{line};" in printed
    for line in defaults["executors"]:
        assert line in next(t for t in printed if t.startswith("Điều 3."))


def test_a_party_round_has_no_default_bases_to_open() -> None:
    data = load_data_file(NGOC_LAC_AWARDS).data
    data["style"] = "party"
    data["money"] = {"individual": 540000, "collective": 1080000}
    model = validate(DataFile(path=NGOC_LAC_AWARDS, data=data))
    assert isinstance(model, AwardsData)
    assert "bases" not in awards_defaults(model)
    assert "executors" not in awards_defaults(model)


# ------------------------------------------------------------------- from the review

# The report of test_interview with a planned figure: 42 of 50 is "đạt 84% kế hoạch".
PLANNED = list(ANSWERS)
PLANNED[PLANNED.index("50,24") : PLANNED.index("50,24") + 4] = ["42", "tỷ đồng", "", "50"]


def test_x_at_the_review_shows_the_document_before_it_is_written(tmp_path: Path) -> None:
    out = tmp_path / "vb"
    result = invoke(["new-report", "-o", str(out), "--name", "bc"], [*PLANNED, "x", "c", "k"])

    assert result.exit_code == 0, result.output
    output = result.output
    shown = output.index("Văn bản sẽ in như sau (mỗi số là một đoạn):")
    assert output.index("Đã tạo:") > shown
    preview = output[shown : output.index("Đã tạo:")]
    assert "Thu nhập bình quân đầu người đạt 42 tỷ đồng, đạt 84% kế hoạch." in preview
    assert "  7. BÁO CÁO" in preview
    assert "Phần thứ nhất" in preview and "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024" in preview
    # After the text, the question again (not the whole review a second time).
    assert output.count("Xem lại báo cáo") == 1
    printed = flat(all_text(open_docx(out / "bc.docx"), " "))
    assert "Thu nhập bình quân đầu người đạt 42 tỷ đồng, đạt 84% kế hoạch." in printed


def test_the_preview_says_what_is_missing_instead_of_a_document() -> None:
    import io

    from rich.console import Console

    from draftkit.awards import executor_lines
    from draftkit.errors import InputError
    from draftkit.interview.review import print_preview

    data = load_data_file(NGOC_LAC_AWARDS).data
    data["style"] = "party"
    data["money"] = {"individual": 540000, "collective": 1080000}
    model = validate(DataFile(path=NGOC_LAC_AWARDS, data=data))
    assert isinstance(model, AwardsData)
    console = Console(file=io.StringIO(), width=200)

    assert print_preview(console, lambda: model) is False

    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Chưa xem được văn bản" in shown
    assert "draftkit không có mặc định người thi hành (Điều 3) cho quyết định của Đảng." in shown
    assert "Chọn s để sửa phần có lỗi." in shown
    with pytest.raises(InputError):  # the very refusal rendering gives
        executor_lines(model)


AWARDS_SECTIONS = ("style", "issuer", "number", "date", "authority", "award", "reason", "proposal", "awardees",
                   "order", "signer", "recipients", "subject", "bases")


def test_the_default_bases_open_for_editing_from_the_review(tmp_path: Path) -> None:
    bases = str(AWARDS_SECTIONS.index("bases") + 1)
    changed = "Căn cứ Quy chế thi đua, khen thưởng của huyện Ngọc Lặc"
    # s, the section of "Căn cứ": three default lines offered, the third replaced, one added.
    edit = ["s", bases, "", "", changed, "Căn cứ Kế hoạch số 12/KH-UBND", ""]
    lines = [*ROUND, *TYPED, *GO_ON, *CLOSING, *edit, "c", "k"]

    result = invoke(["new-awards", "-o", str(tmp_path), "--name", "a"], lines)

    assert result.exit_code == 0, result.output
    assert "Căn cứ 1 [Căn cứ Luật Tổ chức chính quyền địa phương" in result.output
    data = load_data_file(tmp_path / "a.yaml").data
    assert data["bases"][0].startswith("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015")
    assert data["bases"][2:] == [changed, "Căn cứ Kế hoạch số 12/KH-UBND"]
    printed = flat(all_text(open_docx(tmp_path / "a-quyet-dinh.docx"), " "))
    assert f"{changed}; Căn cứ Kế hoạch số 12/KH-UBND; Xét đề nghị của Trưởng phòng Nội vụ huyện." in printed


def test_money_in_the_review_reads_the_vietnamese_way(tmp_path: Path) -> None:
    money = str(("style", "issuer", "number", "date", "authority", "award", "reason", "proposal", "awardees",
                 "order", "signer", "recipients", "subject", "bases", "level", "money").index("money") + 1)
    edit = ["s", money, "1500000", "3000000"]
    lines = [*ROUND, *TYPED, *GO_ON, *CLOSING, *edit, "x", "k"]

    result = invoke(["new-awards", "-o", str(tmp_path), "--name", "a"], lines)

    assert "Tiền thưởng mỗi cá nhân (đồng): 1.500.000 đồng" in result.output
    assert "Tiền thưởng mỗi tập thể (đồng): 3.000.000 đồng" in result.output
    assert "mỗi cá nhân được thưởng 1.500.000 đồng (Một triệu năm trăm nghìn đồng)" in result.output


# ------------------------------------------------- composed titles keep a place name whole

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("của Chủ tịch Ủy ban nhân dân huyện Nam Đàn", f"của Chủ tịch Ủy ban nhân dân huyện{NBSP}Nam{NBSP}Đàn"),
        ("tại xã Ngọc Trung, huyện Ngọc Lặc", f"tại xã{NBSP}Ngọc{NBSP}Trung, huyện{NBSP}Ngọc{NBSP}Lặc"),
        ("Ủy ban nhân dân phường 3", f"Ủy ban nhân dân phường{NBSP}3"),
        ("thị trấn Ngọc Lặc.", f"thị{NBSP}trấn{NBSP}Ngọc{NBSP}Lặc."),
        ("thành phố Hồ Chí Minh năm 2023", f"thành{NBSP}phố{NBSP}Hồ{NBSP}Chí{NBSP}Minh năm 2023"),
        ("công tác xã hội năm 2023", "công tác xã hội năm 2023"),  # "xã hội" names no place
        ("Huyện ủy Nam Đàn", "Huyện ủy Nam Đàn"),  # a Party committee, not a unit
        ("Xã Đông Sơn tổ chức", "Xã Đông Sơn tổ chức"),  # a title's first word
        ("theo văn bản Luật", "theo văn bản Luật"),
        ("huyện", "huyện"),
    ],
)
def test_keep_place_names(text: str, kept: str) -> None:
    from draftkit.wording import keep_place_names

    assert keep_place_names(text) == kept
    assert keep_place_names(text).replace(NBSP, " ") == text  # only those spaces change


def quynh_luu_round(tmp_path: Path) -> Path:
    """Collectives of a district whose name LibreOffice splits ("huyện Quỳnh / Lưu") when
    its words are joined by plain spaces (measured with LibreOffice 7.4, see the report)."""
    from draftkit.datafile import dump_yaml

    data = load_data_file(NGOC_LAC_AWARDS).data
    data["authority"] = "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN QUỲNH LƯU"
    data["reason"] = "đã có thành tích xuất sắc trong phong trào thi đua năm 2023 tại xã Quỳnh Thạch"
    data["awardees"] = [a for a in data["awardees"] if a["kind"] == "collective"]
    path = tmp_path / "ql.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    render_file(path, tmp_path, templates=search_path(None, data_file=path))
    return path


def test_composed_titles_join_the_place_name_and_check_still_reads_them(tmp_path: Path) -> None:
    quynh_luu_round(tmp_path)
    listed = [p.text for p in open_docx(tmp_path / "ql-danh-sach.docx").paragraphs if p.text.strip()]
    assert f"Tập thể được tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện{NBSP}Quỳnh{NBSP}Lưu" in listed
    decision = [p.text for p in open_docx(tmp_path / "ql-quyet-dinh.docx").paragraphs if p.text.strip()]
    assert (
        "Về việc khen thưởng tập thể có thành tích xuất sắc trong phong trào thi đua năm 2023 "
        f"tại xã{NBSP}Quỳnh{NBSP}Thạch"
    ) in decision
    # Typed text elsewhere is printed exactly as typed.
    assert any(t.endswith("năm 2023 tại xã Quỳnh Thạch.") for t in decision if t.startswith("Điều 1."))
    for name in ("ql-danh-sach.docx", "ql-quyet-dinh.docx"):
        checked = CliRunner().invoke(app, ["check", str(tmp_path / name)], env={"COLUMNS": "200"})
        assert checked.exit_code == 0, checked.output
        assert "Đạt: văn bản đúng thể thức" in checked.output


@needs_libreoffice
def test_libreoffice_keeps_the_place_name_on_one_line(tmp_path: Path) -> None:
    from pdf_helpers import page_text, to_pdf

    quynh_luu_round(tmp_path)
    text = page_text(to_pdf(tmp_path / "ql-danh-sach.docx", tmp_path), 1)
    lines = [flat(line) for line in text.splitlines()]
    # The break falls before the unit word, never inside the name; the space prints as one.
    assert "huyện Quỳnh Lưu" in lines
    assert not any(line.endswith(("huyện Quỳnh", "Quỳnh")) for line in lines)
