"""The gaps a review found in draftkit web's security envelope (issue 17): the cookie of
one port, every answer secured (500s and websockets too), the form limits said in
Vietnamese, and uploaded names and contents checked before anything is written."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from browser_helpers import BROWSER_MARKS, chromium
from draftkit.web.security import (
    MAX_BODY_BYTES,
    MAX_FIELDS,
    MAX_PART_BYTES,
    SECURITY_HEADERS,
    Guard,
    GuardMiddleware,
)
from draftkit.web.uploads import (
    MAX_UPLOAD_BYTES,
    UPLOAD_SUFFIXES,
    is_device_name,
    upload_name,
    upload_problem,
)
from web_helpers import ORIGIN, Web, make_web

# --- ASGI-level helpers: a browser's cookie jar, and the guard in front of a stub app ---


def run_asgi(app: Any, scope: dict[str, Any], incoming: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """What ``app`` sends for ``scope`` (the messages), fed ``incoming`` as it asks."""
    sent: list[dict[str, Any]] = []
    queue = list(incoming or [{"type": "http.request", "body": b"", "more_body": False}])

    async def receive() -> dict[str, Any]:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def http_scope(port: int, path: str = "/", query: str = "", cookie: str | None = None, **extra: str) -> dict[str, Any]:
    headers = [(b"host", f"127.0.0.1:{port}".encode())]
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    headers += [(k.encode(), v.encode()) for k, v in extra.items()]
    return {"type": "http", "method": "GET", "path": path, "query_string": query.encode(), "headers": headers}


class Stub:
    """The app behind the guard: answers 200 "ok" and counts the requests that reached it."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        if scope["type"] == "websocket":
            await send({"type": "websocket.accept"})
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def status_of(sent: list[dict[str, Any]]) -> int:
    return int(next(m["status"] for m in sent if m["type"] == "http.response.start"))


def set_cookie(sent: list[dict[str, Any]]) -> tuple[str, str]:
    start = next(m for m in sent if m["type"] == "http.response.start")
    header = dict(start["headers"])[b"set-cookie"].decode()
    name, _, rest = header.partition("=")
    return name, rest.split(";")[0]


# --- 1. The session cookie is scoped to its server's port ---


def test_two_servers_on_the_loopback_keep_their_own_cookies() -> None:
    # A browser keeps one cookie per name for 127.0.0.1, whatever the port, and sends it to
    # every port: opening a second draftkit web must not log the first one out.
    first, second = Guard(port=40001), Guard(port=40002)
    apps = {g.port: (GuardMiddleware(Stub(), g), g) for g in (first, second)}
    jar: dict[str, str] = {}
    for port, (app, guard) in apps.items():
        name, value = set_cookie(run_asgi(app, http_scope(port, query=f"token={guard.token}")))
        jar[name] = value
    sent_cookies = "; ".join(f"{k}={v}" for k, v in jar.items())
    for port, (app, _) in apps.items():
        assert status_of(run_asgi(app, http_scope(port, cookie=sent_cookies))) == 200


def test_a_cookie_made_for_one_server_does_not_open_another() -> None:
    # Even with the same secret (the worst case), the cookie of port A is not read by port B.
    token = "s" * 43
    one, other = Guard(port=40001, token=token), Guard(port=40002, token=token)
    name, value = set_cookie(run_asgi(GuardMiddleware(Stub(), one), http_scope(one.port, query=f"token={token}")))
    assert name == one.cookie != other.cookie
    stub = Stub()
    assert status_of(run_asgi(GuardMiddleware(stub, other), http_scope(other.port, cookie=f"{name}={value}"))) == 403
    assert stub.calls == 0


# --- 3. Every answer carries the security headers, 500s included ---


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    yield from make_web(tmp_path / "van-ban", tmp_path / "cfg")


def assert_secured(headers: Any) -> None:
    for name, value in SECURITY_HEADERS:
        assert headers[name.decode()] == value.decode()


