"""PDF through LibreOffice (``soffice --headless --convert-to pdf``), made dependable.

soffice exits 0 when it fails, and two conversions sharing a profile fail silently, so
every run gets its own profile folder and a timeout, and each PDF is checked to exist and
to have pages. All files of a job go through one soffice start (about a second saved per
file). Fonts: LibreOffice substitutes Times New Roman when it is missing; the substitute
must carry Vietnamese letters (fonts-liberation2 does, fonts-liberation 1.x does not).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from .errors import ConversionError, OutputError, TextWarning, os_reason
from .output import ensure_writable, write_all

INSTALL_HINT = "Trên Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui fonts-liberation2"
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


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


def convert_bytes(documents: Mapping[Path, bytes], *, timeout: float = 600) -> dict[Path, bytes]:
    """PDF bytes for each .docx given as bytes, keyed by the PDF's target path.

    The documents are written to a private folder under numbered names (two inputs may
    share a name), converted by one soffice start, and read back; nothing is written where
    the user looks, so a failed conversion leaves no file behind.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError("Chưa cài LibreOffice nên không chuyển được sang PDF.", hint=INSTALL_HINT)
    targets = [path.with_suffix(".pdf") for path in documents]
    if len(set(targets)) < len(targets):
        doubles = sorted({str(t) for t in targets if targets.count(t) > 1})
        raise OutputError(f"Hai tệp cùng ghi ra một PDF: {', '.join(doubles)}.", hint="Chuyển từng tệp với -o khác nhau.")
    with tempfile.TemporaryDirectory(prefix="draftkit-pdf-") as work:
        work_dir = Path(work)
        inputs = []
        for index, data in enumerate(documents.values()):
            source = work_dir / f"{index:05d}.docx"
            source.write_bytes(data)
            inputs.append(source)
        command = [
            soffice,
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work_dir),
            *map(str, inputs),
        ]
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ConversionError(
                f"LibreOffice chưa chuyển xong sau {timeout:.0f} giây nên đã dừng.",
                hint="Thử lại, hoặc chuyển từng tệp một.",
            ) from None
        pdfs: dict[Path, bytes] = {}
        missing = []
        for source, original, target in zip(inputs, documents, targets, strict=True):
            produced = source.with_suffix(".pdf")
            if pdf_page_count(produced) == 0:
                missing.append(original)
            else:
                pdfs[target] = produced.read_bytes()
        if missing:
            detail = (completed.stderr or completed.stdout).strip().splitlines()
            raise ConversionError(
                "LibreOffice không tạo được PDF cho: " + ", ".join(str(d) for d in missing) + ".",
                hint=detail[-1] if detail else None,
            )
    return pdfs


def convert_to_pdf(
    documents: Sequence[Path], out_dir: Path | None = None, *, force: bool = False, timeout: float = 600
) -> list[Path]:
    """``draftkit pdf``: each .docx to ``<out_dir or its folder>/<stem>.pdf``, all or nothing."""
    sources: dict[Path, bytes] = {}
    for document in documents:
        try:
            sources[(out_dir or document.parent) / document.name] = document.read_bytes()
        except OSError as exc:
            raise ConversionError(f"Không đọc được tệp “{document}”: {os_reason(exc)}.") from None
    if len(sources) < len(documents):
        raise OutputError("Có hai tệp cùng tên sẽ ghi ra cùng một PDF.", hint="Chuyển từng tệp với -o khác nhau.")
    ensure_writable([p.with_suffix(".pdf") for p in sources], force)
    return write_all(convert_bytes(sources, timeout=timeout), force=force)
