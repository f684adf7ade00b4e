"""Checks that did not run on a return, and why: said aloud in every report, never a pass.

Today these are the cross-year checks: the spec's prior-year rules (X501, X502),
the year-on-year jumps (X503) and the repeats of last year (D720, D721) need
last year's return. Kept apart from checker.rules.cross_year, which a one-file
check without ``--prior`` never imports.
"""

from __future__ import annotations

from collections.abc import Mapping

from checker.results import Skipped
from declaration.spec import FormSpec

CROSS_YEAR = "跨年度核对"
NO_PRIOR = "未指定上一年度的报表或上年回收文件夹（--prior）"
NO_TEXT = "上一年度的报告不是公开的年度报告，没有正文可比"
# checks that need last year's return besides the spec's prior. rules
PRIOR_ONLY = ("X503", "D720")
TEXT_ONLY = "D721"


def skipped_cross_year(
    spec: FormSpec,
    *,
    prior: Mapping[str, float] | None,
    prior_format: str | None = None,
    reason: str = "",
    published: bool = False,
    prior_text: str | None = None,
) -> list[Skipped]:
    """The cross-year checks that did not run on a return of ``spec``, and why.

    ``reason``: why last year's return was not found (the prior index's lookup);
    ``prior_format``: the format of the one that was found."""
    from checker.rules.arithmetic import prior_rule_ids

    not_run = prior_rule_ids(spec, prior)
    out: list[Skipped] = []
    if prior is None:
        rules = [*not_run, *PRIOR_ONLY, *([TEXT_ONLY] if published else [])]
        return [Skipped(CROSS_YEAR, tuple(rules), reason or NO_PRIOR)]
    if not_run:
        other = prior_format is not None and prior_format != spec.format
        why = (
            f"上一年度的报表为另一种格式（{prior_format}），对应的单元格不全"
            if other
            else "上一年度的报表缺少对应的单元格"
        )
        out.append(Skipped(CROSS_YEAR, tuple(not_run), why))
    if published and not prior_text:
        out.append(Skipped(CROSS_YEAR, (TEXT_ONLY,), NO_TEXT))
    return out
