"""The page's live preview (web/preview.py): the document as it will read while it is
being typed, each missing or wrong value a red placeholder linking to its field; the
POST /preview route behind the guard; pictures of first pages (GET /preview/page-1.png)."""

from __future__ import annotations

import copy
import json
import re
import shutil
import struct
import unicodedata
import zlib
from collections.abc import Iterator
from html import unescape
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit.errors import ConversionError
from draftkit.models import AwardsData, ReportData
from draftkit.web.preview import LIST_ROWS, NOT_VALID, PageImages, partial_preview, preview_html
from test_web_form import AWARDS_FORM, REPORT_FORM, office_list
from web_helpers import ORIGIN, TODAY, Web, make_web


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    yield from make_web(tmp_path / "van-ban")


def save(web: Web, values: dict[str, str]) -> Any:
    """What app.js sends after a pause in typing: the whole form, to /save."""
    answer = web.post("/save", values)
    assert answer.status_code == 200, answer.text
    return answer


def preview(web: Web) -> str:
    answer = web.post("/preview", {})
    assert answer.status_code == 200, answer.text
    return str(answer.text)


def text_of(html: str) -> str:
    """The preview's text as the clerk reads it (tags dropped, entities read)."""
    block = html.split('id="preview-text">', 1)[1]
    return unescape(re.sub(r"<[^>]+>", " ", block))


def link(path: str, label: str, anchor: str | None = None) -> str:
    return f'<a class="missing" href="#{anchor or "f-" + path.replace(".", "-")}">[chưa điền: {label}]</a>'


AWARDEES = {"awardees": [{"name": "Trường THCS Ngọc Trung", "kind": "collective"}, {"name": "Lê Văn Bình", "gender": "male"}]}


def without(values: dict[str, str], *keys: str) -> dict[str, str]:
    return {k: v for k, v in values.items() if k not in keys}


# --- placeholders, one class of missing answer at a time -------------------------------

REPORT_MISSING = [
    (("issuer.name",), "issuer.name", "Tên cơ quan ban hành"),
    (("issuer.code",), "issuer.code", "Chữ viết tắt tên cơ quan (trong ký hiệu văn bản)"),
    (("issuer.place",), "issuer.place", "Địa danh ghi ở dòng ngày tháng"),
    (("date",), "date", "Ngày ký"),
    (("title",), "title", "Trích yếu (tên báo cáo)"),
    (("results.0.heading",), "results.0.heading", "Tên lĩnh vực"),
    (("results.0.indicators.0.label",), "results.0.indicators.0.label", "Tên chỉ tiêu"),
    (("results.0.indicators.0.value",), "results.0.indicators.0.value", "Kết quả năm nay"),
    (("signer.title",), "signer.title", "Chức vụ người ký"),
    (("signer.name",), "signer.name", "Họ và tên người ký"),
    (("recipients.0", "recipients.1"), "recipients", "Nơi nhận"),
]


@pytest.mark.parametrize(("left_out", "path", "label"), REPORT_MISSING, ids=[case[1] for case in REPORT_MISSING])
def test_a_report_missing_one_answer_is_previewed_with_a_placeholder_linking_to_its_box(
    web: Web, left_out: tuple[str, ...], path: str, label: str
) -> None:
    web.start("report")
    values = {**without(REPORT_FORM, *left_out), **{k: "" for k in left_out if not k.startswith("recipients")}}
    save(web, values)
    shown = preview(web)
    assert link(path, label) in shown
    assert "Còn 1 mục chưa điền" in shown
    # The rest of the document is there, as it will read.
    assert "I. KẾT QUẢ THỰC HIỆN" in text_of(shown)
    # The link leads to a box (or list) of the form.
    assert f'id="f-{path.replace(".", "-")}"' in web.client.get("/form").text


AWARDS_MISSING = [
    ("issuer.name", "Tên cơ quan ban hành"),
    ("issuer.place", "Địa danh ghi ở dòng ngày tháng"),
    ("date", "Ngày ký"),
    ("authority", "Thẩm quyền quyết định (dòng trên “Căn cứ”)"),
    ("reason", "Thành tích (viết tiếp sau tên người được khen)"),
    ("signer.title", "Chức vụ người ký"),
    ("signer.name", "Họ và tên người ký"),
    ("awardees.1.name", "Họ và tên / tên tập thể"),
]


