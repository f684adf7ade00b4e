"""Annotated copies written straight into the package: read back by openpyxl and LibreOffice."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment

from checker.results import FileReport, Finding, Report
from declaration.layout import cell_a1
from declaration.spec import load_spec
from meeting.annotate import FILLS, annotate_returns
from template_builder.writer import build_template
from tests.meeting.sample_reports import balance_finding
from tests.support.libreoffice import convert


def _return(folder: Path, name: str = "东区.xlsx") -> Path:
    spec = load_spec("2021")
    return build_template(
        spec, year=2024, path=folder / name, unit="东区", values={"t3.new.natural": 5}
    )


def _report(path: Path, *findings: Finding) -> Report:
    return Report([FileReport(str(path), "fail", "2021", findings=list(findings))])


def test_written_without_openpyxl_and_read_back_by_it(tmp_path: Path) -> None:
    spec = load_spec("2021")
    source = _return(tmp_path)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    t3 = spec.table("t3").title
    hostile = Finding("P402", "warning", "<b>&\x07“引号”</b>", t3, "Z99")  # an unwritten cell
    result = annotate_returns(_report(source, balance_finding(), hostile), tmp_path / "out")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    [copy] = result.written
    with zipfile.ZipFile(copy.target) as z:
        names = z.namelist()
        assert any(n.startswith("xl/comments") for n in names)
        assert any(n.endswith(".vml") for n in names)
        # every part of the source is in the copy: nothing dropped
        assert set(zipfile.ZipFile(source).namelist()) <= set(names)
    wb = load_workbook(copy.target)
    sheet = wb[t3]
    cell = sheet[cell_a1(spec, "t3.new.natural")]
    assert cell.value == 5  # the value and the cell's own format are kept
    assert cell.number_format == "0"
    assert cell.comment is not None and cell.comment.text.startswith("[错误] A301")
    assert cell.fill.fill_type == "lightUp" and cell.fill.fgColor.rgb == "FF" + FILLS["error"]
    assert cell.border.left.style == "thick"
    far = sheet["Z99"]
    assert far.comment is not None and "<b>&“引号”</b>" in far.comment.text
    assert far.fill.fgColor.rgb == "FF" + FILLS["warning"]
    untouched = sheet[cell_a1(spec, "t3.new.commercial")]
    assert untouched.comment is None and untouched.fill.fgColor.rgb != "FF" + FILLS["error"]


def test_libreoffice_opens_the_copy_with_comments_and_fills(tmp_path: Path) -> None:
    spec = load_spec("2021")
    source = _return(tmp_path)
    result = annotate_returns(_report(source, balance_finding()), tmp_path / "out")
    [copy] = result.written
    [resaved] = convert([copy.target], tmp_path / "lo", "xlsx")
    wb = load_workbook(resaved)
    cell = wb[spec.table("t3").title][cell_a1(spec, "t3.new.natural")]
    assert cell.comment is not None and "A301" in cell.comment.text
    # LibreOffice keeps the thick border in the marking colour (the hatching it saves as a tint)
    assert str(cell.border.left.color.rgb).upper().endswith(FILLS["error"])


def test_a_sheet_that_already_has_comments_goes_through_openpyxl(tmp_path: Path) -> None:
    spec = load_spec("2021")
    source = _return(tmp_path)
    wb = load_workbook(source)
    t3 = spec.table("t3").title
    wb[t3]["Z1"].comment = Comment("办公室的说明", "东区")
    wb.save(source)
    result = annotate_returns(_report(source, balance_finding()), tmp_path / "out")
    [copy] = result.written
    back = load_workbook(copy.target)[t3]
    assert back["Z1"].comment is not None and back["Z1"].comment.text == "办公室的说明"
    assert back[cell_a1(spec, "t3.new.natural")].comment is not None
    from meeting.list_sheet import LIST_NAME

    assert load_workbook(copy.target)[LIST_NAME].print_title_rows == "$1:$1"


def test_many_copies_on_several_processes_are_the_same_as_one_by_one(tmp_path: Path) -> None:
    sources = [_return(tmp_path, f"单位{i:02d}.xlsx") for i in range(20)]
    report = Report(
        [FileReport(str(p), "fail", "2021", findings=[balance_finding()]) for p in sources]
    )
    one = annotate_returns(report, tmp_path / "one", jobs=1)
    two = annotate_returns(report, tmp_path / "two", jobs=2)
    assert [a.target.name for a in one.written] == [a.target.name for a in two.written]
    assert len(one.written) == 20 and one.skipped == [] == two.skipped
    for a, b in zip(one.written, two.written, strict=True):
        assert (a.cells, a.findings) == (b.cells, b.findings) == (1, 1)
