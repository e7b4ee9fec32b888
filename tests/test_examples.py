"""Every example renders, and every document it makes passes draftkit's own check."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from draftkit.check import check_document
from draftkit.pipeline import render_file

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def test_there_are_examples_of_each_document_and_style() -> None:
    names = {p.name for p in EXAMPLE_FILES}
    assert {
        "ngoc-lac-2023-bao-cao.yaml",
        "ngoc-lac-2023-bao-cao-dang.yaml",
        "ngoc-lac-2023-khen-thuong.yaml",
        "huyen-uy-ngoc-lac-2023-khen-thuong.yaml",
    } <= names


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_renders_and_passes_check(example: Path, tmp_path: Path) -> None:
    result = render_file(example, tmp_path)
    assert result.warnings == []
    for document in result.documents:
        report = check_document(document)
        assert report.ok, [f"{f.rule_id}: {f.where}: {f.found}" for f in report.errors]
        assert report.style == ("party" if "dang" in example.stem or "huyen-uy" in example.stem else "state")


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_without_a_number_the_documents_still_pass_check(example: Path, tmp_path: Path) -> None:
    """The number is often left blank for the văn thư to fill in when the document is issued."""
    import yaml

    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data.pop("number", None)
    blank = tmp_path / example.name
    blank.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for document in render_file(blank, tmp_path / "out").documents:
        report = check_document(document)
        assert report.ok, [f"{f.rule_id}: {f.where}: {f.found}" for f in report.errors]
