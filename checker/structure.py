"""Where each table and value cell of the spec actually is in a return.

Tables are found by sheet name or by their labels; rows (and the columns of
single-block tables) are aligned against the spec's labels, so inserted,
deleted or moved rows are reported (S104–S106) and the value cells realigned.
Labels are compared (S102 substance, S103 cosmetic) and the protection of the
table sheets checked (S112).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from checker.registry import rule_info
from checker.report import Finding, Severity
from checker.workbook import RawSheet, RawWorkbook, text_key
from template_builder import meta
from template_builder.layout import (
    FIRST_TABLE_ROW,
    LabelCell,
    SheetLayout,
    a1,
    col_letter,
    sheet_layouts,
)
from template_builder.spec import FormSpec

PRESENT = 0.5  # share of a table's labels that must be on a sheet to find the table there
EXTRA_COLUMNS = 4  # columns beyond the template width scanned for inserted columns


def finding(
    rule_id: str,
    *,
    sheet: str = "",
    cell: str = "",
    row_label: str = "",
    col_label: str = "",
    prefix: str = "",
    suffix: str = "",
    expected_value: Any = None,
    found_value: Any = None,
    **fields: Any,
) -> Finding:
    """A finding of a registry rule, its message filled from ``fields``."""
    info = rule_info(rule_id)
    severity: Severity = info.severity  # type: ignore[assignment]
    return Finding(
        rule_id,
        severity,
        prefix + info.message.format(sheet=sheet, cell=cell, **fields) + suffix,
        sheet=sheet,
        cell=cell,
        row_label=row_label,
        col_label=col_label,
        expected=fields.get("expected") if expected_value is None else expected_value,
        found=fields.get("found") if found_value is None else found_value,
    )


@dataclass
class Placement:
    """One table as found: its sheet and the template -> actual row/column maps."""

    table: str
    layout: SheetLayout
    sheet: RawSheet | None
    rows: dict[int, int | None] = field(default_factory=dict)
    cols: dict[int, int | None] = field(default_factory=dict)
    inserted_rows: set[int] = field(default_factory=set)
    inserted_cols: set[int] = field(default_factory=set)

    def position(self, row: int, col: int) -> tuple[int, int] | None:
        r, c = self.rows.get(row), self.cols.get(col)
        return None if r is None or c is None else (r, c)

    @property
    def realigned(self) -> bool:
        return any(k != v for k, v in self.rows.items()) or any(
            k != v for k, v in self.cols.items()
        )


@dataclass
class Structure:
    placements: dict[str, Placement]
    findings: list[Finding]


def analyse(wb: RawWorkbook, spec: FormSpec, from_template: bool) -> Structure:
    """Find, align and check every table of ``spec`` in the workbook."""
    placements: dict[str, Placement] = {}
    findings: list[Finding] = []
    for table_id, layout in sheet_layouts(spec).items():
        sheet = locate_sheet(wb, spec, layout)
        placement = Placement(table_id, layout, sheet)
        placements[table_id] = placement
        if sheet is None:
            findings.append(finding("S101", sheet=layout.sheet_name))
            continue
        findings.extend(_align_table(placement))
        findings.extend(_check_labels(placement))
        if from_template and not sheet.protected:
            findings.append(finding("S112", sheet=sheet.name))
    return Structure(placements, findings)


# -- finding the sheet -----------------------------------------------------------


def _label_keys(layout: SheetLayout) -> set[str]:
    return {text_key(label.text) for label in layout.labels if label.text}


def locate_sheet(wb: RawWorkbook, spec: FormSpec, layout: SheetLayout) -> RawSheet | None:
    """By exact title, then by normalised title, then by the sheet showing its labels."""
    names = [n for n in wb.sheet_names if n != meta.META_SHEET]
    if layout.sheet_name in names:
        return wb.sheet(layout.sheet_name)
    title = text_key(layout.sheet_name)
    for name in names:
        if text_key(name) == title:
            return wb.sheet(name)
    keys = _label_keys(layout)
    best, best_share = None, PRESENT
    for name in names:
        sheet = wb.sheet(name)
        share = len(keys & sheet.text_keys()) / len(keys)
        if share >= best_share:
            best, best_share = sheet, share
    return best


# -- alignment ---------------------------------------------------------------------


def _label_depth(layout: SheetLayout) -> int:
    return min((lab.col for lab in layout.labels if lab.role == "col_header"), default=0)


def _expected_grid(layout: SheetLayout) -> dict[tuple[int, int], str]:
    grid: dict[tuple[int, int], str] = {}
    for lab in layout.labels:
        for r in range(lab.row, lab.last_row + 1):
            for c in range(lab.col, lab.last_col + 1):
                grid[(r, c)] = lab.text
    return grid


@dataclass(frozen=True)
class _Expected:
    """What a table's alignment compares against: the same for every return."""

    grid: dict[tuple[int, int], str]
    depth: int
    width: int  # columns scanned for row labels
    columns_by_key: dict[str, list[int]]  # label key -> template columns showing it
    rows: list[tuple[int, str]]  # (template row, row label)
    labels_in_place: list[tuple[LabelCell, int, int]]  # label positions of a table in place


