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
    r"[^\s，。、；：？！“”《》]*[^\s，。、；：？！“”《》（(]\.[A-Za-z0-9]{1,5}(?![A-Za-z0-9])"
    r"|[!-~]+|\s+|.",
    re.S,
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
    lines: list[str] = []
    line: list[str] = []  # the pieces of the line being filled
    for piece in _PIECES.findall(" ".join(text.split())):
        if piece.isspace():
            if not line:
                continue
            piece = " "
        alone = len(line) == 1 and piece in _NO_LINE_START  # hangs after an overlong piece
        if cells("".join(line) + piece) <= width or not "".join(line).strip() or alone:
            line.append(piece)
            continue
        # closing punctuation never starts a line: the piece before it goes down with it
        carried = [line.pop()] if piece in _NO_LINE_START and len(line) > 1 else []
        head, rest = _at_punctuation("".join(line), width)
        lines.append(head.rstrip())
        line = ([rest] if rest else []) + carried + ([] if piece == " " and not rest else [piece])
    if "".join(line).strip():
        lines.append("".join(line).rstrip())
    return lines or [""]
