"""One cause, one finding: what follows from one change is not reported again.

Table 三 filled only in its 总计 column is V218 alone (its typed row totals, zeros
included, are no S117 each); a typed-over wrong total is one A302 that says the
formula was replaced by the typed number. The expected verdict of each case is
written before it is run.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from checker import check_workbook
from tests.verdicts.office import REAL_2021, known, sheet_of, spec_2021, template_return

SPEC = spec_2021()


def _problems(path: Path) -> list[tuple[str, str]]:
    report = check_workbook(path)
    return [(f.rule, f.cell) for f in report.findings if f.severity != "info"]


def test_only_the_total_column_is_v218_alone(tmp_path: Path) -> None:
    values = known(SPEC, REAL_2021)
    computed = SPEC.compute_totals(values)
    data = {k: v for k, v in values.items() if not k.startswith("t3.")}
    for cell_id, cell in SPEC.cells.items():
        if cell_id.startswith("t3.") and cell.is_total and cell.col_label == "总计":
            data[cell_id] = computed[cell_id]  # typed, zeros too, as a copied column
    assert _problems(template_return(tmp_path / "a.xlsx", data)) == [("V218", "J6")]


def test_typed_over_wrong_total_says_the_formula_was_replaced(tmp_path: Path) -> None:
    values = dict(known(SPEC, REAL_2021))
    values["t3.new.total"] = 46  # the details add up to 47
    report = check_workbook(template_return(tmp_path / "a.xlsx", values))
    problems = [f for f in report.findings if f.severity != "info"]
    assert [(f.rule, f.cell) for f in problems] == [("A302", "J6")]
    (a302,) = problems
    assert a302.message == (
        "总计不等于六类申请人之和；该总计的公式 =SUM(D6:I6) 已被替换为填入的数值 46，"
        "请恢复公式，不要再改填别的数"
    )
    assert a302.difference == -1


# -- a structural change takes what follows from it ---------------------------------


def _t3(path: Path) -> tuple[openpyxl.Workbook, Worksheet]:
    wb = openpyxl.load_workbook(path)
    return wb, wb[sheet_of(SPEC, "t3.new.total")]


def _column_of(ws: Worksheet, label: str) -> int:
    for row in ws.iter_rows(min_row=1, max_row=8):
        for cell in row:
            if cell.value == label:
                return int(cell.column)
    raise AssertionError(f"no column {label}")


def test_a_column_deleted_by_a_script_is_one_finding_listing_what_it_shifted(
    tmp_path: Path,
) -> None:
    """科研机构 deleted with a script (openpyxl moves the cells, not the formulas or
    the merged header): the template's formulas now point one column off, the 总计
    column is blank where it belongs, a header label sits in the wrong column. One
    S105, the cause, with those 13 findings listed under it and nothing else."""
    path = template_return(tmp_path / "a.xlsx", known(SPEC, REAL_2021))
    wb, ws = _t3(path)
    ws.delete_cols(_column_of(ws, "科研机构"))
    wb.save(tmp_path / "deleted.xlsx")
    report = check_workbook(tmp_path / "deleted.xlsx")
    problems = [f for f in report.findings if f.severity != "info"]
    assert [(f.rule, f.severity) for f in problems] == [("S105", "error")]
    (s105,) = problems
    absorbed = [rule for rule, _ in s105.absorbed]
    assert sorted(set(absorbed)) == ["A306", "S102", "S104", "S111"]
    assert absorbed.count("A306") == 8 and absorbed.count("S111") == 3
    assert "“科研机构”" in s105.message and "由此引起的 13 项问题归入本条" in s105.message
    shifted = {"F29", "G29", "H29", "J6", "J7", "J8", "J9", "J18", "J22", "J29", "J30"}
    assert shifted <= set(s105.cells)  # annotated copies mark each of them
    assert s105.to_json()["absorbed"][0] == {
        "rule": s105.absorbed[0][0],
        "cell": s105.absorbed[0][1],
    }


def test_an_inserted_row_a_warning_never_hides_the_errors_after_it(tmp_path: Path) -> None:
    """A row inserted in table 三 is S104, a warning. A wrong total below it is an
    error the office must correct: it stays an error of its own."""
    values = dict(known(SPEC, REAL_2021))
    values["t3.carry_forward.total"] = 99  # typed over with a wrong number
    path = template_return(tmp_path / "a.xlsx", values)
    wb, ws = _t3(path)
    ws.insert_rows(12)
    ws.cell(row=12, column=3, value="（补充）其他情形")
    wb.save(tmp_path / "inserted.xlsx")
    report = check_workbook(tmp_path / "inserted.xlsx")
    rules = {(f.rule, f.severity) for f in report.findings}
    assert ("S104", "warning") in rules
    assert report.status == "fail"
    for f in report.findings:  # nothing worse than a cause is listed under it
        worse = {"error": 0, "warning": 1, "info": 2}
        for rule, _ in f.absorbed:
            kept = [x for x in report.findings if x.rule == rule]
            assert not kept or worse[f.severity] <= min(worse[x.severity] for x in kept)
    assert any(
        f.rule == "A302" or f.rule == "S111" for f in report.findings if f.severity == "error"
    )


# -- one rule along a column is one finding ------------------------------------------


def test_a_column_of_totals_pasted_as_values_is_one_s117_listing_its_cells(
    tmp_path: Path,
) -> None:
    values = dict(known(SPEC, REAL_2021))
    computed = SPEC.compute_totals(values)
    totals = [
        c
        for c in SPEC.cells.values()
        if c.table == "t3" and c.is_total and c.col_label == "总计" and computed[c.id]
    ]
    for cell in totals:
        values[cell.id] = computed[cell.id]  # right numbers, typed over the formulas
    report = check_workbook(template_return(tmp_path / "a.xlsx", values))
    s117 = [f for f in report.findings if f.rule == "S117"]
    assert len(s117) == 1
    (one,) = s117
    assert len(one.cells) == len(totals) and one.cell == one.cells[0]
    assert all(c.startswith("J") for c in one.cells)
    assert f"{len(totals)} 个总计单元格" in one.message and "请恢复模板的公式" in one.message
    assert one.to_json()["cells"] == list(one.cells)


def test_a_total_column_cleared_is_one_a306_with_what_each_should_be(tmp_path: Path) -> None:
    path = template_return(tmp_path / "a.xlsx", known(SPEC, REAL_2021))
    wb, ws = _t3(path)
    column = _column_of(ws, "总计")
    cleared = []
    for row in range(6, 31):
        cell = ws.cell(row=row, column=column)
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.value = None
            cleared.append(cell.coordinate)
    wb.save(tmp_path / "cleared.xlsx")
    report = check_workbook(tmp_path / "cleared.xlsx")
    a306 = [f for f in report.findings if f.rule == "A306"]
    assert len(a306) == 1
    (one,) = a306
    assert set(one.cells) <= set(cleared) and len(one.cells) >= 2
    assert "J6 应为 47" in one.message
    assert "“总计”列" in one.message
