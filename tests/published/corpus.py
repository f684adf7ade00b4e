"""Published reports generated from the spec, the way offices put them on their sites.

A report is the spec's tables (labels, merges and value positions from
``declaration.layout.sheet_layouts``) filled with values, between a title and the
six sections of narrative, written as Word-pasted HTML: ``MsoNormal`` paragraphs,
``<p>`` inside cells, ``&nbsp;`` padding, line breaks inside header cells and the
official merges (rowspan 22/8/5/3, colspan 2–4). Every variant seen in real pages
is an option of ``Page`` so that tests can combine them; nothing is a committed
binary. ``write_page`` writes .html (any declared encoding) or .mhtml.
"""

from __future__ import annotations

import html
import quopri
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from declaration.layout import FIRST_TABLE_ROW, SheetLayout, sheet_layouts
from declaration.spec import FormSpec, load_spec
from tests.published import narrative

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


@dataclass(frozen=True)
class Page:
    """How one published report is written; every field is a variant seen in real pages."""

    fmt: str = "2021"
    year: int = 2023
    unit: str = "海滨街道办事处"
    title_year: bool = True  # False: the year is missing from the title
    word_markup: bool = True  # MsoNormal, <p> in cells, padding; False: a plain CMS table
    split_labels: bool = False  # 自 然 人, （三） / 不予 公开 over two <p>
    t2_tables: str = "one"  # "one" table 二, or "blocks": one table per 第二十条 block
    t2_format: str | None = None  # table 二 of the other format (a mix of the two formats)
    t3_continued: bool = False  # table 三 split in two, the second part without its header
    fee_table: bool = False  # an extra 信息处理费 table between tables 三 and 四
    zero: str = "0"  # how a zero is written: "0", "" (blank cell)
    units: bool = False  # 2笔, 984361元, 152.2万元 inside cells
    omit_rows: tuple[str, ...] = ()  # row ids left out of the tables (e.g. "rules")
    typos: bool = False  # 钩稽, 先行有效件数, 本年废纸件数, 其他法律和行政法规, 3.其他 → 其他
    sections: tuple[int, ...] = (1, 2, 3, 4, 5, 6)  # which sections, in which order
    stated: Mapping[str, int] = field(default_factory=dict)  # figures the text states instead
    fee_statement: bool = True  # 2021: section 六 says whether 信息处理费 was charged
    seed: int = 1  # narrative wording; the same seed gives the same text
    encoding: str = "utf-8"  # declared in <meta charset> and used for the bytes
    container: str = "html"  # "html" or "mhtml" (Word's 网页，单个文件)

    def but(self, **changes: object) -> Page:
        return replace(self, **changes)  # type: ignore[arg-type]


