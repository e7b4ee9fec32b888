"""Files and processes: what draftkit leaves on disk when runs collide, crash or are stopped.

Subprocesses run the real CLI where a signal, a kill or a second process is the point; they
wait on conditions (a file appearing, a process ending) with generous bounds, never on time.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from typer.testing import CliRunner

from conftest import EXAMPLES
from draftkit import output
from draftkit.cli import app
from draftkit.errors import OutputError, Terminated
from draftkit.output import (
    JOURNAL_NAME,
    LOCK_NAME,
    manifest_path,
    read_manifest,
    write_all,
    write_atomic,
)

AWARDS = EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml"
STEM = "kt"
DECISION = f"{STEM}-quyet-dinh.docx"
LIST = f"{STEM}-danh-sach.docx"
CERTIFICATES = f"{STEM}-giay-khen.docx"
SPLIT = f"{STEM}-giay-khen"
PEOPLE = [
    "01-uy-ban-nhan-dan-xa-ngoc-trung.docx",
    "02-ban-chi-huy-quan-su-xa-thuy-son.docx",
    "03-cong-an-thi-tran-ngoc-lac.docx",
    "04-le-van-binh.docx",
    "05-pham-thi-anh.docx",
    "06-do-van-an.docx",
    "07-hoang-thi-dao.docx",
]
TIMEOUT = 120  # an upper bound on waiting for a subprocess, never an assertion

runner = CliRunner()


# --- helpers


def awards_file(folder: Path, *, number: int = 3150, people: int = 7, name: str = STEM) -> Path:
    """The Ngọc Lặc round as ``folder/NAME.yaml``, with its number and first ``people``."""
    data = yaml.safe_load(AWARDS.read_text(encoding="utf-8"))
    data["number"] = number
    data["awardees"] = data["awardees"][:people]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return [p.text for p in document.paragraphs] + cells


def decision_number(out: Path) -> int:
    found = [t for t in texts(out / DECISION) if t.startswith("Số: ")]
    assert found, "no number line in the decision"
    return int(found[0].removeprefix("Số: ").split("/")[0])


def list_number(out: Path) -> int:
    found = [t for t in texts(out / LIST) if "Kèm theo Quyết định số " in t]
    assert found, "no reference to the decision in the list"
    return int(found[0].split("Kèm theo Quyết định số ")[1].split("/")[0])


def leftovers(folder: Path) -> list[str]:
    """draftkit's own working files: temporary files, locks, journals."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.name.endswith(".tmp")
        or p.name in (LOCK_NAME, JOURNAL_NAME)
        or p.name.endswith(".stale")
    )


def env() -> dict[str, str]:
    return {
        **os.environ,
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "200",
        "PYTHONUNBUFFERED": "1",
    }


def run_cli(*args: str | Path, prelude: str = "") -> subprocess.CompletedProcess[str]:
    """``draftkit ARGS`` in a fresh process, after ``prelude`` (Python run before main())."""
    script = (
        textwrap.dedent(prelude)
        + "\nimport sys\nfrom draftkit.cli import main\nsys.argv = ['draftkit', *sys.argv[1:]]\nmain()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        env=env(),
        timeout=TIMEOUT,
        check=False,
    )


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


# --- --split --force removes only what draftkit wrote


@pytest.mark.parametrize(
    "own",
    ["99-danh-ba-can-bo.docx", "01-ke-hoach.docx", "08-nguoi-moi.docx", "100-ban-ky-tay.docx"],
)
def test_split_force_keeps_the_offices_files_that_look_like_certificates(
    tmp_path: Path, own: str
) -> None:
    out = tmp_path / "out"
    assert (
        runner.invoke(
            app, ["render", str(awards_file(tmp_path)), "-o", str(out), "--split"]
        ).exit_code
        == 0
    )
    folder = out / SPLIT
    assert sorted(read_manifest(folder)) == PEOPLE
    (folder / own).write_bytes(b"the office's own file")

    fewer = awards_file(tmp_path, people=4)
    result = runner.invoke(app, ["render", str(fewer), "-o", str(out), "--split", "--force"])

    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.glob("*.docx"))
    assert names == sorted([*PEOPLE[:4], own])  # 05..07 were draftkit's: gone
    assert (folder / own).read_bytes() == b"the office's own file"
    assert "không do draftkit ghi nên được giữ nguyên" in result.output and own in result.output
    assert sorted(read_manifest(folder)) == PEOPLE[:4]
    assert (
        manifest_path(folder).name not in result.output
    )  # draftkit's bookkeeping is not announced
    assert [
        p.name for p in folder.iterdir() if p.suffix != ".docx"
    ] == []  # the folder: certificates only


