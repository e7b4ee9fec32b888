"""Make the template round-trip corpus: the built-in templates as offices edit them.

Every variant starts from a built-in template and changes its XML the way Word or
LibreOffice really writes it (tracked changes, typographic quotes, characters pasted into
a tag, a tag cut into runs by proofing marks and bookmarks, a page break LibreOffice moved),
and, where LibreOffice is installed, every built-in template saved once by LibreOffice.

    python tools/make_template_corpus.py OUT [--libreoffice]

writes ``OUT/<variant>/<kind>-<style>.docx`` and prints one line per file.
tests/test_template_roundtrip.py builds the same corpus in its session and asserts on what
each variant renders.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "src" / "draftkit" / "templates"
KINDS = ("report", "decision", "list", "certificate")
STYLES = ("state", "party")

Edit = Callable[[str], str]


@dataclass(frozen=True)
class Variant:
    """One way an office edits a template: a name, what it does, the kinds it applies to."""

    name: str
    description: str
    edit: Edit
    kinds: tuple[str, ...] = KINDS


def builtin(kind: str, style: str) -> Path:
    return TEMPLATES / f"{kind}-{style}.docx"


def rewrite(source: Path, target: Path, edit: Edit, part: str = "word/document.xml") -> Path:
    """Copy ``source`` to ``target`` with ``edit`` applied to ``part`` (every other part as is)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == part:
                data = edit(data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)
    return target


def _once(xml: str, old: str, new: str) -> str:
    if old not in xml:
        raise ValueError(f"not in the template: {old!r}")
    return xml.replace(old, new, 1)


def _run_with(xml: str, text: str) -> re.Match[str]:
    """The run whose only text is ``text``."""
    match = re.search(r"<w:r>(?:(?!<w:r>).)*?<w:t(?: [^>]*)?>" + re.escape(text) + r"</w:t></w:r>", xml, re.DOTALL)
    if match is None:
        raise ValueError(f"no run holds exactly {text!r}")
    return match


def _first_value_tag(xml: str) -> str:
    """The first {{ ... }} tag that is the whole text of a run."""
    match = re.search(r"<w:t(?: [^>]*)?>(\{\{ [a-z_.]+ \}\})</w:t>", xml)
    if match is None:
        raise ValueError("no value tag")
    return match.group(1)


# --- tracked changes ------------------------------------------------------------------------

_AUTHOR = 'w:author="Văn thư" w:date="2026-11-20T08:00:00Z"'


def tracked_insertion(xml: str) -> str:
    """A sentence typed with Track Changes on, never accepted."""
    run = _run_with(xml, _first_value_tag(xml))
    inserted = f'<w:ins w:id="901" {_AUTHOR}><w:r><w:t xml:space="preserve"> (chữ chèn thêm)</w:t></w:r></w:ins>'
    return xml[: run.end()] + inserted + xml[run.end() :]


def tracked_deletion(xml: str) -> str:
    """A word deleted with Track Changes on: still in the file as w:delText."""
    run = _run_with(xml, _first_value_tag(xml))
    deleted = f'<w:del w:id="902" {_AUTHOR}><w:r><w:delText xml:space="preserve">CHỮ ĐÃ XÓA </w:delText></w:r></w:del>'
    return xml[: run.start()] + deleted + xml[run.start() :]


def tracked_move(xml: str) -> str:
    """Text moved with Track Changes on: the old place is w:moveFrom, the new one w:moveTo."""
    run = _run_with(xml, _first_value_tag(xml))
    moved_from = (
        f'<w:moveFrom w:id="903" {_AUTHOR}><w:r><w:t xml:space="preserve">CHỮ ĐÃ CHUYỂN ĐI </w:t></w:r></w:moveFrom>'
    )
    moved_to = f'<w:moveTo w:id="904" {_AUTHOR}><w:r><w:t xml:space="preserve"> chữ chuyển tới</w:t></w:r></w:moveTo>'
    return xml[: run.start()] + moved_from + run.group(0) + moved_to + xml[run.end() :]


