"""The corpus of bad and odd returns gives the same JSON report with memoisation
on (a cold and a warm pass) and off (``common.memo``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import CheckOptions, check_paths
from checker.report.json_report import render_json
from common import memo
from tests.robustness import corpus
from tests.robustness.test_batch import CLEAN_NAME


def test_corpus_reports_are_the_same_with_memoisation_on_and_off(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.robustness.test_file_kinds import _deny_reading

    _deny_reading(monkeypatch, corpus_dir / "no-permission.xlsx")
    arguments = [str(corpus_dir / c.name) for c in corpus.CASES] + [str(corpus_dir / CLEAN_NAME)]

    def report() -> str:
        return render_json(check_paths(arguments, options=CheckOptions.of(jobs=1, progress=False)))

    memo.clear_all()
    cold, warm = report(), report()
    with memo.disabled():
        off = report()
    assert cold == warm == off
    assert '"status": "unreadable"' in off and '"status": "pass"' in off
