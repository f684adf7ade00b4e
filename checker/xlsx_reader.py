"""A fast reader of .xlsx / .xlsm with the standard library only (zipfile + ElementTree).

``read_workbook(path)`` is the one entry: it returns a ``RawWorkbook`` whose sheets
are parsed on first use, or raises ``ReadError`` with a Chinese message naming
the file. It reads values, cached results, formulas (shared formulas expanded),
merges, protection, date formats and custom document properties.

The package is inflated once, by ``checker.sniff`` (which verifies every part);
a sheet nobody asks for (the instructions, the check sheet) is never parsed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, fromstring

from checker import limits
from checker.legacy import legacy_workbook
from checker.sniff import external_links, sniff
from checker.workbook import CellType, RawCell, RawSheet, RawWorkbook, ReadError, SheetState

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_C, _V, _F, _IS, _ROW = f"{NS}c", f"{NS}v", f"{NS}f", f"{NS}is", f"{NS}row"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
MAX_PART_BYTES = 200 * 1024 * 1024  # refuse zip bombs

# Built-in number formats that show dates or times: the international ones and
# those that a Chinese-locale Excel / WPS maps to 年月日 formats.
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
# Returns made from one template share their styles, relationships and sheet
# list byte for byte: each is read once per batch and remembered by content.
_DATE_STYLES: dict[bytes, tuple[bool, ...]] = {}
_RELS: dict[tuple[str, bytes | None], dict[str, tuple[str, str]]] = {}
_SheetList = tuple[list[str], dict[str, SheetState], dict[str, str]]
_SHEET_LISTS: dict[tuple[str, bytes | None, tuple[object, ...]], _SheetList] = {}
REMEMBERED = 16  # entries per kind: a batch holds one or two template versions


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= REMEMBERED:
        cache.clear()
    cache[key] = value


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
_REF_IN_FORMULA = re.compile(
    r"('(?:[^']|'')*'|\"[^\"]*\")|(?<![A-Za-z0-9_.])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])"
)


def read_workbook(path: str | Path) -> RawWorkbook:
    """Read a workbook's structure; sheets are parsed lazily by ``RawWorkbook.sheet``."""
    p = Path(path)
    verdict = sniff(p)  # what the file really is, within checker.limits
    verdict.raise_if_unreadable()
    if verdict.legacy:
        return legacy_workbook(verdict)
    parts = verdict.parts if verdict.parts is not None else _inflate(p)
    return _Package(p.name, parts).workbook(str(path), verdict.kind == "xlsm")


def _inflate(p: Path) -> Mapping[str, bytes]:
    """The parts of a package that ``sniff`` did not keep (not expected to happen)."""
    try:
        with zipfile.ZipFile(p) as archive:
            return limits.inflate_parts(p, archive)
    except FileNotFoundError:
        raise ReadError(f"找不到文件“{p.name}”") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        raise ReadError(f"文件“{p.name}”不是有效的 .xlsx 文件（无法作为压缩包打开）") from None
    except limits.LimitExceeded as exc:
        raise ReadError(str(exc)) from None
    except OSError as exc:
        raise ReadError(f"无法读取文件“{p.name}”：{exc.strerror or exc}") from None


