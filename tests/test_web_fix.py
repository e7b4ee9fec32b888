"""What the merge of the web branches and the clerk's walkthrough left (issue 17): the
preview after the form, choices in Vietnamese only, the autosave's refusals in the
server's words, a list's box before its buttons, a hint said once, dated examples, file
boxes in Vietnamese. Read back from the pages as served."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from draftkit.choices import MEANINGS, NAMES, choice_name
from draftkit.interview.fields import example_text
from draftkit.web.security import MAX_BODY_BYTES, MAX_FIELDS, TOO_LARGE
from web_helpers import ORIGIN, Web, controls_of, make_web


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    out = tmp_path / "van-ban"
    out.mkdir()
    yield from make_web(out)


def form_page(web: Web) -> str:
    page = web.client.get("/form")
    assert page.status_code == 200, page.text
    return page.text


def texts(html: str, pattern: str) -> list[str]:
    return [unescape(t) for t in re.findall(pattern, html, flags=re.S)]


# --- 1. the preview after the form ---------------------------------------------------


@pytest.mark.parametrize("document", ["report", "awards"])
def test_the_preview_comes_after_the_form_so_tab_reaches_the_boxes_first(web: Web, document: str) -> None:
    web.start(document)
    page = form_page(web)
    form_end = page.index("</form>", page.index('id="doc"'))
    assert page.index('id="preview"') > form_end
    # The bar of buttons, in sight anywhere in the form, leads to it.
    assert '<a href="#preview" class="to-preview">Xem trước văn bản ↓</a>' in page[page.index('class="actions"') : form_end]
    # Nothing of the preview (its placeholder links, its picture buttons) before the first box.
    assert "a.missing" not in page[: page.index('id="doc"')] and 'class="missing' not in page[: page.index('id="doc"')]


# --- 2. choices in Vietnamese only ------------------------------------------------------

KEY = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in NAMES) + r")\b")


def _shown_choices_and_hints(page: str) -> list[str]:
    form = page[page.index('id="doc"') : page.index('id="preview"')]
    return texts(form, r"<option[^>]*>(.*?)</option>") + texts(form, r'<p class="hint">(.*?)</p>')


@pytest.mark.parametrize("document", ["report", "awards"])
def test_no_option_or_hint_shows_an_english_key(web: Web, document: str) -> None:
    web.start(document)
    if document == "awards":
        # The list edited in the page: each person's kind and gender are drop-downs.
        web.post("/form", {"_action": "edit-awardees"})
    page = form_page(web)
    shown = _shown_choices_and_hints(page)
    assert len([t for t in shown if t]) > 10
    if document == "awards":
        options = texts(page, r"<option[^>]*>(.*?)</option>")
        assert any(o.startswith(choice_name("female")) for o in options), options
    english = [t for t in shown if KEY.search(t)]
    assert english == []
    # Posted back, a choice is still the data file's key.
    assert re.search(r'<option value="state"[^>]*>hành chính', page)


def test_the_uploaded_lists_table_names_a_choice_as_the_drop_downs_do(web: Web, tmp_path: Path) -> None:
    web.start("awards")
    listed = tmp_path / "ds.csv"
    listed.write_text(
        "STT,Họ và tên,Loại,Giới tính\n1,Trường THCS Ngọc Trung,tập thể,\n2,Lê Thị Hoa,cá nhân,nữ\n", encoding="utf-8"
    )
    with listed.open("rb") as sent:
        page = web.client.post(
            "/upload",
            data={"_csrf": web.guard.csrf},
            files={"list": ("ds.csv", sent, "text/csv")},
            headers={"origin": ORIGIN},
            follow_redirects=True,
        ).text
    cells = texts(page.split('class="people"')[1].split("</table>")[0], r"<td>([^<]*)</td>")
    assert "Lê Thị Hoa" in cells
    assert choice_name("female") in cells and choice_name("individual") in cells
    assert MEANINGS["female"] not in cells and "female" not in cells


# --- 3. the autosave's refusals, in the server's words -------------------------------------


def test_too_many_boxes_at_save_is_answered_with_its_own_words_as_json(web: Web) -> None:
    web.start("report")
    body = "&".join(f"x{i}=1" for i in range(MAX_FIELDS + 1))
    answer = web.client.post(
        "/save", content=f"_csrf={web.guard.csrf}&{body}", headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 400
    said = answer.json()["error"]
    assert "quá nhiều ô cùng lúc" in said and "Too many" not in said
    # A page posting the same (no script) still gets a page.
    page = web.client.post(
        "/form", content=f"_csrf={web.guard.csrf}&{body}", headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"}
    )
    assert page.status_code == 400 and "<html" in page.text and "quá nhiều ô cùng lúc" in page.text


def test_a_save_too_large_is_answered_with_its_own_words_as_json(web: Web) -> None:
    web.start("report")
    big = "x" * (MAX_BODY_BYTES + 10)
    answer = web.client.post(
        "/save", content=f"_csrf={web.guard.csrf}&title={big}", headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("application/json")
    assert json.loads(answer.content) == {"error": TOO_LARGE}


def test_a_save_with_a_wrong_form_token_says_so_as_json(web: Web) -> None:
    web.start("report")
    answer = web.client.post("/save", data={"_csrf": "sai", "title": "x"}, headers={"origin": ORIGIN})
    assert answer.status_code == 403
    assert "CSRF" in answer.json()["error"] and "tải lại trang" in answer.json()["error"]


def test_the_script_shows_the_servers_words_for_a_refused_save() -> None:
    script = (Path(__file__).parents[1] / "src/draftkit/web/static/app.js").read_text(encoding="utf-8")
    # The refusal's JSON is read and its "error" shown in the status line.
    assert re.search(r"r\.json\(\)\.then\(function \(d\) \{ return Promise\.reject\(\{ said: d\.error \}\)", script)
    assert "(why && why.said) ||" in script


# --- 4. a list of single boxes: the box first, then its buttons -----------------------


def test_in_a_list_of_single_boxes_the_box_comes_before_its_buttons(web: Web) -> None:
    web.start("report")
    web.post("/form", {"_action": "save", "situation.0": "Dân số 12.000 người", "situation.1": "Diện tích 40 km²"})
    page = form_page(web)
    for index in (0, 1):
        item = page.split(f'data-path="situation.{index}" id="i-situation.{index}"')[1].split('<div class="item"')[0]
        box = item.index('name="situation.' + str(index) + '"')
        assert box < item.index("act-del"), index
    first = page.split('id="i-situation.0"')[1].split('<div class="item"')[0]
    assert re.search(r'<button[^>]*value="down:situation\.0"[^>]*aria-label="Chuyển [^"]+ 1 xuống"[^>]*>↓ Xuống</button>', first)
    second = page.split('id="i-situation.1"')[1]
    assert re.search(r'<button[^>]*value="up:situation\.1"[^>]*aria-label="Chuyển [^"]+ 2 lên"[^>]*>↑ Lên</button>', second)


# --- 5. a hint said once ----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["abc", "1,5,3", "mười"])
def test_a_bad_numbers_advice_does_not_repeat_the_hint_under_its_box(web: Web, typed: str) -> None:
    web.start("report")
    path = "results.0.indicators.0.value"
    web.post("/form", {"_action": "save", "results.0.indicators.0.label": "Thu nhập", path: typed})
    page = form_page(web)
    field = page.split(f'data-path="{path}"')[1].split("</div>")[0]
    hint = unescape(re.findall(r'<p class="hint">(.*?)</p>', field)[0])
    errors = re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', field)
    assert errors, field  # the box says what is wrong...
    advice = [unescape(a) for a in re.findall(r"<span class=hint-fix>Gợi ý: (.*?)</span>", errors[0])]
    # ...and no "Gợi ý" says again what the hint under it already says.
    assert all(a not in hint for a in advice), (advice, hint)


# --- 6. examples as of the document's date ------------------------------------------------


@pytest.mark.parametrize(
    ("style", "signed", "expected", "not_expected"),
    [
        ("state", "28/11/2026", "ỦY BAN NHÂN DÂN XÃ NGỌC LẶC", "HUYỆN"),
        ("party", "28/11/2026", "ĐẢNG ỦY XÃ NGỌC LẶC", "HUYỆN"),
        ("state", "15/03/2025", "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", "XÃ NGỌC LẶC"),
    ],
)
def test_the_issuers_example_follows_the_style_and_the_date_as_the_interview_does(
    web: Web, style: str, signed: str, expected: str, not_expected: str
) -> None:
    web.start("report")
    web.post("/form", {"_action": "save", "style": style, "date": signed})
    hints = controls_of(form_page(web)).hints
    day, month, year = (int(p) for p in signed.split("/"))
    said = example_text("Issuer", "name", style, date(year, month, day))
    assert said is not None and expected in said
    assert f"Ví dụ: {said}." in hints["issuer.name"]
    assert not_expected not in hints["issuer.name"]
    # The number as it will print, in the style's own form.
    number = example_text("ReportData", "number", style, date(year, month, day), "report")
    assert f"Ví dụ: {number}." in hints["number"]


# --- 7. file boxes in Vietnamese ---------------------------------------------------------


def test_file_boxes_say_choose_a_file_in_vietnamese_and_the_list_is_sent_when_chosen(web: Web) -> None:
    home = web.client.get("/").text
    for name in ("report", "awards"):
        picker = home.split(f'id="from-{name}"')[1].split("</span></span>")[0]
        assert f'<label for="from-{name}" class="pick">Chọn tệp…</label>' in picker
        assert "Chưa chọn tệp nào" in picker
        assert "data-upload-at-once" not in home.split(f'id="from-{name}"')[0][-200:]
    web.start("awards")
    page = form_page(web)
    box = re.search(r'<input type="file" id="list"[^>]*>', page)
    assert box is not None and "data-upload-at-once" in box.group(0) and 'form="upload"' in box.group(0)
    assert '<label for="list" class="pick">Chọn tệp…</label>' in page
    # Without script, the button still sends it.
    assert '<button type="submit" form="upload">Tải lên</button>' in page
