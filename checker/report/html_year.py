"""The HTML report's 与上年比较 section (only with ``--prior``).

The batch's figures this year and last year (a table and a bar chart), the offices
whose figures changed a lot (the threshold of X503), and one compact row per office
in the overview's order; an office whose prior return was not found says why.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.report.figures import main_format
from checker.report.html_charts import ChartRow, bar_chart
from checker.report.year_on_year import (
    NO_PRIOR,
    Compared,
    change_text,
    compared,
    figures_of,
    large_changes,
    no_prior_reason,
    prior_name,
    ratio_text,
    totals,
    value_text,
)
from checker.results import FileReport, Report, format_number
from checker.year_change import JUMP_MIN_DIFFERENCE, JUMP_RATIO
from common.html_text import html_text as _e

YEAR_COLORS: tuple[str, ...] = ("#2b6cb0", "#a0aec0")  # this year, last year
# the section's own style, in the section: a page without --prior stays as it was
YEAR_CSS = """
table.yoy { margin: 4px 0 8px; }
table.yoy-total { width: auto; }
table.yoy-offices { font-size: 12px; }
table.yoy-offices th { text-align: center; white-space: nowrap; }
table.yoy-offices th.figure { white-space: normal; }
table.yoy-offices td.unit { min-width: 7em; }
table.yoy td.large { color: var(--err); font-weight: bold; }
table.yoy td.change, table.yoy td.this, table.yoy td.prior { white-space: nowrap; }
table.yoy span.ratio { color: var(--muted); font-size: 11px; }
table.yoy td.why { color: var(--warn); }
@media print {
  table.yoy-offices { font-size: 8pt; line-height: 1.2; }
  table.yoy-offices td, table.yoy-offices th { padding: 0 2px; }
}
"""


def _total_table(report: Report) -> tuple[str, str]:
    """The batch's table and its chart."""
    rows = totals(report.files, main_format(report))
    if not rows:
        return "", ""
    n, m = rows[0].returns, rows[0].with_prior
    body = "".join(
        f'<tr data-figure="{_e(t.label)}"><th>{_e(t.label)}</th>'
        f'<td class="num this">{value_text(t.this)}</td>'
        f'<td class="num matched">{value_text(t.matched)}</td>'
        f'<td class="num prior">{value_text(t.prior)}</td>'
        f'<td class="num change">{change_text(t.change)}</td>'
        f'<td class="num ratio">{ratio_text(t.matched, t.prior)}</td></tr>'
        for t in rows
    )
    # the change is taken over the offices that have last year's figures, never over
    # offices that had none last year (their whole figure would count as growth)
    table = (
        f'<table class="yoy yoy-total"><thead><tr><th>指标</th><th>本年（{n} 个单位）</th>'
        f"<th>本年（其中有上年数据的 {m} 个单位）</th><th>上年（{m} 个单位）</th>"
        "<th>变化（同口径）</th><th>变化率</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
    chart_rows = [ChartRow(t.label, ((t.matched, 0.0), (0.0, t.prior))) for t in rows]
    chart = bar_chart(
        f"本年与上年（有上年数据的 {m} 个单位）：上条为本年，下条为上年",
        ["本年", "上年"],
        chart_rows,
        YEAR_COLORS,
    )
    return table, chart


def _change_cell(c: Compared) -> str:
    large = " large" if c.large else ""
    ratio = ratio_text(c.this, c.prior)
    rate = f' <span class="ratio">{ratio}</span>' if c.change and ratio != "—" else ""
    return f'<td class="num change{large}"><span class="diff">{change_text(c.change)}</span>{rate}</td>'


def _office_row(i: int, fr: FileReport, name: str, width: int) -> str:
    figures = compared(fr)
    head = f'<td class="num">{i}</td><td class="unit">{_e(name)}</td>'
    if not figures:
        reason = f"{NO_PRIOR}（{no_prior_reason(fr)}）"
        return (
            f'<tr class="no-prior" data-office="{i}">{head}'
            f'<td class="why" colspan="{width}">{_e(reason)}</td></tr>'
        )
    if fr.prior_path is None:
        source = f'<td class="why">{_e(NO_PRIOR)}（{_e(no_prior_reason(fr))}）</td>'
    else:
        source = f'<td class="file">{_e(prior_name(fr))}</td>'
    cells = "".join(
        f'<td class="num this">{value_text(c.this)}</td>'
        f'<td class="num prior">{value_text(c.prior)}</td>{_change_cell(c)}'
        for c in figures
    )
    state = "with-prior" if fr.prior_path else "no-prior"
    return f'<tr class="{state}" data-office="{i}">{head}{source}{cells}</tr>'


def _offices_table(
    report: Report, ordered: Sequence[tuple[int, FileReport]], names: list[str]
) -> str:
    spec = main_format(report)
    if spec is None:
        return ""
    labels = [f.label for f in figures_of(spec)]
    top = "".join(f'<th class="figure" colspan="3">{_e(label)}</th>' for label in labels)
    sub = "<th>本年</th><th>上年</th><th>变化</th>" * len(labels)
    rows = "".join(_office_row(i, fr, names[i - 1], 1 + 3 * len(labels)) for i, fr in ordered)
    return (
        "<h3>各单位（有问题的单位在前）</h3>"
        '<table class="yoy yoy-offices"><thead>'
        f'<tr><th rowspan="2">序号</th><th rowspan="2">单位</th><th rowspan="2">上年报告</th>{top}</tr>'
        f"<tr>{sub}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _large(ordered: Sequence[tuple[int, FileReport]], names: list[str]) -> str:
    items = []
    for i, fr in ordered:
        for c in large_changes(fr):
            items.append(
                f"<li>{i}. {_e(names[i - 1])}：{_e(c.label)} 上年 {value_text(c.prior)}，"
                f"本年 {value_text(c.this)}（{change_text(c.change)}，{ratio_text(c.this, c.prior)}）</li>"
            )
    head = (
        f"<h3>变化较大（与上年相比超过 {format_number(JUMP_RATIO)} 倍且相差 "
        f"{format_number(JUMP_MIN_DIFFERENCE)} 以上，同 X503 的标准）</h3>"
    )
    if not items:
        return head + '<p class="none">没有单位的数字变化较大。</p>'
    return head + f'<ul class="yoy-large">{"".join(items)}</ul>'


def year_on_year_section(
    report: Report, ordered: Sequence[tuple[int, FileReport]], names: list[str]
) -> str:
    """The section, or "" without ``--prior``. ``ordered``: (number, return) in the
    overview's order; ``names``: each return's display name in input order."""
    if report.prior is None:
        return ""
    table, chart = _total_table(report)
    found = sum(1 for fr in report.files if fr.prior_path)
    summary = (
        f"上年报告：{report.prior}；{found} 个文件找到了上年报告，"
        f"{len(report.files) - found} 个{NO_PRIOR}。"
    )
    return (
        f'<section id="year-on-year"><style>{YEAR_CSS}</style>'
        f'<h2>与上年比较</h2><p class="summary">{_e(summary)}</p>'
        f"{table}{chart}{_large(ordered, names)}{_offices_table(report, ordered, names)}</section>"
    )
