"""Repetitions declared in an OpenDocument sheet, bounded before any reader expands them.

An .ods stores a run of equal rows or cells once, with ``number-rows-repeated``
and ``number-columns-repeated``. LibreOffice writes huge counts for the empty
rest of a sheet (harmless); a cell holding a value repeated a million times
would make the reader build a million cells from a few hundred bytes. The cells
that hold something are counted here, as declared, and a sheet beyond the
reading limits (checker.read.limits: rows × columns read per sheet) is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.read import limits

MAX_DECLARED_CELLS = limits.MAX_ROWS * limits.MAX_COLS  # cells holding something, as declared

_ROW = re.compile(rb"<(\w+):table-row\b([^>]*?)(/>|>(.*?)</\1:table-row>)", re.S)
_CELL = re.compile(
    rb"<(\w+):(?:covered-)?table-cell\b([^>]*?)(/>|>(.*?)</\1:(?:covered-)?table-cell>)", re.S
)
_ROWS_REPEATED = re.compile(rb'number-rows-repeated\s*=\s*["\'](\d+)')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated\s*=\s*["\'](\d+)')


def _repeat(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return int(found.group(1)) if found else 1


def declared_cells(content: bytes) -> int:
    """The cells of ``content.xml`` that hold a value or text, with repetitions counted."""
    total = 0
    for row in _ROW.finditer(content):
        rows = _repeat(_ROWS_REPEATED, row.group(2))
        body = row.group(4) or b""
        filled = 0
        for cell in _CELL.finditer(body):
            if b"value" in cell.group(2) or b"<" in (cell.group(4) or b""):
                filled += _repeat(_COLUMNS_REPEATED, cell.group(2))
        total += rows * filled
        if total > MAX_DECLARED_CELLS:
            break
    return total


def check_repetitions(path: Path, content: bytes) -> None:
    """Refuse (LimitExceeded) an .ods whose declared cells exceed what is ever read."""
    cells = declared_cells(content)
    if cells > MAX_DECLARED_CELLS:
        raise limits.LimitExceeded(
            f"文件“{path.name}”声明的有内容的单元格超过 {MAX_DECLARED_CELLS} 个"
            "（少量数据被设为重复上百万次），不是正常的年报表格，已停止读取。"
            "请用 Excel 或 WPS 打开确认，删除多余的行列后另存为 .xlsx。"
        )
