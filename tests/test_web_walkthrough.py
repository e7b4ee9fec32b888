"""A clerk's whole afternoon in ``draftkit web`` (issue 17's "Done when"), in real chromium.

The real command in a subprocess with a fresh HOME (no profile, no config), the address
read from what it prints, as a clerk copies it from the terminal. Through the page: a 2026
commune report (state style, UBND xã with no huyện above it since 01/7/2025) with two
fields, indicators with targets and previous values, tasks, a field error, the preview,
"Tạo văn bản", the office profile saved, the .docx and .yaml downloaded; then a Giấy khen
round from an office .xlsx as offices really keep them (title rows, their own column names,
a blank row, a "Tổng cộng" row, a column draftkit does not use), whose warnings the page
must show. Every downloaded document is read back with python-docx, passes ``draftkit
check``, and (where LibreOffice is installed) its first page is turned into a PNG.

Screenshots and page images go to $DRAFTKIT_SCREENSHOTS (else the test's temporary
folder): ``tools/web_screenshots.py`` runs this test with it set, to look at them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from typer.testing import CliRunner

from browser_helpers import BROWSER_MARKS, chromium
from docx_helpers import all_text, body_paragraphs, find, open_docx
from draftkit.cli import app as cli_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = BROWSER_MARKS
LAPTOP = {"width": 1366, "height": 768}  # the clerk's laptop


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DRAFTKIT_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def draftkit_command() -> list[str]:
    """The installed ``draftkit`` beside this Python (the venv's), as a clerk runs it."""
    script = Path(sys.executable).with_name("draftkit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "draftkit"]


@dataclass
class Web:
    process: subprocess.Popen[str]
    url: str
    home: Path
    out_dir: Path
    printed: list[str]

    @property
    def base(self) -> str:
        return self.url.split("?", 1)[0].rstrip("/")


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    home = tmp_path / "home"
    home.mkdir()
    out_dir = home / "Văn bản"
    # A fresh user: no profile, no templates, no cache of earlier runs.
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "DRAFTKIT_CONFIG"}
    env |= {"HOME": str(home), "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [*draftkit_command(), "web", "--no-browser", "-o", str(out_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=home,
    )
    assert process.stdout is not None
    printed = [process.stdout.readline()]
    found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", printed[0])
    if found is None:
        process.kill()
        pytest.fail("draftkit web printed no address: " + printed[0] + process.stdout.read())
    yield Web(process, found.group(0), home, out_dir, printed)
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
        process.kill()
        process.wait()


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium(LAPTOP) as context:
        yield context


# --- what the clerk does


def open_home(page: Page, url: str) -> None:
    """The address as printed; the token is traded for a cookie and leaves the address bar."""
    page.goto(url)
    page.wait_for_url(re.compile(r"^[^?]*$"))
    page.locator("h1", has_text="Soạn văn bản").wait_for()


def start(page: Page, title: str) -> None:
    page.locator(".card", has_text=title).locator('form[action="/start"] button').first.click()
    page.wait_for_url("**/form")


def type_into(page: Page, values: dict[str, str]) -> None:
    """Typed as a clerk types: one box after another, by its label's control."""
    for name, value in values.items():
        control = page.locator(f'[name="{name}"]')
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def add(page: Page, path: str) -> None:
    page.locator(f'button[value="add:{path}"]').click()
    page.wait_for_load_state()


def press(page: Page, name: str, url: str = "**/form*") -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_url(url)


def download(page: Page, name: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.locator(f'a[href="/download/{name}"]').click()
    path = folder / name
    info.value.save_as(path)
    return path


def check_passes(path: Path) -> str:
    result = CliRunner().invoke(cli_app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def first_pages(documents: list[Path], folder: Path) -> dict[str, str]:
    """Page 1 of each document as LibreOffice prints it: a PNG to look at, and its text."""
    from draftkit.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None or shutil.which("pdftoppm") is None:
        return {}
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [str(soffice), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), *map(str, documents)],
            check=True, capture_output=True, timeout=600,
        )
    texts = {}
    for document in documents:
        pdf = folder / (document.stem + ".pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(folder / document.stem)], check=True)
        texts[document.name] = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
    return texts


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- the clerk's own files

REPORT_HEADER = {
    # A commune from 01/7/2025: no huyện above it, and a UBND has no parent line.
    "issuer.name": "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG",
    "issuer.code": "UBND",
    "issuer.place": "Ngọc Trung",
}


def office_xlsx(path: Path) -> Path:
    """A list as a commune office keeps it: its title rows, its own column names, a blank
    row left in the middle, a total row and a phone column nobody prints."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DS khen 2026"
    for row in [
        ["ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG"],
        ["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2026"],
        [],
        ["TT", "Họ và tên", "Cá nhân/tập thể", "Giới tính", "Chức vụ", "Đơn vị công tác", "Số điện thoại"],
        [1, "Trường Mầm non Ngọc Trung", "Tập thể", None, None, None, None],
        [2, "Nguyễn Thị Thu Hà", "Cá nhân", "Nữ", "Công chức Văn phòng - Thống kê", "UBND xã Ngọc Trung", "0912 345 678"],
        [None, None, None, None, None, None, None],
        [3, "Lê Văn Bình", "Cá nhân", "Nam", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "xã Ngọc Trung", "0987 654 321"],
        [None, "Tổng cộng: 01 tập thể, 02 cá nhân"],
    ]:
        sheet.append(row)
    book.save(path)
    return path


# --- the walkthrough


def test_a_clerk_makes_a_commune_report_then_a_round_in_the_browser(web: Web, browser: Any, tmp_path: Path) -> None:
    pictures = shots(tmp_path)
    got = tmp_path / "tai-ve"
    got.mkdir()
    assert "Ctrl-C" in web.process.stdout.readline()  # type: ignore[union-attr]
    page = browser.new_page()
    open_home(page, web.url)
    assert page.locator("h1").inner_text() == "Soạn văn bản"
    assert str(web.out_dir) in page.locator("main").inner_text()
    page.screenshot(path=str(pictures / "1-trang-dau.png"), full_page=True)

    # --- the report
    start(page, "Báo cáo tổng kết")
    assert page.locator('[name="style"]').input_value() == "state"
    type_into(page, {**REPORT_HEADER, "date": "18/12/2026",
                     "title": "Tổng kết công tác năm 2026, phương hướng, nhiệm vụ năm 2027"})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(pictures / "2-bao-cao-dau.png"))
    add(page, "results")
    add(page, "results")
    type_into(page, {"results.0.heading": "Phát triển kinh tế", "results.1.heading": "Văn hóa – xã hội"})
    add(page, "results.0.paragraphs")
    type_into(page, {"results.0.paragraphs.0": "Kinh tế của xã tiếp tục tăng trưởng khá; thu ngân sách vượt dự toán."})
    add(page, "results.0.indicators")
    add(page, "results.0.indicators")
    type_into(page, {
        "results.0.indicators.0.label": "Thu nhập bình quân đầu người",
        "results.0.indicators.0.value": "52,5", "results.0.indicators.0.unit": "triệu đồng",
        "results.0.indicators.0.previous": "48,3", "results.0.indicators.0.target": "52",
        "results.0.indicators.1.label": "Tổng sản lượng lương thực",
        # A typing slip: the page must say so beside the box, not guess a figure.
        "results.0.indicators.1.value": "3.120 tấn", "results.0.indicators.1.unit": "tấn",
        "results.0.indicators.1.previous": "3.050", "results.0.indicators.1.target": "3.000",
    })
    add(page, "results.1.paragraphs")
    type_into(page, {"results.1.paragraphs.0": "Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” được duy trì."})
    add(page, "results.1.indicators")
    type_into(page, {
        "results.1.indicators.0.label": "Tỷ lệ hộ nghèo", "results.1.indicators.0.value": "2,1%",
        "results.1.indicators.0.previous": "3,4%", "results.1.indicators.0.target": "2,5%",
        "results.1.indicators.0.better": "lower",
    })
    add(page, "plan.goals")
    type_into(page, {"plan.goals.0": "Giữ vững tốc độ tăng trưởng kinh tế, bảo đảm an sinh xã hội."})
    add(page, "plan.tasks")
    add(page, "plan.tasks")
    type_into(page, {"plan.tasks.0": "Đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính.",
                     "plan.tasks.1": "Hoàn thành xây dựng xã nông thôn mới nâng cao."})
    type_into(page, {"appendix": "indicators"})
    # On the laptop an indicator's short boxes sit two to a row: the figure beside its unit.
    value, unit = (page.locator(f'[name="results.0.indicators.0.{k}"]').bounding_box() for k in ("value", "unit"))
    assert value is not None and unit is not None and value["y"] == unit["y"] and value["x"] < unit["x"]
    # "Tạo văn bản" with the signer not filled in and the figure mistyped: told beside each.
    press(page, "Tạo văn bản")
    slip = page.locator('.field[data-path="results.0.indicators.1.value"]')
    assert slip.locator('[aria-invalid="true"]').count() == 1
    assert slip.locator(".errors").inner_text().strip() != ""
    assert page.locator('[name="results.0.indicators.1.value"]').input_value() == "3.120 tấn"  # kept as typed
    colour = slip.locator(".errors").evaluate("e => getComputedStyle(e).color")
    assert colour.startswith("rgb(") and int(colour[4:].split(",")[0]) > 150  # red
    assert page.locator('fieldset[data-path="signer"]').locator(".errors").count() >= 1
    slip.scroll_into_view_if_needed()
    page.screenshot(path=str(pictures / "3-loi-o-truong.png"))
    page.locator('fieldset[data-path="results"]').screenshot(path=str(pictures / "3b-chi-tieu.png"))

    type_into(page, {"results.0.indicators.1.value": "3.120",
                     "signer.authority": "TM. ỦY BAN NHÂN DÂN", "signer.title": "CHỦ TỊCH", "signer.name": "Lê Thị Hoa"})
    add(page, "recipients")
    add(page, "recipients")
    type_into(page, {"recipients.0": "Thường trực Đảng ủy xã", "recipients.1": "Lưu: VT, VP"})
    press(page, "Kiểm tra")
    preview = squeeze(page.locator("#preview").inner_text())
    assert "Thu nhập bình quân đầu người đạt 52,5 triệu đồng" in preview
    assert "Kinh tế của xã tiếp tục tăng trưởng khá; thu ngân sách vượt dự toán." in preview
    assert "Tỷ lệ hộ nghèo" in preview
    page.locator("#preview").scroll_into_view_if_needed()
    page.screenshot(path=str(pictures / "4-xem-truoc.png"))
    page.locator("#preview").screenshot(path=str(pictures / "4b-xem-truoc-ca-doan.png"))

    press(page, "Tạo văn bản", "**/done")
    page.screenshot(path=str(pictures / "5-da-tao.png"), full_page=True)
    report = download(page, "bao-cao-2026.docx", got)
    data = yaml.safe_load(download(page, "bao-cao-2026.yaml", got).read_text(encoding="utf-8"))
    # The office profile, offered once the first document is written.
    page.get_by_role("button", name="Lưu hồ sơ cơ quan").click()
    page.wait_for_load_state()
    assert "Đã lưu hồ sơ cơ quan" in page.locator("main").inner_text()
    profiles = list(web.home.rglob("*.yaml"))
    profile = [p for p in profiles if web.out_dir not in p.parents]
    assert len(profile) == 1, profiles
    assert "ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG" in profile[0].read_text(encoding="utf-8")

    # The .yaml for next year holds the figures as typed (numbers, not text).
    indicators = data["results"][0]["indicators"]
    assert indicators[0]["value"] == 52.5 and indicators[0]["previous"] == 48.3 and indicators[0]["target"] == 52
    assert indicators[1]["value"] == 3120 and indicators[1]["previous"] == 3050
    assert data["results"][1]["indicators"][0]["better"] == "lower"

    doc = open_docx(report)
    paras = body_paragraphs(doc)
    text = all_text(doc)
    assert "huyện" not in text.lower()  # a 2026 commune has no huyện above it
    title = find(paras, "Tổng kết công tác năm 2026, phương hướng, nhiệm vụ năm 2027")
    assert title.bold and title.size == 14
    assert find(paras, "BÁO CÁO").bold
    assert "Ngọc Trung, ngày 18 tháng 12 năm 2026" in text
    for typed in (
        "Kinh tế của xã tiếp tục tăng trưởng khá; thu ngân sách vượt dự toán.",
        "Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” được duy trì.",
        "Đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính.",
        "Hoàn thành xây dựng xã nông thôn mới nâng cao.",
        "Lê Thị Hoa",
    ):
        assert typed in text
    # The appendix table: the figures exactly as typed, Vietnamese-grouped, and worded.
    table = [[cell.text for cell in row.cells] for row in doc.tables[-1].rows]
    assert table == [
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "So với cùng kỳ", "So với kế hoạch"],
        ["1", "Thu nhập bình quân đầu người", "triệu đồng", "52", "52,5", "Tăng 8,7%", "Đạt 100,96%"],
        ["2", "Tổng sản lượng lương thực", "tấn", "3.000", "3.120", "Tăng 2,3%", "Đạt 104%"],
        ["3", "Tỷ lệ hộ nghèo", "%", "2,5", "2,1", "Giảm 1,3 điểm phần trăm", "Vượt"],
    ]
    assert find(paras, "- Tỷ lệ hộ nghèo còn 2,1%, giảm 1,3 điểm phần trăm so với cùng kỳ, vượt kế hoạch (kế hoạch 2,5%).").size == 14
    header = [cell.text for cell in doc.tables[0].rows[0].cells]
    assert [line for line in header[0].splitlines() if line.strip()] == ["ỦY BAN NHÂN DÂN", "XÃ NGỌC TRUNG"]
    check_passes(report)

    # --- the round: the profile now fills the header
    page.goto(web.base + "/")
    start(page, "Khen thưởng")
    for name, value in REPORT_HEADER.items():
        assert page.locator(f'[name="{name}"]').input_value() == value, name
    type_into(page, {
        "date": "20/12/2026", "number": "",
        "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG", "level": "commune",
        "reason": "đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026",
        "signer.authority": "", "signer.title": "CHỦ TỊCH", "signer.name": "Lê Thị Hoa",
    })
    page.locator("#status", has_text="Đã lưu bản nháp").wait_for()
    page.set_input_files("#list", str(office_xlsx(tmp_path / "Danh sách khen thưởng 2026.xlsx")))
    # Sent as soon as it is chosen (app.js): no "Tải lên" to press.
    page.wait_for_selector("#awardees >> text=Đang dùng tệp")
    block = squeeze(page.locator("#awardees").inner_text())
    assert "“Tổng cộng: 01 tập thể, 02 cá nhân” là dòng tổng cộng, không phải người được khen" in block
    assert "“Số điện thoại” (G) không được dùng" in block
    table = [[squeeze(td.inner_text()) for td in tr.locator("td").all()] for tr in page.locator("table.people tbody tr").all()]
    assert [row[1:3] for row in table] == [
        ["Trường Mầm non Ngọc Trung", "tập thể"], ["Nguyễn Thị Thu Hà", "cá nhân"], ["Lê Văn Bình", "cá nhân"]]
    assert page.locator('[name="reason"]').input_value().startswith("đã có thành tích")  # kept across the upload
    page.locator("#awardees").scroll_into_view_if_needed()
    page.screenshot(path=str(pictures / "6-danh-sach-tai-len.png"))
    page.locator("#awardees").screenshot(path=str(pictures / "6b-bang-danh-sach.png"))

    press(page, "Tạo văn bản", "**/done")
    page.screenshot(path=str(pictures / "7-da-tao-khen-thuong.png"), full_page=True)
    names = ["khen-thuong-2026-quyet-dinh.docx", "khen-thuong-2026-danh-sach.docx", "khen-thuong-2026-giay-khen.docx"]
    decision, listing, certificates = (download(page, n, got) for n in names)
    for path in (decision, listing, certificates):
        check_passes(path)

    said = all_text(open_docx(decision))
    assert "QUYẾT ĐỊNH" in said and "Tặng Giấy khen" in said
    assert "đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026" in said
    assert "Lê Thị Hoa" in said
    listed = all_text(open_docx(listing))
    for person in ("Trường Mầm non Ngọc Trung", "Nguyễn Thị Thu Hà", "Lê Văn Bình"):
        assert person in listed
    assert "Tổng cộng" not in listed and "0912 345 678" not in listed
    certified = all_text(open_docx(certificates))
    assert certified.count("GIẤY KHEN") == 3
    assert "Bà Nguyễn Thị Thu Hà" in certified and "Ông Lê Văn Bình" in certified

    # Page 1 of each, as printed: a PNG for the eye, and the words on it.
    pages = first_pages([report, decision, listing, certificates], pictures)
    if pages:
        assert "Thu nhập bình quân đầu người" in squeeze(pages[report.name]) or "BÁO CÁO" in pages[report.name]
        assert "QUYẾT ĐỊNH" in pages[decision.name]
        assert "Nguyễn Thị Thu Hà" in squeeze(pages[listing.name])
        assert "GIẤY KHEN" in pages[certificates.name]


# --- keyboard, small screens, no script


def focus_path(page: Page, presses: int) -> list[str]:
    """What Tab lands on, one press at a time: the control's name (and a button's action)."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(
            "() => { const e = document.activeElement;"
            " return e.tagName === 'BUTTON' ? 'button:' + (e.value || e.textContent.trim()) : (e.name || e.tagName); }"
        ))
    return seen


