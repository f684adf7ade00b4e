"""Checking returns: the reading stage, then the rules, then one FileReport each.

``check_workbook`` never raises for a bad file: anything that goes wrong while
reading or checking one return becomes an "unreadable" report with a Chinese
reason, and a batch goes on with the next file. Input files are only read.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from checker.facts import CellRead, Extraction, TotalState
from checker.findings import make_finding
from checker.read.limits import FILE_SECONDS
from checker.results import FileReport, Finding, Report, Skipped
from checker.rules.arithmetic import PriorSource, rule_values, typed_over
from checker.rules.published import check_published
from checker.rules.repeats import copied_narrative, repeated_rows
from checker.rules.stage import rule_findings
from checker.rules.structure import identity_findings
from checker.selection import Selection
from common.paths import document_kind, expand_paths
from declaration.formulas import total_formula
from declaration.identity import COVER_SHEET
from declaration.layout import cell_a1, parse_a1, sheet_layouts
from declaration.spec import FormSpec

if TYPE_CHECKING:
    from checker.rules.cross_year import PriorIndex, PriorLookup
    from common.parallel import Failure

UNREADABLE_RULE = "F001"  # the registry's "file-unreadable"

PathLike = str | os.PathLike[str]


def check_workbook(
    path: PathLike,
    *,
    prior: Mapping[str, float] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    strict: bool = False,
    prior_text: str | None = None,
) -> FileReport:
    """Check one return. ``prior``: last year's ``FileReport.values`` (enables X5xx);
    ``prior_text``: last year's published narrative (enables D721)."""
    selection = Selection.from_options(select, ignore)
    return check_file(
        Path(path), prior=prior, selection=selection, strict=strict, prior_text=prior_text
    )


def check_paths(
    arguments: Sequence[PathLike],
    *,
    prior: Mapping[str, float] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    strict: bool = False,
    prior_source: PriorSource | None = None,
    prior_text: str | None = None,
    seconds: float = FILE_SECONDS,
) -> Report:
    """Check every return named by files, folders or glob patterns, in this process.

    ``prior_source``: the file ``prior`` was read from (named in X501's lines); a
    file past ``seconds`` is reported as timed out (F012)."""
    from common.parallel import parallel_map

    selection = Selection.from_options(select, ignore)
    expansion = expand_paths(arguments)
    report = Report(notes=list(expansion.notes))

    def one(path: Path) -> FileReport:
        return check_file(
            path,
            prior=prior,
            selection=selection,
            strict=strict,
            prior_source=prior_source,
            prior_text=prior_text,
        )

    report.files = parallel_map(
        one,
        expansion.files,
        jobs=1,
        progress=False,
        on_failure=functools.partial(failed_report, seconds=seconds),
        time_budget=seconds,
    )
    for argument in expansion.missing:
        report.files.append(unreadable_report(argument, f"找不到文件：{argument}"))
    return report


def check_file(
    path: Path,
    *,
    prior: Mapping[str, float] | None = None,
    prior_index: PriorIndex | None = None,
    selection: Selection | None = None,
    strict: bool = False,
    prior_source: PriorSource | None = None,
    prior_text: str | None = None,
) -> FileReport:
    """Check one file: read it, run the rules, never raise.

    The one path every return takes, from the library API and from batches.
    ``prior``: last year's values for this return; ``prior_index``: last year's
    returns of many offices, looked up by this return's unit and code.
    """
    from checker.read.extract import extract

    try:
        extraction = extract(path)
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
    source = prior_source
    if prior_index is not None and extraction.spec is not None and not extraction.unreadable:
        lookup = prior_index.lookup(extraction.unit, extraction.code, extraction.year)
        prior = lookup.found.values if lookup.found else None
        prior_text = lookup.found.narrative if lookup.found else None
        if lookup.found:
            source = PriorSource(lookup.found.path, lookup.found.format)
    selection = selection or Selection()
    try:
        report = check_extraction(
            extraction, prior=prior, selection=selection, strict=strict, prior_source=source
        )
    except Exception as exc:
        return unreadable_report(str(path), f"核对文件时出错（{type(exc).__name__}：{exc}）")
    if prior is not None and extraction.spec is not None and report.status != "unreadable":
        repeats = repeated_rows(extraction.spec, report.values, prior)
        report.findings.extend(f for f in repeats if selection.wants(f.rule))
    if prior_text and extraction.published is not None and not extraction.unreadable:
        own = extraction.published.narrative
        report.findings.extend(
            f for f in copied_narrative(own, prior_text) if selection.wants(f.rule)
        )
    if lookup is not None:
        from checker.rules.cross_year import prior_findings

        report.findings.extend(f for f in prior_findings(report, lookup) if selection.wants(f.rule))
        if lookup.found:
            report.notes.append(f"跨年度核对所用的上一年度报告：{lookup.found.path}")
        if lookup.by_short_form:
            report.notes.append(lookup.short_form_note(extraction.unit))
    if extraction.spec is not None and report.status != "unreadable":
        report.skipped = _skipped(extraction, selection, prior, source, lookup, prior_text)
    if report.status == "pass" and strict and report.counts()["warning"] > 0:
        report.status = "fail"  # a repeat of last year is a warning too
    return report


