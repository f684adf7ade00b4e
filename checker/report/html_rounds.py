"""Review rounds in the HTML report: 修改情况 (``--previous``) and the meeting's decisions.

Pure functions of the Report; every string that came from a workbook is escaped.
"""

from __future__ import annotations

from pathlib import Path

from checker.report.changes import change_headline, change_values, finding_label
from checker.report.figures import office_name
from checker.report.text import decision_text
from checker.results import FileReport, Finding, Report, Resubmission
from common.html_text import html_text

_e = html_text


def decision_html(f: Finding) -> str:
    """The meeting's decision under a finding ("" when there is none or it is pending)."""
    text = decision_text(f)
    if not text or f.decision is None:
        return ""
    return f'<div class="decision d-{_e(f.decision.status)}">{_e(text)}</div>'


def changes_overview(report: Report) -> str:
    """The 修改情况 section: one row per resubmitted return (only with ``--previous``)."""
    rows = []
    for i, fr in enumerate(report.files, 1):
        again = fr.resubmission
        if again is None:
            continue
        previous = Path(again.previous).name if again.previous else "—"
        rows.append(
            f'<tr><td class="num"><a href="#office-{i}">{i}</a></td>'
            f"<td>{_e(office_name(fr))}</td><td class=file>{_e(previous)}</td>"
            f'<td class="num">{len(again.changes)}</td>'
            f'<td class="num">{len(again.resolved)}</td><td class="num">{len(again.new)}</td>'
            f"<td>{_e(again.reason)}</td></tr>"
        )
    if not rows:
        return ""
    head = "".join(
        f"<th>{h}</th>"
        for h in ("序号", "单位", "上一份报表", "改动单元格", "已解决", "新出现", "说明")
    )
    return (
        '<h2 id="changes">修改情况</h2><p class="summary">与上一轮回收的同一单位报表逐格比较。</p>'
        f'<table class="changes"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def office_changes(fr: FileReport) -> str:
    """The changes of one return, in its office section."""
    again: Resubmission | None = fr.resubmission
    if again is None:
        return ""
    parts = [f'<h4>修改情况</h4><p class="changed">{_e(change_headline(again))}</p>']
    if again.changes:
        rows = "".join(
            f"<tr><td>{_e(c.sheet)}</td><td>{_e(c.row_label)}</td><td>{_e(c.col_label)}</td>"
            f'<td class="num">{_e(c.cell)}</td><td class="num">{_e(change_values(c))}</td></tr>'
            for c in again.changes
        )
        parts.append(
            '<table class="changes"><thead><tr><th>表</th><th>行</th><th>列</th><th>单元格</th>'
            f"<th>修改前 → 修改后</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    for word, findings in (("已解决", again.resolved), ("新出现", again.new)):
        if findings:
            items = "".join(f"<li>{_e(finding_label(f))}</li>" for f in findings)
            parts.append(f"<p>{word}的问题：</p><ul>{items}</ul>")
    return "".join(parts)
