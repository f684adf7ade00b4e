"""The 校验 sheet and the live highlighting of broken identities.

Both are generated from the spec's RuleChecks through ``formulas.formula_for``,
the same source the checker evaluates in Python. Checks that compare with last
year's return (``prior.``) cannot be computed inside one workbook and are left
to the checker.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from declaration.formulas import formula_for
from declaration.layout import SheetLayout, a1, col_letter, quote_sheet, sheet_layouts
from declaration.spec import FormSpec, Rule, RuleCheck
from template_builder.sheet_common import Sheet, print_setup, protect
from template_builder.styles import POINTS_PER_LINE, Styles, lines_needed

OK = "✓"
FAILED = "✗"
OP_TEXT = {"=": "=", ">=": "≥", "<=": "≤"}
FAIL_TEST = {"=": "<>0", ">=": "<0", "<=": ">0"}
PASS_TEST = {"=": "=0", ">=": ">=0", "<=": "<=0"}

CHECK_TITLE_ROW = 0
CHECK_SUMMARY_ROW = 1
CHECK_HEADER_ROW = 2
CHECK_FIRST_ROW = 3
CHECK_HEADERS = ("编号", "规则", "位置", "关系", "左边", "右边", "差额", "结果")
CHECK_WIDTHS = (7, 16, 50, 40, 10, 10, 10, 7)
LEFT_COL, RIGHT_COL, DIFF_COL, MARK_COL = 4, 5, 6, 7

_CELL_REF = re.compile(r"(?<![A-Za-z$'])([A-Z]{1,3})(\d+)(?![\d(])")


@dataclass(frozen=True)
class CheckLine:
    """One row of the 校验 sheet."""

    rule: Rule
    check: RuleCheck
    where: str
    relation: str


def sheet_checks(spec: FormSpec) -> list[tuple[Rule, RuleCheck]]:
    """Every rule check computable inside one workbook (no ``prior.`` terms)."""
    return [(r, c) for r in spec.rules for c in r.checks if not c.uses_prior()]


def _table_short(title: str) -> str:
    return "表" + title.split("、", 1)[0]


def _column_name(spec: FormSpec, table: str, col_path: tuple[str, ...]) -> str:
    """The column's leaf label, with its group when the leaf label repeats."""
    leaf = col_path[-1]
    same = {c.col for c in spec.cells.values() if c.table == table and c.col_label == leaf}
    if len(same) > 1 and len(col_path) > 1:
        return f"{col_path[-2]} · {leaf}"
    return leaf


def where_label(spec: FormSpec, check: RuleCheck) -> str:
    """Human location of a check: table, row and/or column labels, A1 hint."""
    cell = spec.cells[check.anchor]
    layout = sheet_layouts(spec)[cell.table]
    pos = layout.values[cell.id]
    bound = {value for _, value in check.bindings}
    parts = [_table_short(spec.table(cell.table).title)]
    by_row = not check.bindings or cell.row in bound
    by_col = not check.bindings or cell.col in bound
    if by_row and cell.row_label:
        parts.append(cell.row_label)
    if by_col:
        parts.append(_column_name(spec, cell.table, cell.col_path))
    if by_row and by_col:
        hint = a1(pos.row, pos.col)
    elif by_col:
        hint = f"{col_letter(pos.col)}列"
    else:
        hint = f"第{pos.row + 1}行"
    return " · ".join(parts) + f"（{hint}）"


def check_lines(spec: FormSpec) -> list[CheckLine]:
    return [
        CheckLine(rule, check, where_label(spec, check), relation(rule, check))
        for rule, check in sheet_checks(spec)
    ]


def relation(rule: Rule, check: RuleCheck) -> str:
    return f"{rule.lhs_label} {OP_TEXT[check.op]} {rule.rhs_label}"


def absolute(formula: str) -> str:
    """Make every A1 reference of a generated formula absolute (``D8`` → ``$D$8``)."""
    return _CELL_REF.sub(r"$\1$\2", formula)


