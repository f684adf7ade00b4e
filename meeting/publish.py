"""Tables ready to publish: 二, 三 and 四 of a passing return or of the roll-up.

The grid of every table comes from ``declaration.layout`` (``meeting.publish_tables``) — the same labels,
positions and merges as the template, verbatim from the spec — with the values
written as numbers people read (``5``, ``-15``, ``7433.99``). Grid positions that
hold neither a label nor a value stay blank, as in the official format. The
tables are written as a Word file (``meeting.publish_docx``) or as a web page
(escaped string building here), atomically.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from checker.results import FileReport
from common.html_text import html_text
from common.safe_output import atomic_output, write_text_atomic
from declaration.spec import load_spec
from meeting.publish_tables import (
    GridCell,
    Publication,
    PublishedTable,
    build_tables,
    document_title,
)
from meeting.rollup import Rollup

SUFFIXES = (".docx", ".html", ".htm")


class Refused(Exception):
    """The tables cannot be published (Chinese reason)."""


def refusal(fr: FileReport, strict: bool = False) -> str | None:
    """Why a return's tables cannot be published, or None (Chinese)."""
    if fr.status == "unreadable" or not fr.format:
        first = fr.findings[0].message if fr.findings else "无法识别格式"
        return f"报表无法读取（{first}）"
    counts = fr.counts()
    if fr.status != "pass":
        error = next((f for f in fr.findings if f.severity == "error"), None)
        where = ""
        if error is not None:
            place = f"{error.sheet} {error.cell} " if error.cell else ""
            where = f"：{place}{error.message}"
        return f"报表未通过校验（错误 {counts['error']} 条），改正后才能发布{where}"
    if strict and counts["warning"]:
        return f"使用 --strict 时有警告的报表不发布（警告 {counts['warning']} 条）"
    return None


def for_return(fr: FileReport, strict: bool = False) -> Publication:
    """The tables of one return; raises Refused when it did not pass."""
    reason = refusal(fr, strict)
    if reason is not None:
        raise Refused(reason)
    spec = load_spec(str(fr.format))
    return Publication(document_title(fr.unit, fr.year), build_tables(spec, fr.values))


INCOMPLETE_MARK = "（不完整）"


def for_rollup(plan: Rollup, region: str | None = None, final: bool = False) -> Publication:
    """The tables of the roll-up (the sum of the returns that went in). A roll-up that
    is not complete (an office missing or left out, or no roster to tell) is marked so
    in its title and says what it covers, unless ``final``: the user says it is."""
    if plan.spec is None or not plan.included:
        raise Refused(f"没有计入汇总的报表，无法发布汇总的表格（{plan.summary()}）")
    unit = region or f"汇总（{len(plan.included)} 个单位）"
    title = document_title(unit, plan.year)
    tables = build_tables(plan.spec, plan.values)
    if plan.complete or final:
        return Publication(title, tables)
    return Publication(title + INCOMPLETE_MARK, tables, tuple(plan.coverage()))


# -- the web page ---------------------------------------------------------------------

STYLE = """
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; margin: 2em; }
h1 { font-size: 20px; text-align: center; }
h2 { font-size: 16px; margin-top: 2em; }
table { border-collapse: collapse; margin: 0 auto; font-size: 13px; }
td, th { border: 1px solid #000; padding: 3px 6px; vertical-align: middle; }
th { font-weight: normal; text-align: center; }
td { text-align: right; }
th.row { text-align: left; }
@media print { h2 { break-before: page; } h2:first-of-type { break-before: auto; } }
"""


def _cell_html(cell: GridCell, tables_col0: int) -> str:
    attrs = ""
    if cell.last_row > cell.row:
        attrs += f' rowspan="{cell.last_row - cell.row + 1}"'
    if cell.last_col > cell.col:
        attrs += f' colspan="{cell.last_col - cell.col + 1}"'
    text = html_text(cell.text).replace("\n", "<br>")
    if not cell.header:
        return f"<td{attrs}>{text}</td>"
    klass = ' class="row"' if cell.col == tables_col0 and cell.last_col == cell.col else ""
    return f"<th{klass}{attrs}>{text}</th>"


def table_html(table: PublishedTable) -> str:
    """One table: a row per grid row, spans as in the official format, blanks as empty cells."""
    covered: set[tuple[int, int]] = set()
    starts = {(c.row, c.col): c for c in table.cells}
    for c in table.cells:
        covered |= {
            (r, k) for r in range(c.row, c.last_row + 1) for k in range(c.col, c.last_col + 1)
        }
    rows = []
    for r in range(table.rows):
        out = []
        for k in range(table.cols):
            if (r, k) in starts:
                out.append(_cell_html(starts[(r, k)], 0))
            elif (r, k) not in covered:
                out.append("<td></td>")
        rows.append("<tr>" + "".join(out) + "</tr>")
    return "<table>\n" + "\n".join(rows) + "\n</table>"


def render_html(pub: Publication) -> str:
    """A self-contained page: the title, then each table under its own heading."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{html_text(pub.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html_text(pub.title)}</h1>",
    ]
    parts += [f'<p class="note">{html_text(note)}</p>' for note in pub.notes]
    for table in pub.tables:
        parts.append(f"<h2>{html_text(table.title)}</h2>")
        parts.append(table_html(table))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_publication(
    pub: Publication, target: Path | str, protect: Iterable[Path | str] = ()
) -> None:
    """Write ``target`` (.docx or .html) atomically; never over an input."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix in (".html", ".htm"):
        write_text_atomic(target, render_html(pub), protect)
        return
    if suffix != ".docx":
        raise ValueError(f"发布的表格只能写成 .docx 或 .html 文件：{target}")
    from meeting.publish_docx import write_docx

    with atomic_output(target, protect) as tmp:
        write_docx(pub, tmp)
