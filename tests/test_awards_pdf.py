"""The commendation round through LibreOffice: page counts and what each page shows."""

from __future__ import annotations

import copy
from pathlib import Path

from conftest import needs_libreoffice
from draftkit.pipeline import render_file, render_model
from pdf_helpers import page_count, page_text, to_pdf
from test_awards import AWARDS, model


@needs_libreoffice
def test_seven_certificates_on_seven_landscape_pages(tmp_path: Path) -> None:
    documents = render_file(AWARDS, tmp_path).documents
    pdf = to_pdf(documents[2], tmp_path)
    assert page_count(pdf) == 7
    for page, name in ((1, "Ủy ban nhân dân xã Ngọc Trung"), (4, "Ông Lê Văn Bình"), (7, "Bà Hoàng Thị Đào")):
        text = page_text(pdf, page)
        assert name in text and "GIẤY KHEN" in text and "Trịnh Văn Dũng" in text
    decision = to_pdf(documents[0], tmp_path)
    assert "QUYẾT ĐỊNH" in page_text(decision, 1)
    last = page_text(decision, page_count(decision))
    assert "Nơi nhận:" in last and "Trịnh Văn Dũng" in last and "./." in last


@needs_libreoffice
def test_long_list_repeats_its_header_row(tmp_path: Path) -> None:
    people = [
        {"name": f"Nguyễn Văn Người {i}", "gender": "male", "position": "Cán bộ", "unit": f"xã Số {i}"}
        for i in range(1, 81)
    ]
    data = model(awardees=copy.deepcopy(people))
    listing = render_model(data, "dai", tmp_path)[1]
    pdf = to_pdf(listing, tmp_path)
    pages = page_count(pdf)
    assert pages >= 3
    for page in range(2, pages + 1):
        text = page_text(pdf, page)
        assert "Họ và tên" in text and "Chức vụ, đơn vị công tác" in text
    assert "Nguyễn Văn Người 80" in page_text(pdf, pages)
    certificates = to_pdf(render_model(data, "dai", tmp_path / "c")[2], tmp_path)
    assert page_count(certificates) == 80
