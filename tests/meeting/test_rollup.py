"""The roll-up workbook from hand-built Reports: selection, sums, sheets, charts."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook

from checker.results import FileReport, Finding, Report
from declaration.spec import load_spec
from meeting.rollup import plan_rollup
from meeting.rollup_offices import OFFICES_SHEET
from meeting.rollup_sheets import FINDINGS_SHEET, OVERVIEW_SHEET, write_rollup
from tests.meeting.sample_reports import clean_values, sample_report
from tests.meeting.xlsx_cells import values_by_id


def test_only_passing_returns_of_the_main_format_go_in() -> None:
    report = sample_report()
    report.files.append(
        FileReport(
            "in/旧格式.xlsx", "pass", "2019", "1.0.0", 2024, "旧区", values=clean_values("2019")
        )
    )
    report.files.append(
        FileReport("in/去年.xlsx", "pass", "2021", "1.0.0", 2023, "北区", values=clean_values())
    )
    plan = plan_rollup(report)
    assert plan.spec is not None and plan.spec.format == "2021" and plan.year == 2024
    assert [fr.unit for fr in plan.included] == ["东区政府办", "西区政府办"]
    reasons = {x.path: x.reason for x in plan.excluded}
    assert reasons == {
        "in/坏.xlsx": "未通过校验（错误 1 条）",
        "in/乱码.xlsx": "无法读取",
        "in/旧格式.xlsx": "格式不同（2019 格式，汇总使用 2021 格式）",
        "in/去年.xlsx": "年度不同（2023 年度，汇总为 2024 年度）",
    }


def test_nothing_to_roll_up() -> None:
    plan = plan_rollup(Report([FileReport("x.xlsx", "unreadable")]))
    assert plan.spec is None and plan.values == {}
    assert plan.summary() == "没有可以汇总的报表（没有通过校验的文件）"


def test_tables_hold_the_cell_by_cell_sum(tmp_path: Path) -> None:
    spec = load_spec("2021")
    target = write_rollup(sample_report(), tmp_path / "汇总.xlsx")
    east, west = clean_values(), clean_values(new=9)
    expected = {c: east[c] + west[c] for c in spec.cells}
    found = values_by_id(tmp_path / "汇总.xlsx", spec)
    assert found == expected
    assert target.summary() == "汇总 2 个单位（2021 格式，2024 年度），未计入 2 个，汇总不完整"


def test_side_sheets_and_charts(tmp_path: Path) -> None:
    path = tmp_path / "汇总.xlsx"
    report = sample_report()
    report.files[2].findings.append(
        Finding(
            "V210", "error", '=HYPERLINK("http://x")', "三、收到和处理政府信息公开申请情况", "E6"
        )
    )
    write_rollup(report, path)
    wb = load_workbook(path)
    offices = wb[OFFICES_SHEET]
    # one column per office (no internal cell id as a header: see test_rollup_print)
    assert offices["A6"].value == "二、主动公开政府信息情况"
    assert (offices["A7"].value, offices["B7"].value) == ("规章", "本年制发件数")
    assert [offices.cell(2, c).value for c in (3, 4, 5)] == [
        "东区政府办",
        "西区政府办",
        "'<script>alert(1)</script>[bold]"[1:],
    ]
    assert [offices.cell(5, c).value for c in (3, 4, 5)] == ["是", "是", "否"]
    messages = [row[9] for row in wb[FINDINGS_SHEET].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in messages
    for row in wb[FINDINGS_SHEET].iter_rows():
        assert all(c.data_type != "f" for c in row)  # no cell text became a formula
    overview = [c for row in wb[OVERVIEW_SHEET].iter_rows(values_only=True) for c in row if c]
    assert "无法读取" in overview and "未通过校验（错误 2 条）" in overview
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2


def test_an_office_with_two_passing_returns_is_not_counted_twice() -> None:
    report = sample_report()
    east = next(fr for fr in report.files if fr.unit == "东区政府办")
    again = FileReport(
        "in/东区（修改后）.xlsx",
        "pass",
        "2021",
        "1.0.0",
        2024,
        " 东区政府办",
        values=clean_values(),
    )
    report.files.append(again)
    plan = plan_rollup(report)
    assert [fr.unit for fr in plan.included] == ["西区政府办"]
    reasons = {x.path: x.reason for x in plan.excluded}
    for path in (east.path, again.path):
        assert reasons[path].startswith("同一单位有 2 份报表，无法确定以哪份为准，均未计入")
    spec = load_spec("2021")
    west = clean_values(new=9)
    assert plan.values == {c: west[c] for c in spec.cells}
