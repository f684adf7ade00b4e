"""Sheets read once per batch and replayed for the returns that share their markup.

Returns made from one template carry, sheet by sheet, the same XML except for
the texts of their ``<v>`` elements: the numbers typed in, the cached results
and the shared-string indices. The first such sheet is parsed in full
(``checker.read.xlsx_sheet``) and its *plan* — every cell's position, type, style,
formula and whether it holds a ``<v>`` — is remembered under the sheet's
markup with those texts blanked out. A later sheet with the same markup only
has its ``<v>`` texts cut out and fed to the plan, through the same code that
builds the cells of a parsed sheet.

The markup is remembered only when the ``<v>`` texts found by cutting are
exactly those the XML parser saw, and replayed only for texts that any XML
parser reads as they are (no entities, no control characters, valid UTF-8):
anything else is parsed in full, so both ways give the same cells.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.read.workbook import Merge
from common.memo import Memo

# one planned cell: (row, col), t attribute, s attribute, formula (shared ones
# expanded), inline-string text, "only a <v> child", "has a <v> child"
Planned = tuple[tuple[int, int], str | None, str | None, str | None, str, bool, bool]

_V = re.compile(r"<v>([^<]*)</v>")
BLANKED = "<v></v>"
# bytes an XML parser refuses or rewrites in text ("\r" becomes "\n")
_NOT_PLAIN_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, 0x0D, *range(0x0E, 0x20)])
# markup in which a "<v>" might not be a cell's value element
_NOT_PLAIN_MARKUP = ("<!", "<?", "xmlns")
_UTF8_HEAD = re.compile(
    rb'(?:\xef\xbb\xbf)?(?:<\?xml version="1\.0"(?: encoding="(?i:utf-8)")?(?: standalone="(?:yes|no)")?\?>)?\s*<(?!\?)'
)  # a declaration of any other kind does not match
KEPT = 64  # sheet markups remembered: a batch of one template needs about five
KEPT_CELLS = 100_000  # planned cells remembered in all (a template's sheet has hundreds)
CUT_BYTES = 256 * 1024  # larger cell markups are parsed without a plan (a template's: ~15 KB)


class SheetPlan(NamedTuple):
    cells: tuple[Planned, ...]
    merges: tuple[Merge, ...]
    protected: bool
    longest_inline: int  # the longest inline-string text of the planned cells


class Cut(NamedTuple):
    """A sheet's cell markup with the ``<v>`` texts blanked, and those texts."""

    key: tuple[bytes, str]
    texts: list[str]  # "" for an empty <v></v>


PLANS: Memo[tuple[bytes, str], SheetPlan] = Memo(
    "xlsx.sheet_plans", KEPT, weight=lambda plan: len(plan.cells), max_weight=KEPT_CELLS
)


def cut(skeleton: bytes, body: bytes) -> Cut | None:
    """Cut the ``<v>`` texts out of a ``<sheetData>`` body; None when they are not plain
    (or the markup is too large to be worth a plan).

    ``skeleton`` is the rest of the sheet's XML read by the checker: it is part
    of the key, so a plan is only replayed under the same declaration,
    merges and protection.
    """
    if len(body) > CUT_BYTES or not is_plain_text(body):
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    pieces = _V.split(text)
    texts = pieces[1::2]
    if "&" in "".join(texts):
        return None  # an entity: the parser's text differs from the bytes
    return Cut((skeleton, BLANKED.join(pieces[0::2])), texts)


def is_plain_text(data: bytes) -> bool:
    """No byte that an XML parser refuses or rewrites in text: control characters,
    "\\r", "]]>", the non-characters U+FFFE/U+FFFF (byte searches, much faster than
    one regular expression for all of them)."""
    if len(data.translate(None, _NOT_PLAIN_BYTES)) != len(data) or b"]]>" in data:
        return False
    # U+FFFE and U+FFFF are EF BF BE / EF BF BF: rarely even their first two bytes
    return b"\xef\xbf" not in data or not (b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data)


def known_plan(found: Cut) -> SheetPlan | None:
    return PLANS.get(found.key)


def remember_plan(found: Cut, plan: SheetPlan, parsed_texts: list[str], exact: bool) -> None:
    """Keep ``plan`` for ``found``'s markup when the cut texts are exactly what the
    parser saw (``exact``: every ``<v>`` of the sheet belongs to one planned cell,
    in document order, and ``parsed_texts`` are their texts)."""
    if not exact or parsed_texts != found.texts:
        return
    if _UTF8_HEAD.match(found.key[0]) is None:
        return  # another declared encoding: the parser's texts are not the UTF-8 bytes
    if any(markup in found.key[1] for markup in _NOT_PLAIN_MARKUP):
        return
    if len(plan.cells) > (PLANS.max_weight or 0) // 4:
        return  # not a template's sheet: not worth the memory
    PLANS.put(found.key, plan)


def forget_plans() -> None:
    PLANS.clear()
