#!/usr/bin/env python3
"""draftkit's speed, each figure beside its anchor measured in the same run.

    .venv/bin/python bench/run.py            # the full table (a few minutes: the naive loop)
    .venv/bin/python bench/run.py --quick    # fewer repeats, naive loop on 200 people

Machines here are noisy, so every goal is a ratio within one run, and every figure is a
median of several runs. CLI figures time whole processes from outside. Not a test: CI
does not run it.
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BIN = Path(sys.executable).parent
DRAFTKIT = str(BIN / "draftkit")
PY = sys.executable
AWARDS = ROOT / "examples" / "ngoc-lac-2023-khen-thuong.yaml"
REPORT = ROOT / "examples" / "ngoc-lac-2023-bao-cao.yaml"


def median_time(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process(*args: str, env: dict[str, str] | None = None) -> Callable[[], None]:
    def run() -> None:
        subprocess.run(args, check=True, capture_output=True, env=env)

    return run


def paired(a: Callable[[], None], b: Callable[[], None], repeats: int) -> tuple[float, float]:
    """Medians of two commands run alternately, so machine noise falls on both alike."""
    times_a, times_b = [], []
    for _ in range(repeats):
        for run, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
    return statistics.median(times_a), statistics.median(times_b)


def awards_data(people: int, sheet: bool = False) -> Path:
    """The Ngọc Lặc round with ``people`` awardees, written as a data file; with ``sheet``,
    the awardees are in a .csv list beside it (how a province's round comes: typed in Excel)."""
    import yaml

    data = yaml.safe_load(AWARDS.read_text(encoding="utf-8"))
    awardees = [
        {
            "name": f"Nguyễn Văn Người {i}",
            "kind": "collective" if i % 10 == 0 else "individual",
            "gender": "male" if i % 2 else "female",
            "position": "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
            "unit": f"xã Số {i}, huyện Ngọc Lặc",
        }
        for i in range(1, people + 1)
    ]
    folder = Path(tempfile.mkdtemp(prefix="dk-bench-"))
    if sheet:
        import csv

        with (folder / "danh-sach.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Họ và tên", "Loại", "Giới tính", "Chức vụ", "Đơn vị"])
            for a in awardees:
                kind = "Tập thể" if a["kind"] == "collective" else "Cá nhân"
                writer.writerow([a["name"], kind, "Nam" if a["gender"] == "male" else "Nữ", a["position"], a["unit"]])
        data["awardees"] = "danh-sach.csv"
    else:
        data["awardees"] = awardees
    path = folder / f"round-{people}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, bool]] = []

    def add(self, workload: str, ours: str, anchor: str, ratio: str, goal: str, ok: bool) -> None:
        self.rows.append((workload, ours, anchor, ratio, goal, ok))
        print(f"  {workload}: {ours} | {anchor} | {ratio} | {goal} | {'đạt' if ok else 'CHƯA ĐẠT'}", flush=True)

    def markdown(self) -> str:
        lines = [
            "| workload | draftkit | anchor (same run) | ratio | goal | met |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [f"| {w} | {o} | {a} | {r} | {g} | {'yes' if ok else 'NO'} |" for w, o, a, r, g, ok in self.rows]
        return "\n".join(lines)


def bench_startup(table: Table, repeats: int) -> None:
    typer_import = process(PY, "-c", "import typer")
    for args, label in ((["--help"], "draftkit --help"), (["render", "--help"], "draftkit render --help")):
        ours, anchor = paired(process(DRAFTKIT, *args), typer_import, repeats)
        ratio = ours / anchor
        table.add(f"start-up: `{label}`", f"{ours * 1000:.0f} ms", f"`python -c 'import typer'` {anchor * 1000:.0f} ms", f"{ratio:.2f}×", "≤ 1.3×", ratio <= 1.3)


PLAIN_DOCXTPL = """
import json, sys
from docxtpl import DocxTemplate
context = json.load(open(sys.argv[1], encoding="utf-8"))
template = DocxTemplate(sys.argv[2])
template.render(context, autoescape=True)
template.save(sys.argv[3])
"""


def bench_report(table: Table, repeats: int) -> None:
    from draftkit.pipeline import load_model
    from draftkit.report import report_context
    from draftkit.template_search import builtin_template

    work = Path(tempfile.mkdtemp(prefix="dk-bench-report-"))
    model, _ = load_model(REPORT)
    context_file = work / "context.json"
    context_file.write_text(json.dumps(report_context(model), ensure_ascii=False), encoding="utf-8")  # type: ignore[arg-type]
    script = work / "plain.py"
    script.write_text(PLAIN_DOCXTPL, encoding="utf-8")
    ours, anchor = paired(
        process(DRAFTKIT, "render", str(REPORT), "-o", str(work / "out"), "--force"),
        process(PY, str(script), str(context_file), str(builtin_template("report", "state")), str(work / "plain.docx")),
        repeats,
    )
    ratio = ours / anchor
    table.add("Ngọc Lặc report, `draftkit render` end to end", f"{ours * 1000:.0f} ms", f"plain docxtpl script {anchor * 1000:.0f} ms", f"{ratio:.2f}×", "≤ 1.5×", ratio <= 1.5)


def naive_loop(people: int, folder: Path) -> float:
    """The mail-merge way: load the template, render one person, save; once per person."""
    from docxtpl import DocxTemplate

    from draftkit.awards import certificate_context
    from draftkit.pipeline import load_model
    from draftkit.template_search import builtin_template

    model, _ = load_model(awards_data(people))
    context = certificate_context(model)  # type: ignore[arg-type]
    template = str(builtin_template("certificate", "state"))
    start = time.perf_counter()
    for index, person in enumerate(context["certificates"]):
        doc = DocxTemplate(template)
        doc.render({**context, "certificates": [person]}, autoescape=True)
        doc.save(str(folder / f"{index}.docx"))
    return time.perf_counter() - start


def round_time(people: int, out: Path, split: bool = False) -> float:
    from draftkit.pipeline import render_file

    data = awards_data(people)
    start = time.perf_counter()
    render_file(data, out, force=True, split=split)
    return time.perf_counter() - start


def floor_time(people: int) -> float:
    """Serialise and deflate the same certificates' document.xml alone: the physical floor."""
    import zipfile

    from lxml import etree

    out = Path(tempfile.mkdtemp(prefix="dk-bench-floor-"))
    round_time(people, out)
    xml = zipfile.ZipFile(next(out.glob("*-giay-khen.docx"))).read("word/document.xml")
    tree = etree.fromstring(xml)
    return median_time(lambda: zlib.compress(etree.tostring(tree), 6), 5)


def bench_round(table: Table, repeats: int, naive_people: int) -> None:
    out = Path(tempfile.mkdtemp(prefix="dk-bench-round-"))
    ours = statistics.median(round_time(1000, out) for _ in range(repeats))
    naive_dir = Path(tempfile.mkdtemp(prefix="dk-bench-naive-"))
    naive = naive_loop(naive_people, naive_dir) * 1000 / naive_people
    ratio = naive / ours
    scaled = "" if naive_people == 1000 else f" (measured on {naive_people}, scaled)"
    table.add("1,000-awardee round (decision + list + 1,000 certificates)", f"{ours:.2f} s", f"naive docxtpl loop {naive:.1f} s{scaled}", f"{ratio:.0f}× faster", "≥ 20× faster", ratio >= 20)
    floor = floor_time(1000)
    certificates_only = statistics.median(_certificates_only(1000) for _ in range(repeats))
    ratio = certificates_only / floor
    table.add("1,000 certificates against the floor", f"{certificates_only * 1000:.0f} ms", f"serialise + deflate document.xml {floor * 1000:.0f} ms", f"{ratio:.1f}×", "≤ 3×", ratio <= 3)
    split_out = Path(tempfile.mkdtemp(prefix="dk-bench-split-"))
    split = statistics.median(_split_only(1000, split_out) for _ in range(repeats))
    ratio = naive / split
    table.add("`--split`: 1,000 certificate files", f"{split:.2f} s", f"naive docxtpl loop {naive:.1f} s{scaled}", f"{ratio:.0f}× faster", "≥ 20× faster", ratio >= 20)


def _certificates_only(people: int) -> float:
    from draftkit.awards import certificate_context
    from draftkit.docx_engine import render_docx
    from draftkit.pipeline import load_model
    from draftkit.template_search import builtin_template

    model, _ = load_model(awards_data(people))
    start = time.perf_counter()
    render_docx(builtin_template("certificate", "state"), certificate_context(model))  # type: ignore[arg-type]
    return time.perf_counter() - start


def _split_only(people: int, out: Path) -> float:
    from draftkit.awards import certificate_context
    from draftkit.docx_engine import render_docx_each
    from draftkit.pipeline import load_model
    from draftkit.template_search import builtin_template

    model, _ = load_model(awards_data(people))
    context = certificate_context(model)  # type: ignore[arg-type]
    start = time.perf_counter()
    for index, data in enumerate(
        render_docx_each(builtin_template("certificate", "state"), ({**context, "certificates": [c]} for c in context["certificates"]))
    ):
        (out / f"{index:04d}.docx").write_bytes(data)
    return time.perf_counter() - start


MEASURE_ROUND = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from draftkit.pipeline import render_file
start = time.perf_counter()
render_file(Path(sys.argv[1]), Path(sys.argv[2]), force=True, split=sys.argv[4:] == ["--split"])
print(time.perf_counter() - start)
"""

# Runs a command; prints its wall time, its peak memory and what it printed. Peak memory is
# read here, from a small process, because Linux carries a parent's peak into a child it
# starts: measured inside, a child of this (large) benchmark would report the benchmark's.
MEASURE_COMMAND = """
import resource, subprocess, sys, time
start = time.perf_counter()
out = subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True).stdout
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(time.perf_counter() - start, peak, out)
"""


def measure(*command: str) -> tuple[float, float, str]:
    """(wall seconds, peak MiB, output) of one run of ``command`` (ru_maxrss is in KiB)."""
    seconds, peak, *out = subprocess.run(
        [PY, "-c", MEASURE_COMMAND, *command], check=True, capture_output=True, text=True
    ).stdout.split(maxsplit=2)
    return float(seconds), float(peak), "".join(out)


def bench_scaling(table: Table, sizes: tuple[int, ...]) -> None:
    out = Path(tempfile.mkdtemp(prefix="dk-bench-cli-"))
    data = awards_data(10_000)
    runs = [measure(DRAFTKIT, "render", str(data), "-o", str(out), "--force") for _ in range(3)]
    shutil.rmtree(out, ignore_errors=True)
    seconds, peak = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
    table.add("10,000-awardee round, `draftkit render` end to end", f"{seconds:.2f} s, peak {peak:.0f} MiB", "—", "—", "< 10 s, < 500 MiB", seconds < 10 and peak < 500)
    # Growth is judged on the rendering alone (a fresh process per size, start-up not
    # counted), so that a constant start-up cost does not pass for a non-linear one.
    results = {}
    for people in sizes:
        out = Path(tempfile.mkdtemp(prefix="dk-bench-scale-"))
        _, peak, printed = measure(PY, "-c", MEASURE_ROUND, str(awards_data(people)), str(out), str(ROOT / "src"))
        results[people] = (float(printed), peak)
        shutil.rmtree(out, ignore_errors=True)
    per = {n: results[n][0] / n * 1000 for n in sizes}
    growth = ", ".join(f"{n:,}: {results[n][0]:.2f} s ({per[n]:.3f} ms each, peak {results[n][1]:.0f} MiB)" for n in sizes)
    spread = max(per.values()) / min(per.values())
    table.add("rendering cost per awardee as the round grows (awardees in the data file)", growth, "—", f"{spread:.2f}× spread", "flat (spread < 1.3×)", spread < 1.3)


def _peaks(sizes: tuple[int, ...], repeats: int, *, sheet: bool, split: bool = False) -> dict[int, tuple[float, float]]:
    """(median seconds, highest peak MiB) of `render_file` per round size, a fresh process per run."""
    results: dict[int, tuple[float, float]] = {}
    for people in sizes:
        data = awards_data(people, sheet=sheet)
        runs = []
        for _ in range(repeats):
            out = Path(tempfile.mkdtemp(prefix="dk-bench-memory-"))
            extra = ("--split",) if split else ()
            _, peak, printed = measure(PY, "-c", MEASURE_ROUND, str(data), str(out), str(ROOT / "src"), *extra)
            runs.append((float(printed), peak))
            shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(data.parent, ignore_errors=True)
        results[people] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
    return results


def _memory_row(table: Table, workload: str, results: dict[int, tuple[float, float]]) -> None:
    """Growth per awardee is the slope from the smallest round to the largest, so the
    interpreter and the imports (a constant) do not count."""
    sizes = tuple(results)
    small, large = min(sizes), max(sizes)
    slope = (results[large][1] - results[small][1]) * 1024 / (large - small)  # KiB per awardee
    peaks = ", ".join(f"{n:,}: {results[n][1]:.0f} MiB" for n in sizes)
    ok = results[large][1] <= 200 and slope <= 5
    table.add(workload, f"{peaks}; {slope:.1f} KiB more per awardee", "—", "—", f"≤ 200 MiB at {large:,}, ≤ 5 KiB per awardee", ok)


def bench_memory(table: Table, sizes: tuple[int, ...], repeats: int) -> None:
    """Peak memory of `render_file` (fresh process per run): the list in
    a .csv file, then typed into the YAML data file (read as it streams, lines kept)."""
    # Time per awardee is bench_scaling's row: here each run is a fresh process, so the
    # smallest round's time would carry the one-time imports (start-up has its own rows).
    _memory_row(table, "peak memory as the round grows (list in a .csv)", _peaks(sizes, repeats, sheet=True))
    _memory_row(table, "peak memory as the round grows (list typed in the YAML data file)", _peaks(sizes, repeats, sheet=False))


def bench_split_memory(table: Table, sizes: tuple[int, ...], repeats: int) -> None:
    """Peak memory of `render --split` (one file per person, each rendered as it is written)."""
    _memory_row(table, "peak memory of `--split` as the round grows (list in a .csv)", _peaks(sizes, repeats, sheet=True, split=True))


def bench_pdf(table: Table, repeats: int) -> None:
    from draftkit.pdf import convert_to_pdf, find_soffice

    soffice = find_soffice()
    if soffice is None:
        table.add("`--pdf` of 1,000 certificates", "skipped", "LibreOffice not installed", "—", "≤ 1.1×", False)
        return
    out = Path(tempfile.mkdtemp(prefix="dk-bench-pdf-"))
    round_time(1000, out)
    docx = next(out.glob("*-giay-khen.docx"))
    profile = Path(tempfile.mkdtemp(prefix="dk-bench-profile-"))

    def direct() -> None:
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(out / "direct"), str(docx)],
            check=True,
            capture_output=True,
        )

    def ours() -> None:
        convert_to_pdf([docx], out / "ours", force=True)

    direct()  # the first start builds the profile; not what is compared
    mine, anchor = paired(ours, direct, repeats)
    ratio = mine / anchor
    table.add("`--pdf` of 1,000 certificates", f"{mine:.2f} s", f"`soffice --convert-to pdf` {anchor:.2f} s", f"{ratio:.2f}×", "≤ 1.1×", ratio <= 1.1)


PDF_SIZES = (1_000, 3_000, 10_000)
# One plain soffice of a whole large document is given this long (the old default timeout,
# after which users saw a 10,000-certificate conversion fail).
PDF_DIRECT_LIMIT = 600.0


def _direct_pdf(soffice: str, docx: Path, out: Path, limit: float) -> float | None:
    """Seconds one plain `soffice --convert-to pdf` of ``docx`` takes, None past ``limit``
    (its whole process tree is then ended, as draftkit does)."""
    from draftkit.errors import ConversionError
    from draftkit.pdf import run_soffice

    profile = Path(tempfile.mkdtemp(prefix="dk-bench-profile-"))
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)]
    start = time.perf_counter()
    try:
        run_soffice(command, [out / f"{docx.stem}.pdf"], timeout=limit, on_done=lambda done: None)
    except ConversionError:
        return None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return time.perf_counter() - start


def bench_pdf_scale(table: Table, sizes: tuple[int, ...] = PDF_SIZES, limit: float = PDF_DIRECT_LIMIT) -> None:
    """`draftkit pdf` of a round's certificates as the round grows: the cost per page must
    stay flat (LibreOffice alone grows faster than the page count), beside one plain soffice
    conversion of the same document where that finishes within ``limit``."""
    from draftkit.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        table.add("`draftkit pdf` of large rounds", "skipped", "LibreOffice not installed", "—", "linear", False)
        return
    per_page: dict[int, float] = {}
    for people in sizes:
        out = Path(tempfile.mkdtemp(prefix="dk-bench-pdf-scale-"))
        round_time(people, out)
        docx = next(out.glob("*-giay-khen.docx"))
        seconds, peak, _ = measure(DRAFTKIT, "pdf", str(docx), "-o", str(out / "ours"), "--force", "--quiet")
        per_page[people] = seconds / people
        direct = _direct_pdf(soffice, docx, out / "direct", limit)
        shutil.rmtree(out, ignore_errors=True)
        ours = f"{seconds:.1f} s ({per_page[people] * 1000:.1f} ms a page, peak {peak:.0f} MiB)"
        anchor = f"`soffice --convert-to pdf` {direct:.1f} s" if direct else f"`soffice --convert-to pdf` unfinished after {limit:.0f} s"
        ratio = f"{seconds / direct:.2f}×" if direct else f"< {seconds / limit:.2f}×"
        if people == sizes[0]:
            table.add(f"`draftkit pdf` of {people:,} certificates", ours, anchor, ratio, "≤ 1.1× soffice", direct is not None and seconds <= 1.1 * direct)
            continue
        growth = per_page[people] / per_page[sizes[0]]
        table.add(
            f"`draftkit pdf` of {people:,} certificates",
            ours,
            anchor,
            f"{ratio}; {growth:.2f}× the cost a page at {sizes[0]:,}",
            f"cost a page ≤ 1.3× that at {sizes[0]:,}",
            growth <= 1.3,
        )


LIST_PDF_SIZES = (1_000, 10_000)


def bench_list_pdf(table: Table, sizes: tuple[int, ...] = LIST_PDF_SIZES, limit: float = PDF_DIRECT_LIMIT) -> None:
    """`draftkit pdf` of a round's list (one table of a row per awardee) as the round grows:
    converted part by part where its pages start, its cost a page must stay flat, where one
    plain soffice conversion grows with the square of the rows (4,000 rows: 51 s of CPU
    against 4.1 s at 1,000)."""
    from draftkit.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        table.add("`draftkit pdf` of a large round's list", "skipped", "LibreOffice not installed", "—", "linear", False)
        return
    per_page: dict[int, float] = {}
    for people in sizes:
        out = Path(tempfile.mkdtemp(prefix="dk-bench-list-pdf-"))
        round_time(people, out)
        docx = next(out.glob("*-danh-sach.docx"))
        seconds, peak, _ = measure(DRAFTKIT, "pdf", str(docx), "-o", str(out / "ours"), "--force", "--quiet")
        from pypdf import PdfReader

        pages = len(PdfReader(next((out / "ours").glob("*.pdf"))).pages)
        per_page[people] = seconds / pages
        direct = _direct_pdf(soffice, docx, out / "direct", limit)
        shutil.rmtree(out, ignore_errors=True)
        ours = f"{seconds:.1f} s, {pages} pages ({per_page[people] * 1000:.0f} ms a page, peak {peak:.0f} MiB)"
        anchor = f"`soffice --convert-to pdf` {direct:.1f} s" if direct else f"`soffice --convert-to pdf` unfinished after {limit:.0f} s"
        ratio = f"{seconds / direct:.2f}×" if direct else f"< {seconds / limit:.2f}×"
        growth = per_page[people] / per_page[sizes[0]]
        table.add(
            f"`draftkit pdf` of the list of a {people:,}-awardee round",
            ours,
            anchor,
            ratio if people == sizes[0] else f"{ratio}; {growth:.2f}× the cost a page at {sizes[0]:,}",
            "finishes; cost a page ≤ 1.3× that at the smallest",
            growth <= 1.3,
        )


def bench_pdf_profile(table: Table, repeats: int) -> None:
    """A small document's PDF with a copy of the prepared LibreOffice profile, against a
    profile LibreOffice builds afresh (DRAFTKIT_NO_CACHE=1), alternately in one process."""
    from draftkit.pdf import convert_bytes, find_soffice

    if find_soffice() is None:
        table.add("PDF of a decision: prepared profile", "skipped", "LibreOffice not installed", "—", "≤ 0.95×", False)
        return
    out = Path(tempfile.mkdtemp(prefix="dk-bench-pdf-profile-"))
    round_time(7, out)
    docx = next(out.glob("*-quyet-dinh.docx"))
    data = docx.read_bytes()
    saved = os.environ.get("DRAFTKIT_NO_CACHE")

    def run(no_cache: str) -> Callable[[], None]:
        def convert() -> None:
            os.environ["DRAFTKIT_NO_CACHE"] = no_cache
            convert_bytes({docx: data})

        return convert

    try:
        run("")()  # prepares the profile
        copied, fresh = paired(run(""), run("1"), repeats)
    finally:
        if saved is None:
            os.environ.pop("DRAFTKIT_NO_CACHE", None)
        else:
            os.environ["DRAFTKIT_NO_CACHE"] = saved
    ratio = copied / fresh
    table.add("PDF of a decision, copy of the prepared profile", f"{copied:.2f} s", f"new profile each run {fresh:.2f} s", f"{ratio:.2f}×", "≤ 0.95×", ratio <= 0.95)


PARALLEL_PEOPLE = 2_000
PARALLEL_GOAL = 0.8  # adopted only if it wins clearly: at most 0.8× the time of one soffice


def bench_pdf_parallel(table: Table, people: int = PARALLEL_PEOPLE, repeats: int = 3) -> None:
    """A round's certificates converted in parts by 2 soffice processes at once (each with
    its own profile) against the same parts through one soffice, alternately in one run
    (the baseline is what `draftkit pdf` does)."""
    from draftkit.pdf import PER_PART, convert_bytes, find_soffice

    workload = f"`draftkit pdf` of {people:,} certificates, parts in 2 soffice processes"
    if find_soffice() is None:
        table.add(workload, "skipped", "LibreOffice not installed", "—", f"≤ {PARALLEL_GOAL}×", False)
        return
    out = Path(tempfile.mkdtemp(prefix="dk-bench-pdf-parallel-"))
    round_time(people, out)
    docx = next(out.glob("*-giay-khen.docx"))
    data = docx.read_bytes()
    pages: dict[int, int] = {}
    cpu: dict[int, list[float]] = {1: [], 2: []}  # CPU seconds of the soffice processes

    def run(processes: int) -> Callable[[], None]:
        def convert() -> None:
            import resource

            from pypdf import PdfReader

            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            (pdf,) = convert_bytes({docx: data}, processes=processes).values()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[processes].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            pages[processes] = len(PdfReader(io.BytesIO(pdf)).pages)

        return convert

    run(1)()  # prepares the profile both copy
    cpu[1].clear()
    two, one = paired(run(2), run(1), repeats)
    shutil.rmtree(out, ignore_errors=True)
    assert pages[1] == pages[2] == people, pages
    ratio = two / one
    table.add(
        workload,
        f"{two:.1f} s ({people // PER_PART} parts; CPU {statistics.median(cpu[2]):.1f} s)",
        f"the same parts in one soffice {one:.1f} s (CPU {statistics.median(cpu[1]):.1f} s)",
        f"{ratio:.2f}×",
        f"≤ {PARALLEL_GOAL}× (adopted only then)",
        ratio <= PARALLEL_GOAL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats; naive loop on 200 people")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF rows (slow: up to half an hour)")
    parser.add_argument("--parallel-only", action="store_true", help="only the row of 2 soffice processes against 1")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    table = Table()
    # What users run is byte-compiled (pip compiles an installed package). The editable
    # install here relies on Python writing the cache on first import, which
    # PYTHONDONTWRITEBYTECODE (set on some machines) prevents; without this every run would
    # compile draftkit's sources again (~17 ms).
    compileall.compile_dir(ROOT / "src", quiet=1)
    print(f"draftkit benchmark, {date.today()}, {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPU")
    if args.parallel_only:
        bench_pdf_parallel(table, repeats=repeats)
        print(table.markdown())
        sys.exit(0 if all(row[5] for row in table.rows) else 1)
    if not args.pdf_only:
        bench_startup(table, repeats * 3)
        bench_report(table, repeats)
        bench_round(table, 3, 200 if args.quick else 1000)
        bench_scaling(table, (1_000, 10_000, 30_000))
        bench_memory(table, (1_000, 10_000, 30_000), 1 if args.quick else 2)
        bench_split_memory(table, (1_000, 3_000, 10_000), 1)
    bench_pdf(table, 3)
    bench_pdf_profile(table, 7)
    bench_pdf_parallel(table, repeats=repeats)
    bench_pdf_scale(table, (1_000, 3_000) if args.quick else PDF_SIZES)
    bench_list_pdf(table, (1_000, 4_000) if args.quick else LIST_PDF_SIZES)
    print()
    print(table.markdown())
    if args.markdown:
        args.markdown.write_text(table.markdown() + "\n", encoding="utf-8")
    sys.exit(0 if all(row[5] for row in table.rows) else 1)


if __name__ == "__main__":
    main()
