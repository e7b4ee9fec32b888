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
- every part must be well-formed XML and covered by ``[Content_Types].xml``;
- tracked changes nobody accepted or rejected are refused (:func:`revision_problem`), and
  tracking itself is switched off in the documents made;
- mail merge fields left from an office's old template are refused
  (:func:`merge_field_problem`): nothing would fill them;
- reviewers' comments are removed with a notice (unlike tracked changes, removing them
  changes no word of the page; kept, Word prints them in the margin).

Then, as each part is prepared, :func:`prepare_xml` (before docxtpl's patch_xml) and
:func:`finish_tags` (after it) undo what Word and LibreOffice do to tags and to the
paragraphs of {%p %} tags (see there), and :func:`prepared_problem` refuses a {%p %} or
{%tr %} whose paragraph or row holds another (which patch_xml would cut in half).

After rendering, every rendered part is checked again for well-formed XML, so a template
whose tags cut the document's structure is a message, never a corrupt .docx.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from html import escape, unescape
from xml.parsers import expat

from draftkit.errors import TemplateError
from draftkit.safefile import container_problem, zip_problem

__all__ = [
    "clean_template",
    "container_problem",
    "finish_tags",
    "merge_field_problem",
    "prepare_xml",
    "prepared_problem",
    "rendered_error",
    "rendered_problem",
    "revision_problem",
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
# Reviewers' comments: the parts that hold them, and their marks in the text.
_COMMENT_TYPES = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible")
_COMMENT = re.compile(rb"<w:comment\b")
_COMMENT_MARK = re.compile(rb"<w:comment(?:RangeStart|RangeEnd|Reference)\b[^>]*/>")
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
    return {k: unescape(v) for k, v in re.findall(r'([\w:]+)\s*=\s*"([^"]*)"', element)} | {
        k: unescape(v) for k, v in re.findall(r"([\w:]+)\s*=\s*'([^']*)'", element)
    }


def _elements(xml: bytes, tag: str) -> list[dict[str, str]]:
    text = xml.decode("utf-8", "replace")
    return [_attributes(m.group(0)) for m in re.finditer(rf"<(?:\w+:)?{tag}\b[^>]*>", text)]


def _write_elements(root: str, namespace: str, items: list[tuple[str, dict[str, str]]]) -> bytes:
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
    revisions = revision_problem(name, data)
    if revisions is not None:
        raise revisions
    merge_fields = merge_field_problem(name, data)
    if merge_fields is not None:
        raise merge_fields

    dropped: set[str] = set()
    rewritten: dict[str, bytes] = {}
    refused: list[str] = []
    attached: list[str] = []
    comments = 0
    comment_parts: set[str] = set()
    for part in [p for p in data if p.endswith(".rels")]:
        relationships = [_Relationship(part, attrs) for attrs in _elements(data[part], "Relationship")]
        kept = []
        for rel in relationships:
            if rel.type.endswith(_MACRO_TYPES):
                if not rel.external:
                    dropped.add(rel.target_part())
                continue
            if rel.type.endswith(_COMMENT_TYPES) and not rel.external:
                target = rel.target_part()
                if rel.type.endswith("/comments"):
                    comments += len(_COMMENT.findall(data.get(target, b"")))
                comment_parts.add(target)
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
    marked = {part: xml for part, xml in data.items() if _TEXT_PARTS.match(part) and _COMMENT_MARK.search(xml)}
    if comments or marked:
        # Stripped with a notice, where tracked changes are refused: a comment is no part of
        # the text, so taking it out changes no word of the page and leaves the clerk nothing
        # to decide; kept, Word prints it in the margin of every document by default.
        rewritten.update({part: _COMMENT_MARK.sub(b"", xml) for part, xml in marked.items()})
        notices.append(
            f"mẫu {name} có {comments or 'một số'} chú thích (comment) của người soát; đã bỏ chú thích khỏi "
            "văn bản tạo ra để không bị in ra lề. Muốn xóa hẳn khỏi mẫu: trong Word chọn Xem lại (Review) → "
            "Xóa (Delete) → Xóa tất cả chú thích trong tài liệu; trong LibreOffice chọn Sửa → Chú thích → "
            "Xóa tất cả chú thích; rồi lưu lại mẫu."
        )
    settings = data.get("word/settings.xml")
    if settings is not None and _TRACKING_ON.search(settings):
        # Left on, every correction a clerk makes in a rendered document is a tracked
        # change, and Word prints those in colour by default.
        rewritten["word/settings.xml"] = settings = _TRACKING_ON.sub(b"", settings)
        notices.append(
            f"mẫu {name} đang bật Theo dõi thay đổi (Track Changes); văn bản tạo ra đã tắt chế độ này "
            "để chỗ sửa về sau không bị in ra thành dấu sửa."
        )
    if attached:
        if settings is not None:
            rewritten["word/settings.xml"] = _ATTACHED_ELEMENT.sub(b"", settings)
        notices.append(
            f"mẫu {name} ghi tên mẫu gốc bên ngoài “{attached[0]}” (attachedTemplate); đã bỏ liên kết này "
            "khỏi văn bản để Word không tự tìm tới tệp đó."
        )

    macros = dropped & set(data)
    dropped |= comment_parts
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


# Jinja's tags, left out to see the XML that every rendering is made of.
_JINJA = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def prepared_problem(name: str, source: str) -> TemplateError | None:
    """A TemplateError when the prepared source, its Jinja tags left out, is not well formed.

    Every tag docxtpl leaves cuts the XML at balanced points, so what remains must be well
    formed. When it is not, patch_xml has replaced a {%p %} paragraph or {%tr %} row that
    holds another paragraph or row (a text box, a table in a table) by the tag, keeping its
    start: rendering would make XML that does not open. Said here, before any data is read,
    so that ``templates check`` says it as well as ``render``. ``source`` has one paragraph
    a line, as rendering compiles it.
    """
    stripped = _JINJA.sub(lambda m: "\n" * m.group(0).count("\n"), _DECLARATION.sub("", source))
    problem = xml_problem(f"<root>{stripped}</root>".encode())
    if problem is None:
        return None
    reason, line = problem
    lines = source.split("\n")
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", lines[line - 1])).split())[:160] if 0 < line <= len(lines) else ""
    return TemplateError(
        f"Mẫu {name + ' ' if name else ''}có thẻ {{%p … %}} hoặc {{%tr … %}} ở một đoạn hay hàng bảng chứa đoạn "
        f"hay bảng khác (hộp văn bản, bảng lồng trong bảng){f' – gần đoạn “{text}”' if text else ''}: "
        f"khi dựng, cả đoạn hay hàng đó được thay bằng thẻ, nên văn bản tạo ra sẽ hỏng ({reason}).",
        hint="Đặt thẻ vào một đoạn (hoặc một hàng) riêng, không có hộp văn bản hay bảng lồng trong đó; "
        "hộp văn bản đặt ở đoạn ngay sau thẻ.",
    )


# --- tracked changes ------------------------------------------------------------------------

# Revision marks of WordprocessingML (ECMA-376 part 1, 17.13.5). Any of them in a template
# means an edit nobody has accepted or rejected: rendering would copy the marks into every
# document (printed with their colours by Word's default "Print Markup"), and the text of
# a w:del would still be there for anyone who rejects the change.
_REVISION = re.compile(
    rb"<w:(ins|del|moveFrom|moveTo|cellIns|cellDel|cellMerge|rPrChange|pPrChange|sectPrChange|"
    rb"tblPrChange|tblPrExChange|tblGridChange|trPrChange|tcPrChange|numberingChange|"
    rb"customXml(?:Ins|Del|MoveFrom|MoveTo)RangeStart|moveFromRangeStart|moveToRangeStart)[\s/>]"
)
_REVISION_KINDS = {
    "ins": "chèn",
    "cellIns": "chèn",
    "customXmlInsRangeStart": "chèn",
    "del": "xóa",
    "cellDel": "xóa",
    "customXmlDelRangeStart": "xóa",
    "moveFrom": "di chuyển",
    "moveTo": "di chuyển",
    "moveFromRangeStart": "di chuyển",
    "moveToRangeStart": "di chuyển",
    "customXmlMoveFromRangeStart": "di chuyển",
    "customXmlMoveToRangeStart": "di chuyển",
}
_REVISED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|styles|numbering)\.xml$")
_TRACKING_ON = re.compile(rb'<w:trackRevisions\b(?![^>]*w:val="(?:false|0|off)")[^>]*/>')
_PARAGRAPH = re.compile(r"<w:p[ >](?:(?!<w:p[ >]).)*?</w:p>", re.DOTALL)  # innermost paragraphs
_REVISION_TEXT = re.compile(_REVISION.pattern.decode())
_TEXT = re.compile(r"<w:(?:t|delText)\b[^>]*>([^<]*)</w:(?:t|delText)>")
_ACCEPT_ALL = (
    "Trong Word: Xem lại (Review) → Chấp nhận (Accept) → Chấp nhận tất cả thay đổi (Accept All Changes); "
    "trong LibreOffice: Sửa (Edit) → Theo dõi thay đổi (Track Changes) → Chấp nhận tất cả (Accept All). "
    "Muốn bỏ thay đổi thì chọn Từ chối tất cả (Reject All). Tắt luôn Theo dõi thay đổi rồi lưu lại mẫu."
)


def revision_problem(name: str, parts: dict[str, bytes]) -> TemplateError | None:
    """A TemplateError when the template still holds tracked changes; None when it holds none.

    Refused rather than accepted on the clerk's behalf: whether a colleague's change is
    wanted is the clerk's decision, Word and LibreOffice make it in one click, and accepting
    by hand here would have to redo Word's rules for deleted paragraph marks, moved text,
    deleted table rows and formatting changes, where one mistake prints deleted words.
    """
    kinds: dict[str, int] = {}
    places: list[str] = []
    for part, xml in parts.items():
        if not _REVISED_PARTS.match(part):
            continue
        found = [m.group(1).decode() for m in _REVISION.finditer(xml)]
        if not found:
            continue
        for kind in found:
            label = _REVISION_KINDS.get(kind, "định dạng")
            kinds[label] = kinds.get(label, 0) + 1
        if len(places) < 3:
            for paragraph in _PARAGRAPH.finditer(xml.decode("utf-8", "replace")):
                if _REVISION_TEXT.search(paragraph.group(0)):
                    text = unescape("".join(_TEXT.findall(paragraph.group(0))))
                    text = " ".join(text.split())
                    if text:
                        places.append(f"“{text[:120]}{'…' if len(text) > 120 else ''}”")
                    if len(places) >= 3:
                        break
    if not kinds:
        return None
    counted = ", ".join(f"{count} chỗ {label}" for label, count in kinds.items())
    where = f" Ví dụ ở đoạn: {'; '.join(dict.fromkeys(places))}." if places else ""
    return TemplateError(
        f"Mẫu {name} còn thay đổi chưa được chấp nhận hay từ chối (Theo dõi thay đổi – Track Changes): "
        f"{counted}.{where} Chưa dùng được mẫu này: mọi văn bản tạo ra sẽ mang theo các dấu sửa này"
        + (", kể cả chữ đã xóa." if "xóa" in kinds or "di chuyển" in kinds else "."),
        hint=_ACCEPT_ALL,
    )



# --- tags, as Word and LibreOffice save them -------------------------------------------------
#
# docxtpl's patch_xml rejoins tags that Word cut into runs and replaces a {%p %} paragraph
# by its tag. It does not know what an office editor does to the text of a tag:
#
# - LibreOffice writes " and ' as &quot; and &apos;, and both write & as &amp;: inside a
#   tag Jinja then reads "&quot;" (a syntax error) or, inside a string, "A &amp; B", which
#   autoescaping prints as the five characters "&amp;" (a silently wrong document);
# - Word's AutoFormat turns quotes into “ ” ‘ ’. patch_xml straightens every one of them,
#   also those inside a string, where they are text the clerk typed;
# - pasted text brings zero-width characters and no-break spaces into a tag; a clerk used
#   to mail merge writes «name»;
# - LibreOffice saves "page break before" of a paragraph as a page-break run at the end of
#   the paragraph before it. When that is a {%p %} paragraph, patch_xml drops the paragraph
#   and the break with it: certificates then run on from one page to the next;
# - a text box anchored to a {%p %} paragraph nests paragraphs inside it: patch_xml, which
#   takes the nearest "<w:p" before the tag as the paragraph's start, keeps the outer
#   paragraph's start and drops its end.
#
# prepare_xml runs on a part's XML before patch_xml, finish_tags on patch_xml's output.

# What patch_xml rewrites inside tags, written so that it does not: finish_tags then reads
# each as typed, and writes it back as it was outside tags. (&lt; turned into "<" inside a
# string would look like XML to finish_tags; &#8216; is what patch_xml turns into "'".)
_SHIELDS = {
    "\u201c": "&#x201C;",
    "\u201d": "&#x201D;",
    "\u2018": "&#x2018;",
    "\u2019": "&#x2019;",
    "&lt;": "&#60;",
    "&gt;": "&#62;",
}
_RUN_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_CONTROL_TAG = re.compile(r"\{[%{]p ")  # docxtpl's paragraph tags: {%p ... %} and {{p ... }}
_PAGE_BREAK = re.compile(
    r'<w:br\b[^>]*\bw:type="page"[^>]*/>|<w:pageBreakBefore(?:\s+w:val="(?:true|1|on)")?\s*/>'
)
_PPR = re.compile(r"<w:pPr>((?:<w:(?:pStyle|keepNext|keepLines)\b[^>]*/>)*)|<w:pPr/>")
_BREAK_BEFORE = re.compile(r"<w:pageBreakBefore\b[^>]*/>")


# Characters that print nothing: zero-width space, non-joiner, joiner, word joiner, BOM
# (zero-width no-break space) and soft hyphen. Pasted into a tag they break Jinja's reading
# of it; inside a string they are text the clerk typed (ZWJ/ZWNJ shape some scripts).
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = frozenset(_INVISIBLE_CHARS)
_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE_CHARS}]")
# A tag's opening or closing braces with invisible characters (and run boundaries) between
# the two: "{\u200b{" is plain text to Jinja, which would print it as is.
_GAP = f"(?:<[^>]*>|[{_INVISIBLE_CHARS}])*"
_OPENER = re.compile(f"\\{{{_GAP}([{{%])")
_CLOSERS = {"{": re.compile(f"\\}}{_GAP}\\}}"), "%": re.compile(f"%{_GAP}\\}}")}


