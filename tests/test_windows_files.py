"""Windows and the files a clerk has open: locks, all or nothing, retries, portable paths.

This machine is Linux: Windows' answers are injected (``PermissionError`` carrying the
``winerror`` Windows sets, a stand-in for kernel32), and ``output._WINDOWS`` turns the
Windows branches on. What only a real Windows can show is listed in the branch's report.
"""

from __future__ import annotations

import ast
import ctypes
import errno
import json
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from draftkit import output
from draftkit.cli import app
from draftkit.errors import OutputError, os_reason
from draftkit.output import JOURNAL_NAME, LOCK_NAME, RETRY_DELAYS, finish_interrupted, write_all
from test_files_processes import (
    LIST,
    PEOPLE,
    SPLIT,
    awards_file,
    decision_number,
    list_number,
)

runner = CliRunner()

SRC = Path(output.__file__).resolve().parent


def in_use(path: object = None, winerror: int = 32) -> PermissionError:
    """What Windows raises for a file another program holds (errno 13, and its own code)."""
    words = {
        32: "The process cannot access the file because it is being used by another process",
        33: "The process cannot access the file because another process has locked a portion of the file",
        5: "Access is denied",
    }
    error = PermissionError(errno.EACCES, words.get(winerror, "?"), None if path is None else str(path))
    error.winerror = winerror  # type: ignore[attr-defined]  # set by Windows itself there
    return error


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """draftkit's working files: temporary files, previous versions, locks, journals."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.name.endswith((".tmp", ".old", ".stale")) or p.name in (LOCK_NAME, JOURNAL_NAME)
    )


class Sleeps(list[float]):
    """A sleep that only records: the retries are counted, never waited for."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Windows branches of draftkit.output, and no real waiting between retries."""
    monkeypatch.setattr(output, "_WINDOWS", True)
    monkeypatch.setattr(output.time, "sleep", Sleeps())


def lock_in_word(monkeypatch: pytest.MonkeyPatch, *locked: Path, winerror: int = 32) -> None:
    """``locked`` are open in Word: opening them for writing fails as on Windows."""
    real = os.open
    names = {str(p) for p in locked}

    def opening(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) in names and flags & (os.O_WRONLY | os.O_RDWR):
            raise in_use(path, winerror)
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", opening)