def awards_data(web: Web) -> dict[str, Any]:
    web.start("awards")
    save(web, AWARDS_FORM)
    assert web.state.kind is not None
    return {**web.state.kind.final_data(web.state.answers), **copy.deepcopy(AWARDEES)}


def drop(data: dict[str, Any], path: str) -> None:
    node: Any = data
    *head, last = path.split(".")
    for part in head:
        node = node[int(part)] if part.isdigit() else node[part]
    del node[last]


@pytest.mark.parametrize(("path", "label"), AWARDS_MISSING, ids=[case[0] for case in AWARDS_MISSING])
def test_a_round_missing_one_answer_is_previewed_with_a_placeholder(web: Web, path: str, label: str) -> None:
    data = awards_data(web)
    drop(data, path)
    given = copy.deepcopy(data)
    got = partial_preview(AwardsData, data, base_dir=web.state.out_dir, today=TODAY)
    assert data == given  # the markers go into a copy
    html = preview_html(got)
    assert link(path, label) in html, html
    assert "Còn 1 mục chưa điền:" in html  # what follows from it is not counted
    assert got.error is None and not got.unplaced
    text = text_of(html)
    for document in ("Quyết định", "Danh sách kèm theo", "Giấy khen"):
        assert document in text


def test_a_round_without_its_list_is_previewed_with_the_list_as_a_placeholder(web: Web) -> None:
    web.start("awards")
    save(web, AWARDS_FORM)
    shown = preview(web)
    # The list is uploaded or typed in its own block, which the link leads to.
    assert link("awardees", "Danh sách được khen thưởng", anchor="awardees") in shown
    assert 'id="awardees"' in web.client.get("/form").text


def test_an_empty_form_is_previewed_with_every_required_answer_marked(web: Web) -> None:
    web.start("report")
    shown = preview(web)
    assert "Còn 10 mục chưa điền" in shown
    form = web.client.get("/form").text
    targets = re.findall(r'class="missing" href="#([^"]+)"', shown)
    # The field's heading and content lead to the list of fields (no field is there yet);
    # the issuer's name is printed twice (header, opening sentence), marked twice.
    assert len(set(targets)) == 9 and targets.count("f-results") == 2 and targets.count("f-issuer-name") == 2
    for target in targets:
        assert f'id="{target}"' in form, target  # every placeholder leads to its box


def test_a_section_with_only_its_heading_gets_a_placeholder_for_its_content(web: Web) -> None:
    web.start("report")
    save(web, without(REPORT_FORM, *(k for k in REPORT_FORM if k.startswith("results.0.") and k != "results.0.heading")))
    assert link("results.0.paragraphs", "Các đoạn văn") in preview(web)


# --- values that fail validation ---------------------------------------------------------


WRONG = [
    ("date", "31/02/2026", "Ngày ký"),
    ("results.0.indicators.0.value", "năm mươi", "Kết quả năm nay"),
    ("issuer.code", "ubnd xã", "Chữ viết tắt tên cơ quan (trong ký hiệu văn bản)"),
]


@pytest.mark.parametrize(("path", "typed", "label"), WRONG, ids=[case[0] for case in WRONG])
def test_a_value_that_fails_validation_is_a_placeholder_with_the_message_shown_beside_its_box(
    web: Web, path: str, typed: str, label: str
) -> None:
    web.start("report")
    web.post("/form", {**REPORT_FORM, path: typed, "_action": "check"})
    shown = preview(web)
    beside = web.form().errors[path]  # the message the page shows beside the box
    assert len(beside) == 1
    found = re.search(rf'<a class="missing invalid" href="#f-{re.escape(path.replace(".", "-"))}">([^<]*)</a>', shown)
    assert found is not None, shown
    assert unescape(found.group(1)) == f"[chưa đúng: {label} — {beside[0]}]"
    assert "Còn 1 mục chưa đúng" in shown
    # A wrong value is never worded as if it were right: it is only quoted by its message.
    assert typed not in text_of(shown).replace(unescape(found.group(1)), "")


def test_a_wrong_optional_figure_is_listed_above_the_text_not_guessed(web: Web) -> None:
    web.start("report")
    save(web, {**REPORT_FORM, "results.0.indicators.0.previous": "bốn mươi"})
    shown = preview(web)
    unplaced = shown.split('class="preview-unplaced"', 1)[1].split("</div>", 1)[0]
    assert 'href="#f-results-0-indicators-0-previous"' in unplaced
    # Without the figure of last year, no rise is worded.
    assert "so với cùng kỳ" not in text_of(shown).split("Thu nhập bình quân đầu người")[1].split(".")[0]