def test_files_named_like_certificates_without_a_manifest_are_refused_then_kept(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    folder = out / SPLIT
    folder.mkdir(parents=True)
    (folder / "09-ban-cu.docx").write_bytes(b"kept")
    data = awards_file(tmp_path, people=2)

    refused = runner.invoke(app, ["render", str(data), "-o", str(out), "--split"])
    assert refused.exit_code == 1
    assert "đặt tên như giấy khen tách riêng (09-ban-cu.docx)" in refused.output
    assert not (out / DECISION).exists()

    forced = runner.invoke(app, ["render", str(data), "-o", str(out), "--split", "--force"])
    assert forced.exit_code == 0, forced.output
    assert (folder / "09-ban-cu.docx").read_bytes() == b"kept"
    assert sorted(p.name for p in folder.glob("*.docx")) == sorted([*PEOPLE[:2], "09-ban-cu.docx"])


@pytest.mark.parametrize(
    "entry",
    [
        "../kt.yaml",
        "/etc/hostname",
        "../../outside.docx",
        "sub/01-x.docx",
        "..",
        "",
        5,
        None,
        ["01-x.docx"],
    ],
)
def test_a_manifest_cannot_point_outside_its_folder(tmp_path: Path, entry: Any) -> None:
    out = tmp_path / "out"
    data = awards_file(out)  # the data file sits in the output folder, one level above
    (tmp_path / "outside.docx").write_bytes(b"outside")
    folder = out / SPLIT
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "01-x.docx").write_bytes(b"nested")
    manifest_path(folder).write_text(json.dumps({"files": [entry]}), encoding="utf-8")

    assert read_manifest(folder) == []
    result = runner.invoke(app, ["render", str(data), "-o", str(out), "--split", "--force"])

    assert result.exit_code == 0, result.output
    assert (
        data.exists()
        and (tmp_path / "outside.docx").exists()
        and (folder / "sub" / "01-x.docx").exists()
    )


# --- two runs into one folder


