"""draftkit web in a real browser: Debian's chromium driven by Playwright (issue 17).

Skipped, with the reason, where chromium or Playwright is missing; .ci/run installs both
(Playwright uses the system chromium: it downloads no browser of its own). Screenshots of
the main pages are written to $DRAFTKIT_SCREENSHOTS (else the test's temporary folder).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
import pytest
from typer.testing import CliRunner

from browser_helpers import BROWSER_MARKS, chromium
from draftkit.cli import app as cli_app
from draftkit.web.security import Guard
from draftkit.web.server import make_server
from test_web_form import office_list

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = BROWSER_MARKS


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DRAFTKIT_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Running:
    def __init__(self, out_dir: Path, config_dir: Path) -> None:
        self.server, self.guard, sock = make_server(out_dir, config_dir)
        self.out_dir = out_dir
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                break
            time.sleep(0.05)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.guard.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Running]:
    running = Running(tmp_path / "van-ban", tmp_path / "cfg")
    yield running
    running.stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium({"width": 1100, "height": 900}) as context:
        yield context


def open_home(context: Any, guard: Guard) -> Page:
    page = context.new_page()
    page.goto(guard.start_url)
    # Traded for a cookie, gone from the address bar (the trading page moves on by itself).
    page.wait_for_url(lambda url: "?token" not in url)
    return page


def start(page: Page, title: str) -> None:
    page.locator(".card", has_text=title).locator('form[action="/start"] button').first.click()
    page.wait_for_url("**/form")


def fill(page: Page, values: dict[str, str]) -> None:
    for name, value in values.items():
        control = page.locator(f'[name="{name}"]')
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def add(page: Page, path: str) -> None:
    page.locator(f'button[value="add:{path}"]').click()
    page.wait_for_load_state()


def download(page: Page, name: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.locator(f'a[href="/download/{name}"]').click()
    path = folder / name
    info.value.save_as(path)
    return path


def check_passes(path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["check", str(path)])
    assert result.exit_code == 0, result.output


HEADER = {
    "issuer.parent": "UBND TỈNH THANH HÓA",
    "issuer.name": "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
    "issuer.code": "UBND",
    "issuer.place": "Ngọc Trung",
    "date": "15/12/2026",
}


def test_a_commune_report_made_in_the_browser_passes_check(server: Running, browser: Any, tmp_path: Path) -> None:
    page = open_home(browser, server.guard)
    page.screenshot(path=str(shots(tmp_path) / "1-trang-dau.png"), full_page=True)
    start(page, "Báo cáo tổng kết")
    fill(page, {**HEADER, "number": "15", "title": "Tổng kết công tác năm 2026, phương hướng, nhiệm vụ năm 2027"})
    add(page, "results")
    fill(page, {"results.0.heading": "Phát triển kinh tế"})
    add(page, "results.0.paragraphs")
    fill(page, {"results.0.paragraphs.0": "Kinh tế của xã tiếp tục tăng trưởng khá."})
    add(page, "results.0.indicators")
    fill(page, {"results.0.indicators.0.label": "Thu nhập bình quân đầu người", "results.0.indicators.0.value": "52,5",
                "results.0.indicators.0.unit": "triệu đồng", "results.0.indicators.0.previous": "48,3"})
    add(page, "results.0.indicators")
    fill(page, {"results.0.indicators.1.label": "Tỷ lệ hộ nghèo", "results.0.indicators.1.value": "2,1%",
                "results.0.indicators.1.better": "lower"})
    # "Tạo văn bản" with the signer missing: the render's messages, beside the fields.
    page.get_by_role("button", name="Tạo văn bản").click()
    page.wait_for_url("**/form*")
    page.screenshot(path=str(shots(tmp_path) / "2-bao-cao-loi.png"))
    # The signer left out whole: the message sits on the signer's block, as the render words it.
    assert page.locator('fieldset[data-path="signer"] > .errors').inner_text() == "Thiếu “Người ký”."
    assert "Có 2 lỗi cần sửa" in page.locator(".banner").last.inner_text()
    page.locator('fieldset[data-path="results"]').screenshot(path=str(shots(tmp_path) / "2b-ket-qua.png"))
    fill(page, {"signer.authority": "TM. ỦY BAN NHÂN DÂN", "signer.title": "CHỦ TỊCH", "signer.name": "Lê Thị Hoa"})
    add(page, "recipients")
    fill(page, {"recipients.0": "UBND huyện Ngọc Lặc (để b/c)"})
    add(page, "recipients")
    fill(page, {"recipients.1": "Lưu: VT, VP"})
    # "Kiểm tra": nothing wrong, so the document's text is shown as it will read.
    page.get_by_role("button", name="Kiểm tra").click()
    page.wait_for_url("**/form*")
    preview = page.locator("#preview").inner_text()
    assert "Thu nhập bình quân đầu người đạt 52,5 triệu đồng, tăng 8,7% so với cùng kỳ." in preview
    page.locator("#preview").screenshot(path=str(shots(tmp_path) / "2c-xem-truoc.png"))
    page.get_by_role("button", name="Tạo văn bản").click()
    page.wait_for_url("**/done")
    page.screenshot(path=str(shots(tmp_path) / "3-da-tao.png"), full_page=True)
    got = download(page, "bao-cao-2026.docx", tmp_path)
    text = "\n".join(p.text for p in docx.Document(str(got)).paragraphs)
    assert "Kinh tế của xã tiếp tục tăng trưởng khá." in text
    assert "52,5 triệu đồng" in text
    check_passes(got)
    data = download(page, "bao-cao-2026.yaml", tmp_path).read_text(encoding="utf-8")
    assert "value: 2.1" in data and "unit: '%'" in data


def test_a_reload_mid_form_loses_nothing(server: Running, browser: Any) -> None:
    page = open_home(browser, server.guard)
    start(page, "Báo cáo tổng kết")
    page.locator('[name="title"]').fill("Báo cáo “giữa chừng” năm 2026")
    page.locator('[name="issuer.name"]').fill("ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG")
    page.locator("#status", has_text="Đã lưu bản nháp").wait_for()
    page.reload()
    assert page.locator('[name="title"]').input_value() == "Báo cáo “giữa chừng” năm 2026"
    assert page.locator('[name="issuer.name"]').input_value() == "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG"
    # The interview's own draft file: `draftkit new-report` continues from it too.
    draft = server.out_dir / "bao-cao-2026.draft.yaml"
    assert "Báo cáo “giữa chừng” năm 2026" in draft.read_text(encoding="utf-8")
    # Closing the tab and coming back: the start page offers to continue.
    page.close()
    again = browser.new_page()
    again.goto(server.base + "/")
    assert again.get_by_role("button", name="Tiếp tục bản nháp bao-cao-2026.draft.yaml").is_visible()


def test_a_request_without_the_token_is_refused(server: Running, browser: Any) -> None:
    page = browser.new_page()
    response = page.goto(server.base + "/")
    assert response is not None and response.status == 403
    assert "cần mã truy cập" in page.inner_text("body")
    response = page.goto(server.base + "/?token=" + "x" * 43)
    assert response is not None and response.status == 403


def test_a_round_from_an_office_list_in_the_browser(server: Running, browser: Any, tmp_path: Path) -> None:
    page = open_home(browser, server.guard)
    start(page, "Khen thưởng")
    fill(page, {**HEADER, "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
                "reason": "đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026",
                "signer.authority": "CHỦ TỊCH", "signer.title": "CHỦ TỊCH", "signer.name": "Lê Thị Hoa"})
    page.locator("#status", has_text="Đã lưu bản nháp").wait_for()
    page.set_input_files("#list", str(office_list(tmp_path / "Danh sách khen 2026.xlsx")))
    # Sent as soon as it is chosen (app.js): no "Tải lên" to press.
    page.wait_for_selector("#awardees >> text=Đang dùng tệp")
    block = page.locator("#awardees").inner_text()
    assert "là dòng tổng cộng, không phải người được khen" in block
    assert "Lê Văn Bình" in block
    page.locator("#awardees").screenshot(path=str(shots(tmp_path) / "4-danh-sach.png"))
    page.screenshot(path=str(shots(tmp_path) / "5-khen-thuong.png"))
    assert page.locator('[name="reason"]').input_value().startswith("đã có thành tích")  # kept across the upload
    page.get_by_role("button", name="Tạo văn bản").click()
    page.wait_for_url("**/done")
    for name in ("khen-thuong-2026-quyet-dinh.docx", "khen-thuong-2026-danh-sach.docx", "khen-thuong-2026-giay-khen.docx"):
        check_passes(download(page, name, tmp_path))
