"""In real chromium (see test_web_walkthrough.py for the set-up it shares): a list is sent
as soon as it is chosen, file boxes speak Vietnamese whatever the browser's language, and
a refused autosave says the server's own words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import test_web_walkthrough as walkthrough
from test_web_walkthrough import Web, office_xlsx, open_home, start

pytestmark = walkthrough.pytestmark  # chromium and Playwright, or skipped
# The walkthrough's fixtures, by name: the real command in a subprocess, a fresh chromium.
web = walkthrough.web
browser = walkthrough.browser


def test_a_list_chosen_is_uploaded_without_pressing_anything_and_its_name_is_shown(web: Web, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page()
    open_home(page, web.url)
    # The browser's own "Choose File / No file chosen" is hidden behind the page's words.
    assert page.locator('label.pick[for="from-report"]').inner_text() == "Chọn tệp…"
    box = page.locator("#from-report").bounding_box()
    assert box is not None and box["width"] <= 1 and page.locator("#from-report").evaluate("e => getComputedStyle(e).opacity") == "0"
    data = tmp_path / "bao-cao-2025.yaml"
    data.write_text("document: report\n", encoding="utf-8")
    page.set_input_files("#from-report", str(data))
    assert page.locator("#from-report-picked").inner_text() == "bao-cao-2025.yaml"
    page.locator(".card").first.screenshot(path=str(tmp_path.parent / "webfix-home.png"))
    assert page.locator("h1").inner_text() == "Soạn văn bản"  # not sent: "Mở tệp" does that
    start(page, "Khen thưởng")
    assert page.locator("#list-picked").inner_text() == "Chưa chọn tệp nào"
    page.set_input_files("#list", str(office_xlsx(tmp_path / "Danh sách 2026.xlsx")))
    # No "Tải lên" pressed: the list is read and shown.
    page.wait_for_selector("#awardees >> text=Đang dùng tệp")
    assert page.locator("table.people tbody tr").count() >= 2
    page.locator("#awardees").screenshot(path=str(tmp_path.parent / "webfix-list.png"))
    listed = page.locator("table.people").inner_text()
    assert "Nguyễn Thị Thu Hà" in listed and "female" not in listed and "individual" not in listed


def test_a_refused_autosave_shows_the_servers_words(web: Web, browser: Any) -> None:
    page = browser.new_page()
    open_home(page, web.url)
    start(page, "Báo cáo tổng kết")
    said = "Trang gửi lên quá nhiều ô cùng lúc (thử nghiệm), nên chưa lưu được."
    page.route(
        "**/save",
        lambda route: route.fulfill(status=400, content_type="application/json", body=json.dumps({"error": said}, ensure_ascii=False)),
    )
    page.locator('[name="title"]').fill("Báo cáo năm 2026")
    from playwright.sync_api import expect

    expect(page.locator("#status")).to_have_text(said, timeout=30_000)
    assert "status error" in (page.locator("#status").get_attribute("class") or "")
