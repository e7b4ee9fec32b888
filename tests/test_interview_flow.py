"""The interview's flow (issue 14): resuming mid-item, where and under what name the
documents go, editing a long answer, hints that follow the style and the date, and slips.

Every test drives ``new-report`` / ``new-awards`` through its public entry point (the CLI,
or ``run_new_report`` where an interruption must be raised) with scripted input, then reads
back what the clerk gets: the data file (with the loader ``draftkit render`` uses) and the
text of the .docx (python-docx). Expected values are written by hand.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from rich.console import Console
from typer.testing import CliRunner

from draftkit.cli import app
from draftkit.datafile import load_data_file
from draftkit.errors import InputEnded
from draftkit.interview import REPORT, run_new_report

TODAY = date(2024, 1, 5)
EDITED = "Đoạn soạn trong trình soạn thảo.\n\nĐoạn thứ hai, cũng từ trình soạn thảo."

# A report with indicators, a nested part, an editor answer and a slip refused: one answer
# per prompt, in the order asked; comments name the prompt.
REPORT_LINES: list[str] = [
    "",  # Thể thức [state]
    "UBND TỈNH THANH HÓA",  # Cơ quan chủ quản
    "ỦY BAN NHÂN DÂN XÃ NGỌC LẶC",  # Tên cơ quan ban hành
    "UBND",  # Chữ viết tắt
    "Ngọc Lặc",  # Địa danh
    "45",  # Số văn bản
    "12/12/2023",  # Ngày ký
    "Tổng kết năm 2023",  # Trích yếu
    "",  # Năm được tổng kết
    "Ủy ban nhân dân xã báo cáo như sau:",  # Đoạn mở đầu
    "Xã có 12 thôn.",  # Đặc điểm tình hình: Đoạn văn 1
    "",  # end
    "Kinh tế",  # Lĩnh vực 1: Tên lĩnh vực
    "/e",  # Đoạn văn 1: the editor gives two paragraphs
    "",  # end of paragraphs
    "c",  # Thêm chỉ tiêu trong “1. Kinh tế”?
    "Thu nhập bình quân đầu người",  # Tên chỉ tiêu
    "50,24",  # Kết quả năm nay
    "triệu đồng",  # Đơn vị tính
    "47,72",  # Kết quả cùng kỳ
    "50",  # Kế hoạch năm
    "",  # Chỉ tiêu tốt khi [higher]
    "c",  # Thêm chỉ tiêu trong “1. Kinh tế”?
    "Tỷ lệ hộ nghèo",  # Tên chỉ tiêu
    "2,1%",  # Kết quả năm nay (fills in the unit)
    "",  # Đơn vị tính [%]
    "",  # Kết quả cùng kỳ
    "",  # Kế hoạch năm
    "2",  # Chỉ tiêu tốt khi: lower
    "k",  # Thêm chỉ tiêu trong “1. Kinh tế”?
    "c",  # Thêm mục nhỏ trong “1. Kinh tế”?
    "Trồng trọt",  # Mục nhỏ 1: Tên lĩnh vực
    "Năng suất lúa tăng.",  # Đoạn văn 1
    "",  # end
    "c",  # Thêm chỉ tiêu trong “a) Trồng trọt”?
    "Sản lượng lương thực",  # Tên chỉ tiêu
    "1.520,4",  # Kết quả năm nay
    "tấn",  # Đơn vị tính
    "",  # Kết quả cùng kỳ
    "",  # Kế hoạch năm
    "",  # Chỉ tiêu tốt khi
    "k",  # Thêm chỉ tiêu trong “a) Trồng trọt”?
    "k",  # Thêm mục nhỏ trong “a) Trồng trọt”?
    "k",  # Thêm mục nhỏ trong “1. Kinh tế”?
    "k",  # Thêm lĩnh vực?
    "",  # Phụ lục
    "s",  # Ưu điểm 1: a slip...
    "k",  # ...Giữ “s”? no
    "Công tác phối hợp được chú trọng.",  # Ưu điểm 1
    "",  # end
    "",  # Hạn chế
    "",  # Nguyên nhân
    "",  # Bài học
    "",  # Mục tiêu
    "Tuyên truyền cho Nhân dân.",  # Nhiệm vụ 1
    "",  # end
    "",  # Đề xuất
    "TM. ỦY BAN NHÂN DÂN",  # Quyền hạn ký
    "CHỦ TỊCH",  # Chức vụ
    "Nguyễn Văn Hòa",  # Họ và tên
    "Đảng ủy xã",  # Nơi nhận 1
    "Lưu: VT, VP",  # Nơi nhận 2
    "",  # end
    "",  # Kính gửi
]
SAVE = ["c"]

EXPECTED_RESULTS = [
    {
        "heading": "Kinh tế",
        "paragraphs": ["Đoạn soạn trong trình soạn thảo.", "Đoạn thứ hai, cũng từ trình soạn thảo."],
        "indicators": [
            {
                "label": "Thu nhập bình quân đầu người",
                "value": 50.24,
                "unit": "triệu đồng",
                "previous": 47.72,
                "target": 50,
                "better": "higher",
            },
            {"label": "Tỷ lệ hộ nghèo", "unit": "%", "value": 2.1, "better": "lower"},
        ],
        "sections": [
            {
                "heading": "Trồng trọt",
                "paragraphs": ["Năng suất lúa tăng."],
                "indicators": [{"label": "Sản lượng lương thực", "value": 1520.4, "unit": "tấn", "better": "higher"}],
            }
        ],
    }
]


def typed(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


class Editor:
    """The editor, replaced: counts how often it is opened."""

    def __init__(self) -> None:
        self.opened = 0

    def __call__(self, initial: str) -> str:
        self.opened += 1
        return EDITED


class Interrupting(io.StringIO):
    """Input that raises Ctrl-C when asked for line ``at`` (0-based)."""

    def __init__(self, text: str, at: int) -> None:
        super().__init__(text)
        self.at = at
        self.read_lines = 0

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        if self.read_lines == self.at:
            raise KeyboardInterrupt
        self.read_lines += 1
        return super().readline()


def console() -> Console:
    return Console(file=io.StringIO(), width=120, highlight=False, soft_wrap=True)


def printed(out: Console) -> str:
    file = out.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def report(out_dir: Path, stream: io.StringIO, editor: Editor, **kwargs: Any) -> tuple[Any, str]:
    shown = console()
    try:
        result = run_new_report(shown, out_dir, stream=stream, today=TODAY, editor=editor, **kwargs)
    except KeyboardInterrupt:
        return "interrupted", printed(shown)
    except InputEnded as ended:
        return "ended", printed(shown) + ended.message + (ended.hint or "")
    return result, printed(shown)


def docx_text(path: Path) -> list[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += cell.text.split("\n")
    return texts


ONE_GO: dict[str, str] = {}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[str]]:
    """The data file and document of the report answered in one go."""
    out = tmp_path_factory.mktemp("one-go")
    editor = Editor()
    result, shown = report(out, io.StringIO(typed(REPORT_LINES + SAVE)), editor)
    assert result not in (None, "ended", "interrupted"), shown
    assert editor.opened == 1
    ONE_GO["output"] = shown
    data = load_data_file(out / "bao-cao-2023.yaml").data
    return data, docx_text(out / "bao-cao-2023.docx")


def test_the_report_answered_in_one_go(reference: tuple[dict[str, Any], list[str]]) -> None:
    data, text = reference
    assert data["results"] == EXPECTED_RESULTS
    assert data["assessment"] == {"strengths": ["Công tác phối hợp được chú trọng."]}
    assert "Đoạn thứ hai, cũng từ trình soạn thảo." in text
    assert any("Công tác phối hợp được chú trọng." in line for line in text)
    assert not any(line.strip() == "s" for line in text)


def test_adding_an_item_says_which_level_it_goes_to(reference: tuple[dict[str, Any], list[str]]) -> None:
    shown = ONE_GO["output"]
    assert "Thêm chỉ tiêu trong “1. Kinh tế”? (c/k) [k]: c" in shown
    assert "Thêm mục nhỏ trong “1. Kinh tế”? (c/k) [k]: c" in shown
    # Numbered as the document prints them: "1. Kinh tế", then "a) Trồng trọt".
    assert "Thêm chỉ tiêu trong “a) Trồng trọt”? (c/k) [k]: c" in shown
    assert "Thêm mục nhỏ trong “a) Trồng trọt”? (c/k) [k]: k" in shown
    assert "Thêm lĩnh vực? (c/k) [k]: k" in shown  # the top level names no parent
    data, text = reference
    assert data["results"][0]["sections"][0]["heading"] == "Trồng trọt"
    assert text.index("1. Kinh tế") < text.index("a) Trồng trọt")


@pytest.mark.parametrize(
    ("text", "accidental"),
    [
        ("s", True),
        ("x", True),
        ("đ", True),
        ("...", True),
        ("…", True),
        ("2", True),
        ("2023", True),
        ("1.500", True),
        ("  s  ", True),
        ("", False),
        ("Ổn", False),
        ("Xã có 12 thôn.", False),
        ("12 thôn", False),
        ("Lưu: VT", False),
        ("VP", False),
    ],
)
def test_looks_accidental(text: str, accidental: bool) -> None:
    from draftkit.interview.engine import looks_accidental

    assert looks_accidental(text) is accidental


@pytest.mark.parametrize(
    ("slip", "keep", "strengths"),
    [
        ("s", "k", ["Công tác phối hợp được chú trọng."]),
        ("...", "", ["Công tác phối hợp được chú trọng."]),
        ("2023", "k", ["Công tác phối hợp được chú trọng."]),
        ("x", "c", ["x", "Công tác phối hợp được chú trọng."]),
    ],
)
def test_a_one_letter_paragraph_is_questioned_before_it_is_kept(
    tmp_path: Path, slip: str, keep: str, strengths: list[str]
) -> None:
    lines = list(PLAIN)
    at = lines.index("s")
    lines[at : at + 2] = [slip, keep]

    result = invoke(["new-report", "-o", str(tmp_path), "--name", "bc"], lines + SAVE)

    assert result.exit_code == 0, result.output
    assert f"Giữ “{slip}”? (c/k) [k]:" in result.output
    assert load_data_file(tmp_path / "bc.yaml").data["assessment"]["strengths"] == strengths
    text = docx_text(tmp_path / "bc.docx")
    assert any(line.endswith("Công tác phối hợp được chú trọng.") for line in text)
    assert any(line.strip(" -+;.") == slip for line in text) is (keep == "c")


@pytest.mark.parametrize(
    ("owner", "name", "lines", "expected", "questioned"),
    [
        ("Awardee", "gold_book", ["125"], "125", False),  # digits expected: its example is "125"
        ("Indicator", "unit", ["%"], "%", False),  # a unit, not prose
        ("Issuer", "code", ["X"], "X", False),
        ("Indicator", "label", ["x", "", "Số hộ nghèo"], "Số hộ nghèo", True),  # Enter: not kept
        ("ResultSection", "heading", ["1", "c"], "1", True),  # kept when the clerk says so
        ("Signer", "name", ["...", "k", "Lê Văn Hải"], "Lê Văn Hải", True),
    ],
)
def test_only_prose_is_questioned(owner: str, name: str, lines: list[str], expected: str, questioned: bool) -> None:
    from draftkit import models
    from draftkit.interview.engine import Interview
    from draftkit.interview.fields import field_spec

    model = getattr(models, owner)
    answers = iter(lines)
    asked: list[str] = []

    def read(prompt: Any) -> str:
        asked.append(str(prompt))
        return next(answers)

    interview = Interview(console(), read)
    assert interview.ask_scalar(model, field_spec(model, name), None) == expected
    assert any(question.startswith("Giữ “") for question in asked) is questioned
    assert next(answers, None) is None  # every line used


# ------------------------------------------------------------------ resume mid-item


@pytest.mark.parametrize("stop", ["eof", "ctrl-c"])
def test_resume_at_every_question_keeps_every_answer_exactly_once(
    tmp_path: Path, reference: tuple[dict[str, Any], list[str]], stop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 128 interviews, each saving its draft after every answer: flushing each save to the
    # disk (a guard against power cuts, not what is checked here) would triple the time.
    monkeypatch.setattr("draftkit.output.os.fsync", lambda fd: None)
    expected_data, expected_text = reference
    for cut in range(1, len(REPORT_LINES) + 1):
        out = tmp_path / f"{stop}-{cut}"
        editor = Editor()
        text = typed(REPORT_LINES + SAVE)
        stream = io.StringIO(typed(REPORT_LINES[:cut])) if stop == "eof" else Interrupting(text, cut)
        first, shown = report(out, stream, editor)
        assert first == ("ended" if stop == "eof" else "interrupted"), f"cut {cut}: {shown}"
        drafts = sorted(out.glob("*.draft.yaml"))
        assert len(drafts) == 1, f"cut {cut}: {shown}"
        # The message names the exact command that continues.
        assert f"draftkit new-report --resume {drafts[0]} -o {out}" in shown, f"cut {cut}: {shown}"

        # Writing the documents is what makes this test slow: every seventh run writes them,
        # the others stop at the review ("k") and the draft's answers are compared.
        write = cut % 7 == 0 or cut == len(REPORT_LINES)
        rest = REPORT_LINES[cut:] + (SAVE if write else ["k"])
        second, shown = report(out, io.StringIO(typed(rest)), editor, resume_file=drafts[0])

        assert second not in ("ended", "interrupted"), f"cut {cut}: {shown}"
        assert editor.opened == 1, f"cut {cut}: the editor was opened again"
        if write:
            assert load_data_file(out / "bao-cao-2023.yaml").data == expected_data, f"cut {cut}"
            assert docx_text(out / "bao-cao-2023.docx") == expected_text, f"cut {cut}"
            assert not list(out.glob("*.draft.yaml"))
        else:
            assert "Chưa tạo văn bản" in shown, f"cut {cut}: {shown}"
            draft = load_data_file(out / "bao-cao-2023.draft.yaml").data
            assert REPORT.final_data(draft) == expected_data, f"cut {cut}"


def test_resume_mid_indicator_asks_only_the_unanswered_questions(tmp_path: Path) -> None:
    # No editor in this run: "/e" is a typed paragraph here.
    lines = [line if line != "/e" else "Đoạn văn gõ thẳng." for line in REPORT_LINES]
    cut = lines.index("triệu đồng")  # stopped at "Đơn vị tính" of the first indicator
    out = tmp_path / "van-ban"
    first = CliRunner().invoke(app, ["new-report", "-o", str(out)], input=typed(lines[:cut]))
    assert first.exit_code == 1, first.output
    draft = out / "bao-cao-2023.draft.yaml"
    assert f"draftkit new-report --resume {draft} -o {out}" in first.output

    second = CliRunner().invoke(app, ["new-report", "--resume", str(draft)], input=typed(lines[cut:] + SAVE))

    assert second.exit_code == 0, second.output
    assert (
        "Đã khôi phục 6 câu trả lời đã gõ ở phần “Kết quả thực hiện (mỗi lĩnh vực một mục)”; "
        "hỏi tiếp từ câu đang dở (Lĩnh vực 1 › Chỉ tiêu 1)."
    ) in second.output
    asked = second.output.split("hỏi tiếp từ câu đang dở (Lĩnh vực 1 › Chỉ tiêu 1).")[1]
    assert "Không bắt buộc: Enter để bỏ qua.\nĐơn vị tính: triệu đồng\n" in asked  # the first question
    assert asked.index("Đơn vị tính") < asked.index("Kết quả cùng kỳ")
    assert "Tên chỉ tiêu" not in asked.split("Tên chỉ tiêu: Tỷ lệ hộ nghèo")[0]  # not asked again
    data = load_data_file(out / "bao-cao-2023.yaml").data
    assert data["results"][0]["indicators"][0] == EXPECTED_RESULTS[0]["indicators"][0]
    assert "50,24 triệu đồng" in " ".join(docx_text(out / "bao-cao-2023.docx"))


# ------------------------------------------------------------------ where and under what name

PLAIN = [line if line != "/e" else "Đoạn văn gõ thẳng." for line in REPORT_LINES]  # no editor


def invoke(args: list[str], lines: list[str]) -> Any:
    return CliRunner().invoke(app, args, input=typed(lines))


def test_where_the_documents_go_is_said_before_the_first_question(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    result = invoke(["new-report", "-o", str(out), "--name", "bc"], PLAIN + SAVE)

    assert result.exit_code == 0, result.output
    before = result.output.split("Thể thức")[0]
    assert f"Sẽ ghi vào thư mục {out}: bc.yaml, bc.docx. Đổi thư mục bằng -o, tên tệp bằng --name." in before
    assert sorted(p.name for p in out.iterdir()) == ["bc.docx", "bc.yaml"]


@pytest.mark.parametrize(
    ("existing", "clash"),
    [("bc.yaml", "bc.yaml"), ("bc.docx", "bc.docx")],
)
def test_a_clash_is_settled_by_another_name_before_the_first_question(
    tmp_path: Path, existing: str, clash: str | None
) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / existing).write_text("# của người khác\n", encoding="utf-8")
    # A draft under the name is this command's own: offered for continuing, not a clash.
    answers = (["1", "bc-moi"] if clash else ["k"]) + PLAIN + SAVE

    result = invoke(["new-report", "-o", str(out), "--name", "bc"], answers)

    assert result.exit_code == 0, result.output
    if clash is None:
        assert "Có bản nháp chưa xong" in result.output
        assert load_data_file(out / "bc.yaml").data["title"] == "Tổng kết năm 2023"
        return
    before = result.output.split("Thể thức")[0]
    assert f"Thư mục {out} đã có tệp trùng tên: {clash}." in before
    assert (out / existing).read_text(encoding="utf-8") == "# của người khác\n"
    assert load_data_file(out / "bc-moi.yaml").data["title"] == "Tổng kết năm 2023"
    assert "Tổng kết năm 2023" in docx_text(out / "bc-moi.docx")


def test_a_clash_under_the_default_name_can_go_to_another_folder(tmp_path: Path) -> None:
    out, other = tmp_path / "van-ban", tmp_path / "nam 2023"
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"old")
    lines = list(PLAIN)
    # The name follows the year: the clash is found as soon as the date is answered.
    lines[lines.index("12/12/2023") + 1 : lines.index("12/12/2023") + 1] = ["2", str(other)]

    result = invoke(["new-report", "-o", str(out)], lines + SAVE)

    assert result.exit_code == 0, result.output
    assert "đã có tệp trùng tên: bao-cao-2023.docx" in result.output
    assert (out / "bao-cao-2023.docx").read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == ["bao-cao-2023.docx"]  # the draft moved too
    assert sorted(p.name for p in other.iterdir()) == ["bao-cao-2023.docx", "bao-cao-2023.yaml"]
    assert "Tổng kết năm 2023" in docx_text(other / "bao-cao-2023.docx")


def test_a_clash_can_be_overwritten_when_the_clerk_says_so(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "bc.docx").write_bytes(b"old")

    result = invoke(["new-report", "-o", str(out), "--name", "bc"], ["3", "c", *PLAIN, *SAVE])

    assert result.exit_code == 0, result.output
    assert "Ghi đè bc.docx khi tạo văn bản?" in result.output
    assert "Tổng kết năm 2023" in docx_text(out / "bc.docx")


def test_resume_honours_o_and_name(tmp_path: Path) -> None:
    first_dir, final_dir = tmp_path / "nhap", tmp_path / "gui di"
    cut = PLAIN.index("Tuyên truyền cho Nhân dân.")
    first = invoke(["new-report", "-o", str(first_dir)], PLAIN[:cut])
    assert first.exit_code == 1, first.output
    draft = first_dir / "bao-cao-2023.draft.yaml"

    args = ["new-report", "--resume", str(draft), "-o", str(final_dir), "--name", "bc-xa"]
    second = invoke(args, PLAIN[cut:] + SAVE)

    assert second.exit_code == 0, second.output
    assert sorted(p.name for p in final_dir.iterdir()) == ["bc-xa.docx", "bc-xa.yaml"]
    assert list(first_dir.iterdir()) == []  # the draft went with the work
    data = load_data_file(final_dir / "bc-xa.yaml").data
    assert data["plan"] == {"tasks": ["Tuyên truyền cho Nhân dân."]}
    assert any("Tuyên truyền cho Nhân dân." in line for line in docx_text(final_dir / "bc-xa.docx"))


def test_resume_of_a_missing_file_says_it_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "bao-cao-2023.draft.yaml"
    result = invoke(["new-report", "--resume", str(missing)], [])
    assert result.exit_code == 1
    assert f"Không có tệp bản nháp “{missing}” (--resume): tệp này không tồn tại." in result.output
    assert "Traceback" not in result.output


def test_ctrl_c_gives_the_exact_command_that_continues(tmp_path: Path) -> None:
    out = tmp_path / "văn bản"  # a space: quoted for the shell
    stream = Interrupting(typed(PLAIN), PLAIN.index("Tổng kết năm 2023"))
    result, shown = report(out, stream, Editor(), name="bc năm", templates=None)
    assert result == "interrupted"
    draft = out / "bc năm.draft.yaml"
    assert f"draftkit new-report --resume '{draft}' -o '{out}' --name 'bc năm'" in " ".join(shown.split())

    rest = PLAIN[PLAIN.index("Tổng kết năm 2023") :] + SAVE
    again, shown = report(out, io.StringIO(typed(rest)), Editor(), name="bc năm", resume_file=draft)
    assert again not in ("ended", "interrupted"), shown
    assert load_data_file(out / "bc năm.yaml").data["title"] == "Tổng kết năm 2023"


@pytest.mark.parametrize(
    ("draft", "out", "name", "templates", "force", "windows", "expected"),
    [
        ("bao-cao-2023.draft.yaml", ".", None, None, False, False,
         "draftkit new-report --resume bao-cao-2023.draft.yaml"),
        ("van ban/bc.draft.yaml", "van ban", "bc", None, False, False,
         "draftkit new-report --resume 'van ban/bc.draft.yaml' -o 'van ban' --name bc"),
        ("it's/bc.draft.yaml", "it's", None, "mẫu", True, False,
         "draftkit new-report --resume 'it'\"'\"'s/bc.draft.yaml' -o 'it'\"'\"'s' --templates 'mẫu' --force"),
        (r"D:\Văn bản\bc.draft.yaml", r"D:\Văn bản", "bc", None, False, True,
         r"draftkit new-report --resume 'D:\Văn bản\bc.draft.yaml' -o 'D:\Văn bản' --name bc"),
        (r"C:\vb\bc.draft.yaml", r"C:\vb", None, None, False, True,
         r"draftkit new-report --resume C:\vb\bc.draft.yaml -o C:\vb"),
    ],
)
def test_continue_command_is_quoted_for_the_shell(
    draft: str, out: str, name: str | None, templates: str | None, force: bool, windows: bool, expected: str
) -> None:
    from draftkit.interview.session import continue_command

    command = continue_command(
        "new-report",
        Path(draft),
        Path(out),
        name,
        Path(templates) if templates else None,
        force,
        windows=windows,
    )
    assert command == expected


# ------------------------------------------------------------------ hints follow style and date

BEFORE, AFTER = date(2025, 6, 30), date(2025, 7, 1)


@pytest.mark.parametrize(
    ("owner", "name", "style", "day", "document", "expected"),
    [
        ("Issuer", "name", "state", BEFORE, None, "“ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC”"),
        ("Issuer", "name", "state", AFTER, None, "“ỦY BAN NHÂN DÂN XÃ NGỌC LẶC”"),
        ("Issuer", "name", "party", BEFORE, None, "“HUYỆN ỦY NGỌC LẶC”"),
        ("Issuer", "name", "party", AFTER, None, "“ĐẢNG ỦY XÃ NGỌC LẶC”"),
        ("Issuer", "name", None, AFTER, None, "“ỦY BAN NHÂN DÂN XÃ NGỌC LẶC”"),  # style not chosen: state
        ("Issuer", "parent", "party", AFTER, None, "“ĐẢNG BỘ TỈNH THANH HÓA”"),
        ("Issuer", "code", "party", BEFORE, None, "“HU”"),
        ("Issuer", "code", "party", AFTER, None, "“ĐU”"),
        ("Issuer", "code", "state", AFTER, None, "“UBND”"),
        ("ReportData", "number", "party", AFTER, "report", "45 (in ra “Số 45-BC/ĐU”)"),
        ("ReportData", "number", "party", BEFORE, "report", "125 (in ra “Số 125-BC/HU”)"),
        ("ReportData", "number", "state", AFTER, "report", "285 (in ra “Số: 285/BC-UBND”)"),
        ("AwardsData", "number", "party", AFTER, "awards", "45 (in ra “Số 45-QĐ/ĐU”)"),
        ("AwardsData", "number", "state", BEFORE, "awards", "285 (in ra “Số: 285/QĐ-UBND”)"),
        ("Signer", "authority", "party", AFTER, None, "“T/M ĐẢNG ỦY”"),
        ("Signer", "authority", "state", AFTER, None, "“TM. ỦY BAN NHÂN DÂN”"),
        ("Signer", "authority", "state", AFTER, "report", "“TM. ỦY BAN NHÂN DÂN”"),
        # A Giấy khen decision is the Chủ tịch's own: no TM. example for it.
        ("Signer", "authority", "state", AFTER, "awards", "“KT. CHỦ TỊCH” khi cấp phó ký thay; bỏ trống khi Chủ tịch ký"),
        ("Signer", "authority", "party", AFTER, "awards", "“T/M ĐẢNG ỦY”"),
        ("Signer", "title", "party", BEFORE, None, "“BÍ THƯ”"),
        ("ReportData", "opening", "state", AFTER, None, "“Ủy ban nhân dân xã báo cáo kết quả ... như sau:”"),
        ("ReportData", "opening", "party", AFTER, None, "“Ban Thường vụ Đảng ủy xã báo cáo kết quả ... như sau:”"),
        ("ReportData", "recipients", "state", BEFORE, None, "“Thường trực Huyện ủy”; “Lưu: VT, VP”"),
        ("ReportData", "recipients", "state", AFTER, None, "“Thường trực Đảng ủy xã”; “Lưu: VT, VP”"),
        ("AwardsData", "recipients", "party", AFTER, None, "“Ban Thường vụ Tỉnh ủy”; “Lưu Văn phòng Đảng ủy”"),
        ("AwardsData", "authority", "state", AFTER, None, "“CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC LẶC”"),
        ("AwardsData", "authority", "party", BEFORE, None, "“BAN THƯỜNG VỤ HUYỆN ỦY NGỌC LẶC”"),
        ("AwardsData", "proposal", "state", BEFORE, None, "“Xét đề nghị của Trưởng phòng Nội vụ huyện”"),
        ("AwardsData", "proposal", "state", AFTER, None,
         "“Xét đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã”"),
        ("Indicator", "label", "party", AFTER, None, None),  # the model's example serves all
        ("Issuer", "place", "party", AFTER, None, None),
    ],
)
def test_example_text_follows_the_style_and_the_date(
    owner: str, name: str, style: str | None, day: date, document: str | None, expected: str | None
) -> None:
    from draftkit.interview.fields import example_text

    assert example_text(owner, name, style, day, document) == expected


def test_no_huyen_in_any_example_from_the_reform_day() -> None:
    from draftkit.interview.fields import _STYLED_EXAMPLES, example_text

    for owner, name in _STYLED_EXAMPLES:
        for style in ("state", "party"):
            shown = example_text(owner, name, style, AFTER, "report") or ""
            assert "huyện" not in shown.casefold(), (owner, name, style, shown)


PARTY_2026 = [
    "2",  # Thể thức: party
    "ĐẢNG BỘ TỈNH THANH HÓA",  # Cơ quan chủ quản
    "ĐẢNG ỦY XÃ NGỌC LẶC",  # Tên cơ quan ban hành
    "ĐU",  # Chữ viết tắt
    "Ngọc Lặc",  # Địa danh
    "45",  # Số văn bản
    "",  # Ngày ký: today
    "Tổng kết công tác xây dựng Đảng năm 2026",  # Trích yếu
    "",  # Năm
    "Ban Thường vụ Đảng ủy xã báo cáo như sau:",  # Đoạn mở đầu
    "",  # Đặc điểm tình hình
    "Công tác xây dựng Đảng",  # Lĩnh vực 1
    "Kết nạp 12 đảng viên mới.",  # Đoạn văn 1
    "",  # end
    "k",  # Thêm chỉ tiêu trong “1. Công tác xây dựng Đảng”?
    "k",  # Thêm mục nhỏ ...?
    "k",  # Thêm lĩnh vực?
    "",  # Phụ lục
    "", "", "", "",  # Đánh giá chung
    "",  # Mục tiêu
    "",  # Nhiệm vụ
    "",  # Đề xuất
    "T/M ĐẢNG ỦY",  # Quyền hạn ký
    "BÍ THƯ",  # Chức vụ
    "Lê Văn Hải",  # Họ và tên
    "Ban Thường vụ Tỉnh ủy",  # Nơi nhận 1
    "Lưu Văn phòng Đảng ủy",  # Nơi nhận 2
    "",  # end
    "",  # Kính gửi
]


def test_a_party_report_in_2026_is_shown_party_examples_of_a_commune(tmp_path: Path) -> None:
    shown_console = console()
    result = run_new_report(
        shown_console, tmp_path, "bc", stream=io.StringIO(typed(PARTY_2026 + SAVE)), today=date(2026, 12, 10)
    )

    shown = printed(shown_console)
    assert result is not None, shown
    assert "Ví dụ: “ĐẢNG ỦY XÃ NGỌC LẶC”." in shown
    assert "Ví dụ: “ĐU”." in shown
    assert "Ví dụ: 45 (in ra “Số 45-BC/ĐU”)." in shown
    assert "Ví dụ: “T/M ĐẢNG ỦY”." in shown
    assert "HUYỆN" not in shown.upper()  # no district anywhere
    data = load_data_file(tmp_path / "bc.yaml").data
    assert data["issuer"] == {"parent": "ĐẢNG BỘ TỈNH THANH HÓA", "name": "ĐẢNG ỦY XÃ NGỌC LẶC", "code": "ĐU", "place": "Ngọc Lặc"}
    text = docx_text(tmp_path / "bc.docx")
    assert "Số 45-BC/ĐU" in text
    assert "ĐẢNG ỦY XÃ NGỌC LẶC" in text


def test_a_state_report_dated_before_the_reform_keeps_district_examples(tmp_path: Path) -> None:
    shown_console = console()
    result = run_new_report(
        shown_console, tmp_path, "bc", stream=io.StringIO(typed(PLAIN + SAVE)), today=date(2024, 1, 5)
    )
    shown = printed(shown_console)
    assert result is not None, shown
    assert "Ví dụ: “ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC”." in shown  # asked before the date: today's
    # Asked after the date (12/12/2023): still before the reform.
    assert "Ví dụ: “Ủy ban nhân dân huyện báo cáo kết quả ... như sau:”." in shown
    assert "Số: 45/BC-UBND" in docx_text(tmp_path / "bc.docx")


# ------------------------------------------------------------------ editing a long answer

EDIT_LINE = "<sửa trên dòng>"


class PrefillingReader:
    """A terminal with readline, scripted: at EDIT_LINE the clerk edits the line that was
    put there (adds "Ngọc Lặc" after "xã") and presses Enter."""

    can_prefill = True

    def __init__(self, lines: list[str]) -> None:
        self.lines = iter(lines)
        self.prefills: list[str | None] = []

    def __call__(self, prompt: Any, prefill: str | None = None) -> str:
        self.prefills.append(prefill)
        line = next(self.lines)
        if line == EDIT_LINE:
            assert prefill is not None
            return prefill.replace("xã báo cáo", "xã Ngọc Lặc báo cáo")
        return line


def test_a_long_answer_is_put_on_the_line_for_editing(tmp_path: Path) -> None:
    # At the review: "s" 7 (Đoạn mở đầu), edited in place, then saved.
    reader = PrefillingReader([*PLAIN, "s", "7", EDIT_LINE, *SAVE, "k"])  # k: no office profile
    shown_console = console()

    result = run_new_report(shown_console, tmp_path, "bc", today=TODAY, reader=reader)

    shown = printed(shown_console)
    assert result is not None, shown
    assert "Ủy ban nhân dân xã báo cáo như sau:" in reader.prefills  # the old text, on the line
    assert "Nội dung cũ đã có sẵn trên dòng: sửa bằng phím mũi tên rồi Enter" in shown
    assert load_data_file(tmp_path / "bc.yaml").data["opening"] == "Ủy ban nhân dân xã Ngọc Lặc báo cáo như sau:"
    assert "Ủy ban nhân dân xã Ngọc Lặc báo cáo như sau:" in docx_text(tmp_path / "bc.docx")


def test_without_readline_enter_keeps_the_old_text_and_e_opens_it_in_the_editor(tmp_path: Path) -> None:
    """Windows' console (no readline): nothing on the line; "/e" edits the old text."""
    seen: list[str] = []

    def editor(initial: str) -> str:
        seen.append(initial)
        return initial.replace("xã báo cáo", "xã Ngọc Lặc báo cáo")

    lines = [*PLAIN, "s", "7", "/e", "s", "10", "", "", *SAVE]  # then Đặc điểm: Enter keeps it
    shown_console = console()
    result = run_new_report(
        shown_console, tmp_path, "bc", stream=io.StringIO(typed(lines)), today=TODAY, editor=editor
    )

    shown = printed(shown_console)
    assert result is not None, shown
    assert seen == ["Ủy ban nhân dân xã báo cáo như sau:"]
    assert "Gõ /e để mở nội dung cũ trong trình soạn thảo (Notepad, nano...), sửa, lưu rồi đóng" in shown
    data = load_data_file(tmp_path / "bc.yaml").data
    assert data["opening"] == "Ủy ban nhân dân xã Ngọc Lặc báo cáo như sau:"
    assert data["situation"] == ["Xã có 12 thôn."]
    assert "Ủy ban nhân dân xã Ngọc Lặc báo cáo như sau:" in docx_text(tmp_path / "bc.docx")


