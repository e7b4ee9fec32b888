"""Defects found in review of the interview flow (issue 14) and the clerk's-PC CLI (issue 15).

Each test drives the public entry point (the CLI, or ``run_new_report`` where the input or
the editor must be scripted) and asserts on what the clerk sees: the messages, the files in
the folder and the text of the .docx read back with python-docx.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from draftkit.cli import app
from draftkit.datafile import load_data_file
from draftkit.interview import run_new_report
from test_interview_flow import (
    PLAIN,
    REPORT_LINES,
    SAVE,
    TODAY,
    console,
    docx_text,
    invoke,
    printed,
    typed,
)

DATE_SECTION = "4"  # "Ngày ký" in the review's numbering (REPORT_ORDER)


def answered(out: Path) -> Path:
    """A complete report's data file (dated 12/12/2023), written by the interview itself."""
    result = invoke(["new-report", "-o", str(out)], PLAIN + SAVE)
    assert result.exit_code == 0, result.output
    return out / "bao-cao-2023.yaml"


# ------------------------------------------------------------------ 1. overwrite is for one name


def test_an_overwrite_granted_for_one_name_does_not_cover_the_name_a_new_date_gives(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"2023 cu")
    (out / "bao-cao-2024.docx").write_bytes(b"2024 cua nguoi khac")
    lines = list(PLAIN)
    at = lines.index("12/12/2023") + 1
    lines[at:at] = ["3", "c"]  # overwrite bao-cao-2023.docx: yes
    # At the review: change the date to 2024; the new name is taken: another name.
    lines += ["s", DATE_SECTION, "12/12/2024", "1", "bc-2024-moi", *SAVE]

    result = invoke(["new-report", "-o", str(out)], lines)

    assert result.exit_code == 0, result.output
    assert f"Thư mục {out} đã có tệp trùng tên: bao-cao-2024.docx." in result.output
    assert (out / "bao-cao-2024.docx").read_bytes() == b"2024 cua nguoi khac"
    assert (out / "bao-cao-2023.docx").read_bytes() == b"2023 cu"  # nothing written under the old name
    assert load_data_file(out / "bc-2024-moi.yaml").data["date"] == "2024-12-12"
    assert any("12 tháng 12 năm 2024" in line for line in docx_text(out / "bc-2024-moi.docx"))


def test_an_overwrite_granted_still_holds_for_its_own_name(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"2023 cu")
    lines = list(PLAIN)
    at = lines.index("12/12/2023") + 1
    lines[at:at] = ["3", "c"]
    lines += ["s", DATE_SECTION, "", *SAVE]  # the date edited but kept: same name

    result = invoke(["new-report", "-o", str(out)], lines)

    assert result.exit_code == 0, result.output
    assert result.output.count("đã có tệp trùng tên") == 1
    assert "Tổng kết năm 2023" in docx_text(out / "bao-cao-2023.docx")


# ------------------------------------------------------------------ 2. --data: clash at the start


def test_a_clash_with_data_is_settled_before_the_review(tmp_path: Path) -> None:
    source = answered(tmp_path / "nam-truoc")
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"old")
    stream = io.StringIO(typed(["1", "bc-moi", *SAVE, "k"]))
    shown = console()

    result = run_new_report(shown, out, stream=stream, today=date(2023, 12, 20), data_file=source)

    text = printed(shown)
    assert result is not None, text
    assert text.index("đã có tệp trùng tên: bao-cao-2023.docx") < text.index("Lưu và tạo văn bản?")
    assert "--force" not in text
    assert (out / "bao-cao-2023.docx").read_bytes() == b"old"
    assert "Tổng kết năm 2023" in docx_text(out / "bc-moi.docx")


class MakesFileAt(io.StringIO):
    """Input that creates ``path`` just before line ``at`` (0-based) is read: another
    program writing there while the clerk reads the review."""

    def __init__(self, text: str, at: int, path: Path) -> None:
        super().__init__(text)
        self.at, self.path, self.read_lines = at, path, 0

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        if self.read_lines == self.at:
            self.path.write_bytes(b"moi xuat hien")
        self.read_lines += 1
        return super().readline()


