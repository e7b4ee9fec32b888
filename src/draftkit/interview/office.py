"""``draftkit profile``: ask for (or show) the office profile.

The profile holds what rarely changes (style, issuer, signer, usual recipients; see
:mod:`draftkit.profile`). The questions are the very ones ``new-report`` asks for those
sections, with the current profile as defaults.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from draftkit.errors import InputEnded, InputError
from draftkit.models import DocumentData
from draftkit.profile import (
    DOCUMENT_KINDS,
    PROFILE_KEYS,
    SIGNERS_KEY,
    load_profile,
    profile_path,
    save_profile,
    with_signer_for,
)

from .engine import Interview
from .review import review_tree
from .terminal import launch_editor, terminal_reader

if TYPE_CHECKING:
    from .session import Questions

__all__ = ["offer_saved_office", "profile_tree", "remember_signer", "run_profile", "show_profile"]


def profile_tree(title: str, values: dict[str, Any]) -> Tree:
    tree = review_tree(title, DocumentData, PROFILE_KEYS, values)
    signers = values.get(SIGNERS_KEY) or {}
    for index, (document, name) in enumerate(DOCUMENT_KINDS.items(), len(PROFILE_KEYS) + 1):
        signer = signers.get(document)
        label = Text(f"{index}. Người ký {name}", style="bold")
        if not isinstance(signer, dict):
            tree.add(label + Text(": (như mục “Người ký”)", style="dim"))
            continue
        tree.add(label + Text(": " + signer_text(signer)))
    return tree


def signer_text(signer: dict[str, Any]) -> str:
    """"KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Trịnh Văn Dũng": the lines of the signature, in order."""
    return " / ".join(str(signer[key]) for key in ("authority", "title", "name") if signer.get(key))


def offer_saved_office(questions: Questions, unfit: str | None = None) -> tuple[str, ...]:
    """"Dùng thông tin cơ quan đã lưu?": Enter takes every profile section at once.

    Shows what the profile gives this document (its own signer for this kind) and returns
    the sections taken, which the interview then does not ask; "k" returns none, and each
    section is asked with the profile's value as its default, as before. ``unfit`` is why
    the profile's signer was changed for this kind of document, shown with it.
    """
    interview = questions.interview
    taken = [key for key in questions.kind.sections if key in PROFILE_KEYS and key in questions.profile]
    if not taken:
        return ()
    shown = {key: questions.profile[key] for key in taken}
    interview.console.print(review_tree("Thông tin cơ quan đã lưu", DocumentData, taken, shown), soft_wrap=False)
    if unfit:
        interview.note(unfit)
    if not interview.confirm("Dùng thông tin cơ quan đã lưu?", default=True):
        return ()
    for key in taken:
        questions.prefill(key)
    interview.save()
    numbers = ", ".join(str(questions.kind.sections.index(key) + 1) for key in taken)
    interview.note(f"Đã điền từ hồ sơ cơ quan; sửa ở bước xem lại (s, phần {numbers}).")
    return tuple(taken)


def remember_signer(interview: Interview, path: Path, document: str, signer: Any) -> None:
    """After a document is written: a signer other than the one the profile keeps for this
    kind is offered as that kind's signer, so that the next one is offered it."""
    try:
        profile = load_profile(path)
    except InputError:
        return  # reported when the interview began
    if profile is None or not isinstance(signer, dict):
        return
    kept = (profile.get(SIGNERS_KEY) or {}).get(document, profile.get("signer"))
    signer = {key: value for key, value in signer.items() if value is not None}
    if kept == signer:
        return
    shown = signer_text(signer)
    name = DOCUMENT_KINDS.get(document, document)
    try:
        keep = interview.confirm(f"Lưu “{shown}” làm người ký {name} trong hồ sơ cơ quan?", default=False)
    except (EOFError, KeyboardInterrupt):
        # The documents are written: a question left unanswered only means "no".
        interview.console.print()
        return
    if keep:
        save_profile(path, with_signer_for(profile, document, signer))
        interview.note(f"Đã lưu người ký {name} vào hồ sơ cơ quan {path}.")


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
    kinds = list(DOCUMENT_KINDS)
    for document in kinds:
        _ask_kind_signer(interview, answers, document)
    while True:
        console.print()
        console.print(profile_tree("Xem lại hồ sơ cơ quan", answers), soft_wrap=False)
        choice, section = interview.review_decision(
            "Lưu hồ sơ?", len(PROFILE_KEYS) + len(kinds), "Gõ c (có: lưu), s (sửa một phần) hoặc k (không lưu)."
        )
        if choice == "edit" and section > len(PROFILE_KEYS):
            _ask_kind_signer(interview, answers, kinds[section - len(PROFILE_KEYS) - 1])
        elif choice == "edit":
            interview.ask_field(DocumentData, PROFILE_KEYS[section - 1], answers)
        elif choice == "save":
            save_profile(path, answers)
            return path
        elif choice == "stop":
            console.print(Text("Chưa lưu hồ sơ cơ quan.", style="yellow"))
            return None


# Who usually signs each kind, as examples in the question (vn-document-rules.md: a report
# of the committee "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"; a decision on commendations the
# Chủ tịch's own, "CHỦ TỊCH" or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"; Party: "T/M BAN THƯỜNG VỤ / BÍ THƯ").
SIGNER_EXAMPLES = {
    ("report", "state"): "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH, hoặc KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    ("awards", "state"): "CHỦ TỊCH (không có dòng TM.), hoặc KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    ("report", "party"): "T/M BAN THƯỜNG VỤ / BÍ THƯ, hoặc T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ",
    ("awards", "party"): "T/M BAN THƯỜNG VỤ / BÍ THƯ",
}


def _ask_kind_signer(interview: Interview, answers: dict[str, Any], document: str) -> None:
    """Who signs ``document`` when it is not the general signer: asked, or left out."""
    from draftkit.models import Signer

    signers: dict[str, Any] = dict(answers.get(SIGNERS_KEY) or {})
    current = signers.get(document)
    style = "party" if answers.get("style") == "party" else "state"
    name = DOCUMENT_KINDS[document]
    interview.note(f"Người ký {name} thường là: {SIGNER_EXAMPLES[(document, style)]}.")
    if interview.confirm(f"Người ký {name} khác mục “Người ký” ở trên?", default=isinstance(current, dict)):
        data: dict[str, Any] = copy.deepcopy(current) if isinstance(current, dict) else {}
        if not data and isinstance(answers.get("signer"), dict):
            # Only the name is offered: the authority line and title are what differ.
            data = {"name": answers["signer"].get("name")}
        interview.ask_model(Signer, data)
        signers[document] = {key: data[key] for key in ("authority", "title", "name") if data.get(key) is not None}
    else:
        signers.pop(document, None)
    answers[SIGNERS_KEY] = signers or None
    interview.save()