class FakeReadline:
    """What draftkit uses of the readline module, recorded."""

    def __init__(self) -> None:
        self.hook: Any = None
        self.inserted: list[str] = []
        self.hooks_set: list[bool] = []

    def set_pre_input_hook(self, hook: Any = None) -> None:
        self.hook = hook
        self.hooks_set.append(hook is not None)

    def insert_text(self, text: str) -> None:
        self.inserted.append(text)

    def redisplay(self) -> None:
        pass


def test_the_terminal_reader_prefills_through_readline(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.text import Text

    from draftkit.interview.terminal import terminal_reader

    fake = FakeReadline()

    def fake_input(prompt: str) -> str:
        if fake.hook is not None:
            fake.hook()  # readline runs the hook before reading
            return fake.inserted[-1] + " thêm"
        return "gõ mới"

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal: answers are echoed
    monkeypatch.setattr("draftkit.interview.terminal._isatty", lambda stream: True)
    read = terminal_reader(console(), None, line_editor=fake, read_input=fake_input)

    assert read.can_prefill
    assert read(Text("Đoạn văn 1"), "Nội dung cũ") == "Nội dung cũ thêm"
    assert fake.inserted == ["Nội dung cũ"]
    assert fake.hook is None and fake.hooks_set == [True, False]  # removed after the line
    assert read(Text("Đoạn văn 2")) == "gõ mới"  # no old text: nothing put on the line
    assert fake.inserted == ["Nội dung cũ"]


def test_a_stream_or_windows_console_reader_does_not_prefill() -> None:
    from draftkit.interview.terminal import terminal_reader

    assert not terminal_reader(console(), io.StringIO("x\n")).can_prefill
    legacy = Console(file=io.StringIO(), legacy_windows=True)
    assert not terminal_reader(legacy, None, line_editor=FakeReadline()).can_prefill


# ------------------------------------------------------------------ commendation rounds

ROUND = [
    "",  # Thể thức [state]
    "UBND TỈNH THANH HÓA",  # Cơ quan chủ quản
    "ỦY BAN NHÂN DÂN XÃ NGỌC LẶC",  # Tên cơ quan ban hành
    "UBND",  # Chữ viết tắt
    "Ngọc Lặc",  # Địa danh
    "45",  # Số văn bản
    "14/12/2023",  # Ngày ký
    "",  # Thẩm quyền quyết định [suggested]
    "",  # Hình thức khen thưởng [Giấy khen]
    "đã có thành tích xuất sắc năm 2023",  # Thành tích
    "",  # Dòng đề nghị
    "",  # Đọc danh sách từ tệp Excel/CSV có sẵn? [k]
    "Lê Văn Bình", "", "nam", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "xã Ngọc Lặc",
    "s", "k",  # a slip at the name, refused
    "Phạm Thị Ánh", "", "", "Chủ tịch Hội Phụ nữ xã", "xã Ngọc Lặc",  # "Thị": Nữ suggested
    "",  # end of the list
    "",  # the table: Enter to continue
    "",  # Thứ tự [given]
    "KT. CHỦ TỊCH",  # Quyền hạn ký
    "PHÓ CHỦ TỊCH",  # Chức vụ
    "Trịnh Văn Dũng",  # Họ và tên
    "", "", "",  # Nơi nhận: the suggested two, end
]
PEOPLE = [
    {
        "name": "Lê Văn Bình",
        "kind": "individual",
        "gender": "male",
        "position": "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
        "unit": "xã Ngọc Lặc",
    },
    {
        "name": "Phạm Thị Ánh",
        "kind": "individual",
        "gender": "female",
        "position": "Chủ tịch Hội Phụ nữ xã",
        "unit": "xã Ngọc Lặc",
    },
]


@pytest.mark.parametrize("at", ["nam", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "k", "Chủ tịch Hội Phụ nữ xã"])
def test_ctrl_c_mid_awardee_resumes_at_the_unanswered_question(tmp_path: Path, at: str) -> None:
    from draftkit.interview import run_new_awards

    cut = ROUND.index(at)
    out = tmp_path / "van-ban"
    shown_console = console()
    with pytest.raises(KeyboardInterrupt):
        run_new_awards(shown_console, out, "kt", stream=Interrupting(typed(ROUND), cut), today=TODAY)
    draft = out / "kt.draft.yaml"
    assert f"draftkit new-awards --resume {draft} -o {out} --name kt" in printed(shown_console)

    result = CliRunner().invoke(
        app, ["new-awards", "--resume", str(draft)], input=typed([*ROUND[cut:], *SAVE, "k"]), env={"COLUMNS": "140"}
    )

    assert result.exit_code == 0, result.output
    assert "ở phần “Danh sách được khen thưởng”; hỏi tiếp từ câu đang dở." in result.output
    assert "Thể thức [" not in result.output  # nothing answered is asked again
    assert load_data_file(out / "kt.yaml").data["awardees"] == PEOPLE
    document = docx.Document(str(out / "kt-giay-khen.docx"))
    names = [p.text for p in document.paragraphs if p.text in ("Ông Lê Văn Bình", "Bà Phạm Thị Ánh")]
    assert names == ["Ông Lê Văn Bình", "Bà Phạm Thị Ánh"]


def test_a_hand_edited_draft_is_not_replayed_over(tmp_path: Path) -> None:
    """When the typed lines no longer rebuild the draft (it was edited by hand), the draft
    wins: the section is asked again the old way, its answers offered as defaults."""
    cut = PLAIN.index("triệu đồng")
    out = tmp_path / "van-ban"
    assert invoke(["new-report", "-o", str(out)], PLAIN[:cut]).exit_code == 1
    draft = out / "bao-cao-2023.draft.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("heading: Kinh tế", "heading: Kinh tế - Xã hội"), encoding="utf-8")

    # Enter keeps the entry (valid as it stands), Enter adds no field; then the rest.
    rest = ["", "", *PLAIN[PLAIN.index("s") - 1 :]]
    result = invoke(["new-report", "--resume", str(draft)], rest + SAVE)

    assert result.exit_code == 0, result.output
    assert "Không khôi phục được đúng chỗ đang dở của phần “Kết quả thực hiện" in result.output
    data = load_data_file(out / "bao-cao-2023.yaml").data
    assert data["results"][0]["heading"] == "Kinh tế - Xã hội"
    assert data["results"][0]["indicators"] == [{"label": "Thu nhập bình quân đầu người", "value": 50.24}]
    assert "1. Kinh tế - Xã hội" in docx_text(out / "bao-cao-2023.docx")
