"""The D rules' registry examples as published reports (``recipe="page"``).

``tests/checker/test_rule_examples.py`` runs every rule's examples; an example
whose recipe is ``page`` is a 2021-format page (tests/published_unit/pages.py)
changed as ``args[0]`` names, written to a file and checked by the real readers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checker.registry.examples import Example
from checker.results import Finding
from tests.published_unit.pages import FEE_TEXT, SECTIONS, consistent_values, page

LONG = "我们坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。" * 12
FRESH = "本年度围绕重点领域信息公开重新梳理了目录，逐项核对了办理流程。" * 12
# a PDF page with no text on it, as a scanner's PDF is for a reader of text
EMPTY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _html(values: dict[str, Any] | None = None, **options: Any) -> str:
    narrative = options.pop("narrative", {5: FEE_TEXT})
    return page(values or consistent_values(), narrative=narrative, **options)


def _changed(change: str) -> str:
    """The page of a named change (see ``CHANGES``)."""
    values = consistent_values()
    if change == "count_unit":
        values["t2.licensing.decisions"] = "12笔"
    if change == "short_row":  # one of the row's seven numbers left out
        cell = "<td rowspan=1 colspan=1><p>0</p></td>"
        label = "<p>2.重复申请</p></td>"
        return _html(values).replace(label + cell, label, 1)
    return CHANGES[change](values)


CHANGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "clean": lambda v: _html(v),
    "count_unit": lambda v: _html(v),
    "no_tables": lambda v: "<html><body><p>某某镇召开政务公开工作会议</p></body></html>",
    "typo": lambda v: _html(v).replace("现行有效件数", "先行有效件数"),
    "no_rules_row": lambda v: _html(v).replace(
        "<tr><td rowspan=1 colspan=1><p>规章</p></td>", "<tr><td><p>删</p></td>"
    ),
    "no_table4": lambda v: _html(v, sections=SECTIONS[:3] + SECTIONS[4:]),
    "no_section6": lambda v: _html(v, sections=SECTIONS[:5]),
    "sections_swapped": lambda v: _html(
        v, sections=(SECTIONS[0], SECTIONS[1], SECTIONS[2], SECTIONS[4], SECTIONS[3], SECTIONS[5])
    ),
    "title_no_year": lambda v: _html(v, title="某某镇政府信息公开工作年度报告"),
    "figure_wrong": lambda v: _html(
        v, narrative={0: "本年共收到政府信息公开申请5件。", 5: FEE_TEXT}
    ),
    "figure_right": lambda v: _html(
        v, narrative={0: "本年共收到政府信息公开申请3件。", 5: FEE_TEXT}
    ),
    "no_fee": lambda v: _html(v, narrative={5: "无。"}),
    "mixed": lambda v: (
        _html(v)
        .replace("本年制发件数", "本年新制作数量")
        .replace("本年废止件数", "本年新公开数量")
        .replace("现行有效件数", "对外公开总数量")
        .replace("行政规范性文件", "规范性文件")
    ),
}


def published_findings(example: Example, folder: Path) -> list[Finding]:
    """Write the example's report (and last year's, if it has one) and check it."""
    from checker import check_workbook

    change = str(example.args[0])
    if change == "scan":
        path = folder / "年报.pdf"
        path.write_bytes(EMPTY_PDF)
        return check_workbook(path).findings
    if change == "doc_without_office":
        return _doc_without_office(folder)
    if change in ("repeat", "no_repeat", "copied", "not_copied"):
        return _against_last_year(folder, change)
    # a page without the report's tables named .html is a document sent instead of a
    # return (F011); under another name it is a page without report tables (D701)
    path = folder / ("新闻.shtml" if change == "no_tables" else "年报.html")
    path.write_text(_changed(change), encoding="utf-8")
    return check_workbook(path).findings


def _against_last_year(folder: Path, change: str) -> list[Finding]:
    from checker import PriorIndex, check_workbook
    from checker.prior import read_prior

    values = consistent_values()
    last = folder / "上年.html"
    last.write_text(_html(values, narrative={0: LONG, 5: FEE_TEXT}), encoding="utf-8")
    prior = read_prior(last)
    assert not isinstance(prior, str)
    this = dict(values)
    if change == "no_repeat":  # one more application, granted: every row of 三 changes
        for cell in ("new", "granted", "outcome_total"):
            this[f"t3.{cell}.natural"] = int(this[f"t3.{cell}.natural"]) + 1
            this[f"t3.{cell}.total"] = int(this[f"t3.{cell}.total"]) + 1
    text = FRESH if change == "not_copied" else LONG
    path = folder / "年报.html"
    path.write_text(_html(this, narrative={0: text, 5: FEE_TEXT}), encoding="utf-8")
    report = check_workbook(path, prior=PriorIndex.of_one(prior))
    return report.findings


def _doc_without_office(folder: Path) -> list[Finding]:
    """A .doc (binary Word) file on a machine without LibreOffice."""
    from checker.read.published.extract import extract_published
    from checker.read.sniff import Sniffed

    path = folder / "年报.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1016))
    saved = os.environ.get("PATH", "")
    os.environ["PATH"] = str(folder)  # no soffice here
    try:
        return extract_published(Sniffed(path, "doc", label="Word 97-2003 文档 (.doc)")).findings
    finally:
        os.environ["PATH"] = saved
