"""The arithmetic rules of a spec, evaluated on the values read from a return.

Cached formula results are never trusted: every total is recomputed from the
input cells with the spec's own expression (the one the template's formula was
generated from). A total the office typed over is taken as typed, because that
is the number the office reports; the total rules then compare it with the sum.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from checker.facts import CellRead, Extraction
from checker.findings import make_finding
from checker.results import DiffLine, Finding, format_number, plain_number
from declaration.expr import Linear
from declaration.layout import cell_a1, col_letter, parse_a1, sheet_layouts
from declaration.spec import CellSpec, FormSpec, Rule, RuleCheck, Total

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"A305"})

PRIOR_CELL = "上年"  # how a cell of last year's return is shown in a diff line


@dataclass(frozen=True)
class PriorSource:
    """Last year's return the prior values come from: its file and format."""

    path: str
    format: str | None


_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Located:
    """Where a cell of the spec was found in the workbook."""

    sheet: str
    cell: str
    row_label: str
    col_label: str


def locate(spec: FormSpec, extraction: Extraction, cell_id: str) -> Located:
    """Sheet, realigned A1 address and short labels of a cell."""
    read = extraction.cells.get(cell_id)
    table = cell_id.split(".", 1)[0]
    sheet = read.sheet if read and read.sheet else sheet_layouts(spec)[table].sheet_name
    cell = read.address if read and read.address else cell_a1(spec, cell_id)
    row_label, col_label = short_labels(spec, spec.cells[cell_id])
    return Located(sheet, cell, row_label, col_label)


def short_labels(spec: FormSpec, cell: CellSpec) -> tuple[str, str]:
    """Row and column label, as short as still unambiguous within the block.

    ``结果维持`` appears under three groups of table 四, so it becomes
    ``复议后起诉 结果维持``; ``自然人`` stays ``自然人``.
    """
    return _short_labels(spec, cell)


@cache  # a per-spec constant: specs and their cells are immutable (common.memo)
def _short_labels(spec: FormSpec, cell: CellSpec) -> tuple[str, str]:
    siblings = [c for c in spec.cells.values() if c.table == cell.table and c.block == cell.block]
    row = _shortest(cell.row_path, {c.row_path for c in siblings})
    col = _shortest(cell.col_path, {c.col_path for c in siblings})
    return row, col


def _shortest(path: tuple[str, ...], all_paths: set[tuple[str, ...]]) -> str:
    for n in range(1, len(path) + 1):
        tail = path[-n:]
        if sum(1 for p in all_paths if p[-n:] == tail) == 1:
            return " ".join(tail)
    return " ".join(path)


# -- the values the rules see -------------------------------------------------


@cache  # a per-spec constant, one per spec file (common.memo)
def _input_ids(spec: FormSpec) -> tuple[str, ...]:
    return tuple(c.id for c in spec.input_cells())


def _input_value(read: CellRead | None) -> float:
    return 0.0 if read is None or read.value is None else float(read.value)


def typed_over(read: CellRead | None) -> bool:
    """Whether the rules take a total as the file shows it, not as recomputed."""
    if read is None:
        return False
    return (read.total_state == "constant" and read.value is not None) or (
        read.total_state == "changed" and read.cached is not None
    )


def _total_value(read: CellRead | None, recomputed: float) -> float:
    """The value of a total cell as the office reports it."""
    if read is None:
        return recomputed
    if read.total_state == "constant" and read.value is not None:
        return float(read.value)
    if read.total_state == "changed" and read.cached is not None:
        return float(read.cached)
    return recomputed


def rule_values(spec: FormSpec, extraction: Extraction) -> tuple[dict[str, float], list[Finding]]:
    """Every cell's value for the rules, and A305 for stale cached results."""
    cells = extraction.cells
    values = {cell_id: _input_value(cells.get(cell_id)) for cell_id in _input_ids(spec)}
    stale: list[Finding] = []
    for total in spec.totals_in_order():
        read = extraction.cells.get(total.target)
        recomputed = total.expr.evaluate(values)
        values[total.target] = _total_value(read, recomputed)
        if _stale(read, recomputed):
            assert read is not None and read.cached is not None
            stale.append(_stale_finding(spec, extraction, total, read.cached, values))
    return values, stale


def _stale(read: CellRead | None, recomputed: float) -> bool:
    """An intact formula whose saved result differs from the recomputation."""
    if read is None or read.total_state != "formula" or read.cached is None:
        return False
    return abs(read.cached - recomputed) > _TOLERANCE * max(1.0, abs(recomputed))


def _stale_finding(
    spec: FormSpec, extraction: Extraction, total: Total, cached: float, values: Mapping[str, float]
) -> Finding:
    where = locate(spec, extraction, total.target)
    recomputed = values[total.target]
    return make_finding(
        "A305",
        {"found": format_number(cached), "expected": format_number(recomputed)},
        sheet=where.sheet,
        cell=where.cell,
        row_label=where.row_label,
        col_label=where.col_label,
        expected=plain_number(recomputed),
        found=plain_number(cached),
        diff=(
            DiffLine("文件中保存的结果", (where.cell,), (cached,), cached),
            _side(spec, extraction, "按明细重新计算", total.expr, values, None),
        ),
        difference=cached - recomputed,
    )


