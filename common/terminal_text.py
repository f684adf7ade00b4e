"""Text from workbooks made safe to show: on a terminal, in XML, in any report.

A cell, a unit name or a file name may hold control characters: U+000B (Word's
manual line break, common in pasted text), ESC (which starts terminal escape
sequences that can clear the screen or rewrite a "✗ 不通过" line), U+0001, a
carriage return, bidirectional overrides that reorder what is shown. None of
them may reach a terminal raw, and XML 1.0 forbids most of them outright (an
annotated copy with one in a comment cannot be reopened). ``printable`` turns
them into visible, harmless characters; line feeds and tabs stay. A file name
whose bytes are not UTF-8 (GBK names from a zip made on Windows) reaches Python
with each such byte as a lone surrogate (U+DC80–U+DCFF): it is shown as ``\xba``.
"""

from __future__ import annotations

import re

# line breaks of other kinds become a space: they would otherwise move the cursor
_SPACES = {0x0B: " ", 0x0C: " ", 0x0D: " ", 0x85: " ", 0x2028: " ", 0x2029: " "}
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufffe\uffff\ud800-\udfff]"
)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (GBK from a zip)
        return f"\\x{code - 0xDC00:02x}"
    if code in _SPACES:
        return _SPACES[code]
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture: ␛ for ESC, ␁ for U+0001
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def printable(text: str) -> str:
    """``text`` with every control, format-reordering or non-XML character made visible
    and harmless (line feeds and tabs kept)."""
    if text.isascii() and text.isprintable():
        return text
    return _UNSAFE.sub(_shown, text)


def has_unsafe(text: str) -> bool:
    """Does ``text`` hold a character that ``printable`` would change?"""
    return _UNSAFE.search(text) is not None


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` with only the characters XML 1.0 cannot hold made visible (what a
    workbook must not contain); every other character is kept as it is."""
    return _NOT_XML.sub(_shown, text)


_BREAKS = str.maketrans({"\n": "\u2424", "\t": " "})  # ␤: a line feed made visible


def single_line(text: str) -> str:
    """``printable(text)`` on one line: a line feed shown as ␤, a tab as a space. For
    a report line that holds a file name or a cell's text, which must never start a
    line of its own (a name ending in "\n结论：通过" would forge one)."""
    return printable(text).translate(_BREAKS)
