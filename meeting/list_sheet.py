"""The 问题清单 sheet of an annotated copy: the office's problems, each linked to its cell.

Added as the workbook's last sheet (the template's sheets keep their places: the
checker and some offices' tools read them by name or by position) and made the
sheet that is shown when the copy is opened. The sheet's XML is built here as
text, every string escaped; ``meeting.annotate_package`` puts it in the package,
``meeting.annotate`` writes the same rows through openpyxl.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from declaration.layout import a1
from meeting.comment_parts import ILLEGAL_XML, MAIN, xml_text
from meeting.problems import HEADERS, Problem
from template_builder.styles import POINTS_PER_LINE, lines_needed

LIST_NAME = "问题清单"
WIDTHS = (6.0, 36.0, 52.0, 36.0, 20.0)
LINK_COLUMN = 1  # 位置
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class Listing:
    """The rows of the sheet (under ``HEADERS``) and where each row's 位置 links to."""

    name: str
    rows: list[tuple[str, ...]]
    links: list[str]  # "'sheet'!D6", or "" for a finding about the whole file


def link_location(sheet: str, cell: str) -> str:
    """``'三、收到…'!D6`` (a quote in the name doubled), or "" without a cell."""
    if not sheet or not cell:
        return ""
    return "'" + sheet.replace("'", "''") + "'!" + cell.replace("$", "").upper()


def free_name(taken: Collection[str]) -> str:
    """``问题清单``, or ``问题清单2`` … when a sheet of that name is there already."""
    lower = {t.lower() for t in taken}
    name, n = LIST_NAME, 2
    while name.lower() in lower:
        name, n = f"{LIST_NAME}{n}", n + 1
    return name


def listing(problems: list[Problem], sheets: Collection[str]) -> Listing:
    rows: list[tuple[str, ...]] = [p.texts(n) for n, p in enumerate(problems, 1)]
    links = [link_location(p.sheet, p.cell) if p.sheet in sheets else "" for p in problems]
    return Listing(free_name(sheets), rows, links)


def _row(number: int, texts: tuple[str, ...], style: int, link_style: int | None) -> str:
    cells = "".join(
        f'<c r="{a1(number - 1, k)}" s="{link_style if k == LINK_COLUMN and link_style else style}"'
        f' t="inlineStr"><is><t xml:space="preserve">{xml_text(text)}</t></is></c>'
        for k, text in enumerate(texts)
    )
    height = row_height(texts)
    return f'<row r="{number}" ht="{height:g}" customHeight="1">{cells}</row>'


def row_height(texts: tuple[str, ...]) -> float:
    """Points for the tallest wrapped cell of a row (clients do not grow rows of inline text)."""
    lines = max(lines_needed(text, width) for text, width in zip(texts, WIDTHS, strict=True))
    return lines * POINTS_PER_LINE


def sheet_xml(table: Listing, header: int, body: int, link: int) -> bytes:
    """The worksheet part: the header row, one row per problem, links to the cells;
    prints on A4 landscape, one page wide, the header row repeating."""
    cols = "".join(
        f'<col min="{k + 1}" max="{k + 1}" width="{w:g}" customWidth="1"/>'
        for k, w in enumerate(WIDTHS)
    )
    rows = [_row(1, HEADERS, header, None)]
    rows += [_row(n, texts, body, link) for n, texts in enumerate(table.rows, 2)]
    links = "".join(
        f'<hyperlink ref="{a1(n, LINK_COLUMN)}" location={quoteattr(ILLEGAL_XML.sub("", where))}/>'
        for n, where in enumerate(table.links, 1)
        if where
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL_NS}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        "</sheetView></sheetViews>"
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
        f"<sheetData>{''.join(rows)}</sheetData>"
        + (f"<hyperlinks>{links}</hyperlinks>" if links else "")
        + '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "</worksheet>"
    ).encode()
