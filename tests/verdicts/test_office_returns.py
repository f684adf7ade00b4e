"""Verdicts on returns made the way offices make them (LibreOffice as the client).

Every case states its expected verdict first: the status, and the findings
other than the V201 blanks (info) as (rule, cell). One LibreOffice session
makes all the files of the module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker import check_workbook
from checker.results import FileReport
from tests.verdicts.office import REAL_2021, at, known, lo_edit, spec_2021, template_return

SPEC = spec_2021()
T3 = at(SPEC, "t3.new.total")[0]
T4 = at(SPEC, "t4.main.review_total")[0]

# Table 三 of REAL_2021 in its 总计 column only (every row total typed, no applicant figures).
TOTALS_ONLY = {
    "t3.new.total": 47,
    "t3.carried.total": 3,
    "t3.granted.total": 23,
    "t3.partial.total": 6,
    "t3.unavailable_none.total": 14,
    "t3.declined_repeat.total": 3,
    "t3.outcome_total.total": 46,
    "t3.carry_forward.total": 4,
}

# name: (how the source is made, LibreOffice operations, target suffix, expected verdict)
Case = tuple[str, list[list[Any]], str, str, set[tuple[str, str]]]
CASES: dict[str, Case] = {
    # an untouched roster template: one clear finding
    "untouched": ("empty", [], ".xlsx", "fail", {("V217", "")}),
    # "nothing happened": every input typed as 0 is a real return
    "all_zero": ("zeros", [], ".xlsx", "pass", set()),
    # real figures typed in, re-saved by LibreOffice in three formats
    "resaved_xlsx": ("real", [], ".xlsx", "pass", set()),
    "resaved_xls": ("real", [], ".xls", "pass", {("F005", "")}),
    "resaved_ods": ("real", [], ".ods", "pass", {("F005", "")}),
    # 总计 formula deleted while the row adds up to 47: an error with the value it should hold
    "total_deleted": ("real", [["clear", T3, "J6"]], ".xlsx", "fail", {("A306", "J6")}),
    # the right number pasted over the formula: one warning at that cell
    "total_typed_right": ("real", [["set", T3, "J6", 47]], ".xlsx", "pass", {("S117", "J6")}),
    # a wrong number typed over: the total's rule, once (no S110, no A301 for the same cause)
    "total_typed_wrong": ("real", [["set", T3, "J6", 50]], ".xlsx", "fail", {("A302", "J6")}),
    # the same in an .xls: formulas are not kept, the arithmetic still tells
    "total_typed_wrong_xls": (
        "real",
        [["set", T3, "J6", 50]],
        ".xls",
        "fail",
        {("F005", ""), ("A302", "J6")},
    ),
    # a row inserted inside table 三 as Excel does (formulas move with it)
    "row_inserted": ("real", [["insert_rows", T3, 8, 1]], ".xlsx", "pass", {("S104", "A8")}),
    # a table sheet renamed: found by its labels, and said so
    "sheet_renamed": ("real", [["rename", T3, "Sheet3"]], ".xlsx", "pass", {("S118", "")}),
    # "〇" typed for zero: read as 0, a warning
    "chinese_zero": ("real", [["text", T3, "E7", "〇"]], ".xlsx", "pass", {("V208", "E7")}),
    "ling": ("real", [["text", T3, "E7", "零"]], ".xlsx", "pass", {("V208", "E7")}),
    # a formula typed into a cell formatted as 文本 stays text
    "formula_as_text": (
        "real",
        [["text_format", T3, "F6"], ["text", T3, "F6", "=1+1"]],
        ".xlsx",
        "fail",
        {("V209", "F6")},
    ),
    # table 三 filled in its 总计 column only: one finding for the table
    "totals_only": ("totals_only", [], ".xlsx", "fail", {("V218", "J6")}),
    # a column of "—" (no such applicants): one warning for the table
    "dash_column": ("dashes", [], ".xlsx", "pass", {("V205", "G6")}),
}


def _source(kind: str, folder: Path) -> Path:
    path = folder / f"src-{kind}.xlsx"
    if path.exists():
        return path
    if kind == "empty":
        return template_return(path, {})
    if kind == "zeros":
        return template_return(path, {c.id: 0 for c in SPEC.input_cells()})
    if kind == "totals_only":
        return template_return(path, TOTALS_ONLY)
    if kind == "dashes":
        values: dict[str, object] = dict(known(SPEC, REAL_2021))
        for row in SPEC.sets["t3_rows"]:
            if (
                f"t3.{row}.nonprofit" in SPEC.cells
                and not SPEC.cells[f"t3.{row}.nonprofit"].is_total
            ):
                values[f"t3.{row}.nonprofit"] = "—"
        return template_return(path, values)
    return template_return(path)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, FileReport]]:
    folder = tmp_path_factory.mktemp("office")
    jobs = [
        {"source": _source(kind, folder), "target": folder / f"{name}{suffix}", "ops": ops}
        for name, (kind, ops, suffix, _, _) in CASES.items()
    ]
    lo_edit(jobs, folder)
    yield {name: check_workbook(job["target"]) for name, job in zip(CASES, jobs, strict=True)}


def _seen(report: FileReport) -> set[tuple[str, str]]:
    return {(f.rule, f.cell) for f in report.findings if f.rule != "V201"}


@pytest.mark.parametrize("name", list(CASES))
def test_verdict(verdicts: dict[str, FileReport], name: str) -> None:
    _, _, _, status, expected = CASES[name]
    report = verdicts[name]
    assert (report.status, _seen(report)) == (status, expected)


def test_untouched_template_is_one_finding(verdicts: dict[str, FileReport]) -> None:
    report = verdicts["untouched"]
    assert [f.rule for f in report.findings] == ["V217"]
    assert report.findings[0].message.startswith("报表未填写")


def test_blank_total_names_the_value_it_should_hold(verdicts: dict[str, FileReport]) -> None:
    (a306,) = [f for f in verdicts["total_deleted"].findings if f.rule == "A306"]
    assert (a306.severity, a306.expected) == ("error", 47)
    assert "47" in a306.message
    blanks = [f for f in verdicts["total_deleted"].findings if f.rule == "V201"]
    assert all("J6" not in f.message for f in blanks)  # not "counted as 0"
    assert verdicts["total_deleted"].values["t3.new.total"] == 47


def test_wrong_typed_total_gives_the_difference(verdicts: dict[str, FileReport]) -> None:
    (a302,) = [f for f in verdicts["total_typed_wrong"].findings if f.rule == "A302"]
    assert (a302.found, a302.expected, a302.difference) == (50, 47, 3)


def test_right_typed_total_is_a_warning(verdicts: dict[str, FileReport]) -> None:
    (s117,) = [f for f in verdicts["total_typed_right"].findings if f.rule == "S117"]
    assert s117.severity == "warning" and "=SUM(D6:I6)" in s117.message and "47" in s117.message


def test_renamed_sheet_is_named(verdicts: dict[str, FileReport]) -> None:
    (s118,) = [f for f in verdicts["sheet_renamed"].findings if f.rule == "S118"]
    assert "Sheet3" in s118.message and T3 in s118.message


def test_formula_as_text_says_text_format_and_the_fix(verdicts: dict[str, FileReport]) -> None:
    (v209,) = [f for f in verdicts["formula_as_text"].findings if f.rule == "V209"]
    assert "文本" in v209.message and v209.message.count("=1+1") == 1
    from checker.registry import rule_info

    assert "常规" in rule_info("V209").fix


def test_chinese_zero_is_read_as_zero(verdicts: dict[str, FileReport]) -> None:
    assert verdicts["chinese_zero"].values["t3.carried.commercial"] == 0


def test_dash_column_is_one_finding_for_the_table(verdicts: dict[str, FileReport]) -> None:
    (v205,) = [f for f in verdicts["dash_column"].findings if f.rule == "V205"]
    assert "本表共 24 个单元格" in v205.message
