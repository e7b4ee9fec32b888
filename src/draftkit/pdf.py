"""PDF through LibreOffice (``soffice --headless --convert-to pdf``), made dependable at any size.

soffice exits 0 when it fails, and two conversions sharing a profile fail silently, so
every run gets its own profile folder (a copy of one prepared in the user's cache folder,
rebuilt when LibreOffice changes) and each PDF is checked to exist and to have pages.
All files of a job go through one soffice start (about a second saved per file).

LibreOffice's layout time grows faster than the page count (a 3,000-certificate document
took 3 min 26 s, 10,000 did not finish in 10 minutes), so a long document whose pages are
separated by "page break before" paragraphs (certificates) is cut there into parts of
:data:`PER_PART` units, the parts are converted in the same soffice start, and their pages
are joined with pypdf. A document that is mostly one long table (a large round's list)
is converted part by part where its pages start (pdf_pages.py). Documents whose page
numbers or fields would differ when cut are converted whole.

soffice runs in its own process group (POSIX) or process group plus ``taskkill /T``
(Windows), so that a timeout, Ctrl-C or SIGTERM ends soffice.bin too, not only the
launcher script: no LibreOffice is left running after draftkit.

Fonts: LibreOffice substitutes Times New Roman when it is missing; the substitute must carry
Vietnamese letters (fonts-liberation2 does, fonts-liberation 1.x does not).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import IO, Any, TypeVar

from .errors import ConversionError, OutputError, TextWarning, os_reason
from .output import ensure_writable, write_all
from .progress import NO_PROGRESS, ProgressCallback, Steps

ENV_VARIABLE = "DRAFTKIT_SOFFICE"
INSTALL_HINTS = {
    "linux": "Trên Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui fonts-liberation2",
    "win32": "Trên Windows: cài LibreOffice từ https://www.libreoffice.org/download/ "
    "(hoặc gõ: winget install TheDocumentFoundation.LibreOffice), rồi chạy lại lệnh. "
    f"Đã cài ở thư mục khác thì đặt biến {ENV_VARIABLE} là đường dẫn tới soffice.exe.",
    "darwin": "Trên macOS: cài LibreOffice từ https://www.libreoffice.org/download/ "
    "(hoặc gõ: brew install --cask libreoffice) vào thư mục Applications, rồi chạy lại lệnh.",
}
INSTALL_HINT = INSTALL_HINTS["linux"]

# Units (certificates) per part. Measured on this machine (bench/run.py, LibreOffice 7.4):
# per-page cost is flat up to a few hundred pages a document and grows beyond.
PER_PART = 250
# A part that produces nothing for this long is taken as hung: LibreOffice is stopped.
# A document that cannot be cut (one long table: the list of a large round) is given more
# per megabyte of its text, since LibreOffice's layout of it grows faster than its size.
PART_TIMEOUT = 600.0
# How many soffice processes convert a long document's parts at once, each with its own
# profile (one per core, at most 2). Measured with bench/run.py --parallel-only --quick on
# this 2-core machine, loaded by other jobs: 2,000 certificates in 8 parts took 0.77× and
# 0.64× the time of one soffice (44.9 s against 58.0 s; 42.8 s against 66.4 s), for the
# same CPU time (22.5 s against 22.6 s).
SOFFICE_PROCESSES = min(2, os.cpu_count() or 1)
TIMEOUT_PER_MB = 180.0
_POLL = 0.2  # seconds between looks at soffice's progress

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def install_hint(platform: str | None = None) -> str:
    platform = platform or sys.platform
    return INSTALL_HINTS.get(platform, INSTALL_HINTS["linux"])


# --- Finding LibreOffice ------------------------------------------------------------------


@dataclass(frozen=True)
class System:
    """What the search for soffice looks at, passed in so that tests can be any machine."""

    platform: str
    environ: Mapping[str, str]
    is_file: Callable[[str], bool]
    which: Callable[[str], str | None]
    registry: Callable[[], list[str]]  # LibreOffice's InstallPath values (Windows)
    glob: Callable[[str], list[str]]
    home: str


def this_system() -> System:
    import glob

    return System(
        platform=sys.platform,
        environ=os.environ,
        is_file=os.path.isfile,
        which=shutil.which,
        registry=_registry_install_paths,
        glob=lambda pattern: sorted(glob.glob(pattern)),
        home=str(Path.home()),
    )


@dataclass(frozen=True)
class SofficeSearch:
    path: str | None
    searched: tuple[str, ...]
    problem: str | None = None  # DRAFTKIT_SOFFICE set but wrong: said, never replaced


def locate_soffice(system: System | None = None) -> SofficeSearch:
    """Where LibreOffice is: DRAFTKIT_SOFFICE, then PATH, then where installers put it."""
    system = system or this_system()
    override = system.environ.get(ENV_VARIABLE, "").strip().strip('"')
    if override:
        # The user named it: used as given, or refused; another copy is never used instead.
        if system.is_file(override):
            return SofficeSearch(override, (f"{ENV_VARIABLE}={override}",))
        return SofficeSearch(
            None,
            (f"{ENV_VARIABLE}={override}",),
            problem=f"biến {ENV_VARIABLE} trỏ tới “{override}”, nhưng ở đó không có chương trình soffice",
        )
    searched = [f"biến {ENV_VARIABLE} (chưa đặt)", "PATH (soffice, libreoffice)"]
    for name in ("soffice", "libreoffice"):
        found = system.which(name)
        if found:
            return SofficeSearch(found, tuple(searched))
    for candidate in _install_places(system):
        searched.append(candidate)
        if system.is_file(candidate):
            return SofficeSearch(candidate, tuple(searched))
    return SofficeSearch(None, tuple(searched))


def _install_places(system: System) -> list[str]:
    places: list[str] = []
    if system.platform == "win32":
        for folder in system.registry():
            # InstallPath is the program folder; some installs record the top folder.
            base = PureWindowsPath(folder)
            places += [str(base / "soffice.exe"), str(base / "program" / "soffice.exe")]
        for variable, default in (
            ("ProgramFiles", r"C:\Program Files"),
            ("ProgramW6432", r"C:\Program Files"),
            ("ProgramFiles(x86)", r"C:\Program Files (x86)"),
        ):
            program_files = PureWindowsPath(system.environ.get(variable) or default)
            places.append(str(program_files / "LibreOffice" / "program" / "soffice.exe"))
    elif system.platform == "darwin":
        for root in ("/Applications", f"{system.home}/Applications"):
            places.append(f"{root}/LibreOffice.app/Contents/MacOS/soffice")
    else:
        # The packages from libreoffice.org install under /opt; snap and flatpak put a
        # launcher on PATH or here.
        places += system.glob("/opt/libreoffice*/program/soffice") or ["/opt/libreoffice*/program/soffice"]
        places += ["/snap/bin/libreoffice", "/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice"]
    return list(dict.fromkeys(places))


def _registry_install_paths() -> list[str]:
    """HKLM\\SOFTWARE\\LibreOffice\\UNO\\InstallPath (both registry views), then HKCU."""
    paths: list[str] = []
    if sys.platform == "win32":
        import winreg

        key_name = r"SOFTWARE\LibreOffice\UNO\InstallPath"
        views = (
            (winreg.HKEY_LOCAL_MACHINE, winreg.KEY_READ | winreg.KEY_WOW64_64KEY),
            (winreg.HKEY_LOCAL_MACHINE, winreg.KEY_READ | winreg.KEY_WOW64_32KEY),
            (winreg.HKEY_CURRENT_USER, winreg.KEY_READ),
        )
        for root, access in views:
            try:
                with winreg.OpenKey(root, key_name, 0, access) as key:
                    value, _ = winreg.QueryValueEx(key, "")
            except OSError:
                continue
            if isinstance(value, str) and value:
                paths.append(value)
    return paths


def find_soffice(system: System | None = None) -> str | None:
    return locate_soffice(system).path


def require_soffice(system: System | None = None, purpose: str = "chuyển sang PDF") -> str:
    """soffice's path, or an error that names every place searched and how to install it."""
    search = locate_soffice(system)
    if search.path is not None:
        return search.path
    platform = (system or this_system()).platform
    if search.problem is not None:
        raise ConversionError(
            f"Không tìm thấy LibreOffice nên không {purpose} được: {search.problem}.",
            hint=f"Sửa hoặc xóa biến {ENV_VARIABLE}. {install_hint(platform)}",
        )
    raise ConversionError(
        f"Chưa cài LibreOffice nên không {purpose} được. Đã tìm ở: {'; '.join(search.searched)}.",
        hint=install_hint(platform),
    )


