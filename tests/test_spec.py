"""The spec model: verbatim labels, ids, totals, rules and the loader's own checks."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from declaration.expr import ExprError, parse
from declaration.formulas import total_formula
from declaration.layout import a1, cell_a1, sheet_layouts
from declaration.spec import SPEC_DIR, SpecError, build_spec, load_spec, spec_for_year

# The reference (both official formats, every label verbatim), kept with the tests.
REFERENCE = Path(__file__).resolve().parent / "data" / "official-formats.md"


def _raw(fmt: str) -> dict[str, Any]:
    return json.loads((SPEC_DIR / f"{fmt}.json").read_text(encoding="utf-8"))


def _appendix() -> dict[str, Any]:
    text = REFERENCE.read_text(encoding="utf-8")
    block = re.search(r"## Appendix A.*?```json\n(.*?)```", text, re.S)
    assert block, "参考资料中没有 Appendix A"
    return json.loads(block.group(1))


def _labels(fmt: str) -> set[str]:
    spec = load_spec(fmt)
    out = set()
    for layout in sheet_layouts(spec).values():
        out |= {lab.text for lab in layout.labels}
    out |= {t.title for t in spec.tables}
    return out


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_every_official_label_appears_verbatim(fmt: str) -> None:
    ref = _appendix()
    labels = _labels(fmt)
    expected: set[str] = {
        ref["table2_header_cell"],
        ref["table3_note"],
        ref["table3_header"]["top"],
    }
    expected |= set(ref["table3_header"]["level2"]) | set(
        ref["table3_header"]["level3_under_法人或其他组织"]
    )
    for heading, cols, rows in ref[f"table2_{fmt}"]:
        expected |= {heading, *cols, *rows}
    tail = ref[f"table3_rows_tail_{fmt}"]
    for path in ref["table3_rows_common"] + tail:
        expected |= set(path)
    expected |= {name for name, _ in ref["table4_header"]["top"]}
    expected |= set(ref["table4_header"]["level2"]) | set(
        ref["table4_header"]["level3_under_each_诉讼"]
    )
    expected |= set(ref["sections"][1:4])
    assert expected - labels == set()


def test_2021_drops_procurement_and_splits_other_handling() -> None:
    assert "政府集中采购" in _labels("2019") and "政府集中采购" not in _labels("2021")
    spec = load_spec("2021")
    assert "t3.other_no_fee.natural" in spec.cells and "t3.other_handling.natural" not in spec.cells


def test_row_and_column_nesting_of_table_three() -> None:
    layout = sheet_layouts(load_spec("2021"))["t3"]
    spans = {
        lab.text: (lab.last_row - lab.row + 1, lab.last_col - lab.col + 1) for lab in layout.labels
    }
    assert spans["三、本年度办理结果"] == (22, 1)
    assert spans["（六）其他处理"] == (3, 1)
    assert spans["一、本年新收政府信息公开申请数量"] == (1, 3)
    assert (
        spans["申请人情况"] == (1, 7)
        and spans["法人或其他组织"] == (1, 5)
        and spans["自然人"] == (2, 1)
    )
    assert spans[_appendix()["table3_note"]] == (3, 3)
    assert sheet_layouts(load_spec("2019"))["t3"].labels and spans


def test_cell_ids_and_kinds() -> None:
    spec = load_spec("2019")
    assert spec.cells["t2.fees.change"].kind == "signed"
    assert spec.cells["t2.procurement.amount"].kind == "amount"
    assert spec.cells["t3.new.natural"].kind == "count"
    assert spec.cells["t3.new.total"].is_total and not spec.cells["t3.new.natural"].is_total
    assert load_spec("2021").cells["t2.fees.amount"].kind == "amount"


def test_totals_are_one_expression_each_and_compute() -> None:
    spec = load_spec("2019")
    values = spec.compute_totals({"t3.new.natural": 4, "t3.new.legal": 2, "t3.granted.natural": 5})
    assert values["t3.new.total"] == 6
    assert values["t3.outcome_total.natural"] == 5
    assert values["t3.outcome_total.total"] == 5
    assert total_formula(spec, "t3.new.total") == "SUM(D6:I6)"
    assert total_formula(spec, "t3.outcome_total.natural") == "SUM(D8:D26)"
    assert total_formula(spec, "t4.main.direct_total") == "SUM(F6:I6)"
    assert cell_a1(spec, "t3.carry_forward.total") == "J28"


def test_rules_hold_and_fail_as_the_spec_says() -> None:
    spec = load_spec("2019")
    consistent = spec.compute_totals(
        {"t3.new.natural": 4, "t3.carried.natural": 1, "t3.granted.natural": 5}
    )
    assert spec.failed_checks(consistent) == []
    broken = dict(consistent, **{"t3.carried.natural": 2.0})
    broken = spec.compute_totals(broken)
    failed = {(c.rule, c.anchor) for c in spec.failed_checks(broken)}
    assert failed == {("A301", "t3.new.natural"), ("A301", "t3.new.total")}
    typed_over = dict(consistent, **{"t3.new.total": 9.0})
    assert [(c.rule, c.anchor) for c in spec.failed_checks(typed_over)][0] == (
        "A301",
        "t3.new.total",
    )
    assert ("A302", "t3.new.total") in {(c.rule, c.anchor) for c in spec.failed_checks(typed_over)}


def test_prior_rules_need_prior_values() -> None:
    spec = load_spec("2021")
    values = spec.compute_totals(
        {"t3.carried.natural": 3, "t3.new.natural": 1, "t3.granted.natural": 4}
    )
    assert spec.failed_checks(values) == []
    failed = spec.failed_checks(values, prior={"t3.carry_forward.natural": 2})
    assert {(c.rule, c.anchor) for c in failed} == {
        ("X501", "t3.carried.natural"),
        ("X501", "t3.carried.total"),
    }
    prior = {"t3.carry_forward.natural": 3, "t3.carry_forward.total": 3}
    ok = spec.failed_checks(values, prior=prior)
    assert ok == []


def test_format_by_year() -> None:
    assert spec_for_year(2019).format == "2019" and spec_for_year(2020).format == "2019"
    assert spec_for_year(2021).format == "2021" and spec_for_year(2030).format == "2021"
    with pytest.raises(SpecError, match="2018"):
        spec_for_year(2018)


def test_a1_conversion() -> None:
    assert a1(0, 0) == "A1" and a1(27, 9) == "J28" and a1(0, 26) == "AA1"


def _broken(mutate: Any) -> dict[str, Any]:
    raw = copy.deepcopy(_raw("2019"))
    mutate(raw)
    return raw


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda r: r["tables"][1]["blocks"][0]["rows"].append({"id": "new", "label": "重复"}),
            "重复",
        ),
        (lambda r: r["totals"][0].update(expr="sum(t3.{row}.@nobody)"), "未定义的集合"),
        (lambda r: r["totals"][0].update(expr="t3.{row}.natural + t3.{row}.nosuch"), "不存在"),
        (lambda r: r["rules"][0].update(check="t3.new.{col} = t3.missing.{col}"), "不存在"),
        (lambda r: r["rules"][1].update(total="nosuch"), "总计 nosuch 不存在"),
        (lambda r: r["rules"].append(dict(r["rules"][0])), "规则 id 重复"),
        (lambda r: r["rules"][0].update(severity="fatal"), "未知的级别"),
        (
            lambda r: r["totals"].append(
                {"id": "loop", "target": "t3.new.natural", "expr": "t3.new.total"}
            ),
            "循环",
        ),
        (lambda r: r["tables"][0]["blocks"][3]["columns"][1].update(span=1), "宽度不一致"),
        (lambda r: r["roles"]["year_figures"][0].pop("label"), "须有 id、label、cells"),
        (lambda r: r["roles"]["year_figures"][1].update(id="lawsuits"), "id lawsuits 重复"),
        (lambda r: r["roles"]["year_figures"][4].update(cells="t4.main.nosuch"), "不存在"),
        (lambda r: r["roles"]["year_figures"][4].update(cells=3), "须为单元格引用"),
    ],
)
def test_loader_rejects_inconsistent_specs(mutate: Any, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        build_spec(_broken(mutate))


def test_shipped_specs_load() -> None:
    for fmt in ("2019", "2021"):
        assert build_spec(_raw(fmt)).format == fmt


def test_expression_errors() -> None:
    with pytest.raises(ExprError):
        parse("t3.new.natural +", {})
    with pytest.raises(ExprError):
        parse("t3.new", {})
    assert parse("-t3.a.b + 2", {}).terms[0].sign == -1


def test_year_figures_are_the_same_in_both_formats() -> None:
    """A 2021 return is compared with a 2020 return of the 2019 format by the figures' ids."""
    old, new = (load_spec(fmt).figures("year_figures") for fmt in ("2019", "2021"))
    assert [(f.id, f.label) for f in old] == [(f.id, f.label) for f in new]
    assert [f.label for f in new] == [
        "主动公开：本年制发规范性文件", "本年新收申请", "上年结转申请", "行政复议总计", "行政诉讼总计",
    ]  # fmt: skip
    spec = load_spec("2021")
    cells = {f.id: [spec.cells[c].col_path for c in f.cells] for f in new}
    assert cells["lawsuits"] == [
        ("行政诉讼", "未经复议直接起诉", "总计"),
        ("行政诉讼", "复议后起诉", "总计"),
    ]
    assert load_spec("2019").cells[old[0].cells[0]].col_label == "本年新制作数量"
    assert spec.cells[new[0].cells[0]].col_label == "本年制发件数"
    assert "year_figures" not in spec.roles  # a list of figures, not a role of cells
