"""Annotated copies of returns: offending cells filled and commented.

Each return with errors or warnings is copied into the output folder as
"<name>（批注）.xlsx": every cell with findings gets a marking and one comment
listing them (rule id, title, message, the identity with its numbers). Findings
without a cell go into a comment on A1 of the first sheet, which also holds the
legend. The marking is a thick border and a hatched fill in a colour the
template never uses (its yellow input cells and red alerts stay what they are);
the comments print after each sheet; a last sheet 问题清单 lists the problems
with links to their cells and is the sheet shown on opening. Originals are only
read; copies of files that cannot be opened are not made, and the result says so.

The copy is written by ``meeting.annotate_package`` (only the parts that
change are rewritten); packages it does not handle go through openpyxl.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from checker.api import input_path, source_of
from checker.findings import capped
from checker.registry import registry
from checker.report.figures import identity_text
from checker.results import SEVERITY_WORDS, FileReport, Finding, Report
from common.parallel import parallel_map
from common.paths import DOCUMENT_SUFFIXES
from common.roster import safe_component
from common.safe_names import free_name
from common.safe_output import InputGuard, atomic_output
from common.terminal_text import has_unsafe, printable
from declaration.layout import parse_a1
from meeting.annotate_package import Package, Unsupported, apply_marks, merged_anchors
from meeting.comment_parts import Mark, box_height
from meeting.list_sheet import LINK_COLUMN, WIDTHS, Listing, listing, row_height
from meeting.problems import HEADERS, problems

SUFFIX = "（批注）"
AUTHOR = "check-workbook"
# the marking's colours: purple and teal, which the template never uses
# (template_builder.styles: yellow input cells, grey totals, light blue headers, red alerts)
FILLS: dict[str, str] = {"error": "7030A0", "warning": "008080"}
LEGEND = (
    "批注说明：审核中发现问题的单元格加了粗框和斜线底纹——紫色为错误（须修改），"
    "青色为警告（请核实，确有其事的请说明）；模板原有的浅黄色是填报单元格，与审核无关。"
    "每个问题的说明在该单元格的批注中，打印时附在各工作表之后；"
    "最后一张工作表“问题清单”列出全部问题，点击位置可跳到该单元格。"
)
ANNOTATED_SEVERITIES: tuple[str, ...] = ("error", "warning")  # info (blank cells) would flood
OPENABLE = (".xlsx", ".xlsm")
FILE_LEVEL = "（整个文件）"
# a copy costs what openpyxl needs for the whole workbook: bounded like reading
MAX_ANNOTATED_SHEETS = 64  # sheet parts (a template has eight)
MAX_ANNOTATED_BYTES = 8 * 1024 * 1024  # all parts inflated (a template: about 100 KB)
MAX_COMMENT_CHARS = 8000  # one comment (Excel's limit is 32,767)


@dataclass(frozen=True)
class Annotated:
    source: str
    target: Path
    cells: int
    findings: int


@dataclass
class AnnotateResult:
    written: list[Annotated] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, Chinese reason)

    def summary_lines(self) -> list[str]:
        lines = [
            f"已生成批注副本：{a.target}（{a.cells} 个单元格，{a.findings} 条问题）"
            for a in self.written
        ]
        lines += [f"未生成批注副本：{path}：{reason}" for path, reason in self.skipped]
        return lines


def comment_text(findings: list[Finding]) -> str:
    """One comment for all findings of a cell."""
    rules = registry()
    parts = []
    for f in findings:
        info = rules.get(f.rule)
        title = f" {info.title}" if info else ""
        text = f"[{SEVERITY_WORDS.get(f.severity, f.severity)}] {f.rule}{title}：{f.message}"
        identity = identity_text(f)
        parts.append(text + ("\n" + identity if identity else ""))
    return capped("\n\n".join(parts), MAX_COMMENT_CHARS)


def _worst(findings: list[Finding]) -> str:
    return "error" if any(f.severity == "error" for f in findings) else "warning"


def _anchor(sheet: Any, address: str) -> str:
    """The top-left cell of the merged range holding ``address`` (or itself; openpyxl)."""
    for merged in sheet.merged_cells.ranges:
        if address in merged:
            return str(merged.start_cell.coordinate)
    return address


Anchor = Callable[[str, str], str]  # (sheet, A1) -> A1 of the merged range's top-left cell


def _valid_a1(address: str) -> bool:
    try:
        row, col = parse_a1(address)
    except ValueError:
        return False
    return row >= 0 and col >= 0


def locate(
    sheets: Sequence[str], anchor: Anchor, findings: Iterable[Finding]
) -> tuple[dict[tuple[str, str], list[Finding]], list[Finding]]:
    """Findings keyed by (sheet, cell) of the workbook, and those without a cell."""
    located: dict[tuple[str, str], list[Finding]] = {}
    file_level: list[Finding] = []
    for f in findings:
        cells = [c for c in (f.cell, *f.cells) if c and _valid_a1(c)]
        if f.sheet in sheets and cells:
            # a finding over several cells (a column of typed-over totals, what a
            # deleted column shifted) marks each of them, with the one comment
            for cell in dict.fromkeys(c.replace("$", "").upper() for c in cells):
                located.setdefault((f.sheet, anchor(f.sheet, cell)), []).append(f)
        else:
            file_level.append(f)
    return located, file_level


def _mark(sheet: Any, address: str, text: str, severity: str | None) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Border, PatternFill, Side

    cell = sheet[address]
    text = printable(text)  # XML 1.0 has no place for ESC, U+000B, U+0001…
    comment = Comment(text, AUTHOR)
    comment.width = 420
    comment.height = box_height(text)
    cell.comment = comment
    sheet.page_setup.cellComments = "atEnd"  # the comments print after the sheet
    if severity is None:
        return
    color = FILLS[severity]
    cell.fill = PatternFill(fill_type="lightUp", start_color=color, end_color="FFFFFF")
    side = Side(style="thick", color=color)
    cell.border = Border(left=side, right=side, top=side, bottom=side)


def _list_sheet(wb: Any, table: Listing) -> None:
    """The 问题清单 sheet, last, shown on opening (openpyxl)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws = wb.create_sheet(table.name)
    ws.append(list(HEADERS))
    for texts in table.rows:
        ws.append([printable(t) for t in texts])
    for k, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(k)].width = width
    for n, texts in enumerate([HEADERS, *table.rows], 1):
        ws.row_dimensions[n].height = row_height(tuple(texts))
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", start_color="D9D9D9", end_color="D9D9D9")
    for n, where in enumerate(table.links, 2):
        if where:
            cell = ws.cell(n, LINK_COLUMN + 1)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=where)
            cell.font = Font(underline="single", color="0563C1")
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"  # the header on every printed page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    wb.active = ws
    ws.sheet_view.tabSelected = True


