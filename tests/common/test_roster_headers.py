"""Rosters as offices make them: a title row above the header, their own column names."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.roster import RosterError, read_roster


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "名单.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_title_row_above_the_header_is_passed_over(tmp_path: Path) -> None:
    roster = read_roster(
        _csv(
            tmp_path, "2025年度报送单位名单,,\n,,\n序号,单位名称,单位代码\n1,甲局,001\n2,乙局,002\n"
        )
    )
    assert [(e.name, e.code) for e in roster] == [("甲局", "001"), ("乙局", "002")]


@pytest.mark.parametrize("header", ["单位", "名称", "机构名称"])
def test_the_names_offices_give_the_name_column(tmp_path: Path, header: str) -> None:
    roster = read_roster(_csv(tmp_path, f"{header},代码\n甲局,001\n"))
    assert [(e.name, e.code) for e in roster] == [("甲局", "001")]


def test_a_roster_without_a_name_column_names_what_it_found(tmp_path: Path) -> None:
    with pytest.raises(RosterError) as refused:
        read_roster(_csv(tmp_path, "序号,备注\n1,甲局\n"))
    assert "名单.csv 第 1 行" in str(refused.value) and "找到：序号、备注" in str(refused.value)