def test_a_route_that_raises_answers_in_vietnamese_with_the_headers(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    web.start("report")
    web.post("/save", {"title": "Báo cáo tổng kết năm 2026", "date": "15/12/2026"})
    draft = web.state.out_dir / "bao-cao-2026.draft.yaml"
    before = draft.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("secret internal detail")

    monkeypatch.setattr(web.state, "check", broken)
    page = web.post("/form", {"title": "Báo cáo tổng kết năm 2026", "date": "15/12/2026", "_action": "check"})
    assert page.status_code == 500
    assert_secured(page.headers)
    assert "Có lỗi bất ngờ trong draftkit" in page.text and f"Bản nháp vẫn được giữ: {draft}" in page.text
    assert "Traceback" not in page.text and "secret internal detail" not in page.text and "ZeroDivisionError" not in page.text
    assert draft.read_bytes() == before


def test_an_error_escaping_the_app_gets_a_secured_vietnamese_page() -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("secret internal detail")

    guard = Guard(port=40003)
    sent = run_asgi(GuardMiddleware(broken, guard), http_scope(guard.port, cookie=f"{guard.cookie}={guard.token}"))
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 500
    assert set(SECURITY_HEADERS) <= set(start["headers"])
    body = b"".join(m.get("body", b"") for m in sent).decode()
    assert "Có lỗi bất ngờ trong draftkit" in body and "secret" not in body


@pytest.mark.parametrize("path", ["/khong-co", "/start"])
def test_framework_answers_are_secured_too(web: Web, path: str) -> None:
    assert_secured(web.client.get(path).headers)


# --- 4. Websockets are refused like any request; lifespan passes ---


def ws_scope(port: int, cookie: str | None = None, host: str | None = None, origin: str | None = None) -> dict[str, Any]:
    headers = [(b"host", (host or f"127.0.0.1:{port}").encode())]
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return {"type": "websocket", "path": "/ws", "query_string": b"", "headers": headers}


WS_GUARD = Guard(port=40004)
WS_COOKIE = f"{WS_GUARD.cookie}={WS_GUARD.token}"


@pytest.mark.parametrize(
    ("scope", "opened"),
    [
        (ws_scope(WS_GUARD.port, cookie=WS_COOKIE, origin=f"http://127.0.0.1:{WS_GUARD.port}"), True),
        (ws_scope(WS_GUARD.port), False),  # no token
        (ws_scope(WS_GUARD.port, cookie=f"{WS_GUARD.cookie}=wrong"), False),
        (ws_scope(WS_GUARD.port, cookie=WS_COOKIE, host="evil.example"), False),  # DNS rebinding
        (ws_scope(WS_GUARD.port, cookie=WS_COOKIE, origin="http://evil.example"), False),  # another site
    ],
)
def test_a_websocket_is_refused_like_any_request(scope: dict[str, Any], opened: bool) -> None:
    stub = Stub()
    sent = run_asgi(GuardMiddleware(stub, WS_GUARD), scope, [{"type": "websocket.connect"}])
    assert stub.calls == (1 if opened else 0)
    if not opened:
        assert sent == [{"type": "websocket.close", "code": 1008}]


def test_lifespan_passes_and_unknown_scopes_are_refused() -> None:
    stub = Stub()
    guard = GuardMiddleware(stub, WS_GUARD)

    async def nothing() -> dict[str, Any]:
        return {}

    async def drop(message: Any) -> None:
        return None

    asyncio.run(guard({"type": "lifespan"}, nothing, drop))
    assert stub.calls == 1
    with pytest.raises(RuntimeError):
        asyncio.run(guard({"type": "webtransport", "headers": []}, nothing, drop))
    assert stub.calls == 1


# --- 5. The form limits, said in Vietnamese with what to do ---


def test_too_many_fields_is_said_in_vietnamese(web: Web) -> None:
    web.start("report")
    body = "&".join(f"x{i}=1" for i in range(MAX_FIELDS + 1))
    page = web.client.post(
        "/save", content=f"_csrf={web.guard.csrf}&{body}", headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"}
    )
    assert page.status_code == 400
    assert f"quá nhiều ô cùng lúc (tối đa {MAX_FIELDS:,} ô), nên chưa lưu được.".replace(",", ".", 1) in page.text
    assert "Tải lên" in page.text
    assert "Too many" not in page.text
    assert_secured(page.headers)


def test_too_many_files_is_said_in_vietnamese(web: Web) -> None:
    web.start("awards")
    page = web.client.post(
        "/upload",
        data={"_csrf": web.guard.csrf},
        files=[("list", ("a.csv", b"STT\n1\n", "text/csv")), ("list", ("b.csv", b"STT\n1\n", "text/csv"))],
        headers={"origin": ORIGIN},
    )
    assert page.status_code == 400
    assert "Mỗi lần chỉ tải lên được 1 tệp" in page.text and "Too many" not in page.text


@pytest.mark.parametrize("multipart", [True, False])
def test_a_box_too_long_is_said_in_vietnamese(web: Web, multipart: bool) -> None:
    web.start("report")
    long_text = "a" * (MAX_PART_BYTES + 1)
    if multipart:
        page = web.client.post(
            "/save", data={"_csrf": web.guard.csrf}, files={"title": (None, long_text)}, headers={"origin": ORIGIN}
        )
    else:
        page = web.client.post("/save", data={"_csrf": web.guard.csrf, "title": long_text}, headers={"origin": ORIGIN})
    assert page.status_code == 400
    assert "quá nhiều chữ" in page.text and "Rút ngắn" in page.text
    assert "exceeded" not in page.text


def test_a_body_past_the_limit_is_said_in_vietnamese(web: Web) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(MAX_BODY_BYTES // (1024 * 1024) + 2):
            yield b"x" * (1024 * 1024)

    page = web.client.post("/save", content=chunks(), headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"})
    assert page.status_code == 413
    assert "quá lớn" in page.text and "tải danh sách lên" in page.text
    assert_secured(page.headers)


# --- 6. Uploaded names and contents ---


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("CON.csv", "danh-sach-CON.csv"),
        ("nul.xlsx", "danh-sach-nul.xlsx"),
        ("COM1.csv", "danh-sach-COM1.csv"),
        ("lpt9.xls", "danh-sach-lpt9.xls"),
        ("aux .csv", "danh-sach-aux.csv"),
        ("Aux.tar.csv", "danh-sach-Aux.tar.csv"),
        ("con .x.csv", "danh-sach-con.x.csv"),
        ("COM¹.csv", "danh-sach-COM¹.csv"),
        ("prn. .csv", "danh-sach-prn.csv"),
        ("conference.csv", "conference.csv"),  # only the exact device names
        ("com10.csv", "com10.csv"),
        ("ds.csv.", "ds.csv"),  # trailing dots and spaces: Windows drops them
        ("ds.csv . ", "ds.csv"),
        ("danh sach. .xlsx", "danh sach.xlsx"),
        ("a" * 300 + ".csv", "a" * 100 + ".csv"),
    ],
)
def test_an_uploaded_name_is_never_a_windows_device(given: str, kept: str) -> None:
    assert upload_name(given) == kept


@given(st.text(max_size=80), st.sampled_from([*UPLOAD_SUFFIXES, ".CSV", ".csv ", ".xlsx.", ""]))
def test_every_kept_name_is_a_plain_file_name(stem: str, suffix: str) -> None:
    name = upload_name(stem + suffix)
    if name is None:
        return
    assert "/" not in name and "\\" not in name and "\0" not in name
    assert name not in (".", "..") and not name.startswith(".")
    assert not name.endswith((" ", ".")) and name.endswith(UPLOAD_SUFFIXES)
    assert not is_device_name(name)
    assert all(not part.endswith(" ") for part in name.split("."))
    assert len(name) <= 110


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    return buffer.getvalue()


def small_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("ds.xlsx", bomb(), "bom nén"),
        ("ds.csv", b"x" * (MAX_UPLOAD_BYTES + 1), "Tệp quá lớn"),
        ("ds.csv", b"", "Tệp trống"),
        ("ds.xlsx", small_xlsx(), None),
        ("ds.csv", "STT,Họ và tên\n1,Nguyễn Văn An\n".encode(), None),
        ("ds.xlsx", b"PK\x03\x04 broken", None),  # not a zip: the list reader says so later
    ],
)
def test_an_upload_is_checked_before_it_is_written(name: str, data: bytes, words: str | None) -> None:
    problem = upload_problem(name, data)
    assert (problem.message if problem else None) is None if words is None else words in (problem.message if problem else "")


