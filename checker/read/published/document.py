"""What every published-report reader produces: paragraphs and table grids, in document order.

A saved web page, a Word file, a PDF and text copied from a browser all become a
``Document``: the narrative as paragraphs, and each published table as a grid of
cell texts with row and column spans expanded. Every cell keeps where it is in the
published table (table number, row, column, 1-based) so that a finding can say
"第2个表格第5行第3列", the way a reader of the page counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from checker.read.limits import (
    MAX_CELL_CHARS,
    MAX_DOCUMENT_CELLS,
    MAX_PARAGRAPHS,
    LimitExceeded,
)

MAX_SPAN = 64  # a rowspan/colspan beyond this is a broken page, not a table layout
MAX_GRID_CELLS = 20_000  # a report's tables hold a few hundred cells


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a published table (its top-left position when merged)."""

    text: str
    table: int  # 1-based number of the table in the document
    row: int  # 1-based row of the cell's top-left corner in that table
    col: int  # 1-based column of the cell's top-left corner


@dataclass
class Grid:
    """One published table: ``rows[r]`` holds the distinct cells starting in row r
    (a cell merged down from an earlier row is left out, as a browser copies it)."""

    number: int
    rows: list[list[GridCell]] = field(default_factory=list)


@dataclass
class Document:
    """A published report: paragraphs and tables in the order they appear."""

    kind: str  # what the file is, for messages ("网页", "Word 文档", …)
    blocks: list[str | Grid] = field(default_factory=list)
    title: str = ""  # the title the file declares (a page's <title>), when it has one
    cells: int = 0  # table cells so far (bounded: ``count_cells``)
    paragraph_count: int = 0

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]

    def add_paragraph(self, text: str) -> None:
        text = " ".join(text[:MAX_CELL_CHARS].split())
        if text:
            self.paragraph_count += 1
            if self.paragraph_count > MAX_PARAGRAPHS:
                raise LimitExceeded(f"{self.kind}的段落超过 {MAX_PARAGRAPHS} 个，已停止读取")
            self.blocks.append(text)

    def count_cells(self, n: int) -> None:
        """Count ``n`` more table cells; a report past ``MAX_DOCUMENT_CELLS`` stops here."""
        self.cells += n
        if self.cells > MAX_DOCUMENT_CELLS:
            raise LimitExceeded(
                f"{self.kind}中的表格单元格超过 {MAX_DOCUMENT_CELLS} 个（年报的表格只有几百个），"
                "已停止读取"
            )

    def new_grid(self) -> Grid:
        grid = Grid(len(self.grids) + 1)
        self.blocks.append(grid)
        return grid


SpannedCell = tuple[str, int, int]  # text, rowspan, colspan


def expand_spans(grid: Grid, rows: Sequence[Sequence[SpannedCell]]) -> None:
    """Fill ``grid`` from rows of (text, rowspan, colspan) cells as HTML and Word
    declare them: a cell is placed in the first column not covered by a cell merged
    down from above; it is listed once, in the row where it starts."""
    covered: set[tuple[int, int]] = set()
    count = 0
    for r, row in enumerate(rows):
        out: list[GridCell] = []
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in covered:
                c += 1
            rowspan = max(1, min(rowspan, MAX_SPAN, len(rows) - r))
            colspan = max(1, min(colspan, MAX_SPAN))
            out.append(GridCell(text, grid.number, r + 1, c + 1))
            count += rowspan * colspan
            if count > MAX_GRID_CELLS:
                raise LimitExceeded(
                    f"一个表格的单元格超过 {MAX_GRID_CELLS} 个（年报的表格只有几百个），已停止读取"
                )
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered.add((r + dr, c + dc))
            c += colspan
        grid.rows.append(out)


def plain_rows(grid: Grid, rows: Iterable[Sequence[str]]) -> None:
    """Fill ``grid`` from rows of cell texts without spans (copied text, PDF rows)."""
    for r, row in enumerate(rows):
        grid.rows.append([GridCell(t, grid.number, r + 1, c + 1) for c, t in enumerate(row)])


def clean_cell(text: str) -> str:
    """A cell's text as a reader sees it: Word padding (nbsp, ideographic spaces)
    and line breaks inside the cell reduced to single spaces."""
    text = text[:MAX_CELL_CHARS]
    return " ".join(text.replace("\u00a0", " ").replace("\u3000", " ").split())
