"""Hostile rosters and registers (.xlsx) made at test time: a DTD, a zip bomb,
a declared dimension to the last cell of a sheet, a cell in the last row."""

from __future__ import annotations

import zipfile
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(
    rows: list[list[str]], dimension: str = "", prolog: str = "", extra_rows: str = ""
) -> str:
    cols = "ABCDEFGH"
    body = "".join(
        f'<row r="{r}">' + "".join(_cell(f"{cols[c]}{r}", t) for c, t in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, 1)
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0"?>{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main">{dim}<sheetData>{body}{extra_rows}</sheetData></worksheet>'
    )


ROWS = [["单位名称", "单位代码"], ["海滨街道办事处", "001"]]


def xlsx(target: Path, sheet: str, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return target


def hostile_rosters(folder: Path) -> dict[str, Path]:
    """Name → roster .xlsx; each must be refused (or read) with a clear message."""
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{"&lol%s;" % ("" if i == 1 else i - 1) * 10}">' for i in range(1, 9)
        )
        + "]>"
    )
    return {
        "dtd": xlsx(folder / "dtd.xlsx", sheet_xml(ROWS, prolog=laughs)),
        "dimension": xlsx(folder / "dimension.xlsx", sheet_xml(ROWS, dimension="A1:XFD1048576")),
        "last-row": xlsx(
            folder / "last-row.xlsx",
            sheet_xml(
                ROWS,
                dimension="A1:XFD1048576",
                extra_rows='<row r="1048576">' + _cell("XFD1048576", "x") + "</row>",
            ),
        ),  # fmt: skip
        "bomb": xlsx(
            folder / "bomb.xlsx",
            sheet_xml(ROWS, extra_rows="<row r='9'>" + " " * (300 * 1024 * 1024) + "</row>"),
        ),
    }
