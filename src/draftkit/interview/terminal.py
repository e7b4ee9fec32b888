"""The outside world of an interview: the line reader and the text editor.

Both are passed into :class:`~draftkit.interview.engine.Interview`, so tests type their
answers through a stream and replace the editor with a function.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from draftkit.errors import os_reason

__all__ = ["EditorError", "LineReader", "Reader", "launch_editor", "paragraphs", "terminal_reader"]

class EditorError(Exception):
    """The editor could not be started or failed; ``args[0]`` is a Vietnamese message."""


def _editor_command() -> list[str] | None:
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            # $EDITOR may carry arguments ("code --wait"); Windows paths keep backslashes.
            return [part.strip('"') for part in shlex.split(value, posix=os.name != "nt")]
    if os.name == "nt":
        return ["notepad"]
    for candidate in ("nano", "vi"):
        found = shutil.which(candidate)
        if found:
            return [found]
    return None


# An editor back this fast with the text unchanged was most likely never waited for:
# Notepad++ without -multiInst hands the file to a running window, Windows 11 Notepad opens
# a tab in one, and the command returns at once.
QUICK_RETURN = 1.0  # seconds


def launch_editor(
    initial: str,
    *,
    clock: Callable[[], float] = time.monotonic,
    pause: Callable[[str], object] = input,
) -> str:
    """Open $VISUAL/$EDITOR (else nano, vi; notepad on Windows) on a temporary file.

    When the editor returns within :data:`QUICK_RETURN` with the text unchanged, the file
    stays open in its window: the clerk is told so and ``pause`` waits for Enter before
    the file is read (and deleted).
    """
    command = _editor_command()
    if command is None:
        raise EditorError("Không tìm thấy trình soạn thảo (đặt biến môi trường EDITOR, ví dụ nano).")
    fd, name = tempfile.mkstemp(prefix="draftkit-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(initial)
        started = clock()
        try:
            completed = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise EditorError(f"Không mở được trình soạn thảo “{command[0]}”: {os_reason(exc)}.") from None
        if completed.returncode != 0:
            raise EditorError(
                f"Trình soạn thảo kết thúc với mã lỗi {completed.returncode}; chưa nhận nội dung."
            )
        text = _read_edited(path)
        if clock() - started < QUICK_RETURN and text == initial:
            pause(
                f"Trình soạn thảo “{command[0]}” trả về ngay, nội dung chưa đổi: có thể nó vẫn đang mở "
                "tệp trong một cửa sổ khác. Sửa, lưu, đóng tệp đó rồi nhấn Enter ở đây để tiếp tục... "
            )
            text = _read_edited(path)
        return text
    finally:
        path.unlink(missing_ok=True)


def _read_edited(path: Path) -> str:
    # Notepad may add a BOM and CRLF line ends.
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")


def paragraphs(text: str) -> list[str]:
    """Editor text split at blank lines: several list items typed in one go."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


Reader = Callable[[Text], str]


class LineReader:
    """A :data:`Reader` that can also put an old answer on the line for editing
    (``can_prefill``): ``reader(prompt, prefill)``."""

    def __init__(self, read: Callable[[Text, str | None], str], can_prefill: bool) -> None:
        self._read = read
        self.can_prefill = can_prefill

    def __call__(self, prompt: Text, prefill: str | None = None) -> str:
        return self._read(prompt, prefill)


def terminal_reader(
    console: Console,
    stream: TextIO | None,
    *,
    line_editor: Any = None,
    read_input: Callable[[str], str] = input,
) -> LineReader:
    """Read one answer line: from ``stream`` when given, else from the terminal.

    End of input raises :class:`EOFError` either way. When the input is not a terminal
    (a pipe, a test) the answer is echoed so the transcript reads like a session. On a
    terminal with readline (``line_editor``: the module, found when None), a long answer's
    old text is put on the line to be edited in place; Windows' console has no readline:
    there the old text is the default (Enter keeps it) and "/e" opens Notepad on it.
    """
    source = stream if stream is not None else sys.stdin
    echo = not _isatty(source)
    if line_editor is None and stream is None and not echo:
        # Arrow keys and history for long Vietnamese answers, where the platform has it.
        try:
            import readline

            line_editor = readline
        except ImportError:
            line_editor = None
    line_editing = stream is None and line_editor is not None and not console.legacy_windows

    def read(prompt: Text, prefill: str | None = None) -> str:
        if line_editing:
            # readline must own the prompt: printed separately, an empty answer leaves
            # the cursor on the prompt line and the next question runs on after it.
            line = _input_with(line_editor, read_input, _readline_prompt(console, prompt), prefill)
        elif stream is None:
            line = console.input(prompt)
        else:
            console.print(prompt, end="")
            line = stream.readline()
            if not line:
                raise EOFError
        # A byte-order mark (Notepad's "UTF-8 with BOM", piped in) is no part of the answer:
        # kept, the first answer is wrong and every later one lands a question late.
        line = line.rstrip("\r\n").lstrip("\ufeff")
        if echo:
            console.print(line, markup=False, highlight=False)
        return unicodedata.normalize("NFC", line)

    return LineReader(read, line_editing)


def _input_with(line_editor: Any, read_input: Callable[[str], str], prompt: str, prefill: str | None) -> str:
    """``input()`` with ``prefill`` already typed on the line (readline's pre-input hook)."""
    if not prefill:
        return read_input(prompt)

    def insert() -> None:
        line_editor.insert_text(prefill)
        line_editor.redisplay()

    line_editor.set_pre_input_hook(insert)
    try:
        return read_input(prompt)
    finally:
        line_editor.set_pre_input_hook()


def _readline_prompt(console: Console, prompt: Text) -> str:
    """The prompt as ANSI text, escapes fenced with \\x01 \\x02 so readline can measure it."""
    with console.capture() as captured:
        console.print(prompt, end="")
    return re.sub(r"(\x1b\[[0-9;]*m)", "\x01\\1\x02", captured.get())


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
