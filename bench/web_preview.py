#!/usr/bin/env python3
"""The time ``draftkit web`` takes to make its preview section, as after each autosave.

    .venv/bin/python bench/web_preview.py

Medians of 15 runs, in-process (what the server does per POST /preview): a full report,
and a 1,000-awardee round with its list typed in the page or uploaded as a .csv; each
complete, with a required answer missing (placeholders), and with every row of the list
worded (what the 20-row limit saves). Not a test: CI does not run it.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run import awards_data  # noqa: E402

from draftkit.datafile import load_data_file  # noqa: E402
from draftkit.web.preview import preview_html, preview_section, session_preview  # noqa: E402
from draftkit.web.session import WebSession  # noqa: E402


def median_ms(run: Callable[[], object], repeats: int = 15) -> float:
    run()  # first use builds pydantic's validators
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    cases = [
        ("report (examples/xa-ngoc-trung-2026-bao-cao.yaml)", ROOT / "examples" / "xa-ngoc-trung-2026-bao-cao.yaml", "report"),
        ("round, 1,000 awardees typed in the page", awards_data(1000), "awards"),
        ("round, 1,000 awardees in an uploaded .csv", awards_data(1000, sheet=True), "awards"),
    ]
    print("| preview of | complete | a required answer missing | every list row worded | section HTML |")
    print("| --- | --- | --- | --- | --- |")
    for label, path, kind in cases:
        folder = Path(tempfile.mkdtemp(prefix="dk-preview-"))
        for listed in path.parent.glob("*.csv"):
            shutil.copy(listed, folder)
        state = WebSession(out_dir=folder, config_dir=folder / "cfg", today=lambda: date(2026, 11, 28))
        state.start(kind, resume=False)
        state.answers = {k: v for k, v in load_data_file(path).data.items() if k not in ("version", "document")}
        complete = median_ms(lambda s=state: preview_section(s, "csrf"))
        size = len(preview_section(state, "csrf").encode()) / 1024
        every = median_ms(lambda s=state: preview_html(session_preview(s, limit=None)))
        every_size = len(preview_html(session_preview(state, limit=None)).encode()) / 1024
        state.answers.pop("title" if kind == "report" else "reason")
        missing = median_ms(lambda s=state: preview_section(s, "csrf"))
        print(f"| {label} | {complete:.0f} ms | {missing:.0f} ms | {every:.0f} ms | {size:.0f} KiB ({every_size:.0f} KiB with every row) |")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
