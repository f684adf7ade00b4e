"""``check-workbook`` on published reports: JSON report, last year's report as
``--prior`` (identical rows, copied narrative, carry-over), a mixed batch against a
roster, and published reports as last year's data for spreadsheet returns.

Last year's report and this year's are generated as a pair: this year's
二、上年结转 follows last year's 四、结转下年度继续办理, so only the change a test
makes can give a cross-year finding. Verdicts are written before each check.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from commands.check_workbook import main
from declaration.samples.generate import consistent_values
from declaration.samples.pages.page import full_values, write_page
from declaration.samples.pages.variants import Page
from declaration.spec import load_spec
from template_builder.writer import build_template
from tests.published import cases
from tests.published.cases import RULES
from tests.published.conftest import Converted

SPEC = load_spec("2021")
UNIT = "海滨街道办事处"
LAST, THIS = 2022, 2023


def run(tmp_path: Path, *argv: str) -> tuple[int, dict[str, Any]]:
    out = tmp_path / f"report-{len(list(tmp_path.glob('report-*.json')))}.json"
    code = main([*argv, "--format", "json", "-o", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def rules_of(file: dict[str, Any]) -> list[str]:
    return sorted(f["rule"] for f in file["findings"])


@pytest.fixture(scope="module")
def pair() -> tuple[dict[str, float], dict[str, float]]:
    """Last year's values and this year's, consistent across the years."""
    last = full_values(SPEC, consistent_values(SPEC, random.Random(21), scale=30))
    this = full_values(SPEC, consistent_values(SPEC, random.Random(22), prior=last, scale=30))
    return last, this


def _with_t4_of(values: dict[str, float], other: dict[str, float]) -> dict[str, float]:
    """``values`` with table 四 copied from ``other`` (the whole 复议/诉讼 row)."""
    return {**values, **{k: v for k, v in other.items() if k.startswith("t4.")}}


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory, pair: Any) -> dict[str, Path]:
    last, this = pair
    folder = tmp_path_factory.mktemp("years")
    (folder / "prior").mkdir()
    page = Page(unit=UNIT)
    return {
        "last": write_page(folder / "prior" / "last.html", last, page.but(year=LAST, seed=5)),
        "this": write_page(folder / "this.html", this, page.but(year=THIS, seed=6)),
        "rows-copied": write_page(
            folder / "rows-copied.html", _with_t4_of(this, last), page.but(year=THIS, seed=6)
        ),
        "text-copied": write_page(folder / "text-copied.html", this, page.but(year=THIS, seed=5)),
    }


def test_json_report_of_a_page_names_the_published_cell(
    tmp_path: Path, corpus: dict[str, Path]
) -> None:
    code, report = run(tmp_path, str(corpus["row-total-wrong"]))
    assert code == 1
    (file,) = report["files"]
    assert (file["status"], file["format"], file["year"], file["unit"]) == (
        "fail",
        "2021",
        2023,
        UNIT,
    )
    (finding,) = [f for f in file["findings"] if f["rule"] == "A302"]
    case = next(c for c in cases.ARITHMETIC_ERRORS if c.name == "row-total-wrong")
    assert (finding["sheet"], finding["cell"]) == (
        "表三",
        cases.published_place(case, "t3.granted.total"),
    )


def test_clean_page_exits_zero(tmp_path: Path, corpus: dict[str, Path]) -> None:
    code, report = run(tmp_path, str(corpus["clean-2021"]))
    assert code == 0
    assert report["files"][0]["counts"]["error"] == 0


def test_last_years_report_as_prior_gives_no_finding_when_nothing_repeats(
    tmp_path: Path, years: dict[str, Path]
) -> None:
    _, report = run(tmp_path, str(years["this"]), "--prior", str(years["last"]))
    (file,) = report["files"]
    assert [r for r in rules_of(file) if r[0] in "XD"] == []


def test_rows_identical_to_last_years_are_reported(tmp_path: Path, years: dict[str, Path]) -> None:
    _, report = run(tmp_path, str(years["rows-copied"]), "--prior", str(years["last"]))
    (file,) = report["files"]
    repeated = [f for f in file["findings"] if f["rule"] == RULES["rows_repeated"]]
    assert len(repeated) == 1
    assert repeated[0]["sheet"] == "表四"
    assert RULES["text_repeated"] not in rules_of(file)


def test_narrative_copied_from_last_year_is_reported(
    tmp_path: Path, years: dict[str, Path]
) -> None:
    _, report = run(tmp_path, str(years["text-copied"]), "--prior", str(years["last"]))
    (file,) = report["files"]
    assert RULES["text_repeated"] in rules_of(file)
    assert RULES["rows_repeated"] not in rules_of(file)


def test_prior_folder_of_published_reports_is_matched_by_office(
    tmp_path: Path, years: dict[str, Path]
) -> None:
    prior = str(years["last"].parent)
    _, report = run(
        tmp_path, str(years["rows-copied"]), str(years["text-copied"]), "--prior", prior
    )
    by_name = {Path(f["path"]).name: rules_of(f) for f in report["files"]}
    assert RULES["rows_repeated"] in by_name["rows-copied.html"]
    assert RULES["text_repeated"] in by_name["text-copied.html"]
    assert "X504" not in by_name["rows-copied.html"] + by_name["text-copied.html"]


def test_published_reports_are_last_years_data_for_spreadsheet_returns(
    tmp_path: Path, pair: Any, years: dict[str, Path]
) -> None:
    """This year's returns are workbooks; last year's only exist as published pages."""
    last, this = pair
    inputs = {c.id: this[c.id] for c in SPEC.input_cells()}
    returns = tmp_path / "回收"
    returns.mkdir()
    build_template(SPEC, year=THIS, path=returns / "consistent.xlsx", unit=UNIT, values=inputs)
    moved = {**inputs, "t3.carried.natural": inputs["t3.carried.natural"] + 1}
    moved["t3.new.natural"] -= 1  # the 勾稽 relation still holds; only the carry-over is wrong
    (returns / "second").mkdir()
    build_template(SPEC, year=THIS, path=returns / "second" / "carry.xlsx", unit=UNIT, values=moved)
    copied = _with_t4_of(inputs, last)
    (returns / "third").mkdir()
    build_template(SPEC, year=THIS, path=returns / "third" / "t4.xlsx", unit=UNIT, values=copied)
    prior = str(years["last"].parent)
    reports = {}
    for path in sorted(returns.rglob("*.xlsx")):
        _, report = run(tmp_path, str(path), "--prior", prior)
        reports[path.name] = rules_of(report["files"][0])
    assert [r for r in reports["consistent.xlsx"] if r[0] in "XD"] == []
    # 二、上年结转 differs from last year's 结转 in 自然人 and so in 总计
    assert [r for r in reports["carry.xlsx"] if r[0] in "XD"] == ["X501", "X501"]
    assert [r for r in reports["t4.xlsx"] if r[0] in "XD"] == [RULES["rows_repeated"]]


def test_mixed_batch_against_a_roster(
    tmp_path: Path, corpus: dict[str, Path], converted: Converted, pair: Any
) -> None:
    """A page, an .mhtml, a Word file, copied text and a workbook: each read, the
    roster names only the office that sent nothing."""
    _, this = pair
    folder = tmp_path / "回收"
    folder.mkdir()
    page = Page(year=THIS)
    write_page(folder / "甲局.html", this, page.but(unit="甲局"))
    write_page(
        folder / "乙局.mhtml", this, page.but(unit="乙局", container="mhtml", encoding="gbk")
    )
    inputs = {c.id: this[c.id] for c in SPEC.input_cells()}
    build_template(SPEC, year=THIS, path=folder / "丙局.xlsx", unit="丙局", values=inputs)
    docx = converted.path("docx", "t3-continued")  # 海滨街道办事处 2023
    (folder / docx.name).write_bytes(docx.read_bytes())
    roster = tmp_path / "单位名单.csv"
    roster.write_text(
        "单位名称,单位代码\n甲局,\n乙局,\n丙局,\n海滨街道办事处,\n丁局,\n", encoding="utf-8"
    )
    code, report = run(tmp_path, str(folder), "--roster", str(roster))
    units = {f["unit"]: f["status"] for f in report["files"]}
    assert units == {"甲局": "pass", "乙局": "pass", "丙局": "pass", UNIT: "pass"}
    assert [(f["rule"], f["office"]) for f in report["roster"]["findings"]] == [("R601", "丁局")]
    assert report["roster"]["missing"] == ["丁局"]
    assert code == 1


def test_published_report_becomes_a_filled_return(tmp_path: Path, corpus: dict[str, Path]) -> None:
    """--to-template: the numbers of a page in the official template; checking the new
    workbook gives the page's arithmetic finding again, and the same values."""
    from checker import check_workbook

    target = tmp_path / "填入模板.xlsx"
    assert main([str(corpus["row-total-wrong"]), "--quiet", "--to-template", str(target)]) == 1
    page, workbook = check_workbook(corpus["row-total-wrong"]), check_workbook(target)
    assert (workbook.format, workbook.year, workbook.unit) == ("2021", THIS, UNIT)
    assert [f.rule for f in workbook.findings if f.rule.startswith("A3")] == ["A302"]
    assert workbook.values == page.values


