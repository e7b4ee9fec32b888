"""The ``draftkit`` command line: parse, call the library, print.

Start-up stays fast: this module imports only typer at load time; each command imports
what it needs (docxtpl, pydantic, rich...) when it runs. All errors pass through
:func:`guarded`, the one place that turns them into Vietnamese messages and exit codes.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

# pydantic looks up plugins through package metadata at first use (~10 ms); draftkit uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer
from typer import _click

from .cli_text import VietnameseHelpFormatter
from .errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED, DraftkitError, Terminated

if TYPE_CHECKING:
    from rich.console import Console

DIST_NAME = "draftkit-vn"  # the name on PyPI ("draftkit" there is an unrelated project)
COMPLETE_VAR = "_DRAFTKIT_COMPLETE"  # set by the shell completion scripts


class _Context(_click.Context):
    """click's context, formatting help in Vietnamese (see cli_text)."""

    formatter_class = VietnameseHelpFormatter


def _in_vietnamese(command: Any) -> None:
    """Every command (and every command of a sub-group) formats its help in Vietnamese.

    A sub-command's context is made by its own ``context_class``, not the parent's, so the
    class is set on each command object rather than once on the group.
    """
    command.context_class = _Context
    for sub in getattr(command, "commands", {}).values():
        _in_vietnamese(sub)


