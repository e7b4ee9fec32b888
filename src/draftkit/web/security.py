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
- Bodies are capped before they are read (uploads are checked again by safefile.py).

Pure functions of the request's parts (:meth:`Guard.refusal`) so each rule is
table-tested; :class:`GuardMiddleware` applies them to every ASGI request.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

__all__ = [
    "COOKIE",
    "MAX_BODY_BYTES",
    "SAFE_METHODS",
    "Guard",
    "GuardMiddleware",
    "Refusal",
]

COOKIE = "draftkit_session"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# An office list of 30,000 awardees is a few megabytes; a report's form a few hundred KB.
MAX_BODY_BYTES = 20 * 1024 * 1024

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
            return Refusal(413, f"Dữ liệu gửi lên quá lớn (tối đa {MAX_BODY_BYTES // (1024 * 1024)} MB).")
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


class GuardMiddleware:
    """Applies :class:`Guard` to every HTTP request, and the security headers to every answer."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        query_token = query.get("token", [None])[0]
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no cookie
            cookie = SimpleCookie()
        cookie_token = cookie[COOKIE].value if COOKIE in cookie else None
        refused = self.guard.refusal(scope["method"], headers, query_token, cookie_token)

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        if refused is not None:
            await _respond(send_secured, refused.status, _refusal_page(refused.message))
            return
        if query_token is not None and self.guard.token_ok(query_token) and scope["method"] in SAFE_METHODS:
            # Trade the token for a cookie, and take it out of the address bar and history.
            cookie_header = f"{COOKIE}={self.guard.token}; HttpOnly; SameSite=Strict; Path=/"
            await _respond(send_secured, 303, b"", [(b"location", _same_site_path(scope["path"]).encode()), (b"set-cookie", cookie_header.encode())])
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
            await _respond(send_secured, 413, _refusal_page(f"Dữ liệu gửi lên quá lớn (tối đa {MAX_BODY_BYTES // (1024 * 1024)} MB)."))


async def _respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()), *(headers or [])],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _same_site_path(path: str) -> str:
    """Where to go once the token is traded: a path of this server only ("//evil.com/" is
    another site to a browser, and a line break would split the header)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path or any(ord(c) < 32 for c in path):
        return "/"
    return path
