"""Every rule's examples from the registry, run: a bad example gives the rule, a good one does not.

Each example starts from a consistent return of its format and is changed the
way an office would change it (``checker/registry/examples.py``); the named
changes (``recipe``) are made here, on the in-memory grid of the return
(``tests.checker.conftest``), on the package, or as a batch with a roster or
last year's returns.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import re
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checker.registry import registry
from checker.registry.examples import Example
from checker.results import Finding
from declaration.formulas import total_formula
from declaration.layout import sheet_layouts
from declaration.samples.generate import consistent_values
from declaration.spec import FormSpec, load_spec
from tests.checker.conftest import Formula, Grid, make_return, template_grid

BATCH_YEAR = 2025
_CHECK_ONE = __import__("checker.batch", fromlist=["check_one"]).check_one


def _cases() -> list[Any]:
    cases = []
    for info in registry().values():
        for kind, examples in (("bad", info.bad), ("good", info.good)):
            for i, example in enumerate(examples):
                cases.append(pytest.param(info.id, kind, example, id=f"{info.id}-{kind}-{i}"))
    return cases


def _values(spec: FormSpec, prior: dict[str, float] | None, seed: int = 11) -> dict[str, Any]:
    values: dict[str, Any] = dict(consistent_values(spec, random.Random(seed), prior=prior))
    return values


def _changed(spec: FormSpec, example: Example, prior: dict[str, float] | None) -> dict[str, Any]:
    values = _values(spec, prior)
    for cell_id, amount in example.add:
        values[cell_id] = values[cell_id] + amount
    values.update(example.typed)
    return values


def _sheet(spec: FormSpec, table_id: str) -> str:
    return sheet_layouts(spec)[table_id].sheet_name


def _find(grid: Grid, sheet: str, text: str) -> tuple[int, int]:
    return next(pos for pos, value in grid.sheets[sheet].cells.items() if value == text)


# -- recipes on the grid of one return --------------------------------------------------

Edit = Callable[[Grid], None]


def _delete_sheet(spec: FormSpec, table_id: str) -> Edit:
    return lambda grid: grid.sheets.pop(_sheet(spec, table_id))


def _relabel(spec: FormSpec, table_id: str, old: str, new: str) -> Edit:
    def edit(grid: Grid) -> None:
        sheet = _sheet(spec, table_id)
        grid.sheets[sheet].cells[_find(grid, sheet, old)] = new

    return edit


def _insert_row(spec: FormSpec, table_id: str, after: str, label: str) -> Edit:
    def edit(grid: Grid) -> None:
        sheet = _sheet(spec, table_id)
        row, col = _find(grid, sheet, after)
        grid.insert_row(sheet, row + 1, {col: label})

    return edit


def _delete_row(spec: FormSpec, table_id: str, label: str) -> Edit:
    def edit(grid: Grid) -> None:
        sheet = _sheet(spec, table_id)
        grid.delete_row(sheet, _find(grid, sheet, label)[0])

    return edit


def _swap_rows(spec: FormSpec, table_id: str, first: str, second: str) -> Edit:
    """Cut one row and paste it above the other, as Excel moves a row with its formulas."""

    def edit(grid: Grid) -> None:
        sheet = _sheet(spec, table_id)
        a, b = _find(grid, sheet, first)[0], _find(grid, sheet, second)[0]
        cells = grid.sheets[sheet].cells
        row_a = {c: v for (r, c), v in cells.items() if r == a}
        row_b = {c: v for (r, c), v in cells.items() if r == b}

        def moved(value: Any, to: int, frm: int) -> Any:
            if isinstance(value, Formula):
                text = re.sub(rf"(?<=[A-Z]){frm + 1}(?!\d)", str(to + 1), value.text)
                return Formula(text, value.cached)
            return value

        for c in set(row_a) | set(row_b):
            cells.pop((a, c), None)
            cells.pop((b, c), None)
        cells.update({(b, c): moved(v, b, a) for c, v in row_a.items()})
        cells.update({(a, c): moved(v, a, b) for c, v in row_b.items()})

    return edit


def _place(spec: FormSpec, cell_id: str) -> tuple[str, int, int]:
    cell = spec.cells[cell_id]
    pos = sheet_layouts(spec)[cell.table].values[cell_id]
    return _sheet(spec, cell.table), pos.row, pos.col


def _set(spec: FormSpec, cell_id: str, value: Any) -> Edit:
    def edit(grid: Grid) -> None:
        sheet, row, col = _place(spec, cell_id)
        grid.sheets[sheet].cells[(row, col)] = value

    return edit


def _foreign_tables(spec: FormSpec) -> Edit:
    def edit(grid: Grid) -> None:
        for layout in sheet_layouts(spec).values():
            cells = grid.sheets[layout.sheet_name].cells
            for i, label in enumerate(layout.labels):
                cells[(label.row, label.col)] = f"自定义项目{i}"

    return edit


def _grid_edit(spec: FormSpec, example: Example, values: dict[str, Any]) -> Edit | None:
    """The recipe's change, after any total typed over by hand (the grid writes formulas)."""
    typed = [_set(spec, c, v) for c, v in example.typed if spec.cells[c].is_total]
    change = _recipe_edit(spec, example, values)
    edits = [*typed, *([change] if change else [])]

    def edit(grid: Grid) -> None:
        for one in edits:
            one(grid)

    return edit if edits else None


