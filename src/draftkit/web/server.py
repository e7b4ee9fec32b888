"""Start the local server: 127.0.0.1 only, a port the system picks, the browser opened
at the address with the session's token."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from .security import Guard

__all__ = ["bind_local", "serve"]


def bind_local() -> socket.socket:
    """A listening socket on 127.0.0.1 and a free port: never on the network."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(
    out_dir: Path,
    *,
    config_dir: Path | None = None,
    open_browser: Callable[[str], object] | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Run ``draftkit web`` until Ctrl-C; ``open_browser`` gets the address (None: don't)."""
    import uvicorn

    from .app import create_app
    from .session import WebSession

    sock = bind_local()
    guard = Guard(port=sock.getsockname()[1])
    app = create_app(guard, WebSession(out_dir=out_dir.resolve(), config_dir=config_dir))
    announce(f"draftkit web đang chạy tại: {guard.start_url}")
    announce("Mở địa chỉ trên trong trình duyệt nếu trang chưa tự mở. Nhấn Ctrl-C để dừng (bản nháp được giữ).")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    if open_browser is not None:
        open_browser(guard.start_url)
    server.run(sockets=[sock])
