"""Roster findings (R6xx) from FileReports: every rule fails and passes."""

from __future__ import annotations

from pathlib import Path

from checker.report.roster_section import roster_lines
from checker.results import FileReport
from checker.rules.roster import check_roster
from common.roster import read_roster


def _roster(tmp_path: Path) -> Path:
    path = tmp_path / "名单.csv"
    rows = ["单位名称,单位代码", "甲局,001", "乙局,002", "丙局,", "丁局,004"]
    path.write_bytes("\n".join(rows).encode("gbk"))
    return path


def _file(name: str, unit: str | None, code: str | None = None, **kw: object) -> FileReport:
    report = FileReport(path=f"/回收/{name}", unit=unit, code=code, year=2025, format="2021")
    for key, value in kw.items():
        setattr(report, key, value)
    return report


def test_every_office_once_is_clean(tmp_path: Path) -> None:
    files = [_file("a.xlsx", "甲局", "001"), _file("b.xlsx", "乙 局"), _file("c.xlsx", "丙局")]
    files.append(_file("d.xlsx", "丁局（更名前）", "004"))
    summary = check_roster(read_roster(_roster(tmp_path)), files)
    assert summary.flatten(["rule", "office"]) == [["R607", "丁局"]]
    assert (summary.expected, summary.received, summary.year) == (4, 4, 2025)
    assert not summary.failed()
    assert summary.failed(strict=True)


def test_all_roster_rules(tmp_path: Path) -> None:
    files = [
        _file("a1.xlsx", "甲局", "001"),
        _file("a2.xlsx", "甲局"),
        _file("b.xlsx", "乙局", year=2024),
        _file("c.xlsx", "丙局", format="2019"),
        _file("x.xlsx", "戊局", "999"),
        _file("y.xlsx", None),
        _file("z.xlsx", "甲局2", "002"),
    ]
    summary = check_roster(read_roster(_roster(tmp_path)), files)
    assert summary.flatten(["rule", "severity", "office"]) == [
        ["R601", "error", "丁局"],
        ["R603", "error", "甲局"],
        ["R603", "error", "乙局"],
        ["R604", "error", "乙局"],
        ["R605", "error", "丙局"],
        ["R602", "warning", "戊局"],
        ["R606", "warning", ""],
        ["R607", "warning", "乙局"],
    ]
    assert summary.missing() == ["丁局"]
    assert summary.failed()
    by_rule = {f.rule: f for f in summary.findings}
    assert by_rule["R601"].message == "丁局（004） 未报送"
    assert by_rule["R604"].message == "b.xlsx：报告年度为 2024 年，本次应报送 2025 年度"
    assert by_rule["R605"].message == (
        "c.xlsx：使用了国办公开办函〔2019〕60号格式，2025 年度应使用国办公开办函〔2021〕30号格式"
    )
    assert by_rule["R602"].files == ("/回收/x.xlsx",)
    assert summary.returns["甲局"] == ["/回收/a1.xlsx", "/回收/a2.xlsx"]
    text = "\n".join(roster_lines(summary))
    assert "应报 4 个单位，已报 3 个，未报 1 个" in text
    assert "R603 甲局（001） 报送了 2 份文件：a1.xlsx、a2.xlsx" in text
    json = summary.to_json()
    assert json["missing"] == ["丁局"]
    assert json["counts"] == {"error": 5, "warning": 3, "info": 0}


def test_year_is_given_or_the_most_common(tmp_path: Path) -> None:
    roster = read_roster(_roster(tmp_path))
    files = [_file("a.xlsx", "甲局"), _file("b.xlsx", "乙局", year=2024, format="2021")]
    assert check_roster(roster, files, year=2024).flatten(["rule", "office"])[-1] == [
        "R604",
        "甲局",
    ]
    assert check_roster(roster, files[:1] + files, year=None).year == 2025
