"""Where every label and value cell of a spec sits on its sheet.

This is the one module that turns cell ids into grid positions and A1
addresses; the builder writes at these positions and the checker reads from
them (or realigns them when an office inserted rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from common.memo import memoized
from declaration.spec import Block, FormSpec, HeaderNode, Table

TITLE_ROW = 0
INFO_ROW = 1
FIRST_TABLE_ROW = 2

# Excel's grid: no position outside it exists in any workbook
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384

LabelRole = Literal["heading", "corner", "col_header", "row_header"]


@dataclass(frozen=True)
class LabelCell:
    """A label (merged over ``row..last_row`` × ``col..last_col``)."""

    text: str
    role: LabelRole
    row: int
    col: int
    last_row: int
    last_col: int
    block: str

    @property
    def merged(self) -> bool:
        return self.row != self.last_row or self.col != self.last_col


@dataclass(frozen=True)
class ValuePos:
    """Where a value cell of the spec is on its sheet (0-based row and columns)."""

    cell_id: str
    row: int
    col: int
    last_col: int


@dataclass(frozen=True)
class BlockLayout:
    """The rows a block of a table takes on its sheet: header and data rows."""

    block: str
    first_row: int
    header_rows: tuple[int, int]  # first and last header row (heading excluded)
    data_rows: tuple[int, int]
    row_ids: tuple[str, ...]


@dataclass(frozen=True)
class SheetLayout:
    """One table's sheet as the template lays it out: labels, value positions, blocks."""

    table: str
    sheet_name: str
    width: int
    labels: tuple[LabelCell, ...]
    values: dict[str, ValuePos]
    blocks: tuple[BlockLayout, ...]
    last_row: int


def col_letter(col: int) -> str:
    """0-based column index to Excel letters (0 -> A); ValueError outside Excel's
    columns (a negative index would otherwise never end the loop)."""
    if not 0 <= col < MAX_COLUMNS:
        raise ValueError(f"column index out of range: {col}")
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@memoized("layout.a1_addresses", 65536)  # every return names the same few hundred cells
def a1(row: int, col: int, absolute: bool = False) -> str:
    """0-based (row, col) to an A1 address; ValueError outside Excel's grid."""
    if not 0 <= row < MAX_ROWS:
        raise ValueError(f"row index out of range: {row}")
    if absolute:
        return f"${col_letter(col)}${row + 1}"
    return f"{col_letter(col)}{row + 1}"


def parse_a1(ref: str) -> tuple[int, int]:
    """A1 address (``$`` allowed) to 0-based (row, col)."""
    ref = ref.replace("$", "").upper()
    col = 0
    i = 0
    while i < len(ref) and ref[i].isalpha():
        col = col * 26 + (ord(ref[i]) - 64)
        i += 1
    return int(ref[i:]) - 1, col - 1


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _column_labels(
    nodes: tuple[HeaderNode, ...], top: int, depth: int, left: int, block: str
) -> tuple[list[LabelCell], list[tuple[str, int, int]]]:
    """Header cells for a column tree; returns labels and (leaf id, col, last col)."""
    labels: list[LabelCell] = []
    leaves: list[tuple[str, int, int]] = []
    col = left

    def walk(node: HeaderNode, level: int) -> None:
        nonlocal col
        start = col
        if node.children:
            for child in node.children:
                walk(child, level + (1 if node.label is not None else 0))
            if node.label is not None:
                labels.append(
                    LabelCell(
                        node.label, "col_header", top + level, start, top + level, col - 1, block
                    )
                )
            return
        assert node.id is not None
        width = node.span
        leaves.append((node.id, col, col + width - 1))
        if node.label is not None:
            labels.append(
                LabelCell(
                    node.label,
                    "col_header",
                    top + level,
                    col,
                    top + depth - 1,
                    col + width - 1,
                    block,
                )
            )
        col += width

    for node in nodes:
        walk(node, 0)
    return labels, leaves


