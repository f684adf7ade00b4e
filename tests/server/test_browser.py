"""The whole round in a real browser against a real server on a loopback port.

An office uploads a return with a broken 勾稽关系 through its page, sees the finding
with its equation, uploads the corrected one and confirms; the supervisor logs in,
sees the state change, records a decision and downloads the roll-up. Screenshots of
each page are written for a person to look at (docs/images/ holds copies).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import PASSWORD, Round, free_port, make_round, start_server, stop_server

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parent / "screenshots"


def require_chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("未安装 Chromium，跳过报送平台的浏览器测试；安装：apt-get install -y chromium")
    return exe


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Round, str]]:
    port = free_port()
    round_ = make_round(tmp_path / "round", base_url=f"http://127.0.0.1:{port}")
    server = start_server(round_.data, port)
    try:
        yield round_, server.base
    finally:
        stop_server(server)


@pytest.fixture
def browser() -> Iterator[Any]:
    exe = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=exe, args=FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_office_uploads_corrects_and_confirms(live: tuple[Round, str], browser: Any) -> None:
    round_, base = live
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(round_.links[0].url)
    assert "东街道 · 2025 年度报告表格" in page.inner_text("h1")
    with page.expect_download() as got:
        page.click("a:has-text('下载模板')")
    assert got.value.suggested_filename.endswith(".xlsx")
    page.set_input_files("#file", str(round_.bad))
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector(".finding.sev-error")
    first = page.inner_text(".finding.sev-error")
    assert "A301 勾稽关系" in first and "差 1" in first and "= D6 + D7" in first
    assert "报表还有错误" in page.inner_text("#result")
    assert page.locator("text=确认报送第").count() == 0
    _shot(page, "office-with-error")
    page.set_input_files("#file", str(round_.good))
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("text=已收到报表（第 2 版）")
    page.click("button:has-text('确认报送第 2 版')")
    page.wait_for_selector("text=已确认报送第 2 版")
    _shot(page, "office-confirmed")
    assert problems == []


def test_the_supervisor_watches_decides_and_downloads(
    live: tuple[Round, str], browser: Any
) -> None:
    round_, base = live
    office = browser.new_page()
    office.goto(round_.links[0].url)  # 东街道 sends a correct return: it is summed
    office.set_input_files("#file", str(round_.good))
    office.click("button:has-text('上传并检查')")
    office.wait_for_selector("text=没有错误和警告")
    office.goto(round_.links[1].url)
    office.set_input_files("#file", str(round_.bad))
    office.click("button:has-text('上传并检查')")
    office.wait_for_selector(".finding.sev-error")
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page.goto(f"{base}/admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    page.click("a:has-text('2025 年度')")
    rows = page.locator("table.offices tbody tr")
    assert "西街道" in rows.nth(0).inner_text() and "有错误" in rows.nth(0).inner_text()
    assert "未报送 1" in page.inner_text(".counts") and "已通过 1" in page.inner_text(".counts")
    _shot(page, "supervisor-round")
    page.click("table.offices a:has-text('西街道')")
    first = page.locator(".finding.sev-error").first
    first.locator("select[name=status]").select_option("to_fix")
    first.locator("input[name=note]").fill("请核对本年新收申请数")
    first.locator("button:has-text('保存')").click()
    first = page.locator(".finding.sev-error").first
    assert first.locator("select[name=status]").input_value() == "to_fix"
    _shot(page, "supervisor-office")
    office.reload()
    assert "审核意见：需修改：请核对本年新收申请数" in office.inner_text(".finding.sev-error")
    page.goto(f"{base}/admin/rounds/2025")
    with page.expect_download() as got:
        page.click("a:has-text('下载汇总表')")
    assert got.value.suggested_filename == "2025年度汇总.xlsx"
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
    assert any(name.startswith("三、") for name in book.sheetnames)  # the official tables, summed


DROP = """([name, b64]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name));
  return transfer;
}"""


def test_a_return_dropped_on_the_upload_box_is_checked(
    live: tuple[Round, str], browser: Any
) -> None:
    import base64

    round_, _ = live
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(round_.links[2].url)
    payload = [round_.bad.name, base64.b64encode(round_.bad.read_bytes()).decode()]
    transfer = page.evaluate_handle(DROP, payload)
    page.dispatch_event("#upload", "dragover", {"dataTransfer": transfer})
    assert "over" in (page.get_attribute("#upload", "class") or "")  # the box lights up
    page.dispatch_event("#upload", "drop", {"dataTransfer": transfer})
    page.wait_for_selector("text=已收到报表（第 1 版）")
    assert "A301 勾稽关系" in page.inner_text(".finding.sev-error")
    assert "<script>" in page.inner_text("h1")  # the office's name, shown as text
    assert problems == []
