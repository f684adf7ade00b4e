"""Consistent returns generated from the spec, for the demo and the benchmark.

Every rule of the spec holds in what ``consistent_values`` returns: table 三's
四、结转下年度继续办理 is chosen per column so that 一 + 二 = 三(七) + 四, and
when last year's values are given, 二、上年结转 and 现行有效件数 follow them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from declaration.spec import FormSpec


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
    outcome_rows = spec.sets["outcomes"]
    for col in spec.sets["applicants"]:
        if prior is not None:
            values[f"t3.carried.{col}"] = float(prior.get(f"t3.carry_forward.{col}", 0))
        received = values[f"t3.new.{col}"] + values[f"t3.carried.{col}"]
        handled = sum(values[f"t3.{row}.{col}"] for row in outcome_rows)
        if handled > received:
            values[f"t3.new.{col}"] += handled - received
            received = handled
        values[f"t3.carry_forward.{col}"] = received - handled
    for row in spec.sets.get("art20_1_rows", ()):
        if f"t2.{row}.public_total" in values:  # 2019: 对外公开总数量 ≥ 本年新公开数量
            values[f"t2.{row}.public_total"] += values[f"t2.{row}.new_published"]
        if f"t2.{row}.valid" in values and prior and f"t2.{row}.valid" in prior:
            available = prior[f"t2.{row}.valid"] + values[f"t2.{row}.issued"]
            repealed = min(values[f"t2.{row}.repealed"], available)
            values[f"t2.{row}.repealed"] = repealed
            values[f"t2.{row}.valid"] = available - repealed
    return values
