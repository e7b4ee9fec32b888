"""The security envelope of ``draftkit web``: who may talk to the local server.

The server listens on 127.0.0.1 only, on a port the system picks, so nothing on the
network reaches it. What is left are other programs and users of the same machine and
web pages open in the clerk's browser; each rule below answers one of them:

- A random token (256 bits) is in the address the browser is opened at; the first visit
  trades it for an HttpOnly, SameSite=Strict cookie and drops it from the address bar.
  Every request needs the cookie (or the token): another user of the machine, who can
  connect to the port, cannot use the session.
- The Host header must name 127.0.0.1 or localhost with our port: a web page that points
  its own domain at 127.0.0.1 (DNS rebinding) is refused.
- A request whose Origin is not this server is refused, and every change (POST) must
  carry an Origin and the page's CSRF token: another site cannot post into the form.
- The cookie's name carries the port: browsers send a 127.0.0.1 cookie to every port of
  that address, so two servers (another draftkit web, another user's program) would
  otherwise read and overwrite each other's; a cookie made for one server never opens
  another (each run has its own token too).
- Bodies are capped before they are read (uploads are checked again by safefile.py), and
  posted forms are parsed with the limits below (:data:`MAX_FIELDS`...), the one place
  that sets them; what the framework answers when one is passed is said in Vietnamese
  (:func:`form_limit_message`).

Pure functions of the request's parts (:meth:`Guard.refusal`) so each rule is
table-tested; :class:`GuardMiddleware` wraps the whole app (outside Starlette's own error
layer, so a 500 carries the headers too) and applies them to every HTTP request and
websocket.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

__all__ = [
    "COOKIE",
    "MAX_BODY_BYTES",
    "MAX_FIELDS",
    "MAX_FILES",
    "MAX_PART_BYTES",
    "SAFE_METHODS",
    "Guard",
    "GuardMiddleware",
    "Refusal",
    "form_limit_message",
]

log = logging.getLogger("draftkit.web")

COOKIE = "draftkit_session"
"""The start of the cookie's name; :attr:`Guard.cookie` adds the port."""
SAFE_METHODS = frozenset({"GET", "HEAD"})

# The limits of what one request may carry: the one place they are set (app.py parses
# every posted form with them). A list edited on the page posts a handful of fields a
# row, so a long list needs MAX_FIELDS raised here, not elsewhere.
# An office list of 30,000 awardees is a few megabytes; a report's form a few hundred KB.
MAX_BODY_BYTES = 20 * 1024 * 1024
MAX_FIELDS = 20_000  # a long report has a few thousand boxes
MAX_FILES = 1  # one upload at a time
MAX_PART_BYTES = 1024 * 1024  # one box of text (a file part is capped by MAX_BODY_BYTES)

# Sent with every answer: no page may frame ours, load outside scripts or leak the
# address (and its token) to another site.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    # "same-origin", not "no-referrer": under no-referrer Chromium sends "Origin: null" with
    # the page's own form posts, which the Origin check must refuse.
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: the HTTP status and the Vietnamese message shown."""

    status: int
    message: str


@dataclass(frozen=True)
class Guard:
    """The secrets and the address of one server run."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    @property
    def origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}" for host in self.hosts)

    @property
    def cookie(self) -> str:
        """The session cookie's name, for this port only (see the module's docstring)."""
        return f"{COOKIE}_{self.port}"

    @property
    def start_url(self) -> str:
        """The address the browser is opened at (the token is traded for a cookie there)."""
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def csrf_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.csrf.encode())

    def refusal(
        self,
        method: str,
        headers: Mapping[str, str],
        query_token: str | None,
        cookie_token: str | None,
    ) -> Refusal | None:
        """Why this request may not reach the app, or None. ``headers`` keys are lower case."""
        host = headers.get("host")
        if host not in self.hosts:
            return Refusal(400, "Địa chỉ máy chủ không đúng: chỉ mở draftkit tại địa chỉ 127.0.0.1 mà lệnh draftkit web đã in ra.")
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return Refusal(403, "Yêu cầu đến từ một trang khác, không phải trang của draftkit: đã từ chối.")
        if method not in SAFE_METHODS and origin is None:
            return Refusal(403, "Yêu cầu thay đổi không cho biết nguồn gửi (Origin): đã từ chối.")
        if not (self.token_ok(cookie_token) or self.token_ok(query_token)):
            return Refusal(
                403,
                "Phiên làm việc này cần mã truy cập: mở đúng địa chỉ (có “?token=…”) mà lệnh draftkit web đã in ra.",
            )
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return Refusal(413, TOO_LARGE)
        return None


TOO_LARGE = (
    f"Dữ liệu gửi lên quá lớn (tối đa {MAX_BODY_BYTES // (1024 * 1024)} MB), nên không nhận. "
    "Nếu là tệp danh sách: chỉ giữ bảng danh sách trong tệp (xóa các trang tính, hình ảnh khác) rồi tải lên lại; "
    "nếu là danh sách rất dài nhập trên trang: tải danh sách lên dưới dạng tệp Excel hoặc CSV."
)

def _grouped(number: int) -> str:
    """20000 → "20.000", as figures are written in Vietnamese."""
    return f"{number:,}".replace(",", ".")


