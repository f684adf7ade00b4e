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

from checker.facts import CellRead, Extraction, LayoutFact, LayoutKind
from checker.findings import finding
from checker.results import Finding
from declaration.identity import COVER_SHEET
from declaration.layout import a1, cover_positions, sheet_layouts
from declaration.spec import FormSpec, SpecError, spec_for_year

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset(
    {
        "S101",
        "S102",
        "S103",
        "S104",
        "S105",
        "S106",
        "S111",
        "S112",
        "S113",
        "S114",
        "S115",
        "S116",
        "S117",
        "S118",
        "D704",
        "D705",
        "D707",
        "D715",
        "D716",
    }
)

TOLERANCE = 1e-6
LAYOUT_RULES: dict[LayoutKind, str] = {
    "missing-sheet": "S101",
    "label-changed": "S102",
    "label-cosmetic": "S103",
    "inserted": "S104",
    "deleted": "S105",
    "moved": "S106",
    "unprotected": "S112",
    "label-variant": "D704",
    "ambiguous": "D707",
    "table-missing": "D705",
    "foreign-format": "D715",
    "omitted": "D716",
}


def layout_findings(extraction: Extraction) -> list[Finding]:
    """S101–S106, S112 (and D704/D705/D707/D715 for published reports): what
    aligning the tables found, in that order."""
    return [_layout_finding(fact) for fact in extraction.layout]


def _layout_finding(fact: LayoutFact) -> Finding:
    where = {"sheet": fact.sheet, "cell": fact.cell, "prefix": fact.prefix, "suffix": fact.suffix}
    if fact.kind == "label-cosmetic":  # the message names only the official label
        return finding("S103", **where, expected=fact.expected, found_value=fact.found)
    if fact.kind == "table-missing":  # the message names the table by its title
        return finding("D705", **where, table=fact.expected)
    fields = {"what": fact.what} if fact.what else {}
    if fact.expected is not None:
        fields["expected"] = fact.expected
    if fact.found is not None:
        fields["found"] = fact.found
    if fact.reason:
        fields["reason"] = fact.reason
    if fact.row_label:
        where["row_label"] = fact.row_label
    return finding(LAYOUT_RULES[fact.kind], **where, **fields)


def identity_findings(extraction: Extraction) -> list[Finding]:
    """S113–S116: how the return was identified, and what its cover lacks."""
    spec = extraction.spec
    if not extraction.from_file:  # values given in memory: no cover, nothing identified
        return []
    if spec is None:
        return [finding("S114")]
    out = []
    if extraction.identified_by == "labels":
        out.append(finding("S113", format=spec.document))
    filled = {"unit": extraction.unit, "year": extraction.year, "code": extraction.code}
    for f in spec.cover_fields:
        if f.required and f.id in filled and not filled[f.id]:
            cell = a1(*cover_positions(spec)[f.id]) if extraction.has_cover_sheet else ""
            out.append(finding("S116", sheet=COVER_SHEET if cell else "", cell=cell, field=f.label))
    out.extend(year_findings(spec, extraction.year))
    return out


def year_findings(spec: FormSpec, year: int | None) -> list[Finding]:
    """S115: the format does not fit the report year."""
    if year is None or spec.covers_year(year):
        return []
    try:
        expected = spec_for_year(year)
    except SpecError:
        return []
    return [
        finding(
            "S115",
            year=year,
            expected=f"{expected.document}格式",
            found=f"{spec.document}格式",
            expected_value=expected.format,
            found_value=spec.format,
        )
    ]


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
