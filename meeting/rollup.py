"""The region's roll-up: the cell-by-cell sum of every return that passed.

``plan_rollup`` is a pure function of the Report: which returns go in (passed,
same format and year as most), which are left out and why, and the summed
values. ``meeting.rollup_sheets.write_rollup`` writes the workbook (pandas +
xlsxwriter) atomically.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from checker.report.figures import office_name, spec_of
from checker.results import FileReport, Report
from declaration.spec import FormSpec, load_spec

EMPTY_FORM_RULE = "V217"  # checker.rules.values: a template returned without a figure


@dataclass(frozen=True)
class Exclusion:
    """A return left out of the roll-up and the reason (Chinese)."""

    path: str
    office: str
    reason: str
    file_name: str = ""  # as shown (报表.zip/甲局.xlsx for a return inside an archive)


@dataclass
class Rollup:
    spec: FormSpec | None
    year: int | None
    included: list[FileReport] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)  # summed, by cell id
    # every readable return of the roll-up's format (for the per-office sheet)
    same_format: list[FileReport] = field(default_factory=list)
    # with --roster: how many offices the roster expects, and those that sent nothing
    expected: int | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every return received went in and, with a roster, every roster office sent
        one (without a roster, who did not send cannot be known: ``coverage`` says so)."""
        return not self.excluded and not self.missing

    def summary(self) -> str:
        """One line for the terminal: what went in, what was left out."""
        if self.spec is None:
            return "没有可以汇总的报表（没有通过校验的文件）"
        text = f"汇总 {len(self.included)} 个单位（{self.spec.format} 格式"
        text += f"，{self.year} 年度）" if self.year else "）"
        if self.excluded:
            text += f"，未计入 {len(self.excluded)} 个"
        if self.missing:
            text += f"，未报送 {len(self.missing)} 个"
        if not self.complete:
            text += "，汇总不完整"
        elif self.expected is not None:
            text += "，汇总完整"
        return text

    def coverage(self) -> list[str]:
        """What the sum covers, in Chinese lines: for the cover, 汇总说明, the terminal
        and a published roll-up. Names are listed (at most ``LISTED`` of each)."""
        if self.expected is not None:
            head = (
                f"汇总范围：单位名单应报 {self.expected} 个单位，计入汇总 {len(self.included)} 个"
            )
        else:
            head = f"汇总范围：收到 {len(self.included) + len(self.excluded)} 份报表，计入汇总 {len(self.included)} 个单位"
        lines = [head]
        if self.missing:
            lines.append(f"未报送 {len(self.missing)} 个：{_names(self.missing)}")
        if self.excluded:
            shown = [f"{x.office}（{x.reason}）" for x in self.excluded]
            lines.append(f"未计入 {len(self.excluded)} 份：{_names(shown)}")
        if not self.complete:
            lines.append("汇总不完整：各表数字不含上述未报送、未计入的单位。")
        elif self.expected is not None:
            lines.append("汇总完整：名单中的单位全部计入。")
        if self.expected is None:
            lines.append("未使用单位名单（--roster），无法核对是否有单位未报送。")
        return lines


LISTED = 20  # names in one coverage line; the 汇总说明 sheet lists every file


def _names(names: list[str]) -> str:
    shown = "、".join(names[:LISTED])
    return shown + (f" 等 {len(names)} 个" if len(names) > LISTED else "")


def _reason(fr: FileReport, spec: FormSpec | None, year: int | None) -> str | None:
    """Why a return is left out, or None when it goes into the roll-up."""
    if fr.status == "unreadable":
        return "无法读取"
    if any(f.rule == EMPTY_FORM_RULE for f in fr.findings):
        return "报表未填写（没有填写任何数字），不能按 0 计入汇总"
    if fr.status != "pass":
        return f"未通过校验（错误 {fr.counts()['error']} 条）"
    if spec is None or fr.format != spec.format:
        return (
            f"格式不同（{fr.format or '未知'} 格式，汇总使用 {spec.format if spec else '—'} 格式）"
        )
    if year is not None and fr.year != year:
        return f"年度不同（{fr.year or '未填写'} 年度，汇总为 {year} 年度）"
    return None


def _target(report: Report, fmt: str | None) -> tuple[FormSpec | None, int | None]:
    """The format and year of the roll-up: those of most passing returns."""
    passed = [fr for fr in report.files if fr.status == "pass" and spec_of(fr) is not None]
    if fmt is None:
        formats = Counter(fr.format for fr in passed)
        if not formats:
            return None, None
        fmt = max(formats.items(), key=lambda item: (item[1], str(item[0])))[0]
    spec = load_spec(str(fmt))
    years = Counter(fr.year for fr in passed if fr.format == spec.format and fr.year)
    year = max(years.items(), key=lambda item: (item[1], item[0] or 0))[0] if years else None
    return spec, year


def sum_values(spec: FormSpec, returns: Iterable[FileReport]) -> dict[str, float]:
    """Cell-by-cell sum over returns (blank cells count as 0)."""
    totals = dict.fromkeys(spec.cells, 0.0)
    for fr in returns:
        for cell_id in spec.cells:
            totals[cell_id] += fr.values.get(cell_id, 0.0)
    return totals


def _office_identity(fr: FileReport) -> str | None:
    """Who sent a return: its 单位代码, else its 单位名称 (None when the cover is blank)."""
    from common.roster import code_key, office_key

    if fr.code and code_key(fr.code):
        return "code:" + code_key(fr.code)
    if fr.unit and office_key(fr.unit) and not UNNAMED_ROLLUP.fullmatch(office_key(fr.unit)):
        return "name:" + office_key(fr.unit)
    return None  # a blank cover, or a roll-up without a name: nobody to count twice


# the default name of a roll-up (汇总（2 个单位）): two districts' roll-ups are two offices
UNNAMED_ROLLUP = re.compile(r"汇总\(\d+个单位\)")


def _drop_duplicates(plan: Rollup) -> None:
    """An office with several passing returns is left out: summing both counts it twice."""
    groups: dict[str, list[FileReport]] = {}
    for fr in plan.included:
        key = _office_identity(fr)
        if key is not None:
            groups.setdefault(key, []).append(fr)
    twice = {id(fr) for same in groups.values() if len(same) > 1 for fr in same}
    for fr in [fr for fr in plan.included if id(fr) in twice]:
        count = len(groups[_office_identity(fr) or ""])
        reason = (
            f"同一单位有 {count} 份报表，无法确定以哪份为准，均未计入；请删除作废的一份后重新汇总"
        )
        plan.excluded.append(Exclusion(fr.path, office_name(fr), reason, fr.file_name))
    plan.included = [fr for fr in plan.included if id(fr) not in twice]


def plan_rollup(report: Report, fmt: str | None = None) -> Rollup:
    """Decide what the roll-up holds; ``fmt`` forces a format ("2019"/"2021")."""
    spec, year = _target(report, fmt)
    plan = Rollup(spec, year)
    for fr in report.files:
        reason = _reason(fr, spec, year)
        if reason is None:
            plan.included.append(fr)
        else:
            plan.excluded.append(Exclusion(fr.path, office_name(fr), reason, fr.file_name))
        if spec is not None and fr.status != "unreadable" and fr.format == spec.format:
            plan.same_format.append(fr)
    _drop_duplicates(plan)
    if report.roster is not None:
        plan.expected = report.roster.expected
        plan.missing = report.roster.missing()
    if spec is not None:
        plan.values = sum_values(spec, plan.included)
    return plan
