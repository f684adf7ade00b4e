"""The 审核意见 register as a workbook: written with XlsxWriter, read with openpyxl.

One sheet, one row per finding. Only 处理意见 (a drop-down list) and 说明 can be
edited: the sheet is protected and every other cell locked, so the key the
next run matches on cannot be changed by accident. Columns are found by their
headers when read, so a client that reorders nothing but rewrites the file
(LibreOffice, WPS) is read the same way. Printed on A4 landscape, one page wide.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from common.safe_output import atomic_output
from common.terminal_text import xml_safe
from meeting.decisions import CHOICES, RESOLVED, RegisterRow, choice_of
from meeting.row_heights import fitting_height

SHEET = "审核意见"
KEY = "索引"
# (header, RegisterRow attribute, column width)
COLUMNS: tuple[tuple[str, str, float], ...] = (
    (KEY, "key", 10),
    ("单位", "office", 16),
    ("单位代码", "code", 11),
    ("年度", "year", 6),
    ("规则", "rule", 6),
    ("规则名称", "title", 14),
    ("严重程度", "severity", 6),
    ("位置", "where", 32),
    ("问题", "message", 40),
    ("差额", "difference", 7),
    ("本次核对", "state", 8),
    ("处理意见", "choice", 9),
    ("说明", "note", 26),
    ("文件", "file", 16),
)
HEADERS = tuple(header for header, _, _ in COLUMNS)
EDITABLE = ("choice", "note")
FONT_SIZE = 10
# the printed columns' widths (the key column is hidden), for the rows' heights
PRINTED = tuple((attr, width) for _, attr, width in COLUMNS if attr != "key")


class RegisterError(ValueError):
    """A register that cannot be read (Chinese message naming the file)."""


def write_register(
    rows: Iterable[RegisterRow], target: Path | str, protect: Iterable[Path | str] = ()
) -> None:
    """Write the register atomically (never over an input return)."""
    import xlsxwriter

    with atomic_output(target, protect) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False})
        try:
            _write_sheet(book, list(rows))
        finally:
            book.close()


def _write_sheet(book: Any, rows: list[RegisterRow]) -> None:
    sheet = book.add_worksheet(SHEET)
    base = {"text_wrap": True, "valign": "top", "font_size": FONT_SIZE, "border": 1}
    head = book.add_format({**base, "bold": True, "bg_color": "#E8E8E8", "locked": True})
    locked = book.add_format({**base, "locked": True})
    gone = book.add_format({**base, "locked": True, "font_color": "#808080"})
    editable = book.add_format({**base, "locked": False, "bg_color": "#FFF9DB"})
    for col, (header, attr, width) in enumerate(COLUMNS):
        cell_format = editable if attr in EDITABLE else None
        sheet.set_column(col, col, width, cell_format, {"hidden": attr == "key"})
        sheet.write_string(0, col, header, head)
    widths = [width for _, width in PRINTED]
    sheet.set_row(0, fitting_height(HEADERS[1:], widths, FONT_SIZE))
    for r, row in enumerate(rows, start=1):
        for col, (_, attr, _) in enumerate(COLUMNS):
            style = editable if attr in EDITABLE else gone if row.state == RESOLVED else locked
            _write_value(sheet, r, col, attr, xml_safe(str(getattr(row, attr))), style)
        texts = [str(getattr(row, attr)) for attr, _ in PRINTED]
        sheet.set_row(r, fitting_height(texts, widths, FONT_SIZE))  # printed rows never overlap
    last = max(len(rows), 1)
    choice_col = [attr for _, attr, _ in COLUMNS].index("choice")
    sheet.data_validation(
        1,
        choice_col,
        last + 500,  # room for rows the meeting adds below (they are ignored when read)
        choice_col,
        {
            "validate": "list",
            "source": list(CHOICES),
            "error_title": "处理意见",
            "error_message": "请从列表中选择：" + "、".join(CHOICES),
        },
    )
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last, len(COLUMNS) - 1)
    sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True})
    _print_setup(sheet, last)


def _write_value(sheet: Any, row: int, col: int, attr: str, text: str, style: Any) -> None:
    """Text as text; the 差额 as a number (Excel would flag a number stored as text)."""
    if attr == "difference" and text:
        try:
            sheet.write_number(row, col, float(text), style)
            return
        except ValueError:
            pass
    sheet.write_string(row, col, text, style)


def _print_setup(sheet: Any, last: int) -> None:
    """A4 landscape, one page wide, the header row on every page."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.repeat_rows(0)
    sheet.fit_to_pages(1, 0)
    sheet.print_area(0, 0, last, len(COLUMNS) - 1)
    sheet.set_footer("&C第 &P 页，共 &N 页")


def read_register(path: Path | str) -> tuple[list[RegisterRow], list[str]]:
    """The rows of an existing register and notes on cells that could not be used.

    Read within the bounds of a roster (``common.package_limits``): a folder, a
    named pipe, a damaged or hostile file is a ``RegisterError``, never a hang."""
    from common.package_limits import PackageRefused, check_package
    from common.roster import bounded_rows

    path = Path(path)
    try:
        check_package(path, "审核意见表")
    except PackageRefused as exc:
        raise RegisterError(str(exc)) from None
    except OSError as exc:
        raise RegisterError(f"无法读取审核意见表 {path}（{exc.strerror or exc}）") from None
    lines = bounded_rows(path, "审核意见表", RegisterError)
    header = [str(v or "").strip() for v in next(lines, ())]
    missing = [h for h in (KEY, "处理意见", "说明") if h not in header]
    if missing:
        lines.close()
        raise RegisterError(
            f"审核意见表 {path} 缺少列：{'、'.join(missing)}（请使用本程序生成的审核意见表）"
        )
    where = {h: header.index(h) for h in HEADERS if h in header}
    return _rows(lines, where, path)


def _rows(
    lines: Iterable[tuple[Any, ...]], where: dict[str, int], path: Path | str
) -> tuple[list[RegisterRow], list[str]]:
    rows: list[RegisterRow] = []
    notes: list[str] = []
    for number, line in enumerate(lines, start=2):

        def text(header: str, line: tuple[Any, ...] = line) -> str:
            at = where.get(header)
            value = line[at] if at is not None and at < len(line) else None
            return "" if value is None else str(value).strip()

        if not text(KEY):
            continue  # a row the meeting added by hand: nothing to match it with
        fields = {attr: text(header) for header, attr, _ in COLUMNS}
        row = RegisterRow(**fields)
        choice = choice_of(row.choice)
        if choice is None:
            notes.append(
                f"审核意见表 {Path(path).name} 第 {number} 行的处理意见“{row.choice}”"
                f"不是{'、'.join(CHOICES)}之一，按待处理"
            )
            choice = CHOICES[0]
        row.choice = choice
        rows.append(row)
    return rows, notes
