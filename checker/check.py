"""One file's check: the reading stage, then every rule family once, then one place that
selects, orders, bounds and decides the status.

``check_file`` never raises for a bad file: anything that goes wrong while
reading or checking one return becomes an "unreadable" report with a Chinese
reason, and a batch goes on with the next file. Input files are only read.
Runs of many files (and of one) go through ``checker.batch.check_paths``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.facts import CellRead, Extraction, TotalState
from checker.findings import make_finding
from checker.options import CheckOptions
from checker.read.limits import FILE_SECONDS
from checker.results import FileReport, Finding, Severity, Skipped, Status
from checker.rules.arithmetic import PriorSource, rule_values, typed_over
from checker.rules.published import check_published
from checker.rules.repeats import copied_narrative, repeated_rows
from checker.rules.stage import rule_findings
from checker.rules.structure import identity_findings
from common.paths import document_kind
from declaration.formulas import total_formula
from declaration.identity import COVER_SHEET
from declaration.layout import cell_a1, parse_a1, sheet_layouts
from declaration.spec import FormSpec

if TYPE_CHECKING:
    from checker.rules.cross_year import PriorIndex, PriorLookup
    from common.parallel import Failure


# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"F001", "F007", "F011", "F012", "F013"})
UNREADABLE_RULE = "F001"  # the registry's "file-unreadable"


def check_file(
    path: Path, *, options: CheckOptions | None = None, prior: PriorIndex | None = None
) -> FileReport:
    """Check one file: read it, run the rules, never raise.

    The one path every file takes, alone or in a batch. ``prior``: last year's
    returns, looked up by this return's unit and code (an index of one file
    gives that file whatever the unit).
    """
    from checker.read.extract import extract

    try:
        extraction = extract(path)
    except MemoryError:  # the worker's memory ceiling (checker.batch): this file only
        return unreadable_report(str(path), "", [_out_of_memory(path)])
    except Exception as exc:  # a bad file must never stop the batch
        return unreadable_report(str(path), f"读取文件时出错（{type(exc).__name__}：{exc}）")
    kind = document_kind(path)
    if kind is not None and not _a_report(extraction):
        # a Word file, a PDF … sent in place of a return, without the report's tables
        fields = {"file": path.name, "what": kind}
        return FileReport(
            path=str(path), status="unreadable", findings=[make_finding("F011", fields)]
        )
    lookup = None
    if prior is not None and extraction.spec is not None and not extraction.unreadable:
        lookup = prior.lookup(extraction.unit, extraction.code, extraction.year)
    try:
        return check_extraction(extraction, options=options, prior=lookup)
    except Exception as exc:
        return unreadable_report(str(path), f"核对文件时出错（{type(exc).__name__}：{exc}）")


def _out_of_memory(path: Path) -> Finding:
    reason = (
        f"文件“{path.name}”过大或内容异常，读取时超出内存上限（文件过大/内存超限），已停止读取。"
        "请确认是否提交错了文件，或向填报单位重新索取正常保存的文件。"
    )
    return make_finding("F007", {"reason": reason})


def failed_report(path: Path, why: Failure, seconds: float = FILE_SECONDS) -> FileReport:
    """The report of a file whose check ran out of time or whose worker died twice."""
    rule = "F012" if why == "timeout" else "F013"
    finding = make_finding(rule, {"file": path.name, "seconds": f"{seconds:g}"})
    return unreadable_report(str(path), finding.message, [finding])


# a document whose text could not be reached, or a file problem that says why it
# could not be read (too large, encrypted, damaged, no permission): its own finding
# explains it, never F011 ("not a return")
_REPORT_UNREADABLE = frozenset(["D702", "D703", "F001", "F002", "F003", "F007"])


def _a_report(extraction: Extraction) -> bool:
    """A document that is a published annual report: its tables were found (or it is
    one whose text could not be reached, which its own finding explains)."""
    if any(f.rule in _REPORT_UNREADABLE for f in extraction.findings):
        return True
    return extraction.spec is not None and not extraction.unreadable


# what a given file name may not carry into a temporary file's name: folders,
# glob characters (the pipeline expands patterns), controls
_NOT_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\*?\[\]:<>|\"]")
MAX_NAME_CHARS = 120


def upload_name(name: str) -> str:
    """A file name that is safe on disk and keeps the name's extension."""
    base = re.split(r"[/\\]", name)[-1]
    base = _NOT_IN_NAME.sub("_", base).strip(" .") or "上传的文件"
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = suffix[:16]
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1] or "上传的文件"
    return f"{stem}.{suffix}" if suffix else stem


