"""Writing results: all or nothing, never over a file without ``force``.

Every document of a job is rendered in memory first; only then are the files written,
each through a temporary file in the same folder and an atomic rename, so a failure
never leaves a half-written .docx and a crash never truncates an older one.

Around the renames:

- a lock file (``.draftkit.lock``, holding the writer's pid) in each folder written, so two
  runs at once cannot both pass the "file already there" check and both write. It is held
  for the checks and the renames only: the temporary files (thousands with --split, each
  rendered as it is written) are written before it is taken, and the targets checked again
  under it, so another run waits for milliseconds, not for the rendering; a lock left
  by a killed process is recognised (its pid is gone, or it is old) and taken over (Windows:
  asked with OpenProcess, as os.kill(pid, 0) would end the process there) by replacing it
  in one rename under a guard, so that two runs never both take the same stale lock;
- a journal (``.draftkit-journal.json``, in the folder that holds all the others) listing
  the renames, written once every temporary file is on disk: a run killed between two renames (kill -9, power cut) is finished by the
  next run that writes into that folder, so a new decision never stays beside an old list;
- Ctrl-C and SIGTERM are held back during the renames (milliseconds), then delivered;
- on Windows a file open in Word cannot be replaced: every file to replace or remove is
  probed before anything is renamed, the files replaced keep their previous version
  beside them (``.NAME.XXXXXXXX.old``) until every new one is in place, and a rename that
  fails puts back what was already replaced; brief locks (antivirus, OneDrive, the
  indexer) are retried for about a second first;
- a folder can be *owned* (``--split``): its manifest lists the files draftkit wrote there,
  and only those are removed when they are not written again. The manifest is a hidden file
  *beside* the folder (``.kt-giay-khen.draftkit-files.json``), so that the folder holds only
  the certificates an e-office system is given (Windows does not hide dot files).

New files get the user's umask (tempfile would make them 0600); a file replaced with
``force`` keeps its mode.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import signal
import stat
import tempfile
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO, TypeVar

from .errors import OutputError, os_reason

LOCK_NAME = ".draftkit.lock"
JOURNAL_NAME = ".draftkit-journal.json"
MANIFEST_SUFFIX = ".draftkit-files.json"  # ".kt-giay-khen.draftkit-files.json" beside the folder
LOCK_WAIT_SECONDS = 30.0  # how long to wait for another run's writing (it takes seconds)
LOCK_STALE_SECONDS = 600.0  # a lock this old is left over, whoever holds it
_TMP_SUFFIX = ".tmp"
# A job's files are written before the lock is taken (rendering thousands of --split files
# takes seconds, and another run must not wait for it): their temporary files name their
# writer (``.NAME.XXXXXXXX.PID-HOST.w.tmp``), so that a run holding the lock drops them
# only when that writer is gone (or, from another machine, when they are old).
_STAGED_SUFFIX = ".w" + _TMP_SUFFIX
STAGED_STALE_SECONDS = 3600.0  # such a file this old was left by a killed run
_OLD_SUFFIX = ".old"  # a replaced file's previous version, kept until the whole job is in place
_WINDOWS = os.name == "nt"  # a module flag, so that tests run the Windows branches here

# What Windows says for a file another program holds open (ERROR_SHARING_VIOLATION,
# ERROR_LOCK_VIOLATION), and ERROR_ACCESS_DENIED, which MoveFileEx also gives for a target
# open elsewhere, or being scanned by an antivirus, as well as for a read-only file.
_WINERROR_IN_USE = frozenset({32, 33})
_WINERROR_DENIED = 5
# Antivirus, OneDrive and the indexer open a new file for a moment: about a second of retries.
RETRY_DELAYS = (0.05, 0.1, 0.15, 0.3, 0.4)

Sleep = Callable[[float], None]
# A file's content given as a function that writes it into the (temporary) file it is
# handed, so that a job of thousands of files (--split) never holds them all as bytes. It
# may be called again (a retry on Windows) and must then write the same content afresh.
Writer = Callable[[BinaryIO], None]
Content = bytes | Writer
_T = TypeVar("_T")

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


# --- files held open by another program (Windows)


def _winerror(exc: BaseException) -> int | None:
    """The Windows error code of a refusal (None elsewhere, and for any other error)."""
    code = getattr(exc, "winerror", None) if isinstance(exc, PermissionError) else None
    return code if isinstance(code, int) else None


def _busy(exc: BaseException) -> bool:
    """Whether ``exc`` may be another program holding the file for a moment."""
    code = _winerror(exc)
    return code is not None and (code in _WINERROR_IN_USE or code == _WINERROR_DENIED)


def retrying(action: Callable[[], _T], sleep: Sleep | None = None) -> _T:
    """``action()``, tried again over about a second while Windows says the file is busy."""
    pause = time.sleep if sleep is None else sleep
    for delay in RETRY_DELAYS:
        try:
            return action()
        except PermissionError as exc:
            if not _busy(exc):
                raise
        pause(delay)
    return action()


_PROGRAMS = {
    ".docx": "Word",
    ".doc": "Word",
    ".xlsx": "Excel",
    ".xls": "Excel",
    ".pdf": "trình xem PDF",
}


def in_use_error(path: Path, exc: OSError, after: str = "") -> OutputError | None:
    """The message for ``path`` held open by another program (Windows), or None when
    ``exc`` says something else. ``after`` ends the hint (what became of the other files)."""
    code = _winerror(exc)
    program = _PROGRAMS.get(path.suffix.lower())
    where = f"trong {program}" if program else "(hoặc đóng chương trình đang mở nó)"
    if code in _WINERROR_IN_USE:
        held = f"đang được mở trong {program} (hoặc một chương trình khác giữ nó)" if program else (
            "đang được một chương trình khác mở"
        )
        return OutputError(
            f"Tệp “{path}” {held} nên draftkit không ghi được.",
            hint=f"Đóng tệp “{path.name}” {where} rồi chạy lại lệnh.{after}",
        )
    # Access denied is a lock only for a file that is there (a folder refusing a new file
    # is a permission, and os_reason says so).
    if code == _WINERROR_DENIED and os.path.isfile(path):
        held = f"đang được mở trong {program}" if program else "đang được một chương trình khác mở"
        return OutputError(
            f"Không ghi được tệp “{path}”: tệp {held}, hoặc được đặt chỉ cho đọc.",
            hint=f"Đóng tệp “{path.name}” {where} (nếu tệp được đặt chỉ cho đọc: bỏ chọn “Chỉ đọc” "
            f"(Read-only) trong Thuộc tính (Properties) của tệp) rồi chạy lại lệnh.{after}",
        )
    return None


def _write_error(path: Path, exc: OSError, after: str = "") -> OutputError:
    """Why ``path`` could not be written, in Vietnamese."""
    return in_use_error(path, exc, after) or OutputError(f"Không ghi được tệp “{path}”: {os_reason(exc)}.{after}")


def _probe(path: Path) -> None:
    """Raise the OSError that replacing or removing ``path`` would meet (Windows: the file
    is open in Word), before anything is renamed. Opening for append changes nothing.

    On POSIX a rename depends on the folder alone, checked already: a read-only file is
    replaced all the same, so opening it would refuse what works.
    """
    if not _WINDOWS or not os.path.isfile(path):
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
    os.close(fd)


def check_replaceable(paths: Iterable[Path], sleep: Sleep | None = None, after: str = "") -> None:
    """Refuse, before anything is written, when one of ``paths`` (files to replace or
    remove) is held open by another program; brief locks are waited for. ``after`` ends
    the message (what became of the other files)."""
    for path in paths:
        try:
            retrying(functools.partial(_probe, path), sleep)
        except OSError as exc:
            raise _write_error(path, exc, after or _NOTHING_CHANGED) from None


_NOTHING_CHANGED = " Chưa có tệp nào bị thay đổi."


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


def ensure_writable(targets: Iterable[Path], force: bool, sleep: Sleep | None = None) -> None:
    """Refuse before anything is written: existing files (without force), a bad folder, or
    (Windows) a file to replace that is open in Word: before LibreOffice spends seconds on
    PDFs, or a clerk minutes on an interview, that could not be written."""
    targets = list(targets)
    _check_existing(targets, force)
    _check_folders(targets)
    check_replaceable(targets, sleep)


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


def _fill(handle: BinaryIO, content: Content) -> None:
    """Write ``content`` (bytes, or a :data:`Writer`) into ``handle``."""
    if isinstance(content, bytes):
        handle.write(content)
    else:
        content(handle)


def _write_temporary(path: Path, data: Content) -> Path:
    """One file of a job, in a hidden temporary file beside ``path``, named as written
    without the lock (see _STAGED_SUFFIX)."""
    return _write_hidden(path, data, f".{os.getpid()}-{_host_tag()}{_STAGED_SUFFIX}")


def _host_tag(host: str | None = None) -> str:
    """A short mark of this machine, for the names of the temporary files written unlocked."""
    import hashlib

    return hashlib.sha1((_host() if host is None else host).encode("utf-8")).hexdigest()[:6]


def _write_hidden(path: Path, data: Content, suffix: str) -> Path:
    """``data`` in a hidden temporary file beside ``path`` (same folder: the rename is atomic)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), _mode_for(path))
            _fill(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        if not hasattr(os, "fchmod"):  # pragma: no cover - Windows: only the read-only flag
            os.chmod(tmp_name, _mode_for(path))
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return Path(tmp_name)


def write_atomic(path: Path, data: bytes, sleep: Sleep | None = None) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename (retried while Windows
    says the file is busy for a moment)."""
    tmp = retrying(lambda: _write_hidden(path, data, _TMP_SUFFIX), sleep)
    try:
        retrying(lambda: os.replace(tmp, path), sleep)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
    return os.environ.get("COMPUTERNAME", "")


def _process_start(pid: int) -> str | None:
    """When ``pid`` started, so that a reused pid is not taken for the writer (Linux: from
    /proc; Windows: the process's creation time); None when it cannot be told."""
    if _WINDOWS:
        return _windows_process_start(pid, _kernel32())
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rpartition(")")[2].split()[19]
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool | None:
    """Whether ``pid`` runs on this machine; None when it cannot be told."""
    if pid <= 0:
        return False  # no process has such a number (and kill(0) would ask the group): damaged
    if _WINDOWS:
        # os.kill(pid, 0) would end the process on Windows (TerminateProcess), not test it.
        return _windows_alive(pid, _kernel32())
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


# Windows' process API through ctypes (psutil is not a dependency). Each function takes
# the kernel32 library as an argument, so that tests on Linux pass a stand-in.
_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_STILL_ACTIVE = 259
_ERROR_ACCESS_DENIED = 5
_ERROR_INVALID_PARAMETER = 87  # what OpenProcess says for a pid no process has


def _kernel32() -> Any:
    """kernel32 with the signatures used here (64-bit handles); None off Windows."""
    import ctypes
    from ctypes import wintypes

    loader = getattr(ctypes, "WinDLL", None)
    if loader is None:
        return None
    kernel32 = loader("kernel32", use_last_error=True)  # a private instance: our signatures
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.GetExitCodeProcess.restype = wintypes.BOOL
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    filetime = ctypes.POINTER(ctypes.c_ulonglong)  # a FILETIME read as one 64-bit number
    kernel32.GetProcessTimes.restype = wintypes.BOOL
    kernel32.GetProcessTimes.argtypes = (wintypes.HANDLE, filetime, filetime, filetime, filetime)
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    kernel32.last_error = getattr(ctypes, "get_last_error")  # noqa: B009 - Windows-only name
    return kernel32


@contextlib.contextmanager
def _process_handle(pid: int, kernel32: Any) -> Iterator[int | None]:
    """A handle to ``pid`` that may query it (None, with kernel32's last error set, when it
    cannot be opened), closed on the way out."""
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid) if 0 < pid < 2**32 else None
    try:
        yield handle or None
    finally:
        if handle:
            kernel32.CloseHandle(handle)


def _windows_alive(pid: int, kernel32: Any) -> bool | None:
    """Whether ``pid`` runs, asked of Windows (OpenProcess, GetExitCodeProcess)."""
    if kernel32 is None:
        return None
    if not 0 < pid < 2**32:
        return False  # no Windows process has such a number
    import ctypes
    from ctypes import wintypes

    with _process_handle(pid, kernel32) as handle:
        if handle is None:
            error = kernel32.last_error()
            if error == _ERROR_INVALID_PARAMETER:
                return False
            if error == _ERROR_ACCESS_DENIED:
                return True  # there, but another user's (or elevated)
            return None
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.pointer(code)):
            return None
        # A process that ended but whose handle someone still holds is not alive.
        return code.value == _STILL_ACTIVE


