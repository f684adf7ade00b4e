"""The roll-up's 与上年比较 sheet (only with ``--prior``), printed on one A4 page.

Per figure of the ``year_figures`` role: this year's sum over the returns in the
roll-up, last year's sum over the priors of those returns (and how many had one),
the change and its rate. The returns without a prior are named with the reason.
"""

from __future__ import annotations

from typing import Any

from checker.report.figures import office_name
from checker.report.year_on_year import NO_PRIOR, has_prior, no_prior_reason, totals
from checker.results import Report
from common.safe_output import neutralize_formula
from common.terminal_text import printable
from meeting.rollup import Rollup
from meeting.rollup_offices import page_setup
from meeting.row_heights import row_points

YEAR_SHEET = "与上年比较"
HEADERS = ("指标", "本年汇总", "同口径本年", "上年汇总", "上年有数据的单位", "变化", "变化率")
WIDTHS = (30, 10, 10, 10, 10, 9, 9)
LISTED = 25  # offices without a prior named on the page; more are counted
FONT = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}


def _formats(book: Any) -> dict[str, Any]:
    cell = {**FONT, "border": 1}
    return {
        "title": book.add_format({"font_name": "宋体", "font_size": 14, "bold": True}),
        "note": book.add_format({**FONT, "text_wrap": True, "valign": "top"}),
        "head": book.add_format({**cell, "bold": True, "text_wrap": True, "align": "center"}),
        "label": book.add_format({**cell, "text_wrap": True}),
        "number": book.add_format({**cell, "num_format": "0"}),
        "signed": book.add_format({**cell, "num_format": "+0;-0;0"}),
        "rate": book.add_format({**cell, "num_format": "+0.0%;-0.0%;0.0%"}),
    }


def _note(sheet: Any, row: int, text: str, style: Any) -> int:
    """A paragraph over the table's width, its row as tall as its wrapped lines."""
    last = len(HEADERS) - 1
    sheet.merge_range(row, 0, row, last, neutralize_formula(printable(text)), style)
    sheet.set_row(row, row_points(text, sum(WIDTHS), font_size=10))
    return row + 1


def write_year_sheet(writer: Any, plan: Rollup, report: Report) -> None:
    """The sheet, when the run had last year's returns (``--prior``)."""
    if report.prior is None or plan.spec is None:
        return
    book = writer.book
    sheet = book.add_worksheet(YEAR_SHEET)
    fmt = _formats(book)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.write_string(0, 0, "与上年比较（本年汇总与上年汇总）", fmt["title"])
    sheet.set_row(0, 24)
    rows = totals(plan.included, plan.spec)
    n = len(plan.included)
    m = rows[0].with_prior if rows else 0
    row = _note(
        sheet,
        1,
        f"本年汇总为计入汇总的 {n} 个单位之和；上年汇总为其中 {m} 个找到上年报告的单位的"
        f"上年数之和（上年报告：{report.prior}）；同口径本年为这 {m} 个单位的本年数之和。"
        "变化 = 同口径本年 − 上年汇总（没有上年数据的单位不算作增长）；"
        "变化率以上年汇总为基数，上年为 0 时空白。",
        fmt["note"],
    )
    row += 1
    for col, header in enumerate(HEADERS):
        sheet.write_string(row, col, header, fmt["head"])
    for t in rows:
        row += 1
        sheet.write_string(row, 0, t.label, fmt["label"])
        sheet.write_number(row, 1, t.this, fmt["number"])
        sheet.write_number(row, 2, t.matched, fmt["number"])
        sheet.write_number(row, 3, t.prior, fmt["number"])
        sheet.write_number(row, 4, t.with_prior, fmt["number"])
        sheet.write_number(row, 5, t.change, fmt["signed"])
        if t.prior:
            sheet.write_number(row, 6, t.change / t.prior, fmt["rate"])
        else:
            sheet.write_blank(row, 6, None, fmt["rate"])
    row = _missing(sheet, row + 2, plan, fmt["note"])
    page_setup(sheet, last_row=row, last_col=len(HEADERS) - 1, landscape=False, fit_height=1)


def _missing(sheet: Any, row: int, plan: Rollup, style: Any) -> int:
    """The returns of the sum that had no prior, with the reason (the first ``LISTED``)."""
    missing = [fr for fr in plan.included if not has_prior(fr)]
    if not missing:
        return row
    row = _note(sheet, row, f"{NO_PRIOR}的单位（{len(missing)} 个，不计入上年汇总）：", style)
    for fr in missing[:LISTED]:
        row = _note(sheet, row, f"{office_name(fr)}：{no_prior_reason(fr)}", style)
    if len(missing) > LISTED:
        row = _note(sheet, row, f"另有 {len(missing) - LISTED} 个，见 HTML 报告。", style)
    return row - 1
