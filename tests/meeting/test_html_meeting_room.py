"""The HTML report in the meeting room: the balance chart, two returns of one office,
the roster in the headline, decisions and 修改情况, and printing on A4 (Chromium PDF)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from checker.report.html import render_html, write_html
from checker.results import (
    CellChange,
    Decision,
    FileReport,
    Finding,
    Report,
    Resubmission,
    RosterSummary,
)
from tests.meeting.browser import page_text, pdf_pages, pdf_words, print_pdf
from tests.meeting.sample_reports import clean_values, sample_report

A4 = (595.0, 842.0)  # points, give or take a point


def _chart_totals(html: str) -> list[str]:
    """The totals written after the bars of the first chart, top to bottom."""
    first = html.split("<svg", 2)[1]
    return re.findall(r'<text x="[\d.]+" y="[\d.]+">([\d.]+)</text>', first)


def meeting_report() -> Report:
    """The sample, a second return of 东区, a roster, decisions and a resubmission."""
    report = sample_report()
    again = FileReport(
        "in/东区-更正.xlsx", "pass", "2021", "1.0.0", 2024, "东区政府办", values=clean_values(new=6)
    )
    report.files.insert(1, again)
    broken = report.files[3]
    broken.findings = [replace(broken.findings[0], decision=Decision("to_fix", "下周一前更正"))]
    broken.resubmission = Resubmission(
        "第一轮/坏.xlsx",
        changes=[
            CellChange("三、收到和处理政府信息公开申请情况", "D7", "二、上年结转", "自然人", 0, 1)
        ],
        new=[broken.findings[0]],
    )
    report.roster = RosterSummary(
        roster="单位名单.csv",
        year=2024,
        expected=4,
        received=3,
        findings=[
            Finding("R601", "error", "北区政府办（001） 未报送", office="北区政府办"),
            Finding("R603", "error", "东区政府办 报送了 2 份文件", office="东区政府办"),
        ],
    )
    return report


def test_balance_chart_compares_both_sides_of_the_identity() -> None:
    # 东区: 一 5 + 2, 二 0 | outcomes 7, 四 0 → 7 and 7; 西区: 11 and 11;
    # 坏: 二 carried 1 more → 8 against 7 (the A301 the report lists)
    totals = _chart_totals(render_html(sample_report()))
    assert totals == ["7", "7", "11", "11", "8", "7"]
    text = page_text(render_html(sample_report())).text
    assert "上条为 一 + 二" in text and "下条为 三(七) + 四" in text
    assert "四、结转下年度继续办理" in text  # the legend names the carried-forward part


def test_two_returns_of_one_office_show_their_file_names() -> None:
    text = page_text(render_html(meeting_report())).text
    assert "东区政府办（东区.xlsx）" in text and "东区政府办（东区-更正.xlsx）" in text
    assert "西区政府办（" not in text  # a single return keeps its plain name


def test_roster_problems_are_counted_in_the_headline() -> None:
    html = render_html(meeting_report())
    headline = html.split("<h2>", 1)[0]
    assert "应报 4 个单位，已报 3 个，未报 1 个；名单核对发现 2 个错误，0 个警告" in headline


def test_decisions_and_changes_are_shown() -> None:
    text = page_text(render_html(meeting_report())).text
    assert "会议意见：需修改：下周一前更正" in text
    assert "修改情况" in text
    assert "与上一份报表（坏.xlsx）相比：改了 1 个单元格；已解决 0 个问题，新出现 1 个" in text
    assert "二、上年结转 自然人 D7 0 → 1" in text


def test_page_prints_on_a4_without_cutting_the_right_edge(tmp_path: Path) -> None:
    report = meeting_report()
    for i in range(12):  # a small region: a dozen more offices
        report.files.append(
            FileReport(
                f"in/第{i:02d}个单位的政府信息公开工作年度报告表格（最终修订稿）.xlsx",
                "pass",
                "2021",
                "1.0.0",
                2024,
                f"某某县第{i:02d}局",
                values=clean_values(new=3 + i),
            )
        )
    page = write_html(report, tmp_path / "报告.html")
    pdf = print_pdf(page, tmp_path / "报告.pdf")
    pages = pdf_pages(pdf)
    assert 2 <= len(pages) <= 8
    for width, height in pages:
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2
    words = pdf_words(pdf)
    assert words, "the PDF has text"
    overflowing = [w for w, right, page_width in words if right > page_width]
    assert overflowing == []
    printed = "".join(w for w, _, _ in words)
    assert "复议" in printed  # the overview's last column (行政复议 · 总计) made it onto the paper


def test_two_returns_with_the_same_file_name_show_their_folders() -> None:
    report = sample_report()
    report.files.insert(
        1,
        FileReport(
            "更正/东区.xlsx", "pass", "2021", "1.0.0", 2024, "东区政府办", values=clean_values()
        ),
    )
    report.files[0].path = "回收/东区.xlsx"
    text = page_text(render_html(report)).text
    assert "东区政府办（回收/东区.xlsx）" in text and "东区政府办（更正/东区.xlsx）" in text
    html = render_html(report)
    assert "1. 东区政府办（回收/东区.xlsx）" in html  # the chart, numbered as in the overview
