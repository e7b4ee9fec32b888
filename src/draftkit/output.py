"""Writing results: all or nothing, never over a file without ``force``.

Every document of a job is rendered in memory first; only then are the files written,
each through a temporary file in the same folder and an atomic rename, so a failure
never leaves a half-written .docx and a crash never truncates an older one.

Around the renames:

- a lock file (``.draftkit.lock``, holding the writer's pid) in each folder written, so two
  runs at once cannot both pass the "file already there" check and both write; a lock left
  by a killed process is recognised (its pid is gone, or it is old) and taken over;
- a journal (``.draftkit-journal.json``) listing the renames, written once every temporary
  file is on disk: a run killed between two renames (kill -9, power cut) is finished by the
  next run that writes into that folder, so a new decision never stays beside an old list;
- Ctrl-C and SIGTERM are held back during the renames (milliseconds), then delivered;
- a folder can be *owned* (``--split``): its manifest lists the files draftkit wrote there,
  and only those are removed when they are not written again. The manifest is a hidden file
  *beside* the folder (``.kt-giay-khen.draftkit-files.json``), so that the folder holds only
  the certificates an e-office system is given (Windows does not hide dot files).

New files get the user's umask (tempfile would make them 0600); a file replaced with
``force`` keeps its mode.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import stat
import tempfile
import time
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from .errors import OutputError, os_reason

LOCK_NAME = ".draftkit.lock"
JOURNAL_NAME = ".draftkit-journal.json"
MANIFEST_SUFFIX = ".draftkit-files.json"  # ".kt-giay-khen.draftkit-files.json" beside the folder
LOCK_WAIT_SECONDS = 30.0  # how long to wait for another run's writing (it takes seconds)
LOCK_STALE_SECONDS = 600.0  # a lock this old is left over, whoever holds it
_TMP_SUFFIX = ".tmp"

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


def _check_folders(targets: Iterable[Path]) -> None:
    """Every target's folder exists (made if needed) and can be written."""
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


def _check_existing(targets: Iterable[Path], force: bool) -> None:
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


def ensure_writable(targets: Iterable[Path], force: bool) -> None:
    """Refuse before anything is written: existing files (without force) or a bad folder."""
    targets = list(targets)
    _check_existing(targets, force)
    _check_folders(targets)


# --- file modes


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path, umask: int | None = None) -> int:
    """The mode ``path`` gets: the replaced file's own, else 0666 less the user's umask."""
    try:
        existing = path.stat()
    except OSError:
        existing = None
    if existing is not None and stat.S_ISREG(existing.st_mode):
        return stat.S_IMODE(existing.st_mode)
    return 0o666 & ~(_umask() if umask is None else umask)


def _write_temporary(path: Path, data: bytes) -> Path:
    """``data`` in a hidden temporary file beside ``path`` (same folder: the rename is atomic)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), _mode_for(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not hasattr(os, "fchmod"):  # pragma: no cover - Windows: only the read-only flag
            os.chmod(tmp_name, _mode_for(path))
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return Path(tmp_name)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename."""
    os.replace(_write_temporary(path, data), path)


# --- signals held back during the renames


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done (the main thread of a POSIX process)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # pragma: no cover - Windows, or not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# --- the lock


def _host() -> str:
    """This machine's name, to tell a lock written here from one on a shared folder."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "")  # pragma: no cover - Windows


def _process_start(pid: int) -> str | None:
    """The start time of ``pid`` (Linux), so that a reused pid is not taken for the writer."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rpartition(")")[2].split()[19]
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool | None:
    """Whether ``pid`` runs on this machine; None when it cannot be told."""
    if os.name != "posix":  # pragma: no cover - os.kill(pid, 0) would end the process on Windows
        return None
    try:
        os.kill(pid, 0)
    except (OverflowError, ValueError):
        return False  # no process has such a number: a damaged lock
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    return True


