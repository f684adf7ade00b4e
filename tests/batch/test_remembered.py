"""What a batch remembers (sheet plans, alignments, exact labels) never changes a result.

The scenario's returns (edited by offices in many ways, last year's returns,
a damaged and an old-format file among them) are checked twice in one process:
as usual, and with nothing remembered at all. Reports, values included, agree.
"""

from __future__ import annotations

import pytest

from checker import CheckOptions, check_paths
from checker.read import alignment_memo, sheet_memo
from checker.report.json_report import render_json
from tests.batch.scenario import Scenario


def _check(scenario: Scenario) -> tuple[str, list[dict[str, float]]]:
    report = check_paths(
        [scenario.returns_dir, scenario.prior_dir], options=CheckOptions.of(jobs=1)
    )
    return render_json(report), [f.values for f in report.files]


def test_remembering_changes_no_report(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet_memo.forget_plans()
    alignment_memo.ALIGNMENTS.clear()
    remembered = _check(scenario)
    assert sheet_memo.PLANS and alignment_memo.ALIGNMENTS  # the batch did reuse work
    monkeypatch.setattr(sheet_memo, "known_plan", lambda found: None)
    monkeypatch.setattr(alignment_memo, "remembered", lambda key, layout: None)
    monkeypatch.setattr("checker.read.structure.remembered", lambda key, layout: None)
    assert _check(scenario) == remembered
