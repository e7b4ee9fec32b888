"""PDF through LibreOffice: checked results, clear failures, safe in parallel."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import needs_libreoffice
from draftkit.cli import app
from draftkit.errors import ConversionError
from draftkit.pdf import convert_to_pdf, font_warnings, pdf_page_count
from draftkit.pipeline import render_file
from pdf_helpers import page_text
from test_awards import AWARDS

runner = CliRunner()


@needs_libreoffice
def test_render_with_pdf_writes_a_pdf_beside_each_docx(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(AWARDS), "-o", str(tmp_path), "--pdf"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(tmp_path.glob("*.pdf"))
    stem = AWARDS.stem
    assert [p.name for p in pdfs] == [f"{stem}-danh-sach.pdf", f"{stem}-giay-khen.pdf", f"{stem}-quyet-dinh.pdf"]
    assert pdf_page_count(tmp_path / f"{stem}-giay-khen.pdf") == 7
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page_text(tmp_path / f"{stem}-quyet-dinh.pdf", 1)


@needs_libreoffice
def test_pdf_command_and_no_overwrite(tmp_path: Path) -> None:
    docx = render_file(AWARDS, tmp_path).documents[1]
    result = runner.invoke(app, ["pdf", str(docx)])
    assert result.exit_code == 0, result.output
    assert pdf_page_count(docx.with_suffix(".pdf")) >= 1
    again = runner.invoke(app, ["pdf", str(docx)])
    assert again.exit_code == 1 and "--force" in again.output


@needs_libreoffice
def test_two_conversions_at_once_both_succeed(tmp_path: Path) -> None:
    documents = render_file(AWARDS, tmp_path).documents
    results: dict[int, list[Path]] = {}
    errors: list[BaseException] = []

    def convert(index: int) -> None:
        try:
            results[index] = convert_to_pdf([documents[index]], tmp_path / f"out{index}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=convert, args=(i,)) for i in (0, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert pdf_page_count(results[0][0]) >= 1 and pdf_page_count(results[2][0]) == 7


def test_without_libreoffice_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = runner.invoke(app, ["render", str(AWARDS), "-o", str(tmp_path / "out"), "--pdf"])
    assert result.exit_code == 1
    flat = " ".join(result.output.split())
    assert "Chưa cài LibreOffice" in flat and "apt-get install libreoffice-writer-nogui fonts-liberation2" in flat
    assert not (tmp_path / "out").exists()
    with pytest.raises(ConversionError):
        convert_to_pdf([tmp_path / "x.docx"], tmp_path)


def _fake_tool(folder: Path, name: str, output: str) -> None:
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\nprintf '%s' '{output}'\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_font_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin:/bin")
    _fake_tool(bin_dir, "fc-match", "Times New Roman")
    _fake_tool(bin_dir, "fc-list", "")
    assert font_warnings() == []
    _fake_tool(bin_dir, "fc-match", "Liberation Serif")
    _fake_tool(bin_dir, "fc-list", "Liberation Serif\nDejaVu Serif\n")
    (only,) = font_warnings()
    assert "Liberation Serif" in only.message
    _fake_tool(bin_dir, "fc-list", "DejaVu Serif\n")
    _, missing = font_warnings()
    assert "fonts-liberation2" in missing.message


def test_page_count_of_a_non_pdf_is_zero(tmp_path: Path) -> None:
    fake = tmp_path / "x.pdf"
    fake.write_bytes(b"not a pdf")
    assert pdf_page_count(fake) == 0
    assert pdf_page_count(tmp_path / "missing.pdf") == 0


@needs_libreoffice
def test_vietnamese_letters_print_in_one_serif_font(tmp_path: Path) -> None:
    """fonts-liberation 1.x lacks ơ, ư, ệ...: LibreOffice then mixes in DejaVu per letter."""
    import shutil
    import subprocess

    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    documents = render_file(AWARDS, tmp_path).documents
    pdf = convert_to_pdf([documents[0]], tmp_path)[0]
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in listing.splitlines()[2:] if line.strip()]
    families = {name.split("+")[-1].split("-")[0] for name in names}
    assert families <= {"LiberationSerif", "TimesNewRomanPSMT", "TimesNewRoman"}, listing


def _fake_soffice(folder: Path, writes_pdf: bool) -> None:
    folder.mkdir(exist_ok=True)
    body = (
        'for a in "$@"; do case "$a" in *.docx) printf "%%PDF-1.4 /Type /Page" > "${a%.docx}.pdf";; esac; done'
        if writes_pdf
        else "exit 0"  # soffice's way of failing: exit 0, no PDF
    )
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)


def test_a_failed_conversion_leaves_no_document_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_soffice(tmp_path / "bin", writes_pdf=False)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}/usr/bin:/bin")
    out = tmp_path / "out"
    out.mkdir()
    old = out / f"{AWARDS.stem}-quyet-dinh.docx"
    old.write_bytes(b"last year's signed copy")
    result = runner.invoke(app, ["render", str(AWARDS), "-o", str(out), "--pdf", "--force"])
    assert result.exit_code == 1 and "không tạo được PDF" in result.output
    assert sorted(p.name for p in out.iterdir()) == [old.name]
    assert old.read_bytes() == b"last year's signed copy"


def test_pdf_of_two_files_with_one_name_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_soffice(tmp_path / "bin", writes_pdf=True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}/usr/bin:/bin")
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.docx").write_bytes(b"PK")
    result = runner.invoke(app, ["pdf", str(tmp_path / "a" / "x.docx"), str(tmp_path / "b" / "x.docx"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "cùng tên" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    result = runner.invoke(app, ["pdf", str(tmp_path / "a" / "x.docx"), str(tmp_path / "b" / "x.docx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a" / "x.pdf").exists() and (tmp_path / "b" / "x.pdf").exists()