def _windows_process_start(pid: int, kernel32: Any) -> str | None:
    """When ``pid`` was created (GetProcessTimes, 100 ns since 1601), or None."""
    if kernel32 is None:
        return None
    import ctypes

    with _process_handle(pid, kernel32) as handle:
        if handle is None:
            return None
        times = [ctypes.c_ulonglong() for _ in range(4)]  # creation, exit, kernel, user
        if not kernel32.GetProcessTimes(handle, *(ctypes.pointer(t) for t in times)):
            return None
        return str(times[0].value)


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


def _lock_content() -> bytes:
    """What this run writes in a lock: its pid, host and start (to judge it stale), and a
    token of its own, so that two locks are never alike (two threads share a pid; a lock
    written again within the clock's resolution keeps its mtime) and a release removes
    only its own lock."""
    content = {
        "pid": os.getpid(),
        "host": _host(),
        "started": _process_start(os.getpid()),
        "token": os.urandom(8).hex(),
    }
    return json.dumps(content).encode("utf-8")


def _try_lock(lock: Path, content: bytes) -> bool:
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    except FileExistsError:
        return False
    except OSError as exc:
        raise OutputError(f"Không tạo được tệp khóa “{lock}”: {os_reason(exc)}.") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    return True


def _acquire(folder: Path, wait: float) -> tuple[Path, bytes]:
    """Take ``folder``'s lock (waiting up to ``wait`` seconds for another run's); the lock
    and the content written in it (what :func:`_release` checks)."""
    lock = folder / LOCK_NAME
    mine = _lock_content()
    deadline = time.monotonic() + wait
    while True:
        if _try_lock(lock, mine):
            return lock, mine
        seen = _lock_identity(lock)
        content = _read_lock(lock)
        if _lock_is_stale(lock, content):
            if _take_over(lock, seen, mine):
                return lock, mine
            continue
        if time.monotonic() >= deadline:
            who = f" (tiến trình {content['pid']})" if isinstance(content.get("pid"), int) else ""
            raise OutputError(
                f"Một lần chạy draftkit khác{who} đang ghi vào thư mục “{folder}”. Không ghi đè.",
                hint=f"Chờ lần chạy đó xong rồi chạy lại. Nếu không còn lần chạy nào, xóa tệp {lock}.",
            )
        time.sleep(0.05)


