"""``draftkit web``: the interview in a local web page (see :mod:`.app`).

Nothing of the web stack is imported by ``import draftkit.web``: the CLI imports
:func:`serve` only when ``draftkit web`` runs.
"""

from __future__ import annotations

from typing import Any

__all__ = ["serve"]


def serve(*args: Any, **kwargs: Any) -> None:
    from .server import serve as _serve

    _serve(*args, **kwargs)
