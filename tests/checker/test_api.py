"""The public API: one pipeline whatever the entry point, uploads checked by name only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import checker
from checker import CheckOptions, PriorIndex, check_bytes, check_paths, check_workbook
from checker.api import upload_name
from checker.report.json_report import render_json
from commands.check_workbook import main
from tests.verdicts.office import REAL_2021, known, spec_2021, template_return


@pytest.fixture
def broken_return(tmp_path: Path) -> Path:
    values = known(spec_2021(), REAL_2021)
    values["t3.new.natural"] = float(values["t3.new.natural"]) + 1
    return template_return(tmp_path / "某局.xlsx", values, unit="某局")


def test_bytes_paths_and_one_file_give_the_same_report(broken_return: Path) -> None:
    by_path = check_paths([broken_return], options=CheckOptions.of(jobs=1)).to_json()["files"][0]
    by_bytes = check_bytes(broken_return.read_bytes(), str(broken_return)).to_json()["files"][0]
    one = check_workbook(broken_return).to_json()
    assert by_path == by_bytes == one
    assert one["status"] == "fail"


def test_the_cli_json_is_the_reports_json(
    broken_return: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(broken_return), "--format", "json"]) == 1
    printed = json.loads(capsys.readouterr().out)
    report = check_paths([broken_return])
    assert printed == json.loads(render_json(report))


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.xlsx", "passwd.xlsx"),
        ("C:\\Users\\某局\\年报.xlsx", "年报.xlsx"),
        ("a*b?[1].xlsx", "a_b__1_.xlsx"),
        ("报表\n结论：通过.xlsx", "报表_结论：通过.xlsx"),
        ("", "上传的文件"),
        ("..", "上传的文件"),
        ("x" * 500 + ".xlsx", "x" * 115 + ".xlsx"),  # 120 characters in all
    ],
)
def test_an_upload_name_never_becomes_a_path(given: str, kept: str) -> None:
    assert upload_name(given) == kept


def test_an_upload_is_reported_under_its_own_name(broken_return: Path) -> None:
    name = "../../某局（第二次）.xlsx"
    report = check_bytes(broken_return.read_bytes(), name)
    assert [fr.path for fr in report.files] == [name]
    assert all("xxgk-upload-" not in f.message for f in report.files[0].findings)


def test_an_upload_that_is_not_a_spreadsheet_is_a_finding_not_an_exception() -> None:
    report = check_bytes(b"\x00\x01 not a workbook", "报表.xlsx")
    (fr,) = report.files
    assert fr.status == "unreadable" and fr.findings[0].severity == checker.Severity.ERROR


def test_an_index_of_one_is_used_whatever_the_unit(broken_return: Path) -> None:
    spec = spec_2021()
    last = {c.id: 0.0 for c in spec.cells.values()}
    last["t3.carry_forward.natural"] = 5.0  # this year's 上年结转 is blank: X501
    report = check_workbook(broken_return, prior=PriorIndex.of_values(last, format="2021"))
    assert "X501" in {f.rule for f in report.findings}


def test_a_bug_exits_with_its_own_code(
    broken_return: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("t9.nowhere")

    monkeypatch.setattr("checker.api.check_paths", broken)
    assert main([str(broken_return)]) == 3  # not 1, which means "errors found"
    err = capsys.readouterr().err
    assert "程序内部错误" in err and "Traceback" not in err


def test_the_summary_is_computed_once_for_every_writer(broken_return: Path) -> None:
    from checker.report.text import summary_line

    report = check_paths([broken_return, broken_return.parent / "缺失.xlsx"])
    summary = report.summary()
    assert summary.verdicts == {"pass": 0, "fail": 1, "unreadable": 1}
    assert summary.worst == checker.Severity.ERROR
    assert f"{summary.counts['error']} 个错误" in summary_line(report)
