"""Where the Word template of each document kind comes from.

A template is one .docx per document kind and style, named ``<kind>-<style>.docx``
(``report-state.docx``, ``certificate-party.docx``...). It is looked for, first found wins:

1. the folder given with ``--templates DIR``;
2. a ``templates/`` folder beside the data file;
3. the office's folder in the user's config directory (``draftkit/templates``);
4. the templates built into draftkit.
"""

from __future__ import annotations

import re
import unicodedata
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
# What a clerk calls each kind in a sentence: "đây là mẫu báo cáo, không phải mẫu giấy khen".
KIND_NOUNS = {
    "report": "báo cáo",
    "decision": "quyết định khen thưởng",
    "list": "danh sách khen thưởng",
    "certificate": "giấy khen",
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
    """Which template each document was made from: "Dùng mẫu ... từ ..." for an office's own,
    one line naming the built-in ones, so the clerk knows which file shaped the documents (a
    templates/ folder beside a data file is used silently otherwise, and a renamed office
    template silently is not)."""
    unique = list(dict.fromkeys(found))
    lines = [f"Dùng mẫu {f.path.name} từ {f.origin}." for f in unique if not f.builtin]
    builtin = [f.path.name for f in unique if f.builtin]
    if builtin:
        lines.append(f"Dùng mẫu {BUILTIN}: {', '.join(builtin)}.")
    return lines


# --- files in a templates folder that draftkit will not use -------------------------------

# Files a clerk may take for a template: Word's own formats and LibreOffice's.
_DOCUMENT_SUFFIXES = (".docx", ".doc", ".docm", ".dotx", ".dotm", ".dot", ".odt", ".rtf")
# Words of a file name, folded (no diacritics, lower case), that say which kind it is.
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("giay khen", "certificate"),
    ("certificate", "certificate"),
    ("quyet dinh", "decision"),
    ("qd", "decision"),
    ("decision", "decision"),
    ("danh sach", "list"),
    ("ds", "list"),
    ("list", "list"),
    ("bao cao", "report"),
    ("bc", "report"),
    ("report", "report"),
)
STYLE_WORDS: tuple[tuple[str, str], ...] = (
    ("party", "party"),
    ("dang", "party"),
    ("dang uy", "party"),
    ("huyen uy", "party"),
    ("tinh uy", "party"),
    ("thanh uy", "party"),
    ("state", "state"),
    ("hanh chinh", "state"),
    ("ubnd", "state"),
    ("chinh quyen", "state"),
)
_COPY_MARK = re.compile(r"\s*(?:\(\d+\)|-\s*copy(?:\s*\(\d+\))?|-\s*sao chep|copy of\s*|ban sao (?:cua\s*)?)\s*", re.I)


