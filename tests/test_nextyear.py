"""Specification of next year from this year (draftkit.nextyear, ``draftkit next-year`` and
``new-report --data LAST-YEAR.yaml``).

The interview tests type their answers through the public entry point with a fixed
"today", then read what a clerk would: the data file written (with the loader ``render``
uses) and the text of the .docx.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from conftest import NGOC_LAC_AWARDS, NGOC_LAC_REPORT
from docx_helpers import all_text, open_docx
from draftkit.cli import app
from draftkit.datafile import load_data_file
from draftkit.errors import InputError
from draftkit.interview import run_new_awards, run_new_report
from draftkit.nextyear import is_last_year, next_stem, next_year, shift_years


def invoke(args: list[str], lines: list[str] | None = None) -> Any:
    return CliRunner().invoke(app, args, input="\n".join(lines or []) + "\n", env={"COLUMNS": "200"})


def flat(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------- years in a title


@pytest.mark.parametrize(
    ("text", "moved", "ranges"),
    [
        ("Tổng kết năm 2023", "Tổng kết năm 2024", []),
        (
            "Tổng kết năm 2023, phương hướng, nhiệm vụ năm 2024",
            "Tổng kết năm 2024, phương hướng, nhiệm vụ năm 2025",
            [],
        ),
        ("kết quả năm 2023.", "kết quả năm 2024.", []),  # a full stop after the year
        ("giai đoạn 2021-2025, năm 2023", "giai đoạn 2021-2025, năm 2024", ["2021-2025"]),
        ("nhiệm kỳ 2020 – 2025", "nhiệm kỳ 2020 – 2025", ["2020 – 2025"]),
        ("so với năm 2022", "so với năm 2022", []),  # neither this year nor the next
        ("Nghị quyết số 12/2023/NQ-HĐND", "Nghị quyết số 12/2023/NQ-HĐND", []),  # a symbol
        ("ngày 10/01/2023", "ngày 10/01/2023", []),  # a date of last year's paper
        ("2023,5 tỷ và 12023 hộ", "2023,5 tỷ và 12023 hộ", []),  # numbers, not years
        ("năm 2025 và 2026", "năm 2025 và 2026", []),
    ],
)
def test_only_this_year_and_the_next_move(text: str, moved: str, ranges: list[str]) -> None:
    assert shift_years(text, 2023) == (moved, ranges)


@pytest.mark.parametrize(
    ("stem", "year", "new"),
    [("bao-cao-2023", 2023, "bao-cao-2024"), ("bao-cao", 2023, "bao-cao-2024"), ("kt-2024-xa", 2024, "kt-2025-xa")],
)
def test_the_next_file_name(stem: str, year: int, new: str) -> None:
    assert next_stem(stem, year) == new


@pytest.mark.parametrize(
    ("data", "today", "last"),
    [
        ({"document": "report", "date": "2023-12-12"}, date(2024, 12, 1), True),
        ({"document": "report", "date": "2024-01-10", "year": 2023}, date(2024, 12, 1), True),  # year wins
        ({"document": "report", "date": "2024-12-12"}, date(2024, 12, 20), False),
        ({"document": "awards", "date": "2023-12-14"}, date(2024, 12, 1), True),
        ({"document": "awards", "date": "không rõ"}, date(2024, 12, 1), False),
        ({"document": "other", "date": "2023-12-14"}, date(2024, 12, 1), False),
    ],
)
def test_which_files_are_last_years(data: dict[str, Any], today: date, last: bool) -> None:
    assert is_last_year(data, today) is last


# ------------------------------------------------------------------- a report carried


def test_a_report_moves_on_a_year() -> None:
    old = load_data_file(NGOC_LAC_REPORT).data
    carried = next_year(old)
    new = carried.data

    assert carried.year == 2024
    assert new["date"] == date(2024, 12, 12)
    assert "number" not in new
    assert new["year"] == 2024
    assert new["title"].endswith("năm 2024; phương hướng, nhiệm vụ năm 2025")
    assert (new["issuer"], new["signer"], new["recipients"]) == (old["issuer"], old["signer"], old["recipients"])
    first = new["results"][0]
    assert first["heading"] == old["results"][0]["heading"]
    assert "paragraphs" not in first  # last year's text is not this year's
    assert first["indicators"][0] == {"label": "Thu nhập bình quân đầu người", "unit": "triệu đồng", "previous": 50.24}
    # Last year's plan tasks are this year's fields to report on.
    tasks = [t if isinstance(t, str) else t["heading"] for t in old["plan"]["tasks"]]
    headings = [s["heading"] for s in new["results"]]
    assert headings[len(old["results"]) :] == [t.rstrip(".") for t in tasks]
    for key in ("assessment", "plan", "proposals", "opening"):
        assert key not in new
    assert {"results", "assessment", "plan", "proposals", "opening", "number"} <= set(carried.ask)
    assert any("đoạn mở đầu năm trước" in w.message for w in carried.warnings)
    assert old["date"] == "2023-12-12" and "number" in old  # the old data is not touched


def test_29_february_is_moved_with_a_warning() -> None:
    carried = next_year({"document": "awards", "date": "2024-02-29", "reason": "năm 2024"})
    assert carried.data["date"] == date(2025, 2, 28)
    assert [w.field for w in carried.warnings] == ["date"]


def test_a_title_without_the_year_is_pointed_out() -> None:
    carried = next_year({"document": "report", "date": "2023-12-12", "title": "Tổng kết công tác dân vận"})
    assert carried.data["title"] == "Tổng kết công tác dân vận"
    assert any(w.field == "title" and "không nêu năm 2023" in w.message for w in carried.warnings)


def test_a_date_in_the_past_is_asked_again() -> None:
    carried = next_year({"document": "report", "date": "2023-01-10", "year": 2022}, today=date(2024, 12, 1))
    assert carried.data["date"] == date(2024, 1, 10)
    assert "date" in carried.ask


@pytest.mark.parametrize(
    "data",
    [{"document": "report"}, {"document": "report", "date": "12/12/2023x"}, {"document": "list", "date": "2023-12-12"}],
    ids=["no date", "unreadable date", "not a report"],
)
def test_refused_where_nothing_can_be_moved_with_certainty(data: dict[str, Any]) -> None:
    with pytest.raises(InputError) as refused:
        next_year(data)
    assert refused.value.problems[0].field in ("date", "document")


# ------------------------------------------------------------------- a round carried


def test_an_awards_round_keeps_its_office_and_loses_its_awardees() -> None:
    old = load_data_file(NGOC_LAC_AWARDS).data
    old["money"] = {"individual": 540000, "collective": 1080000}
    old["bases"] = ["Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003"]
    carried = next_year(old)
    new = carried.data

    assert new["date"] == date(2024, 12, 14)
    assert "number" not in new and "awardees" not in new and "money" not in new
    assert new["reason"].endswith("Quy chế dân chủ năm 2024")
    for key in ("issuer", "authority", "signer", "recipients", "bases"):
        assert new[key] == old[key], key
    assert "proposal" not in new  # last year's Tờ trình: asked again
    fields = {w.field for w in carried.warnings}
    assert fields == {"money", "bases"}
    money = next(w for w in carried.warnings if w.field == "money")
    assert "540.000 đồng mỗi cá nhân" in money.message
    assert {"awardees", "reason", "number", "proposal"} <= set(carried.ask)


# ------------------------------------------------------------------- draftkit next-year


def test_next_year_writes_next_years_file_beside_last_years(tmp_path: Path) -> None:
    last = tmp_path / "bao-cao-2023.yaml"
    last.write_bytes(NGOC_LAC_REPORT.read_bytes())

    result = invoke(["next-year", str(last)])

    assert result.exit_code == 0, result.output
    new = tmp_path / "bao-cao-2024.yaml"
    assert f"Đã tạo: {new}" in flat(result.output)
    assert "Nhập phần còn thiếu: draftkit new-report --data" in result.output
    assert f"Nhập phần còn thiếu: draftkit new-report --data {new}" in flat(result.output)
    assert "Lưu ý: đoạn mở đầu năm trước" in result.output
    data = load_data_file(new).data
    assert data["date"] == "2024-12-12" and data["year"] == 2024
    assert data["results"][0]["indicators"][0]["previous"] == 50.24

    again = invoke(["next-year", str(last)])
    assert again.exit_code == 1
    assert "Không ghi đè" in again.output
    forced = invoke(["next-year", str(last), "-o", str(tmp_path / "moi.yaml")])
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "moi.yaml").is_file()


def test_next_year_refuses_a_broken_file_with_its_line(tmp_path: Path) -> None:
    last = tmp_path / "bc.yaml"
    text = NGOC_LAC_REPORT.read_text(encoding="utf-8").replace("date: 2023-12-12", "date: 2023-02-30")
    last.write_text(text, encoding="utf-8")

    result = invoke(["next-year", str(last)])

    assert result.exit_code == 1
    assert "dòng" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "bc-2024.yaml").exists()


# ------------------------------------------------------------------- the interview


LAST_REPORT = """\
version: 1
document: report
issuer: {name: ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG, code: UBND, place: Ngọc Trung}
number: 85
date: 2024-12-12
title: Báo cáo kết quả thực hiện nhiệm vụ năm 2024, phương hướng, nhiệm vụ năm 2025
results:
  - heading: Thu ngân sách
    paragraphs: [Thu ngân sách vượt dự toán.]
    indicators: [{label: Thu ngân sách, value: 42, unit: tỷ đồng, target: 40}]