def test_a_missing_sum_of_money_is_listed_not_replaced_by_a_default_figure(web: Web) -> None:
    data = awards_data(web)
    data["money"] = {"individual": 500000}
    got = partial_preview(AwardsData, data, base_dir=web.state.out_dir, today=TODAY)
    assert [p.path for p in got.unplaced] == ["money.collective"]


# --- the clerk's text exactly as typed; placeholders only in the preview ------------------

TYPED = ["A & B <b>“x”</b> \"q\" 'a'", "{{ issuer.name }} {% if %}", "Khen 🎉 tập thể 👍🏽", "[chưa điền: Trích yếu]", "QZX1XZQ ＆"]


@pytest.mark.parametrize("title", TYPED)
def test_the_clerks_text_is_shown_exactly_as_typed_escaped_once(web: Web, title: str) -> None:
    web.start("report")
    save(web, {**REPORT_FORM, "title": title, "issuer.name": ""})
    shown = preview(web)
    assert title in text_of(shown)
    assert "&amp;amp;" not in shown and "<b>" not in shown.split('id="preview-text">')[1]
    # Only the issuer's name is a placeholder: the typed brackets are text.
    assert shown.count('class="missing"') == shown.count('href="#f-issuer-name"') == 2


def test_placeholders_never_reach_the_answers_the_draft_or_a_document(web: Web) -> None:
    web.start("report")
    save(web, without(REPORT_FORM, "title", "signer.name"))
    before = copy.deepcopy(web.state.answers)
    assert "chưa điền" in preview(web)
    assert web.state.answers == before
    draft = next(web.state.out_dir.glob("*.draft.yaml")).read_text(encoding="utf-8")
    assert "chưa điền" not in draft and "\ufdd0" not in draft and "QZX" not in draft
    written = web.post("/form", {**REPORT_FORM, "_action": "render"})
    assert written.url.path == "/done"
    for path in web.state.out_dir.iterdir():
        if path.suffix == ".docx":
            text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
            assert "chưa điền" not in text and "\ufdd0" not in text


# --- what the page does not show is not worded -----------------------------------------


def test_a_thousand_awardee_round_shows_the_first_rows_and_counts_the_rest(web: Web) -> None:
    data = awards_data(web)
    data["awardees"] = [{"name": f"Người {i}"} for i in range(1, 1001)]
    got = partial_preview(AwardsData, data, base_dir=web.state.out_dir, today=TODAY)
    text = "\n".join(line.text for line in got.lines)
    assert f"{LIST_ROWS}. Người {LIST_ROWS}" in text and f"{LIST_ROWS + 1}. Người" not in text
    assert f"… và {1000 - LIST_ROWS} cá nhân nữa" in text
    assert "Giấy khen (1.000 giấy, cùng mẫu; giấy thứ nhất)" in text
    assert "I. CÁ NHÂN: 1.000 cá nhân" in text  # the count is of the whole list


def test_a_complete_report_has_no_placeholder_and_says_so(web: Web) -> None:
    web.start("report")
    save(web, REPORT_FORM)
    shown = preview(web)
    assert "Đã đủ các mục bắt buộc." in shown and 'class="missing' not in shown
    got = partial_preview(ReportData, web.state.kind.final_data(web.state.answers), base_dir=None, today=TODAY)  # type: ignore[union-attr]
    assert got.complete


# --- the routes behind the guard --------------------------------------------------------


def test_preview_needs_the_csrf_token_the_cookie_and_the_pages_revision(web: Web, tmp_path: Path) -> None:
    web.start("report")
    assert web.client.post("/preview", data={"_rev": web.state.revision}, headers={"origin": ORIGIN}).status_code == 403
    stale = web.post("/preview", {"_rev": "old"})
    assert stale.status_code == 409 and "Trang này đã cũ" in stale.json()["stale"]
    foreign = {"_csrf": web.guard.csrf, "_rev": web.state.revision}
    assert web.client.post("/preview", data=foreign, headers={"origin": "http://evil.example"}).status_code == 403
    for other in make_web(tmp_path / "other", logged_in=False):
        other.start  # noqa: B018 - the other session's client has no cookie
        refused = other.client.post("/preview", data={"_csrf": other.guard.csrf}, headers={"origin": ORIGIN})
        assert refused.status_code == 403 and "cần mã truy cập" in refused.text


