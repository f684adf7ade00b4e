"""Resubmissions (``--previous 第一轮回收/``): what each office changed since its last return.

The previous round's returns are checked with the same options, then each
return of this round is matched with the office's previous return the way
``--prior`` matches last year's — by 单位代码, else by 单位名称 — but of the
same year. For a match: every input cell whose value changed (with its row and
column labels, before → after), and the errors and warnings that went away or
appeared.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from checker.report.figures import spec_of
from checker.results import CellChange, FileReport, Finding, Report, Resubmission
from common.roster import code_key, office_key
from declaration.layout import cell_a1, cell_address
from meeting.decisions import place


class PreviousIndex:
    """The previous round's returns by office code and by office name."""

    def __init__(self, folder: str, returns: Iterable[FileReport]) -> None:
        self.folder = folder
        self.unreadable: list[str] = []
        self._keys: dict[str, list[FileReport]] = {}
        for fr in returns:
            if fr.status == "unreadable":
                self.unreadable.append(fr.path)
                continue
            if fr.code and code_key(fr.code):
                self._keys.setdefault("code:" + code_key(fr.code), []).append(fr)
            if fr.unit and office_key(fr.unit):
                self._keys.setdefault("name:" + office_key(fr.unit), []).append(fr)

    def lookup(self, fr: FileReport) -> Resubmission:
        """The office's previous return of the same year, or why there is none."""

        def same_year(key: str) -> list[FileReport]:
            hits = self._keys.get(key, [])
            return [p for p in hits if fr.year is None or p.year in (fr.year, None)]

        hits = same_year("code:" + code_key(fr.code)) if fr.code else []
        if not hits and fr.unit:
            hits = same_year("name:" + office_key(fr.unit))
        if not hits:
            return Resubmission(None, "上一轮回收的报表中没有该单位本年度的报表")
        if len(hits) > 1:
            names = "、".join(Path(p.path).name for p in hits)
            return Resubmission(
                None, f"上一轮回收的报表中该单位有 {len(hits)} 份（{names}），无法确定与哪份比较"
            )
        return compare(hits[0], fr)


def compare(before: FileReport, after: FileReport) -> Resubmission:
    """What changed from ``before`` to ``after`` (two returns of one office)."""
    out = Resubmission(before.path)
    spec = spec_of(after)
    if spec is None or before.format != after.format:
        out.reason = f"两份报表的格式不同（{before.format or '不详'} → {after.format or '不详'}）"
    else:
        for cell in spec.input_cells():
            old, new = before.values.get(cell.id), after.values.get(cell.id)
            if old != new:
                sheet, _, _ = cell_address(spec, cell.id)
                address = cell_a1(spec, cell.id)
                out.changes.append(
                    CellChange(sheet, address, cell.row_label, cell.col_label, old, new)
                )
    old_keys = _keys(before)
    new_keys = _keys(after)
    not_run = {rule for s in after.skipped for rule in s.rules}  # not looked for: not resolved
    out.resolved = [
        f for key, f in old_keys.items() if key not in new_keys and f.rule not in not_run
    ]
    out.new = [f for key, f in new_keys.items() if key not in old_keys]
    return out


def _keys(fr: FileReport) -> dict[tuple[str, str, int], Finding]:
    """Errors and warnings by (rule, place, n-th of that rule and place)."""
    out: dict[tuple[str, str, int], Finding] = {}
    for f in fr.findings:
        if f.severity == "info":
            continue
        where = place(fr, f)
        n = sum(1 for rule, at, _ in out if rule == f.rule and at == where)
        out[(f.rule, where, n)] = f
    return out


def mark_resubmissions(report: Report, previous: PreviousIndex) -> None:
    """Give every readable return of this round its comparison with the previous round."""
    for fr in report.files:
        if fr.status != "unreadable":
            fr.resubmission = previous.lookup(fr)
    if previous.unreadable:
        names = "、".join(Path(p).name for p in previous.unreadable)
        report.notes.append(
            f"上一轮回收的文件夹中有 {len(previous.unreadable)} 份文件无法读取，未用于比较：{names}"
        )