def tracked_formatting(xml: str) -> str:
    """Bold taken off a run with Track Changes on: w:rPrChange keeps the old formatting."""
    run = _run_with(xml, _first_value_tag(xml))
    changed = run.group(0).replace("<w:rPr>", f'<w:rPr><w:rPrChange w:id="905" {_AUTHOR}><w:rPr><w:b/></w:rPr></w:rPrChange>', 1)
    if changed == run.group(0):
        changed = run.group(0).replace(
            "<w:r>", f'<w:r><w:rPr><w:rPrChange w:id="905" {_AUTHOR}><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr>', 1
        )
    return xml[: run.start()] + changed + xml[run.end() :]


def tracking_on(settings: str) -> str:
    """Track Changes left on, every change accepted (settings.xml only)."""
    return _once(settings, "</w:settings>", "<w:trackRevisions/></w:settings>")


# --- characters in tags ---------------------------------------------------------------------


def _retag(xml: str, edit: Callable[[str], str]) -> str:
    tag = _first_value_tag(xml)
    return _once(xml, f">{tag}<", f">{edit(tag)}<")


def zero_width(xml: str) -> str:
    """U+200B, U+200C, U+200D, U+FEFF pasted into the first value tag, U+00A0 for its spaces."""
    return _retag(xml, lambda tag: "{{\u00a0\ufeff" + tag[3:-3].replace("_", "\u200b_\u200c").replace(".", ".\u200d") + "\u00a0}}")


def zero_width_braces(xml: str) -> str:
    """U+200B between the two braces of the first tag, U+FEFF between its closing ones, and
    a U+200D in a run of its own between the braces of the second."""
    xml = _retag(xml, lambda tag: "{\u200b{" + tag[2:-2] + "}\ufeff}")
    run = _run_with(xml, _first_value_tag(xml))
    tag = _first_value_tag(xml)
    cut = f"<w:r><w:t>{{</w:t></w:r><w:r><w:t>\u200d</w:t></w:r><w:r><w:t>{tag[1:]}</w:t></w:r>"
    return xml[: run.start()] + cut + xml[run.end() :]


def guillemets(xml: str) -> str:
    """{{ «name» }}: a clerk used to Word's mail merge fields."""
    return _retag(xml, lambda tag: "{{ «" + tag[3:-3] + "» }}")


def smart_quoted_name(xml: str) -> str:
    """{{ “name” }}: would print the word itself; refused."""
    return _retag(xml, lambda tag: "{{ “" + tag[3:-3] + "” }}")


def literal_with_quotes(xml: str) -> str:
    """A string typed in Word inside a tag: typographic quotes around it and inside it, and &."""
    return _retag(xml, lambda tag: "{{ " + tag[3:-3] + " ~ “ – ‘Hội &amp; Đoàn’ ”" + " }}")


LITERAL_SUFFIX = " – ‘Hội & Đoàn’ "


def smart_quoted_comparison(xml: str) -> str:
    """The report's {%p if block.kind == "…" %} retyped in Word: “…”."""
    return re.sub(r'(\{%p (?:el)?if block\.kind == )"([a-z0-9_]+)"', "\\1“\\2”", xml)


# --- what Word and LibreOffice put between the pieces of a tag ------------------------------


