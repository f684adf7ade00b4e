"""Which official format a workbook uses, and for which office and year.

A workbook made from the template carries its identification in custom document
properties and in the very hidden sheet (``identified_by="meta"``). Tables copied
into a new workbook are recognised from their labels (``"labels"``).
Year, unit and code come from the cover sheet when filled, else from the
identification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from checker.read.cover import find_fields, plausible
from checker.read.workbook import RawSheet, RawWorkbook, text_key
from declaration import identity as meta
from declaration.layout import COVER_LABEL_COL, cover_positions, sheet_layouts
from declaration.spec import FormSpec, SpecError, all_specs, load_spec

PRESENT = 0.5  # share of a table's labels that must be found to call the table present


@dataclass
class Identity:
    """What a workbook is: its format, year, unit and code, and how that was found."""

    spec: FormSpec | None = None
    identified_by: str | None = None  # "meta" | "labels"
    spec_version: str | None = None
    year: int | None = None
    unit: str | None = None
    code: str | None = None


def identify(wb: RawWorkbook) -> Identity:
    """Format, spec version, year, unit and code of a workbook (facts only: the rule
    stage reports S113–S116 from them, checker.rules.structure)."""
    info = read_meta(wb)
    ident = Identity()
    spec = _spec_from_meta(info)
    if spec is not None:
        ident.spec, ident.identified_by = spec, "meta"
        ident.spec_version = info.get(meta.PROP_SPEC_VERSION) or spec.spec_version
    else:
        spec = spec_by_labels(wb)
        if spec is None:
            return ident
        ident.spec, ident.identified_by, ident.spec_version = spec, "labels", None
    cover = read_cover(wb, spec)
    wanted = {"unit", "code", "year"} - cover.keys()
    if wanted and ident.identified_by == "labels":  # not the template's cover: look anywhere
        cover.update(find_fields(wb, wanted))
    ident.unit = cover.get("unit") or info.get(meta.PROP_UNIT) or None
    ident.code = cover.get("code") or info.get(meta.PROP_CODE) or None
    ident.year = parse_year(cover.get("year")) or parse_year(info.get(meta.PROP_YEAR))
    return ident


def read_meta(wb: RawWorkbook) -> dict[str, str]:
    """Identification from custom properties, completed from the very hidden sheet."""
    info = {k: v for k, v in wb.custom_properties.items() if k.startswith(meta.PROP_PREFIX)}
    if wb.has_sheet(meta.META_SHEET):
        sheet = wb.sheet(meta.META_SHEET)
        for (row, col), cell in sheet.cells.items():
            if col == 0 and isinstance(cell.value, str) and cell.value in meta.META_KEYS:
                value = sheet.cell(row, 1)
                if value is not None and value.value is not None and not info.get(cell.value):
                    info[cell.value] = _as_text(value.value)
    return info


def _spec_from_meta(info: dict[str, str]) -> FormSpec | None:
    fmt = info.get(meta.PROP_FORMAT, "").strip()
    if not fmt:
        return None
    try:
        return load_spec(fmt)
    except SpecError:
        return None


@cache  # a per-spec constant, one per spec file (common.memo)
def table_keys(spec: FormSpec) -> dict[str, frozenset[str]]:
    """Label keys of every table of a spec (title included)."""
    out = {}
    for table_id, layout in sheet_layouts(spec).items():
        keys = {text_key(label.text) for label in layout.labels if label.text}
        keys.add(text_key(layout.sheet_name))
        out[table_id] = frozenset(keys)
    return out


def _distinctive(spec: FormSpec) -> frozenset[str]:
    mine = frozenset().union(*table_keys(spec).values())
    others = [frozenset().union(*table_keys(s).values()) for s in all_specs() if s is not spec]
    return mine.difference(*others)


def spec_by_labels(wb: RawWorkbook) -> FormSpec | None:
    """The format whose table labels the workbook shows best, or None."""
    found: set[str] = set()
    for name in wb.sheet_names:
        if name != meta.META_SHEET:
            found |= wb.sheet(name).text_keys()
            found.add(text_key(name))
    best: tuple[float, int] = (0.0, 0)
    best_spec = None
    for spec in all_specs():
        shares = [len(keys & found) / len(keys) for keys in table_keys(spec).values()]
        if max(shares) < PRESENT:
            continue
        score = (sum(s for s in shares if s >= PRESENT), len(_distinctive(spec) & found))
        if score > best:
            best, best_spec = score, spec
    return best_spec


def read_cover(wb: RawWorkbook, spec: FormSpec) -> dict[str, str]:
    """Cover fields by id (only those filled): at their template position, else
    to the right of their label wherever it moved on the cover sheet."""
    if not wb.has_sheet(meta.COVER_SHEET):
        return {}
    sheet = wb.sheet(meta.COVER_SHEET)
    out: dict[str, str] = {}
    for f in spec.cover_fields:
        row, col = cover_positions(spec)[f.id]
        span = 1  # at the template position: the value cell only (the hint is to its right)
        if text_key(sheet.text(row, COVER_LABEL_COL)) != text_key(f.label):
            located = _label_position(sheet, f.label)
            if located is None:
                continue
            row, col = located
            span = 3
        value = _value_right_of(sheet, row, col, span)
        if value and (span == 1 or f.id not in ("unit", "code", "year") or plausible(f.id, value)):
            out[f.id] = value
    return out


def _label_position(sheet: RawSheet, label: str) -> tuple[int, int] | None:
    key = text_key(label)
    for row, col, text in sheet.strings():
        if text_key(text).rstrip(":") == key:
            return row, col + 1
    return None


def _value_right_of(sheet: RawSheet, row: int, col: int, span: int = 3) -> str:
    for c in range(col, col + span):
        cell = sheet.cell(row, c)
        if cell is not None and cell.value is not None and _as_text(cell.value).strip():
            return _as_text(cell.value).strip()
    return ""


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_year(text: str | None) -> int | None:
    if not text:
        return None
    m = re.search(r"(?<!\d)(20\d\d|19\d\d)(?!\d)", text)
    return int(m.group(1)) if m else None
