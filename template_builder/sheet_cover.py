"""The 封面 (cover) sheet: title, format document, identification fields."""

from __future__ import annotations

from collections.abc import Mapping

from declaration.layout import (
    COVER_DOCUMENT_ROW,
    COVER_LABEL_COL,
    COVER_TITLE_ROW,
    COVER_VALUE_COL,
    cover_positions,
)
from declaration.spec import CoverField, FormSpec
from template_builder.sheet_common import Sheet, print_setup, protect
from template_builder.styles import Styles

HINT_COL = COVER_VALUE_COL + 1
DOCUMENT_LABEL = "填报格式："
FORMAT_NAME_LABEL = "格式名称："
COVER_WIDTHS = (14, 44, 46)

FIELD_HINTS: dict[str, str] = {
    "unit": "填写单位全称，与公开发布的年度报告一致",
    "code": "统一社会信用代码或上级单位分配的代码",
    "year": "由模板生成，不可修改",
    "filler": "填报人姓名",
    "reviewer": "审核人姓名（单位负责审核报表的人员）",
    "phone": "便于核对数据时联系",
    "date": "如 2026-01-15",
}
LOCKED_HINT = "由上级单位下发时填写，不可修改"
NOTE = (
    "浅黄色单元格为填写区域；灰色单元格由公式自动计算，不可修改。"
    "填写前请阅读“填报说明”工作表，填写后请查看“校验”工作表。"
)


def cover_values(
    spec: FormSpec,
    *,
    year: int,
    unit: str | None,
    code: str | None,
    extra: Mapping[str, object],
) -> dict[str, object]:
    """Value of every cover field: year, unit and code from arguments, others from ``extra``."""
    values: dict[str, object] = {f.id: extra.get(f.id) for f in spec.cover_fields}
    values["year"] = year
    if unit is not None:
        values["unit"] = unit
    if code is not None:
        values["code"] = code
    return values


def _is_locked(field: CoverField, lock_unit: bool) -> bool:
    return field.id == "year" or (lock_unit and field.id in ("unit", "code"))


def write_cover_sheet(
    sheet: Sheet,
    spec: FormSpec,
    styles: Styles,
    *,
    values: Mapping[str, object],
    lock_unit: bool,
    password: str | None,
    finished: bool = False,
) -> None:
    """Cover: title, 填报格式 with the document number, one row per cover field.

    ``finished`` (the roll-up): every field locked, no filling hints, no note.
    """
    for col, width in enumerate(COVER_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.set_row(COVER_TITLE_ROW, 36)
    sheet.merge_range(COVER_TITLE_ROW, 0, COVER_TITLE_ROW, HINT_COL, spec.cover_title, styles.title)
    for row, label, text in (
        (COVER_DOCUMENT_ROW, DOCUMENT_LABEL, spec.document),
        (COVER_DOCUMENT_ROW + 1, FORMAT_NAME_LABEL, spec.name),
    ):  # the value spans the hint column too: one bordered box with the fields below
        sheet.write_string(row, COVER_LABEL_COL, label, styles.cover_label)
        sheet.merge_range(row, COVER_VALUE_COL, row, HINT_COL, "", styles.cover_locked)
        sheet.write_string(row, COVER_VALUE_COL, text, styles.cover_locked)
    positions = cover_positions(spec)
    for field in spec.cover_fields:
        row, col = positions[field.id]
        locked = finished or _is_locked(field, lock_unit)
        sheet.set_row(row, 28)
        sheet.write_string(row, COVER_LABEL_COL, field.label, styles.cover_label)
        style = styles.cover_locked if locked else styles.cover_input
        _write_field(sheet, row, col, values.get(field.id), style)
        hint = LOCKED_HINT if locked and field.id != "year" else FIELD_HINTS.get(field.id, "")
        if field.required and not locked:
            hint = "必填。" + hint
        if not finished:
            sheet.write_string(row, HINT_COL, hint, styles.cover_hint)
        if not locked:
            sheet.data_validation(
                row,
                col,
                row,
                col,
                {"validate": "any", "input_title": field.label, "input_message": hint},
            )
    note_row = max(r for r, _ in positions.values()) + 2
    if not finished:
        sheet.set_row(note_row, 48)
        sheet.merge_range(note_row, 0, note_row, HINT_COL, NOTE, styles.cover_hint)
    print_setup(sheet, landscape=False, unit=None, last_row=note_row, last_col=HINT_COL)
    protect(sheet, password)


def _write_field(sheet: Sheet, row: int, col: int, value: object, style: object) -> None:
    if value is None:
        sheet.write_blank(row, col, None, style)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value, style)
    else:
        sheet.write_string(row, col, str(value), style)
