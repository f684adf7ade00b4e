"""Where each table and value cell of the spec actually is in a return.

Tables are found by sheet name or by their labels; rows (and the columns of
single-block tables) are aligned against the spec's labels, so inserted,
deleted or moved rows are noted and the value cells realigned. Labels are
compared and the protection of the table sheets looked at. What is found is
recorded as ``LayoutFact``s; the rule stage (checker.rules.structure) turns
them into S101–S106, S102/S103 and S112 findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from checker.facts import LayoutFact, LayoutKind
from checker.read.alignment import (
    Match,
    col_text,
    label_positions,
    match_labels,
    row_text,
    template_side,
)
from checker.read.alignment_memo import Aligned, alignment_key, remember, remembered
from checker.read.limits import MAX_ROWS
from checker.read.workbook import RawSheet, RawWorkbook, text_key
from declaration import identity as meta
from declaration.layout import (
    LabelCell,
    SheetLayout,
    a1,
    col_letter,
    sheet_layouts,
)
from declaration.spec import FormSpec

PRESENT = 0.5  # share of a table's labels that must be on a sheet to find the table there


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
    by_likeness: bool = False  # labels were paired by likeness (see alignment.Match)
    memo_key: Hashable | None = None  # the alignment's key (checker.read.alignment_memo)
    labels_exact: bool = False  # known: every label is exactly where it belongs

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
    """Where each table was found in a workbook, and the layout facts of aligning it."""

    placements: dict[str, Placement]
    facts: list[LayoutFact]
    renamed: dict[str, str] = field(default_factory=dict)  # table id -> its sheet's name


def analyse(wb: RawWorkbook, spec: FormSpec, from_template: bool) -> Structure:
    """Find, align and check every table of ``spec`` in the workbook."""
    placements: dict[str, Placement] = {}
    findings: list[LayoutFact] = []  # facts, in the order they are found
    renamed: dict[str, str] = {}
    for table_id, layout in sheet_layouts(spec).items():
        sheet = locate_sheet(wb, spec, layout)
        placement = Placement(table_id, layout, sheet)
        placements[table_id] = placement
        if sheet is None:
            findings.append(LayoutFact("missing-sheet", sheet=layout.sheet_name))
            continue
        if text_key(sheet.name) != text_key(layout.sheet_name):  # not just a stray space
            renamed[table_id] = sheet.name
        findings.extend(_aligned_table(placement))
        findings.extend(_checked_labels(placement))
        if from_template and not sheet.protected:
            findings.append(LayoutFact("unprotected", sheet=sheet.name))
    return Structure(placements, findings, renamed)


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


def _column_offset(placement: Placement, by_key: dict[str, list[int]]) -> int:
    """Columns the table was shifted by (copied tables need not start in column A)."""
    assert placement.sheet is not None
    votes: Counter[int] = Counter()
    for _, c, text in placement.sheet.strings():
        for ec in by_key.get(text_key(text), ()):
            if c >= ec:  # a table cannot start left of column A
                votes[c - ec] += 1
    return votes.most_common(1)[0][0] if votes else 0


def _aligned_table(placement: Placement) -> list[LayoutFact]:
    """``_align_table``, remembered for returns that give it the same input."""
    assert placement.sheet is not None
    key = alignment_key(placement.sheet, placement.layout)
    placement.memo_key = key
    known = remembered(key, placement.layout)
    if known is not None:
        placement.rows, placement.cols = dict(known.rows), dict(known.cols)
        placement.inserted_rows = set(known.inserted_rows)
        placement.inserted_cols = set(known.inserted_cols)
        placement.labels_exact = known.labels_exact
        return []
    findings = _align_table(placement)
    if not findings and not placement.by_likeness:
        rows, cols = dict(placement.rows), dict(placement.cols)
        inserted = frozenset(placement.inserted_rows), frozenset(placement.inserted_cols)
        remember(key, placement.layout, Aligned(rows, cols, *inserted))
    return findings


def _checked_labels(placement: Placement) -> list[LayoutFact]:
    """``_check_labels``, skipped where every label is known to be exactly in place."""
    if placement.labels_exact:
        return []
    findings = _check_labels(placement)
    key = placement.memo_key
    known = remembered(key, placement.layout) if key is not None else None
    if not findings and known is not None:
        remember(key, placement.layout, replace(known, labels_exact=True))
    return findings


def _align_table(placement: Placement) -> list[LayoutFact]:
    sheet, layout = placement.sheet, placement.layout
    assert sheet is not None
    facts = template_side(layout)
    expected, depth = facts.grid, facts.depth
    offset = _column_offset(placement, facts.columns_by_key)

    def exp_text(r: int, c: int) -> str:
        return expected.get((r, c), "")

    def shifted_text(r: int, c: int) -> str:
        return sheet.text(r, c + offset)

    act_text = shifted_text if offset else sheet.text
    cols = range(facts.width)
    exp_rows = facts.rows
    # rows more than a table's height below the last label cannot hold the table:
    # a value far down the sheet costs nothing
    labelled = max(sheet.last_text_row(), layout.last_row) + layout.last_row + 1
    last = min(max(sheet.max_row(), layout.last_row), labelled, layout.last_row + MAX_ROWS)
    act_rows = [(r, row_text(act_text, r, cols, depth)) for r in range(last + 1)]
    rows = match_labels(exp_rows, act_rows)
    placement.by_likeness = rows.by_likeness
    placement.rows = {
        exp_rows[i][0]: (None if j is None else act_rows[j][0]) for i, j in rows.mapping.items()
    }
    placement.inserted_rows = {act_rows[j][0] for j, _ in rows.inserted}
    findings = _row_findings(sheet, offset, exp_rows, act_rows, rows)
    placement.cols = {c: c + offset for c in range(layout.width)}
    if len(layout.blocks) == 1:
        findings.extend(_align_columns(placement, exp_text, offset, depth))
    return findings


def _align_columns(
    placement: Placement, exp_text: Any, offset: int, depth: int
) -> list[LayoutFact]:
    sheet, layout = placement.sheet, placement.layout
    assert sheet is not None
    first, last = layout.blocks[0].header_rows
    header = [r for r in range(first, last + 1)]
    act_header = [placement.rows[r] for r in header if placement.rows.get(r) is not None]
    right = max((c for (r, c) in sheet.cells if r in act_header), default=0)
    exp_cols = [(c, col_text(exp_text, c, header)) for c in range(depth, layout.width)]
    act_cols = [
        (c, col_text(sheet.text, c, act_header))  # type: ignore[arg-type]
        for c in range(depth + offset, max(right, layout.width + offset - 1) + 1)
    ]
    cols = match_labels(exp_cols, act_cols)
    placement.by_likeness = placement.by_likeness or cols.by_likeness
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
            LayoutFact("inserted", sheet.name, a1(top, c), "列", found=label, prefix=where, at=c)
        )
    for i, prev in cols.deleted:
        where = f"第 {col_letter(act_cols[prev][0])} 列后" if prev is not None else ""
        label = exp_cols[i][1].rsplit("|", 1)[-1]
        at = act_cols[prev][0] + 1 if prev is not None else depth + offset
        out.append(
            LayoutFact("deleted", sheet.name, what="列", expected=label, prefix=where, at=at)
        )
    for i, j in cols.moved:
        c = act_cols[j][0]
        label = exp_cols[i][1].rsplit("|", 1)[-1]
        suffix = f"（现在第 {col_letter(c)} 列）"
        out.append(
            LayoutFact("moved", sheet.name, a1(top, c), "列", expected=label, suffix=suffix, at=c)
        )
    return out


def _row_findings(
    sheet: RawSheet,
    offset: int,
    exp_rows: list[tuple[int, str]],
    act_rows: list[tuple[int, str]],
    rows: Match,
) -> list[LayoutFact]:
    out = []
    for j, prev in rows.inserted:
        r = act_rows[j][0]
        where = f"第 {act_rows[prev][0] + 1} 行后" if prev is not None else ""
        label = act_rows[j][1] or "（空行）"
        out.append(
            LayoutFact("inserted", sheet.name, a1(r, offset), "行", found=label, prefix=where, at=r)
        )
    for i, prev in rows.deleted:
        where = f"第 {act_rows[prev][0] + 1} 行后" if prev is not None else ""
        at = act_rows[prev][0] + 1 if prev is not None else (act_rows[0][0] if act_rows else None)
        out.append(
            LayoutFact(
                "deleted", sheet.name, what="行", expected=exp_rows[i][1], prefix=where, at=at
            )
        )
    for i, j in rows.moved:
        r = act_rows[j][0]
        suffix = f"（现在第 {r + 1} 行）"
        out.append(
            LayoutFact(
                "moved",
                sheet.name,
                a1(r, offset),
                "行",
                expected=exp_rows[i][1],
                suffix=suffix,
                at=r,
            )
        )
    return out


# -- labels ------------------------------------------------------------------------


def _check_labels(placement: Placement) -> list[LayoutFact]:
    sheet = placement.sheet
    assert sheet is not None
    out = []
    for lab, row, col in _where_labels_are(placement):
        found = sheet.text(row, col)
        if found == lab.text:
            continue
        cell = a1(*sheet.merge_origin(row, col))
        kind: LayoutKind = (
            "label-cosmetic" if text_key(found) == text_key(lab.text) else "label-changed"
        )
        out.append(LayoutFact(kind, sheet.name, cell, expected=lab.text, found=found))
    return out


def _where_labels_are(placement: Placement) -> Sequence[tuple[LabelCell, int, int]]:
    """Each label and where it is now (labels whose whole row or column is
    missing are left out: reported as S105)."""
    if not placement.realigned:
        return template_side(placement.layout).labels_in_place
    return label_positions(placement.layout.labels, placement.rows, placement.cols)
