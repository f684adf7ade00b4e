"""Every value rule: the parsed number and the finding, in unit tests and through a real file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from checker.check import check_extraction
from checker.read.extract import extract
from checker.read.values import formula_cells, parse_value, total_state
from checker.read.workbook import RawCell
from declaration.layout import cell_a1
from declaration.spec import load_spec
from tests.checker.conftest import make_return


def text(value: str) -> RawCell:
    return RawCell(value, "s")


def number(value: float, is_date: bool = False) -> RawCell:
    return RawCell(value, "n", is_date=is_date)


@pytest.mark.parametrize(
    ("cell", "kind", "value", "rule", "found", "expected"),
    [
        (number(4), "count", 4.0, None, None, None),
        (number(-15), "signed", -15.0, None, None, None),
        (number(18651.06), "amount", 18651.06, None, None, None),
        (None, "count", 0.0, "V201", None, None),
        (text("  "), "count", 0.0, "V201", None, None),
        (text("12"), "count", 12.0, "V202", "12", "12"),
        (text("-15"), "signed", -15.0, "V202", "-15", "-15"),
        (text("１２"), "count", 12.0, "V203", "１２", "12"),
        (text("1,234"), "count", 1234.0, "V204", "1,234", "1234"),
        (text("无"), "count", 0.0, "V205", "无", None),
        (text("／"), "count", 0.0, "V205", "／", None),
        (text("—"), "signed", 0.0, "V205", "—", None),
        (text("7433.99万"), "amount", 7433.99, "V206", "7433.99万", "7433.99"),
        (text("251000元"), "amount", 25.1, "V206", "251000元", "25.1"),
        (text("+19"), "signed", 19.0, "V207", "+19", "19"),
        (text("减4"), "signed", -4.0, "V207", "减4", "-4"),
        (text("增4"), "signed", 4.0, "V207", "增4", "4"),
        (text("见附件"), "count", None, "V210", "见附件", "非负整数"),
        (text("减4"), "count", None, "V210", "减4", "非负整数"),
        (RawCell(True, "b"), "count", None, "V210", "TRUE", None),
        (number(-3), "count", -3.0, "V211", "-3", None),
        (text("-3"), "count", -3.0, "V211", "-3", None),
        (number(2.5), "count", 2.5, "V212", "2.5", None),
        (number(2.5), "signed", 2.5, "V212", "2.5", None),
        (number(45293, is_date=True), "count", None, "V213", "1月2日", None),
        (RawCell("2024-03-04T00:00:00", "d"), "count", None, "V213", "3月4日", None),
        (RawCell("#REF!", "e"), "count", None, "V214", "#REF!", None),
        (RawCell("#DIV/0!", "e", formula="1/0"), "amount", None, "V214", "#DIV/0!", None),
        (text("5件"), "count", None, "V215", "5件", None),
        (text("3万"), "count", None, "V215", "3万", None),
    ],
)
def test_parse_value(
    cell: RawCell | None,
    kind: str,
    value: float | None,
    rule: str | None,
    found: Any,
    expected: Any,
) -> None:
    parsed = parse_value(cell, kind)
    assert (parsed.value, parsed.rule, parsed.found, parsed.expected) == (
        value,
        rule,
        found,
        expected,
    )


def test_integers_compare_exactly() -> None:
    parsed = parse_value(number(float("122")), "count")
    assert parsed.value == 122 and parsed.rule is None


def test_odd_values_through_a_real_file(tmp_path: Path) -> None:
    """Raw texts typed into a 2019 return, read back with cell and message."""
    spec = load_spec("2019")
    odd: dict[str, Any] = {
        "t2.procurement.amount": "7433.99万",
        "t2.fees.prev_items": "无",
        "t2.licensing.change": "减4",
        "t3.new.natural": "１２",
        "t3.new.commercial": "见附件",
        "t3.carried.natural": dt.datetime(2024, 1, 2),
        "t4.main.review_upheld": -1,
    }
    path = make_return(tmp_path, "2019", odd, year=2020)
    result = extract(path)
    value_findings = [f for f in check_extraction(result).findings if f.rule.startswith("V")]
    got = {(f.rule, f.cell): f for f in value_findings}
    at = {cid: cell_a1(spec, cid) for cid in odd}
    assert set(got) == {
        ("V206", at["t2.procurement.amount"]),
        ("V205", at["t2.fees.prev_items"]),
        ("V207", at["t2.licensing.change"]),
        ("V203", at["t3.new.natural"]),
        ("V210", at["t3.new.commercial"]),
        ("V213", at["t3.carried.natural"]),
        ("V211", at["t4.main.review_upheld"]),
    }
    assert at["t2.procurement.amount"] == "C20"
    v206 = got[("V206", "C20")]
    assert v206.message == "单元格内含单位：“7433.99万”，已换算为 7433.99 万元"
    assert (v206.sheet, v206.row_label, v206.col_label) == (
        "二、主动公开政府信息情况",
        "政府集中采购",
        "采购总金额",
    )
    assert (
        got[("V213", at["t3.carried.natural"])].message
        == "单元格的内容被 Excel 识别成了日期（1月2日）"
    )
    assert got[("V210", at["t3.new.commercial"])].severity == "error"
    cells = result.cells
    assert cells["t2.procurement.amount"].value == 7433.99
    assert cells["t2.licensing.change"].value == -4
    assert cells["t3.new.natural"].value == 12
    assert cells["t3.new.commercial"].value is None
    assert cells["t3.carried.natural"].value is None
    assert cells["t2.fees.prev_items"].value == 0


def test_blank_cells_give_one_info_per_table(tmp_path: Path) -> None:
    spec = load_spec("2021")
    values: dict[str, Any] = {c.id: None for c in spec.input_cells() if c.table == "t4"}
    values["t3.new.natural"] = None
    result = extract(make_return(tmp_path, "2021", values, year=2022))
    blanks = [f for f in check_extraction(result).findings if f.rule == "V201"]
    assert [(f.sheet, f.cell, f.found) for f in blanks] == [
        ("三、收到和处理政府信息公开申请情况", "D6", 1),
        ("四、政府信息公开行政复议、行政诉讼情况", "A6", 12),
    ]
    assert blanks[0].message == "空白单元格按 0 计（本表共 1 个空白单元格：D6）"
    assert blanks[1].message.endswith("A6、B6、C6、D6、F6、G6、H6、I6等）")
    assert result.cells["t3.new.natural"].blank and result.cells["t3.new.natural"].value == 0
    filled = extract(make_return(tmp_path, "2021", {}, year=2022, name="filled.xlsx"))
    assert [f.rule for f in check_extraction(filled).findings] == []


def test_total_state_and_formula_cells() -> None:
    cells = formula_cells("=SUM(D6:F6)+$G6")
    assert cells is not None and sorted(cells) == [(5, 3), (5, 4), (5, 5), (5, 6)]
    assert formula_cells("=IF(A1>0,1,0)") is None
    expected = formula_cells("SUM(D6:I6)")
    assert expected is not None
    assert total_state(RawCell(4.0, "n", "SUM(D6:I6)"), "SUM(D6:I6)", expected) == "formula"
    assert total_state(RawCell(4.0, "n", "D6+E6+F6+G6+H6+I6"), "SUM(D6:I6)", expected) == "formula"
    assert total_state(RawCell(4.0, "n", "SUM(D6:H6)"), "SUM(D6:I6)", expected) == "changed"
    assert total_state(RawCell(4.0, "n"), "SUM(D6:I6)", expected) == "constant"
    assert total_state(None, "SUM(D6:I6)", expected) == "blank"
    wider = RawCell(4.0, "n", "SUM(D6:J6)")
    assert total_state(wider, "SUM(D6:I6)", expected) == "changed"
    assert total_state(wider, "SUM(D6:I6)", expected, (set(), {9})) == "formula"
