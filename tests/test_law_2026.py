"""Money, legal bases and Party texts by the law in force on the decision's date
(NĐ 152/2025/NĐ-CP; Quy định 399-QĐ/TW; ../shared/reference/legal-2026.md)."""

from __future__ import annotations

import copy
import math
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, NGOC_LAC_AWARDS
from docx_helpers import body_paragraphs, open_docx
from draftkit import awards as awards_module
from draftkit.awards import (
    advisories,
    amounts,
    authority_level,
    bases_lines,
    executor_lines,
    giay_khen_amounts,
    level_of,
)
from draftkit.check import check_document
from draftkit.cli import app
from draftkit.datafile import DataFile, load_data_file
from draftkit.errors import InputError, TextWarning
from draftkit.models import AwardsData
from draftkit.pipeline import render_file, render_model
from draftkit.rules import award_rules, rule_sets, signing_form, text_in_force
from draftkit.validation import validate

runner = CliRunner()

# --- the money, as a table --------------------------------------------------------------

# Mức lương cơ sở (legal-2026.md): written out here, not read from the rules under test.
SALARY = [(date(2019, 7, 1), 1_490_000), (date(2023, 7, 1), 1_800_000), (date(2024, 7, 1), 2_340_000), (date(2026, 7, 1), 2_530_000)]
NEW_LAW = date(2025, 7, 1)  # NĐ 152/2025/NĐ-CP in force


@pytest.mark.parametrize(
    ("signed", "level", "individual", "collective"),
    [
        # either side of 01/7/2024 (NĐ 73/2024: 1.800.000 → 2.340.000); NĐ 98/2023 coefficients
        ("2024-06-30", "commune", 270_000, 540_000),  # 0,15 / 0,3 × 1.800.000
        ("2024-07-01", "commune", 360_000, 710_000),  # 351.000 / 702.000 rounded up
        ("2024-06-30", "province", 540_000, 1_080_000),
        ("2024-07-01", "province", 710_000, 1_410_000),  # 702.000 / 1.404.000
        ("2024-07-01", "district", 710_000, 1_410_000),
        # either side of 01/7/2025 (NĐ 152/2025: 0,3 / 0,6 for every level but điểm d)
        ("2025-06-30", "commune", 360_000, 710_000),
        ("2025-07-01", "commune", 710_000, 1_410_000),
        ("2025-06-30", "province", 710_000, 1_410_000),
        ("2025-07-01", "province", 710_000, 1_410_000),
        ("2025-12-15", "commune", 710_000, 1_410_000),
        # either side of 01/7/2026 (NĐ 161/2026: 2.530.000)
        ("2026-06-30", "commune", 710_000, 1_410_000),
        ("2026-07-01", "commune", 760_000, 1_520_000),  # 759.000 / 1.518.000
        ("2026-06-30", "province", 710_000, 1_410_000),
        ("2026-07-01", "province", 760_000, 1_520_000),
        ("2026-12-15", "commune", 760_000, 1_520_000),
        # the seed round's rules, untouched: Chủ tịch UBND huyện, 1.800.000
        ("2023-12-14", "district", 540_000, 1_080_000),
        ("2023-12-14", "commune", 270_000, 540_000),
        ("2025-06-30", "enterprise", 710_000, 1_410_000),  # NĐ 98/2023: with the 0,3 class
    ],
)
def test_giay_khen_money_by_date_level_and_kind(signed: str, level: str, individual: int, collective: int) -> None:
    money = giay_khen_amounts(date.fromisoformat(signed), level)
    assert (money.individual, money.collective) == (individual, collective)


def salary_on(on: date) -> int:
    return max((start, amount) for start, amount in SALARY if start <= on)[1]


@settings(max_examples=200, deadline=None)
@given(
    on=st.dates(min_value=NEW_LAW, max_value=date(2030, 12, 31)),
    level=st.sampled_from(["province", "district", "commune"]),
)
def test_from_july_2025_every_level_but_d_gets_03_and_06_rounded_up(on: date, level: str) -> None:
    money = giay_khen_amounts(on, level)
    for amount, coefficient in ((money.individual, "0.3"), (money.collective, "0.6")):
        exact = Decimal(salary_on(on)) * Decimal(coefficient)
        assert amount % 10_000 == 0
        assert exact <= amount < exact + 10_000
        assert amount == math.ceil(exact / 10_000) * 10_000


