"""Roll-ups state what they cover: who is in the sum, who did not send, whose return
was left out — in the terminal, on the roll-up's cover and 汇总说明, and in the
published tables, which say 不完整 unless the user says the sum is final (--final).
The expected verdict of each case is written before it is run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from commands import check_workbook as check_cli
from declaration.identity import COVER_SHEET
from tests.verdicts.office import REAL_2021, known, spec_2021, template_return

ROSTER = ("甲街道办事处", "乙街道办事处", "丙街道办事处", "丁街道办事处")


def _round(tmp_path: Path, send: tuple[str, ...], failing: tuple[str, ...] = ()) -> Path:
    folder = tmp_path / "回收"
    folder.mkdir()
    for name in send:
        values = dict(known(spec_2021(), REAL_2021))
        if name in failing:
            values["t3.new.total"] = 46  # the details add up to 47: an error
        template_return(folder / f"{name}.xlsx", values, unit=name)
    return folder


def _roster(tmp_path: Path) -> Path:
    path = tmp_path / "名单.csv"
    path.write_text("单位名称\n" + "\n".join(ROSTER) + "\n", encoding="utf-8")
    return path


def _cells_text(path: Path, sheet: str) -> str:
    ws = load_workbook(path)[sheet]
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def test_an_incomplete_rollup_says_who_is_missing_and_failed_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _round(tmp_path, ROSTER[:3], failing=("丙街道办事处",))  # 丁 sends nothing
    rollup, published = tmp_path / "汇总.xlsx", tmp_path / "汇总表格.docx"
    argv = [str(folder), "--roster", str(_roster(tmp_path)), "--rollup", str(rollup)]
    code = check_cli.main([*argv, "--publish", str(published), "--no-color"])
    assert code == 1  # 丙 fails and 丁 is missing: errors
    out = capsys.readouterr().out
    assert "汇总 2 个单位" in out and "汇总不完整" in out
    assert "未报送 1 个：丁街道办事处" in out
    cover = _cells_text(rollup, COVER_SHEET)
    assert "汇总范围：单位名单应报 4 个单位，计入汇总 2 个" in cover
    assert "未报送 1 个：丁街道办事处" in cover
    assert "丙街道办事处（未通过校验" in cover
    assert "汇总不完整" in cover
    assert "未报送 1 个：丁街道办事处" in _cells_text(rollup, "汇总说明")
    doc = Document(str(published))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].endswith("（不完整）")
    assert "未报送 1 个：丁街道办事处" in texts


def test_final_publishes_without_the_mark_but_still_says_the_coverage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _round(tmp_path, ROSTER[:3])
    published = tmp_path / "汇总表格.docx"
    argv = [str(folder), "--roster", str(_roster(tmp_path)), "--rollup", str(tmp_path / "h.xlsx")]
    check_cli.main([*argv, "--publish", str(published), "--final", "--no-color"])
    assert "未报送 1 个：丁街道办事处" in capsys.readouterr().out
    title = Document(str(published)).paragraphs[0].text
    assert "不完整" not in title


def test_a_complete_rollup_says_so_and_is_published_unmarked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _round(tmp_path, ROSTER)
    rollup, published = tmp_path / "汇总.xlsx", tmp_path / "汇总表格.html"
    argv = [str(folder), "--roster", str(_roster(tmp_path)), "--rollup", str(rollup)]
    assert check_cli.main([*argv, "--publish", str(published), "--no-color"]) == 0
    assert "汇总完整" in capsys.readouterr().out
    assert "汇总完整：名单中的单位全部计入。" in _cells_text(rollup, COVER_SHEET)
    page = published.read_text("utf-8")
    assert "不完整" not in page


def test_final_needs_a_published_rollup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _round(tmp_path, ROSTER[:1])
    assert check_cli.main([str(folder), "--final"]) == 2
    assert "--final 须与 --rollup、--publish 一起使用" in capsys.readouterr().err