def test_the_keyboard_alone_fills_the_form_in_page_order_and_reaches_the_buttons(web: Web, browser: Any) -> None:
    page = browser.new_page()
    open_home(page, web.url)
    start(page, "Báo cáo tổng kết")
    seen = focus_path(page, 40)
    # The boxes in the order they are read on the page, the header's fields first...
    assert seen[:9] == ["A", "style", "issuer.parent", "issuer.name", "issuer.code", "issuer.place", "number", "date", "title"]
    assert seen.index("signer.name") < seen.index("button:save") < seen.index("button:render")
    # ...the hidden "Enter saves" button is never a stop.
    assert seen.count("button:save") == 1 and "button:Lưu" not in seen
    # Enter in a box saves the draft; it adds nothing (the first "+ Thêm" is not pressed).
    page.locator('[name="title"]').fill("Báo cáo năm 2026")
    page.locator('[name="title"]').press("Enter")
    page.wait_for_url("**/form*")
    assert page.locator('[name="title"]').input_value() == "Báo cáo năm 2026"
    assert page.locator('[name^="situation."]').count() == 0
    assert "Báo cáo năm 2026" in (web.out_dir / "bao-cao-2026.draft.yaml").read_text(encoding="utf-8")
    # Where the focus is can be seen: a visible outline on the focused box.
    page.locator('[name="issuer.name"]').focus()
    outline = page.locator('[name="issuer.name"]').evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px")


