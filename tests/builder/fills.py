"""Inputs derived from the spec: consistent fills and fills that break one rule."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from declaration.spec import FormSpec, Rule

AMOUNT_STEP = 0.01


@dataclass
class Fill:
    """Inputs to type into a template; ``overrides`` are constants typed over totals."""

    name: str
    inputs: dict[str, float]
    overrides: dict[str, float] = field(default_factory=dict)
    broken_rule: str | None = None

    def typed(self) -> dict[str, float]:
        return {**self.inputs, **self.overrides}


def _value(spec: FormSpec, cell_id: str, rng: random.Random) -> float:
    kind = spec.cells[cell_id].kind
    if kind == "signed":
        return rng.randint(-20, 20)
    if kind == "amount":
        return round(rng.randint(0, 999_999) * AMOUNT_STEP, 2)
    return rng.randint(0, 6)


def consistent_fill(spec: FormSpec, seed: int) -> Fill:
    """Random inputs satisfying every in-workbook rule of the spec.

    Applicant columns of table 三: outcomes and 一/二 are random, then 四 is
    chosen so that 一 + 二 = 三(七) + 四 holds per column (四 ≥ 0).
    """
    rng = random.Random(seed)
    inputs = {c.id: _value(spec, c.id, rng) for c in spec.input_cells()}
    for col in spec.sets["applicants"]:
        outcome = sum(inputs[f"t3.{row}.{col}"] for row in spec.sets["outcomes"])
        if rng.random() < 0.5:  # some columns stay all zero, as in real returns
            for row in (*spec.sets["outcomes"], "new", "carried"):
                inputs[f"t3.{row}.{col}"] = 0
            outcome = 0
        new, carried = inputs[f"t3.new.{col}"], inputs[f"t3.carried.{col}"]
        if new + carried < outcome:
            inputs[f"t3.new.{col}"] = new = outcome - carried + rng.randint(0, 3)
        inputs[f"t3.carry_forward.{col}"] = new + carried - outcome
    for row in spec.sets.get("art20_1_rows", ()):
        key = f"t2.{row}.public_total"
        if key in inputs:
            inputs[key] = inputs[f"t2.{row}.new_published"] + rng.randint(0, 9)
    return Fill(f"consistent-{seed}", inputs)


def breaking_fill(spec: FormSpec, rule: Rule, base: Fill) -> Fill:
    """``base`` changed so that the first check of ``rule`` fails."""
    check = rule.checks[0]
    inputs = dict(base.inputs)
    if rule.total_group is not None:
        target = check.anchor
        computed = spec.compute_totals(inputs)
        return Fill(f"break-{rule.id}", inputs, {target: computed[target] + 7}, rule.id)
    lhs_inputs = [t for t in check.lhs.terms if not spec.cells[t.cell].is_total]
    rhs_inputs = [t for t in check.rhs.terms if not spec.cells[t.cell].is_total]
    if check.op == "=":
        inputs[lhs_inputs[0].cell] += 3
    elif check.op == ">=":
        inputs[rhs_inputs[0].cell] = 10
        inputs[lhs_inputs[0].cell] = 4
    else:
        inputs[lhs_inputs[0].cell] = 10
        inputs[rhs_inputs[0].cell] = 4
    return Fill(f"break-{rule.id}", inputs, {}, rule.id)