_EXPECTED: dict[int, tuple[SheetLayout, _Expected]] = {}


def _expected(layout: SheetLayout) -> _Expected:
    """The template side of the alignment, worked out once per table (do not change)."""
    known = _EXPECTED.get(id(layout))
    if known is not None and known[0] is layout:
        return known[1]
    grid = _expected_grid(layout)
    depth = _label_depth(layout)
    width = layout.width + (EXTRA_COLUMNS if depth == 0 else 0)
    by_key: dict[str, list[int]] = {}
    for (_, c), text in grid.items():
        by_key.setdefault(text_key(text), []).append(c)

    def exp_text(r: int, c: int) -> str:
        return grid.get((r, c), "")

    rows = [
        (r, _row_text(exp_text, r, range(width), depth))
        for r in range(FIRST_TABLE_ROW, layout.last_row + 1)
    ]
    in_place = {r: r for r in range(FIRST_TABLE_ROW, layout.last_row + 1)}
    labels = _positions(layout.labels, in_place, {c: c for c in range(layout.width)})
    facts = _Expected(grid, depth, width, by_key, rows, labels)
    _EXPECTED[id(layout)] = (layout, facts)  # layouts live as long as their spec
    return facts


def _row_text(text_at: Any, row: int, cols: range, depth: int) -> str:
    """The label of a row: its innermost row label, or (no label column) all its texts."""
    if depth:
        for c in reversed(cols[:depth]):
            text: str = text_at(row, c)
            if text.strip():
                return text
        return ""
    parts: list[str] = []
    for c in cols:
        text = text_at(row, c)
        if text.strip() and (not parts or parts[-1] != text):
            parts.append(text)
    return "|".join(parts)


def _col_text(text_at: Any, col: int, rows: list[int]) -> str:
    parts: list[str] = []
    for r in rows:
        text: str = text_at(r, col)
        if text.strip() and (not parts or parts[-1] != text):
            parts.append(text)
    return "|".join(parts)


@dataclass
class _Match:
    mapping: dict[int, int | None]
    inserted: list[tuple[int, int | None]]  # (actual index, previous matched actual index)
    deleted: list[tuple[int, int | None]]  # (expected index, previous matched actual index)
    moved: list[tuple[int, int]]  # (expected, actual)