# --- Running soffice ---------------------------------------------------------------------


def _process_group_options(platform: str) -> dict[str, Any]:
    if platform == "win32":
        return {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200)}
    return {"start_new_session": True}


def end_process_tree(process: subprocess.Popen[bytes], platform: str | None = None) -> None:
    """End soffice and everything it started (soffice.bin outlives a killed launcher)."""
    platform = platform or sys.platform
    if platform == "win32":
        if process.poll() is None:
            # /T: the tree (soffice.exe's soffice.bin too); /F: without asking it to close.
            subprocess.run(["taskkill", "/T", "/F", "/PID", str(process.pid)], capture_output=True, check=False)
            process.kill()
        process.wait()
        return
    import signal

    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # the group outlives its leader
    process.wait()
    for _ in range(50):  # SIGKILL cannot be ignored: the group is gone within milliseconds
        try:
            os.killpg(process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.02)


@dataclass
class _Run:
    output: str
    returncode: int


def run_soffice(
    command: Sequence[str],
    outputs: Sequence[Path],
    *,
    timeout: float,
    on_done: Callable[[int], None],
    clock: Callable[[], float] = time.monotonic,
    env: Mapping[str, str] | None = None,
) -> _Run:
    """Run one soffice, calling ``on_done(n)`` (often) as its ``outputs`` are finished in order.

    soffice writes one output after another: an output is finished when the next one
    exists, the last when soffice exits. ``timeout`` is how long one output may take.
    Whatever ends this function (timeout, Ctrl-C, an exception from ``on_done``), the
    whole soffice process tree ends with it.
    """
    with tempfile.TemporaryFile() as log:
        process = _start(command, log, env)
        try:
            done, since = 0, clock()
            while True:
                try:
                    process.wait(timeout=_POLL)
                    finished = True
                except subprocess.TimeoutExpired:
                    finished = False
                produced = done
                while produced < len(outputs) and outputs[produced].exists():
                    produced += 1
                now_done = produced if finished else max(produced - 1, done)
                if now_done > done:
                    done, since = now_done, clock()
                on_done(done)
                if finished:
                    break
                if clock() - since > timeout:
                    raise ConversionError(
                        f"LibreOffice chưa chuyển xong sau {timeout:.0f} giây nên đã dừng.",
                        hint="Thử lại, hoặc chuyển từng tệp một.",
                    )
        finally:
            end_process_tree(process)
        log.seek(0)
        output = log.read().decode("utf-8", errors="replace")
    return _Run(output=output, returncode=process.returncode)


