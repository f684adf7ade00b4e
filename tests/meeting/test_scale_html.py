"""The HTML report for 200 offices, printed by Chromium: the overview on a few pages, then
only the offices that did not pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.report.html import write_html
from tests.meeting.browser import pdf_pages, print_pdf, screenshot
from tests.meeting.conftest import Corpus
from tests.support.corpus import office
from tests.support.pdf import page_text

pytestmark = [pytest.mark.slow, pytest.mark.browser]

IMAGES = Path(__file__).parents[2] / "docs" / "images"


def _first_page_with(pdf: Path, pages: int, pattern: str) -> int:
    for number in range(1, pages + 1):
        if re.search(pattern, page_text(pdf, number), re.M):
            return number
    raise AssertionError(f"{pattern} 不在 PDF 中")


def test_200_offices_print_the_overview_on_at_most_6_pages(corpus: Corpus, tmp_path: Path) -> None:
    page = write_html(corpus.report, tmp_path / "报告.html")
    pdf = print_pdf(page, tmp_path / "报告.pdf")
    pages = len(pdf_pages(pdf))
    charts = _first_page_with(pdf, pages, r"^图表$")
    assert charts - 1 <= 6  # before: 75 pages in all, the overview in file-name order
    details = _first_page_with(pdf, pages, r"^各单位问题明细$")
    printed = "".join(page_text(pdf, n) for n in range(details, pages + 1))
    assert "007. " not in printed or office(7) in printed
    assert office(7) in printed and office(11) in printed  # failing offices have their details
    assert office(1) not in printed and office(2) not in printed  # passing ones are not printed
    assert pages <= 40, pages


def test_screenshot_for_the_readme(corpus: Corpus, tmp_path: Path) -> None:
    page = write_html(corpus.report, tmp_path / "报告.html")
    png = screenshot(page, tmp_path / "html-report.png", width=1366, height=768)
    assert png.stat().st_size > 20_000
    if IMAGES.is_dir():  # kept in the repository: docs/images/html-report.png
        (IMAGES / "html-report.png").write_bytes(png.read_bytes())