def _join_cut_braces(xml: str) -> str:
    """``xml`` with the invisible characters between a tag's two braces removed.

    Only braces that open a tag and the braces that close that same tag are touched: plain
    text such as "100%\u200d}" outside any tag stays exactly as typed.
    """
    pieces: list[str] = []
    position = 0
    while True:
        opener = _OPENER.search(xml, position)
        if opener is None:
            break
        closer = _CLOSERS[opener.group(1)].search(xml, opener.end())
        if closer is None:
            break
        following = _OPENER.search(xml, opener.end(), closer.start())
        if following is not None:  # braces with no closing of their own: not a tag
            pieces.append(xml[position : following.start()])
            position = following.start()
            continue
        pieces += [
            xml[position : opener.start()],
            _INVISIBLE_RUN.sub("", opener.group(0)),
            xml[opener.end() : closer.start()],
            _INVISIBLE_RUN.sub("", closer.group(0)),
        ]
        position = closer.end()
    pieces.append(xml[position:])
    return "".join(pieces)


def prepare_xml(xml: str, name: str = "") -> str:
    """A part's XML made safe for docxtpl's patch_xml (see above); the page looks the same."""
    for typed, shield in _SHIELDS.items():
        xml = xml.replace(typed, shield)
    xml = _join_cut_braces(xml)
    return _move_out_of_tag_paragraphs(xml.replace("&#8216;", "&#x2018;"), name)


