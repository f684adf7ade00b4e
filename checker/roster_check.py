"""Returns against the roster: who is missing, who is unknown, who sent two.

``check_roster`` matches every checked return to an office of the roster
(by 单位代码, else by 单位名称) and produces a ``RosterSummary``: a section of
the Report with its own findings (rules R6xx). Renderers call
``roster_lines`` (plain text) and ``roster_renderable`` (rich) from here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.report import SEVERITY_ORDER, FileReport, Severity
from template_builder.roster import Roster, RosterEntry, code_key, office_key

if TYPE_CHECKING:
    from rich.console import RenderableType


@dataclass(frozen=True)
class RosterFinding:
    """One roster finding; ``office`` is the roster name (or the name in the file)."""

    rule: str
    severity: Severity
    message: str
    office: str = ""
    code: str = ""
    files: tuple[str, ...] = ()
    roster_row: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "office": self.office,
            "code": self.code,
            "files": list(self.files),
            "roster_row": self.roster_row,
            "message": self.message,
        }


@dataclass
class RosterSummary:
    roster: str
    year: int | None
    expected: int
    received: int
    findings: list[RosterFinding] = field(default_factory=list)
    # roster name -> files matched to it, in roster order
    returns: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def missing(self) -> list[str]:
        return [f.office for f in self.findings if f.rule == "R601"]

    def flatten(self, keys: list[str]) -> list[list[Any]]:
        return [[getattr(f, k) for k in keys] for f in self.findings]

    def failed(self, strict: bool = False) -> bool:
        counts = self.counts()
        return bool(counts["error"] or (strict and counts["warning"]))

    def to_json(self) -> dict[str, Any]:
        return {
            "roster": self.roster,
            "year": self.year,
            "expected": self.expected,
            "received": self.received,
            "missing": self.missing(),
            "counts": self.counts(),
            "findings": [f.to_json() for f in self.findings],
            "returns": self.returns,
        }


def batch_year(files: Sequence[FileReport], year: int | None = None) -> int | None:
    """The report year of a batch: given, else the most common year among returns."""
    if year is not None:
        return year
    years = Counter(f.year for f in files if f.year is not None)
    return years.most_common(1)[0][0] if years else None


def _expected_format(year: int | None) -> tuple[str, str] | None:
    from template_builder.spec import SpecError, spec_for_year

    if year is None:
        return None
    try:
        spec = spec_for_year(year)
    except SpecError:
        return None
    return spec.format, spec.document


def _finding(
    rule: str,
    entry: RosterEntry | None = None,
    files: Sequence[FileReport] = (),
    office: str = "",
    code: str = "",
    **fields: object,
) -> RosterFinding:
    """A roster finding worded by the registry's message template."""
    from checker.registry import rule_info

    info = rule_info(rule)
    if entry is not None:
        office, code = entry.display, entry.code or ""
    paths = tuple(r.path for r in files)
    names = "、".join(Path(p).name for p in paths)
    message = info.message.format(office=office, file=names, files=names, **fields)
    return RosterFinding(
        rule,
        info.severity,  # type: ignore[arg-type]
        message,
        entry.name if entry else office,
        code,
        paths,
        entry.row if entry else None,
    )


def _file_findings(
    report: FileReport, entry: RosterEntry, year: int | None, fmt: tuple[str, str] | None
) -> list[RosterFinding]:
    """Findings about one matched return: cover differs, wrong year, old format."""
    out: list[RosterFinding] = []
    if report.unit and office_key(report.unit) != entry.name_key:
        out.append(
            _finding(
                "R607",
                entry,
                [report],
                field="单位名称",
                found=report.unit,
                expected=entry.name,
                by="单位代码",
            )
        )
    elif report.code and entry.code and code_key(report.code) != entry.code_key:
        out.append(
            _finding(
                "R607",
                entry,
                [report],
                field="单位代码",
                found=report.code,
                expected=entry.code,
                by="单位名称",
            )
        )
    if year is not None and report.year is not None and report.year != year:
        out.append(_finding("R604", entry, [report], found=report.year, expected=year))
    if fmt is not None and report.format is not None and report.format != fmt[0]:
        found = _format_document(report.format)
        out.append(_finding("R605", entry, [report], found=found, expected=fmt[1], year=year))
    return out


def _format_document(fmt: str) -> str:
    from template_builder.spec import SpecError, load_spec

    try:
        return load_spec(fmt).document
    except SpecError:
        return fmt


def check_roster(
    roster: Roster, files: Sequence[FileReport], year: int | None = None
) -> RosterSummary:
    """Match returns to the roster and report what does not fit."""
    year = batch_year(files, year)
    fmt = _expected_format(year)
    matched: dict[str, list[FileReport]] = {e.name: [] for e in roster}
    findings: list[RosterFinding] = []
    for report in files:
        if not report.unit and not report.code:
            findings.append(_finding("R606", files=[report]))
            continue
        entry = roster.find(report.unit, report.code)
        if entry is None:
            who = report.unit or report.code or ""
            findings.append(_finding("R602", files=[report], office=who, code=report.code or ""))
            continue
        matched[entry.name].append(report)
        findings.extend(_file_findings(report, entry, year, fmt))
    for entry in roster:
        sent = matched[entry.name]
        if not sent:
            findings.append(_finding("R601", entry))
        elif len(sent) > 1:
            findings.append(_finding("R603", entry, sent, count=len(sent)))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.rule, f.roster_row or 0, f.files))
    return RosterSummary(
        roster=roster.path,
        year=year,
        expected=len(roster),
        received=sum(1 for sent in matched.values() if sent),
        findings=findings,
        returns={n: [r.path for r in sent] for n, sent in matched.items()},
    )


# -- rendering ---------------------------------------------------------------

_MARKS = {"error": "✗", "warning": "!", "info": "·"}


def roster_headline(summary: RosterSummary) -> str:
    year = f"{summary.year} 年度，" if summary.year else ""
    return (
        f"单位名单 {Path(summary.roster).name}：{year}应报 {summary.expected} 个单位，"
        f"已报 {summary.received} 个，未报 {len(summary.missing())} 个"
    )


def roster_lines(summary: RosterSummary) -> list[str]:
    """The roster section as plain text lines."""
    lines = [roster_headline(summary)]
    for f in summary.findings:
        lines.append(f"  {_MARKS[f.severity]} {f.rule} {f.message}")
    if not summary.findings:
        lines.append("  ✓ 名单中的单位均已报送，且没有多报、错报")
    return lines


def roster_renderable(summary: RosterSummary) -> RenderableType:
    """The roster section for a rich console (workbook text is never markup)."""
    from rich.console import Group
    from rich.text import Text

    styles = {"error": "red", "warning": "yellow", "info": "cyan"}
    parts: list[RenderableType] = [Text(roster_headline(summary), style="bold")]
    for f in summary.findings:
        line = Text("  ")
        line.append(f"{_MARKS[f.severity]} {f.rule} ", style=styles[f.severity])
        line.append(f.message)
        parts.append(line)
    if not summary.findings:
        parts.append(Text("  ✓ 名单中的单位均已报送，且没有多报、错报", style="green"))
    return Group(*parts)