def _recipe_edit(spec: FormSpec, example: Example, values: dict[str, Any]) -> Edit | None:
    """The edit a named recipe makes to the return's grid (None: not a grid recipe)."""
    recipe = GRID_RECIPES.get(example.recipe)
    if recipe is None:
        return None
    computed = spec.compute_totals({k: v for k, v in values.items() if isinstance(v, int | float)})
    return recipe(spec, example.args, computed)


Args = tuple[object, ...]


def total_only(spec: FormSpec, args: Args, computed: dict[str, float]) -> Edit:
    """A row's 总计 typed while its other cells stay blank."""
    return _set(spec, f"{args[0]}.total", args[1])


def typed_total(spec: FormSpec, args: Args, computed: dict[str, float]) -> Edit:
    """A total typed over with a number off by ``args[1]``."""
    cell_id, delta = str(args[0]), float(str(args[1]))
    return _set(spec, cell_id, computed[cell_id] + delta)


def formula(spec: FormSpec, args: Args, computed: dict[str, float]) -> Edit:
    """A formula of the office's own in a cell."""
    cell_id, text = str(args[0]), str(args[1])
    return _set(spec, cell_id, Formula(text, computed[cell_id]))


def stale_total(spec: FormSpec, args: Args, computed: dict[str, float]) -> Edit:
    """The template's formula with a cached result that is not what it computes."""
    cell_id, delta = str(args[0]), float(str(args[1]))
    return _set(spec, cell_id, Formula(total_formula(spec, cell_id), computed[cell_id] + delta))


def error_value(spec: FormSpec, args: Args, computed: dict[str, float]) -> Edit:
    """A formula whose result is an error value (#DIV/0!)."""
    return _set(spec, str(args[0]), Formula("1/0", str(args[1])))


def date(spec: FormSpec, args: Args, computed: dict[str, float]) -> Edit:
    """A date typed into a number cell."""
    return _set(spec, str(args[0]), dt.datetime(2025, 1, 2))


def blank_total(spec: FormSpec, args: Args, computed: dict[str, float]) -> Edit:
    """A total's formula deleted."""
    return _set(spec, str(args[0]), None)


def totals_only(spec: FormSpec, args: Args, computed: dict[str, float]) -> Edit:
    """The totals of the consistent return typed while the applicant columns are blank."""
    full = spec.compute_totals(_values(spec, None))
    rows = [t.target for t in spec.totals if t.target.startswith("t3.")]
    typed = [_set(spec, c, full[c]) for c in rows if c.endswith(".total")]

    def edit(grid: Grid) -> None:
        for one in typed:
            one(grid)

    return edit


