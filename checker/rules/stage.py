"""The rule stage of one return: every family of rules over the facts read.

Layout facts, structure and value findings (checker.rules.structure, checker.rules.values),
the spec's arithmetic rules, plausibility — and the decisions that keep one
finding per cause: an untouched template is V217 alone; table 三 with only its
总计 column is V218 instead of a row-total error and a P403 per row; a blank
total is A306 instead of a V201 blank; a typed-over total is S117 when right
and its own total rule when wrong (checker.rules.totals); a structural change
lists what it shifted or left unread under it, and one rule along a column or
row is one finding (checker.rules.causes).
"""

from __future__ import annotations

from collections.abc import Mapping

from checker.facts import Extraction
from checker.results import Finding
from checker.rules.arithmetic import PriorSource, failed_checks
from checker.rules.causes import STRUCTURAL, absorb_consequences, group_along_lines
from checker.rules.plausibility import check_plausibility
from checker.rules.structure import layout_findings, renamed_sheets, total_findings
from checker.rules.totals import (
    Failed,
    blank_totals,
    breakdown_finding,
    one_cause,
    totals_without_breakdown,
    typed_row_totals,
)
from checker.rules.values import empty_form, value_findings
from declaration.spec import FormSpec


def rule_findings(
    spec: FormSpec,
    extraction: Extraction,
    values: Mapping[str, float],
    prior: Mapping[str, float] | None = None,
    prior_source: PriorSource | None = None,
) -> list[Finding]:
    """Every finding of the rule stage for one return (before selection)."""
    layout = layout_findings(extraction)
    empty = empty_form(spec, extraction)
    if empty:  # nothing typed: blanks, totals and sums say nothing more
        return layout + empty + renamed_sheets(spec, extraction)
    blanks = blank_totals(spec, extraction, values)
    blank_cells = {f.cell for f in blanks}
    skip_blank = {
        cell_id
        for cell_id, read in extraction.cells.items()
        if read.address in blank_cells and read.total_state == "blank"
    }
    only_totals = totals_without_breakdown(spec, extraction)
    findings = renamed_sheets(spec, extraction)
    absorbed = typed_row_totals(spec, extraction) if only_totals else frozenset()
    findings += total_findings(spec, extraction, values, frozenset(only_totals) | absorbed)
    findings += value_findings(spec, extraction, skip_blank)
    findings += blanks
    failed = [
        Failed(rule, check, found)
        for rule, check, found in failed_checks(spec, extraction, values, prior, prior_source)
        if check.anchor not in only_totals or rule.total_group is None
    ]
    unread = unread_cells(extraction)
    not_made = [item.finding for item in failed if _uses(item, unread)]
    findings += one_cause(extraction, [item for item in failed if not _uses(item, unread)])
    plausible = check_plausibility(spec, extraction, values)
    if only_totals:
        findings.append(breakdown_finding(spec, extraction, only_totals))
        plausible = [f for f in plausible if f.rule != "P403"]
    pairs = list(zip(extraction.layout, layout, strict=True))
    layout, findings = absorb_consequences(pairs, findings + plausible, not_made)
    return layout + group_along_lines(findings)


def unread_cells(extraction: Extraction) -> frozenset[str]:
    """Cells a structural change left unread (a deleted row or column, a published row
    whose numbers ran together): checks using them cannot be made."""
    if not any(f.kind in STRUCTURAL for f in extraction.layout):
        return frozenset()
    return frozenset(
        cell_id for cell_id, read in extraction.cells.items() if not read.address and read.blank
    )


def _uses(item: Failed, unread: frozenset[str]) -> bool:
    if not unread:
        return False
    terms = item.check.lhs.terms + item.check.rhs.terms
    return any(t.cell in unread for t in terms if not t.prior)