def _match(expected: list[tuple[int, str]], actual: list[tuple[int, str]]) -> _Match:
    """Align two label sequences; pairs changed labels, finds moves, keeps the order."""
    a = [text_key(t) for _, t in expected]
    b = [text_key(t) for _, t in actual]
    mapping: dict[int, int | None] = {}
    loose_exp: list[int] = []
    loose_act: list[int] = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                mapping[i] = j
            continue
        js = list(range(j1, j2))
        for i in range(i1, i2):
            best = max(js, key=lambda j: SequenceMatcher(None, a[i], b[j]).ratio(), default=None)
            if best is not None and SequenceMatcher(None, a[i], b[best]).ratio() >= 0.6:
                mapping[i] = best
                js = [j for j in js if j > best]
            else:
                loose_exp.append(i)
        loose_act.extend(j for j in range(j1, j2) if j not in mapping.values())
    moved: list[tuple[int, int]] = []
    for i in list(loose_exp):
        twin = next((j for j in loose_act if a[i] and b[j] == a[i]), None)
        if twin is not None:
            mapping[i] = twin
            moved.append((i, twin))
            loose_exp.remove(i)
            loose_act.remove(twin)
    matched = sorted(j for j in mapping.values() if j is not None)
    if not matched:
        return _Match({i: None for i in range(len(a))}, [], [], [])

    def previous(j: int) -> int | None:
        return max((m for m in matched if m < j), default=None)

    inserted = [(j, previous(j)) for j in loose_act if matched[0] < j < matched[-1]]
    deleted = []
    for i in loose_exp:
        mapping[i] = None
        before = [mapping[k] for k in range(i) if mapping.get(k) is not None]
        deleted.append((i, before[-1] if before else None))
    return _Match(mapping, inserted, deleted, moved)


_OPCODES: dict[tuple[tuple[str, ...], tuple[str | None, ...]], list[Any]] = {}
OPCODES_KEPT = 256


def _opcodes(a: list[str], b: list[str]) -> list[Any]:
    """``SequenceMatcher(None, a, b).get_opcodes()``, remembered.

    The opcodes depend only on which items of ``b`` equal which of ``a``, so an
    item of ``b`` found nowhere in ``a`` (the office's name in the table's
    heading) is remembered as None: every return of a batch shares one entry.
    """
    known = set(a)
    key = (tuple(a), tuple(x if x in known else None for x in b))
    ops = _OPCODES.get(key)
    if ops is None:
        ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if len(_OPCODES) >= OPCODES_KEPT:
            _OPCODES.clear()
        _OPCODES[key] = ops
    return ops


def _column_offset(placement: Placement, by_key: dict[str, list[int]]) -> int:
    """Columns the table was shifted by (copied tables need not start in column A)."""
    assert placement.sheet is not None
    votes: Counter[int] = Counter()
    for _, c, text in placement.sheet.strings():
        for ec in by_key.get(text_key(text), ()):
            votes[c - ec] += 1
    return votes.most_common(1)[0][0] if votes else 0


def _align_table(placement: Placement) -> list[Finding]:
    sheet, layout = placement.sheet, placement.layout
    assert sheet is not None
    facts = _expected(layout)
    expected, depth = facts.grid, facts.depth
    offset = _column_offset(placement, facts.columns_by_key)

    def exp_text(r: int, c: int) -> str:
        return expected.get((r, c), "")

    def act_text(r: int, c: int) -> str:
        return sheet.text(r, c + offset)

    cols = range(facts.width)
    exp_rows = facts.rows
    last = max(sheet.max_row(), layout.last_row)
    act_rows = [(r, _row_text(act_text, r, cols, depth)) for r in range(last + 1)]
    rows = _match(exp_rows, act_rows)
    placement.rows = {
        exp_rows[i][0]: (None if j is None else act_rows[j][0]) for i, j in rows.mapping.items()
    }
    placement.inserted_rows = {act_rows[j][0] for j, _ in rows.inserted}
    findings = _row_findings(sheet, offset, exp_rows, act_rows, rows)
    placement.cols = {c: c + offset for c in range(layout.width)}
    if len(layout.blocks) == 1:
        findings.extend(_align_columns(placement, exp_text, offset, depth))
    return findings


