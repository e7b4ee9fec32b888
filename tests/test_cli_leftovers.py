"""Leftovers of the last session: a stale lock taken over by one run only, --split
rendered outside the lock, `draftkit pdf` naming the certificates that overflow, every
certificate on a page of its own whatever the loop's shape."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, needs_libreoffice
from draftkit import output
from draftkit.cli import app
from draftkit.errors import OutputError
from draftkit.output import LOCK_NAME

DEAD = 2**22 + 4242  # the pid of a run that was killed: the fake liveness says it is gone


def _fake_alive(pid: int) -> bool | None:
    return pid != DEAD


def _stale_lock(lock: Path) -> None:
    content = {"pid": DEAD, "host": output._host(), "started": "1", "token": os.urandom(8).hex()}
    lock.write_text(json.dumps(content), encoding="utf-8")


@pytest.fixture(params=["flock", "guard-file"])
def guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways runs taking over a lock pass one at a time (a folder without flock: a file)."""
    if request.param == "guard-file":
        monkeypatch.setattr(output, "_flocked", lambda folder: None)
    return str(request.param)


def _third_run_at_every_step(monkeypatch: pytest.MonkeyPatch, lock: Path) -> Callable[[], list[str]]:
    """After every rename, link or removal the code under test makes, a third run tries to
    create the lock (O_EXCL, as any run does). What it got is returned by the function."""
    got: list[str] = []

    def attempt() -> None:
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return
        os.write(fd, b"run C")
        os.close(fd)
        got.append("run C")

    def hooked(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return real(*args, **kwargs)
            finally:
                attempt()

        return call

    for name in ("replace", "rename", "link", "unlink"):
        monkeypatch.setattr(os, name, hooked(getattr(os, name)))
    return lambda: got


def test_a_stale_lock_taken_over_meanwhile_is_never_moved_so_no_third_run_gets_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guard: str
) -> None:
    """A and B both judge a dead run's lock stale; A takes it over first. B must neither
    take A's lock nor leave a moment when the lock's name is free for a third run C."""
    lock = tmp_path / LOCK_NAME
    _stale_lock(lock)
    monkeypatch.setattr(output, "_alive", _fake_alive)
    monkeypatch.setattr(output.time, "sleep", lambda seconds: None)
    real = output._lock_is_stale
    taken: list[bytes] = []
    third: list[Callable[[], list[str]]] = []

    def stale(path: Path, content: dict[str, Any]) -> bool:
        verdict = real(path, content)
        if verdict and not taken:  # B has judged; A, a moment earlier, takes the lock over
            taken.append(b"")
            output._acquire(tmp_path, 0)
            taken[0] = lock.read_bytes()
            third.append(_third_run_at_every_step(monkeypatch, lock))  # C watches B from now on
        return verdict

    monkeypatch.setattr(output, "_lock_is_stale", stale)
    with pytest.raises(OutputError) as error:
        output._acquire(tmp_path, 0)  # run B
    assert "đang ghi vào thư mục" in error.value.message
    assert third[0]() == []
    assert lock.read_bytes() == taken[0]  # A's, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_NAME]


def test_a_stale_lock_changes_hands_without_a_moment_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guard: str
) -> None:
    lock = tmp_path / LOCK_NAME
    _stale_lock(lock)
    monkeypatch.setattr(output, "_alive", _fake_alive)
    third = _third_run_at_every_step(monkeypatch, lock)
    with output.folder_lock([tmp_path], wait=0):
        assert json.loads(lock.read_text(encoding="utf-8"))["pid"] == os.getpid()
        assert third() == []
        monkeypatch.undo()  # the third run comes no more: the release is ours alone
    assert not lock.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_release_never_removes_the_lock_of_the_run_that_took_it_over(tmp_path: Path) -> None:
    """A run that held its lock past LOCK_STALE_SECONDS had it taken over: on its way out it
    must not remove the new holder's lock (a third run would then get in beside it)."""
    lock = tmp_path / LOCK_NAME
    with output.folder_lock([tmp_path], wait=0):
        lock.write_text("the run that took it over", encoding="utf-8")
    assert lock.read_text(encoding="utf-8") == "the run that took it over"