def _printable_cells(wb: Any) -> None:
    """Control characters in the copied cells (Excel stores ESC as ``_x001B_``;
    openpyxl reads it back as ESC but would write it raw, which no program can
    reopen) become visible symbols in the copy."""
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and has_unsafe(value):
                    cell.value = printable(value)
        for name in HEADERS_FOOTERS:
            item = getattr(sheet, name, None)
            for part in (getattr(item, p, None) for p in ("left", "center", "right")):
                if part is not None and isinstance(part.text, str) and has_unsafe(part.text):
                    part.text = printable(part.text)


_SHEET_ENTRY = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\b")
HEADERS_FOOTERS = (
    "oddHeader",
    "oddFooter",
    "evenHeader",
    "evenFooter",
    "firstHeader",
    "firstFooter",
)


def well_formed(path: Path) -> bool:
    """Does every XML part of the package at ``path`` parse (can it be reopened)?"""
    import zipfile
    from xml.etree.ElementTree import ParseError, XMLParser

    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels", ".vml")):
                parser = XMLParser()
                try:
                    parser.feed(archive.read(info))
                    parser.close()
                except ParseError:
                    return False
    return True


def output_name(source: Path, outdir: Path, taken: set[Path]) -> Path:
    """The copy's path in ``outdir``: ``<stem>（批注）.xlsx``, numbered when taken."""
    stem = safe_component(source.stem, max_chars=100)  # no control characters, reserved names
    return free_name(outdir, stem + SUFFIX, source.suffix.lower(), taken)


