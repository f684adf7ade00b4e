"""Reading .xls / WPS .et / .ods / .xlsb / .csv returns: values and labels only.

Offices sometimes save the return in an older or other format. python-calamine
reads the binary and OpenDocument formats, the csv module reads text exports
(UTF-8 or GBK). What comes back is the grid of values with merges and sheet
visibility; formulas, protection and the template's identification are not
available, and the finding built by ``legacy_finding`` says so.
"""

from __future__ import annotations

import csv
import datetime
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checker.findings import make_finding
from checker.read import limits
from checker.read.sniff import SAVE_AS, FileProblem, Sniffed
from checker.read.workbook import RawCell, RawSheet, RawWorkbook, SheetState
from checker.results import Finding
from declaration.identity import COVER_SHEET, META_SHEET
from declaration.layout import a1

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"F003", "F005", "F006", "F007", "F008", "F009", "F010"})

Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based)

_VISIBILITY = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}
SKIPPED_CHECKS = "总计公式完整性、工作表保护、模板标识（版本）"


class LegacyReadError(FileProblem):
    """A legacy file that cannot be read; ``str()`` is the Chinese reason."""

    def __init__(self, message: str, rule: str = "F003") -> None:
        super().__init__(rule, {"reason": message})


@dataclass
class LegacySheet:
    name: str
    state: str = "visible"  # "visible" | "hidden" | "veryHidden"
    cells: dict[tuple[int, int], object] = field(default_factory=dict)  # non-empty only
    merges: list[Merge] = field(default_factory=list)


@dataclass
class LegacyBook:
    path: Path
    kind: str
    label: str
    sheets: list[LegacySheet] = field(default_factory=list)
    long_texts: list[tuple[str, int, int, int]] = field(default_factory=list)  # sheet,r,c,len


def read_legacy(sniffed: Sniffed) -> LegacyBook:
    """Read a file that ``sniff`` classified as a legacy kind."""
    book = LegacyBook(sniffed.path, sniffed.kind, sniffed.label)
    try:
        if sniffed.kind == "csv":
            _read_csv(book)
        else:
            _read_calamine(book)
    except LegacyReadError:
        raise
    except limits.LimitExceeded as exc:
        raise LegacyReadError(str(exc), "F007") from exc
    except Exception as exc:  # calamine raises its own error types for bad files
        raise LegacyReadError(_calamine_reason(sniffed, exc)) from exc
    return book


def _calamine_reason(sniffed: Sniffed, exc: Exception) -> str:
    name = sniffed.path.name
    text = f"{type(exc).__name__}: {exc}"
    if "password" in text.lower() or "encrypt" in text.lower():
        return (
            f"文件“{name}”设置了密码（已加密），无法读取。"
            f"请填报单位另存一份不设密码的副本，并选择 {SAVE_AS} 后重新提交。"
        )
    return (
        f"文件“{name}”是{sniffed.label}，但内容已损坏，无法读取（{limits.clip_text(text)}）。"
        f"请用 Excel 或 WPS 打开后选择 {SAVE_AS}，重新提交 .xlsx 文件。"
    )


def _cell(book: LegacyBook, sheet: LegacySheet, row: int, col: int, value: object) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str) and len(value) > limits.MAX_CELL_CHARS:
        book.long_texts.append((sheet.name, row, col, len(value)))
        value = value[: limits.MAX_CELL_CHARS]
    if isinstance(value, float) and value.is_integer() and math.isfinite(value):
        value = int(value) if abs(value) < 2**53 else value
    sheet.cells[(row, col)] = value