def cut_tags(xml: str) -> str:
    """Every {{ ... }} run cut into three runs with proofing marks, a bookmark, a rendered
    page break and rsid attributes between the pieces, as Word leaves them after editing."""

    def cut(match: re.Match[str]) -> str:
        properties, tag = match.group(1) or "", match.group(2)
        head, middle, tail = tag[:1], tag[1 : len(tag) - 4], tag[len(tag) - 4 :]

        def run(text: str, rsid: str) -> str:
            return f'<w:r w:rsidR="{rsid}">{properties}<w:t xml:space="preserve">{text}</w:t></w:r>'

        return (
            run(head, "00A1B2C3")
            + '<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="77" w:name="_GoBack"/>'
            + run(middle, "00D4E5F6")
            + '<w:bookmarkEnd w:id="77"/><w:proofErr w:type="spellEnd"/>'
            + f'<w:r w:rsidRPr="00112233">{properties}<w:lastRenderedPageBreak/><w:t>{tail}</w:t></w:r>'
        )

    return re.sub(r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?: [^>]*)?>(\{\{ [^<]*? \}\})</w:t></w:r>", cut, xml)


def libreoffice_page_break(xml: str) -> str:
    """What LibreOffice writes for the certificate's "page break before": a break run at
    the end of the {%p for %} paragraph (without LibreOffice installed)."""
    xml = _once(xml, "<w:t>{%p for c in certificates %}</w:t></w:r>", '<w:t>{%p for c in certificates %}</w:t></w:r><w:r><w:br w:type="page"/></w:r>')
    return _once(xml, "<w:pageBreakBefore/>", "")


# A floating rectangle (a stand-in for a logo: a shape needs no image part), placed from
# the page's top-left corner, as Word writes a picture dragged to the top of the page.
FLOATING_SHAPE = (
    '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
    'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="page"><wp:posOffset>540000</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="page"><wp:posOffset>540000</wp:posOffset></wp:positionV>'
    '<wp:extent cx="720000" cy="720000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="1" name="Logo"/><wp:cNvGraphicFramePr/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="720000" cy="720000"/></a:xfrm>'
    '<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="C00000"/></a:solidFill>'
    "</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
)


def logo_in_loop_paragraph(xml: str) -> str:
    """A logo dragged to the top of the certificate: Word anchors it to the first paragraph,
    the {%p for %} line."""
    return _once(xml, "<w:t>{%p for c in certificates %}</w:t></w:r>", "<w:t>{%p for c in certificates %}</w:t></w:r>" + FLOATING_SHAPE)


def section_break_in_tag_paragraph(xml: str) -> str:
    """A section break typed at the end of the {%p endfor %} line: its page set-up is kept
    in that paragraph's properties."""
    section = re.search(r"<w:sectPr\b.*?</w:sectPr>", xml, re.DOTALL)
    if section is None:
        raise ValueError("no section")
    return _once(xml, "<w:p><w:r><w:t>{%p endfor %}</w:t>", f"<w:p><w:pPr>{section.group(0)}</w:pPr><w:r><w:t>{{%p endfor %}}</w:t>")


def mail_merge_field(xml: str) -> str:
    """An office's old mail merge field «ho_ten» kept beside the tags (the instruction split
    over two runs, as Word writes it after an edit)."""
    run = _run_with(xml, _first_value_tag(xml))
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGE</w:instrText></w:r>'
        '<w:r><w:instrText xml:space="preserve">FIELD ho_ten </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>«ho_ten»</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return xml[: run.end()] + field + xml[run.end() :]


def hidden_text_in_tag(xml: str) -> str:
    """A hidden "x" between the braces of the first value tag: Word shows {{ ... }}, the
    file holds {x{ ... }}, which is no tag."""
    run = _run_with(xml, _first_value_tag(xml))
    tag = _first_value_tag(xml)
    pieces = (
        f'<w:r><w:t>{{</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>x</w:t></w:r><w:r><w:t>{tag[1:]}</w:t></w:r>'
    )
    return xml[: run.start()] + pieces + xml[run.end() :]