def failure_formula(spec: FormSpec, check: RuleCheck, home_table: str) -> str:
    """Conditional-format formula: true while ``check`` does not hold."""
    lhs = formula_for(spec, check.lhs, home_table)
    rhs = formula_for(spec, check.rhs, home_table)
    return absolute(f"=ROUND(({lhs})-({rhs}),6){FAIL_TEST[check.op]}")


def add_alerts(sheet: Sheet, spec: FormSpec, layout: SheetLayout, styles: Styles) -> None:
    """Highlight the cells of every broken identity and every text entry, live."""
    for _, check in sheet_checks(spec):
        cells = [t.cell for t in check.lhs.terms + check.rhs.terms]
        positions = [layout.values[c] for c in cells if c in layout.values]
        if not positions:
            continue
        ranges = " ".join(a1(p.row, p.col) for p in positions)
        first = positions[0]
        sheet.conditional_format(
            first.row,
            first.col,
            first.row,
            first.col,
            {
                "type": "formula",
                "criteria": failure_formula(spec, check, layout.table),
                "format": styles.alert,
                "multi_range": ranges,
            },
        )
    for block in layout.blocks:
        top, bottom = block.data_rows
        cols = [p.col for p in layout.values.values() if top <= p.row <= bottom]
        left, right = min(cols), max(p.last_col for p in layout.values.values() if p.row == top)
        sheet.conditional_format(
            top,
            left,
            bottom,
            right,
            {"type": "formula", "criteria": f"=ISTEXT({a1(top, left)})", "format": styles.alert},
        )


def mark(holds: bool) -> str:
    return OK if holds else FAILED


NOT_FILLED = "未填写"


def summary_text(failed: int, filled: bool = True) -> str:
    if not filled:
        return NOT_FILLED
    return "全部通过" if failed == 0 else f"有 {failed} 项未通过"


def input_ranges(spec: FormSpec) -> list[str]:
    """Sheet-qualified ranges covering exactly the input cells: runs of adjacent
    input cells in a row, stacked while the rows below have the same runs."""
    out = []
    for layout in sheet_layouts(spec).values():
        runs: dict[int, list[tuple[int, int]]] = {}
        inputs = [p for cid, p in layout.values.items() if not spec.cells[cid].is_total]
        for pos in sorted(inputs, key=lambda p: (p.row, p.col)):
            row = runs.setdefault(pos.row, [])
            if row and row[-1][1] == pos.col - 1:
                row[-1] = (row[-1][0], pos.last_col)
            else:
                row.append((pos.col, pos.last_col))
        boxes: list[tuple[int, int, int, int]] = []  # first row, last row, first col, last col
        for row_index in sorted(runs):
            for first, last in runs[row_index]:
                below = [b for b in boxes if b[1] == row_index - 1 and b[2:] == (first, last)]
                if below and runs.get(below[0][0]) == runs[row_index]:
                    boxes[boxes.index(below[0])] = (below[0][0], row_index, first, last)
                else:
                    boxes.append((row_index, row_index, first, last))
        sheet = quote_sheet(layout.sheet_name)
        for top, bottom, first, last in boxes:
            cells = a1(top, first, absolute=True)
            if (bottom, last) != (top, first):
                cells += ":" + a1(bottom, last, absolute=True)
            out.append(f"{sheet}!{cells}")
    return out


def summary_formula(spec: FormSpec, count: str) -> str:
    """未填写 while no input cell holds anything, else the count of broken checks."""
    filled = "+".join(f"COUNTA({r})" for r in input_ranges(spec))
    verdict = f'IF({count}=0,"全部通过","有 "&{count}&" 项未通过")'
    return f'=IF(({filled})=0,"{NOT_FILLED}",{verdict})'


