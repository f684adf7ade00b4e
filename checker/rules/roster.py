"""Returns against the roster: who is missing, who is unknown, who sent two.

``check_roster`` matches every checked return to an office of the roster
(by 单位代码, else by 单位名称) and produces a ``RosterSummary``: a section of
the Report with its own findings (rules R6xx); ``checker.report.roster_section``
renders it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from checker.findings import make_finding
from checker.results import SEVERITY_ORDER, FileReport, Finding, RosterSummary
from common.roster import Roster, RosterEntry, code_key, entry_by_file_name, office_key
from declaration.short_forms import short_form_key

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"R601", "R602", "R603", "R604", "R605", "R606", "R607", "R608", "R609", "R610"})

EMPTY_FORM_RULE = "V217"  # checker.rules.values: the template came back without a figure
NOT_A_SPREADSHEET_RULE = "F011"


def is_empty_form(report: FileReport) -> bool:
    """A return that is the template without a single figure."""
    return any(f.rule == EMPTY_FORM_RULE for f in report.findings)


def is_not_a_spreadsheet(report: FileReport) -> bool:
    """A file received in place of a return that is no spreadsheet (Word, PDF …)."""
    return any(f.rule == NOT_A_SPREADSHEET_RULE for f in report.findings)


def batch_year(files: Sequence[FileReport], year: int | None = None) -> int | None:
    """The report year of a batch: given, else the most common year among returns."""
    if year is not None:
        return year
    years = Counter(f.year for f in files if f.year is not None)
    return years.most_common(1)[0][0] if years else None


def _expected_format(year: int | None) -> tuple[str, str] | None:
    from declaration.spec import SpecError, spec_for_year

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
) -> Finding:
    """A roster finding worded by the registry's message template."""
    if entry is not None:
        office, code = entry.display, entry.code or ""
    paths = tuple(r.path for r in files)
    names = "、".join(Path(p).name for p in paths)
    return make_finding(
        rule,
        {"office": office, "file": names, "files": names, **fields},
        office=entry.name if entry else office,
        code=code,
        files=paths,
        roster_row=entry.row if entry else None,
    )


def _file_findings(
    report: FileReport,
    entry: RosterEntry,
    year: int | None,
    fmt: tuple[str, str] | None,
    by_short_form: bool = False,
) -> list[Finding]:
    """Findings about one matched return: cover differs, wrong year, old format.

    A name that is one of the office's 别名, or its standard short form, is its name."""
    out: list[Finding] = []
    names = {entry.name_key, *(office_key(a) for a in entry.aliases)}
    if report.unit and office_key(report.unit) not in names and not by_short_form:
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
    from declaration.spec import SpecError, load_spec

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
    findings: list[Finding] = []
    for report in files:
        if not report.unit and not report.code:
            entry = entry_by_file_name(roster, report.path)
            if entry is None:
                findings.append(_finding("R606", files=[report]))
                continue
            if not is_not_a_spreadsheet(report):  # a document: R609 below, if nothing else came
                findings.append(_finding("R610", entry, [report]))
            matched[entry.name].append(report)
            continue
        entry, by_short_form = roster.match(report.unit, report.code, short_form_key)
        if by_short_form and entry is not None:
            report.notes.append(
                f"按单位名称的规范简称对应到名单中的“{entry.name}”（本报表写作“{report.unit}”）"
            )
        if entry is None:
            who = report.unit or report.code or ""
            findings.append(_finding("R602", files=[report], office=who, code=report.code or ""))
            continue
        matched[entry.name].append(report)
        findings.extend(_file_findings(report, entry, year, fmt, by_short_form))
    received = 0
    for entry in roster:
        sent = matched[entry.name]
        usable = [r for r in sent if not is_empty_form(r) and not is_not_a_spreadsheet(r)]
        received += bool(usable)
        if not sent:
            findings.append(_finding("R601", entry))
        elif len(usable) > 1:
            findings.append(_finding("R603", entry, usable, count=len(usable)))
        empty = [r for r in sent if is_empty_form(r)]
        documents = [r for r in sent if is_not_a_spreadsheet(r)]
        if empty and not usable:
            findings.append(_finding("R608", entry, empty))
        elif documents and not usable:
            findings.append(_finding("R609", entry, documents))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.rule, f.roster_row or 0, f.files))
    return RosterSummary(
        roster=roster.path,
        year=year,
        expected=len(roster),
        received=received,
        findings=findings,
        returns={n: [r.path for r in sent] for n, sent in matched.items()},
    )
