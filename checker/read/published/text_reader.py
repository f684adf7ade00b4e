"""Plain text copied from a browser (.txt): narrative lines and tables as the copy keeps them.

Browsers copy a table in one of two shapes, both handled:
- one cell per line, each starting with a tab, rows separated by a blank line
  (a line without a leading tab continues the cell above: "本年新" / "制作数量");
- one row per line, cells separated by tabs.
Merged cells are not kept by a copy: a row simply has fewer cells, which the
alignment allows for (the values are the last cells of a row).
"""

from __future__ import annotations

from checker.read.published.document import Document, Grid, GridCell, clean_cell


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def read_text(data: bytes, kind: str = "复制的文本") -> Document:
    """Paragraphs and tables of text copied from a published page."""
    return _TextParser(kind).parse(decode_text(data))


class _TextParser:
    def __init__(self, kind: str) -> None:
        self.doc = Document(kind)
        self.grid: Grid | None = None
        self.cells: list[str] | None = None  # the row being read, one-cell-per-line shape

    def parse(self, text: str) -> Document:
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            self._line(line)
        self._end_row()
        return self.doc

    def _line(self, line: str) -> None:
        if not line.strip() and "\t" not in line:
            self._end_row()
            return
        if line.startswith("\t"):
            if self.cells is None:
                self.cells = []
            self.cells.extend(line[1:].split("\t"))
        elif "\t" in line:
            self._end_row()
            self._add_row(line.split("\t"))
        elif self.cells:  # a line break inside the last cell
            self.cells[-1] += "\n" + line
        else:
            self._end_row()
            self.grid = None
            self.doc.add_paragraph(line)

    def _end_row(self) -> None:
        if self.cells is not None:
            self._add_row(self.cells)
            self.cells = None

    def _add_row(self, texts: list[str]) -> None:
        if self.grid is None:
            self.grid = self.doc.new_grid()
        r = len(self.grid.rows) + 1
        number = self.grid.number
        self.grid.rows.append(
            [GridCell(clean_cell(t), number, r, c + 1) for c, t in enumerate(texts)]
        )