VARIANTS = (
    Variant("tracked-insertion", "chữ chèn khi bật Theo dõi thay đổi, chưa chấp nhận", tracked_insertion),
    Variant("tracked-deletion", "chữ xóa khi bật Theo dõi thay đổi, chưa chấp nhận", tracked_deletion),
    Variant("tracked-move", "chữ di chuyển khi bật Theo dõi thay đổi", tracked_move),
    Variant("tracked-formatting", "định dạng sửa khi bật Theo dõi thay đổi", tracked_formatting),
    Variant("zero-width", "ký tự vô hình và dấu cách không ngắt trong thẻ", zero_width),
    Variant("zero-width-braces", "ký tự vô hình giữa hai dấu ngoặc {{ }} của thẻ", zero_width_braces),
    Variant("guillemets", "thẻ {{ «tên» }} kiểu trộn thư", guillemets),
    Variant("smart-quoted-name", "thẻ {{ “tên” }}", smart_quoted_name),
    Variant("literal-with-quotes", "chuỗi trong thẻ gõ bằng Word: “ ” ‘ ’ và &", literal_with_quotes),
    Variant("smart-quoted-comparison", "điều kiện == “…” gõ lại trong Word", smart_quoted_comparison, ("report",)),
    Variant("cut-tags", "thẻ bị cắt thành nhiều đoạn chạy (proofErr, bookmark, rsid)", cut_tags),
    Variant("lo-page-break", "ngắt trang LibreOffice ghi trong đoạn {%p for %}", libreoffice_page_break, ("certificate",)),
    Variant("logo-in-loop-paragraph", "logo kéo lên đầu giấy khen, neo vào đoạn {%p for %}", logo_in_loop_paragraph, ("certificate",)),
    Variant("section-break-in-tag-paragraph", "ngắt phần ở đoạn {%p endfor %}", section_break_in_tag_paragraph, ("certificate",)),
    Variant("mail-merge-field", "trường trộn thư «ho_ten» còn sót", mail_merge_field),
    Variant("hidden-text-in-tag", "chữ ẩn giữa hai dấu ngoặc của thẻ", hidden_text_in_tag),
)
SETTINGS_VARIANTS = (Variant("tracking-on", "Theo dõi thay đổi còn bật, không còn thay đổi nào", tracking_on),)


def make_corpus(out: Path, variants: tuple[Variant, ...] = VARIANTS) -> list[Path]:
    """Write every variant of every built-in template under ``out``; the paths written."""
    written = []
    for variant in variants:
        for kind in variant.kinds:
            for style in STYLES:
                target = out / variant.name / f"{kind}-{style}.docx"
                written.append(rewrite(builtin(kind, style), target, variant.edit))
    for variant in SETTINGS_VARIANTS:
        for kind in variant.kinds:
            for style in STYLES:
                target = out / variant.name / f"{kind}-{style}.docx"
                written.append(rewrite(builtin(kind, style), target, variant.edit, "word/settings.xml"))
    return written


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_saves(out: Path, timeout: float = 300) -> list[Path]:
    """Every built-in template opened and saved once by LibreOffice, as ``out/<kind>-<style>.docx``.

    A private LibreOffice profile, so that a user's running LibreOffice is not touched.
    """
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        originals = Path(scratch) / "in"
        originals.mkdir()
        for kind in KINDS:
            for style in STYLES:
                shutil.copyfile(builtin(kind, style), originals / f"{kind}-{style}.docx")
        profile = (Path(scratch) / "profile").as_uri()
        subprocess.run(
            [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
             "--outdir", str(out), *sorted(str(p) for p in originals.iterdir())],
            check=True, capture_output=True, timeout=timeout,
        )
    saved = sorted(out.glob("*.docx"))
    if len(saved) != len(KINDS) * len(STYLES):
        raise RuntimeError(f"LibreOffice saved {len(saved)} of {len(KINDS) * len(STYLES)} templates")
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--libreoffice", action="store_true", help="also save every built-in with LibreOffice")
    args = parser.parse_args(argv)
    for path in make_corpus(args.out):
        print(path)
    if args.libreoffice:
        for path in libreoffice_saves(args.out / "libreoffice"):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
