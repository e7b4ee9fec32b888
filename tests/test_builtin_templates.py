"""The built-in templates are what tools/build_templates.py makes from the rules."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from draftkit.template_search import KINDS, STYLES, builtin_template


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "tools" / "build_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    _builder().build_all(folder)
    return folder


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("style", STYLES)
def test_committed_template_matches_the_rules(kind: str, style: str, rebuilt: Path) -> None:
    committed = zipfile.ZipFile(builtin_template(kind, style))
    fresh = zipfile.ZipFile(rebuilt / f"{kind}-{style}.docx")
    parts = [n for n in fresh.namelist() if n.startswith("word/") and n.endswith(".xml")]
    assert parts and sorted(parts) == sorted(n for n in committed.namelist() if n in parts)
    for part in parts:
        assert committed.read(part) == fresh.read(part), (
            f"{kind}-{style}.docx: {part} differs; run `python tools/build_templates.py`"
        )
