"""V rules: what the reading stage noted about each value cell, as findings.

Reading records a ``ValueNote`` on a cell whose value was not a plain number
(blank, "无", full-width digits, a word …). Here those notes become findings:
one per cell, except blanks and none-markers, which are one finding per table
(a column of "—" is one cause, not twenty). Two rules look at the whole
return: an untouched template (V217) and table 三 filled only in its 总计
column (V218).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from checker.facts import CellRead, Extraction
from checker.findings import finding
from checker.results import Finding
from declaration.spec import CellSpec, FormSpec

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"V201", "V205", "V214", "V217"})

LISTED = 8  # addresses named in one grouped finding of a table
GROUPED = ("V201", "V205")  # notes reported once per table


def value_findings(
    spec: FormSpec, extraction: Extraction, skip: Iterable[str] = ()
) -> list[Finding]:
    """The V findings of the cells' notes; cells in ``skip`` are reported elsewhere."""
    skipped = set(skip)
    groups: dict[tuple[str, str], list[tuple[CellRead, CellSpec]]] = {}
    out: list[Finding] = []
    for cell_id, cell_spec in spec.cells.items():
        read = extraction.cells.get(cell_id)
        if read is None or read.note is None or cell_id in skipped:
            continue
        rule = read.note.rule
        if rule == "V201":
            groups.setdefault((rule, cell_spec.table), []).append((read, cell_spec))
        elif not _reportable(read):
            continue
        elif rule == "V205":
            groups.setdefault((rule, cell_spec.table), []).append((read, cell_spec))
        else:
            out.append(_cell_finding(read, cell_spec))
    out.extend(_grouped(rule, reads) for (rule, _), reads in groups.items())
    return out


def _reportable(read: CellRead) -> bool:
    """A computed total's cached result is not typed by anyone: only its errors count."""
    assert read.note is not None
    return read.total_state not in ("formula", "changed") or read.note.rule == "V214"


def _cell_finding(read: CellRead, cell_spec: CellSpec) -> Finding:
    assert read.note is not None
    return finding(
        read.note.rule,
        sheet=read.sheet,
        cell=read.address,
        row_label=cell_spec.row_label,
        col_label=cell_spec.col_label,
        found=read.note.found,
        expected=read.note.expected,
        kind=cell_spec.kind,
    )


def _grouped(rule: str, cells: list[tuple[CellRead, CellSpec]]) -> Finding:
    """One finding for a table: the first cell, the count and the addresses."""
    if rule == "V205" and len(cells) == 1:
        return _cell_finding(*cells[0])
    reads = [read for read, _ in cells]
    first = reads[0]
    names = "、".join(r.address for r in reads[:LISTED])
    more = "等" if len(reads) > LISTED else ""
    if rule == "V201":
        suffix = f"（本表共 {len(reads)} 个空白单元格：{names}{more}）"
        return finding(
            rule, sheet=first.sheet, cell=first.address, suffix=suffix, found_value=len(reads)
        )
    shown = "、".join(dict.fromkeys(str(r.note.found) for r in reads if r.note))
    suffix = f"（本表共 {len(reads)} 个单元格填写了“{shown}”：{names}{more}）"
    _, first_spec = cells[0]
    return finding(
        rule,
        sheet=first.sheet,
        cell=first.address,
        row_label=first_spec.row_label,
        col_label=first_spec.col_label,
        suffix=suffix,
        found=shown,
        found_value=len(reads),
    )


# -- the return as a whole -------------------------------------------------------------


def empty_form(spec: FormSpec, extraction: Extraction) -> list[Finding]:
    """V217: not one value typed into the whole form (an untouched template).

    Cells the distribution fills from last year's return (二、上年结转) do not
    count: they are there before the office types anything. A total counts
    when a number other than 0 stands in place of its formula."""
    carried = carried_cells(spec)
    for cell_id, cell_spec in spec.cells.items():
        read = extraction.cells.get(cell_id)
        if read is None or cell_id in carried:
            continue
        if cell_spec.is_total:
            if read.total_state in ("constant", "changed") and read.value:
                return []
        elif not read.blank:
            return []
    return [finding("V217")]


@cache  # a per-spec constant, one per spec file (common.memo)
def carried_cells(spec: FormSpec) -> frozenset[str]:
    """Cells whose rule makes them equal to a cell of last year (X501's 上年结转)."""
    out: set[str] = set()
    for rule in spec.rules:
        for check in rule.checks:
            current = [t for t in check.lhs.terms if not t.prior]
            if len(current) == 1 and check.rhs.terms and all(t.prior for t in check.rhs.terms):
                out.add(current[0].cell)
    return frozenset(out)