class _Group(typer.core.TyperGroup):
    """typer's group, in Vietnamese, with a help flag that defaults to False instead of None.

    typer converts every parameter value that is not already a bool through pydantic; the
    group's unused --help (None) would import pydantic (~50 ms) on every command, `--help`
    included. A False default is a bool, so nothing is converted and nothing imported.
    """

    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _in_vietnamese(self)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `--install-completion` is a flag that takes the shell in use: a shell named after
        # it ("powershell", a typo) would be ignored while bash's script is installed.
        if "--install-completion" in args:
            extra = [arg for arg in args if arg != "--install-completion"]
            if extra:
                with guarded():
                    raise DraftkitError(
                        f"--install-completion không nhận thêm gì (“{' '.join(extra)}”): "
                        "gợi ý lệnh được cài cho shell đang dùng.",
                        hint="Mở shell cần cài (bash, zsh hoặc fish) rồi chạy: draftkit --install-completion",
                    )
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        # A backstop for what happens outside a command's own `guarded` (its imports, say):
        # typer would print "Aborted!" at the end of input, and nothing at all for Ctrl-C.
        with guarded():
            return super().invoke(ctx)

    def main(  # type: ignore[override]
        self, args: Any = None, prog_name: str | None = None, standalone_mode: bool = True, **extra: Any
    ) -> Any:
        """typer's main, with its usage errors said in Vietnamese (see :func:`show_usage_error`).

        typer runs in its non-standalone mode so that its errors come back here instead of
        being printed in English; the exit codes stay click's (2 for a usage error).
        """
        if os.environ.get(COMPLETE_VAR):
            # A shell asking for completions: typer's completion classes (with PowerShell's)
            # are registered only when typer adds its own completion options, which draftkit
            # replaces (see _install_completion).
            from typer._completion_classes import completion_init

            completion_init()
        try:
            code = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except _click.exceptions.UsageError as error:
            if not standalone_mode:
                raise
            show_usage_error(error)
            sys.exit(error.exit_code)
        except _click.exceptions.ClickException as error:  # pragma: no cover - none in use
            if not standalone_mode:
                raise
            typer.echo(f"Lỗi: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo("Đã dừng.", err=True)
            sys.exit(EXIT_FAILED)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def show_usage_error(error: Any) -> None:
    """A mistyped command line: the usage, where to read more, and what is wrong."""
    from .cli_text import help_hint, usage_error_message

    ctx = error.ctx
    if isinstance(error, _click.exceptions.NoArgsIsHelpError):
        typer.echo(error.format_message(), err=True)
        return
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            typer.echo(help_hint(ctx.command_path), err=True)
        typer.echo("", err=True)
    typer.echo(f"Lỗi: {usage_error_message(error)}", err=True)


app = typer.Typer(
    cls=_Group,
    name="draftkit",
    help="Soạn văn bản cuối năm đúng thể thức: báo cáo tổng kết, quyết định khen thưởng, "
    "danh sách và giấy khen (NĐ 30/2020/NĐ-CP; văn bản của Đảng theo quy định, hướng dẫn "
    "của Đảng có hiệu lực tại ngày ký).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: typer's rich help costs ~45 ms of imports on every --help.
    rich_markup_mode=None,
)


def installed_version() -> str:
    """draftkit's version, from the installed package's metadata (read only when asked)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DIST_NAME)
    except PackageNotFoundError:  # run from a source tree that was never installed
        from . import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"draftkit {installed_version()} (gói {DIST_NAME}, Python {sys.version.split()[0]})")
        raise typer.Exit(0)


COMPLETION_SHELLS = ("bash", "zsh", "fish")


def _shell_name() -> str | None:
    from typer._completion_shared import _get_shell_name

    return _get_shell_name()


def _completion_script(shell: str) -> str:
    from typer._completion_classes import completion_init
    from typer._completion_shared import get_completion_script

    completion_init()
    return get_completion_script(prog_name="draftkit", complete_var=COMPLETE_VAR, shell=shell)


def _show_completion(value: bool) -> None:
    if not value:
        return
    shell = _shell_name()
    if shell not in (*COMPLETION_SHELLS, "powershell", "pwsh"):
        with guarded():
            raise DraftkitError(
                f"Không nhận ra cửa sổ dòng lệnh (shell) đang dùng: {shell or 'không rõ'}.",
                hint="Gợi ý lệnh bằng phím Tab có cho bash, zsh, fish và PowerShell.",
            )
    typer.echo(_completion_script(shell))
    raise typer.Exit(0)


def _install_completion(value: bool) -> None:
    if not value:
        return
    shell = _shell_name()
    if shell not in COMPLETION_SHELLS:
        # typer's installer for PowerShell runs `Set-ExecutionPolicy Unrestricted`, a security
        # setting an office PC must not have changed behind the clerk's back.
        with guarded():
            raise DraftkitError(
                f"Chỉ tự cài được gợi ý lệnh cho bash, zsh và fish (shell đang dùng: {shell or 'không rõ'}).",
                hint="Với PowerShell: draftkit --show-completion | Out-File -Append -Encoding utf8 $PROFILE "
                "(xem docs/huong-dan.md).",
            )
    from typer._completion_classes import completion_init
    from typer._completion_shared import install

    completion_init()
    _, path = install(shell=shell, prog_name="draftkit", complete_var=COMPLETE_VAR)
    typer.echo(f"Đã cài gợi ý lệnh (phím Tab) cho {shell} vào {path}. Mở lại cửa sổ dòng lệnh để dùng.")
    raise typer.Exit(0)


@app.callback()
def _top_level(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=_print_version,
            show_default=False,
            help="In số phiên bản của draftkit rồi thoát.",
        ),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            is_eager=True,
            callback=_install_completion,
            show_default=False,
            help="Cài gợi ý lệnh khi gõ phím Tab (bash, zsh, fish).",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            is_eager=True,
            callback=_show_completion,
            show_default=False,
            help="In đoạn mã gợi ý lệnh (phím Tab) của shell đang dùng, kể cả PowerShell, để tự chép "
            "vào tệp cấu hình.",
        ),
    ] = False,
) -> None:
    """Top-level options only; each command does the work."""


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def stdout_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def print_error(console: Console, error: DraftkitError) -> None:
    """Print a draftkit error the way every command does: message, problems, hint."""
    from rich.markup import escape

    from .errors import InputError

    console.print(f"[bold red]Lỗi:[/] {escape(error.message)}")
    if isinstance(error, InputError):
        for problem in error.problems:
            where = problem.location()
            prefix = f"[bold]{escape(where)}:[/] " if where else ""
            console.print(f"  • {prefix}{escape(problem.message)}")
            if problem.hint:
                console.print(f"    [cyan]Gợi ý:[/] {escape(problem.hint)}")
    if error.hint:
        console.print(f"[cyan]Gợi ý:[/] {escape(error.hint)}")


@contextmanager
def guarded(
    console: Console | None = None, on_interrupt: Callable[[], None] | None = None
) -> Iterator[None]:
    """The one funnel from exceptions to messages and exit codes.

    Ctrl-C exits with 130, SIGTERM (see :func:`stop_on_sigterm`) with 143, each with its own
    message; the end of standard input is not a Ctrl-C: a message of its own, exit code 1.
    """
    try:
        yield
    except DraftkitError as error:
        print_error(console or stderr_console(), error)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt as stop:
        if on_interrupt is not None:
            on_interrupt()
        if isinstance(stop, Terminated):
            (console or stderr_console()).print("\n[yellow]Đã dừng vì nhận tín hiệu kết thúc (SIGTERM).[/]")
            raise typer.Exit(EXIT_TERMINATED) from None
        (console or stderr_console()).print("\n[yellow]Đã dừng theo yêu cầu (Ctrl-C).[/]")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except EOFError:
        (console or stderr_console()).print(
            "\n[yellow]Dữ liệu vào đã hết (EOF) trước khi trả lời xong; không có gì được ghi.[/]"
        )
        raise typer.Exit(EXIT_FAILED) from None
    except UnicodeDecodeError:
        # Standard input in another code page than UTF-8 (see use_utf8_input): refused, never
        # read as other letters. Answers given before are in the draft.
        (console or stderr_console()).print()  # off the prompt's line
        print_error(
            console or stderr_console(),
            DraftkitError(
                "Dữ liệu đưa vào lệnh (qua dấu < hoặc |) không phải chữ UTF-8, nên không đọc được.",
                hint="Lưu tệp câu trả lời bằng bảng mã UTF-8 (Notepad: Lưu thành → Mã hóa UTF-8), rồi chạy lại.",
            ),
        )
        raise typer.Exit(EXIT_FAILED) from None


def stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C (temporary files removed, drafts kept), then exits 143.

    Only the first one: a second SIGTERM during that clean-up is ignored, not a traceback.
    """
    import contextlib
    import signal

    def handler(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated

    with contextlib.suppress(ValueError, OSError):  # not the main thread
        signal.signal(signal.SIGTERM, handler)


def written_lines(paths: list[Path], warnings: list[Any]) -> list[tuple[str, str, str]]:
    """What a command that wrote files reports: (label, colour, text), warnings first."""
    lines = []
    for warning in warnings:
        line = getattr(warning, "line", None)
        parts = [f"dòng {line}"] if line else []
        parts += [f"mục “{warning.field}”"] if warning.field else []
        where = f"{', '.join(parts)}: " if parts else ""
        lines.append(("Cảnh báo:", "yellow", where + warning.message))
    # A folder of per-person files is one line, not a thousand.
    by_folder: dict[Path, list[Path]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(path)
    top = {paths[0].parent} if paths else set()
    for path in paths:
        group = by_folder.get(path.parent, [])
        if path.parent in top or len(group) <= 5:
            lines.append(("Đã tạo:", "green", str(path)))
        elif path == group[0]:
            lines.append(("Đã tạo:", "green", f"{path.parent}/ ({len(group)} tệp)"))
    return lines


def echo_written(paths: list[Path], warnings: list[Any]) -> None:
    """``written_lines`` through typer's own echo: rich's import (~15 ms) is a tenth of a
    one-report render, and these few coloured lines do not need it."""
    # Colour only on a terminal (typer strips it otherwise), and never with NO_COLOR set,
    # as rich did (https://no-color.org).
    colour_allowed = None if not os.environ.get("NO_COLOR") else False
    for label, colour, text in written_lines(paths, warnings):
        typer.echo(f"{typer.style(label, fg=colour)} {text}", color=colour_allowed)


def print_written(console: Console, paths: list[Path], warnings: list[Any]) -> None:
    """``written_lines`` on a rich console, for the interviews, which already use one."""
    from rich.markup import escape

    for label, colour, text in written_lines(paths, warnings):
        console.print(f"[{colour}]{label}[/] {escape(text)}")


OutputDir = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        show_default=False,
        metavar="THƯ_MỤC",
        help="Thư mục ghi văn bản (mặc định: thư mục hiện tại).",
    ),
]
Force = Annotated[bool, typer.Option("--force", show_default=False, help="Ghi đè tệp đã có.")]
Pdf = Annotated[
    bool, typer.Option("--pdf", show_default=False, help="Chuyển thêm sang PDF bằng LibreOffice.")
]
Quiet = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        show_default=False,
        help="Không hiện tiến độ của các bước lâu (dựng đợt lớn, chuyển PDF).",
    ),
]


