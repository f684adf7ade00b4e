"""Generated sample returns satisfy every rule of the spec, year after year."""

from __future__ import annotations

import random

import pytest

from declaration.samples.generate import consistent_values
from declaration.spec import load_spec


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_consistent_values_satisfy_every_rule(fmt: str) -> None:
    spec = load_spec(fmt)
    for seed in range(40):
        last_year = spec.compute_totals(consistent_values(spec, random.Random(seed)))
        assert spec.failed_checks(last_year) == []
        this_year = spec.compute_totals(
            consistent_values(spec, random.Random(seed + 1000), prior=last_year)
        )
        assert spec.failed_checks(this_year, prior=last_year) == []
        assert all(v >= 0 for k, v in this_year.items() if spec.cells[k].kind == "count")


def test_a_changed_input_breaks_the_balance() -> None:
    spec = load_spec("2021")
    values = consistent_values(spec, random.Random(1))
    values["t3.new.natural"] += 1
    failed = spec.failed_checks(spec.compute_totals(values))
    assert {(c.rule, c.anchor) for c in failed} == {
        ("A301", "t3.new.natural"),
        ("A301", "t3.new.total"),
    }