# --- many runs at once, each a process of its own

RUNS = 4
ROUNDS = 40


def _run(folder: str, seed: int) -> None:
    """One run: take the lock ROUNDS times; inside, claim the folder's one "inside" marker
    (a second holder finds it taken and says so); sometimes die holding no lock but leave
    one behind (a stale lock, which the others must take over)."""
    output._alive = _fake_alive  # type: ignore[assignment]  # a forked child's own module
    chance = random.Random(seed)
    base = Path(folder)
    for _ in range(ROUNDS):
        with output.folder_lock([base], wait=60):
            try:
                fd = os.open(base / "inside", os.O_WRONLY | os.O_CREAT | os.O_EXCL)
            except FileExistsError:
                with open(base / "two-holders", "a", encoding="utf-8") as log:
                    log.write(f"{os.getpid()}\n")
            else:
                os.close(fd)
                time.sleep(chance.random() / 1000)
                os.unlink(base / "inside")
        if chance.random() < 0.5:
            with contextlib.suppress(FileExistsError):  # a lock is there already
                _plant_stale(base / LOCK_NAME)


def _plant_stale(lock: Path) -> None:
    """A run that took the lock and was killed (created as any run does: O_EXCL)."""
    fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    content = {"pid": DEAD, "host": output._host(), "started": "1", "token": os.urandom(8).hex()}
    os.write(fd, json.dumps(content).encode("utf-8"))
    os.close(fd)


@pytest.fixture
def forked() -> Iterator[Any]:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork (POSIX): the children share the test's patched liveness")
    yield multiprocessing.get_context("fork")


def test_runs_racing_for_stale_locks_never_hold_one_folder_together(tmp_path: Path, forked: Any) -> None:
    _plant_stale(tmp_path / LOCK_NAME)
    runs = [forked.Process(target=_run, args=(str(tmp_path), seed)) for seed in range(RUNS)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(300)
    assert [run.exitcode for run in runs] == [0] * RUNS
    assert not (tmp_path / "two-holders").exists(), (tmp_path / "two-holders").read_text(encoding="utf-8")


# --- --split: the files are rendered outside the folder's lock

AWARDS = EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml"
runner = CliRunner()


def _hidden(folder: Path) -> list[str]:
    """draftkit's own files left in ``folder`` and below (temporary files, locks, journals)."""
    return sorted(
        p.name for p in folder.rglob(".*") if p.name.endswith((".tmp", ".old", ".stale", ".new", ".guard", ".lock", ".json"))
        and not p.name.endswith(output.MANIFEST_SUFFIX)
    )


def test_another_run_takes_the_folder_lock_while_split_files_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from draftkit import pipeline

    out = tmp_path / "out"
    real = pipeline._write_single
    other_run: list[str] = []

    def rendering(*args: Any) -> None:
        if not other_run:  # the first certificate renders: a second run comes for the folders
            for folder in (out, out / f"{AWARDS.stem}-giay-khen"):
                lock, mine = output._acquire(folder, 0)
                output._release(lock, mine)
                other_run.append(folder.name)
        real(*args)

    monkeypatch.setattr(pipeline, "_write_single", rendering)
    result = runner.invoke(app, ["render", str(AWARDS), "-o", str(out), "--split"])
    assert result.exit_code == 0, result.output
    assert other_run == ["out", f"{AWARDS.stem}-giay-khen"]
    written = sorted(p.name for p in (out / f"{AWARDS.stem}-giay-khen").glob("*.docx"))
    assert len(written) == 7 and written[0].startswith("01-")
    assert _hidden(out) == []


def _split_job(out: Path, meanwhile: Callable[[], None], people: int = 4) -> dict[Path, output.Content]:
    """A --split-like job: a combined document and ``people`` files in ``out/kt-giay-khen``;
    ``meanwhile`` runs while the second file is being written (before any rename)."""

    def writer(index: int) -> output.Writer:
        def write(handle: Any) -> None:
            if index == 2:
                meanwhile()
            handle.write(f"certificate {index}".encode())

        return write

    files: dict[Path, output.Content] = {out / "kt-giay-khen.docx": b"all certificates"}
    for index in range(1, people + 1):
        files[out / "kt-giay-khen" / f"{index:02d}-nguoi-{index}.docx"] = writer(index)
    return files


@pytest.mark.parametrize(
    "appears",
    [
        pytest.param("kt-giay-khen/03-nguoi-3.docx", id="a-certificate-file"),
        pytest.param("kt-giay-khen.docx", id="the-combined-document"),
    ],
)
def test_a_file_made_while_the_job_renders_is_never_overwritten(tmp_path: Path, appears: str) -> None:
    out = tmp_path / "out"
    (out / "kt-giay-khen").mkdir(parents=True)

    def another_run_writes() -> None:
        (out / appears).write_bytes(b"written meanwhile")

    with pytest.raises(OutputError) as error:
        output.write_all(_split_job(out, another_run_writes), force=False, owned_folders=[out / "kt-giay-khen"])
    assert f"Tệp đã có: {out / appears}. Không ghi đè." in error.value.message
    assert (out / appears).read_bytes() == b"written meanwhile"
    everything = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert everything == [appears]  # all or nothing: none of the job's files, no leftovers
    assert not output.manifest_path(out / "kt-giay-khen").exists()


def test_a_split_job_that_fails_midway_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"

    def disk_full() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError):
        output.write_all(_split_job(out, disk_full), force=False, owned_folders=[out / "kt-giay-khen"])
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == []


