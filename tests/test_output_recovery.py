"""Finishing a killed run never costs a clerk a file (the review of the all-or-nothing writing).

A file made after the kill where draftkit was writing is never overwritten nor dropped; a
journal this draftkit cannot read is kept, not deleted with the documents it moved aside;
two runs cannot both take over one stale lock; a failed rollback names the missing document;
an error saying that nothing changed leaves no hidden temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from draftkit import output
from draftkit.errors import OutputError
from draftkit.output import JOURNAL_NAME, LOCK_NAME, write_all

OLD = {"a.docx": b"A-old", "b.docx": b"B-old"}
NEW = {"a.docx": b"A-new", "b.docx": b"B-new", "c.docx": b"C-new"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """draftkit's hidden working files: temporary files, previous versions, lock, journal."""
    return sorted(
        p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".old", ".stale")) or p.name in (LOCK_NAME, JOURNAL_NAME)
    )


def no_sleep(seconds: float) -> None:
    """Retries are not waited for in tests."""


def replaces_failing(monkeypatch: pytest.MonkeyPatch, fails: Callable[[int], bool]) -> None:
    """os.replace (and os.rename) refuse at the renames ``fails`` picks (counted from 1)."""
    real_replace, real_rename = os.replace, os.rename
    count = 0

    def wrap(real: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        def renaming(src: Any, dst: Any) -> None:
            nonlocal count
            count += 1
            if fails(count):
                raise OSError(errno.EIO, "Input/output error", str(dst))
            real(src, dst)

        return renaming

    monkeypatch.setattr(os, "replace", wrap(real_replace))
    monkeypatch.setattr(os, "rename", wrap(real_rename))


def start(folder: Path) -> dict[Path, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in OLD.items():
        (folder / name).write_bytes(data)
    return {folder / name: data for name, data in NEW.items()}


# --- defect 6: a file made between a kill and the next run


# The renames of this job: 1 the journal, 2 a.docx aside, 3 the new a.docx in, 4 b.docx
# aside, 5 the new b.docx in, 6 the new c.docx in (c.docx is new). "Killed" at ``step``:
# that rename and every later one fail, the rollback too, as after a kill -9.
@pytest.mark.parametrize("step", range(1, 8))
def test_a_file_made_after_a_kill_is_never_overwritten_nor_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    files = start(tmp_path)
    with monkeypatch.context() as patch:
        replaces_failing(patch, lambda n: n >= step)
        with contextlib.suppress(OutputError):
            write_all(files, force=True, sleep=no_sleep)
    # The clerk (or Word, or a copy from a USB stick) makes every document that is missing.
    made = {}
    for name in NEW:
        if not (tmp_path / name).exists():
            made[name] = f"USER {name}".encode()
            (tmp_path / name).write_bytes(made[name])

    try:
        write_all({tmp_path / "z.docx": b"Z"}, force=True, sleep=no_sleep)
        message = ""
    except OutputError as error:
        message = error.message

    after = snapshot(tmp_path)
    assert leftovers(tmp_path) == []
    for name, data in made.items():
        assert after[name] == data  # never overwritten
    if step <= 2:  # the journal never written, or nothing renamed (so nothing to undo)
        assert after == {**OLD, **made, "z.docx": b"Z"} and message == ""
        return
    for name, data in NEW.items():
        if name not in made:
            assert after[name] == data  # what nobody touched is finished
    # draftkit's versions of a document made meanwhile are kept where the clerk sees them,
    # and the message names them.
    assert set(NEW.values()) <= set(after.values())
    for name in made:
        assert after[name.replace(".docx", ".ban-moi.docx")] == NEW[name]
        assert f"“{name}” (đang có; bản draftkit định ghi ở “{name.replace('.docx', '.ban-moi.docx')}”" in message
    if made:
        assert "không ghi đè và không xóa" in message
    else:
        assert message == ""
    # A document moved aside when the clerk made a new one keeps its previous version too.
    for name in made:
        if name in OLD and after.get(name.replace(".docx", ".ban-truoc.docx")) is not None:
            assert after[name.replace(".docx", ".ban-truoc.docx")] == OLD[name]
    assert [name for name in made if name in OLD] == [n for n in OLD if f"{n[0]}.ban-truoc.docx" in after]


def journal_with(folder: Path, rename: list[Any], written: Any = None, remove: list[Any] | None = None) -> None:
    content: dict[str, Any] = {"version": 3, "rename": rename, "remove": remove or []}
    if written is not None:
        content["written"] = written
    (folder / JOURNAL_NAME).write_text(json.dumps(content), encoding="utf-8")


@pytest.mark.parametrize(
    "written",
    [
        None,  # a journal of the draftkit before this change: it cannot prove anything
        {".a.docx.abcdefgh.tmp": [5, 1]},  # the file in place is not the version written
    ],
)
def test_a_previous_version_is_kept_unless_the_file_in_place_is_provably_new(tmp_path: Path, written: Any) -> None:
    backup = tmp_path / ".a.docx.abcdefgh.old"
    backup.write_bytes(b"A-old")
    recorded = [backup.stat().st_size, backup.stat().st_mtime_ns]
    (tmp_path / "a.docx").write_bytes(b"USER")  # made after the kill (the new one never came in)
    journal_with(tmp_path, [[".a.docx.abcdefgh.tmp", "a.docx", recorded, ".a.docx.abcdefgh.old"]], written)

    with pytest.raises(OutputError) as error, output.folder_lock([tmp_path]):
        output.finish_interrupted(tmp_path)

    assert snapshot(tmp_path) == {"a.ban-truoc.docx": b"A-old", "a.docx": b"USER"}
    assert "“a.docx” (đang có; bản trước ở “a.ban-truoc.docx”)" in error.value.message
    assert "giữ bản cần dùng" in (error.value.hint or "")


def test_a_visible_copy_never_takes_a_name_in_use(tmp_path: Path) -> None:
    (tmp_path / "a.ban-moi.docx").write_bytes(b"the clerk's")
    tmp = tmp_path / ".a.docx.abcdefgh.tmp"
    tmp.write_bytes(b"A-new")
    (tmp_path / "a.docx").write_bytes(b"USER")
    journal_with(tmp_path, [[tmp.name, "a.docx", None, None]], {tmp.name: [5, 1]})

    with pytest.raises(OutputError), output.folder_lock([tmp_path]):
        output.finish_interrupted(tmp_path)

    assert snapshot(tmp_path) == {"a.ban-moi-2.docx": b"A-new", "a.ban-moi.docx": b"the clerk's", "a.docx": b"USER"}


# --- defect 7: a journal this draftkit cannot read


@pytest.mark.parametrize(
    "text",
    [
        json.dumps({"version": 4, "steps": [{"from": ".a.docx.abcdefgh.old", "to": "a.docx"}]}),  # a newer draftkit
        json.dumps({"rename": [[".a.docx.abcdefgh.tmp", "a.docx", None]]}),  # no version
        "[]",
        '{"version": 3, "rename": [',  # cut short
        "\udcff",  # not UTF-8 (written below as a lone byte)
    ],
)
def test_a_journal_it_cannot_read_is_kept_and_the_document_comes_back(tmp_path: Path, text: str) -> None:
    journal = tmp_path / JOURNAL_NAME
    journal.write_bytes(text.encode("utf-8", "surrogateescape"))
    (tmp_path / ".a.docx.abcdefgh.old").write_bytes(b"A-old")  # a.docx moved aside by the killed run
    before = snapshot(tmp_path)

    with pytest.raises(OutputError) as error:
        write_all({tmp_path / "z.docx": b"Z"}, force=True, sleep=no_sleep)

    assert snapshot(tmp_path) == before  # the journal and the previous version are kept
    assert f"Thư mục “{tmp_path}” có tệp “{JOURNAL_NAME}”" in error.value.message
    assert "không đọc được" in error.value.message
    assert f"xóa tệp “{journal}” rồi chạy lại" in (error.value.hint or "")

    journal.unlink()  # what the hint says, once the clerk has looked
    write_all({tmp_path / "z.docx": b"Z"}, force=True, sleep=no_sleep)
    assert snapshot(tmp_path) == {"a.docx": b"A-old", "z.docx": b"Z"}


def test_a_previous_version_outside_a_journal_is_never_dropped(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"A-now")
    (tmp_path / ".a.docx.abcdefgh.old").write_bytes(b"A-old")
    (tmp_path / ".notes.txt.abcdefgh.old").write_bytes(b"not ours")
    write_all({tmp_path / "z.docx": b"Z"}, force=True, sleep=no_sleep)
    assert snapshot(tmp_path) == {
        ".a.docx.abcdefgh.old": b"A-old",
        ".notes.txt.abcdefgh.old": b"not ours",
        "a.docx": b"A-now",
        "z.docx": b"Z",
    }


# --- defect 8: two runs and one stale lock


def test_a_stale_lock_taken_over_by_another_run_meanwhile_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run B judges the lock of a dead run stale; before B renames it, run A (alive) has
    taken it over and written its own. B must find that out and leave A's lock be."""
    lock = tmp_path / LOCK_NAME
    lock.write_text(json.dumps({"pid": 2**22 + 12345, "host": output._host(), "started": "1"}), encoding="utf-8")
    theirs = json.dumps({"pid": os.getppid(), "host": output._host(), "started": output._process_start(os.getppid())})
    real = output._lock_is_stale
    interleaved = []

    def stale(path: Path, content: dict[str, Any]) -> bool:
        verdict = real(path, content)
        if verdict and not interleaved:  # run A, a moment earlier, took the stale lock over
            path.unlink()
            path.write_text(theirs, encoding="utf-8")
            interleaved.append(True)
        return verdict

    monkeypatch.setattr(output, "_lock_is_stale", stale)
    monkeypatch.setattr(output.time, "sleep", no_sleep)
    with pytest.raises(OutputError) as error, output.folder_lock([tmp_path], wait=0):
        pass
    assert interleaved
    assert f"(tiến trình {os.getppid()}) đang ghi vào thư mục" in error.value.message
    assert lock.read_text(encoding="utf-8") == theirs
    assert leftovers(tmp_path) == [LOCK_NAME]


def test_the_stale_lock_itself_is_still_taken_over(tmp_path: Path) -> None:
    lock = tmp_path / LOCK_NAME
    lock.write_text(json.dumps({"pid": 2**22 + 12345, "host": output._host(), "started": "1"}), encoding="utf-8")
    with output.folder_lock([tmp_path], wait=0):
        assert json.loads(lock.read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert leftovers(tmp_path) == []


# --- defect 9: a rollback that fails names the missing document


# Rename 1 is the journal; ``step`` fails, and so does the first rename of the rollback.
@pytest.mark.parametrize(
    ("step", "missing"),
    [(3, "a.docx"), (5, "b.docx"), (4, None), (6, None)],
)
def test_a_failed_rollback_names_the_missing_document_and_its_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int, missing: str | None
) -> None:
    files = start(tmp_path)
    with monkeypatch.context() as patch:
        replaces_failing(patch, lambda n: n in (step, step + 1))
        with pytest.raises(OutputError) as error:
            write_all(files, force=True, sleep=no_sleep)
    message = error.value.message
    assert "lần chạy sau vào thư mục này sẽ ghi nốt" in message
    if missing is None:
        assert "thiếu" not in message
        return
    assert not (tmp_path / missing).exists()
    (backup,) = tmp_path.glob(f".{missing}.*.old")
    assert backup.read_bytes() == OLD[missing]
    assert f"Hiện đang thiếu tệp “{tmp_path / missing}” (bản trước của nó nằm ở tệp ẩn “{backup}”)." in message


# --- defect 10: "nothing changed" leaves nothing behind


def test_word_opening_a_document_while_the_job_is_written_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = start(tmp_path)
    probes: list[Path] = []

    def probe(path: Path) -> None:
        probes.append(path)
        if len(probes) > len(files) and path.name == "b.docx":  # the second probe, after staging
            error = PermissionError(errno.EACCES, "in use", str(path))
            error.winerror = 32  # type: ignore[attr-defined]
            raise error

    monkeypatch.setattr(output, "_probe", probe)
    with pytest.raises(OutputError) as error:
        write_all(files, force=True, sleep=no_sleep)
    assert "Chưa có tệp nào bị thay đổi." in (error.value.hint or "")
    assert snapshot(tmp_path) == OLD


def test_ctrl_c_before_the_renames_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = start(tmp_path)

    @contextlib.contextmanager
    def interrupted() -> Iterator[None]:
        raise KeyboardInterrupt  # Ctrl-C a moment before the signals are held back
        yield  # pragma: no cover

    monkeypatch.setattr(output, "_signals_deferred", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_all(files, force=True, sleep=no_sleep)
    assert snapshot(tmp_path) == OLD


# --- defect 12: one wording for a job left to the next run


def test_a_resumed_job_that_stops_again_says_the_same_thing_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = start(tmp_path)
    with monkeypatch.context() as patch:
        replaces_failing(patch, lambda n: n >= 3)  # killed with a.docx moved aside
        with pytest.raises(OutputError):
            write_all(files, force=True, sleep=no_sleep)
    note = f"Lần ghi trước vào “{tmp_path}” bị dừng giữa chừng; lần chạy sau vào thư mục này sẽ ghi nốt."

    def in_use(path: object) -> PermissionError:
        error = PermissionError(errno.EACCES, "in use", str(path))
        error.winerror = 32  # type: ignore[attr-defined]
        return error

    def probe(path: Path) -> None:
        if path.name == "b.docx":
            raise in_use(path)

    hints = []
    with monkeypatch.context() as patch:  # b.docx open in Word: refused by the probe
        patch.setattr(output, "_probe", probe)
        with pytest.raises(OutputError) as refused, output.folder_lock([tmp_path]):
            output.finish_interrupted(tmp_path, no_sleep)
        hints.append(refused.value.hint or "")
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst).name == "a.docx":
            raise in_use(dst)
        real(src, dst)

    with monkeypatch.context() as patch:  # a.docx held when its previous version goes back
        patch.setattr(os, "replace", replace)
        with pytest.raises(OutputError) as stopped, output.folder_lock([tmp_path]):
            output.finish_interrupted(tmp_path, no_sleep)
        hints.append(stopped.value.hint or "")
    assert all(hint.endswith(note) or note in hint for hint in hints)
    assert [hint.count("bị dừng giữa chừng") for hint in hints] == [1, 1]


def test_a_journal_left_by_an_earlier_run_does_not_keep_this_jobs_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The previous version an earlier run could not drop (a scanner held it) keeps that
    run's journal; a job stopped before its own journal must still drop its temporaries."""
    files = start(tmp_path)
    (tmp_path / ".a.docx.abcdefgh.old").write_bytes(b"A-older")
    a = tmp_path / "a.docx"
    journal_with(
        tmp_path,
        [[".a.docx.abcdefgh.tmp", "a.docx", [7, 1], ".a.docx.abcdefgh.old"]],
        {".a.docx.abcdefgh.tmp": [a.stat().st_size, a.stat().st_mtime_ns]},
    )
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith(".old"):
            raise PermissionError(errno.EACCES, "held by a scanner", str(self))
        real_unlink(self, missing_ok=missing_ok)

    probes: list[Path] = []

    def probe(path: Path) -> None:
        probes.append(path)
        if len(probes) > len(files):
            raise PermissionError(errno.EACCES, "in use", str(path))

    monkeypatch.setattr(Path, "unlink", unlink)
    monkeypatch.setattr(output, "_probe", probe)
    with pytest.raises(OutputError) as error:
        write_all(files, force=True, sleep=no_sleep)
    assert "Chưa có tệp nào bị thay đổi." in error.value.message + (error.value.hint or "")
    assert snapshot(tmp_path) == {**OLD, ".a.docx.abcdefgh.old": b"A-older", JOURNAL_NAME: snapshot(tmp_path)[JOURNAL_NAME]}


def test_a_document_in_a_subfolder_is_named_with_its_subfolder(tmp_path: Path) -> None:
    sub = tmp_path / "kt-giay-khen"
    sub.mkdir()
    (sub / ".01-a.docx.abcdefgh.tmp").write_bytes(b"new certificate")
    (sub / "01-a.docx").write_bytes(b"USER")
    journal_with(tmp_path, [["kt-giay-khen/.01-a.docx.abcdefgh.tmp", "kt-giay-khen/01-a.docx", None, None]])

    with pytest.raises(OutputError) as error, output.folder_lock([tmp_path]):
        output.finish_interrupted(tmp_path)

    assert "“kt-giay-khen/01-a.docx” (đang có; bản draftkit định ghi ở “kt-giay-khen/01-a.ban-moi.docx”)" in (
        error.value.message
    )
    assert snapshot(sub) == {"01-a.ban-moi.docx": b"new certificate", "01-a.docx": b"USER"}
    assert leftovers(tmp_path) == []


def test_a_lock_that_is_not_the_one_judged_stale_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = tmp_path / LOCK_NAME
    lock.write_text("run A", encoding="utf-8")  # A's lock, not the stale one that was judged
    moved = []
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        moved.append((src, dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert output._take_over(lock, (11, 1, b"the stale one"), b"run B") is False
    assert lock.read_text(encoding="utf-8") == "run A"
    assert moved == []
    assert leftovers(tmp_path) == [LOCK_NAME]
