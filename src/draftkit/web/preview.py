"""The one seam between the page and the document preview (:mod:`draftkit.preview`).

The text of the document as it will read (numbered paragraphs, worded indicators, money
in words, the default "Căn cứ" lines) is what the interview's review prints, from the
same function; the page shows it after a check that found nothing wrong.
"""

from __future__ import annotations

from pathlib import Path

from draftkit.errors import InputError
from draftkit.models import AwardsData, DocumentData

__all__ = ["preview_lines"]


def preview_lines(model: DocumentData, base_dir: Path | None = None) -> list[str] | None:
    """The document's text, one numbered line per paragraph ("=== name ===" starts each
    document of a set); None where rendering would refuse (its messages come at "Tạo văn
    bản"), or a round's list cannot be read from ``base_dir``."""
    from draftkit.preview import document_preview, preview_text

    try:
        if isinstance(model, AwardsData) and isinstance(model.awardees, str):
            from draftkit.awards import resolve_awardees

            if base_dir is None:
                return None
            model, _ = resolve_awardees(model, base_dir)
        return preview_text(document_preview(model)).splitlines()
    except InputError:
        return None