def full_values(
    spec: FormSpec, inputs: Mapping[str, float], overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Every cell as published: totals computed from ``inputs``, then ``overrides`` typed in."""
    values = spec.compute_totals(inputs)
    values.update(overrides or {})
    return values


# -- tables -------------------------------------------------------------------------


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


def _fee_table_html(page: Page) -> str:
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


# -- the page ----------------------------------------------------------------------


def _para(text: str, page: Page, heading: bool = False) -> str:
    body = html.escape(text, quote=False)
    if not page.word_markup:
        return f"<p>{'<strong>' + body + '</strong>' if heading else body}</p>"
    if heading:
        return (
            '<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><b><span '
            f'style="font-size:16.0pt;font-family:黑体">{body}<span lang="EN-US"><o:p></o:p></span></span></b></p>'
        )
    return (
        '<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><span '
        f'style="font-size:16.0pt;font-family:仿宋_GB2312">{body}<span lang="EN-US"><o:p></o:p></span></span></p>'
    )


def _section(number: int, spec: FormSpec, values: Mapping[str, float], page: Page) -> list[str]:
    stated = {**narrative.figures(values), **page.stated}
    out = [_para(narrative.SECTIONS[number - 1], page, heading=True)]
    if number == 1:
        out += [_para(p, page) for p in narrative.overview(page.unit, page.year, stated, page.seed)]
    elif number == 2:
        out += tables_html(load_spec(page.t2_format or page.fmt), "t2", values, page)
    elif number == 3:
        out += tables_html(spec, "t3", values, page)
        if page.fee_table:
            out += [_para("附：信息处理费收取情况", page), _fee_table_html(page)]
    elif number == 4:
        out += tables_html(spec, "t4", values, page)
    elif number == 5:
        out += [_para(p, page) for p in narrative.problems(page.seed)]
    else:
        fee = 460.0 if page.fee_table else None
        if page.fee_statement:
            out += [_para(p, page) for p in narrative.other_matters(page.fmt, page.year, fee)]
        else:
            out += [_para("本年度无其他需要报告的事项。", page)]
    return out


def page_html(values: Mapping[str, float], page: Page) -> str:
    """The whole report as a Word-pasted HTML page (a str; see ``page_bytes``)."""
    spec = load_spec(page.fmt)
    title = narrative.title(page.unit, page.year if page.title_year else None)
    charset = page.encoding
    head = (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">\n'
        f'<head>\n<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        '<meta name="ProgId" content="Word.Document">\n<meta name="Generator" content="Microsoft Word 15">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>\np.MsoNormal{margin:0cm;text-align:justify;font-size:10.5pt;font-family:等线}\n"
        "table.MsoNormalTable{mso-style-name:普通表格}\n</style>\n</head>\n"
    )
    body = [
        '<body lang="ZH-CN" style="tab-interval:21.0pt">',
        '<div class="WordSection1">',
        '<p class="MsoNormal" align="center" style="text-align:center"><b><span '
        f'style="font-size:22.0pt;font-family:方正小标宋简体">{html.escape(title)}</span></b></p>',
        _para("发布机构：" + page.unit + "　　发布日期：" + f"{page.year + 1}-01-20", page),
    ]
    for number in page.sections:
        body += _section(number, spec, values, page)
    body += ["</div>", "</body>", "</html>"]
    return head + "\n".join(body) + "\n"


def page_bytes(values: Mapping[str, float], page: Page) -> bytes:
    """The page in its declared encoding, or wrapped as Word's 网页，单个文件 (.mhtml)."""
    data = page_html(values, page).encode(page.encoding, "xmlcharrefreplace")
    if page.container == "mhtml":
        return _mhtml(data, page.encoding)
    return data


def _mhtml(data: bytes, charset: str) -> bytes:
    boundary = "----=_NextPart_01DA1F2B.6C3E5A70"
    body = quopri.encodestring(data).decode("ascii")
    parts = [
        "MIME-Version: 1.0",
        f'Content-Type: multipart/related; boundary="{boundary}"',
        "",
        "此文档为“单个文件网页”，也称为“Web 档案”文件。".encode(charset).decode("latin-1"),
        "",
        f"--{boundary}",
        "Content-Location: file:///C:/A1B2C3D4/report.htm",
        "Content-Transfer-Encoding: quoted-printable",
        f'Content-Type: text/html; charset="{charset}"',
        "",
        body,
        "",
        f"--{boundary}",
        "Content-Location: file:///C:/A1B2C3D4/report.files/filelist.xml",
        "Content-Transfer-Encoding: quoted-printable",
        'Content-Type: text/xml; charset="utf-8"',
        "",
        '<xml xmlns:o=3D"urn:schemas-microsoft-com:office:office">',
        ' <o:MainFile HRef=3D"../report.htm"/>',
        "</xml>",
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(parts).encode("latin-1")


def write_page(path: Path, values: Mapping[str, float], page: Page) -> Path:
    """Write one published report; the suffix follows ``page.container``."""
    path.write_bytes(page_bytes(values, page))
    return path
