"""The published tables as a Word file (python-docx).

A4, one section per table: portrait or landscape as the official format
prints it, so that each table is one page wide; the header rows repeat when a
table runs onto a second page. Merges are Word's own (gridSpan / vMerge), so
Word, WPS and LibreOffice show the official layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from meeting.publish_tables import Publication, PublishedTable

FONT = "宋体"
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(1.8)
TABLE_POINTS = 9
TITLE_POINTS = 16
HEADING_POINTS = 12


def east_asian(run_or_style: Any, name: str = FONT) -> None:
    """Set the font for Chinese text too (Word keeps it apart from the Latin font)."""
    run_or_style.font.name = name
    r_pr = run_or_style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)


def _page(section: Any, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def _paragraph(doc: Any, text: str, points: int, center: bool = False) -> None:
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(points)
    east_asian(run)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _write_table(doc: Any, table: PublishedTable, text_width: int) -> None:
    grid = doc.add_table(rows=table.rows, cols=table.cols)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(table.widths)
    widths = [int(text_width * w / total) for w in table.widths]
    for k, column in enumerate(grid.columns):
        column.width = widths[k]
        for cell in column.cells:
            cell.width = widths[k]
    for r in range(table.header_rows):
        _repeat_header(grid.rows[r])
    for item in table.cells:
        cell = grid.cell(item.row, item.col)
        if item.last_row > item.row or item.last_col > item.col:
            cell = cell.merge(grid.cell(item.last_row, item.last_col))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        if not item.header:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif item.last_col > item.col or item.last_row > item.row or item.col > 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(item.text)
        run.font.size = Pt(TABLE_POINTS)
        east_asian(run)


def write_docx(pub: Publication, target: Path) -> None:
    """Title, then each table under its heading, a section (page) per table."""
    doc = Document()
    east_asian(doc.styles["Normal"])
    for number, table in enumerate(pub.tables):
        if number == 0:
            section = doc.sections[0]
            _page(section, table.landscape)
            _paragraph(doc, pub.title, TITLE_POINTS, center=True)
            for note in pub.notes:
                _paragraph(doc, note, HEADING_POINTS)
        else:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            _page(section, table.landscape)
        _paragraph(doc, table.title, HEADING_POINTS)
        page_width = A4[1] if table.landscape else A4[0]
        _write_table(doc, table, page_width - 2 * MARGIN)
    doc.save(str(target))
