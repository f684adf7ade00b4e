"""Text measured and wrapped in terminal columns (a Chinese character takes two).

Line breaks fall at spaces or between Chinese characters, never inside an ASCII
word (an option, a rule id, a number) or a file name, and never before closing
punctuation. Used by the command-line help and the terminal report.
"""

from __future__ import annotations

import re
import unicodedata

# a file name (…年度报告.xlsx), a run of ASCII (a word, an option, a number), spaces, one character
_PIECES = re.compile(
    r"[^\s，。、；：？！（）“”《》]*\.[A-Za-z0-9]{1,5}(?![A-Za-z0-9])|[!-~]+|\s+|.", re.S
)
# characters a line must not start with (Chinese line-breaking rules)
_NO_LINE_START = frozenset("，。、；：？！）》」』”’,.;:?!)]}")


def cells(text: str) -> int:
    """Terminal columns a string takes: CJK (wide and full-width) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_BREAK_AFTER = "；，。：、"


def _at_punctuation(line: str, width: int) -> tuple[str, str]:
    """Split a full line after its last Chinese punctuation when that is in its second half
    (a line ends with a clause, not in the middle of a word); else keep it whole."""
    cut = max(line.rfind(mark) for mark in _BREAK_AFTER)
    if cut > 0 and cells(line[: cut + 1]) >= width // 2 and not line[cut + 1 :].isspace():
        return line[: cut + 1], line[cut + 1 :].lstrip()
    return line, ""


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` (one paragraph) in lines of at most ``width`` columns where it can be.

    A piece wider than the line (a very long file name) gets a line of its own.
    """
    text = " ".join(text.split())
    lines: list[str] = []
    line = ""
    for piece in _PIECES.findall(text):
        if piece.isspace():
            if not line:
                continue
            piece = " "
        if cells(line) + cells(piece) <= width or not line.strip() or piece in _NO_LINE_START:
            line += piece
            continue
        head, rest = _at_punctuation(line, width)
        lines.append(head.rstrip())
        line = rest + ("" if piece == " " and not rest else piece)
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]
