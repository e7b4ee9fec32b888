"""Defects found in next year from this year, the review's preview and the profile's signers.

Each test reads what the clerk meets: the file next-year writes, the questions the interview
asks (typed answers through the public entry points, with a fixed "today"), the CLI output
and the .docx read back with python-docx.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from conftest import NGOC_LAC_AWARDS, NGOC_LAC_REPORT
from docx_helpers import all_text, open_docx
from draftkit.datafile import dump_yaml, load_data_file
from draftkit.errors import InputError, OutputError
from draftkit.interview import run_new_report
from draftkit.interview.fields import field_spec
from draftkit.interview.review import is_money
from draftkit.models import Money
from draftkit.nextyear import (
    MARKER,
    is_last_year,
    next_stem,
    next_year,
    shift_years,
    signer_change,
    still_to_ask,
    write_next_year,
)
from draftkit.profile import profile_for, profile_path
from test_nextyear import CARRY_ANSWERS, LAST_REPORT, flat, invoke

REPORT_SIGNER = {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn Hòa"}
DECISION_SIGNER = {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trịnh Văn Dũng"}
SITUATION = "Xã có 12 thôn, 2.150 hộ."
LAST_WITH_SITUATION = LAST_REPORT.replace("results:", f'situation: ["{SITUATION}"]\nresults:')


def write_profile(text: str) -> Path:
    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def interview(data_file: Path, answers: list[str], today: date, out: Path) -> tuple[Any, str]:
    console = Console(file=io.StringIO(), width=250)
    result = run_new_report(
        console,
        out,
        stream=io.StringIO("\n".join(answers) + "\n"),
        today=today,
        data_file=data_file,
        editor=lambda text: text,
    )
    return result, console.file.getvalue()  # type: ignore[attr-defined]


def asked_line(shown: str) -> str:
    """The interview's "Chỉ hỏi những phần ...: …" line."""
    found = re.search(r"Chỉ hỏi những phần còn thiếu hoặc chưa hợp lệ: (.*?”)\.", flat(shown))
    assert found is not None, shown
    return found.group(1)


# ------------------------------------------------------------------- 1. never carried twice


def test_a_file_next_year_wrote_is_never_carried_again(tmp_path: Path) -> None:
    last = tmp_path / "bao-cao-2024.yaml"
    last.write_text(LAST_WITH_SITUATION, encoding="utf-8")
    written, _ = write_next_year(last, today=date(2025, 12, 1))
    assert written.name == "bao-cao-2025.yaml"
    marker = load_data_file(written).data[MARKER]
    assert marker["from_year"] == 2024 and "situation" in marker["ask"]

    # Finished in August 2026: by the calendar alone the 2025 file is "last year's".
    answers = list(CARRY_ANSWERS[1:])  # no "Chuyển sang năm …?" question
    answers[1:2] = ["", ""]  # Đặc điểm tình hình: Enter keeps the paragraph, Enter ends the list
    result, shown = interview(written, answers, date(2026, 8, 1), tmp_path / "moi")

    assert result is not None, shown
    assert "Chuyển sang năm" not in shown
    data = load_data_file(tmp_path / "moi" / "bao-cao-2025.yaml").data
    assert MARKER not in data  # the finished file is an ordinary data file
    assert data["title"] == "Báo cáo kết quả thực hiện nhiệm vụ năm 2025, phương hướng, nhiệm vụ năm 2026"
    assert data["results"][0]["indicators"][0]["previous"] == 42  # last year's figure kept
    assert data["date"] == "2025-12-12"


def test_carrying_a_carried_file_is_refused_from_the_cli(tmp_path: Path) -> None:
    last = tmp_path / "khen-thuong-2023.yaml"
    last.write_bytes(NGOC_LAC_AWARDS.read_bytes())
    assert invoke(["next-year", str(last)]).exit_code == 0
    carried = tmp_path / "khen-thuong-2024.yaml"
    reason = load_data_file(carried).data["reason"]
    assert reason.endswith("năm 2024")

    again = invoke(["next-year", str(carried)])

    assert again.exit_code == 1
    assert "đã được “draftkit next-year” chuyển sang năm sau từ tệp năm 2023" in flat(again.output)
    assert "draftkit new-awards --data" in again.output and "Traceback" not in again.output
    assert not (tmp_path / "khen-thuong-2025.yaml").exists()
    with pytest.raises(InputError) as refused:
        next_year(load_data_file(carried).data)
    assert refused.value.problems[0].field == MARKER


