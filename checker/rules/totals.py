"""Totals: one finding per cause, the cause first.

* A total left blank while its details add up to something is an error at that
  cell with the value it should hold (A306); a blank total over blank or zero
  details is just blank.
* Table 三 filled only in its 总计 column (every applicant column blank, row
  totals typed) is one finding for the table (V218), not a row-total error and
  a P403 per row, and its typed-over row totals (zeros too) are no S117 each.
* A total typed over with a wrong number is reported by its own total rule
  (A302/A303/A304) with the difference, and the message says the formula was
  replaced by the typed number and is to be restored; other checks that fail by exactly that
  difference because of it (A301 …) are the same cause and are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from checker.facts import Extraction
from checker.findings import finding
from checker.results import Finding, format_number, plain_number
from checker.rules.arithmetic import locate
from checker.rules.structure import typed_total
from declaration.spec import FormSpec, Rule, RuleCheck

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"A306", "V218"})

TOLERANCE = 1e-6
BREAKDOWN_MIN_ROWS = 3  # a row or two with only a total is P403 each; more: the table (V218)


@dataclass(frozen=True)
class Failed:
    """A rule check that does not hold, and its finding."""

    rule: Rule
    check: RuleCheck
    finding: Finding


def blank_totals(
    spec: FormSpec, extraction: Extraction, values: Mapping[str, float]
) -> list[Finding]:
    """A306: blank totals whose details do not add up to 0."""
    out = []
    for total in spec.totals:
        read = extraction.cells.get(total.target)
        if read is None or read.total_state != "blank":
            continue
        expected = total.expr.evaluate(values)
        if abs(expected) <= TOLERANCE:
            continue
        where = locate(spec, extraction, total.target)
        out.append(
            finding(
                "A306",
                sheet=where.sheet,
                cell=where.cell,
                row_label=where.row_label,
                col_label=where.col_label,
                expected=format_number(expected),
                expected_value=plain_number(expected),
                found_value="",
            )
        )
    return out


def totals_without_breakdown(spec: FormSpec, extraction: Extraction) -> list[str]:
    """Typed row totals of table 三 when every applicant column is blank, or []."""
    applicants = set(spec.sets.get("applicants", ()))
    if not applicants:
        return []
    typed: list[str] = []
    for total in spec.totals:
        detail = total.expr.cells()
        if {spec.cells[c].col for c in detail} != applicants:
            continue
        if not all(_empty(spec, extraction, c) or _zero(extraction, c) for c in detail):
            return []  # some applicant figures are there: P403 per row, if any
        read = extraction.cells.get(total.target)
        if typed_total(read) and read is not None and read.value:
            typed.append(total.target)
    return typed if len(typed) >= BREAKDOWN_MIN_ROWS else []


def typed_row_totals(spec: FormSpec, extraction: Extraction) -> frozenset[str]:
    """Every typed-over row total of table 三 (zeros too): with V218 they are one cause."""
    applicants = set(spec.sets.get("applicants", ()))
    return frozenset(
        total.target
        for total in spec.totals
        if applicants
        and {spec.cells[c].col for c in total.expr.cells()} == applicants
        and typed_total(extraction.cells.get(total.target))
    )


def breakdown_finding(spec: FormSpec, extraction: Extraction, totals: Sequence[str]) -> Finding:
    """V218 at the first typed row total."""
    where = locate(spec, extraction, totals[0])
    return finding(
        "V218",
        sheet=where.sheet,
        cell=where.cell,
        found=len(totals),
        expected="按申请人类别分别填写",
    )


def _zero(extraction: Extraction, cell_id: str) -> bool:
    read = extraction.cells.get(cell_id)
    return read is not None and read.value == 0


def _empty(spec: FormSpec, extraction: Extraction, cell_id: str) -> bool:
    """Blank, or a total computed by its formula from blank cells."""
    read = extraction.cells.get(cell_id)
    if read is None or read.blank:
        return True
    computed = spec.cells[cell_id].is_total and read.total_state == "formula"
    return computed and not read.value


def one_cause(extraction: Extraction, failed: Sequence[Failed]) -> list[Finding]:
    """The findings of failed checks, without those a typed-over total explains."""
    causes: dict[str, float] = {}
    for item in failed:
        target = item.check.anchor
        if item.rule.total_group is not None and typed_total(extraction.cells.get(target)):
            causes[target] = abs(item.finding.difference or 0.0)
    out = []
    for item in failed:
        own = item.rule.total_group is not None and item.check.anchor in causes
        cells = {t.cell for t in item.check.lhs.terms + item.check.rhs.terms if not t.prior}
        difference = abs(item.finding.difference or 0.0)
        explained = any(
            cell in causes and abs(difference - causes[cell]) <= TOLERANCE * max(1.0, difference)
            for cell in cells
        )
        if own:
            out.append(_typed_over(extraction, item))
        elif not explained:
            out.append(item.finding)
    return out


def _typed_over(extraction: Extraction, item: Failed) -> Finding:
    """A wrong total that was typed over says so: the number typed, the template's
    formula, what to do (restore the formula, not type another number)."""
    read = extraction.cells.get(item.check.anchor)
    if read is None:
        return item.finding
    typed = format_number(read.value)
    formula = f"公式 {read.expected_formula} " if read.expected_formula else "公式"
    suffix = f"；该总计的{formula}已被替换为填入的数值 {typed}，请恢复公式，不要再改填别的数"
    return replace(item.finding, message=item.finding.message + suffix)
