"""Fill cells of a workbook in LibreOffice through Python-UNO, as a person would in Calc.

Run with the system Python that has ``python3-uno`` (``/usr/bin/python3``), not
the project's virtual environment::

    /usr/bin/python3 uno_fill.py IN.xlsx OUT.xlsx EDITS.json REPORT.json

``EDITS.json``: ``[{"match": {"单位": "南区政府办", "规则": "A301"}, "set": {"处理意见": "已说明"}}]``
— every row whose cells under the ``match`` headers hold those texts gets the
``set`` values of the first edit that matches it. The workbook is saved as .xlsx by LibreOffice itself.
``REPORT.json`` records what LibreOffice saw: whether the sheet is protected,
which columns are locked, and the drop-down list of each column.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import uno  # type: ignore[import-not-found]
from uno_session import office_desktop, prop  # beside this script


def _sheet_report(sheet: object) -> dict[str, object]:
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    ncols = cursor.RangeAddress.EndColumn + 1
    headers = [sheet.getCellByPosition(c, 0).getString() for c in range(ncols)]
    locked: dict[str, bool] = {}
    lists: dict[str, list[str]] = {}
    for c, header in enumerate(headers):
        cell = sheet.getCellByPosition(c, 1)
        locked[header] = bool(cell.CellProtection.IsLocked)
        validation = cell.Validation
        if validation.Type == uno.Enum("com.sun.star.sheet.ValidationType", "LIST"):
            lists[header] = [
                part.strip().strip('"') for part in validation.getFormula1().split(";")
            ]
    return {"protected": bool(sheet.isProtected()), "locked": locked, "lists": lists}


def fill(source: Path, target: Path, edits: list[dict[str, dict[str, str]]]) -> dict[str, object]:
    with office_desktop() as desktop:
        doc = desktop.loadComponentFromURL(
            source.resolve().as_uri(), "_blank", 0, (prop("Hidden", True),)
        )
        sheet = doc.Sheets.getByIndex(0)
        report = _sheet_report(sheet)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        nrows = cursor.RangeAddress.EndRow + 1
        ncols = cursor.RangeAddress.EndColumn + 1
        headers = [sheet.getCellByPosition(c, 0).getString() for c in range(ncols)]
        filled = 0
        for row in range(1, nrows):
            texts = {h: sheet.getCellByPosition(c, row).getString() for c, h in enumerate(headers)}
            for edit in edits:
                if all(texts.get(h) == v for h, v in edit["match"].items()):
                    for header, value in edit["set"].items():
                        sheet.getCellByPosition(headers.index(header), row).setString(value)
                    filled += 1
                    break  # the first edit that matches a row is the one applied
        report["filled"] = filled
        doc.storeToURL(target.resolve().as_uri(), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        return report


if __name__ == "__main__":
    source, target, edits_file, report_file = map(Path, sys.argv[1:5])
    result = fill(source, target, json.loads(edits_file.read_text(encoding="utf-8")))
    report_file.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
