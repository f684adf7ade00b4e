"""The sheets of the roll-up workbook (pandas ExcelWriter on xlsxwriter).

The official tables are written by the template's own table-sheet writer at the
positions of ``declaration.layout``; the other sheets are plain lists.
Every text that came from a workbook goes through ``neutralize_formula``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from checker.registry import registry
from checker.report.figures import (
    cell_caption,
    identity_text,
    new_applications_cell,
    office_name,
    outcome_breakdown,
)
from checker.results import SEVERITY_WORDS, Report
from common.safe_output import atomic_output, neutralize_formula
from common.terminal_text import printable
from declaration.identity import CHECK_SHEET, COVER_SHEET
from declaration.layout import quote_sheet, sheet_layouts
from meeting.rollup import Rollup, plan_rollup
from meeting.rollup_offices import (
    HIDDEN_NOTE,
    OFFICES_SHEET,
    PRINT_UP_TO,
    page_setup,
    write_offices,
)
from meeting.rollup_year import write_year_sheet
from meeting.row_heights import fitting_height, row_points
from template_builder.sheet_checks import add_alerts, write_check_sheet
from template_builder.sheet_cover import cover_values, write_cover_sheet
from template_builder.sheet_tables import write_table_sheet
from template_builder.styles import make_styles
from template_builder.writer import computed_values

MAX_CELL_TEXT = 32_000  # Excel holds 32,767 characters in a cell; the guard "'" may be added
OVERVIEW_SHEET = "汇总说明"
FINDINGS_SHEET = "问题清单"
CHARTS_SHEET = "图表"
CHARTS_ON_ONE_PAGE = 30  # offices; a longer data list prints on more pages
CHART_WIDTHS = (24, 16)
COVERAGE_ON_ONE_PAGE = 90  # rows of 汇总说明 still legible when shrunk onto one page
FINDINGS_HIDDEN_NOTE = (
    "“{sheet}”工作表（{offices} 份报表的问题）已隐藏，打印整个工作簿时不打印；"
    "会上打印审核意见表或检查报告，需要时右键工作表标签，选“取消隐藏”。"
)
INCLUDED_NOTE = "计入汇总的 {offices} 个单位列于本表下方，屏幕查看，不打印。"


def _text(value: object) -> object:
    """Workbook text made safe; numbers and blanks pass through."""
    if isinstance(value, str):
        return neutralize_formula(printable(value[:MAX_CELL_TEXT]))
    return value


def _frame(rows: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return frame.map(_text) if not frame.empty else frame


def _file_name(shown: str) -> str:
    return neutralize_formula(printable(shown))


# -- overview ---------------------------------------------------------------------


OVERVIEW_WIDTHS = (6, 26, 26, 44)
OVERVIEW_FONT = 9


def _overview_lines(plan: Rollup, offices: int) -> list[str]:
    lines = [plan.summary()]
    lines += plan.coverage() if plan.spec is not None else []
    if plan.spec is not None:
        lines.append(f"格式：{plan.spec.format} 格式（{plan.spec.document}）")
    lines.append("各表数据为下列计入汇总的单位逐格相加之和；未通过校验的报表不计入。")
    if plan.spec is not None and len(plan.same_format) > PRINT_UP_TO:
        lines.append(HIDDEN_NOTE.format(sheet=OFFICES_SHEET, offices=len(plan.same_format)))
    if offices > PRINT_UP_TO:
        lines.append(FINDINGS_HIDDEN_NOTE.format(sheet=FINDINGS_SHEET, offices=offices))
    if len(plan.included) > PRINT_UP_TO:
        lines.append(INCLUDED_NOTE.format(offices=len(plan.included)))
    return lines


def _fit_rows(sheet: Any, first: int, frame: pd.DataFrame) -> None:
    """Rows of a written frame (header at ``first``) as tall as their wrapped text."""
    for i, values in enumerate(frame.itertuples(index=False), start=first + 1):
        sheet.set_row(i, fitting_height(list(values), OVERVIEW_WIDTHS, OVERVIEW_FONT))


def write_overview(writer: Any, plan: Rollup, offices: int) -> None:
    """What the roll-up holds (A4 portrait, every line wrapped within the page): what is
    missing from the sum first, then the offices in it. With more than ``PRINT_UP_TO``
    offices in the sum their list is outside the print area: the sheet prints as the
    coverage page (one page tall while it stays legible), the list is read on screen."""
    book = writer.book
    sheet = book.add_worksheet(OVERVIEW_SHEET)
    wrap = book.add_format({"text_wrap": True, "valign": "top", "font_size": OVERVIEW_FONT})
    title = book.add_format({"bold": True, "font_size": 14})
    for col, width in enumerate(OVERVIEW_WIDTHS):
        sheet.set_column(col, col, width, wrap)
    last_col = len(OVERVIEW_WIDTHS) - 1
    sheet.write_string(0, 0, "政府信息公开工作年度报告 汇总表", title)
    sheet.set_row(0, 22)
    full = sum(OVERVIEW_WIDTHS)
    lines = _overview_lines(plan, offices)
    for row, line in enumerate(lines, start=1):
        sheet.merge_range(row, 0, row, last_col, line, wrap)
        sheet.set_row(row, row_points(line, full, OVERVIEW_FONT))
    included = _frame(
        [
            {"序号": i, "文件": _file_name(fr.file_name), "单位": office_name(fr), "年度": fr.year}
            for i, fr in enumerate(plan.included, 1)
        ],
        ["序号", "文件", "单位", "年度"],
    )
    excluded = _frame(
        [
            {
                "序号": i,
                "文件": _file_name(x.file_name or Path(x.path).name),
                "单位": x.office,
                "未计入原因": x.reason,
            }
            for i, x in enumerate(plan.excluded, 1)
        ],
        ["序号", "文件", "单位", "未计入原因"],
    )
    row = len(lines) + 2
    sheet.write_string(row, 0, f"未计入汇总的文件（{len(plan.excluded)} 个）")
    excluded.to_excel(writer, sheet_name=OVERVIEW_SHEET, startrow=row + 1, index=False)
    _fit_rows(sheet, row + 1, excluded)
    row += len(excluded) + 3
    printed_to = row - 2
    sheet.write_string(row, 0, f"计入汇总的单位（{len(plan.included)} 个）")
    included.to_excel(writer, sheet_name=OVERVIEW_SHEET, startrow=row + 1, index=False)
    _fit_rows(sheet, row + 1, included)
    if len(plan.included) <= PRINT_UP_TO:
        printed_to = row + len(included) + 1
    page_setup(
        sheet,
        last_row=printed_to,
        last_col=last_col,
        landscape=False,
        fit_height=1 if printed_to <= COVERAGE_ON_ONE_PAGE else 0,
    )


# -- findings ---------------------------------------------------------------------

FINDING_COLUMNS = [
    "文件", "单位", "级别", "规则", "名称", "工作表", "单元格",
    "行", "列", "说明", "应为", "实为", "差", "等式",
]  # fmt: skip
FINDING_WIDTHS = (14, 14, 5, 6, 12, 16, 7, 16, 12, 34, 6, 6, 5, 30)
FINDING_FONT = 9


def _finding_rows(report: Report) -> list[dict[str, object]]:
    rules = registry()
    rows: list[dict[str, object]] = []
    for fr in report.files:
        for f in fr.findings:
            info = rules.get(f.rule)
            values = [
                _file_name(fr.file_name), office_name(fr), SEVERITY_WORDS.get(f.severity, f.severity),
                f.rule, info.title if info else "", f.sheet, f.cell, f.row_label, f.col_label,
                f.message, f.expected, f.found, f.difference, identity_text(f),
            ]  # fmt: skip
            rows.append(dict(zip(FINDING_COLUMNS, values, strict=True)))
    return rows


def write_findings(writer: Any, report: Report) -> None:
    frame = _frame(_finding_rows(report), FINDING_COLUMNS)
    for column in ("应为", "实为"):  # mixed numbers and text: keep as objects
        frame[column] = frame[column].astype(object)
    frame.to_excel(writer, sheet_name=FINDINGS_SHEET, index=False)
    sheet = writer.sheets[FINDINGS_SHEET]
    wrap = writer.book.add_format({"text_wrap": True, "valign": "top", "font_size": FINDING_FONT})
    for col, width in enumerate(FINDING_WIDTHS):
        sheet.set_column(col, col, width, wrap)
    sheet.set_row(0, fitting_height(FINDING_COLUMNS, FINDING_WIDTHS, FINDING_FONT))
    for i, values in enumerate(frame.itertuples(index=False), start=1):  # no overlap on paper
        sheet.set_row(i, fitting_height(list(values), FINDING_WIDTHS, FINDING_FONT))
    sheet.autofilter(0, 0, max(len(frame), 1), len(FINDING_COLUMNS) - 1)
    sheet.freeze_panes(1, 0)
    page_setup(sheet, last_row=len(frame), last_col=len(FINDING_COLUMNS) - 1, landscape=True)
    sheet.repeat_rows(0, 0)
    if len(report.files) > PRINT_UP_TO:  # hundreds of pages: printed from the register
        sheet.print_area_range = ""  # LibreOffice prints a hidden sheet that has a print area
        sheet.hide()


# -- charts -----------------------------------------------------------------------


def write_charts(writer: Any, plan: Rollup) -> None:
    """A data table per office and two native charts built on it."""
    spec = plan.spec
    if spec is None or not plan.same_format:
        return
    categories = [label for label, _ in outcome_breakdown(spec, {})]
    new_cell = new_applications_cell(spec)
    new_caption = cell_caption(spec, new_cell)
    rows = [
        [office_name(fr), fr.values.get(new_cell, 0.0)]
        + [v for _, v in outcome_breakdown(spec, fr.values)]
        for fr in plan.same_format
    ]
    frame = pd.DataFrame(rows, columns=["单位", new_caption, *categories]).map(_text)
    frame.to_excel(writer, sheet_name=CHARTS_SHEET, index=False)
    sheet = writer.sheets[CHARTS_SHEET]
    sheet.set_column(0, 0, CHART_WIDTHS[0])
    sheet.set_column(1, len(categories) + 1, CHART_WIDTHS[1])
    head = writer.book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "border": 1, "font_size": 11}
    )
    headers = [str(c) for c in frame.columns]
    for col, text in enumerate(headers):  # long labels wrap inside their cell on paper
        sheet.write_string(0, col, text, head)
    widths = [CHART_WIDTHS[0]] + [CHART_WIDTHS[1]] * (len(headers) - 1)
    sheet.set_row(0, fitting_height(headers, widths, 11))
    name, last = quote_sheet(CHARTS_SHEET), len(rows)
    book = writer.book
    applications = book.add_chart({"type": "column"})
    applications.add_series(
        {
            "name": [CHARTS_SHEET, 0, 1],
            "categories": f"={name}!$A$2:$A${last + 1}",
            "values": f"={name}!$B$2:$B${last + 1}",
        }
    )
    applications.set_title({"name": "各单位本年新收申请"})
    applications.set_legend({"none": True})
    sheet.insert_chart(last + 3, 0, applications, {"x_scale": 1.6, "y_scale": 1.2})
    outcomes = book.add_chart({"type": "bar", "subtype": "stacked"})
    for i in range(len(categories)):
        outcomes.add_series(
            {
                "name": [CHARTS_SHEET, 0, 2 + i],
                "categories": [CHARTS_SHEET, 1, 0, last, 0],
                "values": [CHARTS_SHEET, 1, 2 + i, last, 2 + i],
            }
        )
    outcomes.set_title({"name": "各单位办理结果构成"})
    outcomes.set_legend({"position": "bottom"})
    sheet.insert_chart(last + 22, 0, outcomes, {"x_scale": 1.6, "y_scale": 1.6})
    few = len(rows) <= CHARTS_ON_ONE_PAGE
    page_setup(
        sheet,
        last_row=last + 45,
        last_col=len(categories) + 1,
        landscape=False,
        fit_height=1 if few else 0,
    )


# -- the official tables ------------------------------------------------------------


def write_tables(writer: Any, plan: Rollup, region: str | None, code: str | None = None) -> None:
    """封面, one sheet per table and 校验, exactly as the template lays them out.

    The summed inputs are written as numbers; totals keep the template's
    formulas (with the summed values cached), so the roll-up checks itself.
    """
    spec = plan.spec
    if spec is None:
        return
    book = writer.book
    styles = make_styles(book, finished=True)
    unit = region or f"汇总（{len(plan.included)} 个单位）"
    year = plan.year or 0
    inputs: dict[str, object] = {c.id: plan.values[c.id] for c in spec.input_cells()}
    computed = computed_values(spec, inputs)
    cover = cover_values(spec, year=year, unit=unit, code=code, extra={})
    write_cover_sheet(
        book.add_worksheet(COVER_SHEET),
        spec,
        styles,
        values=cover,
        lock_unit=True,
        password=None,
        finished=True,
    )
    write_cover_coverage(book.worksheets()[-1], spec, styles, plan)
    layouts = sheet_layouts(spec)
    for table in spec.tables:
        layout = layouts[table.id]
        sheet = book.add_worksheet(layout.sheet_name)
        write_table_sheet(
            sheet, spec, table, layout, styles,
            values=inputs, computed=computed, unit=unit, year=year, password=None,
            finished=True,
        )  # fmt: skip
        add_alerts(sheet, spec, layout, styles)
    write_check_sheet(
        book.add_worksheet(CHECK_SHEET), spec, styles, computed=computed, unit=unit, password=None
    )


def write_cover_coverage(sheet: Any, spec: Any, styles: Any, plan: Rollup) -> None:
    """The roll-up's cover says what the sum covers: who is in it, who is missing or
    left out, whether it is complete (below the cover's fields, inside the print area)."""
    from declaration.layout import cover_positions
    from template_builder.sheet_common import print_setup
    from template_builder.sheet_cover import HINT_COL

    row = max(r for r, _ in cover_positions(spec).values()) + 2
    for line in plan.coverage():
        height = 20 * (1 + len(line) // 60)  # about 60 characters a line across the cover
        sheet.set_row(row, height)
        sheet.merge_range(row, 0, row, HINT_COL, neutralize_formula(line), styles.text)
        row += 1
    print_setup(sheet, landscape=False, unit=None, last_row=row, last_col=HINT_COL)


def write_all(
    writer: Any, plan: Rollup, report: Report, region: str | None, code: str | None = None
) -> None:
    """Every sheet of the roll-up, in reading order."""
    write_overview(writer, plan, len(report.files))
    write_tables(writer, plan, region, code)
    write_year_sheet(writer, plan, report)
    write_offices(writer, plan)
    write_findings(writer, report)
    write_charts(writer, plan)
    writer.book.worksheets()[0].activate()


def write_rollup(
    report: Report,
    target: Path | str,
    *,
    protect: Iterable[Path | str] = (),
    fmt: str | None = None,
    region: str | None = None,
    code: str | None = None,
) -> Rollup:
    """Write the roll-up workbook atomically and return what it holds.

    ``region`` and ``code`` name the roll-up on its cover (default "汇总（N 个单位）",
    no code): a named roll-up is a return for the next level.
    """
    plan = plan_rollup(report, fmt)
    with (
        atomic_output(target, protect) as tmp,
        pd.ExcelWriter(
            tmp,
            engine="xlsxwriter",
            engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
        ) as writer,
    ):
        write_all(writer, plan, report, region, code)
    return plan
