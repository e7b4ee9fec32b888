"""Debian's chromium driven by Playwright, for the browser tests of ``draftkit web``.

Playwright uses the system chromium (it downloads no browser of its own); the tests that
import this are skipped, with the reason, where chromium or Playwright is missing, and
.ci/run installs both.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        sync_playwright is None or not Path(CHROMIUM).exists(),
        reason="needs Playwright (pip install playwright) and Debian's chromium (apt-get install chromium); .ci/run installs both",
    ),
]

# Headless, no sandbox (CI containers run as root), nothing fetched from the network.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # a CI container's /dev/shm may be tiny
]


@contextmanager
def chromium(viewport: dict[str, int], **options: Any) -> Iterator[Any]:
    """A fresh chromium (a new, empty profile) as a Playwright browser context."""
    assert sync_playwright is not None
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            accept_downloads=True,
            viewport=viewport,
            locale="vi-VN",
            **options,
        )
        # Generous: writing a round on a loaded CI machine can take many seconds.
        context.set_default_timeout(120_000)
        context.set_default_navigation_timeout(120_000)
        try:
            yield context
        finally:
            context.close()
