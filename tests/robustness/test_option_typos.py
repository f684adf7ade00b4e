"""Everyday option mistakes: a misspelt option gets a suggestion; dashes typed by a Chinese
input method (—roster, －－roster) are the option itself."""

from __future__ import annotations

import pytest

from commands.check_workbook import build_parser


def test_misspelt_option_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["回收/", "--rooster", "名单.csv"])
    assert exit_info.value.code == 2
    assert "--rooster → 您是否要用 --roster" in capsys.readouterr().err


def test_unrelated_word_gets_no_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["回收/", "--zzzzzz"])
    assert "您是否要用" not in capsys.readouterr().err


@pytest.mark.parametrize("dashes", ["—", "——", "－－"])
def test_chinese_dashes_are_the_option(dashes: str) -> None:
    options = build_parser().parse_args(["回收/", f"{dashes}roster", "名单.csv"])
    assert options.roster == "名单.csv" and options.paths == ["回收/"]
    options = build_parser().parse_args(["回收/", f"{dashes}html=报告.html"])
    assert options.html == "报告.html"


def test_a_file_named_with_a_dash_stays_a_file() -> None:
    options = build_parser().parse_args(["—东区报表.xlsx"])
    assert options.paths == ["—东区报表.xlsx"]