def progress_display(quiet: bool) -> Any:
    """Progress bars on standard error, for the steps that take more than about a second
    (rich is imported only if one does; quiet when standard error is not a terminal)."""
    from .progress import TerminalProgress

    return TerminalProgress(stderr_console, quiet=quiet)


Templates = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        show_default=False,
        metavar="THƯ_MỤC",
        help="Thư mục chứa mẫu Word riêng (report-state.docx, certificate-state.docx...); "
        "mẫu không có ở đây được tìm tiếp trong thư mục templates cạnh tệp dữ liệu, "
        "thư mục mẫu của cơ quan, rồi mẫu có sẵn.",
    ),
]


@app.command()
def render(
    file: Annotated[
        Path, typer.Argument(show_default=False, metavar="TỆP", help="Tệp dữ liệu .yaml, .json hoặc .toml.")
    ],
    output: OutputDir = Path("."),
    force: Force = False,
    pdf: Pdf = False,
    templates: Templates = None,
    split: Annotated[
        bool,
        typer.Option(
            "--split",
            show_default=False,
            help="Ghi thêm mỗi giấy khen thành một tệp riêng (thư mục TÊN-giay-khen/).",
        ),
    ] = False,
    awardees: Annotated[
        Path | None,
        typer.Option(
            "--danh-sach",
            show_default=False,
            metavar="TỆP",
            help="Tệp danh sách khen thưởng (.xlsx, .xlsm, .xls, .csv) dùng thay cho tệp ghi ở mục "
            "awardees của tệp dữ liệu; được nằm ở bất kỳ đâu.",
        ),
    ] = None,
    quiet: Quiet = False,
) -> None:
    """Dựng văn bản từ tệp dữ liệu, không hỏi gì thêm.

    Ví dụ: draftkit render bao-cao-2023.yaml -o van-ban --pdf
    """
    from .errors import TextWarning
    from .pipeline import render_file
    from .template_search import search_path, stray_lines, used_lines

    with guarded():
        folders = search_path(templates, data_file=file)
        result = render_file(
            file, output, force=force, pdf=pdf, templates=folders, split=split, awardees=awardees,
            progress=progress_display(quiet),
        )
    for line in used_lines(result.templates):
        typer.echo(line)
    # A renamed office template ("Giấy khen xã.docx") is not used: say so, with the right name.
    strays = [TextWarning("", line) for line in stray_lines(folders)]
    echo_written(result.documents, [*strays, *result.warnings])


