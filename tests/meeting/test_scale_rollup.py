"""The roll-up of 200 offices, printed by LibreOffice: the tables, not the per-office data."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from meeting.rollup_offices import OFFICES_SHEET
from meeting.rollup_sheets import FINDINGS_SHEET, OVERVIEW_SHEET, write_rollup
from tests.meeting.conftest import Corpus
from tests.support.libreoffice import convert
from tests.support.pdf import page_sizes, page_text


def page_text_all(pdf: Path) -> list[str]:
    return ["".join(page_text(pdf, n).split()) for n in range(1, len(page_sizes(pdf)) + 1)]


pytestmark = [pytest.mark.slow, pytest.mark.libreoffice]


def test_200_offices_print_without_the_per_office_data(corpus: Corpus, tmp_path: Path) -> None:
    path = write_rollup(corpus.report, tmp_path / "汇总.xlsx") and tmp_path / "汇总.xlsx"
    book = load_workbook(path)
    assert book[OFFICES_SHEET].sheet_state == "hidden"  # still there, unhidden on request
    assert book[FINDINGS_SHEET].sheet_state == "hidden"  # printed from the register instead
    notes = [str(c.value) for c in book[OVERVIEW_SHEET]["A"] if c.value]
    assert any(f"“{OFFICES_SHEET}”工作表" in v and "打印整个工作簿时不打印" in v for v in notes)
    assert any(f"“{FINDINGS_SHEET}”工作表" in v and "打印整个工作簿时不打印" in v for v in notes)
    [pdf] = convert([path], tmp_path, target="pdf")
    # before: 939 pages, 918 of them 各单位数据, then 44 with 问题清单 and every office listed;
    # now 汇总说明 (one page), the cover and three tables, 校验 and 图表
    pages = page_text_all(pdf)
    assert len(pages) <= 12
    assert "未计入汇总的文件" in pages[0] and "汇总范围" in pages[0]
    assert not any("计入汇总的单位（" in p for p in pages)  # the list of 154 is not printed
    assert not any(p.startswith("文件单位级别规则") for p in pages)  # nor 问题清单