@pytest.mark.parametrize(
    ("data", "today", "last"),
    [
        # A report about 2024 finished in January 2025 is this season's, not last year's.
        ({"document": "report", "date": "2025-01-10", "year": 2024}, date(2025, 1, 20), False),
        ({"document": "report", "date": "2024-12-20", "year": 2024}, date(2025, 2, 1), False),
        # A 2023 file opened in January 2025: last year's (2024's report is the one due).
        ({"document": "report", "date": "2023-12-12", "year": 2023}, date(2025, 1, 20), True),
        ({"document": "report", "date": "2024-12-12", "year": 2024}, date(2025, 11, 20), True),
        ({"document": "awards", "date": "2024-12-14"}, date(2025, 1, 5), False),
        ({"document": "awards", "date": "2024-12-14"}, date(2025, 12, 1), True),
        # A file next-year wrote, whatever the date.
        ({"document": "report", "date": "2024-12-12", "year": 2024, MARKER: {"from_year": 2023}}, date(2026, 12, 1), False),
    ],
    ids=["jan-same-season", "feb-same-season", "jan-two-back", "nov-last", "awards-jan", "awards-dec", "marked"],
)
def test_last_years_file_by_the_season_not_the_calendar_year(data: dict[str, Any], today: date, last: bool) -> None:
    assert is_last_year(data, today) is last


# ------------------------------------------------------------------- 2. sections asked again


def test_both_paths_ask_last_years_situation_again(tmp_path: Path) -> None:
    last = tmp_path / "bao-cao-2024.yaml"
    last.write_text(LAST_WITH_SITUATION, encoding="utf-8")
    new_situation = "Xã có 13 thôn, 2.210 hộ."

    # a) new-report --data LAST: the offer (Enter), then the situation is asked.
    offered = list(CARRY_ANSWERS)
    offered[2:3] = [new_situation, ""]  # Đoạn văn 1 [last year's]: replaced; Đoạn văn 2: Enter ends
    result_a, shown_a = interview(last, offered, date(2025, 12, 1), tmp_path / "a")
    # b) next-year LAST, then new-report --data NEXT.
    written, _ = write_next_year(last, today=date(2025, 12, 1))
    result_b, shown_b = interview(written, offered[1:], date(2025, 12, 1), tmp_path / "b")

    assert result_a is not None, shown_a
    assert result_b is not None, shown_b
    assert asked_line(shown_a) == asked_line(shown_b)
    assert "“Đặc điểm tình hình”" in asked_line(shown_b)
    assert f"Đoạn văn 1 [{SITUATION}]" in shown_b  # asked, last year's text offered to edit
    for folder in ("a", "b"):
        data = load_data_file(tmp_path / folder / "bao-cao-2025.yaml").data
        assert data["situation"] == [new_situation], folder
        text = flat(all_text(open_docx(tmp_path / folder / "bao-cao-2025.docx"), " "))
        assert new_situation in text and SITUATION not in text


def test_the_marker_is_the_one_list_of_sections_to_ask() -> None:
    carried = next_year(load_data_file(NGOC_LAC_REPORT).data, today=date(2024, 12, 1))
    data, ask = still_to_ask(carried.data)
    assert MARKER not in data and MARKER in carried.data
    assert ask == carried.ask
    assert {"situation", "results", "assessment", "plan", "proposals", "opening", "number"} <= set(ask)
    assert still_to_ask({"document": "report"}) == ({"document": "report"}, ())


# ------------------------------------------------------------------- 3. last year's papers


def test_last_years_proposal_is_cleared_and_asked() -> None:
    old = load_data_file(NGOC_LAC_AWARDS).data
    old["proposal"] = "Xét đề nghị của Trưởng phòng Nội vụ huyện tại Tờ trình số 210/TTr-NV ngày 05/12/2023"
    carried = next_year(old)
    assert "proposal" not in carried.data and "proposal" in carried.ask
    assert any("Tờ trình số 210/TTr-NV" in note for note in carried.notes)


