"""Everyday slips on the command line get a helpful answer, not a wrong run."""

from __future__ import annotations

from pathlib import Path

import pytest

from commands.check_workbook import main
from tests.verdicts.office import template_return


@pytest.fixture
def one_return(tmp_path: Path) -> Path:
    return template_return(tmp_path / "某局.xlsx", unit="某局")


def test_a_misspelt_option_is_answered_with_the_real_one(
    one_return: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([str(one_return), "--rooster", "名单.csv"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "是否要用 --roster" in err


@pytest.mark.parametrize("typed", ["—quiet", "——quiet", "－－quiet", "－－ｑｕｉｅｔ", "–quiet"])
def test_dashes_of_a_chinese_input_method_are_taken_as_the_option(
    typed: str, one_return: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(one_return), typed]) == 0
    captured = capsys.readouterr()
    assert "当作 --quiet" in captured.err
    assert "共检查 1 个文件" in captured.out and typed not in captured.out


def test_a_roster_given_with_an_em_dash_is_read_as_the_roster(
    one_return: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "名单.csv"
    roster.write_text("单位名称\n某局\n另一局\n", encoding="utf-8")
    assert main([str(one_return), "—roster", str(roster), "--format", "text"]) == 1
    out = capsys.readouterr().out
    assert "另一局" in out  # the roster was checked against, not checked as a return
    assert "名单.csv" not in out.split("名单")[0]


def test_a_file_whose_name_starts_with_a_dash_like_character_stays_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = template_return(tmp_path / "—某局.xlsx", unit="某局")
    assert main([str(odd), "--quiet"]) == 0
    assert "当作" not in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--annotate", "--rollup", "--html", "--publish"])
def test_an_output_inside_the_folder_being_checked_is_refused(
    option: str, one_return: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = one_return.parent
    name = {"--annotate": "批注", "--rollup": "汇总.xlsx", "--html": "报告.html"}
    target = folder / name.get(option, "表格.docx")
    before = sorted(p.name for p in folder.iterdir())
    assert main([str(folder), option, str(target)]) == 2
    assert "位于检查的文件夹" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written there
