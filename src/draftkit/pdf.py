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
from collections.abc import Sequence
from pathlib import Path

from .errors import ConversionError, TextWarning
from .output import ensure_writable

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


def convert_to_pdf(
    documents: Sequence[Path], out_dir: Path, *, force: bool = False, timeout: float = 600
) -> list[Path]:
    """Convert ``documents`` to ``out_dir/<stem>.pdf``; all or nothing, checked."""
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError("Chưa cài LibreOffice nên không chuyển được sang PDF.", hint=INSTALL_HINT)
    targets = [out_dir / f"{doc.stem}.pdf" for doc in documents]
    ensure_writable(targets, force)
    with tempfile.TemporaryDirectory(prefix="draftkit-pdf-") as work:
        work_dir = Path(work)
        profile = work_dir / "profile"
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work_dir),
            *[str(doc.resolve()) for doc in documents],
        ]
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ConversionError(
                f"LibreOffice chưa chuyển xong sau {timeout:.0f} giây nên đã dừng.",
                hint="Thử lại, hoặc chuyển từng tệp một.",
            ) from None
        missing = [doc for doc in documents if pdf_page_count(work_dir / f"{doc.stem}.pdf") == 0]
        if missing:
            detail = (completed.stderr or completed.stdout).strip().splitlines()
            raise ConversionError(
                "LibreOffice không tạo được PDF cho: " + ", ".join(str(d) for d in missing) + ".",
                hint=detail[-1] if detail else None,
            )
        for doc, target in zip(documents, targets, strict=True):
            shutil.move(str(work_dir / f"{doc.stem}.pdf"), target)
    return targets