def _move_out_of_tag_paragraphs(xml: str, name: str) -> str:
    """What patch_xml would drop with a {%p %} paragraph, moved to a paragraph that stays.

    patch_xml replaces the whole paragraph of a {%p %} tag by the tag. Two things an editor
    puts there are kept:

    - a page break becomes "page break before" of the first paragraph after it that stays:
      after a {%p for %} that is the first paragraph of every repetition, which is where
      LibreOffice took it from. A break typed before a {%p endfor %} in its paragraph (Word:
      Ctrl+Enter at the end of a certificate) ends every repetition: it goes to the first
      paragraph of the repetition too (ending the last one with it would print a blank page);
    - a floating picture or shape (a logo dragged to the top of a certificate is anchored
      to the first paragraph, which is the {%p for %} line) moves into that same paragraph,
      or into the paragraph before when nothing follows; its position is measured from the
      page or the margins, so it prints where the clerk put it.

    When that first paragraph is in a table (a certificate laid out in a table), "page
    break before" inside the table is ignored by LibreOffice: the page is started by an
    empty paragraph of no height before the table instead (:func:`_table_breaks`).

    A section break there cannot be moved without changing which pages the section holds:
    TemplateError.
    """
    spans = _outermost(xml, "p")
    # A text box anchored to a paragraph holds paragraphs of its own; the tag paragraph is the
    # one around it, and what patch_xml drops is all of it, text box included.
    own = [_TEXT_BOX.sub("", xml[start:end]) for start, end in spans]
    texts = ["".join(_RUN_TEXT.findall(text)) for text in own]
    controls = [bool(_CONTROL_TAG.search(text)) for text in texts]
    edits: dict[int, tuple[bool, list[str]]] = {}  # paragraph index -> (break before, runs to add)
    emptied: dict[int, str] = {}  # tag paragraph index -> the paragraph without the moved runs
    pending_break = False
    pending_runs: list[str] = []
    last_kept: int | None = None
    loops: list[int] = []  # the {%p for %} paragraphs open, innermost last
    first_kept: dict[int, int] = {}  # a {%p for %} paragraph -> the first paragraph that stays after it
    for index, (start, end) in enumerate(spans):
        if controls[index]:
            if _SECTION.search(own[index]):
                raise _section_in_tag_paragraph(name, own[index])
            found = _PAGE_BREAK.search(own[index])
            if _LOOP_END.search(texts[index]) and loops:
                opened = loops.pop()
                if found is not None and _break_before_tag(own[index], found.start()):
                    # The break ends each repetition: it starts each one instead.
                    if opened in first_kept:
                        breaks, runs = edits.get(first_kept[opened], (False, []))
                        edits[first_kept[opened]] = (True, runs)
                    found = None
            elif _LOOP_START.search(texts[index]):
                loops.append(index)
            pending_break = pending_break or found is not None
            moved = [(a, b) for a, b in _outermost(xml, "r", start, end) if _MOVED.search(xml, a, b)]
            pending_runs += [xml[a:b] for a, b in moved]
            if own[index] != xml[start:end]:
                # Taken out here too: patch_xml finds a tag's paragraph by the nearest "<w:p"
                # before the tag, which for a paragraph holding a text box is one inside it.
                bounds = [start, *(edge for span in moved for edge in span), end]
                emptied[index] = "".join(xml[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2))
            continue
        for opened in loops:
            first_kept.setdefault(opened, index)
        last_kept = index
        if pending_break or pending_runs:
            edits[index] = (pending_break, pending_runs)
            pending_break, pending_runs = False, []
    if pending_runs and last_kept is not None:
        breaks, runs = edits.get(last_kept, (False, []))
        edits[last_kept] = (breaks, runs + pending_runs)
    before_tables, unbreak = _table_breaks(xml, spans, edits, first_kept)
    if not edits and not emptied and not before_tables:
        return xml
    changes: list[tuple[int, int, str]] = []  # (start, end, replacement), in order
    for index in sorted({*edits, *emptied}):
        start, end = spans[index]
        if index in emptied:
            paragraph = emptied[index]
        else:
            breaks, runs = edits[index]
            paragraph = xml[start:end]
            if index in unbreak:
                properties_end = _after_properties(paragraph)[1]
                paragraph = _BREAK_BEFORE.sub("", paragraph[:properties_end]) + paragraph[properties_end:]
            paragraph = _with_runs(_break_before(paragraph) if breaks else paragraph, runs)
        changes.append((start, end, paragraph))
    changes += [(at, at, _PAGE_START) for at in before_tables]
    pieces: list[str] = []
    position = 0
    for start, end, replacement in sorted(changes):
        pieces += [xml[position:start], replacement]
        position = end
    pieces.append(xml[position:])
    return "".join(pieces)


