"""Parsing a worksheet part (and plain shared strings) of an .xlsx package.

``SheetParser`` turns a sheet's XML into a ``RawSheet``: values, cached
results, formulas (shared formulas expanded), merges and protection. The
checker reads the same few hundred cells in every return, so the common cells
(a number, a shared string) take a short path and equal cells share one object.
The element tree of a sheet becomes a plan (every cell's place, type, style and
formula) filled with the texts of its ``<v>`` elements; a sheet whose markup
was read before in the batch reuses that plan without parsing (checker.read.sheet_memo).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.etree.ElementTree import Element, ParseError, fromstring

from checker.read import sheet_memo
from checker.read.sheet_memo import Planned, is_plain_text
from checker.read.workbook import CellType, RawCell, RawSheet, ReadError
from common.memo import Memo, memoized
from declaration.layout import col_letter

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_C, _V, _F, _IS, _ROW = f"{NS}c", f"{NS}v", f"{NS}f", f"{NS}is", f"{NS}row"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
_REF_IN_FORMULA = re.compile(
    r"('(?:[^']|'')*'|\"[^\"]*\")|(?<![A-Za-z0-9_.])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])"
)


# Cells are immutable: one object serves every cell of the same content, in
# every return of a batch (a text; a number under the same date styles).
KEPT_CELLS = 20_000  # per kind (texts; numbers under one set of date styles)
KEPT_STYLE_SETS = 8  # sets of date styles whose number cells are kept
TEXT_CELLS: Memo[str, RawCell] = Memo("xlsx.text_cells", KEPT_CELLS)
NumberCells = Memo[tuple[str, str | None], RawCell]
NUMBER_CELLS: Memo[tuple[bool, ...], NumberCells] = Memo("xlsx.number_cells", KEPT_STYLE_SETS)


def text_cell(value: str) -> RawCell:
    cell = TEXT_CELLS.get(value)
    if cell is None:
        cell = TEXT_CELLS.put(value, RawCell(value, "s"))
    return cell


def number_cells_for(dates: tuple[bool, ...]) -> NumberCells:
    """The number cells (by text and style) of workbooks whose styles show ``dates``."""
    cells = NUMBER_CELLS.get(dates)
    if cells is None:
        cells = NUMBER_CELLS.put(dates, NUMBER_CELLS.child(str(len(dates)), KEPT_CELLS))
    return cells


Cells = dict[tuple[int, int], RawCell]


class SheetParser:
    def __init__(
        self,
        file_name: str,
        strings: list[str],
        dates: tuple[bool, ...],
        text_cells: dict[str, RawCell],
        number_cells: NumberCells,
        longest_string: int | None = None,
    ) -> None:
        self.file_name = file_name
        self.strings = strings
        self.dates = dates
        self.shared: dict[str, tuple[int, int, str]] = {}
        # cells are immutable: one object serves every cell of the same content,
        # remembered per file: by shared-string index (as written), and by (text, style)
        self.text_cells = text_cells
        self.number_cells = number_cells
        self.longest_string = longest_string  # of ``strings``, when the caller knows it

    def parse(self, raw: bytes | None, part: str, sheet: RawSheet) -> None:
        if raw is None:
            raise ReadError(f"文件“{self.file_name}”已损坏（缺少工作表“{sheet.name}”）")
        skeleton, body = essential_parts(raw, cells_apart=True)
        found = sheet_memo.cut(skeleton, body) if body is not None else None
        if found is not None:
            plan = sheet_memo.known_plan(found)
            if plan is not None:  # the same markup as a sheet read before: replay it
                self._fill(plan.cells, found.texts, sheet.cells)
                sheet.merges.extend(plan.merges)
                sheet.protected = plan.protected
                if self.longest_string is not None:  # every text is one of these
                    longest = max(map(len, found.texts), default=0)
                    sheet.longest_text = max(self.longest_string, plan.longest_inline, longest)
                return
        try:
            root = fromstring(essential_parts(raw)[0] if body is not None else skeleton)
        except (ParseError, ValueError):  # ValueError: an encoding the parser cannot read
            raise ReadError(f"文件“{self.file_name}”已损坏（{part} 无法解析）") from None
        data = root.find(f"{NS}sheetData")
        planned: list[Planned] = []
        texts: list[str] = []
        exact = data is not None and self._plan(data, planned, texts)
        self._fill(planned, texts, sheet.cells)
        merges = root.find(f"{NS}mergeCells")
        if merges is not None:
            for merge in merges.iter(f"{NS}mergeCell"):
                bounds = _range(merge.get("ref", ""))
                if bounds is not None:
                    sheet.merges.append(bounds)
        prot = root.find(f"{NS}sheetProtection")
        sheet.protected = prot is not None and prot.get("sheet", "0") in ("1", "true")
        if found is not None:
            inline = max((len(p[4]) for p in planned), default=0)
            plan = sheet_memo.SheetPlan(
                tuple(planned), tuple(sheet.merges), sheet.protected, inline
            )
            sheet_memo.remember_plan(found, plan, texts, exact)

    def _plan(self, data: Element, planned: list[Planned], texts: list[str]) -> bool:
        """Every stored cell of ``data`` in document order, with its ``<v>`` text ("" for none);
        True when each ``<v>`` of the sheet is the one value of a planned cell."""
        exact = True
        for row_index, row in enumerate(data.iter(_ROW)):
            r = int_or(row.get("r"), row_index + 1) - 1
            col = 0
            for c in row:
                if c.tag != _C:
                    continue
                if not len(c):  # styled but empty: nothing stored
                    col += 1
                    continue
                ref = c.get("r")
                if ref:
                    at = _cell_ref(ref)
                    if at is not None:
                        r, col = at
                t = c.get("t")
                f = v = inline = None
                values = 0
                for child in c:  # one pass over <f>, <v>, <is>
                    tag = child.tag
                    if tag == _V:
                        v = child
                        values += 1
                    elif tag == _F:
                        f = child
                    elif tag == _IS:
                        inline = child
                formula = None
                if f is not None:
                    formula = self._formula(f.text or "", f.get("t"), f.get("si", ""), r, col)
                inline_text = text_of(inline) if t == "inlineStr" and inline is not None else ""
                only_value = len(c) == 1 and v is not None
                planned.append(
                    ((r, col), t, c.get("s"), formula, inline_text, only_value, v is not None)
                )
                if v is not None:
                    texts.append(v.text or "")
                exact = exact and values <= 1
                col += 1
        if exact:  # no other <v> anywhere, no row inside a row
            exact = sum(1 for _ in data.iter(_V)) == len(texts) and sum(
                1 for _ in data.iter(_ROW)
            ) == len(data.findall(_ROW))
        return exact

    def _fill(self, planned: Sequence[Planned], texts: list[str], cells: Cells) -> None:
        """The cells of a plan, given the texts of their ``<v>`` elements in order."""
        quick, general = self._quick_value, self._general
        numbers, shared = self.number_cells, self.text_cells
        index = 0
        for pos, t, style, formula, inline, only_value, has_value in planned:
            text = ""
            if has_value:
                text = texts[index]
                index += 1
            if only_value and text:
                if t is None:  # most cells: a number, or a shared string
                    cell = numbers.get((text, style))
                else:
                    cell = shared.get(text) if t == "s" else None
                if cell is None:
                    cell = quick(t, style, text)
                if cell is not None:
                    cells[pos] = cell
                    continue
            cell = general(t if t is not None else "n", style, formula, text or None, inline)
            if cell is not None:
                cells[pos] = cell

    def _quick_value(self, t: str | None, style: str | None, text: str) -> RawCell | None:
        """The common cells (a shared string, a plain number) of a cell holding only
        a value: one object per content; None for any other cell."""
        if t == "s":
            cell = self.text_cells.get(text)
            if cell is None:
                index = int_or(text, -1)
                value = self.strings[index] if 0 <= index < len(self.strings) else ""
                cell = self.text_cells[text] = text_cell(value)
            return cell
        if t is not None and t != "n":
            return None
        key = (text, style)
        cell = self.number_cells.get(key)
        if cell is None:
            try:
                number = float(text)
            except ValueError:
                return None
            is_date = style is not None and self._is_date_style(style)
            cell = self.number_cells.put(key, RawCell(number, "n", None, is_date))
        return cell

    def _general(
        self, t: str, style: str | None, formula: str | None, text: str | None, inline: str
    ) -> RawCell | None:
        """Any cell: type ``t``, its formula, its ``<v>`` text, its inline string's text."""
        kind: CellType = "n"
        value: float | str | bool | None
        if t == "inlineStr":
            value, kind = inline, "s"
        elif text is None:
            if formula is None:
                return None
            value = None
        elif t == "s":
            index = int_or(text, -1)
            value, kind = (self.strings[index] if 0 <= index < len(self.strings) else ""), "s"
        elif t in ("str", "e", "d"):
            value, kind = text, ("s" if t == "str" else t)  # type: ignore[assignment]
        elif t == "b":
            value, kind = text.strip() in ("1", "true"), "b"
        else:
            try:
                value = float(text)
            except ValueError:
                value, kind = text, "s"
        is_date = kind == "n" and style is not None and self._is_date_style(style)
        return RawCell(value, kind, formula, is_date)

    def _is_date_style(self, style: str) -> bool:
        index = int_or(style, 0)
        return 0 <= index < len(self.dates) and self.dates[index]

    def _formula(self, text: str, ftype: str | None, si: str, row: int, col: int) -> str:
        """A formula's text; the cells sharing a formula get the first one's, moved."""
        if ftype != "shared":
            return text
        if text:
            self.shared[si] = (row, col, text)
            return text
        master = self.shared.get(si)
        if master is None:
            return ""
        return shift_formula(master[2], row - master[0], col - master[1])


