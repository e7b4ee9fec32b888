"""The security envelope of draftkit web: who may use the session, what may be posted,
what may be downloaded, and what a failure shows (issue 17)."""

from __future__ import annotations

import copy
import io
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from draftkit.web.app import upload_name
from draftkit.web.security import COOKIE, MAX_BODY_BYTES, Guard
from draftkit.web.server import bind_local
from web_helpers import ORIGIN, PORT, Web, make_web

GUARD = Guard(port=PORT, token="t" * 43, csrf="c" * 43)
HOST = f"127.0.0.1:{PORT}"
TOKEN = GUARD.token


@pytest.mark.parametrize(
    ("method", "headers", "query", "cookie", "status"),
    [
        ("GET", {"host": HOST}, None, TOKEN, None),
        ("GET", {"host": f"localhost:{PORT}"}, None, TOKEN, None),
        ("GET", {"host": HOST}, TOKEN, None, None),  # the address the browser was opened at
        ("POST", {"host": HOST, "origin": ORIGIN}, None, TOKEN, None),
        # No token, a wrong one, or one of another run: another user of the machine.
        ("GET", {"host": HOST}, None, None, 403),
        ("GET", {"host": HOST}, "x" * 43, None, 403),
        ("GET", {"host": HOST}, None, TOKEN[:-1], 403),
        ("GET", {"host": HOST}, None, "", 403),
        # DNS rebinding: a site's own name pointed at 127.0.0.1, or another port.
        ("GET", {"host": f"evil.example:{PORT}"}, None, TOKEN, 400),
        ("GET", {"host": "127.0.0.1"}, None, TOKEN, 400),
        ("GET", {"host": f"127.0.0.1:{PORT + 1}"}, None, TOKEN, 400),
        ("GET", {}, None, TOKEN, 400),
        # Another site's page posting (or fetching) into ours.
        ("POST", {"host": HOST, "origin": "http://evil.example"}, None, TOKEN, 403),
        ("POST", {"host": HOST, "origin": "null"}, None, TOKEN, 403),
        ("POST", {"host": HOST}, None, TOKEN, 403),
        ("GET", {"host": HOST, "origin": f"http://127.0.0.1:{PORT + 1}"}, None, TOKEN, 403),
        # A body announced larger than any list we read.
        ("POST", {"host": HOST, "origin": ORIGIN, "content-length": str(MAX_BODY_BYTES + 1)}, None, TOKEN, 413),
        ("POST", {"host": HOST, "origin": ORIGIN, "content-length": "-1"}, None, TOKEN, 413),
    ],
)
def test_refusals(method: str, headers: dict[str, str], query: str | None, cookie: str | None, status: int | None) -> None:
    refused = GUARD.refusal(method, headers, query, cookie)
    assert (refused.status if refused else None) == status
    if refused is not None:
        assert refused.message and "Traceback" not in refused.message


def test_each_run_has_its_own_secrets() -> None:
    first, second = Guard(port=1), Guard(port=1)
    assert first.token != second.token and first.csrf != second.csrf
    assert len(first.token) >= 43  # 256 bits
    assert first.start_url == f"http://127.0.0.1:1/?token={first.token}"


def test_the_server_listens_on_the_loopback_only_on_a_free_port() -> None:
    one, two = bind_local(), bind_local()
    try:
        assert one.getsockname()[0] == "127.0.0.1"
        assert one.getsockname()[1] != two.getsockname()[1]
        assert one.family == socket.AF_INET
    finally:
        one.close()
        two.close()


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    yield from make_web(tmp_path / "van-ban")


@pytest.fixture
def stranger(tmp_path: Path) -> Iterator[Web]:
    yield from make_web(tmp_path / "van-ban", logged_in=False)


def test_a_request_without_the_token_is_refused(stranger: Web) -> None:
    for path in ("/", "/form", "/done", "/download/bao-cao-2026.docx", "/static/app.js"):
        page = stranger.client.get(path)
        assert page.status_code == 403
        assert "cần mã truy cập" in page.text
    posted = stranger.post("/start", {"document": "report", "resume": "0"})
    assert posted.status_code == 403
    assert stranger.state.kind is None


