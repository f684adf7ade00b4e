"""Readers of published reports: small inline pages and texts through the real parsers."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.read.published.document import Document
from checker.read.published.html_reader import decode_page, read_html, read_mhtml
from checker.read.published.labels import match_label
from checker.read.published.text_reader import read_text
from checker.read.sniff import sniff

DATA = Path(__file__).resolve().parents[1] / "data"

PAGE = """<html><head><meta charset="{charset}"></head><body>
<p class=MsoNormal><span>某某镇2022年政府信息公开</span><span>工作年度报告</span></p>
<p>一、总体情况</p>
<table><tr><td rowspan=2 colspan=2>角</td><td>甲</td></tr>
<tr><td><p>自&nbsp;然&nbsp;人</p></td></tr>
<tr><td>规章</td><td>&nbsp;1&nbsp;</td><td>2<br>件</td></tr></table>
<p>五、存在的主要问题及改进情况</p></body></html>"""


def _cells(doc: Document) -> list[list[tuple[str, int, int]]]:
    return [[(c.text, c.row, c.col) for c in row] for row in doc.grids[0].rows]


@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb18030"])
def test_a_page_is_read_in_the_encoding_it_declares(charset: str) -> None:
    doc = read_html(PAGE.format(charset=charset).encode(charset))
    assert doc.paragraphs == [
        "某某镇2022年政府信息公开工作年度报告",
        "一、总体情况",
        "五、存在的主要问题及改进情况",
    ]
    # spans expanded: 自然人 starts in column 3 of row 2 (columns 1–2 are the merged corner)
    assert _cells(doc) == [
        [("角", 1, 1), ("甲", 1, 3)],
        [("自 然 人", 2, 3)],
        [("规章", 3, 1), ("1", 3, 2), ("2件", 3, 3)],
    ]


def test_an_undeclared_gbk_page_falls_back_to_gb18030() -> None:
    assert decode_page("年度报告".encode("gbk")) == "年度报告"


def test_a_web_archive_gives_its_html_part() -> None:
    html = PAGE.format(charset="utf-8").encode()
    import base64

    mhtml = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
        b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(html)
        + b"\r\n--B--\r\n"
    )
    doc = read_mhtml(mhtml)
    assert doc.paragraphs[0] == "某某镇2022年政府信息公开工作年度报告"
    assert len(doc.grids) == 1


def test_copied_text_one_cell_per_line() -> None:
    text = "标题\n\t信息内容\n\t本年新\n制作数量\n\n\t规章\n\t　0\n\n\n二、下一部分\n"
    doc = read_text(text.encode("utf-8"))
    assert doc.paragraphs == ["标题", "二、下一部分"]
    assert [[c.text for c in row] for row in doc.grids[0].rows] == [
        ["信息内容", "本年新 制作数量"],
        ["规章", "0"],
    ]


def test_copied_text_one_row_per_line() -> None:
    doc = read_text("规章\t1\t2\t3\n行政规范性文件\t0\t0\t0\n".encode("gb18030"))
    assert [[c.text for c in row] for row in doc.grids[0].rows] == [
        ["规章", "1", "2", "3"],
        ["行政规范性文件", "0", "0", "0"],
    ]


def test_the_example_report_is_read_completely() -> None:
    doc = read_text((DATA / "haibinjie-2020-report.txt").read_bytes())
    assert doc.paragraphs[0] == "海滨街2020年政府信息公开工作年度报告"
    assert len(doc.grids) == 3
    assert doc.paragraphs[-1].startswith("五是进一步做好政务公开资料建档工作")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.html", b"<!DOCTYPE html><html><body></body></html>", "html"),
        ("a.htm", b"<html><body></body></html>", "html"),
        ("a.xlsx", b"<html><body></body></html>", "unreadable"),  # an export: F004 as before
        ("a.mhtml", b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n", "mhtml"),
        ("a.pdf", b"%PDF-1.7\n", "pdf"),
        ("a.txt", "某某2020年政府信息公开工作年度报告\n".encode(), "text"),
        ("a.txt", b"a,b\n1,2\n", "csv"),
        ("a.csv", "年度报告,1\n".encode(), "csv"),
    ],
)
def test_published_files_are_recognised_by_content(
    tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert sniff(path).kind == kind


@pytest.mark.parametrize(
    ("text", "label", "how"),
    [
        ("自 然 人", "自然人", "exact"),
        ("(一)予以公开", "（一）予以公开", "exact"),
        ("先行有效件数", "现行有效件数", "variant"),
        ("本年废纸件数", "本年废止件数", "variant"),
        ("2.其他法律和行政法规禁止公开", "2.其他法律行政法规禁止公开", "variant"),
        ("规章(设区的市、自治州人民政府应提供相关数据)", "规章", "variant"),
        ("1.属于国家机密", "1.属于国家秘密", "close"),
    ],
)
def test_labels_match_tolerantly(text: str, label: str, how: str) -> None:
    candidates = [
        "自然人",
        "（一）予以公开",
        "现行有效件数",
        "本年废止件数",
        "2.其他法律行政法规禁止公开",
        "规章",
        "1.属于国家秘密",
    ]
    match = match_label(text, tuple(candidates))
    assert match is not None and (match.label, match.how) == (label, how)


def test_two_equally_close_labels_are_not_guessed() -> None:
    assert match_label("结果", ("结果维持", "结果纠正")) is None
    assert match_label("1.属于国家X密", ("1.属于国家秘密", "1.属于国家机密")) is None


def test_a_layout_table_around_the_report_is_not_a_report_table() -> None:
    page = (
        "<html><body><table><tr><td>首页 | 政务公开</td></tr><tr><td>"
        "<p>二〇二三年某某镇政府信息公开工作年度报告</p>"
        "<table><tr><td>规章</td><td>1</td></tr></table>"
        "<div style='display: none'><table><tr><td>隐藏</td></tr></table></div>"
        "</td></tr></table></body></html>"
    )
    doc = read_html(page.encode("utf-8"))
    assert len(doc.grids) == 1
    assert [[c.text for c in row] for row in doc.grids[0].rows] == [["规章", "1"]]
    assert "二〇二三年某某镇政府信息公开工作年度报告" in doc.paragraphs


def test_a_word_file_keeps_its_merges(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph("某某镇2022年政府信息公开工作年度报告")
    table = word.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "角"
    table.cell(0, 2).text = "甲"
    table.cell(1, 2).text = "乙"
    table.cell(2, 0).text = "规章"
    table.cell(2, 1).merge(table.cell(2, 2)).text = "5"
    word.add_paragraph("五、存在的主要问题及改进情况")
    path = tmp_path / "年报.docx"
    word.save(str(path))
    from checker.read.published.office import read_docx

    doc = read_docx(path)
    assert doc.paragraphs == [
        "某某镇2022年政府信息公开工作年度报告",
        "五、存在的主要问题及改进情况",
    ]
    assert _cells(doc) == [
        [("角", 1, 1), ("甲", 1, 3)],
        [("乙", 2, 3)],
        [("规章", 3, 1), ("5", 3, 2)],
    ]


def test_an_old_word_file_without_libreoffice_gets_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from checker import check_workbook

    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    path = tmp_path / "年报.doc"
    ole = bytearray(1024)
    ole[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    path.write_bytes(bytes(ole))
    from checker.read.published.extract import extract_published
    from checker.read.sniff import Sniffed

    result = extract_published(Sniffed(path, "doc", label="Word 97-2003 文档 (.doc)"))
    assert [f.rule for f in result.findings] == ["D703"]
    assert "LibreOffice" in result.findings[0].message
    assert check_workbook(path).status == "unreadable"