def renamed(report: FileReport, temporary: str, name: str) -> FileReport:
    """The report of a temporary file under the name it was given (a path below
    the temporary one, a member of an uploaded archive, keeps its tail)."""
    report.path = (
        name + report.path[len(temporary) :] if report.path.startswith(temporary) else name
    )
    report.findings = [
        replace(f, message=f.message.replace(temporary, name)) if temporary in f.message else f
        for f in report.findings
    ]
    report.notes = [note.replace(temporary, name) for note in report.notes]
    return report


def unreadable_report(path: str, reason: str, findings: Sequence[Finding] = ()) -> FileReport:
    """A file that could not be checked; the reason is an F001 error unless the
    reading stage already said why (encrypted, damaged, … are errors of their own)."""
    kept = list(findings)
    if not any(f.severity == "error" for f in kept):
        kept.append(make_finding(UNREADABLE_RULE, {"reason": reason}))
    return FileReport(path=path, status="unreadable", findings=kept)


def check_extraction(
    extraction: Extraction,
    *,
    options: CheckOptions | None = None,
    prior: PriorLookup | None = None,
) -> FileReport:
    """The rule stage on what the reading stage found: every rule family once.

    ``prior``: the office's return of last year as looked up in the prior index
    (or why none was found)."""
    options = options or CheckOptions()
    if extraction.unreadable:
        return unreadable_report(extraction.path, extraction.unreadable, extraction.findings)
    spec = extraction.spec
    report = FileReport(
        path=extraction.path,
        format=spec.format if spec else None,
        spec_version=extraction.spec_version,
        year=extraction.year,
        unit=extraction.unit,
        code=extraction.code,
        identified_by=extraction.identified_by,
        document=spec.document if spec else None,
    )
    own = list(extraction.findings) + identity_findings(extraction)
    compared: list[Finding] = []
    if spec is not None:
        found = prior.found if prior is not None else None
        source = PriorSource(found.path, found.format) if found else None
        values, stale = rule_values(spec, extraction)
        own += stale
        own += rule_findings(spec, extraction, values, found.values if found else None, source)
        if extraction.published is not None:
            own += check_published(spec, extraction, values)
        report.values = _reported_values(spec, extraction, values)
        compared = _year_on_year(spec, extraction, report, prior)
    _finish(report, spec, own, compared, options)
    if prior is not None and prior.found is not None:
        report.notes.append(f"跨年度核对所用的上一年度报告：{prior.found.path}")
        report.prior_path, report.prior_format = prior.found.path, prior.found.format
        report.prior_values = dict(prior.found.values)  # for the year-on-year view
    if prior is not None and prior.by_short_form:
        report.notes.append(prior.short_form_note(extraction.unit))
    if spec is not None:
        report.skipped = _skipped(extraction, options, prior)
    return report


def _skipped(
    extraction: Extraction, options: CheckOptions, prior: PriorLookup | None
) -> list[Skipped]:
    """The selected checks that did not run on this return, and why."""
    from checker.rules.skipped import skipped_cross_year

    assert extraction.spec is not None
    found = prior.found if prior is not None else None
    skipped = skipped_cross_year(
        extraction.spec,
        prior=found.values if found else None,
        prior_format=found.format if found else None,
        reason=prior.reason if prior is not None and found is None else "",
        published=extraction.published is not None,
        prior_text=found.narrative if found else None,
    )
    out = []
    for s in skipped:
        rules = tuple(r for r in s.rules if options.selection.wants(r))
        if rules:
            out.append(Skipped(s.what, rules, s.reason))
    return out


def _year_on_year(
    spec: FormSpec, extraction: Extraction, report: FileReport, prior: PriorLookup | None
) -> list[Finding]:
    """The comparisons with last year's return as a whole: repeated rows (D720), a
    copied narrative (D721), large changes (X503) or why there was nothing to compare."""
    if prior is None:
        return []
    from checker.rules.cross_year import prior_findings

    out: list[Finding] = []
    if prior.found is not None:
        out += repeated_rows(spec, report.values, prior.found.values)
        if prior.found.narrative and extraction.published is not None:
            out += copied_narrative(extraction.published.narrative, prior.found.narrative)
    return out + prior_findings(report, prior)


def _finish(
    report: FileReport,
    spec: FormSpec | None,
    own: list[Finding],
    compared: list[Finding],
    options: CheckOptions,
) -> None:
    """Selection, order, bounds and status of one file's findings, in one place.

    The file's own findings in sheet order, at most ``MAX_PER_RULE`` of a rule;
    then the comparisons with last year in the order they were made."""
    keep = options.selection.keep
    findings, notes = _bounded(sorted(keep(own), key=_finding_order(spec)))
    report.findings = findings + keep(compared)
    report.notes[:0] = notes
    report.status = file_status(report, options.strict)


def file_status(report: FileReport, strict: bool) -> Status:
    """Fails with an error, or with a counted warning when strict."""
    counts = report.counts()
    failed = counts[Severity.ERROR] > 0 or (strict and counts[Severity.WARNING] > 0)
    return "fail" if failed else "pass"


