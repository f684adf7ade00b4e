"""What Excel never writes is refused or reported, and no input runs without bound.

``<v>`` numbers Excel would not write ("1_000", full-width or Arabic-Indic
digits) are not taken as numbers; a shared-string index out of range is an
error value on the cell; parts compressed with bzip2 or LZMA are refused; the
example report saved as .txt (it once made the column conversion loop
forever) finishes; helpers refuse impossible positions; a message quoting
10,000 hidden sheet names is capped and the annotated copy is not attempted.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from checker import check_workbook
from checker.read.xlsx_sheet import excel_number, shift_formula
from declaration.layout import a1, col_letter
from tests.robustness.hostile import T3_INPUT, T3_PART, cell, edited

DATA = Path(__file__).parents[1] / "data"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("1_000", "V210"),  # float() would take it: Excel never writes it
        ("１２", "V203"),  # full-width digits: read as text, reported with their value
        ("١٢", "V210"),  # Arabic-Indic digits: not a number here
        ("12", None),  # the passing example
    ],
)
def test_numbers_only_as_excel_writes_them(
    clean_return: Path, tmp_path: Path, text: str, rule: str | None
) -> None:
    target = edited(
        clean_return,
        tmp_path / "n.xlsx",
        {T3_PART: cell(T3_INPUT, f'<c r="{T3_INPUT}" s="12"><v>{text}</v></c>')},
    )
    report = check_workbook(target)
    at_cell = [f.rule for f in report.findings if f.cell == T3_INPUT and f.rule.startswith("V")]
    assert at_cell == ([rule] if rule else [])
    if rule is None:
        assert report.values["t3.new.natural"] == 12


def test_excel_number_accepts_only_ascii_digits() -> None:
    assert excel_number("1.5E+3") == 1500.0 and excel_number("-0.25") == -0.25
    assert excel_number("1_000") is None and excel_number("１２") is None
    assert excel_number("٣") is None and excel_number("") is None


def test_a_missing_shared_string_is_an_error_on_the_cell(
    clean_return: Path, tmp_path: Path
) -> None:
    target = edited(
        clean_return,
        tmp_path / "s.xlsx",
        {T3_PART: cell(T3_INPUT, f'<c r="{T3_INPUT}" s="12" t="s"><v>99999</v></c>')},
    )
    report = check_workbook(target)
    (found,) = [f for f in report.findings if f.cell == T3_INPUT and f.rule.startswith("V")]
    assert found.rule == "V214" and "不存在的共享文字" in found.message
    assert report.status == "fail"


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_parts_compressed_as_excel_never_does_are_refused(
    clean_return: Path, tmp_path: Path, method: int
) -> None:
    target = edited(clean_return, tmp_path / "c.xlsx", {}, compression=method)
    report = check_workbook(target)
    assert report.status == "unreadable"
    (finding,) = report.findings
    assert finding.rule == "F001" and "压缩方式" in finding.message and "c.xlsx" in finding.message


def test_the_example_report_read_as_csv_finishes(tmp_path: Path) -> None:
    """Read as CSV, its labels realign a table left of column A: a position that
    cannot be (the column conversion looped forever on it)."""
    target = tmp_path / "报告.csv"
    target.write_bytes((DATA / "haibinjie-2020-report.txt").read_bytes())
    report = check_workbook(target)
    assert report.status == "fail" and len(report.findings) > 10
    assert all(f.cell == "" or f.cell[0].isalpha() for f in report.findings)


def test_helpers_refuse_impossible_positions() -> None:
    with pytest.raises(ValueError):
        col_letter(-1)
    with pytest.raises(ValueError):
        col_letter(16_384)
    with pytest.raises(ValueError):
        a1(-1, 0)
    assert col_letter(16_383) == "XFD" and a1(1_048_575, 0) == "A1048576"
    assert shift_formula("A1+B2", -5, 0) == "#REF!+#REF!"  # moved off the grid
    assert shift_formula("$A$1+XFD1", 0, 1) == "$A$1+#REF!"


def test_ten_thousand_hidden_sheets(clean_return: Path, tmp_path: Path) -> None:
    extra = "".join(
        f'<sheet name="隐藏{n}" sheetId="{n + 100}" state="hidden" r:id="rId3"/>'
        for n in range(10_000)
    )
    folder = tmp_path / "回收"
    folder.mkdir()
    target = edited(
        clean_return,
        folder / "多.xlsx",
        {"xl/workbook.xml": lambda d: d.replace(b"</sheets>", extra.encode() + b"</sheets>")},
    )
    report = check_workbook(target)
    (hidden,) = [f for f in report.findings if f.rule == "F009"]
    assert len(hidden.message) < 1100 and "其余从略" in hidden.message
    from checker.results import Report
    from meeting.annotate import annotate_returns

    result = annotate_returns(Report(files=[report]), tmp_path / "批注")
    assert not result.written
    ((path, reason),) = result.skipped
    assert "超过加批注的上限" in reason


def test_findings_of_one_rule_are_listed_at_most_a_hundred_times() -> None:
    from checker.check import MAX_PER_RULE, check_extraction, extraction_from_values
    from checker.findings import finding
    from declaration.spec import load_spec

    spec = load_spec("2021")
    extraction = extraction_from_values(spec, {})
    extraction.findings.extend(
        finding("S104", sheet="表", cell=f"A{n}", prefix="", what="行", found=f"多余{n}")
        for n in range(1, 301)
    )
    report = check_extraction(extraction)
    assert [f.rule for f in report.findings].count("S104") == MAX_PER_RULE
    assert any("S104 另有 200 条问题未逐条列出" in note for note in report.notes)


def test_an_ods_repeating_a_value_a_million_times_is_refused(tmp_path: Path) -> None:
    """A few hundred bytes declaring 16 million cells with a value (the reader took 1 GB)."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body>'
        '<office:spreadsheet><table:table table:name="S">'
        '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16" office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    target = tmp_path / "重复.ods"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    report = check_workbook(target)
    (finding,) = report.findings
    assert (
        finding.rule == "F007"
        and "重复.ods" in finding.message
        and "重复上百万次" in finding.message
    )
