"""Page setup and protection shared by every visible sheet of the template."""

from __future__ import annotations

from typing import Any

Sheet = Any  # xlsxwriter.worksheet.Worksheet (the library ships no type information)

A4 = 9
PAGE_NUMBERS = "第 &P 页 共 &N 页"

PROTECT_OPTIONS: dict[str, bool] = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    # row heights and column widths may be adjusted for reading and printing;
    # inserting or deleting rows and columns stays forbidden
    "format_columns": True,
    "format_rows": True,
}


def footer_text(unit: str | None) -> str:
    """Footer: the office's name (if known) on the left, page numbers centred."""
    pages = f"&C{PAGE_NUMBERS}"
    if not unit:
        return pages
    return "&L" + unit.replace("&", "&&") + pages


def print_setup(
    sheet: Sheet,
    *,
    landscape: bool,
    unit: str | None,
    last_row: int,
    last_col: int,
    repeat: tuple[int, int] | None = None,
) -> None:
    """A4, one page wide, footer with unit and page numbers."""
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    sheet.set_footer(footer_text(unit))
    sheet.print_area(0, 0, last_row, last_col)
    if repeat is not None:
        sheet.repeat_rows(*repeat)


def protect(sheet: Sheet, password: str | None) -> None:
    """Lock the sheet: only cells formatted ``locked=False`` accept input."""
    sheet.protect(password or "", PROTECT_OPTIONS)
