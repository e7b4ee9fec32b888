"""Start the local server: 127.0.0.1 only, a port the system picks, the browser opened
at the address with the session's token.

The token never goes on a command line (another user of the machine sees every process's
arguments in ``ps``): as Jupyter does, the browser is opened at a small HTML file that
redirects to the address, written readable by the clerk only (mode 0600 in a 0700 folder
of their own) and deleted when the server stops. The address itself is printed to the
terminal for the clerk, which only they can read.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from draftkit.errors import DraftkitError, os_reason

from .security import Guard

if TYPE_CHECKING:
    import uvicorn

__all__ = [
    "bind_local",
    "browser_folder",
    "check_writable",
    "make_server",
    "redirect_file",
    "serve",
]

APP_NAME = "draftkit"
# A snap's desktop file is "<snap>_<app>.desktop": Ubuntu's Firefox and Chromium are snaps,
# which see neither /tmp nor hidden folders of the home (the runtime folder), but do see
# their own ~/snap/<snap>/common (Jupyter's redirect file fails there: jupyter/notebook#4500).
_SNAP_DESKTOP = re.compile(r"^([a-z0-9][a-z0-9-]*)_[\w.-]+\.desktop$")


def bind_local() -> socket.socket:
    """A listening socket on 127.0.0.1 and a free port: never on the network."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


def check_writable(out_dir: Path) -> Path:
    """The output folder, made if missing, once a file could be written there; a
    :class:`DraftkitError` in the clerk's words otherwise (before any server starts)."""
    import tempfile

    folder = out_dir.expanduser()
    hint = "Chọn một thư mục khác bằng tùy chọn -o (ví dụ: draftkit web -o Documents/van-ban), hoặc xin quyền ghi vào thư mục này."
    if folder.exists() and not folder.is_dir():
        raise DraftkitError(f"Thư mục lưu văn bản {folder} là một tệp, không phải thư mục.", hint=hint)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".draftkit-web-"):
            pass
    except OSError as exc:
        raise DraftkitError(
            f"Không ghi được vào thư mục lưu văn bản {folder}: {os_reason(exc)}. draftkit web chưa chạy.", hint=hint
        ) from None
    return folder.resolve()


def make_server(out_dir: Path, config_dir: Path | None = None) -> tuple[uvicorn.Server, Guard, socket.socket]:
    """The server of one run, not started: ``server.run(sockets=[sock])`` serves."""
    import uvicorn

    from .app import create_app
    from .session import WebSession

    sock = bind_local()
    guard = Guard(port=sock.getsockname()[1])
    app = create_app(guard, WebSession(out_dir=out_dir.resolve(), config_dir=config_dir))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", ws="none")
    return uvicorn.Server(config), guard, sock


@dataclass(frozen=True)
class Desktop:
    """What the browser folder depends on: passed in so tests need no real home."""

    home: Path
    env: Mapping[str, str]
    windows: bool
    default_browser: Callable[[], str | None]


def browser_folder(desktop: Desktop) -> Path:
    """A folder only the clerk can read, that their default browser can open files from."""
    if not desktop.windows:
        snap = _snap_of(desktop.default_browser())
        if snap is not None and (desktop.home / "snap" / snap).is_dir():
            return desktop.home / "snap" / snap / "common" / "draftkit-web"
    import warnings

    import platformdirs

    with warnings.catch_warnings():
        # platformdirs warns (and falls back to a private folder of its own) when
        # XDG_RUNTIME_DIR is unset or unsafe; the folder is checked below anyway.
        warnings.simplefilter("ignore")
        return Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))


def _snap_of(desktop_file: str | None) -> str | None:
    match = _SNAP_DESKTOP.match((desktop_file or "").strip())
    return match.group(1) if match else None


def _private_folder(folder: Path) -> Path:
    """``folder``, made 0700 if missing; refused when another user owns it or can enter it
    (a folder made in advance by someone else to read the file)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        info = folder.lstat()
        if info.st_uid != os.getuid() or not folder.is_dir() or folder.is_symlink():
            raise PermissionError(f"{folder} is not the user's own folder")
        if info.st_mode & 0o077:
            folder.chmod(0o700)
    return folder


def redirect_file(url: str, folder: Path, port: int) -> Path:
    """Write the page that sends the browser to ``url`` (mode 0600), and return its path."""
    folder = _private_folder(folder)
    path = folder / f"draftkit-web-{port}-open.html"
    path.unlink(missing_ok=True)  # left by a run that was killed: never reused
    link = escape(url, quote=True)
    page = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0;url={link}"><title>draftkit</title></head>'
        f'<body><p>Đang mở draftkit… Nếu trang không tự mở, <a href="{link}">bấm vào đây</a>.</p></body></html>'
    )
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags, 0o600)
    with os.fdopen(handle, "wb") as stream:
        stream.write(page.encode())
    return path


def default_browser() -> str | None:
    """The desktop file of the default browser (Linux desktops), or None."""
    import shutil
    import subprocess

    tool = shutil.which("xdg-settings")
    if tool is None:
        return None
    try:
        done = subprocess.run([tool, "get", "default-web-browser"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def this_desktop() -> Desktop:
    return Desktop(home=Path.home(), env=os.environ, windows=sys.platform == "win32", default_browser=default_browser)


def serve(
    out_dir: Path,
    *,
    config_dir: Path | None = None,
    open_browser: Callable[[str], object] | None = None,
    announce: Callable[[str], None] = print,
    desktop: Callable[[], Desktop] = this_desktop,
) -> None:
    """Run ``draftkit web`` until Ctrl-C; ``open_browser`` gets the address of the redirect
    file (None: don't open a browser)."""
    out_dir = check_writable(out_dir)
    server, guard, sock = make_server(out_dir, config_dir)
    announce(f"draftkit web đang chạy tại: {guard.start_url}")
    announce("Mở địa chỉ trên trong trình duyệt nếu trang chưa tự mở. Nhấn Ctrl-C để dừng (bản nháp được giữ).")
    opened: Path | None = None
    try:
        if open_browser is not None:
            try:
                opened = redirect_file(guard.start_url, browser_folder(desktop()), guard.port)
            except OSError:
                opened = None  # no private folder: the clerk opens the printed address
            if opened is not None:
                open_browser(opened.as_uri())
        server.run(sockets=[sock])
    finally:
        if opened is not None:
            opened.unlink(missing_ok=True)
