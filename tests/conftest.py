from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CASES = SHARED / "cases"
EXAMPLES = ROOT / "examples"

sys.path.insert(0, str(Path(__file__).parent))


def shared_case(name: str, fallback: str) -> Path:
    """A case file from ../shared/cases (beside the clone in CI and here), else our copy."""
    path = CASES / "ngoc-lac-2023" / name
    return path if path.exists() else EXAMPLES / fallback


NGOC_LAC_REPORT = shared_case("report.yaml", "ngoc-lac-2023-bao-cao.yaml")
# The shared awards case writes one value unquoted inside {...}; our example quotes it.
NGOC_LAC_AWARDS = shared_case("awards.yaml", "ngoc-lac-2023-khen-thuong.yaml")


@pytest.fixture
def ngoc_lac_report() -> Path:
    return NGOC_LAC_REPORT


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


needs_libreoffice = pytest.mark.skipif(
    soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed; "
    "apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils",
)


@pytest.fixture(autouse=True)
def private_config_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real user's config folder (office templates, profile)."""
    home = tmp_path_factory.mktemp("config-home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    return home
