"""Start the local server: 127.0.0.1 only, a port the system picks, the browser opened
at the address with the session's token."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .security import Guard

if TYPE_CHECKING:
    import uvicorn

__all__ = ["bind_local", "make_server", "serve"]


def bind_local() -> socket.socket:
    """A listening socket on 127.0.0.1 and a free port: never on the network."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


def make_server(out_dir: Path, config_dir: Path | None = None) -> tuple[uvicorn.Server, Guard, socket.socket]:
    """The server of one run, not started: ``server.run(sockets=[sock])`` serves."""
    import uvicorn

    from .app import create_app
    from .session import WebSession

    sock = bind_local()
    guard = Guard(port=sock.getsockname()[1])
    app = create_app(guard, WebSession(out_dir=out_dir.resolve(), config_dir=config_dir))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    return uvicorn.Server(config), guard, sock


def serve(
    out_dir: Path,
    *,
    config_dir: Path | None = None,
    open_browser: Callable[[str], object] | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Run ``draftkit web`` until Ctrl-C; ``open_browser`` gets the address (None: don't)."""
    server, guard, sock = make_server(out_dir, config_dir)
    announce(f"draftkit web đang chạy tại: {guard.start_url}")
    announce("Mở địa chỉ trên trong trình duyệt nếu trang chưa tự mở. Nhấn Ctrl-C để dừng (bản nháp được giữ).")
    if open_browser is not None:
        open_browser(guard.start_url)
    server.run(sockets=[sock])
