"""Where the Word template of each document kind comes from.

Built-in templates ship inside the package as ``templates/<kind>-<style>.docx``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

KINDS = ("report",)


def builtin_template(kind: str, style: str) -> Path:
    return Path(str(resources.files("draftkit") / "templates" / f"{kind}-{style}.docx"))
