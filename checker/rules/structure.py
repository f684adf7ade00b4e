"""S rules from what reading found about the form: totals and table sheets.

A total whose formula was replaced by a number is one cause with one finding:
when the number equals the sum of its details it is a warning at that cell
(S117, the formula is gone but the figure is right); when it differs, the
arithmetic rule of that total reports it, with the difference
(checker.rules.arithmetic). A changed formula is S111. Renamed table sheets
are one warning naming them (S118).
"""

from __future__ import annotations

from collections.abc import Mapping

from checker.facts import CellRead, Extraction
from checker.findings import finding
from checker.results import Finding
from declaration.layout import sheet_layouts
from declaration.spec import FormSpec

TOLERANCE = 1e-6


def total_findings(
    spec: FormSpec, extraction: Extraction, values: Mapping[str, float], skip: frozenset[str]
) -> list[Finding]:
    """S111/S117 for totals of a template return whose formula is not intact."""
    if not extraction.from_template:
        return []
    out: list[Finding] = []
    for total in spec.totals:
        read = extraction.cells.get(total.target)
        if read is None or read.total_state not in ("constant", "changed"):
            continue
        if total.target in skip:
            continue
        cell_spec = spec.cells[total.target]
        where = {
            "sheet": read.sheet,
            "cell": read.address,
            "row_label": cell_spec.row_label,
            "col_label": cell_spec.col_label,
        }
        expected = read.expected_formula or ""
        if read.total_state == "changed":
            out.append(
                finding("S111", **where, expected=expected, found="=" + (read.formula or ""))
            )
        elif read.value is not None and _equal(read.value, total.expr.evaluate(values)):
            out.append(finding("S117", **where, expected=expected, found=_show(read.raw)))
    return out


def _equal(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(b))


def _show(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def renamed_sheets(spec: FormSpec, extraction: Extraction) -> list[Finding]:
    """S118: table sheets of a template return found under other names."""
    if extraction.identified_by != "meta" or not extraction.renamed_sheets:
        return []
    layouts = sheet_layouts(spec)
    names = "、".join(
        f"“{found}”（应为“{layouts[table].sheet_name}”）"
        for table, found in extraction.renamed_sheets.items()
    )
    return [finding("S118", found=names)]


def typed_total(read: CellRead | None) -> bool:
    """A total cell holding a typed number instead of its formula."""
    return read is not None and read.total_state == "constant" and read.value is not None