# -- rule checks ---------------------------------------------------------------


def _runnable(check: RuleCheck, prior: Mapping[str, float] | None) -> bool:
    """Prior-year checks need last year's values, and cells that existed then."""
    if not check.uses_prior():
        return True
    if prior is None:
        return False
    return all(t.cell in prior for t in check.lhs.terms + check.rhs.terms if t.prior)


def check_rules(
    spec: FormSpec,
    extraction: Extraction,
    values: Mapping[str, float],
    prior: Mapping[str, float] | None = None,
) -> list[Finding]:
    """One finding per rule check of the spec that does not hold."""
    return [f for _, _, f in failed_checks(spec, extraction, values, prior)]


def failed_checks(
    spec: FormSpec,
    extraction: Extraction,
    values: Mapping[str, float],
    prior: Mapping[str, float] | None = None,
    prior_source: PriorSource | None = None,
) -> list[tuple[Rule, RuleCheck, Finding]]:
    """Every rule check that does not hold, with its finding."""
    failed = []
    for rule, check, uses_prior in _checks(spec):
        if uses_prior and not _runnable(check, prior):
            continue
        if not check.holds(values, prior):
            found = _rule_finding(spec, extraction, rule, check, values, prior, prior_source)
            failed.append((rule, check, found))
    return failed


def prior_rule_ids(spec: FormSpec, prior: Mapping[str, float] | None) -> list[str]:
    """The rules of the spec with a prior-year check that cannot run on ``prior``."""
    out: list[str] = []
    for rule, check, uses_prior in _checks(spec):
        if uses_prior and not _runnable(check, prior) and rule.id not in out:
            out.append(rule.id)
    return out


@cache  # a per-spec constant, one per spec file (common.memo)
def _checks(spec: FormSpec) -> tuple[tuple[Rule, RuleCheck, bool], ...]:
    """Every check of the spec in order, with whether it uses last year's values."""
    return tuple((rule, check, check.uses_prior()) for rule in spec.rules for check in rule.checks)


def _side(
    spec: FormSpec,
    extraction: Extraction,
    label: str,
    expr: Linear,
    values: Mapping[str, float],
    prior: Mapping[str, float] | None,
    prior_source: PriorSource | None = None,
) -> DiffLine:
    cells: list[str] = []
    numbers: list[float] = []
    for term in expr.terms:
        if term.prior:
            cells.append(prior_cell(term.cell, prior_source))
            numbers.append(float((prior or {}).get(term.cell, 0.0)))
        else:
            cells.append(locate(spec, extraction, term.cell).cell)
            numbers.append(float(values.get(term.cell, 0.0)))
    return DiffLine(
        label,
        tuple(cells),
        tuple(numbers),
        expr.evaluate(values, prior),
        tuple(t.sign for t in expr.terms),
    )


def prior_cell(cell_id: str, source: PriorSource | None) -> str:
    """A cell of last year's return as a diff line shows it: its file and address."""
    if source is None or source.format is None:
        return PRIOR_CELL
    from pathlib import Path

    from declaration.spec import SpecError, load_spec

    try:
        address = cell_a1(load_spec(source.format), cell_id)
    except (SpecError, KeyError):
        return PRIOR_CELL
    return f"{PRIOR_CELL}《{Path(source.path).name}》{address}"


def _rule_finding(
    spec: FormSpec,
    extraction: Extraction,
    rule: Rule,
    check: RuleCheck,
    values: Mapping[str, float],
    prior: Mapping[str, float] | None,
    prior_source: PriorSource | None = None,
) -> Finding:
    where = locate(spec, extraction, check.anchor)
    row_label, col_label, scope = _about(spec, rule, check, where)
    left = check.lhs.evaluate(values, prior)
    right = check.rhs.evaluate(values, prior)
    return make_finding(
        rule.id,
        sheet=where.sheet,
        cell=where.cell,
        row_label=row_label,
        col_label=col_label,
        expected=plain_number(right),
        found=plain_number(left),
        diff=(
            _side(spec, extraction, rule.lhs_label, check.lhs, values, prior, prior_source),
            _side(spec, extraction, rule.rhs_label, check.rhs, values, prior, prior_source),
        ),
        difference=left - right,
        scope=scope,
    )


def _about(spec: FormSpec, rule: Rule, check: RuleCheck, where: Located) -> tuple[str, str, str]:
    """Row label, column label and scope ("列 D", "行 8") of a failed check.

    A total is about its own cell; a check over one column (A301) is about the
    column, a check within one row (P401, X502) about the row.
    """
    if rule.total_group is not None:
        return where.row_label, where.col_label, ""
    cells = [spec.cells[t.cell] for t in check.lhs.terms + check.rhs.terms if not t.prior]
    same_col = len({(c.table, c.block, c.col) for c in cells}) == 1
    same_row = len({(c.table, c.row) for c in cells}) == 1
    try:
        row, col = parse_a1(where.cell)
        col_name, row_name = col_letter(col), str(row + 1)
    except ValueError:  # a published report: cells are named by their labels
        col_name, row_name = where.col_label, where.row_label
    if same_col and not same_row:
        return "", where.col_label, f"列 {col_name}"
    if same_row and not same_col:
        return where.row_label, "", f"行 {row_name}"
    return where.row_label, where.col_label, ""