def _start(command: Sequence[str], log: IO[bytes], env: Mapping[str, str] | None = None) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=None if env is None else dict(env),
            **_process_group_options(sys.platform),
        )
    except OSError as exc:
        raise ConversionError(f"Không chạy được LibreOffice ({command[0]}): {os_reason(exc)}.") from None


# --- The prepared profile ----------------------------------------------------------------


def _profile_cache(soffice: str) -> Path | None:
    """Where the profile prepared for this LibreOffice is kept (None: cache turned off)."""
    if os.environ.get("DRAFTKIT_NO_CACHE", "") not in ("", "0"):
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("draftkit", appauthor=False)) / "libreoffice-profile" / soffice_key(soffice)


def soffice_key(soffice: str) -> str:
    """Names this LibreOffice install and version: a new version gets a new profile."""
    real = Path(soffice).resolve()
    stamp = [str(real)]
    for info in (
        real.parent / "versionrc",  # Linux
        real.parent / "version.ini",  # Windows
        real.parent.parent / "Resources" / "versionrc",  # macOS
        real,
    ):
        try:
            stat = info.stat()
            stamp.append(f"{info.name}:{stat.st_mtime_ns}:{stat.st_size}")
            if info != real:
                stamp.append(info.read_text(encoding="utf-8", errors="replace"))
                break
        except OSError:
            continue
    return hashlib.sha256("\0".join(stamp).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _copy_profile(source: Path, target: Path) -> bool:
    try:
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".lock", "*.lock"))
    except (OSError, shutil.Error):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def use_prepared_profile(cache: Path | None, profile: Path) -> bool:
    """Fill ``profile`` from the prepared one; False when there is none yet (soffice builds it)."""
    if cache is None or not (cache / "user").is_dir():
        return False
    return _copy_profile(cache, profile)


def keep_prepared_profile(profile: Path, cache: Path | None) -> None:
    """After a good conversion, keep its profile as the prepared one (best effort).

    Copied beside its final name and renamed into place, so that a run never copies a
    half-written profile; profiles of other LibreOffice versions are removed.
    """
    if cache is None or cache.exists() or not (profile / "user").is_dir():
        return
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=cache.parent))
    except OSError:
        return
    if _copy_profile(profile, staging / "p"):
        with contextlib.suppress(OSError):  # another run got there first
            (staging / "p").rename(cache)
    shutil.rmtree(staging, ignore_errors=True)
    for other in cache.parent.iterdir():
        if other.name != cache.name and not other.name.startswith(".new-"):
            shutil.rmtree(other, ignore_errors=True)


# --- Cutting a long document into parts --------------------------------------------------

