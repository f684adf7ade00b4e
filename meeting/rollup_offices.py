"""The roll-up's per-office data, laid out for paper, and print setup of its lists.

One row per value cell (grouped under the table's title, labelled with the
spec's row and column labels), one column per office and a last column with
the roll-up's sum. The office, file, verdict and "counted" lines are header
rows repeated on every printed page. No internal cell id is shown.
"""

from __future__ import annotations

import math
from typing import Any

from checker.report.figures import office_name, verdict
from common.safe_output import neutralize_formula
from common.terminal_text import printable
from declaration.spec import CellSpec, FormSpec
from meeting.rollup import Rollup
from template_builder.sheet_common import A4, footer_text
from template_builder.styles import NUMBER_FORMATS, text_width

OFFICES_SHEET = "各单位数据"
TITLE = "各单位数据（每个单元格一行，每个单位一列）"
HEADER_LINES = ("单位", "文件", "结论", "计入汇总")
SUM_HEADER = "汇总（计入汇总的单位之和）"
ROW_LABEL_WIDTH = (16, 56)
COL_LABEL_WIDTH = (10, 26)
SMALL_TEXT = 0.85  # a 9-point character takes this many of Excel's width units per unit
OFFICE_WIDTH = 12
FIT_WIDTH_UP_TO = 8  # offices; more columns print across pages with the labels repeated
PRINT_UP_TO = 20  # offices; with more the sheet is hidden, so that printing the workbook
# gives the official tables, not hundreds of pages of data (unhide it to read or print it)
HIDDEN_NOTE = (
    "“{sheet}”工作表（{offices} 个单位的逐格数据）已隐藏，打印整个工作簿时不打印；"
    "需要时右键工作表标签，选“取消隐藏”。"
)
FIRST_HEADER_ROW = 1
FONT_SIZE = 9
LINE_POINTS = 12.0


def row_label(cell: CellSpec) -> str:
    """The row's label; with its group when the row is a numbered item of a group."""
    path = cell.row_path
    if len(path) >= 3:
        return f"{path[-2]} · {path[-1]}"
    return path[-1] if path else ""


def col_label(spec: FormSpec, cell: CellSpec) -> str:
    """The column's label; with its group when the same label is used twice in the table."""
    leaf = cell.col_label
    same = {c.col for c in spec.cells.values() if c.table == cell.table and c.col_label == leaf}
    if len(same) > 1 and len(cell.col_path) > 1:
        return f"{cell.col_path[-2]} · {leaf}"
    return leaf


def _width(texts: list[str], bounds: tuple[int, int]) -> int:
    wanted = max((text_width(t) for t in texts), default=0) * SMALL_TEXT + 2
    return int(min(max(wanted, bounds[0]), bounds[1]))


def _lines(text: str, width: float) -> int:
    """Lines a 9-point label takes in a column ``width`` units wide."""
    return max(1, math.ceil(text_width(text) * SMALL_TEXT / max(width - 1.5, 1.0)))


def _formats(book: Any) -> dict[str, Any]:
    base = {"font_name": "宋体", "font_size": FONT_SIZE, "valign": "vcenter", "border": 1}
    formats = {
        "title": book.add_format({"font_name": "宋体", "font_size": 14, "bold": True}),
        "head": book.add_format({**base, "bold": True, "text_wrap": True, "align": "center"}),
        "head_left": book.add_format({**base, "bold": True, "text_wrap": True}),
        "table": book.add_format({**base, "bold": True}),
        "label": book.add_format({**base, "text_wrap": True}),
    }
    for kind, num in NUMBER_FORMATS.items():
        formats[kind] = book.add_format({**base, "num_format": num})
        formats["sum_" + kind] = book.add_format({**base, "num_format": num, "bold": True})
    return formats


