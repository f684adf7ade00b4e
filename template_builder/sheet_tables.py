"""One sheet per table of the spec, laid out exactly by ``layout.sheet_layouts``."""

from __future__ import annotations

import math
from collections.abc import Mapping

from declaration.formulas import total_formula
from declaration.identity import COVER_SHEET
from declaration.layout import (
    FIRST_TABLE_ROW,
    INFO_ROW,
    TITLE_ROW,
    SheetLayout,
    a1,
    cover_positions,
    quote_sheet,
)
from declaration.spec import CellSpec, FormSpec, Table
from template_builder.sheet_common import Sheet, print_setup, protect
from template_builder.styles import POINTS_PER_LINE, Styles, lines_needed, text_width

LABEL_COL_MAX = 40
LABEL_COL_MIN = 10
VALUE_COL_MAX = 16
VALUE_COL_MIN = 9

INPUT_TITLES: dict[str, str] = {
    "count": "请填写非负整数",
    "signed": "请填写整数（可为负数）",
    "amount": "请填写金额（万元）",
}
INPUT_HINTS: dict[str, str] = {
    "count": "填写非负整数。没有发生的填 0，不要填“无”“/”等文字。",
    "signed": "填写整数：增加填正数（如 19），减少填负数（如 -15），不要写“增”“减”字样。",
    "amount": "填写金额，单位为万元，可含小数（如 7433.99），不要写“万”“元”等单位。",
}
ERROR_MESSAGES: dict[str, str] = {
    "count": "此格只能填写非负整数（如 0、5、12），不能填文字、单位、小数或负数。",
    "signed": "此格只能填写整数（如 19 或 -15），不能填文字或小数。",
    "amount": "此格只能填写不小于 0 的数字，单位为万元（如 7433.99），不能带“万”“元”等文字。",
}
VALIDATION_LIMIT = 999_999_999
MIN_ROW_HEIGHT = 18.0


def column_widths(layout: SheetLayout) -> list[float]:
    """Widths (Excel character units) so that labels are readable when wrapped.

    A label within one column, also one merged down several rows (（三）不予公开,
    三、本年度办理结果), sets its column's width: narrower, a short label would
    break mid-word (不予公 / 开)."""
    label_cols = {lab.col for lab in layout.labels if lab.role in ("row_header", "corner")}
    value_cols = {c for pos in layout.values.values() for c in range(pos.col, pos.last_col + 1)}
    widths: list[float] = []
    for col in range(layout.width):
        needed = [
            math.ceil(text_width(lab.text) / 0.85) + 2
            for lab in layout.labels
            if lab.col == col == lab.last_col
        ]
        if col in value_cols and col not in label_cols:
            widths.append(min(max([VALUE_COL_MIN, *needed]), VALUE_COL_MAX))
        else:
            widths.append(min(max([LABEL_COL_MIN, *needed]), LABEL_COL_MAX))
    return widths


def row_heights(layout: SheetLayout, widths: list[float]) -> dict[int, float]:
    """Row heights: a comfortable minimum, more where single-row labels wrap."""
    heights: dict[int, float] = dict.fromkeys(
        range(FIRST_TABLE_ROW, layout.last_row + 1), MIN_ROW_HEIGHT
    )
    for lab in layout.labels:
        if lab.row != lab.last_row:
            continue
        span = sum(widths[lab.col : lab.last_col + 1])
        lines = lines_needed(lab.text, span)
        if lines > 1:
            heights[lab.row] = max(heights[lab.row], lines * POINTS_PER_LINE + 4)
    return heights


def _label_style(role: str, styles: Styles) -> object:
    return {
        "heading": styles.heading,
        "corner": styles.corner,
        "col_header": styles.header,
        "row_header": styles.row_header,
    }[role]


def _write_labels(sheet: Sheet, layout: SheetLayout, styles: Styles) -> None:
    for lab in layout.labels:
        style = _label_style(lab.role, styles)
        if lab.merged:
            sheet.merge_range(lab.row, lab.col, lab.last_row, lab.last_col, "", style)
        sheet.write_string(lab.row, lab.col, lab.text, style)