GRID_RECIPES: dict[str, Callable[[FormSpec, Args, dict[str, float]], Edit]] = {
    "total_only": total_only,
    "typed_total": typed_total,
    "delete_sheet": lambda spec, args, _: _delete_sheet(spec, *map(str, args)),
    "relabel": lambda spec, args, _: _relabel(spec, *map(str, args)),
    "insert_row": lambda spec, args, _: _insert_row(spec, *map(str, args)),
    "delete_row": lambda spec, args, _: _delete_row(spec, *map(str, args)),
    "swap_rows": lambda spec, args, _: _swap_rows(spec, *map(str, args)),
    "foreign_tables": lambda spec, args, _: _foreign_tables(spec),
    "formula": formula,
    "stale_total": stale_total,
    "error_value": error_value,
    "date": date,
    "blank_total": blank_total,
    "rename_sheet": lambda spec, args, _: _rename_sheet(spec, str(args[0]), str(args[1])),
    "totals_only": totals_only,
}


def _rename_sheet(spec: FormSpec, table_id: str, name: str) -> Edit:
    def edit(grid: Grid) -> None:
        old = _sheet(spec, table_id)
        grid.sheets = {(name if k == old else k): v for k, v in grid.sheets.items()}

    return edit


def _options(spec: FormSpec, example: Example) -> dict[str, Any]:
    if example.recipe == "unprotect":
        return {"protect": False}
    if example.recipe in ("no_identity", "foreign_tables"):
        return {"meta_info": False}
    if example.recipe == "cover_blank":
        return {"unit": None}
    return {}


def _special_values(spec: FormSpec, example: Example, values: dict[str, Any]) -> dict[str, Any]:
    if example.recipe == "blank_column":
        table, col = example.args
        blank = {c.id: None for c in spec.input_cells() if c.table == table and c.col == col}
        return {**values, **blank}
    if example.recipe == "other_handling":
        cases = int(example.args[0])
        only = {c.id: 0 for c in spec.input_cells() if c.table == "t3"}
        return {
            **values,
            **only,
            "t3.new.natural": 10 + cases,
            "t3.granted.natural": 10,
            "t3.other_misc.natural": cases,
        }
    if example.recipe == "empty_form":
        return {c.id: None for c in spec.input_cells()}
    if example.recipe == "all_zero":
        return {c.id: 0 for c in spec.input_cells()}
    if example.recipe == "totals_only":
        applicants = set(spec.sets["applicants"])
        blank = {c.id: None for c in spec.input_cells() if c.table == "t3" and c.col in applicants}
        return {**values, **blank}
    if example.recipe == "total_only":
        row = str(example.args[0])
        blank = {c.id: None for c in spec.input_cells() if c.id.startswith(row + ".")}
        return {**values, **blank}
    return values


# -- recipes that are files or batches ----------------------------------------------


def _file_case(folder: Path, name: str) -> Path:
    from tests.robustness import corpus

    clean = corpus.make_clean(folder / "clean.xlsx")
    target = folder / name
    corpus.case(name).make(target, clean)
    return target


def _csv_return(folder: Path, spec: FormSpec, values: dict[str, Any]) -> Path:
    """Table 三 exported to CSV, as a spreadsheet program saves one sheet."""
    grid = template_grid(spec, values, year=spec.first_year, unit="海滨街道办事处")
    cells = grid.sheets[_sheet(spec, "t3")].cells
    rows = max(r for r, _ in cells) + 1
    cols = max(c for _, c in cells) + 1
    table = [["" for _ in range(cols)] for _ in range(rows)]
    for (r, c), value in cells.items():
        table[r][c] = value.cached if isinstance(value, Formula) else value
    path = folder / "export.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(table)
    return path


def _formula_without_result(path: Path, spec: FormSpec, cell_id: str, text: str) -> None:
    """A formula written by a script: openpyxl saves no calculated result."""
    from openpyxl import load_workbook

    from declaration.layout import cell_a1

    book = load_workbook(path)
    book[_sheet(spec, spec.cells[cell_id].table)][cell_a1(spec, cell_id)] = "=" + text
    book.save(path)


def _office_return(folder: Path, text: str, index: int, values: dict[str, Any]) -> Path:
    """``名称[:年度[:格式]]``; an empty name is a cover without unit or code."""
    name, _, rest = text.partition(":")
    year_text, _, fmt = rest.partition(":")
    fmt = fmt or "2021"
    year = int(year_text) if year_text else BATCH_YEAR
    own = values if fmt == "2021" else _values(load_spec(fmt), None)
    return make_return(folder, fmt, own, year=year, unit=name or None, name=f"{index:02d}.xlsx")


