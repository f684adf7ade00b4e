"""The 海滨街 2020 report as published, copied from a browser (tests/data), read completely.

Verdict written first: every value of the three tables is read and equals the
transcribed sample (blank cells as 0, "7433.99万" as 7433.99 万元); no arithmetic
finding; the report names itself (海滨街, 2020, 2019 format). The text has no
section 六 — the one finding about its sections says so. Its 五 heading,
"五、存在的问题及改进情况", is a wording seen in real reports and counts as 五.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import check_workbook
from commands.check_workbook import main
from declaration.samples import sample_values
from declaration.spec import load_spec
from tests.published.cases import ARITHMETIC, RULES


def test_example_report_is_read_completely(example_report: Path) -> None:
    report = check_workbook(example_report)
    assert (report.unit, report.year, report.format) == ("海滨街", 2020, "2019")
    sample = sample_values("haibinjie-2020")
    spec = load_spec("2019")
    wrong = {
        c.id: (report.values.get(c.id), sample.get(c.id, 0))
        for c in spec.input_cells()
        if report.values.get(c.id) != pytest.approx(sample.get(c.id, 0))
    }
    assert wrong == {}
    assert report.values["t3.outcome_total.total"] == 5
    assert report.values["t4.main.review_total"] == 1


def test_example_report_has_no_arithmetic_finding(example_report: Path) -> None:
    report = check_workbook(example_report)
    assert [f.rule for f in report.findings if f.rule in ARITHMETIC] == []
    assert [f.message for f in report.findings if f.severity == "error"] == []
    sections = [f for f in report.findings if f.rule == RULES["section_missing"]]
    assert len(sections) == 1 and "六" in sections[0].message
    assert RULES["section_order"] not in {f.rule for f in report.findings}


def test_example_report_through_the_command(example_report: Path, tmp_path: Path) -> None:
    before = example_report.read_bytes()
    assert main([str(example_report), "--quiet", "--no-color"]) == 0
    assert example_report.read_bytes() == before
