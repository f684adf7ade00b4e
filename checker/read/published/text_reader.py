"""Plain text copied from a browser (.txt): narrative lines and tables as the copy keeps them.

Browsers copy a table in one of three shapes, all handled:
- one cell per line, each starting with a tab, rows separated by a blank line
  (a line without a leading tab continues the cell above: "本年新" / "制作数量");
- one row per line, cells separated by tabs;
- when the cells hold paragraphs (Word-pasted pages, Chromium's innerText): a line
  holding only a tab between two cells, one blank line between paragraphs, and two
  or more blank lines between rows (``_SeparatedParser``).
Merged cells are not kept by a copy: a row simply has fewer cells, which the
alignment allows for (the values are the last cells of a row).
"""

from __future__ import annotations

import re

from checker.read.limits import (
    MAX_LINE_CHARS,
    MAX_TEXT_BYTES,
    MAX_TEXT_LINES,
    LimitExceeded,
    mib,
)
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
    """Paragraphs and tables of text copied from a published page, within the
    limits of ``checker.read.limits`` (lines, line length, cells)."""
    if len(data) > MAX_TEXT_BYTES:
        raise LimitExceeded(
            f"{kind}大小为 {mib(len(data))}，超过上限 {mib(MAX_TEXT_BYTES)}（复制的年报只有几十 KB），"
            "已停止读取"
        )
    if data.count(b"\n") > 2 * MAX_TEXT_LINES:  # before decoding (UTF-16 has more 0x0A bytes)
        raise LimitExceeded(f"{kind}超过 {MAX_TEXT_LINES} 行（年报只有几百行），已停止读取")
    # a NUL (an editor's or a download's leftover) is no character of the report
    text = decode_text(data).replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line[:MAX_LINE_CHARS] for line in text.split("\n")]
    if len(lines) > MAX_TEXT_LINES:
        raise LimitExceeded(f"{kind}超过 {MAX_TEXT_LINES} 行（年报只有几百行），已停止读取")
    if any(_is_separator(x) for x in lines) and not any(_LEADING_TAB.match(x) for x in lines):
        return _SeparatedParser(kind).parse(lines)
    return _TextParser(kind).parse(lines)


_LEADING_TAB = re.compile(r"^\t[ \u3000\u00a0]*[^\s\u3000\u00a0]")


def _is_separator(line: str) -> bool:
    return "\t" in line and not line.strip(" \t")


def _is_blank(line: str) -> bool:
    return not line.strip(" ")  # nbsp or an ideographic space is an empty cell's content


class _GridBuilder:
    """What both text parsers share: the document and the table being filled."""

    def __init__(self, kind: str) -> None:
        self.doc = Document(kind)
        self.grid: Grid | None = None

    def _add_row(self, texts: list[str]) -> None:
        if self.grid is None:
            self.grid = self.doc.new_grid()
        self.doc.count_cells(len(texts))
        r = len(self.grid.rows) + 1
        number = self.grid.number
        self.grid.rows.append(
            [GridCell(clean_cell(t), number, r, c + 1) for c, t in enumerate(texts)]
        )


class _SeparatedParser(_GridBuilder):
    """Cells between tab-only lines; rows separated by two or more blank lines."""

    def parse(self, lines: list[str]) -> Document:
        for chunk in _chunks(lines):
            self._chunk(chunk)
        return self.doc

    def _chunk(self, paragraphs: list[str]) -> None:
        if not any(_is_separator(p) for p in paragraphs):
            if self.grid is not None and len(paragraphs) == 1:
                self._add_row(paragraphs)  # a row of one merged cell ("第二十条第（五）项")
            else:
                self._end_table(paragraphs)
            return
        groups: list[list[str]] = [[]]
        for paragraph in paragraphs:
            if _is_separator(paragraph):
                groups.append([])
            else:
                groups[-1].append(paragraph)
        if self.grid is None:  # text before the table's first cell is narrative
            for paragraph in groups[0][:-1]:
                self.doc.add_paragraph(paragraph)
            groups[0] = groups[0][-1:]
        # a cell with three paragraphs or more between two rows is the end of one
        # table, the narrative between, and the first cell of the next table; so is
        # a number followed by another paragraph (a table continued right after it)
        start = 0
        for at in range(1, len(groups) - 1):
            if _table_boundary(groups[at]):
                cells = [*groups[start:at], groups[at][:1]]
                self._add_row(["\n".join(g) for g in cells])
                self._end_table(groups[at][1:-1])
                groups[at] = groups[at][-1:]
                start = at
        groups = groups[start:]
        trailing = groups[-1][1:]  # after the last cell of a row: narrative, the table ends
        groups[-1] = groups[-1][:1]
        self._add_row(["\n".join(g) for g in groups])
        if trailing:
            self._end_table(trailing)

    def _end_table(self, paragraphs: list[str]) -> None:
        self.grid = None
        for paragraph in paragraphs:
            self.doc.add_paragraph(paragraph)


_NUMBER = re.compile(r"^[\s\u3000\u00a0]*[+-]?\d[\d,.]*[\s\u3000\u00a0]*$")


def _table_boundary(group: list[str]) -> bool:
    return len(group) >= 3 or (len(group) == 2 and bool(_NUMBER.match(group[0])))


def _chunks(lines: list[str]) -> list[list[str]]:
    """Paragraphs (one blank line apart) grouped into chunks (two or more apart)."""
    chunks: list[list[str]] = [[]]
    paragraph: list[str] = []
    blanks = 0
    for line in lines:
        if _is_blank(line):
            blanks += 1
            continue
        separator = _is_separator(line)
        if paragraph and (blanks or separator):
            chunks[-1].append("\n".join(paragraph))
            paragraph = []
        if blanks >= 2 and chunks[-1]:
            chunks.append([])
        blanks = 0
        if separator:
            chunks[-1].append("\t")
        else:
            paragraph.append(line)
    if paragraph:
        chunks[-1].append("\n".join(paragraph))
    return [c for c in chunks if c]


class _TextParser(_GridBuilder):
    """A row per line with tabs between its cells, or cells on lines that start with a tab."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.cells: list[str] | None = None  # the row being read, one-cell-per-line shape

    def parse(self, lines: list[str]) -> Document:
        for line in lines:
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