def plan_marks(
    findings: list[Finding], sheets: Sequence[str], anchor: Anchor
) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(comment text, worst severity) of every cell to mark, keyed by (sheet, A1).

    Findings without a cell go to A1 of the first sheet, and the legend after them
    (A1 is then marked only when it has findings: the severity is None otherwise).
    """
    located, file_level = locate(sheets, anchor, findings)
    marks: dict[tuple[str, str], tuple[str, str | None]] = {
        key: (comment_text(items), _worst(items)) for key, items in located.items()
    }
    key = (sheets[0], "A1")
    own, severity = marks.get(key, ("", None))
    if file_level:
        own = (own + "\n\n" if own else "") + FILE_LEVEL + "\n" + comment_text(file_level)
        severity = _worst(file_level + located.get(key, []))
    marks[key] = ((own + "\n\n" if own else "") + LEGEND, severity)
    return marks


def _marked(marks: Iterable[tuple[str, str | None]]) -> int:
    """Cells marked (the legend alone marks none)."""
    return sum(1 for _, severity in marks if severity is not None)


def annotate_file(fr: FileReport, target: Path, protect: Iterable[Path] | InputGuard) -> Annotated:
    """Write one annotated copy (raises on a file that cannot be opened)."""
    findings = [f for f in fr.findings if f.severity in ANNOTATED_SEVERITIES]
    with zipfile.ZipFile(source_of(fr)) as zf:
        try:
            pkg = Package(zf)
            marks = _package_marks(pkg, findings)
            apply_marks(pkg, marks, listing(problems(fr), list(pkg.sheets)))
        except Unsupported:
            return annotate_with_openpyxl(fr, target, protect)
        with atomic_output(target, protect) as tmp:
            pkg.write(tmp)
    cells = sum(1 for cells in marks.values() for m in cells.values() if m.color is not None)
    return Annotated(fr.path, target, cells, len(findings))


def _package_marks(pkg: Package, findings: list[Finding]) -> dict[str, dict[str, Mark]]:
    sheets = list(pkg.sheets)
    if not sheets:
        raise Unsupported("no worksheet")
    merges: dict[str, list[tuple[int, int, int, int, str]]] = {}

    def anchor(sheet: str, address: str) -> str:
        if sheet not in merges:
            merges[sheet] = merged_anchors(pkg.xml(pkg.sheets[sheet]))
        row, col = parse_a1(address)
        for r1, c1, r2, c2, first in merges[sheet]:
            if r1 <= row <= r2 and c1 <= col <= c2:
                return first
        return address

    out: dict[str, dict[str, Mark]] = {}
    for (sheet, address), (text, severity) in plan_marks(findings, sheets, anchor).items():
        color = FILLS[severity] if severity is not None else None
        out.setdefault(sheet, {})[address] = Mark(text, color)
    return out


def annotate_with_openpyxl(
    fr: FileReport, target: Path, protect: Iterable[Path] | InputGuard
) -> Annotated:
    """The same copy through openpyxl (slower; for packages the direct way does not handle)."""
    from openpyxl import load_workbook

    findings = [f for f in fr.findings if f.severity in ANNOTATED_SEVERITIES]
    wb = load_workbook(source_of(fr), keep_vba=Path(fr.path).suffix.lower() == ".xlsm")
    _printable_cells(wb)
    titles = [ws.title for ws in wb.worksheets]
    marks = plan_marks(findings, titles, lambda sheet, a: _anchor(wb[sheet], a))
    for (sheet, address), (text, severity) in marks.items():
        _mark(wb[sheet], address, text, severity)
    _list_sheet(wb, listing(problems(fr), titles))
    with atomic_output(target, protect) as tmp:
        wb.save(tmp)
        if not well_formed(tmp):  # never hand out a copy Excel would have to repair
            raise ValueError("副本中有无法写入的字符")
    return Annotated(fr.path, target, _marked(marks.values()), len(findings))


def _skip_reason(fr: FileReport) -> str | None:
    if fr.status == "unreadable":
        return "文件无法读取"
    if not any(f.severity in ANNOTATED_SEVERITIES for f in fr.findings):
        return None
    suffix = Path(fr.path).suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:  # a published report: its numbers can go into the template
        return f"{suffix} 文件无法加批注；可用 check-workbook 文件 --to-template 文件.xlsx 填入模板后再加批注"
    if suffix not in OPENABLE:
        return f"{Path(fr.path).suffix} 文件无法加批注，请另存为 .xlsx 后重新检查"
    try:
        return too_big_to_annotate(source_of(fr))
    except ValueError as exc:  # a member of an archive that cannot be read again
        return str(exc)


def too_big_to_annotate(path: Path | BinaryIO) -> str | None:
    """Why a copy of ``path`` would cost far more than checking it did (None: it
    would not). The copy is made by openpyxl, which holds every cell of every
    sheet as an object: a file within the reading limits may still hold 10,000
    sheet entries or megabytes of cells that a template never has."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            size = sum(i.file_size for i in infos)
            names = {i.filename for i in infos}
            book = archive.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return "无法打开文件加批注（不是有效的 .xlsx 压缩包）"
    parts = sum(1 for name in names if name.startswith("xl/worksheets/sheet"))
    sheets = max(parts, len(_SHEET_ENTRY.findall(book)))
    if sheets > MAX_ANNOTATED_SHEETS:
        return (
            f"文件有 {sheets} 张工作表，超过加批注的上限 {MAX_ANNOTATED_SHEETS} 张，未生成批注副本"
        )
    if size > MAX_ANNOTATED_BYTES:
        return (
            f"文件解压后达 {size / 1024 / 1024:.1f} MB，超过加批注的上限 "
            f"{MAX_ANNOTATED_BYTES // 1024 // 1024} MB，未生成批注副本"
        )
    return None