BASE: dict[str, Any] = {
    "version": 1,
    "document": "awards",
    "issuer": {
        "parent": "UBND TỈNH THANH HÓA",
        "name": "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
        "code": "UBND",
        "place": "Ngọc Trung",
    },
    "number": 85,
    "date": "2026-12-15",
    "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
    "reason": "đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026",
    "proposal": "Xét đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã",
    "awardees": [
        {"name": "Công an xã Ngọc Trung", "kind": "collective"},
        {"name": "Trường Mầm non Ngọc Trung", "kind": "collective"},
        {"name": "Lê Văn Bình", "gender": "male", "position": "Trưởng thôn", "unit": "thôn Minh Thành"},
        {"name": "Phạm Thị Ánh", "gender": "female", "position": "Chi hội trưởng Hội Phụ nữ", "unit": "thôn Minh Tiến"},
        {"name": "Đỗ Văn Ân", "gender": "male", "position": "Công an viên", "unit": "thôn Quang Trung"},
    ],
    "signer": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trịnh Văn Dũng"},
    "recipients": ["Như Điều 3", "Lưu: VT, VP"],
}


def data(**changes: Any) -> dict[str, Any]:
    result = copy.deepcopy(BASE)
    result.update(changes)
    return result


def model(**changes: Any) -> AwardsData:
    result = validate(DataFile(Path("awards.yaml"), data(**changes)))
    assert isinstance(result, AwardsData)
    return result


