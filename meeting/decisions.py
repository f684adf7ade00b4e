"""Decisions that last between meetings: the 审核意见 register (``--decisions``).

One row per error or warning, under a key that stays the same from one round
to the next (office code or name, year, rule, cell id — never the file path).
The meeting fills 处理意见 (待处理 / 已说明 / 需修改) and 说明; the next run reads
them back, marks each finding with its decision, and rewrites the register:
decisions kept, new findings added as 待处理, findings that are gone 已解决 — only
when their check ran: a finding whose check did not run in this round (no
last year's return given, …) is 本轮未检查, never 已解决.
Info findings (blank cells and the like) are for the record and stay out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from checker.registry import registry
from checker.report.figures import finding_where, office_name, spec_of
from checker.results import (
    SEVERITY_WORDS,
    Decision,
    DecisionStatus,
    FileReport,
    Finding,
    Report,
    format_number,
)
from common.roster import code_key, office_key
from common.terminal_text import printable
from declaration.layout import cell_a1, sheet_layouts
from declaration.spec import FormSpec

PENDING, EXPLAINED, TO_FIX = "待处理", "已说明", "需修改"
CHOICES = (PENDING, EXPLAINED, TO_FIX)
STATUS: dict[str, DecisionStatus] = {PENDING: "pending", EXPLAINED: "explained", TO_FIX: "to_fix"}
# 本次核对: what this run found for the row
NEW, STILL, RESOLVED, NOT_CHECKED = "新发现", "仍存在", "已解决", "本轮未检查"
SEPARATOR = "|"


@dataclass
class RegisterRow:
    """One finding of the register, as the meeting sees it."""

    key: str
    office: str
    code: str
    year: str
    rule: str
    title: str
    severity: str
    where: str
    message: str
    state: str = NEW
    choice: str = PENDING
    note: str = ""
    file: str = ""
    difference: str = ""  # the finding's 差 (found − expected), blank when it has none

    @property
    def office_part(self) -> str:
        return self.key.rsplit(SEPARATOR, 3)[0]


@dataclass
class Merge:
    """The register after this run, and what changed."""

    rows: list[RegisterRow] = field(default_factory=list)

    def summary(self) -> str:
        """``共 12 条：待处理 5、已说明 4、需修改 1；本次新发现 3、已解决 2``."""
        live = [r for r in self.rows if r.state != RESOLVED]
        counts = "、".join(f"{c} {sum(1 for r in live if r.choice == c)}" for c in CHOICES)
        new = sum(1 for r in self.rows if r.state == NEW)
        gone = sum(1 for r in self.rows if r.state == RESOLVED)
        unchecked = sum(1 for r in self.rows if r.state == NOT_CHECKED)
        tail = f"、本轮未检查 {unchecked}" if unchecked else ""
        return f"共 {len(self.rows)} 条：{counts}；本次新发现 {new}、已解决 {gone}{tail}"


def office_part(fr: FileReport) -> str:
    """The office in a key: its code, else its name, else the file name."""
    if fr.code and code_key(fr.code):
        return "代码:" + code_key(fr.code)
    if fr.unit and office_key(fr.unit):
        return "名称:" + office_key(fr.unit)
    return "文件:" + printable(fr.file_name)  # as the register keeps it


@cache  # a per-spec constant, one per spec file (common.memo)
def _cell_ids(spec: FormSpec) -> dict[tuple[str, str, str], str]:
    """(sheet, row label, column label) and (sheet, A1, "") → cell id."""
    layouts = sheet_layouts(spec)
    labels: dict[tuple[str, str, str], list[str]] = {}
    out: dict[tuple[str, str, str], str] = {}
    for cell in spec.cells.values():
        sheet = layouts[cell.table].sheet_name
        labels.setdefault((sheet, cell.row_label, cell.col_label), []).append(cell.id)
        out[(sheet, cell_a1(spec, cell.id), "")] = cell.id
    # labels that name one cell only (in table 四 a column label repeats across groups)
    out.update({key: ids[0] for key, ids in labels.items() if len(ids) == 1})
    return out


def place(fr: FileReport, f: Finding) -> str:
    """The finding's cell id when it is about a cell of the form, else its sheet and cell.

    Labels before addresses: an office that inserted a row moves the address, not the labels.
    """
    spec = spec_of(fr)
    if spec is not None:
        ids = _cell_ids(spec)
        for probe in ((f.sheet, f.row_label, f.col_label), (f.sheet, f.cell, "")):
            if probe in ids and (probe[1] or probe[2]):
                return ids[probe]
    return "!".join(p for p in (f.sheet, f.scope or f.cell) if p)


def file_keys(fr: FileReport) -> list[tuple[str, Finding]]:
    """(key, finding) for the errors and warnings of one return; keys unique in the return."""
    office, year = office_part(fr), str(fr.year or "")
    seen: dict[str, int] = {}
    out: list[tuple[str, Finding]] = []
    for f in fr.findings:
        if f.severity == "info":
            continue
        key = SEPARATOR.join((office, year, f.rule, place(fr, f)))
        seen[key] = seen.get(key, 0) + 1
        out.append((key if seen[key] == 1 else f"{key}#{seen[key]}", f))
    return out


def covered_keys(fr: FileReport) -> set[str]:
    """Keys of what this return's findings still hold without a row of their own: each
    cell of a finding over several cells, and each finding a structural one lists
    under it. A row of the register with such a key is 仍存在, never 已解决."""
    office, year = office_part(fr), str(fr.year or "")
    out: set[str] = set()
    for f in fr.findings:
        if f.severity == "info":
            continue
        pairs = [(f.rule, c) for c in f.cells[1:]] + list(f.absorbed)
        for rule, where in pairs:
            probe = dataclasses.replace(f, rule=rule, cell=where, row_label="", col_label="")
            out.add(SEPARATOR.join((office, year, rule, place(fr, probe))))
    return out


def _new_row(key: str, fr: FileReport, f: Finding) -> RegisterRow:
    info = registry().get(f.rule)
    return RegisterRow(
        key=key,
        office=office_name(fr),
        code=fr.code or "",
        year=str(fr.year or ""),
        rule=f.rule,
        title=info.title if info else "",
        severity=SEVERITY_WORDS.get(f.severity, f.severity),
        where=finding_where(f),
        message=f.message,
        file=printable(fr.file_name),
        difference="" if f.difference is None else format_number(f.difference),
    )


def merge_decisions(report: Report, old: Iterable[RegisterRow], *, strict: bool = False) -> Merge:
    """Mark the report's findings with the register's decisions; the register to write back.

    A row whose office was not checked in this run is kept as it was: its office
    may simply not be in this batch. A row whose rule did not run on the office's
    return in this run is 本轮未检查: not found is not resolved when nobody looked.
    """
    before = {row.key: row for row in old}
    merge = Merge()
    seen: dict[str, RegisterRow] = {}
    checked = {office_part(fr) for fr in report.files}
    not_run: dict[str, set[str]] = {}
    covered: set[str] = set()
    for fr in report.files:
        not_run.setdefault(office_part(fr), set()).update(r for s in fr.skipped for r in s.rules)
        covered |= covered_keys(fr)
    for fr in report.files:
        marks: dict[int, Decision] = {}
        for key, f in file_keys(fr):
            row = seen.get(key)  # two returns of one office: one row, both marked
            if row is None:
                row = seen[key] = _new_row(key, fr, f)
                kept = before.get(key)
                if kept is not None:
                    row.choice, row.note, row.state = kept.choice, kept.note, STILL
                merge.rows.append(row)
            marks[id(f)] = Decision(STATUS[row.choice], row.note)
        fr.findings = [dataclasses.replace(f, decision=marks.get(id(f))) for f in fr.findings]
        _recount(fr, strict)
    for key, row in before.items():
        if key not in seen:
            if row.rule in not_run.get(row.office_part, ()):
                row.state = NOT_CHECKED
            elif row.key.split("#", 1)[0] in covered:
                row.state = STILL  # listed under another finding of this round
            elif row.office_part in checked:
                row.state = RESOLVED
            merge.rows.append(row)
    return merge


def _recount(fr: FileReport, strict: bool) -> None:
    """The verdict again: an explained warning no longer counts against the office."""
    if fr.status == "unreadable":
        return
    counts = fr.counts()
    fr.status = "fail" if counts["error"] or (strict and counts["warning"]) else "pass"


def choice_of(text: object) -> str | None:
    """The 处理意见 of a cell as one of the three choices, or None when unknown."""
    value = str(text or "").strip()
    if not value:
        return PENDING
    return value if value in CHOICES else None
