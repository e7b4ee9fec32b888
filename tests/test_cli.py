"""The command line as a user meets it: messages, exit codes, files left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftkit.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_render_writes_the_report_and_says_where(ngoc_lac_report: Path, tmp_path: Path) -> None:
    code, output = run("render", str(ngoc_lac_report), "-o", str(tmp_path))
    assert code == 0, output
    target = tmp_path / f"{ngoc_lac_report.stem}.docx"
    assert f"Đã tạo: {target}" in output.replace("\n", "")
    from docx_helpers import body_paragraphs, open_docx

    assert next(p.text for p in body_paragraphs(open_docx(target))) == "BÁO CÁO"


@pytest.mark.parametrize(("no_color", "coloured"), [("", True), ("1", False)])
def test_render_colours_its_lines_unless_no_color(
    ngoc_lac_report: Path, tmp_path: Path, no_color: str, coloured: bool
) -> None:
    # color=True stands for a terminal; NO_COLOR (https://no-color.org) still wins.
    result = runner.invoke(app, ["render", str(ngoc_lac_report), "-o", str(tmp_path)], color=True, env={"NO_COLOR": no_color})
    assert result.exit_code == 0, result.output
    assert ("\x1b[32m" in result.output) == coloured
    assert "Đã tạo:" in result.output


def test_render_refuses_to_overwrite_without_force(ngoc_lac_report: Path, tmp_path: Path) -> None:
    target = tmp_path / f"{ngoc_lac_report.stem}.docx"
    target.write_bytes(b"the clerk's own edits")
    code, output = run("render", str(ngoc_lac_report), "-o", str(tmp_path))
    assert code == 1
    assert "Không ghi đè" in output and "--force" in output
    assert target.read_bytes() == b"the clerk's own edits"
    code, output = run("render", str(ngoc_lac_report), "-o", str(tmp_path), "--force")
    assert code == 0, output
    assert target.read_bytes().startswith(b"PK")


BAD_FILE = """\
version: 1
document: report
style: state
issuer:
  name: ỦY BAN NHÂN DÂN XÃ A
  code: UBND
  place: A
date: 2023-13-01
title: Báo cáo
opening: Mở đầu
results:
  - heading: Kinh tế
    indicators:
      - {label: Thu nhập, value: "1,500"}
