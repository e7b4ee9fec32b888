"""The commendation round, end to end, read back as the clerk and the print shop see it."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from conftest import NGOC_LAC_AWARDS
from docx_helpers import body_paragraphs, cell_paragraphs, open_docx
from draftkit.awards import advisories, amounts, bases_lines, level_of, ordered
from draftkit.datafile import DataFile
from draftkit.errors import InputError, OutputError, TextWarning
from draftkit.models import AwardsData
from draftkit.pipeline import render_file, render_model
from draftkit.validation import validate

AWARDS = NGOC_LAC_AWARDS

BASE = {
    "version": 1,
    "document": "awards",
    "issuer": {
        "parent": "UBND TỈNH THANH HÓA",
        "name": "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
        "code": "UBND",
        "place": "Ngọc Lặc",
    },
    "number": 3150,
    "date": "2023-12-14",
    "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
    "reason": "đã có thành tích xuất sắc trong công tác năm 2023",
    "awardees": [
        {"name": "Ủy ban nhân dân xã Ngọc Trung", "kind": "collective"},
        {
            "name": "Lê Văn Bình",
            "gender": "male",
            "position": "Chỉ huy trưởng",
            "unit": "xã Ngọc Trung",
        },
    ],
    "signer": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trịnh Văn Dũng"},
    "recipients": ["Như Điều 3", "Lưu: VT, NV"],
}


def model(**changes: object) -> AwardsData:
    data = copy.deepcopy(BASE)
    data.update(changes)
    result = validate(DataFile(Path("awards.yaml"), data))
    assert isinstance(result, AwardsData)
    return result


@pytest.mark.parametrize(
    ("signed", "authority", "individual", "collective"),
    [
        ("2023-12-14", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", 540_000, 1_080_000),
        ("2024-01-10", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", 540_000, 1_080_000),
        (
            "2024-07-01",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
            710_000,
            1_410_000,
        ),  # 702.000 / 1.404.000 rounded up
        ("2025-06-30", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", 710_000, 1_410_000),
        # NĐ 152/2025 from 01/7/2025: 0,3 / 0,6 for a commune too (tests/test_law_2026.py).
        ("2026-06-30", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC LẶC", 710_000, 1_410_000),
        ("2026-07-01", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC LẶC", 760_000, 1_520_000),  # 759.000 / 1.518.000
        (
            "2023-06-30",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
            450_000,
            900_000,
        ),  # 447.000 / 894.000
        ("2023-12-14", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG", 270_000, 540_000),
        (
            "2024-07-01",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
            360_000,
            710_000,
        ),  # 351.000 / 702.000
        ("2023-12-14", "CHỦ TỊCH UBND THỊ XÃ BỈM SƠN", 540_000, 1_080_000),
    ],
)
def test_money_by_date_and_level(
    signed: str, authority: str, individual: int, collective: int
) -> None:
    result = amounts(model(date=signed, authority=authority))
    assert (result.individual, result.collective) == (individual, collective)


def test_money_in_the_file_wins_and_level_can_be_set() -> None:
    assert (
        amounts(model(money={"individual": 500_000, "collective": 1_000_000})).individual == 500_000
    )
    assert level_of(model(level="commune")) == "commune"
    assert level_of(model(authority="CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG AN HẢI")) == "commune"


def test_other_awards_and_party_need_money_in_the_file() -> None:
    with pytest.raises(InputError) as error:
        amounts(model(award="Bằng khen"))
    assert "money" in error.value.problems[0].hint  # type: ignore[operator]


def test_bases_follow_the_law_in_force_on_the_date() -> None:
    before = bases_lines(
        model(date="2023-12-14", proposal="Xét đề nghị của Trưởng phòng Nội vụ huyện")
    )
    assert "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003" in before[1]
    assert before[2].startswith("Căn cứ Nghị định số 91/2017/NĐ-CP")
    assert all(line.endswith(";") for line in before[:-1])
    assert before[-1] == "Xét đề nghị của Trưởng phòng Nội vụ huyện."
    after = bases_lines(model(date="2024-01-01"))
    assert after[1] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert after[2].startswith("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023")
    assert after[-1].endswith(".")
    own = bases_lines(model(bases=["Căn cứ A;", "Căn cứ B"]))
    assert own == ["Căn cứ A;", "Căn cứ B."]


COMMUNE_2026 = {
    "date": "2026-12-15",
    "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC LẶC",
    "issuer": {**BASE["issuer"], "name": "ỦY BAN NHÂN DÂN XÃ NGỌC LẶC"},  # type: ignore[dict-item]
    "proposal": "Xét đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã",
}


def test_a_district_round_signed_after_the_reform_is_flagged(tmp_path: Path) -> None:
    # Luật Tổ chức chính quyền địa phương 2025: no cấp huyện from 01/7/2025. The documents
    # are still written (a clerk may be reprinting), but the clerk is told why to look.
    source = tmp_path / "khen-thuong.yaml"
    text = AWARDS.read_text(encoding="utf-8")
    source.write_text(text.replace("date: 2023-12-1", "date: 2026-12-1"), encoding="utf-8")
    result = render_file(source, tmp_path / "out")
    assert len(result.documents) == 3
    flagged = {w.field: w.message for w in result.warnings}
    assert "không còn cấp huyện" in flagged["authority"] and "“HUYỆN NGỌC LẶC”" in flagged["authority"]
    assert "money" not in flagged  # NĐ 152/2025 gives the amount: nothing to verify


@pytest.mark.parametrize(
    ("signed", "authority", "flagged"),
    [
        ("2025-06-30", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", False),
        ("2025-07-01", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", True),
        ("2025-07-01", "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", True),
        ("2025-07-01", "CHỦ TỊCH UBND THỊ XÃ BỈM SƠN", True),
        ("2025-07-01", "GIÁM ĐỐC SỞ NỘI VỤ TỈNH THANH HÓA", False),  # a province body: still there
        ("2025-07-01", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC LẶC", False),
        ("2025-07-01", "CHỦ TỊCH ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUỐC", False),
    ],
)
def test_only_units_the_reform_removed_are_flagged(signed: str, authority: str, flagged: bool) -> None:
    fields = [w.field for w in advisories(model(date=signed, authority=authority))]
    assert ("authority" in fields) == flagged


@pytest.mark.parametrize(
    ("authority", "level", "executor", "fund"),
    [
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG AN HẢI", "commune", "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường", "Quỹ thi đua, khen thưởng của phường"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUỐC", "commune", "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân đặc khu", "Quỹ thi đua, khen thưởng của đặc khu"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC LẶC", "commune", "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã", "Quỹ thi đua, khen thưởng của xã"),
    ],
)
def test_article_3_names_the_offices_of_the_unit_that_signs(
    tmp_path: Path, authority: str, level: str, executor: str, fund: str
) -> None:
    data = model(date="2026-12-15", authority=authority)
    assert level_of(data) == level
    decision, _, _ = render_model(data, "x", tmp_path)
    texts = [p.text for p in open_docx(decision).paragraphs]
    article2 = next(t for t in texts if t.startswith("Điều 2."))
    article3 = next(t for t in texts if t.startswith("Điều 3."))
    assert article2.endswith(f"trích từ {fund}.")
    # After the 2025 reform a commune has offices, not the old công chức posts.
    assert f"ký. {executor}; Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể" in article3
    assert "Công chức" not in article3


def test_before_the_reform_article_3_keeps_the_commune_posts(tmp_path: Path) -> None:
    data = model(date="2024-12-15", authority="CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG AN HẢI")
    decision, _, _ = render_model(data, "x", tmp_path)
    article3 = next(p.text for p in open_docx(decision).paragraphs if p.text.startswith("Điều 3."))
    assert "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường; Công chức Tài chính - Kế toán phường;" in article3


def test_a_commune_decision_of_2026_cites_the_laws_in_force(tmp_path: Path) -> None:
    warnings: list[TextWarning] = []
    decision, _, _ = render_model(model(**COMMUNE_2026), "x", tmp_path, warnings=warnings)
    texts = [p.text for p in open_docx(decision).paragraphs]
    first = next(i for i, t in enumerate(texts) if t.startswith("Căn cứ"))
    assert texts[first : first + 4] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
        "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số "
        "điều của Luật Thi đua, khen thưởng;",
        "Xét đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã.",
    ]
    article2 = next(t for t in texts if t.startswith("Điều 2."))
    assert "mỗi tập thể được thưởng 1.520.000 đồng" in article2
    assert "mỗi cá nhân được thưởng 760.000 đồng" in article2
    # NĐ 152/2025 Điều 54 gives the amount: nothing for the clerk to verify.
    assert warnings == []


@pytest.mark.parametrize(
    "changes",
    [
        {**COMMUNE_2026, "money": {"individual": 400_000, "collective": 800_000}},
        {"date": "2025-06-30"},
        {"date": "2023-12-14"},
    ],
)
def test_no_money_warning_where_the_amount_is_given_or_sourced(tmp_path: Path, changes: dict[str, object]) -> None:
    warnings: list[TextWarning] = []
    render_model(model(**changes), "x", tmp_path, warnings=warnings)
    assert warnings == []


def test_order_by_name_sorts_individuals_the_vietnamese_way() -> None:
    people = [
        {"name": "Tổ dân phố 3", "kind": "collective"},
        {"name": "Lê Văn Bình"},
        {"name": "Phạm Thị Ánh"},
        {"name": "Hoàng Thị Ðào"},  # U+00D0, typed for Đ
        {"name": "Đỗ Văn Ân"},
        {"name": "Lê Thị Dung"},
        {"name": "Nguyễn Văn An"},
        {"name": "Ban Chỉ huy Quân sự xã", "kind": "collective"},
    ]
    collectives, individuals = ordered(model(awardees=people, order="name"))
    assert [a.name for a in collectives] == ["Tổ dân phố 3", "Ban Chỉ huy Quân sự xã"]
    assert [a.name.split()[-1] for a in individuals] == ["An", "Ánh", "Ân", "Bình", "Dung", "Ðào"]
    _, given = ordered(model(awardees=people, order="given"))
    assert [a.name for a in given][:2] == ["Lê Văn Bình", "Phạm Thị Ánh"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("awards")
    result = render_file(AWARDS, out)
    names = [p.name for p in result.documents]
    stem = AWARDS.stem
    assert names == [f"{stem}-quyet-dinh.docx", f"{stem}-danh-sach.docx", f"{stem}-giay-khen.docx"]
    if AWARDS.name == "awards.yaml":
        # The shared case writes "unit: thôn Minh Thành, xã Minh Tiến" unquoted inside {...}.
        assert any("thôn Minh Thành, xã Minh Tiến" in w.message for w in result.warnings)
    return {p.name.removeprefix(f"{AWARDS.stem}-").removesuffix(".docx"): p for p in result.documents}


def test_decision(rendered: dict[str, Path]) -> None:
    doc = open_docx(rendered["quyet-dinh"])
    header = doc.tables[0]
    assert cell_paragraphs(header, 1, 0)[0].text == "Số: 3150/QĐ-UBND"
    assert cell_paragraphs(header, 1, 1)[0].text == "Ngọc Lặc, ngày 14 tháng 12 năm 2023"
    paras = body_paragraphs(doc)
    texts = [p.text for p in paras]
    assert texts[:3] == [
        "QUYẾT ĐỊNH",
        "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong thực hiện nhiệm vụ công tác "
        "quốc phòng - an ninh, xây dựng cơ sở và thực hiện Quy chế dân chủ năm 2023",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
    ]
    authority = paras[2]
    assert (authority.bold, authority.align) == (True, "center")
    bases = paras[3:7]
    assert [b.text[:12] for b in bases] == [
        "Căn cứ Luật ",
        "Căn cứ Luật ",
        "Căn cứ Nghị ",
        "Xét đề nghị ",
    ]
    assert all(b.italic and not b.bold for b in bases)
    assert bases[-1].text == "Xét đề nghị của Trưởng phòng Nội vụ huyện."
    assert texts[7] == "QUYẾT ĐỊNH:"
    assert texts[8] == (
        "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện Ngọc Lặc cho 03 tập thể và 04 cá nhân "
        "(có danh sách kèm theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ công tác quốc phòng - "
        "an ninh, xây dựng cơ sở và thực hiện Quy chế dân chủ năm 2023."
    )
    assert texts[9] == (
        "Điều 2. Kèm theo Giấy khen, mỗi tập thể được thưởng 1.080.000 đồng (Một triệu không trăm tám mươi "
        "nghìn đồng), mỗi cá nhân được thưởng 540.000 đồng (Năm trăm bốn mươi nghìn đồng). Tổng số tiền "
        "thưởng là 5.400.000 đồng (Năm triệu bốn trăm nghìn đồng), trích từ Quỹ thi đua, khen thưởng của huyện."
    )
    assert texts[10].startswith("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.")
    assert texts[10].endswith("chịu trách nhiệm thi hành Quyết định này./.")
    article = doc.paragraphs[[p.text for p in doc.paragraphs].index(texts[8])]
    assert article.runs[0].text == "Điều 1. " and article.runs[0].bold
    assert not article.runs[1].bold
    signature = doc.tables[-1]
    assert [p.text for p in cell_paragraphs(signature, 0, 0)] == [
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT, NV.",
    ]
    assert [p.text for p in cell_paragraphs(signature, 0, 1)] == [
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trịnh Văn Dũng",
    ]


def test_list(rendered: dict[str, Path]) -> None:
    doc = open_docx(rendered["danh-sach"])
    header = doc.tables[0]
    assert len(header.rows) == 1  # no number, no date
    texts = [p.text for p in body_paragraphs(doc)]
    assert texts == [
        "DANH SÁCH",
        # The place name is kept on one line by no-break spaces (wording.keep_place_names).
        "Tập thể, cá nhân được tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện\u00a0Ngọc\u00a0Lặc",
        "(Kèm theo Quyết định số 3150/QĐ-UBND ngày 14 tháng 12 năm 2023 của Chủ tịch Ủy ban nhân dân "
        "huyện\u00a0Ngọc\u00a0Lặc)",
        "I. TẬP THỂ: 03 tập thể",
        "II. CÁ NHÂN: 04 cá nhân",
    ]
    attachment = body_paragraphs(doc)[2]
    assert attachment.italic and attachment.align == "center"
    collectives, individuals = doc.tables[1], doc.tables[2]
    rows = [[c.text for c in row.cells] for row in collectives.rows]
    assert rows == [
        ["STT", "Tên tập thể"],
        ["1", "Ủy ban nhân dân xã Ngọc Trung"],
        ["2", "Ban Chỉ huy Quân sự xã Thúy Sơn"],
        ["3", "Công an thị trấn Ngọc Lặc"],
    ]
    rows = [[c.text for c in row.cells] for row in individuals.rows]
    assert rows[0] == ["STT", "Họ và tên", "Chức vụ, đơn vị công tác"]
    assert rows[1:] == [
        ["1", "Ông Lê Văn Bình", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã Ngọc Trung"],
        ["2", "Bà Phạm Thị Ánh", "Chủ tịch Ủy ban Mặt trận Tổ quốc xã Thúy Sơn"],
        ["3", "Ông Đỗ Văn Ân", "Trưởng Công an xã Quang Trung"],
        ["4", "Bà Hoàng Thị Đào", "Bí thư Chi bộ thôn Minh Thành, xã Minh Tiến"],
    ]
    for table in (collectives, individuals):
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None  # the header row repeats on every page
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_certificates(rendered: dict[str, Path]) -> None:
    doc = open_docx(rendered["giay-khen"])
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert round(section.page_width / 36000) == 297
    starts = [p for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert len(starts) == 7
    assert all(p.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" for p in starts)
    texts = [p.text for p in doc.paragraphs]
    names = [t for t in texts if t.startswith(("Ông ", "Bà ", "Ủy ban", "Ban Chỉ", "Công an"))]
    assert names == [
        "Ủy ban nhân dân xã Ngọc Trung",
        "Ban Chỉ huy Quân sự xã Thúy Sơn",
        "Công an thị trấn Ngọc Lặc",
        "Ông Lê Văn Bình",
        "Bà Phạm Thị Ánh",
        "Ông Đỗ Văn Ân",
        "Bà Hoàng Thị Đào",
    ]
    assert texts.count("GIẤY KHEN") == 7 and texts.count("TẶNG") == 7
    assert (
        texts.count(
            "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ công tác quốc phòng - an ninh, xây dựng cơ sở "
            "và thực hiện Quy chế dân chủ năm 2023"
        )
        == 7
    )
    signature_cells = [
        t for t in doc.tables if "Ngọc Lặc, ngày 14 tháng 12 năm 2023" in t.rows[0].cells[1].text
    ]
    assert len(signature_cells) == 7
    assert "Quyết định số 3150/QĐ-UBND\nngày 14 tháng 12 năm 2023" in signature_cells[0].rows[0].cells[0].text
    assert section._sectPr.find(qn("w:pgBorders")) is not None


def test_fields_only_keeps_positions_and_drops_printed_parts(tmp_path: Path) -> None:
    full = open_docx(render_model(model(), "full", tmp_path)[2])
    fields = open_docx(
        render_model(
            model(certificate={"mode": "fields", "offset_top_mm": 3, "offset_left_mm": -2}),
            "f",
            tmp_path,
        )[2]
    )
    full_texts = [p.text for p in full.paragraphs]
    field_texts = [p.text for p in fields.paragraphs]
    assert len(full_texts) == len(field_texts)  # every line keeps its place
    assert "GIẤY KHEN" in full_texts and "GIẤY KHEN" not in field_texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in field_texts
    assert "Ông Lê Văn Bình" in field_texts
    full_section, field_section = full.sections[0], fields.sections[0]
    assert round((field_section.top_margin - full_section.top_margin) / 36000) == 3
    assert round((field_section.left_margin - full_section.left_margin) / 36000) == -2
    assert field_section._sectPr.find(qn("w:pgBorders")) is None


def test_only_individuals_and_no_money(tmp_path: Path) -> None:
    data = model(
        awardees=[{"name": "Lê Văn Bình"}], money={"individual": 0, "collective": 0}, number=None
    )
    decision, listing, _ = render_model(data, "x", tmp_path)
    texts = [p.text for p in open_docx(decision).paragraphs]
    articles = [t for t in texts if t.startswith("Điều ")]
    assert [a[:7] for a in articles] == ["Điều 1.", "Điều 2."]
    assert "cho 01 cá nhân (có danh sách kèm theo)" in articles[0]
    assert "Về việc khen thưởng cá nhân có thành tích" in texts[texts.index("QUYẾT ĐỊNH") + 1]
    list_texts = [p.text for p in body_paragraphs(open_docx(listing))]
    assert "I. CÁ NHÂN: 01 cá nhân" in list_texts
    assert (
        "(Kèm theo Quyết định số" + " " * 6 + "/QĐ-UBND ngày 14 tháng 12 năm 2023" in list_texts[2]
    )


def test_exact_text_in_names(tmp_path: Path) -> None:
    tricky = "Hội LHPN & Đoàn TN <xã> “A” {{ b }} 🎉"
    data = model(awardees=[{"name": tricky, "kind": "collective"}])
    _, listing, certificates = render_model(data, "t", tmp_path)
    assert open_docx(listing).tables[1].rows[1].cells[1].text == tricky
    assert tricky in [p.text for p in open_docx(certificates).paragraphs]


def test_signing_date_before_known_rules_still_renders() -> None:
    assert level_of(model(date=date(2020, 1, 1).isoformat())) == "district"


def test_an_office_excel_list_becomes_the_same_three_documents(tmp_path: Path) -> None:
    """The clerk's own spreadsheet, headers in Vietnamese, in the office's column order."""
    import yaml
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Loại", "Ghi chú"])
    sheet.append([1, "Ủy ban nhân dân xã Ngọc Trung", None, None, None, "Tập thể", None])
    sheet.append([2, "Ban Chỉ huy Quân sự xã Thúy Sơn", None, None, None, "Tập thể", None])
    sheet.append([3, "Công an thị trấn Ngọc Lặc", None, None, None, "Tập thể", None])
    sheet.append(
        [
            4,
            "Lê Văn Bình",
            "Nam",
            "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
            "xã Ngọc Trung",
            "Cá nhân",
            None,
        ]
    )
    sheet.append(
        [5, "Phạm Thị Ánh", "Nữ", "Chủ tịch Ủy ban Mặt trận Tổ quốc xã", "xã Thúy Sơn", None, None]
    )
    sheet.append([6, "Đỗ Văn Ân", "Nam", "Trưởng Công an xã", "xã Quang Trung", "", None])
    sheet.append(
        [
            7,
            "Hoàng Thị Đào",
            "Nữ",
            "Bí thư Chi bộ",
            "thôn Minh Thành, xã Minh Tiến",
            "Cá nhân",
            None,
        ]
    )
    book.save(tmp_path / "danh-sach.xlsx")
    data = yaml.safe_load(
        AWARDS.read_text(encoding="utf-8").replace(
            "unit: thôn Minh Thành, xã Minh Tiến", 'unit: "thôn Minh Thành, xã Minh Tiến"'
        )
    )
    data["awardees"] = "danh-sach.xlsx"
    (tmp_path / "awards.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    from_sheet = render_file(tmp_path / "awards.yaml", tmp_path / "sheet").documents
    inline = render_file(AWARDS, tmp_path / "inline").documents
    for sheet_doc, inline_doc in zip(from_sheet, inline, strict=True):
        assert [p.text for p in open_docx(sheet_doc).paragraphs] == [
            p.text for p in open_docx(inline_doc).paragraphs
        ]
        sheet_tables = [
            [c.text for r in t.rows for c in r.cells] for t in open_docx(sheet_doc).tables
        ]
        inline_tables = [
            [c.text for r in t.rows for c in r.cells] for t in open_docx(inline_doc).tables
        ]
        assert sheet_tables == inline_tables


def test_spreadsheet_problems_name_file_row_and_column(tmp_path: Path) -> None:
    import yaml

    (tmp_path / "ds.csv").write_text(
        "STT;Họ và tên;Loại;Giới tính\n1;Lê Văn Bình;Cá nhân;Nam\n2;;Cá nhân;Nữ\n3;Phạm Thị Ánh;Đơn vị;Nữ\n",
        encoding="utf-8",
    )
    data = copy.deepcopy(BASE)
    data["awardees"] = "ds.csv"
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as error:
        render_file(tmp_path / "a.yaml", tmp_path / "out")
    assert error.value.source is not None and error.value.source.endswith("ds.csv")
    located = {(p.line, p.column) for p in error.value.problems}
    assert (3, "Họ và tên") in located and (4, "Loại") in located
    assert not (tmp_path / "out").exists()


def test_split_writes_one_certificate_file_per_person(tmp_path: Path) -> None:
    documents = render_file(AWARDS, tmp_path, split=True).documents
    singles = sorted((tmp_path / f"{AWARDS.stem}-giay-khen").glob("*.docx"))
    assert [p.name for p in singles] == [
        "01-uy-ban-nhan-dan-xa-ngoc-trung.docx",
        "02-ban-chi-huy-quan-su-xa-thuy-son.docx",
        "03-cong-an-thi-tran-ngoc-lac.docx",
        "04-le-van-binh.docx",
        "05-pham-thi-anh.docx",
        "06-do-van-an.docx",
        "07-hoang-thi-dao.docx",
    ]
    assert set(singles) <= set(documents)
    fourth = open_docx(singles[3])
    texts = [p.text for p in fourth.paragraphs]
    assert "Ông Lê Văn Bình" in texts and texts.count("GIẤY KHEN") == 1
    assert not any("Phạm Thị Ánh" in t for t in texts)
    assert fourth.sections[0].page_width > fourth.sections[0].page_height


def test_spreadsheet_text_is_cleaned_like_data_file_text(tmp_path: Path) -> None:
    """Word's manual line break (\\x0b) pasted into a cell must not corrupt the documents."""
    import yaml

    from draftkit.check import check_document

    (tmp_path / "ds.csv").write_text(
        "Họ và tên,Chức vụ,Đơn vị\nLê Văn Bình,Chỉ huy trưởng\x0bBan CHQS,xã Ngọc Trung\nPhạm Thị Ánh,Chủ tịch,phƣờng An Hải\n",
        encoding="utf-8",
    )
    data = copy.deepcopy(BASE)
    data["awardees"] = "ds.csv"
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = render_file(tmp_path / "a.yaml", tmp_path / "out")
    messages = [(w.line, w.field, w.message) for w in result.warnings]
    assert any(line == 2 and field == "ds.csv: awardees[0].position" and "U+000B" in m for line, field, m in messages)
    # Word's manual line break stays a line break.
    assert any(line == 3 and "phường An Hải" in m for line, _, m in messages)
    rows = [[c.text for c in r.cells] for r in open_docx(result.documents[1]).tables[1].rows]
    assert rows[1] == ["1", "Lê Văn Bình", "Chỉ huy trưởng\nBan CHQS xã Ngọc Trung"]
    for document in result.documents:
        assert check_document(document).ok


def test_split_again_after_the_list_changed(tmp_path: Path) -> None:
    first = model()
    render_model(first, "kt", tmp_path, split=True)
    assert len(list((tmp_path / "kt-giay-khen").glob("*.docx"))) == 2
    fewer = model(awardees=[{"name": "Lê Văn Bình"}])
    with pytest.raises(OutputError):
        render_model(fewer, "kt", tmp_path, split=True)
    own = tmp_path / "kt-giay-khen" / "ban da ky (sua tay).docx"  # the office's own file
    own.write_bytes(b"signed")
    render_model(fewer, "kt", tmp_path, split=True, force=True)
    names = sorted(p.name for p in (tmp_path / "kt-giay-khen").glob("*.docx"))
    assert names == ["01-le-van-binh.docx", "ban da ky (sua tay).docx"]
    assert own.read_bytes() == b"signed"


def test_a_folder_where_a_document_goes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "kt-giay-khen.docx").mkdir()
    with pytest.raises(OutputError):
        render_model(model(), "kt", tmp_path, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kt-giay-khen.docx"]