def _held_lock(folder: Path, **content: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    lock.write_text(json.dumps(content), encoding="utf-8")
    return lock


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(TIMEOUT)
    return child.pid


@pytest.mark.parametrize(
    ("content", "old"),
    [
        pytest.param(
            lambda: {"pid": _dead_pid(), "host": output._host()}, False, id="killed-process"
        ),
        pytest.param(
            lambda: {"pid": os.getpid(), "host": output._host(), "started": "0"},
            False,
            id="pid-reused",
        ),
        pytest.param(
            lambda: {"pid": 1, "host": "another-machine"}, True, id="old-lock-from-another-machine"
        ),
        pytest.param(
            lambda: {"pid": os.getpid(), "host": output._host()}, True, id="old-lock-of-a-live-pid"
        ),
        pytest.param(lambda: {}, True, id="unreadable-old-lock"),
    ],
)
def test_a_stale_lock_is_taken_over(
    tmp_path: Path, content: Callable[[], dict[str, Any]], old: bool
) -> None:
    out = tmp_path / "out"
    lock = _held_lock(out, **content())
    if old:
        past = time.time() - 2 * output.LOCK_STALE_SECONDS
        os.utime(lock, (past, past))

    result = runner.invoke(app, ["render", str(awards_file(tmp_path)), "-o", str(out)])

    assert result.exit_code == 0, result.output
    assert decision_number(out) == 3150
    assert leftovers(out) == []  # the lock is gone once the run ends


def test_a_live_lock_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    # This very process holds it, as another draftkit would while writing.
    lock = _held_lock(
        out, pid=os.getpid(), host=output._host(), started=output._process_start(os.getpid())
    )
    monkeypatch.setattr(output, "LOCK_WAIT_SECONDS", 0.0)

    result = runner.invoke(app, ["render", str(awards_file(tmp_path)), "-o", str(out)])

    assert result.exit_code == 1
    assert (
        f"Một lần chạy draftkit khác (tiến trình {os.getpid()}) đang ghi vào thư mục"
        in result.output
    )
    assert str(lock) in result.output  # how to clear it if it is left over
    assert lock.exists() and not (out / DECISION).exists()


@pytest.mark.parametrize(
    "wait",
    [
        "output.LOCK_WAIT_SECONDS = 0",  # would give up at once if it found the lock
        "",  # waits for the other run's renames
    ],
)
def test_two_renders_at_once_never_both_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wait: str) -> None:
    out = tmp_path / "out"
    first = awards_file(tmp_path / "a", number=111)
    second = awards_file(tmp_path / "b", number=222)
    real = output._write_temporary
    other: list[subprocess.Popen[str]] = []

    def meanwhile(path: Path, data: bytes) -> Path:
        # The first run has checked that nothing is there and is writing its temporary
        # files (without the lock, which it takes only for the renames): a second run starts.
        if not other:
            other.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        f"from draftkit import output\n{wait}\nfrom draftkit.cli import main\nmain()",
                        "render",
                        str(second),
                        "-o",
                        str(out),
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    env=env(),
                )
            )
            if wait:
                other[0].wait(TIMEOUT)  # it ends while the first run still writes
        return real(path, data)

    monkeypatch.setattr(output, "_write_temporary", meanwhile)
    result = runner.invoke(app, ["render", str(first), "-o", str(out)])
    monkeypatch.undo()
    late_output, _ = other[0].communicate(timeout=TIMEOUT)

    # One run writes all its documents; the other finds them under the lock and refuses.
    assert sorted([result.exit_code, other[0].returncode]) == [0, 1], (result.output, late_output)
    winner, loser = (111, late_output) if result.exit_code == 0 else (222, result.output)
    assert "Tệp đã có" in loser and "Không ghi đè" in loser
    assert decision_number(out) == list_number(out) == winner
    assert leftovers(out) == []


# --- a crash between the renames


CRASH = """
import os
from pathlib import Path
real = os.replace
seen = 0
def replace(src, dst):
    global seen
    if Path(dst).parent.resolve() == Path({out!r}).resolve():
        seen += 1
        if seen > {renames}:
            os._exit(137)  # kill -9: no clean-up at all
    return real(src, dst)
os.replace = replace
"""


@pytest.mark.parametrize("renames", [0, 1, 2, 3])
def test_a_crash_between_renames_never_leaves_a_new_decision_beside_an_old_list(
    tmp_path: Path, renames: int
) -> None:
    """Killed at the journal's rename (0), or after it (1), after it and the decision (2), the list (3)."""
    out = tmp_path / "out"
    assert (
        runner.invoke(
            app, ["render", str(awards_file(tmp_path / "old", number=111)), "-o", str(out)]
        ).exit_code
        == 0
    )
    new = awards_file(tmp_path / "new", number=222)

    crashed = run_cli(
        "render", new, "-o", out, "--force", prelude=CRASH.format(out=str(out), renames=renames)
    )
    assert crashed.returncode == 137

    # The next run into the folder, whatever it is, first puts the folder right.
    again = run_cli("render", new, "-o", out)

    assert again.returncode == 1 and "Tệp đã có" in again.stderr  # no --force: nothing overwritten
    expected = 111 if renames == 0 else 222  # before the journal: the old set; after: the new one
    assert decision_number(out) == list_number(out) == expected
    assert leftovers(out) == []


