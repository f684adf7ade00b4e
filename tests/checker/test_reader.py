"""The stdlib .xlsx reader against files written by XlsxWriter, openpyxl, by hand
(shared formulas, rich text, inline strings, odd part names) and by LibreOffice."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from checker.read.extract import extract
from checker.read.workbook import ReadError
from checker.read.xlsx_reader import is_date_format, read_workbook, shift_formula
from declaration import identity as meta
from declaration.layout import cell_a1, parse_a1
from declaration.spec import load_spec
from tests.checker.conftest import HAIBINJIE_2020, make_return
from tests.support.libreoffice import recalc

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

HAND_SHEET = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">
<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>行内文字</t></is></c>
<c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#REF!</v></c></row>
<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c><c r="C2"><f t="shared" ref="C2:C4" si="0">A2+B2</f><v>3</v></c></row>
<row r="3"><c r="A3"><v>10</v></c><c r="B3"><v>20</v></c><c r="C3"><f t="shared" si="0"/><v>30</v></c></row>
<row r="4"><c r="A4"><v>5</v></c><c r="B4"><v>6</v></c><c r="C4"><f t="shared" si="0"/></c></row>
<row r="5"><c r="A5" s="1"><v>45293</v></c><c r="B5" s="2"><v>45293</v></c><c r="C5" s="3"><v>7</v></c>
<c r="D5" t="str"><f>"x"&amp;A1</f><v>x</v></c></row>
<row r="6"><c r="B6"><v>8</v></c></row>
</sheetData>
<sheetProtection sheet="1"/>
<mergeCells count="1"><mergeCell ref="A7:C8"/></mergeCells>
</worksheet>"""

HAND_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
    '<sheet name="第二张" sheetId="2" r:id="rB"/><sheet name="数据" sheetId="1" r:id="rA" state="hidden"/>'
    "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rA" Type="{RELS}/worksheet" Target="/xl/sheets/data.xml"/>'
    f'<Relationship Id="rB" Type="{RELS}/worksheet" Target="sheets/other.xml"/>'
    f'<Relationship Id="rS" Type="{RELS}/sharedStrings" Target="strings.xml"/>'
    f'<Relationship Id="rT" Type="{RELS}/styles" Target="styles.xml"/></Relationships>',
    "xl/strings.xml": f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><r><t>富</t></r><r><rPr/><t>文本</t></r>'
    "<rPh><t>フ</t></rPh></si></sst>",
    "xl/styles.xml": f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00&quot;days&quot;"/>'
    '</numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>',
    "xl/sheets/data.xml": HAND_SHEET,
    "xl/sheets/other.xml": f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData/></worksheet>',
    "docProps/custom.xml": '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="xxgk_format"><vt:lpwstr>2021</vt:lpwstr></property>'
    "</Properties>",
    "xl/vbaProject.bin": "",
    "xl/externalLinks/externalLink1.xml": "<externalLink/>",
}


def write_parts(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def test_hand_written_package(tmp_path: Path) -> None:
    wb = read_workbook(write_parts(tmp_path / "hand.xlsm", HAND_PARTS))
    assert wb.sheet_names == ["第二张", "数据"]
    assert wb.sheet_states == {"第二张": "visible", "数据": "hidden"}
    assert wb.custom_properties == {"xxgk_format": "2021"}
    assert wb.has_macros and wb.has_external_links
    sheet = wb.sheet("数据")
    cell = sheet.cells
    assert (cell[(0, 0)].value, cell[(0, 0)].type) == ("富文本", "s")
    assert (cell[(0, 1)].value, cell[(0, 2)].value) == ("行内文字", True)
    assert (cell[(0, 3)].type, cell[(0, 3)].value) == ("e", "#REF!")
    assert [cell[(r, 2)].formula for r in (1, 2, 3)] == ["A2+B2", "A3+B3", "A4+B4"]
    assert (cell[(2, 2)].cached, cell[(3, 2)].cached) == (30.0, None)
    assert [cell[(4, c)].is_date for c in range(3)] == [True, True, False]
    assert (cell[(4, 3)].value, cell[(4, 3)].formula) == ("x", '"x"&A1')
    assert sheet.protected and sheet.merges == [(6, 0, 7, 2)]
    assert sheet.merge_origin(7, 2) == (6, 0)
    assert wb.sheet("第二张").cells == {}


def test_template_return_from_xlsxwriter(tmp_path: Path) -> None:
    spec = load_spec("2019")
    wb = read_workbook(make_return(tmp_path, "2019", HAIBINJIE_2020, year=2020))
    assert wb.sheet_states[meta.META_SHEET] == "veryHidden"
    assert wb.custom_properties[meta.PROP_FORMAT] == "2019"
    t3 = wb.sheet(spec.table("t3").title)
    total = t3.cells[parse_a1(cell_a1(spec, "t3.new.total"))]
    assert (total.formula, total.cached) == ("SUM(D6:I6)", 4.0)
    assert t3.protected and (2, 0, 4, 2) in t3.merges


def test_openpyxl_written_file(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "表"
    ws["A1"] = "文字"
    ws["B2"] = 12
    ws["C3"] = "=B2*2"
    ws.merge_cells("A5:B6")
    book.save(tmp_path / "o.xlsx")
    sheet = read_workbook(tmp_path / "o.xlsx").sheet("表")
    assert sheet.text(0, 0) == "文字"
    assert sheet.cells[(1, 1)].value == 12.0
    assert (sheet.cells[(2, 2)].formula, sheet.cells[(2, 2)].cached) == ("B2*2", None)
    assert sheet.merges == [(4, 0, 5, 1)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "不是 Excel 工作簿"),
        (None, "不是 Excel 工作簿"),
    ],
)
def test_unreadable_files_raise_read_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "坏文件.xlsx"
    if content is None:
        write_parts(path, {"docProps/app.xml": "<x/>"})
    else:
        path.write_bytes(content)
    with pytest.raises(ReadError, match=message) as info:
        read_workbook(path)
    assert "坏文件.xlsx" in str(info.value)


