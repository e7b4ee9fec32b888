"""Where the Word template of each document kind comes from.

A template is one .docx per document kind and style, named ``<kind>-<style>.docx``
(``report-state.docx``, ``certificate-party.docx``...). It is looked for, first found wins:

1. the folder given with ``--templates DIR``;
2. a ``templates/`` folder beside the data file;
3. the office's folder in the user's config directory (``draftkit/templates``);
4. the templates built into draftkit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

KINDS = ("report", "decision", "list", "certificate")
STYLES = ("state", "party")
KIND_LABELS = {
    "report": "Báo cáo tổng kết",
    "decision": "Quyết định khen thưởng",
    "list": "Danh sách kèm theo quyết định",
    "certificate": "Giấy khen",
}
BUILTIN = "có sẵn trong draftkit"


@dataclass(frozen=True)
class TemplateFolder:
    """One place on the search path, with the words that tell the user what it is."""

    path: Path
    origin: str


@dataclass(frozen=True)
class FoundTemplate:
    kind: str
    style: str
    path: Path
    origin: str

    @property
    def builtin(self) -> bool:
        return self.origin == BUILTIN


def template_file_name(kind: str, style: str) -> str:
    return f"{kind}-{style}.docx"


def builtin_folder() -> Path:
    return Path(str(resources.files("draftkit") / "templates"))


def builtin_template(kind: str, style: str) -> Path:
    return builtin_folder() / template_file_name(kind, style)


def config_dir() -> Path:
    """draftkit's folder in the user's config directory (XDG_CONFIG_HOME on Linux)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("draftkit", appauthor=False))


def user_templates_folder() -> Path:
    """The office's own templates, in draftkit's folder of the user's config directory."""
    return config_dir() / "templates"


def search_path(
    cli_folder: Path | None = None,
    data_file: Path | None = None,
    config_folder: Path | None = None,
) -> list[TemplateFolder]:
    """The folders to search, in order; ``config_folder`` None means the real one."""
    folders = []
    if cli_folder is not None and not cli_folder.is_dir():
        # A mistyped folder must not quietly fall back to the built-in templates.
        from .errors import InputError, Problem

        raise InputError(
            None, [Problem(f"Không có thư mục mẫu “{cli_folder}” (--templates).", hint="Kiểm tra lại đường dẫn.")]
        )
    if cli_folder is not None:
        folders.append(TemplateFolder(cli_folder, f"thư mục --templates {cli_folder}"))
    if data_file is not None:
        beside = data_file.parent / "templates"
        folders.append(TemplateFolder(beside, f"thư mục templates cạnh tệp dữ liệu ({beside})"))
    config = config_folder if config_folder is not None else user_templates_folder()
    folders.append(TemplateFolder(config, f"thư mục mẫu của cơ quan ({config})"))
    return folders


def used_lines(found: Sequence[FoundTemplate]) -> list[str]:
    """"Dùng mẫu ... từ ..." for each template that is not built in, so the clerk knows which
    file shaped the documents (a templates/ folder beside a data file is used silently otherwise)."""
    return [f"Dùng mẫu {f.path.name} từ {f.origin}." for f in dict.fromkeys(found) if not f.builtin]


def find_template(kind: str, style: str, folders: Sequence[TemplateFolder] = ()) -> FoundTemplate:
    """The template used for ``kind`` in ``style``: the first found on the path, else built-in."""
    name = template_file_name(kind, style)
    for folder in folders:
        candidate = folder.path / name
        if candidate.is_file():
            return FoundTemplate(kind, style, candidate, folder.origin)
    return FoundTemplate(kind, style, builtin_template(kind, style), BUILTIN)