# Only the elements that can hold a paragraph or a section matter for where the body may
# be cut; scanning for these alone is a fifth of the cost of scanning every tag.
_TAG = re.compile(rb"<(/?)(w:(?:p|tbl|sdt|customXml|body|sectPr|document|txbxContent|ins|del|moveFrom|moveTo))\b[^>]*?(/?)>")
_BREAK_BEFORE = re.compile(rb'<w:pageBreakBefore(?:\s+w:val="(?:1|true|on)")?\s*/>')
_FIELDS = re.compile(rb"<w:fldSimple\b|<w:instrText\b|<w:footnoteReference\b|<w:endnoteReference\b|<w:titlePg\b|<w:lnNumType\b")
_HEADER_FOOTER = re.compile(r"^word/(header|footer)\d*\.xml$")
_SETTINGS_BLOCKERS = re.compile(rb"<w:evenAndOddHeaders(?![^>]*w:val=\"(?:0|false|off)\")|<w:mirrorMargins(?![^>]*w:val=\"(?:0|false|off)\")")


@dataclass(frozen=True)
class _Body:
    """Where document.xml may be cut, as offsets into its bytes (no copy of a 60 MB part)."""

    xml: bytes
    head_end: int  # just after <w:body>
    bounds: list[int]  # unit i is xml[bounds[i]:bounds[i + 1]]
    tail_start: int  # the body's sectPr, then </w:body></w:document>

    @property
    def units(self) -> int:
        return len(self.bounds) - 1

    def part(self, first: int, last: int) -> bytes:
        """document.xml holding units ``first`` to ``last`` (exclusive) only."""
        return b"".join(
            (self.xml[: self.head_end], self.xml[self.bounds[first] : self.bounds[last]], self.xml[self.tail_start :])
        )


def _cut_body(xml: bytes) -> _Body | None:
    """The body cut before each top-level paragraph that starts a page, or None when the
    document cannot be cut safely (several sections, unbalanced tags, nothing to cut at)."""
    stack: list[bytes] = []
    body_start = body_end = sect_start = -1
    cuts: list[int] = []
    at_body = [b"w:document", b"w:body"]
    for match in _TAG.finditer(xml):
        closing, name, empty = match.group(1), match.group(2), match.group(3)
        if closing:
            if not stack or stack[-1] != name:
                return None
            stack.pop()
            if name == b"w:body":
                body_end = match.start()
            continue
        if name == b"w:sectPr":
            if stack != at_body:
                return None  # a section break inside the body: parts would change layout
            sect_start = match.start()
        elif name == b"w:body" and stack == [b"w:document"]:
            body_start = match.end()
        elif name == b"w:p" and stack == at_body and not empty:
            properties = xml[match.end() : match.end() + 4000]
            if properties.startswith((b"<w:pPr>", b"<w:pPr ")):
                own = properties[: properties.find(b"</w:pPr>") + 1 or None]
                if _BREAK_BEFORE.search(own):
                    cuts.append(match.start())
        if not empty:
            stack.append(name)
    if stack or body_start < 0 or body_end < 0 or not cuts:
        return None
    end = sect_start if sect_start >= 0 else body_end
    bounds = [body_start, *cuts, end]
    if not _TAG.search(xml, bounds[0], bounds[1]):
        bounds = bounds[1:]  # nothing before the first page-starting paragraph
    return _Body(xml=xml, head_end=body_start, bounds=bounds, tail_start=end)


def docx_units(data: bytes) -> int | None:
    """How many page-starting units (certificates) the .docx has, if it can be cut."""
    cut = _cuttable(data)
    return cut[1].units if cut is not None else None


def _cuttable(data: bytes) -> tuple[list[tuple[zipfile.ZipInfo, bytes]], _Body] | None:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    parts = {info.filename: content for info, content in members}
    document = parts.get("word/document.xml")
    if document is None or _FIELDS.search(document):
        return None
    for name, content in parts.items():
        if _HEADER_FOOTER.match(name) and _FIELDS.search(content):
            return None
    if _SETTINGS_BLOCKERS.search(parts.get("word/settings.xml", b"")):
        return None
    body = _cut_body(document)
    return (members, body) if body is not None else None


def split_docx(data: bytes, per_part: int = PER_PART) -> list[tuple[bytes, int]]:
    """The document as parts of at most ``per_part`` units each, with their unit counts;
    the whole document as one part when it is short or cannot be cut safely.

    Each part keeps every other part of the package (styles, images, headers) and the
    body's page set-up, so it lays out exactly as its pages did in the whole.
    """
    cut = _cuttable(data)
    if cut is None:
        return [(data, 0)]
    members, body = cut
    if body.units <= per_part:
        return [(data, body.units)]
    import io

    parts = []
    for first in range(0, body.units, per_part):
        last = min(first + per_part, body.units)
        buffer = io.BytesIO()
        # Compressed lightly: these files live for seconds, in a temporary folder.
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for info, content in members:
                if info.filename == "word/document.xml":
                    content = body.part(first, last)
                out.writestr(info.filename, content)
        parts.append((buffer.getvalue(), last - first))
    return parts