def _align_columns(placement: Placement, exp_text: Any, offset: int, depth: int) -> list[Finding]:
    sheet, layout = placement.sheet, placement.layout
    assert sheet is not None
    first, last = layout.blocks[0].header_rows
    header = [r for r in range(first, last + 1)]
    act_header = [placement.rows[r] for r in header if placement.rows.get(r) is not None]
    right = max((c for (r, c) in sheet.cells if r in act_header), default=0)
    exp_cols = [(c, _col_text(exp_text, c, header)) for c in range(depth, layout.width)]
    act_cols = [
        (c, _col_text(sheet.text, c, act_header))  # type: ignore[arg-type]
        for c in range(depth + offset, max(right, layout.width + offset - 1) + 1)
    ]
    cols = _match(exp_cols, act_cols)
    for i, j in cols.mapping.items():
        placement.cols[exp_cols[i][0]] = None if j is None else act_cols[j][0]
    placement.inserted_cols = {act_cols[j][0] for j, _ in cols.inserted}
    top = next((r for r in act_header if r is not None), first)
    out = []
    for j, prev in cols.inserted:
        c = act_cols[j][0]
        where = f"第 {col_letter(act_cols[prev][0])} 列后" if prev is not None else ""
        label = act_cols[j][1].rsplit("|", 1)[-1] or "（空列）"
        out.append(
            finding("S104", sheet=sheet.name, cell=a1(top, c), prefix=where, what="列", found=label)
        )
    for i, prev in cols.deleted:
        where = f"第 {col_letter(act_cols[prev][0])} 列后" if prev is not None else ""
        label = exp_cols[i][1].rsplit("|", 1)[-1]
        out.append(finding("S105", sheet=sheet.name, prefix=where, what="列", expected=label))
    for i, j in cols.moved:
        c = act_cols[j][0]
        label = exp_cols[i][1].rsplit("|", 1)[-1]
        suffix = f"（现在第 {col_letter(c)} 列）"
        out.append(
            finding(
                "S106", sheet=sheet.name, cell=a1(top, c), suffix=suffix, what="列", expected=label
            )
        )
    return out


def _row_findings(
    sheet: RawSheet,
    offset: int,
    exp_rows: list[tuple[int, str]],
    act_rows: list[tuple[int, str]],
    rows: _Match,
) -> list[Finding]:
    out = []
    for j, prev in rows.inserted:
        r = act_rows[j][0]
        where = f"第 {act_rows[prev][0] + 1} 行后" if prev is not None else ""
        label = act_rows[j][1] or "（空行）"
        out.append(
            finding(
                "S104", sheet=sheet.name, cell=a1(r, offset), prefix=where, what="行", found=label
            )
        )
    for i, prev in rows.deleted:
        where = f"第 {act_rows[prev][0] + 1} 行后" if prev is not None else ""
        out.append(
            finding("S105", sheet=sheet.name, prefix=where, what="行", expected=exp_rows[i][1])
        )
    for i, j in rows.moved:
        r = act_rows[j][0]
        suffix = f"（现在第 {r + 1} 行）"
        out.append(
            finding(
                "S106",
                sheet=sheet.name,
                cell=a1(r, offset),
                suffix=suffix,
                what="行",
                expected=exp_rows[i][1],
            )
        )
    return out


# -- labels ------------------------------------------------------------------------


def _check_labels(placement: Placement) -> list[Finding]:
    sheet = placement.sheet
    assert sheet is not None
    out = []
    for lab, row, col in _label_positions(placement):
        found = sheet.text(row, col)
        if found == lab.text:
            continue
        where = {"sheet": sheet.name, "cell": a1(*sheet.merge_origin(row, col))}
        if text_key(found) == text_key(lab.text):
            out.append(finding("S103", **where, expected=lab.text, found_value=found))
        else:
            out.append(finding("S102", **where, expected=lab.text, found=found))
    return out


def _label_positions(placement: Placement) -> Sequence[tuple[LabelCell, int, int]]:
    """Each label and where it is now (labels whose whole row or column is
    missing are left out: reported as S105)."""
    if not placement.realigned:
        return _expected(placement.layout).labels_in_place
    return _positions(placement.layout.labels, placement.rows, placement.cols)


def _positions(
    labels: Sequence[LabelCell],
    rows: Mapping[int, int | None],
    cols: Mapping[int, int | None],
) -> list[tuple[LabelCell, int, int]]:
    out = []
    for lab in labels:
        row = next(
            (rows[r] for r in range(lab.row, lab.last_row + 1) if rows.get(r) is not None), None
        )
        col = next(
            (cols[c] for c in range(lab.col, lab.last_col + 1) if cols.get(c) is not None), None
        )
        if row is not None and col is not None:
            out.append((lab, row, col))
    return out
