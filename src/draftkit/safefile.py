"""Checks made before an input file is opened or unpacked: never block, never blow up.

A FIFO or a device given as an input would make ``open`` wait for ever (or read without
end); a "zip bomb" (.xlsx and .docx are zip archives) packs gigabytes of nothing into a
few kilobytes. Both are found here from the file's metadata and the archive's directory,
before any content is read. Each check returns a :class:`Problem` in Vietnamese, or
None; the caller raises it with the file's name.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from .errors import Problem, os_reason

__all__ = ["file_problem", "zip_bomb_problem"]

MAX_FILE_BYTES = 100 * 1024 * 1024
"""A list of 30,000 awardees is a few megabytes; an input far larger is not one of ours."""

# Real .xlsx/.docx files are at most tens of megabytes unpacked (a 30,000-row list about
# 20 MB), and XML packs some tens of times; a bomb packs thousands of times. zipfile
# never unpacks more than the size the directory declares, so checking those suffices.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
RATIO_FROM_BYTES = 8 * 1024 * 1024  # small parts may pack very well; they are harmless
MAX_MEMBERS = 10_000


def file_problem(path: Path, what: str = "tệp") -> Problem | None:
    """Why ``path`` cannot be read as an input file (missing, a folder, a FIFO or device,
    far too large), or None. Only metadata is looked at: nothing is opened."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return Problem(f"Không tìm thấy {what}.")
    except OSError as exc:
        return Problem(f"Không đọc được tệp: {os_reason(exc)}.")
    if stat.S_ISDIR(info.st_mode):
        return Problem(f"Đây là một thư mục, không phải {what}.")
    if not stat.S_ISREG(info.st_mode):
        return Problem(
            "Đây không phải là một tệp thông thường (có thể là ống dẫn FIFO hoặc thiết bị), "
            "không đọc từ đó.",
            hint="Lưu nội dung thành một tệp rồi chỉ ra tệp đó.",
        )
    if info.st_size > MAX_FILE_BYTES:
        return Problem(
            f"Tệp quá lớn ({_megabytes(info.st_size)} MB, tối đa "
            f"{_megabytes(MAX_FILE_BYTES)} MB), không đọc.",
            hint=f"Kiểm tra lại có đúng {what} không; nếu tệp còn nhiều dữ liệu khác, chép riêng "
            "phần cần dùng sang một tệp mới.",
        )
    return None


def zip_bomb_problem(path: Path, hint: str | None = None) -> Problem | None:
    """A problem when the zip archive at ``path`` would unpack into far too much, else
    None (also None when it is no readable zip: the reader says so in its own words)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    ratio = total / max(packed, 1)
    if (
        len(infos) > MAX_MEMBERS
        or total > MAX_UNPACKED_BYTES
        or (total > RATIO_FROM_BYTES and ratio > MAX_RATIO)
    ):
        return Problem(
            f"Tệp khi giải nén lớn bất thường ({_megabytes(total)} MB, gấp {ratio:,.0f} lần "
            f"tệp nén, {len(infos):,} phần) nên không đọc: tệp có thể bị hỏng hoặc cố ý làm hại "
            "(“bom zip”).".replace(",", "."),
            hint=hint,
        )
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f}".replace(",", ".")