def test_a_crash_in_a_split_run_is_finished_with_its_removals(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = runner.invoke(
        app, ["render", str(awards_file(tmp_path / "old", number=111)), "-o", str(out), "--split"]
    )
    assert first.exit_code == 0, first.output
    (out / SPLIT / "99-ban-ky-tay.docx").write_bytes(b"signed by hand")
    new = awards_file(tmp_path / "new", number=222, people=4)
    crash = CRASH.format(out=str(out), renames=3)  # the journal, the old decision aside, the new one in

    assert run_cli("render", new, "-o", out, "--split", "--force", prelude=crash).returncode == 137
    assert (out / SPLIT / PEOPLE[6]).exists()  # mid-crash: the old certificates are still there
    again = run_cli("render", new, "-o", out, "--split")

    assert again.returncode == 1, again.stderr
    assert decision_number(out) == list_number(out) == 222
    assert sorted(p.name for p in (out / SPLIT).glob("*.docx")) == sorted(
        [*PEOPLE[:4], "99-ban-ky-tay.docx"]
    )
    assert sorted(read_manifest(out / SPLIT)) == PEOPLE[:4]
    assert leftovers(out) == []


def test_a_journal_for_a_subfolder_is_finished_by_a_job_writing_there_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "sub" / ".a.docx.abcdefgh.tmp").write_bytes(b"pending")
    (out / JOURNAL_NAME).write_text(
        json.dumps({"version": 2, "rename": [["sub/.a.docx.abcdefgh.tmp", "sub/a.docx", None]]}), encoding="utf-8"
    )
    monkeypatch.setattr(output, "LOCK_WAIT_SECONDS", 0.0)  # its own lock must not stop it

    written = write_all({out / "x.docx": b"x", out / "sub" / "y.docx": b"y"}, force=False)

    assert written == [out / "x.docx", out / "sub" / "y.docx"]
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.docx")} == {
        "x.docx": b"x",
        "sub/a.docx": b"pending",
        "sub/y.docx": b"y",
    }
    assert leftovers(out) == []


@pytest.mark.parametrize(
    "journal",
    [
        {"version": 2, "rename": [["../outside.docx", "a.docx", None]]},
        {"version": 2, "rename": [["victim.docx", "a.docx", None]]},  # not a temporary file of draftkit's naming
        {"version": 2, "rename": [[".a.docx.abcdefgh.tmp", "/tmp/elsewhere.docx", None]]},
        {"version": 2, "rename": [[".a.docx.abcdefgh.tmp", "C:a.docx", None]]},  # a Windows drive
        {"version": 2, "rename": [[".a.docx.abcdefgh.tmp", "sub/a.docx", None]]},  # only beside itself
        {"version": 2, "rename": [[".a.docx.abcdefgh.tmp", "a.docx"]]},  # no recorded state
        {"version": 2, "remove": [["../outside.docx", None], ["/etc/hostname", None], ["~/x", None]]},
        {"version": 2, "remove": [["victim.docx", None]]},  # no recorded state: never removed
        {"version": 2, "remove": [["victim.docx", [6, 1]]]},  # the file is not as recorded
        {"version": 2, "remove": [["link/outside.docx", None]]},  # a link out of the folder
        {"version": 2, "remove": [["x" * 5000, [1, 1]], [".draftkit.lock", [1, 1]]]},
        {"version": 2, "rename": "nonsense", "remove": {"a": 1}},
        # A journal without a known version is refused and kept: tests/test_output_recovery.py.
    ],
)
def test_a_journal_acts_only_on_its_own_files(tmp_path: Path, journal: Any) -> None:
    folder = tmp_path / "out"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "outside.docx").write_bytes(b"outside")
    (folder / "victim.docx").write_bytes(b"victim")
    (folder / ".a.docx.abcdefgh.tmp").write_bytes(b"pending")
    (folder / "link").symlink_to(tmp_path)
    (folder / JOURNAL_NAME).write_text(json.dumps(journal), encoding="utf-8")
    before = {
        p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.name != JOURNAL_NAME
    }

    assert output.finish_interrupted(folder) == []

    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # nothing moved, nothing removed; the journal itself is dropped


def test_a_file_edited_after_the_kill_is_never_replaced(tmp_path: Path) -> None:
    """The clerk opened the old list in Word and saved it after a run was killed: the next
    run finishes only what nobody touched, and drops the killed run's version of the rest."""
    folder = tmp_path / "out"
    folder.mkdir()
    decision, listing = folder / "kt-quyet-dinh.docx", folder / "kt-danh-sach.docx"
    decision.write_bytes(b"old decision")
    listing.write_bytes(b"old list")
    staged = []
    for path, data in ((decision, b"new decision"), (listing, b"new list")):
        tmp = folder / f".{path.name}.abcdefgh.tmp"
        tmp.write_bytes(data)
        staged.append((tmp, path))
    output._write_journal(folder, staged, [])
    listing.write_bytes(b"list edited by the clerk")  # after the kill, before the next run

    assert output.finish_interrupted(folder) == [decision]
    assert decision.read_bytes() == b"new decision"
    assert listing.read_bytes() == b"list edited by the clerk"
    assert sorted(p.name for p in folder.iterdir()) == ["kt-danh-sach.docx", "kt-quyet-dinh.docx"]