class _Package:
    def __init__(self, name: str, parts: Mapping[str, bytes]) -> None:
        self.name = name
        self.parts = parts
        self.text_cells: dict[int, RawCell] = {}  # by shared-string index
        self.number_cells: dict[tuple[str, str | None], RawCell] = {}  # by (text, style)

    # -- parts -----------------------------------------------------------------
    def bytes(self, part: str) -> bytes | None:
        data = self.parts.get(part)
        if data is not None and len(data) > MAX_PART_BYTES:
            raise ReadError(f"文件“{self.name}”中的 {part} 过大，无法读取")
        return data

    def xml(self, part: str) -> Element | None:
        raw = self.bytes(part)
        if raw is None:
            return None
        try:
            return fromstring(raw)
        except ParseError:
            raise ReadError(f"文件“{self.name}”已损坏（{part} 无法解析）") from None

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of a part: id -> (type suffix, absolute target); do not change."""
        folder, base = posixpath.split(part)
        name = posixpath.join(folder, "_rels", base + ".rels")
        key = (part, self.bytes(name))
        known = _RELS.get(key)
        if known is None:
            known = self._parse_rels(folder, name)
            _remember(_RELS, key, known)
        return known

    def _parse_rels(self, folder: str, name: str) -> dict[str, tuple[str, str]]:
        root = self.xml(name)
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(f"{PKG_REL}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                absolute = target.lstrip("/")
            else:
                absolute = posixpath.normpath(posixpath.join(folder, target))
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            out[rel.get("Id", "")] = (kind, absolute)
        return out

    # -- workbook --------------------------------------------------------------
    def workbook(self, path: str, macro_enabled: bool) -> RawWorkbook:
        main = next(
            (t for k, t in self.rels("").values() if k == "officeDocument"), "xl/workbook.xml"
        )
        if self.bytes(main) is None:
            raise ReadError(f"文件“{self.name}”不是 Excel 工作簿（缺少 workbook.xml）")
        rels = self.rels(main)
        names, states, targets = self._sheets(main, rels)
        by_kind = {k: t for k, t in rels.values()}
        strings = self._shared_strings(by_kind.get("sharedStrings", "xl/sharedStrings.xml"))
        dates = self._date_styles(by_kind.get("styles", "xl/styles.xml"))

        def load(name: str) -> RawSheet:
            sheet = RawSheet(name, states[name])
            if name in targets:
                _SheetParser(self, strings, dates).parse(targets[name], sheet)
            return sheet

        return RawWorkbook(
            path=path,
            sheet_names=names,
            sheet_states=states,
            custom_properties=self._custom_properties(),
            has_macros=macro_enabled,
            has_external_links=any(n.startswith("xl/externalLinks/") for n in self.parts),
            external_links=external_links(self.parts),
            _loader=load,
        )

    def _sheets(self, main: str, rels: dict[str, tuple[str, str]]) -> _SheetList:
        """Sheet names in order, their states and their parts (remembered per content)."""
        raw = self.bytes(main)
        key = (main, raw, tuple(rels.items()))
        known = _SHEET_LISTS.get(key)
        if known is None:
            known = self._parse_sheets(main, rels)
            _remember(_SHEET_LISTS, key, known)
        names, states, targets = known
        return list(names), dict(states), dict(targets)

    def _parse_sheets(self, main: str, rels: dict[str, tuple[str, str]]) -> _SheetList:
        root = self.xml(main)
        if root is None or root.find(f"{NS}sheets") is None:
            raise ReadError(f"文件“{self.name}”不是 Excel 工作簿（缺少 workbook.xml）")
        targets: dict[str, str] = {}
        names: list[str] = []
        states: dict[str, SheetState] = {}
        for sheet in root.iter(f"{NS}sheet"):
            name = sheet.get("name", "")
            kind, target = rels.get(sheet.get(f"{REL_NS}id", ""), ("", ""))
            names.append(name)
            state = sheet.get("state", "visible")
            states[name] = state if state in ("hidden", "veryHidden") else "visible"  # type: ignore[assignment]
            if kind == "worksheet":
                targets[name] = target
        return names, states, targets

    def _shared_strings(self, part: str) -> list[str]:
        raw = self.bytes(part)
        plain = plain_strings(raw) if raw is not None else None
        if plain is not None:
            return plain
        root = self.xml(part)
        if root is None:
            return []
        return [_text_of(si) for si in root.iter(f"{NS}si")]

    def _date_styles(self, part: str) -> tuple[bool, ...]:
        """For each cellXfs index: does its number format show a date or time?"""
        raw = self.bytes(part)
        known = _DATE_STYLES.get(raw) if raw is not None else None
        if known is None:
            known = self._parse_date_styles(part)
            if raw is not None:
                _remember(_DATE_STYLES, raw, known)
        return known

    def _parse_date_styles(self, part: str) -> tuple[bool, ...]:
        root = self.xml(part)
        if root is None:
            return ()
        custom: dict[int, str] = {}
        numfmts = root.find(f"{NS}numFmts")
        if numfmts is not None:
            for fmt in numfmts.iter(f"{NS}numFmt"):
                custom[_int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
        xfs = root.find(f"{NS}cellXfs")
        if xfs is None:
            return ()
        out = []
        for xf in xfs.iter(f"{NS}xf"):
            fmt_id = _int(xf.get("numFmtId"))
            code = custom.get(fmt_id)
            out.append(is_date_format(code) if code is not None else fmt_id in DATE_FORMAT_IDS)
        return tuple(out)

    def _custom_properties(self) -> dict[str, str]:
        root = self.xml("docProps/custom.xml")
        props: dict[str, str] = {}
        if root is None:
            return props
        for prop in root.iter(f"{CUSTOM_NS}property"):
            value = next(iter(prop), None)
            props[prop.get("name", "")] = (value.text or "") if value is not None else ""
        return props


def is_date_format(code: str) -> bool:
    """Does a custom number format show a date or time (y/m/d/h/s outside quotes)?"""
    bare = _QUOTED.sub("", code.split(";", 1)[0])
    if re.search(r"\[(h|m|s)+\]", code.lower()):
        return True
    return any(ch in "ymdhs" for ch in bare.lower()) and "general" not in bare.lower()


class _SheetParser:
    def __init__(self, package: _Package, strings: list[str], dates: tuple[bool, ...]) -> None:
        self.package = package
        self.strings = strings
        self.dates = dates
        self.shared: dict[str, tuple[int, int, str]] = {}
        # cells are immutable: one object serves every cell of the same content
        self.text_cells = package.text_cells
        self.number_cells = package.number_cells

    def parse(self, part: str, sheet: RawSheet) -> None:
        raw = self.package.bytes(part)
        if raw is None:
            raise ReadError(f"文件“{self.package.name}”已损坏（缺少工作表“{sheet.name}”）")
        try:
            root = fromstring(essential_parts(raw))
        except ParseError:
            raise ReadError(f"文件“{self.package.name}”已损坏（{part} 无法解析）") from None
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
            r = _int(row.get("r"), row_index + 1) - 1
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
            index = _int(text, -1)
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
            value, kind = (_text_of(inline) if inline is not None else ""), "s"
        elif text is None:
            if formula is None:
                return None
            value = None
        elif t == "s":
            index = _int(text, -1)
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
        index = _int(style, 0)
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
        new_col = col if col_abs else col_letters(_col_index(col) + dcol)
        new_row = row if row_abs else str(int(row) + drow)
        return f"{col_abs}{new_col}{row_abs}{new_row}"

    return _REF_IN_FORMULA.sub(repl, text)


_PLAIN_SST = re.compile(
    rb'(?:\xef\xbb\xbf)?(?:<\?xml version="1\.0"(?: encoding="(?i:utf-8)")?(?: standalone="yes")?\?>)?'
    rb'\s*<sst xmlns="' + NS[1:-1].encode() + rb'"(?: (?:count|uniqueCount)="[0-9]+")*>'
    rb"((?:<si><t(?: xml:space=\"preserve\")?>[^<&\r]*</t></si>)*)</sst>\s*"
)
_PLAIN_ITEM = re.compile(rb"<si><t[^>]*>([^<]*)</t></si>")
# what an XML parser would refuse or rewrite in text: then the parser decides
_NOT_PLAIN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\]\]>|\xef\xbf[\xbe\xbf]")


def plain_strings(raw: bytes) -> list[str] | None:
    """The shared strings of a part holding only plain ``<si><t>…</t></si>`` items
    (what XlsxWriter, Excel and WPS write without rich text), without building a
    tree; None when the part is anything else, for the XML parser to read."""
    whole = _PLAIN_SST.fullmatch(raw)
    if whole is None or _NOT_PLAIN.search(whole.group(1)):
        return None
    try:
        return [text.decode("utf-8") for text in _PLAIN_ITEM.findall(whole.group(1))]
    except UnicodeDecodeError:
        return None


def _text_of(node: Element) -> str:
    """Text of a string item: plain <t> or rich-text runs, phonetic runs left out."""
    direct = node.find(f"{NS}t")
    if direct is not None:
        return direct.text or ""
    return "".join(t.text or "" for r in node.iter(f"{NS}r") for t in r.iter(f"{NS}t"))


def _int(text: str | None, default: int = 0) -> int:
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


def col_letters(col: int) -> str:
    letters = ""
    col += 1
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


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