@pytest.mark.parametrize(
    ("writer", "age", "kept"),
    [
        pytest.param(lambda: (os.getppid(), output._host_tag()), 0, True, id="its-writer-runs"),
        pytest.param(lambda: (DEAD, output._host_tag()), 0, False, id="its-writer-was-killed"),
        pytest.param(lambda: (DEAD, output._host_tag("PC-KHAC")), 0, True, id="another-machine-recent"),
        pytest.param(lambda: (DEAD, output._host_tag("PC-KHAC")), 7200, False, id="another-machine-old"),
    ],
)
def test_files_written_before_the_lock_are_dropped_only_when_their_writer_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: Callable[[], tuple[int, str]], age: float, kept: bool
) -> None:
    monkeypatch.setattr(output, "_alive", _fake_alive)
    pid, host = writer()
    pending = tmp_path / f".01-a.docx.abcdefgh.{pid}-{host}.w.tmp"
    pending.write_bytes(b"another run's certificate")
    os.utime(pending, (time.time() - age, time.time() - age))
    assert output.write_all({tmp_path / "b.docx": b"b"}, force=False) == [tmp_path / "b.docx"]
    assert pending.exists() is kept
    assert (tmp_path / "b.docx").read_bytes() == b"b"


# --- `draftkit pdf` names the certificates that overflow


def _round(tmp_path: Path, data_file: Path, *extra: str) -> Path:
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(data_file), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def _printed_names(data_file: Path) -> list[str]:
    from draftkit.awards import ordered
    from draftkit.models import AwardsData
    from draftkit.pipeline import load_model

    model, _ = load_model(data_file)
    assert isinstance(model, AwardsData)
    collectives, individuals = ordered(model)
    return [a.name for a in (*collectives, *individuals)]