MAX_PER_RULE = 100  # findings of one rule listed per file: a hostile file may cause thousands


def _bounded(findings: list[Finding]) -> tuple[list[Finding], list[str]]:
    """At most ``MAX_PER_RULE`` findings of each rule (the first ones, in sheet order),
    and a note for each rule that had more: every output stays as bounded as reading."""
    kept: list[Finding] = []
    seen: dict[str, int] = {}
    for f in findings:
        seen[f.rule] = seen.get(f.rule, 0) + 1
        if seen[f.rule] <= MAX_PER_RULE:
            kept.append(f)
    notes = [
        f"规则 {rule} 另有 {count - MAX_PER_RULE} 条问题未逐条列出（同类问题过多，只列出前 {MAX_PER_RULE} 条）"
        for rule, count in seen.items()
        if count > MAX_PER_RULE
    ]
    return kept, notes


def _reported_values(
    spec: FormSpec, extraction: Extraction, values: Mapping[str, float]
) -> dict[str, float]:
    """Inputs as read and totals recomputed from them: what roll-ups should add up."""
    if not any(typed_over(extraction.cells.get(t.target)) for t in spec.totals):
        # the rules' values are these already: the same sums in the same order
        return {cell_id: values[cell_id] for cell_id in spec.cells}
    return spec.compute_totals({c.id: values[c.id] for c in spec.input_cells()})


def _finding_order(spec: FormSpec | None) -> Callable[[Finding], tuple[int, int, int, str]]:
    sheets = [COVER_SHEET]
    if spec is not None:
        sheets += [layout.sheet_name for layout in sheet_layouts(spec).values()]
        sheets += ["表" + table.title[:1] for table in spec.tables]  # a published report's

    def key(f: Finding) -> tuple[int, int, int, str]:
        rank = sheets.index(f.sheet) if f.sheet in sheets else (-1 if not f.sheet else len(sheets))
        try:
            row, col = parse_a1(f.cell) if f.cell else (-1, -1)
        except ValueError:
            row, col = f.location.order()
        return rank, row, col, f.rule

    return key


# -- returns that do not come from a file --------------------------------------


def extraction_from_values(
    spec: FormSpec,
    values: Mapping[str, float | None],
    *,
    path: str = "（内存中的数据）",
    year: int | None = None,
    unit: str | None = None,
) -> Extraction:
    """What the reading stage reports for a clean, template-made return.

    Inputs missing from ``values`` (or None) are blank; a total present in
    ``values`` was typed over (state "constant"), otherwise it holds the
    template's formula with the correctly computed cached result.
    """
    inputs = {c.id: values.get(c.id) for c in spec.input_cells()}
    computed = _as_excel_computes(spec, values)
    cells: dict[str, CellRead] = {}
    for cell in spec.cells.values():
        sheet = sheet_layouts(spec)[cell.table].sheet_name
        address = cell_a1(spec, cell.id)
        if not cell.is_total:
            value = inputs[cell.id]
            cells[cell.id] = CellRead(cell.id, sheet, address, value, value, blank=value is None)
        elif cell.id in values:
            typed = values[cell.id]
            state: TotalState = "blank" if typed is None else "constant"
            cells[cell.id] = CellRead(
                cell.id, sheet, address, typed, typed, blank=typed is None, total_state=state
            )
        else:
            formula = total_formula(spec, cell.id)
            cached = computed[cell.id]
            cells[cell.id] = CellRead(
                cell.id, sheet, address, cached, cached, False, formula, cached, "formula"
            )
    return Extraction(
        path=path,
        spec=spec,
        identified_by="meta",
        spec_version=spec.spec_version,
        year=year,
        unit=unit,
        cells=cells,
    )


def _as_excel_computes(spec: FormSpec, values: Mapping[str, float | None]) -> dict[str, float]:
    """Cell values as a spreadsheet shows them: formulas over inputs and typed totals."""
    out = {c.id: float(values.get(c.id) or 0) for c in spec.input_cells()}
    for total in spec.totals_in_order():
        if total.target in values:  # typed over (or emptied): no formula any more
            out[total.target] = float(values[total.target] or 0)
        else:
            out[total.target] = total.expr.evaluate(out)
    return out


def check_values(
    spec: FormSpec,
    values: Mapping[str, float | None],
    *,
    options: CheckOptions | None = None,
    prior: PriorIndex | None = None,
    path: str = "（内存中的数据）",
) -> FileReport:
    """Check a return given as ``{cell_id: value}`` (see ``extraction_from_values``)."""
    extraction = extraction_from_values(spec, values, path=path)
    lookup = prior.lookup(None, None, None) if prior is not None else None
    return check_extraction(extraction, options=options, prior=lookup)
