"""Input cells holding formulas (V219) and formulas that call outside (V220).

An input cell holds a number typed in. A formula there with a cached result is
taken only with a warning on the cell (V219); a DDE call or WEBSERVICE is an
error and its cached result never counts (V220). Totals keep their formulas
without either finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import check_workbook
from checker.read.input_formulas import calls_outside
from tests.robustness.corpus import make_clean
from tests.robustness.hostile import T3_INPUT, T3_PART, cell, edited


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clean(tmp_path_factory.mktemp("clean") / "clean.xlsx")


def _with_input(clean: Path, target: Path, xml: str) -> Path:
    return edited(clean, target, {T3_PART: cell(T3_INPUT, xml)})


def _at_input(report: object) -> list[str]:
    return [f.rule for f in report.findings if f.cell == T3_INPUT and f.rule[0] == "V"]  # type: ignore[attr-defined]


def test_a_typed_number_passes(clean: Path) -> None:
    report = check_workbook(clean)
    assert _at_input(report) == [] and report.status == "pass"
    assert report.values["t3.new.natural"] == 5


def test_a_formula_with_its_result_is_a_warning_on_the_cell(clean: Path, tmp_path: Path) -> None:
    target = _with_input(
        clean, tmp_path / "f.xlsx", f'<c r="{T3_INPUT}" s="12"><f>3+2</f><v>5</v></c>'
    )
    report = check_workbook(target)
    assert _at_input(report) == ["V219"]
    (finding,) = [f for f in report.findings if f.rule == "V219"]
    assert finding.severity == "warning" and "=3+2" in finding.message and "5" in finding.message
    assert report.values["t3.new.natural"] == 5 and report.status == "pass"


@pytest.mark.parametrize(
    "formula",
    ["cmd|' /C calc'!A0", "WEBSERVICE(&quot;http://example.com/n&quot;)", "_xlfn.WEBSERVICE(A1)+0"],
)
def test_a_formula_calling_outside_never_counts(clean: Path, tmp_path: Path, formula: str) -> None:
    target = _with_input(
        clean, tmp_path / "dde.xlsx", f'<c r="{T3_INPUT}" s="12"><f>{formula}</f><v>5</v></c>'
    )
    report = check_workbook(target)
    assert _at_input(report) == ["V220"]
    (finding,) = [f for f in report.findings if f.rule == "V220"]
    assert finding.severity == "error" and report.status == "fail"
    assert finding.cell == T3_INPUT


def test_calls_outside() -> None:
    assert calls_outside("cmd|' /C calc'!A0") and calls_outside("=MSEXCEL|'x'!''")
    assert calls_outside('RTD("a",,"b")') and calls_outside("webservice(A1)")
    assert not calls_outside("SUM(D6:I6)") and not calls_outside('"a|b"&A1')
