"""Verdicts on a returns folder as a supervising office receives it.

Roster, roll-up, last year's returns, files that are not returns, an empty
folder, home-made workbooks and the distribution's refusal to overwrite. The
expected verdict of each case is written before it is run.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from checker import CheckOptions, check_paths, check_workbook, load_prior
from commands import build_template as build_cli
from commands import check_workbook as check_cli
from common.roster import read_roster
from meeting.rollup import plan_rollup
from tests.verdicts.office import REAL_2021, known, spec_2021, template_return

SPEC = spec_2021()
TABLE_SHEETS = ("二、", "三、", "四、")


def _roster(folder: Path, names: list[str]) -> Path:
    path = folder / "名单.csv"
    path.write_text("单位名称\n" + "\n".join(names) + "\n", encoding="utf-8")
    return path


def own_workbook(source: Path, target: Path, *, cover: bool, unit_line: str | None = None) -> Path:
    """Cover and tables copied cell by cell into the office's own Sheet1…Sheet4."""
    src = openpyxl.load_workbook(source)
    book = openpyxl.Workbook()
    book.remove(book.active)
    names = [n for n in src.sheetnames if (cover and n == "封面") or n.startswith(TABLE_SHEETS)]
    for i, name in enumerate(names):
        sheet = book.create_sheet(f"Sheet{i + 1}")
        for row in src[name].iter_rows():
            for cell in row:
                if cell.value is not None:
                    sheet[cell.coordinate] = cell.value
        if unit_line and name.startswith("二、"):
            sheet["A1"] = unit_line  # "填报单位：…" above the table, over its title
    book.save(target)
    return target


# -- empty forms, documents, unreadable units against the roster ------------------------


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    folder = tmp_path / "回收"
    folder.mkdir()
    template_return(folder / "2025年-甲街道.xlsx", unit="甲街道")
    template_return(folder / "2025年-乙街道.xlsx", {}, unit="乙街道")  # sent back untouched
    _word_file(folder / "丙街道2025年政府信息公开工作年度报告.docx")
    src = template_return(tmp_path / "丁.xlsx", unit=None)
    own_workbook(src, folder / "丁街道年报表格.xlsx", cover=False)  # no unit anywhere
    return folder


def test_roster_section_names_each_cause(returns: Path, tmp_path: Path) -> None:
    # expected: 甲 reported; 乙 sent an empty form (R608); 丙 sent a Word file (R609);
    # 丁's unit cannot be read, matched by file name (R610); nobody is "not submitted"
    roster = read_roster(_roster(tmp_path, ["甲街道", "乙街道", "丙街道", "丁街道"]))
    report = check_paths([returns], options=CheckOptions.of(jobs=1), roster=roster)
    assert report.roster is not None
    rules = sorted((f.rule, f.office) for f in report.roster.findings)
    assert rules == [("R608", "乙街道"), ("R609", "丙街道"), ("R610", "丁街道")]
    assert report.roster.received == 2  # 甲 and 丁: an empty form and a Word file do not count
    statuses = {Path(f.path).name: f.status for f in report.files}
    assert statuses["2025年-乙街道.xlsx"] == "fail"
    assert statuses["丙街道2025年政府信息公开工作年度报告.docx"] == "unreadable"
    word = next(f for f in report.files if f.path.endswith(".docx"))
    assert [f.rule for f in word.findings] == ["F011"]
    assert "Word 文档" in word.findings[0].message


def test_rollup_leaves_the_empty_form_out_with_the_reason(returns: Path) -> None:
    report = check_paths([returns], options=CheckOptions.of(jobs=1))
    plan = plan_rollup(report)
    reasons = {Path(e.path).name: e.reason for e in plan.excluded}
    assert reasons["2025年-乙街道.xlsx"].startswith("报表未填写")
    assert [Path(f.path).name for f in plan.included] == ["2025年-甲街道.xlsx"]


def test_txt_file_is_not_described_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "年报.txt"
    path.write_text("一、总体情况\n本年新收申请 47 件", encoding="utf-8")
    report = check_workbook(path)
    assert report.status == "unreadable"
    assert [f.rule for f in report.findings] == ["F011"]
    assert "CSV" not in report.findings[0].message and "文本文件" in report.findings[0].message


def test_empty_folder_is_not_success(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "回收").mkdir()
    assert check_cli.main([str(tmp_path / "回收")]) == 1
    assert "没有报表文件" in capsys.readouterr().out


# -- home-made workbooks -------------------------------------------------------------------


