"""The one error tree of draftkit.

Every failure a user can cause or fix is a :class:`DraftkitError` carrying a Vietnamese
message (and, where it helps, a hint). Only :mod:`draftkit.cli` turns these into printed
messages and exit codes; library code raises and never prints.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1  # bad input, or a check that found problems
EXIT_USAGE = 2  # unreadable file given to `check`, or a usage error
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # SIGTERM (128 + SIGTERM), handled like Ctrl-C


class DraftkitError(Exception):
    """Root of every error draftkit raises on purpose."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    field: str | None = None  # key path in the data file, e.g. "results[0].indicators[1].value"
    line: int | None = None  # 1-based line in the file, when known
    column: str | None = None  # spreadsheet column header, when the input is a table
    hint: str | None = None

    def location(self) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"dòng {self.line}")
        if self.column is not None:
            parts.append(f"cột “{self.column}”")
        if self.field:
            parts.append(f"mục “{self.field}”")
        return ", ".join(parts)


@dataclass(frozen=True)
class TextWarning:
    """Something in the input that did not stop the job but that the user must hear about."""

    field: str
    message: str
    line: int | None = None


class InputError(DraftkitError):
    """A data file, spreadsheet or answer that cannot be used; lists every problem at once."""

    def __init__(self, source: Path | str | None, problems: list[Problem]) -> None:
        self.source = str(source) if source is not None else None
        self.problems = problems
        count = len(problems)
        where = f" trong tệp {self.source}" if self.source else ""
        summary = "Có 1 lỗi" if count == 1 else f"Có {count} lỗi"
        super().__init__(f"{summary}{where}, chưa tạo văn bản nào.")


class TemplateError(DraftkitError):
    """A Word template that cannot be rendered (syntax error, unknown variable...)."""


class OutputError(DraftkitError):
    """An output that cannot be written, or would overwrite a file without --force."""


class ConversionError(DraftkitError):
    """LibreOffice is missing or failed to produce a PDF."""


class InputEnded(DraftkitError):
    """Standard input ended (EOF) before an interview was finished: not a Ctrl-C."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised by the CLI's handler so that it unwinds exactly like Ctrl-C."""


class UnreadableDocumentError(DraftkitError):
    """A file given to `check` that is not a readable .docx."""

    exit_code = EXIT_USAGE


_OS_REASONS = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền",
    errno.EPERM: "không được phép",
    errno.EISDIR: "đây là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EEXIST: "đã có",
    errno.ENAMETOOLONG: "tên quá dài",
    errno.EFBIG: "tệp quá lớn",
    errno.EIO: "lỗi đọc ghi trên ổ đĩa",
    errno.ELOOP: "liên kết tượng trưng trỏ vòng",
    errno.ENXIO: "thiết bị không có",
}


# Windows reports a file another program holds open (Word, Excel) as EACCES, "no
# permission": its own code (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION) says what it is.
_WINDOWS_REASONS = {
    32: "tệp đang được một chương trình khác mở (như Word, Excel)",
    33: "tệp đang được một chương trình khác mở (như Word, Excel)",
    206: "đường dẫn quá dài (Windows giới hạn 260 ký tự): chọn thư mục ngắn hơn bằng -o",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Vietnamese (the system's own words when we have none)."""
    winerror = getattr(exc, "winerror", None)
    if isinstance(winerror, int) and winerror in _WINDOWS_REASONS:
        return _WINDOWS_REASONS[winerror]
    return _OS_REASONS.get(exc.errno or -1) or exc.strerror or str(exc)