signer: {title: CHỦ TỊCH, name: Nguyễn Văn A}
recipients: [Lưu VT]
recipents: [x]
"""


def test_every_problem_reported_with_line_and_nothing_written(tmp_path: Path) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text(BAD_FILE, encoding="utf-8")
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 1
    flat = " ".join(output.split())
    assert "Có 3 lỗi" in flat
    assert "dòng 8, mục “date”" in flat and "2023-13-01" in flat
    assert "dòng 14, mục “results[0].indicators[0].value”" in flat and "chưa rõ là 1.500 hay 1,5" in flat
    assert "dòng 17, mục “recipents”" in flat and "Có phải ý bạn là “recipients”?" in flat
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_unquoted_colon_gets_a_hint(tmp_path: Path) -> None:
    data = tmp_path / "colon.yaml"
    data.write_text(
        "document: report\nopening: Ủy ban nhân dân báo cáo như sau: kết quả tốt\n",
        encoding="utf-8",
    )
    code, output = run("render", str(data))
    flat = " ".join(output.split())
    assert code == 1
    assert "dòng 2" in flat and "dấu ngoặc kép" in flat
    assert 'opening: "Ủy ban nhân dân báo cáo như sau: kết quả tốt"' in flat


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Tệp trống"),
        (b"- a\n- b\n", "không phải một danh sách"),
        ("document: report\ntitle: Báo cáo\n".encode("cp1258"), "UTF-8"),
        (b"\x00\x01\x02binary", "không phải là tệp văn bản"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes, message: str) -> None:
    data = tmp_path / "data.yaml"
    data.write_bytes(content)
    code, output = run("render", str(data))
    assert code == 1
    assert message in " ".join(output.split())


def test_missing_file_and_wrong_suffix(tmp_path: Path) -> None:
    code, output = run("render", str(tmp_path / "none.yaml"))
    assert code == 1 and "Không tìm thấy tệp" in output
    other = tmp_path / "data.docx"
    other.write_bytes(b"PK")
    code, output = run("render", str(other))
    assert code == 1 and ".yaml" in output


def test_usage_error_exit_code() -> None:
    code, _ = run("render")
    assert code == 2


def test_help_lists_commands_in_vietnamese() -> None:
    code, output = run("--help")
    assert code == 0
    assert "render" in output and "new-report" in output
    code, output = run("render", "--help")
    assert code == 0 and "Dựng văn bản từ tệp dữ liệu" in output


@pytest.mark.parametrize("args", [["--help"], ["render", "--help"], ["new-awards", "--help"], ["check", "--help"]])
def test_help_does_not_import_document_libraries(args: list[str]) -> None:
    """Start-up speed: --help must not pay for docx, docxtpl, pydantic or openpyxl."""
    code = (
        "import sys\n"
        "from draftkit.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('docx', 'docxtpl', 'pydantic', 'openpyxl', 'jinja2', 'yaml') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert "HEAVY=\n" in out.stdout, out.stdout[-300:]


AWARDS_HEAD = """\
version: 1
document: awards
issuer: {name: ỦY BAN NHÂN DÂN HUYỆN A, code: UBND, place: A}
date: 2023-12-14
authority: CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN A
reason: đã có thành tích
signer: {title: CHỦ TỊCH, name: Nguyễn Văn A}
recipients: [Như Điều 3]
"""


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("money: {individual: -540000, collective: 1080000}\nawardees: [{name: A}]\n", "dòng 9, mục “money.individual”"),
        ("money: {individual: năm trăm nghìn, collective: 1080000}\nawardees: [{name: A}]\n", "Viết số nguyên bằng chữ số"),
        ("awardees:\n  - Lê Văn Bình\n", "dòng 10, mục “awardees[0]”"),
        ("awardees: [{name: A, kind: tập thể}]\n", "collective"),
        ("awardees: [{name: ''}]\n", "không được để trống"),
        ("awardees: []\norder: alphabet\n", "“order”"),
    ],
)
def test_bad_awards_values_are_explained(tmp_path: Path, tail: str, expected: str) -> None:
    data = tmp_path / "a.yaml"
    data.write_text(AWARDS_HEAD + tail, encoding="utf-8")
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 1
    assert expected in " ".join(output.split())
    assert not (tmp_path / "out").exists()


def test_utf16_file_with_bom_is_read(ngoc_lac_report: Path, tmp_path: Path) -> None:
    data = tmp_path / "utf16.yaml"
    data.write_bytes(ngoc_lac_report.read_text(encoding="utf-8").encode("utf-16"))
    code, output = run("render", str(data), "-o", str(tmp_path))
    assert code == 0, output


def test_json_and_toml_data_files(ngoc_lac_report: Path, tmp_path: Path) -> None:
    import json

    import yaml

    data = yaml.safe_load(ngoc_lac_report.read_text(encoding="utf-8"))
    data["date"] = str(data["date"])
    (tmp_path / "r.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, output = run("render", str(tmp_path / "r.json"), "-o", str(tmp_path / "out"))
    assert code == 0, output
    toml_lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in data.items() if not isinstance(v, (dict, list))]
    toml_lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in data.items() if isinstance(v, list) and all(isinstance(i, str) for i in v)]
    for key in ("issuer", "signer"):
        toml_lines += [f"\n[{key}]"] + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in data[key].items()]
    results = data["results"]
    for result in results:
        toml_lines += ["\n[[results]]", f"heading = {json.dumps(result['heading'], ensure_ascii=False)}"]
        toml_lines += [f"paragraphs = {json.dumps(result['paragraphs'], ensure_ascii=False)}"]
    toml_lines += ["\n[plan]", f"tasks = {json.dumps(data['plan']['tasks'], ensure_ascii=False)}"]
    (tmp_path / "r.toml").write_text("\n".join(toml_lines) + "\n", encoding="utf-8")
    code, output = run("render", str(tmp_path / "r.toml"), "-o", str(tmp_path / "toml"))
    assert code == 0, output
    from docx_helpers import all_text, open_docx

    json_text = all_text(open_docx(tmp_path / "out" / "r.docx"))
    toml_text = all_text(open_docx(tmp_path / "toml" / "r.docx"))
    assert "Lực lượng vũ trang địa phương" in toml_text
    # The TOML file leaves out the indicators; everything else reads the same.
    assert toml_text == json_text.replace("- Thu nhập bình quân đầu người đạt 50,24 triệu đồng.\n", "").replace(
        "- Mô hình “Dân vận khéo” đăng ký và triển khai thực hiện đạt 18 mô hình.\n", ""
    )
    (tmp_path / "bad.json").write_text('{"document": "report",\n "title": }', encoding="utf-8")
    code, output = run("render", str(tmp_path / "bad.json"))
    assert code == 1 and "dòng 2" in output and "JSON" in output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("document: report\nissuer:\n\tname: A\n", "dòng 3: Dòng này thụt lề bằng phím Tab"),
        ('document: report\ntitle: "Báo cáo\n', "tệp kết thúc giữa chừng"),
        ("document: report\ntitle: @Báo cáo\n", "dòng 2: Lỗi cú pháp: có ký tự không được đứng đầu"),
        ("document: report\ntitle: A\ntitle: B\n", "dòng 3: Khóa “title” xuất hiện hai lần"),
    ],
)
def test_yaml_mistakes_in_vietnamese(tmp_path: Path, content: str, expected: str) -> None:
    data = tmp_path / "x.yaml"
    data.write_text(content, encoding="utf-8")
    code, output = run("render", str(data))
    assert code == 1
    assert expected in " ".join(output.split())


def test_a_mistyped_templates_folder_is_refused(ngoc_lac_report: Path, tmp_path: Path) -> None:
    code, output = run("render", str(ngoc_lac_report), "-o", str(tmp_path), "--templates", str(tmp_path / "mau"))
    assert code == 1 and "Không có thư mục mẫu" in output
    assert not any(tmp_path.glob("*.docx"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("document: [report]\n", "không phải loại văn bản"),
        ("? [a, b]\n: 1\ndocument: report\n", "Tên khóa phải là chữ"),
        ("document: report\nsituation: &x [*x]\n", "trỏ vào chính nó"),
        ('{"document": ' + "[" * 5000 + "]" * 5000 + "}", "lồng nhau quá sâu"),
    ],
)
def test_odd_yaml_gets_a_message_not_a_traceback(tmp_path: Path, content: str, expected: str) -> None:
    data = tmp_path / "x.yaml"
    data.write_text(content, encoding="utf-8")
    code, output = run("render", str(data))
    assert code == 1 and expected in output and "Traceback" not in output


def test_odd_utf16_file(tmp_path: Path) -> None:
    data = tmp_path / "x.yaml"
    data.write_bytes(b"\xff\xfed\x00o\x00c")
    code, output = run("render", str(data))
    assert code == 1 and "UTF-16" in output


def test_a_number_where_text_belongs_asks_for_quotes(tmp_path: Path) -> None:
    # The loader reads 0125 as the number 125: taking it as text would print "125", without the 0.
    data = tmp_path / "a.yaml"
    data.write_text(AWARDS_HEAD + "awardees: [{name: A, gold_book: 0125}]\n", encoding="utf-8")
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    flat = " ".join(output.split())
    assert code == 1 and "“Số sổ vàng” phải là chữ" in flat and 'gold_book: "..."' in flat
    data.write_text(AWARDS_HEAD + 'awardees: [{name: A, gold_book: "0125"}]\n', encoding="utf-8")
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 0, output


def test_a_folder_given_as_the_data_file(tmp_path: Path) -> None:
    code, output = run("render", str(tmp_path))
    assert code == 1 and "Đây là một thư mục" in output


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("executors: []\nawardees: [{name: A}]\n", "“Người thi hành (Điều 3)” cần ít nhất 1 mục"),
        ("bases: []\nawardees: [{name: A}]\n", "cần ít nhất 1 mục"),
    ],
)
def test_empty_lists_that_would_leave_blanks_are_refused(tmp_path: Path, tail: str, expected: str) -> None:
    data = tmp_path / "a.yaml"
    data.write_text(AWARDS_HEAD + tail, encoding="utf-8")
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 1 and expected in " ".join(output.split())


def test_money_problems_are_found_before_rendering_with_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "a.yaml"
    data.write_text(AWARDS_HEAD.replace("date: 2023-12-14", "date: 2016-01-05") + "awardees: [{name: A}]\n", encoding="utf-8")
    code, output = run("render", str(data), "-o", str(tmp_path / "out"))
    flat = " ".join(output.split())
    assert code == 1 and str(data) in flat and "money" in flat and not (tmp_path / "out").exists()