def test_own_workbook_with_copied_cover_is_read(tmp_path: Path) -> None:
    # expected: unit and year from the copied cover; S113 only; passes
    src = template_return(tmp_path / "src.xlsx", unit="某某街道办事处")
    report = check_workbook(own_workbook(src, tmp_path / "own.xlsx", cover=True))
    assert (report.status, report.unit, report.year) == ("pass", "某某街道办事处", 2025)
    assert report.code is None  # the template's hint beside the blank code is no code
    assert {f.rule for f in report.findings if f.severity != "info"} == {"S113"}


def test_unit_line_above_a_table_is_read(tmp_path: Path) -> None:
    src = template_return(tmp_path / "src.xlsx", unit=None)
    path = own_workbook(
        src, tmp_path / "own.xlsx", cover=False, unit_line="填报单位：某某镇（本级）"
    )
    report = check_workbook(path)
    assert report.unit == "某某镇（本级）"
    assert "S116" in {f.rule for f in report.findings}  # the year is still missing


def test_home_made_blank_total_is_an_error(tmp_path: Path) -> None:
    src = template_return(tmp_path / "src.xlsx")
    book = openpyxl.load_workbook(src)
    book["三、收到和处理政府信息公开申请情况"]["J6"] = None  # the office left the total empty
    book.save(tmp_path / "blank.xlsx")
    report = check_workbook(tmp_path / "blank.xlsx")
    assert report.status == "fail"
    assert [(f.rule, f.cell, f.expected) for f in report.findings if f.severity == "error"] == [
        ("A306", "J6", 47)
    ]


# -- last year's returns --------------------------------------------------------------------


def test_prior_found_by_name_without_brackets(tmp_path: Path) -> None:
    # last year 某某街道办事处, this year 某某街道办事处（本级）; carry-over typed wrong: X501
    prior_dir, this_dir = tmp_path / "上年", tmp_path / "本年"
    prior_dir.mkdir(), this_dir.mkdir()
    template_return(prior_dir / "上年.xlsx", year=2024, unit="某某街道办事处")
    values = dict(known(SPEC, REAL_2021))
    values["t3.carried.natural"] = 5  # last year carried 4 forward
    values["t3.new.natural"] = 38  # the balance still holds
    template_return(this_dir / "本年.xlsx", values, unit="某某街道办事处（本级）")
    report = check_paths(
        [this_dir],
        options=CheckOptions.of(jobs=1),
        prior=load_prior(prior_dir, CheckOptions.of(jobs=1)),
    )
    (x501,) = [f for f in report.files[0].findings if f.rule == "X501" and f.cell == "D7"]
    assert x501.diff[1].cells == ("上年《上年.xlsx》D30",)
    assert "X504" not in {f.rule for f in report.files[0].findings}


def test_prior_not_found_names_the_closest(tmp_path: Path) -> None:
    prior_dir, this_dir = tmp_path / "上年", tmp_path / "本年"
    prior_dir.mkdir(), this_dir.mkdir()
    template_return(prior_dir / "a.xlsx", year=2024, unit="某某区市场监督管理局")
    template_return(prior_dir / "b.xlsx", year=2024, unit="某某区教育局")
    template_return(this_dir / "本年.xlsx", unit="某某区市场监督局")
    report = check_paths(
        [this_dir],
        options=CheckOptions.of(jobs=1),
        prior=load_prior(prior_dir, CheckOptions.of(jobs=1)),
    )
    (x505,) = [f for f in report.files[0].findings if f.rule.startswith("X5")]
    assert x505.rule == "X505" and x505.severity == "warning"
    assert "某某区市场监督管理局" in x505.message and "教育局" not in x505.message


def test_prior_matched_through_the_roster(tmp_path: Path) -> None:
    prior_dir, this_dir = tmp_path / "上年", tmp_path / "本年"
    prior_dir.mkdir(), this_dir.mkdir()
    template_return(prior_dir / "a.xlsx", year=2024, unit="某某局", code="A01")
    template_return(this_dir / "本年.xlsx", unit="某某局")  # no code this year
    roster_path = tmp_path / "名单.csv"
    roster_path.write_text("单位名称,单位代码\n某某局,A01\n", encoding="utf-8")
    prior = load_prior(prior_dir, CheckOptions.of(jobs=1))
    report = check_paths(
        [this_dir], options=CheckOptions.of(jobs=1), prior=prior, roster=read_roster(roster_path)
    )
    assert not {f.rule for f in report.files[0].findings} & {"X504", "X505"}


