"""Repeats of last year: rows or whole tables identical to the prior return (D720),
and a narrative largely copied from last year's published report (D721).

D720 applies to every return given last year's values (spreadsheets too); D721
needs both years' narratives, so only published reports get it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from checker.findings import finding
from checker.results import Finding
from declaration.spec import FormSpec

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"D720", "D721"})

# Tables of flows (applications, cases): a stock such as 现行有效件数 in table 二
# rightly stays the same from one year to the next.
TABLES = ("t3", "t4")
# A row repeats by chance when it holds one or two small numbers ("予以公开 1 … 总计 1"):
# it counts when it has this many non-zero cells, or a number at least this large.
MIN_NONZERO = 3
MIN_LARGEST = 10.0
COPIED_SHARE = 0.8  # share of this year's text found in last year's
SHINGLE = 6  # characters per compared piece of text
MIN_TEXT = 200  # characters: shorter narratives are not compared
_NOT_TEXT = re.compile(r"[\s\d０-９,，.。、；;：:（）()\-—]+")


def repeated_rows(
    spec: FormSpec, values: Mapping[str, float], prior: Mapping[str, float]
) -> list[Finding]:
    """D720: a row (or every non-zero row of a table) with the same numbers as last year."""
    rows: dict[tuple[str, str], list[str]] = {}
    for cell in spec.cells.values():
        if cell.table in TABLES:
            rows.setdefault((cell.table, cell.row), []).append(cell.id)
    same: dict[str, list[tuple[str, str, bool]]] = {}
    nonzero_rows: dict[str, int] = {}
    for (table, row), ids in rows.items():
        numbers = [values.get(i, 0.0) for i in ids]
        if not any(numbers):
            continue
        nonzero_rows[table] = nonzero_rows.get(table, 0) + 1
        if all(i in prior for i in ids) and all(values.get(i, 0.0) == prior[i] for i in ids):
            label = spec.cells[ids[0]].row_label or "数据行"
            telling = sum(1 for n in numbers if n) >= MIN_NONZERO or max(numbers) >= MIN_LARGEST
            same.setdefault(table, []).append((row, label, telling))
    out: list[Finding] = []
    for table, hits in same.items():
        title = spec.table(table).title
        name = "表" + title[:1]
        if len(hits) == nonzero_rows[table] and len(hits) > 1:
            what = f"“{title}”全部不为 0 的行"
            out.append(finding("D720", sheet=name, what=what, found=f"{len(hits)} 行"))
            continue
        for _row, label, telling in hits:
            if telling:
                what = f"{name}“{label}”一行"
                out.append(
                    finding("D720", sheet=name, row_label=label, what=what, found="每一列的数字")
                )
    return out


def _shingles(text: str) -> set[str]:
    # numbers and punctuation change every year; the wording is what is copied
    bare = _NOT_TEXT.sub("", text)
    return {bare[i : i + SHINGLE] for i in range(max(0, len(bare) - SHINGLE + 1))}


def copied_share(text: str, prior_text: str) -> float | None:
    """Share of this year's wording found in last year's (None: too short to compare)."""
    if len(text) < MIN_TEXT or len(prior_text) < MIN_TEXT:
        return None
    own = _shingles(text)
    if not own:
        return None
    return len(own & _shingles(prior_text)) / len(own)


def copied_narrative(text: str, prior_text: str) -> list[Finding]:
    """D721 when most of this year's narrative is last year's."""
    share = copied_share(text, prior_text)
    if share is None or share < COPIED_SHARE:
        return []
    return [
        finding(
            "D721",
            found=f"{share:.0%}",
            expected=f"{COPIED_SHARE:.0%}",
            found_value=round(share, 3),
            expected_value=COPIED_SHARE,
        )
    ]