def test_preview_route_is_not_reachable_by_get(web: Web) -> None:
    web.start("report")
    assert web.client.get("/preview").status_code == 405


def test_preview_before_a_document_is_chosen_says_so(web: Web) -> None:
    shown = web.client.post("/preview", data={"_csrf": web.guard.csrf, "_rev": web.state.revision}, headers={"origin": ORIGIN})
    assert shown.status_code == 200 and "Chưa chọn loại văn bản" in shown.text


# --- pictures of first pages --------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"fake"


class FakeConverter:
    def __init__(self, fail: Exception | None = None) -> None:
        self.seen: list[tuple[bytes, Path]] = []
        self.fail = fail

    def __call__(self, data: bytes, folder: Path) -> bytes:
        assert folder.is_dir()
        (folder / "trang.pdf").write_bytes(b"%PDF")  # what a conversion leaves there
        self.seen.append((data, folder))
        if self.fail is not None:
            raise self.fail
        return PNG


@pytest.fixture
def fake() -> FakeConverter:
    return FakeConverter()


@pytest.fixture
def imaged(tmp_path: Path, fake: FakeConverter) -> Iterator[Web]:
    import warnings

    from draftkit.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    for web in make_web(tmp_path / "van-ban"):
        web.client = TestClient(create_app(web.guard, web.state, PageImages(convert=fake)), base_url=ORIGIN, raise_server_exceptions=False)
        web.client.cookies.set(web.guard.cookie, web.guard.token)
        yield web


def ask_image(web: Web, which: str) -> Any:
    return web.post("/preview/image", {"doc": which, "_fmt": "json"})


