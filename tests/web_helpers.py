"""Shared by the draftkit web tests: a client holding the session's cookie, and the
controls of a page read back as the browser would post them."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from draftkit.web.app import create_app
from draftkit.web.security import Guard
from draftkit.web.session import WebSession

PORT = 51234
ORIGIN = f"http://127.0.0.1:{PORT}"
TODAY = date(2026, 11, 28)


class Controls(HTMLParser):
    """name → value of every input, select and textarea, in page order; labels by id;
    the hint and error texts shown beside each control (by its field's data-path)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.labels: dict[str, str] = {}  # control id → label text
        self.ids: dict[str, str] = {}  # name → id
        self.hints: dict[str, str] = {}  # data-path → hint text
        self.errors: dict[str, list[str]] = {}  # data-path → messages shown beside it
        self._select: str | None = None
        self._textarea: str | None = None
        self._label_for: str | None = None
        self._capture: str | None = None  # "hint" / "error" of the current path
        self._paths: list[str] = []
        self._stack: list[str | None] = []
        self._buffer = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("div", "fieldset"):
            path = a.get("data-path")
            self._stack.append(path)
            if path:
                self._paths.append(path)
        if tag == "input" and a.get("type") not in ("file", "checkbox", "submit") and "name" in a:
            self.values[a["name"]] = a.get("value", "")
            self.ids[a["name"]] = a.get("id", "")
        elif tag == "select":
            self._select = a["name"]
            self.ids[a["name"]] = a.get("id", "")
            self.values.setdefault(a["name"], "")
        elif tag == "option" and self._select is not None and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "option" and self._select is not None and self.values.get(self._select) == "" and not a.get("value"):
            pass
        elif tag == "textarea":
            self._textarea = a["name"]
            self.ids[a["name"]] = a.get("id", "")
            self._buffer = ""
        elif tag == "label" and "for" in a:
            self._label_for = a["for"]
            self._buffer = ""
        elif tag == "p" and a.get("class") == "hint" and self._paths:
            self._capture, self._buffer = "hint", ""
        elif tag == "li" and self._paths and self._capture == "errors":
            self._buffer = ""
        elif tag == "ul" and "errors" in a.get("class", "") and "summary" not in a.get("class", "") and self._paths:
            self._capture = "errors"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("div", "fieldset") and self._stack:
            path = self._stack.pop()
            if path:
                self._paths.pop()
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.values[self._textarea] = self._buffer
            self._textarea = None
        elif tag == "label" and self._label_for is not None:
            self.labels[self._label_for] = self._buffer.split("*")[0].strip()
            self._label_for = None
        elif tag == "p" and self._capture == "hint":
            self.hints[self._paths[-1]] = self._buffer.strip()
            self._capture = None
        elif tag == "li" and self._capture == "errors":
            self.errors.setdefault(self._paths[-1], []).append(self._buffer.split("Gợi ý:")[0].strip())
        elif tag == "ul" and self._capture == "errors":
            self._capture = None

    def handle_data(self, data: str) -> None:
        self._buffer += data

    def first_select_defaults(self) -> None:  # pragma: no cover - selects always mark one
        pass

    def label_of(self, name: str) -> str:
        return self.labels.get(self.ids.get(name, ""), "")


def controls_of(html: str) -> Controls:
    parser = Controls()
    parser.feed(html)
    return parser


@dataclass
class Web:
    client: Any
    guard: Guard
    state: WebSession

    def post(self, url: str, data: dict[str, str], **kwargs: Any) -> Any:
        # As a page freshly loaded would send: its CSRF token and the revision of the
        # document now open (a test of a stale page passes its own "_rev").
        sent = {"_csrf": self.guard.csrf, "_rev": self.state.revision, **data}
        return self.client.post(url, data=sent, headers={"origin": ORIGIN}, **kwargs)

    def start(self, document: str, resume: bool = False) -> Any:
        return self.post("/start", {"document": document, "resume": "1" if resume else "0"})

    def form(self) -> Controls:
        page = self.client.get("/form")
        assert page.status_code == 200, page.text
        return controls_of(page.text)


def make_web(out_dir: Path, config_dir: Path | None = None, logged_in: bool = True) -> Iterator[Web]:
    with warnings.catch_warnings():
        # starlette's TestClient on httpx warns that httpx2 is preferred; both work.
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    guard = Guard(port=PORT)
    state = WebSession(out_dir=out_dir, config_dir=config_dir or out_dir.parent / "cfg", today=lambda: TODAY)
    client = TestClient(create_app(guard, state), base_url=ORIGIN, raise_server_exceptions=False)
    if logged_in:
        client.cookies.set(guard.cookie, guard.token)
    # Not entered as a context manager: the app has no lifespan, and a client left open
    # by a failing test must not hold the interpreter at exit.
    yield Web(client, guard, state)
