"""The own xlsx reader against openpyxl, cell by cell.

Returns written by the three writers offices' files come from — XlsxWriter
(the templates, filled), openpyxl (filled and edited, and a workbook of its
own with dates, booleans, errors, merges and hidden sheets) and LibreOffice
(all of them opened and saved again) — are read by ``read_workbook`` and by
openpyxl (once for formulas, once for cached values). Sheet names, hidden
state, protection and merges agree, and so does every cell: where one reader
sees a value or a formula, the other sees the same.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.datetime import from_excel

from checker.read.workbook import RawCell, RawSheet
from checker.read.xlsx_reader import read_workbook
from common import memo
from declaration.layout import cell_address
from declaration.samples.generate import consistent_values
from declaration.spec import load_spec
from template_builder.writer import build_template
from tests.support.libreoffice import convert


def _xlsxwriter_returns(folder: Path) -> list[Path]:
    rng = random.Random(10)
    out = []
    for fmt, year in (("2021", 2025), ("2019", 2020)):
        spec = load_spec(fmt)
        path = folder / f"xlsxwriter-{fmt}.xlsx"
        values = consistent_values(spec, rng, scale=30)
        out.append(build_template(spec, year=year, path=path, unit="海滨街道", values=values))
    empty = folder / "xlsxwriter-empty.xlsx"
    out.append(build_template(load_spec("2021"), year=2025, path=empty, unit="空白单位"))
    return out


def _openpyxl_filled(template: Path, target: Path) -> Path:
    """Typed into a template as an office would, with a few edits of the sheets."""
    spec = load_spec("2021")
    wb = openpyxl.load_workbook(template)
    for i, cell in enumerate(spec.input_cells()[:40]):
        sheet, row, col = cell_address(spec, cell.id)
        wb[sheet].cell(row + 1, col + 1).value = i * 3 + 1
    first = wb[wb.sheetnames[1]]
    first.protection.sheet = False
    first["J1"] = "备注：含“引号”与<尖括号>&符号"
    first["J2"] = "=SUM(J3:J4)"
    first.merge_cells("J5:K6")
    wb.save(target)
    return target


def _openpyxl_own(target: Path) -> Path:
    """A workbook openpyxl writes from scratch: every kind of cell, hidden sheets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "甲表"
    ws.append(["文字", 1, 2.5, True, dt.datetime(2025, 3, 1, 12, 30), dt.date(2024, 1, 2)])
    ws.append([" 前后空格 ", -0.1, 1e12, False, "#N/A", "=A2&B2"])
    ws["A3"] = "=SUM(B1:C2)"
    ws["B3"] = '=IF(D1,"是","否")'
    ws.merge_cells("A5:C6")
    ws["A5"] = "合并"
    ws.protection.sheet = True
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "看不见"
    hidden.sheet_state = "hidden"
    deep = wb.create_sheet("深度隐藏")
    deep["B2"] = 42
    deep.sheet_state = "veryHidden"
    for row in range(10, 14):  # made shared below, as Excel writes a filled-down formula
        ws[f"A{row}"], ws[f"B{row}"] = row, row * 2
        ws[f"C{row}"] = f"=A{row}+$B$10*B{row}-SUM(A$10:A{row})"
    wb.save(target)
    _share_formulas(target, "xl/worksheets/sheet1.xml", [f"C{row}" for row in range(10, 14)])
    return target


def _share_formulas(path: Path, part: str, cells: list[str]) -> None:
    """Turn the formulas of ``cells`` into one shared formula (its first cell the master)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    xml = parts[part].decode()
    for i, ref in enumerate(cells):
        shared = f't="shared" ref="{cells[0]}:{cells[-1]}" si="0"' if i == 0 else ""
        pattern = f'(<c r="{ref}"[^>]*>)<f>([^<]*)</f>'

        def repl(m: re.Match[str], master: bool = i == 0, attrs: str = shared) -> str:
            formula = f"<f {attrs}>{m.group(2)}</f>" if master else '<f t="shared" si="0"/>'
            return m.group(1) + formula

        xml, count = re.subn(pattern, repl, xml)
        assert count == 1, (ref, xml)
    parts[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("differential")
    made = _xlsxwriter_returns(folder)
    made.append(_openpyxl_filled(made[2], folder / "openpyxl-filled.xlsx"))
    made.append(_openpyxl_own(folder / "openpyxl-own.xlsx"))
    saved = convert(made, folder / "libreoffice")
    found = {p.stem: p for p in made}
    found.update({f"libreoffice-{p.stem}": p for p in saved})
    return found


def _openpyxl_cells(path: Path) -> dict[str, dict[tuple[int, int], tuple[Any, Any]]]:
    """(formula or value, cached value) of every stored cell, by sheet."""
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    out: dict[str, dict[tuple[int, int], tuple[Any, Any]]] = {}
    for name in formulas.sheetnames:
        cells = {}
        for row in formulas[name].iter_rows():
            for c in row:
                cached = values[name].cell(c.row, c.column).value
                if c.value is not None or cached is not None:
                    cells[(c.row - 1, c.column - 1)] = (c.value, cached)
        out[name] = cells
    return out


def _same_value(raw: RawCell, theirs: Any) -> bool:
    if isinstance(theirs, dt.datetime | dt.date | dt.time):
        assert raw.is_date and isinstance(raw.value, float)
        mine = from_excel(raw.value)
        if isinstance(theirs, dt.date) and not isinstance(theirs, dt.datetime):
            mine = mine.date() if isinstance(mine, dt.datetime) else mine
        return bool(mine == theirs)
    if isinstance(theirs, bool):
        return raw.type == "b" and raw.value is theirs
    if isinstance(theirs, int | float):
        return raw.type == "n" and raw.value == float(theirs) and not raw.is_date
    return raw.value == theirs


def _compare_sheet(sheet: RawSheet, ws: Any, theirs: dict[tuple[int, int], tuple[Any, Any]]) -> int:
    assert sheet.state == ws.sheet_state, sheet.name
    assert sheet.protected == bool(ws.protection.sheet), sheet.name
    merges = {(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells}
    assert set(sheet.merges) == merges, sheet.name
    mine = {pos for pos, cell in sheet.cells.items() if cell.formula or cell.value not in (None,)}
    assert mine == set(theirs), (sheet.name, sorted(mine ^ set(theirs))[:10])
    for pos, (stored, cached) in theirs.items():
        raw = sheet.cells[pos]
        where = (sheet.name, pos, raw, stored, cached)
        if isinstance(stored, str) and stored.startswith("=") and raw.formula is not None:
            assert raw.formula == stored[1:], where
            assert cached is None and raw.value is None or _same_value(raw, cached), where
        else:
            assert raw.formula is None, where
            assert _same_value(raw, cached), where
    return len(theirs)


@pytest.mark.parametrize("remembering", [True, False], ids=["memo", "no-memo"])
def test_own_reader_agrees_with_openpyxl(returns: dict[str, Path], remembering: bool) -> None:
    assert len(returns) == 10  # five written by XlsxWriter and openpyxl, each saved by LibreOffice
    before = memo.enabled()
    memo.set_enabled(remembering)
    try:
        for name, path in sorted(returns.items()):
            wb = read_workbook(path)
            theirs = _openpyxl_cells(path)
            ws_all = openpyxl.load_workbook(path)
            assert wb.sheet_names == ws_all.sheetnames, name
            compared = sum(
                _compare_sheet(wb.sheet(s), ws_all[s], theirs[s]) for s in wb.sheet_names
            )
            assert compared > 10, name
    finally:
        memo.set_enabled(before)