def _roster_file(folder: Path, rows: list[tuple[str, str]]) -> Path:
    path = folder / "名单.csv"
    path.write_text("\n".join(["单位名称,单位代码", *(f"{n},{c}" for n, c in rows)]), "utf-8")
    return path


def _batch(folder: Path, example: Example, values: dict[str, Any]) -> list[Finding]:
    from checker import CheckOptions, check_paths, load_prior
    from common.roster import read_roster

    returns = folder / "回收"
    returns.mkdir()
    roster = prior = None
    if example.recipe == "roster":
        names, sent = example.args
        roster = read_roster(_roster_file(folder, [(n, "") for n in names]))
        for i, text in enumerate(sent):
            _office_return(returns, text, i, values)
    elif example.recipe in ("roster_empty", "roster_document", "roster_file_name"):
        roster = read_roster(_roster_file(folder, [("甲局", ""), ("乙局", "")]))
        _office_return(returns, "甲局", 0, values)
        if example.recipe == "roster_empty":
            empty = {c.id: None for c in load_spec("2021").input_cells()}
            make_return(returns, "2021", empty, year=BATCH_YEAR, unit="乙局", name="01.xlsx")
        elif example.recipe == "roster_document":
            _word_file(returns / "乙局年报.docx")
        else:
            make_return(returns, "2021", values, year=BATCH_YEAR, unit=None, name="乙局报表.xlsx")
    elif example.recipe == "roster_renamed":
        listed, cover = example.args
        roster = read_roster(_roster_file(folder, [(str(listed), "001")]))
        make_return(returns, "2021", values, year=BATCH_YEAR, unit=str(cover), code="001")
    else:  # last year's returns in a folder
        spec = load_spec("2021")
        last = _values(spec, None, seed=3)
        this = _values(spec, spec.compute_totals(last), seed=4)
        prior_dir = folder / "上年"
        prior_dir.mkdir()
        office = "乙局" if example.recipe == "prior_batch_other_office" else "甲局"
        this_office = "甲局"
        if example.recipe == "prior_batch_named":
            office, this_office = str(example.args[0]), str(example.args[1])
        make_return(prior_dir, "2021", last, year=BATCH_YEAR - 1, unit=office)
        if example.args and example.recipe != "prior_batch_named":
            cell_id, delta = str(example.args[0]), float(example.args[1])
            this[cell_id] += delta
        make_return(returns, "2021", this, year=BATCH_YEAR, unit=this_office)
        prior = load_prior(prior_dir, CheckOptions.of(jobs=1))
    report = check_paths([returns], options=CheckOptions.of(jobs=1), roster=roster, prior=prior)
    findings = [f for fr in report.files for f in fr.findings]
    return findings + (report.roster.findings if report.roster else [])


BATCH_RECIPES = {
    "roster",
    "roster_renamed",
    "roster_empty",
    "roster_document",
    "roster_file_name",
    "prior_batch",
    "prior_batch_other_office",
    "prior_batch_named",
}
FAULT_RECIPES = {"timeout", "crash"}


def _stuck(path: Path) -> Any:
    """A check that never ends (within the test's budget)."""
    time.sleep(30)


def _dies(path: Path) -> Any:
    """A check whose process is killed (as out of memory) for one file, every time."""
    if path.name == "r03.xlsx":
        os.kill(os.getpid(), signal.SIGKILL)
    return _CHECK_ONE(path)


def _faulty_batch(folder: Path, example: Example, values: dict[str, Any]) -> list[Finding]:
    """A batch with a file that runs out of time, or whose worker dies twice."""
    import checker.batch
    from checker import CheckOptions, check_paths

    returns = folder / "回收"
    returns.mkdir()
    first = make_return(returns, "2021", values, name="r00.xlsx")
    count = 1 if example.recipe == "timeout" else 16  # two workers need 16 files
    for n in range(1, count):
        shutil.copy(first, returns / f"r{n:02d}.xlsx")
    checker.batch.check_one = _stuck if example.recipe == "timeout" else _dies  # type: ignore[assignment]
    try:
        report = check_paths(
            [returns], options=CheckOptions.of(jobs=1 if count == 1 else 2, seconds=1)
        )
    finally:
        checker.batch.check_one = _CHECK_ONE
    return [f for fr in report.files for f in fr.findings]


