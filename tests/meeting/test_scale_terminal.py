"""The terminal report for 200 offices: the summary first and last, only failing offices in detail."""

from __future__ import annotations

import pytest

from checker.report.terminal import render_terminal_text
from common.text_width import cells
from tests.meeting.conftest import Corpus
from tests.support.corpus import EXPECTED_FAILING, SIZE, office

pytestmark = pytest.mark.slow


def test_corpus_has_the_expected_failures(corpus: Corpus) -> None:
    assert len(corpus.report.files) == SIZE + 2
    assert sum(f.status == "fail" for f in corpus.report.files) == EXPECTED_FAILING == 44


def test_summary_first_and_last_and_only_failing_offices(corpus: Corpus) -> None:
    text = render_terminal_text(corpus.report, width=80)
    lines = text.splitlines()
    summary = (
        "共检查 202 个文件：158 个通过，44 个不通过，0 个无法读取；88 个错误，0 个警告，404 个提示"
    )
    # the summary wraps onto two lines at 80 columns, at a comma, never inside a number
    assert "".join(lines[:2]) == summary and "".join(lines[-2:]) == summary
    assert "另有 158 个文件通过，未逐一列出（加 --all-details 列出）" in text
    assert office(1) not in text  # passes: neither in the table nor in detail
    assert office(7) in text  # fails by one
    # before: 2,827 lines (every office in the table and in detail); now about 930 (44 offices, each with its line on the checks not done)
    assert len(lines) <= 1000, len(lines)
    assert max(map(cells, lines)) <= 80


def test_all_details_lists_every_office(corpus: Corpus) -> None:
    text = render_terminal_text(corpus.report, width=80, all_details=True)
    assert office(1) in text
    assert "".join(text.splitlines()[-2:]).startswith("共检查 202 个文件")


def test_names_and_numbers_are_never_broken_at_80_columns(corpus: Corpus) -> None:
    lines = render_terminal_text(corpus.report, width=80).splitlines()
    for line in lines:
        assert not line.strip().startswith(("差", "支队", "局")), line
