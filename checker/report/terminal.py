"""The coloured terminal report (rich), a pure function of a Report.

The Console is injected so that tests capture it at a fixed width without
colour. Every string that may come from a workbook (paths, unit names, labels,
messages) goes into ``Text`` objects, never through console markup: a cell
may well contain ``[bold]``.
"""

from __future__ import annotations

import io
import os
import re
from typing import IO, TYPE_CHECKING

from rich.console import Console, Group
from rich.text import Text
from rich.theme import Theme

from checker.report.shown import shown_report
from checker.report.text import (
    BLANK,
    VERDICT_WORDS,
    by_sheet,
    decision_text,
    diff_lines,
    file_counts_text,
    location,
    skipped_summary_lines,
    summary_line,
)
from checker.results import SEVERITY_WORDS, FileReport, Finding, Report
from common.text_width import cells, wrap_cells

if TYPE_CHECKING:  # tables and panels are imported when drawn (not for --quiet on one file)
    from rich.panel import Panel
    from rich.table import Table

THEME = Theme(
    {
        "xxgk.error": "bold red",
        "xxgk.warning": "bold yellow",
        "xxgk.info": "cyan",
        "xxgk.pass": "bold green",
        "xxgk.fail": "bold red",
        "xxgk.unreadable": "bold magenta",
        "xxgk.key": "bold",
        "xxgk.sheet": "bold underline",
        "xxgk.where": "default",
        "xxgk.message": "default",
        "xxgk.diff": "dim",
        "xxgk.note": "italic",
        "xxgk.summary": "bold",
        "xxgk.decision": "bold cyan",
    }
)
ICONS = {"error": "✗", "warning": "⚠", "info": "ℹ"}
VERDICT_ICONS = {"pass": "✓", "fail": "✗", "unreadable": "✗"}


def make_console(
    file: IO[str] | None = None, *, no_color: bool = False, width: int | None = None
) -> Console:
    """A console for the report; markup and emoji codes are off (workbook text is data)."""
    return Console(
        file=file,
        theme=THEME,
        no_color=no_color,
        color_system=None if no_color else "auto",
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
    )


def render_terminal(
    report: Report,
    console: Console,
    *,
    quiet: bool = False,
    show_info: bool = False,
    all_details: bool = False,
) -> None:
    """Print the report: the summary, the roster, a table, the files' findings, the summary again.

    With several files the summary comes first and last (the last line is always the
    summary), the roster result comes before the details, and only the files that did not
    pass are listed in the table and in detail unless ``all_details``. Info findings (for the
    record) are counted but listed only with ``show_info``; the JSON report always holds them."""
    report = shown_report(report)
    several = len(report.files) > 1
    console.push_theme(THEME)
    try:
        for note in report.notes:
            console.print(wrapped(note, console.width, style="xxgk.note"))
        if several:
            console.print(wrapped(summary_line(report), console.width, style="xxgk.summary"))
        if report.roster is not None:
            from checker.report.roster_section import roster_renderable  # only with --roster

            console.print(roster_renderable(report.roster, console.width))
        if several:
            console.print(summary_table(report, console.width, all_files=all_details))
        if not quiet:
            for f in report.files:
                if several and not all_details and f.status == "pass":
                    continue
                console.print(file_panel(f, console.width))
                for renderable in file_findings(f, console.width, show_info=show_info):
                    console.print(renderable)
        for line in skipped_summary_lines(report, details_shown=not quiet):
            console.print(wrapped(line, console.width, style="xxgk.warning"))
        # the last line is always the summary
        console.print(wrapped(summary_line(report), console.width, style="xxgk.summary"))
    finally:
        console.pop_theme()


def render_terminal_text(
    report: Report,
    *,
    width: int = 100,
    quiet: bool = False,
    show_info: bool = False,
    all_details: bool = False,
) -> str:
    """The terminal layout as plain text (``--format terminal -o FILE``)."""
    sink = io.StringIO()
    console = Console(file=sink, width=width, color_system=None, markup=False, emoji=False)
    render_terminal(report, console, quiet=quiet, show_info=show_info, all_details=all_details)
    return sink.getvalue()


def wrapped(text: str, width: int, *, indent: str = "", style: str = "") -> Text:
    """Text broken into lines by terminal columns before rich sees it: breaks fall between
    Chinese characters or at spaces, never inside a file name, a rule id or a number."""
    lines = wrap_cells(text, max(width - cells(indent), 20))
    return Text("\n".join(indent + line for line in lines), style=style, overflow="fold")


def path_text(path: str, width: int) -> Text:
    """A path on as many lines as needed, broken only after a folder separator."""
    lines = [""]
    for part in re.split(r"(?<=[/\\])", path):
        if lines[-1] and cells(lines[-1]) + cells(part) > width:
            lines.append("")
        lines[-1] += part
    return Text("\n".join(lines), overflow="fold")


def short_name(name: str, width: int) -> str:
    """A file name that fits ``width`` columns: the middle left out, the extension kept."""
    if cells(name) <= width:
        return name
    stem, dot, ext = name.rpartition(".")
    tail = dot + ext if stem and len(ext) <= 5 else ""
    body = stem if tail else name
    keep = width - cells(tail) - 1
    head = ""
    for ch in body:
        if cells(head + ch) > keep * 2 // 3:
            break
        head += ch
    end = ""
    for ch in reversed(body):
        if cells(head + end + ch) > keep:
            break
        end = ch + end
    return f"{head}…{end}{tail}"