def old_set(folder: Path, count: int = 3) -> dict[Path, bytes]:
    """``count`` documents already there (a previous run), and the new versions of them."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for i in range(count):
        path = folder / f"{i}.docx"
        path.write_bytes(f"old {i}".encode())
        files[path] = f"new {i}".encode()
    return files


# --- the message for a file open in Word


@pytest.mark.parametrize(
    ("name", "winerror", "message", "hint"),
    [
        (
            "kt-quyet-dinh.docx", 32,
            "Tệp “{path}” đang được mở trong Word (hoặc một chương trình khác giữ nó) nên draftkit không ghi được.",
            "Đóng tệp “{name}” trong Word rồi chạy lại lệnh.",
        ),
        (
            "KT.DOCX", 33,
            "Tệp “{path}” đang được mở trong Word (hoặc một chương trình khác giữ nó) nên draftkit không ghi được.",
            "Đóng tệp “{name}” trong Word rồi chạy lại lệnh.",
        ),
        (
            "kt-quyet-dinh.pdf", 32,
            "Tệp “{path}” đang được mở trong trình xem PDF (hoặc một chương trình khác giữ nó) nên draftkit không ghi được.",
            "Đóng tệp “{name}” trong trình xem PDF rồi chạy lại lệnh.",
        ),
        (
            "kt.draft.yaml", 32,
            "Tệp “{path}” đang được một chương trình khác mở nên draftkit không ghi được.",
            "Đóng tệp “{name}” (hoặc đóng chương trình đang mở nó) rồi chạy lại lệnh.",
        ),
        (
            "kt-quyet-dinh.docx", 5,
            "Không ghi được tệp “{path}”: tệp đang được mở trong Word, hoặc được đặt chỉ cho đọc.",
            "Đóng tệp “{name}” trong Word (nếu tệp được đặt chỉ cho đọc: bỏ chọn “Chỉ đọc” (Read-only) "
            "trong Thuộc tính (Properties) của tệp) rồi chạy lại lệnh.",
        ),
    ],
)
def test_a_file_held_open_is_named_with_what_to_do(
    tmp_path: Path, name: str, winerror: int, message: str, hint: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"old")
    error = output.in_use_error(path, in_use(path, winerror), " Chưa có tệp nào bị thay đổi.")
    assert error is not None
    assert error.message == message.format(path=path)
    assert error.hint == hint.format(name=name) + " Chưa có tệp nào bị thay đổi."


def test_access_denied_for_a_new_file_is_a_permission_not_word(tmp_path: Path) -> None:
    error = in_use(tmp_path / "moi.docx", 5)
    assert output.in_use_error(tmp_path / "moi.docx", error) is None
    assert output._write_error(tmp_path / "moi.docx", error).message == (
        f"Không ghi được tệp “{tmp_path / 'moi.docx'}”: không có quyền."
    )


@pytest.mark.parametrize(
    "error",
    [
        PermissionError(errno.EACCES, "Permission denied"),  # POSIX: no winerror, a real refusal
        OSError(errno.ENOSPC, "No space left on device"),
        FileNotFoundError(errno.ENOENT, "No such file"),
    ],
)
def test_other_refusals_are_not_called_a_lock(tmp_path: Path, error: OSError) -> None:
    assert output.in_use_error(tmp_path / "a.docx", error) is None
    assert not output._busy(error)


def test_the_systems_reason_names_a_lock_not_a_permission() -> None:
    assert os_reason(in_use()) == "tệp đang được một chương trình khác mở (như Word, Excel)"
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "không có quyền"


# --- a file open in Word: refused before anything is replaced


@pytest.mark.parametrize("locked", [0, 1, 2])
def test_a_document_open_in_word_stops_the_job_before_any_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, windows: None, locked: int
) -> None:
    files = old_set(tmp_path)
    before = snapshot(tmp_path)
    target = tmp_path / f"{locked}.docx"
    lock_in_word(monkeypatch, target)
    renames: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: renames.append(str(b)) or real_replace(a, b))
    sleeps = Sleeps()

    with pytest.raises(OutputError) as error:
        write_all(files, force=True, sleep=sleeps)

    assert error.value.message == (
        f"Tệp “{target}” đang được mở trong Word (hoặc một chương trình khác giữ nó) nên draftkit không ghi được."
    )
    assert error.value.hint == f"Đóng tệp “{locked}.docx” trong Word rồi chạy lại lệnh. Chưa có tệp nào bị thay đổi."
    assert renames == []  # refused from the probe: not one rename
    assert sleeps == list(RETRY_DELAYS)  # a brief lock would have been waited for
    assert snapshot(tmp_path) == before  # old documents intact, no temporary file


def test_a_pdf_open_in_a_reader_is_refused_before_libreoffice_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, windows: None
) -> None:
    pdf = tmp_path / "kt-quyet-dinh.pdf"
    pdf.write_bytes(b"%PDF old")
    lock_in_word(monkeypatch, pdf)
    with pytest.raises(OutputError) as error:
        output.ensure_writable([tmp_path / "kt-quyet-dinh.docx", pdf], force=True, sleep=Sleeps())
    assert error.value.message.startswith(f"Tệp “{pdf}” đang được mở trong trình xem PDF")
    assert pdf.read_bytes() == b"%PDF old"


def test_the_probe_opens_for_append_and_changes_nothing(tmp_path: Path, windows: None) -> None:
    files = old_set(tmp_path)
    stamps = {p: p.stat().st_mtime_ns for p in files}
    output.check_replaceable([*files, tmp_path / "missing.docx"], Sleeps())
    assert {p: p.stat().st_mtime_ns for p in files} == stamps
    assert {p: p.read_bytes() for p in files} == {p: f"old {i}".encode() for i, p in enumerate(files)}


def test_posix_does_not_probe_a_read_only_file_it_can_replace(tmp_path: Path) -> None:
    # A rename on POSIX depends on the folder: a read-only document is replaced all the same.
    path = tmp_path / "a.docx"
    path.write_bytes(b"old")
    path.chmod(0o444)
    write_all({path: b"new", tmp_path / "b.docx": b"b"}, force=True, sleep=Sleeps())
    assert path.read_bytes() == b"new"


def test_render_tells_the_clerk_to_close_the_decision_in_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, windows: None
) -> None:
    out = tmp_path / "out"
    first = runner.invoke(app, ["render", str(awards_file(tmp_path / "a", number=111)), "-o", str(out)])
    assert first.exit_code == 0, first.output
    before = snapshot(out)
    lock_in_word(monkeypatch, out / LIST)

    result = runner.invoke(
        app, ["render", str(awards_file(tmp_path / "b", number=222)), "-o", str(out), "--force"]
    )

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"Tệp “{out / LIST}” đang được mở trong Word" in result.output
    assert f"Đóng tệp “{LIST}” trong Word rồi chạy lại lệnh." in result.output
    assert snapshot(out) == before
    assert decision_number(out) == list_number(out) == 111


# --- a rename that fails midway: what was replaced is put back


def count_replaces(
    monkeypatch: pytest.MonkeyPatch, fail_at: int, error: Callable[[Any], OSError], *, times: int = 10**6
) -> list[tuple[str, str]]:
    """os.replace fails from its ``fail_at``-th call on (``times`` calls in a row); the
    renames that happened are returned."""
    real = os.replace
    calls: list[tuple[str, str]] = []
    failed = 0

    def replace(src: Any, dst: Any) -> None:
        nonlocal failed
        if len(calls) + failed + 1 >= fail_at and failed < times:
            failed += 1
            raise error(dst)
        real(src, dst)
        calls.append((Path(src).name, Path(dst).name))

    monkeypatch.setattr(os, "replace", replace)
    return calls


def renames_of_a_job(tmp_path: Path, files: dict[Path, bytes], **kwargs: Any) -> list[tuple[str, str]]:
    """The renames a job makes when nothing fails (run in a copy of the folder)."""
    with pytest.MonkeyPatch.context() as patch:
        calls = count_replaces(patch, 10**9, in_use)
        write_all(files, force=True, sleep=Sleeps(), **kwargs)
    return calls


def test_a_job_moves_each_old_file_aside_before_its_new_one_comes_in(tmp_path: Path) -> None:
    files = old_set(tmp_path / "out")
    files[tmp_path / "out" / "new.docx"] = b"brand new"
    calls = renames_of_a_job(tmp_path, files)
    kinds = [(Path(src).suffix, Path(dst).suffix) for src, dst in calls]
    # The journal first, then for each replaced document: aside, then in; a new one: in only.
    assert kinds == [(".tmp", ".json"), *[(".docx", ".old"), (".tmp", ".docx")] * 3, (".tmp", ".docx")]
    assert leftovers(tmp_path / "out") == []


@pytest.mark.parametrize("fail_at", range(2, 9))  # every rename after the journal (1)
@pytest.mark.parametrize("winerror", [32, 5])
def test_a_rename_refused_midway_puts_back_every_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int, winerror: int
) -> None:
    """The probe passed, then Word (or a scanner) took a file: at whichever rename, the
    folder ends as it was, old documents intact, and nothing of draftkit's left."""
    files = old_set(tmp_path)
    files[tmp_path / "new.docx"] = b"brand new"
    before = snapshot(tmp_path)
    count_replaces(monkeypatch, fail_at, lambda dst: in_use(dst, winerror), times=len(RETRY_DELAYS) + 1)
    sleeps = Sleeps()

    with pytest.raises(OutputError) as error:
        write_all(files, force=True, sleep=sleeps)

    assert sleeps == list(RETRY_DELAYS)  # retried for about a second first
    said = f"{error.value.message} {error.value.hint}"
    assert "Chưa có tệp nào bị thay đổi." in said
    # Access denied on the new document (8th) is a permission, not Word: it was not there.
    assert ("trong Word" in said) == (winerror == 32 or fail_at < 8)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("fail_at", range(2, 13))  # the 12 renames after the journal
