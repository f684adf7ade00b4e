"""Identification: meta, labels (S113), unknown (S114), wrong format for year (S115),
cover incomplete (S116)."""

from __future__ import annotations

from pathlib import Path

from checker.read.identify import identify
from checker.read.xlsx_reader import read_workbook
from declaration import identity as meta
from tests.checker.conftest import Grid, make_return
from tests.checker.conftest import read_checked as extract

COPIED = {"meta_info": False, "formulas": False, "protect": False, "cover": False}


def rules(path: Path) -> list[str]:
    return [f.rule for f in extract(path).findings]


def test_template_identified_by_meta(tmp_path: Path) -> None:
    path = make_return(tmp_path, "2021", {}, year=2023, unit="平潭县人民政府", code="350128")
    ident = identify(read_workbook(path))
    assert ident.spec is not None and ident.spec.format == "2021"
    assert (ident.identified_by, ident.spec_version) == ("meta", "1.0.0")
    assert (ident.year, ident.unit, ident.code) == (2023, "平潭县人民政府", "350128")


def test_meta_from_hidden_sheet_only_and_cover_wins(tmp_path: Path) -> None:
    def edit(grid: Grid) -> None:
        grid.properties = {}
        grid.set(meta.COVER_SHEET, "B6", "2022年度")

    ident = identify(read_workbook(make_return(tmp_path, "2021", {}, year=2023, edit=edit)))
    assert ident.identified_by == "meta" and ident.year == 2022


def test_meta_from_properties_only(tmp_path: Path) -> None:
    def edit(grid: Grid) -> None:
        del grid.sheets[meta.META_SHEET]
        del grid.sheets[meta.COVER_SHEET]

    ident = identify(read_workbook(make_return(tmp_path, "2019", {}, year=2020, edit=edit)))
    assert ident.identified_by == "meta" and (ident.year, ident.unit) == (2020, "海滨街道办事处")


def test_copied_workbook_identified_by_labels(tmp_path: Path) -> None:
    names = {"t2": "Sheet1", "t3": "Sheet2", "t4": "Sheet3"}
    for fmt in ("2019", "2021"):
        path = make_return(tmp_path, fmt, {}, name=f"{fmt}.xlsx", sheet_names=names, **COPIED)
        result = extract(path)
        assert result.spec is not None and result.spec.format == fmt
        assert result.identified_by == "labels"
        s113 = result.findings[0]
        assert s113.rule == "S113" and s113.severity == "warning"
        assert s113.message == f"文件中没有模板标识，已按标签识别为{result.spec.document}格式"
        # no cover and no meta: office and year unknown
        assert [f.message for f in result.findings if f.rule == "S116"] == [
            "封面“单位名称”未填写",
            "封面“报告年度”未填写",
        ]


def test_table_three_alone_tells_the_formats_apart(tmp_path: Path) -> None:
    def only_t3(grid: Grid) -> None:
        for name in list(grid.sheets):
            if not name.startswith("三"):
                del grid.sheets[name]

    for fmt in ("2019", "2021"):
        path = make_return(tmp_path, fmt, {}, name=f"{fmt}.xlsx", edit=only_t3, **COPIED)
        ident = identify(read_workbook(path))
        assert ident.spec is not None and ident.spec.format == fmt


def test_unknown_workbook(tmp_path: Path) -> None:
    def other(grid: Grid) -> None:
        grid.sheets = {"Sheet1": grid.sheets[meta.COVER_SHEET]}

    result = extract(make_return(tmp_path, "2019", {}, edit=other, **dict(COPIED, cover=True)))
    assert [f.rule for f in result.findings] == ["S114"]
    assert result.spec is None and result.cells == {}
    assert result.findings[0].severity == "error"


def test_wrong_format_for_year(tmp_path: Path) -> None:
    assert "S115" not in rules(make_return(tmp_path, "2019", {}, year=2020, name="ok.xlsx"))
    result = extract(make_return(tmp_path, "2019", {}, year=2021))
    s115 = [f for f in result.findings if f.rule == "S115"]
    assert [f.message for f in s115] == [
        "2021 年度报告应使用国办公开办函〔2021〕30号格式，实际使用的是国办公开办函〔2019〕60号格式"
    ]
    assert (s115[0].expected, s115[0].found) == ("2021", "2019")


def test_cover_incomplete(tmp_path: Path) -> None:
    result = extract(make_return(tmp_path, "2021", {}, year=2022, unit=None))
    s116 = [f for f in result.findings if f.rule == "S116"]
    assert [(f.sheet, f.cell, f.message) for f in s116] == [
        (meta.COVER_SHEET, "B4", "封面“单位名称”未填写")
    ]
    assert "S116" not in rules(make_return(tmp_path, "2021", {}, year=2022, name="ok.xlsx"))