@pytest.mark.parametrize(("data", "words"), [(b"x" * (MAX_UPLOAD_BYTES + 1), "Tệp quá lớn"), (b"", "Tệp trống")])
def test_a_refused_upload_never_reaches_the_folder(web: Web, data: bytes, words: str) -> None:
    web.start("awards")
    page = web.client.post(
        "/upload", data={"_csrf": web.guard.csrf}, files={"list": ("ds.csv", data, "text/csv")}, headers={"origin": ORIGIN}
    )
    assert words in page.text
    assert not (web.state.out_dir / "ds.csv").exists()
    assert "awardees" not in web.state.answers or web.state.answers["awardees"] != "ds.csv"


# --- 2. The browser is opened at a private redirect file, never at the token's address ---


def test_the_redirect_file_is_private_and_leads_to_the_address(tmp_path: Path) -> None:
    import os
    import stat

    from draftkit.web.server import redirect_file

    url = "http://127.0.0.1:40005/?token=abc&x=<y>"
    path = redirect_file(url, tmp_path / "run" / "draftkit", 40005)
    assert path.parent == tmp_path / "run" / "draftkit"
    text = path.read_text(encoding="utf-8")
    assert 'content="0;url=http://127.0.0.1:40005/?token=abc&amp;x=&lt;y&gt;"' in text
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    # A file left by a killed run is replaced, never followed.
    again = redirect_file("http://127.0.0.1:40005/?token=new", path.parent, 40005)
    assert "token=new" in again.read_text(encoding="utf-8")