@pytest.mark.parametrize(
    "data_file",
    [EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml", EXAMPLES / "huyen-uy-ngoc-lac-2023-khen-thuong.yaml"],
    ids=["state", "party"],
)
def test_the_awardee_of_each_certificate_is_read_from_the_document(tmp_path: Path, data_file: Path) -> None:
    from draftkit.pdf import certificate_names

    out = _round(tmp_path, data_file)
    names = certificate_names((out / f"{data_file.stem}-giay-khen.docx").read_bytes())
    printed = _printed_names(data_file)
    assert names is not None and len(names) == len(printed)
    for name, awardee in zip(names, printed, strict=True):  # "Ông Lê Văn Bình" for Lê Văn Bình
        assert name == awardee or name.endswith(f" {awardee}"), (name, awardee)
    for other in ("quyet-dinh", "danh-sach"):
        assert certificate_names((out / f"{data_file.stem}-{other}.docx").read_bytes()) is None


def _sections(*paragraphs: list[str]) -> bytes:
    """A document whose sections each start a page (a report, not certificates)."""
    import io

    from docx import Document

    document = Document()
    for section in paragraphs:
        for index, text in enumerate(section):
            paragraph = document.add_paragraph(text)
            paragraph.paragraph_format.page_break_before = index == 0
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        pytest.param([["GIẤY KHEN", "Nguyễn Văn An", "Lý do"], ["GIẤY KHEN", "Trần Thị Bé", "Lý do"]], ["Nguyễn Văn An", "Trần Thị Bé"], id="alike"),
        pytest.param([["GIẤY KHEN", "A &amp; B <x>", "Lý do"], ["GIẤY KHEN", "C", "Lý do"]], ["A &amp; B <x>", "C"], id="as-typed"),
        pytest.param([["I. Kết quả", "Năm 2023 xã đã..."], ["II. Phương hướng", "Năm 2024 xã sẽ..."]], None, id="report-sections"),
        pytest.param([["I. Kết quả", "a", "b"], ["II. Phương hướng", "c"]], None, id="laid-out-differently"),
        pytest.param([["GIẤY KHEN", "Nguyễn Văn An", "Lý do"]], None, id="one-page"),
        pytest.param([["GIẤY KHEN", "An", "Lý do"], ["GIẤY KHEN", "An", "Lý do"]], None, id="cannot-be-told-apart"),
    ],
)
def test_which_documents_are_certificates(sections: list[list[str]], expected: list[str] | None) -> None:
    from draftkit.pdf import certificate_names

    assert certificate_names(_sections(*sections)) == expected


@needs_libreoffice
def test_draftkit_pdf_names_the_certificates_that_overflow(tmp_path: Path) -> None:
    from draftkit.template_search import builtin_template
    from pdf_helpers import page_count

    data_file = EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml"
    templates = tmp_path / "mau"
    templates.mkdir()
    long = " ".join(["Đã có thành tích xuất sắc trong phong trào thi đua của năm."] * 14)
    tag = b"{{ c.reason }}"
    grown = tag + f"{{% if loop.index in [2, 5] %}} {long}{{% endif %}}".encode()
    document = builtin_template("certificate", "state").read_bytes()
    (templates / "certificate-state.docx").write_bytes(_with_part(document, "word/document.xml", lambda x: x.replace(tag, grown)))
    out = _round(tmp_path, data_file, "--templates", str(templates))
    certificates = out / f"{data_file.stem}-giay-khen.docx"

    result = runner.invoke(app, ["pdf", str(certificates)])

    assert result.exit_code == 0, result.output
    names = certificate_names_of(certificates)
    flat = " ".join(result.output.split())
    assert f"{certificates.stem}.pdf có 9 trang cho 7 giấy khen" in flat
    assert f"Giấy khen bị tràn trang: {names[1]}, {names[4]}." in flat
    assert page_count(certificates.with_suffix(".pdf")) == 9


