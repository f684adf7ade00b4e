"""Terminal text at 80 columns: help aligned after Chinese option names, lines that fit,
file names and rule ids never split, and ``--version``."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from checker.report.terminal import make_console, render_terminal
from checker.results import FileReport, Report
from commands.build_template import build_parser as build_template_parser
from commands.check_workbook import build_parser, main
from common.text_width import cells, wrap_cells
from tests.meeting.sample_reports import balance_finding, clean_values

LONG = "某某市某某区人民政府办公室二〇二四年度政府信息公开工作年度报告表格（最终版本）.xlsx"


@pytest.mark.parametrize("parser", [build_parser, build_template_parser], ids=["check", "build"])
def test_help_fits_80_columns_and_aligns_after_chinese_names(
    parser: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = parser().format_help()  # type: ignore[operator]
    lines = text.splitlines()
    assert max(map(cells, lines)) <= 80, [line for line in lines if cells(line) > 80]
    # an option and its help on one line: the help starts in the same column for all
    starts = set()
    for line in lines:
        match = re.match(r"^(  -\S.*?)  +(\S.*)$", line)
        if match and not match.group(1).endswith(","):
            starts.add(cells(line) - cells(match.group(2)))
    assert len(starts) == 1, starts
    assert "{" not in text  # no English choices such as {terminal,json,text}


def test_help_names_the_format_choices_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = build_parser().format_help()
    assert "--format 格式" in text and "报告格式：terminal（默认）、json、text" in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert re.fullmatch(r"check-workbook \d+\.\d+\.\d+\n", capsys.readouterr().out)


def test_wrap_never_splits_an_ascii_word_or_a_file_name() -> None:
    text = f"无法打开文件 {LONG}，请用 --select A301,P402 重新检查；共 12345 个单元格"
    for width in range(20, 81, 3):
        lines = wrap_cells(text, width)
        joined = "".join(lines)
        for word in (LONG, "--select", "A301,P402", "12345"):
            assert word in joined
            assert any(word in line for line in lines), (width, word, lines)
        for line in lines:
            assert cells(line) <= width or LONG in line
            assert not line.startswith(("，", "；", "。"))


def _report() -> Report:
    return Report(
        [
            FileReport(
                "回收/东区.xlsx", "pass", "2021", "1.0.0", 2024, "东区政府办", values=clean_values()
            ),
            FileReport(
                f"回收/{LONG}",
                "fail",
                "2021",
                "1.0.0",
                2024,
                "南区政府办",
                findings=[balance_finding()],
                values=clean_values(),
            ),
        ]
    )


def _render(width: int) -> str:
    sink = io.StringIO()
    console = make_console(sink, no_color=True, width=width)
    render_terminal(_report(), console, all_details=True)
    return sink.getvalue()


@pytest.mark.parametrize("width", [80, 60])
def test_terminal_report_keeps_names_and_rule_ids_whole(width: int) -> None:
    text = _render(width)
    lines = text.splitlines()
    assert max(map(cells, lines)) <= width
    # the summary table: one line per file, the long name shortened in its middle
    table = [line for line in lines if "政府办" in line and ("通过" in line)]
    assert len(table) == 2
    assert any("…" in line and line.split()[0].endswith("）.xlsx") for line in table)
    for line in lines:
        assert not re.search(r"(^|\W)(lsx|sx|x)\s*[│]?\s*$", line.replace(".xlsx", "")), line
        assert not re.search(r"\bA3\d?\s*$", line), line  # a rule id cut at the line end
    assert any("✗ A301 勾稽关系" in line for line in lines)
    assert "共检查 2 个文件" in text


def test_terminal_report_piped_uses_the_same_wrapping(tmp_path: Path) -> None:
    # a pipe has no terminal: rich falls back to 80 columns
    sink = io.StringIO()
    console = make_console(sink, no_color=True)
    render_terminal(_report(), console)
    assert max(map(cells, sink.getvalue().splitlines())) <= console.width


def test_terminal_report_shows_decisions_and_changes() -> None:
    from dataclasses import replace

    from checker.results import CellChange, Decision, Resubmission

    report = _report()
    broken = report.files[1]
    broken.findings = [replace(broken.findings[0], decision=Decision("explained", "已核实"))]
    broken.resubmission = Resubmission(
        "第一轮/南区.xlsx",
        changes=[
            CellChange("三、收到和处理政府信息公开申请情况", "D7", "二、上年结转", "自然人", 0, 1)
        ],
    )
    sink = io.StringIO()
    render_terminal(report, make_console(sink, no_color=True, width=80))
    text = sink.getvalue()
    assert "会议已讨论（已说明，仍为错误）：已核实" in text
    assert "修改情况：与上一份报表（南区.xlsx）相比：改了 1 个单元格；" in text
    assert "改动 三、收到和处理政府信息公开申请情况 · 二、上年结转 × 自然人 (D7)：0 → 1" in text


def test_roster_messages_keep_file_names_whole() -> None:
    from checker.results import Finding, RosterSummary

    names = [f"某某市某某区第{i}局二〇二四年度政府信息公开工作年度报告表格.xlsx" for i in (1, 2)]
    report = _report()
    report.roster = RosterSummary(
        roster="单位名单.csv",
        year=2024,
        expected=2,
        received=2,
        findings=[Finding("R603", "error", f"东区政府办 报送了 2 份文件：{'、'.join(names)}")],
    )
    sink = io.StringIO()
    render_terminal(report, make_console(sink, no_color=True, width=80))
    lines = sink.getvalue().splitlines()
    assert max(map(cells, lines)) <= 80
    for name in names:
        assert any(name in line for line in lines), name
