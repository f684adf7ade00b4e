"""Aligning a table of a return with the template: the label sequences.

The template side of a table (its label grid, row labels, label positions) is
worked out once per table and shared by every return; ``match_labels`` pairs the
template's row or column labels with those found, keeping their order, so that
inserted, deleted and moved rows and columns can be reported and skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from checker.read.workbook import text_key
from common.memo import Memo
from declaration.layout import FIRST_TABLE_ROW, LabelCell, SheetLayout

EXTRA_COLUMNS = 4  # columns beyond the template width scanned for inserted columns


def label_depth(layout: SheetLayout) -> int:
    return min((lab.col for lab in layout.labels if lab.role == "col_header"), default=0)


def expected_grid(layout: SheetLayout) -> dict[tuple[int, int], str]:
    grid: dict[tuple[int, int], str] = {}
    for lab in layout.labels:
        for r in range(lab.row, lab.last_row + 1):
            for c in range(lab.col, lab.last_col + 1):
                grid[(r, c)] = lab.text
    return grid


@dataclass(frozen=True)
class TemplateSide:
    """What a table's alignment compares against: the same for every return."""

    grid: dict[tuple[int, int], str]
    depth: int
    width: int  # columns scanned for row labels
    columns_by_key: dict[str, list[int]]  # label key -> template columns showing it
    rows: list[tuple[int, str]]  # (template row, row label)
    labels_in_place: list[tuple[LabelCell, int, int]]  # label positions of a table in place
    # texts of returns found to count as themselves in alignment keys (alignment_memo)
    kept_texts: Memo[str, bool] = field(
        default_factory=lambda: Memo("alignment.counted_texts", KEPT_TEXTS, register=False),
        compare=False,
        repr=False,
    )


KEPT_TEXTS = 4096  # texts known to count as themselves, per table
TEMPLATE_SIDES_KEPT = 64  # tables: a batch has five or ten; specs built on the fly (tests)
_TEMPLATE_SIDES: Memo[int, tuple[SheetLayout, TemplateSide]] = Memo(
    "alignment.template_sides", TEMPLATE_SIDES_KEPT
)


def template_side(layout: SheetLayout) -> TemplateSide:
    """The template side of the alignment, worked out once per table (do not change)."""
    known = _TEMPLATE_SIDES.get(id(layout))
    if known is not None and known[0] is layout:
        return known[1]
    grid = expected_grid(layout)
    depth = label_depth(layout)
    width = layout.width + (EXTRA_COLUMNS if depth == 0 else 0)
    by_key: dict[str, list[int]] = {}
    for (_, c), text in grid.items():
        by_key.setdefault(text_key(text), []).append(c)

    def exp_text(r: int, c: int) -> str:
        return grid.get((r, c), "")

    rows = [
        (r, row_text(exp_text, r, range(width), depth))
        for r in range(FIRST_TABLE_ROW, layout.last_row + 1)
    ]
    in_place = {r: r for r in range(FIRST_TABLE_ROW, layout.last_row + 1)}
    labels = label_positions(layout.labels, in_place, {c: c for c in range(layout.width)})
    facts = TemplateSide(grid, depth, width, by_key, rows, labels)
    _TEMPLATE_SIDES.put(id(layout), (layout, facts))  # held here, so its id stays unique
    return facts


def row_text(text_at: Any, row: int, cols: range, depth: int) -> str:
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


def col_text(text_at: Any, col: int, rows: list[int]) -> str:
    parts: list[str] = []
    for r in rows:
        text: str = text_at(r, col)
        if text.strip() and (not parts or parts[-1] != text):
            parts.append(text)
    return "|".join(parts)


@dataclass
class Match:
    mapping: dict[int, int | None]
    inserted: list[tuple[int, int | None]]  # (actual index, previous matched actual index)
    deleted: list[tuple[int, int | None]]  # (expected index, previous matched actual index)
    moved: list[tuple[int, int]]  # (expected, actual)
    # labels were paired by likeness (changed labels): then the actual texts
    # decided, not only which of them are the template's
    by_likeness: bool = False


def match_labels(expected: list[tuple[int, str]], actual: list[tuple[int, str]]) -> Match:
    """Align two label sequences; pairs changed labels, finds moves, keeps the order."""
    a = [text_key(t) for _, t in expected]
    b = [text_key(t) for _, t in actual]
    mapping: dict[int, int | None] = {}
    loose_exp: list[int] = []
    loose_act: list[int] = []
    by_likeness = False
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                mapping[i] = j
            continue
        by_likeness = by_likeness or (i1 < i2 and j1 < j2)
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
        return Match({i: None for i in range(len(a))}, [], [], [], by_likeness)

    def previous(j: int) -> int | None:
        return max((m for m in matched if m < j), default=None)

    inserted = [(j, previous(j)) for j in loose_act if matched[0] < j < matched[-1]]
    deleted = []
    for i in loose_exp:
        mapping[i] = None
        before = [mapping[k] for k in range(i) if mapping.get(k) is not None]
        deleted.append((i, before[-1] if before else None))
    return Match(mapping, inserted, deleted, moved, by_likeness)


OPCODES_KEPT = 256
_OPCODES: Memo[tuple[tuple[str, ...], tuple[str | None, ...]], list[Any]] = Memo(
    "alignment.opcodes", OPCODES_KEPT
)


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
        ops = _OPCODES.put(key, SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    return ops


def label_positions(
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