def _lock_identity(lock: Path) -> tuple[int, int, bytes] | None:
    """What tells one lock file from another written later in its place: size, mtime and
    content (a writer's pid, start time and token); None when it cannot be read. Not the
    inode: a rename on FAT (a USB stick) may change it."""
    try:
        info = lock.stat()
        return (info.st_size, info.st_mtime_ns, lock.read_bytes())
    except OSError:
        return None


GUARD_NAME = ".draftkit.lock.guard"  # only where the folder itself cannot be locked (below)
GUARD_STALE_SECONDS = 10.0  # a guard is held for a few file operations: milliseconds


def _take_over(lock: Path, seen: tuple[int, int, bytes] | None, mine: bytes) -> bool:
    """Replace the stale lock that was judged (``seen``) by ours; whether it was.

    The verdict was made before this, and by then another run may have taken the stale
    lock over and written its own. So the lock is compared with ``seen`` and replaced in
    one step, under a guard that runs taking over a lock in this folder pass one at a time:
    no two runs replace the same stale lock, and the lock's name is never empty for a
    moment (removing it first would let a third run create one there, and two would hold
    it). A lock that is no longer the one judged is left alone, to be judged again.
    """
    with _takeover_guard(lock.parent):
        if seen is None or _lock_identity(lock) != seen:
            return False
        fresh = lock.with_name(f"{LOCK_NAME}.{os.urandom(4).hex()}.new")
        try:
            fresh.write_bytes(mine)
            os.replace(fresh, lock)
        except OSError as exc:
            with contextlib.suppress(OSError):
                fresh.unlink()
            raise OutputError(f"Không tạo được tệp khóa “{lock}”: {os_reason(exc)}.") from None
    return True


