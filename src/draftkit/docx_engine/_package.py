"""A template's .docx package, checked before rendering and after.

(Sizes and containers are checked before parsing by :mod:`draftkit.safefile`.) For templates, before anything is rendered:

- macros (``vbaProject.bin`` and what points to it) are removed, and the main part's
  content type made that of a plain document: a .docx must not carry macros, and Word
  refuses to open one whose content type says "macro-enabled";
- external relationships are decided one by one. Hyperlinks stay: nothing follows them
  until a reader clicks. The attached template (``settings.xml``: Word records the
  ``.dotm`` a document was made from, often on ``\\\\server\\``) is removed with a notice:
  it only names a file, and Word would reach for it on opening. Anything else external (a
  picture linked to ``file:///...`` or a URL, a linked OLE object, a sub-document) is
  refused: LibreOffice copies a linked local picture into the PDF, Word follows a network
  path with the user's credentials, and removing the link would silently change the page;
- every part must be well-formed XML and covered by ``[Content_Types].xml``.

After rendering, every rendered part is checked again for well-formed XML, so a template
whose tags cut the document's structure is a message, never a corrupt .docx.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.parsers import expat

from draftkit.errors import TemplateError
from draftkit.safefile import container_problem, zip_problem

__all__ = [
    "clean_template",
    "container_problem",
    "rendered_error",
    "rendered_problem",
    "xml_problem",
    "zip_problem",
]

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_MAINS = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}
_MACRO_TYPES = ("/vbaProject", "/wordVbaData", "/keyMapCustomizations", "/attachedToolbars")
_MACRO_CONTENT = re.compile(r"vbaProject|vbaData|keyMapCustomizations|attachedToolbars", re.I)
_ATTACHED_TEMPLATE = "/attachedTemplate"
_HYPERLINK = "/hyperlink"
_EXTERNAL_LABELS = {
    "/image": "ảnh liên kết",
    "/oleObject": "đối tượng OLE liên kết",
    "/subDocument": "văn bản con",
    "/frame": "khung lấy nội dung từ tệp khác",
    "/package": "gói nhúng liên kết",
}
# Fields that fetch a file or a link when Word or LibreOffice updates them.
_FETCHING_FIELD = re.compile(
    r"(?:<w:instrText\b[^>]*>|\bw:instr=\")\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO)\b([^<\"]*)"
)
_ATTACHED_ELEMENT = re.compile(rb"<w:attachedTemplate\b[^>]*/>")


def xml_problem(data: bytes, namespaces: bool = False) -> tuple[str, int] | None:
    """(expat's reason, 1-based line) when ``data`` is not well-formed XML; None when it is."""
    parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        return expat.errors.messages.get(exc.code, str(exc)) if exc.code else str(exc), exc.lineno
    return None


# --- templates ------------------------------------------------------------------------------

Members = list[tuple[zipfile.ZipInfo, bytes]]


class _Relationship:
    __slots__ = ("attributes", "source")

    def __init__(self, source: str, attributes: dict[str, str]) -> None:
        self.source = source
        self.attributes = attributes

    @property
    def type(self) -> str:
        return self.attributes.get("Type", "")

    @property
    def external(self) -> bool:
        return self.attributes.get("TargetMode", "") == "External"

    def target_part(self) -> str:
        """The part the relationship points to, as a zip member name."""
        target = self.attributes.get("Target", "")
        if target.startswith("/"):
            return posixpath.normpath(target[1:])
        folder = posixpath.dirname(posixpath.dirname(self.source))  # "word/_rels/x.rels" -> "word"
        return posixpath.normpath(posixpath.join(folder, target))


def _attributes(element: str) -> dict[str, str]:
    from html import unescape

    return {k: unescape(v) for k, v in re.findall(r'([\w:]+)\s*=\s*"([^"]*)"', element)} | {
        k: unescape(v) for k, v in re.findall(r"([\w:]+)\s*=\s*'([^']*)'", element)
    }


def _elements(xml: bytes, tag: str) -> list[dict[str, str]]:
    text = xml.decode("utf-8", "replace")
    return [_attributes(m.group(0)) for m in re.finditer(rf"<(?:\w+:)?{tag}\b[^>]*>", text)]


def _write_elements(root: str, namespace: str, items: list[tuple[str, dict[str, str]]]) -> bytes:
    from html import escape

    rows = "".join(
        f"<{tag} " + " ".join(f'{k}="{escape(v, quote=True)}"' for k, v in attrs.items()) + "/>" for tag, attrs in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<{root} xmlns="{namespace}">{rows}</{root}>'
    ).encode()


def clean_template(members: Members, name: str) -> tuple[Members, list[str]]:
    """The template's parts with macros and the attached template removed, and notices saying so.

    Raises TemplateError for external links that cannot be removed without changing the
    page, for XML that is not well formed and for parts the content types do not cover.
    """
    data = {info.filename: content for info, content in members}
    notices: list[str] = []
    if "[Content_Types].xml" not in data:
        raise TemplateError(f"Mẫu {name} bị hỏng: thiếu phần [Content_Types].xml.", hint=_RESAVE)
    for part, content in data.items():
        if part.endswith((".xml", ".rels")):
            problem = xml_problem(content, namespaces=True)
            if problem is not None:
                raise TemplateError(
                    f"Mẫu {name} bị hỏng: phần {part} không phải XML hợp lệ ({problem[0]}, dòng {problem[1]}).",
                    hint=_RESAVE,
                )

    dropped: set[str] = set()
    rewritten: dict[str, bytes] = {}
    refused: list[str] = []
    attached: list[str] = []
    for part in [p for p in data if p.endswith(".rels")]:
        relationships = [_Relationship(part, attrs) for attrs in _elements(data[part], "Relationship")]
        kept = []
        for rel in relationships:
            if rel.type.endswith(_MACRO_TYPES):
                if not rel.external:
                    dropped.add(rel.target_part())
                continue
            if rel.external and rel.type.endswith(_ATTACHED_TEMPLATE):
                attached.append(rel.attributes.get("Target", ""))
                continue
            if rel.external and not rel.type.endswith(_HYPERLINK):
                label = next((text for suffix, text in _EXTERNAL_LABELS.items() if rel.type.endswith(suffix)), "liên kết")
                owner = posixpath.join(posixpath.dirname(posixpath.dirname(part)), posixpath.basename(part)[: -len(".rels")])
                place = f"phần {owner}" if owner else "cả gói"
                refused.append(f"{label} tới “{rel.attributes.get('Target', '')}” ({place})")
            kept.append(rel)
        if len(kept) != len(relationships):
            rewritten[part] = _write_elements("Relationships", _REL_NS, [("Relationship", r.attributes) for r in kept])
    dropped |= {p for p in data if p.rsplit("/", 1)[-1] in ("vbaProject.bin", "vbaData.xml")}
    dropped |= {posixpath.join(posixpath.dirname(p), "_rels", posixpath.basename(p) + ".rels") for p in dropped}
    for part, content in data.items():
        if part.endswith(".xml") and part not in dropped:
            for match in _FETCHING_FIELD.finditer(content.decode("utf-8", "replace")):
                refused.append(f"trường {match.group(1)}{match.group(2).rstrip()} (phần {part})")
    if refused:
        raise TemplateError(
            f"Mẫu {name} lấy nội dung từ tệp hoặc địa chỉ bên ngoài: " + "; ".join(dict.fromkeys(refused)) + ". "
            "Không dùng được: Word sẽ tự mở đường dẫn mạng (gửi cả thông tin đăng nhập), "
            "LibreOffice chép tệp riêng của máy vào văn bản.",
            hint="Trong Word: chèn lại ảnh bằng Insert > Pictures > This Device (không chọn “Link to File”), "
            "hoặc File > Info > Edit Links to Files > Break Link; rồi lưu lại mẫu.",
        )
    if attached:
        settings = data.get("word/settings.xml")
        if settings is not None:
            rewritten["word/settings.xml"] = _ATTACHED_ELEMENT.sub(b"", settings)
        notices.append(
            f"mẫu {name} ghi tên mẫu gốc bên ngoài “{attached[0]}” (attachedTemplate); đã bỏ liên kết này "
            "khỏi văn bản để Word không tự tìm tới tệp đó."
        )

    macros = dropped & set(data)
    content_types = data["[Content_Types].xml"]
    defaults = _elements(content_types, "Default")
    original = _elements(content_types, "Override")
    if macros or any("macroenabled" in o.get("ContentType", "").lower() for o in original):
        notices.append(f"mẫu {name} có macro (VBA); đã bỏ macro, văn bản tạo ra là .docx thường, không có macro.")
    overrides = [
        dict(o, ContentType=_DOCUMENT_MAIN) if o.get("ContentType") in _OTHER_MAINS else o for o in original
    ]
    kept_overrides = [o for o in overrides if o.get("PartName", "").lstrip("/") not in dropped]
    kept_defaults = [d for d in defaults if not _MACRO_CONTENT.search(d.get("ContentType", ""))]
    if kept_overrides != original or kept_defaults != defaults:
        rewritten["[Content_Types].xml"] = _write_elements(
            "Types", _CT_NS, [*(("Default", d) for d in kept_defaults), *(("Override", o) for o in kept_overrides)]
        )

    covered_parts = {o.get("PartName", "").lstrip("/").lower() for o in kept_overrides}
    covered_extensions = {d.get("Extension", "").lower() for d in kept_defaults}
    uncovered = [
        part
        for part in data
        if part not in dropped
        and not part.endswith("/")
        and part != "[Content_Types].xml"
        and part.lower() not in covered_parts
        and part.rsplit(".", 1)[-1].lower() not in covered_extensions
    ]
    if uncovered:
        raise TemplateError(
            f"Mẫu {name} bị hỏng: [Content_Types].xml không khai báo phần {', '.join(uncovered[:5])}.",
            hint=_RESAVE,
        )

    cleaned = [
        (info, rewritten.get(info.filename, content)) for info, content in members if info.filename not in dropped
    ]
    return cleaned, notices


_RESAVE = "Mở mẫu bằng Word hoặc LibreOffice và lưu lại thành .docx, hoặc chép lại mẫu có sẵn (draftkit templates copy)."


def rendered_problem(name: str, part: str, xml: bytes) -> TemplateError | None:
    """A TemplateError when a rendered part is not well-formed XML (the .docx would not open)."""
    problem = xml_problem(xml)
    if problem is None:
        return None
    reason, line = problem
    lines = xml.split(b"\n")
    return rendered_error(name, part, reason, lines[line - 1] if 0 < line <= len(lines) else b"")


def rendered_error(name: str, part: str, reason: str, line: bytes) -> TemplateError:
    """The message for a rendered part that is not well-formed: ``line`` is the rendered line
    (one paragraph) where the parser stopped."""
    text = re.sub(r"<[^>]+>", "", line.decode("utf-8", "replace")).strip()
    text = " ".join(text.split())[:200]
    where = f"Ở đoạn: “{text}”. " if text else ""
    return TemplateError(
        f"Mẫu {name} dựng ra nội dung hỏng ở phần {part} ({reason}): Word sẽ không mở được văn bản, "
        "nên chưa ghi tệp nào.",
        hint=where
        + "Thường do một thẻ {% if %} hoặc {% for %} mở ở một đoạn (hoặc ô bảng) và đóng ở chỗ khác: "
        "dùng {%p ... %} cho cả đoạn, {%tr ... %} cho cả hàng; hoặc do ký tự điều khiển trong dữ liệu.",
    )
