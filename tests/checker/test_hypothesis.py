"""Properties over fills derived from the spec, on in-memory extractions (fast).

A random consistent return has no findings; changing any one input cell gives
exactly the findings the spec itself predicts (``spec.failed_checks``) at the
anchors of those checks.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.check import check_extraction, extraction_from_values
from declaration.layout import cell_a1
from declaration.spec import FormSpec, load_spec

SPECS = {fmt: load_spec(fmt) for fmt in ("2019", "2021")}
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value(kind: str, byte: int) -> float:
    """One input of its kind from one random byte (a single draw keeps generation fast)."""
    if kind == "signed":
        return float(byte % 101 - 50)
    if kind == "amount":
        return round(byte * 13.37, 2)
    return float(byte % 31)


@st.composite
def consistent_fill(draw: Any, spec: FormSpec) -> dict[str, float]:
    """Random inputs of every kind; 一 and 四 chosen so that A301 holds in every column."""
    inputs = spec.input_cells()
    noise = draw(st.binary(min_size=len(inputs), max_size=len(inputs)))
    values = {cell.id: _value(cell.kind, byte) for cell, byte in zip(inputs, noise, strict=True)}
    for row in spec.sets["other_handling_rows"]:  # keep P402 (a warning) out of the way
        for col in spec.sets["applicants"]:
            values[f"t3.{row}.{col}"] = values[f"t3.{row}.{col}"] % 2
    for col in spec.sets["applicants"]:
        outcomes = sum(values[f"t3.{row}.{col}"] for row in spec.sets["outcomes"])
        carried = values[f"t3.carried.{col}"]
        new = max(0.0, outcomes + values[f"t3.carry_forward.{col}"] - carried)
        values[f"t3.new.{col}"] = new
        values[f"t3.carry_forward.{col}"] = new + carried - outcomes
    if spec.format == "2019":  # P401: 对外公开总数量 ≥ 本年新公开数量
        for row in spec.sets["art20_1_rows"]:
            values[f"t2.{row}.public_total"] += values[f"t2.{row}.new_published"]
    return values


def _findings(spec: FormSpec, values: dict[str, float]) -> set[tuple[str, str]]:
    report = check_extraction(extraction_from_values(spec, values))
    return {(f.rule, f.cell) for f in report.findings}


def _predicted(spec: FormSpec, values: dict[str, float]) -> set[tuple[str, str]]:
    failed = spec.failed_checks(spec.compute_totals(values))
    return {(check.rule, cell_a1(spec, check.anchor)) for check in failed}


@given(data=st.data(), fmt=st.sampled_from(sorted(SPECS)))
@SETTINGS
def test_consistent_fill_has_no_findings(data: st.DataObject, fmt: str) -> None:
    spec = SPECS[fmt]
    values = data.draw(consistent_fill(spec))
    assert _predicted(spec, values) == set()
    assert _findings(spec, values) == set()


@given(data=st.data(), fmt=st.sampled_from(sorted(SPECS)))
@SETTINGS
def test_one_changed_input_gives_exactly_the_predicted_findings(
    data: st.DataObject, fmt: str
) -> None:
    spec = SPECS[fmt]
    values = data.draw(consistent_fill(spec))
    cell = data.draw(st.sampled_from([c.id for c in spec.input_cells()]))
    delta = data.draw(st.integers(1, 9).flatmap(lambda n: st.sampled_from([n, -n])))
    values[cell] += delta
    predicted = _predicted(spec, values)
    assert _findings(spec, values) == predicted
    if cell.startswith("t3."):  # every table 三 input takes part in its column's identity
        assert ("A301", cell_a1(spec, f"t3.new.{cell.rsplit('.', 1)[1]}")) in predicted