def _lock_is_stale(lock: Path, content: dict[str, Any]) -> bool:
    """A lock left by a process that is gone (or by a pid now reused), or simply too old."""
    try:
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return True  # gone meanwhile: try again
    if age > LOCK_STALE_SECONDS:
        return True
    pid = content.get("pid")
    if not isinstance(pid, int):
        # Being written this instant, or garbage: give a writer a moment.
        return age > 5
    if content.get("host") != _host():
        return False  # another machine on a shared folder: only the age tells
    alive = _alive(pid)
    if alive is False:
        return True
    started = content.get("started")
    return alive is True and started is not None and started != _process_start(pid)


def _read_lock(lock: Path) -> dict[str, Any]:
    try:
        content = json.loads(lock.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return content if isinstance(content, dict) else {}


def _try_lock(lock: Path) -> bool:
    content = json.dumps(
        {"pid": os.getpid(), "host": _host(), "started": _process_start(os.getpid())}
    )
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    except OSError as exc:
        raise OutputError(f"Không tạo được tệp khóa “{lock}”: {os_reason(exc)}.") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
    return True


def _acquire(folder: Path, wait: float) -> Path:
    lock = folder / LOCK_NAME
    deadline = time.monotonic() + wait
    while True:
        if _try_lock(lock):
            return lock
        content = _read_lock(lock)
        if _lock_is_stale(lock, content):
            # Taken over by a rename, so that two runs finding the same stale lock do not
            # both delete it and both go on.
            aside = lock.with_name(f"{LOCK_NAME}.{os.getpid()}.stale")
            with contextlib.suppress(OSError):
                os.replace(lock, aside)
                aside.unlink()
            continue
        if time.monotonic() >= deadline:
            who = f" (tiến trình {content['pid']})" if isinstance(content.get("pid"), int) else ""
            raise OutputError(
                f"Một lần chạy draftkit khác{who} đang ghi vào thư mục “{folder}”. Không ghi đè.",
                hint=f"Chờ lần chạy đó xong rồi chạy lại. Nếu không còn lần chạy nào, xóa tệp {lock}.",
            )
        time.sleep(0.05)


@contextlib.contextmanager
def folder_lock(folders: Iterable[Path], wait: float | None = None) -> Iterator[None]:
    """Hold ``.draftkit.lock`` in every folder (in a fixed order), released on the way out.

    Re-entrant: a folder this process already holds is not locked again.
    """
    held: list[Path] = []
    try:
        for folder in sorted({Path(os.path.abspath(f)) for f in folders}):
            if folder in _HELD:
                continue
            held.append(_acquire(folder, LOCK_WAIT_SECONDS if wait is None else wait))
            _HELD.add(folder)
        yield
    finally:
        for lock in reversed(held):
            _HELD.discard(lock.parent)
            with contextlib.suppress(OSError):
                lock.unlink()


_HELD: set[Path] = set()  # the folders this process holds the lock of


# --- the journal


def _inside(base: Path, relative: object) -> Path | None:
    """``base / relative`` for a relative path that stays inside ``base`` (after links are
    followed, on POSIX and Windows alike: no drive, no root, no "..", no link out); None
    otherwise."""
    if not isinstance(relative, str) or not relative or "\0" in relative or len(relative) > 1024:
        return None
    if PureWindowsPath(relative).anchor or PurePosixPath(relative).anchor:  # "C:x", "\\x", "/x"
        return None
    parts = PureWindowsPath(relative).parts
    if ".." in parts or parts[0].startswith("~"):
        return None
    try:
        root = base.resolve()
        path = (base / relative).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    return path if path.is_relative_to(root) and path != root else None


def _state(path: Path) -> list[int] | None:
    """What a file was when the journal was written (size, mtime in ns); None if absent."""
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _write_journal(folder: Path, renames: list[tuple[Path, Path]], removals: list[Path]) -> Path:
    # Each target's state is kept: the next run finishes the job only for files nobody has
    # touched since (a list edited in Word after the kill is the clerk's, not ours).
    journal = folder / JOURNAL_NAME
    content = {
        "version": 2,
        "rename": [[os.path.relpath(tmp, folder), os.path.relpath(path, folder), _state(path)] for tmp, path in renames],
        "remove": [[os.path.relpath(path, folder), _state(path)] for path in removals],
    }
    write_atomic(journal, json.dumps(content, ensure_ascii=False, indent=0).encode("utf-8"))
    return journal


def _untouched(path: Path, recorded: object) -> bool:
    """Whether ``path`` is as the journal recorded it (absent when it recorded None)."""
    return recorded is None or (isinstance(recorded, list) and _state(path) == recorded)


def finish_interrupted(folder: Path) -> list[Path]:
    """Finish the renames of a run killed midway in ``folder``; the files completed.

    Only a journal's own entries are acted on: temporary files of draftkit's naming beside
    their targets, documents draftkit writes, paths inside ``folder``, and only files that
    are as the journal found them (a file edited since is left alone, and its new version
    dropped). A damaged entry is skipped. Call it with the folder's lock held.
    """
    journal = folder / JOURNAL_NAME
    if not journal.is_file():
        return []
    try:
        content = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        content = {}
    if not isinstance(content, dict) or content.get("version") != 2:
        content = {}  # another draftkit's, or damaged: nothing in it is trusted
    moves: list[tuple[Path, Path, object]] = []
    renames = content.get("rename", [])
    for entry in renames if isinstance(renames, list) else []:
        if not (isinstance(entry, list) and len(entry) == 3):
            continue
        tmp, path = _inside(folder, entry[0]), _inside(folder, entry[1])
        if tmp is None or path is None or tmp.parent != path.parent:
            continue
        if tmp.name.startswith(f".{path.name}.") and tmp.name.endswith(_TMP_SUFFIX):
            moves.append((tmp, path, entry[2]))
    removals = content.get("remove", [])
    olds: list[tuple[Path, object]] = []
    for entry in removals if isinstance(removals, list) else []:
        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list):
            old = _inside(folder, entry[0])
            if old is not None and old.suffix.lower() in (".docx", ".pdf"):
                olds.append((old, entry[1]))
    done: list[Path] = []
    # The killed run's subfolders (--split) are locked too: their stale lock is taken over.
    others = {path.parent for _, path, _ in moves} | {old.parent for old, _ in olds}
    with folder_lock(f for f in others if f != folder and f.is_dir()):
        for tmp, path, recorded in moves:
            if not tmp.is_file():
                continue
            if not _untouched(path, recorded):
                with contextlib.suppress(OSError):
                    tmp.unlink()
                continue
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(
                    f"Lần ghi trước vào “{folder}” bị dừng giữa chừng và không ghi nốt được “{path}”: "
                    f"{os_reason(exc)}."
                ) from None
            done.append(path)
        for old, recorded in olds:
            if old.is_file() and not old.is_symlink() and _untouched(old, recorded):
                with contextlib.suppress(FileNotFoundError):
                    old.unlink()
                done.append(old)
    journal.unlink(missing_ok=True)
    return done