def test_an_interrupted_job_is_finished_and_said_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        runner.invoke(
            app, ["render", str(awards_file(tmp_path / "old", number=111)), "-o", str(out)]
        ).exit_code
        == 0
    )
    new = awards_file(tmp_path / "new", number=222)
    assert (
        run_cli(
            # The journal, the old decision moved aside, the new one in: killed at the list.
            "render", new, "-o", out, "--force", prelude=CRASH.format(out=str(out), renames=3)
        ).returncode
        == 137
    )

    other = runner.invoke(
        app, ["render", str(awards_file(tmp_path / "new", name="dot-2")), "-o", str(out)]
    )

    assert other.exit_code == 0, other.output
    assert (
        f"lần ghi trước vào thư mục {out} bị dừng giữa chừng; đã ghi nốt: {LIST}, {CERTIFICATES}."
        in other.output
    )
    assert decision_number(out) == list_number(out) == 222
    assert leftovers(out) == []


def test_a_journal_that_cannot_be_written_leaves_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.docx").write_bytes(b"old")

    def full(*args: Any) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "_write_journal", full)
    with pytest.raises(OutputError) as error:
        write_all({tmp_path / "a.docx": b"new", tmp_path / "b.docx": b"new"}, force=True)

    assert "ổ đĩa đã đầy" in error.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]
    assert (tmp_path / "a.docx").read_bytes() == b"old"


def test_a_failed_rename_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {tmp_path / f"{name}.docx": name.encode() for name in ("a", "b", "c")}
    real = os.replace
    calls = 0

    def failing(src: Any, dst: Any) -> None:
        nonlocal calls
        calls += 1
        if calls >= 3:  # the journal, a.docx, then b.docx fails, and so does a.docx's undo
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError) as error:
        write_all(files, force=False)
    monkeypatch.undo()
    assert "lần chạy sau vào thư mục này sẽ ghi nốt" in error.value.message
    assert (tmp_path / JOURNAL_NAME).exists()

    with pytest.raises(OutputError):
        write_all(files, force=False)  # finishes the old job first, then finds the files there
    assert {p.name: p.read_bytes() for p in files} == {
        "a.docx": b"a",
        "b.docx": b"b",
        "c.docx": b"c",
    }
    assert leftovers(tmp_path) == []


# --- SIGTERM and Ctrl-C


STOP_WHILE = """
import os, signal
from draftkit import output
real_stage, real_replace = output._write_temporary, os.replace
count = 0
def stage(path, data):
    global count
    count += 1
    if {when!r} == "staging" and count == 2:
        os.kill(os.getpid(), signal.{signal})
    return real_stage(path, data)
def replace(src, dst):
    real_replace(src, dst)
    if {when!r} == "renaming" and str(dst).endswith("-quyet-dinh.docx"):
        os.kill(os.getpid(), signal.{signal})
output._write_temporary = stage
os.replace = replace
"""


@pytest.mark.parametrize(
    ("name", "code", "message"), [("SIGTERM", 143, "SIGTERM"), ("SIGINT", 130, "Ctrl-C")]
)
@pytest.mark.parametrize("when", ["staging", "renaming"])
def test_a_stopped_render_leaves_all_or_nothing(
    tmp_path: Path, name: str, code: int, message: str, when: str
) -> None:
    out = tmp_path / "out"
    stopped = run_cli(
        "render",
        awards_file(tmp_path),
        "-o",
        out,
        "--split",
        prelude=STOP_WHILE.format(when=when, signal=name),
    )

    assert stopped.returncode == code, stopped.stderr
    assert message in stopped.stderr and "Traceback" not in stopped.stderr
    assert leftovers(out) == []
    written = sorted(p.name for p in out.rglob("*.docx"))
    if when == "staging":
        assert written == []  # stopped before any rename
    else:
        # Signals wait for the renames: the whole set is there, not a decision alone.
        assert written == sorted([CERTIFICATES, DECISION, LIST, *PEOPLE])


