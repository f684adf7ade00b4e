"""Malformed rosters: a clear error with the line number, never a silent merge.

An unclosed quote would make csv merge the lines after it into one office (an
office then silently gets no template); a field over 131,072 characters made
csv raise. Both are RosterErrors naming file and line, and ``build-template``
says so without a traceback. Long office names give file names within 200
bytes, shortened the same way every time and never colliding.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from common.roster import MAX_FILE_NAME_BYTES, RosterError, read_roster, template_file_names

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('单位名称,单位代码\n"甲局,1\n乙局,2\n丙局,3\n', "第 2 行：引号未闭合"),
        ('单位名称,单位代码\n甲局,1\n"乙局,2\n丙局,3\n"丁局",4\n', "第 3 行"),
        ('单位名称\n"' + "某" * 140_000 + '"\n', "第 2 行：单元格超过 131072 个字符"),
        ('单位名称\n"甲\n局"\n', "第 2 行：单元格中有换行"),
    ],
)
def test_malformed_csv_is_an_error_naming_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "名单.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert message in str(caught.value) and "名单.csv" in str(caught.value)


def test_a_well_formed_roster_with_quotes_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text('单位名称,单位代码\n"甲局, 办公室",1\n"乙""局",2\n', encoding="utf-8")
    assert [e.name for e in read_roster(path)] == ["甲局, 办公室", '乙"局']


def test_build_template_reports_a_huge_field_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text('单位名称\n"' + "x" * 200_000 + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "commands.build_template", "--roster", str(path), "--year", "2025",
         "-o", str(tmp_path / "下发")],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "名单.csv 第 2 行" in done.stderr
    assert not (tmp_path / "下发").exists()


def test_long_names_are_shortened_deterministically_without_collision() -> None:
    offices = [
        ("某" * 200, "1"),
        ("某" * 200 + "乙", "2"),
        ("a" * 300, None),
        ("某" * 59 + "甲", None),
    ]
    names = template_file_names(2025, offices)
    assert names == template_file_names(2025, offices)  # the same every time
    assert len({n.casefold() for n in names}) == len(names)
    assert all(len(n.encode("utf-8")) <= MAX_FILE_NAME_BYTES for n in names)
    assert template_file_names(2025, [("财政局", None)]) == ["2025年-财政局.xlsx"]
