"""Plain-text report for logs and e-mail; also the wording shared by all renderers.

Pure functions of a Report. The renderer's own wording sticks to characters the
Chinese Windows code page (GBK) can encode, so redirected output prints cleanly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from checker.report.shown import shown_report
from checker.results import SEVERITY_WORDS, DiffLine, FileReport, Finding, Report, format_number
from common.text_width import cells as display_width
from declaration.layout import a1, parse_a1

VERDICT_WORDS = {"pass": "通过", "fail": "不通过", "unreadable": "无法读取"}
LONG_SUM = 4  # sides with more terms are shown as ranges plus their non-zero terms
BLANK = "—"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def location(finding: Finding) -> str:
    """``自然人 (列 D)``, ``一、本年新收… × 总计 (J6)``."""
    labels = " × ".join(x for x in (finding.row_label, finding.col_label) if x)
    where = finding.scope or finding.cell
    if labels and where:
        return f"{labels} ({where})"
    return labels or where


def counts_text(counts: dict[str, int]) -> str:
    return f"{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示"


def decision_text(f: Finding) -> str:
    """The meeting's decision on a finding (``--decisions``), or "" when none was taken."""
    decision = f.decision
    if decision is None or decision.status == "pending":
        return ""
    note = f"：{decision.note}" if decision.note else ""
    if decision.status == "to_fix":
        return f"会议意见：需修改{note}"
    if f.severity == "error":
        return f"会议已讨论（已说明，仍为错误）{note}"
    return f"已说明，不再计入{note}"


def file_counts_text(f: FileReport) -> str:
    """The counts of one return, with the warnings a meeting accepted."""
    explained = f.explained_warnings()
    extra = f"；另有 {explained} 个警告已说明" if explained else ""
    return counts_text(f.counts()) + extra


def summary_line(report: Report) -> str:
    """``共检查 3 个文件：2 个通过，1 个不通过，0 个无法读取；5 个错误，…``."""
    summary = report.summary()
    status = summary.verdicts
    return (
        f"共检查 {summary.files} 个文件：{status['pass']} 个通过，"
        f"{status['fail']} 个不通过，{status['unreadable']} 个无法读取；{counts_text(summary.counts)}"
    )


def skipped_summary_lines(report: Report, details_shown: bool = False) -> list[str]:
    """The checks that did not run, once per kind and reason, with how many files.
    A single file whose details were shown has said them already: said once."""
    if len(report.files) == 1:
        return [] if details_shown else [s.text() for s in report.files[0].skipped]
    return [f"{s.text()}（{n} 个文件）" for s, n in report.skipped_summary()]


def by_sheet(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by sheet, groups in order of first appearance."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.sheet, []).append(f)
    return list(groups.items())


# -- diff-style body -------------------------------------------------------------


def _ranges(cells: Sequence[str]) -> str:
    """``D8 D9 D10 D12`` → ``D8:D10 + D12`` (cells must all be A1 addresses)."""
    runs: list[list[tuple[int, int]]] = []
    for row, col in map(parse_a1, cells):
        if runs:
            last_row, last_col = runs[-1][-1]
            first_row, first_col = runs[-1][0]
            down = col == last_col == first_col and row == last_row + 1
            across = row == last_row == first_row and col == last_col + 1
            if down or across:
                runs[-1].append((row, col))
                continue
        runs.append([(row, col)])
    return " + ".join(
        a1(*run[0]) if len(run) == 1 else f"{a1(*run[0])}:{a1(*run[-1])}" for run in runs
    )


def _joined(items: Sequence[str], signs: Sequence[int]) -> str:
    parts: list[str] = []
    for i, item in enumerate(items):
        sign = signs[i] if i < len(signs) else 1
        if i == 0:
            parts.append(item if sign > 0 else f"-{item}")
        else:
            parts.append(f"{'+' if sign > 0 else '-'} {item}")
    return " ".join(parts)


def _is_a1(cell: str) -> bool:
    try:
        parse_a1(cell)
    except (ValueError, IndexError):
        return False
    return cell[:1].isalpha()


def side_text(line: DiffLine) -> tuple[str, str]:
    """(cells part, values-and-total part) of one side of an identity."""
    total = format_number(line.total)
    signs = line.signs or (1,) * len(line.cells)
    compress = len(line.cells) > LONG_SUM and all(s > 0 for s in signs)
    if compress and all(_is_a1(c) for c in line.cells):
        nonzero = [
            f"{c} = {format_number(v)}" for c, v in zip(line.cells, line.values, strict=True) if v
        ]
        detail = f"（其中 {'、'.join(nonzero)}，其余为 0）" if nonzero else "（全部为 0）"
        return _ranges(line.cells), f"{total}{detail}"
    cells = _joined(line.cells, signs)
    if len(line.cells) == 1 and signs[0] > 0:
        return cells, total
    values = _joined([format_number(v) for v in line.values], signs)
    return cells, f"{values} = {total}"


def diff_lines(finding: Finding) -> list[str]:
    """The aligned equation lines of a finding, the last one with the difference."""
    if not finding.diff:
        return []
    sides = [(line.label, *side_text(line)) for line in finding.diff]
    label_w = max(display_width(label) for label, _, _ in sides)
    cells_w = max(display_width(cells) for _, cells, _ in sides)
    out = [
        f"{pad(label, label_w)} = {pad(cells, cells_w)} = {rest}" for label, cells, rest in sides
    ]
    if finding.difference:
        out[-1] += f"        差 {format_number(finding.difference)}"
    return out


# -- the plain-text report -----------------------------------------------------------


def file_header(f: FileReport) -> list[str]:
    verdict = VERDICT_WORDS[f.status]
    return [
        f"文件：{f.path}",
        f"单位：{f.unit or BLANK}　年度：{f.year or BLANK}　格式：{f.document or f.format or BLANK}",
        f"结论：{verdict}（{file_counts_text(f)}）",
    ]


def finding_lines(f: Finding, indent: str = "  ") -> Iterator[str]:
    from checker.registry import registry

    info = registry().get(f.rule)
    title = info.title if info else ""
    yield f"{indent}{SEVERITY_WORDS[f.severity]} {f.rule} {title}  {location(f)}".rstrip()
    yield f"{indent}    {f.message}"
    for line in diff_lines(f):
        yield f"{indent}    {line}"
    if decision_text(f):
        yield f"{indent}    【{decision_text(f)}】"


def render_text(report: Report, *, quiet: bool = False) -> str:
    """The whole report as plain text (``--format text``)."""
    report = shown_report(report)
    lines: list[str] = list(report.notes)
    if not quiet:
        for f in report.files:
            lines += ["", *file_header(f)]
            for sheet, findings in by_sheet(f.findings):
                lines.append(f"[{sheet or '文件'}]")
                for finding in findings:
                    lines.extend(finding_lines(finding))
            lines.extend(f"  注：{note}" for note in f.notes)
            lines.extend(f"  {s.text()}" for s in f.skipped)
            if f.resubmission is not None:
                from checker.report.changes import change_lines  # only with --previous

                lines.extend(change_lines(f.resubmission))
    else:
        for f in report.files:
            lines.append(f"{VERDICT_WORDS[f.status]}  {f.path}  （{counts_text(f.counts())}）")
    if report.roster:
        from checker.report.roster_section import roster_lines  # only with --roster

        lines += ["", *roster_lines(report.roster)]
    lines += ["", summary_line(report), *skipped_summary_lines(report, details_shown=not quiet)]
    return "\n".join(lines).lstrip("\n") + "\n"
