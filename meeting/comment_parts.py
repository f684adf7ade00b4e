"""The comments part and the VML drawing of one sheet, as text.

The comments part holds the texts (what openpyxl and LibreOffice read); the
VML drawing says where each comment box is and that it shows on hover, as
Excel writes it. Every text from a return is escaped; characters XML cannot
hold are dropped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from declaration.layout import parse_a1

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Mark:
    """One annotated cell: comment text and the marking colour (RRGGBB); no colour
    for a comment only (the legend on A1 of the first sheet)."""

    text: str
    color: str | None


def xml_text(text: str) -> str:
    """``text`` escaped for XML, without the characters XML 1.0 cannot hold."""
    return escape(ILLEGAL_XML.sub("", text))


def comments_xml(marks: Mapping[str, Mark], author: str = "check-workbook") -> bytes:
    """The comments part of one sheet."""
    items = "".join(
        f'<comment ref="{address}" authorId="0"><text><r><rPr><sz val="9"/></rPr>'
        f'<t xml:space="preserve">{xml_text(mark.text)}</t></r></text></comment>'
        for address, mark in marks.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<comments xmlns="{MAIN}"><authors><author>{xml_text(author)}</author></authors>'
        f"<commentList>{items}</commentList></comments>"
    ).encode()


def box_height(text: str) -> int:
    """Comment box height in pixels: about one line per 30 characters, within bounds."""
    lines = sum(1 + len(line) // 30 for line in text.split("\n"))
    return min(max(80, lines * 16), 600)


def _shape(address: str, mark: Mark, shape_id: int) -> str:
    row, col = parse_a1(address)
    height = box_height(mark.text)
    rows_down = math.ceil(height / 20)
    anchor = f"{col + 1}, 15, {row}, 2, {col + 7}, 15, {row + rows_down}, 2"
    style = (
        "position:absolute;margin-left:59.25pt;margin-top:1.5pt;"
        f"width:315pt;height:{height * 0.75:g}pt;z-index:1;visibility:hidden"
    )
    return (
        f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t202" style={quoteattr(style)}'
        ' fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
        '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
        '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
        f"<x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"
    )


def vml_xml(marks: Mapping[str, Mark], number: int) -> bytes:
    """The VML drawing that places the comment boxes of one sheet (``number`` ≥ 1)."""
    shapes = "".join(
        _shape(address, mark, 1024 * number + i + 1)
        for i, (address, mark) in enumerate(marks.items())
    )
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{number}"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"'
        ' path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f"{shapes}</xml>"
    ).encode()