def test_a_split_run_refused_midway_keeps_the_old_certificates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    """--split with a person fewer: renames, a removal, the manifest: all undone."""
    folder = tmp_path / "giay-khen"
    files = {folder / name: f"new {name}".encode() for name in PEOPLE[:3]}
    files[tmp_path / "kt-quyet-dinh.docx"] = b"new decision"
    write_all({**{folder / name: b"old" for name in PEOPLE[:4]}, tmp_path / "kt-quyet-dinh.docx": b"old"},
              force=False, owned_folders=[folder])
    before = snapshot(tmp_path)
    count_replaces(monkeypatch, fail_at, in_use, times=len(RETRY_DELAYS) + 1)

    with pytest.raises(OutputError) as error:
        write_all(files, force=True, owned_folders=[folder], sleep=Sleeps())

    assert "Chưa có tệp nào bị thay đổi." in (error.value.hint or "")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("stop_at", [3, 5])
def test_ctrl_c_on_windows_mid_rename_puts_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop_at: int
) -> None:
    """Windows has no signal masks: Ctrl-C arrives in the middle of the renames."""
    monkeypatch.delattr(signal, "pthread_sigmask", raising=False)
    files = old_set(tmp_path)
    before = snapshot(tmp_path)

    def stop(dst: Any) -> OSError:
        raise KeyboardInterrupt

    count_replaces(monkeypatch, stop_at, stop, times=1)
    with pytest.raises(KeyboardInterrupt):
        write_all(files, force=True, sleep=Sleeps())
    assert snapshot(tmp_path) == before