def _verdict(f: FileReport) -> Text:
    return Text(f"{VERDICT_ICONS[f.status]} {VERDICT_WORDS[f.status]}", style=f"xxgk.{f.status}")


def _short_paths(paths: list[str]) -> tuple[list[str], str]:
    """Paths relative to the folder they share (names stay readable in a narrow table)."""
    try:
        base = os.path.commonpath([os.path.dirname(p) for p in paths]) if paths else ""
    except ValueError:  # different drives on Windows
        base = ""
    if not base:
        return paths, ""
    return [os.path.relpath(p, base) for p in paths], base


def summary_table(report: Report, width: int = 100, *, all_files: bool = True) -> Table:
    """One line per file (without ``all_files`` only those that did not pass, and a count of
    the others); file names are shortened in the middle, never wrapped."""
    from rich import box
    from rich.table import Table

    files = [f for f in report.files if all_files or f.status != "pass"]
    passed = len(report.files) - len(files)
    names, base = _short_paths([f.path for f in files])
    rest = max(width - 30, 24)  # what the counts and the verdict leave
    room = max(rest * 3 // 5, 16)
    unit_room = max(rest - room, 8)  # a unit name is shortened in its middle, never wrapped
    names = [short_name(name, room) for name in names]
    notes = [f"文件位于 {base}"] if base else []
    if passed:
        notes.append(f"另有 {passed} 个文件通过，未逐一列出（加 --all-details 列出）")
    caption = "\n".join(notes) or None
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        caption=caption,
        caption_justify="left",
    )
    table.add_column("文件", no_wrap=True, min_width=min(max(map(cells, names), default=4), room))
    table.add_column("单位", no_wrap=True, min_width=8)
    table.add_column("错误", justify="right")
    table.add_column("警告", justify="right")
    table.add_column("结论")
    for f, name in zip(files, names, strict=True):
        counts = f.counts()
        table.add_row(
            Text(name),
            Text(short_name(f.unit, unit_room) if f.unit else BLANK),
            Text(str(counts["error"]), style="xxgk.error" if counts["error"] else ""),
            Text(str(counts["warning"]), style="xxgk.warning" if counts["warning"] else ""),
            _verdict(f),
        )
    return table


def file_panel(f: FileReport, width: int = 100) -> Panel:
    from rich import box
    from rich.panel import Panel
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="xxgk.key", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text("文件"), path_text(f.path, width - 12))
    grid.add_row(Text("单位"), Text(f.unit or BLANK))
    grid.add_row(Text("年度"), Text(str(f.year) if f.year else BLANK))
    grid.add_row(Text("格式"), Text(f.document or f.format or BLANK))
    verdict = _verdict(f)
    verdict.append(Text(f"（{file_counts_text(f)}）", style="default"))
    grid.add_row(Text("结论"), verdict)
    return Panel(grid, box=box.ROUNDED, border_style=f"xxgk.{f.status}", expand=True)


def file_findings(f: FileReport, width: int = 100, *, show_info: bool = True) -> list[Group | Text]:
    out: list[Group | Text] = []
    shown = [x for x in f.findings if show_info or x.severity != "info"]
    for sheet, findings in by_sheet(shown):
        out.append(Text(sheet or "文件", style="xxgk.sheet"))
        out.extend(finding_block(finding, width) for finding in findings)
    hidden = len(f.findings) - len(shown)
    if hidden:
        note = f"另有 {hidden} 条提示未列出（加 --show-info 显示；JSON 报告中都有）"
        out.append(wrapped(note, width, style="xxgk.note"))
    out.extend(wrapped(f"注：{note}", width, style="xxgk.note") for note in f.notes)
    out.extend(wrapped(s.text(), width, style="xxgk.warning") for s in f.skipped)
    if f.resubmission is not None:
        from checker.report.changes import change_lines  # only with --previous

        lines = change_lines(f.resubmission, indent="")
        out.append(wrapped(lines[0], width, style="xxgk.sheet"))
        out.extend(wrapped(line, width, indent="  ") for line in lines[1:])
    return out


def finding_block(f: Finding, width: int = 100) -> Group:
    from checker.registry import registry

    info = registry().get(f.rule)
    head = Text("  ")
    head.append(f"{ICONS[f.severity]} {f.rule}", style=f"xxgk.{f.severity}")
    head.append(f" {info.title if info else ''}", style=f"xxgk.{f.severity}")
    head.append(f"  {SEVERITY_WORDS[f.severity]}", style="xxgk.diff")
    if location(f):
        where = location(f)
        if cells(head.plain) + 2 + cells(where) > width:  # the place on a line of its own
            head.append("\n")
            head.append_text(wrapped(where, width, indent="      ", style="xxgk.where"))
        else:
            head.append(f"  {where}", style="xxgk.where")
    head.no_wrap = True
    lines: list[Text] = [head, wrapped(f.message, width, indent="      ", style="xxgk.message")]
    lines.extend(Text(f"      {line}", style="xxgk.diff") for line in diff_lines(f))
    if decision_text(f):
        lines.append(wrapped(decision_text(f), width, indent="      ", style="xxgk.decision"))
    return Group(*lines)