def _header_values(plan: Rollup) -> list[list[str]]:
    included = {fr.path for fr in plan.included}
    return [
        [neutralize_formula(printable(office_name(fr))) for fr in plan.same_format] + [SUM_HEADER],
        [neutralize_formula(printable(fr.file_name)) for fr in plan.same_format] + [""],
        [verdict(fr) for fr in plan.same_format] + [""],
        ["是" if fr.path in included else "否" for fr in plan.same_format]
        + [f"{len(plan.included)} 个"],
    ]


def write_offices(writer: Any, plan: Rollup) -> None:
    """The per-office sheet: a list to read, filter and print."""
    spec = plan.spec
    if spec is None:
        return
    book = writer.book
    sheet = book.add_worksheet(OFFICES_SHEET)
    fmt = _formats(book)
    cells = list(spec.cells.values())
    rows = [row_label(c) for c in cells]
    cols = [col_label(spec, c) for c in cells]
    widths = [_width(rows, ROW_LABEL_WIDTH), _width(cols, COL_LABEL_WIDTH)]
    offices = len(plan.same_format)
    last_col = 2 + offices
    sheet.set_column(0, 0, widths[0])
    sheet.set_column(1, 1, widths[1])
    sheet.set_column(2, last_col, OFFICE_WIDTH)
    sheet.write_string(0, 0, TITLE, fmt["title"])
    sheet.set_row(0, 24)
    for i, (name, values) in enumerate(zip(HEADER_LINES, _header_values(plan), strict=True)):
        r = FIRST_HEADER_ROW + i
        sheet.merge_range(r, 0, r, 1, name, fmt["head_left"])
        for c, value in enumerate(values, 2):
            sheet.write(r, c, value, fmt["head"])
        lines = max(_lines(str(v), OFFICE_WIDTH) for v in values)
        sheet.set_row(r, max(lines * LINE_POINTS + 3, LINE_POINTS + 3))
    header_last = FIRST_HEADER_ROW + len(HEADER_LINES) - 1
    row = header_last + 1
    table = None
    for cell, rlabel, clabel in zip(cells, rows, cols, strict=True):
        if cell.table != table:
            table = cell.table
            sheet.merge_range(row, 0, row, last_col, spec.table(table).title, fmt["table"])
            row += 1
        sheet.write_string(row, 0, rlabel, fmt["label"])
        sheet.write_string(row, 1, clabel, fmt["label"])
        for c, fr in enumerate(plan.same_format, 2):
            number = fr.values.get(cell.id)
            if number is None:
                sheet.write_blank(row, c, None, fmt[cell.kind])
            else:
                sheet.write_number(row, c, number, fmt[cell.kind])
        sheet.write_number(row, last_col, plan.values.get(cell.id, 0.0), fmt["sum_" + cell.kind])
        lines = max(_lines(rlabel, widths[0]), _lines(clabel, widths[1]))
        sheet.set_row(row, lines * LINE_POINTS + 2)
        row += 1
    sheet.freeze_panes(header_last + 1, 2)
    many = offices > FIT_WIDTH_UP_TO
    page_setup(sheet, last_row=row - 1, last_col=last_col, landscape=many, fit=not many)
    if offices > PRINT_UP_TO:  # LibreOffice prints a hidden sheet that has a print area
        sheet.print_area_range = ""
    sheet.repeat_rows(FIRST_HEADER_ROW, header_last)
    if many:  # the labels go on every page across
        sheet.repeat_columns(0, 1)
    if offices > PRINT_UP_TO:
        sheet.hide()


def page_setup(
    sheet: Any,
    *,
    last_row: int,
    last_col: int,
    landscape: bool,
    fit: bool = True,
    fit_height: int = 0,
    unit: str | None = None,
) -> None:
    """A4, one page wide when ``fit`` (``fit_height`` pages tall when not 0), page numbers."""
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    if fit:
        sheet.fit_to_pages(1, fit_height)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer(footer_text(unit))
    sheet.print_area(0, 0, max(last_row, 0), last_col)
