"""One cause, one finding: what follows from a structural change, and a rule along a line.

* A column or row deleted, inserted or moved shifts everything after it: the
  template's formulas point at the wrong cells, the 总计 column is blank where the
  reader expects it, a label sits one column off. Those findings (``CONSEQUENCES``)
  at or after the change, on its sheet, are listed under the structural finding
  instead of being reported one by one. So are the checks that could not be made
  because the change left cells unread (a published row whose numbers ran together,
  a row left out): they are said to be not made, never counted as failed or passed.
* The same rule along one column (else one row) — typed-over totals pasted as
  values, a total column left blank, a column of formulas changed — is one
  finding listing its cells (``GROUPED``); annotated copies still mark each cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from checker.facts import LayoutFact
from checker.registry import rule_info
from checker.results import Finding, Severity, format_number
from declaration.layout import parse_a1

# the structural facts that shift or hide what comes after them
STRUCTURAL = frozenset({"deleted", "omitted", "inserted", "moved", "ambiguous", "table-missing"})
# findings that a shift of the cells explains
CONSEQUENCES = frozenset({"A301", "A302", "A303", "A304", "A306", "S102", "S111", "S117"})
# rules whose findings along one column or row are one finding
GROUPED = frozenset({"A306", "S111", "S117"})
MAX_LISTED = 12  # cells named in a message; the rest are counted (all are in ``cells``)


@dataclass
class _Cause:
    fact: LayoutFact
    finding: Finding
    absorbed: list[Finding]


def absorb_consequences(
    pairs: Sequence[tuple[LayoutFact, Finding]],
    findings: Sequence[Finding],
    not_made: Sequence[Finding],
) -> tuple[list[Finding], list[Finding]]:
    """(the layout findings, each structural one with what it explains listed under
    it; the other findings without those). ``not_made``: findings of checks that
    used a cell the structure left unread — made by no one if a cause takes them."""
    causes = sorted(
        (_Cause(f, x, []) for f, x in pairs if f.kind in STRUCTURAL),
        key=lambda c: (c.fact.at is None, c.fact.at or 0),
    )
    layout: list[Finding] = []
    for fact, item in pairs:  # a later change on the same line of cells, a shifted label
        cause = _layout_shifted_by(causes, fact, Severity(item.severity))
        if cause is None:
            layout.append(item)
        else:
            cause.absorbed.append(item)
    kept: list[Finding] = []
    for item in findings:
        cause = _shifted_by(causes, item)
        if cause is None:
            kept.append(item)
        else:
            cause.absorbed.append(item)
    for item in not_made:
        cause = next(
            (c for c in causes if c.finding.sheet == item.sheet and _outranks(c, item.severity)),
            None,
        )
        if cause is None:
            kept.append(item)  # no change on its sheet explains it: reported as it is
        else:
            cause.absorbed.append(replace(item, cell="", scope=item.scope or item.cell))
    explained = {id(c.finding): _with_absorbed(c) for c in causes if c.absorbed}
    return [explained.get(id(x), x) for x in layout], kept


def _layout_shifted_by(causes: list[_Cause], fact: LayoutFact, severity: Severity) -> _Cause | None:
    """The earlier change on the same sheet and axis that a later inserted, deleted or
    moved line, or a label found changed at or after it, follows from."""
    if fact.kind == "label-changed" and fact.cell:
        return _at(causes, fact.sheet, fact.cell, severity)
    if fact.kind not in ("inserted", "deleted", "moved") or fact.at is None:
        return None
    for cause in causes:
        c = cause.fact
        same_line = c is not fact and c.sheet == fact.sheet and c.what == fact.what
        if same_line and c.at is not None and c.at < fact.at and _outranks(cause, severity):
            return cause
    return None


def _shifted_by(causes: list[_Cause], item: Finding) -> _Cause | None:
    """The first row or column change on the finding's sheet that the finding's cell
    lies at or after."""
    if item.rule not in CONSEQUENCES:
        return None
    return _at(causes, item.sheet, item.cell, Severity(item.severity))


def _outranks(cause: _Cause, severity: Severity) -> bool:
    """A cause never hides what is worse than itself: an inserted row (a warning) does
    not take the errors after it, which the office must still see as errors."""
    return Severity(cause.finding.severity).rank <= Severity(severity).rank


def _at(causes: list[_Cause], sheet: str, cell: str, severity: Severity) -> _Cause | None:
    if not _a1(cell):
        return None
    try:
        row, col = parse_a1(cell)
    except ValueError:
        return None
    for cause in causes:
        fact = cause.fact
        if fact.at is None or fact.sheet != sheet or not _outranks(cause, severity):
            continue
        if (fact.what == "列" and col >= fact.at) or (fact.what == "行" and row >= fact.at):
            return cause
    return None


def _with_absorbed(cause: _Cause) -> Finding:
    by_rule: dict[str, list[Finding]] = {}
    for item in cause.absorbed:
        by_rule.setdefault(item.rule, []).append(item)
    shifted, unmade = [], []
    for rule, items in by_rule.items():
        places = [x.cell or x.scope for x in items if x.cell or x.scope]
        listed = f"：{_listed(places)}" if places else ""
        if items[0].cell:
            shifted.append(f"{rule_info(rule).title} {len(items)} 处{listed}")
        else:
            unmade.append(f"{rule_info(rule).title} {len(items)} 项{listed}")
    said = [cause.finding.message.rstrip("。")]
    if shifted:
        what = "列" if cause.fact.what == "列" else "行"
        said.append(
            f"由此引起的 {sum(1 for x in cause.absorbed if x.cell)} 项问题归入本条，不再逐条列出"
            f"（{'；'.join(shifted)}）；请先按官方格式恢复该{what}，再重新检查"
        )
    if unmade:
        said.append(f"因此未做的核对：{'；'.join(unmade)}")
    cells = tuple(dict.fromkeys(x.cell for x in cause.absorbed if x.cell))
    return replace(
        cause.finding,
        message="。".join(said),
        cells=cells,
        absorbed=tuple((x.rule, x.cell or x.scope) for x in cause.absorbed),
    )


def _listed(places: Sequence[str]) -> str:
    shown = "、".join(places[:MAX_LISTED])
    return shown + (f" 等 {len(places)} 处" if len(places) > MAX_LISTED else "")


# -- the same rule along a column or row ------------------------------------------


def group_along_lines(findings: list[Finding]) -> list[Finding]:
    """Findings of one ``GROUPED`` rule in one column of a sheet (two or more), else in
    one row, as one finding at the first of them listing every cell."""
    candidates = [f for f in findings if f.rule in GROUPED and _a1(f.cell)]
    if len(candidates) < 2:
        return findings
    groups = _lines(candidates, column=True)
    grouped_ids = {id(f) for g in groups for f in g}
    groups += _lines([f for f in candidates if id(f) not in grouped_ids], column=False)
    first = {id(g[0]): _one_finding(g) for g in groups}
    grouped = {id(f) for g in groups for f in g}
    return [first.get(id(f), f) for f in findings if id(f) in first or id(f) not in grouped]


def _a1(cell: str) -> bool:
    return bool(cell) and cell[:1].isascii() and cell[:1].isalpha() and cell[-1:].isdigit()


def _lines(items: list[Finding], column: bool) -> list[list[Finding]]:
    lines: dict[tuple[str, str, int], list[Finding]] = {}
    for f in items:
        row, col = parse_a1(f.cell)
        lines.setdefault((f.rule, f.sheet, col if column else row), []).append(f)
    return [g for g in lines.values() if len(g) > 1]


def _one_finding(group: list[Finding]) -> Finding:
    first = group[0]
    cells = tuple(f.cell for f in group)
    column = len({f.col_label for f in group}) == 1
    line = f"“{first.col_label}”列" if column and first.col_label else "同一行"
    if not column and first.row_label:
        line = f"“{first.row_label}”行"
    message = _GROUP_MESSAGES.get(first.rule, _generic)(group, line)
    return replace(
        first,
        message=message,
        cells=cells,
        row_label="" if column else first.row_label,
        col_label=first.col_label if column else "",
        found=len(cells),
    )


def _typed_over(group: list[Finding], line: str) -> str:
    return (
        f"{line}的 {len(group)} 个总计单元格（{_listed([f.cell for f in group])}）的公式"
        "被替换成了数值；这些数值与各自的明细之和一致，请恢复模板的公式"
    )


def _blank_totals(group: list[Finding], line: str) -> str:
    shown = "、".join(f"{f.cell} 应为 {_number(f.expected)}" for f in group[:MAX_LISTED])
    more = f" 等 {len(group)} 处" if len(group) > MAX_LISTED else ""
    return f"{line}的 {len(group)} 个总计单元格为空白（{shown}{more}）；请恢复模板的公式"


def _changed_formulas(group: list[Finding], line: str) -> str:
    first = group[0]
    return (
        f"{line}的 {len(group)} 个总计公式被改动（{_listed([f.cell for f in group])}），"
        f"如 {first.cell} 应为 {first.expected}，实为 {first.found}；请恢复模板的公式"
    )


def _generic(group: list[Finding], line: str) -> str:
    return f"{group[0].message}（{line}共 {len(group)} 处：{_listed([f.cell for f in group])}）"


def _number(value: object) -> str:
    return format_number(value) if isinstance(value, int | float) else str(value)


_GROUP_MESSAGES = {"S117": _typed_over, "A306": _blank_totals, "S111": _changed_formulas}