assessment: {strengths: [Đoàn kết.]}
plan: {tasks: [Xây dựng nông thôn mới nâng cao.]}
signer: {authority: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn Hòa}
recipients: [Thường trực Đảng ủy, "Lưu: VT"]
"""

CARRY_ANSWERS = [
    "",  # Chuyển sang năm 2025? [c]
    "",  # Số văn bản (none)
    "",  # Đặc điểm tình hình: none
    "",  # Lĩnh vực 1 “Thu ngân sách”: Enter, then its questions
    "",  # Tên lĩnh vực [Thu ngân sách]
    "Thu ngân sách năm 2025 đạt khá.",  # Đoạn văn 1
    "",  # end of paragraphs
    "",  # Chỉ tiêu 1 “Thu ngân sách”: Enter, then its questions
    "",  # Tên chỉ tiêu [Thu ngân sách]
    "45",  # Kết quả năm nay (asked: no default)
    "",  # Đơn vị tính [tỷ đồng]
    "",  # Kết quả cùng kỳ [42]: last year's value
    "50",  # Kế hoạch năm
    "",  # Chỉ tiêu tốt khi [higher]
    "k",  # Thêm chỉ tiêu?
    "k",  # Thêm mục nhỏ?
    "",  # Lĩnh vực 2 “Xây dựng nông thôn mới nâng cao”: Enter
    "",  # Tên lĩnh vực [...]
    "Thêm 2 thôn đạt chuẩn nông thôn mới nâng cao.",  # Đoạn văn 1
    "",  # end of paragraphs
    "k",  # Thêm chỉ tiêu?
    "k",  # Thêm mục nhỏ?
    "k",  # Thêm lĩnh vực?
    "Đoàn kết, thống nhất.",  # Ưu điểm 1
    "",
    "",  # Hạn chế
    "",  # Nguyên nhân
    "",  # Bài học
    "",  # Mục tiêu
    "Hoàn thành xã nông thôn mới kiểu mẫu.",  # Nhiệm vụ 1
    "",
    "",  # Đề xuất
    "c",  # Lưu và tạo văn bản?
    "k",  # Lưu ... làm hồ sơ cơ quan?
]


def test_new_report_from_last_years_file_asks_only_what_is_new(tmp_path: Path) -> None:
    last = tmp_path / "bao-cao-2024.yaml"
    last.write_text(LAST_REPORT, encoding="utf-8")
    out = tmp_path / "moi"
    console = Console(file=io.StringIO(), width=200)

    result = run_new_report(
        console,
        out,
        stream=io.StringIO("\n".join(CARRY_ANSWERS) + "\n"),
        today=date(2025, 12, 1),
        data_file=last,
        editor=lambda text: text,
    )

    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert result is not None, shown
    assert "Tệp bao-cao-2024.yaml là văn bản năm 2024. Chuyển sang năm 2025" in shown
    assert "Ngày ký: 12/12/2024 → 12/12/2025" in shown
    assert "Kết quả cùng kỳ năm trước (để tính tăng/giảm) [42]" in shown
    # Not asked again: who writes, signs and receives it, and the title moved on.
    for label in ("Tên cơ quan ban hành", "Họ và tên người ký", "Nơi nhận 1", "Trích yếu (tên báo cáo)"):
        assert f"{label} [" not in shown, label
    data = load_data_file(out / "bao-cao-2025.yaml").data
    assert data["date"] == "2025-12-12" and "number" not in data
    assert data["title"] == "Báo cáo kết quả thực hiện nhiệm vụ năm 2025, phương hướng, nhiệm vụ năm 2026"
    assert data["results"][0]["indicators"][0] == {
        "label": "Thu ngân sách", "value": 45, "unit": "tỷ đồng", "previous": 42, "target": 50, "better": "higher"
    }
    assert data["results"][1]["heading"] == "Xây dựng nông thôn mới nâng cao"
    assert data["plan"] == {"tasks": ["Hoàn thành xã nông thôn mới kiểu mẫu."]}
    assert not (out / "bao-cao-2024.yaml").exists()
    text = flat(all_text(open_docx(out / "bao-cao-2025.docx"), " "))
    assert "Ngọc Trung, ngày 12 tháng 12 năm 2025" in text
    assert "Thu ngân sách đạt 45 tỷ đồng, tăng 7,14% so với cùng kỳ, đạt 90% kế hoạch." in text
    assert "KẾT QUẢ THỰC HIỆN NĂM 2025" in text and "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026" in text
    assert "Thu ngân sách vượt dự toán." not in text  # last year's text is gone


def test_new_awards_from_last_years_round_asks_for_the_new_list(tmp_path: Path) -> None:
    last = tmp_path / "khen-thuong-2023.yaml"
    last.write_bytes(NGOC_LAC_AWARDS.read_bytes())
    out = tmp_path / "moi"
    console = Console(file=io.StringIO(), width=200)
    answers = [
        "",  # Chuyển sang năm 2024? [c]
        "",  # Số văn bản
        "",  # Thành tích [… năm 2024]
        "Xét đề nghị của Trưởng phòng Nội vụ huyện tại Tờ trình số 45/TTr-NV",  # Dòng đề nghị: asked
        "",  # Đọc danh sách từ tệp Excel/CSV có sẵn? [k]
        "Lê Văn Cường", "", "nam", "Xã đội trưởng", "xã Ngọc Trung",
        "",  # end of the list
        "",  # the table: Enter to continue
        "c",  # Lưu và tạo văn bản?
        "k",  # hồ sơ cơ quan?
    ]

    result = run_new_awards(
        console, out, stream=io.StringIO("\n".join(answers) + "\n"), today=date(2024, 12, 1), data_file=last
    )

    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert result is not None, shown
    data = load_data_file(out / "khen-thuong-2024.yaml").data
    assert data["date"] == "2024-12-14"
    assert data["reason"].endswith("năm 2024")
    assert [a["name"] for a in data["awardees"]] == ["Lê Văn Cường"]
    assert data["signer"] == load_data_file(last).data["signer"]
    text = flat(all_text(open_docx(out / "khen-thuong-2024-quyet-dinh.docx"), " "))
    assert "cho 01 cá nhân" in text and "năm 2024" in text
