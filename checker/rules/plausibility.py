"""Plausibility warnings: numbers that add up but deserve a second look.

P401 (对外公开总数量 ≥ 本年新公开数量) is a spec rule and comes through the
arithmetic stage; the rules here need more than a linear identity.
"""

from __future__ import annotations

from collections.abc import Mapping

from checker.facts import Extraction
from checker.findings import make_finding
from checker.results import DiffLine, Finding, format_number, plain_number
from checker.rules.arithmetic import locate
from declaration.spec import FormSpec

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"P402", "P403"})

# P402 fires when （六）其他处理 is more than this share of （七）总计 …
OTHER_HANDLING_MAX_SHARE = 0.20
# … and at least this many applications: 1 of 3 is a share of 33 % but no pattern.
OTHER_HANDLING_MIN_CASES = 5


def check_plausibility(
    spec: FormSpec, extraction: Extraction, values: Mapping[str, float]
) -> list[Finding]:
    return [
        *other_handling_share(spec, extraction, values),
        *total_without_detail(spec, extraction),
    ]


def other_handling_share(
    spec: FormSpec, extraction: Extraction, values: Mapping[str, float]
) -> list[Finding]:
    """P402: （六）其他处理 too large a share of all outcomes (column 总计)."""
    cells = spec.role("other_handling")
    total_cell = spec.role_cell("outcome_total")
    if not cells or total_cell is None:
        return []
    other = sum(values.get(c, 0.0) for c in cells)
    total = values.get(total_cell, 0.0)
    if total <= 0 or other < OTHER_HANDLING_MIN_CASES:
        return []
    share = other / total
    if share <= OTHER_HANDLING_MAX_SHARE:
        return []
    where = locate(spec, extraction, cells[0])
    found = f"{share:.0%}（{format_number(other)} / {format_number(total)}）"
    total_at = locate(spec, extraction, total_cell).cell
    return [
        make_finding(
            "P402",
            {"found": found},
            sheet=where.sheet,
            cell=where.cell,
            row_label=_group_label(spec, cells[0]),
            col_label=where.col_label,
            expected=f"≤ {OTHER_HANDLING_MAX_SHARE:.0%}",
            found=found,
            diff=(
                DiffLine(
                    "（六）其他处理",
                    tuple(locate(spec, extraction, c).cell for c in cells),
                    tuple(values.get(c, 0.0) for c in cells),
                    other,
                ),
                DiffLine("（七）总计", (total_at,), (total,), total),
            ),
        )
    ]


def _group_label(spec: FormSpec, cell_id: str) -> str:
    """「（六）其他处理」 also for the 2021 format, where it has sub-rows."""
    path = spec.cells[cell_id].row_path
    return path[1] if len(path) > 1 else path[-1]


def total_without_detail(spec: FormSpec, extraction: Extraction) -> list[Finding]:
    """P403: a row 总计 typed as a number while every applicant column is blank."""
    applicants = set(spec.sets.get("applicants", ()))
    findings: list[Finding] = []
    for total in spec.totals:
        read = extraction.cells.get(total.target)  # first what is rare: a typed-over total
        if read is None or read.total_state != "constant" or not read.value or read.value <= 0:
            continue
        detail = total.expr.cells()
        if {spec.cells[c].col for c in detail} != applicants:
            continue
        if not all(_blank(extraction, c) for c in detail):
            continue
        where = locate(spec, extraction, total.target)
        findings.append(
            make_finding(
                "P403",
                {"found": format_number(read.value)},
                sheet=where.sheet,
                cell=where.cell,
                row_label=where.row_label,
                col_label=where.col_label,
                expected="按申请人类别分别填写",
                found=plain_number(read.value),
            )
        )
    return findings


def _blank(extraction: Extraction, cell_id: str) -> bool:
    read = extraction.cells.get(cell_id)
    return read is None or read.blank
