"""Row heights of the meeting workbooks' wrapped text (Excel and its clients do not
autofit rows that XlsxWriter writes): lines estimated from the text's width in
character cells (``common.text_width.cells``, a Chinese character takes two) and the
column's width, so that printed rows never overlap or cut their text."""

from __future__ import annotations

import math
from collections.abc import Sequence

from common.text_width import cells

# A column width unit is the width of a digit of the 11-point default font; at another
# size a character takes proportionally more or less, and clients render Chinese text
# a little wider than two units.
BASE_FONT = 11.0
CJK_SLACK = 0.85
LINE_FACTOR = 1.35  # line height / font size: Excel's 13.5-point rows of 10-point 宋体
PADDING = 3.0  # points above and below the text


def text_lines(text: str, width: float, font_size: float = 10) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` units wide."""
    usable = max((width - 1.0) * BASE_FONT / font_size * CJK_SLACK, 1.0)
    return sum(max(1, math.ceil(cells(part) / usable)) for part in str(text).split("\n"))


def row_points(text: str, width: float, font_size: float = 10) -> float:
    """The height (points) of a row holding ``text`` in a column ``width`` units wide."""
    return fitting_height((text,), (width,), font_size)


def fitting_height(
    texts: Sequence[object], widths: Sequence[float], font_size: float = 10
) -> float:
    """The height of a row whose cells hold ``texts`` in columns of ``widths``."""
    lines = max(
        (
            text_lines(str(t), w, font_size)
            for t, w in zip(texts, widths, strict=False)
            if t not in (None, "")
        ),
        default=1,
    )
    return lines * font_size * LINE_FACTOR + PADDING