# --- Converting -------------------------------------------------------------------------


def pdf_page_count(path: Path) -> int:
    """Pages in a PDF, counted from its page objects (enough to tell empty from not)."""
    try:
        return len(_PAGE.findall(path.read_bytes()))
    except OSError:
        return 0


def font_warnings(font: str = "Times New Roman") -> list[TextWarning]:
    """Warn when LibreOffice will print ``font`` with a substitute, or one without Vietnamese."""
    if shutil.which("fc-match") is None:
        return []
    matched = subprocess.run(
        ["fc-match", "-f", "%{family[0]}", font], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not matched or matched == font:
        return []
    vietnamese = subprocess.run(
        ["fc-list", ":charset=1ec7", "family"], capture_output=True, text=True, check=False
    ).stdout
    warnings = [
        TextWarning(
            "",
            f"máy này không có phông {font}; LibreOffice in bằng phông thay thế “{matched}” "
            "(cùng kích thước chữ, nên số trang và xuống dòng giữ nguyên).",
        )
    ]
    if matched not in vietnamese:
        warnings.append(
            TextWarning(
                "",
                f"phông “{matched}” thiếu chữ tiếng Việt (ơ, ư, ệ...); bản PDF sẽ lẫn phông khác. "
                "Cài fonts-liberation2: sudo apt-get install fonts-liberation2",
            )
        )
    return warnings


@dataclass
class _Part:
    source: Path
    units: int
    names: list[str] = field(default_factory=list)  # the awardees on its pages, in order

    @property
    def pdf(self) -> Path:
        return self.source.with_suffix(".pdf")


def convert_bytes(
    documents: Mapping[Path, bytes],
    *,
    timeout: float = PART_TIMEOUT,
    progress: Steps = NO_PROGRESS,
    per_part: int = PER_PART,
    processes: int | None = None,
) -> dict[Path, bytes]:
    """PDF bytes for each .docx given as bytes, keyed by the PDF's target path."""
    return convert_documents(documents, timeout=timeout, progress=progress, per_part=per_part, processes=processes)[0]


def convert_documents(
    documents: Mapping[Path, bytes],
    *,
    timeout: float = PART_TIMEOUT,
    progress: Steps = NO_PROGRESS,
    per_part: int = PER_PART,
    one_page_each: Mapping[Path, Sequence[str]] | None = None,
    processes: int | None = None,
) -> tuple[dict[Path, bytes], list[TextWarning]]:
    """PDF bytes for each .docx given as bytes (keyed by the PDF's path), and warnings.

    The documents are written to a private folder under numbered names (two inputs may
    share a name), long ones in parts, converted by one soffice start, joined and read
    back; nothing is written where the user looks, so a failed conversion leaves no file
    behind. ``one_page_each`` names, for a certificates document, the awardee of each
    page: more pages than awardees is reported with the first certificates that overflow.
    ``processes``: how many soffice convert the parts at once (SOFFICE_PROCESSES).
    """
    soffice = require_soffice()
    processes = SOFFICE_PROCESSES if processes is None else processes
    if not documents:
        return {}, []  # soffice given no file waits for ever
    targets = [path.with_suffix(".pdf") for path in documents]
    if len(set(targets)) < len(targets):
        doubles = sorted({str(t) for t in targets if targets.count(t) > 1})
        raise OutputError(f"Hai tệp cùng ghi ra một PDF: {', '.join(doubles)}.", hint="Chuyển từng tệp với -o khác nhau.")
    one_page_each = one_page_each or {}
    with tempfile.TemporaryDirectory(prefix="draftkit-pdf-") as work:
        work_dir = Path(work)
        pdfs: dict[Path, bytes] = {}
        # A long table (a large round's list) goes part by part at its page starts.
        for index, (original, data) in enumerate(documents.items()):
            if original in one_page_each:
                continue  # certificates: cut at their page breaks below
            paged = convert_long_table(soffice, data, work_dir / f"pages-{index:03d}", timeout, progress)
            if paged is not None:
                pdfs[original.with_suffix(".pdf")] = paged
        documents = {original: data for original, data in documents.items() if original.with_suffix(".pdf") not in pdfs}
        targets = [path.with_suffix(".pdf") for path in documents]
        if not documents:
            return pdfs, []
        plan: list[list[_Part]] = []
        for index, (original, data) in enumerate(documents.items()):
            names = list(one_page_each.get(original, ()))
            pieces = split_docx(data, per_part)
            # Names go with pages only when the document cuts into exactly one unit each.
            aligned = bool(names) and sum(units for _, units in pieces) == len(names)
            parts = []
            offset = 0
            for number, (content, units) in enumerate(pieces):
                source = work_dir / f"{index:03d}-{number:05d}.docx"
                source.write_bytes(content)
                parts.append(_Part(source, units, names[offset : offset + units] if aligned else []))
                offset += units
            plan.append(parts)
        allowed = max(timeout + TIMEOUT_PER_MB * _text_megabytes(p.source) for parts in plan for p in parts)
        # Several soffice only for a document cut into parts: for a few short documents a
        # second start would cost more than it saves.
        at_once = processes if any(len(parts) > 1 for parts in plan) else 1
        _convert_all(soffice, work_dir, [part for parts in plan for part in parts], allowed, progress, at_once)
        warnings: list[TextWarning] = []
        missing = [original for original, parts in zip(documents, plan, strict=True) if any(pdf_page_count(p.pdf) == 0 for p in parts)]
        if missing:
            raise ConversionError(
                "LibreOffice không tạo được PDF cho: " + ", ".join(str(d) for d in missing) + ".",
                hint=_last_line(work_dir),
            )
        for original, target, parts in zip(documents, targets, plan, strict=True):
            if len(parts) == 1:
                pdfs[target] = parts[0].pdf.read_bytes()
            else:
                joined = work_dir / f"{target.stem}.joined.pdf"
                with progress.step(f"Ghép các phần PDF ({target.name})") as tick:
                    join_pdfs([p.pdf for p in parts], joined, tick)
                pdfs[target] = joined.read_bytes()
            if original in one_page_each:
                warning = overflow_warning(target.name, parts, len(one_page_each[original]))
                if warning is not None:
                    warnings.append(warning)
    return pdfs, warnings


def convert_long_table(soffice: str, data: bytes, work_dir: Path, timeout: float, progress: Steps) -> bytes | None:
    """The PDF of a document that is mostly one long table, converted part by part where
    its pages start (see pdf_pages); None when it has no such table or its page starts
    cannot be found (it is then converted whole, like any other document)."""
    import io

    from . import pdf_pages

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    plan = pdf_pages.layout({info.filename: content for info, content in members})
    if plan is None:
        return None
    work_dir.mkdir()
    profile = work_dir / "profile"
    cache = _profile_cache(soffice)
    fresh = not use_prepared_profile(cache, profile)

    def convert(docx: Path, folder: Path) -> Path:
        pdf = folder / f"{docx.stem}.pdf"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(docx)]
        run = run_soffice(command, [pdf], timeout=timeout, on_done=lambda done: None)
        if pdf_page_count(pdf) == 0:
            lines = run.output.strip().splitlines()
            raise ConversionError("LibreOffice không tạo được PDF cho danh sách.", hint=lines[-1] if lines else None)
        return pdf

    with progress.step("Chuyển sang PDF (từng phần của bảng dài)") as tick:
        kept = pdf_pages.convert_in_pages(members, plan, work_dir, convert, tick)
    if kept is None:
        return None
    if fresh:
        keep_prepared_profile(profile, cache)
    joined = work_dir / "joined.pdf"
    pdf_pages.join_kept(kept, joined)
    return joined.read_bytes()


