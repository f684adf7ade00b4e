"""The roll-up of 200 offices, printed by LibreOffice: the tables, not the per-office data."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from meeting.rollup_offices import OFFICES_SHEET
from meeting.rollup_sheets import OVERVIEW_SHEET, write_rollup
from tests.meeting.conftest import Corpus
from tests.support.libreoffice import convert
from tests.support.pdf import page_sizes

pytestmark = [pytest.mark.slow, pytest.mark.libreoffice]


def test_200_offices_print_without_the_per_office_data(corpus: Corpus, tmp_path: Path) -> None:
    path = write_rollup(corpus.report, tmp_path / "汇总.xlsx") and tmp_path / "汇总.xlsx"
    book = load_workbook(path)
    assert book[OFFICES_SHEET].sheet_state == "hidden"  # still there, unhidden on request
    notes = [c.value for c in book[OVERVIEW_SHEET]["A"] if c.value]
    assert any("已隐藏，打印整个工作簿时不打印" in str(v) for v in notes)
    [pdf] = convert([path], tmp_path, target="pdf")
    # before: 939 pages, 918 of them 各单位数据; now the tables, 校验, 问题清单, 图表, 汇总说明
    assert len(page_sizes(pdf)) <= 25
