"""The 30-office year through the meeting outputs: roll-up, HTML and annotated copies.

The roll-up must equal, cell by cell, the sum of the returns that passed —
computed here independently from the cells the offices typed (openpyxl plus the
spec's totals) — as written and after LibreOffice recalculates it. An office
that sent two files is left out rather than counted twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from commands.check_workbook import main
from tests.batch.scenario import (
    ARITHMETIC,
    CARRY_OVER,
    DUPLICATE,
    MISSING,
    OFFICES,
    OLD_FORMAT,
    SPEC,
    UNKNOWN_FILE,
    WRONG_YEAR,
    Scenario,
    digests,
)
from tests.meeting.browser import dump_dom, page_text
from tests.meeting.xlsx_cells import values_by_id
from tests.support.libreoffice import recalc

LEFT_OUT = {MISSING, DUPLICATE, OLD_FORMAT, WRONG_YEAR, ARITHMETIC, CARRY_OVER}


@pytest.fixture(scope="module")
def outputs(scenario: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("meeting-outputs")
    before = digests(scenario.returns_dir, scenario.prior_dir, scenario.roster_csv.parent)
    argv = [str(scenario.returns_dir), "--roster", str(scenario.roster_csv)]
    argv += ["--prior", str(scenario.prior_dir), "--quiet", "--html", str(out / "报告.html")]
    argv += ["--rollup", str(out / "汇总.xlsx"), "--annotate", str(out / "批注")]
    assert main(argv) == 1
    after = digests(scenario.returns_dir, scenario.prior_dir, scenario.roster_csv.parent)
    assert after == before
    return out


def _expected_sum(scenario: Scenario) -> dict[str, float]:
    files = [
        path
        for index, (name, _) in enumerate(OFFICES)
        if index not in LEFT_OUT
        for path in scenario.return_files[name]
    ]
    files.append(scenario.returns_dir / UNKNOWN_FILE)
    total = dict.fromkeys(SPEC.cells, 0.0)
    for path in files:
        typed = values_by_id(path, SPEC, data_only=False)
        inputs = {c.id: float(typed[c.id] or 0) for c in SPEC.input_cells()}  # type: ignore[arg-type]
        for cell_id, value in SPEC.compute_totals(inputs).items():
            total[cell_id] += value
    return total


def test_rollup_is_the_sum_of_the_passing_returns(scenario: Scenario, outputs: Path) -> None:
    expected = _expected_sum(scenario)
    assert values_by_id(outputs / "汇总.xlsx", SPEC) == pytest.approx(expected)
    (recalculated,) = recalc([outputs / "汇总.xlsx"], outputs / "recalc")
    assert values_by_id(recalculated, SPEC) == pytest.approx(expected)


def test_html_shows_the_roster_and_every_office(scenario: Scenario, outputs: Path) -> None:
    text = page_text(dump_dom(outputs / "报告.html")).text
    assert "名单核对" in text and "R601" in text and "R603" in text
    assert f"{OFFICES[MISSING][0]}（{OFFICES[MISSING][1]}） 未报送" in text
    for index, (name, _) in enumerate(OFFICES):
        if index != MISSING:
            assert name in text


def test_annotated_copies_for_returns_with_errors(outputs: Path) -> None:
    names = {p.name for p in (outputs / "批注").glob("*.xlsx")}
    for index in (ARITHMETIC, CARRY_OVER, OLD_FORMAT):
        assert any(name.startswith(f"{index:02d}-") for name in names), names
