"""The HTML report for the review meeting: a pure function of the Report.

One self-contained page: an overview of every office, charts, then each
office's findings with the identity written out cell by cell. Every string that
came from a workbook (unit names, labels, found values) is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from checker.registry import registry
from checker.report.figures import (
    balance_series,
    balance_sides,
    cell_caption,
    display_names,
    file_labels,
    finding_where,
    format_name,
    key_cells,
    main_format,
    office_name,
    readable,
    rule_counts,
    spec_of,
    verdict,
)
from checker.report.html_charts import ChartRow, bar_chart
from checker.report.html_rounds import changes_overview, decision_html, office_changes
from checker.report.html_template import page
from checker.report.shown import shown_report
from checker.report.text import (
    file_counts_text,
    side_text,
    skipped_summary_lines,
    summary_line,
)
from checker.results import SEVERITY_WORDS, FileReport, Finding, Report, format_number
from common.html_text import html_text
from common.safe_output import write_text_atomic

TITLE = "政府信息公开工作年度报告 校验结果"
SEVERITY_MARKS: dict[str, str] = {"error": "✗", "warning": "!", "info": "·"}
SEVERITY_COLORS: tuple[str, ...] = ("#c0392b", "#d69e2e")
# 一 and 二 in blues, the outcome categories (（一）…（六）) in their own colours, 四 in grey
BALANCE_COLORS: tuple[str, ...] = (
    "#2b6cb0",
    "#90cdf4",
    "#38a169",
    "#9ae6b4",
    "#d69e2e",
    "#c05621",
    "#805ad5",
    "#d53f8c",
    "#a0aec0",
)


_e = html_text


def _rule_title(rule: str) -> str:
    info = registry().get(rule)
    return info.title if info else ""


def _summary(report: Report) -> str:
    """The headline: the files, and with a roster what the roster check found."""
    lines = [summary_line(report), *skipped_summary_lines(report)]
    if report.roster is not None:
        from checker.report.roster_section import roster_headline

        counts = report.roster.counts()
        lines.append(
            f"{roster_headline(report.roster)}；名单核对发现 {counts['error']} 个错误，"
            f"{counts['warning']} 个警告"
        )
    return "".join(f'<p class="summary">{_e(line)}</p>' for line in lines)


def _key_value(fr: FileReport, cell_id: str) -> str:
    spec = spec_of(fr)
    if spec is None or cell_id not in spec.cells or cell_id not in fr.values:
        return "—"
    return format_number(fr.values[cell_id])


def _overview(report: Report) -> str:
    spec = main_format(report)
    files = file_labels(report)
    keys = list(key_cells(spec)) if spec is not None else []
    head = ["序号", "文件", "单位", "年度", "格式", "结论", "错误", "警告"]
    head_html = "".join(f"<th>{h}</th>" for h in head)
    if spec is not None:
        head_html += "".join(f"<th>{_e(cell_caption(spec, c))}</th>" for c in keys)
    rows = []
    for i, fr in enumerate(report.files, 1):
        counts = fr.counts()
        cells = [
            f'<td class="num">{i}</td>',
            f'<td class="file">{_e(files[i - 1])}</td>',
            f'<td class="unit">{_e(office_name(fr))}</td>',
            f'<td class="num">{_e(fr.year) if fr.year else "—"}</td>',
            f"<td>{_e(format_name(fr))}</td>",
            f'<td class="verdict v-{_e(fr.status)}">{_e(verdict(fr))}</td>',
            f'<td class="num sev-error">{counts["error"]}</td>',
            f'<td class="num sev-warning">{counts["warning"]}</td>',
        ]
        cells += [f'<td class="num">{_key_value(fr, c)}</td>' for c in keys]
        rows.append(f'<tr id="row-{i}">{"".join(cells)}</tr>')
    return (
        '<h2>总体情况</h2><table class="overview"><thead><tr>'
        f"{head_html}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _office_chart(report: Report) -> str:
    """The balance of table 三 per return: 一 + 二 above, 三(七) + 四 below, equal when it holds."""
    spec = main_format(report)
    if spec is None:
        return ""
    # numbered as in the overview, so that two returns of one office stay apart
    names = {
        id(fr): f"{i}. {name}"
        for i, (fr, name) in enumerate(zip(report.files, display_names(report), strict=True), 1)
    }
    rows = []
    for fr in readable(report):
        if fr.format != spec.format:
            continue
        left, right = balance_sides(spec, fr.values)
        bars = ((*left, *(0.0,) * len(right)), ((0.0,) * len(left) + (*right,)))
        rows.append(ChartRow(names[id(fr)], bars))
    title = (
        f"各单位申请与办理结果（{spec.format} 格式）：上条为 一 + 二（本年新收 + 上年结转），"
        "下条为 三(七) + 四（办理结果 + 结转下年度）；两条等长即平衡"
    )
    return bar_chart(title, balance_series(spec), rows, BALANCE_COLORS)


def _rule_chart(report: Report) -> str:
    counts = rule_counts(report)
    rows = [
        ChartRow(f"{rule} {_rule_title(rule)}", ((float(err), float(warn)),))
        for rule, err, warn in counts
    ]
    series = [SEVERITY_WORDS["error"], SEVERITY_WORDS["warning"]]
    return bar_chart("各规则发现的问题数", series, rows, SEVERITY_COLORS)


def _identity(f: Finding) -> str:
    """The identity as a small table: label = cells = values = total, then the gap."""
    rows = []
    for i, line in enumerate(f.diff):
        cells, rest = side_text(line)
        gap = ""
        if i == len(f.diff) - 1 and f.difference:
            gap = f'<td class="gap">差 {_e(format_number(f.difference))}</td>'
        rows.append(
            f"<tr><td>{_e(line.label)}</td><td>= {_e(cells)}</td><td>= {_e(rest)}</td>{gap}</tr>"
        )
    return f'<table class="diff">{"".join(rows)}</table>' if rows else ""


def _expected_found(f: Finding) -> str:
    if f.diff or (f.expected is None and f.found is None):
        return ""
    parts = []
    if f.expected is not None:
        parts.append(f"应为 {_e(f.expected)}")
    if f.found is not None:
        parts.append(f"实为 {_e(f.found)}")
    return f'<div class="ef">{"，".join(parts)}</div>'


def _finding(f: Finding) -> str:
    where = finding_where(f)
    sev = _e(f.severity)
    explained = " explained" if f.explained else ""
    return (
        f'<div class="finding {sev}{explained}"><div class="head"><span class="sev-{sev}">'
        f"{SEVERITY_MARKS.get(f.severity, '')} {SEVERITY_WORDS.get(f.severity, sev)}</span> "
        f"{_e(f.rule)} {_e(_rule_title(f.rule))}</div>"
        f"{f'<div class=where>{_e(where)}</div>' if where else ''}"
        f'<div class="msg">{_e(f.message)}</div>{_identity(f)}{_expected_found(f)}'
        f"{decision_html(f)}</div>"
    )


def _findings(findings: Iterable[Finding]) -> str:
    main = [f for f in findings if f.severity != "info"]
    info = [f for f in findings if f.severity == "info"]
    html = "".join(_finding(f) for f in main)
    if info:
        html += (
            f"<details><summary>提示 {len(info)} 条（空白单元格等，不影响结论）</summary>"
            f"{''.join(_finding(f) for f in info)}</details>"
        )
    return html or '<p class="none">未发现问题。</p>'


def _roster(report: Report) -> str:
    """Who is missing, unknown or sent twice — the roster section, when there is one."""
    summary = report.roster
    if summary is None:
        return ""
    from checker.report.roster_section import roster_headline

    items = "".join(
        f'<div class="finding {_e(f.severity)}"><div class="head"><span class="sev-{_e(f.severity)}">'
        f"{SEVERITY_MARKS.get(f.severity, '')} {SEVERITY_WORDS.get(f.severity, f.severity)}</span> "
        f'{_e(f.rule)} {_e(_rule_title(f.rule))}</div><div class="msg">{_e(f.message)}</div></div>'
        for f in summary.findings
    )
    if not items:
        items = '<p class="none">名单中的单位均已报送，且没有多报、错报。</p>'
    return f'<h2>名单核对</h2><p class="summary">{_e(roster_headline(summary))}</p>{items}'


def _office(i: int, fr: FileReport, name: str) -> str:
    findings = sorted(fr.findings, key=lambda f: {"error": 0, "warning": 1}.get(f.severity, 2))
    return (
        f'<section class="office" id="office-{i}"><h3>{i}. {_e(name)} '
        f'<span class="verdict v-{_e(fr.status)}">{_e(verdict(fr))}</span></h3>'
        f'<div class="file">{_e(fr.path)}</div>'
        f"<p>{_e(file_counts_text(fr))}</p>"
        + "".join(f'<p class="skipped">{_e(s.text())}</p>' for s in fr.skipped)
        + f"{_findings(findings)}{office_changes(fr)}</section>"
    )


def render_html(report: Report, title: str = TITLE) -> str:
    """The whole report as one self-contained HTML document."""
    report = shown_report(report)  # charts and tables alike: no control characters
    charts = _office_chart(report) + _rule_chart(report)
    body = [
        f"<h1>{_e(title)}</h1>",
        _summary(report),
        _overview(report),
        changes_overview(report),
        _roster(report),
        f"<h2>图表</h2>{charts}" if charts else "",
        "<h2>各单位问题明细</h2>",
        "".join(
            _office(i, fr, name)
            for i, (fr, name) in enumerate(zip(report.files, display_names(report), strict=True), 1)
        ),
    ]
    return page(_e(title), "\n".join(body))


def write_html(report: Report, target: Path | str, protect: Iterable[Path | str] = ()) -> Path:
    """Write the report page atomically; ``protect`` lists the input files."""
    path = Path(target)
    write_text_atomic(path, render_html(report), protect)
    return path
