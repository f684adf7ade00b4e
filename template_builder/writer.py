"""Render a FormSpec to the official Excel template (the only xlsxwriter user).

``build_template`` writes, in sheet order: 封面, 填报说明, one sheet per table,
校验 and the very hidden identification sheet. The output is byte-reproducible:
the same arguments give the same bytes.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from common.safe_output import atomic_output
from common.terminal_text import xml_safe
from declaration.identity import (
    CHECK_SHEET,
    COVER_SHEET,
    INSTRUCTIONS_SHEET,
    META_KEYS,
    META_SHEET,
    PROP_CODE,
    PROP_FORMAT,
    PROP_GENERATOR,
    PROP_SPEC_VERSION,
    PROP_UNIT,
    PROP_YEAR,
)
from declaration.layout import sheet_layouts
from declaration.spec import FormSpec
from template_builder import __version__
from template_builder.sheet_checks import add_alerts, write_check_sheet
from template_builder.sheet_common import Sheet, protect
from template_builder.sheet_cover import cover_values, write_cover_sheet
from template_builder.sheet_instructions import write_instructions_sheet
from template_builder.sheet_tables import write_table_sheet
from template_builder.styles import Styles, make_styles

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

# A fixed creation date keeps the output byte-reproducible.
FIXED_CREATED = datetime(2019, 11, 23, 0, 0, 0)
COVER_PREFIX = "cover."


class TemplateValueError(ValueError):
    """``values`` names a cell that the spec does not have (Chinese message)."""


def numeric_inputs(values: Mapping[str, object]) -> dict[str, float]:
    """Numbers among ``values``; anything else counts as 0, as Excel's SUM does."""
    return {
        key: float(v)
        for key, v in values.items()
        if isinstance(v, numbers.Real) and not isinstance(v, bool)
    }


def computed_values(spec: FormSpec, values: Mapping[str, object]) -> dict[str, float]:
    """Every cell value as the spreadsheet computes it (totals from their formulas).

    A total cell listed in ``values`` keeps the given constant, as when an office
    typed over the formula.
    """
    numbers_in = numeric_inputs(values)
    computed = spec.compute_totals(numbers_in)
    overridden = {c for c in values if c in spec.cells and spec.cells[c].is_total}
    if overridden:
        for total in spec.totals_in_order():
            if total.target in overridden:
                computed[total.target] = numbers_in.get(total.target, 0.0)
            else:
                computed[total.target] = total.expr.evaluate(computed)
    return computed


def split_values(
    spec: FormSpec, values: Mapping[str, object] | None
) -> tuple[dict[str, object], dict[str, object]]:
    """(table cell values, cover field values) — unknown keys are an error."""
    cells: dict[str, object] = {}
    cover: dict[str, object] = {}
    cover_ids = {f.id for f in spec.cover_fields}
    for key, value in (values or {}).items():
        if key.startswith(COVER_PREFIX) and key[len(COVER_PREFIX) :] in cover_ids:
            cover[key[len(COVER_PREFIX) :]] = value
        elif key in spec.cells:
            cells[key] = value
        else:
            raise TemplateValueError(f"格式 {spec.format} 中没有单元格 {key}")
    return cells, cover


def identification(spec: FormSpec, year: int, unit: str | None, code: str | None) -> dict[str, str]:
    """Key/value pairs written as custom properties and on the hidden sheet."""
    return {
        PROP_FORMAT: spec.format,
        PROP_SPEC_VERSION: spec.spec_version,
        PROP_GENERATOR: __version__,
        PROP_YEAR: str(year),
        PROP_UNIT: unit or "",
        PROP_CODE: code or "",
    }


def _write_meta_sheet(sheet: Sheet, ident: Mapping[str, str], password: str | None) -> None:
    for row, key in enumerate(META_KEYS):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, ident[key])
    sheet.very_hidden()
    protect(sheet, password)


def _set_properties(
    workbook: Workbook, spec: FormSpec, year: int, ident: Mapping[str, str]
) -> None:
    """Document properties (fixed creation date: builds are byte-reproducible) and the
    custom properties that identify the template."""
    workbook.set_properties(
        {
            "title": f"{spec.cover_title}（{year}年度）",
            "subject": f"{spec.name}（{spec.document}）",
            "author": "xxgk-nianbao",
            "comments": f"build-template {__version__}",
            "created": FIXED_CREATED,
        }
    )
    for key, value in ident.items():
        workbook.set_custom_property(key, value, "text")


def _write_tables(
    workbook: Workbook,
    spec: FormSpec,
    styles: Styles,
    cells: Mapping[str, object],
    computed: Mapping[str, float],
    unit: str | None,
    year: int,
    password: str | None,
) -> None:
    """One sheet per table of the spec, with its conditional alerts."""
    layouts = sheet_layouts(spec)
    for table in spec.tables:
        layout = layouts[table.id]
        sheet = workbook.add_worksheet(layout.sheet_name)
        write_table_sheet(
            sheet,
            spec,
            table,
            layout,
            styles,
            values=cells,
            computed=computed,
            unit=unit,
            year=year,
            password=password,
        )
        add_alerts(sheet, spec, layout, styles)


def build_template(
    spec: FormSpec,
    *,
    year: int,
    path: Path | str,
    unit: str | None = None,
    code: str | None = None,
    values: Mapping[str, object] | None = None,
    password: str | None = None,
    lock_unit: bool = False,
) -> Path:
    """Write the template (optionally pre-filled) to ``path`` atomically; returns the path.

    ``values`` maps cell ids (``t3.new.natural``) to what the input cell holds:
    real numbers are written as numbers, any other object as its text, ``None``
    as a blank. A total cell id writes a constant over the total's formula.
    Keys ``cover.<field>`` (e.g. ``cover.filler``) fill cover fields; ``unit``,
    ``code`` and ``year`` take precedence over ``cover.unit``/``cover.code``.
    """
    import xlsxwriter

    # a roster's names may hold control characters: XML (and Excel) has no place for them
    unit = xml_safe(unit) if unit is not None else None
    code = xml_safe(code) if code is not None else None
    cells, cover_extra = split_values(spec, values)
    computed = computed_values(spec, cells)
    cover = cover_values(spec, year=year, unit=unit, code=code, extra=cover_extra)
    shown_unit = str(cover["unit"]) if cover.get("unit") not in (None, "") else None
    ident = identification(
        spec, year, shown_unit, None if cover["code"] is None else str(cover["code"])
    )
    target = Path(path)
    with atomic_output(target) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"in_memory": True})
        _set_properties(workbook, spec, year, ident)
        styles = make_styles(workbook)
        cover_sheet = workbook.add_worksheet(COVER_SHEET)
        write_cover_sheet(
            cover_sheet, spec, styles, values=cover, lock_unit=lock_unit, password=password
        )
        write_instructions_sheet(
            workbook.add_worksheet(INSTRUCTIONS_SHEET),
            spec,
            styles,
            unit=shown_unit,
            password=password,
        )
        _write_tables(workbook, spec, styles, cells, computed, shown_unit, year, password)
        write_check_sheet(
            workbook.add_worksheet(CHECK_SHEET),
            spec,
            styles,
            computed=computed,
            unit=shown_unit,
            password=password,
            filled=any(
                v not in (None, "") and not spec.cells[k].is_total for k, v in cells.items()
            ),
        )
        _write_meta_sheet(workbook.add_worksheet(META_SHEET), ident, password)
        cover_sheet.activate()
        workbook.close()
    return target
