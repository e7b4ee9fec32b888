"""An office list uploaded through the page: the name it is kept under, and the checks it
passes before anything is written.

The list is kept beside the data file, as the CLI reads lists from there, so its name must
be a plain file name on every system the folder may be opened on (a clerk's folder is
often copied to Windows): never a path, never one of Windows' device names (``CON.csv``
opens the console, ``NUL.xlsx`` discards what is written), never ending in a dot or a
space (Windows drops them). Its content passes the CLI's own checks (safefile.py: size,
zip bomb) while still in memory: a refused list never reaches the disk.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from draftkit.errors import Problem

if TYPE_CHECKING:
    from starlette.datastructures import UploadFile

    from .session import WebSession

__all__ = ["MAX_UPLOAD_BYTES", "UPLOAD_SUFFIXES", "upload_name", "upload_problem"]

UPLOAD_SUFFIXES = (".xlsx", ".xls", ".csv")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # an office list is kilobytes; 30,000 rows a few MB
MAX_STEM = 100  # characters: well inside every file system's 255, with room for "-2"
DEFAULT_STEM = "danh-sach"

_UNSAFE = re.compile(r"[^\w.\- ]+")
# Windows' device names, whatever follows a dot ("con.tar.csv" too) and in any case;
# COM¹-³ and LPT¹-³ (superscript digits) are devices as well.
_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.IGNORECASE)


def is_device_name(name: str) -> bool:
    """Whether Windows would open a device for ``name`` (its part before the first dot,
    trailing spaces and dots dropped as Windows drops them)."""
    return _DEVICE.match(name.split(".")[0].rstrip(" .")) is not None


def upload_name(filename: str) -> str | None:
    """The name an uploaded list is kept under in the output folder, or None when its type
    is not one we read. Only the last part of the name is kept: never a path."""
    # Windows drops trailing dots and spaces: "ds.csv. " is "ds.csv".
    base = re.split(r"[\\/]", filename or "")[-1].strip().rstrip(" .")
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in UPLOAD_SUFFIXES:
        return None
    clean = _UNSAFE.sub("_", stem)[:MAX_STEM].strip(" ._") or DEFAULT_STEM
    # Every dot-separated part loses its trailing spaces: "aux .x" is still AUX to Windows.
    clean = ".".join(part.rstrip(" ") for part in clean.split(".")).strip(" ._") or DEFAULT_STEM
    if is_device_name(clean):
        clean = f"{DEFAULT_STEM}-{clean}"
    return f"{clean}{suffix}"


def upload_problem(name: str, data: bytes) -> Problem | None:
    """Why the list ``data`` (to be kept as ``name``) is refused before it is written: the
    CLI's limits (safefile.py) on its size and, for a zip (.xlsx), what it unpacks to."""
    from draftkit.safefile import MAX_FILE_BYTES, zip_problem

    limit = min(MAX_UPLOAD_BYTES, MAX_FILE_BYTES)
    if len(data) > limit:
        return Problem(
            f"Tệp quá lớn (tối đa {limit // (1024 * 1024)} MB), không nhận.",
            hint="Chỉ giữ bảng danh sách trong tệp (xóa các trang tính, hình ảnh khác) rồi tải lên lại.",
        )
    if not data:
        return Problem("Tệp trống, chưa có dữ liệu nào.")
    if data.startswith(b"PK"):
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                reason = zip_problem(archive)
        except (zipfile.BadZipFile, ValueError, OSError):
            reason = None  # not a readable zip: the list reader says so in its own words
        if reason is not None:
            return Problem(
                f"Tệp {Path(name).name} {reason}, nên không nhận: tệp có thể bị hỏng hoặc cố ý làm hại.",
                hint="Mở tệp bằng Excel, chép riêng bảng danh sách sang một tệp mới rồi lưu thành .xlsx.",
            )
    return None


def take_upload(state: WebSession, file: UploadFile) -> None:
    """Keep the uploaded list beside the data file, as the CLI reads lists from there; a
    refused one is never written, and the page says why."""
    from draftkit.output import write_atomic

    name = upload_name(file.filename or "")
    with state.lock:
        if name is None:
            state.upload_problems = [Problem("Chỉ nhận tệp danh sách .xlsx, .xls hoặc .csv.")]
            return
        data = file.file.read(MAX_UPLOAD_BYTES + 1)
        problem = upload_problem(name, data)
        if problem is not None:
            state.upload_problems = [problem]
            return
        state.upload_problems = []
        name = free_name(state.out_dir, name, data)
        write_atomic(state.out_dir / name, data)
        state.answers["awardees"] = name
        state.save()


def free_name(folder: Path, name: str, data: bytes) -> str:
    """``name``, or "ds-2.csv", "ds-3.csv"... when a different file already has it: an
    upload never replaces the office's own list of the same name."""
    path = folder / name
    number = 1
    while path.exists() and not (path.is_file() and path.read_bytes() == data):
        number += 1
        path = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
    return path.name


# The names app.py has always used.
_take_upload = take_upload
_free_name = free_name