def findings_of(example: Example, folder: Path) -> list[Finding]:
    """Build the example's return (or batch) in ``folder`` and check it."""
    from checker import PriorIndex, check_workbook

    spec = load_spec(example.format)
    last_year = spec.compute_totals(_values(spec, None, seed=5)) if example.prior else None
    prior = None if last_year is None else PriorIndex.of_values(last_year, format=spec.format)
    values = _special_values(spec, example, _changed(spec, example, last_year))
    if example.recipe in BATCH_RECIPES:
        return _batch(folder, example, values)
    if example.recipe in FAULT_RECIPES:
        return _faulty_batch(folder, example, values)
    if example.recipe == "page":  # a published report (D rules)
        from tests.published_unit.examples import published_findings

        return published_findings(example, folder)
    if example.recipe == "file":
        return check_workbook(_file_case(folder, str(example.args[0]))).findings
    if example.recipe == "csv":
        return check_workbook(_csv_return(folder, spec, values)).findings
    if example.recipe in ("archive", "encrypted_archive"):
        return _archive_findings(folder, encrypted=example.recipe == "encrypted_archive")
    if example.recipe == "document":
        document = _word_file(folder / str(example.args[0]))
        return check_workbook(document).findings
    path = make_return(
        folder,
        example.format,
        values,
        year=example.year,
        edit=_grid_edit(spec, example, values),
        **_options(spec, example),
    )
    if example.recipe == "formula_without_result":
        _formula_without_result(path, spec, str(example.args[0]), str(example.args[1]))
    return check_workbook(path, prior=prior).findings


@pytest.mark.parametrize(("rule_id", "kind", "example"), _cases())
def test_rule_example(rule_id: str, kind: str, example: Example, tmp_path: Path) -> None:
    rules = {f.rule for f in findings_of(example, tmp_path)}
    if kind == "bad":
        assert rule_id in rules, f"{example.note} 应报告 {rule_id}，实际：{sorted(rules)}"
    else:
        assert rule_id not in rules, f"{example.note} 不应报告 {rule_id}"


# recipes that change the values or the template's options rather than the grid
VALUE_RECIPES = {"blank_column", "other_handling", "empty_form", "all_zero"}
OPTION_RECIPES = {"unprotect", "no_identity", "cover_blank"}
FILE_RECIPES = {
    "file",
    "csv",
    "document",
    "page",
    "formula_without_result",
    "archive",
    "encrypted_archive",
}


def _archive_findings(folder: Path, encrypted: bool = False) -> list[Finding]:
    """Two offices' returns sent in one archive, beside one return: a RAR (named, not
    read), or a .zip whose second member is protected by a password."""
    from checker import CheckOptions, check_paths
    from tests.support.archives import write_zip

    spec = load_spec("2021")
    returns = folder / "回收"
    returns.mkdir()
    values = _values(spec, None)
    first = make_return(folder, "2021", values, year=BATCH_YEAR, unit="甲局", name="甲局.xlsx")
    second = make_return(folder, "2021", values, year=BATCH_YEAR, unit="乙局", name="乙局.xlsx")
    make_return(returns, "2021", values, year=BATCH_YEAR, unit="丙局", name="丙局.xlsx")
    if encrypted:
        members = [("甲局.xlsx", first.read_bytes()), ("乙局.xlsx", second.read_bytes())]
        write_zip(returns / "报表.zip", members, encrypted=["乙局.xlsx"])
    else:
        (returns / "报表.rar").write_bytes(b"Rar!\x1a\x07\x01\x00" + b"\0" * 64)
    report = check_paths([returns], options=CheckOptions.of(jobs=1))
    return [f for fr in report.files for f in fr.findings]


def _word_file(path: Path) -> Path:
    """A readable Word file with the narrative and no report tables (a letter, say)."""
    import docx

    word = docx.Document()
    word.add_paragraph("一、总体情况")
    word.save(str(path))
    return path


def test_every_recipe_an_example_names_exists() -> None:
    known = {"", *GRID_RECIPES, *VALUE_RECIPES, *OPTION_RECIPES, *FILE_RECIPES}
    known |= BATCH_RECIPES | FAULT_RECIPES
    named = {e.recipe for r in registry().values() for e in (*r.bad, *r.good)}
    assert sorted(named - known) == []