def test_a_file_that_appears_before_saving_goes_back_to_the_clash_question(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    lines = [*PLAIN, *SAVE, "1", "bc-moi", *SAVE, "k"]
    stream = MakesFileAt(typed(lines), len(PLAIN), out / "bao-cao-2023.docx")
    shown = console()

    result = run_new_report(shown, out, stream=stream, today=TODAY)

    text = printed(shown)
    assert result is not None, text
    assert "đã có tệp trùng tên: bao-cao-2023.docx" in text
    assert (out / "bao-cao-2023.docx").read_bytes() == b"moi xuat hien"
    assert "Tổng kết năm 2023" in docx_text(out / "bc-moi.docx")


# ------------------------------------------------------------------ 3. Ctrl-C inside the editor


class Editor:
    """The editor, replaced: Ctrl-C while it is open (``interrupt``), or counted."""

    def __init__(self, interrupt: bool = False) -> None:
        self.interrupt, self.opened = interrupt, 0

    def __call__(self, initial: str) -> str:
        self.opened += 1
        if self.interrupt:
            raise KeyboardInterrupt
        return "Văn bản từ trình soạn thảo."


@pytest.mark.parametrize("old_draft", [False, True], ids=["this-version", "bare-e-kept-by-an-older-version"])
def test_ctrl_c_in_the_editor_resumes_at_the_question_without_opening_it(tmp_path: Path, old_draft: bool) -> None:
    out = tmp_path / "van-ban"
    with pytest.raises(KeyboardInterrupt):
        run_new_report(console(), out, stream=io.StringIO(typed(REPORT_LINES)), today=TODAY, editor=Editor(True))
    draft = out / "bao-cao-2023.draft.yaml"
    saved = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert saved["in_progress"]["typed"][-1] == "Kinh tế"  # no bare "/e"
    if old_draft:
        saved["in_progress"]["typed"].append("/e")
        draft.write_text(yaml.safe_dump(saved, allow_unicode=True), encoding="utf-8")

    at = REPORT_LINES.index("/e")
    rest = ["Đoạn văn gõ thẳng.", *REPORT_LINES[at + 1 :], *SAVE, "k"]
    editor, shown = Editor(), console()
    result = run_new_report(shown, out, stream=io.StringIO(typed(rest)), today=TODAY, editor=editor, resume_file=draft)

    assert result is not None, printed(shown)
    assert editor.opened == 0
    data = load_data_file(out / "bao-cao-2023.yaml").data
    assert data["results"][0]["paragraphs"] == ["Đoạn văn gõ thẳng."]
    assert "Đoạn văn gõ thẳng." in docx_text(out / "bao-cao-2023.docx")


# ------------------------------------------------------------------ 4. a renamed draft is found


def test_a_draft_renamed_in_the_clash_question_is_found_by_a_plain_rerun(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"old")
    lines = list(PLAIN)
    at = lines.index("12/12/2023") + 1
    lines[at:at] = ["1", "bc-lan-2"]
    cut = lines.index("Tuyên truyền cho Nhân dân.")
    first = invoke(["new-report", "-o", str(out)], lines[:cut])
    assert first.exit_code == 1, first.output
    assert (out / "bc-lan-2.draft.yaml").is_file()

    second = invoke(["new-report", "-o", str(out)], ["", *lines[cut:], *SAVE])

    assert second.exit_code == 0, second.output
    assert f"Có bản nháp chưa xong: {out / 'bc-lan-2.draft.yaml'}" in second.output
    assert sorted(p.name for p in out.iterdir()) == ["bao-cao-2023.docx", "bc-lan-2.docx", "bc-lan-2.yaml"]
    assert (out / "bao-cao-2023.docx").read_bytes() == b"old"
    assert any("Tuyên truyền cho Nhân dân." in line for line in docx_text(out / "bc-lan-2.docx"))


def test_a_draft_of_the_other_command_is_not_offered(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "dot-1.draft.yaml").write_text("version: 1\ndocument: awards\ntitle: Khen\n", encoding="utf-8")

    result = invoke(["new-report", "-o", str(out)], PLAIN + SAVE)

    assert result.exit_code == 0, result.output
    assert "Có bản nháp chưa xong" not in result.output
    assert (out / "dot-1.draft.yaml").is_file()


# ------------------------------------------------------------------ 5. a byte-order mark in piped answers


def test_a_byte_order_mark_in_piped_answers_is_not_an_answer(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new-report", "-o", str(tmp_path)], input="\ufeff" + typed(PLAIN + SAVE))

    assert result.exit_code == 0, result.output
    assert "\ufeff" not in result.output
    data = load_data_file(tmp_path / "bao-cao-2023.yaml").data
    assert data["style"] == "state"
    assert data["issuer"]["parent"] == "UBND TỈNH THANH HÓA"
    assert data["signer"]["name"] == "Nguyễn Văn Hòa"


@pytest.mark.parametrize(
    ("piped", "expected"),
    [("\ufeffc\n", "c"), ("\ufeff\n", ""), ("c\n", "c"), ("\ufeffĐảng ủy xã\r\n", "Đảng ủy xã")],
)
def test_the_reader_drops_a_byte_order_mark(piped: str, expected: str) -> None:
    from rich.text import Text

    from draftkit.interview.terminal import terminal_reader

    read = terminal_reader(console(), io.StringIO(piped))
    assert read(Text("? ")) == expected


# ------------------------------------------------------------------ 9. the name follows the year after --resume


def test_a_resumed_draft_still_follows_the_year(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    cut = PLAIN.index("Tuyên truyền cho Nhân dân.")
    first = invoke(["new-report", "-o", str(out)], PLAIN[:cut])
    assert first.exit_code == 1, first.output
    draft = out / "bao-cao-2023.draft.yaml"

    again = invoke(["new-report", "--resume", str(draft)], PLAIN[cut : cut + 1])
    assert again.exit_code == 1, again.output
    assert f"draftkit new-report --resume {draft} -o {out}" in again.output
    assert f"draftkit new-report --resume {draft} -o {out}\n" in again.output  # no --name

    rest = [*PLAIN[cut + 1 :], "s", DATE_SECTION, "12/12/2024", *SAVE]
    last = invoke(["new-report", "--resume", str(draft)], rest)

    assert last.exit_code == 0, last.output
    assert sorted(p.name for p in out.iterdir()) == ["bao-cao-2024.docx", "bao-cao-2024.yaml"]
    assert any("12 tháng 12 năm 2024" in line for line in docx_text(out / "bao-cao-2024.docx"))


@pytest.mark.parametrize(
    ("file", "stem"),
    [
        ("bao-cao.draft.yaml", None),
        ("bao-cao-2026.draft.yaml", None),
        ("bao-cao-lan-2.draft.yaml", "bao-cao-lan-2"),
        ("bc-xa.draft.yaml", "bc-xa"),
        ("bao-cao-20261.draft.yaml", "bao-cao-20261"),
    ],
)
def test_only_a_chosen_name_is_kept_when_resuming(file: str, stem: str | None) -> None:
    from draftkit.interview.session import chosen_stem

    assert chosen_stem(Path(file), "bao-cao") == stem


# ------------------------------------------------------------------ 6. wildcards on Windows


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with two real reports (one rendered, copied under a second name) and a data file."""
    from conftest import ROOT

    out = tmp_path_factory.mktemp("van ban")
    result = CliRunner().invoke(app, ["render", str(ROOT / "examples" / "ngoc-lac-2023-bao-cao.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (first,) = out.glob("*.docx")
    (out / "b-ban-sao.docx").write_bytes(first.read_bytes())
    first.rename(out / "a-bao-cao.docx")
    (out / "r.yaml").write_text("version: 1\n", encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("typed_names", "expected"),
    [
        (["*.docx"], ["a-bao-cao.docx", "b-ban-sao.docx"]),
        (["b-*.docx", "a-bao-cao.docx"], ["b-ban-sao.docx", "a-bao-cao.docx"]),
        (["?-ba*.docx"], ["a-bao-cao.docx", "b-ban-sao.docx"]),
        (["[ab]-*.docx"], ["a-bao-cao.docx", "b-ban-sao.docx"]),
        (["r.yaml"], ["r.yaml"]),  # no wildcard: as typed
    ],
)
def test_wildcards_are_expanded_on_windows(rendered: Path, typed_names: list[str], expected: list[str]) -> None:
    from draftkit.command_files import expand_wildcards

    typed_paths = [rendered / name for name in typed_names]
    found = expand_wildcards(typed_paths, windows=True)
    assert found == [rendered / name for name in expected]
    assert expand_wildcards(typed_paths, windows=False) == typed_paths  # bash expanded them already


def test_a_file_named_with_a_bracket_is_kept_as_it_is(tmp_path: Path) -> None:
    from draftkit.command_files import expand_wildcards

    odd = tmp_path / "bao-cao [ban 2].docx"
    odd.write_bytes(b"x")
    assert expand_wildcards([odd], windows=True) == [odd]


def test_check_expands_a_wildcard_on_windows(rendered: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from draftkit import cli

    monkeypatch.setattr(cli, "on_windows", lambda: True)
    result = CliRunner().invoke(app, ["check", str(rendered / "*.docx")])

    assert result.exit_code in (0, 1), result.output
    assert f"{rendered / 'a-bao-cao.docx'}: văn bản nhà nước" in result.output
    assert f"{rendered / 'b-ban-sao.docx'}: văn bản nhà nước" in result.output
    assert result.output.index("a-bao-cao.docx") < result.output.index("b-ban-sao.docx")


@pytest.mark.parametrize("command", ["check", "pdf"])
def test_a_wildcard_that_matches_nothing_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    from draftkit import cli

    monkeypatch.setattr(cli, "on_windows", lambda: True)
    pattern = tmp_path / "*.docx"
    result = CliRunner().invoke(app, [command, str(pattern)])

    assert result.exit_code == 1
    assert f"Không có tệp nào khớp với “{pattern}”." in result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ 10. pdf takes .docx only


def test_pdf_refuses_a_data_file(rendered: Path) -> None:
    data = rendered / "r.yaml"
    result = CliRunner().invoke(app, ["pdf", str(data), str(rendered / "a-bao-cao.docx")])

    assert result.exit_code == 1
    assert f"“{data}” không phải văn bản Word (.docx): lệnh pdf chỉ nhận tệp .docx; chưa chuyển tệp nào." in result.output
    assert f"draftkit render {data} --pdf" in result.output
    assert not list(rendered.glob("*.pdf"))


# ------------------------------------------------------------------ 12. --install-completion takes no shell


@pytest.mark.parametrize("extra", [["nosuchshell"], ["powershell"], ["bash", "zsh"]])
def test_install_completion_refuses_a_shell_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]) -> None:
    from draftkit import cli

    monkeypatch.setattr(cli, "_shell_name", lambda: "bash")
    monkeypatch.setenv("HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["--install-completion", *extra])

    assert result.exit_code == 1
    assert f"--install-completion không nhận thêm gì (“{' '.join(extra)}”)" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing installed


# ------------------------------------------------------------------ 8. hints follow the document's year


@pytest.mark.parametrize(
    ("owner", "name", "day", "expected"),
    [
        ("ReportData", "title", date(2026, 12, 15),
         "“Tổng kết công tác xây dựng cơ sở và thực hiện Quy chế dân chủ năm 2026, phương hướng, nhiệm vụ năm 2027”"),
        ("ReportData", "title", date(2023, 12, 12),
         "“Tổng kết công tác xây dựng cơ sở và thực hiện Quy chế dân chủ năm 2023, phương hướng, nhiệm vụ năm 2024”"),
        ("ReportData", "year", date(2026, 12, 15), "2026"),
        ("AwardsData", "title", date(2026, 12, 15), None),  # the model's own example serves
    ],
)
def test_examples_follow_the_documents_year(owner: str, name: str, day: date, expected: str | None) -> None:
    from draftkit.interview.fields import example_text

    assert example_text(owner, name, "state", day, "report") == expected


@pytest.mark.parametrize(
    ("owner", "name", "day", "expected"),
    [
        ("ReportData", "year", date(2026, 12, 15), "Viết số nguyên bằng chữ số, ví dụ 2026."),
        ("ReportData", "number", date(2026, 12, 15), "Viết số nguyên bằng chữ số, ví dụ 285."),
        ("Reward", "individual", date(2026, 12, 15), None),  # money keeps 540000
    ],
)
def test_a_whole_number_hint_uses_the_fields_own_example(owner: str, name: str, day: date, expected: str | None) -> None:
    from draftkit.interview.fields import whole_number_hint

    assert whole_number_hint(owner, name, "state", day, "report") == expected


@pytest.mark.parametrize(("year", "expected"), [(2026, "ví dụ 12/12/2026 (hoặc 12-12-2026, 2026-12-12)"), (2031, "ví dụ 12/12/2031")])
def test_the_date_hint_is_in_the_given_year(year: int, expected: str) -> None:
    from draftkit.interview.parsers import AnswerError, parse_date

    with pytest.raises(AnswerError) as refused:
        parse_date("hôm qua", year)
    assert expected in (refused.value.hint or "")


def test_a_report_dated_2026_is_hinted_in_2026(tmp_path: Path) -> None:
    lines = list(PLAIN)
    lines[lines.index("12/12/2023")] = "15/12/2026"
    at = lines.index("Tổng kết năm 2023") + 1  # Năm được tổng kết: a slip first
    lines[at:at] = ["hai nghìn"]
    shown = console()
    stream = io.StringIO(typed([*lines, *SAVE, "k"]))

    result = run_new_report(shown, tmp_path, "bc", stream=stream, today=date(2026, 12, 1))

    text = printed(shown)
    assert result is not None, text
    assert "Ví dụ: “Tổng kết công tác xây dựng cơ sở và thực hiện Quy chế dân chủ năm 2026, phương hướng, nhiệm vụ năm 2027”." in text
    assert "Viết số nguyên bằng chữ số, ví dụ 2026." in text
    assert "ví dụ 12/12/2026 (hoặc 12-12-2026, 2026-12-12)" in text
    assert "540000" not in text and "năm 2024" not in text and "12/12/2023" not in text


# ------------------------------------------------------------------ 7. an editor that returns at once


class Clock:
    """A clock that moves ``step`` seconds at each reading."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.mark.parametrize(
    ("step", "writes_at_once", "waited", "expected"),
    [
        (0.1, False, True, "Sửa trong cửa sổ đang mở."),  # returned at once, unchanged: wait
        (5.0, False, False, "Cũ."),  # took its time, unchanged: the clerk kept the text
        (0.1, True, False, "Sửa ngay."),  # quick but changed: a fast editor, nothing to wait for
    ],
)
def test_an_editor_that_returns_at_once_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: float, writes_at_once: bool, waited: bool, expected: str
) -> None:
    import sys

    from draftkit.interview.terminal import launch_editor

    record = tmp_path / "path.txt"
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        f"pathlib.Path({str(record)!r}).write_text(sys.argv[1])\n"
        + ("pathlib.Path(sys.argv[1]).write_text('Sửa ngay.', encoding='utf-8')\n" if writes_at_once else ""),
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    asked: list[str] = []

    def pause(message: str) -> str:
        asked.append(message)
        Path(record.read_text()).write_text("Sửa trong cửa sổ đang mở.", encoding="utf-8")
        return ""

    assert launch_editor("Cũ.", clock=Clock(step), pause=pause) == expected
    assert bool(asked) == waited
    if waited:
        assert "trả về ngay, nội dung chưa đổi" in asked[0] and "nhấn Enter ở đây" in asked[0]
    assert not Path(record.read_text()).exists()  # the temporary file is removed after


# ------------------------------------------------------------------ 13. PowerShell-safe quoting


@pytest.mark.parametrize(
    ("folder", "quoted"),
    [
        (r"C:\vb", r"C:\vb"),
        (r"D:\Văn_bản\2026", r"D:\Văn_bản\2026"),  # Vietnamese letters need no quotes
        (r"D:\Văn bản", r"'D:\Văn bản'"),
        (r"D:\it's", r"'D:\it''s'"),
        (r"D:\a,b", r"'D:\a,b'"),
        (r"D:\a;b", r"'D:\a;b'"),
        (r"D:\$năm", r"'D:\$năm'"),
        (r"D:\@vb", r"'D:\@vb'"),
        (r"D:\{x}", r"'D:\{x}'"),
        ("D:\\a`b", "'D:\\a`b'"),
        (r"D:\“Báo cáo” ‘x’", r"'D:\“Báo cáo” ‘‘x’’'"),  # PowerShell's curly single quotes
        ("-o", "'-o'"),
        ("", "''"),
    ],
)
def test_windows_arguments_are_quoted_for_powershell(folder: str, quoted: str) -> None:
    from draftkit.interview.session import quote_arg

    assert quote_arg(folder, windows=True) == quoted


def test_powershell_reads_the_quoted_argument_back() -> None:
    import shutil
    import subprocess

    from draftkit.interview.session import quote_arg

    pwsh = shutil.which("pwsh") or shutil.which("powershell")
    if pwsh is None:
        pytest.skip("PowerShell is not installed here")
    for folder in [r"D:\it's", r"D:\$năm {x};@a,b`c", "Văn bản ‘x’"]:
        done = subprocess.run(
            [pwsh, "-NoProfile", "-Command", f"[Console]::OutputEncoding=[Text.Encoding]::UTF8; Write-Output {quote_arg(folder, True)}"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
        assert done.stdout.rstrip("\r\n") == folder


def test_a_piped_stdin_in_a_code_page_loses_its_byte_order_mark() -> None:
    from draftkit.cli import use_utf8_input

    piped = io.TextIOWrapper(io.BytesIO("\ufeffĐồng Tháp\nc\n".encode()), encoding="cp1252")
    use_utf8_input(piped)
    assert [piped.readline(), piped.readline()] == ["Đồng Tháp\n", "c\n"]


# ------------------------------------------------------------------ 11. starter placeholders left as they are


def test_an_unedited_starter_placeholder_is_warned_about(tmp_path: Path) -> None:
    made = CliRunner().invoke(app, ["example", "report", "-o", str(tmp_path / "bc.yaml")])
    assert made.exit_code == 0, made.output
    text = (tmp_path / "bc.yaml").read_text(encoding="utf-8")
    # The clerk removes the "# " of "proposals" and its item, and edits nothing else.
    text = text.replace("# proposals:\n#   - Đề xuất ...\n", "proposals:\n  - Đề xuất ...\n  - Xin bổ sung kinh phí.\n")
    (tmp_path / "bc.yaml").write_text(text, encoding="utf-8")

    result = CliRunner().invoke(app, ["render", str(tmp_path / "bc.yaml"), "-o", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    assert "vẫn là chữ mẫu “Đề xuất ...” của tệp dữ liệu mẫu" in result.output
    assert "proposals[0]" in result.output
    assert "Xin bổ sung kinh phí" not in result.output  # an edited item is not warned about
    (document,) = (tmp_path / "out").glob("*.docx")
    assert any("Đề xuất ..." in line for line in docx_text(document))  # printed as typed, but said


@pytest.mark.parametrize(
    ("value", "warned"),
    [("Ưu điểm ...", True), ("Đoạn văn ...", True), ("Ưu điểm ... đã sửa", False), ("Ưu điểm", False), ("Khác ...", False)],
)
def test_placeholders_are_told_from_text(value: str, warned: bool) -> None:
    from draftkit.textcheck import sanitize

    clean, warnings = sanitize({"assessment": {"strengths": [value]}})
    assert clean == {"assessment": {"strengths": [value]}}  # never changed
    assert bool(warnings) == warned


# ------------------------------------------------------------------ 14. the list's file types agree


def test_every_list_file_type_read_is_named_in_the_help_the_prompt_and_the_docs() -> None:
    from conftest import ROOT
    from draftkit.awardees import SUFFIXES

    render_help = CliRunner().invoke(app, ["render", "--help"], env={"COLUMNS": "200"}).output
    prompt = (ROOT / "src" / "draftkit" / "interview" / "awardees_step.py").read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "du-lieu.md").read_text(encoding="utf-8")
    for suffix in SUFFIXES:
        assert suffix in " ".join(render_help.split()), suffix
        assert "Đường dẫn tệp danh sách (" in prompt and suffix in prompt.split("Đường dẫn tệp danh sách (")[1].split(")")[0]
        assert f"`{suffix}`" in docs, suffix
