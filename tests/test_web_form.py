"""The web form is generated from the same specs as the interview, and reads back as the
interview reads answers (draftkit web, issue 17)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from pydantic import BaseModel
from rich.console import Console

from conftest import NGOC_LAC_REPORT, needs_libreoffice
from draftkit.check import check_document
from draftkit.datafile import load_data_file
from draftkit.interview import AWARDS, REPORT, DocumentKind
from draftkit.interview.engine import Interview
from draftkit.interview.fields import field_spec, model_order, revive
from draftkit.web.form import (
    apply_action,
    controls,
    form_path,
    hint_text,
    read_form,
    render_section,
)
from web_helpers import TODAY, Web, controls_of, make_web

KINDS = {"report": REPORT, "awards": AWARDS}


def spec_paths(model: type[BaseModel], names: tuple[str, ...] | list[str], prefix: str = "", depth: int = 0) -> set[str]:
    """Every field of a model, nested ones included, with list indices written as "*"
    (a model within itself, sections of sections, to the depth one_of_each fills)."""
    found: set[str] = set()
    for name in names:
        spec = field_spec(model, name)
        path = f"{prefix}{name}"
        if spec.kind == "model_list" and depth >= 2:
            found.add(path)
        elif spec.kind in ("model", "model_list") and spec.model is not None:
            inner = f"{path}.*." if spec.kind == "model_list" else f"{path}."
            if spec.kind == "model_list":
                found.add(path)
            found |= spec_paths(spec.model, list(model_order(spec.model)), inner, depth + (spec.kind == "model_list"))
        elif spec.kind == "list":
            found |= {path, f"{path}.*"}
        else:
            found.add(path)
    return found


def one_of_each(model: type[BaseModel], depth: int = 0) -> dict[str, Any]:
    """Answers with one item in every list (one level of nested sections), so that every
    control a list can hold is on the page."""
    data: dict[str, Any] = {}
    for name in model_order(model):
        spec = field_spec(model, name)
        if spec.kind == "model" and spec.model is not None:
            data[name] = one_of_each(spec.model, depth)
        elif spec.kind == "model_list" and spec.model is not None:
            data[name] = [one_of_each(spec.model, depth + 1)] if depth < 2 else []
        elif spec.kind == "list":
            data[name] = ["x"]
    return data


def page_controls(kind: DocumentKind, answers: dict[str, Any]) -> Any:
    html = "".join(render_section(kind.model, name, answers, {}, TODAY) for name in kind.sections)
    return controls_of(html)


@pytest.mark.parametrize("document", ["report", "awards"])
def test_every_field_of_both_documents_has_a_control(document: str) -> None:
    kind = KINDS[document]
    page = page_controls(kind, one_of_each(kind.model))
    shown = {re.sub(r"\.\d+(?=\.|$)", ".*", name) for name in page.values}
    lists = {c.path for c in controls(kind.model, kind.sections, one_of_each(kind.model), TODAY) if c.kind in ("list", "model_list")}
    wanted = spec_paths(kind.model, kind.sections)
    # A list is its block (add/remove/reorder buttons); every other field is a box.
    missing = {p for p in wanted - shown if re.sub(r"\.\d+(?=\.|$)", ".*", p) not in {re.sub(r"\.\d+(?=\.|$)", ".*", x) for x in lists}}
    assert missing == set(), missing
    assert all(name in page.values for name in ["issuer.name", "results.0.indicators.0.value", "results.0.sections.0.heading", "plan.tasks.0"]) if document == "report" else True


@pytest.mark.parametrize("document", ["report", "awards"])
def test_labels_are_the_interviews(document: str) -> None:
    kind = KINDS[document]
    answers = one_of_each(kind.model)
    page = page_controls(kind, answers)
    checked = 0
    for control in controls(kind.model, kind.sections, answers, TODAY):
        if control.kind in ("list", "model_list"):
            continue
        parts = control.path.split(".")
        owner: type[BaseModel] = kind.model
        for part in parts[:-1]:
            if not part.isdigit():
                spec = field_spec(owner, part)
                assert spec.model is not None or spec.kind == "list"
                if spec.model is not None:
                    owner = spec.model
        name = parts[-1]
        if name.isdigit():  # an item of a list of texts: "Nơi nhận 1"
            spec = field_spec(owner, parts[-2])
            assert page.label_of(control.path) == f"{spec.item_label} {int(name) + 1}"
        else:
            assert page.label_of(control.path) == field_spec(owner, name).label
        checked += 1
    assert checked > 20


def interview_hint(model: type[BaseModel], name: str) -> str:
    """What the interview prints under a question (its last dim line)."""
    out = io.StringIO()
    interview = Interview(Console(file=out, width=10_000, color_system=None), lambda prompt: "")
    interview._hint(field_spec(model, name))
    lines = [line.strip() for line in out.getvalue().splitlines() if line.strip()]
    choices = [line for line in lines if re.match(r"\d+\. ", line)]
    return " ".join(line for line in lines if line not in choices)


TERMINAL_ONLY = (
    "Không bắt buộc: Enter để bỏ qua.",
    "Mỗi lần một mục; Enter (để trống) để kết thúc danh sách.",
    "Gõ /e để soạn trong trình soạn thảo.",
)


def nested_fields(model: type[BaseModel]) -> Iterator[tuple[type[BaseModel], str]]:
    for name in model_order(model):
        yield model, name
        spec = field_spec(model, name)
        if spec.model is not None and spec.model is not model:
            yield from nested_fields(spec.model)


@pytest.mark.parametrize("document", ["report", "awards"])
def test_hints_are_the_interviews_less_what_only_a_terminal_needs(document: str) -> None:
    kind = KINDS[document]
    seen: set[tuple[type[BaseModel], str]] = set()
    for owner, name in nested_fields(kind.model):
        if (owner, name) in seen:
            continue
        seen.add((owner, name))
        spec = field_spec(owner, name)
        expected = interview_hint(owner, name)
        for sentence in TERMINAL_ONLY:
            expected = expected.replace(sentence, "")
        web = hint_text(spec).replace("Không bắt buộc: để trống nếu không có.", "")
        assert " ".join(web.split()) == " ".join(expected.split()), (owner.__name__, name)


def test_the_interviews_defaults_fill_the_boxes() -> None:
    page = page_controls(REPORT, {"results": [{"indicators": [{}]}]})
    assert page.values["date"] == "28/11/2026"  # the interview offers today
    assert page.values["style"] == "state"
    assert page.values["results.0.indicators.0.better"] == "higher"
    assert page.values["appendix"] == ""  # no choice made for the clerk
    awards = page_controls(AWARDS, {})
    assert awards.values["award"] == "Giấy khen"
    assert awards.values["order"] == "given"
    assert awards.values["certificate.mode"] == "full"


# --- reading answers back -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "typed", "stored", "message"),
    [
        ("date", "12/12/2023", date(2023, 12, 12), None),
        ("date", "ngày 12 tháng 12 năm 2023", date(2023, 12, 12), None),
        ("date", "31/02/2023", "31/02/2023", "“31/02/2023” không phải là một ngày có thật: tháng 2 năm 2023 chỉ có 28 ngày."),
        ("date", "12/12/23", "12/12/23", "“12/12/23”: năm phải viết đủ 4 chữ số (ví dụ 2023)."),
        ("number", "285", 285, None),
        ("number", "0", "0", None),
        ("year", "2023", 2023, None),
        ("year", "1800", "1800", "“Năm được tổng kết” phải lớn hơn hoặc bằng 1945, không phải “1800”."),
        ("title", "  Báo cáo “năm” 2023  ", "Báo cáo “năm” 2023", None),
        ("style", "party", "party", None),
        ("style", "đảng", "đảng", "Chọn một trong: state, party; không phải “đảng”."),
    ],
)
def test_typed_values_are_read_as_the_interview_reads_them(name: str, typed: str, stored: Any, message: str | None) -> None:
    answers, problems = read_form(REPORT.model, REPORT.sections, {name: typed})
    if name == "number" and typed == "0":
        assert problems and problems[0].field == "number"
        return
    assert answers[name] == stored
    if message is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].field == name
        assert message in problems[0].message


@pytest.mark.parametrize(
    ("typed", "value", "unit", "message"),
    [
        ("50,24", 50.24, None, None),
        ("1.520,4", 1520.4, None, None),
        ("95,2%", 95.2, "%", None),
        ("50,2x", "50,2x", None, "“50,2x” không phải là một số."),
        ("1,500", "1,500", None, "1,500"),
    ],
)
def test_figures_are_read_the_vietnamese_way(typed: str, value: Any, unit: str | None, message: str | None) -> None:
    form = {"results.0.heading": "A", "results.0.indicators.0.label": "B", "results.0.indicators.0.value": typed}
    answers, problems = read_form(REPORT.model, REPORT.sections, form)
    indicator = answers["results"][0]["indicators"][0]
    assert indicator["value"] == value
    assert indicator.get("unit") == unit
    if message is None:
        assert problems == []
    else:
        assert [p.field for p in problems] == ["results.0.indicators.0.value"]
        assert message in problems[0].message


def test_a_percent_figure_against_another_unit_is_refused() -> None:
    form = {"results.0.indicators.0.unit": "hộ", "results.0.indicators.0.value": "5%"}
    _, problems = read_form(REPORT.model, REPORT.sections, form)
    assert problems[0].message == "“5%” có dấu %, nhưng đơn vị tính đã nhập là “hộ”."


def test_a_whole_report_goes_round_the_form_unchanged() -> None:
    data = load_data_file(NGOC_LAC_REPORT).data
    answers = revive(REPORT.model, {k: v for k, v in data.items() if k not in ("version", "document")})
    page = page_controls(REPORT, answers)
    read, problems = read_form(REPORT.model, REPORT.sections, page.values)
    assert problems == []
    # The same document: a choice left at its default is stored, as the interview stores it.
    assert REPORT.model.model_validate(REPORT.final_data(read)) == REPORT.model.model_validate(REPORT.final_data(answers))


@pytest.mark.parametrize(
    ("action", "path", "expected"),
    [
        ("add:recipients", "recipients", ["a", "b", "c", ""]),
        ("del:recipients.1", "recipients", ["a", "c"]),
        ("up:recipients.2", "recipients", ["a", "c", "b"]),
        ("down:recipients.0", "recipients", ["b", "a", "c"]),
        ("up:recipients.0", "recipients", ["a", "b", "c"]),  # already first: nothing moves
        ("down:recipients.2", "recipients", ["a", "b", "c"]),
        ("del:recipients.9", "recipients", ["a", "b", "c"]),
        ("add:nothing", "recipients", ["a", "b", "c"]),
        ("add:issuer", "recipients", ["a", "b", "c"]),  # not a list
    ],
)
def test_list_items_are_added_removed_and_reordered(action: str, path: str, expected: list[str]) -> None:
    answers: dict[str, Any] = {"recipients": ["a", "b", "c"]}
    apply_action(REPORT.model, answers, action)
    assert answers[path] == expected


def test_nested_lists_get_items_too() -> None:
    answers: dict[str, Any] = {"results": [{"heading": "A"}]}
    assert apply_action(REPORT.model, answers, "add:results.0.indicators") == "i-results.0.indicators.0"
    assert apply_action(REPORT.model, answers, "add:results.0.sections") == "i-results.0.sections.0"
    assert answers["results"][0] == {"heading": "A", "indicators": [{}], "sections": [{}]}
    apply_action(REPORT.model, answers, "add:results")
    apply_action(REPORT.model, answers, "down:results.0")
    assert answers["results"][1]["heading"] == "A"


@pytest.mark.parametrize(
    ("field", "path"),
    [("results[0].indicators[1].value", "results.0.indicators.1.value"), ("date", "date"), (None, ""), ("recipients[2]", "recipients.2")],
)
def test_problem_fields_name_form_controls(field: str | None, path: str) -> None:
    assert form_path(field) == path


# --- the full path through the server -------------------------------------------------------


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    yield from make_web(tmp_path / "van-ban")


def fill(web: Web, values: dict[str, str], action: str = "save") -> Any:
    return web.post("/form", {**values, "_action": action})


REPORT_FORM = {
    "style": "state",
    "issuer.parent": "UBND HUYỆN NGỌC LẶC",
    "issuer.name": "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
    "issuer.code": "UBND",
    "issuer.place": "Ngọc Trung",
    "number": "15",
    "date": "15/12/2026",
    "title": "Tổng kết công tác năm 2026, phương hướng, nhiệm vụ năm 2027",
    "results.0.heading": "Phát triển kinh tế",
    "results.0.paragraphs.0": "Kinh tế của xã tiếp tục tăng trưởng khá.",
    "results.0.indicators.0.label": "Thu nhập bình quân đầu người",
    "results.0.indicators.0.value": "52,5",
    "results.0.indicators.0.unit": "triệu đồng",
    "results.0.indicators.0.previous": "48,3",
    "results.0.indicators.0.better": "higher",
    "results.0.indicators.1.label": "Tỷ lệ hộ nghèo",
    "results.0.indicators.1.value": "2,1%",
    "results.0.indicators.1.better": "lower",
    "signer.authority": "TM. ỦY BAN NHÂN DÂN",
    "signer.title": "CHỦ TỊCH",
    "signer.name": "Lê Thị Hoa",
    "recipients.0": "UBND huyện Ngọc Lặc (để b/c)",
    "recipients.1": "Lưu: VT, VP",
}


def test_a_report_made_through_the_page_passes_check(web: Web) -> None:
    web.start("report")
    fill(web, REPORT_FORM)
    draft = web.state.out_dir / "bao-cao-2026.draft.yaml"
    assert draft.is_file()  # saved as typed, under the interview's own name
    done = fill(web, REPORT_FORM, "render")
    assert done.url.path == "/done", done.text
    assert not draft.exists()  # the interview deletes its draft once the documents exist
    page = done.text
    assert "bao-cao-2026.docx" in page and "bao-cao-2026.yaml" in page
    got = web.client.get("/download/bao-cao-2026.docx")
    assert got.status_code == 200
    path = web.state.out_dir / "downloaded.docx"
    path.write_bytes(got.content)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Kinh tế của xã tiếp tục tăng trưởng khá." in text
    assert "52,5 triệu đồng" in text
    assert "Ngọc Trung, ngày 15 tháng 12 năm 2026" in "\n".join(
        c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells
    ) + text
    assert check_document(path).ok
    data = web.client.get("/download/bao-cao-2026.yaml").text
    assert "title: Tổng kết công tác năm 2026, phương hướng, nhiệm vụ năm 2027" in data


def test_errors_are_the_render_messages_beside_their_fields(web: Web) -> None:
    web.start("report")
    bad = {**REPORT_FORM, "date": "31/02/2026", "issuer.name": "", "results.0.indicators.0.previous": "0"}
    fill(web, bad, "render")
    page = web.form()
    assert page.errors["date"] == ["“31/02/2026” không phải là một ngày có thật: tháng 2 năm 2026 chỉ có 28 ngày."]
    assert page.errors["issuer.name"] == ["Thiếu “Tên cơ quan ban hành”."]
    assert any("0" in m for m in page.errors["results.0.indicators.0"])
    # What was typed stays in the boxes, the bad date included; nothing was written.
    assert page.values["date"] == "31/02/2026"
    assert page.values["results.0.indicators.0.label"] == "Thu nhập bình quân đầu người"
    assert not list(web.state.out_dir.glob("*.docx"))


def test_an_output_in_the_way_is_named_and_the_draft_kept(web: Web) -> None:
    web.state.out_dir.mkdir(parents=True)
    (web.state.out_dir / "bao-cao-2026.docx").write_bytes(b"old")
    web.start("report")
    fill(web, REPORT_FORM, "render")
    banner = web.client.get("/form").text.split('role="alert"><p>')[1].split("</div>")[0]
    assert "Tệp đã có: " in banner and "bao-cao-2026.docx. Không ghi đè." in banner
    assert "Đánh dấu “Ghi đè tệp đã có” rồi bấm lại “Tạo văn bản”" in banner and "--force" not in banner
    assert (web.state.out_dir / "bao-cao-2026.docx").read_bytes() == b"old"
    assert (web.state.out_dir / "bao-cao-2026.draft.yaml").is_file()
    done = web.post("/form", {**REPORT_FORM, "_action": "render", "_force": "1"})
    assert done.url.path == "/done"


def test_closing_the_page_loses_nothing_and_the_next_start_continues(tmp_path: Path) -> None:
    out = tmp_path / "van-ban"
    first = make_web(out)
    web = next(first)
    web.start("report")
    web.post("/save", {k: v for k, v in REPORT_FORM.items() if not k.startswith("signer")})
    first.close()
    again = make_web(out)
    web = next(again)
    home = web.client.get("/").text
    assert "Tiếp tục bản nháp bao-cao-2026.draft.yaml" in home
    web.start("report", resume=True)
    page = web.form()
    assert page.values["title"] == REPORT_FORM["title"]
    assert page.values["results.0.indicators.1.value"] == "2,1"
    assert page.values["results.0.indicators.1.unit"] == "%"
    assert page.values["signer.name"] == ""
    again.close()


def test_list_buttons_change_the_page(web: Web) -> None:
    web.start("report")
    fill(web, REPORT_FORM, "add:results.0.indicators")
    page = web.form()
    assert "results.0.indicators.2.label" in page.values
    fill(web, page.values, "up:results.0.indicators.1")
    page = web.form()
    assert page.values["results.0.indicators.0.label"] == "Tỷ lệ hộ nghèo"
    fill(web, page.values, "del:results.0.indicators.0")
    page = web.form()
    assert page.values["results.0.indicators.0.label"] == "Thu nhập bình quân đầu người"
    assert "results.0.indicators.2.label" not in page.values


def test_the_office_profile_fills_the_header(tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "profile.yaml").write_text(
        "issuer:\n  name: ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG\n  code: UBND\n  place: Ngọc Trung\n", encoding="utf-8"
    )
    gen = make_web(tmp_path / "out", config)
    web = next(gen)
    web.start("report")
    page = web.form()
    assert page.values["issuer.name"] == "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG"
    gen.close()


def test_decimal_display_is_vietnamese() -> None:
    page = page_controls(REPORT, {"results": [{"indicators": [{"value": Decimal("1520.4")}]}]})
    assert page.values["results.0.indicators.0.value"] == "1.520,4"


AWARDS_FORM = {
    "style": "state",
    "issuer.parent": "UBND TỈNH THANH HÓA",
    "issuer.name": "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
    "issuer.code": "UBND",
    "issuer.place": "Ngọc Trung",
    "date": "15/12/2026",
    "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
    "award": "Giấy khen",
    "reason": "đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026",
    "order": "given",
    "signer.authority": "CHỦ TỊCH",
    "signer.title": "CHỦ TỊCH",
    "signer.name": "Lê Thị Hoa",
    "recipients.0": "Như Điều 3",
    "recipients.1": "Lưu: VT, VP",
    "certificate.mode": "full",
}


def office_list(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [
        ["STT", "Họ và tên", "Tập thể/cá nhân", "Chức vụ", "Đơn vị"],
        [1, "Trường THCS Ngọc Trung", "Tập thể", None, None],
        [2, "Lê Văn Bình", "Cá nhân", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "xã Ngọc Trung"],
        [3, "Phạm Thị Ánh", "Cá nhân", None, None],
        [None, "Tổng cộng: 02 tập thể, 02 cá nhân"],
    ]:
        sheet.append(row)
    book.save(path)
    return path


def test_a_round_from_an_office_list_shows_the_table_and_its_warnings(web: Web, tmp_path: Path) -> None:
    web.start("awards")
    listed = office_list(tmp_path / "ds.xlsx")
    page = web.client.post(
        "/upload",
        data={"_csrf": web.guard.csrf},
        files={"list": ("Danh sách khen 2026.xlsx", listed.read_bytes(), "application/octet-stream")},
        headers={"origin": web.client.base_url.scheme + "://" + web.client.base_url.netloc.decode()},
    ).text
    block = page.split('id="awardees"')[1]
    assert "“Tổng cộng: 02 tập thể, 02 cá nhân” là dòng tổng cộng, không phải người được khen" in block
    assert "ghi 2 tập thể, 2 cá nhân nhưng draftkit đọc được 1 tập thể, 2 cá nhân" in block
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td>", block)
    assert rows == [("2", "Trường THCS Ngọc Trung", "tập thể"), ("3", "Lê Văn Bình", "cá nhân"), ("4", "Phạm Thị Ánh", "cá nhân")]
    # Kept beside the data file, as the CLI reads lists from there.
    assert (web.state.out_dir / "Danh sách khen 2026.xlsx").read_bytes() == listed.read_bytes()
    done = fill(web, {**web.form().values, **AWARDS_FORM}, "render")
    assert done.url.path == "/done", done.text
    names = re.findall(r'href="/download/([^"]+)"', done.text)
    assert names == [
        "khen-thuong-2026-quyet-dinh.docx",
        "khen-thuong-2026-danh-sach.docx",
        "khen-thuong-2026-giay-khen.docx",
        "khen-thuong-2026.yaml",
    ]
    for name in names[:3]:
        path = web.state.out_dir / f"got-{name}"
        path.write_bytes(web.client.get(f"/download/{name}").content)
        assert check_document(path).ok, name
    listing = "\n".join(c.text for t in docx.Document(str(web.state.out_dir / "got-khen-thuong-2026-danh-sach.docx")).tables for r in t.rows for c in r.cells)
    assert "Lê Văn Bình" in listing and "Tổng cộng" not in listing
    assert "awardees: Danh sách khen 2026.xlsx" in (web.state.out_dir / "khen-thuong-2026.yaml").read_text(encoding="utf-8")


def test_the_preview_seam_shows_the_documents_text_after_a_clean_check(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    import draftkit.web.preview as seam

    seen: list[Any] = []

    def lines(model: Any, base_dir: Any = None) -> list[str]:
        seen.append(model)
        return ["I. KẾT QUẢ THỰC HIỆN", "<b>1. Phát triển kinh tế</b>"]

    monkeypatch.setattr(seam, "preview_lines", lines)
    web.start("report")
    fill(web, {**REPORT_FORM, "issuer.name": ""}, "check")
    assert "Xem trước" not in web.client.get("/form").text  # not while anything is wrong
    fill(web, REPORT_FORM, "check")
    page = web.client.get("/form").text
    assert "<h2>Xem trước</h2><p>I. KẾT QUẢ THỰC HIỆN</p><p>&lt;b&gt;1. Phát triển kinh tế&lt;/b&gt;</p>" in page
    assert seen[-1].title == REPORT_FORM["title"]  # the validated model, as render has it


def test_after_the_first_documents_the_office_profile_is_offered_and_then_fills_the_header(web: Web) -> None:
    web.start("report")
    done = fill(web, REPORT_FORM, "render").text
    assert "Lưu thể thức, cơ quan ban hành, người ký, nơi nhận vừa nhập làm hồ sơ cơ quan" in done
    saved = web.post("/profile", {}).text
    profile = web.state.config_dir / "profile.yaml" if web.state.config_dir else None
    assert profile is not None and f"Đã lưu hồ sơ cơ quan: {profile}." in saved
    assert "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG" in profile.read_text(encoding="utf-8")
    assert "hồ sơ cơ quan" not in web.client.get("/done").text  # offered once only
    web.start("awards")
    page = web.form()
    assert page.values["issuer.name"] == "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG"
    assert page.values["signer.name"] == "Lê Thị Hoa"


def test_the_list_read_from_a_file_can_be_fixed_cell_by_cell(web: Web, tmp_path: Path) -> None:
    web.start("awards")
    listed = office_list(tmp_path / "ds.xlsx")
    web.client.post(
        "/upload",
        data={"_csrf": web.guard.csrf},
        files={"list": ("ds.xlsx", listed.read_bytes(), "application/octet-stream")},
        headers={"origin": "http://127.0.0.1:51234"},
    )
    fill(web, {**web.form().values, **AWARDS_FORM}, "edit-awardees")
    page = web.form()
    assert page.values["awardees.0.name"] == "Trường THCS Ngọc Trung"
    assert page.values["awardees.0.kind"] == "collective"
    assert page.values["awardees.2.name"] == "Phạm Thị Ánh"
    assert page.label_of("awardees.1.position") == "Chức vụ"
    # Fix a cell, add a person, move them up: the generated list's own buttons.
    fill(web, {**page.values, "awardees.2.gender": "female"}, "add:awardees")
    page = web.form()
    fill(web, {**page.values, "awardees.3.name": "Đỗ Văn Ân", "awardees.3.gender": "male"}, "up:awardees.3")
    page = web.form()
    assert [page.values[f"awardees.{i}.name"] for i in range(4)] == [
        "Trường THCS Ngọc Trung", "Lê Văn Bình", "Đỗ Văn Ân", "Phạm Thị Ánh"
    ]
    # A cell emptied is the render's message beside it.
    fill(web, {**page.values, "awardees.1.name": ""}, "render")
    assert web.form().errors["awardees.1.name"] == ["Thiếu “Họ và tên / tên tập thể”."]
    done = fill(web, {**web.form().values, "awardees.1.name": "Lê Văn Bình"}, "render")
    assert done.url.path == "/done", done.text
    data = (web.state.out_dir / "khen-thuong-2026.yaml").read_text(encoding="utf-8")
    assert "name: Đỗ Văn Ân" in data and "gender: female" in data
    listing = web.state.out_dir / "khen-thuong-2026-danh-sach.docx"
    text = "\n".join(c.text for t in docx.Document(str(listing)).tables for r in t.rows for c in r.cells)
    assert text.index("Đỗ Văn Ân") < text.index("Phạm Thị Ánh")
    assert check_document(listing).ok


def test_last_years_data_file_starts_this_years_report(web: Web) -> None:
    content = NGOC_LAC_REPORT.read_bytes()
    page = web.client.post(
        "/start-from",
        data={"_csrf": web.guard.csrf, "document": "report"},
        files={"data": ("bao-cao-2023.yaml", content, "application/x-yaml")},
        headers={"origin": "http://127.0.0.1:51234"},
    )
    # The interview's question, asked on a page of its own; "Có" is its Enter.
    assert page.url.path == "/start-from/carry"
    assert "Tệp bao-cao-2023.yaml là văn bản năm 2023. Chuyển sang năm 2024" in page.text
    page = web.post("/start-from/carry", {"carry": "1"})
    assert page.url.path == "/form"
    controls = controls_of(page.text)
    assert controls.values["issuer.name"] == "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC"
    # Carried forward as `--data` offers it (Enter: yes): last year's figure is the base.
    assert controls.values["date"] == "12/12/2024"
    assert controls.values["results.0.indicators.0.previous"] == "50,24"
    assert controls.values["results.0.indicators.0.value"] == ""
    # The interview's notes (and its warnings), shown on the page.
    assert "Chỉ hỏi những phần còn thiếu hoặc chưa hợp lệ: “Số văn bản”, “Ngày ký”" in page.text
    assert "Lưu ý: đoạn mở đầu năm trước" in page.text
    # Nothing of the uploaded file is kept anywhere: only the draft is written.
    assert sorted(p.name for p in web.state.out_dir.iterdir()) == ["bao-cao-2024.draft.yaml"]


def test_a_broken_data_file_is_named_with_its_line(web: Web) -> None:
    page = web.client.post(
        "/start-from",
        data={"_csrf": web.guard.csrf, "document": "report"},
        files={"data": ("cu.yaml", b"document: report\ntitle: [a\n", "application/x-yaml")},
        headers={"origin": "http://127.0.0.1:51234"},
    )
    assert page.status_code == 400
    assert "trong tệp cu.yaml, chưa tạo văn bản nào." in page.text and "draftkit-web-" not in page.text
    assert "dòng" in page.text
    assert "Traceback" not in page.text


@needs_libreoffice
def test_a_pdf_of_the_report_can_be_made_and_downloaded(web: Web) -> None:
    web.start("report")
    done = fill(web, REPORT_FORM, "render").text
    assert "Tạo thêm bản PDF (LibreOffice)" in done
    page = web.post("/pdf", {})
    assert page.url.path == "/done"
    assert 'href="/download/bao-cao-2026.pdf"' in page.text
    got = web.client.get("/download/bao-cao-2026.pdf")
    assert got.content.startswith(b"%PDF")
    assert "Tạo thêm bản PDF" not in page.text


def test_the_preview_is_the_documents_numbered_text(web: Web) -> None:
    web.start("report")
    fill(web, REPORT_FORM, "check")
    page = web.client.get("/form").text
    block = page.split('id="preview"')[1].split("</section>")[0]
    lines = dict(re.findall(r"<p>\s*(\d+)\. ([^<]*)</p>", block))
    assert lines["8"] == "Tổng kết công tác năm 2026, phương hướng, nhiệm vụ năm 2027"
    assert lines["10"] == "I. KẾT QUẢ THỰC HIỆN"
    # The worded indicator, as the document prints it (the rise computed and worded).
    assert lines["13"] == "- Thu nhập bình quân đầu người đạt 52,5 triệu đồng, tăng 8,7% so với cùng kỳ."