@pytest.mark.parametrize(
    ("signed", "authority", "individual", "collective"),
    [
        ("2025-06-30", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG", 360_000, 710_000),
        ("2025-07-01", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG", 710_000, 1_410_000),
        ("2026-12-15", "CHỦ TỊCH UBND PHƯỜNG HẠC THÀNH", 760_000, 1_520_000),
        ("2026-12-15", "CHỦ TỊCH ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUỐC", 760_000, 1_520_000),
        ("2024-06-30", "GIÁM ĐỐC SỞ NỘI VỤ TỈNH THANH HÓA", 540_000, 1_080_000),
        ("2026-12-15", "GIÁM ĐỐC SỞ NỘI VỤ TỈNH THANH HÓA", 760_000, 1_520_000),
        ("2026-12-15", "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ", 760_000, 1_520_000),
    ],
)
def test_money_of_a_decision_follows_its_authority_and_date(signed: str, authority: str, individual: int, collective: int) -> None:
    money = amounts(model(date=signed, authority=authority))
    assert (money.individual, money.collective) == (individual, collective)
    assert advisories(model(date=signed, authority=authority)) == []  # sourced: nothing to verify


@pytest.mark.parametrize(
    ("authority", "signed", "level"),
    [
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG", "2026-12-15", "commune"),
        ("CHỦ TỊCH UBND PHƯỜNG BẮC SƠN THỊ XÃ BỈM SƠN", "2024-12-15", "commune"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", "2023-12-14", "district"),
        ("GIÁM ĐỐC SỞ NỘI VỤ TỈNH THANH HÓA", "2026-12-15", "province"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "2024-12-15", "province"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ THANH HÓA", "2024-12-15", "district"),  # a city of the province then
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ", "2026-12-15", "province"),  # no such city since 01/7/2025
        ("GIÁM ĐỐC CÔNG TY TNHH MỘT THÀNH VIÊN THỦY LỢI SÔNG CHU", "2026-12-15", "enterprise"),
        # Abbreviated, as offices type them: never paid as a commune's Giấy khen.
        ("GIÁM ĐỐC HTX DỊCH VỤ NÔNG NGHIỆP XÃ ĐÔNG SƠN", "2024-06-30", "enterprise"),
        ("GIÁM ĐỐC CTY CP MÔI TRƯỜNG ĐÔ THỊ", "2025-07-01", "enterprise"),
        ("TỔNG GIÁM ĐỐC TẬP ĐOÀN ĐIỆN LỰC VIỆT NAM", "2025-07-01", "enterprise"),
        ("Giám đốc Hợp tác xã Nông nghiệp Ngọc Trung", "2026-12-15", "enterprise"),
        ("CHỦ TỊCH HỘI ĐỒNG QUẢN TRỊ DOANH NGHIỆP X", "2026-12-15", "enterprise"),
        ("GIÁM ĐỐC TRUNG TÂM BẢO TRỢ XÃ HỘI HUYỆN NGỌC LẶC", "2024-12-15", "district"),  # "xã hội" is no unit
        ("CỤC TRƯỞNG CỤC THUẾ", "2026-12-15", "district"),  # no unit named: the 0,3 class
    ],
)
def test_the_level_is_read_from_the_authority_line(authority: str, signed: str, level: str) -> None:
    assert authority_level(authority, date.fromisoformat(signed)) == level


def test_a_set_level_wins_over_the_authority_line() -> None:
    assert level_of(model(level="enterprise")) == "enterprise"
    assert level_of(model(level="province")) == "province"


# --- where the amount is really unknown: refuse, never guess -----------------------------------


ENTERPRISE = "GIÁM ĐỐC CÔNG TY TNHH MỘT THÀNH VIÊN THỦY LỢI SÔNG CHU"


@pytest.mark.parametrize("signed", ["2025-07-01", "2025-12-15", "2026-12-15"])
def test_a_giay_khen_under_point_d_has_no_default_money(signed: str) -> None:
    with pytest.raises(InputError) as error:
        amounts(model(date=signed, authority=ENTERPRISE))
    (problem,) = error.value.problems
    assert problem.field == "money"
    assert "Nghị định 152/2025/NĐ-CP" in problem.message
    assert "doanh nghiệp, hợp tác xã" in problem.message and "điểm d khoản 1 Điều 75" in problem.message
    assert problem.hint is not None and "money:" in problem.hint


def test_a_point_d_round_without_money_bases_or_executors_is_refused_with_lines(tmp_path: Path) -> None:
    source = tmp_path / "cong-ty.yaml"
    source.write_text(yaml.safe_dump(data(authority=ENTERPRISE), allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = runner.invoke(app, ["render", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert "không nêu mức tiền thưởng kèm Giấy khen của người đứng đầu doanh nghiệp" in output
    assert "cần các dòng “Căn cứ ...” ở mục “bases”" in output
    assert "người thi hành (Điều 3)" in output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_point_d_round_that_gives_its_own_lines_renders_them(tmp_path: Path) -> None:
    own = model(
        authority=ENTERPRISE,
        money={"individual": 500_000, "collective": 1_000_000},
        bases=["Căn cứ Điều lệ tổ chức và hoạt động của Công ty"],
        executors=["Trưởng phòng Tổ chức - Hành chính", "Trưởng phòng Tài chính - Kế toán"],
    )
    warnings: list[TextWarning] = []
    decision, *_ = render_model(own, "x", tmp_path, warnings=warnings)
    texts = [p.text for p in body_paragraphs(open_docx(decision))]
    assert "Căn cứ Điều lệ tổ chức và hoạt động của Công ty;" in texts
    article2 = next(t for t in texts if t.startswith("Điều 2."))
    assert "mỗi cá nhân được thưởng 500.000 đồng" in article2
    assert "trích từ" not in article2  # no default fund for a company
    article3 = next(t for t in texts if t.startswith("Điều 3."))
    assert "Trưởng phòng Tổ chức - Hành chính; Trưởng phòng Tài chính - Kế toán và các tập thể" in article3
    assert warnings == []


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"award": "Bằng khen"}, "Chưa có quy định mức tiền thưởng cho “Bằng khen”"),
        ({"date": "2018-12-15"}, "không có mức lương cơ sở cho ngày ký 15/12/2018"),
        ({"style": "party"}, "Văn bản khen thưởng của Đảng cần ghi mức tiền thưởng"),
    ],
)
def test_an_award_or_date_the_rules_do_not_know_asks_for_the_money(changes: dict[str, Any], said: str) -> None:
    with pytest.raises(InputError) as error:
        amounts(model(**changes))
    assert said in error.value.problems[0].message
    assert error.value.problems[0].field == "money"


def test_every_rule_entry_names_its_source() -> None:
    rules = award_rules()
    for table in ("base_salary", "giay_khen", "bases", "executors"):
        for entry in rules[table]:
            assert str(entry["source"]).strip(), (table, entry["from"])
            assert entry["certainty"] in ("P", "S", "I", "U"), (table, entry["from"])
    newest = max(rules["giay_khen"], key=lambda e: e["from"])
    assert newest["from"] == NEW_LAW and "152/2025/NĐ-CP" in newest["source"] and "Điều 54" in newest["source"]
    assert "enterprise" not in newest  # điểm d: no amount in Điều 54


def test_a_default_resting_on_a_weak_source_is_still_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = copy.deepcopy(award_rules())
    rules["giay_khen"][-1]["certainty"] = "I"
    monkeypatch.setattr(awards_module, "award_rules", lambda: rules)
    (warning,) = advisories(model())
    assert warning.field == "money"
    assert "Nghị định 152/2025/NĐ-CP" in warning.message and "chưa được đối chiếu" in warning.message
    assert "760.000 đồng mỗi cá nhân, 1.520.000 đồng mỗi tập thể" in warning.message


# --- the rounds, rendered and read back ------------------------------------------------------

BASES_2024 = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
    "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
    "một số điều của Luật Thi đua, khen thưởng;",
]
BASES_2025 = [
    "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;",
    "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân "
    "quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật "
    "Thi đua, khen thưởng;",
]
PROPOSAL = "Xét đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã."

ROUNDS = [
    # date, issuer's parent, bases, collective, individual, total (2 collectives, 3 individuals)
    pytest.param(
        "2024-12-16", "UBND HUYỆN NGỌC LẶC", BASES_2024,
        ("710.000 đồng", "Bảy trăm mười nghìn đồng"), ("360.000 đồng", "Ba trăm sáu mươi nghìn đồng"),
        ("2.500.000 đồng", "Hai triệu năm trăm nghìn đồng"), id="2024-12",
    ),
    pytest.param(
        "2025-12-15", "UBND TỈNH THANH HÓA", BASES_2025,
        ("1.410.000 đồng", "Một triệu bốn trăm mười nghìn đồng"), ("710.000 đồng", "Bảy trăm mười nghìn đồng"),
        ("4.950.000 đồng", "Bốn triệu chín trăm năm mươi nghìn đồng"), id="2025-12",
    ),
    pytest.param(
        "2026-12-15", "UBND TỈNH THANH HÓA", BASES_2025,
        ("1.520.000 đồng", "Một triệu năm trăm hai mươi nghìn đồng"),
        ("760.000 đồng", "Bảy trăm sáu mươi nghìn đồng"),
        ("5.320.000 đồng", "Năm triệu ba trăm hai mươi nghìn đồng"), id="2026-12",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("signed", "parent", "bases", "collective", "individual", "total"), ROUNDS)
def test_a_commune_round_renders_the_money_and_bases_of_its_date(
    tmp_path: Path,
    signed: str,
    parent: str,
    bases: list[str],
    collective: tuple[str, str],
    individual: tuple[str, str],
    total: tuple[str, str],
) -> None:
    source = tmp_path / "khen-thuong.yaml"
    issuer = {**BASE["issuer"], "parent": parent}
    source.write_text(
        yaml.safe_dump(data(date=signed, issuer=issuer), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    result = runner.invoke(app, ["render", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Cảnh báo" not in result.output  # every default is sourced
    decision = tmp_path / "out" / "khen-thuong-quyet-dinh.docx"
    texts = [p.text for p in body_paragraphs(open_docx(decision))]
    first = next(i for i, t in enumerate(texts) if t.startswith("Căn cứ"))
    assert texts[first : first + 4] == [*bases, PROPOSAL]
    article1 = next(t for t in texts if t.startswith("Điều 1."))
    assert "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Ngọc Trung cho 02 tập thể và 03 cá nhân" in article1
    article2 = next(t for t in texts if t.startswith("Điều 2."))
    assert (
        f"mỗi tập thể được thưởng {collective[0]} ({collective[1]}), "
        f"mỗi cá nhân được thưởng {individual[0]} ({individual[1]})" in article2
    )
    assert f"Tổng số tiền thưởng là {total[0]} ({total[1]}), trích từ Quỹ thi đua, khen thưởng của xã." in article2
    checked = runner.invoke(app, ["check", str(decision)])
    assert checked.exit_code == 0, checked.output
    assert "kiểm tra theo Nghị định 30/2020/NĐ-CP" in checked.output


def test_the_seed_round_of_2023_keeps_its_money(tmp_path: Path) -> None:
    result = render_file(NGOC_LAC_AWARDS, tmp_path)
    decision = next(p for p in result.documents if p.stem.endswith("quyet-dinh"))
    texts = [p.text for p in body_paragraphs(open_docx(decision))]
    article2 = next(t for t in texts if t.startswith("Điều 2."))
    assert "mỗi tập thể được thưởng 1.080.000 đồng (Một triệu không trăm tám mươi nghìn đồng)" in article2
    assert "mỗi cá nhân được thưởng 540.000 đồng (Năm trăm bốn mươi nghìn đồng)" in article2
    assert "Tổng số tiền thưởng là 5.400.000 đồng (Năm triệu bốn trăm nghìn đồng)" in article2
    assert any(t.startswith("Căn cứ Nghị định số 91/2017/NĐ-CP") for t in texts)
    assert [w for w in result.warnings if w.field in ("money", "authority")] == []
    assert check_document(decision).ok


@pytest.mark.parametrize(
    ("authority", "executors", "fund"),
    [
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
            "Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Nội vụ; Thủ trưởng các sở, ban, ngành; "
            "Chủ tịch Ủy ban nhân dân các xã, phường và các tập thể",
            "Quỹ thi đua, khen thưởng của tỉnh",
        ),
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
            "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã; Thủ trưởng các cơ quan, đơn vị có liên quan "
            "và các tập thể",
            "Quỹ thi đua, khen thưởng của xã",
        ),
    ],
)
def test_article_3_and_the_fund_of_a_2026_decision(authority: str, executors: str, fund: str) -> None:
    decision = model(authority=authority)
    assert executors.startswith("; ".join(executor_lines(decision)) + " và")
    articles = awards_module.articles(decision, *awards_module.ordered(decision))
    assert f"ký. {executors}, cá nhân có tên tại Điều 1" in articles[2]["text"]
    assert articles[1]["text"].endswith(f"trích từ {fund}.")
    assert bases_lines(decision)[:3] == BASES_2025


# --- the Party's texts, by date ------------------------------------------------------------------

QD66_HD36 = "Quy định 66-QĐ/TW năm 2017 và Hướng dẫn 36-HD/VPTW ngày 03/4/2018"
QD399_HD36 = "Quy định 399-QĐ/TW ngày 09/01/2026 và Hướng dẫn 36-HD/VPTW ngày 03/4/2018"
QD399_HD05 = "Quy định 399-QĐ/TW ngày 09/01/2026 và Hướng dẫn 05-HD/VPTW ngày 27/5/2026 (chưa đối chiếu với văn bản gốc)"


@pytest.mark.parametrize(
    ("on", "style", "named"),
    [
        (date(2023, 12, 14), "party", QD66_HD36),
        (date(2026, 1, 8), "party", QD66_HD36),
        (date(2026, 1, 9), "party", QD399_HD36),
        (date(2026, 5, 26), "party", QD399_HD36),
        (date(2026, 5, 27), "party", QD399_HD05),
        (date(2026, 12, 15), "party", QD399_HD05),
        (date(2010, 1, 1), "party", QD66_HD36),  # before every rule set: the oldest
        (None, "party", QD399_HD05),  # no date: the newest
        (date(2026, 12, 15), "state", "Nghị định 30/2020/NĐ-CP"),
    ],
)
def test_the_text_in_force_on_a_date(on: date | None, style: str, named: str) -> None:
    assert text_in_force(style, on) == named


def test_hd05_is_named_as_unverified_wherever_it_is_named() -> None:
    named = [name for rule_set in rule_sets("party") for _, name in rule_set.texts if "05-HD/VPTW" in name]
    assert named
    assert all("(chưa đối chiếu với văn bản gốc)" in name for name in named)


PARTY: dict[str, Any] = yaml.safe_load((EXAMPLES / "huyen-uy-ngoc-lac-2023-khen-thuong.yaml").read_text(encoding="utf-8"))


def as_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render the signing line as typed, as a hand-typed document would carry it: draftkit
    itself prints the style's form, so `check` is tested on what another tool wrote."""
    import draftkit.common

    monkeypatch.setattr(draftkit.common, "signing_form", lambda *_: None)


def party_decision(tmp_path: Path, signed: str, authority: str) -> Path:
    round_ = copy.deepcopy(PARTY)
    round_["date"] = signed
    round_["signer"]["authority"] = authority
    result = validate(DataFile(tmp_path / "dang.yaml", round_))
    assert isinstance(result, AwardsData)
    decision, *_ = render_model(result, "dang", tmp_path / signed)
    return decision


@pytest.mark.parametrize(("typed", "printed"), [("TM. BAN THƯỜNG VỤ", "T/M BAN THƯỜNG VỤ"), ("kt. bí thư", "K/T BÍ THƯ")])
def test_render_prints_the_party_form_of_a_state_prefix(tmp_path: Path, typed: str, printed: str) -> None:
    from docx_helpers import all_text, open_docx

    decision = party_decision(tmp_path, "2026-12-15", typed)
    assert printed in all_text(open_docx(decision))
    assert check_document(decision).ok


@pytest.mark.parametrize(
    ("signed", "named"),
    [("2023-12-14", QD66_HD36), ("2026-03-02", QD399_HD36), ("2026-12-15", QD399_HD05)],
)
def test_check_names_the_party_text_of_the_documents_date(tmp_path: Path, signed: str, named: str) -> None:
    decision = party_decision(tmp_path, signed, "T/M BAN THƯỜNG VỤ")
    report = check_document(decision)
    assert report.ok, [f.to_dict() for f in report.errors]
    assert report.rules_title == named
    shown = runner.invoke(app, ["check", str(decision)])
    assert shown.exit_code == 0, shown.output
    assert f"kiểm tra theo {named}" in " ".join(shown.output.split())


@pytest.mark.parametrize(
    ("typed", "fix"),
    [("TM. BAN THƯỜNG VỤ", "T/M"), ("KT. BÍ THƯ", "K/T"), ("TL. BÍ THƯ", "T/L")],
)
def test_check_refuses_the_state_prefix_in_a_party_document(
    tmp_path: Path, typed: str, fix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_typed(monkeypatch)
    decision = party_decision(tmp_path, "2026-12-15", typed)
    report = check_document(decision)
    found = {f.rule_id: f.found for f in report.errors}
    assert set(found) == {"signature.authority"}
    assert f"đúng là “{fix}”" in found["signature.authority"]
    assert QD399_HD05 in found["signature.authority"]  # the Party text of the document's date


def test_check_names_the_fix_of_a_prefix_without_its_slash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    as_typed(monkeypatch)
    decision = party_decision(tmp_path, "2026-12-15", "TM BAN THƯỜNG VỤ")
    found = {f.rule_id: f.found for f in check_document(decision).errors}
    assert found == {"signature.authority": "viết “TM”, đúng là “T/M”"}


def test_check_refuses_the_party_prefix_in_a_2026_state_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    as_typed(monkeypatch)
    decision, *_ = render_model(model(signer={**BASE["signer"], "authority": "K/T CHỦ TỊCH"}), "x", tmp_path)
    found = {f.rule_id: f.found for f in check_document(decision).errors}
    assert set(found) == {"signature.authority"}
    assert f"“K/T” là cách viết của {QD399_HD05}; Nghị định 30/2020/NĐ-CP dùng" in found["signature.authority"]


@pytest.mark.parametrize(
    ("typed", "style", "offered"),
    [
        ("TM. BAN THƯỜNG VỤ", "party", "T/M BAN THƯỜNG VỤ"),
        ("KT. BÍ THƯ", "party", "K/T BÍ THƯ"),
        ("TL. BÍ THƯ", "party", "T/L BÍ THƯ"),
        ("TM BAN THƯỜNG VỤ", "party", "T/M BAN THƯỜNG VỤ"),
        ("T/M BAN THƯỜNG VỤ", "party", None),
        ("Q. CHỦ TỊCH", "party", None),  # no Party counterpart: `check` reports it
        ("T/M ỦY BAN NHÂN DÂN", "state", "TM. ỦY BAN NHÂN DÂN"),
        ("TM. ỦY BAN NHÂN DÂN", "state", None),
        ("CHỦ TỊCH", "state", None),
    ],
)
def test_signing_form_offers_the_prefix_of_the_style(typed: str, style: str, offered: str | None) -> None:
    assert signing_form(typed, style, date(2026, 12, 15)) == offered


def test_the_day_before_the_new_law_keeps_the_old_bases() -> None:
    day_before = NEW_LAW - timedelta(days=1)
    assert bases_lines(model(date=day_before.isoformat()))[:3] == BASES_2024
    assert bases_lines(model(date=NEW_LAW.isoformat()))[:3] == BASES_2025


# --- the interview -------------------------------------------------------------------------------


def party_interview(out: Path, signed: str, answer: str) -> tuple[Any, str]:
    from test_new_awards import AUTHORITY_AT, CLOSING, GO_ON, ROUND, SAVE, TYPED, invoke

    lines = list(ROUND)
    lines[0] = "2"  # party
    lines[ROUND.index("UBND")] = "HU"
    lines[ROUND.index("14/12/2023")] = signed
    lines[AUTHORITY_AT] = "BAN THƯỜNG VỤ HUYỆN ỦY NGỌC LẶC"
    at_proposal = ROUND.index("Xét đề nghị của Trưởng phòng Nội vụ huyện")
    lines[at_proposal:at_proposal] = ["Căn cứ Điều lệ Đảng Cộng sản Việt Nam", ""]
    lines[at_proposal + 3 : at_proposal + 3] = ["540.000", "1.080.000"]
    closing = list(CLOSING)
    closing[closing.index("KT. CHỦ TỊCH")] = "TM. BAN THƯỜNG VỤ"
    closing[1:1] = ["Văn phòng Huyện ủy", ""]  # Người thi hành: no default for the Party
    closing.insert(closing.index("Trịnh Văn Dũng") + 1, answer)  # Sửa thành “T/M ...”?
    result = invoke(["new-awards", "-o", str(out), "--name", "kt"], lines + TYPED + GO_ON + closing + SAVE)
    return result, " ".join(result.output.split())


@pytest.mark.parametrize(
    ("answer", "kept", "passes"),
    # Kept as typed ("k"), the data file says TM. but the document prints the Party form.
    [("", "T/M BAN THƯỜNG VỤ", True), ("c", "T/M BAN THƯỜNG VỤ", True), ("k", "TM. BAN THƯỜNG VỤ", True)],
)
def test_the_interview_offers_t_m_for_a_party_signer_typed_tm(tmp_path: Path, answer: str, kept: str, passes: bool) -> None:
    out = tmp_path / "out"
    result, output = party_interview(out, "15/12/2026", answer)
    assert result.exit_code == 0, result.output
    assert f"Văn bản của Đảng ngày 15/12/2026: trình bày theo {QD399_HD05}." in output
    assert f"Theo {QD399_HD05}, dòng quyền hạn ký viết “T/M BAN THƯỜNG VỤ”." in output
    assert "Sửa “TM. BAN THƯỜNG VỤ” thành “T/M BAN THƯỜNG VỤ”? (c/k) [c]" in output
    assert load_data_file(out / "kt.yaml").data["signer"]["authority"] == kept
    # Whatever the answer, the document prints the Party form, which `check` accepts.
    assert check_document(out / "kt-quyet-dinh.docx").ok is passes


def test_the_interview_asks_a_companys_round_for_what_the_rules_lack(tmp_path: Path) -> None:
    from test_new_awards import AUTHORITY_AT, CLOSING, GO_ON, ROUND, SAVE, TYPED, invoke

    out = tmp_path / "out"
    lines = list(ROUND)
    lines[ROUND.index("14/12/2023")] = "15/12/2026"
    lines[AUTHORITY_AT] = ENTERPRISE
    at_proposal = ROUND.index("Xét đề nghị của Trưởng phòng Nội vụ huyện")
    lines[at_proposal:at_proposal] = ["Căn cứ Điều lệ tổ chức và hoạt động của Công ty", ""]
    lines[at_proposal + 3 : at_proposal + 3] = ["500.000", "1.000.000"]
    closing = list(CLOSING)
    closing[1:1] = ["Trưởng phòng Tổ chức - Hành chính", ""]  # after the order: Người thi hành
    result = invoke(["new-awards", "-o", str(out), "--name", "ct"], lines + TYPED + GO_ON + closing + SAVE)
    assert result.exit_code == 0, result.output
    saved = load_data_file(out / "ct.yaml").data
    assert saved["bases"] == ["Căn cứ Điều lệ tổ chức và hoạt động của Công ty"]
    assert saved["money"] == {"individual": 500000, "collective": 1000000}
    assert saved["executors"] == ["Trưởng phòng Tổ chức - Hành chính"]


@pytest.mark.parametrize(
    ("example", "typed", "fixed"),
    [
        ("huyen-uy-ngoc-lac-2023-khen-thuong.yaml", "TM. BAN THƯỜNG VỤ", "T/M BAN THƯỜNG VỤ"),
        ("ngoc-lac-2023-bao-cao-dang.yaml", "KT. BÍ THƯ", "K/T BÍ THƯ"),
        ("ngoc-lac-2023-khen-thuong.yaml", "K/T CHỦ TỊCH", "KT. CHỦ TỊCH"),
    ],
)
def test_render_warns_of_a_signing_line_in_the_other_styles_form(
    tmp_path: Path, example: str, typed: str, fixed: str
) -> None:
    source_data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    source_data["signer"]["authority"] = typed
    source = tmp_path / example
    source.write_text(yaml.safe_dump(source_data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = render_file(source, tmp_path / "out")
    (warning,) = [w for w in result.warnings if w.field == "signer.authority"]
    assert f"viết “{fixed}”, không viết “{typed}”" in warning.message
    assert text_in_force(source_data["style"], date.fromisoformat(str(source_data["date"]))) in warning.message


def test_render_is_silent_on_a_signing_line_in_the_right_form(tmp_path: Path) -> None:
    result = render_file(EXAMPLES / "huyen-uy-ngoc-lac-2023-khen-thuong.yaml", tmp_path)
    assert [w for w in result.warnings if w.field == "signer.authority"] == []


def test_a_party_decision_names_its_own_executors() -> None:
    party = validate(DataFile(Path("dang.yaml"), {k: v for k, v in PARTY.items() if k != "executors"}))
    assert isinstance(party, AwardsData)
    with pytest.raises(InputError) as error:
        executor_lines(party)
    (problem,) = error.value.problems
    assert problem.field == "executors" and "quyết định của Đảng" in problem.message


@pytest.mark.parametrize(
    "authority",
    ["GIÁM ĐỐC SỞ NỘI VỤ TỈNH THANH HÓA", "CỤC TRƯỞNG CỤC THUẾ", "GIÁM ĐỐC TRUNG TÂM Y TẾ KHU VỰC NGỌC LẶC"],
)
def test_defaults_of_a_peoples_committee_are_not_given_to_another_body(authority: str) -> None:
    decision = model(authority=authority)
    assert amounts(decision) == giay_khen_amounts(date(2026, 12, 15), "province")  # điểm a, b: 0,3 / 0,6
    for build, field in ((bases_lines, "bases"), (executor_lines, "executors")):
        with pytest.raises(InputError) as error:
            build(decision)
        (problem,) = error.value.problems
        assert problem.field == field and f"“{authority}”" in problem.message
    own = model(authority=authority, bases=["Căn cứ Quyết định số 12/QĐ-UBND"], executors=["Chánh Văn phòng"])
    article2 = awards_module.articles(own, *awards_module.ordered(own))[1]["text"]
    assert article2.endswith("Tổng số tiền thưởng là 5.320.000 đồng (Năm triệu ba trăm hai mươi nghìn đồng).")


@pytest.mark.parametrize(
    "authority",
    ["CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG", "CHỦ TỊCH UỶ BAN NHÂN DÂN XÃ NGỌC TRUNG", "CHỦ TỊCH UBND XÃ NGỌC TRUNG"],
)
def test_a_peoples_committee_however_spelt_gets_the_defaults(authority: str) -> None:
    decision = model(authority=authority)
    assert bases_lines(decision)[:3] == BASES_2025
    assert executor_lines(decision)[0] == "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("t/m ban thường vụ", "không viết in hoa"),  # the right prefix, in the wrong case
        ("tm. ban thường vụ", f"“TM.” là cách viết của Nghị định 30/2020/NĐ-CP; {QD399_HD05} dùng"),
        ("T/M. BAN THƯỜNG VỤ", "viết “T/M.”, đúng là “T/M”"),
        ("T.M BAN THƯỜNG VỤ", "viết “T.M”, đúng là “T/M”"),
    ],
)
def test_check_finds_the_signing_line_whatever_its_case(tmp_path: Path, typed: str, said: str) -> None:
    # As typed by hand in Word: draftkit itself prints the line in capitals.
    from test_check import retext

    rendered = party_decision(tmp_path, "2026-12-15", "T/M BAN THƯỜNG VỤ")
    doc = open_docx(rendered)
    retext(doc, "T/M BAN THƯỜNG VỤ", typed)
    decision = tmp_path / "typed.docx"
    doc.save(str(decision))
    found = {f.rule_id: f.found for f in check_document(decision).errors}
    assert set(found) == {"signature.authority"}, found
    assert said in found["signature.authority"]
