"""extract(): the whole reading stage on real files; never raises."""

from __future__ import annotations

import hashlib
from pathlib import Path

from declaration.layout import cell_a1
from declaration.spec import load_spec
from tests.checker.conftest import HAIBINJIE_2020, make_return
from tests.checker.conftest import read_checked as extract


def test_haibinjie_2020_extracts_cleanly(tmp_path: Path) -> None:
    spec = load_spec("2019")
    path = make_return(tmp_path, "2019", HAIBINJIE_2020, year=2020, unit="海滨街")
    result = extract(path)
    assert result.unreadable is None and result.findings == []
    assert (result.spec, result.identified_by, result.year, result.unit) == (
        spec,
        "meta",
        2020,
        "海滨街",
    )
    assert set(result.cells) == set(spec.cells)
    values = {cid: c.value for cid, c in result.cells.items()}
    assert values == spec.compute_totals(HAIBINJIE_2020)
    new_total = result.cells["t3.new.total"]
    assert (new_total.sheet, new_total.address) == ("三、收到和处理政府信息公开申请情况", "J6")
    assert (new_total.formula, new_total.cached, new_total.total_state) == (
        "SUM(D6:I6)",
        4.0,
        "formula",
    )
    amount = result.cells["t2.procurement.amount"]
    assert (amount.address, amount.raw, amount.value) == (
        cell_a1(spec, amount.cell_id),
        7433.99,
        7433.99,
    )


def test_2021_return_extracts_cleanly(tmp_path: Path) -> None:
    spec = load_spec("2021")
    values = {"t2.fees.amount": 5949.088667, "t3.new.legal": 3, "t3.other_no_fee.legal": 3}
    result = extract(make_return(tmp_path, "2021", values, year=2024))
    assert result.findings == [] and result.spec is spec
    assert result.cells["t2.fees.amount"].value == 5949.088667
    assert result.cells["t3.outcome_total.legal"].value == 3


def test_unreadable_file_never_raises(tmp_path: Path) -> None:
    bad = tmp_path / "乡镇报表.xlsx"
    bad.write_text("这不是表格", encoding="utf-8")
    result = extract(bad)
    assert result.unreadable is not None and "乡镇报表.xlsx" in result.unreadable
    assert result.cells == {} and result.spec is None
    assert all(f.rule.startswith("F") for f in result.findings)  # file-level findings only
    assert "找不到文件" in (extract(tmp_path / "没有.xlsx").unreadable or "")


def test_input_file_is_not_modified(tmp_path: Path) -> None:
    path = make_return(tmp_path, "2019", HAIBINJIE_2020, year=2020)
    before = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    extract(path)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_template_from_the_builder_extracts_cleanly(tmp_path: Path) -> None:
    """The real template (cover hints, instructions, check sheet, validations) reads cleanly."""
    from template_builder.writer import build_template

    for fmt, year in (("2019", 2020), ("2021", 2023)):
        spec = load_spec(fmt)
        values = HAIBINJIE_2020 if fmt == "2019" else {"t3.new.natural": 2, "t3.granted.natural": 2}
        path = build_template(
            spec, year=year, path=tmp_path / f"{fmt}.xlsx", unit="海滨街", values=values
        )
        result = extract(path)
        assert (result.spec, result.identified_by, result.year, result.unit) == (
            spec,
            "meta",
            year,
            "海滨街",
        )
        assert [f.rule for f in result.findings if f.rule != "V201"] == []
        assert {cid: c.value for cid, c in result.cells.items()} == spec.compute_totals(values)
        assert {c.total_state for c in result.cells.values() if c.total_state} == {"formula"}
