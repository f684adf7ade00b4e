"""Comments and fills written straight into an .xlsx package (lxml), fast.

Loading and saving a whole workbook with openpyxl costs about 0.1 s per
return; an annotated copy needs only a few parts changed. This module copies
every part of the package unchanged except:

- the styles part: two fills (error, warning) and, for each style of a marked
  cell, a copy of that style with the fill;
- each marked sheet: the ``s`` attribute of the marked cells (a cell that is
  not written yet is added) and a ``legacyDrawing`` reference;
- new parts per marked sheet: a comments part and its VML drawing (how Excel
  and LibreOffice place the comment boxes), their relationships, and their
  content types.

A package this module does not handle (a sheet that already has comments,
strict OOXML, cells or rows without their reference) raises ``Unsupported``
and the caller falls back to openpyxl.
"""

from __future__ import annotations

import copy
import posixpath
import zipfile
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from declaration.layout import parse_a1
from meeting.comment_parts import Mark, comments_xml, vml_xml

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET = REL + "/worksheet"
COMMENTS = REL + "/comments"
VML = REL + "/vmlDrawing"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
# elements that come after legacyDrawing in a worksheet (CT_Worksheet order)
AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                "webPublishItems", "tableParts", "extLst")  # fmt: skip
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class Unsupported(Exception):
    """The package is valid but not of a kind this module edits."""


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def _part(base: str, target: str) -> str:
    """A relationship target resolved against the folder of its source part."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


class Package:
    """The parts of one .xlsx that are read or changed while annotating."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = set(zf.namelist())
        self.changed: dict[str, bytes] = {}
        self.new_comments: list[str] = []
        self._trees: dict[str, etree._Element] = {}
        workbook = self.xml("xl/workbook.xml")
        if workbook.tag != _q(MAIN, "workbook"):
            raise Unsupported("not a transitional SpreadsheetML workbook")
        rels = self.rels("xl/workbook.xml")
        self.sheets: dict[str, str] = {}  # sheet name -> part, worksheets in workbook order
        for sheet in workbook.iter(_q(MAIN, "sheet")):
            rel = rels.get(sheet.get(_q(REL, "id"), ""))
            if rel is not None and rel[0] == WORKSHEET:
                self.sheets[sheet.get("name", "")] = _part("xl/workbook.xml", rel[1])
        self.styles_part = next(
            (_part("xl/workbook.xml", t) for k, t in rels.values() if k.endswith("/styles")), None
        )

    def xml(self, name: str) -> etree._Element:
        """A part's XML tree, parsed once (changes are kept until written)."""
        if name not in self._trees:
            if name not in self.names:
                raise Unsupported(f"missing part {name}")
            self._trees[name] = _parse(self.zf.read(name))
        return self._trees[name]

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        name = _rels_name(part)
        if name not in self.names:
            return {}
        root = _parse(self.zf.read(name))
        return {
            r.get("Id", ""): (r.get("Type", ""), r.get("Target", ""))
            for r in root.iter(_q(PKG_REL, "Relationship"))
        }

    def free_name(self, pattern: str) -> str:
        n = 1
        while pattern.format(n) in self.names or pattern.format(n) in self.changed:
            n += 1
        return pattern.format(n)

    def write(self, target: Path) -> None:
        """The package with the changed and new parts; the rest copied as it was."""
        # level 1: a few per cent larger, several times faster than the default
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for info in self.zf.infolist():
                data = self.changed.get(info.filename)
                content = data if data is not None else self.zf.read(info)
                out.writestr(info, content, compresslevel=1)
            for name, data in self.changed.items():
                if name not in self.names:
                    out.writestr(name, data)


def merged_anchors(sheet: etree._Element) -> list[tuple[int, int, int, int, str]]:
    """(first row, first col, last row, last col, anchor A1) of every merged range."""
    out = []
    for merge in sheet.iter(_q(MAIN, "mergeCell")):
        ref = merge.get("ref", "")
        first, _, last = ref.partition(":")
        if not last:
            continue
        (r1, c1), (r2, c2) = parse_a1(first), parse_a1(last)
        out.append((r1, c1, r2, c2, first.replace("$", "").upper()))
    return out