def docx_text(data: bytes) -> str:
    document = docx.Document(BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_report_picture_is_made_from_the_answers_now_and_kept_by_their_content(imaged: Web, fake: FakeConverter) -> None:
    imaged.start("report")
    save(imaged, REPORT_FORM)
    answer = ask_image(imaged, "report")
    assert answer.status_code == 200, answer.text
    src = answer.json()["src"]
    png = imaged.client.get(src)
    assert png.status_code == 200 and png.headers["content-type"] == "image/png" and png.content == PNG
    data, folder = fake.seen[0]
    assert REPORT_FORM["title"] in docx_text(data)  # the document as it is now
    assert not folder.exists()  # the temporary folder is gone
    assert sorted(p.name for p in imaged.state.out_dir.iterdir()) == ["bao-cao-2026.draft.yaml"]  # nothing in the output folder
    assert ask_image(imaged, "report").json()["src"] == src and len(fake.seen) == 1  # unchanged: not converted again
    save(imaged, {**REPORT_FORM, "title": "Báo cáo khác"})
    assert ask_image(imaged, "report").json()["src"] != src and len(fake.seen) == 2
    assert "Báo cáo khác" in docx_text(fake.seen[1][0])


def test_a_round_has_a_picture_of_each_document(imaged: Web, fake: FakeConverter, tmp_path: Path) -> None:
    imaged.start("awards")
    save(imaged, AWARDS_FORM)
    listed = office_list(tmp_path / "ds.xlsx")
    imaged.client.post(
        "/upload",
        data={"_csrf": imaged.guard.csrf},
        files={"list": ("ds.xlsx", listed.read_bytes(), "application/octet-stream")},
        headers={"origin": ORIGIN},
    )
    form = imaged.client.get("/form").text
    for which, words in (("decision", "QUYẾT ĐỊNH"), ("list", "DANH SÁCH"), ("certificate", "GIẤY KHEN")):
        assert f'name="doc" value="{which}"' in form  # a button per document
        assert ask_image(imaged, which).status_code == 200
        assert words in docx_text(fake.seen[-1][0])
    certificate = docx_text(fake.seen[-1][0])
    assert "Trường THCS Ngọc Trung" in certificate and "Lê Văn Bình" not in certificate  # the first one only


def test_no_picture_while_answers_are_missing_and_the_reason_is_said(imaged: Web, fake: FakeConverter) -> None:
    imaged.start("report")
    save(imaged, without(REPORT_FORM, "title"))
    answer = ask_image(imaged, "report")
    assert answer.status_code == 422 and answer.json() == {"error": NOT_VALID}
    assert fake.seen == []
    assert ask_image(imaged, "decision").status_code == 422  # not a document of a report


def test_a_failed_conversion_is_said_in_vietnamese_and_leaves_nothing_behind(tmp_path: Path) -> None:
    failing = FakeConverter(ConversionError("LibreOffice chưa chuyển xong sau 120 giây nên đã dừng.", hint="Thử lại."))
    images = PageImages(convert=failing)
    with pytest.raises(ConversionError):
        images.make("k", lambda: b"docx")
    assert not failing.seen[0][1].exists() and images.get("k") is None


def test_the_picture_route_answers_a_failure_in_vietnamese(imaged: Web, fake: FakeConverter) -> None:
    fake.fail = ConversionError("LibreOffice chưa chuyển xong sau 120 giây nên đã dừng.", hint="Thử lại.")
    imaged.start("report")
    save(imaged, REPORT_FORM)
    answer = ask_image(imaged, "report")
    assert answer.status_code == 503
    assert answer.json() == {"error": "LibreOffice chưa chuyển xong sau 120 giây nên đã dừng. Gợi ý: Thử lại."}
    page = imaged.post("/preview/image", {"doc": "report"})  # without script: a page
    assert "LibreOffice chưa chuyển xong" in page.text and "Traceback" not in page.text


def test_missing_libreoffice_is_said_where_the_buttons_would_be(web: Web, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DRAFTKIT_SOFFICE", str(tmp_path / "khong-co" / "soffice"))
    web.start("report")
    save(web, REPORT_FORM)
    assert "Cài LibreOffice để xem ảnh trang đầu" in preview(web)
    answer = ask_image(web, "report")
    assert answer.status_code == 503 and "LibreOffice" in answer.json()["error"] and "tạo ảnh trang" in answer.json()["error"]


def test_only_one_conversion_runs_at_a_time(tmp_path: Path) -> None:
    import threading

    running = []
    overlap = []
    release = threading.Event()

    def slow(data: bytes, folder: Path) -> bytes:
        running.append(data)
        if len(running) > 1 and not release.is_set():
            overlap.append(True)
        release.wait(5)
        running.remove(data)
        return PNG

    images = PageImages(convert=slow)
    threads = [threading.Thread(target=images.make, args=(key, lambda k=key: k.encode())) for key in ("a", "b", "a")]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(10)
    assert not overlap and images.conversions == 2  # "a" twice: made once


def test_an_unknown_picture_is_not_served(web: Web) -> None:
    web.start("report")
    answer = web.client.get("/preview/page-1.png?k=nothing")
    assert answer.status_code == 404 and "image" not in answer.headers["content-type"]
    assert "bấm lại “Xem ảnh trang đầu”" in answer.text


def png_size_and_ink(data: bytes) -> tuple[int, int, float]:
    """Width, height and the share of dark samples of an 8-bit PNG (read without Pillow)."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert depth == 8
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    chunks, position = [], 8
    while position < len(data):
        length = struct.unpack(">I", data[position : position + 4])[0]
        kind = data[position + 4 : position + 8]
        if kind == b"IDAT":
            chunks.append(data[position + 8 : position + 8 + length])
        position += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    dark = 0
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):  # undo the row's filter (PNG spec, 9.2)
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))[2]
                line[i] = (line[i] + near) & 0xFF
        dark += sum(1 for b in line if b < 128)
        previous = line
    return width, height, dark / (stride * height)


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="needs LibreOffice (soffice)")
def test_a_real_libreoffice_picture_of_the_first_page(web: Web) -> None:
    import tempfile

    def ours() -> set[str]:
        return {p.name for p in Path(tempfile.gettempdir()).glob("draftkit-trang-*")}

    before = ours()
    web.start("report")
    save(web, REPORT_FORM)
    answer = ask_image(web, "report")
    assert answer.status_code == 200, answer.text
    png = web.client.get(answer.json()["src"]).content
    width, height, ink = png_size_and_ink(png)
    assert 1.3 < height / width < 1.5  # an A4 page, upright
    assert 0.001 < ink < 0.3  # text on white, not a blank page
    assert sorted(p.name for p in web.state.out_dir.iterdir()) == ["bao-cao-2026.draft.yaml"]
    assert ours() <= before  # the temporary folder is gone


def test_the_image_form_posts_json_only_when_asked(imaged: Web) -> None:
    imaged.start("report")
    save(imaged, REPORT_FORM)
    page = imaged.post("/preview/image", {"doc": "report"})
    assert page.headers["content-type"].startswith("text/html")
    src = re.search(r'<img class="preview-page" src="([^"]+)"', page.text)
    assert src is not None and imaged.client.get(unescape(src.group(1))).content == PNG
    assert json.loads(ask_image(imaged, "report").text)["src"] == unescape(src.group(1))


def test_an_uploaded_list_is_previewed_and_read_again_when_the_file_changes(web: Web) -> None:
    web.start("awards")
    save(web, AWARDS_FORM)
    web.client.post(
        "/upload",
        data={"_csrf": web.guard.csrf},
        files={"list": ("ds.csv", "Họ và tên,Loại\nLê Văn Bình,Cá nhân\n".encode(), "text/csv")},
        headers={"origin": ORIGIN},
    )
    text = text_of(preview(web))
    assert "1. Lê Văn Bình" in text
    (web.state.out_dir / "ds.csv").write_text("Họ và tên,Loại\nPhạm Thị Ánh Dương,Cá nhân\n", encoding="utf-8")
    text = text_of(preview(web))
    assert "1. Phạm Thị Ánh Dương" in text and "Lê Văn Bình" not in text
    (web.state.out_dir / "ds.csv").write_text("Họ và tên,Loại\n,Cá nhân\n", encoding="utf-8")
    shown = preview(web)  # a list that cannot be read: a placeholder with its message
    assert '<a class="missing invalid" href="#awardees">[chưa đúng: Danh sách được khen thưởng — ' in shown


# A report's data as a data file holds it, for property tests (no page needed).
BASE_REPORT: dict[str, Any] = {
    "version": 1,
    "document": "report",
    "issuer": {"code": "UBND", "place": "Ngọc Trung"},  # the name left out: a placeholder
    "date": TODAY,
    "signer": {"title": "CHỦ TỊCH", "name": "Lê Thị Hoa"},
    "recipients": ["Lưu: VT, VP"],
    "results": [{"heading": "Phát triển kinh tế", "paragraphs": ["Kinh tế tăng trưởng khá."]}],
}


def title_line(html: str) -> str:
    found = re.findall(r'<p class="k-title"><span class="no">\d+\.</span> (.*?)</p>', html)
    return unescape(found[1])  # "BÁO CÁO", then the title


@settings(max_examples=150, deadline=None)
@given(
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs")), min_size=1, max_size=40).filter(
        lambda t: unicodedata.normalize("NFC", t) == t
    )
)
def test_any_typed_title_is_shown_exactly_as_typed_beside_placeholders(title: str) -> None:
    got = partial_preview(ReportData, {**BASE_REPORT, "title": title}, base_dir=None, today=TODAY)
    html = preview_html(got)
    assert title_line(html) == title
    assert [p.path for p in got.placeholders] == ["issuer.name"]


@pytest.mark.parametrize("forged", ["\ufdd00\ufdd1", "\ufdd0" + "1" * 8 + "0\ufdd1", "QZX000000000XZQ"])
def test_a_typed_text_that_looks_like_a_marker_stays_text(forged: str) -> None:
    got = partial_preview(ReportData, {**BASE_REPORT, "title": forged}, base_dir=None, today=TODAY)
    assert title_line(preview_html(got)) == forged


def test_a_fault_in_the_preview_never_takes_the_form_down(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    import draftkit.web.preview as seam

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    web.start("report")
    save(web, REPORT_FORM)
    monkeypatch.setattr(seam, "partial_preview", broken)
    page = web.client.get("/form")
    assert page.status_code == 200 and REPORT_FORM["title"] in page.text  # the form, with its answers
    assert "Chưa xem trước được (lỗi của draftkit)" in page.text and "a bug" not in page.text
    assert "Chưa xem trước được (lỗi của draftkit)" in preview(web)


FAKE_SOFFICE = """#!{python}
import pathlib, sys
args = sys.argv[1:]
out = pathlib.Path(args[args.index("--outdir") + 1])
source = pathlib.Path(args[-1])
pathlib.Path({log!r}).write_text(" ".join(args[1:]), encoding="utf-8")
if {works}:
    (out / (source.stem + "." + args[args.index("--convert-to") + 1])).write_bytes(b"\\x89PNG made from " + source.read_bytes())
"""


@pytest.mark.parametrize("works", [True, False])
def test_without_pdftoppm_soffice_writes_the_png_itself(works: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from draftkit.web import preview as seam

    fake = tmp_path / "soffice"
    log = tmp_path / "command.txt"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, log=str(log), works=works), encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("DRAFTKIT_SOFFICE", str(fake))
    monkeypatch.setenv("DRAFTKIT_NO_CACHE", "1")
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "pdftoppm" else real_which(name, *a, **k))
    work = tmp_path / "work"
    work.mkdir()
    if works:
        assert seam.docx_first_page_png(b"PK-docx", work) == b"\x89PNG made from PK-docx"
        assert "--headless --norestore --convert-to png --outdir" in log.read_text(encoding="utf-8")
    else:
        with pytest.raises(ConversionError) as failed:
            seam.docx_first_page_png(b"PK-docx", work)
        assert failed.value.message == "LibreOffice không tạo được ảnh trang."


def test_what_is_worded_from_a_missing_authority_waits_for_it(web: Web) -> None:
    data = awards_data(web)
    del data["authority"]
    html = preview_html(partial_preview(AwardsData, data, base_dir=web.state.out_dir, today=TODAY))
    waits = "cần điền “Thẩm quyền quyết định (dòng trên “Căn cứ”)” trước]"
    assert f'<a class="missing pending" href="#f-bases">[Các dòng “Căn cứ ...”: {waits}</a>' in unescape(html)
    assert f'<a class="missing pending" href="#f-executors">[Người thi hành (Điều 3): {waits}</a>' in unescape(html)
    assert 'id="f-bases"' in web.client.get("/form").text


@pytest.mark.parametrize("kind", ["report", "awards"])
@pytest.mark.parametrize("style", ["state", "party"])
def test_an_empty_form_of_either_kind_and_style_is_previewed_whole(web: Web, kind: str, style: str) -> None:
    from draftkit.web.preview import session_preview

    web.start(kind)
    save(web, {"style": style})
    got = session_preview(web.state)
    assert got.error is None and got.lines and got.placeholders
    assert "Độc lập - Tự do - Hạnh phúc" in text_of(preview_html(got)) or style == "party"


def test_a_party_round_without_its_sum_of_money_lists_it_and_words_no_money(web: Web) -> None:
    data = awards_data(web)
    data["style"] = "party"
    got = partial_preview(AwardsData, data, base_dir=web.state.out_dir, today=TODAY)
    assert got.error is None
    assert [(p.path, p.kind) for p in got.unplaced] == [("money", "missing")]
    html = preview_html(got)
    assert "tiền thưởng" not in text_of(html)
    # A Party decision has no default "Căn cứ" lines nor Điều 3 either: to be typed.
    assert sorted(p.path for p in got.placeholders) == ["bases", "executors"]
    assert "Còn 3 mục chưa điền" in html


def test_an_item_added_and_left_blank_is_missing_not_wrong(web: Web) -> None:
    web.start("report")
    save(web, {**REPORT_FORM, "recipients.2": ""})
    shown = preview(web)
    assert link("recipients.2", "Nơi nhận") in shown and "chưa đúng" not in shown
    assert 'id="f-recipients-2"' in web.client.get("/form").text


def test_a_large_rounds_list_picture_renders_only_what_its_first_page_needs(imaged: Web, fake: FakeConverter) -> None:
    from draftkit.web.preview import PAGE_ROWS

    imaged.start("awards")
    save(imaged, AWARDS_FORM)
    imaged.state.answers["awardees"] = [{"name": f"Nguyễn Văn Người {i}"} for i in range(1, 301)]
    assert ask_image(imaged, "list").status_code == 200
    text = docx_text(fake.seen[-1][0])
    assert "I. CÁ NHÂN: 300 cá nhân" in text  # the whole list's count
    assert f"Nguyễn Văn Người {PAGE_ROWS}\n" in text + "\n" and f"Nguyễn Văn Người {PAGE_ROWS + 1}" not in text
    assert ask_image(imaged, "decision").status_code == 200
    assert "cho 300 cá nhân" in docx_text(fake.seen[-1][0])