def test_sigterm_in_the_interview_keeps_the_draft(tmp_path: Path) -> None:
    out = tmp_path / "out"
    answers = [
        "",
        "UBND TỈNH THANH HÓA",
        "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
        "UBND",
        "Ngọc Lặc",
        "285",
    ]
    process = subprocess.Popen(
        [sys.executable, "-m", "draftkit", "new-report", "-o", str(out), "--name", "bc"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    assert process.stdin is not None
    process.stdin.write("\n".join(answers) + "\n")
    process.stdin.flush()
    draft = out / "bc.draft.yaml"
    wait_for(
        lambda: draft.exists() and "285" in draft.read_text(encoding="utf-8"),
        "the draft with the number",
    )

    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=TIMEOUT)

    assert process.returncode == 143, stderr
    assert "Đã dừng vì nhận tín hiệu kết thúc (SIGTERM)." in stderr and "Traceback" not in stderr
    assert f"bản nháp {draft}" in stdout
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert data["issuer"]["place"] == "Ngọc Lặc" and data["number"] == 285
    assert leftovers(out) == [] and sorted(p.name for p in out.iterdir()) == ["bc.draft.yaml"]


# --- file modes


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077, 0o027])
def test_new_documents_follow_the_umask(tmp_path: Path, mask: int) -> None:
    out = tmp_path / "out"
    with umask(mask):
        result = runner.invoke(
            app, ["render", str(awards_file(tmp_path)), "-o", str(out), "--split"]
        )
        write_atomic(out / "ban-nhap.draft.yaml", b"version: 1\n")
    assert result.exit_code == 0, result.output
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    assert modes and set(modes.values()) == {0o666 & ~mask}, modes


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o444])
def test_force_keeps_the_replaced_files_mode(tmp_path: Path, mode: int) -> None:
    out = tmp_path / "out"
    data = awards_file(tmp_path)
    assert runner.invoke(app, ["render", str(data), "-o", str(out)]).exit_code == 0
    (out / DECISION).chmod(mode)
    with umask(0o022):
        result = runner.invoke(
            app, ["render", str(awards_file(tmp_path, number=4000)), "-o", str(out), "--force"]
        )
    assert result.exit_code == 0, result.output
    assert decision_number(out) == 4000
    assert stat.S_IMODE((out / DECISION).stat().st_mode) == mode
    assert stat.S_IMODE((out / LIST).stat().st_mode) == 0o644


# --- drafts of the other kind


DRAFTS = {
    "awards": "version: 1\ndocument: awards\nnumber: 12\nreason: đã có thành tích\n",
    "report": "version: 1\ndocument: report\nnumber: 285\ntitle: Tổng kết năm 2023\n",
}


@pytest.mark.parametrize(
    ("command", "draft_kind", "owner"),
    [("new-report", "awards", "new-awards"), ("new-awards", "report", "new-report")],
)
@pytest.mark.parametrize("how", ["--resume", "--name"])
def test_a_draft_of_the_other_kind_is_named_and_never_overwritten(
    tmp_path: Path, command: str, draft_kind: str, owner: str, how: str
) -> None:
    draft = tmp_path / "dot-1.draft.yaml"
    draft.write_text(DRAFTS[draft_kind], encoding="utf-8")
    args = (
        [command, "--resume", str(draft)]
        if how == "--resume"
        else [command, "-o", str(tmp_path), "--name", "dot-1"]
    )

    result = runner.invoke(app, args, input="k\nc\n\n")

    assert result.exit_code == 1, result.output
    assert (
        f"Bản nháp này là của lệnh “draftkit {owner}”, không phải “draftkit {command}”"
        in result.output
    )
    assert f"draftkit {owner} --resume {draft}" in result.output
    assert draft.read_text(encoding="utf-8") == DRAFTS[draft_kind]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dot-1.draft.yaml"]


# --- end of input is not Ctrl-C; `profile` never says "Aborted!"