def test_a_brief_lock_is_waited_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = old_set(tmp_path)
    count_replaces(monkeypatch, 3, in_use, times=2)  # a scanner holds the 1st document briefly
    sleeps = Sleeps()

    assert write_all(files, force=True, sleep=sleeps) == list(files)

    assert sleeps == list(RETRY_DELAYS[:2])
    assert {p.name: p.read_bytes() for p in files} == {f"{i}.docx": f"new {i}".encode() for i in range(3)}
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (lambda dst: in_use(dst, 32), True),
        (lambda dst: in_use(dst, 33), True),
        (lambda dst: in_use(dst, 5), True),  # what MoveFileEx says while a scanner holds a file
        (lambda dst: PermissionError(errno.EACCES, "Permission denied"), False),  # POSIX: for good
        (lambda dst: OSError(errno.EIO, "Input/output error"), False),
    ],
)
def test_only_what_windows_calls_busy_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Callable[[Any], OSError], retried: bool
) -> None:
    files = old_set(tmp_path, 2)
    before = snapshot(tmp_path)
    count_replaces(monkeypatch, 2, error)
    sleeps = Sleeps()
    with pytest.raises(OutputError):
        write_all(files, force=True, sleep=sleeps)
    assert sleeps == (list(RETRY_DELAYS) if retried else [])
    assert snapshot(tmp_path) == before


def test_the_retries_last_about_a_second() -> None:
    assert 0.8 <= sum(RETRY_DELAYS) <= 1.5 and len(RETRY_DELAYS) >= 3


def test_a_temporary_file_refused_names_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = old_set(tmp_path)
    before = snapshot(tmp_path)
    real = output._write_temporary

    def creating(path: Path, data: bytes) -> Path:
        if path.name == "1.docx":
            raise in_use(tmp_path / ".1.docx.abcdefgh.tmp")
        return real(path, data)

    monkeypatch.setattr(output, "_write_temporary", creating)
    sleeps = Sleeps()
    with pytest.raises(OutputError) as error:
        write_all(files, force=True, sleep=sleeps)
    assert f"Tệp “{tmp_path / '1.docx'}” đang được mở trong Word" in error.value.message
    assert error.value.hint == "Đóng tệp “1.docx” trong Word rồi chạy lại lệnh. Chưa có tệp nào bị thay đổi."
    assert sleeps == list(RETRY_DELAYS)
    assert snapshot(tmp_path) == before


def test_a_single_file_written_atomically_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kt.draft.yaml"
    path.write_bytes(b"old")
    count_replaces(monkeypatch, 1, in_use, times=1)
    sleeps = Sleeps()
    output.write_atomic(path, b"new", sleep=sleeps)
    assert path.read_bytes() == b"new" and sleeps == [RETRY_DELAYS[0]]
    assert leftovers(tmp_path) == []


def test_a_single_file_still_refused_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kt.draft.yaml"
    path.write_bytes(b"old")
    count_replaces(monkeypatch, 1, in_use)
    with pytest.raises(PermissionError):
        output.write_atomic(path, b"new", sleep=Sleeps())
    assert snapshot(tmp_path) == {"kt.draft.yaml": b"old"}


# --- a killed run, in the new order of renames, is still finished by the next one