_LOOP_START = re.compile(r"\{%p\s*for\s")
_LOOP_END = re.compile(r"\{%p\s*endfor\b")
# An empty paragraph that starts a page and takes no room: a table cannot start one itself.
_PAGE_START = (
    '<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
)


def _break_before_tag(paragraph: str, at: int) -> bool:
    """Whether the page break at ``at`` in a tag paragraph comes before the tag's text."""
    opening = paragraph.find("{%")
    return opening < 0 or at < opening


def _table_breaks(
    xml: str, spans: list[tuple[int, int]], edits: dict[int, tuple[bool, list[str]]], first_kept: dict[int, int]
) -> tuple[list[int], set[int]]:
    """Where a page-starting paragraph goes before a table that opens a loop's repetition,
    and the paragraphs whose own "page break before" goes.

    The first paragraph that stays after a {%p for %} may be in a table's first cell: a
    "page break before" given to it (moved there, or typed there in Word) is ignored inside
    a table by LibreOffice, and the certificates run on. The break is taken off that
    paragraph and put before the table (``edits`` is changed in place).
    """
    tables = _outermost(xml, "tbl")
    starts: list[int] = []
    unbreak: set[int] = set()
    for index in sorted(set(first_kept.values())):
        start, end = spans[index]
        table = next(((a, b) for a, b in tables if a < start and end <= b), None)
        if table is None or _PARAGRAPH_START.search(xml, table[0], start):
            continue  # not in a table, or not its first paragraph
        paragraph = xml[start:end]
        breaks, runs = edits.get(index, (False, []))
        own = _BREAK_BEFORE.search(paragraph, 0, _after_properties(paragraph)[1]) is not None
        if not (breaks or own):
            continue
        edits[index] = (False, runs)
        if own:
            unbreak.add(index)
        starts.append(table[0])
    return starts, unbreak


