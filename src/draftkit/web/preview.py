"""The one seam between the page and the document preview.

The text of the document as it will read (numbered sections, worded indicators, money
in words) is built by ``draftkit.preview`` (another branch, being merged). Until then
:func:`preview_lines` returns None and the page shows no preview block; once merged, this
function is the only place to wire it, e.g. ``return preview.lines(model)``.
"""

from __future__ import annotations

from draftkit.models import DocumentData

__all__ = ["preview_lines"]


def preview_lines(model: DocumentData) -> list[str] | None:
    """The document's text, one line per paragraph; None while no preview is available."""
    del model  # wired to draftkit.preview when the lead merges it
    return None
