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
from collections.abc import Mapping
from pathlib import Path

from declaration.samples.pages import narrative
from declaration.samples.pages.tables import fee_table_html, tables_html
from declaration.samples.pages.variants import Page
from declaration.spec import FormSpec, load_spec


def full_values(
    spec: FormSpec, inputs: Mapping[str, float], overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Every cell as published: totals computed from ``inputs``, then ``overrides`` typed in."""
    values = spec.compute_totals(inputs)
    values.update(overrides or {})
    return values


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
            out += [_para("附：信息处理费收取情况", page), fee_table_html(page)]
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
