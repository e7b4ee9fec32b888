"""The live preview in a real browser (Debian's chromium through Playwright, as
tests/test_web_e2e.py): typing updates the preview without reloading the page, and the
page picture is shown in place. Skipped, with the reason, where chromium or Playwright
(or, for the picture, LibreOffice) is missing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from test_web_e2e import (  # noqa: F401
    HEADER,
    Running,
    add,
    browser,
    fill,
    open_home,
    pytestmark,
    server,
    shots,
    start,
)

TITLE = "Tổng kết năm 2026 & “phương hướng” <2027> 🎉"


def test_typing_updates_the_preview_without_a_reload(server: Running, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page = open_home(browser, server.guard)
    start(page, "Báo cáo tổng kết")
    preview = page.locator("#preview")
    missing = preview.locator('a.missing[href="#f-title"]').first
    assert missing.inner_text() == "[chưa điền: Trích yếu (tên báo cáo)]"
    assert missing.evaluate("e => getComputedStyle(e).color") == "rgb(192, 22, 27)"  # red
    page.evaluate("window.notReloaded = true")
    page.locator('[name="title"]').press_sequentially(TITLE, delay=5)
    # After the autosave's pause, the section is fetched again: the title as typed.
    preview.locator("p.k-title", has_text=TITLE).wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert preview.locator('a.missing[href="#f-title"]').count() == 0
    assert "Còn 8 mục chưa điền" in preview.locator("#preview-count").inner_text()
    page.locator('[name="issuer.name"]').fill("ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG")
    preview.locator("p.k-header", has_text="ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG").wait_for()
    assert "Còn 7 mục chưa điền" in preview.locator("#preview-count").inner_text()
    assert page.evaluate("window.notReloaded") is True
    preview.screenshot(path=str(shots(tmp_path) / "6-xem-truoc-dang-go.png"))
    # A placeholder leads to its box.
    preview.locator('a.missing[href="#f-signer-name"]').first.click()
    assert page.url.endswith("#f-signer-name")
    page.locator('[name="signer.name"]:focus').wait_for()  # the caret is in the box
    # On a wide screen the preview stays beside the form while the clerk types below.
    page.set_viewport_size({"width": 1920, "height": 1000})
    page.locator('[name="recipients.0"], button[value="add:recipients"]').first.scroll_into_view_if_needed()
    assert preview.evaluate("e => getComputedStyle(e).position") == "fixed"
    assert preview.is_visible()
    page.screenshot(path=str(shots(tmp_path) / "6b-xem-truoc-man-hinh-rong.png"))


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="needs LibreOffice (soffice)")
def test_the_first_page_picture_is_shown_in_the_page(server: Running, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page = open_home(browser, server.guard)
    start(page, "Báo cáo tổng kết")
    fill(page, {**HEADER, "title": TITLE, "signer.title": "CHỦ TỊCH", "signer.name": "Lê Thị Hoa"})
    add(page, "results")
    fill(page, {"results.0.heading": "Phát triển kinh tế"})
    add(page, "results.0.paragraphs")
    fill(page, {"results.0.paragraphs.0": "Kinh tế của xã tiếp tục tăng trưởng khá."})
    add(page, "recipients")
    fill(page, {"recipients.0": "Lưu: VT, VP"})
    page.locator("#preview-count", has_text="Đã đủ các mục bắt buộc.").wait_for()
    page.locator("#status", has_text="Đã lưu bản nháp").wait_for()
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Xem ảnh trang đầu: Báo cáo").click()
    picture = page.locator("img#preview-page")
    picture.wait_for(state="visible", timeout=180_000)
    assert (picture.get_attribute("src") or "").startswith("/preview/page-1.png?k=")
    # decode(): resolved once the picture is loaded and decoded (the page's CSP forbids
    # the string evaluation wait_for_function uses).
    width, height = picture.evaluate("e => e.decode().then(() => [e.naturalWidth, e.naturalHeight])")
    assert page.evaluate("window.notReloaded") is True
    assert 1.3 < height / width < 1.5  # an A4 page
    page.locator("#preview").screenshot(path=str(shots(tmp_path) / "7-anh-trang-dau.png"))
    assert sorted(p.name for p in server.out_dir.iterdir()) == ["bao-cao-2026.draft.yaml"]
