"""``draftkit profile``: ask for (or show) the office profile.

The profile holds what rarely changes (style, issuer, signer, usual recipients; see
:mod:`draftkit.profile`). The questions are the very ones ``new-report`` asks for those
sections, with the current profile as defaults.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from draftkit.errors import InputEnded, InputError
from draftkit.models import DocumentData
from draftkit.profile import PROFILE_KEYS, load_profile, profile_path, save_profile

from .engine import Interview
from .review import review_tree
from .terminal import launch_editor, terminal_reader

__all__ = ["profile_tree", "run_profile", "show_profile"]


def profile_tree(title: str, values: dict[str, Any]) -> Tree:
    return review_tree(title, DocumentData, PROFILE_KEYS, values)


def show_profile(console: Console, config_dir: Path | None = None) -> bool:
    """Print the profile; False (and how to make one) when there is none."""
    path = profile_path(config_dir)
    values = load_profile(path)
    if values is None:
        console.print(Text(f"Chưa có hồ sơ cơ quan ({path}).", style="yellow"))
        console.print("Tạo bằng: draftkit profile (hoặc trả lời “c” khi new-report, new-awards hỏi lưu).")
        return False
    console.print(profile_tree(f"Hồ sơ cơ quan ({path})", values), soft_wrap=False)
    return True


def run_profile(
    console: Console,
    *,
    stream: TextIO | None = None,
    editor: Callable[[str], str] | None = None,
    config_dir: Path | None = None,
) -> Path | None:
    """Ask the profile's sections (current values as defaults), review, save.

    Returns the profile's path, or None when the user does not save. Ctrl-C raises
    :class:`KeyboardInterrupt` and the end of input :class:`InputEnded`, before anything
    is written: the old profile stays as it was.
    """
    try:
        return _ask_profile(console, stream, editor, config_dir)
    except EOFError:
        console.print()
        raise InputEnded(
            "Dữ liệu vào đã hết (EOF) khi chưa trả lời xong; hồ sơ cơ quan không thay đổi.",
            hint="Chạy lại draftkit profile để nhập.",
        ) from None


def _ask_profile(
    console: Console, stream: TextIO | None, editor: Callable[[str], str] | None, config_dir: Path | None
) -> Path | None:
    path = profile_path(config_dir)
    interview = Interview(console, terminal_reader(console, stream), editor=editor or launch_editor)
    try:
        existing = load_profile(path) or {}
    except InputError as broken:
        interview.error(f"Hồ sơ cơ quan {path} có lỗi; hỏi lại từ đầu. {broken.message}")
        interview.show_problems(broken.problems)
        existing = {}
    answers = interview.answers
    answers.update(copy.deepcopy(existing))
    console.print(
        Text("Hồ sơ cơ quan. ", style="bold")
        + Text(
            "Những thông tin ít thay đổi: được điền sẵn khi soạn văn bản mới, và tệp dữ liệu "
            "thiếu mục nào trong số này thì lấy ở đây."
        )
    )
    for key in PROFILE_KEYS:
        interview.ask_field(DocumentData, key, answers)
    while True:
        console.print()
        console.print(profile_tree("Xem lại hồ sơ cơ quan", answers), soft_wrap=False)
        choice, section = interview.review_decision(
            "Lưu hồ sơ?", len(PROFILE_KEYS), "Gõ c (lưu), s (sửa) hoặc k (không lưu)."
        )
        if choice == "edit":
            interview.ask_field(DocumentData, PROFILE_KEYS[section - 1], answers)
        elif choice == "save":
            save_profile(path, answers)
            return path
        elif choice == "stop":
            console.print(Text("Chưa lưu hồ sơ cơ quan.", style="yellow"))
            return None