@pytest.mark.parametrize("command", ["new-report", "new-awards"])
@pytest.mark.parametrize("lines", [0, 2, 6])
def test_end_of_input_in_an_interview_has_its_own_message(
    tmp_path: Path, command: str, lines: int
) -> None:
    answers = [
        "",
        "UBND TỈNH THANH HÓA",
        "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
        "UBND",
        "Ngọc Lặc",
        "285",
    ][:lines]
    result = runner.invoke(
        app,
        [command, "-o", str(tmp_path), "--name", "dot"],
        input="".join(a + "\n" for a in answers),
    )

    assert result.exit_code == 1, result.output
    assert "Dữ liệu vào đã hết (EOF)" in result.output
    assert "(Ctrl-C)" not in result.output and "Aborted" not in result.output
    draft = tmp_path / "dot.draft.yaml"
    if lines:
        assert (
            f"Để tiếp tục, gõ lệnh draftkit {command} --resume {draft}" in result.output and draft.exists()
        )
    else:
        assert "Chưa có câu trả lời nào được lưu." in result.output


class _Reader:
    """A terminal reader that answers, then stops the way ``stop`` says."""

    def __init__(self, answers: list[str], stop: BaseException) -> None:
        self.answers = answers
        self.stop = stop

    def __call__(self, prompt: Any) -> str:
        if not self.answers:
            raise self.stop
        return self.answers.pop(0)


@pytest.mark.parametrize(
    ("stop", "code", "message"),
    [
        (
            EOFError(),
            1,
            "Dữ liệu vào đã hết (EOF) khi chưa trả lời xong; hồ sơ cơ quan không thay đổi.",
        ),
        (KeyboardInterrupt(), 130, "Đã dừng theo yêu cầu (Ctrl-C)."),
        (Terminated(), 143, "Đã dừng vì nhận tín hiệu kết thúc (SIGTERM)."),
    ],
)
@pytest.mark.parametrize("answered", [0, 3])
@pytest.mark.parametrize("existing", [False, True])
def test_profile_never_prints_aborted(
    monkeypatch: pytest.MonkeyPatch,
    private_config_home: Path,
    stop: BaseException,
    code: int,
    message: str,
    answered: int,
    existing: bool,
) -> None:
    from draftkit.interview import office
    from draftkit.profile import profile_path, save_profile

    if existing:
        save_profile(profile_path(), {"style": "party"})
    before = {p: p.read_bytes() for p in private_config_home.rglob("*") if p.is_file()}
    reader = _Reader(["", "UBND TỈNH THANH HÓA", "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC"][:answered], stop)
    monkeypatch.setattr(office, "terminal_reader", lambda console, stream: reader)

    result = runner.invoke(app, ["profile"])

    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Aborted" not in result.output and "Traceback" not in result.output
    after = {p: p.read_bytes() for p in private_config_home.rglob("*") if p.is_file()}
    assert after == before  # the profile is as it was (or still absent)


@pytest.mark.parametrize(
    ("stop", "code", "message"),
    [
        (EOFError(), 1, "Dữ liệu vào đã hết (EOF)"),
        (KeyboardInterrupt(), 130, "Ctrl-C"),
        (Terminated(), 143, "SIGTERM"),
    ],
)
def test_a_stop_outside_a_commands_own_guard_is_still_a_message(
    monkeypatch: pytest.MonkeyPatch, stop: BaseException, code: int, message: str
) -> None:
    from draftkit import cli

    def stopping() -> Any:
        raise stop

    monkeypatch.setattr(cli, "stdout_console", stopping)  # runs before the command's `guarded`
    result = runner.invoke(app, ["profile"])

    assert result.exit_code == code
    assert message in result.output and "Aborted" not in result.output


def test_ctrl_c_in_profile_from_a_real_terminal_signal(private_config_home: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "draftkit", "profile"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    assert process.stdout is not None and process.stdin is not None
    seen = ""
    while "Thể thức" not in seen:  # the first question is on screen: the process is reading
        chunk = process.stdout.read(1)
        assert chunk, "the process ended before asking"
        seen += chunk
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=TIMEOUT)

    assert process.returncode == 130, stderr
    assert "Đã dừng theo yêu cầu (Ctrl-C)." in stderr
    assert "Aborted" not in stdout + stderr and "Traceback" not in stderr
    assert not list(private_config_home.rglob("profile.yaml"))