def _text_megabytes(docx: Path) -> float:
    """Megabytes of text (word/document.xml, unpacked) beyond the first in a .docx."""
    try:
        with zipfile.ZipFile(docx) as archive:
            size = archive.getinfo("word/document.xml").file_size
    except (KeyError, OSError, zipfile.BadZipFile):
        return 0.0
    return max(size / 1e6 - 1, 0.0)


_LOG_NAME = "soffice.log"


def _last_line(work_dir: Path) -> str | None:
    try:
        lines = (work_dir / _LOG_NAME).read_text(encoding="utf-8").strip().splitlines()
    except OSError:
        return None
    return lines[-1] if lines else None


def _convert_all(
    soffice: str, work_dir: Path, parts: list[_Part], timeout: float, progress: Steps, processes: int = 1
) -> None:
    """Every part through one soffice start, with a copy of the prepared profile; with
    ``processes`` > 1, the parts are shared out among that many soffice starts at once,
    each with a profile of its own (one profile cannot serve two soffice processes).
    Whatever stops one of them stops the others: the caller then has no PDF at all."""
    groups = _share_out(parts, max(1, min(processes, len(parts))))
    cache = _profile_cache(soffice)
    profiles = [work_dir / ("profile" if number == 0 else f"profile-{number}") for number in range(len(groups))]
    fresh = [not use_prepared_profile(cache, profile) for profile in profiles]
    total = sum(part.units or 1 for part in parts)
    label = "Chuyển sang PDF" + (f" ({len(parts)} phần)" if len(parts) > 1 else "")
    with progress.step(label) as tick:
        done = [0] * len(groups)

        def convert(number: int, stop: Callable[[], bool]) -> _Run:
            group = groups[number]
            finished_units = [0]
            for part in group:
                finished_units.append(finished_units[-1] + (part.units or 1))

            def on_done(finished: int) -> None:
                if stop():
                    raise ConversionError("LibreOffice đã dừng.")  # another soffice failed
                done[number] = finished_units[finished]
                if len(groups) == 1:
                    tick(sum(done), total)

            command = [
                soffice,
                f"-env:UserInstallation={profiles[number].as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work_dir),
                *(str(part.source) for part in group),
            ]
            # LibreOffice's own temporary files (lu*.tmp) go in the working folder, which is
            # removed whatever happens: one ended midway (Ctrl-C, the other failing) leaves them.
            scratch = work_dir / f"tmp-{number}"
            scratch.mkdir(exist_ok=True)
            env = {**os.environ, "TMPDIR": str(scratch), "TMP": str(scratch), "TEMP": str(scratch)}
            return run_soffice(command, [part.pdf for part in group], timeout=timeout, on_done=on_done, env=env)

        # Several: the progress is drawn from this thread only, as the others go.
        runs = _in_parallel(convert, len(groups), lambda: tick(sum(done), total))
    (work_dir / _LOG_NAME).write_text("".join(run.output for run in runs), encoding="utf-8")
    if fresh[0] and all(pdf_page_count(part.pdf) > 0 for part in parts):
        keep_prepared_profile(profiles[0], cache)


