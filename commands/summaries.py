"""Console summaries of the meeting outputs: counts, and where the details are.

A batch of 2,000 returns must not print a line per return left out of the
roll-up or per annotated copy: the console says how many and why (grouped),
the roll-up's 汇总说明 sheet and the annotate folder's list hold every file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from common.safe_output import write_text_atomic

if TYPE_CHECKING:
    from meeting.annotate import AnnotateResult
    from meeting.feedback import FeedbackResult
    from meeting.rollup import Rollup

ANNOTATE_LIST = "批注说明.txt"


def reason_kind(reason: str) -> str:
    """A reason without its particulars: "未通过校验（错误 3 条）" → "未通过校验"."""
    kind = re.split(r"[（(，：:]", reason, maxsplit=1)[0].strip() or reason
    return re.sub(r"\s*\d+ 份", "多份", kind)


def grouped(reasons: Iterable[str]) -> str:
    """``未通过校验 12 份、无法读取 2 份`` (most frequent first)."""
    counts = Counter(reason_kind(r) for r in reasons)
    return "、".join(f"{kind} {n} 份" for kind, n in counts.most_common())


def rollup_lines(plan: Rollup, target: str) -> list[str]:
    lines = [f"汇总表已写入：{target}（{plan.summary()}）"]
    coverage = plan.coverage()[1:] if plan.spec is not None else []
    lines += [f"  {line}" for line in coverage if line.startswith("未报送")]
    if plan.excluded:
        lines.append(
            f"  未计入汇总 {len(plan.excluded)} 份：{grouped(e.reason for e in plan.excluded)}；"
            f"逐份原因见 {Path(target).name} 的“汇总说明”工作表"
        )
    return lines  # the first line already says whether the sum is complete


def annotate_lines(result: AnnotateResult, folder: str) -> list[str]:
    """The annotate summary; the list of every copy and every file left out is in the folder."""
    if not result.written and not result.skipped:
        return ["没有需要加批注的报表"]
    cells = sum(a.cells for a in result.written)
    findings = sum(a.findings for a in result.written)
    lines = [
        f"已生成批注副本 {len(result.written)} 份（{cells} 个单元格，{findings} 条问题），"
        f"位于 {folder}"
    ]
    if result.skipped:
        lines.append(
            f"  未生成批注副本 {len(result.skipped)} 份：{grouped(r for _, r in result.skipped)}"
        )
    listing = Path(folder) / ANNOTATE_LIST
    try:
        write_text_atomic(listing, _annotate_listing(result))
    except OSError:
        return lines  # the copies are there; the list is a convenience
    lines.append(f"  逐份清单见 {listing}")
    return lines


def _annotate_listing(result: AnnotateResult) -> str:
    lines = ["已生成的批注副本："]
    lines += [f"  {a.target}（{a.cells} 个单元格，{a.findings} 条问题）" for a in result.written]
    if result.skipped:
        lines += ["", "未生成批注副本的报表及原因："]
        lines += [f"  {path}：{reason}" for path, reason in result.skipped]
    return "\n".join(lines) + "\n"


def feedback_lines(result: FeedbackResult, folder: str) -> list[str]:
    """One line: how many 退回意见单 and where (and the files left without one, grouped)."""
    if not result.written and not result.skipped:
        return ["没有需要退回修改的报表，未生成退回意见单"]
    lines = [f"已生成退回意见单 {len(result.written)} 份，位于 {folder}"]
    if result.skipped:
        lines.append(
            f"  未生成退回意见单 {len(result.skipped)} 份：{grouped(r for _, r in result.skipped)}"
        )
    return lines