def killed_at(monkeypatch: pytest.MonkeyPatch, step: int) -> None:
    """A kill at the ``step``-th rename: it and every later one (the undo too) never happen."""
    count_replaces(monkeypatch, step, lambda dst: OSError(errno.EIO, "Input/output error"))


@pytest.mark.parametrize("step", range(1, 13))
def test_a_run_killed_at_any_rename_is_all_old_or_all_new_after_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    folder = tmp_path / "giay-khen"
    old = {**{folder / name: b"old" for name in PEOPLE[:4]}, tmp_path / "kt-quyet-dinh.docx": b"old"}
    write_all(old, force=False, owned_folders=[folder])
    old_state = snapshot(tmp_path)
    new = {folder / name: f"new {name}".encode() for name in PEOPLE[:3]}
    new[tmp_path / "kt-quyet-dinh.docx"] = b"new decision"
    with monkeypatch.context() as patch:
        killed_at(patch, step)
        with pytest.raises(OutputError):
            write_all(new, force=True, owned_folders=[folder], sleep=Sleeps())

    # The next run into these folders, whatever it writes, first puts them right.
    with pytest.raises(OutputError) as refused:
        write_all(new, force=False, owned_folders=[folder], sleep=Sleeps())
    assert "Tệp đã có" in refused.value.message

    after = snapshot(tmp_path)
    assert leftovers(tmp_path) == []
    if step <= 2:  # the journal not written, or nothing renamed yet (so nothing to undo)
        assert after == old_state
    else:
        assert {k: v for k, v in after.items() if k.endswith(".docx")} == {
            "kt-quyet-dinh.docx": b"new decision",
            **{f"giay-khen/{name}": f"new {name}".encode() for name in PEOPLE[:3]},
        }
        assert json.loads(after[".giay-khen.draftkit-files.json"])["files"] == PEOPLE[:3]


def test_finishing_a_killed_run_waits_for_word_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, windows: None
) -> None:
    """The next run finds a document of the killed one open in Word: it moves nothing and
    says so; once Word is closed, the run after finishes the job."""
    files = old_set(tmp_path)
    with monkeypatch.context() as patch:
        killed_at(patch, 4)  # journal, 0.docx aside and in; killed moving 1.docx aside
        with pytest.raises(OutputError):
            write_all(files, force=True, sleep=Sleeps())
    killed_state = snapshot(tmp_path)

    with monkeypatch.context() as patch:
        lock_in_word(patch, tmp_path / "2.docx")
        with pytest.raises(OutputError) as error, output.folder_lock([tmp_path]):
            finish_interrupted(tmp_path, Sleeps())
    assert f"Tệp “{tmp_path / '2.docx'}” đang được mở trong Word" in error.value.message
    assert "lần chạy sau vào thư mục này sẽ ghi nốt" in (error.value.hint or "")
    assert snapshot(tmp_path) == killed_state

    with output.folder_lock([tmp_path]):
        assert finish_interrupted(tmp_path, Sleeps()) == [tmp_path / "1.docx", tmp_path / "2.docx"]
    assert {p.name: p.read_bytes() for p in files} == {f"{i}.docx": f"new {i}".encode() for i in range(3)}
    assert leftovers(tmp_path) == []


def test_a_previous_version_that_cannot_be_dropped_is_dropped_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = old_set(tmp_path, 2)
    real = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith(".old"):
            raise in_use(self)  # a scanner opened it
        real(self, missing_ok=missing_ok)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "unlink", unlink)
        write_all(files, force=True, sleep=Sleeps())
    assert {p.name: p.read_bytes() for p in files} == {"0.docx": b"new 0", "1.docx": b"new 1"}
    assert (tmp_path / JOURNAL_NAME).exists() and len(list(tmp_path.glob(".*.old"))) == 2

    with output.folder_lock([tmp_path]):
        assert finish_interrupted(tmp_path) == []
    assert snapshot(tmp_path) == {"0.docx": b"new 0", "1.docx": b"new 1"}


