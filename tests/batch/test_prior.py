"""Finding last year's return of an office; year-on-year jumps (X503)."""

from __future__ import annotations

import pytest

from checker.results import FileReport
from checker.rules.cross_year import PriorIndex, PriorReturn, jump_findings


def _prior(path: str, unit: str | None, code: str | None, year: int | None) -> PriorReturn:
    return PriorReturn(path, unit, code, year, "2021", {"t3.new.total": 10.0})


INDEX = PriorIndex(
    "去年",
    [
        _prior("a.xlsx", "甲局", "001", 2024),
        _prior("b.xlsx", "乙局", None, 2024),
        _prior("b-old.xlsx", "乙局", None, 2023),
        _prior("c1.xlsx", "丙局", None, 2024),
        _prior("c2.xlsx", "丙 局", None, None),
    ],
)


def test_lookup_by_code_then_name_of_last_year() -> None:
    assert INDEX.lookup("甲局（改名后）", "001", 2025).found.path == "a.xlsx"  # type: ignore[union-attr]
    assert INDEX.lookup("甲局", "999", 2025).found.path == "a.xlsx"  # type: ignore[union-attr]
    assert INDEX.lookup("乙局", None, 2025).found.path == "b.xlsx"  # type: ignore[union-attr]
    assert INDEX.lookup("乙局", None, 2024).found.path == "b-old.xlsx"  # type: ignore[union-attr]


def test_lookup_explains_why_not() -> None:
    none = INDEX.lookup("丁局", "004", 2025)
    assert none.found is None
    assert none.reason == "上年回收的报告中没有该单位的 2024 年度报告"
    two = INDEX.lookup("丙局", None, 2025)
    assert two.found is None
    assert two.reason == (
        "上年回收的报告中该单位有 2 份 2024 年度报告（c1.xlsx、c2.xlsx），无法确定以哪份为准"
    )


@pytest.mark.parametrize(
    ("before", "now", "rule"),
    [
        (10, 30, []),  # exactly ×3 is not more than ×3
        (5, 25, []),  # +20 is not more than +20
        (10, 31, ["X503"]),
        (41, 10, ["X503"]),
        (0, 21, ["X503"]),
        (0, 20, []),
    ],
)
def test_jump_needs_three_times_and_twenty(before: float, now: float, rule: list[str]) -> None:
    report = FileReport("本年.xlsx", format="2021", year=2025, values={"t3.new.total": now})
    prior = PriorReturn("上年.xlsx", "甲局", None, 2024, "2021", {"t3.new.total": before})
    assert [f.rule for f in jump_findings(report, prior)] == rule


def test_jump_in_lawsuits_names_the_column_path() -> None:
    report = FileReport("本年.xlsx", format="2019", year=2020, values={"t4.main.after_total": 30})
    prior = PriorReturn("上年.xlsx", "甲局", None, 2019, "2019", {"t4.main.after_total": 2})
    [finding] = jump_findings(report, prior)
    assert (
        finding.message == "行政诉讼·复议后起诉·总计由上年的 2 变为 30（增加 28，为上年的 15.0 倍）"
    )
    assert (finding.sheet, finding.cell) == ("四、政府信息公开行政复议、行政诉讼情况", "O6")
