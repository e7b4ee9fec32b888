"""Checks made before an input file is opened or unpacked: never block, never blow up.

Every file draftkit reads (data files, lists, templates, documents for ``check``) passes
here first:

- A FIFO or a device given as an input would make ``open`` wait for ever (or read without
  end): refused from the file's status, before anything opens it.
- A "zip bomb" (.xlsx and .docx are zips) packs gigabytes of nothing into a few kilobytes
  (a 2 MB .docx once made ``check`` use 4.2 GB): the sizes the zip's directory declares
  are read first. Python's zipfile never unpacks more than a part declares (it stops
  there and the checksum fails), so the declared sizes can be trusted.
- A password-protected .docx or .xlsx is no zip but an OLE container, as an old .doc or
  .xls is: it is named for what it is.

No heavy imports: ``check``, the template engine and the list reader all use this.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from .errors import Problem, os_reason

__all__ = [
    "CFB_MAGIC",
    "container_problem",
    "file_problem",
    "stat_problem",
    "zip_bomb_problem",
    "zip_problem",
]

MAX_FILE_BYTES = 100 * 1024 * 1024
"""A list of 30,000 awardees is a few megabytes; an input far larger is not one of ours."""

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE: .doc, .xls, any password-protected file
MAX_MEMBERS = 10_000
# Real .xlsx/.docx files unpack to at most tens of megabytes (a 30,000-row list about
# 20 MB, draftkit's own 10,000 certificates about 65 MB at 112:1); deflate packs a bomb
# about 1,000:1.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 500
RATIO_FLOOR = 1024 * 1024  # small parts may compress as well as they like: they are harmless


def stat_problem(info: os.stat_result, what: str = "tệp", limit: int | None = None, hint: str | None = None) -> Problem | None:
    """Why a file with this status cannot be read as ``what`` (a folder, a FIFO or a
    device, larger than ``limit``), or None."""
    limit = MAX_FILE_BYTES if limit is None else limit
    if stat.S_ISDIR(info.st_mode):
        return Problem(f"Đây là một thư mục, không phải {what}.")
    if not stat.S_ISREG(info.st_mode):
        return Problem(
            "Đây không phải một tệp thông thường (có thể là ống dẫn FIFO hoặc thiết bị), "
            "nên draftkit không đọc từ đó.",
            hint=hint or "Lưu nội dung thành một tệp rồi chỉ ra tệp đó.",
        )
    if info.st_size > limit:
        return Problem(
            f"Tệp quá lớn ({_megabytes(info.st_size)} MB, tối đa {_megabytes(limit)} MB), không đọc.",
            hint=f"Kiểm tra lại có đúng {what} không; nếu tệp còn nhiều dữ liệu khác, chép riêng "
            "phần cần dùng sang một tệp mới.",
        )
    return None


def file_problem(path: Path, what: str = "tệp", limit: int | None = None, hint: str | None = None) -> Problem | None:
    """Why ``path`` cannot be read as ``what`` (missing, a folder, a FIFO or device, far
    too large), or None. Only metadata is looked at: nothing is opened."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return Problem(f"Không tìm thấy {what}.")
    except OSError as exc:
        return Problem(f"Không đọc được tệp: {os_reason(exc)}.")
    return stat_problem(info, what, limit, hint)


def container_problem(path: Path) -> str | None:
    """Why ``path`` is an OLE container rather than a .docx, in Vietnamese; None otherwise."""
    try:
        with path.open("rb") as handle:
            if handle.read(8) != CFB_MAGIC:
                return None
            encrypted = "EncryptedPackage".encode("utf-16-le")
            tail = b""
            while block := handle.read(1 << 20):
                if encrypted in tail + block:
                    return (
                        "được đặt mật khẩu (mã hóa), draftkit không đọc được. Mở bằng Word, "
                        "bỏ mật khẩu (File > Info > Protect Document > Encrypt with Password: xóa trống) rồi lưu lại"
                    )
                tail = block[-len(encrypted) :]
    except OSError:
        return None
    return "là văn bản Word cũ (.doc, Word 97–2003), không phải .docx. Mở bằng Word hoặc LibreOffice và lưu lại thành .docx"


def zip_problem(archive: zipfile.ZipFile) -> str | None:
    """Why unpacking ``archive`` could exhaust the machine, in Vietnamese; None when it is safe.

    Only the sizes the zip declares are read (see the module's docstring).
    """
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        return f"có tới {_grouped(len(infos))} phần (tối đa {_grouped(MAX_MEMBERS)}): không phải tệp Word hay Excel thông thường"
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        return (
            f"giải nén ra tới {_megabytes(total)} MB (tối đa {_megabytes(MAX_UNCOMPRESSED)} MB): quá lớn để đọc, "
            "có thể là tệp “bom nén”"
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            packed = f"{_megabytes(info.compress_size)} MB" if info.compress_size > RATIO_FLOOR else "dưới 1 MB"
            return (
                f"có phần “{info.filename}” nén bất thường ({packed} giải nén ra "
                f"{_megabytes(info.file_size)} MB, gấp {_grouped(ratio)} lần): có thể là tệp “bom nén”"
            )
    return None


def zip_bomb_problem(path: Path, hint: str | None = None) -> Problem | None:
    """:func:`zip_problem` of the archive at ``path`` as a :class:`Problem`; None when it is
    safe, or no readable zip (the reader then says so in its own words)."""
    try:
        with zipfile.ZipFile(path) as archive:
            reason = zip_problem(archive)
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    if reason is None:
        return None
    return Problem(f"Tệp {reason}, nên không đọc: tệp có thể bị hỏng hoặc cố ý làm hại.", hint=hint)


def _grouped(number: int) -> str:
    """1234567 → "1.234.567", as figures are written in Vietnamese."""
    return f"{number:,}".replace(",", ".")


def _megabytes(size: int) -> str:
    return _grouped(round(size / 1024 / 1024))
