"""The interview's text as the clerk reads it (a clerk's walkthrough after issue 14): choices
in Vietnamese only, nothing echoed when a draft is replayed, where renamed files go, the
next-year "ask again" sections kept in the draft, and drafts found outside the -o folder.

Every test drives ``new-report`` / ``new-awards`` with scripted input, as a clerk would type
it, and asserts on what is printed or written. Expected texts are written by hand.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from draftkit.datafile import load_data_file
from draftkit.errors import InputEnded
from draftkit.interview import run_new_awards, run_new_report

TODAY = date(2024, 1, 5)

# A short report, one answer per prompt in the order asked; comments name the prompt.
HEAD = [
    "",  # Thể thức
    "UBND TỈNH THANH HÓA",  # Cơ quan chủ quản
    "ỦY BAN NHÂN DÂN XÃ NGỌC LẶC",  # Tên cơ quan ban hành
    "UBND",  # Chữ viết tắt
    "Ngọc Lặc",  # Địa danh
    "45",  # Số văn bản
    "12/12/2023",  # Ngày ký
    "Tổng kết năm 2023",  # Trích yếu
    "",  # Năm được tổng kết
    "",  # Đoạn mở đầu
    "Xã có 12 thôn.",  # Đặc điểm tình hình: Đoạn văn 1
    "",  # end
]
RESULTS = [
    "Kinh tế",  # Lĩnh vực 1: Tên lĩnh vực
    "Kinh tế tăng trưởng khá.",  # Đoạn văn 1
    "",  # end of paragraphs
    "c",  # Thêm chỉ tiêu?
    "Sản lượng lương thực",  # Tên chỉ tiêu
    "1.250,5",  # Kết quả năm nay
    "tấn",  # Đơn vị tính
    "",  # Kết quả cùng kỳ
    "",  # Kế hoạch năm
    "",  # Chỉ tiêu tốt khi
    "k",  # Thêm chỉ tiêu?
    "k",  # Thêm mục nhỏ?
    "k",  # Thêm lĩnh vực?
]
TAIL = [
    "",  # Phụ lục
    "Công tác phối hợp được chú trọng.",  # Ưu điểm 1
    "",  # end
    "",  # Hạn chế
    "",  # Nguyên nhân
    "",  # Bài học
    "",  # Mục tiêu
    "Tuyên truyền cho Nhân dân.",  # Nhiệm vụ 1
    "",  # end
    "",  # Đề xuất
    "TM. ỦY BAN NHÂN DÂN",  # Quyền hạn ký
    "CHỦ TỊCH",  # Chức vụ
    "Nguyễn Văn Hòa",  # Họ và tên
    "Lưu: VT, VP",  # Nơi nhận 1
    "",  # end
    "",  # Kính gửi
]
LINES = HEAD + RESULTS + TAIL
SAVE = ["c", "k"]  # save; do not keep a profile


def typed(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def console() -> Console:
    return Console(file=io.StringIO(), width=200, highlight=False, soft_wrap=True)


def printed(out: Console) -> str:
    file = out.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def report(out_dir: Path, lines: list[str], config: Path, **kwargs: Any) -> tuple[Any, str]:
    shown = console()
    try:
        result = run_new_report(
            shown, out_dir, stream=io.StringIO(typed(lines)), today=TODAY, config_dir=config, **kwargs
        )
    except InputEnded as ended:
        return "ended", printed(shown) + ended.message + (ended.hint or "")
    return result, printed(shown)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    return folder


# ------------------------------------------------------------------ 2. nothing echoed on resume


@pytest.mark.parametrize("after", ["1.250,5", "tấn"], ids=["right-after-the-number", "a-question-later"])
def test_a_resumed_draft_does_not_echo_its_numbers(tmp_path: Path, config: Path, after: str) -> None:
    cut = LINES.index(after) + 1
    first, _ = report(tmp_path, LINES[:cut], config)
    assert first == "ended"
    draft = tmp_path / "bao-cao-2023.draft.yaml"

    result, shown = report(tmp_path, LINES[cut:] + SAVE, config, resume_file=draft)

    assert result not in (None, "ended"), shown
    assert "= 1.250,5" not in shown
    assert "Đã khôi phục" in shown
    data = load_data_file(tmp_path / "bao-cao-2023.yaml").data
    assert data["results"][0]["indicators"][0]["value"] == 1250.5


def test_a_number_typed_now_is_still_echoed(tmp_path: Path, config: Path) -> None:
    result, shown = report(tmp_path, LINES + SAVE, config)
    assert result not in (None, "ended"), shown
    assert "= 1.250,5" in shown


def test_a_refused_answer_replayed_last_shows_its_question_again_without_the_refusal(
    tmp_path: Path, config: Path
) -> None:
    at = LINES.index("1.250,5")
    lines = [*LINES[:at], "1,500"]  # ambiguous: refused, then the input ends
    first, shown_first = report(tmp_path, lines, config)
    assert first == "ended"
    assert "1,500" in shown_first and "✗" in shown_first

    result, shown = report(tmp_path, LINES[at:] + SAVE, config, resume_file=tmp_path / "bao-cao-2023.draft.yaml")

    assert result not in (None, "ended"), shown
    assert "✗" not in shown
    # The question's hint (the number format) is shown before it is asked again.
    resumed = shown[shown.index("Đã khôi phục") :]
    assert resumed.index("Dấu chấm ngăn hàng nghìn") < resumed.index("Kết quả năm nay")


# ------------------------------------------------------------------ 3. where renamed files go


def test_a_new_name_in_the_clash_question_says_where_the_files_now_go(tmp_path: Path, config: Path) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"old")
    at = LINES.index("12/12/2023") + 1
    lines = [*LINES[:at], "1", "bao-cao-2023-lan-2", *LINES[at:], *SAVE]

    result, shown = report(out, lines, config)

    assert result not in (None, "ended"), shown
    confirmed = f"Sẽ ghi vào thư mục {out}: bao-cao-2023-lan-2.yaml, bao-cao-2023-lan-2.docx."
    assert confirmed in shown
    # Said right after the name is typed, before the next question.
    assert shown.index("bao-cao-2023-lan-2\n") < shown.index(confirmed) < shown.index("Trích yếu")
    assert (out / "bao-cao-2023.docx").read_bytes() == b"old"
    assert (out / "bao-cao-2023-lan-2.docx").is_file()


def test_a_name_refused_in_the_clash_question_confirms_nothing(tmp_path: Path, config: Path) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"old")
    at = LINES.index("12/12/2023") + 1
    lines = [*LINES[:at], "1", "a/b", "1", "bc-moi", *LINES[at:], *SAVE]

    result, shown = report(out, lines, config)

    assert result not in (None, "ended"), shown
    assert "a/b.yaml" not in shown
    assert f"Sẽ ghi vào thư mục {out}: bc-moi.yaml, bc-moi.docx." in shown


# ------------------------------------------------------------------ 1. choices in Vietnamese only


def _choice_fields() -> list[tuple[type[Any], str]]:
    """Every fixed-choice field a clerk is asked, in both documents and their parts."""
    from pydantic import BaseModel

    from draftkit.interview.fields import field_spec, model_order
    from draftkit.models import Awardee, AwardsData, ReportData

    found: list[tuple[type[Any], str]] = []
    seen: set[type[Any]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name in model_order(model):
            spec = field_spec(model, name)
            if spec.kind == "choice" and len(spec.choices) > 0:
                found.append((model, name))
            elif spec.model is not None:
                walk(spec.model)

    walk(ReportData)
    walk(AwardsData)
    walk(Awardee)  # inside a list-or-file union, which the walk does not open
    return found


CHOICE_FIELDS = _choice_fields()
# The data file's words (and "->" pydantic leftovers) a clerk must never be shown.
ENGLISH = ("state", "party", "higher", "lower", "indicators", "collective", "individual", "male",
           "female", "given", "name", "province", "district", "commune", "enterprise", "full", "fields")


def test_every_choice_field_is_covered() -> None:
    names = {f"{model.__name__}.{name}" for model, name in CHOICE_FIELDS}
    assert names == {
        "ReportData.style",
        "Indicator.better",
        "ReportData.appendix",
        "AwardsData.style",
        "AwardsData.level",
        "AwardsData.order",
        "CertificateLayout.mode",
        "Awardee.kind",
        "Awardee.gender",
    }


def _ask(model: type[Any], name: str, answers: list[str]) -> tuple[Any, str]:
    from draftkit.interview.engine import Interview
    from draftkit.interview.fields import field_spec

    shown = console()
    lines = iter(answers)
    prompts: list[str] = []

    def read(prompt: Any) -> str:
        prompts.append(str(prompt))
        return next(lines)

    interview = Interview(shown, read, today=TODAY)
    spec = field_spec(model, name)
    interview._hint(spec, model)
    value = interview.ask_scalar(model, spec, None)
    assert next(lines, None) is None  # every answer used
    return value, printed(shown) + "\n".join(prompts)


@pytest.mark.parametrize(("model", "name"), CHOICE_FIELDS, ids=[f"{m.__name__}.{n}" for m, n in CHOICE_FIELDS])
def test_a_choice_is_listed_and_offered_in_vietnamese_only(model: type[Any], name: str) -> None:
    import re

    from draftkit.choices import NAMES
    from draftkit.interview.fields import field_spec

    spec = field_spec(model, name)
    # A typo first, so that the refusal is seen too; then the first choice by its number.
    value, text = _ask(model, name, ["không có", "1"])

    assert value == spec.choices[0]
    for choice in spec.choices:
        assert NAMES[choice][0] in text
    for word in ENGLISH:
        assert re.search(rf"\b{word}\b", text) is None, (word, text)


@pytest.mark.parametrize(
    ("model_name", "name", "typed", "expected"),
    [
        ("DocumentData", "style", "1", "state"),
        ("DocumentData", "style", "2", "party"),
        ("DocumentData", "style", "hành chính", "state"),
        ("DocumentData", "style", "  Hành   Chính ", "state"),
        ("DocumentData", "style", "hanh chinh", "state"),
        ("DocumentData", "style", "Đảng", "party"),
        ("DocumentData", "style", "dang", "party"),
        ("DocumentData", "style", "state", "state"),  # the file's key: old habits and scripts
        ("DocumentData", "style", "PARTY", "party"),
        ("Indicator", "better", "càng thấp", "lower"),
        ("Indicator", "better", "cang cao", "higher"),
        ("Indicator", "better", "lower", "lower"),
        ("AwardsData", "order", "theo tên", "name"),
        ("AwardsData", "order", "name", "name"),
        ("AwardsData", "level", "cấp xã", "commune"),
        ("AwardsData", "level", "4", "enterprise"),
        ("CertificateLayout", "mode", "in lên phôi", "fields"),
        ("Awardee", "gender", "nữ", "female"),
        ("Awardee", "kind", "tập thể", "collective"),
    ],
)
def test_a_choice_is_read_from_its_number_its_vietnamese_name_or_its_key(
    model_name: str, name: str, typed: str, expected: str
) -> None:
    from draftkit import models

    value, _ = _ask(getattr(models, model_name), name, [typed])
    assert value == expected


@pytest.mark.parametrize("typed", ["3", "0", "nhà nước", "hanh", "sta"])
def test_anything_else_is_refused_naming_the_vietnamese_choices(typed: str) -> None:
    from draftkit import models

    value, text = _ask(models.DocumentData, "style", [typed, ""])
    assert value == "state"  # Enter then takes the default
    assert f"Chọn 1/2 hoặc gõ một trong: hành chính, Đảng; không phải “{typed}”." in text


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("state: văn bản hành chính (NĐ 30/2020/NĐ-CP); party: văn bản của Đảng.", None),
        ("collective = tập thể, individual = cá nhân.", None),
        (
            "Mặc định: suy ra từ dòng thẩm quyền (quyết định mức tiền thưởng); province: cấp tỉnh; commune: cấp xã",
            "Mặc định: suy ra từ dòng thẩm quyền (quyết định mức tiền thưởng).",
        ),
        ("Chọn cách in.", "Chọn cách in."),
        ("indicators: bảng các chỉ tiêu ở cuối báo cáo; bỏ trống nếu không cần.", "Bỏ trống nếu không cần."),
        (None, None),
    ],
)
def test_a_choices_description_loses_its_english_explanations(description: str | None, expected: str | None) -> None:
    from draftkit.choices import without_keys

    choices = ("state", "party", "collective", "individual", "province", "commune", "indicators")
    assert without_keys(description, choices) == expected


def test_the_report_interview_and_its_review_show_no_english_choice(tmp_path: Path, config: Path) -> None:
    import re

    lines = list(LINES)
    at = LINES.index("1.250,5") + 4  # Chỉ tiêu tốt khi
    lines[at] = "càng thấp"
    result, shown = report(tmp_path, [*lines, *SAVE], config)

    assert result not in (None, "ended"), shown
    assert "Thể thức [hành chính]:" in shown
    assert "Chỉ tiêu tốt khi [càng cao]: càng thấp" in shown
    assert "1. Thể thức: hành chính" in shown
    assert "Chỉ tiêu tốt khi: càng thấp" in shown
    for word in ("state", "party", "higher", "lower", "indicators"):
        assert re.search(rf"\b{word}\b", shown) is None, word
    data = load_data_file(tmp_path / "bao-cao-2023.yaml").data
    assert data["style"] == "state"  # the file keeps its keys
    assert data["results"][0]["indicators"][0]["better"] == "lower"


ROUND = [
    "",  # Thể thức
    "UBND TỈNH THANH HÓA",  # Cơ quan chủ quản
    "ỦY BAN NHÂN DÂN XÃ NGỌC LẶC",  # Tên cơ quan ban hành
    "UBND",  # Chữ viết tắt
    "Ngọc Lặc",  # Địa danh
    "45",  # Số văn bản
    "14/12/2023",  # Ngày ký
    "",  # Thẩm quyền quyết định [suggested]
    "",  # Hình thức khen thưởng [Giấy khen]
    "đã có thành tích xuất sắc năm 2023",  # Thành tích
    "",  # Dòng đề nghị
    "",  # Đọc danh sách từ tệp Excel/CSV có sẵn? [k]
    "Phạm Thị Ánh", "", "", "", "",  # name, kind, gender [Nữ], position, unit
    "Lê Văn Bình", "", "nam", "", "",
    "",  # end of the list
    "",  # the table: Enter to continue
    "theo tên",  # Thứ tự trong danh sách
    "",  # Quyền hạn ký
    "CHỦ TỊCH",  # Chức vụ
    "Trịnh Văn Dũng",  # Họ và tên
    "", "", "",  # Nơi nhận: the suggested two, end
]


def test_the_awards_interview_shows_no_english_choice(tmp_path: Path, config: Path) -> None:
    import re

    shown = console()
    result = run_new_awards(shown, tmp_path, stream=io.StringIO(typed([*ROUND, *SAVE])), today=TODAY, config_dir=config)
    text = printed(shown)

    assert result is not None, text
    assert "Thứ tự trong danh sách [như đã nhập]: theo tên" in text
    assert "Thứ tự trong danh sách: theo tên" in text  # the review
    for word in ("state", "party", "given", "name", "province", "commune", "full", "fields"):
        assert re.search(rf"(?<!-)\b{word}\b", text) is None, word  # "--name" is an option
    data = load_data_file(tmp_path / "khen-thuong-2023.yaml").data
    assert data["order"] == "name"
    assert [person["name"] for person in data["awardees"]] == ["Phạm Thị Ánh", "Lê Văn Bình"]


# ------------------------------------------------------------------ 4. next year's "ask again" kept


LAST_REPORT = """\
version: 1
document: report
issuer: {name: ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG, code: UBND, place: Ngọc Trung}
number: 85
date: 2024-12-12
title: Báo cáo kết quả thực hiện nhiệm vụ năm 2024, phương hướng, nhiệm vụ năm 2025
situation: [Xã có 9 thôn.]
results:
  - heading: Thu ngân sách
    paragraphs: [Thu ngân sách vượt dự toán.]