def _release(lock: Path, mine: bytes) -> None:
    """Remove our lock, and only ours: a run that held it past LOCK_STALE_SECONDS may have
    had it taken over (under the same guard, so the check and the removal are one step)."""
    try:
        with _takeover_guard(lock.parent):
            if lock.read_bytes() == mine:
                lock.unlink()
    except (OSError, OutputError):
        return


@contextlib.contextmanager
def _takeover_guard(folder: Path) -> Iterator[None]:
    """Runs taking over (or releasing) a lock in ``folder`` pass one at a time.

    POSIX: an flock on the folder itself. The system drops it when its process dies, so it
    is never left over, and no file is added to the folder. Where flock is missing or the
    file system refuses it (Windows, some network folders): a guard file made with
    O_EXCL, taken over when older than GUARD_STALE_SECONDS (only a run killed within the
    milliseconds it holds the guard leaves one).
    """
    fd = _flocked(folder)
    if fd is not None:
        try:
            yield
        finally:
            os.close(fd)  # closing drops the flock
        return
    guard = folder / GUARD_NAME
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            os.close(os.open(guard, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644))
            break
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - guard.stat().st_mtime > GUARD_STALE_SECONDS:
                    guard.unlink()
                    continue
        except OSError as exc:
            raise OutputError(f"Không tạo được tệp khóa “{guard}”: {os_reason(exc)}.") from None
        if time.monotonic() >= deadline:
            raise OutputError(
                f"Một lần chạy draftkit khác đang giữ tệp “{guard}”.",
                hint=f"Chờ lần chạy đó xong rồi chạy lại. Nếu không còn lần chạy nào, xóa tệp {guard}.",
            )
        time.sleep(0.005)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            guard.unlink()


def _flocked(folder: Path) -> int | None:
    """An open descriptor of ``folder`` holding an exclusive flock; None where there is none."""
    if _WINDOWS:
        return None
    try:
        import fcntl
    except ImportError:  # pragma: no cover - a POSIX Python without fcntl
        return None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:  # ENOLCK, EOPNOTSUPP...: a file system without flock
        os.close(fd)
        return None
    return fd


@contextlib.contextmanager
def folder_lock(folders: Iterable[Path], wait: float | None = None) -> Iterator[None]:
    """Hold ``.draftkit.lock`` in every folder (in a fixed order), released on the way out.

    Re-entrant: a folder this process already holds is not locked again.
    """
    held: list[tuple[Path, bytes]] = []
    try:
        for folder in sorted({Path(os.path.abspath(f)) for f in folders}):
            if folder in _HELD:
                continue
            held.append(_acquire(folder, LOCK_WAIT_SECONDS if wait is None else wait))
            _HELD.add(folder)
        yield
    finally:
        for lock, mine in reversed(held):
            _HELD.discard(lock.parent)
            _release(lock, mine)


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


def _relative(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder``, with "/" on every system (a journal on a shared
    folder is read the same by Windows and Linux)."""
    return PurePosixPath(*Path(os.path.relpath(path, folder)).parts).as_posix()


def _write_journal(
    folder: Path,
    renames: list[tuple[Path, Path]],
    removals: list[Path],
    backups: Mapping[Path, Path] | None = None,
) -> Path:
    # Each target's state is kept: the next run finishes the job only for files nobody has
    # touched since (a list edited in Word after the kill is the clerk's, not ours). A
    # file's previous version (``backups``) is where it is moved aside until all are in place.
    backups = backups or {}

    def state(path: Path) -> list[int] | None:
        backup = backups.get(path)
        moved_aside = backup is not None and not os.path.lexists(path)
        return _state(backup if moved_aside and backup is not None else path)

    def aside(path: Path) -> str | None:
        backup = backups.get(path)
        return None if backup is None else _relative(backup, folder)

    content = {
        "version": 3,
        "rename": [[_relative(tmp, folder), _relative(path, folder), state(path), aside(path)] for tmp, path in renames],
        "remove": [[_relative(path, folder), state(path), aside(path)] for path in removals],
        # Each new version as written (a rename keeps size and mtime): the next run drops a
        # previous version only when the file in place is provably this new one. A key of
        # its own, so that a draftkit that does not know it still reads the journal.
        "written": {_relative(tmp, folder): _state(tmp) for tmp, _ in renames},
    }
    write_atomic(journal := folder / JOURNAL_NAME, json.dumps(content, ensure_ascii=False, indent=0).encode("utf-8"))
    return journal


def _untouched(path: Path, recorded: object) -> bool:
    """Whether ``path`` is as the journal recorded it (absent when it recorded None: a
    file there now was made by someone else after the kill)."""
    if recorded is None:
        return not os.path.lexists(path)
    return isinstance(recorded, list) and _state(path) == recorded


def _named_beside(candidate: Path | None, path: Path, suffix: str) -> bool:
    """Whether ``candidate`` is one of draftkit's hidden files for ``path`` (``.NAME.*suffix``)."""
    return (
        candidate is not None
        and candidate.parent == path.parent
        and candidate.name.startswith(f".{path.name}.")
        and candidate.name.endswith(suffix)
    )


def _backup_for(path: Path, tmp: Path | None = None) -> Path:
    """Where ``path``'s previous version waits (``.NAME.XXXXXXXX.old``, its temporary
    file's letters when it has one), a name nobody uses."""
    if tmp is not None and _named_beside(tmp, path, _TMP_SUFFIX):
        head = f".{path.name}."
        backup = tmp.with_name(head + tmp.name[len(head) : len(head) + 8] + _OLD_SUFFIX)
        if not os.path.lexists(backup):
            return backup
    while True:
        backup = path.with_name(f".{path.name}.{os.urandom(4).hex()}{_OLD_SUFFIX}")
        if not os.path.lexists(backup):
            return backup


def _is_file(path: Path | None) -> bool:
    return path is not None and path.is_file() and not path.is_symlink()


class _Recovery:
    """What the next run does with a killed run's journal: files to put in place, to
    remove, to put back, leftovers to drop, and files it cannot prove are its own."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []
        self.back: dict[Path, Path] = {}
        self.restore: list[tuple[Path, Path]] = []
        self.garbage: list[Path] = []
        self.gone: list[Path] = []
        self.done: list[Path] = []
        # A document someone made or changed after the kill, with draftkit's hidden new and
        # previous versions of it: nothing of these is overwritten or dropped.
        self.unsure: list[tuple[Path, Path | None, Path | None]] = []


def _read_journal(folder: Path) -> dict[str, Any]:
    """The journal in ``folder``; refused (and kept) when this draftkit cannot read it: a
    newer draftkit's, or damaged. Dropping it would leave a document moved aside for ever."""
    journal = folder / JOURNAL_NAME
    try:
        content = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeError):
        content = None
    if isinstance(content, dict) and content.get("version") in (2, 3):
        return content
    raise OutputError(
        f"Thư mục “{folder}” có tệp “{JOURNAL_NAME}” của một lần ghi bị dừng giữa chừng, nhưng phiên bản "
        "draftkit này không đọc được tệp đó (tệp do một phiên bản draftkit mới hơn ghi, hoặc đã bị hỏng). "
        "Chưa có tệp nào bị thay đổi.",
        hint=f"Chạy lại lệnh bằng phiên bản draftkit mới nhất để ghi nốt. Nếu các văn bản trong thư mục đã đúng, "
        f"xóa tệp “{journal}” rồi chạy lại: văn bản nào bị thiếu sẽ được đặt lại từ bản trước của nó "
        "(tệp “.TÊN.xxxxxxxx.old” cùng thư mục).",
    )