def _skipped(
    extraction: Extraction,
    selection: Selection,
    prior: Mapping[str, float] | None,
    source: PriorSource | None,
    lookup: PriorLookup | None,
    prior_text: str | None,
) -> list[Skipped]:
    """The selected checks that did not run on this return, and why."""
    from checker.rules.skipped import skipped_cross_year

    assert extraction.spec is not None
    found = skipped_cross_year(
        extraction.spec,
        prior=prior,
        prior_format=source.format if source else None,
        reason=lookup.reason if lookup is not None and lookup.found is None else "",
        published=extraction.published is not None,
        prior_text=prior_text,
    )
    out = []
    for s in found:
        rules = tuple(r for r in s.rules if selection.wants(r))
        if rules:
            out.append(Skipped(s.what, rules, s.reason))
    return out


def failed_report(path: Path, why: Failure, seconds: float = FILE_SECONDS) -> FileReport:
    """The report of a file whose check ran out of time or whose worker died twice."""
    rule = "F012" if why == "timeout" else "F013"
    finding = make_finding(rule, {"file": path.name, "seconds": f"{seconds:g}"})
    return unreadable_report(str(path), finding.message, [finding])


_REPORT_UNREADABLE = frozenset(["D702", "D703"])  # a report whose text could not be reached


def _a_report(extraction: Extraction) -> bool:
    """A document that is a published annual report: its tables were found (or it is
    one whose text could not be reached, which its own finding explains)."""
    if any(f.rule in _REPORT_UNREADABLE for f in extraction.findings):
        return True
    return extraction.spec is not None and not extraction.unreadable


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
    prior: Mapping[str, float] | None = None,
    selection: Selection | None = None,
    strict: bool = False,
    prior_source: PriorSource | None = None,
) -> FileReport:
    """The rule stage on what the reading stage found."""
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
    findings = list(extraction.findings) + identity_findings(extraction)
    if spec is not None:
        values, stale = rule_values(spec, extraction)
        findings += stale
        findings += rule_findings(spec, extraction, values, prior, prior_source)
        if extraction.published is not None:
            findings += check_published(spec, extraction, values)
        report.values = _reported_values(spec, extraction, values)
    selection = selection or Selection()
    report.findings = sorted(
        (f for f in findings if selection.wants(f.rule)), key=_finding_order(spec)
    )
    report.findings, report.notes[:0] = _bounded(report.findings)
    counts = report.counts()
    failed = counts["error"] > 0 or (strict and counts["warning"] > 0)
    report.status = "fail" if failed else "pass"
    return report


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
            row, col = _published_place(f.cell)
        return rank, row, col, f.rule

    return key


_PLACE = re.compile(r"(?:第(\d+)个表格)?第(\d+)行第(\d+)列")


def _published_place(cell: str) -> tuple[int, int]:
    """(row, column) of a place in a published report ("第2个表格第5行第3列")."""
    m = _PLACE.fullmatch(cell)
    if m is None:
        return -1, -1
    return int(m.group(1) or 0) * 10_000 + int(m.group(2)), int(m.group(3))


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
    prior: Mapping[str, float] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    path: str = "（内存中的数据）",
) -> FileReport:
    """Check a return given as ``{cell_id: value}`` (see ``extraction_from_values``)."""
    extraction = extraction_from_values(spec, values, path=path)
    return check_extraction(
        extraction, prior=prior, selection=Selection.from_options(select, ignore)
    )