def _read_calamine(book: LegacyBook) -> None:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(book.path))
    try:
        for meta in workbook.sheets_metadata:
            state = _VISIBILITY.get(str(meta.visible).rsplit(".", 1)[-1], "visible")
            sheet = LegacySheet(meta.name, state)
            source = workbook.get_sheet_by_name(meta.name)
            top, left = source.start or (0, 0)
            for r, values in enumerate(source.iter_rows()):
                if r >= limits.MAX_ROWS or len(sheet.cells) >= limits.MAX_LEGACY_CELLS:
                    break  # rows beyond the limits are never read
                for c, value in enumerate(values[: limits.MAX_COLS]):
                    _cell(book, sheet, top + r, left + c, value)
            sheet.merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in _merges(source)]
            book.sheets.append(sheet)
    finally:
        workbook.close()


def _merges(source: object) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    try:
        found = source.merged_cell_ranges  # type: ignore[attr-defined]
    except Exception:  # not every format carries merges
        return []
    return list(found or [])


def _decode_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LegacyReadError(
        f"文件“{name}”的文字编码无法识别（既不是 UTF-8 也不是 GBK）。"
        f"请用 Excel 或 WPS 打开原表格，选择 {SAVE_AS}，重新提交 .xlsx 文件。"
    )


def _read_csv(book: LegacyBook) -> None:
    data = book.path.read_bytes()  # bounded: sniff checked the size
    text = _decode_text(data, book.path.name)
    sample = text[:4096]
    delimiter = max((",", "\t", ";"), key=sample.count)
    csv.field_size_limit(limits.MAX_CELL_CHARS * 4)
    sheet = LegacySheet(book.path.stem)
    r = 0
    try:
        for r, values in enumerate(csv.reader(_lines(text), delimiter=delimiter)):
            if r >= limits.MAX_ROWS or len(sheet.cells) >= limits.MAX_LEGACY_CELLS:
                break
            for c, raw in enumerate(values[: limits.MAX_COLS]):
                _cell(book, sheet, r, c, _csv_value(raw))
    except csv.Error as exc:
        raise LegacyReadError(
            f"文件“{book.path.name}”第 {r + 1} 行无法按 CSV 读取（{exc}）。"
            f"请用 Excel 或 WPS 打开原表格，选择 {SAVE_AS}，重新提交 .xlsx 文件。"
        ) from exc
    book.sheets.append(sheet)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (``io.StringIO`` would hold a copy at four
    bytes a character: 120 MB for a 30 MB file)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _csv_value(raw: str) -> object:
    """Plain numbers become numbers, as a spreadsheet would show them; rest stays text."""
    text = raw.strip()
    try:
        number = float(text)
    except ValueError:
        return raw
    if not math.isfinite(number) or text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return raw
    return number


def legacy_finding(path: Path, label: str) -> Finding:
    """The warning that a legacy file was checked with fewer checks."""
    return make_finding(
        "F005", {"file": path.name, "found": label}, found=label, expected="Excel 工作簿 (.xlsx)"
    )


# -- into the reading stage's model -------------------------------------------------

_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)


@dataclass
class LegacyWorkbook(RawWorkbook):
    """A RawWorkbook read from a legacy file: values only, no formulas or protection."""

    kind: str = ""
    label: str = ""
    long_texts: list[tuple[str, int, int, int]] = field(default_factory=list)


def legacy_workbook(sniffed: Sniffed) -> LegacyWorkbook:
    """Read a legacy file into the same model as .xlsx (raises ``LegacyReadError``)."""
    book = read_legacy(sniffed)
    workbook = LegacyWorkbook(
        path=str(sniffed.path),
        sheet_names=[],
        sheet_states={},
        custom_properties={},
        kind=book.kind,
        label=book.label,
        long_texts=book.long_texts,
    )
    for sheet in book.sheets:
        cells = {pos: raw_cell(value) for pos, value in sheet.cells.items()}
        state: SheetState = sheet.state  # type: ignore[assignment]
        workbook.add_sheet(RawSheet(sheet.name, state, cells, list(sheet.merges)))
    return workbook