def _row_labels(
    nodes: tuple[HeaderNode, ...], top: int, depth: int, block: str
) -> tuple[list[LabelCell], list[tuple[str, int]]]:
    labels: list[LabelCell] = []
    leaves: list[tuple[str, int]] = []
    row = top

    def walk(node: HeaderNode, level: int) -> None:
        nonlocal row
        start = row
        if node.children:
            for child in node.children:
                walk(child, level + 1)
            if node.label is not None:
                labels.append(
                    LabelCell(node.label, "row_header", start, level, row - 1, level, block)
                )
            return
        assert node.id is not None
        leaves.append((node.id, row))
        if node.label is not None and depth > 0:
            labels.append(LabelCell(node.label, "row_header", row, level, row, depth - 1, block))
        row += 1

    for node in nodes:
        walk(node, 0)
    return labels, leaves


def _block_layout(
    block: Block, top: int, width: int
) -> tuple[list[LabelCell], dict[str, ValuePos], BlockLayout, int]:
    labels: list[LabelCell] = []
    row = top
    if block.heading:
        labels.append(LabelCell(block.heading, "heading", row, 0, row, width - 1, block.id))
        row += 1
    hdepth = block.header_depth()
    ldepth = block.label_depth()
    if ldepth > 0:
        labels.append(
            LabelCell(block.corner or "", "corner", row, 0, row + hdepth - 1, ldepth - 1, block.id)
        )
    col_labels, col_leaves = _column_labels(block.columns, row, hdepth, ldepth, block.id)
    labels.extend(col_labels)
    data_top = row + hdepth
    row_labels, row_leaves = _row_labels(block.rows, data_top, ldepth, block.id)
    labels.extend(row_labels)
    values: dict[str, ValuePos] = {}
    for row_id, r in row_leaves:
        for col_id, c, last in col_leaves:
            cid = f"{{table}}.{row_id}.{col_id}"
            values[cid] = ValuePos(cid, r, c, last)
    last_data = data_top + len(row_leaves) - 1
    layout = BlockLayout(
        block.id,
        top,
        (row, data_top - 1),
        (data_top, last_data),
        tuple(r for r, _ in row_leaves),
    )
    return labels, values, layout, last_data + 1


def _table_layout(table: Table) -> SheetLayout:
    width = table.blocks[0].width()
    labels: list[LabelCell] = []
    values: dict[str, ValuePos] = {}
    blocks: list[BlockLayout] = []
    row = FIRST_TABLE_ROW
    for block in table.blocks:
        blabels, bvalues, blayout, row = _block_layout(block, row, width)
        labels.extend(blabels)
        for key, pos in bvalues.items():
            cid = key.replace("{table}", table.id)
            values[cid] = ValuePos(cid, pos.row, pos.col, pos.last_col)
        blocks.append(blayout)
    return SheetLayout(table.id, table.title, width, tuple(labels), values, tuple(blocks), row - 1)


@cache  # a per-spec constant, one per spec file (common.memo)
def sheet_layouts(spec: FormSpec) -> dict[str, SheetLayout]:
    """Layouts of every table of the spec, keyed by table id."""
    return {t.id: _table_layout(t) for t in spec.tables}


def cell_address(spec: FormSpec, cell_id: str) -> tuple[str, int, int]:
    """(sheet name, row, col) of a value cell."""
    layout = sheet_layouts(spec)[cell_id.split(".", 1)[0]]
    pos = layout.values[cell_id]
    return layout.sheet_name, pos.row, pos.col


def cell_a1(spec: FormSpec, cell_id: str) -> str:
    _, row, col = cell_address(spec, cell_id)
    return a1(row, col)


# -- cover sheet ---------------------------------------------------------------
COVER_TITLE_ROW = 0
COVER_DOCUMENT_ROW = 1  # "填报格式：" + the format's document number, in column B
COVER_FIRST_FIELD_ROW = 3
COVER_LABEL_COL = 0
COVER_VALUE_COL = 1


def cover_positions(spec: FormSpec) -> dict[str, tuple[int, int]]:
    """(row, col) of the value cell of every cover field, keyed by field id."""
    return {
        f.id: (COVER_FIRST_FIELD_ROW + i, COVER_VALUE_COL) for i, f in enumerate(spec.cover_fields)
    }
