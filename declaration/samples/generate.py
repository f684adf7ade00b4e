"""Consistent returns generated from the spec, for the demo, the tests and the benchmark.

Nothing here knows a cell of the form: inputs are drawn at random per kind,
the spec's prefill rule (the carry-over) copies last year's values, and every
other rule that compares input cells is then made to hold by solving it for
one of its input cells (``_satisfy``). Totals are left to the spec's formulas.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from declaration.spec import FormSpec, RuleCheck


def _random_input(kind: str, rng: random.Random, scale: int) -> float:
    if kind == "signed":
        return float(rng.randint(-scale, scale))
    if kind == "amount":
        return round(rng.uniform(0, 200 * scale), 2)
    return float(rng.randint(0, scale))


def consistent_values(
    spec: FormSpec,
    rng: random.Random,
    *,
    prior: Mapping[str, float] | None = None,
    scale: int = 5,
) -> dict[str, float]:
    """Random inputs (cell id → value) for which every rule of ``spec`` holds."""
    values = {c.id: _random_input(c.kind, rng, scale) for c in spec.input_cells()}
    fixed: set[str] = set()
    if prior is not None:
        for target, source in spec.carry_over():
            values[target] = float(prior.get(source, 0))
            fixed.add(target)
    for rule in spec.rules:
        if rule.total_group is not None or rule.prefill:
            continue  # totals are formulas; the carry-over is copied above
        for check in rule.checks:
            if prior is None and (check.lhs.uses_prior() or check.rhs.uses_prior()):
                continue
            _satisfy(spec, check, values, fixed, prior)
    return values


def _coefficients(spec: FormSpec, check: RuleCheck, fixed: set[str]) -> list[tuple[str, int]]:
    """Input cells of ``lhs - rhs`` that may change, with their signs, lhs first."""
    terms = [(t.cell, t.sign) for t in check.lhs.terms if not t.prior]
    terms += [(t.cell, -t.sign) for t in check.rhs.terms if not t.prior]
    return [(c, s) for c, s in terms if not spec.cells[c].is_total and c not in fixed]


def _satisfy(
    spec: FormSpec,
    check: RuleCheck,
    values: dict[str, float],
    fixed: set[str],
    prior: Mapping[str, float] | None,
) -> None:
    """Change one input cell of ``check`` so that it holds, keeping counts ≥ 0."""
    terms = _coefficients(spec, check, fixed)
    if not terms:
        return  # only totals: holds when the rules over their details hold
    computed = spec.compute_totals(values)
    gap = check.lhs.evaluate(computed, prior) - check.rhs.evaluate(computed, prior)
    if check.op == "=" or (check.op == ">=" and gap < 0) or (check.op == "<=" and gap > 0):
        # solve for the lhs cell when the lhs is one cell, else for the last rhs cell
        lhs_only = len(check.lhs.terms) == 1 and terms[0][0] == check.lhs.terms[0].cell
        cell, sign = terms[0] if lhs_only else terms[-1]
        values[cell] -= gap / sign
        if values[cell] < 0 and spec.cells[cell].kind != "signed":
            _compensate(terms, cell, sign, values)


def _compensate(
    terms: list[tuple[str, int]], cell: str, sign: int, values: dict[str, float]
) -> None:
    """``cell`` came out negative: set it to 0 and raise another input instead."""
    rise = -sign * values[cell]  # how much lhs - rhs changes when ``cell`` goes to 0
    values[cell] = 0.0
    for other, other_sign in terms:
        if other != cell and other_sign * rise < 0:  # raising ``other`` undoes the change
            values[other] -= rise / other_sign
            return
    raise ValueError(f"无法使 {cell} 所在的校验成立")
