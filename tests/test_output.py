"""Writing results: all or nothing, never over a file without --force."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import NGOC_LAC_AWARDS
from draftkit import output
from draftkit.cli import app
from draftkit.errors import OutputError
from draftkit.output import safe_stem, write_all

runner = CliRunner()


def test_a_failure_in_the_middle_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = output._write_temporary
    calls = 0

    def failing(path: Path, data: bytes) -> Path:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(output, "_write_temporary", failing)
    files = {tmp_path / f"{i}.docx": b"x" for i in range(3)}
    with pytest.raises(OutputError) as error:
        write_all(files, force=False)
    assert "2.docx" in error.value.message and "ổ đĩa đã đầy" in error.value.message
    assert list(tmp_path.iterdir()) == []  # neither documents nor temporary files


def test_existing_files_are_kept_without_force(tmp_path: Path) -> None:
    (tmp_path / "b.docx").write_bytes(b"old")
    with pytest.raises(OutputError):
        write_all({tmp_path / "a.docx": b"new", tmp_path / "b.docx": b"new"}, force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.docx"]
    assert (tmp_path / "b.docx").read_bytes() == b"old"
    write_all({tmp_path / "a.docx": b"new", tmp_path / "b.docx": b"new"}, force=True)
    assert (tmp_path / "b.docx").read_bytes() == b"new"


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")
def test_folder_that_cannot_be_written() -> None:
    # Even root cannot create folders in /proc, so this holds in CI too.
    result = runner.invoke(app, ["render", str(NGOC_LAC_AWARDS), "-o", "/proc/draftkit-van-ban"])
    assert result.exit_code == 1
    assert "Không tạo được thư mục" in result.output and "Traceback" not in result.output


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "van-ban"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["render", str(NGOC_LAC_AWARDS), "-o", str(blocker)])
    assert result.exit_code == 1
    assert "là một tệp, không phải thư mục" in result.output and "Traceback" not in result.output
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize(
    ("text", "stem"),
    [
        ("Lê Văn Bình", "le-van-binh"),
        ("Đỗ Thị Đào", "do-thi-dao"),
        ("Hội LHPN & Đoàn TN <xã>: A/B\\C?*", "hoi-lhpn-doan-tn-xa-a-b-c"),
        ("CON", "van-ban"),
        ("...", "van-ban"),
        ("🎉", "van-ban"),
    ],
)
def test_safe_file_names(text: str, stem: str) -> None:
    assert safe_stem(text) == stem