def write_check_sheet(
    sheet: Sheet,
    spec: FormSpec,
    styles: Styles,
    *,
    computed: Mapping[str, float],
    unit: str | None,
    password: str | None,
    filled: bool = True,
) -> None:
    """One row per check: where, relation, both sides, difference and ✓/✗.

    The summary says 未填写 while no input cell is filled (``filled`` is its cached
    state: whether the workbook is written with any input)."""
    lines = check_lines(spec)
    last_row = CHECK_FIRST_ROW + len(lines) - 1
    for col, width in enumerate(CHECK_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.set_row(CHECK_TITLE_ROW, 30)
    title = "校验（根据填报数据自动计算；✗ 表示该项不成立，请核对相关单元格）"
    sheet.merge_range(CHECK_TITLE_ROW, 0, CHECK_TITLE_ROW, MARK_COL, title, styles.title)
    marks = f"{a1(CHECK_FIRST_ROW, MARK_COL)}:{a1(last_row, MARK_COL)}"
    count = f'COUNTIF({marks},"{FAILED}")'
    failed = 0
    for row, line in enumerate(lines, start=CHECK_FIRST_ROW):
        failed += _write_check_line(sheet, spec, styles, row, line, computed)
    summary = summary_formula(spec, count)
    sheet.merge_range(CHECK_SUMMARY_ROW, 0, CHECK_SUMMARY_ROW, MARK_COL, "", styles.text_bold)
    sheet.write_formula(
        CHECK_SUMMARY_ROW, 0, summary, styles.text_bold, summary_text(failed, filled)
    )
    for col, header in enumerate(CHECK_HEADERS):
        sheet.write_string(CHECK_HEADER_ROW, col, header, styles.check_header)
    print_setup(
        sheet,
        landscape=True,
        unit=unit,
        last_row=last_row,
        last_col=MARK_COL,
        repeat=(CHECK_HEADER_ROW, CHECK_HEADER_ROW),
    )
    sheet.freeze_panes(CHECK_FIRST_ROW, 0)
    sheet.conditional_format(
        f"{marks}",
        {"type": "cell", "criteria": "==", "value": f'"{FAILED}"', "format": styles.alert},
    )
    protect(sheet, password)


def _write_check_line(
    sheet: Sheet,
    spec: FormSpec,
    styles: Styles,
    row: int,
    line: CheckLine,
    computed: Mapping[str, float],
) -> int:
    """Write one check row; returns 1 when its cached result is a failure."""
    check = line.check
    left = check.lhs.evaluate(computed)
    right = check.rhs.evaluate(computed)
    diff = round(left - right, 6)
    holds = check.holds(computed)
    texts = (line.rule.title, line.where, line.relation)
    lines = max(lines_needed(t, w) for t, w in zip(texts, CHECK_WIDTHS[1:4], strict=True))
    sheet.set_row(row, max(lines * POINTS_PER_LINE + 4, 20))
    sheet.write_string(row, 0, line.rule.id, styles.check_text)
    sheet.write_string(row, 1, line.rule.title, styles.check_text)
    sheet.write_string(row, 2, line.where, styles.check_text)
    sheet.write_string(row, 3, line.relation, styles.check_text)
    sheet.write_formula(
        row, LEFT_COL, "=" + formula_for(spec, check.lhs), styles.check_number, left
    )
    sheet.write_formula(
        row, RIGHT_COL, "=" + formula_for(spec, check.rhs), styles.check_number, right
    )
    left_ref, right_ref = a1(row, LEFT_COL), a1(row, RIGHT_COL)
    diff_ref = a1(row, DIFF_COL)
    sheet.write_formula(
        row, DIFF_COL, f"=ROUND({left_ref}-{right_ref},6)", styles.check_number, diff
    )
    verdict = f'=IF({diff_ref}{PASS_TEST[check.op]},"{OK}","{FAILED}")'
    sheet.write_formula(row, MARK_COL, verdict, styles.check_mark, mark(holds))
    return 0 if holds else 1
