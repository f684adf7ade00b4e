"""The round in a real browser against a real server: Playwright drives the system
Chromium at 1366×768 on a server started on a loopback port. A screenshot of each
step is saved (``XXGK_SCREENSHOTS`` names a folder to keep them; else the test's
temporary folder)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.meeting.browser import require_chromium
from tests.server.conftest import PASSWORD, Round, free_port, make_round, start_server, stop_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Round, str]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    round_ = make_round(tmp_path / "round", base_url=base)
    server = start_server(round_.data, port)
    try:
        yield round_, base
    finally:
        stop_server(server)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    executable = require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN"
        )
        opened = context.new_page()
        problems: list[str] = []
        opened.on("pageerror", lambda error: problems.append(str(error)))
        opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        try:
            yield opened
        finally:
            context.close()
            browser.close()
        # no script error, no refused resource, no CSP violation on any page of the story
        assert problems == []


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("XXGK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _upload(page: Any, link: str, path: Path) -> None:
    """Upload through the page's own script, which shows the result when checked."""
    page.goto(link)
    page.set_input_files("#file", str(path))
    page.click("#upload button[type=submit]")
    page.wait_for_url("**?msg=**")
    page.wait_for_selector("#result")


def test_an_office_corrects_its_return_and_confirms(
    served: tuple[Round, str], page: Any, tmp_path: Path
) -> None:
    round_, base = served
    shots = _shots(tmp_path)
    link = base + round_.link(0)
    page.goto(link)
    assert "未报送" in page.inner_text(".status")
    _upload(page, link, round_.bad)
    result = page.inner_text("#result")
    assert "A301" in result and "错误" in result
    equation = page.inner_text("#result pre.equation")
    assert "=" in equation and "差 1" in equation  # the numbers and the difference
    assert page.locator("button.primary").count() == 0  # no 确认报送 with an error
    page.screenshot(path=str(shots / "office-error.png"), full_page=False)
    _upload(page, link, round_.good)
    assert "A301" not in page.inner_text("#result")
    with page.expect_navigation():
        page.click("button.primary")
    assert "已确认报送第 2 版" in page.inner_text("#result")
    assert page.locator("table.versions tbody tr").count() == 2
    page.screenshot(path=str(shots / "office-confirmed.png"), full_page=False)


def test_the_supervisor_follows_the_round_decides_and_downloads(
    served: tuple[Round, str], page: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    round_, base = served
    shots = _shots(tmp_path)
    _upload(page, base + round_.link(0), round_.good)
    _upload(page, base + round_.link(1), round_.bad)  # 西街道 sends a return out of balance
    page.goto(base + "/admin")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(base + "/admin/rounds/2025")
    rows = page.locator("table.offices tbody tr")
    assert rows.count() == 3
    assert "西街道" in rows.nth(0).inner_text() and "有错误" in rows.nth(0).inner_text()
    assert "<script>" in page.inner_text("table.offices")  # the name shown, not run
    assert "已通过" in page.inner_text("#counts") or "仅有警告" in page.inner_text("#counts")
    page.screenshot(path=str(shots / "admin-round.png"), full_page=False)
    with page.expect_navigation():
        rows.nth(0).locator("a").click()
    decision = page.locator("form.decide").first
    decision.locator("select[name=status]").select_option("to_fix")
    decision.locator("input[name=note]").fill("请核对本年新收申请数")
    with page.expect_navigation():
        decision.locator("button").click()
    saved = page.locator("form.decide").first
    assert saved.locator("select[name=status]").input_value() == "to_fix"
    assert saved.locator("input[name=note]").input_value() == "请核对本年新收申请数"
    page.screenshot(path=str(shots / "admin-office.png"), full_page=False)
    page.goto(base + "/admin/rounds/2025")
    with page.expect_download() as info:
        page.click("text=下载汇总表")
    rollup = tmp_path / "汇总.xlsx"
    info.value.save_as(str(rollup))
    book = load_workbook(rollup, read_only=True)
    assert len(book.sheetnames) >= 2
    # the office sees the decision on its own page
    page.goto(base + round_.link(1))
    assert "需修改：请核对本年新收申请数" in page.inner_text("#result")


DROP = """([name, b64]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name));
  return transfer;
}"""


def test_a_return_dropped_on_the_upload_box_is_checked(
    served: tuple[Round, str], page: Any
) -> None:
    import base64

    round_, base = served
    page.goto(base + round_.link(2))
    payload = [round_.bad.name, base64.b64encode(round_.bad.read_bytes()).decode()]
    transfer = page.evaluate_handle(DROP, payload)
    page.dispatch_event("#upload", "dragover", {"dataTransfer": transfer})
    assert "over" in (page.get_attribute("#upload", "class") or "")  # the box lights up
    page.dispatch_event("#upload", "drop", {"dataTransfer": transfer})
    page.wait_for_url("**?msg=**")
    assert "已收到报表（第 1 版）" in page.inner_text(".notice")
    assert "A301" in page.inner_text("#result")
    assert "<script>" in page.inner_text(".status")  # the office's name, shown as text
