"""The command line speaks Vietnamese: framework text, usage errors, help, version, completion.

typer writes its own text in English; draftkit translates it where it comes out (see
draftkit/cli_text.py). These tests run every usage error and every --help, so a typer release
that rewords its text fails here rather than reaching a clerk in English.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import typing
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from conftest import NGOC_LAC_REPORT, ROOT
from draftkit import cli
from draftkit.choices import MEANINGS, explained_list
from draftkit.cli import app
from draftkit.cli_text import translate_help, translate_term, translate_usage

runner = CliRunner()

# Words of typer's/click's own English: none may reach the user.
ENGLISH = re.compile(
    r"Usage|Error|Try '|Missing|Invalid|No such|Options|Arguments|Commands|Got unexpected|"
    r"Did you mean|requires|Possible|Show this|Aborted|is not one of|default:|required\]|"
    r"does not take|completion for",
)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


USAGE_ERRORS = [
    (["render"], "Lỗi: Thiếu tham số “TỆP”."),
    (["pdf"], "Lỗi: Thiếu tham số “TỆP”."),
    (["reder"], "Lỗi: Không có lệnh “reder”. Có phải ý bạn là “render”?"),
    (["xyz"], "Lỗi: Không có lệnh “xyz”."),
    (["templates", "cpy"], "Lỗi: Không có lệnh “cpy”. Có phải ý bạn là “copy”?"),
    (["render", "a.yaml", "b.yaml"], "Lỗi: Thừa tham số: b.yaml."),
    (["render", "a.yaml", "--bad"], "Lỗi: Không có tùy chọn “--bad”."),
    (["render", "a.yaml", "--spilt"], "Lỗi: Không có tùy chọn “--spilt”. Có phải ý bạn là: --split?"),
    (["render", "a.yaml", "-o"], "Lỗi: Tùy chọn “-o” cần một giá trị đi kèm."),
    (["check", "a.docx", "--json=1"], "Lỗi: Tùy chọn “--json” không nhận giá trị."),
    (
        ["check", "a.docx", "--style", "zz"],
        "Lỗi: Giá trị “zz” không dùng được cho “--style”: chọn một trong auto, state, party.",
    ),
    (["example", "bao-cao"], "Lỗi: Giá trị “bao-cao” không dùng được cho “LOẠI”: chọn một trong report, awards."),
    (["--verbose"], "Lỗi: Không có tùy chọn “--verbose”."),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_usage_errors_are_in_vietnamese(args: list[str], message: str) -> None:
    code, output = run(*args)
    assert code == 2
    assert message in output
    assert not ENGLISH.search(output), output


def test_a_usage_error_shows_the_usage_and_where_to_read_more() -> None:
    code, output = run("render")
    assert code == 2
    assert output.splitlines()[:2] == [
        "Cách dùng: draftkit render [TÙY CHỌN] {TỆP}",
        "Xem hướng dẫn: draftkit render --help",
    ]


def test_no_command_prints_the_help_in_vietnamese() -> None:
    code, output = run()
    assert code == 2
    assert output.startswith("Cách dùng: draftkit [TÙY CHỌN] LỆNH [THAM SỐ]...")
    assert "Lệnh:" in output and "Tùy chọn:" in output
    assert not ENGLISH.search(output), output


def command_paths() -> list[list[str]]:
    paths: list[list[str]] = [[]]

    def walk(command: Any, prefix: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            paths.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(get_command(app), [])
    return paths


def test_every_command_is_walked() -> None:
    names = {" ".join(p) for p in command_paths()}
    assert {"", "render", "example", "check", "templates", "templates copy"} <= names


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "draftkit")
def test_every_help_is_in_vietnamese(path: list[str]) -> None:
    code, output = run(*path, "--help")
    assert code == 0, output
    assert output.startswith(f"Cách dùng: {' '.join(['draftkit', *path])} [TÙY CHỌN]")
    assert "Tùy chọn:" in output
    assert "In hướng dẫn này rồi thoát." in output
    assert not ENGLISH.search(output), output
    assert not re.search(r"<(path|str|int|float|bool|list\[\w+\])>", output), output
    # Arguments are named in Vietnamese (metavar), not by their Python names ("{file}").
    assert not re.search(r"[{\[][a-z_]+[}\]]|^  [a-z_]+ <", output, re.MULTILINE), output


VIETNAMESE = re.compile(r"[À-ỹ]")  # a letter with a Vietnamese diacritic (or đ)


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "draftkit")
def test_every_option_and_argument_has_vietnamese_help(path: list[str]) -> None:
    command = get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help and VIETNAMESE.search(command.help)
    for param in command.params:
        text = getattr(param, "help", None)
        assert text and VIETNAMESE.search(text), (path, param.name)


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Show this message and exit.", "In hướng dẫn này rồi thoát."),
        ("Thể thức.  [default: state]", "Thể thức.  [mặc định: state]"),
        ("Tệp.  [required]", "Tệp.  [bắt buộc]"),
        ("Tệp.  [env var: DRAFTKIT_X]", "Tệp.  [biến môi trường: DRAFTKIT_X]"),
        ("Ghi đè tệp đã có.", "Ghi đè tệp đã có."),
    ],
)
def test_help_texts_are_translated(english: str, vietnamese: str) -> None:
    assert translate_help(english) == vietnamese


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("-o, --output <path>", "-o, --output <đường dẫn>"),
        ("TỆP <list[Path]>", "TỆP <đường dẫn>..."),
        ("--count <int>", "--count <số nguyên>"),
        ("--name <str>", "--name <chữ>"),
        ("--style <auto|state|party>", "--style <auto|state|party>"),
    ],
)
def test_option_terms_are_translated(english: str, vietnamese: str) -> None:
    assert translate_term(english) == vietnamese


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("[OPTIONS] COMMAND [ARGS]...", "[TÙY CHỌN] LỆNH [THAM SỐ]..."),
        ("[OPTIONS] {TỆP}", "[TÙY CHỌN] {TỆP}"),
    ],
)
def test_usage_lines_are_translated(english: str, vietnamese: str) -> None:
    assert translate_usage(english) == vietnamese


def test_version_comes_from_the_package_metadata() -> None:
    code, output = run("--version")
    assert code == 0
    assert output.startswith(f"draftkit {version('draftkit-vn')} (gói draftkit-vn, Python ")


def test_typer_is_in_the_tested_range() -> None:
    """cli_text matches typer 0.29's English: a typer outside pyproject's range is untested."""
    from draftkit._toml import loads

    spec = next(
        d for d in loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
        if d.startswith("typer")
    )
    low, high = re.fullmatch(r"typer>=([\d.]+),<([\d.]+)", spec).groups()  # type: ignore[union-attr]

    def key(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", text)[:3])

    assert key(low) <= key(version("typer")) < key(high)


def test_the_framework_still_formats_help_through_the_overridden_methods() -> None:
    """The formatter overrides write_usage, write_heading and write_dl: typer must call them."""
    from typer._click.formatting import HelpFormatter

    from draftkit.cli_text import VietnameseHelpFormatter

    for name in ("write_usage", "write_heading", "write_dl"):
        assert getattr(HelpFormatter, name) is not getattr(VietnameseHelpFormatter, name)
    assert typing.get_type_hints(HelpFormatter.write_dl)  # still a method taking rows


# --- choices (state/party, given/name...) explained wherever they are shown


def test_every_choice_of_the_models_has_a_meaning() -> None:
    from draftkit.models import DOCUMENT_MODELS

    seen: set[str] = set()

    def walk(model: Any) -> None:
        from draftkit.starter import _choices, _item_of, _model_of

        for info in model.model_fields.values():
            seen.update(_choices(info.annotation))
            for inner in (_model_of(info.annotation), _model_of(_item_of(info.annotation))):
                if inner is not None and inner is not model:
                    walk(inner)

    for model in DOCUMENT_MODELS.values():
        walk(model)
    assert {"state", "party", "given", "name", "collective", "individual"} <= seen
    assert seen - {"1"} <= set(MEANINGS)


def test_a_refused_choice_names_each_allowed_value_with_its_meaning() -> None:
    assert explained_list("'state' or 'party'") == (
        "state (văn bản hành chính, theo NĐ 30/2020/NĐ-CP) hoặc party (văn bản của Đảng)"
    )
    assert explained_list("'given' or 'name'") == "given (giữ thứ tự đã nhập) hoặc name (xếp theo tên)"


def test_render_explains_a_wrong_style_in_vietnamese(tmp_path: Path) -> None:
    text = NGOC_LAC_REPORT.read_text(encoding="utf-8").replace("style: state", "style: nha-nuoc")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    code, output = run("render", str(bad), "-o", str(tmp_path))
    assert code == 1
    assert "“Thể thức” phải là một trong: state (văn bản hành chính, theo NĐ 30/2020/NĐ-CP) hoặc party" in output
    assert " or " not in output


# --- shell completion


def test_show_completion_prints_the_script_of_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_shell_name", lambda: "bash")
    code, output = run("--show-completion")
    assert code == 0
    assert "_DRAFTKIT_COMPLETE" in output and "complete -o default -F _draftkit_completion draftkit" in output


def test_install_completion_writes_into_the_users_shell_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cli, "_shell_name", lambda: "bash")
    monkeypatch.setenv("HOME", str(tmp_path))
    code, output = run("--install-completion")
    assert code == 0, output
    script = tmp_path / ".bash_completions" / "draftkit.sh"
    assert f"Đã cài gợi ý lệnh (phím Tab) cho bash vào {script}." in output
    assert "_DRAFTKIT_COMPLETE" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


@pytest.mark.parametrize("shell", ["powershell", "pwsh", None])
def test_install_completion_never_changes_powershells_execution_policy(
    monkeypatch: pytest.MonkeyPatch, shell: str | None
) -> None:
    called: list[object] = []
    monkeypatch.setattr(cli, "_shell_name", lambda: shell)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: called.append(a))
    code, output = run("--install-completion")
    assert code == 1
    assert "draftkit --show-completion" in output and "$PROFILE" in output
    assert called == []


def test_the_shell_gets_completions_from_draftkit(tmp_path: Path) -> None:
    env = {**os.environ, "_DRAFTKIT_COMPLETE": "complete_bash", "COMP_WORDS": "draftkit ren", "COMP_CWORD": "1"}
    done = subprocess.run([sys.executable, "-m", "draftkit"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["render"]
    env.update(COMP_WORDS="draftkit example ", COMP_CWORD="2")
    done = subprocess.run([sys.executable, "-m", "draftkit"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert done.stdout.split() == ["report", "awards"]


# --- docs/du-lieu.md: the data-file reference cannot fall behind the models


DATA_DOC = ROOT / "docs" / "du-lieu.md"


def model_keys() -> set[str]:
    from draftkit.models import DOCUMENT_MODELS
    from draftkit.starter import _item_of, _model_of

    keys: set[str] = set()

    def walk(model: Any) -> None:
        for name, info in model.model_fields.items():
            keys.add(name)
            for inner in (_model_of(info.annotation), _model_of(_item_of(info.annotation))):
                if inner is not None and inner is not model:
                    walk(inner)

    for model in DOCUMENT_MODELS.values():
        walk(model)
    return keys


def test_every_key_of_the_models_is_explained_in_the_data_doc() -> None:
    text = DATA_DOC.read_text(encoding="utf-8")
    keys = model_keys()
    assert {"appendix", "level", "opening", "gold_book", "offset_top_mm", "sections", "addressees"} <= keys
    missing = sorted(key for key in keys if f"`{key}`" not in text)
    assert missing == []


def test_every_choice_is_explained_in_the_data_doc() -> None:
    text = DATA_DOC.read_text(encoding="utf-8")
    assert sorted(choice for choice in MEANINGS if f"`{choice}`" not in text) == []


def test_every_spreadsheet_header_is_listed_in_the_data_doc() -> None:
    from draftkit.awardees import _HEADERS

    text = " ".join(DATA_DOC.read_text(encoding="utf-8").split())  # lines wrapped anywhere
    english = {"name", "kind", "gender", "position", "unit", "reason"}  # listed as keys
    headers = {h for names in _HEADERS.values() for h in names} - english
    assert sorted(h for h in headers if h not in text) == []


# --- draftkit example: a starter a clerk edits, that render takes as it is


@pytest.mark.parametrize("kind", ["report", "awards"])
def test_the_starter_holds_the_examples_data_with_vietnamese_comments(kind: str, tmp_path: Path) -> None:
    import yaml

    from draftkit.starter import STARTERS, example_path

    code, output = run("example", kind, "-o", str(tmp_path / "x.yaml"))
    assert code == 0, output
    assert f"Đã tạo: {tmp_path / 'x.yaml'}" in output
    text = (tmp_path / "x.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) == yaml.safe_load(example_path(STARTERS[kind].example).read_text(encoding="utf-8"))
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert comments[0].startswith("# Tệp dữ liệu mẫu")
    assert "# Thể thức. state: văn bản hành chính (NĐ 30/2020/NĐ-CP); party: văn bản của Đảng (theo quy" in comments
    assert "# Ngày ký. Trong tệp dữ liệu viết năm-tháng-ngày, ví dụ 2023-12-12." in comments


def test_the_report_starter_renders_as_it_is(tmp_path: Path) -> None:
    from docx_helpers import body_paragraphs, open_docx

    assert run("example", "report", "-o", str(tmp_path / "bc.yaml"))[0] == 0
    code, output = run("render", str(tmp_path / "bc.yaml"), "-o", str(tmp_path / "van-ban"))
    assert code == 0, output
    assert "Cảnh báo" not in output
    texts = [p.text for p in body_paragraphs(open_docx(tmp_path / "van-ban" / "bc.docx"))]
    assert texts[0] == "BÁO CÁO"
    assert any("Tổng giá trị sản xuất đạt 1.520,4 tỷ đồng, tăng 5,28% so với cùng kỳ" in t for t in texts)
    assert any(t.startswith("Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội") for t in texts)


def test_the_awards_starter_renders_as_it_is(tmp_path: Path) -> None:
    from docx_helpers import body_paragraphs, open_docx

    assert run("example", "awards", "-o", str(tmp_path))[0] == 0  # a folder: its default name
    code, output = run("render", str(tmp_path / "khen-thuong.yaml"), "-o", str(tmp_path / "van-ban"))
    assert code == 0, output
    assert "Cảnh báo" not in output
    decision = [p.text for p in body_paragraphs(open_docx(tmp_path / "van-ban" / "khen-thuong-quyet-dinh.docx"))]
    assert any(t.startswith("Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Ngọc Trung cho 02 tập thể và 02 cá nhân") for t in decision)
    assert any("mỗi cá nhân được thưởng 760.000 đồng" in t for t in decision)


HINT = re.compile(r"(\s*)# ([a-z_]+):.*")
YAML_LIKE = re.compile(r"(\s*)# (\s*)([a-z_]+:|- ).*")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def test_every_left_out_key_in_the_starter_can_be_uncommented() -> None:
    """Uncommenting a hinted key (with the keys and items commented under it) gives valid
    YAML that render reads; the explanations stay comments."""
    import yaml

    from draftkit.starter import starter_text

    for kind in ("report", "awards"):
        lines = starter_text(kind).splitlines()
        roots = []
        for index, line in enumerate(lines):
            match = HINT.fullmatch(line)
            if not match:
                continue
            above = next((lines[k] for k in range(index - 1, -1, -1) if lines[k].strip() and _indent(lines[k]) < _indent(line)), "")
            if not HINT.fullmatch(above):  # a key inside a commented group goes with its group
                roots.append(index)
        assert len(roots) >= 5, kind
        for index in roots:
            edited = list(lines)
            edited[index] = re.sub(r"^(\s*)# ", r"\1", edited[index])
            follow = index + 1
            # What belongs to the key: commented lines further in, or "#   - item" lines.
            while follow < len(edited) and edited[follow].lstrip().startswith("#"):
                line = edited[follow]
                below = YAML_LIKE.fullmatch(line)
                inside = _indent(line) > _indent(lines[index]) or (below is not None and below.group(2) != "")
                if not inside:
                    break
                if below:
                    edited[follow] = re.sub(r"^(\s*)# ", r"\1", line)
                follow += 1
            data = yaml.safe_load("\n".join(edited))
            assert isinstance(data, dict)


def test_example_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "khen-thuong.yaml"
    target.write_text("# của tôi\n", encoding="utf-8")
    code, output = run("example", "awards", "-o", str(target))
    assert code == 1
    assert "Không ghi đè" in output and "--force" in output
    assert target.read_text(encoding="utf-8") == "# của tôi\n"
    code, output = run("example", "awards", "-o", str(target), "--force")
    assert code == 0, output
    assert target.read_text(encoding="utf-8").startswith("# Tệp dữ liệu mẫu")


def test_example_without_a_name_writes_in_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("example", "report")
    assert code == 0, output
    assert "Đã tạo: bao-cao.yaml" in output
    assert "draftkit render bao-cao.yaml -o van-ban" in output
    assert (tmp_path / "bao-cao.yaml").is_file()


# --- check of several documents at once (draftkit check van-ban/*.docx)


def test_check_takes_every_document_of_a_round(tmp_path: Path) -> None:
    import json

    from conftest import NGOC_LAC_AWARDS

    assert run("render", str(NGOC_LAC_AWARDS), "-o", str(tmp_path))[0] == 0
    documents = sorted(str(p) for p in tmp_path.glob("*.docx"))
    assert len(documents) == 3
    code, output = run("check", *documents)
    assert code == 0, output
    assert output.count("Đạt: văn bản đúng thể thức") == 3
    for document in documents:
        assert f"{document}: văn bản nhà nước" in output.replace("\n", "")
    code, output = run("check", "--json", *documents)
    assert code == 0
    assert [r["ok"] for r in json.loads(output)] == [True, True, True]
    code, output = run("check", "--json", documents[0])
    assert json.loads(output)["ok"] is True  # one file: the same object as before


def test_check_goes_on_past_an_unreadable_file_and_exits_2(tmp_path: Path) -> None:
    from conftest import NGOC_LAC_REPORT

    assert run("render", str(NGOC_LAC_REPORT), "-o", str(tmp_path))[0] == 0
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a zip")
    good = tmp_path / f"{NGOC_LAC_REPORT.stem}.docx"
    code, output = run("check", str(broken), str(good))
    assert code == 2
    assert "Lỗi:" in output and "hong.docx" in output
    assert "Đạt: văn bản đúng thể thức" in output


# --- the user guide and the README name only commands and options that exist


@pytest.mark.parametrize("doc", ["docs/huong-dan.md", "docs/du-lieu.md", "README.md"])
def test_commands_in_the_docs_exist(doc: str) -> None:
    whole = (ROOT / doc).read_text(encoding="utf-8")
    # Only what is written as a command: code blocks and `inline code`.
    text = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", whole, re.DOTALL) + re.findall(r"`([^`\n]+)`", whole))
    root = get_command(app)
    commands = set(root.commands)  # type: ignore[attr-defined]
    top_options = {opt for param in root.params for opt in param.opts} | {"--help"}
    used = re.findall(r"draftkit ((?:--)?[a-z][a-z-]*)", text)
    assert used
    unknown = sorted({word for word in used if word not in commands and word not in top_options})
    assert unknown == []
    for command, options in re.findall(r"draftkit ([a-z][a-z-]+)((?: [^`\n]*)?)", text):
        sub = root.commands.get(command)  # type: ignore[attr-defined]
        if sub is None or not hasattr(sub, "params"):
            continue
        known = {opt for param in sub.params for opt in param.opts} | {"--help"}
        for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", options):
            assert option in known, (doc, command, option)


@pytest.mark.parametrize(
    ("target", "written"),
    [
        ("mau.yaml", "mau.yaml"),
        ("mau.YML", "mau.YML"),
        ("van-ban", "van-ban/khen-thuong.yaml"),  # no extension: a folder, as -o of render
        ("nam 2026/dot 1", "nam 2026/dot 1/khen-thuong.yaml"),
    ],
)
def test_example_writes_a_yaml_file_or_into_a_folder(tmp_path: Path, target: str, written: str) -> None:
    code, output = run("example", "awards", "-o", str(tmp_path / target))
    assert code == 0, output
    assert (tmp_path / written).read_text(encoding="utf-8").startswith("# Tệp dữ liệu mẫu")


@pytest.mark.parametrize("target", ["mau.json", "mau.toml", "mau.docx", "mau.txt"])
def test_example_refuses_a_name_that_is_not_yaml(tmp_path: Path, target: str) -> None:
    code, output = run("example", "awards", "-o", str(tmp_path / target))
    assert code == 1
    assert f"Tệp mẫu là tệp YAML, không ghi được thành “{target}”." in output
    assert "-o mau.yaml" in output
    assert list(tmp_path.iterdir()) == []


# --- the starter's YAML writer keeps every value exactly


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_survives_the_commented_writer(example: Path) -> None:
    import yaml

    from draftkit.models import DOCUMENT_MODELS
    from draftkit.starter import commented_yaml

    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    assert yaml.safe_load(commented_yaml(data, DOCUMENT_MODELS[data["document"]])) == data


TRICKY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
) | st.sampled_from(["- an ninh", "Lưu: VT, VP", "# không phải ghi chú", "0125", "1.500", "true", "  lề  ", "a\nb", "{{ x }}", "'", '"', "&x *y !z |", "> gấp"])


@settings(max_examples=150, deadline=None)
@given(
    title=TRICKY_TEXT,
    paragraphs=st.lists(TRICKY_TEXT, max_size=3),
    tasks=st.lists(TRICKY_TEXT | st.fixed_dictionaries({"heading": TRICKY_TEXT, "paragraphs": st.lists(TRICKY_TEXT, max_size=2)}), max_size=3),
    recipients=st.lists(TRICKY_TEXT, min_size=1, max_size=3),
)
# A text ending in a line break once made PyYAML end the document ("...") mid-file.
@example(title="a", paragraphs=["b\n"], tasks=["\n\n"], recipients=["\n"])
def test_any_text_survives_the_commented_writer(
    title: str, paragraphs: list[str], tasks: list[Any], recipients: list[str]
) -> None:
    import yaml

    from draftkit.models import ReportData
    from draftkit.starter import commented_yaml

    data = {
        "version": 1,
        "document": "report",
        "title": title,
        "results": [{"heading": title, "paragraphs": paragraphs, "indicators": []}],
        "plan": {"tasks": tasks},
        "recipients": recipients,
    }
    assert yaml.safe_load(commented_yaml(data, ReportData)) == data
