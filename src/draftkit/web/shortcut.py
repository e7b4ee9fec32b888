"""``draftkit web --shortcut``: an icon the clerk double-clicks to start ``draftkit web``
for one output folder, so they never open a terminal.

- Windows: a .cmd on the user's real Desktop. The Desktop is often redirected (to OneDrive,
  or to a network share by the office's policy), so it is asked of Windows itself (the
  Known Folder API), then read from the registry's "User Shell Folders", and only then
  guessed as %USERPROFILE%\\Desktop. A .cmd needs nothing beyond Windows (a .lnk would need
  COM); it switches the console to UTF-8 first, so a Vietnamese folder name is read right.
- Linux: a .desktop file in the applications menu (~/.local/share/applications) and on the
  Desktop (XDG_DESKTOP_DIR of user-dirs.dirs, which is translated: "Màn hình nền"...).

Nothing is overwritten without ``force``. The outside world (home, environment, Windows'
answers, the Python to run) is passed in as :class:`Place`, so tests need no real desktop.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from draftkit.errors import DraftkitError, os_reason

__all__ = ["SHORTCUT_NAME", "Place", "cmd_text", "desktop_entry", "linux_desktop_dir", "this_place", "windows_desktop", "write_shortcuts"]

SHORTCUT_NAME = "Soạn văn bản (draftkit)"
LINUX_FILE = "draftkit-web.desktop"  # an ASCII id, as desktop menus expect; Name= is Vietnamese
COMMENT = "Soạn báo cáo và khen thưởng trong trình duyệt"


@dataclass(frozen=True)
class Place:
    """Where shortcuts go and what they run."""

    home: Path
    env: Mapping[str, str]
    windows: bool
    python: str
    # Windows only: the Desktop as the Known Folder API and the registry give it (or None).
    known_desktop: Callable[[], str | None] = field(default=lambda: None)
    registry_desktop: Callable[[], str | None] = field(default=lambda: None)


def this_place() -> Place:
    windows = sys.platform == "win32"
    return Place(
        home=Path.home(),
        env=os.environ,
        windows=windows,
        python=sys.executable,
        known_desktop=_known_folder_desktop if windows else lambda: None,
        registry_desktop=_registry_desktop if windows else lambda: None,
    )


# --- Windows


def expand_windows_vars(value: str, env: Mapping[str, str]) -> str:
    """``%USERPROFILE%\\Desktop`` with the variables of ``env`` (names in any case); an
    unknown variable is left as written."""
    upper = {k.upper(): v for k, v in env.items()}
    return re.sub(r"%([^%]+)%", lambda m: upper.get(m.group(1).upper(), m.group(0)), value)


def windows_desktop(place: Place) -> str | None:
    """The user's real Desktop folder: Windows' own answer, then the registry's, then the
    usual place under the profile."""
    for ask in (place.known_desktop, place.registry_desktop):
        try:
            found = ask()
        except OSError:
            found = None
        if found:
            return expand_windows_vars(found, place.env)
    profile = place.env.get("USERPROFILE")
    return f"{profile}\\Desktop" if profile else None


def _known_folder_desktop() -> str | None:  # pragma: no cover - Windows only
    """SHGetKnownFolderPath(FOLDERID_Desktop): follows a Desktop redirected to OneDrive."""
    import ctypes
    import uuid
    from ctypes import wintypes

    class GUID(ctypes.Structure):
        _fields_ = [("data1", wintypes.DWORD), ("data2", wintypes.WORD), ("data3", wintypes.WORD), ("data4", ctypes.c_ubyte * 8)]

    raw = uuid.UUID("{B4BFCC3A-DB2C-424C-B029-7FE99A87C641}").bytes_le
    folder_id = GUID.from_buffer_copy(raw)
    found = ctypes.c_wchar_p()
    shell32 = ctypes.windll.shell32  # type: ignore[attr-defined,unused-ignore]
    ole32 = ctypes.windll.ole32  # type: ignore[attr-defined,unused-ignore]
    if shell32.SHGetKnownFolderPath(ctypes.byref(folder_id), 0, None, ctypes.byref(found)) != 0:
        return None
    try:
        return found.value
    finally:
        ole32.CoTaskMemFree(found)


def _registry_desktop() -> str | None:  # pragma: no cover - Windows only
    import winreg  # type: ignore[import-not-found,unused-ignore]

    key_path = r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders"
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key_path) as key:  # type: ignore[attr-defined,unused-ignore]
        value, _ = winreg.QueryValueEx(key, "Desktop")  # type: ignore[attr-defined,unused-ignore]
    return str(value) if value else None


def cmd_text(python: str, out_dir: str) -> str:
    """The .cmd that starts ``draftkit web`` for ``out_dir`` (CRLF, no BOM: cmd.exe reads a
    BOM as part of the first command)."""
    lines = [
        "@echo off",
        # Before any Vietnamese: from here cmd.exe reads the file's lines as UTF-8.
        "chcp 65001 >nul",
        f"rem {SHORTCUT_NAME}: {COMMENT}. Đóng cửa sổ này (hoặc nhấn Ctrl-C) để dừng.",
        f'"{_cmd_escape(python)}" -m draftkit web -o "{_cmd_escape(out_dir)}"',
        # A refusal (a folder that cannot be written...) stays on screen to be read.
        "if errorlevel 1 pause",
    ]
    return "\r\n".join(lines) + "\r\n"


def _cmd_escape(text: str) -> str:
    if '"' in text or any(ord(c) < 32 for c in text):
        raise DraftkitError(f"Đường dẫn {text!r} có ký tự không dùng được trong lối tắt Windows.")
    return text.replace("%", "%%")  # inside quotes only % is special to a batch file


# --- Linux


def linux_desktop_dir(home: Path, env: Mapping[str, str]) -> Path | None:
    """The Desktop folder of user-dirs.dirs (XDG_DESKTOP_DIR), else ~/Desktop; None when
    there is none (a desktop set to the home itself means "no desktop")."""
    config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    found: Path | None = None
    try:
        text = (config / "user-dirs.dirs").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    for line in text.splitlines():
        match = re.match(r'^\s*XDG_DESKTOP_DIR\s*=\s*"(.*)"\s*$', line)
        if match:
            value = match.group(1).replace('\\"', '"')
            if value.startswith("$HOME"):
                found = home / value[len("$HOME") :].lstrip("/")
            elif value.startswith("/"):
                found = Path(value)
    if found is None:
        found = home / "Desktop"
    if found.resolve() == home.resolve() or not found.is_dir():
        return None
    return found


def _exec_arg(text: str) -> str:
    """One argument of a desktop entry's Exec, quoted (Desktop Entry Specification: quoting,
    then the string's own escapes, and %% for a literal %)."""
    if any(ord(c) < 32 for c in text):
        raise DraftkitError(f"Đường dẫn {text!r} có ký tự xuống dòng, không dùng được trong lối tắt.")
    quoted = re.sub(r'(["`$\\])', r"\\\1", text)
    return '"' + quoted.replace("\\", "\\\\").replace("%", "%%") + '"'


