"""Cell formats of the template and the size heuristics for readable labels.

Formats are created once per workbook (``Styles``) so every sheet shares them.
The workbook object comes from writer.py, the only module importing xlsxwriter.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from declaration.spec import Kind

Format = Any  # xlsxwriter.format.Format (the library ships no type information)

FONT = "宋体"
INPUT_FILL = "#FFF2CC"  # light yellow (浅黄色): "type here"
TOTAL_FILL = "#E7E6E6"  # grey: computed, locked
HEADER_FILL = "#DDEBF7"
ALERT_FILL = "#F8CBAD"  # conditional format of a broken identity
ALERT_FONT = "#9C0006"

NUMBER_FORMATS: dict[str, str] = {
    "count": "0",
    "signed": "+0;-0;0",
    "amount": "0.00####",
}

POINTS_PER_LINE = 15.0


def text_width(text: str) -> int:
    """Display width in Excel character units: CJK and full-width count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines_needed(text: str, width_chars: float) -> int:
    """How many wrapped lines ``text`` takes in a cell ``width_chars`` wide."""
    # clients render CJK text somewhat wider than two character units
    usable = max(width_chars * 0.85 - 1.0, 1.0)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


@dataclass(frozen=True)
class Styles:
    """Every format used by the template."""

    title: Format
    info: Format
    heading: Format
    header: Format
    row_header: Format
    corner: Format
    inputs: dict[str, Format]
    totals: dict[str, Format]
    cover_label: Format
    cover_input: Format
    cover_locked: Format
    cover_hint: Format
    text: Format
    text_bold: Format
    check_header: Format
    check_text: Format
    check_number: Format
    check_mark: Format
    alert: Format

    def input_for(self, kind: Kind) -> Format:
        return self.inputs[kind]

    def total_for(self, kind: Kind) -> Format:
        return self.totals[kind]


def make_styles(workbook: Any, *, finished: bool = False) -> Styles:
    """Create the shared formats on an xlsxwriter workbook.

    ``finished`` is for documents that are read, not filled (the roll-up): no
    "type here" colour, every cell locked, totals in bold like a printed table.
    """

    def fmt(**props: Any) -> Format:
        base: dict[str, Any] = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
        base.update(props)
        return workbook.add_format(base)

    border = {"border": 1}
    label = {**border, "text_wrap": True, "locked": True}
    return Styles(
        title=fmt(bold=True, font_size=16, align="center"),
        info=fmt(align="left"),
        heading=fmt(**label, bold=True, align="left", bg_color=HEADER_FILL),
        header=fmt(**label, bold=True, align="center", bg_color=HEADER_FILL),
        row_header=fmt(**label, align="left"),
        corner=fmt(**label, align="center", font_size=10),
        inputs={
            kind: fmt(**border, **_input_look(finished), num_format=num, align="right")
            for kind, num in NUMBER_FORMATS.items()
        },
        totals={
            kind: fmt(**border, **_total_look(finished), num_format=num, align="right")
            for kind, num in NUMBER_FORMATS.items()
        },
        cover_label=fmt(**border, bold=True, align="right", bg_color=HEADER_FILL),
        cover_input=fmt(**border, **_input_look(finished), align="left"),
        cover_locked=fmt(**border, locked=True, align="left", num_format="0"),
        cover_hint=fmt(**border, text_wrap=True, locked=True, align="left", font_size=9),
        text=fmt(text_wrap=True, valign="top"),
        text_bold=fmt(text_wrap=True, valign="top", bold=True),
        check_header=fmt(**label, bold=True, align="center", bg_color=HEADER_FILL),
        check_text=fmt(**border, text_wrap=True, align="left"),
        check_number=fmt(**border, num_format="0.######", align="right"),
        check_mark=fmt(**border, bold=True, align="center"),
        alert=workbook.add_format({"bg_color": ALERT_FILL, "font_color": ALERT_FONT}),
    )


def _input_look(finished: bool) -> dict[str, Any]:
    """An input cell: yellow and unlocked in a template, plain and locked when finished."""
    return {"locked": True} if finished else {"locked": False, "bg_color": INPUT_FILL}


def _total_look(finished: bool) -> dict[str, Any]:
    return {"locked": True, "bold": True} if finished else {"locked": True, "bg_color": TOTAL_FILL}
