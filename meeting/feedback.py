"""退回意见单: one printable A4 page per office whose return goes back (python-docx).

Each return with errors or warnings that still count (and each file that could
not be read) gets ``退回意见单-<单位>.docx``: the office, the round, the date and
the deadline, a table of its problems in plain words (where, what with the
numbers, how to fix, what the meeting decided), the note on resubmitting and the
signature lines. The sheet keeps to one page: rows beyond what fits are counted
in a closing line that points to the annotated copy and the register.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from checker.report.figures import office_name
from checker.results import FileReport, Report
from common.safe_names import free_name, safe_stem
from common.safe_output import InputGuard, atomic_output
from common.terminal_text import printable
from common.text_width import cells as display_width
from meeting.problems import HEADERS, Problem, needs_feedback, problems
from meeting.publish_docx import A4, east_asian

PREFIX = "退回意见单-"
TITLE = "退回意见单"
DEFAULT_ROUND = "第一轮"
NO_DEADLINE = "请尽快修改后重新报送"
MARGIN = Cm(1.6)
POINTS = 9
MAX_ROWS = 12  # rows a typical page holds; more are counted in a closing line
LINE_BUDGET = 44  # wrapped table lines (at POINTS) the page has room for
WIDTHS_CM = (1.1, 4.3, 5.7, 4.1, 2.6)  # 17.8 cm: A4 less the margins
RESUBMIT = "填表说明：请按上表逐项修改（已说明的问题无需修改），修改后请重新报送完整的报表文件；"
SIGNATURE = "审核人：________________　　联系电话：________________　　日期：______年____月____日"


@dataclass(frozen=True)
class Sheet:
    """What one 退回意见单 says."""

    office: str
    code: str
    file: str
    round: str
    date: dt.date
    deadline: dt.date | None
    rows: list[Problem]
    unreadable: str = ""  # why the file could not be read (Chinese), or ""


@dataclass
class FeedbackResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, Chinese reason)


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def sheet_of(fr: FileReport, round_label: str, today: dt.date, deadline: dt.date | None) -> Sheet:
    reason = ""
    if fr.status == "unreadable":
        why = "；".join(f.message for f in fr.findings if f.severity == "error")
        reason = printable(why or "文件无法打开")
    return Sheet(
        office=printable(office_name(fr)),
        code=printable(fr.code or ""),
        file=printable(Path(fr.path).name),
        round=round_label,
        date=today,
        deadline=deadline,
        rows=problems(fr),
        unreadable=reason,
    )


def _lines(problem: Problem) -> int:
    """Wrapped lines the row takes: its tallest cell (a CJK character is two units)."""
    texts = (problem.where, problem.message, problem.fix, problem.decision)
    widths = WIDTHS_CM[1:]
    per_cm = 2 * 10 / POINTS / 0.3528 * 0.95  # half-width units per cm at POINTS
    return max(
        sum(max(1, math.ceil(display_width(part) / (w * per_cm))) for part in text.split("\n"))
        for text, w in zip(texts, widths, strict=True)
    )


def rows_that_fit(rows: list[Problem], budget: int = LINE_BUDGET) -> int:
    """How many of ``rows`` the page holds (at most MAX_ROWS, at least one)."""
    used = 0
    for n, row in enumerate(rows[:MAX_ROWS]):
        used += _lines(row)
        if used > budget:
            return max(1, n)
    return min(len(rows), MAX_ROWS)


def _run(paragraph: Any, text: str, points: float, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(points)
    east_asian(run)


def _line(doc: Any, text: str, points: float = 10.5, *, bold: bool = False, center: bool = False,
          after: float = 2) -> Any:  # fmt: skip
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, points, bold)
    return paragraph


def _shade(cell: Any, color: str = "D9D9D9") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_text(cell: Any, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    for number, part in enumerate(text.split("\n")):
        if number:
            paragraph = cell.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, part, POINTS, bold)


def _table(doc: Any, rows: list[Problem]) -> None:
    grid = doc.add_table(rows=1 + len(rows), cols=len(HEADERS))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for k, column in enumerate(grid.columns):
        column.width = Cm(WIDTHS_CM[k])  # the grid: what LibreOffice and WPS lay out by
        for cell in column.cells:
            cell.width = Cm(WIDTHS_CM[k])
    for k, header in enumerate(HEADERS):
        _cell_text(grid.cell(0, k), header, bold=True)
        _shade(grid.cell(0, k))
    for n, row in enumerate(rows, 1):
        for k, text in enumerate(row.texts(n)):
            _cell_text(grid.cell(n, k), text)


def _heading(doc: Any, sheet: Sheet) -> None:
    _line(doc, TITLE, 18, bold=True, center=True, after=6)
    code = f"（单位代码 {sheet.code}）" if sheet.code else ""
    _line(doc, f"填报单位：{sheet.office}{code}")
    _line(doc, f"报送文件：{sheet.file}")
    deadline = f"截止日期：{chinese_date(sheet.deadline)}" if sheet.deadline else NO_DEADLINE
    _line(doc, f"审核轮次：{sheet.round}　　日期：{chinese_date(sheet.date)}")
    _line(doc, deadline, bold=True, after=6)


def _body(doc: Any, sheet: Sheet) -> None:
    if sheet.unreadable:
        _line(doc, f"报送的文件无法读取：{sheet.unreadable}", bold=True)
        _line(doc, "请检查文件后按官方模板重新报送（须为能正常打开的 .xlsx 文件）。", after=6)
    errors = sum(1 for r in sheet.rows if r.severity == "error")
    warnings = len(sheet.rows) - errors
    _line(doc, f"经审核，报表有错误 {errors} 条、警告 {warnings} 条，意见如下：", after=4)
    shown = rows_that_fit(sheet.rows)
    _table(doc, sheet.rows[:shown])
    if shown < len(sheet.rows):
        rest = len(sheet.rows) - shown
        _line(doc, f"另有 {rest} 条问题，见批注副本或审核意见表。", bold=True)


def _foot(doc: Any, sheet: Sheet) -> None:
    when = (
        f"请于{chinese_date(sheet.deadline)}前重新报送。" if sheet.deadline else NO_DEADLINE + "。"
    )
    _line(doc, "", after=2)
    _line(doc, RESUBMIT + when, 10, after=10)
    _line(doc, SIGNATURE, 10)


def write_sheet(sheet: Sheet, target: Path, protect: Iterable[Path] | InputGuard = ()) -> None:
    """One 退回意见单 as a .docx of one A4 page, written atomically."""
    doc = Document()
    east_asian(doc.styles["Normal"])
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    _heading(doc, sheet)
    _body(doc, sheet)
    _foot(doc, sheet)
    with atomic_output(target, protect) as tmp:
        doc.save(str(tmp))


def sheet_name(fr: FileReport, outdir: Path, taken: set[Path]) -> Path:
    """``退回意见单-<单位>.docx``, numbered ``-2``, ``-3`` … when the name is taken."""
    unit = fr.unit.strip() if fr.unit and fr.unit.strip() else Path(fr.path).stem
    return free_name(outdir, safe_stem(PREFIX + unit), ".docx", taken)


def write_feedback(
    report: Report,
    outdir: Path | str,
    *,
    round_label: str = DEFAULT_ROUND,
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> FeedbackResult:
    """A 退回意见单 for every return that goes back to its office, in ``outdir``."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    guard = InputGuard([fr.path for fr in report.files])
    taken = set(guard.paths)
    day = today or dt.date.today()
    result = FeedbackResult()
    for fr in report.files:
        if not needs_feedback(fr):
            continue
        target = sheet_name(fr, out, taken)
        taken.add(Path(os.path.realpath(target)))
        try:
            write_sheet(sheet_of(fr, round_label, day, deadline), target, guard)
        except OSError as exc:
            result.skipped.append((fr.path, str(exc)))
            continue
        result.written.append(target)
    return result