def _plan_recovery(folder: Path, content: dict[str, Any]) -> _Recovery:
    """Sort a journal's entries (damaged ones skipped) into what the next run does."""
    size = 4 if content.get("version") == 3 else 3  # version 2 kept no previous versions
    written = content.get("written")
    written = written if isinstance(written, dict) else {}
    plan = _Recovery()
    renames = content.get("rename", [])
    for entry in renames if isinstance(renames, list) else []:
        if not (isinstance(entry, list) and len(entry) == size):
            continue
        tmp, path = _inside(folder, entry[0]), _inside(folder, entry[1])
        if tmp is None or path is None or not _named_beside(tmp, path, _TMP_SUFFIX):
            continue
        backup = _inside(folder, entry[3]) if size == 4 and entry[3] is not None else None
        if size == 4 and entry[3] is not None and not _named_beside(backup, path, _OLD_SUFFIX):
            continue
        _plan_rename(plan, tmp, path, entry[2], backup, written.get(entry[0]))
    removals = content.get("remove", [])
    for entry in removals if isinstance(removals, list) else []:
        if not (isinstance(entry, list) and len(entry) == size - 1 and isinstance(entry[1], list)):
            continue
        old = _inside(folder, entry[0])
        if old is None or old.suffix.lower() not in (".docx", ".pdf"):
            continue
        backup = _inside(folder, entry[2]) if size == 4 and entry[2] is not None else None
        if size == 4 and entry[2] is not None and not _named_beside(backup, old, _OLD_SUFFIX):
            continue
        if _is_file(backup) and backup is not None:
            if _untouched(backup, entry[1]):
                plan.garbage.append(backup)  # the removal was done: its previous version goes
                plan.done.append(old)
            else:
                plan.unsure.append((old, None, backup))
        elif _is_file(old) and _untouched(old, entry[1]):
            plan.gone.append(old)
            if backup is not None:
                plan.back[old] = backup
            plan.done.append(old)
    return plan


def _plan_rename(
    plan: _Recovery, tmp: Path, path: Path, recorded: object, backup: Path | None, written: object
) -> None:
    """One journal rename: finished, undone, dropped as done, or left as unsure."""
    pending = _is_file(tmp)  # a temporary file is renamed once: still here, never put in place
    if _is_file(backup) and backup is not None:
        if not os.path.lexists(path):  # moved aside, the new version not in yet
            if pending and _untouched(backup, recorded):
                plan.staged.append((tmp, path))
                plan.back[path] = backup
                plan.done.append(path)
            else:  # its new version is gone: the previous one goes back
                plan.restore.append((backup, path))
                plan.garbage.append(tmp)
        elif not pending and isinstance(written, list) and _state(path) == written:
            plan.garbage.append(backup)  # the new version is in place: the previous one goes
        else:  # a file made in its place after the kill, or one the journal cannot tell
            plan.unsure.append((path, tmp if pending else None, backup))
    elif pending:
        if _untouched(path, recorded):
            plan.staged.append((tmp, path))
            plan.done.append(path)
        elif recorded is None:  # a file made after the kill where there was none
            plan.unsure.append((path, tmp, None))
        else:  # the clerk's own later version (saved in Word): it stays, ours goes
            plan.garbage.append(tmp)


def _visible_name(path: Path, label: str) -> Path:
    """A name beside ``path`` that nobody uses and a clerk sees (``a.ban-moi.docx``)."""
    stem, suffix = path.stem, path.suffix
    candidate = path.with_name(f"{stem}.{label}{suffix}")
    number = 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{stem}.{label}-{number}{suffix}")
        number += 1
    return candidate


