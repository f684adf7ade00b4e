"""LibreOffice as the real client: it recalculates what the template computes.

Fills are typed into the built templates with openpyxl (no cached values),
every workbook is recalculated in one soffice call, and each total and each
校验 row must equal the spec's own Python evaluation.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from declaration.identity import CHECK_SHEET
from declaration.layout import sheet_layouts
from declaration.spec import FormSpec
from template_builder.sheet_checks import FAILED, OK, sheet_checks
from template_builder.writer import computed_values
from tests.builder.fills import Fill, breaking_fill, consistent_fill
from tests.support.libreoffice import recalc

Built = dict[str, tuple[FormSpec, Path]]
SEEDS = (1, 2)
FIRST_CHECK_ROW = 4


def _fills(spec: FormSpec) -> list[Fill]:
    fills = [consistent_fill(spec, seed) for seed in SEEDS]
    rules = [r for r in spec.rules if not any(c.uses_prior() for c in r.checks)]
    fills += [breaking_fill(spec, rule, fills[0]) for rule in rules]
    return fills


def _type_into(template: Path, spec: FormSpec, fill: Fill, target: Path) -> None:
    wb = openpyxl.load_workbook(template)
    layouts = sheet_layouts(spec)
    for cell_id, value in fill.typed().items():
        layout = layouts[cell_id.split(".", 1)[0]]
        pos = layout.values[cell_id]
        wb[layout.sheet_name].cell(pos.row + 1, pos.col + 1).value = value
    wb.save(target)


@pytest.fixture(scope="module")
def recalculated(
    built: Built, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[FormSpec, Fill, Path]]:
    folder = tmp_path_factory.mktemp("filled")
    cases: list[tuple[FormSpec, Fill, Path]] = []
    for fmt, (spec, template) in built.items():
        for fill in _fills(spec):
            path = folder / f"{fmt}-{fill.name}.xlsx"
            _type_into(template, spec, fill, path)
            cases.append((spec, fill, path))
    outputs = recalc([p for _, _, p in cases], tmp_path_factory.mktemp("recalculated"))
    return [(spec, fill, out) for (spec, fill, _), out in zip(cases, outputs, strict=True)]


def test_every_fill_was_recalculated(recalculated: list[tuple[FormSpec, Fill, Path]]) -> None:
    names = {(s.format, f.name) for s, f, _ in recalculated}
    assert ("2019", "break-P401") in names and ("2021", "break-A304") in names


def test_totals_equal_the_spec_evaluation(
    recalculated: list[tuple[FormSpec, Fill, Path]],
) -> None:
    for spec, fill, path in recalculated:
        expected = computed_values(spec, fill.typed())
        wb = openpyxl.load_workbook(path, data_only=True)
        layouts = sheet_layouts(spec)
        for cell in spec.total_cells():
            layout = layouts[cell.table]
            pos = layout.values[cell.id]
            got = wb[layout.sheet_name].cell(pos.row + 1, pos.col + 1).value
            assert got == pytest.approx(expected[cell.id]), (spec.format, fill.name, cell.id)


def test_check_sheet_equals_python(recalculated: list[tuple[FormSpec, Fill, Path]]) -> None:
    for spec, fill, path in recalculated:
        values = computed_values(spec, fill.typed())
        ws = openpyxl.load_workbook(path, data_only=True)[CHECK_SHEET]
        failed_rules = set()
        for row, (rule, check) in enumerate(sheet_checks(spec), start=FIRST_CHECK_ROW):
            where = (spec.format, fill.name, row)
            left = check.lhs.evaluate(values)
            right = check.rhs.evaluate(values)
            assert ws.cell(row, 5).value == pytest.approx(left), where
            assert ws.cell(row, 6).value == pytest.approx(right), where
            assert ws.cell(row, 7).value == pytest.approx(left - right), where
            holds = check.holds(values)
            assert ws.cell(row, 8).value == (OK if holds else FAILED), where
            if not holds:
                failed_rules.add(rule.id)
        summary = ws.cell(2, 1).value
        if fill.broken_rule is None:
            assert failed_rules == set() and summary == "全部通过", fill.name
        else:
            assert fill.broken_rule in failed_rules and "未通过" in str(summary), fill.name
