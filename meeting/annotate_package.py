"""Comments and fills written straight into an .xlsx package (lxml), fast.

Loading and saving a whole workbook with openpyxl costs about 0.1 s per
return; an annotated copy needs only a few parts changed. This module copies
every part of the package unchanged except:

- the styles part: the marking of each severity (a thick border and a hatched
  fill in a colour the template never uses) and, for each style of a marked
  cell, a copy of that style with the marking; the styles of the 问题清单 sheet;
- each marked sheet: the ``s`` attribute of the marked cells (a cell that is
  not written yet is added), a ``legacyDrawing`` reference, and
  ``cellComments="atEnd"`` in its page setup (the comments print after the sheet);
- the workbook: the 问题清单 sheet added last and shown on opening (its part,
  relationship and content type; the other sheets no longer selected);
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
from meeting.list_sheet import Listing, sheet_xml

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET = REL + "/worksheet"
COMMENTS = REL + "/comments"
VML = REL + "/vmlDrawing"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
PATTERN = "lightUp"  # hatched: no template fill is patterned
BORDER = "thick"
FONT = '<sz val="10"/><name val="宋体"/><family val="3"/><charset val="134"/>'
# elements that come after legacyDrawing in a worksheet (CT_Worksheet order)
AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                "webPublishItems", "tableParts", "extLst")  # fmt: skip
# elements that come after pageSetup in a worksheet (CT_Worksheet order)
AFTER_PAGE_SETUP = ("headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches",
                    "ignoredErrors", "smartTags", "drawing", "legacyDrawing", *AFTER_LEGACY)  # fmt: skip
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
        self.fonts = self._part("fonts")
        self.fills = self._part("fills")
        self.borders = self._part("borders")
        self.xfs = self._part("cellXfs")
        self.marked: dict[tuple[int, str], int] = {}
        self.made: dict[tuple[str, str, str], int] = {}

    def _part(self, tag: str) -> etree._Element:
        part = self.root.find(_q(MAIN, tag))
        if part is None:
            raise Unsupported(f"styles without {tag}")
        return part

    def _add(self, parent: etree._Element, tag: str, inner: str, attrs: str = "") -> int:
        """The index of ``<tag attrs>inner</tag>`` in ``parent``, appended once."""
        key = (tag, attrs, inner)
        if key not in self.made:
            parent.append(_parse(f'<{tag} xmlns="{MAIN}"{attrs}>{inner}</{tag}>'.encode()))
            parent.set("count", str(len(parent)))
            self.made[key] = len(parent) - 1
        return self.made[key]

    def _pattern(self, kind: str, color: str) -> int:
        inner = f'<patternFill patternType="{kind}"><fgColor rgb="FF{color}"/>'
        return self._add(self.fills, "fill", inner + '<bgColor rgb="FFFFFFFF"/></patternFill>')

    def _border(self, style: str, color: str) -> int:
        inner = "".join(
            f'<{side} style="{style}"><color rgb="FF{color}"/></{side}>'
            for side in ("left", "right", "top", "bottom")
        )
        return self._add(self.borders, "border", inner + "<diagonal/>")

    def with_mark(self, style: int, color: str) -> int:
        """The index of ``style`` with the marking in ``color`` (created once)."""
        key = (style, color)
        if key not in self.marked:
            xfs = list(self.xfs)
            base = xfs[style] if 0 <= style < len(xfs) else xfs[0]
            xf = copy.deepcopy(base)
            xf.set("fillId", str(self._pattern(PATTERN, color)))
            xf.set("borderId", str(self._border(BORDER, color)))
            xf.set("applyFill", "1")
            xf.set("applyBorder", "1")
            self.xfs.append(xf)
            self.xfs.set("count", str(len(self.xfs)))
            self.marked[key] = len(self.xfs) - 1
        return self.marked[key]

    def text_style(self, kind: str) -> int:
        """A style of the 问题清单 sheet: ``header`` (bold, grey), ``body`` or ``link``."""
        look = {"header": "<b/>", "body": "", "link": '<u val="single"/><color rgb="FF0563C1"/>'}
        font = self._add(self.fonts, "font", look[kind] + FONT)
        fill = self._pattern("solid", "D9D9D9") if kind == "header" else 0
        attrs = (
            f' numFmtId="0" fontId="{font}" fillId="{fill}" borderId="{self._border("thin", "000000")}"'
            ' xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"'
        )
        return self._add(self.xfs, "xf", '<alignment vertical="top" wrapText="1"/>', attrs)


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
        if mark.color is not None:
            cell.set("s", str(styles.with_mark(int(cell.get("s", "0")), mark.color)))
    _print_comments(root)
    comments = pkg.free_name("xl/comments{}.xml")
    vml = pkg.free_name("xl/drawings/vmlDrawing{}.vml")
    pkg.changed[comments] = comments_xml(marks)
    pkg.new_comments.append(comments)
    pkg.changed[vml] = vml_xml(marks, number)
    vml_id = _add_rels(pkg, part, rels, [(COMMENTS, comments), (VML, vml)])[1]
    legacy = etree.Element(_q(MAIN, "legacyDrawing"))
    legacy.set(_q(REL, "id"), vml_id)
    _insert_before(root, legacy, AFTER_LEGACY)
    pkg.changed[part] = _bytes(root)


def _insert_before(root: etree._Element, element: etree._Element, later: tuple[str, ...]) -> None:
    """Put ``element`` before the first of the ``later`` elements (schema order), or last."""
    found = [root.find(_q(MAIN, tag)) for tag in later]
    first_later = next((e for e in found if e is not None), None)
    if first_later is not None:
        first_later.addprevious(element)
    else:
        root.append(element)


def _print_comments(root: etree._Element) -> None:
    """``<pageSetup cellComments="atEnd"/>``: the comments print after the sheet."""
    setup = root.find(_q(MAIN, "pageSetup"))
    if setup is None:
        setup = etree.Element(_q(MAIN, "pageSetup"))
        _insert_before(root, setup, AFTER_PAGE_SETUP)
    setup.set("cellComments", "atEnd")


def _add_rels(
    pkg: Package, part: str, rels: Mapping[str, tuple[str, str]], new: list[tuple[str, str]]
) -> list[str]:
    """Add relationships from ``part``; returns their ids."""
    name = _rels_name(part)
    root = (
        _parse(pkg.zf.read(name))
        if name in pkg.names
        else etree.Element(_q(PKG_REL, "Relationships"), nsmap={None: PKG_REL})  # type: ignore[dict-item]
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


def _content_types(pkg: Package, comments: list[str], sheets: list[str]) -> None:
    root = pkg.xml("[Content_Types].xml")
    defaults = {d.get("Extension", "").lower() for d in root.iter(_q(CT, "Default"))}
    if "vml" not in defaults:
        etree.SubElement(root, _q(CT, "Default"), Extension="vml", ContentType=VML_TYPE)
    for name in comments:
        etree.SubElement(root, _q(CT, "Override"), PartName="/" + name, ContentType=COMMENTS_TYPE)
    for name in sheets:
        etree.SubElement(root, _q(CT, "Override"), PartName="/" + name, ContentType=SHEET_TYPE)
    pkg.changed["[Content_Types].xml"] = _bytes(root)


def _add_list_sheet(pkg: Package, table: Listing, styles: Styles) -> str:
    """The 问题清单 sheet, last in the workbook and the one shown on opening; its part."""
    part = pkg.free_name("xl/worksheets/sheet{}.xml")
    kinds = [styles.text_style(kind) for kind in ("header", "body", "link")]
    pkg.changed[part] = sheet_xml(table, *kinds)
    workbook = pkg.xml("xl/workbook.xml")
    sheets = workbook.find(_q(MAIN, "sheets"))
    if sheets is None:
        raise Unsupported("workbook without sheets")
    rid = _add_rels(pkg, "xl/workbook.xml", pkg.rels("xl/workbook.xml"), [(WORKSHEET, part)])[0]
    ids = [int(s.get("sheetId", "0")) for s in sheets if s.get("sheetId", "").isdigit()]
    entry = etree.SubElement(sheets, _q(MAIN, "sheet"), name=table.name)
    entry.set("sheetId", str(max(ids, default=0) + 1))
    entry.set(_q(REL, "id"), rid)
    _show_first(pkg, workbook, len(sheets) - 1)
    _repeat_header(workbook, sheets, table.name, len(sheets) - 1)
    pkg.changed["xl/workbook.xml"] = _bytes(workbook)
    return part


def _repeat_header(workbook: etree._Element, sheets: etree._Element, name: str, tab: int) -> None:
    """Print titles of the new last sheet: its header row on every printed page."""
    names = workbook.find(_q(MAIN, "definedNames"))
    if names is None:  # after sheets, functionGroups and externalReferences (CT_Workbook)
        names = etree.Element(_q(MAIN, "definedNames"))
        after = sheets
        for tag in ("functionGroups", "externalReferences"):
            found = workbook.find(_q(MAIN, tag))
            if found is not None:
                after = found
        after.addnext(names)
    entry = etree.SubElement(names, _q(MAIN, "definedName"), name="_xlnm.Print_Titles")
    entry.set("localSheetId", str(tab))
    entry.text = "'" + name.replace("'", "''") + "'!$1:$1"


def _show_first(pkg: Package, workbook: etree._Element, tab: int) -> None:
    """Open on sheet ``tab``: the workbook's active tab, no other sheet selected."""
    views = workbook.find(_q(MAIN, "bookViews"))
    if views is None:
        views = etree.Element(_q(MAIN, "bookViews"))
        workbook.find(_q(MAIN, "sheets")).addprevious(views)  # type: ignore[union-attr]
    view = views.find(_q(MAIN, "workbookView"))
    if view is None:
        view = etree.SubElement(views, _q(MAIN, "workbookView"))
    view.set("activeTab", str(tab))
    for part in pkg.sheets.values():
        root = pkg.xml(part)
        selected = [v for v in root.iter(_q(MAIN, "sheetView")) if v.get("tabSelected")]
        for v in selected:
            del v.attrib["tabSelected"]
        if selected:
            pkg.changed[part] = _bytes(root)


def apply_marks(
    pkg: Package, marks: Mapping[str, Mapping[str, Mark]], table: Listing | None = None
) -> None:
    """Change the package's parts for ``marks`` (by sheet name, then A1 address) and
    add the 问题清单 sheet of ``table``."""
    if pkg.styles_part is None:
        raise Unsupported("no styles part")
    styles = Styles(pkg.xml(pkg.styles_part))
    # each VML drawing of a workbook has its own block of shape ids: start after existing ones
    first = 1 + sum(1 for name in pkg.names if name.lower().endswith(".vml"))
    for number, (sheet, cells) in enumerate(marks.items(), first):
        _mark_sheet(pkg, pkg.sheets[sheet], cells, styles, number)
    added = [_add_list_sheet(pkg, table, styles)] if table is not None else []
    pkg.changed[pkg.styles_part] = _bytes(styles.root)
    _content_types(pkg, pkg.new_comments, added)


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
