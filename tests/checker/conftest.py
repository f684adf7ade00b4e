"""Returns built at test time from the spec plus a small dict of values.

``make_return(tmp_path, fmt, values, ...)`` writes a filled return the way the
template lays it out (labels and merges from declaration.layout, totals as
the template's formulas with their computed cached values, identification in
the custom properties and the very hidden sheet, protected table sheets).
``edit=`` receives the in-memory ``Grid`` first, to tamper with it like an
office would in Excel (insert or delete rows and columns, overwrite cells).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from checker.facts import Extraction
from declaration import identity as meta
from declaration.formulas import total_formula
from declaration.layout import (
    COVER_DOCUMENT_ROW,
    COVER_LABEL_COL,
    COVER_TITLE_ROW,
    FIRST_TABLE_ROW,
    col_letter,
    cover_positions,
    parse_a1,
    sheet_layouts,
)
from declaration.spec import FormSpec, load_spec

HAIBINJIE_2020: dict[str, Any] = {
    "t2.penalty.prev_items": 122,
    "t2.penalty.change": 0,
    "t2.penalty.decisions": 122,
    "t2.procurement.items": 86,
    "t2.procurement.amount": 7433.99,
    "t3.new.natural": 4,
    "t3.carried.natural": 1,
    "t3.granted.natural": 5,
    "t4.main.review_other": 1,
}
"""The filled numbers of the 海滨街 2020 report (every other cell is 0)."""


@dataclass
class Formula:
    text: str  # without "="
    cached: float | str | None = None


@dataclass
class SheetGrid:
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    protected: bool = False
    state: str = "visible"
    unlocked: set[tuple[int, int]] = field(default_factory=set)


_REF = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])")


@dataclass
class Grid:
    """Sheets in order; formulas follow inserted and deleted rows like Excel's do."""

    sheets: dict[str, SheetGrid] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)

    def set(self, sheet: str, ref: str, value: Any) -> None:
        self.sheets[sheet].cells[parse_a1(ref)] = value

    def get(self, sheet: str, ref: str) -> Any:
        return self.sheets[sheet].cells.get(parse_a1(ref))

    def insert_row(self, sheet: str, before: int, values: Mapping[int, Any] = {}) -> None:
        """Insert a row above 0-based row ``before`` and fill it (col -> value)."""
        self._shift(sheet, 0, before, 1)
        for col, value in values.items():
            self.sheets[sheet].cells[(before, col)] = value

    def delete_row(self, sheet: str, row: int) -> None:
        self._shift(sheet, 0, row, -1)

    def insert_col(self, sheet: str, before: int, values: Mapping[int, Any] = {}) -> None:
        self._shift(sheet, 1, before, 1)
        for row, value in values.items():
            self.sheets[sheet].cells[(row, before)] = value

    def _shift(self, sheet: str, axis: int, at: int, delta: int) -> None:
        grid = self.sheets[sheet]

        def move(pos: tuple[int, int]) -> tuple[int, int] | None:
            p = list(pos)
            if delta < 0 and p[axis] == at:
                return None
            if p[axis] >= at:
                p[axis] += delta
            return p[0], p[1]

        cells = {}
        for pos, value in grid.cells.items():
            new = move(pos)
            if new is not None:
                cells[new] = value
        grid.cells = cells
        grid.unlocked = {n for n in (move(p) for p in grid.unlocked) if n is not None}
        merges = []
        for r1, c1, r2, c2 in grid.merges:
            lo, hi = [(r1, r2), (c1, c2)][axis]
            if delta < 0 and lo == hi == at:
                continue
            lo = lo + delta if lo > at or (delta > 0 and lo == at) else lo
            hi = hi + delta if hi >= at else hi
            merges.append((lo, c1, hi, c2) if axis == 0 else (r1, lo, r2, hi))
        grid.merges = [m for m in merges if m[0] != m[2] or m[1] != m[3]]
        for pos, value in grid.cells.items():
            if isinstance(value, Formula):
                grid.cells[pos] = Formula(_shift_refs(value.text, axis, at, delta), value.cached)


def _shift_refs(text: str, axis: int, at: int, delta: int) -> str:
    def repl(m: re.Match[str]) -> str:
        col = 0
        for ch in m.group(2):
            col = col * 26 + ord(ch) - 64
        col -= 1
        row = int(m.group(4)) - 1
        if axis == 0 and row >= at:
            row += delta
        if axis == 1 and col >= at:
            col += delta
        return f"{m.group(1)}{col_letter(col)}{m.group(3)}{row + 1}"

    return _REF.sub(repl, text)