assessment: {strengths: [Đoàn kết.]}
plan: {tasks: [Xây dựng nông thôn mới nâng cao.]}
signer: {authority: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn Hòa}
recipients: [Thường trực Đảng ủy, "Lưu: VT"]
"""
CARRY = [
    "",  # Chuyển sang năm 2025? [c]
    "",  # Số văn bản (none)
    "",  # Đặc điểm tình hình 1 [Xã có 9 thôn.]: kept
    "",  # end
]
# The rest, once the sections before them are answered: what was carried is asked again.
CARRY_REST = [
    "",  # Lĩnh vực 1 “Thu ngân sách”: Enter, then its questions
    "",  # Tên lĩnh vực [Thu ngân sách]
    "Thu ngân sách năm 2025 đạt khá.",  # Đoạn văn 1 (last year's paragraphs are gone)
    "",  # end of paragraphs
    "k",  # Thêm chỉ tiêu?
    "k",  # Thêm mục nhỏ?
    "",  # Lĩnh vực 2 “Xây dựng nông thôn mới nâng cao” (last year's task): Enter
    "",  # Tên lĩnh vực [...]
    "Thêm 2 thôn đạt chuẩn.",  # Đoạn văn 1
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
]


def _carried_draft(tmp_path: Path, config: Path) -> tuple[Path, Path]:
    last = tmp_path / "bao-cao-2024.yaml"
    last.write_text(LAST_REPORT, encoding="utf-8")
    out = tmp_path / "moi"
    shown = console()
    with pytest.raises(InputEnded):
        run_new_report(
            shown, out, stream=io.StringIO(typed(CARRY)), today=date(2025, 12, 1), data_file=last, config_dir=config
        )
    drafts = list(out.glob("*.draft.yaml"))
    assert len(drafts) == 1, printed(shown)
    return out, drafts[0]


def test_the_sections_to_ask_again_are_kept_in_the_draft(tmp_path: Path, config: Path) -> None:
    _, draft = _carried_draft(tmp_path, config)
    saved = load_data_file(draft).data
    # Asked already: the number and the situation; still to ask: what was last year's.
    assert saved["next_year"]["ask"] == ["results", "assessment", "plan", "proposals"]


@pytest.mark.parametrize("how", ["resume", "rerun"])
def test_a_resumed_carried_draft_asks_the_carried_sections_again(
    tmp_path: Path, config: Path, how: str
) -> None:
    out, draft = _carried_draft(tmp_path, config)
    shown = console()
    lines = CARRY_REST + SAVE
    if how == "rerun":
        lines = ["", *lines]  # Tiếp tục từ bản nháp? [c]
    result = run_new_report(
        shown,
        out,
        stream=io.StringIO(typed(lines)),
        today=date(2025, 12, 1),
        config_dir=config,
        resume_file=draft if how == "resume" else None,
        editor=lambda text: text,
    )

    text = printed(shown)
    assert result is not None, text
    assert "Ưu điểm 1: Đoàn kết, thống nhất." in text  # asked again, not skipped as answered
    assert "Số văn bản" not in text.split("Xem lại báo cáo")[0]  # answered before the stop
    data = load_data_file(out / "bao-cao-2025.yaml").data
    assert "next_year" not in data
    assert data["assessment"] == {"strengths": ["Đoàn kết, thống nhất."]}
    assert data["plan"] == {"tasks": ["Hoàn thành xã nông thôn mới kiểu mẫu."]}
    assert data["results"][0]["paragraphs"] == ["Thu ngân sách năm 2025 đạt khá."]
    assert data["situation"] == ["Xã có 9 thôn."]
    assert not draft.exists()


@pytest.mark.parametrize("how", ["resume", "rerun"])
def test_a_carried_date_to_ask_again_is_asked_after_an_interruption(tmp_path: Path, config: Path, how: str) -> None:
    # Begun after 12/12/2025: the carried date is in the past, so it must be asked again; the
    # run stops at the question before it. The carried date itself is valid: only the
    # draft's record says it is still to be asked.
    last = tmp_path / "bao-cao-2024.yaml"
    last.write_text(LAST_REPORT, encoding="utf-8")
    out = tmp_path / "moi"
    today = date(2025, 12, 20)
    with pytest.raises(InputEnded):
        run_new_report(console(), out, stream=io.StringIO(typed([""])), today=today, data_file=last, config_dir=config)
    draft = out / "bao-cao-2025.draft.yaml"
    assert "date" in load_data_file(draft).data["next_year"]["ask"]

    shown = console()
    lines = ["", "20/12/2025", *CARRY[2:], *CARRY_REST, *SAVE]  # Số văn bản, Ngày ký, then the rest
    if how == "rerun":
        lines = ["", *lines]  # Tiếp tục từ bản nháp? [c]
    result = run_new_report(
        shown, out, stream=io.StringIO(typed(lines)), today=today, config_dir=config,
        resume_file=draft if how == "resume" else None,
    )

    text = printed(shown)
    assert result is not None, text
    assert "Ngày ký [12/12/2025]: 20/12/2025" in text
    assert load_data_file(out / "bao-cao-2025.yaml").data["date"] == "2025-12-20"


# ------------------------------------------------------------------ 5. drafts outside the -o folder


def _stopped(out: Path, config: Path) -> Path:
    """A report begun with -o ``out`` and stopped after the issuer (the input ran out)."""
    cut = LINES.index("12/12/2023") + 1
    first, shown = report(out, LINES[:cut], config)
    assert first == "ended", shown
    return out / "bao-cao-2023.draft.yaml"


def test_a_plain_run_finds_the_draft_left_in_a_folder_given_with_o(
    tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    draft = _stopped(Path("van-ban"), config)
    assert draft.is_file()

    cut = LINES.index("12/12/2023") + 1
    result, shown = report(Path("."), ["", *LINES[cut:], *SAVE], config)  # Tiếp tục? [c]

    assert result not in (None, "ended"), shown
    assert "Có bản nháp chưa xong: van-ban/bao-cao-2023.draft.yaml" in shown
    assert "Sẽ ghi vào thư mục van-ban: bao-cao-2023.yaml, bao-cao-2023.docx." in shown
    assert "Tổng kết năm 2023" in load_data_file(tmp_path / "van-ban" / "bao-cao-2023.yaml").data["title"]
    assert (tmp_path / "van-ban" / "bao-cao-2023.docx").is_file()
    assert not (tmp_path / "bao-cao-2023.docx").exists()
    assert not draft.exists()


def test_a_draft_moved_to_the_current_folder_is_found_by_a_run_with_o(
    tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    draft = _stopped(tmp_path / "cu", config)
    moved = tmp_path / draft.name
    draft.rename(moved)
    out = tmp_path / "van-ban"

    cut = LINES.index("12/12/2023") + 1
    result, shown = report(out, ["", *LINES[cut:], *SAVE], config)

    assert result not in (None, "ended"), shown
    assert f"Có bản nháp chưa xong: {moved.name}" in shown
    # -o says where the documents go, as with --resume: the draft goes along.
    assert (out / "bao-cao-2023.docx").is_file()
    assert load_data_file(out / "bao-cao-2023.yaml").data["issuer"]["name"] == "ỦY BAN NHÂN DÂN XÃ NGỌC LẶC"
    assert not moved.exists()


def test_resume_with_a_path_works_from_any_folder(tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from draftkit.cli import app

    draft = _stopped(tmp_path / "van-ban", config)
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    cut = LINES.index("12/12/2023") + 1

    result = CliRunner().invoke(app, ["new-report", "--resume", str(draft)], input=typed([*LINES[cut:], *SAVE]))

    assert result.exit_code == 0, result.output
    assert (tmp_path / "van-ban" / "bao-cao-2023.docx").is_file()
    assert not list(elsewhere.iterdir())


def test_a_draft_of_the_other_command_elsewhere_is_not_offered(
    tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _stopped(Path("van-ban"), config)
    shown = console()
    with pytest.raises(InputEnded):
        run_new_awards(shown, Path("."), stream=io.StringIO(""), today=TODAY, config_dir=config)
    assert "Có bản nháp" not in printed(shown)


# ------------------------------------------------------------------ 6. the clerk's read-through


def _round(tmp_path: Path, config: Path, review: list[str]) -> tuple[Any, str]:
    shown = console()
    try:
        result = run_new_awards(
            shown, tmp_path, stream=io.StringIO(typed([*ROUND, *review])), today=TODAY, config_dir=config
        )
    except InputEnded as ended:
        return "ended", printed(shown) + ended.message
    return result, printed(shown)


def _money_section() -> str:
    from draftkit.interview import AWARDS

    return str(AWARDS.sections.index("money") + 1)


def test_the_money_opened_from_the_review_offers_the_rules_amounts(tmp_path: Path, config: Path) -> None:
    result, shown = _round(tmp_path, config, ["s", _money_section(), "", "", *SAVE])

    assert result not in (None, "ended"), shown
    # 0,15 × 1.800.000 đồng (lương cơ sở from 01/7/2023), written the Vietnamese way.
    assert "Tiền thưởng mỗi cá nhân (đồng) [270.000]: " in shown
    assert "Tiền thưởng mỗi tập thể (đồng) [540.000]: " in shown
    assert "Ví dụ: 540.000." in shown
    assert "không được để trống" not in shown
    # Kept as the rules give it: left to them in the file.
    assert "money" not in load_data_file(tmp_path / "khen-thuong-2023.yaml").data


def test_money_typed_in_the_review_is_kept(tmp_path: Path, config: Path) -> None:
    result, shown = _round(tmp_path, config, ["s", _money_section(), "300.000", "", *SAVE])

    assert result not in (None, "ended"), shown
    data = load_data_file(tmp_path / "khen-thuong-2023.yaml").data
    assert data["money"] == {"individual": 300000, "collective": 540000}


def test_a_text_default_is_not_called_skippable(tmp_path: Path, config: Path) -> None:
    result, shown = _round(tmp_path, config, SAVE)

    assert result not in (None, "ended"), shown
    before = shown[: shown.index("Hình thức khen thưởng [Giấy khen]:")].splitlines()[-1]
    assert before == "  Ví dụ: “Giấy khen”."
    # Where Enter does leave a question empty, it is still said.
    assert "Không bắt buộc: Enter để bỏ qua.\nDòng đề nghị (Xét đề nghị của ...):" in shown


def test_the_list_question_and_the_review_retry_read_consistently(tmp_path: Path, config: Path) -> None:
    result, shown = _round(tmp_path, config, ["?", *SAVE])

    assert result not in (None, "ended"), shown
    assert "Đọc danh sách từ tệp Excel/CSV có sẵn (k: gõ từng người)? (c/k) [k]:" in shown
    assert "Lưu và tạo văn bản? c = có, s = sửa một phần, x = xem toàn văn, k = không: ?" in shown
    assert "Gõ c (có: lưu), s (sửa một phần), x (xem toàn văn) hoặc k (không: dừng, giữ bản nháp)." in shown


def test_the_new_name_example_follows_the_name_in_the_way(tmp_path: Path, config: Path) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"old")
    at = LINES.index("12/12/2023") + 1
    result, shown = report(out, [*LINES[:at], "1", "", "3", "c", *LINES[at:], *SAVE], config)

    assert result not in (None, "ended"), shown
    assert "Tên tệp mới (không có đuôi, ví dụ bao-cao-2023-lan-2):" in shown


def test_a_rule_across_fields_is_worded_without_the_files_keys(tmp_path: Path, config: Path) -> None:
    at = LINES.index("Kinh tế")
    empty_then_fixed = [
        "Kinh tế", "",  # a heading, no paragraph
        "k", "k",  # no indicator, no part: refused
        "", "Kinh tế tăng trưởng khá.", "",  # asked again: heading kept, a paragraph
        "c", "Sản lượng lương thực", "1.250,5", "tấn", "0", "", "",  # cùng kỳ 0: refused
        "", "", "", "-", "", "",  # asked again: "-" empties it
        "k", "k", "k",
    ]
    lines = [*LINES[:at], *empty_then_fixed, *TAIL, *SAVE]

    result, shown = report(tmp_path, lines, config)

    assert result not in (None, "ended"), shown
    assert "Gõ ít nhất một đoạn văn, hoặc trả lời c ở “Thêm chỉ tiêu” hay “Thêm mục nhỏ”." in shown
    assert "Gõ “-” ở “Kết quả cùng kỳ năm trước” để bỏ trống, hoặc sửa số liệu." in shown
    for key in ("paragraphs", "indicators", "sections", "previous"):
        assert f"“{key}”" not in shown
    indicator = load_data_file(tmp_path / "bao-cao-2023.yaml").data["results"][0]["indicators"][0]
    assert indicator == {"label": "Sản lượng lương thực", "value": 1250.5, "unit": "tấn", "better": "higher"}


APPENDIX_HINT = "Để trống “Phụ lục kèm theo báo cáo” (gõ “-”), hoặc thêm chỉ tiêu vào phần “Kết quả thực hiện” rồi chọn lại phụ lục."


def _no_indicators(appendix: str) -> list[str]:
    tail = list(TAIL)
    tail[0] = appendix  # Phụ lục
    return [*HEAD, "Kinh tế", "Kinh tế tăng.", "", "k", "k", "k", *tail]


def test_a_table_of_no_indicators_is_refused_at_the_review_in_the_interviews_words(tmp_path: Path, config: Path) -> None:
    from draftkit.interview import REPORT

    section = str(REPORT.sections.index("appendix") + 1)
    lines = [*_no_indicators("bảng chỉ tiêu"), "c", "s", section, "", "-", *SAVE]

    result, shown = report(tmp_path, lines, config)

    assert result not in (None, "ended"), shown
    refused = "✗ Phụ lục bảng chỉ tiêu cần ít nhất một chỉ tiêu trong phần “Kết quả thực hiện”."
    # Refused at "c", and again at once when kept (Enter) on editing the section.
    assert shown.count(refused) == 2
    assert shown.count(APPENDIX_HINT) == 2
    assert "appendix" not in shown and "“indicators”" not in shown
    assert "Có 1 lỗi trong tệp" not in shown  # no file yet to speak of
    assert "appendix" not in load_data_file(tmp_path / "bao-cao-2023.yaml").data


def test_the_profile_review_retry_uses_the_words_of_its_question(tmp_path: Path, config: Path) -> None:
    from draftkit.interview import run_profile

    shown = console()
    lines = ["", "", "ỦY BAN NHÂN DÂN XÃ NGỌC LẶC", "UBND", "Ngọc Lặc", "", "CHỦ TỊCH", "Lê Văn A", "Lưu: VT", "", "", "", "?", "c"]
    assert run_profile(shown, stream=io.StringIO(typed(lines)), config_dir=config) is not None
    text = printed(shown)
    assert "Lưu hồ sơ? c = có, s = sửa một phần, k = không: ?" in text
    assert "Gõ c (có: lưu), s (sửa một phần) hoặc k (không lưu)." in text
    assert "Thể thức: hành chính" in text