def _write_info_row(
    sheet: Sheet, spec: FormSpec, layout: SheetLayout, styles: Styles, cached: tuple[str, str]
) -> None:
    """填报单位 and 报告年度, taken by formula from the cover sheet."""
    cover = quote_sheet(COVER_SHEET)
    positions = cover_positions(spec)
    unit_ref = a1(*positions["unit"], absolute=True)
    year_ref = a1(*positions["year"], absolute=True)
    half = max(layout.width // 2, 1)
    parts = [
        (0, half - 1, f'="填报单位："&{cover}!{unit_ref}'),
        (half, layout.width - 1, f'="报告年度："&{cover}!{year_ref}'),
    ]
    for (first, last, formula), value in zip(parts, cached, strict=True):
        if last > first:
            sheet.merge_range(INFO_ROW, first, INFO_ROW, last, "", styles.info)
        sheet.write_formula(INFO_ROW, first, formula, styles.info, value)


def info_row_values(unit: str | None, year: int) -> tuple[str, str]:
    """Cached results of the two info-row formulas."""
    return f"填报单位：{unit or ''}", f"报告年度：{year}"


def _write_value(
    sheet: Sheet, row: int, col: int, value: object, style: object, formula: str | None = None
) -> None:
    if formula is not None:
        sheet.write_formula(row, col, "=" + formula, style, value)
    elif value is None:
        sheet.write_blank(row, col, None, style)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value, style)
    else:
        sheet.write_string(row, col, str(value), style)


def _validate(sheet: Sheet, row: int, col: int, cell: CellSpec) -> None:
    options: dict[str, object] = {
        "validate": "decimal" if cell.kind == "amount" else "integer",
        "input_title": INPUT_TITLES[cell.kind],
        "input_message": f"{cell.row_label or cell.col_path[0]} · {cell.col_label}\n"
        + INPUT_HINTS[cell.kind],
        "error_title": "输入有误",
        "error_message": ERROR_MESSAGES[cell.kind],
        "error_type": "stop",
    }
    if cell.kind == "signed":
        options.update(criteria="between", minimum=-VALIDATION_LIMIT, maximum=VALIDATION_LIMIT)
    else:
        options.update(criteria=">=", value=0)
    sheet.data_validation(row, col, row, col, options)


def _write_values(
    sheet: Sheet,
    spec: FormSpec,
    layout: SheetLayout,
    styles: Styles,
    values: Mapping[str, object],
    computed: Mapping[str, float],
    validate: bool = True,
) -> None:
    for cell_id, pos in layout.values.items():
        cell = spec.cells[cell_id]
        style = styles.total_for(cell.kind) if cell.is_total else styles.input_for(cell.kind)
        if pos.last_col > pos.col:
            sheet.merge_range(pos.row, pos.col, pos.row, pos.last_col, "", style)
        if cell.is_total and cell_id not in values:
            formula = total_formula(spec, cell_id)
            _write_value(sheet, pos.row, pos.col, computed[cell_id], style, formula)
            continue
        _write_value(sheet, pos.row, pos.col, values.get(cell_id), style)
        if validate and not cell.is_total:
            _validate(sheet, pos.row, pos.col, cell)


def write_table_sheet(
    sheet: Sheet,
    spec: FormSpec,
    table: Table,
    layout: SheetLayout,
    styles: Styles,
    *,
    values: Mapping[str, object],
    computed: Mapping[str, float],
    unit: str | None,
    year: int,
    password: str | None,
    finished: bool = False,
) -> None:
    """Title, info row, header labels, value cells, print setup and protection.

    ``finished`` (the roll-up): no input prompts on the value cells.
    """
    widths = column_widths(layout)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    for row, height in row_heights(layout, widths).items():
        sheet.set_row(row, height)
    sheet.set_row(TITLE_ROW, 30)
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, layout.width - 1, table.title, styles.title)
    _write_info_row(sheet, spec, layout, styles, info_row_values(unit, year))
    _write_labels(sheet, layout, styles)
    _write_values(sheet, spec, layout, styles, values, computed, validate=not finished)

    single = len(layout.blocks) == 1
    first_block = layout.blocks[0]
    if single:
        label_cols = max(
            (lab.last_col + 1 for lab in layout.labels if lab.role in ("corner", "row_header")),
            default=0,
        )
        sheet.freeze_panes(first_block.data_rows[0], label_cols)
    print_setup(
        sheet,
        landscape=table.orientation == "landscape",
        unit=unit,
        last_row=layout.last_row,
        last_col=layout.width - 1,
        repeat=(TITLE_ROW, first_block.header_rows[1] if single else INFO_ROW),
    )
    protect(sheet, password)
