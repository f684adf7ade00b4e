"""build-template in a subprocess: format by year, Chinese errors, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from declaration.identity import META_SHEET

CLI = [sys.executable, "-m", "commands.build_template"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def _format_of(path: Path) -> str:
    meta = openpyxl.load_workbook(path)[META_SHEET]
    return str(meta["B1"].value)


@pytest.mark.parametrize(("year", "fmt"), [("2025", "2021"), ("2020", "2019"), ("2021", "2021")])
def test_year_selects_format(tmp_path: Path, year: str, fmt: str) -> None:
    result = run("--year", year, "-o", "模板.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "已生成模板" in result.stdout
    assert _format_of(tmp_path / "模板.xlsx") == fmt


def test_format_override_and_unit(tmp_path: Path) -> None:
    result = run("--year", "2025", "--format", "2019", "--unit", "甲", "-o", "x.xlsx", cwd=tmp_path)
    assert result.returncode == 0 and "提示" in result.stderr
    assert _format_of(tmp_path / "x.xlsx") == "2019"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "缺少必需的参数"),
        (("--year", "abc"), "年度须为四位数字"),
        (("--year", "2018"), "没有适用于 2018 年度报告的格式"),
        (("--year", "2025", "--format", "1999"), "无效的取值"),
        (("--year", "2025", "-o", "x.xls"), "须以 .xlsx 结尾"),
        (("--year", "2025", "--lock-unit"), "--unit"),
        (("--year", "2025", "--bogus"), "无法识别的参数"),
    ],
)
def test_bad_arguments_exit_2_in_chinese(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_help_is_chinese(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0 and "用法：" in result.stdout and "报告年度" in result.stdout


def test_unwritable_output_exits_1(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("--year", "2025", "-o", str(blocker / "x.xlsx"), cwd=tmp_path)
    assert (
        result.returncode == 1 and "无法写入" in result.stderr and "Traceback" not in result.stderr
    )
