"""修改情况: how a resubmitted return differs from the office's previous one (``--previous``).

Wording shared by the text, terminal and HTML reports; pure functions.
"""

from __future__ import annotations

from pathlib import Path

from checker.results import CellChange, Finding, Resubmission, format_number


def change_headline(again: Resubmission) -> str:
    """``与上一份报表（第一轮/东区.xlsx）相比：改了 2 个单元格；已解决 1 个问题，新出现 0 个``."""
    if again.previous is None:
        return f"没有可比较的上一份报表：{again.reason}"
    name = Path(again.previous).name
    if again.reason:
        return f"与上一份报表（{name}）无法逐格比较：{again.reason}"
    cells = f"改了 {len(again.changes)} 个单元格" if again.changes else "数值没有改动"
    return (
        f"与上一份报表（{name}）相比：{cells}；"
        f"已解决 {len(again.resolved)} 个问题，新出现 {len(again.new)} 个"
    )


def change_place(change: CellChange) -> str:
    """``三、收到和处理… · 一、本年新收… × 自然人 (D6)``."""
    labels = " × ".join(x for x in (change.row_label, change.col_label) if x)
    return f"{change.sheet} · {labels} ({change.cell})" if labels else change.cell


def change_values(change: CellChange) -> str:
    """``4 → 5`` (a blank cell is 空)."""
    return f"{format_number(change.before)} → {format_number(change.after)}"


def finding_label(f: Finding) -> str:
    where = f" {f.cell}" if f.cell else ""
    return f"{f.rule}{where} {f.message}"


def change_lines(again: Resubmission, indent: str = "  ") -> list[str]:
    """The 修改情况 of one return as plain-text lines."""
    lines = [f"{indent}修改情况：{change_headline(again)}"]
    lines += [f"{indent}  改动 {change_place(c)}：{change_values(c)}" for c in again.changes]
    lines += [f"{indent}  已解决 {finding_label(f)}" for f in again.resolved]
    lines += [f"{indent}  新出现 {finding_label(f)}" for f in again.new]
    return lines