_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b[^>]*>")


def essential_parts(raw: bytes, cells_apart: bool = False) -> tuple[bytes, bytes | None]:
    """The sheet XML cut down to what the checker reads: cells, merges, protection.

    Conditional formats and data validations are often most of a template's sheet
    XML; leaving them out makes parsing several times faster. Falls back to the
    whole text when the root element is not where it is expected. With
    ``cells_apart`` the ``<sheetData>`` element is left empty and its body is
    returned beside the XML (else, and when there is no such body, None).
    """
    root = _ROOT.search(raw, 0, 4096)
    if root is None:
        return raw, None
    prefix = root.group(1) or b""
    parts = [raw[: root.end()]]
    body = None
    for name in (b"sheetData", b"mergeCells"):
        start = raw.find(b"<" + prefix + name, root.end())
        if start < 0:
            continue
        close = b"</" + prefix + name + b">"
        end = raw.find(close, start)
        head_end = raw.find(b">", start)
        if head_end > 0 and raw[head_end - 1 : head_end] == b"/":
            parts.append(raw[start : head_end + 1])
        elif end > 0:
            if cells_apart and name == b"sheetData" and not prefix and head_end < end:
                body = raw[head_end + 1 : end]
                parts.append(raw[start : head_end + 1] + close)
            else:
                parts.append(raw[start : end + len(close)])
        else:
            return raw, None
    protection = re.search(rb"<" + re.escape(prefix) + rb"sheetProtection\b[^>]*>", raw)
    if protection is not None:
        parts.append(protection.group(0))
    parts.append(b"</" + prefix + b"worksheet>")
    return b"".join(parts), body


