"""Writing results: all or nothing, never over a file without ``force``.

Every document of a job is rendered in memory first; only then are the files written,
each through a temporary file in the same folder and an atomic rename, so a failure
never leaves a half-written .docx and a crash never truncates an older one.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError, os_reason

_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def safe_stem(text: str, fallback: str = "van-ban") -> str:
    """A file-name stem safe on Windows and Linux: ASCII, lowercase, hyphens.

    "Lê Văn Bình" → "le-van-binh"; đ/Đ have no decomposition, so they are mapped by hand.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:80].strip("-")
    if not stem or stem.upper() in _WINDOWS_RESERVED:
        return fallback
    return stem


def ensure_writable(targets: Iterable[Path], force: bool) -> None:
    """Refuse before anything is written: existing files (without force) or a bad folder."""
    targets = list(targets)
    folders_in_the_way = [t for t in targets if t.is_dir()]
    if folders_in_the_way:
        names = ", ".join(str(t) for t in folders_in_the_way)
        raise OutputError(f"Đã có thư mục trùng tên tệp cần ghi: {names}.", hint="Đổi tên hoặc xóa thư mục đó.")
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        names = ", ".join(str(t) for t in existing)
        raise OutputError(
            f"Tệp đã có: {names}. Không ghi đè.",
            hint="Thêm --force để ghi đè, hoặc chọn thư mục khác bằng -o.",
        )
    for folder in {t.parent for t in targets}:
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"“{folder}” là một tệp, không phải thư mục.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"Không tạo được thư mục “{folder}”: {os_reason(exc)}.") from None
        if not os.access(folder, os.W_OK):
            raise OutputError(
                f"Không có quyền ghi vào thư mục “{folder}”.",
                hint="Chọn thư mục khác bằng -o.",
            )


def _write_temporary(path: Path, data: bytes) -> Path:
    """``data`` in a hidden temporary file beside ``path`` (same folder: the rename is atomic)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return Path(tmp_name)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename."""
    os.replace(_write_temporary(path, data), path)


def write_all(files: dict[Path, bytes], force: bool) -> list[Path]:
    """Write every file of a job, or none.

    Two phases: every file is first written to a temporary file beside its target; only
    when all of them are on disk are they renamed into place. A full disk or a folder that
    refuses a file in the middle of a job leaves nothing behind, not two of three documents.
    """
    ensure_writable(files, force)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                staged.append((_write_temporary(path, data), path))
            except OSError as exc:
                raise OutputError(f"Không ghi được tệp “{path}”: {os_reason(exc)}.") from None
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for index, (tmp, path) in enumerate(staged):
        try:
            os.replace(tmp, path)
        except OSError as exc:
            # Renames within one folder do not fail in practice; if one does, leave no
            # temporary files behind and say which document is missing.
            for left, _ in staged[index:]:
                left.unlink(missing_ok=True)
            raise OutputError(f"Không ghi được tệp “{path}”: {os_reason(exc)}.") from None
    return [path for _, path in staged]
