"""PDF of any size: parts joined into the same pages, no LibreOffice left behind, the
prepared profile, certificates that overflow, and the progress display."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from rich.console import Console
from typer.testing import CliRunner

from conftest import needs_libreoffice
from draftkit.cli import app
from draftkit.errors import ConversionError
from draftkit.pdf import (
    _starts_by_first_line,
    _starts_by_name,
    convert_bytes,
    docx_units,
    keep_prepared_profile,
    run_soffice,
    soffice_key,
    split_docx,
    use_prepared_profile,
)
from draftkit.pipeline import load_model, render_file
from draftkit.progress import NO_PROGRESS, TerminalProgress
from pdf_helpers import page_count, page_text
from test_awards import AWARDS

runner = CliRunner()


def certificates(tmp_path: Path, people: int) -> Path:
    """A round of ``people`` certificates rendered by draftkit (no LibreOffice needed)."""
    import yaml

    data = yaml.safe_load(AWARDS.read_text(encoding="utf-8"))
    data["awardees"] = [
        {
            "name": f"Nguyễn Văn Người Số {i}",
            "kind": "individual",
            "gender": "male",
            "position": "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
            "unit": f"xã Số {i}, huyện Ngọc Lặc",
        }
        for i in range(1, people + 1)
    ]
    source = tmp_path / f"round-{people}.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    documents = render_file(source, tmp_path / "out", force=True).documents
    return next(d for d in documents if d.name.endswith("-giay-khen.docx"))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body_texts(data: bytes) -> list[str]:
    """Every paragraph's text as python-docx reads it, tables' included, in reading order."""
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    return [Paragraph(p, document).text for p in document.element.body.iter(f"{W}p")]


def document_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


# --- Cutting -----------------------------------------------------------------------------


@pytest.mark.parametrize(("per_part", "sizes"), [(1, [1] * 7), (3, [3, 3, 1]), (5, [5, 2]), (7, [7]), (50, [7])])
def test_parts_hold_every_certificate_once_in_order(tmp_path: Path, per_part: int, sizes: list[int]) -> None:
    whole = certificates(tmp_path, 7).read_bytes()
    parts = split_docx(whole, per_part)
    assert [units for _, units in parts] == sizes
    assert docx_units(whole) == 7
    joined: list[str] = []
    for data, _ in parts:
        root = etree.fromstring(document_xml(data))  # well-formed, one body, its page set-up
        body = root.find(f"{W}body")
        assert body is not None and body[-1].tag.endswith("}sectPr")
        joined += body_texts(data)
    assert joined == body_texts(whole)
    names = [t for t in joined if t.startswith("Ông Nguyễn Văn Người Số")]
    assert names == [f"Ông Nguyễn Văn Người Số {i}" for i in range(1, 8)]


def _with_part(data: bytes, part: str, change: object) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = change(content)  # type: ignore[operator]
            out.writestr(info, content)
    return buffer.getvalue()


PAGE_FIELD = b'<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'


@pytest.mark.parametrize(
    ("part", "change"),
    [
        pytest.param(
            "word/document.xml",
            lambda xml: xml.replace(b"</w:body>", PAGE_FIELD + b"</w:body>", 1).replace(PAGE_FIELD + b"</w:body>", b"</w:body>")
            .replace(b"<w:body>", b"<w:body>" + PAGE_FIELD, 1),
            id="page-number-field",
        ),
        pytest.param(
            "word/document.xml",
            lambda xml: xml.replace(
                b"<w:pPr><w:pageBreakBefore/>",
                b'<w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr></w:p><w:p><w:pPr><w:pageBreakBefore/>',
                2,
            ),
            id="several-sections",
        ),
        pytest.param(
            "word/settings.xml",
            lambda xml: xml.replace(b"</w:settings>", b"<w:evenAndOddHeaders/></w:settings>"),
            id="even-and-odd-headers",
        ),
        pytest.param("word/document.xml", lambda xml: xml.replace(b"</w:body>", b"</w:body"), id="broken-xml"),
        pytest.param("word/document.xml", lambda xml: xml.replace(b"<w:pageBreakBefore/>", b""), id="no-page-starts"),
    ],
)
def test_a_document_that_would_print_differently_in_parts_is_converted_whole(
    tmp_path: Path, part: str, change: object
) -> None:
    whole = _with_part(certificates(tmp_path, 4).read_bytes(), part, change)
    assert split_docx(whole, 1) == [(whole, 0)]


def test_a_report_is_converted_whole(tmp_path: Path) -> None:
    from conftest import NGOC_LAC_REPORT

    report = render_file(NGOC_LAC_REPORT, tmp_path).documents[0].read_bytes()
    assert split_docx(report, 1) == [(report, 0)]


# --- Same pages as one conversion -----------------------------------------------------------


@needs_libreoffice
def test_parts_give_the_same_pdf_as_one_conversion(tmp_path: Path) -> None:
    from pypdf import PdfReader

    docx = certificates(tmp_path, 12)
    data = docx.read_bytes()
    (whole,) = convert_bytes({tmp_path / "whole.docx": data}, per_part=1000).values()
    (parts,) = convert_bytes({tmp_path / "parts.docx": data}, per_part=5).values()
    (tmp_path / "whole.pdf").write_bytes(whole)
    (tmp_path / "parts.pdf").write_bytes(parts)
    assert page_count(tmp_path / "whole.pdf") == page_count(tmp_path / "parts.pdf") == 12
    for page in range(1, 13):
        text = page_text(tmp_path / "parts.pdf", page)
        assert text == page_text(tmp_path / "whole.pdf", page)
        assert f"Nguyễn Văn Người Số {page}\n" in text
    for box in (page.mediabox for page in PdfReader(tmp_path / "parts.pdf").pages):
        assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape


# --- No LibreOffice left behind -------------------------------------------------------------


def _running(marker: str) -> list[str]:
    found = subprocess.run(["pgrep", "-af", marker], capture_output=True, text=True, check=False).stdout
    return [line for line in found.splitlines() if "pgrep" not in line]


def _fake_soffice(folder: Path) -> Path:
    """A launcher that starts a long-lived child, as soffice starts soffice.bin, then waits:
    both carry ``folder`` in their command lines, for pgrep."""
    folder.mkdir(exist_ok=True)
    child = folder / "soffice.bin"
    child.write_text("#!/bin/sh\nwhile :; do sleep 1; done\n", encoding="utf-8")
    script = folder / "soffice"
    script.write_text(f'#!/bin/sh\n"{child}" "$@" &\n"{child}" "$@"\n', encoding="utf-8")
    for path in (child, script):
        path.chmod(0o755)
    return script


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")
def test_a_timeout_ends_the_whole_process_tree(tmp_path: Path) -> None:
    marker = str(tmp_path / "bin")
    command = [str(_fake_soffice(tmp_path / "bin")), "x.docx"]
    seen: list[int] = []
    alive: list[int] = []

    def watch(done: int) -> None:
        seen.append(done)
        alive.append(len(_running(marker)))

    with pytest.raises(ConversionError) as caught:
        run_soffice(command, [tmp_path / "never.pdf"], timeout=1.0, on_done=watch)
    assert "LibreOffice chưa chuyển xong sau 1 giây nên đã dừng" in caught.value.message
    assert set(seen) == {0} and max(alive) == 3  # the launcher and both children were up
    assert _running(marker) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")
def test_an_exception_from_progress_ends_the_whole_process_tree(tmp_path: Path) -> None:
    marker = str(tmp_path / "bin")
    command = [str(_fake_soffice(tmp_path / "bin")), "x.docx"]

    def interrupt(done: int) -> None:
        if len(_running(marker)) >= 3:  # the launcher and its two children are up
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_soffice(command, [tmp_path / "never.pdf"], timeout=60, on_done=interrupt)
    assert _running(marker) == []


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_progress_follows_the_parts_as_soffice_writes_them(tmp_path: Path) -> None:
    outputs = [tmp_path / f"{i}.pdf" for i in range(3)]
    script = tmp_path / "soffice"
    body = "".join(f"sleep 0.5; : > {out}\n" for out in outputs)
    script.write_text(f"#!/bin/sh\n{body}sleep 0.5\n", encoding="utf-8")
    script.chmod(0o755)
    seen: list[int] = []
    run_soffice([str(script)], outputs, timeout=30, on_done=seen.append)
    assert seen == sorted(seen) and seen[-1] == 3
    assert {1, 2} <= set(seen)  # each part was reported as it was finished, not all at the end


class FakeProcess:
    pid = 4242
    returncode: int | None = None

    def __init__(self) -> None:
        self.calls: list[str] = []

    def poll(self) -> int | None:
        return self.returncode

    def kill(self) -> None:
        self.calls.append("kill")
        self.returncode = 1

    def wait(self, timeout: float | None = None) -> int:
        self.calls.append("wait")
        return self.returncode or 0


def test_on_windows_the_tree_is_ended_with_taskkill(monkeypatch: pytest.MonkeyPatch) -> None:
    from draftkit import pdf

    commands: list[list[str]] = []
    monkeypatch.setattr(pdf.subprocess, "run", lambda command, **kwargs: commands.append(command))
    process = FakeProcess()
    pdf.end_process_tree(process, platform="win32")  # type: ignore[arg-type]
    assert commands == [["taskkill", "/T", "/F", "/PID", "4242"]]
    assert process.calls == ["kill", "wait"]
    assert pdf._process_group_options("win32") == {"creationflags": 0x200}  # CREATE_NEW_PROCESS_GROUP
    assert pdf._process_group_options("linux") == {"start_new_session": True}


def _private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every temporary folder (so the LibreOffice profile) under this test's own folder,
    so that `pgrep -f` sees only this test's soffice.bin."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@needs_libreoffice
def test_ctrl_c_during_a_real_conversion_leaves_no_soffice_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docx = certificates(tmp_path, 30)
    private = _private_tmp(tmp_path, monkeypatch)
    started: list[bool] = []

    class Interrupting:
        from contextlib import contextmanager

        @contextmanager
        def step(self, label: str):  # type: ignore[no-untyped-def]
            def tick(done: int, total: int) -> None:
                if _running(f"soffice.bin.*{private}"):
                    started.append(True)
                    raise KeyboardInterrupt

            yield tick

    with pytest.raises(KeyboardInterrupt):
        convert_bytes({docx: docx.read_bytes()}, per_part=10, progress=Interrupting())
    assert started, "soffice.bin never started"
    assert _running(f"soffice.bin.*{private}") == []
    assert list(private.iterdir()) == []  # the working folder and its profile are gone


@needs_libreoffice
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("signum", "code", "said"), [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")])
def test_a_signal_to_draftkit_pdf_ends_libreoffice_and_writes_nothing(
    tmp_path: Path, signum: int, code: int, said: str
) -> None:
    docx = certificates(tmp_path, 30)
    private = tmp_path / "tmp"
    private.mkdir()
    env = {**os.environ, "TMPDIR": str(private)}
    out = tmp_path / "pdf"
    draftkit = Path(sys.executable).parent / "draftkit"
    process = subprocess.Popen(
        [str(draftkit), "pdf", str(docx), "-o", str(out)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # Wait for an event, not a clock: soffice.bin running, or draftkit ended without it (its
    # own per-part timeout ends it if LibreOffice hangs before starting).
    while not _running(f"soffice.bin.*{private}"):
        assert process.poll() is None, "draftkit pdf ended before soffice.bin started"
        time.sleep(0.1)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code
    assert said in stderr and "Traceback" not in stderr
    assert _running(f"soffice.bin.*{private}") == []
    assert not out.exists() or list(out.iterdir()) == []


# --- The prepared profile ------------------------------------------------------------------


def test_the_prepared_profile_is_copied_per_run_and_rebuilt_for_a_new_version(tmp_path: Path) -> None:
    program = tmp_path / "lo" / "program"
    program.mkdir(parents=True)
    soffice = program / "soffice"
    soffice.write_text("#!/bin/sh\n", encoding="utf-8")
    (program / "versionrc").write_text("[Version]\nbuildid=40(Build:2)\n", encoding="utf-8")
    old_key = soffice_key(str(soffice))
    assert soffice_key(str(soffice)) == old_key
    cache_root = tmp_path / "cache"
    first_run = tmp_path / "run1" / "profile"
    assert not use_prepared_profile(cache_root / old_key, first_run)  # nothing prepared yet
    (first_run / "user").mkdir(parents=True)
    (first_run / "user" / "registrymodifications.xcu").write_text("<x/>", encoding="utf-8")
    (first_run / "user" / ".lock").write_text("held", encoding="utf-8")
    keep_prepared_profile(first_run, cache_root / old_key)
    assert (cache_root / old_key / "user" / "registrymodifications.xcu").read_text(encoding="utf-8") == "<x/>"
    assert not (cache_root / old_key / "user" / ".lock").exists()  # a lock would stop the next run
    second_run, third_run = tmp_path / "run2" / "profile", tmp_path / "run3" / "profile"
    assert use_prepared_profile(cache_root / old_key, second_run)
    assert use_prepared_profile(cache_root / old_key, third_run)
    (second_run / "user" / "registrymodifications.xcu").write_text("<changed/>", encoding="utf-8")
    assert (third_run / "user" / "registrymodifications.xcu").read_text(encoding="utf-8") == "<x/>"  # isolated
    # A new LibreOffice version: a new key, and the old profile goes when the new one is kept.
    (program / "versionrc").write_text("[Version]\nbuildid=41(Build:1)\n", encoding="utf-8")
    new_key = soffice_key(str(soffice))
    assert new_key != old_key
    assert not use_prepared_profile(cache_root / new_key, tmp_path / "run4" / "profile")
    keep_prepared_profile(second_run, cache_root / new_key)
    assert sorted(p.name for p in cache_root.iterdir()) == [new_key]


@needs_libreoffice
def test_a_conversion_prepares_the_profile_the_next_one_copies(tmp_path: Path) -> None:
    from platformdirs import user_cache_dir

    docx = certificates(tmp_path, 2)
    cache = Path(user_cache_dir("draftkit", appauthor=False)) / "libreoffice-profile"
    assert not cache.exists()  # conftest gives every test its own cache folder
    convert_bytes({tmp_path / "a.docx": docx.read_bytes()})
    (prepared,) = cache.iterdir()
    assert (prepared / "user").is_dir()
    (second,) = convert_bytes({tmp_path / "b.docx": docx.read_bytes()}).values()
    (tmp_path / "b.pdf").write_bytes(second)
    assert page_count(tmp_path / "b.pdf") == 2
    assert "Nguyễn Văn Người Số 2" in page_text(tmp_path / "b.pdf", 2)


# --- Certificates that overflow ------------------------------------------------------------


def _overflowing_template(folder: Path, which: str) -> Path:
    """The built-in certificate with its reason paragraph made far too long for ``which``."""
    from draftkit.template_search import builtin_template

    folder.mkdir()
    long = " ".join(["Đã có thành tích xuất sắc trong phong trào thi đua của năm."] * 14)
    tag = b"{{ c.reason }}"
    grown = tag + f"{{% if {which} %}} {long}{{% endif %}}".encode()
    target = folder / "certificate-state.docx"
    target.write_bytes(_with_part(builtin_template("certificate", "state").read_bytes(), "word/document.xml", lambda x: x.replace(tag, grown)))
    return folder


@needs_libreoffice
def test_certificates_that_overflow_are_named(tmp_path: Path) -> None:
    from draftkit.awards import ordered

    templates = _overflowing_template(tmp_path / "mau", "loop.index in [2, 3]")
    result = runner.invoke(app, ["render", str(AWARDS), "-o", str(tmp_path / "out"), "--pdf", "--templates", str(templates)])
    assert result.exit_code == 0, result.output
    model, _ = load_model(AWARDS)
    collectives, individuals = ordered(model)  # type: ignore[arg-type]
    names = [a.name for a in (*collectives, *individuals)]
    flat = " ".join(result.output.split())
    assert f"{AWARDS.stem}-giay-khen.pdf có 9 trang cho 7 giấy khen" in flat
    assert f"Giấy khen bị tràn trang: {names[1]}, {names[2]}." in flat
    assert "thêm logo" in flat and "Sửa mẫu cho vừa một trang" in flat
    assert page_count(tmp_path / "out" / f"{AWARDS.stem}-giay-khen.pdf") == 9


@needs_libreoffice
def test_certificates_that_fit_say_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(AWARDS), "-o", str(tmp_path), "--pdf"])
    assert result.exit_code == 0, result.output
    assert "trang cho" not in result.output


@pytest.mark.parametrize(
    ("texts", "names", "expected"),
    [
        pytest.param(["CỘNG HÒA\nA", "CỘNG HÒA\nB", "tiếp", "CỘNG HÒA\nC"], ["A", "B", "C"], [0, 1, 3], id="by-opening-line"),
        pytest.param(["CỘNG HÒA\nA", "CỘNG HÒA\nB"], ["A", "B", "C"], None, id="opening-count-differs"),
    ],
)
def test_pages_that_start_a_certificate_by_their_opening(texts: list[str], names: list[str], expected: list[int] | None) -> None:
    assert _starts_by_first_line(texts, len(names)) == expected


@pytest.mark.parametrize(
    ("texts", "names", "expected"),
    [
        pytest.param(["Ông Lê A", "Bà Trần\nB", "…", "Ông Lê C"], ["Lê A", "Trần B", "Lê C"], [0, 1, 3], id="name-wrapped"),
        pytest.param(["Lê A", "Lê A"], ["Lê A", "Lê A"], [0, 1], id="same-name-twice"),
        pytest.param(["Lê A", "x"], ["Lê A", "Lê B"], None, id="name-not-printed"),
        pytest.param(["Ông Le\u0302 A"], ["Lê A"], [0], id="decomposed-letters"),
    ],
)
def test_pages_that_start_a_certificate_by_name(texts: list[str], names: list[str], expected: list[int] | None) -> None:
    assert _starts_by_name(texts, names) == expected


# --- Progress ---------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_long_step_shows_a_bar_on_a_terminal() -> None:
    out = io.StringIO()
    clock = Clock()
    progress = TerminalProgress(Console(file=out, force_terminal=True, width=100), clock=clock)
    with progress.step("Chuyển sang PDF (4 phần)") as tick:
        tick(0, 1000)
        assert out.getvalue() == ""  # under a second: nothing drawn
        clock.now = 1.5
        tick(250, 1000)
        tick(500, 1000)
    shown = out.getvalue()
    assert "Chuyển sang PDF (4 phần)" in shown and "500/1000" in shown


@pytest.mark.parametrize(
    ("console", "quiet"),
    [
        pytest.param(lambda out: Console(file=out, force_terminal=True), True, id="quiet"),
        pytest.param(lambda out: Console(file=out, force_terminal=False), False, id="not-a-terminal"),
    ],
)
def test_progress_is_quiet_with_quiet_or_off_a_terminal(console: object, quiet: bool) -> None:
    out = io.StringIO()
    progress = TerminalProgress(console(out), quiet=quiet, delay=0)  # type: ignore[operator]
    with progress.step("Ghép các phần PDF") as tick:
        tick(10, 20)
    assert out.getvalue() == ""


def test_a_quick_run_never_makes_a_console() -> None:
    def no_console() -> Console:
        raise AssertionError("a console was made for a quick step")

    progress = TerminalProgress(no_console)
    with progress.step("Chuyển sang PDF") as tick:
        tick(1, 1)
    with NO_PROGRESS.step("x") as tick:
        tick(1, 1)


def test_help_and_start_up_import_no_rich() -> None:
    code = "import sys; import draftkit.cli, draftkit.pdf, draftkit.progress; print('rich' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "False"


@needs_libreoffice
def test_quiet_is_accepted_and_piped_output_has_no_bar(tmp_path: Path) -> None:
    docx = certificates(tmp_path, 2)
    result = runner.invoke(app, ["pdf", str(docx), "-o", str(tmp_path / "pdf"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Đã tạo:") or "Cảnh báo:" in result.output
    assert "━" not in result.output
