"""The meeting's workbooks on paper: LibreOffice prints them to PDF, pdfplumber reads the
words back. Nothing is cut at the page edge, and every row is tall enough for its
wrapped text: each row's full text is found in its printed column.

Expected before the run: the register of two A301 errors of one office (different
cells) and one P402 warning prints on one A4 landscape page, each 位置 whole and
different, 差额 1 and 3 beside the A301 rows; the roll-up's 汇总说明 of the 200-return
corpus prints its every line whole; its 问题清单 shows every message whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import Workbook, load_workbook

from checker.report.figures import finding_where
from checker.results import FileReport, Finding, Report
from declaration.spec import load_spec
from meeting.decisions import merge_decisions
from meeting.decisions_sheet import HEADERS, SHEET, read_register, write_register
from meeting.rollup_sheets import FINDINGS_SHEET, OVERVIEW_SHEET, write_rollup
from tests.meeting.conftest import Corpus
from tests.meeting.sample_reports import balance_finding, clean_values
from tests.support.libreoffice import convert
from tests.support.pdf import page_sizes

A4_LANDSCAPE = (842, 595)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _column_text(pdf: Path, header: str, next_header: str | None) -> str:
    """The words printed below ``header`` and left of ``next_header`` (the page's edge
    when None), in reading order, on every page (the header row repeats on each page)."""
    parts: list[str] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words(use_text_flow=False, keep_blank_chars=False)
            heads: dict[str, dict[str, float]] = {}
            for w in sorted(words, key=lambda w: w["top"]):
                heads.setdefault(w["text"], w)  # the header row: the first on the page
            if header not in heads or (next_header is not None and next_header not in heads):
                continue
            left = heads[header]["x0"] - 4
            right = heads[next_header]["x0"] - 2 if next_header is not None else page.width
            below = heads[header]["bottom"]
            # characters, not words: a right-aligned number touches the next column's text
            inside = [c for c in page.chars if left <= c["x0"] < right and c["top"] > below]
            parts += [c["text"] for c in sorted(inside, key=lambda c: (round(c["top"]), c["x0"]))]
    return _squeeze("".join(parts))


def _only_sheet(book: Path, sheet: str, target: Path) -> Path:
    """A copy with one sheet (LibreOffice prints hidden sheets that have a print area)."""
    wb = load_workbook(book)
    for other in list(wb.worksheets):
        if other.title != sheet:
            wb.remove(other)
    kept = wb[sheet]
    if kept.sheet_state != "visible":  # a sheet hidden from printing, printed whole on request
        kept.sheet_state = "visible"
        kept.print_area = None
    wb.save(target)
    return target


def _register_report() -> Report:
    spec = load_spec("2021")
    first = balance_finding()
    second = Finding(
        "A301",
        "error",
        "勾稽关系不成立：一 + 二 应等于 三(七) + 四",
        spec.table("t3").title,
        "J8",
        "一、本年新收政府信息公开申请数量",
        "总计",
        expected=9,
        found=6,
        difference=3.0,
    )
    warning = Finding(
        "P402",
        "warning",
        "（六）其他处理占比偏高：其他处理 12 件，占办理结果的 60%，请核实是否均按法定方式处理",
        spec.table("t3").title,
        "J29",
    )
    fr = FileReport(
        "回收/某某市第001区市场监督管理局综合执法支队.xlsx", "fail", "2021", "1.0.0", 2024,
        "某某市第001区市场监督管理局综合执法支队", findings=[first, second, warning],
        values=clean_values(),
    )  # fmt: skip
    return Report([fr])


def test_the_register_prints_every_place_whole_with_the_difference(tmp_path: Path) -> None:
    report = _register_report()
    merge = merge_decisions(report, [])
    register = tmp_path / "审核意见.xlsx"
    write_register(merge.rows, register)
    places = [finding_where(f) for f in report.files[0].findings]
    assert len(set(places)) == 3  # two A301 rows at different cells: different 位置
    [pdf] = convert([register], tmp_path / "pdf", target="pdf")
    assert page_sizes(pdf) == [A4_LANDSCAPE]
    printed = _column_text(pdf, "位置", "问题")
    for place in places:
        assert _squeeze(place) in printed, place
    messages = _column_text(pdf, "问题", "差额")
    for f in report.files[0].findings:
        assert _squeeze(f.message) in messages, f.message
    differences = _column_text(pdf, "差额", "本次核对")
    assert differences == "13"  # 1 and 3 beside the A301 rows, blank beside P402
    rows, notes = read_register(register)
    assert [r.difference for r in rows] == ["1", "3", ""] and notes == []


def test_an_old_register_without_the_difference_is_still_read(tmp_path: Path) -> None:
    old_headers = [h for h in HEADERS if h != "差额"]
    report = _register_report()
    merge = merge_decisions(report, [])
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(old_headers)
    for row in merge.rows:
        values = {h: getattr(row, a) for h, a, _ in _columns()}
        sheet.append([values[h] for h in old_headers])
    sheet.cell(2, old_headers.index("处理意见") + 1).value = "已说明"
    old = tmp_path / "旧审核意见.xlsx"
    wb.save(old)
    rows, notes = read_register(old)
    assert notes == [] and [r.difference for r in rows] == ["", "", ""]
    assert [r.choice for r in rows] == ["已说明", "待处理", "待处理"]
    again = merge_decisions(_register_report(), rows)
    assert [(r.choice, r.difference) for r in again.rows] == [
        ("已说明", "1"),
        ("待处理", "3"),
        ("待处理", ""),
    ]


def _columns() -> Sequence[tuple[str, str, float]]:
    from meeting.decisions_sheet import COLUMNS

    return COLUMNS


@pytest.fixture(scope="module")
def corpus_rollup(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print") / "汇总.xlsx"
    write_rollup(corpus.report, path)
    return path


def test_the_overview_of_200_returns_prints_every_line_whole(
    corpus_rollup: Path, tmp_path: Path
) -> None:
    sheet = load_workbook(corpus_rollup)[OVERVIEW_SHEET]
    lines = [sheet.cell(r, 1).value for r in range(2, 16)]  # the lines above the lists
    lines = [t for t in lines if isinstance(t, str) and len(t) > 20]
    assert any("已隐藏" in t for t in lines)  # the long note on the hidden sheet is among them
    assert any("列于本表下方，屏幕查看，不打印" in t for t in lines)
    reasons = [
        r[3] for r in sheet.iter_rows(values_only=True) if isinstance(r[3], str) and "报表" in r[3]
    ]
    only = _only_sheet(corpus_rollup, OVERVIEW_SHEET, tmp_path / "汇总说明.xlsx")
    [pdf] = convert([only], tmp_path / "pdf", target="pdf")
    sizes = page_sizes(pdf)
    # the coverage page: what is missing from the sum; the 154 offices in it are not printed
    assert sizes == [(595, 842)]
    with pdfplumber.open(pdf) as doc:
        printed = _squeeze("".join(page.extract_text() or "" for page in doc.pages))
    for line in lines:
        assert _squeeze(line) in printed, line
    assert reasons
    column = _column_text(pdf, "未计入原因", None)
    for reason in reasons:
        assert _squeeze(reason) in column, reason


def test_the_findings_list_prints_every_message_whole(corpus_rollup: Path, tmp_path: Path) -> None:
    sheet = load_workbook(corpus_rollup)[FINDINGS_SHEET]
    header = [c.value for c in sheet[1]]
    at = header.index("说明")
    messages = [r[at] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(messages) >= 40
    only = _only_sheet(corpus_rollup, FINDINGS_SHEET, tmp_path / "问题清单.xlsx")
    [pdf] = convert([only], tmp_path / "pdf", target="pdf")
    assert len(page_sizes(pdf)) <= 40
    printed = _column_text(pdf, "说明", "应为")
    missing = [m for m in messages if _squeeze(str(m)) not in printed]
    assert missing == []
