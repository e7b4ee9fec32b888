"""Screenshots of ``draftkit web`` to look at, and page 1 of every document it made.

Runs the clerk's walkthrough (tests/test_web_walkthrough.py) in headless chromium with
$DRAFTKIT_SCREENSHOTS set to the folder given, so the pictures are the ones the test
checked: the start page, the report form (top, indicators, a field error), the preview,
the round's uploaded list with its warnings, the done pages, the round at 1366×768 and at
200% zoom, and each downloaded document's first page as LibreOffice prints it.

    .venv/bin/python tools/web_screenshots.py /tmp/anh-chup

Needs Playwright and Debian's chromium (as the test does); LibreOffice and pdftoppm for the
document pages.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where the PNGs go (made if missing)")
    args = parser.parse_args(argv)
    folder: Path = args.folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DRAFTKIT_SCREENSHOTS": str(folder)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
         str(ROOT / "tests" / "test_web_walkthrough.py")],
        cwd=ROOT,
        env=env,
        check=False,
    )
    for picture in sorted(folder.glob("*.png")):
        print(picture)
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