def test_a_journal_of_the_previous_version_is_still_finished(tmp_path: Path) -> None:
    """A run of the draftkit before this change (journal version 2) killed midway."""
    decision, listing = tmp_path / "kt-quyet-dinh.docx", tmp_path / "kt-danh-sach.docx"
    decision.write_bytes(b"new decision")  # already renamed in
    listing.write_bytes(b"old list")
    (tmp_path / ".kt-danh-sach.docx.abcdefgh.tmp").write_bytes(b"new list")
    state = [listing.stat().st_size, listing.stat().st_mtime_ns]
    (tmp_path / JOURNAL_NAME).write_text(
        json.dumps({"version": 2, "rename": [[".kt-danh-sach.docx.abcdefgh.tmp", "kt-danh-sach.docx", state]]}),
        encoding="utf-8",
    )
    with output.folder_lock([tmp_path]):
        assert finish_interrupted(tmp_path, Sleeps()) == [listing]
    assert snapshot(tmp_path) == {"kt-danh-sach.docx": b"new list", "kt-quyet-dinh.docx": b"new decision"}


@pytest.mark.parametrize(
    "backup",
    [
        "victim.docx",  # not a previous version of draftkit's naming
        ".a.docx.abcdefgh.tmp",  # a temporary file is no previous version
        ".b.docx.abcdefgh.old",  # another document's
        "../.a.docx.abcdefgh.old",
        "sub/.a.docx.abcdefgh.old",
    ],
)
def test_a_journal_cannot_name_any_file_as_a_previous_version(tmp_path: Path, backup: str) -> None:
    folder = tmp_path / "out"
    (folder / "sub").mkdir(parents=True)
    for name in ("victim.docx", ".a.docx.abcdefgh.tmp", ".b.docx.abcdefgh.old", "sub/.a.docx.abcdefgh.old"):
        (folder / name).write_bytes(name.encode())
    (tmp_path / ".a.docx.abcdefgh.old").write_bytes(b"outside")
    (folder / JOURNAL_NAME).write_text(
        json.dumps({"version": 3, "rename": [[".a.docx.abcdefgh.tmp", "a.docx", None, backup]],
                    "remove": [["a.docx", [1, 1], backup]]}),
        encoding="utf-8",
    )
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.name != JOURNAL_NAME}
    assert finish_interrupted(folder) == []
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


# --- the folder lock: is its writer alive? (Windows: OpenProcess, never os.kill)


class Kernel32:
    """A stand-in for kernel32: processes by pid, with an exit code and a creation time."""

    def __init__(self, processes: dict[int, tuple[int, int]], error: int = 87) -> None:
        self.processes = processes  # pid: (exit code, creation time)
        self.error = error  # GetLastError when a pid cannot be opened
        self.opened: list[tuple[int, bool, int]] = []
        self.closed: list[int] = []

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:
        self.opened.append((access, inherit, pid))
        return 1000 + pid if pid in self.processes else 0

    def last_error(self) -> int:
        return self.error

    def GetExitCodeProcess(self, handle: int, code: Any) -> int:
        code.contents.value = self.processes[handle - 1000][0]
        return 1

    def GetProcessTimes(self, handle: int, *times: Any) -> int:
        times[0].contents.value = self.processes[handle - 1000][1]
        return 1

    def CloseHandle(self, handle: int) -> int:
        self.closed.append(handle)
        return 1


