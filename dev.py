#!/usr/bin/env python3
"""Set up draftkit in a virtual environment and run one task; needs only Python 3.

    python3 dev.py demo    # set up, then write the example documents into out/
    python3 dev.py test    # set up with the test tools, then lint, type-check and test
    python3 dev.py wheel   # build the wheel a clerk installs (dist/draftkit_vn-*.whl)

Debian and Ubuntu refuse a system-wide pip install, so everything goes into .venv/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True)


def ensure_venv(extras: str) -> None:
    if not PYTHON.exists():
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (subprocess.CalledProcessError, OSError):
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit(
                "Không tạo được môi trường ảo (.venv). Trên Debian/Ubuntu, cài gói python3-venv:\n"
                "    sudo apt-get install python3-venv\n"
                "rồi chạy lại lệnh này."
            )
    target = f".[{extras}]" if extras else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target)


def demo() -> None:
    ensure_venv("")
    out = ROOT / "out"
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        run(BIN / "draftkit", "render", example, "-o", out, "--force")
    print(f"\nCác văn bản mẫu nằm trong {out}")


def test() -> None:
    ensure_venv("test")
    run(PYTHON, "-m", "ruff", "check", "src", "tests", "tools", "bench", "dev.py")
    run(PYTHON, "-m", "mypy")
    run(PYTHON, "-m", "pytest", "-q")


def wheel() -> None:
    # The distribution is draftkit-vn: "draftkit" on PyPI belongs to another project.
    ensure_venv("test")
    run(PYTHON, "-m", "build", "--wheel", "--outdir", ROOT / "dist", ROOT)
    print(f"\nGói cài đặt nằm trong {ROOT / 'dist'} (cài thử: pipx install dist/draftkit_vn-*.whl)")


TASKS = {"demo": demo, "test": test, "wheel": wheel}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in TASKS:
        sys.exit(__doc__)
    try:
        TASKS[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