def test_a_folder_others_can_enter_is_closed_first(tmp_path: Path) -> None:
    import os
    import stat

    from draftkit.web.server import redirect_file

    folder = tmp_path / "shared"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    redirect_file("http://127.0.0.1:1/?token=t", folder, 1)
    if os.name == "posix":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("browser", "snaps", "under_snap"),
    [
        ("firefox_firefox.desktop", ["firefox"], True),  # Ubuntu's Firefox: a snap
        ("chromium_chromium.desktop", ["chromium"], True),
        ("firefox_firefox.desktop", [], False),  # named like a snap, but none installed
        ("firefox.desktop", ["firefox"], False),  # Debian's Firefox
        ("chromium.desktop", [], False),
        (None, [], False),
        ("../../etc_x.desktop", [], False),
    ],
)
def test_the_folder_is_one_the_default_browser_can_read(tmp_path: Path, browser: str | None, snaps: list[str], under_snap: bool) -> None:
    from draftkit.web.server import Desktop, browser_folder

    for snap in snaps:
        (tmp_path / "snap" / snap).mkdir(parents=True)
    folder = browser_folder(Desktop(home=tmp_path, env={}, windows=False, default_browser=lambda: browser))
    if under_snap:
        assert folder == tmp_path / "snap" / snaps[0] / "common" / "draftkit-web"
    else:
        assert not folder.is_relative_to(tmp_path / "snap")
        assert "draftkit" in folder.parts[-1] or "draftkit" in str(folder)


def test_serve_opens_the_file_never_the_address_and_deletes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from draftkit.web import server as server_module
    from draftkit.web.server import Desktop

    opened: list[str] = []
    said: list[str] = []
    seen: dict[str, str] = {}

    class FakeServer:
        def run(self, sockets: Any) -> None:
            # While the server runs, the file is there and leads to the address.
            from urllib.parse import unquote, urlparse

            seen["text"] = Path(unquote(urlparse(opened[0]).path)).read_text(encoding="utf-8")
            raise KeyboardInterrupt

    guard = Guard(port=40006)

    def fake_make_server(out_dir: Path, config_dir: Path | None = None) -> Any:
        import socket

        return FakeServer(), guard, socket.socket()

    monkeypatch.setattr(server_module, "make_server", fake_make_server)
    desktop = Desktop(home=tmp_path / "home", env={}, windows=False, default_browser=lambda: "firefox_firefox.desktop")
    (tmp_path / "home" / "snap" / "firefox").mkdir(parents=True)
    with pytest.raises(KeyboardInterrupt):
        server_module.serve(tmp_path / "out", open_browser=opened.append, announce=said.append, desktop=lambda: desktop)
    assert len(opened) == 1 and opened[0].startswith("file://") and guard.token not in opened[0]
    assert guard.start_url in seen["text"]
    assert any(guard.start_url in line for line in said)  # the clerk still sees the address
    assert list((tmp_path / "home" / "snap" / "firefox" / "common" / "draftkit-web").iterdir()) == []