@app.command("pdf")
def to_pdf(
    files: Annotated[
        list[Path], typer.Argument(show_default=False, metavar="TỆP", help="Các tệp .docx cần chuyển.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", show_default=False, metavar="THƯ_MỤC", help="Thư mục ghi PDF (mặc định: cạnh tệp .docx)."
        ),
    ] = None,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Chuyển tệp .docx sang PDF bằng LibreOffice.

    Ví dụ: draftkit pdf van-ban/bao-cao-2023.docx
    """
    from .command_files import docx_only, expand_wildcards
    from .errors import TextWarning
    from .pdf import convert_to_pdf, font_warnings

    with guarded():
        files = docx_only(expand_wildcards(files, on_windows()), "pdf")
        overflow: list[TextWarning] = []
        written = convert_to_pdf(files, output, force=force, progress=progress_display(quiet), warnings=overflow)
    echo_written(written, [*font_warnings(), *overflow])


DataStart = Annotated[
    Path | None,
    typer.Option(
        "--data",
        show_default=False,
        metavar="TỆP",
        help="Bắt đầu từ một tệp dữ liệu có sẵn (ví dụ của năm trước): chỉ hỏi những phần còn thiếu "
        "hoặc chưa hợp lệ, rồi xem lại.",
    ),
]


Resume = Annotated[
    Path | None,
    typer.Option(
        "--resume",
        show_default=False,
        metavar="TỆP",
        help="Tiếp tục một bản nháp (tệp .draft.yaml) của lần hỏi trước bị dừng giữa chừng.",
    ),
]


def _interview(
    document: str,
    output: Path | None,
    name: str | None,
    force: bool,
    data: Path | None,
    templates: Path | None,
    resume: Path | None,
) -> None:
    """new-report and new-awards: the interview; ``--resume`` continues in the draft's folder
    and name unless -o / --name say otherwise."""
    from .interview import run_new_awards, run_new_report
    from .interview.session import draft_location

    run, default_stem = (run_new_report, "bao-cao") if document == "report" else (run_new_awards, "khen-thuong")
    console = stdout_console()
    with guarded():
        if resume is not None:
            folder, stem = draft_location(resume, default_stem, document)
            output = folder if output is None else output
            name = stem if name is None else name
        result = run(
            console=console,
            out_dir=output if output is not None else Path("."),
            name=name,
            force=force,
            data_file=data,
            templates=templates,
            resume_file=resume,
        )
    if result is not None:
        from .template_search import used_lines

        for line in used_lines(result.templates):
            console.print(line, markup=False)
        print_written(console, result.documents, result.warnings)


def _name_option(example: str) -> Any:
    return typer.Option(
        "--name",
        show_default=False,
        metavar="TÊN",
        help=f"Tên tệp (không có đuôi) cho tệp dữ liệu và văn bản, ví dụ {example}.",
    )


# --resume takes the draft's folder unless -o is given: no default here.
InterviewOutputDir = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        show_default=False,
        help="Thư mục ghi văn bản (mặc định: thư mục hiện tại; với --resume: thư mục của bản nháp).",
    ),
]


@app.command("new-report")
def new_report(
    output: InterviewOutputDir = None,
    name: Annotated[str | None, _name_option("bao-cao-2023")] = None,
    force: Force = False,
    data: DataStart = None,
    templates: Templates = None,
    resume: Resume = None,
) -> None:
    """Hỏi từng phần của báo cáo tổng kết, xem lại, rồi lưu tệp dữ liệu và tạo văn bản .docx.

    \b
    Ví dụ: draftkit new-report -o van-ban
    Năm sau: draftkit new-report --data bao-cao-2023.yaml --name bao-cao-2024
    Tiếp tục bản nháp: draftkit new-report --resume van-ban/bao-cao-2023.draft.yaml
    """
    _interview("report", output, name, force, data, templates, resume)


@app.command("new-awards")
def new_awards(
    output: InterviewOutputDir = None,
    name: Annotated[str | None, _name_option("khen-thuong-2023")] = None,
    force: Force = False,
    data: DataStart = None,
    templates: Templates = None,
    resume: Resume = None,
) -> None:
    """Hỏi đợt khen thưởng (danh sách gõ vào hoặc đọc từ Excel/CSV), xem lại, rồi lưu tệp dữ liệu
    và tạo quyết định, danh sách kèm theo và giấy khen (.docx).

    \b
    Ví dụ: draftkit new-awards -o van-ban
    Tiếp tục bản nháp: draftkit new-awards --resume van-ban/khen-thuong-2023.draft.yaml
    """
    _interview("awards", output, name, force, data, templates, resume)


@app.command("web")
def web(
    output: OutputDir = Path("."),
    browser: Annotated[
        bool, typer.Option("--browser/--no-browser", help="Tự mở trang trong trình duyệt.")
    ] = True,
    shortcut: Annotated[
        bool,
        typer.Option(
            "--shortcut",
            show_default=False,
            help="Tạo biểu tượng “Soạn văn bản (draftkit)” trên màn hình nền để lần sau chỉ cần bấm đúp (không chạy trang).",
        ),
    ] = False,
    force: Force = False,
) -> None:
    """Soạn báo cáo và khen thưởng trong trình duyệt (trang web chạy trên máy này, không cần mạng).

    \b
    Ví dụ: draftkit web -o van-ban
    Tạo biểu tượng trên màn hình nền: draftkit web -o van-ban --shortcut
    """
    # The web stack (starlette, uvicorn) is imported only here: other commands start as fast.
    if shortcut:
        from .web.server import check_writable
        from .web.shortcut import this_place, write_shortcuts

        with guarded():
            written = write_shortcuts(check_writable(output), this_place(), force=force)
        for path in written:
            typer.echo(f"Đã tạo lối tắt: {path}")
        typer.echo("Bấm đúp vào biểu tượng “Soạn văn bản (draftkit)” để mở trang soạn văn bản.")
        if sys.platform != "win32":
            typer.echo("Trên Ubuntu, lần đầu: bấm chuột phải vào biểu tượng trên màn hình nền, chọn “Allow Launching” (Cho phép chạy).")
        return
    from .web import serve

    opener = None
    if browser:
        import webbrowser

        opener = webbrowser.open
    with guarded():
        try:
            serve(output, open_browser=opener, announce=typer.echo)
        except KeyboardInterrupt:
            typer.echo("Đã dừng draftkit web; bản nháp được giữ trong thư mục " + str(output))


@app.command("next-year")
def next_year(
    file: Annotated[Path, typer.Argument(show_default=False, metavar="TỆP", help="Tệp dữ liệu của năm trước.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            show_default=False,
            metavar="TỆP",
            help="Tệp dữ liệu năm sau (mặc định: tên tệp năm trước với năm mới, cùng thư mục).",
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Chuyển tệp dữ liệu năm trước sang năm sau: ngày, năm, số liệu năm trước; bỏ phần phải nhập mới.

    \b
    Ví dụ: draftkit next-year bao-cao-2023.yaml  (ghi bao-cao-2024.yaml)
    Rồi: draftkit new-report --data bao-cao-2024.yaml
    """
    import datetime as dt

    from .interview.carry import show_carried
    from .nextyear import input_command, write_next_year

    console = stdout_console()
    with guarded():
        # Today's date, as the interview's offer uses it: a new date in the past is asked again.
        written, carried = write_next_year(file, output, force=force, today=dt.date.today())
    console.print(f"[green]Đã tạo:[/] {written}", markup=True, highlight=False)
    show_carried(console, carried)
    # The file lists the sections to ask again: the interview asks them, nothing else.
    console.print(f"Nhập phần còn thiếu: draftkit {input_command(carried.data)} --data {written}", markup=False)


def escape_markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@app.command("profile")
def profile(
    show: Annotated[
        bool, typer.Option("--show", show_default=False, help="Chỉ in hồ sơ hiện có, không hỏi gì.")
    ] = False,
) -> None:
    """Hồ sơ cơ quan: thể thức, cơ quan ban hành, người ký, nơi nhận thường dùng.

    Các câu hỏi của new-report, new-awards được điền sẵn từ hồ sơ; tệp dữ liệu thiếu các mục
    này thì render lấy từ hồ sơ.

    Ví dụ: draftkit profile --show
    """
    from .interview import run_profile, show_profile

    console = stdout_console()
    with guarded():
        if show:
            show_profile(console)
            return
        path = run_profile(console)
    if path is not None:
        console.print(f"[green]Đã lưu hồ sơ cơ quan:[/] {path}")


class CheckStyle(str, Enum):
    auto = "auto"
    state = "state"
    party = "party"


SEVERITY_LABELS = {
    "error": "[bold red]✗ Lỗi[/]",
    "warning": "[yellow]! Lưu ý[/]",
    "info": "[cyan]i Ghi chú[/]",
}
STYLE_NAMES = {"state": "văn bản nhà nước", "party": "văn bản của Đảng"}


@app.command()
def check(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="TỆP", show_default=False, help="Các văn bản .docx cần kiểm tra (một hay nhiều tệp, ví dụ van-ban/*.docx)."),
    ],
    style: Annotated[
        CheckStyle,
        typer.Option(
            "--style",
            help="Thể thức: auto (nhận từ phần đầu văn bản), state (NĐ 30/2020) hoặc party "
            "(văn bản của Đảng, theo quy định, hướng dẫn có hiệu lực tại ngày của văn bản; "
            "kết quả ghi rõ văn bản đã dùng).",
            case_sensitive=False,
        ),
    ] = CheckStyle.auto,
    as_json: Annotated[
        bool, typer.Option("--json", help="In kết quả dạng JSON cho công cụ khác đọc (nhiều tệp: một danh sách).")
    ] = False,
) -> None:
    """Kiểm tra thể thức văn bản .docx (của draftkit hoặc tự soạn).

    Mã thoát: 0 khi mọi tệp đạt, 1 khi có lỗi thể thức, 2 khi có tệp không đọc được.

    Ví dụ: draftkit check van-ban/*.docx
    """
    from .check import check_document
    from .command_files import expand_wildcards

    with guarded():
        files = expand_wildcards(files, on_windows())
    codes: list[int] = []
    reports = []
    for file in files:
        try:
            with guarded():
                report = check_document(file, style=style.value)
        except typer.Exit as stop:  # this file could not be read (said by guarded): go on
            codes.append(stop.exit_code)
            continue
        codes.append(0 if report.ok else 1)
        if as_json:
            reports.append(report.to_dict())
        else:
            if len(codes) > 1:
                typer.echo("")
            print_check_report(file, report)
    if as_json:
        import json

        typer.echo(json.dumps(reports[0] if len(files) == 1 and reports else reports, ensure_ascii=False, indent=2))
    # The worst outcome decides: a file that could not be read (2) over format errors (1).
    raise typer.Exit(max(codes))


