"""The same reports as offices also send them: Word files and PDFs that LibreOffice
made from the pages, and the text a browser copies from them.

Real clients, not imitations: LibreOffice headless writes the .docx and .pdf (two
``soffice`` calls for all of them); headless Chromium renders each page and its
``document.body.innerText`` — what a select-all copy puts on the clipboard, with
tabs between cells and line breaks between rows — is saved as .txt (one Chromium
run for all pages; see ``clients``). A screenshot placed alone on a page and
exported by LibreOffice is a PDF without a text layer, as a scanned report is.
Each test skips when LibreOffice or Chromium is missing locally.
"""

from __future__ import annotations

import pytest

from checker import check_workbook
from tests.published import cases
from tests.published.cases import RULES, Case
from tests.published.conftest import CONVERTED, COPIED, Converted
from tests.published.test_pages import arithmetic, assert_values_read

BY_NAME = {c.name: c for c in cases.CONSISTENT + cases.ARITHMETIC_ERRORS}
EXAMPLES = [(kind, name) for kind in ("docx", "pdf") for name in CONVERTED]
EXAMPLES += [("txt", name) for name in COPIED]


def case_rules(case: Case) -> set[str]:
    return {rule for rule, _, _ in case.arithmetic}


@pytest.mark.parametrize(("kind", "name"), EXAMPLES, ids=[f"{k}-{n}" for k, n in EXAMPLES])
def test_converted_report_gives_the_same_verdict_as_the_page(
    kind: str, name: str, converted: Converted
) -> None:
    case: Case = BY_NAME[name]
    report = check_workbook(converted.path(kind, name))
    assert arithmetic(report) == case.arithmetic
    errors = [f"{f.rule} {f.message}" for f in report.findings if f.severity == "error"]
    assert [e for e in errors if e[:4] not in case_rules(case)] == []
    assert report.status == case.status
    assert (report.format, report.year, report.unit) == (
        case.page.fmt,
        case.page.year,
        case.page.unit,
    )
    assert_values_read(report, case)


def test_a_scanned_pdf_says_it_has_no_text_layer(converted: Converted) -> None:
    report = check_workbook(converted.path("pdf", "scan"))
    assert [f.rule for f in report.findings] == [RULES["no_text_layer"]]
    assert "没有文字层" in report.findings[0].message
    assert report.status in ("fail", "unreadable")
    assert report.values == {}
