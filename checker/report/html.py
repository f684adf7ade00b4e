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
from checker.report.html_year import year_on_year_section
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


# the order of the overview: what the meeting must talk about first
_STATE_ORDER = {"unreadable": 0, "fail": 1, "warn": 2, "pass": 3}
STATE_WORDS = {"unreadable": "无法读取", "fail": "不通过", "warn": "有警告", "pass": "通过"}


def row_state(fr: FileReport) -> str:
    """unreadable / fail / warn (passed with warnings) / pass."""
    if fr.status == "pass" and fr.counts()["warning"]:
        return "warn"
    return fr.status


def _has_details(fr: FileReport) -> bool:
    """Errors, warnings or changes since the previous round to show."""
    changed = fr.resubmission is not None and bool(fr.resubmission.changes)
    return fr.status != "pass" or changed or any(f.severity != "info" for f in fr.findings)


def failing_first(report: Report) -> list[tuple[int, FileReport]]:
    """(number in input order, return), unreadable and failing ones first."""
    numbered = list(enumerate(report.files, 1))
    return sorted(numbered, key=lambda pair: (_STATE_ORDER[row_state(pair[1])], pair[0]))


def _controls() -> str:
    options = "".join(f'<option value="{k}">{w}</option>' for k, w in STATE_WORDS.items())
    return (
        '<div class="controls"><input type="search" id="find" placeholder="搜索单位或文件名" '
        'aria-label="搜索单位或文件名"> <select id="state" aria-label="按结论筛选">'
        f'<option value="">全部结论</option>{options}</select> <span id="shown"></span></div>'
    )


def _overview(report: Report) -> str:
    spec = main_format(report)
    files = file_labels(report)
    keys = list(key_cells(spec)) if spec is not None else []
    head = ["序号", "单位", "文件", "年度", "格式", "结论", "错误", "警告"]
    head_html = "".join(f"<th>{h}</th>" for h in head)
    if spec is not None:
        head_html += "".join(f"<th>{_caption_html(cell_caption(spec, c))}</th>" for c in keys)
    rows = []
    for i, fr in failing_first(report):
        counts = fr.counts()
        name = _e(office_name(fr))
        unit = f'<a href="#office-{i}">{name}</a>' if _has_details(fr) else name
        state = row_state(fr)
        search = _e(f"{office_name(fr)} {files[i - 1]}".lower())
        cells = [
            f'<td class="num">{i}</td>',
            f'<td class="unit">{unit}</td>',
            f'<td class="file">{_e(files[i - 1])}</td>',
            f'<td class="num">{_e(fr.year) if fr.year else "—"}</td>',
            f'<td class="fmt" title="{_e(format_name(fr))}">{_e(short_format(fr))}</td>',
            f'<td class="verdict v-{_e(fr.status)}">{_e(verdict(fr))}</td>',
            f'<td class="num sev-error">{counts["error"]}</td>',
            f'<td class="num sev-warning">{counts["warning"]}</td>',
        ]
        cells += [f'<td class="num">{_key_value(fr, c)}</td>' for c in keys]
        rows.append(
            f'<tr id="row-{i}" class="s-{state}" data-state="{state}" data-find="{search}">'
            f"{''.join(cells)}</tr>"
        )
    return (
        f'<h2 id="overview">总体情况（有问题的单位在前）</h2>{_controls()}'
        f'<table class="overview"><thead><tr>{head_html}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


SHORT_PART = 8  # caption parts up to this long never break inside (行政复议, 总计)


def _caption_html(caption: str) -> str:
    """A column caption that wraps only between its parts (and inside long ones)."""
    parts = caption.split(" · ")
    return " · ".join(
        f'<span class="nw">{_e(part)}</span>' if len(part) <= SHORT_PART else _e(part)
        for part in parts
    )


def short_format(fr: FileReport) -> str:
    """ "2021 格式": the column stays one line on a projector (the 文号 is its title)."""
    spec = spec_of(fr)
    return f"{spec.format} 格式" if spec is not None else "—"


def _office_chart(report: Report) -> str:
    """The balance of table 三 per return: 一 + 二 above, 三(七) + 四 below, equal when it holds."""
    spec = main_format(report)
    if spec is None:
        return ""
    # numbered as in the overview: the number tells two returns of one office apart
    names = {id(fr): f"{i}. {office_name(fr)}" for i, fr in enumerate(report.files, 1)}
    rows = []
    for fr in readable(report):
        if fr.format != spec.format:
            continue
        left, right = balance_sides(spec, fr.values)
        bars = ((*left, *(0.0,) * len(right)), ((0.0,) * len(left) + (*right,)))
        rows.append(ChartRow(names[id(fr)], bars, gap_words(sum(left), sum(right))))
    title = (
        f"各单位申请与办理结果（{spec.format} 格式）：上条为 一 + 二（本年新收 + 上年结转），"
        "下条为 三(七) + 四（办理结果 + 结转下年度）；两条等长即平衡"
    )
    many = " many" if len(rows) > PRINTED_CHART_ROWS else ""
    return bar_chart(title, balance_series(spec), rows, BALANCE_COLORS, f"chart{many}")


PRINTED_CHART_ROWS = 30  # more returns than this: the balance chart is for the screen only


def gap_words(first: float, second: float) -> str:
    """ "少 1" / "多 2": the second side against the first ("" when they are equal)."""
    gap = second - first
    if abs(gap) < 1e-9:
        return ""
    return f"{'少' if gap < 0 else '多'} {format_number(abs(gap))}"


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
        if i == len(f.diff) - 1 and i > 0 and f.diff[0].total != line.total:
            gap = f'<td class="gap">{_e(gap_words(f.diff[0].total, line.total))}</td>'
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
        f'<section class="office s-{row_state(fr)}" id="office-{i}" data-state="{row_state(fr)}" '
        f'data-find="{_e((name + " " + fr.path).lower())}"><h3>{i}. {_e(name)} '
        f'<span class="verdict v-{_e(fr.status)}">{_e(verdict(fr))}</span>'
        f' <a class="back" href="#row-{i}">返回总体情况</a></h3>'
        f'<div class="file">{_e(fr.path)}</div>'
        f"<p>{_e(file_counts_text(fr))}</p>"
        + "".join(f'<p class="skipped">{_e(s.text())}</p>' for s in fr.skipped)
        + f"{_findings(findings)}{office_changes(fr)}</section>"
    )


