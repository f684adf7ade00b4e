"""The roster section of a report, as plain text lines and as a rich renderable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from checker.results import RosterSummary

if TYPE_CHECKING:
    from rich.console import RenderableType


_MARKS = {"error": "✗", "warning": "!", "info": "·"}


def roster_headline(summary: RosterSummary) -> str:
    year = f"{summary.year} 年度，" if summary.year else ""
    return (
        f"单位名单 {Path(summary.roster).name}：{year}应报 {summary.expected} 个单位，"
        f"已报 {summary.received} 个，未报 {len(summary.missing())} 个"
    )


def roster_lines(summary: RosterSummary) -> list[str]:
    """The roster section as plain text lines."""
    lines = [roster_headline(summary)]
    for f in summary.findings:
        lines.append(f"  {_MARKS[f.severity]} {f.rule} {f.message}")
    if not summary.findings:
        lines.append("  ✓ 名单中的单位均已报送，且没有多报、错报")
    return lines


def roster_renderable(summary: RosterSummary, width: int | None = None) -> RenderableType:
    """The roster section for a rich console (workbook text is never markup).

    With ``width``, messages are broken by columns beforehand, so that the file
    names they hold are never split."""
    from rich.console import Group
    from rich.text import Text

    from common.text_width import cells, wrap_cells

    styles = {"error": "red", "warning": "yellow", "info": "cyan"}
    parts: list[RenderableType] = [Text(roster_headline(summary), style="bold")]
    for f in summary.findings:
        head = f"{_MARKS[f.severity]} {f.rule} "
        indent = 2 + cells(head)
        body = wrap_cells(f.message, max(width - indent, 20)) if width else [f.message]
        line = Text("  ", overflow="fold")
        line.append(head, style=styles[f.severity])
        line.append(("\n" + " " * indent).join(body))
        parts.append(line)
    if not summary.findings:
        parts.append(Text("  ✓ 名单中的单位均已报送，且没有多报、错报", style="green"))
    return Group(*parts)