def print_check_report(file: Path, report: Any) -> None:
    """One document's findings, as `check` prints them."""
    from rich.markup import escape

    console = stdout_console()
    console.print(
        f"[bold]{escape(str(file))}[/]: {STYLE_NAMES.get(report.style, report.style)}, "
        f"kiểm tra theo {escape(report.rules_title)}"
    )
    for finding in report.findings:
        console.print(
            f"{SEVERITY_LABELS.get(finding.severity, finding.severity)} "
            f"[dim]\\[{escape(finding.rule_id)}][/] {escape(finding.rule)}"
        )
        console.print(f"    Vị trí: {escape(finding.where)}")
        console.print(f"    Thực tế: {escape(finding.found)}")
    if report.ok:
        console.print(f"[bold green]Đạt: văn bản đúng thể thức ({escape(report.rules_title)})[/]")
    else:
        console.print(f"[bold red]Có {len(report.errors)} lỗi về thể thức ({escape(report.rules_title)})[/]")


class ExampleKind(str, Enum):
    report = "report"
    awards = "awards"


@app.command("example")
def example(
    kind: Annotated[
        ExampleKind,
        typer.Argument(
            metavar="LOẠI",
            show_default=False,
            help="report (báo cáo tổng kết năm) hoặc awards (đợt khen thưởng: quyết định, danh sách, "
            "giấy khen).",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            show_default=False,
            metavar="TỆP",
            help="Tên tệp (hoặc thư mục) để ghi (mặc định: bao-cao.yaml hoặc khen-thuong.yaml trong "
            "thư mục hiện tại).",
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Viết một tệp dữ liệu mẫu, có ghi chú tiếng Việt cho từng mục, để sửa rồi dựng văn bản.

    \b
    Ví dụ: draftkit example awards -o khen-thuong-2026.yaml
    rồi:   draftkit render khen-thuong-2026.yaml -o van-ban
    """
    from .starter import write_starter

    with guarded():
        path = write_starter(kind.value, output, force=force)
    echo_written([path], [])
    typer.echo(f"Sửa tệp này bằng Notepad (hay trình soạn thảo chữ bất kỳ) rồi chạy: draftkit render {_shell_quoted(path)} -o van-ban")


def _shell_quoted(path: Path) -> str:
    """A path as it can be pasted into the shell: quoted when it has spaces."""
    text = str(path)
    return f'"{text}"' if any(char.isspace() for char in text) else text


templates_app = typer.Typer(
    name="templates",
    help="Mẫu Word riêng của cơ quan: xem mẫu nào đang dùng, chép mẫu có sẵn ra để sửa, "
    "kiểm tra mẫu đã sửa, xem các biến dùng được.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(templates_app, name="templates")

KIND_HELP = (
    "Loại mẫu: report (báo cáo), decision (quyết định), list (danh sách), certificate (giấy khen)."
)


def print_lines(lines: list[str]) -> None:
    from rich.markup import escape

    console = stdout_console()
    for line in lines:
        console.print(escape(line))


@templates_app.command("list")
def templates_list(
    templates: Templates = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            show_default=False,
            metavar="TỆP",
            help="Tệp dữ liệu: tính cả thư mục templates cạnh tệp này, như khi render.",
        ),
    ] = None,
) -> None:
    """Liệt kê mọi loại mẫu: tệp nào được dùng, lấy từ đâu, và các bản bị che.

    Ví dụ: draftkit templates list --templates mau-cua-toi
    """
    from .template_tools import listing_lines

    with guarded():
        lines = listing_lines(templates, data)
    print_lines(lines)


@templates_app.command("copy")
def templates_copy(
    kind: Annotated[str, typer.Argument(show_default=False, metavar="LOẠI", help=KIND_HELP)],
    folder: Annotated[
        Path | None,
        typer.Argument(
            show_default=False,
            metavar="THƯ_MỤC",
            help="Thư mục chép mẫu vào (mặc định: thư mục mẫu của cơ quan, draftkit tự dùng).",
        ),
    ] = None,
    style: Annotated[
        str,
        typer.Option(
            "--style",
            metavar="state|party",
            help="Thể thức: state (văn bản hành chính) hoặc party (văn bản của Đảng).",
        ),
    ] = "state",
    force: Force = False,
) -> None:
    """Chép một mẫu có sẵn ra để sửa bằng Word hoặc LibreOffice.

    Ví dụ: draftkit templates copy certificate
    """
    from .template_tools import copy_lines, copy_template

    with guarded():
        copied = copy_template(kind, style, folder, force=force)
    print_lines(copy_lines(copied))


@templates_app.command("check")
def templates_check(
    file: Annotated[Path, typer.Argument(show_default=False, metavar="TỆP", help="Tệp mẫu .docx cần kiểm tra.")],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            show_default=False,
            metavar="LOẠI",
            help=KIND_HELP + " Mặc định: lấy từ tên tệp (certificate-state.docx → certificate).",
        ),
    ] = None,
) -> None:
    """Kiểm tra mẫu đã sửa: biến, vòng lặp, điều kiện; báo biến lạ, lỗi cú pháp, thẻ bị tách.

    Mã thoát: 0 khi không có lỗi, 1 khi có lỗi, 2 khi không đọc được tệp.

    Ví dụ: draftkit templates check certificate-state.docx
    """
    from .template_tools import check_lines, check_template

    with guarded():
        report = check_template(file, kind)
    print_lines(check_lines(report))
    raise typer.Exit(0 if report.ok else 1)


@templates_app.command("vars")
def templates_vars(
    kind: Annotated[str, typer.Argument(show_default=False, metavar="LOẠI", help=KIND_HELP)],
    markdown: Annotated[
        bool, typer.Option("--markdown", show_default=False, help="In thành bảng Markdown.")
    ] = False,
) -> None:
    """Liệt kê các biến một mẫu dùng được: tên, kiểu, ý nghĩa, ví dụ.

    Ví dụ: draftkit templates vars certificate
    """
    from .template_tools import variables_lines

    with guarded():
        lines = variables_lines(kind, markdown=markdown)
    print_lines(lines)


def on_windows() -> bool:
    """Whether the clerk's shell is cmd or PowerShell (wildcards come through unexpanded)."""
    return os.name == "nt"


def _switchable(stream: Any) -> Callable[..., Any] | None:
    """The stream's ``reconfigure`` when it is not UTF-8 already and can be switched."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    reconfigure = getattr(stream, "reconfigure", None)
    if encoding in ("utf-8", "utf8", "utf-8-sig") or not callable(reconfigure):
        return None
    return reconfigure  # type: ignore[no-any-return]


def use_utf8_output(streams: tuple[Any, ...] | None = None) -> None:
    """Write UTF-8 to standard output and error, whatever the console or pipe says.

    Redirected on Windows (`draftkit render ... > ket-qua.txt`), or with PYTHONIOENCODING set
    to a code page (cp1252, cp1258), Python encodes output in a code page that cannot hold
    "Đã tạo" or "Ngọc Lặc": the first such line raises UnicodeEncodeError, after the files are
    written. UTF-8 holds every letter, and Notepad, Word and every editor read it. A stream
    that cannot be switched (replaced by the caller) at least replaces what it cannot encode
    instead of crashing.
    """
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        reconfigure = _switchable(stream)
        if reconfigure is None:
            continue
        try:
            reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                continue


def use_utf8_input(stream: Any = None) -> None:
    """Read piped standard input as UTF-8 (answers fed from a file: `draftkit new-report < tl.txt`).

    A pipe on Windows is decoded in the ANSI code page: cp1252 has no ư, ơ or đ, so UTF-8
    answers (what Notepad saves, and what draftkit writes) would come in garbled, or stop
    the run with a decoding error. Input that is not UTF-8 is refused with a message (see
    :func:`guarded`), never read as something else. A console is left alone: Windows hands
    Python its text as Unicode, and a Linux terminal says its own encoding.
    """
    stream = sys.stdin if stream is None else stream
    reconfigure = _switchable(stream)
    if reconfigure is None:
        return
    try:
        if stream.isatty():
            return
        # utf-8-sig: Notepad's "UTF-8 with BOM" loses its mark (the reader drops one too).
        reconfigure(encoding="utf-8-sig", errors="strict")
    except (ValueError, OSError):
        return


def main() -> None:
    """Console-script entry point."""
    use_utf8_output()
    use_utf8_input()
    stop_on_sigterm()
    try:
        # Named as the clerk types it, also when run as draftkit.exe or python -m draftkit.
        app(prog_name="draftkit")
    finally:
        # On the way out, Python's last garbage collection walks every object that typer,
        # pydantic and jinja2 made, only to free memory the operating system takes back
        # anyway: about 30 ms, a sixth of a one-report run. Frozen objects are skipped. Nothing
        # here waits on a finalizer: every file is written and closed before this point.
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    main()