def _details(report: Report) -> str:
    """The findings of every return with errors or warnings; the others one line each."""
    names = display_names(report)
    shown, passed = [], []
    for i, fr in failing_first(report):
        if _has_details(fr):
            shown.append(_office(i, fr, names[i - 1]))
        else:
            skipped = "".join(f'<span class="skipped">　{_e(s.text())}</span>' for s in fr.skipped)
            passed.append(
                f'<li data-state="pass" data-find="{_e(names[i - 1].lower())}">{i}. '
                f'{_e(names[i - 1])}<span class="file">　{_e(Path(fr.path).name)}</span>'
                f"{skipped}</li>"
            )
    html = "<h2>各单位问题明细</h2>" + "".join(shown)
    if passed:
        html += (
            f'<h3 class="passed-head">通过且没有错误和警告的单位（{len(passed)} 个）</h3>'
            f'<ul class="passed">{"".join(passed)}</ul>'
        )
    return html


def render_html(report: Report, title: str = TITLE) -> str:
    """The whole report as one self-contained HTML document."""
    report = shown_report(report)  # charts and tables alike: no control characters
    charts = _office_chart(report) + _rule_chart(report)
    body = [
        f"<h1>{_e(title)}</h1>",
        _summary(report),
        _overview(report),
        changes_overview(report),
        year_on_year_section(report, failing_first(report), display_names(report)),
        _roster(report),
        f"<h2>图表</h2>{charts}" if charts else "",
        _details(report),
    ]
    return page(_e(title), "\n".join(body))


def write_html(report: Report, target: Path | str, protect: Iterable[Path | str] = ()) -> Path:
    """Write the report page atomically; ``protect`` lists the input files."""
    path = Path(target)
    write_text_atomic(path, render_html(report), protect)
    return path