def test_the_token_becomes_a_cookie_and_leaves_the_address(stranger: Web) -> None:
    first = stranger.client.get(f"/?token={stranger.guard.token}", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/"
    cookie = first.headers["set-cookie"]
    assert f"{COOKIE}={stranger.guard.token}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert stranger.client.get("/").status_code == 200  # the cookie is enough from now on


def test_every_page_forbids_framing_and_outside_scripts(web: Web) -> None:
    for path in ("/", "/static/app.js"):
        headers = web.client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"


def test_a_post_without_the_csrf_token_changes_nothing(web: Web) -> None:
    for csrf in (None, "", "wrong", web.guard.csrf[:-1]):
        data = {"document": "report", "resume": "0"} | ({"_csrf": csrf} if csrf is not None else {})
        page = web.client.post("/start", data=data, headers={"origin": ORIGIN})
        assert page.status_code == 403
        assert "CSRF" in page.text
    assert web.state.kind is None


def test_a_post_from_another_site_changes_nothing(web: Web) -> None:
    web.start("report")
    page = web.client.post(
        "/save", data={"_csrf": web.guard.csrf, "title": "injected"}, headers={"origin": "http://evil.example"}
    )
    assert page.status_code == 403
    assert "title" not in web.state.answers


def test_a_wrong_host_is_refused(web: Web) -> None:
    page = web.client.get("/", headers={"host": "attacker.example"})
    assert page.status_code == 400
    assert "127.0.0.1" in page.text


def test_a_streamed_body_past_the_limit_is_cut(web: Web) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(MAX_BODY_BYTES // (1024 * 1024) + 2):
            yield b"x" * (1024 * 1024)

    page = web.client.post(
        "/save", content=chunks(), headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"}
    )
    assert page.status_code == 413


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("danh sach.xlsx", "danh sach.xlsx"),
        ("DS.XLSX", "DS.xlsx"),
        ("../../etc/cron.d/x.csv", "x.csv"),
        ("C:\\Users\\van thu\\khen-thuong.xls", "khen-thuong.xls"),
        ("danh-sách-2026.csv", "danh-sách-2026.csv"),
        ("..csv", "danh-sach.csv"),
        ("virus.exe", None),
        ("list.xlsx.exe", None),
        ("noextension", None),
        ("", None),
    ],
)
def test_uploaded_names_stay_in_the_folder(given: str, kept: str | None) -> None:
    assert upload_name(given) == kept


def upload(web: Web, name: str, content: bytes) -> str:
    page = web.client.post(
        "/upload",
        data={"_csrf": web.guard.csrf},
        files={"list": (name, content, "application/octet-stream")},
        headers={"origin": ORIGIN},
    )
    assert page.status_code == 200, page.text
    return page.text


def test_an_upload_of_another_type_is_refused(web: Web) -> None:
    web.start("awards")
    page = upload(web, "virus.exe", b"MZ...")
    assert "Chỉ nhận tệp danh sách .xlsx, .xls hoặc .csv." in page
    assert not (web.state.out_dir / "virus.exe").exists()


def test_a_zip_bomb_posing_as_a_list_is_refused_before_it_is_unpacked(web: Web) -> None:
    web.start("awards")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    page = upload(web, "danh-sach.xlsx", buffer.getvalue())
    assert "danh-sach.xlsx" in page
    assert "nén" in page.split("Đang dùng tệp")[1], page.split("awardees")[-1][:2000]


def test_only_the_files_just_written_can_be_downloaded(web: Web, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("no", encoding="utf-8")
    for path in ("/download/secret.txt", "/download/..%2Fsecret.txt", "/download/%2E%2E/secret.txt", "/static/../../secret.txt"):
        page = web.client.get(path)
        assert page.text != "no"
        assert page.status_code in (200, 404)
        assert page.text != "no"


def test_a_server_error_shows_a_message_and_keeps_the_draft(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    web.start("report")
    web.post("/save", {"title": "Báo cáo tổng kết năm 2026", "date": "15/12/2026"})
    draft = web.state.out_dir / "bao-cao-2026.draft.yaml"
    assert draft.is_file()

    def broken(force: bool = False) -> None:
        raise RuntimeError("internal detail that must not reach the page")

    monkeypatch.setattr(web.state, "write", broken)
    page = web.post("/form", {"title": "Báo cáo tổng kết năm 2026", "date": "15/12/2026", "_action": "render"})
    assert page.status_code == 500
    assert "Có lỗi bất ngờ trong draftkit, văn bản chưa được tạo." in page.text
    assert f"Bản nháp vẫn được giữ: {draft}." in page.text
    assert "Traceback" not in page.text and "internal detail" not in page.text and "RuntimeError" not in page.text
    assert "Báo cáo tổng kết năm 2026" in draft.read_text(encoding="utf-8")


def test_other_commands_load_nothing_of_the_web_stack() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from draftkit import cli\n"
        "try:\n    cli.app(['web', '--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'multipart', 'h11') or m.startswith('draftkit.web')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
    assert "web" in out  # the help was printed: the command is there


def test_draftkit_web_listens_on_the_loopback_with_a_token(tmp_path: Path) -> None:
    import os
    import re
    import signal
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "draftkit", "web", "-o", str(tmp_path / "van-ban"), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]{43})", first)
        assert match, first
        base = f"http://127.0.0.1:{match.group(1)}/"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base, timeout=10)
        assert refused.value.code == 403

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None

        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as traded:
            opener.open(f"{base}?token={match.group(2)}", timeout=10)
        assert traded.value.code == 303
        assert f"draftkit_session={match.group(2)}" in traded.value.headers["set-cookie"]
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    assert "Đã dừng draftkit web; bản nháp được giữ" in output
    assert "Traceback" not in output


