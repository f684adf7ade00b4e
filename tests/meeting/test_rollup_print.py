"""The roll-up prints: A4 pages counted in LibreOffice's PDF, no internal id, official look."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from checker.results import FileReport, Finding, Report
from declaration.layout import cell_address
from declaration.spec import load_spec
from meeting.rollup_offices import OFFICES_SHEET, SUM_HEADER
from meeting.rollup_sheets import write_rollup
from template_builder.styles import INPUT_FILL
from tests.meeting.sample_reports import balance_finding, clean_values
from tests.support.libreoffice import convert
from tests.support.pdf import page_sizes

INTERNAL_ID = re.compile(r"\bt\d+\.[a-z_]+\.[a-z_]+\b")
A4 = [595, 842]
OFFICES = ("东区", "西区", "南区", "北区")


def four_offices() -> Report:
    """Four passing offices (5, 6, 7, 8 new applications), one with a warning; one failing."""
    spec = load_spec("2021")
    files = [
        FileReport(
            f"in/{name}.xlsx",
            "pass",
            "2021",
            "1.0.0",
            2024,
            f"{name}政府办",
            values=clean_values(new=5 + i),
        )  # fmt: skip
        for i, name in enumerate(OFFICES)
    ]
    files[1].findings.append(
        Finding("P402", "warning", "（六）其他处理占比偏高", spec.table("t3").title, "D24")
    )
    files.append(
        FileReport(
            "in/坏.xlsx",
            "fail",
            "2021",
            "1.0.0",
            2024,
            "坏区",
            findings=[balance_finding()],
            values=clean_values(),
        )  # fmt: skip
    )
    return Report(files)


@pytest.fixture(scope="module")
def rollup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rollup") / "汇总.xlsx"
    write_rollup(four_offices(), path)
    return path


def test_four_offices_print_on_at_most_twelve_a4_pages(rollup: Path, tmp_path: Path) -> None:
    [pdf] = convert([rollup], tmp_path, target="pdf")
    sizes = page_sizes(pdf)
    assert 0 < len(sizes) <= 12, f"打印 {len(sizes)} 页"
    assert all(sorted(size) == A4 for size in sizes)


def test_no_internal_id_is_visible_anywhere(rollup: Path) -> None:
    wb = load_workbook(rollup)
    seen = []
    for sheet in wb.worksheets:
        assert not INTERNAL_ID.search(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and INTERNAL_ID.search(cell.value):
                    seen.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
                if cell.comment is not None and INTERNAL_ID.search(cell.comment.text):
                    seen.append(f"{sheet.title}!{cell.coordinate} comment")
        footers = (sheet.oddFooter.center.text or "", sheet.oddFooter.left.text or "")
        assert not any(INTERNAL_ID.search(text) for text in footers)
        for validation in sheet.data_validations.dataValidation:
            assert not INTERNAL_ID.search(validation.prompt or "")
    assert seen == []


def test_every_sheet_has_a4_print_settings(rollup: Path) -> None:
    wb = load_workbook(rollup)
    for sheet in wb.worksheets:
        assert sheet.page_setup.paperSize == 9, sheet.title  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_setup.fitToWidth in (1, None), sheet.title
    assert wb[OFFICES_SHEET].print_title_rows == "$2:$5"


def test_summed_tables_look_like_the_official_tables(rollup: Path) -> None:
    spec = load_spec("2021")
    wb = load_workbook(rollup)
    for cell in spec.cells.values():
        sheet, row, col = cell_address(spec, cell.id)
        found = wb[sheet].cell(row + 1, col + 1)
        assert found.fill.fill_type is None, cell.id  # no "fill here" yellow, no grey
        assert found.protection.locked, cell.id
        assert INPUT_FILL.lstrip("#") not in str(found.fill.start_color.rgb)
        assert found.font.b == cell.is_total, cell.id
    for sheet in wb.worksheets:
        assert sheet.data_validations.dataValidation == [], sheet.title  # no input prompts


def test_per_office_data_one_row_per_cell_one_column_per_office(rollup: Path) -> None:
    wb = load_workbook(rollup)
    sheet = wb[OFFICES_SHEET]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[1]
    assert header == ["单位", None, *[f"{n}政府办" for n in OFFICES], "坏区", SUM_HEADER]
    assert rows[4] == ["计入汇总", None, "是", "是", "是", "是", "否", "4 个"]
    titles = [r[0] for r in rows[5:] if r[0] and r[1] is None]  # merged title rows
    assert titles == [t.title for t in load_spec("2021").tables]
    natural = [r for r in rows if r[0] == "一、本年新收政府信息公开申请数量" and r[1] == "自然人"]
    assert [r[2:] for r in natural] == [[5, 6, 7, 8, 5, 26]]
    secret = [r for r in rows if r[0] == "（三）不予公开 · 1.属于国家秘密" and r[1] == "商业企业"]
    assert len(secret) == 1
    assert len([r for r in rows[5:] if r[1]]) == len(load_spec("2021").cells)


def test_many_offices_print_across_pages_with_the_labels_repeated(tmp_path: Path) -> None:
    files = [
        FileReport(
            f"in/{i:02d}.xlsx",
            "pass",
            "2021",
            "1.0.0",
            2024,
            f"第{i:02d}街道",
            values=clean_values(),
        )
        for i in range(12)
    ]
    path = tmp_path / "汇总.xlsx"
    write_rollup(Report(files), path)
    sheet = load_workbook(path)[OFFICES_SHEET]
    assert sheet.page_setup.orientation == "landscape"
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage  # not squeezed into one page wide
    assert sheet.print_title_cols == "$A:$B" and sheet.print_title_rows == "$2:$5"
    assert [sheet.cell(2, c).value for c in (3, 14, 15)] == ["第00街道", "第11街道", SUM_HEADER]