@pytest.mark.parametrize(
    "window",
    [
        pytest.param({"width": 1366, "height": 768}, id="laptop-1366x768"),
        # 200% zoom on that laptop: the page lays out in half as many CSS pixels.
        pytest.param({"width": 683, "height": 384}, id="laptop-zoom-200"),
    ],
)
def test_the_page_fits_the_window_and_its_primary_button_stays_in_sight(web: Web, browser: Any, window: dict[str, int], tmp_path: Path) -> None:
    page = browser.new_page()
    page.set_viewport_size(window)
    open_home(page, web.url)

    def fits() -> None:
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")

    fits()
    start(page, "Khen thưởng")
    fits()
    render = page.get_by_role("button", name="Tạo văn bản", exact=True)
    # Anywhere in the form, the buttons bar stays at the window's bottom edge.
    for name in ("issuer.name", "reason", "signer.name"):
        page.locator(f'[name="{name}"]').scroll_into_view_if_needed()
        box = render.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= window["height"], name
    page.set_input_files("#list", str(office_xlsx(tmp_path / "ds.xlsx")))
    # Sent as soon as it is chosen (app.js): no "Tải lên" to press.
    page.wait_for_selector("#awardees >> text=Đang dùng tệp")
    fits()  # the table scrolls inside itself
    page.screenshot(path=str(shots(tmp_path) / f"8-khen-thuong-{window['width']}.png"))
    # The list opened for editing on the page: each person's boxes, and their buttons.
    page.get_by_role("button", name="Sửa danh sách ngay trên trang (thêm, bớt, sửa từng ô)").click()
    page.wait_for_url("**/form*")
    assert page.locator('[name="awardees.1.name"]').input_value() == "Nguyễn Thị Thu Hà"
    assert page.locator('button[value="up:awardees.1"]').is_visible()
    assert page.locator('button[value="del:awardees.1"]').is_visible()
    assert page.locator('button[value="add:awardees"]').is_visible()
    fits()
    page.locator('[data-path="awardees.1"]').scroll_into_view_if_needed()
    page.screenshot(path=str(shots(tmp_path) / f"9-sua-danh-sach-{window['width']}.png"))
    size = page.locator('[name="reason"]').evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 16  # readable text in the boxes, whatever the window


