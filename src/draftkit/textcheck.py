"""Checks on user text that never block a document but must never be silent.

Characters that XML cannot hold (control characters) are removed with a warning naming
the field; letters that betray text pasted from a PDF ("ƣ" for "ư") are reported with the
fix. Everything else is left exactly as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .datafile import Path_, format_path
from .errors import TextWarning

# Tab and line breaks are fine (a tab stays a tab, a newline becomes a line break).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_WORD_LINE_BREAK = "\x0b"
# Vietnamese fonts in old PDFs map ư/Ư to these look-alikes (Latin "oi" with hook).
PDF_LOOKALIKES = {"\u01a3": "ư", "\u01a2": "Ư"}


def sanitize(
    value: Any, path: Path_ = (), line_of: Callable[[Path_], int | None] | None = None
) -> tuple[Any, list[TextWarning]]:
    """Drop XML-illegal characters from every string; report them and PDF look-alikes.

    ``line_of`` (a data file's :meth:`DataFile.line_of`) puts the line on each warning.
    """
    warnings: list[TextWarning] = []
    if isinstance(value, str):
        if _WORD_LINE_BREAK in value:
            # Word writes its manual line break (Shift+Enter) as U+000B in copied text:
            # it is a line break, not noise.
            value = value.replace(_WORD_LINE_BREAK, "\n")
            warnings.append(
                TextWarning(
                    format_path(path), "đã đổi dấu ngắt dòng của Word (U+000B) thành xuống dòng.", line=_line(line_of, path)
                )
            )
        found = _XML_ILLEGAL.findall(value)
        if found:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            warnings.append(
                TextWarning(
                    format_path(path),
                    f"đã bỏ {len(found)} ký tự điều khiển không in được ({codes}).",
                    line=_line(line_of, path),
                )
            )
            value = _XML_ILLEGAL.sub("", value)
        if value.endswith(" ...") and value in _starter_placeholders():
            warnings.append(
                TextWarning(
                    format_path(path),
                    f"vẫn là chữ mẫu “{value}” của tệp dữ liệu mẫu: thay bằng nội dung thật, "
                    "hoặc đặt lại dấu # trước dòng đó.",
                    line=_line(line_of, path),
                )
            )
        if any(c in value for c in PDF_LOOKALIKES):
            fixed = fix_pdf_lookalikes(value)
            warnings.append(
                TextWarning(
                    format_path(path),
                    "có chữ “ƣ” (thường gặp khi sao chép từ PDF) thay cho “ư”; "
                    f"nên sửa thành: “{fixed[:80]}”.",
                    line=_line(line_of, path),
                )
            )
        return value, warnings
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out[key], found_warnings = sanitize(item, (*path, key), line_of)
            warnings += found_warnings
        return out, warnings
    if isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            clean, found_warnings = sanitize(item, (*path, index), line_of)
            items.append(clean)
            warnings += found_warnings
        return items, warnings
    return value, warnings


def _starter_placeholders() -> frozenset[str]:
    # Imported when a text looks like one: most texts do not end in " ...".
    from .starter import placeholders

    return placeholders()


def _line(line_of: Callable[[Path_], int | None] | None, path: Path_) -> int | None:
    # Looked up only when there is something to say: most strings are clean.
    return line_of(path) if line_of is not None else None


def fix_pdf_lookalikes(text: str) -> str:
    for wrong, right in PDF_LOOKALIKES.items():
        text = text.replace(wrong, right)
    return text