# Starlette's answers when a posted form passes a limit (its MultiPartException texts,
# starlette/formparsers.py; tests/test_web_security2.py fails when they change), in the
# clerk's words and with what to do.
_FORM_LIMITS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^Too many fields"),
        f"Trang gửi lên quá nhiều ô cùng lúc (tối đa {_grouped(MAX_FIELDS)} ô), nên chưa lưu được. "
        "Nếu đang nhập một danh sách rất dài trên trang: lưu danh sách đó thành tệp Excel hoặc CSV "
        "rồi dùng nút “Tải lên” thay vì nhập từng ô.",
    ),
    (
        re.compile(r"^Too many files"),
        f"Mỗi lần chỉ tải lên được {MAX_FILES} tệp. Chọn một tệp rồi bấm “Tải lên”; tải tệp khác ở lần sau.",
    ),
    (
        re.compile(r"^(Field|Part) exceeded maximum size"),
        f"Có một ô chứa quá nhiều chữ (tối đa {MAX_PART_BYTES // 1024} KB một ô), nên chưa lưu được. "
        "Rút ngắn nội dung ô đó (chép phần dài vào văn bản sau khi tạo) rồi thử lại.",
    ),
)


def form_limit_message(detail: str) -> str | None:
    """The Vietnamese answer to the framework's ``detail`` of a refused form, or None when it
    is not one of the form limits."""
    for pattern, message in _FORM_LIMITS:
        if pattern.search(detail):
            return message
    return None


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(Exception):
    """A body without (or lying about) its length went past MAX_BODY_BYTES."""


def _refusal_page(message: str) -> bytes:
    from html import escape

    return (
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>draftkit</title>'
        f"<body><h1>Không mở được</h1><p>{escape(message)}</p></body></html>"
    ).encode()


def _onward_page(target: str) -> bytes:
    from html import escape

    link = escape(target, quote=True)
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0;url={link}"><title>draftkit</title></head>'
        f'<body><p>Đang mở draftkit… <a href="{link}">Bấm vào đây nếu trang không tự mở.</a></p></body></html>'
    ).encode()


class GuardMiddleware:
    """The outermost layer of the app: applies :class:`Guard` to every HTTP request and
    websocket, and the security headers to every answer (500 pages included: it sits outside
    Starlette's ServerErrorMiddleware, and answers an error that escapes it itself)."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self.app(scope, receive, send)
            return
        if kind not in ("http", "websocket"):
            # No other kind of connection is ours: nothing reaches the app unchecked.
            raise RuntimeError(f"draftkit web: unexpected ASGI scope type {kind!r}")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        query_token = query.get("token", [None])[0]
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no cookie
            cookie = SimpleCookie()
        name = self.guard.cookie
        cookie_token = cookie[name].value if name in cookie else None
        # A websocket opens with a GET; its Origin is checked as any request's.
        method = scope.get("method", "GET")
        refused = self.guard.refusal(method, headers, query_token, cookie_token)
        if kind == "websocket":
            if refused is not None:
                # Closing before accepting: the server answers the handshake with 403.
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return

        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        if refused is not None:
            await _refuse(send_secured, scope["path"], refused.status, refused.message)
            return
        if query_token is not None and self.guard.token_ok(query_token) and method in SAFE_METHODS:
            # Trade the token for a cookie, and take it out of the address bar and history.
            # A page that moves on by itself, not a 303: the browser is opened at a local
            # file (see server.py), and a redirect chain begun there is cross-site, so a
            # SameSite=Strict cookie would not be sent on the 303's next request; this
            # page's own navigation is same-site.
            cookie_header = f"{name}={self.guard.token}; HttpOnly; SameSite=Strict; Path=/"
            target = _same_site_path(scope["path"])
            await _respond(send_secured, 200, _onward_page(target), [(b"set-cookie", cookie_header.encode())])
            return
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, capped_receive, send_secured)
        except BodyTooLarge:
            if not started:
                await _refuse(send_secured, scope["path"], 413, TOO_LARGE)
        except Exception as error:
            # Starlette's error layer has answered with the app's page (and logged) before
            # raising again; whatever escapes before an answer started gets ours, never a
            # trace. Re-raising would only make the server print the trace twice.
            if not started:
                log.error("Lỗi trong draftkit web", exc_info=error)
                await _respond(send_secured, 500, _refusal_page(SERVER_ERROR))


SERVER_ERROR = "Có lỗi bất ngờ trong draftkit. Bản nháp đã lưu vẫn được giữ; tải lại trang rồi thử lại."


async def _refuse(send: Send, path: str, status: int, message: str) -> None:
    """A refusal as a page, or to the autosave (app.js) as JSON: it shows the words."""
    if path == "/save":
        body = json.dumps({"error": message}, ensure_ascii=False).encode()
        await _respond(send, status, body, content_type=b"application/json")
    else:
        await _respond(send, status, _refusal_page(message))


async def _respond(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None, content_type: bytes = b"text/html; charset=utf-8"
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *(headers or [])],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _same_site_path(path: str) -> str:
    """Where to go once the token is traded: a path of this server only ("//evil.com/" is
    another site to a browser, and a line break would split the header)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path or any(ord(c) < 32 for c in path):
        return "/"
    return path