@needs_libreoffice
def test_draftkit_pdf_of_other_documents_says_nothing_of_certificates(tmp_path: Path) -> None:
    out = _round(tmp_path, EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml")
    result = runner.invoke(app, ["pdf", str(out / "ngoc-lac-2023-khen-thuong-quyet-dinh.docx"), str(out / "ngoc-lac-2023-khen-thuong-giay-khen.docx")])
    assert result.exit_code == 0, result.output
    assert "trang cho" not in result.output and "tràn trang" not in result.output


def certificate_names_of(path: Path) -> list[str]:
    from draftkit.pdf import certificate_names

    names = certificate_names(path.read_bytes())
    assert names is not None
    return names


def _with_part(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            out.writestr(info, change(content) if info.filename == part else content)
    return buffer.getvalue()


# --- every certificate starts a page, whatever the shape of the loop

FOR = "<w:p><w:r><w:t>{%p for c in certificates %}</w:t></w:r></w:p>"
FOR_LO = '<w:p><w:r><w:t>{%p for c in certificates %}</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>'
ENDFOR = "<w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>"
NAME = "<w:p>{ppr}<w:r><w:t>{{{{ c.person }}}}</w:t></w:r></w:p>"
BREAK_BEFORE = "<w:pPr><w:pageBreakBefore/></w:pPr>"


def _cell(content: str) -> str:
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="6000"/></w:tblGrid>'
        f'<w:tr><w:tc><w:tcPr><w:tcW w:w="6000" w:type="dxa"/></w:tcPr>{content}</w:tc></w:tr></w:tbl>'
    )


# Each shape's body, and the pages 7 certificates take: one each (a paragraph after the loop
# that starts a page of its own makes 8).
SHAPES = {
    "break-before-on-the-first-paragraph": (FOR + NAME.format(ppr=BREAK_BEFORE) + ENDFOR, 7),
    "libreoffice-break-in-the-for-paragraph": (FOR_LO + NAME.format(ppr="") + ENDFOR, 7),
    "break-typed-before-endfor": (
        FOR + NAME.format(ppr="") + '<w:p><w:r><w:br w:type="page"/></w:r><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>',
        7,
    ),
    "libreoffice-break-in-the-for-paragraph-then-a-table": (FOR_LO + _cell(NAME.format(ppr="")) + ENDFOR, 7),
    "break-before-in-the-first-cell": (FOR + _cell(NAME.format(ppr=BREAK_BEFORE)) + ENDFOR, 7),
    "break-after-endfor-starts-what-follows": (
        FOR + NAME.format(ppr=BREAK_BEFORE)
        + '<w:p><w:r><w:t>{%p endfor %}</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>'
        + "<w:p><w:r><w:t>Hết danh sách</w:t></w:r></w:p>",
        8,
    ),
}


def _shaped_template(folder: Path, body: str) -> Path:
    """The built-in state certificate with its body replaced by ``body`` (page set-up kept)."""
    import re

    from draftkit.template_search import builtin_template

    def replace(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        head, rest = text.split("<w:body>", 1)
        section = re.search(r"<w:sectPr\b.*</w:sectPr>", rest, re.DOTALL)
        assert section is not None
        return f"{head}<w:body>{body}{section.group()}</w:body></w:document>".encode()

    folder.mkdir(parents=True)
    (folder / "certificate-state.docx").write_bytes(
        _with_part(builtin_template("certificate", "state").read_bytes(), "word/document.xml", replace)
    )
    return folder


def _rendered_certificates(tmp_path: Path, shape: str) -> Path:
    data_file = EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml"
    out = _round(tmp_path, data_file, "--templates", str(_shaped_template(tmp_path / "mau", SHAPES[shape][0])))
    return out / f"{data_file.stem}-giay-khen.docx"


@pytest.mark.parametrize("shape", [s for s in SHAPES if SHAPES[s][1] == 7])
def test_every_certificate_begins_with_a_page_break_outside_any_table(tmp_path: Path, shape: str) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    certificates = _rendered_certificates(tmp_path, shape)
    names = _printed_names(EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml")
    body = Document(str(certificates)).element.body
    breaks = [p for p in body.iterchildren(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None]
    assert len(breaks) == len(names)  # at the top level: LibreOffice ignores one inside a table
    in_cells = body.findall(f".//{qn('w:tc')}//{qn('w:pageBreakBefore')}")
    assert in_cells == []


@needs_libreoffice
@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_certificate_starts_a_page_in_the_pdf(tmp_path: Path, shape: str) -> None:
    import subprocess

    certificates = _rendered_certificates(tmp_path, shape)
    result = runner.invoke(app, ["pdf", str(certificates)])
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", "-layout", str(certificates.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [" ".join(page.split()) for page in text.split("\f")[:-1]]
    assert len(pages) == SHAPES[shape][1], pages
    names = _printed_names(EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml")
    for page, name in zip(pages, names, strict=False):
        assert page == name, pages


# --- the parts of a long document through 2 soffice processes at once


@pytest.mark.parametrize(
    ("units", "groups", "expected"),
    [
        pytest.param([250, 250, 250, 250], 2, [[250, 250], [250, 250]], id="even"),
        pytest.param([250, 250, 250, 100], 2, [[250, 250], [250, 100]], id="short-last-part"),
        pytest.param([250, 250, 250], 2, [[250, 250], [250]], id="odd"),
        pytest.param([250], 2, [[250]], id="one-part"),
        pytest.param([0, 0, 0, 0], 2, [[0, 0], [0, 0]], id="uncut-documents"),
        pytest.param([250, 250, 250, 250], 1, [[250, 250, 250, 250]], id="one-process"),
    ],
)
def test_parts_are_shared_out_in_order(units: list[int], groups: int, expected: list[list[int]]) -> None:
    from draftkit.pdf import _Part, _share_out

    parts = [_Part(Path(f"{number}.docx"), count) for number, count in enumerate(units)]
    shared = _share_out(parts, groups)
    assert [[part.units for part in group] for group in shared] == expected
    assert [part for group in shared for part in group] == parts  # every part once, in order


def test_one_soffice_failing_stops_the_other_and_leaves_no_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """2 soffice processes: the one that fails ends the other at its next look, and the
    conversion is refused whole (no PDF is returned, so none is written)."""
    from draftkit import pdf
    from draftkit.errors import ConversionError

    monkeypatch.setattr(pdf, "require_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "use_prepared_profile", lambda cache, profile: True)
    stopped: list[str] = []

    def fake_soffice(command: list[str], outputs: list[Path], *, timeout: float, on_done: Callable[[int], None], **_: Any) -> Any:
        if any("-00002" in str(o) for o in outputs):  # the second soffice (parts 3 and 4)
            raise ConversionError("LibreOffice chưa chuyển xong sau 600 giây nên đã dừng.")
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline:  # a long conversion, looking at its progress
                on_done(0)
                time.sleep(0.01)
        except ConversionError:
            stopped.append("stopped")
            raise
        raise AssertionError("never stopped")

    monkeypatch.setattr(pdf, "run_soffice", fake_soffice)
    certificates = _round(tmp_path, EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml") / "ngoc-lac-2023-khen-thuong-giay-khen.docx"
    with pytest.raises(ConversionError) as error:
        pdf.convert_bytes({certificates: certificates.read_bytes()}, per_part=2, processes=2)
    assert "chưa chuyển xong sau 600 giây" in error.value.message
    assert stopped == ["stopped"]
    assert not certificates.with_suffix(".pdf").exists()


@needs_libreoffice
def test_two_soffice_processes_make_the_same_pages_in_order(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from draftkit.pdf import convert_bytes

    certificates = _round(tmp_path, EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml") / "ngoc-lac-2023-khen-thuong-giay-khen.docx"
    names = _printed_names(EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml")
    (two,) = convert_bytes({certificates: certificates.read_bytes()}, per_part=2, processes=2).values()
    (tmp_path / "two.pdf").write_bytes(two)
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(tmp_path / "two.pdf").pages]
    assert len(pages) == len(names)
    for page, name in zip(pages, names, strict=True):
        assert name in page