@pytest.fixture
def no_kill(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.kill(pid, 0) on Windows ends the process: it must never be called there."""

    def kill(pid: int, sig: int) -> None:
        raise AssertionError(f"os.kill({pid}, {sig}) on Windows would end that process")

    monkeypatch.setattr(os, "kill", kill)


@pytest.mark.parametrize(
    ("processes", "error", "pid", "alive"),
    [
        ({42: (259, 1)}, 87, 42, True),  # STILL_ACTIVE
        ({42: (0, 1)}, 87, 42, False),  # ended, a handle still held somewhere
        ({}, 87, 42, False),  # ERROR_INVALID_PARAMETER: no such process
        ({}, 5, 42, True),  # ERROR_ACCESS_DENIED: there, another user's
        ({}, 6, 42, None),  # anything else: cannot tell
        ({}, 87, 0, False),  # damaged locks: never asked of Windows
        ({}, 87, -1, False),
        ({}, 87, 2**32, False),
    ],
)
def test_windows_tells_whether_the_locks_writer_is_alive(
    monkeypatch: pytest.MonkeyPatch, windows: None, no_kill: None,
    processes: dict[int, tuple[int, int]], error: int, pid: int, alive: bool | None,
) -> None:
    kernel32 = Kernel32(processes, error)
    monkeypatch.setattr(output, "_kernel32", lambda: kernel32)
    assert output._alive(pid) is alive
    if 0 < pid < 2**32:
        assert kernel32.opened == [(0x1000, False, pid)]  # PROCESS_QUERY_LIMITED_INFORMATION
    else:
        assert kernel32.opened == []
    assert kernel32.closed == [1000 + pid for p in processes if p == pid]  # every handle closed


def test_without_kernel32_liveness_is_unknown(windows: None, no_kill: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(ctypes, "WinDLL", raising=False)
    assert output._alive(os.getpid()) is None and output._process_start(os.getpid()) is None


def test_the_real_kernel32_is_given_64_bit_handles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The signatures set on kernel32 (a handle truncated to 32 bits would query the wrong process)."""

    class Function:
        restype: Any = None
        argtypes: Any = None

    class Library:
        def __init__(self, name: str, use_last_error: bool) -> None:
            assert (name, use_last_error) == ("kernel32", True)
            self.OpenProcess, self.GetExitCodeProcess = Function(), Function()
            self.GetProcessTimes, self.CloseHandle = Function(), Function()

    monkeypatch.setattr(ctypes, "WinDLL", Library, raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: 0, raising=False)
    kernel32 = output._kernel32()
    assert kernel32.OpenProcess.restype is ctypes.c_void_p
    assert kernel32.GetExitCodeProcess.argtypes[0] is ctypes.c_void_p
    assert kernel32.GetProcessTimes.argtypes[0] is ctypes.c_void_p and len(kernel32.GetProcessTimes.argtypes) == 5
    assert kernel32.CloseHandle.argtypes == (ctypes.c_void_p,)
    assert kernel32.last_error() == 0


@pytest.mark.parametrize(
    ("processes", "started", "taken_over"),
    [
        ({}, "5", True),  # the writer is gone
        ({4242: (259, 5)}, "5", False),  # the writer still runs
        ({4242: (259, 9)}, "5", True),  # its pid now another program's (Windows reuses pids fast)
    ],
)
def test_a_lock_on_windows_is_judged_by_its_writers_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, windows: None, no_kill: None,
    processes: dict[int, tuple[int, int]], started: str, taken_over: bool,
) -> None:
    monkeypatch.setattr(output, "_kernel32", lambda: Kernel32(processes))
    monkeypatch.setattr(output, "_host", lambda: "PC-VAN-THU")
    (tmp_path / LOCK_NAME).write_text(
        json.dumps({"pid": 4242, "host": "PC-VAN-THU", "started": started}), encoding="utf-8"
    )
    if taken_over:
        assert write_all({tmp_path / "a.docx": b"a"}, force=False, sleep=Sleeps()) == [tmp_path / "a.docx"]
        assert snapshot(tmp_path) == {"a.docx": b"a"}
    else:
        monkeypatch.setattr(output, "LOCK_WAIT_SECONDS", 0.0)
        with pytest.raises(OutputError) as error:
            write_all({tmp_path / "a.docx": b"a"}, force=False, sleep=Sleeps())
        assert "Một lần chạy draftkit khác (tiến trình 4242) đang ghi" in error.value.message


# --- portable code paths


@pytest.fixture
def windows_like(monkeypatch: pytest.MonkeyPatch, windows: None, no_kill: None) -> None:
    """What Python lacks on Windows taken away, as far as Linux can go on without it."""
    for name in ("fchmod", "uname", "O_NONBLOCK", "O_NOCTTY", "O_NOFOLLOW", "getuid", "fork", "killpg"):
        monkeypatch.delattr(os, name, raising=False)
    monkeypatch.delattr(signal, "pthread_sigmask", raising=False)
    monkeypatch.setenv("COMPUTERNAME", "PC-VAN-THU")
    monkeypatch.setattr(output, "_kernel32", lambda: None)  # no ctypes.WinDLL here


