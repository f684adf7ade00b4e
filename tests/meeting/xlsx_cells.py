"""Reading a written workbook back by cell id (openpyxl), for the tests."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from declaration.layout import cell_address
from declaration.spec import FormSpec


def values_by_id(path: Path, spec: FormSpec, data_only: bool = True) -> dict[str, object]:
    """Every value cell of the spec's tables as stored in the workbook."""
    wb = load_workbook(path, data_only=data_only)
    out: dict[str, object] = {}
    for cell_id in spec.cells:
        sheet, row, col = cell_address(spec, cell_id)
        out[cell_id] = wb[sheet].cell(row + 1, col + 1).value
    return out
