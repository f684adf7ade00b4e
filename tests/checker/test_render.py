"""Renderers are pure functions of a Report: snapshots of terminal, text and JSON.

Regenerate the snapshots after an intended change with
``UPDATE_SNAPSHOTS=1 pytest tests/checker/test_render.py`` and review the diff.
"""

from __future__ import annotations

import difflib
import io
import json
import os
from pathlib import Path

from rich.console import Console

from checker.check import check_extraction, check_values, extraction_from_values, unreadable_report
from checker.report.json_report import render_json
from checker.report.terminal import render_terminal, render_terminal_text
from checker.report.text import diff_lines, render_text
from checker.results import Finding, Report
from declaration.spec import load_spec

SNAPSHOTS = Path(__file__).parent / "snapshots"
SPEC = load_spec("2019")


def sample_report() -> Report:
    """Two checked returns (one failing, one passing) and an unreadable file."""
    values = {
        "t3.new.natural": 4,
        "t3.carried.natural": 1,
        "t3.granted.natural": 4,
        "t3.new.total": 6,
        "t2.rules.new_published": 3,
        "t2.rules.public_total": 1,
    }
    extraction = extraction_from_values(SPEC, values, path="回收/海滨街.xlsx", year=2020)
    extraction.unit = "海滨街[bold]道[/bold]"
    extraction.findings.append(
        Finding(
            rule="S111",
            severity="error",
            message="总计公式应为 SUM(D6:I6)，实为 SUM(D6:H6)",
            sheet="三、收到和处理政府信息公开申请情况",
            cell="J6",
            row_label="一、本年新收政府信息公开申请数量",
            col_label="总计",
            expected="SUM(D6:I6)",
            found="SUM(D6:H6)",
        )
    )
    failing = check_extraction(extraction)
    passing = check_values(SPEC, {"t3.new.natural": 1, "t3.carry_forward.natural": 1})
    passing.path, passing.unit, passing.year = "回收/[red]银海路[/red].xlsx", "银海路", 2020
    broken = unreadable_report("回收/损坏.xlsx", "文件已损坏或不完整，无法读取")
    return Report(
        files=[failing, passing, broken], notes=["已跳过 Office 临时锁定文件：回收/~$a.xlsx"]
    )


def snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"缺少快照 {path}（UPDATE_SNAPSHOTS=1 可生成）"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "\n".join(
            difflib.unified_diff(
                expected.splitlines(), text.splitlines(), "snapshot", "now", lineterm=""
            )
        )
        raise AssertionError(f"{name} 与快照不同（UPDATE_SNAPSHOTS=1 可更新）：\n{diff}")


def recorded(report: Report, **options: bool) -> str:
    console = Console(width=100, color_system=None, record=True, file=io.StringIO())
    render_terminal(report, console, **options)
    return console.export_text()


def test_terminal_snapshot() -> None:
    snapshot("terminal.txt", recorded(sample_report()))


def test_terminal_all_details_snapshot() -> None:
    snapshot("terminal-all.txt", recorded(sample_report(), all_details=True))


def test_terminal_quiet_snapshot() -> None:
    snapshot("terminal-quiet.txt", recorded(sample_report(), quiet=True))


def test_text_snapshot() -> None:
    snapshot("text.txt", render_text(sample_report()))


def test_json_snapshot_and_shape() -> None:
    text = render_json(sample_report())
    snapshot("report.json", text)
    data = json.loads(text)
    # the documented keys first and unchanged; "skipped" only when some check did not run
    assert list(data) == ["version", "files", "skipped"] and data["version"] == 1
    keys = ["path", "status", "format", "year", "unit", "counts", "findings"]
    assert all(list(f)[: len(keys)] == keys for f in data["files"])
    assert [list(f)[len(keys) :] for f in data["files"]] == [["skipped"], ["skipped"], []]
    assert [f["status"] for f in data["files"]] == ["fail", "pass", "unreadable"]
    finding_keys = ["rule", "severity", "sheet", "cell", "message", "expected", "found"]
    assert all(list(x) == finding_keys for f in data["files"] for x in f["findings"])
    a301 = next(x for x in data["files"][0]["findings"] if x["rule"] == "A301")
    assert (a301["expected"], a301["found"]) == (4, 5)  # integers, not 4.0


def test_workbook_strings_are_never_markup() -> None:
    text = recorded(sample_report(), all_details=True)
    assert "海滨街[bold]道[/bold]" in text
    assert "回收/[red]银海路[/red].xlsx" in text
    sink = io.StringIO()
    coloured = Console(width=100, color_system="truecolor", force_terminal=True, file=sink)
    render_terminal(sample_report(), coloured)
    assert "\x1b[" in sink.getvalue()
    assert "[bold]道[/bold]" in sink.getvalue()


def test_terminal_text_for_files_has_no_colour_codes() -> None:
    text = render_terminal_text(sample_report())
    assert "\x1b[" not in text and "✗ A301 勾稽关系" in text


def test_diff_lines_align_and_shorten_long_sums() -> None:
    values = {
        "t3.outcome_total.natural": 9,
        "t3.granted.natural": 2,
        "t3.declined_repeat.natural": 3,
    }
    finding = next(f for f in check_values(SPEC, values).findings if f.rule == "A303")
    assert diff_lines(finding) == [
        "（七）总计             = D27    = 9",
        "（一）至（六）各项之和 = D8:D26 = 5（其中 D8 = 2、D22 = 3，其余为 0）        差 4",
    ]
