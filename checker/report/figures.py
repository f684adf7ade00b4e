"""Figures the review meeting looks at, taken from a Report and the form specs.

Shared by the HTML report and the roll-up workbook: verdict texts, the key
figures of each return, the outcome categories of table 三 and the captions of
cells. Every label comes from the spec; nothing here imports a heavy library.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from checker.report.text import VERDICT_WORDS, diff_lines, location
from checker.results import FileReport, Finding, Report
from declaration.spec import FormSpec, SpecError, load_spec

# Every cell here comes from a role of the spec (``roles`` in templates/*.json).
KEY_FIGURES = "key_figures"  # new applications, outcome total, administrative reviews


def key_cells(spec: FormSpec) -> tuple[str, ...]:
    """The cells of a return's key figures, in the spec's order."""
    return spec.role(KEY_FIGURES)


def new_applications_cell(spec: FormSpec) -> str:
    """本年新收政府信息公开申请数量 · 总计."""
    cell = spec.role_cell("new_applications")
    if cell is None:
        raise KeyError(f"格式 {spec.format} 的规格没有 new_applications 角色")
    return cell


def verdict(fr: FileReport) -> str:
    """Chinese verdict of one return ("通过（有警告）" when it passed with warnings)."""
    text = VERDICT_WORDS.get(fr.status, fr.status)
    if fr.status == "pass" and fr.counts()["warning"]:
        return text + "（有警告）"
    return text


def office_name(fr: FileReport) -> str:
    """The office as people know it: the cover's 单位名称, else the file name."""
    return fr.unit.strip() if fr.unit and fr.unit.strip() else Path(fr.path).name


def spec_of(fr: FileReport) -> FormSpec | None:
    """The spec a return was checked against, or None (unreadable / unknown)."""
    return spec_named(fr.format)


def spec_named(name: str | None) -> FormSpec | None:
    """The spec of a format name as a report records it, or None (none / unknown)."""
    if not name:
        return None
    try:
        return load_spec(name)
    except SpecError:
        return None


def format_name(fr: FileReport) -> str:
    spec = spec_of(fr)
    if spec is None:
        return "—"
    return f"{spec.format} 格式（{spec.document}）"


def _group_labels(spec: FormSpec, cell_id: str) -> set[str]:
    """Column group labels that span every value column of the cell's block."""
    cell = spec.cells[cell_id]
    block = next(b for b in spec.table(cell.table).blocks if b.id == cell.block)
    if len(block.columns) == 1 and block.columns[0].children and block.columns[0].label:
        return {block.columns[0].label}
    return set()


def cell_caption(spec: FormSpec, cell_id: str) -> str:
    """A short caption of a cell from its spec labels, e.g. "行政复议 · 总计".

    The last row label, then the column labels, leaving out a heading that spans
    the whole block (申请人情况) and repeats ("（七）总计 · 总计").
    """
    cell = spec.cells[cell_id]
    skip = _group_labels(spec, cell_id)
    parts: list[str] = list(cell.row_path[-1:])
    for label in cell.col_path:
        if label in skip or (parts and parts[-1] == label):
            continue
        parts.append(label)
    return " · ".join(parts)


@dataclass(frozen=True)
class OutcomeGroup:
    """One category of 三、本年度办理结果 (e.g. （三）不予公开) and its rows' cells."""

    label: str
    cells: tuple[str, ...]


def outcome_groups(spec: FormSpec) -> list[OutcomeGroup]:
    """The outcome categories of table 三 in spec order, from the row labels."""
    groups: dict[str, list[str]] = {}
    for cell_id in spec.role("outcome_details"):
        label = spec.cells[cell_id].row_path[1]
        groups.setdefault(label, []).append(cell_id)
    return [OutcomeGroup(label, tuple(cells)) for label, cells in groups.items()]


def outcome_breakdown(spec: FormSpec, values: dict[str, float]) -> list[tuple[str, float]]:
    """(category label, number of outcomes) for one return or a roll-up."""
    return [(g.label, sum(values.get(c, 0.0) for c in g.cells)) for g in outcome_groups(spec)]


def balance_sides(spec: FormSpec, values: dict[str, float]) -> tuple[list[float], list[float]]:
    """The two sides of the balance of table 三, part by part:
    一 + 二 (new, carried over) and 三(七) + 四 (each outcome category, carried forward).
    A balanced return has two sides of equal length."""
    new, carried, forward = (
        spec.role_cell(name) for name in ("new_applications", "carried_over", "carry_forward")
    )
    left = [values.get(new or "", 0.0), values.get(carried or "", 0.0)]
    right = [v for _, v in outcome_breakdown(spec, values)] + [values.get(forward or "", 0.0)]
    return left, right


def balance_series(spec: FormSpec) -> list[str]:
    """The labels of the parts of ``balance_sides`` (left side, then right side)."""
    names = ("new_applications", "carried_over")
    left = [spec.cells[c].row_label for c in (spec.role_cell(n) for n in names) if c]
    forward = spec.role_cell("carry_forward")
    right = [g.label for g in outcome_groups(spec)]
    return left + right + ([spec.cells[forward].row_label] if forward else [])


def file_labels(report: Report) -> list[str]:
    """Each return's file name; where two files share a name, their paths from the
    folder they have in common (回收/东区.xlsx, 更正/东区.xlsx)."""
    names = [Path(fr.path).name for fr in report.files]
    clashing = [
        fr.path for fr, name in zip(report.files, names, strict=True) if names.count(name) > 1
    ]
    if not clashing:
        return names
    try:
        base = os.path.commonpath([os.path.dirname(p) for p in clashing])
    except ValueError:  # different drives
        base = ""
    out = []
    for fr, name in zip(report.files, names, strict=True):
        if fr.path not in clashing:
            out.append(name)
        else:
            out.append(os.path.relpath(fr.path, base) if base else fr.path)
    return out


def display_names(report: Report) -> list[str]:
    """Each return's office; an office with several returns gets its file too."""
    names = [office_name(fr) for fr in report.files]
    files = file_labels(report)
    return [
        f"{name}（{file}）" if names.count(name) > 1 else name
        for name, file in zip(names, files, strict=True)
    ]


def readable(report: Report) -> list[FileReport]:
    return [fr for fr in report.files if fr.status != "unreadable" and spec_of(fr) is not None]


def main_format(report: Report) -> FormSpec | None:
    """The format most returns use (the later format on a tie)."""
    counts = Counter(fr.format for fr in readable(report) if fr.format)
    if not counts:
        return None
    best = max(counts.items(), key=lambda item: (item[1], item[0]))[0]
    return load_spec(best)


def rule_counts(report: Report) -> list[tuple[str, int, int]]:
    """(rule id, errors, warnings) over all returns, most errors first."""
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for fr in report.files:
        for f in fr.findings:
            if f.severity == "error":
                errors[f.rule] += 1
            elif f.severity == "warning":
                warnings[f.rule] += 1
    rules = set(errors) | set(warnings)
    return sorted(((r, errors[r], warnings[r]) for r in rules), key=lambda x: (-x[1], -x[2], x[0]))


def finding_where(f: Finding) -> str:
    """Where a finding is: the sheet, then the labels and cell (``自然人 (列 D)``)."""
    return " · ".join(p for p in (f.sheet, location(f)) if p)


def identity_text(f: Finding) -> str:
    """The identity with its cells and numbers, one line per side (plain text)."""
    return "\n".join(line.rstrip() for line in diff_lines(f))