@pytest.mark.parametrize("kind", ["file", "read-only", "proc"])
def test_an_output_folder_that_cannot_be_written_is_said_before_the_server_starts(tmp_path: Path, kind: str) -> None:
    import os

    from draftkit.errors import DraftkitError
    from draftkit.web.server import check_writable

    target = tmp_path / "van-ban"
    if kind == "file":
        target.write_text("x", encoding="utf-8")
    elif kind == "proc":
        if not Path("/proc/self").is_dir():
            pytest.skip("no /proc here")
        target = Path("/proc/draftkit-van-ban")  # no one, not even root, makes a folder there
    else:
        if os.name != "posix" or os.geteuid() == 0:
            pytest.skip("root writes into read-only folders; checked by the CLI test with a file instead")
        target.mkdir()
        target.chmod(0o500)
    with pytest.raises(DraftkitError) as refused:
        check_writable(target)
    said = "là một tệp, không phải thư mục" if kind == "file" else "Không ghi được vào thư mục"
    assert str(target) in refused.value.message and said in refused.value.message
    assert refused.value.hint and "-o" in refused.value.hint


def test_a_missing_output_folder_is_made(tmp_path: Path) -> None:
    from draftkit.web.server import check_writable

    assert check_writable(tmp_path / "a" / "b") == (tmp_path / "a" / "b").resolve()
    assert list((tmp_path / "a" / "b").iterdir()) == []  # the probe leaves nothing behind


@BROWSER_MARKS[0]
@BROWSER_MARKS[1]
def test_a_real_browser_opened_at_the_redirect_file_reaches_the_home_page(tmp_path: Path) -> None:
    import threading
    import time

    from draftkit.web.server import make_server, redirect_file

    server, guard, sock = make_server(tmp_path / "van-ban", tmp_path / "cfg")
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        path = redirect_file(guard.start_url, tmp_path / "run", guard.port)
        with chromium({"width": 1100, "height": 900}) as browser:
            page = browser.new_page()
            page.goto(path.as_uri())
            page.wait_for_url(f"http://127.0.0.1:{guard.port}/", timeout=60_000)
            page.wait_for_selector("h1")
            assert "Soạn văn bản" in page.inner_text("h1")
            assert "token" not in page.url
            page.goto(f"http://127.0.0.1:{guard.port}/form")  # the cookie keeps the session
            assert "cần mã truy cập" not in page.content()
    finally:
        server.should_exit = True
        thread.join(10)


# --- 7. A shortcut the clerk double-clicks ---


def unquote_exec(value: str) -> list[str]:
    """An Exec line read back as a desktop launcher reads it (Desktop Entry Specification:
    the string's escapes, then the quoting, then %% as %)."""
    value = value.replace("\\\\", "\\")
    args, current, quoted, i = [], "", False, 0
    while i < len(value):
        c = value[i]
        if quoted and c == "\\" and i + 1 < len(value) and value[i + 1] in '"`$\\':
            current += value[i + 1]
            i += 2
            continue
        if c == '"':
            quoted = not quoted
        elif c == " " and not quoted:
            args.append(current)
            current = ""
        else:
            current += c
        i += 1
    args.append(current)
    return [a.replace("%%", "%") for a in args]


def entry_of(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:])


def linux_place(home: Path, env: dict[str, str] | None = None) -> Any:
    from draftkit.web.shortcut import Place

    return Place(home=home, env=env or {}, windows=False, python="/usr/bin/python3")


