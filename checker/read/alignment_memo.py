"""Alignments of tables remembered across the returns of a batch.

Returns made from one template mostly show a table exactly as the template
does: the same labels at the same places, the same merges, numbers in the same
cells. The alignment of such a table (``checker.read.structure``) is worked out once
and reused for every return that gives it the same input. The key holds
everything the alignment reads: the sheet's texts, merges and occupied cells;
a text that is none of the table's labels (the office's name in the heading)
only counts as "some other text", because such texts only ever count as "not a
label" — unless labels were paired by likeness, and then nothing is remembered.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from checker.read.alignment import template_side
from checker.read.workbook import RawSheet, text_key
from common.memo import Memo
from declaration.layout import SheetLayout

OTHER_TEXT = object()  # any text that is not a label of the table
KEPT = 64  # alignments remembered: a batch needs one or two per table


@dataclass(frozen=True)
class Aligned:
    """Where a table's template rows and columns are in the returns of one key."""

    rows: dict[int, int | None]
    cols: dict[int, int | None]
    inserted_rows: frozenset[int]
    inserted_cols: frozenset[int]
    # every label found exactly where it belongs: then so it is for every sheet
    # of the same key (the key holds each label's text as it is), and the
    # label check has nothing to report
    labels_exact: bool = False


ALIGNMENTS: Memo[Hashable, tuple[SheetLayout, Aligned]] = Memo("alignment.tables", KEPT)


def alignment_key(sheet: RawSheet, layout: SheetLayout) -> Hashable:
    """What the alignment of ``layout`` on ``sheet`` depends on."""
    side = template_side(layout)
    labels, itself = side.columns_by_key, side.kept_texts
    shown = sheet.texts()
    found = set(shown.values())
    known = itself.keys()
    counted = found & known  # texts of earlier returns are known already
    for text in found - known:
        if _counts_as_itself(text, labels):
            counted.add(text)
            itself.put(text, True)
    texts = frozenset((pos, text if text in counted else OTHER_TEXT) for pos, text in shown.items())
    return (id(layout), texts, tuple(sheet.merges), frozenset(sheet.cells))


def _counts_as_itself(text: str, labels: dict[str, list[int]]) -> bool:
    """Labels, blanks and texts that could join into a label ("a|b") are kept as they are."""
    return not text.strip() or "|" in text or text_key(text) in labels


def remembered(key: Hashable, layout: SheetLayout) -> Aligned | None:
    known = ALIGNMENTS.get(key)
    return known[1] if known is not None and known[0] is layout else None


def remember(key: Hashable, layout: SheetLayout, aligned: Aligned) -> None:
    ALIGNMENTS.put(key, (layout, aligned))  # held here, so the layout's id stays unique