def test_build_template_takes_last_years_published_reports_as_prior(
    tmp_path: Path, pair: Any, years: dict[str, Path]
) -> None:
    """build-template --roster … --prior: 二、上年结转 of the new template is last
    year's 四、结转下年度继续办理 read from the published page; an office without a
    page gets it blank."""
    from checker.read.extract import extract
    from commands.build_template import main as build_main

    last, _ = pair
    roster = tmp_path / "名单.csv"
    roster.write_text(f"单位名称,单位代码\n{UNIT},\n甲局,\n", encoding="utf-8")
    out = tmp_path / "下发"
    argv = ["--roster", str(roster), "--year", str(THIS), "-o", str(out)]
    assert build_main([*argv, "--prior", str(years["last"].parent)]) == 0
    (ours,) = [p for p in out.rglob("*.xlsx") if UNIT in p.name]
    cells = extract(ours).cells
    for col in SPEC.sets["applicants"]:
        assert cells[f"t3.carried.{col}"].value == last[f"t3.carry_forward.{col}"]
    (other,) = [p for p in out.rglob("*.xlsx") if "甲局" in p.name]
    assert extract(other).cells["t3.carried.natural"].blank


def test_html_and_terminal_reports_of_a_page_name_the_published_place(
    tmp_path: Path, corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The same reports as for a workbook: the finding's table, labels and place."""
    case = next(c for c in cases.ARITHMETIC_ERRORS if c.name == "row-total-wrong")
    place = cases.published_place(case, "t3.granted.total")
    html_report = tmp_path / "报告.html"
    code = main([str(corpus[case.name]), "--no-color", "--html", str(html_report)])
    assert code == 1
    terminal = capsys.readouterr().out
    page = html_report.read_text(encoding="utf-8")
    for shown in (terminal, page):
        assert "A302" in shown and place in shown and "（一）予以公开" in shown


def test_a_row_of_table_three_repeated_while_the_text_says_nothing_was_received(
    tmp_path: Path, pair: Any
) -> None:
    """The real case: last year's row of table 三 repeated, the text saying no
    application came in. Both causes are named: the repeated row and the text."""
    last, this = pair
    inputs = {c.id: this[c.id] for c in SPEC.input_cells()}
    for col in SPEC.sets["applicants"]:
        inputs[f"t3.granted.{col}"] = last[f"t3.granted.{col}"]
        handled = sum(inputs[f"t3.{row}.{col}"] for row in SPEC.sets["outcomes"])
        received = inputs[f"t3.new.{col}"] + inputs[f"t3.carried.{col}"]
        inputs[f"t3.new.{col}"] += max(0.0, handled - received)
        inputs[f"t3.carry_forward.{col}"] = max(received, handled) - handled
    page = Page(unit=UNIT, year=THIS, seed=6, stated={"new": 0})
    path = write_page(tmp_path / "repeated.html", full_values(SPEC, inputs), page)
    prior = tmp_path / "prior.html"
    write_page(prior, last, Page(unit=UNIT, year=LAST, seed=5))
    _, report = run(tmp_path, str(path), "--prior", str(prior))
    (file,) = report["files"]
    repeated = [f for f in file["findings"] if f["rule"] == RULES["rows_repeated"]]
    assert [(f["sheet"], "（一）予以公开" in f["message"]) for f in repeated] == [("表三", True)]
    stated = [f for f in file["findings"] if f["rule"] == RULES["stated_figure"]]
    assert len(stated) == 1 and "0件" in stated[0]["message"]
    assert [r for r in rules_of(file) if r.startswith("A3")] == []