def _keep_unsure(folder: Path, unsure: list[tuple[Path, Path | None, Path | None]]) -> OutputError | None:
    """Bring draftkit's hidden versions of the documents it cannot decide about out under
    names a clerk sees (the next run would drop hidden ones), and say which to look at."""
    if not unsure:
        return None
    lines: list[str] = []
    for path, tmp, backup in unsure:
        kept = []
        for hidden, label, words in ((tmp, "ban-moi", "bản draftkit định ghi"), (backup, "ban-truoc", "bản trước")):
            if hidden is None or not _is_file(hidden):
                continue
            visible = _visible_name(path, label)
            try:
                os.rename(hidden, visible)
            except OSError:
                visible = hidden  # stays hidden, named in the message all the same
            kept.append(f"{words} ở “{os.path.relpath(visible, folder)}”")
        now = "đang có" if os.path.lexists(path) else "không có"
        lines.append(f"“{os.path.relpath(path, folder)}” ({now}; " + ", ".join(kept or ["không còn bản nào khác"]) + ")")
    return OutputError(
        f"Lần ghi trước vào “{folder}” bị dừng giữa chừng, và sau đó đã có tệp được tạo hoặc sửa ở chỗ "
        f"draftkit định ghi: {'; '.join(lines)}. draftkit không ghi đè và không xóa các tệp đó.",
        hint="Mở các tệp đó, giữ bản cần dùng dưới tên của văn bản, xóa bản thừa, rồi chạy lại lệnh.",
    )


def finish_interrupted(folder: Path, sleep: Sleep | None = None) -> list[Path]:
    """Finish the renames of a run killed midway in ``folder``; the files completed.

    Only a journal's own entries are acted on: temporary files and previous versions of
    draftkit's naming beside their targets, documents draftkit writes, paths inside
    ``folder``, and only files that are as the journal found them (a file edited since is
    left alone, and its new version dropped). A damaged entry is skipped; a journal this
    draftkit cannot read at all is refused and kept. A file the journal cannot prove is
    its own (made after the kill where draftkit was writing) is never overwritten nor
    dropped: draftkit's versions of it are kept under visible names and the clerk is told.
    Finishing is all or nothing too: when a file is held open (Windows), nothing moves and
    the journal stays for the next run. Call it with the folder's lock held.
    """
    journal = folder / JOURNAL_NAME
    if not journal.is_file():
        return []
    plan = _plan_recovery(folder, _read_journal(folder))
    # The killed run's subfolders (--split) are locked too: their stale lock is taken over.
    others = {path.parent for _, path in plan.staged} | {path.parent for path, _, _ in plan.unsure}
    others |= {old.parent for old in plan.gone} | {path.parent for _, path in plan.restore}
    with folder_lock(f for f in others if f != folder and f.is_dir()):
        # A previous version whose new one is gone goes back first: nothing can hold a
        # missing file, and the journal still covers it if this is stopped midway.
        for backup, path in plan.restore:
            try:
                retrying(functools.partial(os.replace, backup, path), sleep)
            except OSError as exc:
                raise _unfinished(folder, path, exc, {path: backup}) from None
        unsure = _keep_unsure(folder, plan.unsure)
        try:
            if plan.staged or plan.gone:
                _commit(folder, plan.staged, plan.gone, sleep, backups=plan.back, garbage=plan.garbage, resuming=True)
            elif _drop(plan.garbage):
                journal.unlink(missing_ok=True)
        except OutputError as error:
            if unsure is not None:  # the copies made visible are said all the same
                error.hint = f"{error.hint or ''} {unsure.message} {unsure.hint}".strip()
            raise
    if unsure is not None:
        raise unsure
    return plan.done


