"""Word files (.docx via python-docx; .doc/.wps converted by LibreOffice) and PDFs (pdfplumber).

python-docx gives the body in order (paragraphs and tables) and the cell merges
as Word stores them (gridSpan, vMerge); pdfplumber finds ruled tables from the
PDF's lines and keeps the text layer's positions, so narrative and tables come
out in reading order. Old binary Word files are converted to .docx by
LibreOffice headless when it is installed — the one path that needs it.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from checker.read.limits import (
    MAX_PDF_CONTENT_BYTES,
    MAX_PDF_PAGES,
    MAX_PDF_STREAM_BYTES,
    LimitExceeded,
    mib,
)
from checker.read.published.document import (
    Document,
    Grid,
    GridCell,
    SpannedCell,
    clean_cell,
    expand_spans,
)

CONVERT_SECONDS = 120


class NoTextLayer(Exception):
    """A PDF whose pages are images (scanned): no text to read."""


class NeedsOffice(Exception):
    """A .doc/.wps file and no LibreOffice to convert it."""


def read_docx(path: Path, kind: str = "Word 文档") -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    word = docx.Document(str(path))
    doc = Document(kind)
    for child in word.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            doc.add_paragraph(Paragraph(child, word).text)
        elif tag == "tbl":
            _word_table(doc, Table(child, word))
    return doc


def _word_table(doc: Document, table: Any) -> None:
    """Rows of (text, rowspan, colspan): a vMerge "continue" cell belongs to the cell above."""
    grid: list[list[tuple[Any, int, bool]]] = []  # per row: (tc, colspan, continues above)
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            cells.append((tc, int(tc.grid_span or 1), tc.vMerge == "continue"))
        grid.append(cells)
    starts: list[dict[int, tuple[Any, int, bool]]] = []
    for cells in grid:
        col, placed = 0, {}
        for cell in cells:
            placed[col] = cell
            col += cell[1]
        starts.append(placed)
    rows: list[list[SpannedCell]] = []
    for r, placed in enumerate(starts):
        out: list[SpannedCell] = []
        for col, (tc, colspan, continues) in placed.items():
            if continues:
                continue
            rowspan = 1
            while r + rowspan < len(starts) and starts[r + rowspan].get(col, (None, 0, False))[2]:
                rowspan += 1
            text = "\n".join(p.text for p in _paragraphs(tc, table))
            out.append((clean_cell(text), rowspan, colspan))
        rows.append(out)
    doc.count_cells(sum(map(len, rows)))
    expand_spans(doc.new_grid(), rows)


def _paragraphs(tc: Any, table: Any) -> list[Any]:
    from docx.table import _Cell

    return list(_Cell(tc, table).paragraphs)


def read_pdf(path: Path) -> Document:
    """Text lines and ruled tables of every page, in reading order, within the page
    and content limits (``checker.read.limits``): each page's content streams are
    measured inflating them piecewise before pdfplumber decodes them whole."""
    import pdfplumber
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doc = Document("PDF 文件")
    chars = 0
    content = 0
    pdf = pdfplumber.open(str(path), pages=[])  # pages=[]: none parsed on opening
    try:
        _check_page_count(pdf.doc)
        doctop = 0.0
        for number, page_obj in enumerate(PDFPage.create_pages(pdf.doc), 1):
            if number > MAX_PDF_PAGES:
                raise _too_many_pages()
            content += _content_bytes(page_obj, MAX_PDF_CONTENT_BYTES - content)
            page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
            doctop += page.height
            chars += len(page.chars)
            _pdf_page(doc, page)
            page.close()
    finally:
        pdf.stream.close()  # not pdf.close(): it would walk every page of the file
    if chars == 0:
        raise NoTextLayer(path.name)
    return doc


def _too_many_pages() -> LimitExceeded:
    return LimitExceeded(f"PDF 超过 {MAX_PDF_PAGES} 页（年报只有几十页），已停止读取")


def _check_page_count(document: Any) -> None:
    """The page count, declared and walked, before any page is read."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    pages = resolve1(document.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    if isinstance(count, int) and count > MAX_PDF_PAGES:
        raise _too_many_pages()
    # the count may lie: the page tree is walked (no content read) before any page is
    for number, _ in enumerate(PDFPage.create_pages(document), 1):
        if number > MAX_PDF_PAGES:
            raise _too_many_pages()


