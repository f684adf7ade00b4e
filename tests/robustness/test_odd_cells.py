"""Arbitrary cell contents in every input cell of a template-made return.

Hypothesis throws any Unicode text, huge numbers, NaN/inf, booleans, dates,
error values and formulas into the input cells of a real .xlsx (written with
openpyxl into the built template, read back through check-workbook's reader).
The checker never crashes, never calls the file unreadable, and reports every
odd value at its own cell.
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from checker import check_workbook
from declaration.layout import cell_address
from declaration.spec import load_spec

SPEC = load_spec("2021")
INPUTS = [c.id for c in SPEC.input_cells()]
ERRORS = ("#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NUM!", "#NULL!")


def _illegal(text: str) -> bool:
    """Control characters that no spreadsheet program stores in a cell."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return bool(ILLEGAL_CHARACTERS_RE.search(text))


odd_values = st.one_of(
    st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "" and not _illegal(s)),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(
        min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 12, 31)
    ),
    st.sampled_from(ERRORS),
    st.sampled_from(("=1/0", "=A1+", "=SUM(", '=HYPERLINK("http://x","y")', "=1+1", "=")),
)


def _plain(value: object, kind: str) -> bool:
    """A value the checker takes silently: a finite number fitting the cell's kind."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if not math.isfinite(value):
        return False
    if kind == "count":
        return value >= 0 and float(value).is_integer()
    if kind == "signed":
        return float(value).is_integer()
    return True


def _stored_blank(value: object) -> bool:
    """openpyxl stores NaN and infinities as an empty value: the cell is blank."""
    return isinstance(value, float) and not math.isfinite(value)


def _write(template: Path, target: Path, fill: dict[str, object]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(template)
    for cell_id, value in fill.items():
        sheet, row, col = cell_address(SPEC, cell_id)
        cell = book[sheet].cell(row + 1, col + 1)
        if isinstance(value, str) and value.startswith("#") and value in ERRORS:
            cell.value, cell.data_type = value, "e"
        else:
            cell.value = value
    book.save(target)


@settings(
    max_examples=30,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],  # no slow shrinking
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_odd_value_is_reported_at_its_cell(
    data: Any, clean_return: Path, tmp_path_factory: Any
) -> None:
    cells = data.draw(st.lists(st.sampled_from(INPUTS), min_size=1, max_size=40, unique=True))
    fill = {cell_id: data.draw(odd_values, label=cell_id) for cell_id in cells}
    target = tmp_path_factory.mktemp("odd") / "odd.xlsx"
    _write(clean_return, target, fill)
    report = check_workbook(target)
    assert report.status != "unreadable", report.flatten(["rule", "message"])
    reported = {(f.sheet, f.cell) for f in report.findings}
    for cell_id, value in fill.items():
        spec = SPEC.cells[cell_id]
        if _plain(value, spec.kind) or _stored_blank(value):
            continue
        sheet, row, col = cell_address(SPEC, cell_id)
        address = f"{_col(col)}{row + 1}"
        assert (sheet, address) in reported, (cell_id, value, report.flatten(["rule", "cell"]))
    for f in report.findings:
        assert len(f.message) < 2000


def _col(col: int) -> str:
    from declaration.layout import col_letter

    return col_letter(col)


def test_nan_and_infinity_stored_in_a_file_are_not_numbers(
    tmp_path: Path, clean_return: Path
) -> None:
    """A crafted file can store NaN/inf; they must not reach the arithmetic."""
    import re
    import zipfile

    cells = {"t3.new.natural": "NaN", "t2.rules.issued": "inf", "t3.fee_amount.total": "-INF"}
    cells = {k: v for k, v in cells.items() if k in SPEC.cells and not SPEC.cells[k].is_total}
    assert len(cells) >= 2
    with zipfile.ZipFile(clean_return) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheets = {
        SPEC.table(t.id).title: f"xl/worksheets/sheet{i + 3}.xml" for i, t in enumerate(SPEC.tables)
    }
    for cell_id, text in cells.items():
        sheet, row, col = cell_address(SPEC, cell_id)
        ref = f"{_col(col)}{row + 1}"
        xml = parts[sheets[sheet]].decode()
        pattern = re.compile(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', re.S)
        assert pattern.search(xml), ref
        xml = pattern.sub(
            lambda m, ref=ref, text=text: f'<c r="{ref}"{m.group(1).rstrip("/")}><v>{text}</v></c>',
            xml,
        )
        parts[sheets[sheet]] = xml.encode()
    target = tmp_path / "nan.xlsx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    report = check_workbook(target)
    found = {(f.rule, f.cell) for f in report.findings}
    for cell_id in cells:
        _, row, col = cell_address(SPEC, cell_id)
        assert ("V210", f"{_col(col)}{row + 1}") in found, (cell_id, sorted(found))
    assert all(math.isfinite(v) for v in report.values.values())
