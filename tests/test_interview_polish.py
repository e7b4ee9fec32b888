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
