"""Text saved by a crawler or a "save as text" tool: a table's cells run together.

Every row of a published table becomes one line, its cells joined without a
separator ("一、本年新收政府信息公开申请数量 3000003"). The report is recognised
by its labels; a row whose digits are as many as its cells (or whose numbers are
space-separated, one per cell) is read; any other row is D707 naming the row and
its digits, and the checks that needed it are said to be not made. Every command
gives that diagnosis with exit code 1 — never F011 ("not a report") or 2.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lxml import html as lxml_html

from checker import check_workbook
from tests.published_unit.pages import FEE_TEXT, consistent_values, page


def crawler_text(page_html: str, spaced: bool = False) -> str:
    """The page as a crawler saves it: a line per paragraph and per table row, the
    row's cells run together (``spaced``: one space between cells)."""
    tree = lxml_html.fromstring(page_html)
    lines = []
    for element in tree.iter("p", "tr"):
        if element.tag == "p" and any(a.tag == "td" for a in element.iterancestors()):
            continue
        if element.tag == "tr":
            cells = ["".join("".join(td.itertext()).split()) for td in element.iter("td")]
            text = (" " if spaced else "").join(c for c in cells if c)
        else:
            text = " ".join("".join(element.itertext()).split())
        if text:
            lines.append(text)
    return "\n".join(lines) + "\n"


def _write(tmp_path: Path, values: dict[str, object], spaced: bool = False) -> Path:
    path = tmp_path / "年报（采集）.txt"
    path.write_text(crawler_text(page(values, narrative={5: FEE_TEXT}), spaced), "utf-8")
    return path


def test_rows_split_one_way_are_read_and_the_report_passes(tmp_path: Path) -> None:
    values = consistent_values()  # every cell of table 三 and 四 a single digit
    path = _write(tmp_path, values)
    assert "一、本年新收政府信息公开申请数量3000003" in path.read_text("utf-8")
    report = check_workbook(path)
    assert report.status == "pass"
    assert report.format == "2021"
    assert not [f for f in report.findings if f.severity == "error"]
    for cell in (
        "t3.new.natural",
        "t3.new.total",
        "t3.carry_forward.total",
        "t4.main.review_total",
    ):
        assert report.values[cell] == values[cell], cell
    assert report.values["t2.licensing.decisions"] == 12  # a one-cell row keeps its number


def test_space_separated_numbers_are_one_per_cell(tmp_path: Path) -> None:
    values = consistent_values()
    values.update({"t3.new.natural": 13, "t3.new.total": 13, "t3.granted.natural": 13})
    values.update({"t3.granted.total": 13, "t3.outcome_total.natural": 13})
    values["t3.outcome_total.total"] = 13
    report = check_workbook(_write(tmp_path, values, spaced=True))
    assert report.status == "pass"
    assert report.values["t3.new.natural"] == 13


def test_a_row_that_cannot_be_split_is_d707_with_its_digits(tmp_path: Path) -> None:
    values = consistent_values()
    values.update({"t3.new.natural": 12, "t3.new.total": 12})  # 9 digits for 7 cells
    values.update({"t3.carried.natural": 0, "t3.carried.total": 0})
    path = _write(tmp_path, values)
    report = check_workbook(path)
    problems = [(f.rule, f.sheet) for f in report.findings if f.severity != "info"]
    assert problems == [("D707", "表三")]
    (d707,) = [f for f in report.findings if f.rule == "D707"]
    assert "一、本年新收政府信息公开申请数量" in d707.message
    assert "“120000012”" in d707.message
    # the balance of the columns that row is in could not be checked: said, not failed
    assert "因此未做的核对：勾稽关系" in d707.message
    assert {rule for rule, _ in d707.absorbed} == {"A301"}
    assert report.status == "fail"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "commands.check_workbook", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_every_command_gives_the_same_diagnosis_and_exit_1(tmp_path: Path) -> None:
    values = consistent_values()
    values.update({"t3.new.natural": 12, "t3.new.total": 12})
    path = _write(tmp_path, values)
    before = path.read_bytes()
    checked = _cli(str(path), "--no-color")
    converted = _cli(str(path), "--no-color", "--to-template", str(tmp_path / "模板.xlsx"))
    for done in (checked, converted):
        assert done.returncode == 1, done.stderr
        assert "D707" in done.stdout and "“120000012”" in done.stdout
        assert "F011" not in done.stdout + done.stderr
    assert (tmp_path / "模板.xlsx").exists()  # the rows that were read are in the template
    assert path.read_bytes() == before


def test_text_that_is_no_report_is_still_f011_and_not_converted(tmp_path: Path) -> None:
    path = tmp_path / "通知.txt"
    path.write_text("关于召开政务公开工作会议的通知\n请各单位于周五前报送材料。\n", "utf-8")
    done = _cli(str(path), "--no-color", "--to-template", str(tmp_path / "模板.xlsx"))
    assert done.returncode == 1
    assert "F011" in done.stdout
    assert "未生成" in done.stderr
    assert not (tmp_path / "模板.xlsx").exists()
