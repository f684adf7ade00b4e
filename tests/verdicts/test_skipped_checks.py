"""Checks that did not run are said aloud, per file and in the batch summary.

Without last year's return the carry-over checks cannot run: the report says so
(terminal, text, JSON, HTML), a missing prior return of an office is a warning,
and the decisions register marks a finding whose check did not run 本轮未检查,
never 已解决. The expected verdict of each case is written before it is run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker import CheckOptions, check_paths, check_workbook, load_prior
from checker.results import Report, Skipped
from commands import check_workbook as check_cli
from meeting.decisions import NOT_CHECKED, RESOLVED, STILL, merge_decisions
from tests.verdicts.office import REAL_2021, known, spec_2021, template_return

SPEC = spec_2021()
ONE = CheckOptions.of(jobs=1)
NO_PRIOR = "未指定上一年度的报表或上年回收文件夹（--prior）"


def _carry_over_wrong(path: Path, unit: str = "某某街道办事处") -> Path:
    values = dict(known(SPEC, REAL_2021))
    values["t3.carried.natural"] = 5  # last year carried 4 forward
    values["t3.new.natural"] = 38  # the balance still holds
    return template_return(path, values, unit=unit)


def test_without_prior_the_cross_year_checks_are_listed_as_not_run(tmp_path: Path) -> None:
    report = check_workbook(template_return(tmp_path / "a.xlsx"))
    (skipped,) = report.skipped
    assert skipped.what == "跨年度核对" and skipped.reason == NO_PRIOR
    assert {"X501", "X502", "X503", "D720"} <= set(skipped.rules)
    assert report.status == "pass"  # not run is not an error: the office did nothing wrong


def test_with_prior_found_nothing_is_skipped(tmp_path: Path) -> None:
    last = template_return(tmp_path / "上年.xlsx", year=2024)
    this = _carry_over_wrong(tmp_path / "本年.xlsx")
    report = check_workbook(this, prior=load_prior(last))
    assert report.skipped == []
    assert "X501" in {f.rule for f in report.findings}


def test_selection_leaves_out_what_was_not_asked_for(tmp_path: Path) -> None:
    path = template_return(tmp_path / "a.xlsx")
    assert check_workbook(path, options=CheckOptions.of(select=["A"])).skipped == []
    (skipped,) = check_workbook(path, options=CheckOptions.of(select=["X501"])).skipped
    assert skipped.rules == ("X501",)


def test_prior_folder_without_the_office_warns_and_says_why(tmp_path: Path) -> None:
    prior_dir, this_dir = tmp_path / "上年", tmp_path / "本年"
    prior_dir.mkdir(), this_dir.mkdir()
    template_return(prior_dir / "other.xlsx", year=2024, unit="某某区教育局")
    template_return(this_dir / "本年.xlsx", unit="某某街道办事处")
    report = check_paths([this_dir], options=ONE, prior=load_prior(prior_dir, ONE))
    (x504,) = [f for f in report.files[0].findings if f.rule == "X504"]
    assert x504.severity == "warning"
    (skipped,) = report.files[0].skipped
    assert skipped.reason == "上年回收的报告中没有该单位的 2024 年度报告"
    assert "X501" in skipped.rules


def test_every_output_says_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "回收"
    folder.mkdir()
    template_return(folder / "甲.xlsx", unit="甲街道办事处")
    template_return(folder / "乙.xlsx", unit="乙街道办事处")
    line = "跨年度核对（X501、"
    assert check_cli.main([str(folder), "--no-color", "--all-details"]) == 0
    out = capsys.readouterr().out
    assert out.count(line) == 3  # each file, and once in the batch summary
    assert check_cli.main([str(folder), "--no-color"]) == 0
    assert capsys.readouterr().out.count(line) == 1  # passing files not listed: the batch line
    assert f"未做：{NO_PRIOR}（2 个文件）" in out.replace("\n", "")  # wrapped to the width
    assert check_cli.main([str(folder), "--no-color", "--quiet"]) == 0
    assert "（2 个文件）" in capsys.readouterr().out  # the summary even when quiet
    assert check_cli.main([str(folder), "--format", "text"]) == 0
    assert capsys.readouterr().out.count(line) == 3
    assert check_cli.main([str(folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for f in data["files"]:
        (skipped,) = f["skipped"]
        assert skipped["reason"] == NO_PRIOR and "X501" in skipped["rules"]
    (summary,) = data["skipped"]
    assert summary["files"] == 2 and summary["what"] == "跨年度核对"
    html = tmp_path / "报告.html"
    assert check_cli.main([str(folder), "--html", str(html), "--quiet"]) == 0
    assert html.read_text(encoding="utf-8").count(line) == 3


def test_register_second_round_without_prior_is_not_checked_not_resolved(
    tmp_path: Path,
) -> None:
    prior_dir, this_dir = tmp_path / "上年", tmp_path / "本年"
    prior_dir.mkdir(), this_dir.mkdir()
    template_return(prior_dir / "上年.xlsx", year=2024)
    _carry_over_wrong(this_dir / "本年.xlsx")
    first = check_paths([this_dir], options=ONE, prior=load_prior(prior_dir, ONE))
    rows = merge_decisions(first, []).rows
    assert [r.rule for r in rows].count("X501") == 2  # and D720: rows as last year's
    again = check_paths([this_dir], options=ONE)  # the same return, without --prior
    merged = merge_decisions(again, rows)
    assert {r.state for r in merged.rows} == {NOT_CHECKED}  # X501 and D720 alike
    assert merged.summary().endswith(f"已解决 0、本轮未检查 {len(rows)}")
    with_prior = check_paths([this_dir], options=ONE, prior=load_prior(prior_dir, ONE))
    third = merge_decisions(with_prior, rows)
    assert [r.state for r in third.rows if r.rule == "X501"] == [STILL, STILL]


def test_register_resolves_when_the_check_ran_and_the_finding_is_gone(tmp_path: Path) -> None:
    prior_dir, this_dir = tmp_path / "上年", tmp_path / "本年"
    prior_dir.mkdir(), this_dir.mkdir()
    template_return(prior_dir / "上年.xlsx", year=2024)
    wrong = _carry_over_wrong(this_dir / "本年.xlsx")
    prior = load_prior(prior_dir, ONE)
    rows = merge_decisions(check_paths([this_dir], options=ONE, prior=prior), []).rows
    values = dict(known(SPEC, REAL_2021))
    values["t3.carried.natural"] = 4  # corrected: last year's carry-forward
    values["t3.new.natural"] = 39
    template_return(wrong, values)
    merged = merge_decisions(check_paths([this_dir], options=ONE, prior=prior), rows)
    assert [r.state for r in merged.rows if r.rule == "X501"] == [RESOLVED, RESOLVED]


def test_batch_summary_counts_files_per_reason() -> None:
    from checker.results import FileReport

    a = Skipped("跨年度核对", ("X501",), "甲")
    b = Skipped("跨年度核对", ("X501",), "乙")
    report = Report(files=[FileReport("1", skipped=[a]), FileReport("2", skipped=[a, b])])
    assert report.skipped_summary() == [(a, 2), (b, 1)]


def test_resubmission_does_not_resolve_what_was_not_checked(tmp_path: Path) -> None:
    from meeting.resubmission import compare

    prior_dir, this_dir = tmp_path / "上年", tmp_path / "本年"
    prior_dir.mkdir(), this_dir.mkdir()
    template_return(prior_dir / "上年.xlsx", year=2024)
    _carry_over_wrong(this_dir / "本年.xlsx")
    before = check_paths([this_dir], options=ONE, prior=load_prior(prior_dir, ONE)).files[0]
    after = check_paths([this_dir], options=ONE).files[0]
    assert "X501" in {f.rule for f in before.findings}
    assert compare(before, after).resolved == []


@pytest.mark.parametrize("form", ["terminal", "text"])
@pytest.mark.parametrize("quiet", [False, True])
def test_one_file_says_it_once(
    form: str, quiet: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A single file's report says the checks not done once: with its details, or
    (with --quiet) above the summary — never twice."""
    path = template_return(tmp_path / "a.xlsx")
    argv = [str(path), "--format", form, "--no-color", *(["--quiet"] if quiet else [])]
    assert check_cli.main(argv) == 0
    out = capsys.readouterr().out.replace("\n", "")
    assert out.count(NO_PRIOR) == 1