def _share_out(parts: list[_Part], groups: int) -> list[list[_Part]]:
    """``parts`` in ``groups`` runs of neighbours with about as many units each (in order)."""
    total = sum(part.units or 1 for part in parts)
    shared: list[list[_Part]] = [[] for _ in range(groups)]
    seen = 0
    for part in parts:
        number = min(groups - 1, seen * groups // total)
        shared[number].append(part)
        seen += part.units or 1
    return [group for group in shared if group]


_T = TypeVar("_T")


def _in_parallel(work: Callable[[int, Callable[[], bool]], _T], count: int, poll: Callable[[], None]) -> list[_T]:
    """``work(i, stop)`` for each i, at once in threads (in this thread for one), ``poll()``
    called here meanwhile; the first failure (or Ctrl-C) sets ``stop`` for the others and
    is raised once all have ended."""
    if count == 1:
        return [work(0, lambda: False)]
    import threading

    stopped = threading.Event()
    results: dict[int, _T] = {}
    failures: list[BaseException] = []

    def run(number: int) -> None:
        try:
            results[number] = work(number, stopped.is_set)
        except BaseException as exc:  # handed to the caller's thread
            if not stopped.is_set():
                failures.append(exc)
            stopped.set()

    threads = [threading.Thread(target=run, args=(number,), daemon=True) for number in range(count)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(_POLL)
                poll()
    except BaseException:
        stopped.set()  # Ctrl-C: each soffice ends with the call that started it
        for thread in threads:
            thread.join()
        raise
    if failures:
        raise failures[0]
    poll()
    return [results[number] for number in range(count)]


def join_pdfs(parts: Sequence[Path], target: Path, tick: ProgressCallback | None = None) -> int:
    """Join the parts' pages, in order, into ``target``; the number of pages."""
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(part) for part in parts]
    total = sum(len(reader.pages) for reader in readers)
    writer = PdfWriter()
    done = 0
    for reader in readers:
        for page in reader.pages:
            writer.add_page(page)
            done += 1
            if tick is not None and done % 50 == 0:
                tick(done, total)
    with target.open("wb") as out:
        writer.write(out)
    if tick is not None:
        tick(total, total)
    return total


# --- Certificates that overflow ----------------------------------------------------------

_SHOWN = 5


def overflow_warning(pdf_name: str, parts: Sequence[_Part], people: int) -> TextWarning | None:
    """Certificates are one page each: more pages than awardees means content was pushed
    onto a second page. Says which certificates (the first few) when the pages tell."""
    pages = [pdf_page_count(part.pdf) for part in parts]
    total = sum(pages)
    if total <= people:
        return None
    affected: list[str] = []
    for part, count in zip(parts, pages, strict=True):
        if len(affected) >= _SHOWN:
            break
        if part.names and count > len(part.names):
            affected += _overflowing(part.pdf, part.names)
    extra = total - people
    message = (
        f"{pdf_name} có {total} trang cho {people} giấy khen: mỗi giấy khen phải nằm gọn một trang, "
        f"nhưng có {extra} trang bị đẩy sang trang sau (thường do thêm logo, thêm dòng, "
        "hoặc chữ trong mẫu dài hơn, to hơn)."
    )
    if affected:
        shown = ", ".join(affected[:_SHOWN]) + ("…" if len(affected) > _SHOWN or extra > len(affected[:_SHOWN]) else "")
        message += f" Giấy khen bị tràn trang: {shown}."
    message += " Sửa mẫu cho vừa một trang (bớt dòng trống, thu nhỏ logo hoặc cỡ chữ), rồi chạy lại."
    return TextWarning("", message)


def _squash(text: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFC", text).split()).casefold()


def _overflowing(pdf: Path, names: Sequence[str]) -> list[str]:
    """The awardees (in order) whose certificate in ``pdf`` takes more than one page."""
    from pypdf import PdfReader

    texts = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    starts = _starts_by_first_line(texts, len(names)) or _starts_by_name(texts, names)
    if starts is None:
        return []
    ends = [*starts[1:], len(texts)]
    return [name for name, start, end in zip(names, starts, ends, strict=True) if end - start > 1][:_SHOWN]


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _starts_by_first_line(texts: Sequence[str], certificates: int) -> list[int] | None:
    """Every certificate opens with the same line (the national motto, say): its pages."""
    if not texts:
        return None
    opening = _first_line(texts[0])
    starts = [i for i, text in enumerate(texts) if opening and _first_line(text) == opening]
    return starts if len(starts) == certificates else None


def _starts_by_name(texts: Sequence[str], names: Sequence[str]) -> list[int] | None:
    """Else: the first page, in order, that shows each awardee's name."""
    squashed = [_squash(text) for text in texts]
    starts: list[int] = []
    page = 0
    for name in names:
        key = _squash(name)
        while page < len(squashed) and key not in squashed[page]:
            page += 1
        if page == len(squashed):
            return None
        starts.append(page)
        page += 1
    return starts


def certificate_names(data: bytes) -> list[str] | None:
    """The awardee of each certificate of a certificates document (a .docx as draftkit
    writes them: one certificate a page, every one laid out alike), in order; None for any
    other document, or when the certificates cannot be told apart.

    ``draftkit pdf`` has no data file: a certificate's awardee is the first text in which
    the certificates differ (the heading, the "TẶNG", the title are the same on each).
    """
    cut = _cuttable(data)
    if cut is None or cut[1].units < 2:
        return None
    body = cut[1]
    units = [_paragraph_texts(body.xml[body.bounds[i] : body.bounds[i + 1]]) for i in range(body.units)]
    if len({len(texts) for texts in units}) != 1:
        return None  # laid out differently: sections of a report, not certificates
    columns = list(zip(*units, strict=True))
    written = [column for column in columns if any(column)]
    alike = sum(1 for column in written if len(set(column)) == 1)
    if not written or alike * 2 < len(written):
        return None
    differing = [column for column in columns if len(set(column)) > 1]
    names = []
    for index in range(len(units)):
        name = next((column[index] for column in differing if column[index].strip()), "")
        if not name:
            return None
        names.append(name.strip())
    return names


_PARAGRAPH = re.compile(rb"<w:p[ >].*?</w:p>", re.DOTALL)
_TEXT_RUN = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _paragraph_texts(xml: bytes) -> list[str]:
    """The text of each paragraph (table cells included) of a piece of document.xml."""
    from xml.sax.saxutils import unescape

    texts = []
    for paragraph in _PARAGRAPH.finditer(xml):
        raw = b"".join(_TEXT_RUN.findall(paragraph.group()))
        texts.append(unescape(raw.decode("utf-8", errors="replace"), {"&quot;": '"', "&apos;": "'"}))
    return texts


def convert_to_pdf(
    documents: Sequence[Path],
    out_dir: Path | None = None,
    *,
    force: bool = False,
    timeout: float = PART_TIMEOUT,
    progress: Steps = NO_PROGRESS,
    warnings: list[TextWarning] | None = None,
) -> list[Path]:
    """``draftkit pdf``: each .docx to ``<out_dir or its folder>/<stem>.pdf``, all or nothing.

    A certificates document whose PDF has more pages than certificates is reported in
    ``warnings``, with the awardees whose certificate overflows (see certificate_names)."""
    sources: dict[Path, bytes] = {}
    for document in documents:
        try:
            sources[(out_dir or document.parent) / document.name] = document.read_bytes()
        except OSError as exc:
            raise ConversionError(f"Không đọc được tệp “{document}”: {os_reason(exc)}.") from None
    if len(sources) < len(documents):
        raise OutputError("Có hai tệp cùng tên sẽ ghi ra cùng một PDF.", hint="Chuyển từng tệp với -o khác nhau.")
    ensure_writable([p.with_suffix(".pdf") for p in sources], force)
    one_page_each = {path: names for path, data in sources.items() if (names := certificate_names(data))}
    pdfs, found = convert_documents(sources, timeout=timeout, progress=progress, one_page_each=one_page_each)
    if warnings is not None:
        warnings += found
    return write_all(pdfs, force=force)
