"""Pre-filled values: numbers as numbers, anything else as text, cached totals."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from declaration.identity import COVER_SHEET
from declaration.layout import cell_address, cover_positions
from declaration.samples import sample_values
from declaration.spec import load_spec
from template_builder.samples import build_sample
from template_builder.writer import TemplateValueError, build_template


def _cell(wb: openpyxl.Workbook, spec_fmt: str, cell_id: str) -> object:
    sheet, row, col = cell_address(load_spec(spec_fmt), cell_id)
    return wb[sheet].cell(row + 1, col + 1).value


def test_numbers_and_raw_text(tmp_path: Path) -> None:
    values: dict[str, object] = {
        "t2.procurement.amount": "7433.99万",
        "t2.penalty.change": "减4",
        "t3.new.natural": "无",
        "t3.new.commercial": 2,
        "t3.carried.natural": 1.5,
        "t3.granted.natural": "=1+1",
        "cover.filler": "张三",
    }
    path = build_template(load_spec("2019"), year=2020, path=tmp_path / "v.xlsx", values=values)
    wb = openpyxl.load_workbook(path)
    for cid, value in values.items():
        if cid.startswith("cover."):
            continue
        assert _cell(wb, "2019", cid) == value, cid
    row, col = cover_positions(load_spec("2019"))["filler"]
    assert wb[COVER_SHEET].cell(row + 1, col + 1).value == "张三"
    cached = openpyxl.load_workbook(path, data_only=True)
    assert _cell(cached, "2019", "t3.new.total") == 2  # "无" counts as 0, like SUM
    assert _cell(cached, "2019", "t3.carried.total") == 1.5


def test_total_in_values_is_written_as_constant(tmp_path: Path) -> None:
    spec = load_spec("2021")
    path = build_template(
        spec, year=2025, path=tmp_path / "t.xlsx", values={"t3.new.natural": 3, "t3.new.total": 9}
    )
    assert _cell(openpyxl.load_workbook(path), "2021", "t3.new.total") == 9
    cached = openpyxl.load_workbook(path, data_only=True)
    assert _cell(cached, "2021", "t3.new.total") == 9


def test_unknown_cell_id_is_rejected_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(TemplateValueError, match="没有单元格 t9.x.y"):
        build_template(load_spec("2021"), year=2025, path=tmp_path / "u.xlsx", values={"t9.x.y": 1})
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_sample_is_a_clean_2019_return(tmp_path: Path) -> None:
    spec = load_spec("2019")
    values = sample_values("haibinjie-2020")
    assert values["t2.procurement.amount"] == 7433.99
    assert set(values) == {c.id for c in spec.input_cells()}
    numbers = {k: float(v) for k, v in values.items()}  # type: ignore[arg-type]
    computed = spec.compute_totals(numbers)
    assert computed["t3.new.total"] == 4 and computed["t4.main.review_total"] == 1
    assert spec.failed_checks(computed) == []
    path = build_sample(tmp_path / "sample.xlsx")
    assert _cell(openpyxl.load_workbook(path), "2019", "t2.penalty.prev_items") == 122
