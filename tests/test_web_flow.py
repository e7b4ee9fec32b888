"""The page's flow joins the interview's: drafts continue both ways, last year's file is
asked about as the terminal asks, messages name no internal field, the office list is
shown as the CLI reads it, and a province-sized list can be fixed in the page (issue 17)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from draftkit.cli import app
from draftkit.datafile import load_data_file
from test_interview_flow import PLAIN, typed
from test_web_form import REPORT_FORM, fill
from web_helpers import ORIGIN, Web, controls_of, make_web


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "van-ban"


def open_web(out: Path) -> Iterator[Web]:
    return make_web(out, out.parent / "cfg")


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# ------------------------------------------------------------------ 1. drafts, both ways


def stopped_in_the_terminal(out: Path, name: str | None = None) -> Path:
    """A report begun with ``new-report`` and stopped (end of input) in the middle of the
    first indicator: its draft has ``in_progress`` with the lines typed in that section."""
    cut = PLAIN.index("triệu đồng")
    args = ["new-report", "-o", str(out)] + (["--name", name] if name else [])
    first = CliRunner().invoke(app, args, input=typed(PLAIN[:cut]))
    assert first.exit_code == 1, first.output
    drafts = list(out.glob("*.draft.yaml"))
    assert len(drafts) == 1
    assert load_data_file(drafts[0]).data["in_progress"]["typed"][-2:] == ["Thu nhập bình quân đầu người", "50,24"]
    return drafts[0]


def test_a_draft_stopped_in_the_terminal_continues_in_the_page_under_its_name(out: Path) -> None:
    draft = stopped_in_the_terminal(out, name="bc-xa")
    for web in open_web(out):
        home = web.client.get("/").text
        # Listed with its name and when it was saved, though not under the default name.
        assert re.search(r"<strong>bc-xa</strong> \(Báo cáo tổng kết, lưu lúc \d\d:\d\d \d\d/\d\d/\d{4}\)", home), home
        assert 'name="draft" value="bc-xa.draft.yaml"' in home
        web.post("/start", {"document": "report", "resume": "1", "draft": "bc-xa.draft.yaml"})
        page = web.form()
        # Everything typed in the section the terminal was in the middle of is there.
        assert page.values["results.0.heading"] == "Kinh tế"
        assert page.values["results.0.paragraphs.0"] == "Đoạn văn gõ thẳng."
        assert page.values["results.0.indicators.0.label"] == "Thu nhập bình quân đầu người"
        assert page.values["results.0.indicators.0.value"] == "50,24"
        assert page.values["number"] == "45" and page.values["title"] == "Tổng kết năm 2023"
        text = web.client.get("/form").text
        assert "Đã khôi phục 6 câu trả lời đã gõ ở phần “Kết quả thực hiện (mỗi lĩnh vực một mục)”" in text
        # The page saves under the name chosen in the terminal, not the default one.
        web.post("/save", {**page.values, "results.0.indicators.0.unit": "triệu đồng"})
        assert sorted(p.name for p in out.iterdir()) == ["bc-xa.draft.yaml"]
        saved = load_data_file(draft).data
        assert saved["results"][0]["indicators"][0]["unit"] == "triệu đồng"
        assert "in_progress" not in saved  # every answer is in the page's boxes now


def test_a_draft_renamed_in_the_clash_question_keeps_its_name_in_the_page(out: Path) -> None:
    out.mkdir()
    (out / "bao-cao-2023.docx").write_bytes(b"old")
    cut = PLAIN.index("Tuyên truyền cho Nhân dân.")
    first = CliRunner().invoke(app, ["new-report", "-o", str(out)], input=typed([*PLAIN[:7], "1", "bao-cao-2023-lan-2", *PLAIN[7:cut]]))
    assert first.exit_code == 1, first.output
    assert (out / "bao-cao-2023-lan-2.draft.yaml").is_file(), first.output
    for web in open_web(out):
        web.start("report", resume=True)  # the kind's newest draft, whatever its name
        fill(web, {**web.form().values, "plan.tasks.0": "Tuyên truyền cho Nhân dân."})
        assert sorted(p.name for p in out.glob("*.draft.yaml")) == ["bao-cao-2023-lan-2.draft.yaml"]


def test_the_pages_draft_is_resumed_by_new_report_resume(out: Path) -> None:
    for web in open_web(out):
        web.start("report")
        web.post("/save", REPORT_FORM)
    draft = out / "bao-cao-2026.draft.yaml"
    assert draft.is_file()
    # Complete: the terminal goes straight to the review; "c" writes.
    result = CliRunner().invoke(app, ["new-report", "--resume", str(draft)], input=typed(["c"]))
    assert result.exit_code == 0, result.output
    assert f"Tiếp tục bản nháp {draft}" in result.output
    text = document_text(out / "bao-cao-2026.docx")
    assert REPORT_FORM["title"] in text and "52,5 triệu đồng" in text
    assert not draft.exists()


def test_a_named_draft_goes_page_then_terminal_and_keeps_its_name(out: Path) -> None:
    stopped_in_the_terminal(out, name="bc-xa")
    for web in open_web(out):
        web.post("/start", {"document": "report", "resume": "1", "draft": "bc-xa.draft.yaml"})
        fill(web, {**REPORT_FORM, "title": "Tổng kết năm 2023"})
    result = CliRunner().invoke(app, ["new-report", "--resume", str(out / "bc-xa.draft.yaml")], input=typed(["c"]))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["bc-xa.docx", "bc-xa.yaml"]
    assert "Tổng kết năm 2023" in document_text(out / "bc-xa.docx")


@pytest.mark.parametrize("given", ["../bc-xa.draft.yaml", "bc-xa.yaml", "khong-co.draft.yaml", "khen.draft.yaml"])
def test_only_a_draft_of_the_folder_and_of_its_kind_is_opened(out: Path, given: str) -> None:
    out.mkdir()
    (out.parent / "bc-xa.draft.yaml").write_text("document: report\n", encoding="utf-8")
    (out / "bc-xa.yaml").write_text("document: report\n", encoding="utf-8")
    (out / "khen.draft.yaml").write_text("document: awards\n", encoding="utf-8")
    for web in open_web(out):
        answer = web.post("/start", {"document": "report", "resume": "1", "draft": given})
        assert answer.status_code == 400, answer.text
        assert web.state.kind is None
        assert "Traceback" not in answer.text


# ------------------------------------------------------------------ 2. last year's file


def start_from(web: Web, filename: str, content: bytes, document: str = "report") -> Any:
    return web.client.post(
        "/start-from",
        data={"_csrf": web.guard.csrf, "document": document},
        files={"data": (filename, content, "application/x-yaml")},
        headers={"origin": ORIGIN},
    )


@pytest.mark.parametrize(
    ("answer", "date", "value", "previous"), [("1", "12/12/2024", "", "50,24"), ("0", "12/12/2023", "50,24", "")]
)
def test_last_years_file_is_asked_about_as_the_terminal_asks(out: Path, answer: str, date: str, value: str, previous: str) -> None:
    from conftest import NGOC_LAC_REPORT

    for web in open_web(out):
        asked = start_from(web, "bao-cao-2023.yaml", NGOC_LAC_REPORT.read_bytes())
        assert asked.url.path == "/start-from/carry"
        question = re.search(r'<p class="question">([^<]*)</p>', asked.text)
        assert question is not None
        assert question.group(1) == (
            "Tệp bao-cao-2023.yaml là văn bản năm 2023. Chuyển sang năm 2024 "
            "(ngày, năm, số liệu năm trước; chỉ hỏi phần cần nhập mới)?"
        )
        assert web.state.kind is None and not list(out.glob("*"))  # nothing started yet
        page = web.post("/start-from/carry", {"carry": answer})
        assert page.url.path == "/form"
        values = controls_of(page.text).values
        assert values["date"] == date
        assert values["results.0.indicators.0.value"] == value
        assert values["results.0.indicators.0.previous"] == previous


def test_a_file_of_this_year_is_not_asked_about(out: Path) -> None:
    for web in open_web(out):
        page = start_from(web, "bc.yaml", "document: report\ntitle: Báo cáo năm 2026\nyear: 2026\ndate: 2026-12-01\n".encode())
        assert page.url.path == "/form"
        assert "Chỉ hỏi những phần còn thiếu hoặc chưa hợp lệ" in page.text


def test_the_interview_says_its_notes_through_its_sink() -> None:
    import io

    from rich.console import Console

    from draftkit.interview.engine import Interview

    printed = io.StringIO()
    said: list[str] = []
    interview = Interview(Console(file=printed), lambda prompt: "", notes=said.append)
    interview.note("Một ghi chú.")
    interview.warn("đoạn mở đầu năm trước.")
    interview.error("Sai.", "Sửa lại.")
    assert said == ["Một ghi chú.", "Lưu ý: đoạn mở đầu năm trước.", "Sai. Gợi ý: Sửa lại."]
    assert printed.getvalue() == ""
    # Without a sink, printed as before.
    terminal = Interview(Console(file=printed, width=100, color_system=None), lambda prompt: "")
    terminal.warn("đoạn mở đầu năm trước.")
    assert printed.getvalue() == "  ! Lưu ý: đoạn mở đầu năm trước.\n"


# ------------------------------------------------------------------ 3. no internal names

INTERNAL = re.compile(r"“(document|awardees|results|[a-z_]+(\[\d+\]|\.)[\w.\[\]]*)”|\b(ReportData|AwardsData|Awardee)\b")


@pytest.mark.parametrize(
    ("document", "field", "words"),
    [
        ("report", "results[0].indicators[1].value", "Lĩnh vực 1 › Chỉ tiêu 2 › Kết quả năm nay"),
        ("report", "recipients[1]", "Nơi nhận 2"),
        ("report", "issuer.name", "Cơ quan ban hành › Tên cơ quan ban hành"),
        ("report", "document", "Loại văn bản"),
        ("awards", "awardees[2].gender", "Người/tập thể được khen 3 › Giới tính (để ghi Ông/Bà)"),
        ("report", "tieu_de", ""),  # a key the format does not have: never shown as spelled
        ("report", None, ""),
    ],
)
def test_a_field_is_worded_with_the_forms_labels(document: str, field: str | None, words: str) -> None:
    from draftkit.models import AwardsData, ReportData
    from draftkit.web.form import field_words

    got = field_words(ReportData if document == "report" else AwardsData, field)
    assert got == words


def test_a_data_file_of_the_other_kind_is_refused_in_the_clerks_words(out: Path) -> None:
    for web in open_web(out):
        page = start_from(web, "khen.yaml", b"version: 1\ndocument: awards\nreason: x\n", document="report")
        assert page.status_code == 400
        assert "Tệp này là tệp dữ liệu của đợt khen thưởng, không phải của báo cáo tổng kết. (dòng 2)" in re.sub(r"<[^>]+>", "", page.text)
        assert "Mở tệp này ở ô “Khen thưởng” của trang đầu." in page.text
        assert not INTERNAL.search(page.text), INTERNAL.search(page.text)


def test_the_error_summary_names_fields_by_their_labels(out: Path) -> None:
    for web in open_web(out):
        web.start("report")
        fill(web, {**REPORT_FORM, "results.0.indicators.1.value": "hai", "recipients.1": ""}, "render")
        page = web.client.get("/form").text
        summary = page.split('class="errors summary"')[1].split("</ul>")[0]
        assert '<a href="#f-results-0-indicators-1-value">(Lĩnh vực 1 › Chỉ tiêu 2 › Kết quả năm nay)</a>' in summary
        assert not INTERNAL.search(page), INTERNAL.search(page)


def test_an_unknown_document_kind_is_said_without_internal_names(out: Path) -> None:
    for web in open_web(out):
        page = web.start("thu-tu")
        assert page.status_code == 400
        assert "Không có loại văn bản “thu-tu”: chọn Báo cáo tổng kết hoặc Khen thưởng ở trang đầu." in page.text
        assert "mục" not in page.text.split("<main")[1]


# ------------------------------------------------------------------ 4-5. the list as read


def upload(web: Web, path: Path, name: str | None = None) -> Any:
    return web.client.post(
        "/upload",
        data={"_csrf": web.guard.csrf},
        files={"list": (name or path.name, path.read_bytes(), "application/octet-stream")},
        headers={"origin": ORIGIN},
    )


def office_csv(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


ROUND_ROWS = [
    ["STT", "Họ và tên", "Tập thể/cá nhân", "Giới tính", "Số sổ vàng", "Ghi chú", "Điện thoại"],
    ["1", "Trường THCS Ngọc Trung", "Tập thể", "", "", "", ""],
    ["2", "Lê Văn Bình", "Cá nhân", "Nam", "12", "male", "0912"],
    ["3", "Phạm Thị Ánh", "Cá nhân", "Nữ", "", "", ""],
    ["", "Tổng cộng: 01 tập thể, 02 cá nhân", "", "", "", "", ""],
]


def table_of(page: str) -> tuple[list[str], list[list[str]]]:
    block = page.split('class="people"')[1].split("</table>")[0]
    head = re.findall(r"<th>([^<]*)</th>", block)
    rows = [re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr>(<td>.*?)</tr>", block)]
    return head, rows


def test_the_table_has_the_models_columns_and_the_interviews_words(out: Path, tmp_path: Path) -> None:
    from draftkit.choices import choice_name
    from draftkit.interview.fields import field_spec
    from draftkit.models import Awardee

    for web in open_web(out):
        web.start("awards")
        page = upload(web, office_csv(tmp_path / "ds.csv", ROUND_ROWS)).text
        head, rows = table_of(page)
        # Every column the file fills, in the model's order, under the interview's label.
        names = ["name", "kind", "gender", "gold_book", "note"]
        assert head == ["Dòng", *(field_spec(Awardee, n).label for n in names)]
        assert rows[1] == ["3", "Lê Văn Bình", choice_name("individual"), choice_name("male"), "12", "male"]
        assert rows[0][:3] == ["2", "Trường THCS Ngọc Trung", "tập thể"]
        # A typed note of "male" is the clerk's text, not a code: shown as typed.
        assert rows[1][-1] == "male"
        block = page.split('id="awardees"')[1]
        assert "Tổng cộng: 01 tập thể, 02 cá nhân." in block
        warned = re.findall(r"<li>(dòng \d+: [^<]*)</li>", block)
        assert any(w.startswith("dòng 5: “Tổng cộng: 01 tập thể, 02 cá nhân” là dòng tổng cộng") for w in warned), warned
        assert any("Điện thoại" in w for w in block.split("Lưu ý khi đọc danh sách")[1].split("</ul>")[0].split("<li>")), block


def test_a_row_that_cannot_be_read_is_named_by_its_row_and_column_label(out: Path, tmp_path: Path) -> None:
    for web in open_web(out):
        web.start("awards")
        rows = [r[:4] for r in ROUND_ROWS[:3]] + [["3", "Phạm Thị Ánh", "Cá nhân", "Không rõ"]]
        page = upload(web, office_csv(tmp_path / "ds.csv", rows)).text
        block = page.split('id="awardees"')[1]
        assert "(dòng 4" in block
        assert not INTERNAL.search(block), INTERNAL.search(block)


def test_the_list_is_read_once_off_the_event_loop_under_the_lock(out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import threading

    import draftkit.awardees as awardees

    real = awardees.read_list
    calls: list[tuple[bool, bool]] = []
    for web in open_web(out):

        def counting(path: Path, lock: Any = web.state.lock) -> Any:
            try:
                asyncio.get_running_loop()
                on_loop = True
            except RuntimeError:
                on_loop = False
            free: list[bool] = []
            def try_lock() -> None:
                free.append(lock.acquire(blocking=False))
                if free[-1]:
                    lock.release()  # never leave the lock held by a finished thread

            probe = threading.Thread(target=try_lock)
            probe.start()
            probe.join()
            calls.append((on_loop, free[0]))
            return real(path)

        monkeypatch.setattr(awardees, "read_list", counting)
        web.start("awards")
        listed = office_csv(tmp_path / "ds.csv", ROUND_ROWS)
        upload(web, listed)
        for _ in range(3):
            assert "Lê Văn Bình" in web.client.get("/form").text
        assert calls == [(False, False)]  # once, in a worker thread, with the lock held
        # The file changed (as the clerk saves it in Excel): read again.
        kept = out / "ds.csv"
        kept.write_text(kept.read_text(encoding="utf-8").replace("Lê Văn Bình", "Lê Văn Bính"), encoding="utf-8")
        assert "Lê Văn Bính" in web.client.get("/form").text
        assert len(calls) == 2


# ------------------------------------------------------------------ 6. a province's list


def test_a_3000_row_list_is_fixed_a_page_at_a_time_and_the_document_shows_it(out: Path, tmp_path: Path) -> None:
    from draftkit.web.app import MAX_FIELDS
    from draftkit.web.session import LIST_PAGE
    from test_web_form import AWARDS_FORM

    rows = [["STT", "Họ và tên", "Tập thể/cá nhân", "Giới tính", "Đơn vị"]]
    rows += [[str(n), f"Nguyễn Văn Số {n}", "Cá nhân", "Nam", "Thôn Một"] for n in range(1, 3001)]
    for web in open_web(out):
        web.start("awards")
        upload(web, office_csv(tmp_path / "tinh.csv", rows))
        assert "Đọc được 3000 dòng. Tổng cộng: 3.000 cá nhân." in web.client.get("/form").text
        fill(web, {**web.form().values, **AWARDS_FORM}, "edit-awardees")
        page = web.form()
        # One page of the list in the form: a post stays far under the field limit.
        assert len(page.values) < MAX_FIELDS // 10
        assert page.values["awardees.0.name"] == "Nguyễn Văn Số 1"
        assert f"awardees.{LIST_PAGE}.name" not in page.values
        # To the page of row 2,500 (the 2,500th person: index 2,499), fix its name.
        fill(web, page.values, f"page:{2499 // LIST_PAGE + 1}")
        page = web.form()
        assert page.values["awardees.2499.name"] == "Nguyễn Văn Số 2500"
        assert "awardees.0.name" not in page.values
        fill(web, {**page.values, "awardees.2499.name": "Trần Thị Sửa Ô"}, "save")
        assert web.state.answers["awardees"][2499]["name"] == "Trần Thị Sửa Ô"
        assert web.state.answers["awardees"][0]["name"] == "Nguyễn Văn Số 1"  # other pages kept
        assert len(web.state.answers["awardees"]) == 3000
        done = fill(web, {**web.form().values}, "render")
        assert done.url.path == "/done", done.text[:2000]
        listing = docx.Document(str(out / "khen-thuong-2026-danh-sach.docx"))
        names = [r.cells[1].text for t in listing.tables for r in t.rows]
        assert names.index("Ông Trần Thị Sửa Ô") == names.index("Ông Nguyễn Văn Số 2499") + 1
        assert "Ông Nguyễn Văn Số 2500" not in names and "Ông Nguyễn Văn Số 3000" in names


def test_an_item_added_to_a_long_list_is_shown_on_its_page(out: Path, tmp_path: Path) -> None:
    from draftkit.web.session import LIST_PAGE

    rows = [["STT", "Họ và tên"]] + [[str(n), f"Người {n}"] for n in range(1, LIST_PAGE + 6)]
    for web in open_web(out):
        web.start("awards")
        upload(web, office_csv(tmp_path / "ds.csv", rows))
        fill(web, web.form().values, "edit-awardees")
        fill(web, web.form().values, "add:awardees")
        page = web.form()
        assert f"awardees.{LIST_PAGE + 5}.name" in page.values and "awardees.0.name" not in page.values
        # Moved up past the page's top: the page it went to is shown.
        fill(web, page.values, f"up:awardees.{LIST_PAGE}")
        assert f"awardees.{LIST_PAGE - 1}.name" in web.form().values
        assert web.state.answers["awardees"][LIST_PAGE - 1]["name"] == f"Người {LIST_PAGE + 1}"


# ------------------------------------------------------------------ 7. last year's list


def test_last_years_list_file_is_not_carried_and_the_page_says_so(out: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "ngoc-lac-2023-khen-thuong.yaml"
    text = example.read_text(encoding="utf-8")
    # Last year's round read its list from a spreadsheet beside the data file.
    head, _, _ = text.partition("awardees:")
    content = (head + "awardees: danh-sach-2023.xlsx\n").encode("utf-8")
    for web in open_web(out):
        asked = start_from(web, "khen-thuong-2023.yaml", content, document="awards")
        page = web.post("/start-from/carry", {"carry": "1"}) if asked.url.path == "/start-from/carry" else asked
        assert page.url.path == "/form", page.text[:3000]
        assert (
            "Tệp năm trước lấy danh sách khen thưởng từ tệp “danh-sach-2023.xlsx”; tệp đó không được tải lên cùng, "
            "nên danh sách chưa có: tải lên danh sách năm nay ở mục “Danh sách được khen thưởng” (hoặc nhập ngay trên trang)."
        ) in page.text
        assert "awardees" not in web.state.answers
        assert "danh-sach-2023" not in load_data_file(next(out.glob("*.draft.yaml"))).data.get("awardees", "")


def test_a_problem_on_another_page_of_the_list_links_to_that_page(out: Path, tmp_path: Path) -> None:
    from draftkit.web.session import LIST_PAGE
    from test_web_form import AWARDS_FORM

    rows = [["STT", "Họ và tên", "Giới tính"]] + [[str(n), f"Người {n}", "Nữ"] for n in range(1, LIST_PAGE + 6)]
    for web in open_web(out):
        web.start("awards")
        upload(web, office_csv(tmp_path / "ds.csv", rows))
        fill(web, {**web.form().values, **AWARDS_FORM}, "edit-awardees")
        fill(web, web.form().values, "page:2")
        fill(web, {**web.form().values, f"awardees.{LIST_PAGE + 2}.name": ""}, "page:1")
        fill(web, web.form().values, "render")
        page = web.client.get("/form").text
        summary = page.split('class="errors summary"')[1].split("</ul>")[0]
        link = f'<a href="/form?trang=2#f-awardees-{LIST_PAGE + 2}-name">(Người/tập thể được khen {LIST_PAGE + 3} › Họ và tên / tên tập thể)</a>'
        assert link in summary, summary
        assert web.client.get("/form?trang=2").text.count(f'id="f-awardees-{LIST_PAGE + 2}-name"') == 1
