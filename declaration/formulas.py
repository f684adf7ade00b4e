"""Excel formulas of totals and checks, generated from the spec's expressions.

Both the builder (which writes them) and the checker (which verifies that a
return still holds them) use this module, so they agree on every character.
"""

from __future__ import annotations

import re

from common.memo import memoized
from declaration.expr import Linear
from declaration.layout import a1, quote_sheet, sheet_layouts
from declaration.spec import FormSpec


def _runs(positions: list[tuple[int, int]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Group positions into contiguous horizontal or vertical runs, in order."""
    runs: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for pos in positions:
        if runs:
            start, end = runs[-1]
            horizontal = start[0] == end[0] == pos[0] and pos[1] == end[1] + 1
            vertical = start[1] == end[1] == pos[1] and pos[0] == end[0] + 1
            if (horizontal and (start == end or start[0] == end[0])) or (
                vertical and (start == end or start[1] == end[1])
            ):
                runs[-1] = (start, pos)
                continue
        runs.append((pos, pos))
    return runs


def _ref(spec: FormSpec, cell_id: str, home_table: str | None) -> tuple[str, int, int]:
    table = cell_id.split(".", 1)[0]
    pos = sheet_layouts(spec)[table].values[cell_id]
    prefix = "" if table == home_table else quote_sheet(spec.table(table).title) + "!"
    return prefix, pos.row, pos.col


def formula_for(spec: FormSpec, expr: Linear, home_table: str | None = None) -> str:
    """Excel text (without ``=``) of a linear expression of this year's cells.

    Contiguous positive runs become ``SUM(D8:I8)``; references to other sheets
    are qualified with the quoted sheet name.
    """
    if expr.uses_prior():
        raise ValueError("上年数据不在本工作簿中，无法生成公式")
    parts: list[str] = []
    positive = [t for t in expr.terms if t.sign > 0]
    negative = [t for t in expr.terms if t.sign < 0]
    for group, sign in ((positive, "+"), (negative, "-")):
        refs = [_ref(spec, t.cell, home_table) for t in group]
        by_sheet: dict[str, list[tuple[int, int]]] = {}
        for prefix, row, col in refs:
            by_sheet.setdefault(prefix, []).append((row, col))
        for prefix, positions in by_sheet.items():
            for start, end in _runs(positions):
                if start == end:
                    text = prefix + a1(*start)
                else:
                    text = f"SUM({prefix}{a1(*start)}:{a1(*end)})"
                parts.append(text if not parts and sign == "+" else f"{sign}{text}")
    if expr.constant:
        parts.append(f"{expr.constant:+g}")
    if not parts:
        return "0"
    if len(parts) == 1 and not parts[0].startswith("SUM(") and positive:
        return parts[0]
    return "".join(parts)


def total_formula(spec: FormSpec, cell_id: str) -> str:
    """The formula (without ``=``) that the template puts in a total cell."""
    total = spec.total_for(cell_id)
    if total is None:
        raise KeyError(f"{cell_id} 不是总计单元格")
    return formula_for(spec, total.expr, home_table=cell_id.split(".", 1)[0])


@memoized("formulas.normalized", 4096)  # the same few formulas come back in every return
def normalize_formula(text: str) -> str:
    """Canonical form for comparing formulas written by different clients."""
    text = text.strip()
    if text.startswith("="):
        text = text[1:]
    text = text.replace("$", "").replace(" ", "").upper()
    # _xlfn. prefixes and quotes around simple sheet names vary between clients
    text = text.replace("_XLFN.", "")
    return re.sub(r"'([^'!]+)'!", r"\1!", text)
