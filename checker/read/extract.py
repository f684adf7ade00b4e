"""The reading stage of check-workbook: file -> ``Extraction``.

read (checker.read.xlsx_reader) -> identify (format, office, year) -> structure
(find and realign tables, labels, protection) -> values (parse every value cell,
classify totals). What it notes about values and totals are facts on each
``CellRead``; the rule stage (checker.rules.values, checker.rules.structure)
turns them into findings. Never raises: an unreadable file gives
``Extraction.unreadable``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from checker.facts import CellRead, Extraction, ValueNote
from checker.findings import make_finding
from checker.read.calamine_reader import LegacyWorkbook, file_findings
from checker.read.identify import identify
from checker.read.input_formulas import parse_input
from checker.read.sniff import sniff
from checker.read.structure import Placement, analyse
from checker.read.values import expected_total, parse_value, plain_number, total_state
from checker.read.workbook import RawWorkbook, ReadError
from checker.read.xlsx_reader import workbook_of
from declaration.identity import COVER_SHEET
from declaration.layout import a1, sheet_layouts
from declaration.spec import CellSpec, FormSpec


def extract(path: str | Path) -> Extraction:
    """Read, identify, realign and parse one return; never raises."""
    result = Extraction(path=str(path), from_file=True)
    try:
        verdict = sniff(Path(path))
        if verdict.published:  # a web page, Word file, PDF or copied text
            from checker.read.published.extract import extract_published  # lxml etc. only here

            return extract_published(verdict)
        _extract(workbook_of(verdict), result)
    except ReadError as exc:
        result.unreadable = str(exc)
        rule = getattr(exc, "rule", None)  # checker.read.sniff.FileProblem: F002 encrypted, …
        if rule:
            result.findings.append(make_finding(rule, getattr(exc, "fields", {"reason": str(exc)})))
    except MemoryError:
        raise  # checker.check names it (F007): the worker's memory ceiling was reached
    except Exception as exc:  # a broken file must not stop a batch of hundreds
        result.unreadable = f"无法读取文件“{Path(path).name}”：{type(exc).__name__}: {exc}"
    return result


def _extract(wb: RawWorkbook, result: Extraction) -> None:
    result.findings.extend(file_findings(wb))  # first: it also cuts over-long cell texts
    ident = identify(wb)
    result.spec = ident.spec
    result.identified_by = ident.identified_by
    result.spec_version = ident.spec_version
    result.year, result.unit, result.code = ident.year, ident.unit, ident.code
    result.has_cover_sheet = wb.has_sheet(COVER_SHEET)
    spec = ident.spec
    if spec is None:
        return
    # legacy files keep no formulas or protection: those checks cannot run (F005)
    from_template = ident.identified_by == "meta" and not isinstance(wb, LegacyWorkbook)
    result.from_template = from_template
    structure = analyse(wb, spec, from_template)
    result.layout = structure.facts
    result.renamed_sheets = structure.renamed
    cells = result.cells
    tables = {}
    for table, placement in structure.placements.items():
        sheet = placement.sheet
        stored = sheet.cells.get if sheet is not None else None
        name = sheet.name if sheet is not None else ""
        realigned = placement.realigned
        tables[table] = (placement, realigned, placement.rows.get, placement.cols.get, stored, name)
    for cell_id, table, kind, is_total, row, col, cell_spec in _targets(spec):
        placement, realigned, rows, cols, stored, name = tables[table]
        if stored is not None and not is_total:  # the common cells, quickly
            r, c = rows(row), cols(col)
            if r is not None and c is not None:
                raw = stored((r, c))
                number = plain_number(raw, kind)
                if number is not None and raw.formula is None:  # type: ignore[union-attr]
                    cells[cell_id] = CellRead(cell_id, name, a1(r, c), number, number, False)
                    continue
        cells[cell_id] = _read_cell(spec, placement, cell_spec, realigned)


# a value cell: id, table, kind, is a total, where the template puts it (row, col)
Target = tuple[str, str, str, bool, int, int, CellSpec]


@cache  # a per-spec constant, one per spec file (common.memo)
def _targets(spec: FormSpec) -> tuple[Target, ...]:
    """The spec's value cells in order, with where the template puts them."""
    layouts = sheet_layouts(spec)
    out = []
    for c in spec.cells.values():
        pos = layouts[c.table].values[c.id]
        out.append((c.id, c.table, c.kind, c.is_total, pos.row, pos.col, c))
    return tuple(out)


def _read_cell(
    spec: FormSpec, placement: Placement, cell_spec: CellSpec, realigned: bool
) -> CellRead:
    """The cell as read, with a note on how its value was parsed (none: a plain number)."""
    layout, sheet = placement.layout, placement.sheet
    pos = layout.values[cell_spec.id]
    actual = placement.position(pos.row, pos.col) if sheet is not None else None
    sheet_name = sheet.name if sheet is not None else layout.sheet_name
    if sheet is None or actual is None:
        return CellRead(cell_spec.id, sheet_name, "", None, None, blank=True)
    raw = sheet.cell(*actual)
    address = a1(*actual)
    number = plain_number(raw, cell_spec.kind)
    if raw is not None and raw.formula is not None and not cell_spec.is_total:
        number = None  # an input cell holding a formula: its result is never taken silently
    if raw is not None and number is not None:
        cached = number if raw.formula else None
        read = CellRead(
            cell_spec.id, sheet_name, address, number, number, False, raw.formula, cached
        )
    else:
        parsed = (parse_value if cell_spec.is_total else parse_input)(raw, cell_spec.kind)
        read = CellRead(
            cell_spec.id,
            sheet_name,
            address,
            raw.value if raw is not None else None,
            parsed.value,
            blank=parsed.blank,
            formula=raw.formula if raw is not None else None,
            cached=raw.value
            if raw is not None and isinstance(raw.value, float) and raw.formula
            else None,
        )
        if parsed.rule is not None:
            read.note = ValueNote(parsed.rule, parsed.found, parsed.expected)
    if cell_spec.is_total:
        expected, cells = expected_total(spec, placement, cell_spec.id, realigned)
        inserted = (placement.inserted_rows, placement.inserted_cols)
        read.total_state = total_state(raw, expected, cells, inserted)
        read.expected_formula = "=" + expected
    return read
