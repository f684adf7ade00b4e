"""One cause, one finding: what follows from one change is not reported again.

Table 三 filled only in its 总计 column is V218 alone (its typed row totals, zeros
included, are no S117 each); a typed-over wrong total is one A302 that says the
formula was replaced by the typed number. The expected verdict of each case is
written before it is run.
"""

from __future__ import annotations

from pathlib import Path

from checker import check_workbook
from tests.verdicts.office import REAL_2021, known, spec_2021, template_return

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
