"""The tables of a generated published report, as Word pastes them into a page.

Labels, merges and value positions come from ``declaration.layout.sheet_layouts``;
the variants (typos, labels split over several ``<p>``, units, blank zeros, rows
left out, tables split or continued without their header) are the ``Page`` options.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from declaration.layout import FIRST_TABLE_ROW, SheetLayout, sheet_layouts
from declaration.spec import FormSpec

if TYPE_CHECKING:
    from declaration.samples.pages.variants import Page

# label typos and variants seen in real reports (official label → as published)
TYPOS: Mapping[str, str] = {
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）": (
        "（本列数据的钩稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    ),
    "现行有效件数": "先行有效件数",
    "本年废止件数": "本年废纸件数",
    "2.其他法律行政法规禁止公开": "2.其他法律和行政法规禁止公开",
    "3.其他": "其他",
}
# labels published split over several <p> or spaced out
SPLIT: Mapping[str, tuple[str, ...]] = {
    "自然人": ("自 然 人",),
    "总计": ("总  计",),
    "（三）不予公开": ("（三）", "不予 公开"),
    "（四）无法提供": ("（四）", "无法提供"),
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": (
        "（二）部分公开",
        "（区分处理的，只计这一情形，不计其他情形）",
    ),
    "法人或其他组织": ("法人或", "其他组织"),
}
# header cells Word wraps onto two lines
BREAKS: Mapping[str, str] = {
    "本年新制作数量": "本年新<br>制作数量",
    "本年新公开数量": "本年新<br>公开数量",
    "商业企业": "商业<br>企业",
    "科研机构": "科研<br>机构",
}
_PADS = ("&nbsp;{}", "{}&nbsp;", "\u3000{}", "{}", "&nbsp;{}&nbsp;")
FEE_TABLE = (
    ("收费项目", "收费标准", "件数", "金额（元）"),
    ("按件计收", "100元/件", "3", "300"),
    ("按量计收", "10元/页", "2", "160"),
)


@dataclass
class _Cell:
    row: int
    col: int
    last_row: int
    last_col: int
    html: str
    label: bool


def _label_html(text: str, page: Page) -> str:
    if page.typos:
        text = TYPOS.get(text, text)
    parts = SPLIT[text] if page.split_labels and text in SPLIT else (text,)
    escaped = [BREAKS.get(p, html.escape(p, quote=False)) for p in parts]
    if not page.word_markup:
        return "<br>".join(escaped)
    return "".join(
        f'<p class="MsoNormal" align="center" style="text-align:center"><span '
        f'style="font-size:10.5pt;font-family:宋体">{p}<o:p></o:p></span></p>'
        for p in escaped
    )


def format_value(cell_id: str, value: float | None, page: Page, kind: str) -> str:
    """A value as the office typed it (zero as configured, units when asked)."""
    if value is None or (value == 0 and page.zero != "0"):
        return page.zero
    text = f"{value:g}" if kind == "amount" else str(int(value))
    if kind == "amount" and page.odd_precision:
        text = f"{value:.6f}"
    if kind == "signed" and page.signed_text and value:
        text = f"+{int(value)}" if value > 0 else f"减{-int(value)}"
    if page.units:
        if cell_id == "t2.fees.amount" and page.fmt == "2021":
            text = f"{round(value * 10000)}元"  # yuan in a 万元 column
        elif kind == "amount":
            text += "万元"
        elif cell_id.startswith("t2.") and cell_id.endswith("decisions"):
            text += "笔"
    return text


def _value_html(text: str, cell_id: str, page: Page) -> str:
    if not page.word_markup:
        return html.escape(text)
    pad = _PADS[sum(map(ord, cell_id)) % len(_PADS)] if text else "{}"
    inner = pad.format(html.escape(text)) if text else "&nbsp;"
    return (
        f'<p class="MsoNormal" align="center" style="text-align:center"><span lang="EN-US" '
        f'style="font-size:10.5pt">{inner}<o:p></o:p></span></p>'
    )


def _cells(
    spec: FormSpec, layout: SheetLayout, values: Mapping[str, float], page: Page
) -> list[_Cell]:
    cells = [
        _Cell(lab.row, lab.col, lab.last_row, lab.last_col, _label_html(lab.text, page), True)
        for lab in layout.labels
    ]
    for cell_id, pos in layout.values.items():
        text = format_value(cell_id, values.get(cell_id), page, spec.cells[cell_id].kind)
        cells.append(
            _Cell(pos.row, pos.col, pos.row, pos.last_col, _value_html(text, cell_id, page), False)
        )
    return cells


def _omitted_rows(layout: SheetLayout, row_ids: Sequence[str]) -> set[int]:
    rows: set[int] = set()
    for block in layout.blocks:
        first = block.data_rows[0]
        rows.update(first + i for i, rid in enumerate(block.row_ids) if rid in row_ids)
    return rows


def _segment(cells: list[_Cell], rows: Sequence[int], omitted: set[int]) -> list[list[_Cell]]:
    """The cells of one published table holding ``rows`` less the ``omitted`` ones:
    merges are clipped to it, and a merged label continued from an earlier
    table is an empty cell, as Word splits a table."""
    kept_rows = [r for r in rows if r not in omitted]
    index = {r: i for i, r in enumerate(kept_rows)}
    out: list[list[_Cell]] = [[] for _ in kept_rows]
    for cell in cells:
        kept = [r for r in range(cell.row, cell.last_row + 1) if r in index]
        if not kept:
            continue
        text = cell.html if rows[0] <= cell.row <= rows[-1] else ""
        clipped = _Cell(index[kept[0]], cell.col, index[kept[-1]], cell.last_col, text, cell.label)
        out[clipped.row].append(clipped)
    for row in out:
        row.sort(key=lambda c: c.col)
    return out


def column_widths(table: str, count: int) -> list[int]:
    """Column widths in px as Word sets them on A4 portrait: label columns wide
    enough for their labels, value columns for a few digits (a number never wraps)."""
    if table == "t3":
        return [56, 76, 150] + [46] * (count - 3)
    if table == "t2":
        return [150] + [135] * (count - 1)
    return [max(40, 600 // count)] * count


def _table_html(rows: list[list[_Cell]], page: Page, widths: Sequence[int]) -> str:
    attrs = (
        ' class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
        f'width="{sum(widths)}" style="width:{sum(widths) * 3 // 4}pt;border-collapse:collapse;border:none"'
        if page.word_markup
        else f' border="1" width="{sum(widths)}"'
    )
    out = [f"<table{attrs}>", "<tbody>"]
    for row in rows:
        out.append('<tr style="height:20.0pt">' if page.word_markup else "<tr>")
        for c in row:
            span = ""
            if c.last_row > c.row:
                span += f' rowspan="{c.last_row - c.row + 1}"'
            if c.last_col > c.col:
                span += f' colspan="{c.last_col - c.col + 1}"'
            width = sum(widths[c.col : c.last_col + 1])
            style = (
                f' width="{width}" valign="middle" style="width:{width * 3 // 4}pt;'
                'border:solid windowtext 1.0pt;padding:0cm 1.4pt"'
                if page.word_markup
                else f' width="{width}"'
            )
            body = c.html or ('<p class="MsoNormal">&nbsp;</p>' if page.word_markup else "")
            out.append(f"<td{span}{style}>{body}</td>")
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def tables_html(spec: FormSpec, table: str, values: Mapping[str, float], page: Page) -> list[str]:
    """Table ``table`` as one or several published tables (split as ``page`` says)."""
    layout = sheet_layouts(spec)[table]
    cells = _cells(spec, layout, values, page)
    omitted = _omitted_rows(layout, page.omit_rows)
    segments: list[list[int]] = [list(range(FIRST_TABLE_ROW, layout.last_row + 1))]
    if table == "t2" and page.t2_tables == "blocks":
        segments = [list(range(b.first_row, b.data_rows[1] + 1)) for b in layout.blocks]
    if table == "t3" and page.t3_continued:
        first_row = layout.blocks[0].data_rows[0]
        split = first_row + layout.blocks[0].row_ids.index("declined_petition")
        segments = [
            list(range(FIRST_TABLE_ROW, split)),
            list(range(split, layout.last_row + 1)),
        ]
    widths = column_widths(table, layout.width)
    return [_table_html(_segment(cells, rows, omitted), page, widths) for rows in segments]


def fee_table_html(page: Page) -> str:
    rows = [
        [
            _Cell(
                0,
                c,
                0,
                c,
                _label_html(t, page) if r == 0 else _value_html(t, f"fee{r}{c}", page),
                r == 0,
            )
            for c, t in enumerate(line)
        ]
        for r, line in enumerate(FEE_TABLE)
    ]
    return _table_html(rows, page, [150] * len(FEE_TABLE[0]))