@pytest.mark.parametrize(
    ("key", "value", "warned"),
    [
        ("bases", ["Căn cứ Kế hoạch số 12/KH-UBND ngày 10/3/2023 của UBND huyện"], True),
        ("bases", ["Căn cứ Quyết định số 5/2023/QĐ-UBND của UBND tỉnh"], True),
        ("bases", ["Căn cứ Kế hoạch ngày 10 tháng 3 năm 2023 của UBND huyện"], True),
        ("bases", ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"], False),
        ("subject", "Về việc khen thưởng theo Kế hoạch 12/KH-UBND ngày 10-03-2023", True),
        ("executors", ["Chánh Văn phòng HĐND và UBND huyện"], False),
    ],
)
def test_every_kept_field_citing_last_years_paper_is_pointed_out(key: str, value: Any, warned: bool) -> None:
    old = {"document": "awards", "date": "2023-12-14", "reason": "năm 2023", key: value}
    carried = next_year(old)
    assert any(w.field == key and "văn bản năm 2023" in w.message for w in carried.warnings) is warned


# ------------------------------------------------------------------- 6. one signer per profile


@pytest.mark.parametrize(
    ("signer", "kept", "sure"),
    [
        (REPORT_SIGNER, {"title": "CHỦ TỊCH", "name": "Nguyễn Văn Hòa"}, True),
        ({"authority": "TM. ỦY BAN NHÂN DÂN", "title": "PHÓ CHỦ TỊCH", "name": "Trịnh Văn Dũng"}, None, False),
    ],
    ids=["tm-chairman", "tm-deputy"],
)
def test_a_report_signer_for_a_decision_is_derived_only_when_sure(
    signer: dict[str, str], kept: dict[str, str] | None, sure: bool
) -> None:
    values, note = profile_for({"signer": signer}, "awards")
    assert values.get("signer") == kept
    assert note is not None and "draftkit profile" in note and "“signer”" in note
    assert ("Không suy ra được" in note) is not sure


def test_render_refuses_a_decision_signer_it_cannot_tell(tmp_path: Path) -> None:
    data = load_data_file(NGOC_LAC_AWARDS).data
    del data["signer"]
    file = tmp_path / "kt.yaml"
    file.write_text(dump_yaml(data), encoding="utf-8")
    write_profile(
        "issuer: {name: ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC, code: UBND, place: Ngọc Lặc}\n"
        "signer: {authority: TM. ỦY BAN NHÂN DÂN, title: PHÓ CHỦ TỊCH, name: Trịnh Văn Dũng}\n"
    )

    result = invoke(["render", str(file), "-o", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert "mục “signer”" in result.output and "draftkit profile" in flat(result.output)
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "kt-quyet-dinh.docx").exists()


# ------------------------------------------------------------------- 7. years that stay


@pytest.mark.parametrize(
    ("text", "moved", "kept"),
    [
        ("ngày 05-01-2023", "ngày 05-01-2023", []),
        ("ngày 05.01.2023", "ngày 05.01.2023", []),
        ("ngày 5/1/2023", "ngày 5/1/2023", []),
        ("ký ngày 2023-12-12", "ký ngày 2023-12-12", []),
        ("chuẩn bị Tết Nguyên đán Giáp Thìn 2024", "chuẩn bị Tết Nguyên đán Giáp Thìn 2024", ["Tết Nguyên đán Giáp Thìn 2024"]),
        ("vui Tết 2024, kết quả năm 2023", "vui Tết 2024, kết quả năm 2024", ["Tết 2024"]),
        ("năm 2023 - 05.01.2023", "năm 2024 - 05.01.2023", []),
        ("năm 2023.", "năm 2024.", []),
        ("năm 2023-2024 học", "năm 2023-2024 học", ["2023-2024"]),
    ],
)
def test_dates_and_tet_keep_their_year(text: str, moved: str, kept: list[str]) -> None:
    assert shift_years(text, 2023) == (moved, kept)


def test_a_tet_in_the_reason_is_pointed_out_not_moved() -> None:
    carried = next_year({"document": "awards", "date": "2023-12-14", "reason": "phục vụ Tết Giáp Thìn 2024, năm 2023"})
    assert carried.data["reason"] == "phục vụ Tết Giáp Thìn 2024, năm 2024"
    assert any(w.field == "reason" and "Tết Giáp Thìn 2024" in w.message for w in carried.warnings)


# ------------------------------------------------------------------- 10. a newer signer


def test_next_year_warns_when_the_profile_now_names_another_signer(tmp_path: Path) -> None:
    last = tmp_path / "khen-thuong-2023.yaml"
    data = load_data_file(NGOC_LAC_AWARDS).data
    data["signer"] = {"title": "CHỦ TỊCH", "name": "Nguyễn Văn Hòa"}
    last.write_text(dump_yaml(data), encoding="utf-8")
    write_profile(
        "signer: {authority: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn Hòa}\n"
        "signers:\n  awards: {authority: KT. CHỦ TỊCH, title: PHÓ CHỦ TỊCH, name: Trịnh Văn Dũng}\n"
    )

    result = invoke(["next-year", str(last)])

    assert result.exit_code == 0, result.output
    assert (
        "người ký năm trước (“CHỦ TỊCH / Nguyễn Văn Hòa”) khác người ký trong hồ sơ cơ quan "
        "(“KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Trịnh Văn Dũng”)"
    ) in flat(result.output)


@pytest.mark.parametrize(
    ("kept", "profile", "warned"),
    [
        (DECISION_SIGNER, {"signers": {"awards": DECISION_SIGNER}}, False),
        (DECISION_SIGNER, {"signer": REPORT_SIGNER}, True),
        ({"title": "CHỦ TỊCH", "name": "Nguyễn Văn Hòa"}, {"signer": REPORT_SIGNER}, False),  # as derived
        (DECISION_SIGNER, None, False),
        (DECISION_SIGNER, {}, False),
    ],
)
def test_signer_change(kept: dict[str, str], profile: dict[str, Any] | None, warned: bool) -> None:
    assert (signer_change({"document": "awards", "signer": kept}, profile) is not None) is warned


# ------------------------------------------------------------------- 13. small things


def test_next_year_never_writes_onto_last_years_file(tmp_path: Path) -> None:
    last = tmp_path / "bao-cao-2023.yaml"
    last.write_bytes(NGOC_LAC_REPORT.read_bytes())
    before = last.read_bytes()

    result = invoke(["next-year", str(last), "-o", str(last), "--force"])

    assert result.exit_code != 0
    assert "Không ghi tệp năm sau đè lên tệp năm trước" in flat(result.output)
    assert last.read_bytes() == before
    with pytest.raises(OutputError):
        write_next_year(last, tmp_path / "." / "bao-cao-2023.yaml", force=True)


@pytest.mark.parametrize(
    ("stem", "year", "new"),
    [
        ("bao-cao-2023-2024", 2023, "bao-cao-2024-2025"),  # a school year
        ("bao-cao-2023-2024", 2024, "bao-cao-2024-2025"),
        ("nhiem-ky-2020-2025", 2023, "nhiem-ky-2020-2025-2024"),  # a term: not moved
        ("bao-cao-2023", 2023, "bao-cao-2024"),
    ],
)
def test_next_stem_moves_a_school_year(stem: str, year: int, new: str) -> None:
    assert next_stem(stem, year) == new


def test_the_cli_writes_money_as_documents_do_and_points_to_the_new_file(tmp_path: Path) -> None:
    last = tmp_path / "khen-thuong-2023.yaml"
    data = load_data_file(NGOC_LAC_AWARDS).data
    data["money"] = {"individual": 540000, "collective": 1080000}
    last.write_text(dump_yaml(data), encoding="utf-8")

    result = invoke(["next-year", str(last)])

    assert result.exit_code == 0, result.output
    shown = flat(result.output)
    assert "540.000 đồng mỗi cá nhân, 1.080.000 đồng mỗi tập thể" in shown
    assert "540000" not in shown
    written = tmp_path / "khen-thuong-2024.yaml"
    assert re.findall(r"--data (\S+)", shown) == [str(written)]


def test_money_is_known_by_the_model_not_by_the_label() -> None:
    assert is_money(field_spec(Money, "individual")) and is_money(field_spec(Money, "collective"))
    from draftkit.models import Indicator

    assert not any(is_money(field_spec(Indicator, name)) for name in Indicator.model_fields)


def test_render_refuses_next_years_file_until_the_interview_completes_it(tmp_path: Path) -> None:
    last = tmp_path / "khen-thuong-2023.yaml"
    last.write_bytes(NGOC_LAC_AWARDS.read_bytes())
    written, _ = write_next_year(last)

    result = invoke(["render", str(written), "-o", str(tmp_path / "out")])

    assert result.exit_code == 1
    shown = flat(result.output)
    assert "Tệp do “draftkit next-year” tạo, chưa nhập phần của năm mới" in shown
    assert f"draftkit new-awards --data {written}" in shown and "không có trong định dạng" not in shown


def test_the_interview_asks_the_decision_signer_it_cannot_tell(tmp_path: Path) -> None:
    from test_profile_signers import AWARDS_WITH_PROFILE

    write_profile(
        "style: state\n"
        "issuer: {parent: UBND TỈNH THANH HÓA, name: ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC, code: UBND, place: Ngọc Lặc}\n"
        "signer: {authority: TM. ỦY BAN NHÂN DÂN, title: PHÓ CHỦ TỊCH, name: Trịnh Văn Dũng}\n"
        "recipients: [Thường trực Huyện ủy, 'Lưu: VT, VP']\n"
    )
    answers = [*AWARDS_WITH_PROFILE[:-1], "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trịnh Văn Dũng", "c", "k"]

    result = invoke(["new-awards", "-o", str(tmp_path), "--name", "kt"], answers)

    assert result.exit_code == 0, result.output
    assert "Không suy ra được người ký quyết định từ hồ sơ" in flat(result.output)
    assert "Họ và tên người ký" in result.output  # asked, not taken from the profile
    assert load_data_file(tmp_path / "kt.yaml").data["signer"] == DECISION_SIGNER
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in all_text(open_docx(tmp_path / "kt-quyet-dinh.docx"))