@pytest.mark.parametrize(
    "folder",
    ["/home/vt/van-ban", "/home/vt/Văn bản 2026", '/home/vt/a"b', "/home/vt/50% $HOME `x` \\ y", "/home/vt/(khen) & thưởng;"],
)
def test_the_linux_launcher_runs_draftkit_web_for_the_folder(folder: str) -> None:
    from draftkit.web.shortcut import SHORTCUT_NAME, desktop_entry

    entry = entry_of(desktop_entry("/opt/py thon/bin/python3", folder))
    assert entry["Name"] == SHORTCUT_NAME == "Soạn văn bản (draftkit)"
    assert entry["Type"] == "Application" and entry["Terminal"] == "true"
    assert unquote_exec(entry["Exec"]) == ["/opt/py thon/bin/python3", "-m", "draftkit", "web", "-o", folder]
    assert entry["Path"].replace("\\\\", "\\") == folder


@pytest.mark.parametrize(
    ("user_dirs", "made", "desktop"),
    [
        ('XDG_DESKTOP_DIR="$HOME/Màn hình nền"\n', "Màn hình nền", "Màn hình nền"),  # a Vietnamese desktop
        ('# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR="$HOME/Desktop"\n', "Desktop", "Desktop"),
        ('XDG_DESKTOP_DIR="$HOME/"\n', "Desktop", None),  # the desktop turned off
        (None, "Desktop", "Desktop"),  # no user-dirs.dirs: ~/Desktop
        (None, None, None),  # a server with no desktop: the menu only
    ],
)
def test_linux_shortcuts_go_to_the_menu_and_the_desktop(tmp_path: Path, user_dirs: str | None, made: str | None, desktop: str | None) -> None:
    import os
    import stat

    from draftkit.web.shortcut import write_shortcuts

    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    if user_dirs is not None:
        (home / ".config" / "user-dirs.dirs").write_text(user_dirs, encoding="utf-8")
    if made is not None:
        (home / made).mkdir()
    out = tmp_path / "Văn bản"
    written = write_shortcuts(out, linux_place(home))
    expected = [home / ".local" / "share" / "applications" / "draftkit-web.desktop"]
    if desktop is not None:
        expected.append(home / desktop / "draftkit-web.desktop")
    assert written == expected
    for path in written:
        entry = entry_of(path.read_text(encoding="utf-8"))
        assert unquote_exec(entry["Exec"])[-1] == str(out)
    if desktop is not None and os.name == "posix":
        assert stat.S_IMODE(written[-1].stat().st_mode) & 0o100  # launchable


def test_a_shortcut_is_never_overwritten_without_force(tmp_path: Path) -> None:
    from draftkit.errors import DraftkitError
    from draftkit.web.shortcut import write_shortcuts

    home = tmp_path / "home"
    (home / "Desktop").mkdir(parents=True)
    first = write_shortcuts(tmp_path / "a", linux_place(home))
    with pytest.raises(DraftkitError) as refused:
        write_shortcuts(tmp_path / "b", linux_place(home))
    assert "Không ghi đè" in refused.value.message and str(first[0]) in refused.value.message
    assert refused.value.hint and "--force" in refused.value.hint
    assert all(str(tmp_path / "a") in p.read_text(encoding="utf-8") for p in first)
    write_shortcuts(tmp_path / "b", linux_place(home), force=True)
    assert all(str(tmp_path / "b") in p.read_text(encoding="utf-8") for p in first)


def windows_place(known: str | None, registry: str | None, env: dict[str, str]) -> Any:
    from draftkit.web.shortcut import Place

    return Place(
        home=Path("C:/Users/vt"),
        env=env,
        windows=True,
        python="C:\\Python312\\python.exe",
        known_desktop=lambda: known,
        registry_desktop=lambda: registry,
    )


def _no_answer() -> str | None:
    raise OSError("no such key")


