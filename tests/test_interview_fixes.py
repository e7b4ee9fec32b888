"""Defects found in review of the interview flow (issue 14) and the clerk's-PC CLI (issue 15).

Each test drives the public entry point (the CLI, or ``run_new_report`` where the input or
the editor must be scripted) and asserts on what the clerk sees: the messages, the files in
the folder and the text of the .docx read back with python-docx.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from draftkit.datafile import load_data_file
from draftkit.interview import run_new_report
from test_interview_flow import PLAIN, SAVE, TODAY, console, docx_text, invoke, printed, typed

DATE_SECTION = "4"  # "Ngày ký" in the review's numbering (REPORT_ORDER)


def answered(out: Path) -> Path:
    """A complete report's data file (dated 12/12/2023), written by the interview itself."""
    result = invoke(["new-report", "-o", str(out)], PLAIN + SAVE)
    assert result.exit_code == 0, result.output
    return out / "bao-cao-2023.yaml"


# ------------------------------------------------------------------ 1. overwrite is for one name


def test_an_overwrite_granted_for_one_name_does_not_cover_the_name_a_new_date_gives(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"2023 cu")
    (out / "bao-cao-2024.docx").write_bytes(b"2024 cua nguoi khac")
    lines = list(PLAIN)
    at = lines.index("12/12/2023") + 1
    lines[at:at] = ["3", "c"]  # overwrite bao-cao-2023.docx: yes
    # At the review: change the date to 2024; the new name is taken: another name.
    lines += ["s", DATE_SECTION, "12/12/2024", "1", "bc-2024-moi", *SAVE]

    result = invoke(["new-report", "-o", str(out)], lines)

    assert result.exit_code == 0, result.output
    assert f"Thư mục {out} đã có tệp trùng tên: bao-cao-2024.docx." in result.output
    assert (out / "bao-cao-2024.docx").read_bytes() == b"2024 cua nguoi khac"
    assert (out / "bao-cao-2023.docx").read_bytes() == b"2023 cu"  # nothing written under the old name
    assert load_data_file(out / "bc-2024-moi.yaml").data["date"] == "2024-12-12"
    assert any("12 tháng 12 năm 2024" in line for line in docx_text(out / "bc-2024-moi.docx"))


def test_an_overwrite_granted_still_holds_for_its_own_name(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"2023 cu")
    lines = list(PLAIN)
    at = lines.index("12/12/2023") + 1
    lines[at:at] = ["3", "c"]
    lines += ["s", DATE_SECTION, "", *SAVE]  # the date edited but kept: same name

    result = invoke(["new-report", "-o", str(out)], lines)

    assert result.exit_code == 0, result.output
    assert result.output.count("đã có tệp trùng tên") == 1
    assert "Tổng kết năm 2023" in docx_text(out / "bao-cao-2023.docx")


# ------------------------------------------------------------------ 2. --data: clash at the start


def test_a_clash_with_data_is_settled_before_the_review(tmp_path: Path) -> None:
    source = answered(tmp_path / "nam-truoc")
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"old")
    stream = io.StringIO(typed(["1", "bc-moi", *SAVE, "k"]))
    shown = console()

    result = run_new_report(shown, out, stream=stream, today=date(2023, 12, 20), data_file=source)

    text = printed(shown)
    assert result is not None, text
    assert text.index("đã có tệp trùng tên: bao-cao-2023.docx") < text.index("Lưu và tạo văn bản?")
    assert "--force" not in text
    assert (out / "bao-cao-2023.docx").read_bytes() == b"old"
    assert "Tổng kết năm 2023" in docx_text(out / "bc-moi.docx")


class MakesFileAt(io.StringIO):
    """Input that creates ``path`` just before line ``at`` (0-based) is read: another
    program writing there while the clerk reads the review."""

    def __init__(self, text: str, at: int, path: Path) -> None:
        super().__init__(text)
        self.at, self.path, self.read_lines = at, path, 0

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        if self.read_lines == self.at:
            self.path.write_bytes(b"moi xuat hien")
        self.read_lines += 1
        return super().readline()


def test_a_file_that_appears_before_saving_goes_back_to_the_clash_question(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    lines = [*PLAIN, *SAVE, "1", "bc-moi", *SAVE, "k"]
    stream = MakesFileAt(typed(lines), len(PLAIN), out / "bao-cao-2023.docx")
    shown = console()

    result = run_new_report(shown, out, stream=stream, today=TODAY)

    text = printed(shown)
    assert result is not None, text
    assert "đã có tệp trùng tên: bao-cao-2023.docx" in text
    assert (out / "bao-cao-2023.docx").read_bytes() == b"moi xuat hien"
    assert "Tổng kết năm 2023" in docx_text(out / "bc-moi.docx")
