"""与上年比较 (``--prior``): real returns of this year and last year, checked through the
real readers, compared in the HTML report (read back with lxml, looked at in Chromium)
and in the roll-up workbook (read back with openpyxl).

Three offices this year; last year's folder has two of them. 西区 has ten times more new
applications than last year (变化较大, the X503 threshold); 南区 has no prior (无上年数据).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook

from checker.batch import check_paths
from checker.options import CheckOptions
from checker.prior import load_prior
from checker.report.html import render_html, write_html
from checker.report.year_on_year import compared
from checker.results import FileReport, Report
from declaration.spec import load_spec
from meeting.rollup_sheets import write_rollup
from meeting.rollup_year import YEAR_SHEET
from tests.meeting.browser import require_chromium
from tests.meeting.sample_reports import clean_values

SPEC = load_spec("2021")
LABELS = [
    "主动公开：本年制发规范性文件",
    "本年新收申请",
    "上年结转申请",
    "行政复议总计",
    "行政诉讼总计",
]


def _inputs(new: int, issued: int, review: int, lawsuits: int) -> dict[str, int]:
    """A consistent return: every new application granted, nothing carried over."""
    return {
        "t3.new.natural": new,
        "t3.granted.natural": new,
        "t2.normative.issued": issued,
        "t2.normative.valid": 10 + issued,
        "t4.main.review_upheld": review,
        "t4.main.direct_upheld": lawsuits,
    }


# office -> (this year's inputs, last year's inputs or None)
OFFICES = {
    "东区政府办": (_inputs(10, 4, 2, 2), _inputs(4, 2, 1, 0)),
    "西区政府办": (_inputs(50, 0, 0, 0), _inputs(5, 0, 0, 0)),
    "南区政府办": (_inputs(3, 0, 0, 0), None),
}
# figure -> (本年, 上年, 变化, 变化率) of the batch
# this year (all three offices), this year of the two with a prior (南区 has none), last
# year, the change on the same basis (the two offices) and its rate
EXPECTED_TOTALS = {
    "主动公开：本年制发规范性文件": ("4", "4", "2", "+2", "+100%"),
    "本年新收申请": ("63", "60", "9", "+51", "+566.7%"),
    "上年结转申请": ("0", "0", "0", "0", "—"),
    "行政复议总计": ("2", "2", "1", "+1", "+100%"),
    "行政诉讼总计": ("2", "2", "0", "+2", "—"),
}


@dataclass(frozen=True)
class Run:
    report: Report
    html: Path
    rollup: Path


def _write_year(folder: Path, year: int, which: int) -> None:
    from template_builder.writer import build_template

    folder.mkdir(parents=True, exist_ok=True)
    for unit, values in OFFICES.items():
        if values[which] is not None:
            build_template(
                SPEC, year=year, path=folder / f"{unit}.xlsx", unit=unit, values=values[which]
            )


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("yoy")
    _write_year(root / "回收", 2025, 0)
    _write_year(root / "去年回收", 2024, 1)
    options = CheckOptions.of(jobs=1, progress=False)
    prior = load_prior(root / "去年回收", options)
    report = check_paths([root / "回收"], options=options, prior=prior)
    html = write_html(report, root / "报告.html")
    rollup = root / "汇总.xlsx"
    write_rollup(report, rollup)
    return Run(report, html, rollup)


def _doc(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def _text(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def test_every_return_passes_and_carries_last_years_values(run: Run) -> None:
    by_unit = {fr.unit: fr for fr in run.report.files}
    assert [fr.status for fr in run.report.files] == ["pass"] * 3
    assert Path(by_unit["东区政府办"].prior_path or "").name == "东区政府办.xlsx"
    assert by_unit["东区政府办"].prior_values["t3.new.total"] == 4
    assert by_unit["南区政府办"].prior_path is None and by_unit["南区政府办"].prior_values == {}


def test_prior_values_survive_pickling_packed(run: Run) -> None:
    fr = next(fr for fr in run.report.files if fr.prior_path)
    state = fr.__getstate__()
    assert "_packed_prior_values" in state and "prior_values" not in state
    back = pickle.loads(pickle.dumps(fr))
    assert back.prior_values == fr.prior_values and back.values == fr.values


def test_the_html_batch_table_says_this_year_last_year_and_the_change(run: Run) -> None:
    doc = _doc(run.html)
    [section_head] = doc.xpath('//section[@id="year-on-year"]/h2')
    assert _text(section_head) == "与上年比较"
    rows = doc.xpath('//table[contains(@class, "yoy-total")]/tbody/tr')
    found = {
        _text(r.xpath("./th")[0]): tuple(
            _text(r.xpath(f'./td[contains(@class, "{c}")]')[0])
            for c in ("this", "matched", "prior", "change", "ratio")
        )
        for r in rows
    }
    assert found == EXPECTED_TOTALS
    [head] = doc.xpath('//table[contains(@class, "yoy-total")]/thead/tr')
    assert "本年（3 个单位）" in _text(head) and "本年（其中有上年数据的 2 个单位）" in _text(head)
    assert "上年（2 个单位）" in _text(head) and "变化（同口径）" in _text(head)
    assert doc.xpath(
        '//figure[contains(@class, "chart")]//svg[contains(@aria-label, "本年与上年")]'
    )


def test_the_html_lists_the_large_change_and_the_office_without_prior(run: Run) -> None:
    doc = _doc(run.html)
    large = [_text(li) for li in doc.xpath('//ul[@class="yoy-large"]/li')]
    west = [fr.unit for fr in run.report.files].index("西区政府办") + 1
    assert large == [f"{west}. 西区政府办：本年新收申请 上年 5，本年 50（+45，+900%）"]
    offices = {
        _text(r.xpath('./td[@class="unit"]')[0]): r
        for r in doc.xpath('//table[contains(@class, "yoy-offices")]/tbody/tr')
    }
    assert set(offices) == set(OFFICES)
    east = offices["东区政府办"]
    cells = [_text(td) for td in east.xpath("./td")]
    # 序号, 单位, 上年报告, then 本年 / 上年 / 变化 (with %) per figure
    assert cells[2] == "东区政府办.xlsx"
    assert cells[3:6] == ["4", "2", "+2 +100%"]
    assert cells[6:9] == ["10", "4", "+6 +150%"]
    west_new = offices["西区政府办"].xpath('./td[contains(@class, "change")]')[1]
    assert "large" in west_new.get("class")
    south = _text(offices["南区政府办"])
    assert "无上年数据（上年回收的报告中没有该单位的 2024 年度报告）" in south


def test_the_rollup_sheet_compares_the_sums(run: Run) -> None:
    wb = load_workbook(run.rollup)
    sheet = wb[YEAR_SHEET]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0] in LABELS]
    assert [r[:7] for r in rows] == [
        ("主动公开：本年制发规范性文件", 4, 4, 2, 2, 2, 1),
        ("本年新收申请", 63, 60, 9, 2, 51, pytest.approx(51 / 9)),
        ("上年结转申请", 0, 0, 0, 2, 0, None),
        ("行政复议总计", 2, 2, 1, 2, 1, 1),
        ("行政诉讼总计", 2, 2, 0, 2, 2, None),
    ]
    text = " ".join(str(v) for r in sheet.iter_rows(values_only=True) for v in r if v)
    assert "南区政府办" in text and "无上年数据" in text
    assert sheet.page_setup.paperSize == 9 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (1, None) and sheet.page_setup.fitToHeight in (1, None)


def test_the_rollup_sheet_prints_on_one_a4_page(run: Run, tmp_path: Path) -> None:
    from tests.support.libreoffice import convert
    from tests.support.pdf import page_sizes, page_text

    wb = load_workbook(run.rollup)
    for sheet in list(wb.worksheets):  # print only the comparison (a hidden sheet prints)
        if sheet.title != YEAR_SHEET:
            wb.remove(sheet)
    only = tmp_path / "与上年比较.xlsx"
    wb.save(only)
    [pdf] = convert([only], tmp_path, target="pdf")
    assert page_sizes(pdf) == [(595, 842)]
    text = page_text(pdf, 1)
    assert all(label in text for label in LABELS)


def test_without_prior_nothing_changes(run: Run, tmp_path: Path) -> None:
    files = [
        FileReport(
            fr.path, fr.status, fr.format, fr.spec_version, fr.year, fr.unit, values=fr.values
        )
        for fr in run.report.files
    ]
    page = render_html(Report(files))
    assert "与上年比较" not in page and "yoy" not in page  # not even its style
    rollup = tmp_path / "汇总.xlsx"
    write_rollup(Report(files), rollup)
    assert YEAR_SHEET not in load_workbook(rollup).sheetnames


def test_a_2019_prior_is_compared_by_the_figures_ids() -> None:
    fr = FileReport(
        "in/东区.xlsx", "pass", "2021", "1.0.0", 2021, "东区", values=clean_values(new=8)
    )
    old = clean_values("2019", new=2)
    old["t2.normative.new_made"] = 3.0
    fr.prior_path, fr.prior_format, fr.prior_values = "上年/东区.xlsx", "2019", old
    got = {c.label: (c.this, c.prior) for c in compared(fr)}
    assert got["本年新收申请"] == (10.0, 4.0)  # 8 natural + 2 commercial, 2 + 2 last year
    assert got["主动公开：本年制发规范性文件"] == (0.0, 3.0)


def test_a_screenshot_of_the_section(run: Run, tmp_path: Path) -> None:
    exe = require_chromium()
    from playwright.sync_api import sync_playwright

    from tests.meeting.browser import FLAGS

    shot = tmp_path
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=list(FLAGS))
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(run.html.as_uri())
            assert page.locator("table.yoy-total").is_visible()
            assert "无上年数据" in page.inner_text("table.yoy-offices")
            page.locator("#year-on-year").screenshot(path=str(shot / "year-on-year.png"))
            assert errors == []  # no resource refused by the page's CSP
        finally:
            browser.close()