class Styles:
    """The styles part, extended with filled copies of the marked cells' styles."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.fills = root.find(_q(MAIN, "fills"))
        self.xfs = root.find(_q(MAIN, "cellXfs"))
        if self.fills is None or self.xfs is None:
            raise Unsupported("styles without fills or cellXfs")
        self.fill_ids: dict[str, int] = {}
        self.filled: dict[tuple[int, str], int] = {}

    def _fill(self, color: str) -> int:
        if color not in self.fill_ids:
            fill = etree.SubElement(self.fills, _q(MAIN, "fill"))
            pattern = etree.SubElement(fill, _q(MAIN, "patternFill"), patternType="solid")
            etree.SubElement(pattern, _q(MAIN, "fgColor"), rgb="FF" + color)
            etree.SubElement(pattern, _q(MAIN, "bgColor"), rgb="FF" + color)
            self.fills.set("count", str(len(self.fills)))
            self.fill_ids[color] = len(self.fills) - 1
        return self.fill_ids[color]

    def with_fill(self, style: int, color: str) -> int:
        """The index of ``style`` with a solid ``color`` fill (created once)."""
        key = (style, color)
        if key not in self.filled:
            xfs = list(self.xfs)
            base = xfs[style] if 0 <= style < len(xfs) else xfs[0]
            xf = copy.deepcopy(base)
            xf.set("fillId", str(self._fill(color)))
            xf.set("applyFill", "1")
            self.xfs.append(xf)
            self.xfs.set("count", str(len(self.xfs)))
            self.filled[key] = len(self.xfs) - 1
        return self.filled[key]


def _cell(
    sheet_data: etree._Element, rows: dict[int, etree._Element], address: str
) -> etree._Element:
    """The ``c`` element of ``address``, created in order when the cell is not written."""
    row_no, col_no = parse_a1(address)
    row = rows.get(row_no + 1)
    if row is None:
        row = etree.Element(_q(MAIN, "row"), r=str(row_no + 1))
        later = [r for n, r in rows.items() if n > row_no + 1]
        if later:
            min(later, key=lambda r: int(r.get("r", "0"))).addprevious(row)
        else:
            sheet_data.append(row)
        rows[row_no + 1] = row
    cells = list(row.iter(_q(MAIN, "c")))
    for c in cells:
        ref = c.get("r")
        if ref is None:
            raise Unsupported("cell without a reference")
        if ref.upper() == address:
            return c
    new = etree.Element(_q(MAIN, "c"), r=address)
    after = [c for c in cells if parse_a1(c.get("r", "A1"))[1] > col_no]
    if after:
        after[0].addprevious(new)
    else:
        row.append(new)
    return new


def _mark_sheet(
    pkg: Package, part: str, marks: Mapping[str, Mark], styles: Styles, number: int
) -> None:
    root = pkg.xml(part)
    if root.find(_q(MAIN, "legacyDrawing")) is not None:
        raise Unsupported("sheet already has comments")
    rels = pkg.rels(part)
    if any(kind in (COMMENTS, VML) for kind, _ in rels.values()):
        raise Unsupported("sheet already has comments")
    sheet_data = root.find(_q(MAIN, "sheetData"))
    if sheet_data is None:
        raise Unsupported("sheet without sheetData")
    rows: dict[int, etree._Element] = {}
    for row in sheet_data.iter(_q(MAIN, "row")):
        if row.get("r") is None:
            raise Unsupported("row without a reference")
        rows[int(row.get("r", "0"))] = row
    for address, mark in marks.items():
        cell = _cell(sheet_data, rows, address)
        cell.set("s", str(styles.with_fill(int(cell.get("s", "0")), mark.color)))
    comments = pkg.free_name("xl/comments{}.xml")
    vml = pkg.free_name("xl/drawings/vmlDrawing{}.vml")
    pkg.changed[comments] = comments_xml(marks)
    pkg.new_comments.append(comments)
    pkg.changed[vml] = vml_xml(marks, number)
    vml_id = _add_rels(pkg, part, rels, [(COMMENTS, comments), (VML, vml)])[1]
    legacy = etree.Element(_q(MAIN, "legacyDrawing"))
    legacy.set(_q(REL, "id"), vml_id)
    later = [root.find(_q(MAIN, tag)) for tag in AFTER_LEGACY]
    first_later = next((e for e in later if e is not None), None)
    if first_later is not None:
        first_later.addprevious(legacy)
    else:
        root.append(legacy)
    pkg.changed[part] = _bytes(root)


def _add_rels(
    pkg: Package, part: str, rels: Mapping[str, tuple[str, str]], new: list[tuple[str, str]]
) -> list[str]:
    """Add relationships from ``part``; returns their ids."""
    name = _rels_name(part)
    root = (
        _parse(pkg.zf.read(name))
        if name in pkg.names
        else etree.Element(_q(PKG_REL, "Relationships"), nsmap={None: PKG_REL})
    )
    ids = []
    n = len(rels) + 1
    for kind, target in new:
        while f"rId{n}" in rels:
            n += 1
        rid = f"rId{n}"
        n += 1
        relative = posixpath.relpath(target, posixpath.dirname(part))
        etree.SubElement(root, _q(PKG_REL, "Relationship"), Id=rid, Type=kind, Target=relative)
        ids.append(rid)
    pkg.changed[name] = _bytes(root)
    return ids


def _content_types(pkg: Package, comments: list[str]) -> None:
    root = pkg.xml("[Content_Types].xml")
    defaults = {d.get("Extension", "").lower() for d in root.iter(_q(CT, "Default"))}
    if "vml" not in defaults:
        etree.SubElement(root, _q(CT, "Default"), Extension="vml", ContentType=VML_TYPE)
    for name in comments:
        etree.SubElement(root, _q(CT, "Override"), PartName="/" + name, ContentType=COMMENTS_TYPE)
    pkg.changed["[Content_Types].xml"] = _bytes(root)


def apply_marks(pkg: Package, marks: Mapping[str, Mapping[str, Mark]]) -> None:
    """Change the package's parts for ``marks`` (by sheet name, then A1 address)."""
    if pkg.styles_part is None:
        raise Unsupported("no styles part")
    styles = Styles(pkg.xml(pkg.styles_part))
    # each VML drawing of a workbook has its own block of shape ids: start after existing ones
    first = 1 + sum(1 for name in pkg.names if name.lower().endswith(".vml"))
    for number, (sheet, cells) in enumerate(marks.items(), first):
        _mark_sheet(pkg, pkg.sheets[sheet], cells, styles, number)
    pkg.changed[pkg.styles_part] = _bytes(styles.root)
    _content_types(pkg, pkg.new_comments)


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
