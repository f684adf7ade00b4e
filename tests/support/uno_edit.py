"""Edit workbooks in LibreOffice through Python-UNO, as an office does in Excel.

Run by the system Python that has ``uno`` (``/usr/bin/python3``), never imported
by the project: ``python3 uno_edit.py JOBS.json``. Each job opens a workbook,
applies its operations in order and stores the result under a filter:

    {"source": "a.xlsx", "target": "b.xls", "ops": [
        ["set", "三、…", "J6", 12],          # type a number
        ["text", "三、…", "D6", "〇"],        # type a text (as typed, no conversion)
        ["formula", "三、…", "J6", "=SUM(D6:I6)"],
        ["clear", "三、…", "J6"],             # the Delete key
        ["insert_rows", "三、…", 8, 1],       # before 1-based row 8, like Excel
        ["delete_rows", "三、…", 8, 1],
        ["rename", "三、…", "Sheet3"],
        ["text_format", "三、…", "J6"]]}      # format the cell as 文本 (@)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import uno  # type: ignore[import-not-found]
from uno_session import office_desktop, prop  # beside this script

FILTERS = {
    ".xlsx": "Calc MS Excel 2007 XML",
    ".xls": "MS Excel 97",
    ".ods": "calc8",
}


def _sheet(doc: object, name: str) -> object:
    sheets = doc.Sheets  # type: ignore[attr-defined]
    if sheets.hasByName(name):
        return sheets.getByName(name)
    return sheets.getByIndex(int(name))


def _apply(doc: object, op: list) -> None:
    kind, sheet_name = op[0], op[1]
    sheet = _sheet(doc, sheet_name)
    if kind == "set":
        sheet.getCellRangeByName(op[2]).setValue(op[3])
    elif kind == "text":
        sheet.getCellRangeByName(op[2]).setString(op[3])
    elif kind == "formula":
        sheet.getCellRangeByName(op[2]).setFormula(op[3])
    elif kind == "clear":
        sheet.getCellRangeByName(op[2]).clearContents(1 | 2 | 4 | 16)  # value, date, text, formula
    elif kind == "insert_rows":
        sheet.Rows.insertByIndex(op[2] - 1, op[3])
    elif kind == "delete_rows":
        sheet.Rows.removeByIndex(op[2] - 1, op[3])
    elif kind == "rename":
        sheet.Name = op[2]
    elif kind == "text_format":
        cell = sheet.getCellRangeByName(op[2])
        formats = doc.NumberFormats  # type: ignore[attr-defined]
        locale = uno.createUnoStruct("com.sun.star.lang.Locale")
        key = formats.queryKey("@", locale, False)
        if key == -1:
            key = formats.addNew("@", locale)
        cell.NumberFormat = key
    elif kind == "unprotect":
        sheet.unprotect("")
    else:
        raise ValueError(f"unknown operation {kind}")


def run(jobs: list[dict]) -> None:
    with office_desktop() as desktop:
        for job in jobs:
            url = uno.systemPathToFileUrl(str(Path(job["source"]).resolve()))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            protected = [sheet for sheet in doc.Sheets if sheet.isProtected()]
            for sheet in protected:
                sheet.unprotect("")
            for op in job.get("ops", []):
                _apply(doc, op)
            if job.get("protect", True):  # the office protects the sheets again
                for sheet in protected:
                    sheet.protect("")
            doc.calculateAll()
            target = Path(job["target"]).resolve()
            out = uno.systemPathToFileUrl(str(target))
            doc.storeToURL(out, (prop("FilterName", FILTERS[target.suffix.lower()]),))
            doc.close(True)


if __name__ == "__main__":
    run(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
