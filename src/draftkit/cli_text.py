"""The command-line framework's own words, in Vietnamese.

typer (and the click it vendors) writes "Usage:", "Options:", "Missing argument 'file'.",
"Try 'draftkit --help' for help." in English and offers no translation catalogue for most of
them (they are f-strings). draftkit's clerks read no English, so the CLI puts these in
Vietnamese at the two places they come out: the help formatter (headings, usage line, the
help option's text, "[default: ...]") and the usage errors (see :func:`usage_error_message`,
called by :mod:`draftkit.cli`'s one error funnel).

The English texts matched here are typer 0.29's (pinned in pyproject.toml);
tests/test_cli_vi.py runs every usage error and every ``--help`` and fails if English comes
through, so a typer release that rewords them is caught.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from typing import Any

from typer._click.formatting import HelpFormatter

HEADINGS = {
    "Usage": "Cách dùng",
    "Options": "Tùy chọn",
    "Arguments": "Tham số",
    "Commands": "Lệnh",
}

# Help texts of options the framework adds itself.
HELP_TEXTS = {
    "Show this message and exit.": "In hướng dẫn này rồi thoát.",
    "Install completion for the current shell.": "Cài gợi ý lệnh khi gõ phím Tab cho shell đang dùng "
    "(bash, zsh, fish, PowerShell).",
    "Show completion for the current shell, to copy it or customize the installation.": "In đoạn "
    "mã gợi ý lệnh (phím Tab) của shell đang dùng, để tự chép vào tệp cấu hình.",
}

# Value kinds typer shows beside an option ("--output <path>").
TYPE_NAMES = {
    "path": "đường dẫn",
    "str": "chữ",
    "text": "chữ",
    "int": "số nguyên",
    "integer": "số nguyên",
    "float": "số",
    "bool": "có/không",
}

# Patterns as text: compiled (and cached by re) on first use, so that a command that prints
# no help and makes no usage error does not pay for compiling them at start-up.
_DEFAULT = r"\[default: (.*?)\]"
_TYPE = r"<(?:list\[)?(path|str|text|int|integer|float|bool)(\])?>"


def translate_usage(args: str) -> str:
    """The part of the usage line after the program: "[OPTIONS] COMMAND [ARGS]..."."""
    return (
        args.replace("[OPTIONS]", "[TÙY CHỌN]")
        .replace("COMMAND [ARGS]...", "LỆNH [THAM SỐ]...")
        .replace("[ARGS]...", "[THAM SỐ]...")
    )


def translate_term(term: str) -> str:
    """The first column of a help row: "-o, --output <path>"."""
    return re.sub(
        _TYPE, lambda m: f"<{TYPE_NAMES[m.group(1).lower()]}>" + ("..." if m.group(2) else ""), term, flags=re.IGNORECASE
    )


def translate_help(text: str) -> str:
    """The second column of a help row: the option's help and its bracketed notes."""
    text = HELP_TEXTS.get(text, text)
    text = re.sub(_DEFAULT, lambda m: f"[mặc định: {m.group(1)}]", text, flags=re.DOTALL)
    return (
        text.replace("[required]", "[bắt buộc]")
        .replace("[env var: ", "[biến môi trường: ")
        .replace("env var: ", "biến môi trường: ")
    )


class VietnameseHelpFormatter(HelpFormatter):
    """click's help formatter with its headings and notes in Vietnamese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = f"{HEADINGS['Usage']}: "
        super().write_usage(prog, translate_usage(args), prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        translated = [(translate_term(term), translate_help(text)) for term, text in rows]
        super().write_dl(translated, col_max, col_spacing)


# --- usage errors


def _quoted(hint: str | None) -> str:
    """click's hints are repr()s ("'--style'", "'file'"): shown in Vietnamese quotes."""
    if not hint:
        return ""
    parts = [part.strip().strip("'\"") for part in hint.split(" / ")]
    return " / ".join(f"“{part}”" for part in parts)


