"""Two hundred offices in one meeting: the HTML report puts failures first, links each to
its findings and back, filters and searches offline, and prints the overview on a few
A4 pages with only the failing offices' details after it."""

from __future__ import annotations

from pathlib import Path

from checker.report.html import render_html, write_html
from checker.results import FileReport, Report
from tests.meeting.browser import page_text, pdf_pages, print_pdf
from tests.meeting.sample_reports import clean_values, sample_report

OFFICES = 200
FAILING = 12


def _meeting_of_200() -> Report:
    sample = sample_report()
    broken = next(fr for fr in sample.files if fr.status == "fail")
    report = Report()
    for i in range(OFFICES):
        unit = f"某某市第{i:03d}局"
        if (
            i % (OFFICES // FAILING) == 7
            and len([f for f in report.files if f.status == "fail"]) < FAILING
        ):
            report.files.append(
                FileReport(
                    f"回收/{unit}.xlsx", "fail", "2021", "1.0.0", 2024, unit,
                    findings=list(broken.findings), values=broken.values,
                )
            )  # fmt: skip
        else:
            values = clean_values(new=3 + i % 40)
            report.files.append(
                FileReport(f"回收/{unit}.xlsx", "pass", "2021", "1.0.0", 2024, unit, values=values)
            )
    return report


def test_failing_offices_come_first_and_link_both_ways() -> None:
    report = _meeting_of_200()
    html = render_html(report)
    failing = [i for i, fr in enumerate(report.files, 1) if fr.status == "fail"]
    overview = html.split('<table class="overview">', 1)[1].split("</table>", 1)[0]
    first_rows = [
        int(r.split('id="row-', 1)[1].split('"', 1)[0]) for r in overview.split("<tr ")[1:]
    ]
    assert first_rows[: len(failing)] == failing  # the failing ones, in input order, first
    for i in failing:
        assert f'href="#office-{i}"' in overview and f'href="#row-{i}"' in html
    assert html.count('<section class="office') == len(failing)  # passing: one line each
    assert html.count('<li data-state="pass"') == OFFICES - len(failing)


def test_the_format_column_is_short() -> None:
    html = render_html(_meeting_of_200())
    assert '<td class="fmt" title="2021 格式（国办公开办函〔2021〕30号）">2021 格式</td>' in html


def test_the_difference_reads_as_more_or_less() -> None:
    text = page_text(render_html(sample_report())).text
    assert "少 1" in text and "差 -1" not in text


def test_the_overview_of_200_offices_prints_on_at_most_six_pages(tmp_path: Path) -> None:
    page = write_html(_meeting_of_200(), tmp_path / "报告.html")
    pdf = print_pdf(page, tmp_path / "报告.pdf")
    import subprocess

    pages = pdf_pages(pdf)
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout
        for n in range(1, len(pages) + 1)
    ]  # fmt: skip
    details = next(n for n, text in enumerate(texts, 1) if "各单位问题明细" in text)
    assert details <= 7  # the overview (and the roster-free headline) in six pages at most
    assert len(pages) <= details + FAILING  # then the failing offices, a page each at most
    printed = "".join(texts)
    assert "某某市第007局" in printed and "返回总体情况" not in printed


def test_search_and_filter_work_offline_in_chromium(tmp_path: Path) -> None:
    from tests.meeting.browser import FLAGS, require_chromium

    exe = require_chromium()
    from playwright.sync_api import sync_playwright

    page_file = write_html(_meeting_of_200(), tmp_path / "报告.html")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=list(FLAGS))
        try:
            page = browser.new_page(viewport={"width": 1024, "height": 768})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_file.as_uri())
            page.fill("#find", "第05")
            assert page.inner_text("#shown") == "显示 10 个文件"  # 第050局 … 第059局
            page.fill("#find", "")
            page.select_option("#state", "fail")
            assert page.inner_text("#shown") == f"显示 {FAILING} 个文件"
            assert page.locator("table.overview tbody tr:visible").count() == FAILING
            assert errors == []  # the script ran under the page's own CSP
        finally:
            browser.close()