@pytest.mark.parametrize(
    ("known", "registry", "env", "desktop"),
    [
        # OneDrive's redirected Desktop, as Windows itself answers.
        ("C:\\Users\\vt\\OneDrive\\Desktop", "%USERPROFILE%\\Desktop", {"USERPROFILE": "C:\\Users\\vt"}, "C:\\Users\\vt\\OneDrive\\Desktop"),
        # No answer from the API: the registry's value, its variables expanded (any case).
        (None, "%UserProfile%\\OneDrive - UBND\\Màn hình", {"USERPROFILE": "C:\\Users\\vt"}, "C:\\Users\\vt\\OneDrive - UBND\\Màn hình"),
        (None, "\\\\server\\home$\\vt\\Desktop", {}, "\\\\server\\home$\\vt\\Desktop"),  # a network share
        # Neither: the usual place.
        (None, None, {"USERPROFILE": "C:\\Users\\vt"}, "C:\\Users\\vt\\Desktop"),
        (None, None, {}, None),
    ],
)
def test_the_windows_desktop_is_the_real_one(known: str | None, registry: str | None, env: dict[str, str], desktop: str | None) -> None:
    from draftkit.web.shortcut import windows_desktop

    assert windows_desktop(windows_place(known, registry, env)) == desktop


def test_a_registry_that_cannot_be_read_falls_back() -> None:
    from draftkit.web.shortcut import Place, windows_desktop

    place = Place(home=Path("h"), env={"USERPROFILE": "C:\\U"}, windows=True, python="p", registry_desktop=_no_answer)
    assert windows_desktop(place) == "C:\\U\\Desktop"


@pytest.mark.parametrize("folder", ["D:\\Văn bản\\2026", "D:\\50% hoàn thành", "C:\\A & B (khen)"])
def test_the_windows_cmd_starts_draftkit_web_for_the_folder(tmp_path: Path, folder: str) -> None:
    from draftkit.web.shortcut import write_shortcuts

    desktop = tmp_path / "OneDrive" / "Desktop"
    desktop.mkdir(parents=True)
    written = write_shortcuts(Path(folder), windows_place(str(desktop), None, {}))
    assert written == [desktop / "Soạn văn bản (draftkit).cmd"]
    data = written[0].read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # cmd.exe would read a BOM as a command
    lines = data.decode("utf-8").split("\r\n")
    assert lines[0] == "@echo off" and lines[1] == "chcp 65001 >nul"  # UTF-8 before any Vietnamese
    assert all(line.isascii() for line in lines[:2])
    command = f'"C:\\Python312\\python.exe" -m draftkit web -o "{folder.replace("%", "%%")}"'
    assert command in lines
    assert "if errorlevel 1 pause" in lines


def test_the_cli_writes_the_shortcut_and_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from draftkit.cli import app
    from draftkit.web import shortcut

    home = tmp_path / "home"
    (home / "Desktop").mkdir(parents=True)
    monkeypatch.setattr(shortcut, "this_place", lambda: linux_place(home))
    out = tmp_path / "van-ban"
    first = CliRunner().invoke(app, ["web", "-o", str(out), "--shortcut"])
    assert first.exit_code == 0, first.output
    assert f"Đã tạo lối tắt: {home / 'Desktop' / 'draftkit-web.desktop'}" in first.output
    assert out.is_dir()
    again = CliRunner().invoke(app, ["web", "-o", str(out), "--shortcut"])
    assert again.exit_code != 0
    assert "Không ghi đè" in again.output and "--force" in again.output and "Traceback" not in again.output
    assert CliRunner().invoke(app, ["web", "-o", str(out), "--shortcut", "--force"]).exit_code == 0


# --- 8. Start-up: an output folder that cannot be written is said before the server starts ---


def test_draftkit_web_refuses_an_unwritable_folder_before_starting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from draftkit.cli import app
    from draftkit.web import server

    started: list[object] = []
    monkeypatch.setattr(server, "make_server", lambda *a, **k: started.append(a))
    blocker = tmp_path / "van-ban"
    blocker.write_text("một tệp, không phải thư mục", encoding="utf-8")
    result = CliRunner().invoke(app, ["web", "-o", str(blocker), "--no-browser"])
    assert result.exit_code == 1
    assert f"Thư mục lưu văn bản {blocker} là một tệp" in result.output and "-o" in result.output
    assert "Traceback" not in result.output
    assert started == []


def test_the_server_speaks_no_websocket_at_all(tmp_path: Path) -> None:
    # Defence in depth: the guard refuses foreign websockets, and the server has none.
    from draftkit.web.server import make_server

    server, _, sock = make_server(tmp_path / "van-ban", tmp_path / "cfg")
    sock.close()
    assert server.config.ws == "none"
