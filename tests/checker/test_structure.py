"""Structure: sheets, labels, inserted / deleted / moved rows and columns with
realigned values, total formulas and protection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.facts import Extraction
from declaration.layout import cell_a1
from declaration.spec import load_spec
from tests.checker.conftest import (
    HAIBINJIE_2020,
    Formula,
    Grid,
    SheetGrid,
    make_return,
    template_grid,
    write_grid,
)
from tests.checker.conftest import read_checked as extract

T2 = "二、主动公开政府信息情况"
T3 = "三、收到和处理政府信息公开申请情况"
T4 = "四、政府信息公开行政复议、行政诉讼情况"
S2019 = load_spec("2019")


def run(tmp_path: Path, edit: Any = None, fmt: str = "2019", **options: Any) -> Extraction:
    values = dict(HAIBINJIE_2020) if fmt == "2019" else {"t3.new.natural": 2}
    year = 2020 if fmt == "2019" else 2022
    return extract(make_return(tmp_path, fmt, values, year=year, edit=edit, **options))


def flat(result: Extraction, prefix: str = "S") -> list[list[str]]:
    return [[f.rule, f.cell] for f in result.findings if f.rule.startswith(prefix)]


def test_clean_template_has_no_structure_findings(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result.findings == []
    assert {c.total_state for c in result.cells.values() if c.total_state} == {"formula"}
    assert all(c.address == cell_a1(S2019, cid) for cid, c in result.cells.items())


def test_missing_sheet(tmp_path: Path) -> None:
    result = run(tmp_path, lambda g: g.sheets.pop(T4))
    assert [[f.rule, f.sheet, f.message] for f in result.findings] == [
        ["S101", T4, f"缺少工作表“{T4}”"]
    ]
    assert result.cells["t4.main.review_other"].value is None


def test_sheet_found_by_normalised_title_and_by_labels(tmp_path: Path) -> None:
    def rename(grid: Grid) -> None:
        grid.sheets = {
            ("二、主动公开政府信息情况 " if k == T2 else "表三" if k == T3 else k): v
            for k, v in grid.sheets.items()
        }

    result = run(tmp_path, rename)
    # found, and the renamed sheet is named (a stray space in a title is no new name)
    assert [(f.rule, f.found) for f in result.findings] == [
        ("S118", "“表三”（应为“三、收到和处理政府信息公开申请情况”）")
    ]
    assert result.cells["t3.new.natural"].sheet == "表三"
    assert result.cells["t3.new.natural"].value == 4


def test_label_cosmetic_and_substantive_changes(tmp_path: Path) -> None:
    def edit(grid: Grid) -> None:
        grid.set(T2, "B4", "本年新\n制作数量")  # line break: cosmetic
        grid.set(T2, "A6", "规范性文件(含其他文件)")  # substance
        grid.set(T3, "C12", '3.危及"三安全一稳定"')  # ASCII quotes: cosmetic

    result = run(tmp_path, edit)
    assert flat(result) == [["S103", "B4"], ["S102", "A6"], ["S103", "C12"]]
    s102 = result.findings[1]
    assert s102.message == "标签与官方格式不一致：应为“规范性文件”，实为“规范性文件(含其他文件)”"
    assert s102.severity == "error" and result.findings[0].severity == "warning"


def test_comma_in_other_handling_rows_is_cosmetic(tmp_path: Path) -> None:
    spec = load_spec("2021")
    label = "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请"
    result = run(tmp_path, lambda g: g.set(T3, "C26", label), fmt="2021")
    assert flat(result) == [["S103", "C26"]]
    assert result.cells["t3.other_no_correction.natural"].address == cell_a1(
        spec, "t3.other_no_correction.natural"
    )


def test_inserted_row_in_table_two_is_realigned(tmp_path: Path) -> None:
    def edit(grid: Grid) -> None:
        grid.insert_row(T2, 6, {0: "其他主动公开文件", 1: 3, 2: 3, 3: 3})

    result = run(tmp_path, edit)
    assert flat(result) == [["S104", "A7"]]
    assert result.findings[0].message == "第 6 行后插入了官方格式中没有的行“其他主动公开文件”"
    penalty = result.cells["t2.penalty.prev_items"]
    assert (penalty.address, penalty.value) == ("B14", 122)
    assert result.cells["t2.procurement.amount"].address == "C21"


def test_inserted_row_in_table_three_keeps_totals_intact(tmp_path: Path) -> None:
    def edit(grid: Grid) -> None:
        grid.insert_row(T3, 12, {2: "9.其他不予公开情形", 3: 1, 9: Formula("SUM(D13:I13)", 1)})

    result = run(tmp_path, edit)
    assert flat(result) == [["S104", "A13"]]
    assert result.findings[0].message == "第 12 行后插入了官方格式中没有的行“9.其他不予公开情形”"
    total = result.cells["t3.outcome_total.natural"]
    assert (total.address, total.formula, total.total_state) == ("D28", "SUM(D8:D27)", "formula")
    assert result.cells["t3.carry_forward.total"].address == "J29"
    assert result.cells["t3.granted.natural"].value == 5


def test_deleted_row(tmp_path: Path) -> None:
    result = run(tmp_path, lambda g: g.delete_row(T2, 9))
    assert [[f.rule, f.message] for f in result.findings] == [
        ["S105", "第 9 行后缺少官方格式中的行“其他对外管理服务事项”"]
    ]
    assert result.findings[0].severity == "error"
    gone = result.cells["t2.other_services.decisions"]
    assert (gone.address, gone.value, gone.blank) == ("", None, True)
    assert result.cells["t2.penalty.decisions"].address == "D12"
    assert result.cells["t2.penalty.decisions"].value == 122


def test_moved_row(tmp_path: Path) -> None:
    def swap(grid: Grid) -> None:
        sheet = grid.sheets[T2]
        for col in range(4):
            a, b = sheet.cells.get((12, col)), sheet.cells.get((13, col))
            sheet.cells[(12, col)], sheet.cells[(13, col)] = b, a

    result = run(tmp_path, swap)
    assert [f.rule for f in result.findings] == ["S106"]
    assert "的位置被移动了" in result.findings[0].message
    assert result.cells["t2.penalty.prev_items"].address == "B14"
    assert result.cells["t2.penalty.prev_items"].value == 122
    assert result.cells["t2.coercion.prev_items"].address == "B13"


def test_inserted_column_in_table_three(tmp_path: Path) -> None:
    def edit(grid: Grid) -> None:
        grid.insert_col(T3, 9, {4: "个体工商户", 5: 7})

    result = run(tmp_path, edit)
    assert flat(result) == [["S104", "J3"]]
    assert result.findings[0].message == "第 I 列后插入了官方格式中没有的列“个体工商户”"
    total = result.cells["t3.new.total"]
    assert (total.address, total.total_state, total.value) == ("K6", "formula", 4)
    assert result.cells["t3.outcome_total.natural"].total_state == "formula"


def test_typed_over_and_changed_totals(tmp_path: Path) -> None:
    def edit(grid: Grid) -> None:
        grid.set(T3, "J6", 4)
        grid.set(T3, "J7", Formula("SUM(D7:H7)", 1))
        grid.set(T4, "E6", None)

    result = run(tmp_path, edit)
    found = [f for f in result.findings if f.rule.startswith("S")]
    # J6 typed as 4, which is the sum of its row: the figure is right, the formula gone
    assert [[f.rule, f.cell, f.message] for f in found] == [
        ["S117", "J6", "总计单元格的公式 =SUM(D6:I6) 被替换成了数值 4；该数值与明细之和一致"],
        ["S111", "J7", "总计公式应为 =SUM(D7:I7)，实为 =SUM(D7:H7)"],
    ]
    states = {cid: result.cells[cid].total_state for cid in ("t3.new.total", "t3.carried.total")}
    assert states == {"t3.new.total": "constant", "t3.carried.total": "changed"}
    assert result.cells["t4.main.review_total"].total_state == "blank"
    assert result.cells["t3.new.total"].value == 4


def test_copied_workbook_totals_are_plain_values(tmp_path: Path) -> None:
    copied = {"meta_info": False, "formulas": False, "protect": False}
    result = run(tmp_path, **copied)
    assert [f.rule for f in result.findings] == ["S113"]
    assert {c.total_state for c in result.cells.values() if c.total_state} == {"constant"}
    assert result.cells["t3.outcome_total.natural"].value == 5


def test_protection_removed(tmp_path: Path) -> None:
    def unprotect(grid: Grid) -> None:
        grid.sheets[T3].protected = False

    result = run(tmp_path, unprotect)
    assert [[f.rule, f.sheet, f.severity] for f in result.findings] == [["S112", T3, "warning"]]
    assert result.findings[0].message == f"工作表“{T3}”的保护已被取消"


def test_tables_stacked_on_one_shifted_sheet(tmp_path: Path) -> None:
    """Copied by hand: all three tables on one sheet, one column to the right."""
    grid = template_grid(
        S2019,
        HAIBINJIE_2020,
        year=2020,
        unit=None,
        meta_info=False,
        formulas=False,
        protect=False,
        cover=False,
    )
    one, top = SheetGrid(), 0
    for sheet in grid.sheets.values():
        one.cells.update({(r + top, c + 1): v for (r, c), v in sheet.cells.items()})
        one.merges += [(r1 + top, c1 + 1, r2 + top, c2 + 1) for r1, c1, r2, c2 in sheet.merges]
        top += max(r for r, _ in sheet.cells) + 3
    result = extract(write_grid(Grid({"Sheet1": one}), tmp_path / "one.xlsx"))
    assert [f.rule for f in result.findings] == ["S113", "S116", "S116"]
    assert {k: c.value for k, c in result.cells.items()} == S2019.compute_totals(HAIBINJIE_2020)
    assert result.cells["t3.new.natural"].address == "E28"


def test_remembered_exact_labels_never_hide_a_changed_label(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """After a clean return, the label check is skipped only for sheets whose
    labels are known to be exactly in place; a changed label is still reported."""
    import checker.read.structure as structure
    from checker.read.alignment_memo import ALIGNMENTS as _MEMO

    checked: list[str] = []
    check = structure._check_labels

    def counting(placement: Any) -> Any:
        checked.append(placement.table)
        return check(placement)

    monkeypatch.setattr(structure, "_check_labels", counting)
    _MEMO.clear()
    for name in "abcd":
        (tmp_path / name).mkdir()
    assert run(tmp_path / "a").findings == []
    assert checked == ["t2", "t3", "t4"]
    assert run(tmp_path / "b").findings == []
    assert checked == ["t2", "t3", "t4"]  # the same clean markup: not checked again
    changed = run(tmp_path / "c", lambda g: g.set(T2, "A6", "规范性文件(含其他文件)"))
    assert flat(changed) == [["S102", "A6"]]
    cosmetic = run(tmp_path / "d", lambda g: g.set(T2, "A6", "规范性文件 "))
    assert flat(cosmetic) == [["S103", "A6"]]
    _MEMO.clear()


def test_alignment_key_is_the_same_with_texts_remembered(monkeypatch: Any) -> None:
    """Texts known to count as themselves are remembered per table; the key of
    every sheet stays what the plain definition gives, also when that memory
    fills up and is cleared halfway through a batch."""
    from checker.read import alignment_memo
    from checker.read.alignment import template_side
    from checker.read.workbook import RawCell, RawSheet
    from declaration.layout import sheet_layouts

    layout = sheet_layouts(S2019)["t2"]
    labels = template_side(layout).columns_by_key
    label_texts = sorted({text for text in template_side(layout).grid.values()})[:6]

    def plain_key(sheet: RawSheet) -> object:
        texts = frozenset(
            (pos, text if alignment_memo._counts_as_itself(text, labels) else "OTHER")
            for pos, text in sheet.texts().items()
        )
        return texts, frozenset(sheet.cells)

    def key(sheet: RawSheet) -> object:
        _, texts, _, cells = alignment_memo.alignment_key(sheet, layout)  # type: ignore[misc]
        shown = frozenset(
            (pos, "OTHER" if text is alignment_memo.OTHER_TEXT else text) for pos, text in texts
        )
        return shown, cells

    template_side(layout).kept_texts.clear()
    monkeypatch.setattr(template_side(layout).kept_texts, "size", 3)
    for n in range(6):
        sheet = RawSheet(T2, "visible")
        texts = [*label_texts[n % 3 : n % 3 + 4], f"填报单位：单位{n}", " ", "甲|乙"]
        for col, text in enumerate(texts):
            sheet.cells[(n % 2, col)] = RawCell(text, "s")
        assert key(sheet) == plain_key(sheet)
        assert len(template_side(layout).kept_texts) <= 3 + len(texts)
