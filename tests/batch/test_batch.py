"""A whole year: distribute from a roster, collect returns, check them as a batch."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from checker import CheckOptions, check_paths, load_prior
from checker.read.extract import extract
from common.roster import read_roster
from tests.batch.scenario import (
    CARRY_OVER,
    DUPLICATE,
    JUMP,
    MISSING,
    NO_PRIOR,
    OFFICES,
    OLD_FORMAT,
    SPEC,
    UNKNOWN_FILE,
    WRONG_YEAR,
    YEAR,
    Scenario,
    digests,
    expected_rules,
)


def _check_cli(s: Scenario, out: Path, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    from commands.check_workbook import main

    before = digests(s.returns_dir, s.prior_dir, s.roster_csv.parent)
    argv = [str(s.returns_dir), "--roster", str(s.roster_csv), "--prior", str(s.prior_dir)]
    code = main([*argv, "--format", "json", "-o", str(out), *extra])
    assert digests(s.returns_dir, s.prior_dir, s.roster_csv.parent) == before
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_xlsx_roster_reads_like_the_gbk_csv(scenario: Scenario) -> None:
    csv_roster = read_roster(scenario.roster_csv)
    xlsx_roster = read_roster(scenario.roster_xlsx)
    assert [(e.name, e.code) for e in csv_roster] == [(e.name, e.code) for e in xlsx_roster]
    assert [(e.name, e.code or "") for e in csv_roster] == OFFICES


def test_distribution_writes_one_locked_template_per_office(scenario: Scenario) -> None:
    files = sorted(scenario.distributed.glob("*.xlsx"))
    assert len(files) == len(OFFICES)
    assert "已生成 30 份 2025 年度模板" in scenario.distribute_output
    assert scenario.inputs_after == scenario.inputs_before
    for index, (name, code) in enumerate(OFFICES):
        extraction = extract(scenario.template_of(index))
        assert (extraction.unit, extraction.code, extraction.year) == (name, code or None, YEAR)
        assert extraction.spec is SPEC


def test_cover_unit_and_code_are_locked(scenario: Scenario) -> None:
    from openpyxl import load_workbook

    from declaration.layout import a1, cover_positions

    wb = load_workbook(scenario.template_of(0))
    cover = wb["封面"]
    assert cover.protection.sheet
    for field in ("unit", "code"):
        cell = cover[a1(*cover_positions(SPEC)[field])]
        assert cell.protection.locked, field
    assert not cover[a1(*cover_positions(SPEC)["filler"])].protection.locked


def test_carry_over_is_filled_from_last_years_return_cell_by_cell(scenario: Scenario) -> None:
    checked = 0
    for index, (name, _) in enumerate(OFFICES):
        cells = extract(scenario.template_of(index)).cells
        for col in SPEC.sets["applicants"]:
            found = cells[f"t3.carried.{col}"]
            if index == NO_PRIOR:
                assert found.blank, col
                continue
            expected = scenario.prior_values[name][f"t3.carry_forward.{col}"]
            assert found.value == expected, (name, col)
            checked += 1
        other_rows = [c for c in cells.values() if c.cell_id.startswith("t3.new.")]
        assert all(c.blank or c.total_state for c in other_rows)
    assert checked == (len(OFFICES) - 1) * len(SPEC.sets["applicants"])
    name = OFFICES[NO_PRIOR][0]
    assert "以下 1 个单位未找到上年报告，“二、上年结转”留空" in scenario.distribute_output
    assert f"{name}（{OFFICES[NO_PRIOR][1]}）：上年回收的报告中没有该单位的 2024 年度报告" in (
        scenario.distribute_output
    )


def test_batch_reports_every_expected_finding(scenario: Scenario, tmp_path: Path) -> None:
    code, report = _check_cli(scenario, tmp_path / "结果.json")
    assert code == 1
    found = {
        Path(f["path"]).name: sorted(x["rule"] for x in f["findings"] if x["rule"] != "V201")
        for f in report["files"]
    }
    assert found == {name: sorted(rules) for name, rules in expected_rules().items()}
    roster = report["roster"]
    assert (roster["expected"], roster["received"], roster["year"]) == (30, 29, YEAR)
    assert roster["missing"] == [OFFICES[MISSING][0]]
    assert [[f["rule"], f["office"]] for f in roster["findings"]] == [
        ["R601", OFFICES[MISSING][0]],
        ["R603", OFFICES[DUPLICATE][0]],
        ["R604", OFFICES[WRONG_YEAR][0]],
        ["R605", OFFICES[OLD_FORMAT][0]],
        ["R602", "某某省直属单位"],
    ]
    assert len(roster["findings"][1]["files"]) == 2


def test_cross_year_findings_name_the_numbers(scenario: Scenario) -> None:
    prior = load_prior(scenario.prior_dir, CheckOptions.of(jobs=1))
    paths = [scenario.return_files[OFFICES[i][0]][0] for i in (CARRY_OVER, JUMP, NO_PRIOR)]
    report = check_paths(
        [str(p) for p in paths], options=CheckOptions.of(ignore=["V201"], jobs=1), prior=prior
    )
    carry, jump, no_prior = report.files
    assert carry.flatten(["rule", "cell"]) == [["X501", "D7"], ["X501", "J7"]]
    name = OFFICES[JUMP][0]
    before = scenario.prior_values[name]["t3.new.total"]
    [finding] = jump.findings
    assert finding.rule == "X503" and finding.cell == "J6"
    assert finding.expected == before and finding.found > 3 * before
    assert finding.message.startswith(
        f"一、本年新收政府信息公开申请数量（总计）由上年的 {before:g} 变为"
    )
    assert no_prior.flatten(["rule", "message"]) == [
        ["X504", "上年回收的报告中没有该单位的 2024 年度报告，未做跨年度核对"]
    ]


def test_text_and_terminal_reports_show_the_roster(scenario: Scenario) -> None:
    from checker.report.terminal import render_terminal_text
    from checker.report.text import render_text

    report = check_paths(
        [str(scenario.returns_dir)],
        options=CheckOptions.of(select=["R"]),
        roster=read_roster(scenario.roster_xlsx),
    )
    assert all(not f.findings for f in report.files)
    for text in (render_text(report), render_terminal_text(report, width=160)):
        assert "单位名单 单位名单.xlsx：2025 年度，应报 30 个单位，已报 29 个，未报 1 个" in text
        assert f"R601 {OFFICES[MISSING][0]}（{OFFICES[MISSING][1]}） 未报送" in text
    assert report.failed()


def test_parallel_gives_the_same_report_as_serial(scenario: Scenario) -> None:
    roster = read_roster(scenario.roster_csv)
    serial_prior = load_prior(scenario.prior_dir, CheckOptions.of(jobs=1))
    parallel_prior = load_prior(scenario.prior_dir, CheckOptions.of(jobs=2))
    assert serial_prior == parallel_prior
    runs = [
        check_paths(
            [str(scenario.returns_dir)], options=CheckOptions.of(jobs=j), roster=roster, prior=p
        ).to_json()
        for p, j in ((serial_prior, 1), (parallel_prior, 2))
    ]
    assert runs[0] == runs[1]
    assert len(runs[0]["files"]) == 31


def test_only_errors_count_for_the_exit_code(scenario: Scenario, tmp_path: Path) -> None:
    code, report = _check_cli(scenario, tmp_path / "r.json", "--select", "R602,X503,X504")
    assert code == 0  # R602 is a warning, X503/X504 are info: no error selected
    rules = Counter(f["rule"] for f in report["roster"]["findings"])
    assert rules == {"R602": 1}
    code, _ = _check_cli(scenario, tmp_path / "s.json", "--select", "R602", "--strict")
    assert code == 1


def test_bad_roster_or_prior_is_a_usage_error(
    scenario: Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from commands.check_workbook import main

    bad = tmp_path / "名单.csv"
    bad.write_text("单位名称\n甲局\n甲局\n", encoding="utf-8")
    assert main([str(scenario.returns_dir), "--roster", str(bad)]) == 2
    assert "名单.csv 有误" in capsys.readouterr().err
    assert main([str(scenario.returns_dir), "--prior", str(tmp_path / "没有")]) == 2
    assert "找不到上一年度的报表或上年回收文件夹" in capsys.readouterr().err


def test_unknown_file_is_reported_once(scenario: Scenario) -> None:
    report = check_paths([str(scenario.returns_dir)], roster=read_roster(scenario.roster_csv))
    assert report.roster is not None
    assert report.roster.flatten(["rule", "files"])[-1] == [
        "R602",
        (str(scenario.returns_dir / UNKNOWN_FILE),),
    ]


def test_returns_resaved_by_libreoffice_give_the_same_findings(
    scenario: Scenario, tmp_path: Path
) -> None:
    from tests.batch.scenario import ARITHMETIC
    from tests.support.libreoffice import recalc

    picked = [scenario.return_files[OFFICES[i][0]][0] for i in (0, ARITHMETIC, CARRY_OVER, JUMP)]
    resaved = recalc(picked, tmp_path / "lo")
    prior = load_prior(scenario.prior_dir, CheckOptions.of(jobs=1))

    def findings(paths: list[Path]) -> list[list[list[str]]]:
        report = check_paths(
            [str(p) for p in paths], options=CheckOptions.of(ignore=["V201"], jobs=1), prior=prior
        )
        return [f.flatten(["rule", "cell"]) for f in report.files]

    original = findings(picked)
    assert original == [
        [],
        [["A301", "D6"], ["A301", "J6"]],
        [["X501", "D7"], ["X501", "J7"]],
        [["X503", "J6"]],
    ]
    assert findings(resaved) == original
