"""The report through LibreOffice: what the printed pages show."""

from __future__ import annotations

from pathlib import Path

from conftest import needs_libreoffice
from draftkit.pipeline import render_file
from pdf_helpers import page_count, page_text, to_pdf


@needs_libreoffice
def test_report_prints_with_header_and_page_numbers(ngoc_lac_report: Path, tmp_path: Path) -> None:
    docx = render_file(ngoc_lac_report, tmp_path).documents[0]
    pdf = to_pdf(docx, tmp_path)
    pages = page_count(pdf)
    assert 2 <= pages <= 4
    first = page_text(pdf, 1)
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    # The national title and the agency share the first line; no page number on page 1.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[0] and "UBND TỈNH THANH HÓA" in lines[0]
    assert "Số: 285/BC-UBND" in first and "Ngọc Lặc, ngày 12 tháng 12 năm 2023" in first
    assert lines[0] != "1"
    for page in range(2, pages + 1):
        top = next(line.strip() for line in page_text(pdf, page).splitlines() if line.strip())
        assert top == str(page)
    last = page_text(pdf, pages)
    assert "Nơi nhận:" in last and "Nguyễn Văn Hòa" in last
    # The closing paragraph stays on the page of the signature.
    assert "./." in last
