"""Roll-ups as returns for the next level: named by --rollup-name/--rollup-code, and
two unnamed district roll-ups (both 汇总（2 个单位）) are two offices, not a duplicate.
The expected verdict of each case is written before it is run.
"""

from __future__ import annotations

from pathlib import Path

from checker import CheckOptions, check_paths, check_workbook
from commands import check_workbook as check_cli
from meeting.rollup import plan_rollup
from tests.verdicts.office import template_return

ONE = CheckOptions.of(jobs=1)


def _district(folder: Path, names: tuple[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        template_return(folder / f"{name}.xlsx", unit=name)
    return folder


def test_named_rollup_is_a_return_with_that_name_and_code(tmp_path: Path) -> None:
    folder = _district(tmp_path / "南湖区", ("甲街道办事处", "乙街道办事处"))
    target = tmp_path / "南湖区汇总.xlsx"
    argv = [str(folder), "--rollup", str(target), "--rollup-name", "南湖区", "--quiet"]
    assert check_cli.main([*argv, "--rollup-code", "330402"]) == 0
    report = check_workbook(target)
    assert (report.unit, report.code, report.status) == ("南湖区", "330402", "pass")


def test_two_unnamed_district_rollups_are_two_offices(tmp_path: Path) -> None:
    city = tmp_path / "市"
    city.mkdir()
    for district, names in (("东区", ("甲局", "乙局")), ("西区", ("丙局", "丁局"))):
        folder = _district(tmp_path / district, names)
        assert (
            check_cli.main([str(folder), "--rollup", str(city / f"{district}.xlsx"), "--quiet"])
            == 0
        )
    report = check_paths([city], options=ONE)
    assert [f.unit for f in report.files] == ["汇总（2 个单位）", "汇总（2 个单位）"]
    plan = plan_rollup(report)
    assert len(plan.included) == 2 and plan.excluded == []
