"""One scenario for all batch tests, built once per session (a few seconds)."""

from __future__ import annotations

import contextlib
import io
import random

import pytest

from tests.batch.scenario import (
    YEAR,
    Scenario,
    build_prior,
    build_returns,
    digests,
    write_roster_csv,
    write_roster_xlsx,
)


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    from commands.build_template import main as build_main

    root = tmp_path_factory.mktemp("batch")
    inputs = root / "输入"
    inputs.mkdir()
    s = Scenario(
        root=root,
        roster_csv=write_roster_csv(inputs / "单位名单.csv"),
        roster_xlsx=write_roster_xlsx(inputs / "单位名单.xlsx"),
        prior_dir=inputs / "去年回收",
        distributed=root / "下发",
        returns_dir=root / "回收",
    )
    rng = random.Random(2025)
    build_prior(s, rng)
    s.inputs_before = digests(inputs)
    argv = ["--roster", str(s.roster_csv), "--year", str(YEAR), "-o", str(s.distributed)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert build_main([*argv, "--prior", str(s.prior_dir)]) == 0
    s.inputs_after = digests(inputs)
    s.distribute_output = out.getvalue()
    build_returns(s, rng)
    return s