# -- terminal and distribution -------------------------------------------------------------


def test_info_is_left_out_of_the_terminal_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = template_return(tmp_path / "a.xlsx")
    assert check_cli.main([str(path), "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "V201" not in out and "条提示未列出" in out
    assert check_cli.main([str(path), "--no-color", "--show-info"]) == 0
    assert "V201" in capsys.readouterr().out
    assert check_cli.main([str(path), "--format", "json"]) == 0
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]]
    assert "V201" in rules


def test_build_template_refuses_to_overwrite(tmp_path: Path) -> None:
    roster = _roster(tmp_path, ["甲街道"])
    out = tmp_path / "下发"
    assert build_cli.main(["--year", "2025", "--roster", str(roster), "-o", str(out)]) == 0
    (filled,) = out.glob("*.xlsx")
    filled.write_bytes(b"filled return")
    assert build_cli.main(["--year", "2025", "--roster", str(roster), "-o", str(out)]) == 2
    assert filled.read_bytes() == b"filled return"
    assert (
        build_cli.main(["--year", "2025", "--roster", str(roster), "-o", str(out), "--force"]) == 0
    )
    assert filled.read_bytes() != b"filled return"
    single = tmp_path / "模板.xlsx"
    single.write_bytes(b"x")
    assert build_cli.main(["--year", "2025", "-o", str(single)]) == 2
    assert single.read_bytes() == b"x"


def test_untouched_template_with_carry_over_prefilled_is_empty(tmp_path: Path) -> None:
    # the distribution fills 二、上年结转 from last year: still nothing typed by the office
    carried = {f"t3.carried.{c}": 0 for c in SPEC.sets["applicants"]}
    carried["t3.carried.natural"] = 4
    report = check_workbook(template_return(tmp_path / "a.xlsx", carried))
    assert [f.rule for f in report.findings] == ["V217"]


def test_last_years_return_beside_this_years(tmp_path: Path) -> None:
    # expected: the old file is R604 (wrong year), and the office sent two files (R603)
    folder = tmp_path / "回收"
    folder.mkdir()
    template_return(folder / "甲街道2025.xlsx", unit="甲街道")
    template_return(folder / "甲街道2024.xlsx", unit="甲街道", year=2024)
    template_return(folder / "乙街道2025.xlsx", unit="乙街道")
    roster = read_roster(_roster(tmp_path, ["甲街道", "乙街道"]))
    report = check_paths([folder], options=CheckOptions.of(jobs=1), roster=roster)
    assert report.roster is not None
    assert sorted((f.rule, Path(f.files[-1]).name) for f in report.roster.findings) == [
        ("R603", "甲街道2025.xlsx"),
        ("R604", "甲街道2024.xlsx"),
    ]
    plan = plan_rollup(report)
    assert sorted(Path(f.path).name for f in plan.included) == [
        "乙街道2025.xlsx",
        "甲街道2025.xlsx",
    ]


def test_x501_names_last_years_file_with_one_prior_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # check-workbook 本年.xlsx --prior 上年.xlsx: the carry-over line names the file and cell
    last = template_return(tmp_path / "上年.xlsx", year=2024)
    values = dict(known(SPEC, REAL_2021))
    values["t3.carried.natural"] = 5
    values["t3.new.natural"] = 38
    this = template_return(tmp_path / "本年.xlsx", values)
    assert check_cli.main([str(this), "--prior", str(last), "--format", "text"]) == 1
    out = capsys.readouterr().out
    assert "X501" in out and "上年《上年.xlsx》D30" in out


def _word_file(path: Path) -> None:
    """A readable Word file holding the narrative and none of the report's tables
    (a damaged one would be F003, not F011)."""
    import docx

    word = docx.Document()
    word.add_paragraph("一、总体情况")
    word.save(str(path))


def test_document_beside_the_return_is_listed_but_the_office_reported(tmp_path: Path) -> None:
    # expected: the Word file is listed (F011); the office sent its return: no R609, no R601
    folder = tmp_path / "回收"
    folder.mkdir()
    template_return(folder / "甲街道.xlsx", unit="甲街道")
    _word_file(folder / "甲街道年度报告.docx")
    roster = read_roster(_roster(tmp_path, ["甲街道"]))
    report = check_paths([folder], options=CheckOptions.of(jobs=1), roster=roster)
    assert report.roster is not None and report.roster.findings == []
    assert sorted(
        f.findings[0].rule for f in report.files if f.findings and f.status != "pass"
    ) == ["F011"]