def _content_bytes(page_obj: Any, allowed: int) -> int:
    """Inflated size of a page's content streams, refusing one past the limits
    without ever holding more than one piece of it."""
    import zlib

    from pdfminer.pdftypes import resolve1

    total = 0
    for ref in page_obj.contents or ():
        stream = resolve1(ref)
        raw = getattr(stream, "rawdata", None)
        if raw is None:  # already decoded (or no stream): its size is known
            total += len(getattr(stream, "data", b"") or b"")
            continue
        filters = stream.get_filters() if hasattr(stream, "get_filters") else []
        names = [str(getattr(f, "name", f)) for f, _ in filters]
        if names[:1] in (["FlateDecode"], ["Fl"]):
            inflater = zlib.decompressobj()
            size, piece = 0, inflater.decompress(raw, 1024 * 1024)
            while piece:
                size += len(piece)
                if size > MAX_PDF_STREAM_BYTES or total + size > allowed:
                    break
                piece = inflater.decompress(inflater.unconsumed_tail, 1024 * 1024)
        else:
            size = len(raw)
        total += size
        if size > MAX_PDF_STREAM_BYTES or total > allowed:
            raise LimitExceeded(
                f"PDF 一页的内容解压后超过上限（每页 {mib(MAX_PDF_STREAM_BYTES)}、"
                f"全部 {mib(MAX_PDF_CONTENT_BYTES)}），疑似“压缩炸弹”，已停止读取"
            )
    return total


def _pdf_page(doc: Document, page: Any) -> None:
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, Any]] = []
    for line in page.extract_text_lines(return_chars=False):
        middle = (line["top"] + line["bottom"]) / 2
        if not any(
            x0 - 1 <= line["x0"] <= x1 + 1 and top <= middle <= bottom
            for x0, top, x1, bottom in boxes
        ):
            items.append((line["top"], line["text"]))
    for table in tables:
        items.append((table.bbox[1], table))
    first = True
    for _, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, str):
            doc.add_paragraph(item)
            first = False
            continue
        rows = [
            [(i + 1, clean_cell(c)) for i, c in enumerate(row) if c is not None]
            for row in item.extract()
        ]
        rows = [row for row in rows if any(text for _, text in row)]
        previous = doc.blocks[-1] if doc.blocks else None
        if first and isinstance(previous, Grid) and previous.rows and rows and _continues(rows[0]):
            _join(previous.rows[-1], rows.pop(0))  # a row broken by the page break
        if rows:
            doc.count_cells(sum(map(len, rows)))
            grid = doc.new_grid()
            for r, row in enumerate(rows):
                grid.rows.append([GridCell(text, grid.number, r + 1, col) for col, text in row])
        first = False


def _continues(row: list[tuple[int, str]]) -> bool:
    """The top row of a table on a new page that only finishes the labels of the
    row above (LibreOffice and Word let a row break across pages)."""
    texts = [text for _, text in row if text]
    if not 0 < len(texts) <= 2 or len(texts) == len(row):  # its value cells are empty
        return False
    return not any(ch.isdigit() for t in texts for ch in t[:1])


def _join(cells: list[GridCell], tail: list[tuple[int, str]]) -> None:
    for col, text in tail:
        if not text:
            continue
        at = max((i for i, c in enumerate(cells) if c.col <= col), default=0)
        cell = cells[at]
        cells[at] = GridCell(cell.text + text, cell.table, cell.row, cell.col)


def convert_to_docx(path: Path, workdir: Path) -> Path:
    """A .doc/.wps file converted by LibreOffice headless into ``workdir``."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise NeedsOffice(path.name)
    # named by what it is (a .doc renamed .docx must not be "converted" onto itself)
    source = workdir / ("source.wps" if path.suffix.lower() == ".wps" else "source.doc")
    shutil.copyfile(path, source)  # the office's file is never opened for writing
    profile = workdir / "profile"
    command = [
        office,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx",
        "--outdir",
        str(workdir),
        str(source),
    ]
    try:
        run_in_own_group(command, CONVERT_SECONDS)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = workdir / "source.docx"
    if not converted.exists():
        raise NeedsOffice(path.name)
    return converted


def run_in_own_group(command: list[str], seconds: float) -> None:
    """Run ``command`` in a process group of its own and end the whole group on a
    timeout, a signal or any other exit: ``soffice`` is a script whose real program
    (``soffice.bin``) would otherwise outlive a killed conversion."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pass  # the file is reported as not converted (no .docx)
    finally:
        _end_group(process)


def _end_group(process: subprocess.Popen[bytes]) -> None:
    import os
    import signal

    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)  # the group: soffice.bin included
        else:  # Windows: no process groups of this kind
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def read_doc(path: Path, label: str) -> Document:
    with tempfile.TemporaryDirectory(prefix="xxgk-doc-") as tmp:
        return read_docx(convert_to_docx(path, Path(tmp)), label)
