"""The files named on a command line (``check``, ``pdf``), as the clerk means them.

Pure functions: the platform is passed in, so tests cover Windows' rules on any machine.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from draftkit.errors import DraftkitError

__all__ = ["docx_only", "expand_wildcards"]

_WILDCARDS = ("*", "?", "[")


def expand_wildcards(paths: Sequence[Path], windows: bool) -> list[Path]:
    """``van-ban/*.docx`` as the files it names, on Windows.

    A POSIX shell expands wildcards before draftkit starts; cmd and PowerShell pass them
    through as typed, so the help's own example would fail there. Each pattern gives its
    files sorted by name; a file whose real name holds ``[`` or ``*`` is kept as it is; a
    pattern that names nothing is refused rather than skipped (the clerk would think the
    files were checked).
    """
    if not windows:
        return list(paths)
    found: list[Path] = []
    for path in paths:
        text = str(path)
        if not any(mark in text for mark in _WILDCARDS) or path.exists():
            found.append(path)
            continue
        matches = sorted(glob.glob(text), key=lambda name: name.casefold())
        if not matches:
            raise DraftkitError(
                f"Không có tệp nào khớp với “{text}”.",
                hint="Kiểm tra lại tên thư mục và đuôi tệp, ví dụ van-ban\\*.docx.",
            )
        found += [Path(name) for name in matches]
    return found


def docx_only(paths: Sequence[Path], command: str) -> list[Path]:
    """The .docx files among ``paths``; anything else (a data file given to ``pdf``) is
    refused, naming each, before any work is done."""
    others = [path for path in paths if path.suffix.lower() != ".docx"]
    if not others:
        return list(paths)
    names = ", ".join(f"“{path}”" for path in others)
    data = next((path for path in others if path.suffix.lower() in (".yaml", ".yml")), None)
    raise DraftkitError(
        f"{names} không phải văn bản Word (.docx): lệnh {command} chỉ nhận tệp .docx; chưa chuyển tệp nào.",
        hint=f"Tệp dữ liệu thì tạo văn bản và PDF cùng lúc: draftkit render {data} --pdf" if data else None,
    )