def _journaled(folder: Path, temporary: list[Path]) -> bool:
    """Whether the journal in ``folder`` lists any of ``temporary`` (a journal left by an
    earlier run does not: its temporary files have other names)."""
    try:
        content = json.loads((folder / JOURNAL_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeError):
        return False
    renames = content.get("rename") if isinstance(content, dict) else None
    listed = {entry[0] for entry in renames if isinstance(entry, list) and entry} if isinstance(renames, list) else set()
    return any(_relative(tmp, folder) in listed for tmp in temporary)


def _resume_note(folder: Path) -> str:
    """What becomes of a killed run's job that could not be finished now."""
    return f" Lần ghi trước vào “{folder}” bị dừng giữa chừng; lần chạy sau vào thư mục này sẽ ghi nốt."


def _missing_note(backups: Mapping[Path, Path]) -> str:
    """The documents missing now (moved aside, a rollback that failed), and where their
    previous versions wait: a clerk must not think a decision lost."""
    missing = [
        f"“{path}” (bản trước của nó nằm ở tệp ẩn “{backup}”)"
        for path, backup in backups.items()
        if not os.path.lexists(path) and _is_file(backup)
    ]
    return f" Hiện đang thiếu tệp {', '.join(missing)}." if missing else ""


def _unfinished(folder: Path, path: Path, exc: OSError, backups: Mapping[Path, Path] | None = None) -> OutputError:
    missing = _missing_note(backups or {})
    return in_use_error(path, exc, _resume_note(folder) + missing) or OutputError(
        f"Lần ghi trước vào “{folder}” bị dừng giữa chừng và không ghi nốt được “{path}”: {os_reason(exc)}.{missing}"
    )


def _drop(paths: Iterable[Path]) -> bool:
    """Remove draftkit's own leftovers; whether they are all gone."""
    gone = True
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            gone = False
    return gone


_ORPHAN = re.compile(r"\.(?P<target>.+)\.[A-Za-z0-9_]{8}" + re.escape(_TMP_SUFFIX))
_ORPHAN_STAGED = re.compile(
    r"\.(?P<target>.+)\.[A-Za-z0-9_]{8}\.(?P<pid>[0-9]{1,10})-(?P<host>[0-9a-f]{6})" + re.escape(_STAGED_SUFFIX)
)
_ORPHAN_OLD = re.compile(r"\.(?P<target>.+)\.[A-Za-z0-9_]{8}" + re.escape(_OLD_SUFFIX))
_OUR_KINDS = (".docx", ".pdf", ".yaml", ".yml", ".json", ".toml")


def _remove_orphans(folders: Iterable[Path]) -> None:
    """Temporary files of a run killed before its journal (call with the folders locked).

    Only draftkit's naming (``.NAME.XXXXXXXX.tmp``, and ``.NAME.XXXXXXXX.PID-HOST.w.tmp``
    once its writer is gone) for the kinds of file a job writes;
    a draft's (``.draft.yaml``) is left alone: an interview saves it without the lock.
    A previous version (``.NAME.XXXXXXXX.old``) outside any journal (one deleted by hand, or
    by an older draftkit) goes back in place when its document is missing, and is never
    removed: it may be the only copy of a decision.
    """
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            previous = _ORPHAN_OLD.fullmatch(entry.name)
            if previous is not None and previous["target"].endswith(_OUR_KINDS):
                document = Path(folder) / previous["target"]
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False) and not os.path.lexists(document):
                        os.rename(entry.path, document)
                continue
            match = _ORPHAN.fullmatch(entry.name)
            if match is None:
                match = _ORPHAN_STAGED.fullmatch(entry.name)
                if match is not None and _writer_at_work(match, entry):
                    continue
            if match is None:
                continue
            target = match["target"]
            if target.endswith(_OUR_KINDS) and not target.endswith(".draft.yaml"):
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False):
                        os.unlink(entry.path)


def _writer_at_work(name: re.Match[str], entry: os.DirEntry[str]) -> bool:
    """Whether the run that wrote a temporary file before taking the lock may still be
    at work: its process runs (this machine), or the file is recent (another machine)."""
    if name["host"] == _host_tag():
        pid = int(name["pid"])
        return pid == os.getpid() or _alive(pid) is not False
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime < STAGED_STALE_SECONDS
    except OSError:
        return True


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


# --- replacing files: all or nothing


class _Stopped(Exception):
    """A rename that failed (or was interrupted), after what was done was undone if it could be."""

    def __init__(self, document: Path, error: BaseException, undone: bool) -> None:
        super().__init__(str(document))
        self.document = document
        self.error = error
        self.undone = undone


def _apply(steps: list[tuple[Path, Path, Path]], sleep: Sleep | None) -> None:
    """Rename each (source, target) in order; on a failure (or Ctrl-C on Windows, where it
    is not held back) rename back what was done, newest first, and raise :class:`_Stopped`.

    Every prefix of the steps is a state the journal finishes, so an undo stopped midway
    (a kill, a file that cannot be moved back) still leaves the folder recoverable.
    """
    done: list[tuple[Path, Path]] = []
    for source, target, document in steps:
        try:
            retrying(functools.partial(os.replace, source, target), sleep)
        except BaseException as exc:
            raise _Stopped(document, exc, _undo(done, sleep)) from None
        done.append((source, target))


def _undo(done: list[tuple[Path, Path]], sleep: Sleep | None) -> bool:
    """Rename back ``done``, newest first; whether all of it was."""
    while done:
        source, target = done[-1]
        try:
            retrying(functools.partial(os.replace, target, source), sleep)
        except OSError:
            return False
        done.pop()
    return True


def _commit(
    folder: Path,
    staged: list[tuple[Path, Path]],
    removals: list[Path],
    sleep: Sleep | None,
    *,
    backups: Mapping[Path, Path] | None = None,
    garbage: Iterable[Path] = (),
    resuming: bool = False,
) -> None:
    """Put each staged temporary file in place and remove ``removals``: all or nothing.

    Every file to replace or remove is probed first (Windows: open in Word?). Then each
    is moved aside to its previous version (``backups``: where, or where it already
    waits when ``resuming`` a killed run), the new one renamed in, and only when all are in
    place are the previous versions dropped. The journal in ``folder`` lists it all first.
    A lone new file needs none of it: one rename cannot be half done.
    """
    backups = dict(backups or {})
    garbage = list(garbage)
    aside = {path for path, backup in backups.items() if _is_file(backup) and not os.path.lexists(path)}
    # Probed again, now that the temporary files are written (seconds, in which Word may
    # have opened one); a refusal here is cleaned up by the caller like any before the journal.
    after = _resume_note(folder) if resuming else _NOTHING_CHANGED
    check_replaceable([path for _, path in staged if path not in aside] + removals, sleep, after)
    alone = len(staged) == 1 and not removals and not garbage and not aside and not resuming
    if not alone:
        for tmp, path in staged:
            if path not in backups and os.path.lexists(path):
                backups[path] = _backup_for(path, tmp)
        for old in removals:
            backups.setdefault(old, _backup_for(old))
    steps: list[tuple[Path, Path, Path]] = []
    for tmp, path in staged:
        if path in backups and path not in aside:
            steps.append((path, backups[path], path))
        steps.append((tmp, path, path))
    steps += [(old, backups[old], old) for old in removals]
    temporary = [tmp for tmp, _ in staged]
    with _signals_deferred():
        journal = None
        if not alone:
            try:
                journal = _write_journal(folder, staged, removals, backups)
            except BaseException as exc:
                if not resuming:
                    _drop(temporary)
                if isinstance(exc, OSError):
                    raise OutputError(f"Không ghi được tệp “{folder / JOURNAL_NAME}”: {os_reason(exc)}.") from None
                raise
        try:
            _apply(steps, sleep)
        except _Stopped as stop:
            if stop.undone and not resuming:
                _drop(temporary)
                if journal is not None:
                    journal.unlink(missing_ok=True)
            if not isinstance(stop.error, OSError):
                raise stop.error from None
            if resuming:
                raise _unfinished(folder, stop.document, stop.error, backups) from None
            if stop.undone:
                raise _write_error(stop.document, stop.error, _NOTHING_CHANGED) from None
            raise _write_error(
                stop.document,
                stop.error,
                " Các tệp khác của lần này đang chờ: lần chạy sau vào thư mục này sẽ ghi nốt."
                + _missing_note(backups),
            ) from None
        # Every new file is in place: the previous versions go. One that cannot (Windows
        # keeps a file a scanner holds) keeps the journal, and the next run drops it.
        previous = [backups[path] for path in [*(p for _, p in staged), *removals] if path in backups]
        if _drop([*previous, *garbage]) and journal is not None:
            journal.unlink(missing_ok=True)