def shift_formula(text: str, drow: int, dcol: int) -> str:
    """Move the relative references of a formula by (drow, dcol), as Excel's fill does."""

    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1)  # quoted sheet name or string literal
        col_abs, col, row_abs, row = m.group(2), m.group(3), m.group(4), m.group(5)
        new_col = col if col_abs else col_letter(_col_index(col) + dcol)
        new_row = row if row_abs else str(int(row) + drow)
        return f"{col_abs}{new_col}{row_abs}{new_row}"

    return _REF_IN_FORMULA.sub(repl, text)


_PLAIN_SST_HEAD = re.compile(
    rb'(?:\xef\xbb\xbf)?(?:<\?xml version="1\.0"(?: encoding="(?i:utf-8)")?(?: standalone="yes")?\?>)?'
    rb'\s*<sst xmlns="' + NS[1:-1].encode() + rb'"(?: (?:count|uniqueCount)="[0-9]+")*>'
)
_PLAIN_ITEMS = re.compile(r'(?:<si><t(?: xml:space="preserve")?>[^<&]*</t></si>)*')
_ITEM_TEXT = re.compile(r"<t[^>]*>([^<]*)</t>")
_SPACE = b" \t\n\r\x0b\x0c"  # what \s matches in bytes


def plain_strings(raw: bytes) -> list[str] | None:
    """The shared strings of a part holding only plain ``<si><t>…</t></si>`` items
    (what XlsxWriter, Excel and WPS write without rich text), without building a
    tree; None when the part is anything else, for the XML parser to read."""
    head = _PLAIN_SST_HEAD.match(raw)
    end = len(raw.rstrip(_SPACE)) - len(b"</sst>")
    if head is None or end < head.end() or raw[end:].rstrip(_SPACE) != b"</sst>":
        return None
    body = raw[head.end() : end]
    if not is_plain_text(body):
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _PLAIN_ITEMS.fullmatch(text) is None:  # the body holds these items and nothing else
        return None
    items: list[str] = _ITEM_TEXT.findall(text)
    return [unescape_text(item) for item in items] if "_x" in text else items


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_text(text: str) -> str:
    """Decode OOXML's ``_xHHHH_`` escapes (Excel writes a literal "_x0041_" as
    "_x005F_x0041_", and control characters as "_x000D_")."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def text_of(node: Element) -> str:
    """Text of a string item: plain <t> or rich-text runs, phonetic runs left out."""
    direct = node.find(f"{NS}t")
    if direct is not None:
        return unescape_text(direct.text or "")
    runs = "".join(t.text or "" for r in node.iter(f"{NS}r") for t in r.iter(f"{NS}t"))
    return unescape_text(runs)


def int_or(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@memoized("xlsx.cell_refs", 16384)
def _cell_ref(ref: str) -> tuple[int, int] | None:
    """(row, col) of an A1 reference such as "D8", or None."""
    m = _CELL_REF.match(ref)
    return None if m is None else (int(m.group(2)) - 1, _col_index(m.group(1)))


def _col_index(letters: str) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return col - 1


@memoized("xlsx.merge_ranges", 4096)  # templates merge the same ranges in every return
def _range(ref: str) -> tuple[int, int, int, int] | None:
    parts = ref.replace("$", "").upper().split(":")
    ends = [_CELL_REF.match(p) for p in parts]
    if not ends or any(m is None for m in ends):
        return None
    first = ends[0]
    last = ends[-1]
    assert first is not None and last is not None
    return (
        int(first.group(2)) - 1,
        _col_index(first.group(1)),
        int(last.group(2)) - 1,
        _col_index(last.group(1)),
    )
