"""A fast reader of .xlsx / .xlsm with the standard library only (zipfile + ElementTree).

``read_workbook(path)`` is the one entry: it returns a ``RawWorkbook`` whose sheets
are parsed on first use, or raises ``ReadError`` with a Chinese message naming
the file. It reads values, cached results, formulas (shared formulas expanded),
merges, protection, date formats and custom document properties.

The package is inflated once, by ``checker.read.sniff`` (which verifies every part);
a sheet nobody asks for (the instructions, the check sheet) is never parsed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, fromstring

from checker.read import limits
from checker.read.calamine_reader import legacy_workbook
from checker.read.sniff import Sniffed, external_links, sniff
from checker.read.workbook import RawCell, RawSheet, RawWorkbook, ReadError, SheetState
from checker.read.xlsx_sheet import (
    NS,
    SheetParser,
    int_or,
    number_cells_for,
    plain_strings,
    shift_formula,
    text_of,
)
from common import os_errors
from common.memo import Memo

__all__ = [
    "is_date_format",
    "read_workbook",
    "shift_formula",
    "workbook_of",
]  # shift_formula: from xlsx_sheet

REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"

# Built-in number formats that show dates or times: the international ones and
# those that a Chinese-locale Excel / WPS maps to 年月日 formats.
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
# Returns made from one template share their styles, relationships and sheet
# list byte for byte: each is read once per batch and remembered by content.
REMEMBERED = 16  # entries per kind: a batch holds one or two template versions
_SheetList = tuple[list[str], dict[str, SheetState], dict[str, str]]
_DATE_STYLES: Memo[bytes, tuple[bool, ...]] = Memo("xlsx.date_styles", REMEMBERED)
_RELS: Memo[tuple[str, bytes | None], dict[str, tuple[str, str]]] = Memo(
    "xlsx.relationships", REMEMBERED
)
_SHEET_LISTS: Memo[tuple[str, bytes | None, tuple[object, ...]], _SheetList] = Memo(
    "xlsx.sheet_lists", REMEMBERED
)


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def read_workbook(path: str | Path) -> RawWorkbook:
    """Read a workbook's structure; sheets are parsed lazily by ``RawWorkbook.sheet``."""
    return workbook_of(sniff(Path(path)))  # what the file really is, within checker.read.limits


def workbook_of(verdict: Sniffed) -> RawWorkbook:
    """The workbook of a sniffed file (raises ``ReadError`` for any other kind)."""
    verdict.raise_if_unreadable()
    if verdict.published:
        raise ReadError(f"文件“{verdict.path.name}”是{verdict.label}，不是工作簿")
    p = verdict.path
    if verdict.legacy:
        return legacy_workbook(verdict)
    parts = verdict.parts if verdict.parts is not None else _inflate(p)
    return _Package(p.name, parts).workbook(str(p), verdict.kind == "xlsm")


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
        raise ReadError(f"无法读取文件“{p.name}”：{os_errors.reason(exc)}") from None


class _Package:
    def __init__(self, name: str, parts: Mapping[str, bytes]) -> None:
        self.name = name
        self.parts = parts
        self.text_cells: dict[str, RawCell] = {}  # by shared-string index as written

    # -- parts -----------------------------------------------------------------
    def bytes(self, part: str) -> bytes | None:
        # every part was inflated within limits.MAX_PART_BYTES by the sniffer
        return self.parts.get(part)

    def xml(self, part: str) -> Element | None:
        raw = self.bytes(part)
        if raw is None:
            return None
        try:
            return fromstring(raw)
        except (ParseError, ValueError):  # ValueError: an encoding the parser cannot read
            raise ReadError(f"文件“{self.name}”已损坏（{part} 无法解析）") from None

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of a part: id -> (type suffix, absolute target); do not change."""
        folder, base = posixpath.split(part)
        name = posixpath.join(folder, "_rels", base + ".rels")
        key = (part, self.bytes(name))
        known = _RELS.get(key)
        if known is None:
            known = _RELS.put(key, self._parse_rels(folder, name))
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
        number_cells = number_cells_for(dates)
        longest_string = max(map(len, strings), default=0)

        def load(name: str) -> RawSheet:
            sheet = RawSheet(name, states[name])
            if name in targets:
                parser = SheetParser(
                    self.name, strings, dates, self.text_cells, number_cells, longest_string
                )
                parser.parse(self.bytes(targets[name]), targets[name], sheet)
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
            known = _SHEET_LISTS.put(key, self._parse_sheets(main, rels))
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
        return [text_of(si) for si in root.iter(f"{NS}si")]

    def _date_styles(self, part: str) -> tuple[bool, ...]:
        """For each cellXfs index: does its number format show a date or time?"""
        raw = self.bytes(part)
        known = _DATE_STYLES.get(raw) if raw is not None else None
        if known is None:
            known = self._parse_date_styles(part)
            if raw is not None:
                _DATE_STYLES.put(raw, known)
        return known

    def _parse_date_styles(self, part: str) -> tuple[bool, ...]:
        root = self.xml(part)
        if root is None:
            return ()
        custom: dict[int, str] = {}
        numfmts = root.find(f"{NS}numFmts")
        if numfmts is not None:
            for fmt in numfmts.iter(f"{NS}numFmt"):
                custom[int_or(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
        xfs = root.find(f"{NS}cellXfs")
        if xfs is None:
            return ()
        out = []
        for xf in xfs.iter(f"{NS}xf"):
            fmt_id = int_or(xf.get("numFmtId"))
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