# --- writing a job


def _journal_folder(folders: Collection[Path], first: Path) -> Path:
    """Where a job's journal goes: the folder that holds all the others (the output folder
    above its --split subfolder and beside the manifest), for a journal names only paths
    inside its folder; ``first`` when none does."""
    for folder in sorted(folders, key=lambda f: len(f.parts)):
        if all(other.is_relative_to(folder) for other in folders):
            return folder
    return first


def _prepare(folders: Collection[Path], sleep: Sleep | None) -> None:
    """Finish a killed run's renames and drop its leftovers (call with the folders locked)."""
    for folder in sorted(folders):
        finish_interrupted(folder, sleep)
    _remove_orphans(folders)


def write_all(
    files: Mapping[Path, Content],
    force: bool,
    *,
    owned_folders: Collection[Path] = (),
    sleep: Sleep | None = None,
) -> list[Path]:
    """Write every file of a job, or none.

    Two phases: every file is first written to a temporary file beside its target; only
    when all of them are on disk are they renamed into place. A full disk, a folder that
    refuses a file or a document open in Word (Windows) in the middle of a job leaves
    nothing behind, not two of three documents, and the previous versions stay.

    The temporary files are written before the folders' locks are taken: a --split job
    renders thousands of files as they are written, and another run into the same folder
    waits only for the checks and the renames. Under the locks, the targets are checked
    again (a file made meanwhile is never overwritten without ``force``: the job is then
    refused whole and its temporary files dropped).

    In each of ``owned_folders``, the files draftkit wrote last time (its manifest) that
    this job does not write again are removed, and the manifest is renewed; any other file
    there is the user's and stays. ``sleep`` waits between the retries of a busy file.

    A file's content is bytes or a :data:`Writer`, called once its temporary file is open:
    whatever it raises drops every temporary file of the job, as a full disk does.
    """
    files = dict(files)
    _check_folders(files)
    owned = [Path(folder) for folder in owned_folders]
    folders = {path.parent for path in files} | {manifest_path(folder).parent for folder in owned}
    manifests = {
        manifest_path(folder): _manifest_bytes(sorted(path.name for path in files if path.parent == folder))
        for folder in owned
    }
    with folder_lock(folders):
        # Refused before seconds of writing (and checked again for the renames), once a
        # killed run's job is finished and its leftovers dropped. The lock is held for
        # that only: another run into these folders does not wait for this one's writing.
        _prepare(folders, sleep)
        _check_existing(files, force)
        check_replaceable(files, sleep)
    staged: list[tuple[Path, Path]] = []
    first: Path | None = None
    try:
        for path, data in {**files, **manifests}.items():
            write = functools.partial(_write_temporary, path, data)
            try:
                staged.append((retrying(write, sleep), path))
            except OSError as exc:
                raise _write_error(path, exc, _NOTHING_CHANGED if _busy(exc) else "") from None
        with folder_lock(folders):
            if files or manifests:
                first = _journal_folder(folders, next(iter({**files, **manifests})).parent)
            _prepare(folders, sleep)
            _check_existing(files, force)
            removals: list[Path] = []
            for folder in owned:
                new = {path.name for path in files if path.parent == folder}
                removals += [folder / n for n in read_manifest(folder) if n not in new and (folder / n).is_file()]
            if removals and not force:
                names = ", ".join(str(old) for old in removals)
                raise OutputError(
                    f"Đã có tệp của lần trước: {names}. Không ghi đè.",
                    hint="Thêm --force để thay, hoặc chọn thư mục khác bằng -o.",
                )
            if first is None:
                return []
            # Refused before any rename: a document open in Word cannot be replaced.
            check_replaceable([*files, *removals], sleep)
            _commit(first, staged, removals, sleep)
    except BaseException:
        # Stopped before the journal lists them (a file made meanwhile, the second probe,
        # Ctrl-C before the signals are held back...): nothing was renamed, so the
        # temporary files go, as the message says. Once listed they are the journal's.
        if first is None or not _journaled(first, [tmp for tmp, _ in staged]):
            _drop(tmp for tmp, _ in staged)
        raise
    return [path for _, path in staged if path not in manifests]