def test_the_main_path_runs_without_posix_calls(tmp_path: Path, windows_like: None) -> None:
    out = tmp_path / "out"
    data = awards_file(tmp_path / "a", number=111)
    first = runner.invoke(app, ["render", str(data), "-o", str(out), "--split"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(
        app, ["render", str(awards_file(tmp_path / "b", number=222, people=5)), "-o", str(out), "--split", "--force"]
    )
    assert again.exit_code == 0, again.output
    assert decision_number(out) == list_number(out) == 222
    assert sorted(p.name for p in (out / SPLIT).iterdir()) == PEOPLE[:5]
    assert leftovers(out) == []
    assert output._host() == "PC-VAN-THU"
    checked = runner.invoke(app, ["check", str(out / "kt-quyet-dinh.docx")])
    assert checked.exit_code == 0, checked.output


def test_an_input_held_by_excel_is_named_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from draftkit.safefile import file_problem

    listing = tmp_path / "danh-sach.xlsx"
    listing.write_bytes(b"PK")
    real = Path.stat

    def stat(self: Path, **kwargs: Any) -> os.stat_result:
        if self == listing:
            raise in_use(self)
        return real(self, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    problem = file_problem(listing, "danh sách")
    assert problem is not None
    assert problem.message == "Không đọc được tệp: tệp đang được một chương trình khác mở (như Word, Excel)."


# Names Python has on POSIX only (or that mean something else on Windows: os.kill ends a
# process). Each use must sit in a function that guards it; a new one fails here until
# its Windows branch is looked at and the function added with the reason.
POSIX_ONLY = {
    "fork", "forkpty", "fchmod", "fchown", "chown", "lchown", "uname", "getuid", "geteuid", "getgid",
    "setsid", "killpg", "getpgid", "setpgrp", "mkfifo", "mknod", "statvfs", "sync", "nice",
    "O_NOFOLLOW", "O_NONBLOCK", "O_NOCTTY", "O_DIRECTORY", "O_CLOEXEC",
    "pthread_sigmask", "pthread_kill", "sigwait", "siginterrupt", "alarm", "setitimer",
    "SIGKILL", "SIGHUP", "SIGALRM", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPIPE",
    "WNOHANG", "kill",
}
POSIX_MODULES = {"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix", "syslog"}
POSIX_KEYWORDS = {"start_new_session", "preexec_fn", "pass_fds", "process_group", "restore_signals"}
GUARDED = {
    # module: {function: why it is safe on Windows}
    "output.py": {
        "_write_hidden": "hasattr(os, 'fchmod'), else os.chmod",
        "_signals_deferred": "AttributeError: no signal masks on Windows, the renames undo instead",
        "_host": "hasattr(os, 'uname'), else COMPUTERNAME",
        "_alive": "os.kill only when not _WINDOWS; OpenProcess there",
        "_flocked": "None when _WINDOWS (or no fcntl): the guard is then an O_EXCL file",
    },
    "docx_engine/_limits.py": {"_signals_blocked": "AttributeError: nothing to block on Windows"},
    "pdf.py": {"end_process_tree": "win32 returns first: taskkill /T /F ends the tree there"},
    "web/server.py": {"_private_folder": "only when os.name == 'posix': %LOCALAPPDATA% is the user's own"},
}


def posix_only_uses() -> Iterator[tuple[str, str, str]]:
    """(module, function, name) for every POSIX-only name draftkit's source uses."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = path.relative_to(SRC).as_posix()
        scopes: dict[ast.AST, str] = {}
        for node in ast.walk(tree):  # outer functions first: the innermost name wins
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for child in ast.walk(node):
                    if child is not node:
                        scopes[child] = node.name
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if node.value.id in ("os", "signal", "subprocess") and node.attr in POSIX_ONLY:
                    name = f"{node.value.id}.{node.attr}"
            elif isinstance(node, ast.Import | ast.ImportFrom):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                name = next((m for m in modules if m.split(".")[0] in POSIX_MODULES), None)
            elif isinstance(node, ast.keyword) and node.arg in POSIX_KEYWORDS:
                name = f"{node.arg}="
            if name is not None:
                yield module, scopes.get(node, "<module>"), name


def test_every_posix_only_call_sits_behind_a_guard() -> None:
    unguarded = [use for use in posix_only_uses() if use[1] not in GUARDED.get(use[0], {})]
    assert unguarded == []


def test_the_scan_finds_what_it_looks_for() -> None:
    # A scan that found nothing would pass for ever: the known, guarded uses are found.
    found = {(module, function) for module, function, _ in posix_only_uses()}
    assert found == {(m, f) for m, functions in GUARDED.items() for f in functions}