_PARAGRAPH_START = re.compile(r"<w:p[ >/]")


_TOKENS = {tag: re.compile(rf"<w:{tag}(?:\s[^>]*?)?(/?)>|</w:{tag}>") for tag in ("p", "r", "tbl")}
_TEXT_BOX = re.compile(r"<w:txbxContent\b.*?</w:txbxContent>", re.DOTALL)
# Runs kept when their paragraph is dropped: floating pictures and shapes, text boxes.
_MOVED = re.compile(r"<wp:anchor\b|<w:pict\b|<w:object\b|<w:txbxContent\b")
_SECTION = re.compile(r"<w:sectPr\b")


def _outermost(xml: str, tag: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Where the outermost w:p (or w:r) elements of ``xml[start:end]`` are.

    Those of a text box are inside one of them: a text box nests whole paragraphs in a run.
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    opened = 0
    for token in _TOKENS[tag].finditer(xml, start, len(xml) if end is None else end):
        if token.group(0).startswith("</"):
            if depth:
                depth -= 1
                if not depth:
                    spans.append((opened, token.end()))
        elif token.group(1):  # <w:p/>
            if not depth:
                spans.append((token.start(), token.end()))
        else:
            if not depth:
                opened = token.start()
            depth += 1
    return spans


def _after_properties(paragraph: str) -> tuple[int, int]:
    """Where the paragraph's own properties (w:pPr) start and end; both at the start of its
    content when it has none. (A text box in it has paragraphs with properties of their own.)"""
    at = paragraph.find(">") + 1
    if paragraph.startswith("<w:pPr/>", at):
        return at, at + len("<w:pPr/>")
    if paragraph.startswith(("<w:pPr>", "<w:pPr "), at):
        return at, paragraph.index("</w:pPr>", at) + len("</w:pPr>")
    return at, at


def _with_runs(paragraph: str, runs: list[str]) -> str:
    """``paragraph`` with ``runs`` first, after its properties (anchors do not flow with text)."""
    if not runs:
        return paragraph
    at = _after_properties(paragraph)[1]
    return paragraph[:at] + "".join(runs) + paragraph[at:]


def _section_in_tag_paragraph(name: str, paragraph: str) -> TemplateError:
    text = " ".join(unescape(_restore_quotes("".join(_RUN_TEXT.findall(paragraph)))).split())
    return TemplateError(
        f"Mẫu {name + ' ' if name else ''}có dấu ngắt phần (section break) ngay ở đoạn “{text[:160]}”: "
        "đoạn có thẻ {%p … %} được thay cả đoạn bằng thẻ khi dựng, nên dấu ngắt phần (cùng khổ giấy, "
        "lề, hướng trang của phần đó) sẽ mất.",
        hint="Bật Hiện ký tự ẩn (¶), đặt con trỏ ngay sau “%}” của thẻ (trước dấu ngắt phần) rồi nhấn "
        "Enter: dấu ngắt phần chuyển xuống đoạn mới, thẻ đứng riêng một đoạn.",
    )


def _break_before(paragraph: str) -> str:
    """``paragraph`` with "page break before" on, in the place the schema orders it."""
    start, end = _after_properties(paragraph)
    head, properties, tail = paragraph[:start], paragraph[start:end], paragraph[end:]
    if _BREAK_BEFORE.search(properties):
        return head + _BREAK_BEFORE.sub("<w:pageBreakBefore/>", properties, count=1) + tail
    if properties == "<w:pPr/>":
        return head + "<w:pPr><w:pageBreakBefore/></w:pPr>" + tail
    leading = _PPR.match(properties)
    if leading is not None:
        return head + properties[: leading.end()] + "<w:pageBreakBefore/>" + properties[leading.end() :] + tail
    return head + "<w:pPr><w:pageBreakBefore/></w:pPr>" + properties + tail


_TAG_START = re.compile(r"\{[{%]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|quot|apos|amp|lt|gt);")
_ODD_SPACES = frozenset("\u00a0\u202f\u2007\u2009\u200a\u3000")
_GUILLEMETS = frozenset("«»‹›")
_DOUBLE = frozenset('"\u201c\u201d\u201e')
_SINGLE = frozenset("'\u2018\u2019\u201a")
_QUOTED_NAME = re.compile(r"""\{\{-?\s*(["'])([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)\1\s*-?\}\}""")


def finish_tags(source: str, name: str = "") -> str:
    """patch_xml's output with every tag as Jinja must read it (see above).

    Inside a tag: entities are decoded, quotes typed as “ ” ‘ ’ around a string become
    plain quotes while those inside a string stay as typed, invisible characters outside
    strings go, odd spaces become spaces, and «» around a name go. Text outside tags is untouched.
    Raises TemplateError for {{ “name” }}, which would print the word "name".
    """
    pieces: list[str] = []
    position = 0
    while True:
        match = _TAG_START.search(source, position)
        if match is None:
            break
        start = match.start()
        closer = "}}" if match.group(0) == "{{" else "%}"
        tag = _read_tag(source, start + 2, closer)
        if tag is None:  # not a whole tag (still cut by XML): left for the checks to report
            pieces.append(_restore_quotes(source[position : start + 2]))
            position = start + 2
            continue
        body, end = tag
        pieces.append(_restore_quotes(source[position:start]))
        text = match.group(0) + body + closer
        quoted = _QUOTED_NAME.fullmatch(text)
        if quoted is not None:
            raise _quoted_name(name, source, start, quoted.group(2))
        pieces.append(text)
        position = end
    pieces.append(_restore_quotes(source[position:]))
    return "".join(pieces)


def _restore_quotes(text: str) -> str:
    for typed, shield in _SHIELDS.items():
        text = text.replace(shield, typed)
    return text


def _tag_char(source: str, index: int) -> tuple[str, int]:
    """The character of a tag at ``index`` (an entity decoded) and the index after it."""
    if source[index] == "&":
        entity = _ENTITY.match(source, index)
        if entity is not None:
            return unescape(entity.group(0)), entity.end()
    return source[index], index + 1


def _read_tag(source: str, index: int, closer: str) -> tuple[str, int] | None:
    """The tag's body from ``index`` as Jinja must read it, and where the tag ends."""
    out: list[str] = []
    quote = ""  # the closing quotes of the string being read; "" outside strings
    length = len(source)
    while index < length:
        if source[index] == "<":
            return None
        char, index = _tag_char(source, index)
        if quote:
            if char == "\\" and index < length:
                # The escaped character may be an entity too: LibreOffice saves \" as \&quot;.
                if source[index] == "<":
                    return None
                escaped, index = _tag_char(source, index)
                out.append(char + escaped)
            elif char in quote:
                out.append('"' if quote[0] == '"' else "'")
                quote = ""
            else:
                out.append(char)  # invisible characters too: inside a string they are typed text
            continue
        if char in _INVISIBLE:
            continue
        if source.startswith(closer, index - 1):
            return "".join(out), index + 1
        if char in _DOUBLE:
            # A string opened by a plain quote ends only at a plain quote; one opened by a
            # typographic quote ends at any double quote, as Word pairs them by position.
            quote = '"' if char == '"' else '"\u201c\u201d\u201e'
            out.append('"')
        elif char in _SINGLE:
            quote = "'" if char == "'" else "'\u2018\u2019\u201a"
            out.append("'")
        elif char in _ODD_SPACES:
            out.append(" ")
        elif char not in _GUILLEMETS:
            out.append(char)
    return None


def _quoted_name(template: str, source: str, index: int, name: str) -> TemplateError:
    opened = source.rfind("<w:p", 0, index)
    closed = source.find("</w:p>", index)
    paragraph = source[max(opened, 0) : closed if closed >= 0 else index + 200]
    text = " ".join(unescape(_restore_quotes(re.sub(r"<[^>]+>", "", paragraph))).split())
    tag = f"{{{{ “{name}” }}}}"
    alone = re.fullmatch(r"\{\{[^{}]*\}\}", text)  # the paragraph is the tag: no need to quote it twice
    where = f" (ở đoạn “{text[:160]}”)" if text and not alone else ""
    return TemplateError(
        f"Mẫu {template + ' ' if template else ''}có thẻ {tag}{where}: tên biến nằm trong dấu ngoặc kép nên văn bản sẽ in ra "
        f"đúng chữ “{name}” chứ không phải giá trị của biến.",
        hint=f"Bỏ dấu ngoặc kép, viết {{{{ {name} }}}}. Word tự đổi \" thành “ ”: gõ lại thẻ, "
        "hoặc tắt tự đổi dấu ngoặc trong Tệp → Tùy chọn → Soát lỗi → Tùy chọn Tự Sửa.",
    )


# --- mail merge fields ----------------------------------------------------------------------

_INSTRUCTION = re.compile(rb'<w:instrText\b[^>]*>([^<]*)</w:instrText>|\bw:instr="([^"]*)"')
_MERGE_FIELD = re.compile(r'\bMERGEFIELD\s+(?:"([^"]+)"|(\S+))', re.IGNORECASE)
_TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def merge_field_problem(name: str, parts: dict[str, bytes]) -> TemplateError | None:
    """A TemplateError when the template holds Word mail merge fields («ten»); None otherwise.

    An office moving from mail merge keeps its old fields. draftkit fills tags, not fields,
    so a field would print its placeholder «ten» on every document, unnoticed among
    filled-in names.
    """
    names: list[str] = []
    for part, xml in parts.items():
        if not _TEXT_PARTS.match(part):
            continue
        # A field's instruction may be split over several runs: read them joined.
        instructions = "".join(
            (m.group(1) or m.group(2) or b"").decode("utf-8", "replace") for m in _INSTRUCTION.finditer(xml)
        )
        names += [m.group(1) or m.group(2) for m in _MERGE_FIELD.finditer(unescape(instructions))]
    if not names:
        return None
    fields = ", ".join(f"«{field}»" for field in dict.fromkeys(names))
    return TemplateError(
        f"Mẫu {name} có trường trộn thư (Mail Merge) {fields}: draftkit không điền các trường này, "
        "văn bản tạo ra sẽ in nguyên chữ trong ngoặc «».",
        hint="Xóa từng trường và gõ thẻ tương ứng, ví dụ {{ c.name }} thay cho «ho_ten». "
        "Tên các biến: draftkit templates vars LOẠI (report, decision, list, certificate).",
    )
