"""The built workbook read back with openpyxl: labels, merges, protection, validation."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from declaration.formulas import formula_for, total_formula
from declaration.identity import (
    CHECK_SHEET,
    COVER_SHEET,
    INSTRUCTIONS_SHEET,
    META_KEYS,
    META_SHEET,
    PROP_CODE,
    PROP_FORMAT,
    PROP_GENERATOR,
    PROP_UNIT,
    PROP_YEAR,
)
from declaration.layout import a1, cover_positions, sheet_layouts
from declaration.spec import FormSpec, load_spec
from template_builder import __version__
from template_builder.sheet_checks import sheet_checks
from template_builder.writer import build_template

FORMATS = ["2019", "2021"]
Built = dict[str, tuple[FormSpec, Path]]


def _open(built: Built, fmt: str) -> tuple[FormSpec, openpyxl.Workbook]:
    spec, path = built[fmt]
    return spec, openpyxl.load_workbook(path)


def _merged(ws: Worksheet) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def _input_addresses(spec: FormSpec, table: str) -> set[str]:
    layout = sheet_layouts(spec)[table]
    return {
        a1(p.row, col)
        for cid, p in layout.values.items()
        if not spec.cells[cid].is_total
        for col in range(p.col, p.last_col + 1)
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_sheet_order_and_visibility(built: Built, fmt: str) -> None:
    spec, wb = _open(built, fmt)
    titles = [t.title for t in spec.tables]
    assert wb.sheetnames == [COVER_SHEET, INSTRUCTIONS_SHEET, *titles, CHECK_SHEET, META_SHEET]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert all(wb[n].sheet_state == "visible" for n in wb.sheetnames[:-1])
    assert all(ws.protection.sheet for ws in wb.worksheets)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_label_verbatim_at_its_layout_position(built: Built, fmt: str) -> None:
    spec, wb = _open(built, fmt)
    for table in spec.tables:
        layout = sheet_layouts(spec)[table.id]
        ws = wb[layout.sheet_name]
        assert ws["A1"].value == table.title
        merged = _merged(ws)
        for lab in layout.labels:
            assert ws.cell(lab.row + 1, lab.col + 1).value == lab.text, (table.id, lab)
            rng = f"{a1(lab.row, lab.col)}:{a1(lab.last_row, lab.last_col)}"
            assert (rng in merged) == lab.merged, rng
        for pos in layout.values.values():
            if pos.last_col > pos.col:
                assert f"{a1(pos.row, pos.col)}:{a1(pos.row, pos.last_col)}" in merged


@pytest.mark.parametrize("fmt", FORMATS)
def test_inputs_unlocked_everything_else_locked(built: Built, fmt: str) -> None:
    spec, wb = _open(built, fmt)
    for table in spec.tables:
        layout = sheet_layouts(spec)[table.id]
        ws = wb[layout.sheet_name]
        inputs = _input_addresses(spec, table.id)
        assert inputs, table.id
        for row in ws.iter_rows(min_row=1, max_row=layout.last_row + 1, max_col=layout.width):
            for cell in row:
                if cell.coordinate in inputs:
                    assert cell.protection.locked is False, cell.coordinate
                else:
                    assert cell.protection.locked is not False, cell.coordinate
    for name in (INSTRUCTIONS_SHEET, CHECK_SHEET):
        for row in wb[name].iter_rows():
            assert all(c.protection.locked is not False for c in row), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_totals_hold_the_spec_formula(built: Built, fmt: str) -> None:
    spec, wb = _open(built, fmt)
    for cell in spec.total_cells():
        layout = sheet_layouts(spec)[cell.table]
        pos = layout.values[cell.id]
        assert wb[layout.sheet_name].cell(pos.row + 1, pos.col + 1).value == (
            "=" + total_formula(spec, cell.id)
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_data_validation_on_every_input_by_kind(built: Built, fmt: str) -> None:
    spec, wb = _open(built, fmt)
    expected_type = {"count": "whole", "signed": "whole", "amount": "decimal"}
    for table in spec.tables:
        layout = sheet_layouts(spec)[table.id]
        ws = wb[layout.sheet_name]
        rules = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                rules[rng.coord] = dv
        for cid, pos in layout.values.items():
            cell = spec.cells[cid]
            if cell.is_total:
                continue
            dv = rules[a1(pos.row, pos.col)]
            assert dv.type == expected_type[cell.kind]
            assert dv.operator == (None if cell.kind == "signed" else "greaterThanOrEqual")
            assert dv.showErrorMessage and dv.error and dv.prompt
            assert "请" in (dv.promptTitle or "") and dv.errorStyle in (None, "stop")


@pytest.mark.parametrize("fmt", FORMATS)
def test_identification_properties_and_hidden_sheet(built: Built, fmt: str) -> None:
    spec, wb = _open(built, fmt)
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props[PROP_FORMAT] == fmt
    assert props[PROP_GENERATOR] == __version__
    assert props[PROP_YEAR] == str({"2019": 2020, "2021": 2025}[fmt])
    assert props[PROP_UNIT] == "海滨街" and props[PROP_CODE] == "001"
    meta = wb[META_SHEET]
    pairs = {meta.cell(i + 1, 1).value: meta.cell(i + 1, 2).value for i in range(len(META_KEYS))}
    assert list(pairs) == list(META_KEYS)
    assert all(pairs[k] == props[k] for k in META_KEYS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cover_fields(built: Built, fmt: str) -> None:
    spec, wb = _open(built, fmt)
    ws = wb[COVER_SHEET]
    assert ws["B2"].value == spec.document
    pos = cover_positions(spec)
    for f in spec.cover_fields:
        row, col = pos[f.id]
        assert ws.cell(row + 1, 1).value == f.label
    year = ws.cell(pos["year"][0] + 1, pos["year"][1] + 1)
    assert year.value == {"2019": 2020, "2021": 2025}[fmt] and year.protection.locked
    unit = ws.cell(pos["unit"][0] + 1, pos["unit"][1] + 1)
    assert unit.value == "海滨街" and unit.protection.locked is False
    filler = ws.cell(pos["filler"][0] + 1, pos["filler"][1] + 1)
    assert filler.protection.locked is False


def test_lock_unit_locks_unit_and_code(tmp_path: Path) -> None:
    spec = load_spec("2021")
    path = build_template(spec, year=2025, path=tmp_path / "x.xlsx", unit="甲", lock_unit=True)
    ws = openpyxl.load_workbook(path)[COVER_SHEET]
    for field in ("unit", "code"):
        row, col = cover_positions(spec)[field]
        assert ws.cell(row + 1, col + 1).protection.locked is not False


@pytest.mark.parametrize("fmt", FORMATS)
def test_print_setup(built: Built, fmt: str) -> None:
    spec, wb = _open(built, fmt)
    for ws in wb.worksheets[:-1]:
        assert ws.page_setup.paperSize in (9, "9")
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
        assert "第 &P 页 共 &N 页" in (ws.oddFooter.center.text or "")
    for table in spec.tables:
        ws = wb[table.title]
        assert ws.page_setup.orientation == table.orientation
        assert ws.print_title_rows and ws.oddFooter.left.text == "海滨街"


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_sheet_rows_come_from_the_spec(built: Built, fmt: str) -> None:
    spec, wb = _open(built, fmt)
    ws = wb[CHECK_SHEET]
    checks = sheet_checks(spec)
    assert not any(c.uses_prior() for _, c in checks)
    for i, (rule, check) in enumerate(checks, start=4):
        assert ws.cell(i, 1).value == rule.id
        assert ws.cell(i, 5).value == "=" + formula_for(spec, check.lhs)
        assert ws.cell(i, 6).value == "=" + formula_for(spec, check.rhs)
        assert "_xlfn" not in str(ws.cell(i, 8).value)
    assert ws.cell(len(checks) + 4, 1).value is None


def test_broken_balance_highlights_its_four_cells(built: Built) -> None:
    spec, wb = _open(built, "2019")
    ws = wb[spec.table("t3").title]
    sqrefs = {str(cf.sqref) for cf in ws.conditional_formatting}
    col = "D"
    assert f"{col}6 {col}7 {col}27 {col}28" in sqrefs
