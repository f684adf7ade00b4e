"""Parsing a worksheet part (and plain shared strings) of an .xlsx package.

``SheetParser`` turns a sheet's XML into a ``RawSheet``: values, cached
results, formulas (shared formulas expanded), merges and protection. The
checker reads the same few hundred cells in every return, so the common cells
(a number, a shared string) take a short path and equal cells share one object.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.etree.ElementTree import Element, ParseError, fromstring

from checker.workbook import CellType, RawCell, RawSheet, ReadError
from template_builder.layout import col_letter

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_C, _V, _F, _IS, _ROW = f"{NS}c", f"{NS}v", f"{NS}f", f"{NS}is", f"{NS}row"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
_REF_IN_FORMULA = re.compile(
    r"('(?:[^']|'')*'|\"[^\"]*\")|(?<![A-Za-z0-9_.])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])"
)


class SheetParser:
    def __init__(
        self,
        file_name: str,
        strings: list[str],
        dates: tuple[bool, ...],
        text_cells: dict[int, RawCell],
        number_cells: dict[tuple[str, str | None], RawCell],
    ) -> None:
        self.file_name = file_name
        self.strings = strings
        self.dates = dates
        self.shared: dict[str, tuple[int, int, str]] = {}
        # cells are immutable: one object serves every cell of the same content,
        # remembered per file: by shared-string index, and by (text, style)
        self.text_cells = text_cells
        self.number_cells = number_cells

    def parse(self, raw: bytes | None, part: str, sheet: RawSheet) -> None:
        if raw is None:
            raise ReadError(f"文件“{self.file_name}”已损坏（缺少工作表“{sheet.name}”）")
        try:
            root = fromstring(essential_parts(raw))
        except ParseError:
            raise ReadError(f"文件“{self.file_name}”已损坏（{part} 无法解析）") from None
        data = root.find(f"{NS}sheetData")
        if data is not None:
            self._cells(data, sheet.cells)
        merges = root.find(f"{NS}mergeCells")
        if merges is not None:
            for merge in merges.iter(f"{NS}mergeCell"):
                bounds = _range(merge.get("ref", ""))
                if bounds is not None:
                    sheet.merges.append(bounds)
        prot = root.find(f"{NS}sheetProtection")
        sheet.protected = prot is not None and prot.get("sheet", "0") in ("1", "true")

    def _cells(self, data: Element, cells: dict[tuple[int, int], RawCell]) -> None:
        quick, full = self._quick_cell, self._cell
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
                cell = quick(c) or full(c, r, col)
                if cell is not None:
                    cells[(r, col)] = cell
                col += 1

    def _quick_cell(self, c: Element) -> RawCell | None:
        """The common cells (a number, a shared string) without the general walk; else None."""
        if len(c) != 1:
            return None
        v = c[0]
        text = v.text
        if v.tag != _V or text is None:
            return None
        t = c.get("t")
        if t == "s":
            index = int_or(text, -1)
            cell = self.text_cells.get(index)
            if cell is None:
                value = self.strings[index] if 0 <= index < len(self.strings) else ""
                cell = self.text_cells[index] = RawCell(value, "s")
            return cell
        if t is not None and t != "n":
            return None
        key = (text, c.get("s"))
        cell = self.number_cells.get(key)
        if cell is None:
            try:
                number = float(text)
            except ValueError:
                return None
            style = key[1]
            is_date = style is not None and self._is_date_style(style)
            cell = self.number_cells[key] = RawCell(number, "n", None, is_date)
        return cell

    def _cell(self, c: Element, row: int, col: int) -> RawCell | None:
        t = c.get("t", "n")
        f = v = inline = None
        for child in c:  # one pass over <f>, <v>, <is>
            tag = child.tag
            if tag == _V:
                v = child
            elif tag == _F:
                f = child
            elif tag == _IS:
                inline = child
        formula = self._formula(f, row, col) if f is not None else None
        text = v.text if v is not None else None
        kind: CellType = "n"
        value: float | str | bool | None
        if t == "inlineStr":
            value, kind = (text_of(inline) if inline is not None else ""), "s"
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
        style = c.get("s")
        is_date = kind == "n" and style is not None and self._is_date_style(style)
        return RawCell(value, kind, formula, is_date)

    def _is_date_style(self, style: str) -> bool:
        index = int_or(style, 0)
        return 0 <= index < len(self.dates) and self.dates[index]

    def _formula(self, f: Element, row: int, col: int) -> str:
        text = f.text or ""
        if f.get("t") != "shared":
            return text
        si = f.get("si", "")
        if text:
            self.shared[si] = (row, col, text)
            return text
        master = self.shared.get(si)
        if master is None:
            return ""
        return shift_formula(master[2], row - master[0], col - master[1])


_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b[^>]*>")


def essential_parts(raw: bytes) -> bytes:
    """The sheet XML cut down to what the checker reads: cells, merges, protection.

    Conditional formats and data validations are often most of a template's sheet
    XML; leaving them out makes parsing several times faster. Falls back to the
    whole text when the root element is not where it is expected.
    """
    root = _ROOT.search(raw, 0, 4096)
    if root is None:
        return raw
    prefix = root.group(1) or b""
    parts = [raw[: root.end()]]
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
            parts.append(raw[start : end + len(close)])
        else:
            return raw
    protection = re.search(rb"<" + re.escape(prefix) + rb"sheetProtection\b[^>]*>", raw)
    if protection is not None:
        parts.append(protection.group(0))
    parts.append(b"</" + prefix + b"worksheet>")
    return b"".join(parts)


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
_PLAIN_ITEM = re.compile(rb'<si><t( xml:space="preserve")?>([^<&\r]*)</t></si>')
_ITEM_MARKUP = len(b"<si><t></t></si>")
_SPACE = b" \t\n\r\x0b\x0c"  # what \s matches in bytes
# what an XML parser would refuse or rewrite in text: then the parser decides
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NOT_PLAIN_TEXTS = (b"]]>", b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def _is_plain_text(data: bytes) -> bool:
    """No control character, "]]>" or non-character U+FFFE/U+FFFF (byte searches,
    much faster than one regular expression for all of them)."""
    if len(data.translate(None, _CONTROL_BYTES)) != len(data):
        return False
    return not any(text in data for text in _NOT_PLAIN_TEXTS)


def plain_strings(raw: bytes) -> list[str] | None:
    """The shared strings of a part holding only plain ``<si><t>…</t></si>`` items
    (what XlsxWriter, Excel and WPS write without rich text), without building a
    tree; None when the part is anything else, for the XML parser to read."""
    head = _PLAIN_SST_HEAD.match(raw)
    end = len(raw.rstrip(_SPACE)) - len(b"</sst>")
    if head is None or end < head.end() or raw[end:].rstrip(_SPACE) != b"</sst>":
        return None
    body = raw[head.end() : end]
    items = _PLAIN_ITEM.findall(body)
    # the items found fill the whole body: it holds nothing else
    size = _ITEM_MARKUP * len(items) + sum(len(attr) + len(text) for attr, text in items)
    if size != len(body) or not _is_plain_text(body):
        return None
    try:
        return [unescape_text(text.decode("utf-8")) for _, text in items]
    except UnicodeDecodeError:
        return None


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


@lru_cache(maxsize=16384)
def _cell_ref(ref: str) -> tuple[int, int] | None:
    """(row, col) of an A1 reference such as "D8", or None."""
    m = _CELL_REF.match(ref)
    return None if m is None else (int(m.group(2)) - 1, _col_index(m.group(1)))


def _col_index(letters: str) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return col - 1


@lru_cache(maxsize=4096)  # templates merge the same ranges in every return
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