def template_grid(
    spec: FormSpec,
    values: Mapping[str, Any],
    *,
    year: int | None,
    unit: str | None,
    code: str | None = None,
    meta_info: bool = True,
    formulas: bool = True,
    protect: bool = True,
    cover: bool = True,
    sheet_names: Mapping[str, str] | None = None,
) -> Grid:
    grid = Grid()
    if cover:
        sheet = SheetGrid()
        sheet.cells[(COVER_TITLE_ROW, 0)] = spec.cover_title
        sheet.cells[(COVER_DOCUMENT_ROW, 0)] = "填报格式："
        sheet.cells[(COVER_DOCUMENT_ROW, 1)] = spec.document
        fields = {"unit": unit, "year": year, "code": code}
        for f in spec.cover_fields:
            row, col = cover_positions(spec)[f.id]
            sheet.cells[(row, COVER_LABEL_COL)] = f.label
            if fields.get(f.id) is not None:
                sheet.cells[(row, col)] = fields[f.id]
        grid.sheets[meta.COVER_SHEET] = sheet
    numbers = {k: v for k, v in values.items() if isinstance(v, int | float)}
    computed = spec.compute_totals(numbers)
    for table_id, layout in sheet_layouts(spec).items():
        name = (sheet_names or {}).get(table_id, layout.sheet_name)
        sheet = grid.sheets.setdefault(name, SheetGrid())
        sheet.protected = protect
        sheet.cells[(0, 0)] = layout.sheet_name
        for label in layout.labels:
            sheet.cells[(label.row, label.col)] = label.text
            if label.merged:
                sheet.merges.append((label.row, label.col, label.last_row, label.last_col))
        for cell_id, pos in layout.values.items():
            if pos.last_col > pos.col:
                sheet.merges.append((pos.row, pos.col, pos.row, pos.last_col))
            if spec.cells[cell_id].is_total:
                if formulas:
                    text = total_formula(spec, cell_id)
                    sheet.cells[(pos.row, pos.col)] = Formula(text, computed[cell_id])
                elif cell_id in values:
                    sheet.cells[(pos.row, pos.col)] = values[cell_id]
                else:
                    sheet.cells[(pos.row, pos.col)] = computed[cell_id]
            else:
                sheet.unlocked.add((pos.row, pos.col))
                value = values.get(cell_id, 0)
                if value is not None:
                    sheet.cells[(pos.row, pos.col)] = value
    if meta_info:
        props = {
            meta.PROP_FORMAT: spec.format,
            meta.PROP_SPEC_VERSION: spec.spec_version,
            meta.PROP_GENERATOR: "0.1.0",
            meta.PROP_YEAR: "" if year is None else str(year),
            meta.PROP_UNIT: unit or "",
            meta.PROP_CODE: code or "",
        }
        grid.properties = props
        sheet = SheetGrid(state="veryHidden")
        for i, (key, value) in enumerate(props.items()):
            sheet.cells[(i, 0)] = key
            sheet.cells[(i, 1)] = value
        grid.sheets[meta.META_SHEET] = sheet
    return grid


def write_grid(grid: Grid, path: Path) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    unlocked = book.add_format({"locked": False})
    date_fmt = book.add_format({"num_format": "m月d日", "locked": False})
    for key, value in grid.properties.items():
        book.set_custom_property(key, value)
    for name, grid_sheet in grid.sheets.items():
        ws = book.add_worksheet(name)
        for r1, c1, r2, c2 in grid_sheet.merges:
            ws.merge_range(r1, c1, r2, c2, None)
        for (row, col), value in grid_sheet.cells.items():
            fmt = unlocked if (row, col) in grid_sheet.unlocked else None
            if value is None:
                continue
            if isinstance(value, Formula):
                ws.write_formula(row, col, "=" + value.text, fmt, value.cached)
            elif isinstance(value, dt.datetime):
                ws.write_datetime(row, col, value, date_fmt)
            elif isinstance(value, str):
                ws.write_string(row, col, value, fmt)
            elif isinstance(value, bool):
                ws.write_boolean(row, col, value, fmt)
            else:
                ws.write_number(row, col, value, fmt)
        if grid_sheet.protected:
            ws.protect()
        if grid_sheet.state == "veryHidden":
            ws.very_hidden()
        elif grid_sheet.state == "hidden":
            ws.hide()
    book.close()
    return path


def make_return(
    tmp_path: Path,
    fmt: str,
    values: Mapping[str, Any],
    *,
    year: int | None = None,
    unit: str | None = "海滨街道办事处",
    name: str = "return.xlsx",
    edit: Callable[[Grid], None] | None = None,
    **options: Any,
) -> Path:
    """Write a filled return of format ``fmt`` (values by cell id) and return its path."""
    spec = load_spec(fmt)
    grid = template_grid(
        spec, values, year=year if year is not None else spec.first_year, unit=unit, **options
    )
    if edit is not None:
        edit(grid)
    return write_grid(grid, tmp_path / name)


@pytest.fixture
def spec2019() -> FormSpec:
    return load_spec("2019")


@pytest.fixture
def spec2021() -> FormSpec:
    return load_spec("2021")


__all__ = ["FIRST_TABLE_ROW", "HAIBINJIE_2020", "Formula", "Grid", "make_return"]


def read_checked(path: Path) -> Extraction:
    """The reading stage with the findings of the rules that describe what it read
    (files F, structure S, values V) — the rule stage makes them from the facts."""
    from checker.check import check_extraction
    from checker.read.extract import extract

    extraction = extract(path)
    report = check_extraction(extraction)
    extraction.findings = [f for f in report.findings if f.rule[0] in "FSV"]
    return extraction