def _annotate_one(job: tuple[FileReport, Path]) -> Annotated | tuple[str, str]:
    """One copy, or (path, Chinese reason) when the file cannot be annotated (in a worker)."""
    fr, target = job
    try:
        return annotate_file(fr, target, ())  # the parent checked target against the inputs
    except Exception as exc:  # a file that cannot be opened must not stop the others
        return fr.path, f"无法打开文件加批注（{type(exc).__name__}：{exc}）"


def annotate_returns(
    report: Report,
    outdir: Path | str,
    protect: Iterable[Path | str] = (),
    *,
    jobs: int | None = None,
) -> AnnotateResult:
    """An annotated copy of every return with errors or warnings, in ``outdir``.

    Copies are written on ``jobs`` processes (default: every core) when there are many.
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)  # a bad folder is the user's error, not a file's
    inputs = [input_path(fr) for fr in report.files] + [Path(p) for p in protect]
    guard = InputGuard(inputs)
    taken = set(guard.paths)
    result = AnnotateResult()
    work: list[tuple[FileReport, Path]] = []
    for fr in report.files:
        reason = _skip_reason(fr)
        if reason is not None:
            result.skipped.append((fr.path, reason))
            continue
        if not any(f.severity in ANNOTATED_SEVERITIES for f in fr.findings):
            continue
        target = output_name(Path(fr.path), out, taken)
        taken.add(Path(os.path.realpath(target)))
        try:
            guard.refuse(target)
        except OSError as exc:
            result.skipped.append((fr.path, str(exc)))
            continue
        work.append((fr, target))
    for outcome in parallel_map(_annotate_one, work, jobs=jobs, label="生成批注副本"):
        if isinstance(outcome, Annotated):
            result.written.append(outcome)
        else:
            result.skipped.append(outcome)
    return result
