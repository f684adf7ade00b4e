"""Rosters and review registers are untrusted files too: bounded, never a hang or 意外错误.

Each hostile roster is given to ``check-workbook --roster`` in a child process
with a capped address space; the run must stop with a Chinese message naming
the roster (exit 2) at a small peak memory, before any return is checked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.robustness import option_files
from tests.robustness.hostile import probe

REFUSED_RSS_MB = 120  # start-up and openpyxl: the roster's content adds nothing


@pytest.fixture(scope="module")
def rosters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return option_files.hostile_rosters(tmp_path_factory.mktemp("rosters"))


@pytest.mark.parametrize(
    ("name", "reason"),
    [("dtd", "文档类型声明"), ("bomb", "压缩炸弹"), ("last-row", "超过 100000 行")],
)
def test_a_hostile_roster_is_refused_within_bounds(
    rosters: dict[str, Path], clean_return: Path, name: str, reason: str
) -> None:
    result = probe(str(clean_return), "--roster", str(rosters[name]))
    assert result.code == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "意外错误" not in result.stderr
    assert "单位名单" in result.stderr and rosters[name].name in result.stderr
    assert reason in result.stderr, result.stderr[-2000:]
    assert result.peak_mb < REFUSED_RSS_MB, result.peak_mb


def test_a_roster_declaring_the_whole_sheet_is_read_by_its_cells(
    rosters: dict[str, Path], clean_return: Path
) -> None:
    result = probe(str(clean_return), "--roster", str(rosters["dimension"]))
    assert result.code == 0, result.stderr[-2000:]
    assert result.peak_mb < REFUSED_RSS_MB, result.peak_mb


@pytest.mark.parametrize("kind", ["fifo", "folder", "dtd"])
def test_decisions_on_a_pipe_a_folder_or_a_hostile_file(
    clean_return: Path, rosters: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    register = tmp_path / "审核意见.xlsx"
    if kind == "fifo":
        os.mkfifo(register)
    elif kind == "folder":
        register.mkdir()
    else:
        register.write_bytes(rosters["dtd"].read_bytes())
    result = probe(str(clean_return), "--decisions", str(register), timeout=60)
    assert result.code == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "意外错误" not in result.stderr
    assert "审核意见表" in result.stderr
    expected = {"fifo": "不是普通文件", "folder": "文件夹", "dtd": "文档类型声明"}[kind]
    assert expected in result.stderr


@pytest.mark.parametrize(
    ("lines", "reason"), [(15 << 20, "超过上限 8 MB"), (3 << 20, "超过 100000 行")]
)
def test_a_huge_roster_csv_is_refused_within_bounds(
    clean_return: Path, tmp_path: Path, lines: int, reason: str
) -> None:
    roster = tmp_path / "名单.csv"
    roster.write_bytes("单位名称\n".encode() + b"a\n" * lines)
    result = probe(str(clean_return), "--roster", str(roster))
    assert result.code == 2 and reason in result.stderr, result.stderr[-2000:]
    assert result.peak_mb < REFUSED_RSS_MB, result.peak_mb
