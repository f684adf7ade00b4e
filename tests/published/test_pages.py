"""Saved web pages of published reports through ``checker.check_workbook``.

Every page is generated from the spec (see ``corpus`` and ``cases``); each case's
verdict is written in ``cases`` before the check runs: consistent pages in every
variant pass with no arithmetic finding and every value read; each arithmetic error
class gives exactly its findings, naming the table, the row and column labels and
the place in the published table; what only a published report gets wrong gives
its own finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import check_workbook
from checker.results import FileReport
from declaration.spec import load_spec
from tests.published import cases
from tests.published.cases import ARITHMETIC, RULES, Case

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


def arithmetic(report: FileReport) -> set[tuple[str, str, str]]:
    return {(f.rule, f.row_label, f.col_label) for f in report.findings if f.rule in ARITHMETIC}


def rules(report: FileReport) -> set[str]:
    return {f.rule for f in report.findings}


def assert_values_read(report: FileReport, case: Case, blank_rows: tuple[str, ...] = ()) -> None:
    """Every input cell of the table read as published (rows left out read as 0)."""
    spec = load_spec(case.page.fmt)
    expected = case.values
    wrong = {
        c.id: (report.values.get(c.id), expected[c.id])
        for c in spec.input_cells()
        if report.values.get(c.id) != pytest.approx(0 if c.row in blank_rows else expected[c.id])
    }
    assert wrong == {}


@pytest.mark.parametrize("case", cases.CONSISTENT + cases.COMBINED, ids=lambda c: c.name)
def test_consistent_page_passes_with_every_value_read(case: Case, corpus: dict[str, Path]) -> None:
    report = check_workbook(corpus[case.name])
    assert arithmetic(report) == set()
    assert [f.message for f in report.findings if f.severity == "error"] == []
    assert report.status == "pass"
    assert (report.format, report.year, report.unit) == (
        case.page.fmt,
        case.page.year,
        case.page.unit,
    )
    assert_values_read(report, case)


@pytest.mark.parametrize("name", ["typos-2021", "typos-2019"])
def test_label_typos_are_read_and_reported(name: str, corpus: dict[str, Path]) -> None:
    report = check_workbook(corpus[name])
    variants = [f for f in report.findings if f.rule == RULES["label_variant"]]
    found = " ".join(f.message for f in variants)
    assert "其他法律和行政法规" in found
    if name == "typos-2021":
        assert "先行有效件数" in found and "本年废纸件数" in found
    assert all(f.severity == "warning" for f in variants)


@pytest.mark.parametrize(
    ("name", "rule", "text"),
    [
        ("zero-slash-2019", "V205", "/"),
        ("zero-dash", "V205", "—"),
        ("signed-text-2019", "V207", "减"),
        ("units-2021", "D708", "笔"),
        ("units-2021", "V206", "元"),
    ],
)
def test_odd_cells_are_read_and_named(
    name: str, rule: str, text: str, corpus: dict[str, Path]
) -> None:
    """Markers for none, signs written as words and units: read, each named as a warning."""
    report = check_workbook(corpus[name])
    named = [f for f in report.findings if f.rule == rule]
    assert named and all(f.severity == "warning" for f in named)
    assert any(text in f"{f.message}{f.found}" for f in named)


# the cell each arithmetic finding of the error cases is anchored at
ANCHORS = {
    ("A301", "自然人"): "t3.new.natural",
    ("A301", "总计"): "t3.new.total",
    ("A302", "总计"): "t3.granted.total",
    ("A303", "自然人"): "t3.outcome_total.natural",
    ("A304", "行政复议 总计"): "t4.main.review_total",
}


@pytest.mark.parametrize("case", cases.ARITHMETIC_ERRORS, ids=lambda c: c.name)
def test_arithmetic_error_gives_exactly_its_findings(case: Case, corpus: dict[str, Path]) -> None:
    """Exactly the case's findings, each naming its table (表三), its labels and where
    it is in the published table (row and column as a reader of the page counts)."""
    report = check_workbook(corpus[case.name])
    assert arithmetic(report) == case.arithmetic
    assert report.status == case.status
    for f in report.findings:
        if f.rule in ARITHMETIC:
            anchor = ANCHORS[(f.rule, f.col_label)]
            assert f.sheet == TABLE_NAMES[anchor.split(".")[0]]
            assert f.cell == cases.published_place(case, anchor)


def test_the_balance_finding_shows_both_sides_with_the_published_numbers(
    corpus: dict[str, Path],
) -> None:
    case = cases.ARITHMETIC_ERRORS[0]
    report = check_workbook(corpus[case.name])
    (natural,) = [f for f in report.findings if f.rule == "A301" and f.col_label == "自然人"]
    values = case.values
    left = values["t3.new.natural"] + values["t3.carried.natural"]
    right = values["t3.outcome_total.natural"] + values["t3.carry_forward.natural"]
    assert (natural.found, natural.expected, natural.difference) == (left, right, 1)
    assert natural.diff[0].values == (values["t3.new.natural"], values["t3.carried.natural"])


@pytest.mark.parametrize("case", cases.PUBLISHED_ERRORS, ids=lambda c: c.name)
def test_published_report_error_gives_its_finding(case: Case, corpus: dict[str, Path]) -> None:
    report = check_workbook(corpus[case.name])
    expected = {RULES[key] for key in case.published}
    assert expected <= rules(report)
    assert arithmetic(report) == set()
    others = rules(report) - expected - {"V201"}
    assert others == set()
    assert report.status == case.status


def test_wrong_format_names_the_year_and_the_format(corpus: dict[str, Path]) -> None:
    report = check_workbook(corpus["wrong-format"])
    (finding,) = [f for f in report.findings if f.rule == RULES["wrong_format"]]
    assert finding.severity == "error"
    assert "2022" in finding.message
    assert report.status == "fail"


def test_missing_section_names_it(corpus: dict[str, Path]) -> None:
    report = check_workbook(corpus["section-missing"])
    (finding,) = [f for f in report.findings if f.rule == RULES["section_missing"]]
    assert "五" in finding.message and "存在的主要问题及改进情况" in finding.message


def test_title_without_year_is_named(corpus: dict[str, Path]) -> None:
    report = check_workbook(corpus["title-without-year"])
    (finding,) = [f for f in report.findings if f.rule == RULES["title_year"]]
    assert "海滨街道办事处政府信息公开工作年度报告" in finding.message
    assert report.year in (None, 2023)  # from the text at most, never guessed otherwise


def test_stated_figure_names_the_text_and_the_table(corpus: dict[str, Path]) -> None:
    case = next(c for c in cases.PUBLISHED_ERRORS if c.name == "stated-figure")
    report = check_workbook(corpus[case.name])
    (finding,) = [f for f in report.findings if f.rule == RULES["stated_figure"]]
    assert "本年新收政府信息公开申请3件" in finding.message
    assert finding.expected == case.values["t3.new.total"]
    assert finding.severity == "error"
    assert report.status == "fail"


def test_a_row_left_out_is_read_as_missing_not_guessed(corpus: dict[str, Path]) -> None:
    """表二 without 规章: no check of the year needs the row, organs without
    rule-making power leave it out — a warning (D716), read as blank, never guessed."""
    case = next(c for c in cases.PUBLISHED_ERRORS if c.name == "row-left-out")
    report = check_workbook(corpus[case.name])
    (finding,) = [f for f in report.findings if f.rule == RULES["row_omitted"]]
    assert "规章" in finding.message + finding.row_label
    assert finding.severity == "warning"
    assert not [f for f in report.findings if f.rule == RULES["row_missing"]]
    assert_values_read(report, case, blank_rows=("rules",))


def test_the_input_page_is_not_modified(corpus: dict[str, Path]) -> None:
    path = corpus["all-variants-mhtml"]
    before = path.read_bytes()
    check_workbook(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["报告.htm", "报告", "报告.HTML", "Word另存为网页.doc"])
def test_a_page_is_recognised_by_its_content_not_its_name(
    name: str, corpus: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / name
    target.write_bytes(corpus["gbk"].read_bytes())
    report = check_workbook(target)
    assert (report.status, report.format, report.year) == ("pass", "2021", 2023)
    assert_values_read(report, next(c for c in cases.CONSISTENT if c.name == "gbk"))
