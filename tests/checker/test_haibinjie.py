"""End to end through real files: the 海滨街 2020 return in the 2019 template.

Returns are written by the template writer (cached results present), by
openpyxl (no cached results), re-saved by LibreOffice (its own recalculated
results), or tampered with (typed-over total, inserted row). Each must give the
right report, and no input file may be modified.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from checker import check_paths, check_workbook
from checker.results import FileReport
from declaration.samples import sample_values
from declaration.spec import load_spec
from template_builder.samples import build_sample
from template_builder.writer import build_template
from tests.checker.conftest import Formula, make_return
from tests.support.libreoffice import recalc

SPEC = load_spec("2019")
T3 = "三、收到和处理政府信息公开申请情况"


def cells(report: FileReport) -> set[tuple[str, str]]:
    return {(f.rule, f.cell) for f in report.findings if f.severity != "info"}


def build(path: Path, **changes: Any) -> Path:
    values = {**sample_values("haibinjie-2020"), **changes}
    return build_template(SPEC, year=2020, path=path, unit="海滨街", values=values)


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The returns of this module, written once; LibreOffice copies in one soffice call."""
    folder = tmp_path_factory.mktemp("haibinjie")
    paths = {
        "clean": build_sample(folder / "clean.xlsx"),
        "typed_total": build(folder / "typed_total.xlsx", **{"t3.new.total": 5}),
        "broken": build(folder / "broken.xlsx", **{"t3.carried.natural": 2}),
    }
    paths["openpyxl"] = _fill_with_openpyxl(paths["clean"], folder / "openpyxl.xlsx")
    return paths


def _fill_with_openpyxl(template: Path, target: Path) -> Path:
    """Retype the inputs with openpyxl: the saved file has formulas but no cached results."""
    import openpyxl

    from declaration.layout import cell_address

    book = openpyxl.load_workbook(template)
    for cell_id, value in sample_values("haibinjie-2020").items():
        sheet, row, col = cell_address(SPEC, cell_id)
        book[sheet].cell(row + 1, col + 1).value = value
    sheet, row, col = cell_address(SPEC, "t3.granted.natural")
    book[sheet].cell(row + 1, col + 1).value = 4  # one fewer granted: A301 and A303 break
    book.save(target)
    return target


def test_clean_return_passes_with_the_sample_values(returns: dict[str, Path]) -> None:
    report = check_workbook(returns["clean"])
    assert report.status == "pass"
    assert [f for f in report.findings if f.severity != "info"] == []
    assert (report.unit, report.year, report.format) == ("海滨街", 2020, "2019")
    assert report.document == "国办公开办函〔2019〕60号"
    assert report.values["t3.new.total"] == 4
    assert report.values["t4.main.review_total"] == 1
    assert report.values["t2.procurement.amount"] == pytest.approx(7433.99)


def test_typed_over_total_gives_exactly_the_expected_findings(returns: dict[str, Path]) -> None:
    report = check_workbook(returns["typed_total"])
    # one cause, one finding: the total's own rule (A302) with the difference; the
    # identity of the 总计 column (A301) fails by the same difference and is left out
    assert cells(report) == {("A302", "J6")}
    a302 = next(f for f in report.findings if f.rule == "A302")
    assert (a302.sheet, a302.found, a302.expected) == (T3, 5, 4)
    assert report.status == "fail"


def test_broken_identity(returns: dict[str, Path]) -> None:
    report = check_workbook(returns["broken"])
    assert cells(report) == {("A301", "D6"), ("A301", "J6")}
    d6 = next(f for f in report.findings if f.cell == "D6")
    assert [line.total for line in d6.diff] == [6, 5]


def test_openpyxl_written_return_without_cached_results(returns: dict[str, Path]) -> None:
    report = check_workbook(returns["openpyxl"])
    assert cells(report) == {("A301", "D6"), ("A301", "J6")}  # no A305 without cached values


def test_returns_recalculated_by_libreoffice(returns: dict[str, Path], tmp_path: Path) -> None:
    names = ["clean", "typed_total", "openpyxl"]
    recalculated = recalc([returns[n] for n in names], tmp_path)
    reports = {n: check_workbook(p) for n, p in zip(names, recalculated, strict=True)}
    assert cells(reports["clean"]) == set()
    assert {("A302", "J6")} <= cells(reports["typed_total"])
    assert {r for r, _ in cells(reports["typed_total"])} <= {"A302", "S112"}
    # LibreOffice computed the cached results: they agree with the recomputation
    assert cells(reports["openpyxl"]) == {("A301", "D6"), ("A301", "J6")}


def test_stale_cached_result_is_reported(tmp_path: Path) -> None:
    """A scripted edit that leaves a formula's saved result stale gives A305."""
    from declaration.formulas import total_formula

    def stale(grid: Any) -> None:
        grid.set(
            "四、政府信息公开行政复议、行政诉讼情况",
            "E6",
            Formula(total_formula(SPEC, "t4.main.review_total"), 0),
        )

    values = sample_values("haibinjie-2020")
    path = make_return(tmp_path, "2019", values, year=2020, unit="海滨街", edit=stale)
    report = check_workbook(path)
    assert report.flatten(["rule", "cell", "expected", "found"]) == [["A305", "E6", 1, 0]]
    assert report.status == "pass"


def test_inserted_row_is_realigned(tmp_path: Path) -> None:
    values = dict(sample_values("haibinjie-2020"))
    values["t3.carried.natural"] = 2  # A301 breaks in column D

    def insert(grid: Any) -> None:
        grid.insert_row(T3, 6, {0: "其中：网上申请"})  # above 二、上年结转 (0-based row 6)

    path = make_return(tmp_path, "2019", values, year=2020, unit="海滨街", edit=insert)
    report = check_workbook(path)
    rules = cells(report)
    assert ("A301", "D6") in rules and ("A301", "J6") in rules
    assert any(rule == "S104" for rule, _ in rules)
    a301 = next(f for f in report.findings if f.rule == "A301" and f.cell == "D6")
    assert a301.diff[0].cells == ("D6", "D8")  # 二 moved down one row
    assert a301.diff[1].cells == ("D28", "D29")


def test_batch_with_folder_lock_file_and_garbage(returns: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "回收"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(returns["clean"], folder / "a.xlsx")
    shutil.copy(returns["broken"], folder / "sub" / "b.xlsx")
    (folder / "~$a.xlsx").write_bytes(b"lock")
    (folder / "c.xlsx").write_bytes(b"not a workbook")
    digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.xlsx")}
    report = check_paths([folder, str(folder / "*.xlsx")])
    names = [Path(f.path).name for f in report.files]
    assert names == ["a.xlsx", "c.xlsx", "b.xlsx"]  # sorted, duplicates from the glob dropped
    assert [f.status for f in report.files] == ["pass", "unreadable", "fail"]
    assert report.files[1].findings[0].severity == "error"
    assert any("~$a.xlsx" in note for note in report.notes)
    assert digests == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in digests}