def fold(text: str) -> str:
    """Lower case, no diacritics, đ as d, words separated by single spaces: "Giấy_khen-Xã" → "giay khen xa"."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z()]+", " ", plain).split())


def guess_kind_style(file_name: str) -> tuple[str | None, str | None]:
    """What a file name means: ("certificate", None) for "Giấy khen xã.docx"."""
    words = f" {fold(Path(file_name).stem)} "
    kind = next((k for word, k in KIND_WORDS if f" {word} " in words), None)
    style = next((s for word, s in STYLE_WORDS if f" {word} " in words), None)
    return kind, style


@dataclass(frozen=True)
class StrayTemplate:
    """A document file in a templates folder that no kind will use, and what to do about it."""

    path: Path
    origin: str
    message: str


def _suggested(kind: str | None, style: str | None) -> str:
    if kind is None:
        return "đặt tên theo loại và thể thức, ví dụ certificate-state.docx (các loại: " + ", ".join(KINDS) + ")"
    if style is not None:
        return f"đổi tên thành {template_file_name(kind, style)}"
    return (
        f"đổi tên thành {template_file_name(kind, 'state')} (văn bản hành chính) hoặc "
        f"{template_file_name(kind, 'party')} (văn bản của Đảng)"
    )


def stray_message(path: Path) -> str | None:
    """Why ``path`` in a templates folder is not used, and the name it should have; None when it is used."""
    name = path.name
    names = {template_file_name(k, s): (k, s) for k in KINDS for s in STYLES}
    if name in names:
        return None
    if name.startswith("~$"):
        # Word's lock file: "~$" over the first two letters of the document's name.
        return (
            f"“{name}” là tệp tạm của Word (có một mẫu trong thư mục đang mở trong Word), không phải mẫu. "
            "Lưu và đóng mẫu trong Word trước khi dựng văn bản để dùng bản mới nhất."
        )
    suffix = path.suffix.casefold()
    stem = path.stem
    exact = names.get(f"{stem.casefold()}.docx")
    if suffix != ".docx":
        kind, style = exact or guess_kind_style(name)
        return (
            f"“{name}” không được dùng: draftkit chỉ đọc mẫu .docx. Mở tệp trong Word (hoặc LibreOffice) và "
            f"Lưu thành .docx (File → Save As → Word Document .docx; LibreOffice: Giữ định dạng hiện tại → "
            f"Word 2007-365), rồi {_suggested(kind, style)}."
        )
    if exact is not None:
        canonical = path.with_name(template_file_name(*exact))
        try:
            if canonical.is_file() and canonical.samefile(path):
                return None  # a folder that ignores case (Windows, macOS): this file is used
        except OSError:
            pass
        if canonical.is_file():
            return (
                f"“{name}” không được dùng: tên mẫu phải viết thường đúng từng chữ; mẫu được dùng là "
                f"{canonical.name} trong cùng thư mục. Giữ một trong hai tệp, đặt tên {canonical.name}."
            )
        return f"“{name}” không được dùng: tên mẫu phải viết thường đúng từng chữ. Đổi tên thành {canonical.name}."
    uncopied = _COPY_MARK.sub(" ", stem).strip()
    if uncopied != stem.strip() and f"{uncopied.casefold()}.docx" in names:
        target = template_file_name(*names[f"{uncopied.casefold()}.docx"])
        if path.with_name(target).is_file():
            return (
                f"“{name}” không được dùng: đây là một bản sao; mẫu được dùng là {target} trong cùng thư mục. "
                f"Nếu bản sao mới là bản đã sửa, xóa (hoặc cất) {target} rồi đổi tên bản sao thành {target}."
            )
        return f"“{name}” không được dùng: đây là một bản sao. Đổi tên thành {target}."
    kind, style = guess_kind_style(name)
    meaning = f"Nếu đây là mẫu {KIND_NOUNS[kind]}, " if kind else "Nếu đây là mẫu, "
    return (
        f"“{name}” không được dùng: draftkit chỉ dùng mẫu đặt tên theo loại và thể thức "
        f"(như certificate-state.docx). {meaning}{_suggested(kind, style)}."
    )


def stray_templates(folders: Sequence[TemplateFolder]) -> list[StrayTemplate]:
    """Document files in the templates folders that no kind will use, folder by folder."""
    found = []
    seen: set[Path] = set()
    for folder in folders:
        try:
            resolved = folder.path.resolve()
        except OSError:
            continue
        if resolved in seen:  # --templates may name the folder beside the data file
            continue
        seen.add(resolved)
        try:
            entries = sorted(folder.path.iterdir()) if folder.path.is_dir() else []
        except OSError:
            continue
        for path in entries:
            if path.suffix.casefold() not in _DOCUMENT_SUFFIXES or not path.is_file():
                continue
            message = stray_message(path)
            if message is not None:
                found.append(StrayTemplate(path, folder.origin, message))
    return found


def stray_lines(folders: Sequence[TemplateFolder]) -> list[str]:
    """A warning per unused file: what it is, where, and what to do."""
    return [f"{stray.message} (Ở {stray.origin}.)" for stray in stray_templates(folders)]


def find_template(kind: str, style: str, folders: Sequence[TemplateFolder] = ()) -> FoundTemplate:
    """The template used for ``kind`` in ``style``: the first found on the path, else built-in."""
    name = template_file_name(kind, style)
    for folder in folders:
        candidate = folder.path / name
        if candidate.is_file():
            return FoundTemplate(kind, style, candidate, folder.origin)
    return FoundTemplate(kind, style, builtin_template(kind, style), BUILTIN)
