"""The one door to docxtpl, Jinja2 and python-docx for rendering.

Rendering is strict (an undefined variable is an error, never a blank), escaped (every
string comes out exactly, ``&``, ``<`` and ``{{ }}`` included) and sandboxed (a template
cannot reach Python internals or files). Errors come back as :class:`TemplateError`
naming the template and the text around the faulty tag.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateError


def make_environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


class _ExactTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl, minus the post-render rewriting that would alter user text.

    docxtpl turns ``{_{`` into ``{{`` in the *rendered* XML (an escape for template
    authors), which would also change a value that contains it. Here the escape is applied
    to the template source instead, so the feature stays and values are left alone.
    """

    _ESCAPES = (
        ("{_{", "{{ '{{' }}"),
        ("}_}", "{{ '}}' }}"),
        ("{_%", "{{ '{%' }}"),
        ("%_}", "{{ '%}' }}"),
    )

    def render_xml_part(
        self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None
    ) -> str:
        for escape, literal in self._ESCAPES:
            src_xml = src_xml.replace(escape, literal)
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        try:
            self.current_rendering_part = part
            dst_xml: str = jinja_env.from_string(src_xml).render(context)
        except JinjaTemplateError as exc:
            lineno = getattr(exc, "lineno", None)
            if lineno is not None:
                start = max(lineno - 4, 0)
                exc.docx_context = [  # type: ignore[attr-defined]
                    re.sub(r"<[^>]+>", "", line) for line in src_xml.splitlines()[start : start + 7]
                ]
            raise
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        resolved: str = self.resolve_listing(dst_xml)
        return resolved


def render_docx(template: Path, context: dict[str, Any], *, name: str | None = None) -> bytes:
    """Render ``template`` with ``context`` and return the .docx bytes."""
    label = name or template.name
    try:
        doc = _ExactTemplate(str(template))
        doc.render(context, jinja_env=make_environment(), autoescape=True)
        buffer = io.BytesIO()
        doc.save(buffer)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"Mẫu {label} có lỗi cú pháp: {exc.message}.",
            hint=_where(exc),
        ) from None
    except UndefinedError as exc:
        raise TemplateError(
            f"Mẫu {label} dùng biến không có trong dữ liệu: {exc.message}.",
            hint=_where(exc),
        ) from None
    except SecurityError as exc:
        raise TemplateError(f"Mẫu {label} dùng lệnh không được phép: {exc}.") from None
    except JinjaTemplateError as exc:
        raise TemplateError(f"Mẫu {label} không dựng được: {exc}.", hint=_where(exc)) from None
    return buffer.getvalue()


def _where(exc: Exception) -> str | None:
    context = getattr(exc, "docx_context", None)
    if not context:
        return None
    text = " ".join(line.strip() for line in context if line.strip())
    return f"Gần đoạn: “{text[:200]}”" if text else None


def adapt_for_form(data: bytes, top_mm: float, left_mm: float, keep_frame: bool) -> bytes:
    """Fit a rendered page to pre-printed forms: shift everything, drop the drawn frame.

    Shifting the margins moves every line by the same distance, so a printer that feeds
    the form a few millimetres off can be corrected without touching the template.
    """
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document(io.BytesIO(data))
    for section in document.sections:
        section.top_margin = section.top_margin + Mm(top_mm)
        section.bottom_margin = max(section.bottom_margin - Mm(top_mm), 0)
        section.left_margin = section.left_margin + Mm(left_mm)
        section.right_margin = max(section.right_margin - Mm(left_mm), 0)
        frame = section._sectPr.find(qn("w:pgBorders"))
        if frame is not None and not keep_frame:
            section._sectPr.remove(frame)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