_ORPHAN = re.compile(r"\.(?P<target>.+)\.[A-Za-z0-9_]{8}" + re.escape(_TMP_SUFFIX))
_OUR_KINDS = (".docx", ".pdf", ".yaml", ".yml", ".json", ".toml")


def _remove_orphans(folders: Iterable[Path]) -> None:
    """Temporary files of a run killed before its journal (call with the folders locked).

    Only draftkit's naming (``.NAME.XXXXXXXX.tmp``) for the kinds of file a job writes;
    a draft's (``.draft.yaml``) is left alone: an interview saves it without the lock.
    """
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = _ORPHAN.fullmatch(entry.name)
            if match is None:
                continue
            target = match["target"]
            if target.endswith(_OUR_KINDS) and not target.endswith(".draft.yaml"):
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False):
                        os.unlink(entry.path)


# --- folders owned by draftkit (--split)


def manifest_path(folder: Path) -> Path:
    """Where the list of the files draftkit wrote in ``folder`` is kept: beside it, hidden."""
    return folder.parent / f".{folder.name}{MANIFEST_SUFFIX}"


def read_manifest(folder: Path) -> list[str]:
    """The names of the files draftkit wrote in ``folder`` last time (none if unknown)."""
    try:
        content = json.loads(manifest_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    names = content.get("files", []) if isinstance(content, dict) else []
    return [n for n in names if isinstance(n, str) and n and Path(n).name == n and n not in (".", "..")]


def _manifest_bytes(names: list[str]) -> bytes:
    text = json.dumps({"version": 1, "written_by": "draftkit", "files": names}, ensure_ascii=False, indent=1)
    return text.encode("utf-8")


# --- writing a job


def write_all(
    files: Mapping[Path, bytes],
    force: bool,
    *,
    owned_folders: Collection[Path] = (),
) -> list[Path]:
    """Write every file of a job, or none.

    Two phases: every file is first written to a temporary file beside its target; only
    when all of them are on disk are they renamed into place. A full disk or a folder that
    refuses a file in the middle of a job leaves nothing behind, not two of three documents.

    In each of ``owned_folders``, the files draftkit wrote last time (its manifest) that
    this job does not write again are removed, and the manifest is renewed; any other file
    there is the user's and stays.
    """
    files = dict(files)
    _check_folders(files)
    owned = [Path(folder) for folder in owned_folders]
    folders = {path.parent for path in files} | {manifest_path(folder).parent for folder in owned}
    with folder_lock(folders):
        first = next(iter(files)).parent if files else None
        for folder in sorted(folders):
            finish_interrupted(folder)
        _remove_orphans(folders)
        _check_existing(files, force)
        removals: list[Path] = []
        for folder in owned:
            new = sorted(path.name for path in files if path.parent == folder)
            removals += [folder / n for n in read_manifest(folder) if n not in new and (folder / n).is_file()]
            files[manifest_path(folder)] = _manifest_bytes(new)
        if removals and not force:
            names = ", ".join(str(old) for old in removals)
            raise OutputError(
                f"Đã có tệp của lần trước: {names}. Không ghi đè.",
                hint="Thêm --force để thay, hoặc chọn thư mục khác bằng -o.",
            )
        if first is None:
            return []
        staged: list[tuple[Path, Path]] = []
        try:
            for path, data in files.items():
                try:
                    staged.append((_write_temporary(path, data), path))
                except OSError as exc:
                    raise OutputError(f"Không ghi được tệp “{path}”: {os_reason(exc)}.") from None
        except BaseException:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            raise
        with _signals_deferred():
            try:
                # One file alone cannot be left half renamed: no journal (and its fsync) needed.
                journal = _write_journal(first, staged, removals) if len(staged) > 1 or removals else None
            except BaseException as exc:
                for tmp, _ in staged:
                    tmp.unlink(missing_ok=True)
                if isinstance(exc, OSError):
                    raise OutputError(f"Không ghi được tệp “{first / JOURNAL_NAME}”: {os_reason(exc)}.") from None
                raise
            for tmp, path in staged:
                try:
                    os.replace(tmp, path)
                except OSError as exc:
                    # Renames within one folder do not fail in practice; if one does, the
                    # journal stays and the next run into this folder finishes the job.
                    raise OutputError(
                        f"Không ghi được tệp “{path}”: {os_reason(exc)}. Các tệp khác của lần này "
                        "đang chờ: lần chạy sau vào thư mục này sẽ ghi nốt."
                    ) from None
            for old in removals:
                try:
                    old.unlink(missing_ok=True)
                except OSError as exc:
                    raise OutputError(f"Không xóa được tệp cũ “{old}”: {os_reason(exc)}.") from None
            if journal is not None:
                journal.unlink(missing_ok=True)
    manifests = {manifest_path(folder) for folder in owned}
    return [path for _, path in staged if path not in manifests]
