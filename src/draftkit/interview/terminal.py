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
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from draftkit.errors import os_reason

__all__ = ["EditorError", "Reader", "launch_editor", "paragraphs", "terminal_reader"]

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


def launch_editor(initial: str) -> str:
    """Open $VISUAL/$EDITOR (else nano, vi; notepad on Windows) on a temporary file."""
    command = _editor_command()
    if command is None:
        raise EditorError("Không tìm thấy trình soạn thảo (đặt biến môi trường EDITOR, ví dụ nano).")
    fd, name = tempfile.mkstemp(prefix="draftkit-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(initial)
        try:
            completed = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise EditorError(f"Không mở được trình soạn thảo “{command[0]}”: {os_reason(exc)}.") from None
        if completed.returncode != 0:
            raise EditorError(
                f"Trình soạn thảo kết thúc với mã lỗi {completed.returncode}; chưa nhận nội dung."
            )
        # Notepad may add a BOM and CRLF line ends.
        return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    finally:
        path.unlink(missing_ok=True)


def paragraphs(text: str) -> list[str]:
    """Editor text split at blank lines: several list items typed in one go."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


Reader = Callable[[Text], str]


def terminal_reader(console: Console, stream: TextIO | None) -> Reader:
    """Read one answer line: from ``stream`` when given, else from the terminal.

    End of input raises :class:`EOFError` either way. When the input is not a terminal
    (a pipe, a test) the answer is echoed so the transcript reads like a session.
    """
    source = stream if stream is not None else sys.stdin
    echo = not _isatty(source)
    line_editing = False
    if stream is None and not echo:
        # Arrow keys and history for long Vietnamese answers, where the platform has it.
        try:
            import readline  # noqa: F401

            line_editing = not console.legacy_windows
        except ImportError:
            pass

    def read(prompt: Text) -> str:
        if line_editing:
            # readline must own the prompt: printed separately, an empty answer leaves
            # the cursor on the prompt line and the next question runs on after it.
            line = input(_readline_prompt(console, prompt))
        elif stream is None:
            line = console.input(prompt)
        else:
            console.print(prompt, end="")
            line = stream.readline()
            if not line:
                raise EOFError
        line = line.rstrip("\r\n")
        if echo:
            console.print(line, markup=False, highlight=False)
        return unicodedata.normalize("NFC", line)

    return read


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