@pytest.mark.parametrize("url", ["/save", "/form"])
def test_a_page_from_before_another_document_was_started_never_saves_over_it(url: str, tmp_path: Path) -> None:
    # An old report tab autosaving (or pressing a button) after an awards round was started
    # in another tab: the round's answers stay as they were, and the page says why.
    for web in make_web(tmp_path / "out", tmp_path / "config"):
        web.start("report")
        stale = web.state.revision
        web.start("awards")
        web.post("/save", {"reason": "Đã có thành tích xuất sắc năm 2026"})
        before = copy.deepcopy(web.state.answers)
        draft = web.state.draft.path if web.state.draft else None
        saved = draft.read_bytes() if draft is not None and draft.exists() else None
        answer = web.post(url, {"_rev": stale, "period.year": "2024", "title": "Báo cáo cũ"})
        assert answer.status_code == 409
        assert "Trang này đã cũ" in (answer.json()["stale"] if url == "/save" else answer.text)
        assert web.state.answers == before
        assert (draft.read_bytes() if draft is not None and draft.exists() else None) == saved
        assert web.post(url, {"reason": "Đã có thành tích"}).status_code in (200, 303)


@pytest.mark.parametrize(
    ("path", "goes_to"),
    [("/form", "/form"), ("//evil.example/", "/"), ("/\\evil.example", "/"), ("/a\r\nSet-Cookie: x=1", "/")],
)
def test_trading_the_token_never_sends_the_browser_to_another_site(path: str, goes_to: str) -> None:
    from draftkit.web.security import _same_site_path

    assert _same_site_path(path) == goes_to


def test_an_uploaded_list_never_replaces_a_file_of_the_same_name(tmp_path: Path) -> None:
    for web in make_web(tmp_path / "out", tmp_path / "config"):
        web.start("awards")
        own = tmp_path / "out" / "ds.csv"
        own.write_text("STT,Họ và tên\n1,Danh sách của văn phòng\n", encoding="utf-8")
        sent = "STT,Họ và tên,Chức vụ\n1,Nguyễn Văn An,Trưởng thôn\n".encode()
        web.client.post(
            "/upload",
            data={"_csrf": web.guard.csrf},
            files={"list": ("ds.csv", sent, "text/csv")},
            headers={"origin": ORIGIN},
        )
        assert own.read_text(encoding="utf-8") == "STT,Họ và tên\n1,Danh sách của văn phòng\n"
        assert (tmp_path / "out" / "ds-2.csv").read_bytes() == sent
        assert web.state.answers["awardees"] == "ds-2.csv"


EXAMPLE_REPORT = Path(__file__).resolve().parents[1] / "examples" / "ngoc-lac-2023-bao-cao.yaml"


def _start_from(web: Web, filename: str) -> Any:
    return web.client.post(
        "/start-from",
        data={"_csrf": web.guard.csrf, "document": "report"},
        files={"data": (filename, EXAMPLE_REPORT.read_bytes(), "application/yaml")},
        headers={"origin": ORIGIN},
    )


def test_starting_from_last_years_file_never_overwrites_an_unfinished_draft(tmp_path: Path) -> None:
    for web in make_web(tmp_path / "out", tmp_path / "config"):
        web.start("report")
        web.post("/save", {"title": "Báo cáo đang soạn dở", "date": "15/12/2026"})
        draft = web.state.existing_draft("report")
        assert draft is not None
        before = draft.read_bytes()
        answer = _start_from(web, "bao-cao-2023.yaml")
        assert "Đang có bản nháp chưa xong" in answer.text
        assert draft.read_bytes() == before


@pytest.mark.parametrize("filename", ["D:bao-cao-2023.yaml", "..", "C:\\Users\\van thu\\bao-cao-2023.yaml", 'a"b|c.yaml'])
def test_a_data_file_name_cannot_leave_the_temporary_folder(filename: str, tmp_path: Path) -> None:
    for web in make_web(tmp_path / "out", tmp_path / "config"):
        answer = _start_from(web, filename)
        assert answer.status_code in (200, 303), answer.text
        web.post("/start-from/carry", {"carry": "1"})  # the carry question, answered
        assert web.state.kind is not None and web.state.answers.get("title")
        assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.endswith(".draft.yaml")) == []


@pytest.mark.parametrize(("method", "url", "code", "words"), [("GET", "/khong-co", 404, "Không có trang"), ("GET", "/start", 405, "không mở trực tiếp")])
def test_framework_errors_are_said_in_vietnamese(method: str, url: str, code: int, words: str, tmp_path: Path) -> None:
    for web in make_web(tmp_path / "out", tmp_path / "config"):
        answer = web.client.request(method, url)
        assert answer.status_code == code
        assert words in answer.text
        assert "Not Found" not in answer.text and "Method Not Allowed" not in answer.text
