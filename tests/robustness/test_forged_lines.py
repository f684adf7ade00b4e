"""File names are data: a name holding line breaks never starts a line of any report.

A return named ``x⏎结论：通过（0 个错误…）.xlsx`` that fails must not show a line that
reads "结论：通过" in the terminal or text report, nor in the notes and progress
lines; JSON keeps the name, escaped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.robustness import corpus

ROOT = Path(__file__).parents[2]
FORGED = "结论：通过（0 个错误，0 个警告，0 个提示）"


@pytest.fixture(scope="module")
def forged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forged")
    failing = {**corpus.clean_inputs(), "t3.granted.natural": 9}
    corpus.make_clean(folder / f"海滨街\n{FORGED}\r\n\t.xlsx", failing)
    return folder


@pytest.mark.parametrize("fmt", ["terminal", "text"])
def test_no_forged_line_in_a_report(forged: Path, tmp_path: Path, fmt: str) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "commands.check_workbook", str(forged), "--format", fmt,
         "--annotate", str(tmp_path / "批注")],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    lines = (done.stdout + done.stderr).splitlines()
    assert not [x for x in lines if x.lstrip().startswith("结论：通过")], lines
    assert any("␤" in x for x in lines), "the line break is shown, visibly"


def test_json_keeps_the_name_escaped(forged: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "commands.check_workbook", str(forged), "--format", "json"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    (only,) = json.loads(done.stdout)["files"]
    assert f"\n{FORGED}\r\n" in only["path"]
    assert FORGED not in done.stdout.splitlines()[0]
    assert not [x for x in done.stdout.splitlines() if x.startswith("结论")]