def raw_cell(value: object) -> RawCell:
    """A python-calamine / csv value as the .xlsx reader would have stored it."""
    if isinstance(value, bool):
        return RawCell(value, "b")
    if isinstance(value, int | float):
        return RawCell(float(value), "n")
    if isinstance(value, datetime.datetime | datetime.date):
        moment = (
            value
            if isinstance(value, datetime.datetime)
            else datetime.datetime(value.year, value.month, value.day)
        )
        return RawCell((moment - _EXCEL_EPOCH) / datetime.timedelta(days=1), "n", is_date=True)
    if isinstance(value, datetime.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return RawCell(seconds / 86400, "n", is_date=True)
    if isinstance(value, datetime.timedelta):
        return RawCell(value / datetime.timedelta(days=1), "n", is_date=True)
    return RawCell(str(value), "s")


# -- warnings about the file itself ------------------------------------------------

_STATE_NAMES = {"hidden": "隐藏", "veryHidden": "深度隐藏"}


def file_findings(workbook: RawWorkbook) -> list[Finding]:
    """F005/F006/F008/F009/F010 for a workbook that could be read.

    Call it before values are parsed: it also cuts cell texts longer than
    Excel's limit, so that no later message can carry a megabyte of text.
    """
    path = Path(workbook.path)
    findings: list[Finding] = []
    hidden = [
        (name, _STATE_NAMES[state])
        for name, state in workbook.sheet_states.items()
        if state in _STATE_NAMES and name != META_SHEET
    ]
    if isinstance(workbook, LegacyWorkbook):
        findings.append(legacy_finding(path, workbook.label))
        long_texts = workbook.long_texts
    else:
        if workbook.has_macros:
            findings.append(_macros(path))
        if workbook.external_links:
            findings.append(_links(path, workbook.external_links))
        long_texts = _cut_long_texts(workbook)
    if hidden:
        findings.append(_hidden(path, hidden))
    findings.extend(_long_text(path, *where) for where in long_texts)
    return findings


def _macros(path: Path) -> Finding:
    return make_finding("F006", {"file": path.name}, found="宏")


def _links(path: Path, targets: tuple[str, ...]) -> Finding:
    shown = "、".join(targets[:3]) + ("等" if len(targets) > 3 else "")
    return make_finding("F008", {"file": path.name, "found": shown}, found=shown)


def _hidden(path: Path, hidden: list[tuple[str, str]]) -> Finding:
    shown = "、".join(f"“{limits.clip_text(name)}”（{state}）" for name, state in hidden)
    return make_finding("F009", {"file": path.name, "found": shown}, found=shown)


def _long_text(path: Path, sheet: str, row: int, col: int, length: int) -> Finding:
    return make_finding(
        "F010",
        {"found": length, "expected": limits.MAX_CELL_CHARS},
        sheet=sheet,
        cell=a1(row, col),
        expected=limits.MAX_CELL_CHARS,
        found=length,
    )


def _read_sheets() -> frozenset[str]:
    """The sheets the checker reads: the cover and every table of every format."""
    from declaration.spec import all_specs

    return frozenset([COVER_SHEET, *(t.title for spec in all_specs() for t in spec.tables)])


def _cut_long_texts(workbook: RawWorkbook) -> list[tuple[str, int, int, int]]:
    found: list[tuple[str, int, int, int]] = []
    wanted = _read_sheets()
    for name in workbook.sheet_names:
        if name not in wanted:
            continue  # never parse a sheet the checker does not read
        sheet = workbook.sheet(name)
        if sheet.longest_text is not None and sheet.longest_text <= limits.MAX_CELL_CHARS:
            continue  # the reader knows: no text is that long
        for pos, cell in list(sheet.cells.items()):
            if isinstance(cell.value, str) and len(cell.value) > limits.MAX_CELL_CHARS:
                found.append((name, *pos, len(cell.value)))
                short = cell.value[: limits.MAX_CELL_CHARS]
                sheet.set_cell(*pos, RawCell(short, cell.type, cell.formula, cell.is_date))
    return found