def test_missing_file_and_corrupt_xml(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="找不到文件“无.xlsx”"):
        read_workbook(tmp_path / "无.xlsx")
    parts = dict(HAND_PARTS, **{"xl/sheets/data.xml": "<worksheet><sheetData>"})
    wb = read_workbook(write_parts(tmp_path / "c.xlsx", parts))
    with pytest.raises(ReadError, match="已损坏（xl/sheets/data.xml 无法解析）"):
        wb.sheet("数据")


def test_shift_formula_and_date_formats() -> None:
    assert (
        shift_formula("SUM(D6:I6)+$A$1+'x 1'!B2+\"C3\"", 2, 1) == "SUM(E8:J8)+$A$1+'x 1'!C4+\"C3\""
    )
    assert shift_formula("LOG10(A1)", 1, 0) == "LOG10(A2)"
    assert is_date_format('yyyy"年"m"月"') and is_date_format("[h]:mm")
    assert not is_date_format('0.00"days"') and not is_date_format("#,##0_);[Red](#,##0)")


def test_libreoffice_saved_return_reads_the_same(tmp_path: Path) -> None:
    """LibreOffice writes other shared strings, styles and formula markup."""
    values = dict(HAIBINJIE_2020, **{"t3.new.commercial": 2, "t3.granted.commercial": 2})
    paths = [
        make_return(tmp_path, "2019", values, year=2020, name="a2019.xlsx"),
        make_return(
            tmp_path, "2021", {"t3.new.natural": 3, "t3.granted.natural": 3}, name="b2021.xlsx"
        ),
    ]
    saved = recalc(paths, tmp_path / "lo")
    for original, resaved in zip(paths, saved, strict=True):
        before, after = extract(original), extract(resaved)
        assert after.unreadable is None
        assert (after.spec, after.identified_by, after.year, after.unit) == (
            before.spec,
            before.identified_by,
            before.year,
            before.unit,
        )
        assert {k: c.value for k, c in after.cells.items()} == {
            k: c.value for k, c in before.cells.items()
        }
        assert {k: c.total_state for k, c in after.cells.items()} == {
            k: c.total_state for k, c in before.cells.items()
        }
        assert [f.rule for f in after.findings] == [f.rule for f in before.findings] == []


def test_reading_is_fast(tmp_path: Path) -> None:
    path = make_return(tmp_path, "2021", {"t3.new.natural": 1, "t3.granted.natural": 1})
    extract(path)
    start = time.perf_counter()
    for _ in range(20):
        extract(path)
    per_file = (time.perf_counter() - start) / 20
    assert per_file < 0.05, f"{per_file * 1000:.1f} ms per return"


def test_ooxml_escapes_in_strings_are_decoded(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "escapes.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("表")
    sheet.write_string(0, 0, "_x0041_局")  # written as _x005F_x0041_局
    sheet.write_string(1, 0, "甲\r乙")  # a carriage return is written as _x000D_
    sheet.write_string(2, 0, "plain_x_text")
    book.close()
    cells = read_workbook(path).sheet("表")
    assert [cells.text(r, 0) for r in range(3)] == ["_x0041_局", "甲\r乙", "plain_x_text"]


def test_shared_cell_objects_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Equal cells share one object across the returns of a batch, within bounds."""
    from checker.read import xlsx_sheet

    xlsx_sheet.TEXT_CELLS.clear()
    xlsx_sheet.NUMBER_CELLS.clear()
    monkeypatch.setattr(xlsx_sheet.TEXT_CELLS, "size", 5)
    monkeypatch.setattr(xlsx_sheet.NUMBER_CELLS, "size", 2)
    assert xlsx_sheet.text_cell("甲") is xlsx_sheet.text_cell("甲")
    for i in range(12):
        xlsx_sheet.text_cell(f"单位{i}")
        assert len(xlsx_sheet.TEXT_CELLS) <= 5
    dates = (False, True)
    cells = xlsx_sheet.number_cells_for(dates)
    assert xlsx_sheet.number_cells_for(dates) is cells  # shared by workbooks of these styles
    monkeypatch.setattr(cells, "size", 5)
    for i in range(5):
        cells.put((str(i), None), xlsx_sheet.RawCell(float(i), "n"))
    cells.put(("5", None), xlsx_sheet.RawCell(5.0, "n"))
    assert len(cells) <= 5  # full: started again
    for n in range(6):
        xlsx_sheet.number_cells_for((True,) * n)
        assert len(xlsx_sheet.NUMBER_CELLS) <= 2
    xlsx_sheet.TEXT_CELLS.clear()
    xlsx_sheet.NUMBER_CELLS.clear()


def test_sheet_in_an_encoding_the_parser_cannot_read_is_a_chinese_read_error(
    tmp_path: Path,
) -> None:
    from checker import check_workbook

    good = make_return(tmp_path, "2019", HAIBINJIE_2020, year=2020)
    bad = tmp_path / "GBK声明.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":
                data = data.replace(b'encoding="UTF-8"', b'encoding="GBK"', 1)
                assert b'encoding="GBK"' in data
            dst.writestr(info, data)
    report = check_workbook(bad)
    assert report.status == "unreadable"
    assert [(f.rule, f.message) for f in report.findings] == [
        ("F001", "文件“GBK声明.xlsx”已损坏（xl/worksheets/sheet3.xml 无法解析）")
    ]
