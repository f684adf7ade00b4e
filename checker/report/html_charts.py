"""Inline SVG bar charts for the HTML report (no scripts, no external files)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checker.results import format_number
from common.html_text import html_text

PALETTE: tuple[str, ...] = (
    "#2b6cb0",
    "#38a169",
    "#d69e2e",
    "#c05621",
    "#805ad5",
    "#d53f8c",
    "#319795",
    "#718096",
    "#a0aec0",
)

WIDTH = 1000
LABEL_WIDTH = 240
VALUE_WIDTH = 60
BAR_HEIGHT = 16
BAR_GAP = 3
ROW_GAP = 12
MAX_LABEL_CHARS = 18


@dataclass(frozen=True)
class ChartRow:
    """One category (an office, a rule): one or more bars of stacked segments.

    Each bar is a list of values aligned with the chart's series.
    """

    label: str
    bars: tuple[tuple[float, ...], ...]
    note: str = ""  # said in red after the last bar (a pair that should be equal and is not)


def _short(label: str) -> str:
    """A label that fits beside the bars: its start and its end (where a file name is)."""
    if len(label) <= MAX_LABEL_CHARS:
        return label
    head = MAX_LABEL_CHARS // 2
    return label[:head] + "…" + label[-(MAX_LABEL_CHARS - head - 1) :]


def _legend(series: Sequence[str], colors: Sequence[str]) -> str:
    items = "".join(
        f'<span><i style="background:{colors[i % len(colors)]}"></i>{html_text(name)}</span>'
        for i, name in enumerate(series)
    )
    return f'<div class="legend">{items}</div>'


def _bar(values: Sequence[float], y: float, scale: float, colors: Sequence[str]) -> str:
    parts: list[str] = []
    x = float(LABEL_WIDTH)
    for i, value in enumerate(values):
        if value <= 0:
            continue
        w = max(value * scale, 1.0)
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{colors[i % len(colors)]}"><title>{format_number(value)}</title></rect>'
        )
        x += w
    total = sum(v for v in values if v > 0)
    parts.append(
        f'<text x="{x + 4:.1f}" y="{y + BAR_HEIGHT - 3:.1f}">{format_number(total)}</text>'
    )
    return "".join(parts)


def bar_chart(
    title: str,
    series: Sequence[str],
    rows: Sequence[ChartRow],
    colors: Sequence[str] = PALETTE,
    css_class: str = "chart",
) -> str:
    """A horizontal (stacked) bar chart as an inline ``<svg>`` with its legend."""
    if not rows:
        return ""
    biggest = max((sum(v for v in bar if v > 0) for r in rows for bar in r.bars), default=0.0)
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / biggest if biggest > 0 else 0.0
    body: list[str] = []
    y = 4.0
    for row in rows:
        height = len(row.bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        body.append(
            f'<text x="0" y="{y + height / 2 + 4:.1f}"><title>{html_text(row.label)}</title>'
            f"{html_text(_short(row.label))}</text>"
        )
        for bar in row.bars:
            body.append(_bar(bar, y, scale, colors))
            y += BAR_HEIGHT + BAR_GAP
        if row.note:  # a difference of 1 is too small to see: it is said
            x = WIDTH - VALUE_WIDTH + 8
            body.append(
                f'<text class="gap" x="{x}" y="{y - BAR_HEIGHT / 2 - 2:.1f}">{html_text(row.note)}</text>'
            )
        y += ROW_GAP - BAR_GAP
    height = int(y + 4)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html_text(title)}" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">'
        f"{''.join(body)}</svg>"
    )
    return (
        f'<figure class="{css_class}"><figcaption><b>{html_text(title)}</b></figcaption>'
        f"{_legend(series, colors)}{svg}</figure>"
    )