def test_without_javascript_the_forms_still_post(web: Web, tmp_path: Path) -> None:
    with chromium(LAPTOP, java_script_enabled=False) as context:
        page = context.new_page()
        open_home(page, web.url)
        start(page, "Báo cáo tổng kết")
        type_into(page, {**REPORT_HEADER, "date": "18/12/2026", "title": "Báo cáo tổng kết năm 2026"})
        add(page, "results")  # a button press posts the whole form: what was typed is kept
        assert page.locator('[name="issuer.name"]').input_value() == REPORT_HEADER["issuer.name"]
        type_into(page, {"results.0.heading": "Kinh tế"})
        add(page, "results.0.paragraphs")
        add(page, "results.0.paragraphs")
        type_into(page, {"results.0.paragraphs.0": "Đoạn thứ nhất.", "results.0.paragraphs.1": "Đoạn thứ hai."})
        page.locator('button[value="up:results.0.paragraphs.1"]').click()
        page.wait_for_url("**/form*")
        assert page.locator('[name="results.0.paragraphs.0"]').input_value() == "Đoạn thứ hai."
        type_into(page, {"signer.authority": "TM. ỦY BAN NHÂN DÂN", "signer.title": "CHỦ TỊCH", "signer.name": "Lê Thị Hoa"})
        add(page, "recipients")
        type_into(page, {"recipients.0": "Lưu: VT, VP"})
        press(page, "Tạo văn bản", "**/done")
        got = download(page, "bao-cao-2026.docx", tmp_path)
    text = all_text(open_docx(got))
    assert text.index("Đoạn thứ hai.") < text.index("Đoạn thứ nhất.")
    check_passes(got)
