"""The HTML report: a pure function of the Report, rendered by a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.report.html import render_html, write_html
from checker.results import Report
from common.safe_output import OutputError
from tests.meeting.browser import dump_dom, page_text, screenshot
from tests.meeting.sample_reports import HOSTILE_UNIT, sample_report


def test_workbook_strings_are_escaped() -> None:
    html = render_html(sample_report())
    assert html.count("<script") == 1  # the page's own search, allowed by its hash alone
    assert "&lt;script&gt;alert(1)&lt;/script&gt;[bold]" in html
    assert "Content-Security-Policy" in html


def test_page_is_self_contained() -> None:
    html = render_html(sample_report())
    for external in ("http://", "https://", "src=", "@import", "url("):
        assert external not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_empty_report_still_renders() -> None:
    text = page_text(render_html(Report())).text
    assert "共检查 0 个文件" in text


def test_finding_shows_identity_with_cells_and_numbers() -> None:
    text = page_text(render_html(sample_report())).text
    assert "A301 勾稽关系" in text
    assert "一 + 二 = D6 + D7 = 5 + 1 = 6" in text
    assert "三(七) + 四 = D29 + D30 = 5 + 0 = 5 少 1" in text


def test_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    source = tmp_path / "东区.xlsx"
    source.write_bytes(b"original")
    with pytest.raises(OutputError):
        write_html(sample_report(), source, protect=[source])
    assert source.read_bytes() == b"original"


def test_page_renders_in_chromium(tmp_path: Path) -> None:
    page = write_html(sample_report(), tmp_path / "报告.html")
    parsed = page_text(dump_dom(page))
    text = parsed.text
    assert parsed.tags.count("script") == 1  # the page's own; the hostile unit name stayed text
    assert HOSTILE_UNIT in text
    for office in ("东区政府办", "西区政府办", "乱码.xlsx"):
        assert office in text
    assert (
        "共检查 4 个文件：2 个通过，1 个不通过，1 个无法读取；2 个错误，0 个警告，1 个提示" in text
    )
    for verdict in ("通过", "不通过", "无法读取"):
        assert verdict in text
    assert (
        "三、收到和处理政府信息公开申请情况 · 一、本年新收政府信息公开申请数量 × 自然人 (D6)"
        in text
    )
    assert "各单位申请与办理结果" in text and "各规则发现的问题数" in text
    assert parsed.tags.count("svg") == 2
    png = screenshot(page, tmp_path / "报告.png")
    assert png.stat().st_size > 20_000  # a rendered page, not a blank one


def test_roster_section_lists_missing_and_duplicate_offices() -> None:
    from checker.results import Finding, RosterSummary

    report = sample_report()
    assert "名单核对" not in page_text(render_html(report)).text
    report.roster = RosterSummary(
        roster="单位名单.csv",
        year=2025,
        expected=3,
        received=2,
        findings=[
            Finding("R601", "error", "北区政府办（001） 未报送", office="北区政府办"),
            Finding("R603", "error", "<b>东区</b> 报送了 2 份文件", office="<b>东区</b>"),
        ],
    )
    html = render_html(report)
    parsed = page_text(html)
    assert "名单核对" in parsed.text
    assert "R601" in parsed.text and "北区政府办（001） 未报送" in parsed.text
    assert "<b>东区</b> 报送了 2 份文件" in parsed.text  # escaped, shown as text
    assert "&lt;b&gt;东区&lt;/b&gt;" in html and "<b>东区" not in html