def _string_value(text: str) -> str:
    return text.replace("\\", "\\\\")


def desktop_entry(python: str, out_dir: str) -> str:
    """The .desktop file that starts ``draftkit web`` for ``out_dir`` in a terminal (where
    the address is printed and Ctrl-C stops it)."""
    command = " ".join(_exec_arg(a) for a in (python, "-m", "draftkit", "web", "-o", out_dir))
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.0\n"
        f"Name={SHORTCUT_NAME}\n"
        f"Comment={COMMENT} ({_string_value(out_dir)})\n"
        f"Exec={command}\n"
        f"Path={_string_value(out_dir)}\n"
        "Terminal=true\n"
        "Icon=accessories-text-editor\n"
        "Categories=Office;\n"
    )


# --- both


def shortcut_files(out_dir: Path, place: Place) -> list[tuple[Path, str, int]]:
    """Each shortcut to write: its path, its text and its mode."""
    folder = str(out_dir)
    if place.windows:
        desktop = windows_desktop(place)
        if desktop is None:
            raise DraftkitError("Không tìm thấy thư mục Desktop (màn hình nền) của người dùng này.")
        return [(Path(desktop) / f"{SHORTCUT_NAME}.cmd", cmd_text(place.python, folder), 0o644)]
    text = desktop_entry(place.python, folder)
    data_home = Path(place.env.get("XDG_DATA_HOME") or place.home / ".local" / "share")
    files = [(data_home / "applications" / LINUX_FILE, text, 0o644)]
    on_desktop = linux_desktop_dir(place.home, place.env)
    if on_desktop is not None:
        # Executable: desktops run only launchers marked so (GNOME also asks once).
        files.append((on_desktop / LINUX_FILE, text, 0o755))
    return files


def write_shortcuts(out_dir: Path, place: Place, force: bool = False) -> list[Path]:
    """Write the shortcuts that start ``draftkit web`` for ``out_dir``; the paths written.
    Refuses, writing nothing, when one exists and ``force`` is not given."""
    from draftkit.output import write_atomic

    files = shortcut_files(out_dir, place)
    existing = [path for path, _, _ in files if path.exists()]
    if existing and not force:
        raise DraftkitError(
            "Đã có lối tắt: " + ", ".join(str(p) for p in existing) + ". Không ghi đè.",
            hint="Thêm --force để ghi đè lối tắt cũ (ví dụ khi đổi thư mục lưu văn bản).",
        )
    written = []
    for path, text, mode in files:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text.encode("utf-8"))
            if not place.windows:
                path.chmod(mode)
        except OSError as exc:
            raise DraftkitError(f"Không ghi được lối tắt {path}: {os_reason(exc)}.") from None
        written.append(path)
    return written
