"""The grid of every published table: labels and merges from ``declaration.layout``.

Positions are 0-based from the table's first header row; a position that holds
neither a label nor a value is blank, as in the official format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from checker.results import format_number
from declaration.layout import FIRST_TABLE_ROW, sheet_layouts
from declaration.spec import FormSpec
from template_builder.sheet_tables import column_widths

TITLE_TAIL = "政府信息公开工作年度报告（表格部分）"


@dataclass(frozen=True)
class GridCell:
    """One cell of a published table, 0-based, merged over ``row..last_row`` × ``col..last_col``."""

    text: str
    row: int
    col: int
    last_row: int
    last_col: int
    header: bool  # a label of the table (heading, corner, column or row header)


@dataclass(frozen=True)
class PublishedTable:
    title: str
    landscape: bool
    rows: int
    cols: int
    widths: tuple[float, ...]  # relative column widths
    header_rows: int  # rows repeated on every page (0 when the table has several blocks)
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class Publication:
    title: str
    tables: tuple[PublishedTable, ...]
    # paragraphs under the title (an incomplete roll-up says what it leaves out)
    notes: tuple[str, ...] = ()


def build_tables(spec: FormSpec, values: Mapping[str, float]) -> tuple[PublishedTable, ...]:
    """Every table of the spec with ``values`` (a missing value is written as 0)."""
    tables = []
    for table in spec.tables:
        layout = sheet_layouts(spec)[table.id]
        cells = [
            GridCell(
                lab.text,
                lab.row - FIRST_TABLE_ROW,
                lab.col,
                lab.last_row - FIRST_TABLE_ROW,
                lab.last_col,
                True,
            )  # fmt: skip
            for lab in layout.labels
        ]
        for cell_id, pos in layout.values.items():
            text = format_number(values.get(cell_id, 0.0))
            row = pos.row - FIRST_TABLE_ROW
            cells.append(GridCell(text, row, pos.col, row, pos.last_col, False))
        cells.sort(key=lambda c: (c.row, c.col))
        single = len(layout.blocks) == 1
        header = layout.blocks[0].header_rows[1] - FIRST_TABLE_ROW + 1 if single else 0
        tables.append(
            PublishedTable(
                table.title,
                table.orientation == "landscape",
                layout.last_row - FIRST_TABLE_ROW + 1,
                layout.width,
                tuple(column_widths(layout)),
                header,
                tuple(cells),
            )
        )
    return tuple(tables)


def document_title(unit: str | None, year: int | None) -> str:
    """``东区政府办2024年政府信息公开工作年度报告（表格部分）``: who and which year, first."""
    return f"{unit or ''}{f'{year}年' if year else ''}{TITLE_TAIL}"
