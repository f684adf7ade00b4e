"""Reports are byte for byte the same with memoisation on and off (``common.memo``):
the scenario batch (roster, last year's returns, edited returns) in this process,
and 200 returns of the benchmark through check-workbook with ``XXGK_NO_MEMO=1``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker import CheckOptions, check_paths, load_prior, load_roster
from checker.report.json_report import render_json
from common import memo
from tests.batch.scenario import YEAR, Scenario

ROOT = Path(__file__).resolve().parents[2]


def test_scenario_reports_are_the_same_with_memoisation_on_and_off(scenario: Scenario) -> None:
    def report() -> str:
        roster, prior = (
            load_roster(scenario.roster_csv),
            load_prior(scenario.prior_dir, CheckOptions.of(jobs=1)),
        )
        batch = check_paths(
            [scenario.returns_dir],
            options=CheckOptions.of(jobs=1, progress=False),
            roster=roster,
            prior=prior,
            year=YEAR,
        )
        return render_json(batch)

    memo.clear_all()
    cold = report()
    assert len(memo.registry()["xlsx.sheet_plans"]) > 0  # the batch did reuse work
    warm = report()
    with memo.disabled():
        off = report()
    assert cold == warm == off


@pytest.fixture(scope="module")
def bench_returns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from run import generate_returns  # bench/run.py
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path_factory.mktemp("bench") / "回收"
    folder.mkdir()
    generate_returns(folder, 200)
    return folder


def _cli_json(folder: Path, out: Path, **env: str) -> bytes:
    subprocess.run(
        [sys.executable, "-m", "commands.check_workbook", str(folder), "--format", "json"]
        + ["-o", str(out)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        check=False,
    )
    return out.read_bytes()


def test_bench_returns_give_the_same_json_with_memoisation_off(
    bench_returns: Path, tmp_path: Path
) -> None:
    on = _cli_json(bench_returns, tmp_path / "on.json", XXGK_NO_MEMO="0")
    off = _cli_json(bench_returns, tmp_path / "off.json", XXGK_NO_MEMO="1")
    assert on == off
    assert on.count(b'"status": "fail"') == 40  # one in five breaks a total