def _param_hint(error: Any) -> str:
    hint = getattr(error, "param_hint", None)
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(part) for part in hint)
    param = getattr(error, "param", None)
    if hint is None and param is not None:
        hint = param.get_error_hint()
    return _quoted(hint)


def _choices(param: Any) -> list[str]:
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return []


def _expected(param: Any) -> str:
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    return {int: "một số nguyên", float: "một số"}.get(annotation, "một giá trị hợp lệ") if isinstance(
        annotation, type
    ) else "một giá trị hợp lệ"


def _bad_value(error: Any) -> object:
    """The value typed, from the pydantic error typer converted through (when it did)."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        found = errors()
        if found and "input" in found[0]:
            return found[0]["input"]
    return None


def _bad_parameter(error: Any) -> str:
    where = _param_hint(error)
    value = _bad_value(error)
    shown = f"“{value}” " if value is not None else ""
    choices = _choices(getattr(error, "param", None))
    if choices:
        return f"Giá trị {shown}không dùng được cho {where}: chọn một trong {', '.join(choices)}."
    return f"Giá trị {shown}không dùng được cho {where}: cần {_expected(getattr(error, 'param', None))}."


def _missing(error: Any) -> str:
    param = getattr(error, "param", None)
    kind = getattr(error, "param_type", None) or getattr(param, "param_type_name", None)
    label = {"argument": "tham số", "option": "tùy chọn"}.get(kind or "", "tham số")
    return f"Thiếu {label} {_param_hint(error)}.".replace("  ", " ")


def _no_such_option(error: Any) -> str:
    name = getattr(error, "option_name", "")
    message = f"Không có tùy chọn “{name}”."
    possibilities = sorted(getattr(error, "possibilities", None) or [])
    if possibilities:
        message += f" Có phải ý bạn là: {', '.join(possibilities)}?"
    return message


# typer's own sentences (typer 0.29) and their Vietnamese.
_REWORDED = [
    (r"Got unexpected extra argument\(s\) \((.*)\)", "Thừa tham số: {0}."),
    (r"Option '(.*)' requires an argument\.", "Tùy chọn “{0}” cần một giá trị đi kèm."),
    (r"Option '(.*)' requires (\d+) arguments\.", "Tùy chọn “{0}” cần {1} giá trị đi kèm."),
    (r"Option '(.*)' does not take a value\.", "Tùy chọn “{0}” không nhận giá trị."),
    (r"Argument '(.*)' takes (\d+) values\.", "Tham số “{0}” cần {1} giá trị."),
    (r"No such command '(.*?)'\. Did you mean '(.*)'\?", "Không có lệnh “{0}”. Có phải ý bạn là “{1}”?"),
    (r"No such command '(.*)'\.", "Không có lệnh “{0}”."),
    (r"Missing command\.", "Thiếu lệnh."),
]


def usage_error_message(error: Any) -> str:
    """A usage error of the framework (a click ``UsageError``), in Vietnamese.

    Classes carry what is needed (the parameter, the option name); the few errors that are
    only a formatted English sentence are matched against the sentences typer writes. An
    unknown one is still said in Vietnamese, quoting the framework's words.
    """
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption

    if isinstance(error, MissingParameter):
        return _missing(error)
    if isinstance(error, NoSuchOption):
        return _no_such_option(error)
    if isinstance(error, BadParameter):
        return _bad_parameter(error)
    message = str(getattr(error, "message", error))
    for pattern, wording in _REWORDED:
        match = re.fullmatch(pattern, message.strip(), re.DOTALL)
        if match:
            return wording.format(*match.groups())
    return f"Lệnh gõ chưa đúng ({message})."


def help_hint(command_path: str) -> str:
    """What click writes as "Try 'draftkit render --help' for help."."""
    return f"Xem hướng dẫn: {command_path} --help"
