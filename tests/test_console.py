"""Output on a console or pipe that is not UTF-8 (Windows code pages, `> file`) never crashes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NGOC_LAC_AWARDS
from draftkit.cli import use_utf8_output


def draftkit(args: list[str], cwd: Path, encoding: str, stdout: Path) -> subprocess.CompletedProcess[bytes]:
    """``python -m draftkit ARGS > stdout`` with PYTHONIOENCODING=encoding, as a redirect on
    Windows would run it (the code page of the console is Python's choice for a file)."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    with stdout.open("wb") as out:
        return subprocess.run(
            [sys.executable, "-m", "draftkit", *args], cwd=cwd, env=env, stdout=out, stderr=subprocess.PIPE
        )


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258", "ascii", "latin-1"])
def test_render_redirected_to_a_file_in_a_code_page_exits_0_and_writes_utf8(encoding: str, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    done = draftkit(["render", str(NGOC_LAC_AWARDS), "-o", str(tmp_path / "van-ban")], tmp_path, encoding, out)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = out.read_bytes().decode("utf-8")  # strict: the file is UTF-8
    stem = NGOC_LAC_AWARDS.stem
    assert f"Đã tạo: {tmp_path / 'van-ban' / f'{stem}-quyet-dinh.docx'}" in text
    assert (tmp_path / "van-ban" / f"{stem}-giay-khen.docx").is_file()


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_errors_in_a_code_page_are_readable_utf8_too(encoding: str, tmp_path: Path) -> None:
    bad = tmp_path / "sai.yaml"
    bad.write_text("version: 1\ndocument: report\nissuer: {name: ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG}\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    done = draftkit(["render", str(bad), "-o", str(tmp_path)], tmp_path, encoding, out)
    assert done.returncode == 1
    message = done.stderr.decode("utf-8")
    assert "Lỗi:" in message and "chưa tạo văn bản nào" in message
    assert "Traceback" not in message


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_help_and_usage_errors_in_a_code_page(encoding: str, tmp_path: Path) -> None:
    out = tmp_path / "help.txt"
    assert draftkit(["--help"], tmp_path, encoding, out).returncode == 0
    assert "Cách dùng: draftkit" in out.read_bytes().decode("utf-8")
    done = draftkit(["reder"], tmp_path, encoding, out)
    assert done.returncode == 2
    assert "Lỗi: Không có lệnh “reder”" in done.stderr.decode("utf-8")


def stream(encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding)


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258", "ascii", "latin-1", "cp437"])
def test_a_code_page_stream_is_switched_to_utf8(encoding: str) -> None:
    target = stream(encoding)
    use_utf8_output((target,))
    target.write("Đã tạo: Ngọc Lặc")
    target.flush()
    assert target.buffer.getvalue().decode("utf-8") == "Đã tạo: Ngọc Lặc"  # type: ignore[attr-defined]


def test_a_utf8_stream_is_left_alone() -> None:
    target = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    use_utf8_output((target,))
    assert (target.encoding, target.errors) == ("utf-8", "strict")


class Stubborn:
    """A stream whose encoding cannot change (its owner already wrote to it, say)."""

    encoding = "cp1252"

    def __init__(self) -> None:
        self.calls: list[dict[str, str]] = []

    def reconfigure(self, **settings: str) -> None:
        self.calls.append(settings)
        if "encoding" in settings:
            raise ValueError("cannot change encoding")


def test_a_stream_that_cannot_switch_replaces_instead_of_crashing() -> None:
    target = Stubborn()
    use_utf8_output((target,))
    assert target.calls == [{"encoding": "utf-8"}, {"errors": "replace"}]


def test_a_stream_without_reconfigure_is_left_alone() -> None:
    target = io.StringIO()
    use_utf8_output((target,))  # StringIO has no encoding to change; nothing raised
    target.write("Đã tạo")
    assert target.getvalue() == "Đã tạo"


# --- piped standard input (answers from a file) is read as UTF-8, or refused


def interview(stdin: bytes, encoding: str, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run(
        [sys.executable, "-m", "draftkit", "new-report", "-o", str(tmp_path / "out")],
        input=stdin,
        env=env,
        capture_output=True,
        cwd=tmp_path,
    )


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_piped_utf8_answers_are_kept_exactly_under_a_code_page(encoding: str, tmp_path: Path) -> None:
    done = interview("state\nỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP\n".encode(), encoding, tmp_path)
    assert done.returncode == 1  # input ends mid-interview: the draft keeps the answers
    assert b"Traceback" not in done.stderr
    draft = (tmp_path / "out" / "bao-cao.draft.yaml").read_text(encoding="utf-8")
    assert "parent: ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP" in draft


def test_piped_answers_in_a_code_page_are_refused_not_misread(tmp_path: Path) -> None:
    done = interview("state\nĐông Tháp\n".encode("cp1258"), "cp1258", tmp_path)
    assert done.returncode == 1
    message = done.stderr.decode("utf-8") + done.stdout.decode("utf-8")
    assert "không phải chữ UTF-8" in message and "Traceback" not in message


def test_a_piped_stdin_is_switched_to_utf8_and_a_console_is_not() -> None:
    from draftkit.cli import use_utf8_input

    piped = io.TextIOWrapper(io.BytesIO("Đồng Tháp\n".encode()), encoding="cp1252")
    use_utf8_input(piped)
    assert piped.readline() == "Đồng Tháp\n"

    class Console(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    console = Console(io.BytesIO(b""), encoding="cp1258")
    use_utf8_input(console)
    assert console.encoding == "cp1258"
