"""How much room a certificate page has: the figures quoted in docs/templates.md.

Prints, for the built-in certificate of each style: the page, its margins, the usable width
and height in cm, and how many lines like the reason ("{{ c.reason }}", same formatting)
can be added to every certificate before one of the example's certificates runs onto a
second page (measured with LibreOffice: the PDF must have one page per awardee).

    .venv/bin/python tools/certificate_room.py

Needs LibreOffice (soffice) and poppler (pdfinfo). Takes about a minute.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {
    "state": ROOT / "examples" / "ngoc-lac-2023-khen-thuong.yaml",
    "party": ROOT / "examples" / "huyen-uy-ngoc-lac-2023-khen-thuong.yaml",
}
TWIPS_PER_CM = 1440 / 2.54
EXTRA = "Kính chúc đồng chí sức khỏe, hạnh phúc và thành công"


def page_figures(template: Path) -> dict[str, float]:
    with zipfile.ZipFile(template) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    size = re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', xml)
    margins = re.search(r'<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"', xml)
    assert size and margins
    width, height = (int(v) for v in size.groups())
    top, right, bottom, left = (int(v) for v in margins.groups())
    return {
        "width": width / TWIPS_PER_CM,
        "height": height / TWIPS_PER_CM,
        "top": top / TWIPS_PER_CM,
        "bottom": bottom / TWIPS_PER_CM,
        "left": left / TWIPS_PER_CM,
        "right": right / TWIPS_PER_CM,
        "usable_width": (width - left - right) / TWIPS_PER_CM,
        "usable_height": (height - top - bottom) / TWIPS_PER_CM,
    }


def with_extra_lines(template: Path, target: Path, lines: int) -> None:
    doc = Document(str(template))
    reason = next(p for p in doc.paragraphs if p.text == "{{ c.reason }}")
    anchor = reason._p
    for _ in range(lines):
        extra = copy.deepcopy(reason._p)
        runs = extra.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
        runs[0].text = EXTRA
        for run in runs[1:]:
            run.text = ""
        anchor.addnext(extra)
        anchor = extra
    doc.save(str(target))


def free_below(pdf: Path, bottom_margin_cm: float) -> float:
    """The least room left under the last line of text, over every page of ``pdf``, in cm."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    least = None
    for page in re.findall(r"<page [^>]*height=\"([\d.]+)\"[^>]*>(.*?)</page>", bbox, re.DOTALL):
        height = float(page[0])
        lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', page[1]))
        free = (height - lowest) / 72 * 2.54 - bottom_margin_cm
        least = free if least is None else min(least, free)
    assert least is not None
    return least


def pages_for(style: str, lines: int, work: Path) -> tuple[int, int, Path]:
    """(pages of the certificates' PDF, awardees, the PDF) with ``lines`` extra lines on each certificate."""
    from draftkit.pipeline import load_model, render_model
    from draftkit.template_search import TemplateFolder, builtin_template

    folder = work / f"{style}-{lines}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "mau").mkdir(parents=True)
    with_extra_lines(builtin_template("certificate", style), folder / "mau" / f"certificate-{style}.docx", lines)
    model, _ = load_model(EXAMPLES[style])
    written = render_model(model, "gk", folder / "out", templates=[TemplateFolder(folder / "mau", "đo")])
    (certificates,) = [p for p in written if p.name.endswith("-giay-khen.docx")]
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(certificates)],
        check=True,
        capture_output=True,
    )
    info = subprocess.run(["pdfinfo", str(folder / (certificates.stem + ".pdf"))], check=True, capture_output=True, text=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    return pages, len(model.awardees), folder / (certificates.stem + ".pdf")  # type: ignore[attr-defined]


def main() -> None:
    from draftkit.template_search import builtin_template

    if shutil.which("soffice") is None or shutil.which("pdfinfo") is None:
        sys.exit("Cần LibreOffice (soffice) và poppler-utils (pdfinfo).")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        for style in ("state", "party"):
            figures = page_figures(builtin_template("certificate", style))
            print(
                f"certificate-{style}: page {figures['width']:.1f} × {figures['height']:.1f} cm, margins top "
                f"{figures['top']:.2f}, bottom {figures['bottom']:.2f}, left {figures['left']:.2f}, right "
                f"{figures['right']:.2f} cm; usable {figures['usable_width']:.2f} × {figures['usable_height']:.2f} cm"
            )
            fits = 0
            for lines in range(0, 16):
                pages, awardees, pdf = pages_for(style, lines, work)
                room = f", least room under the last line {free_below(pdf, figures['bottom']):.2f} cm" if pages == awardees else ""
                print(f"  {lines:2d} extra line(s): {pages} pages for {awardees} certificates{room}")
                if pages != awardees:
                    break
                fits = lines
            print(f"  → {fits} extra line(s) of the reason's size fit on every certificate of the example")


if __name__ == "__main__":
    main()
