"""Cover fields found by their labels wherever they are.

An office that copies the cover and the tables into its own workbook
(Sheet1–Sheet4) keeps the labels but not the sheet name 封面; a home-made
table often has a line "填报单位：某某街道办事处" above it. Unit, code and
year are looked for next to (or inside) such labels on every sheet; the year
also in a title such as "2025年度政府信息公开工作年度报告".
"""

from __future__ import annotations

import re
import unicodedata

from checker.read.workbook import RawSheet, RawWorkbook
from declaration import identity as meta

# the labels offices use for each field, the template's own first
LABELS: dict[str, tuple[str, ...]] = {
    "unit": ("单位名称", "填报单位", "报送单位", "填报机关", "填报单位名称", "单位全称"),
    "code": ("单位代码", "统一社会信用代码", "机构代码"),
    "year": ("报告年度", "填报年度", "年度"),
}
_SEPARATORS = ":："
_TITLE_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*年(?:度)?")
_SPACES = re.compile(r"\s+")
SPAN = 3  # cells to the right of a label where its value may be


def _plain(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def _split(text: str, labels: tuple[str, ...]) -> tuple[bool, str]:
    """(is this one of the labels, the value written in the same cell after it)."""
    plain = _plain(text)
    for label in labels:
        if plain == label or plain.rstrip(_SEPARATORS) == label:
            return True, ""
        if plain.startswith(label) and plain[len(label) : len(label) + 1] in (":", "："):
            return True, re.split("[:：]", text, maxsplit=1)[-1].strip()
    return False, ""


def _cell_text(sheet: RawSheet, row: int, col: int) -> str:
    cell = sheet.cell(row, col)
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheets(wb: RawWorkbook) -> list[RawSheet]:
    """Every sheet but the identification and the 封面 sheet (read at its own places)."""
    skip = (meta.META_SHEET, meta.COVER_SHEET)
    return [wb.sheet(n) for n in wb.sheet_names if n not in skip]


def find_fields(wb: RawWorkbook, wanted: set[str]) -> dict[str, str]:
    """Values of the ``wanted`` field ids found next to their labels on any sheet."""
    out: dict[str, str] = {}
    for sheet in _sheets(wb):
        for row, col, text in sheet.strings():
            for field_id in wanted - out.keys():
                is_label, inline = _split(text, LABELS[field_id])
                if not is_label:
                    continue
                value = inline or _right_of(sheet, row, col)
                if value and plausible(field_id, value) and not _split(value, LABELS[field_id])[0]:
                    out[field_id] = value
        if out.keys() >= wanted:
            break
    if "year" in wanted and "year" not in out:
        year = title_year(wb)
        if year:
            out["year"] = year
    return out


_CODE = re.compile(r"[0-9A-Za-z-]{2,30}")
_HINT_STARTS = ("必填", "填写", "如 ", "如：", "统一社会信用代码或")
MAX_UNIT_CHARS = 60


def plausible(field_id: str, value: str) -> bool:
    """Whether ``value`` can be that field (not the template's hint beside a blank field)."""
    plain = _plain(value)
    if field_id == "code":
        return bool(_CODE.fullmatch(plain))
    if field_id == "year":
        return bool(re.search(r"(?<!\d)(19|20)\d\d(?!\d)", plain))
    return "。" not in value and not plain.startswith(_HINT_STARTS) and len(plain) <= MAX_UNIT_CHARS


def _right_of(sheet: RawSheet, row: int, col: int) -> str:
    for c in range(col + 1, col + 1 + SPAN):
        text = _cell_text(sheet, row, c)
        if text:
            return text
    return ""


def title_year(wb: RawWorkbook) -> str:
    """The year of a title like "某某街道2025年度政府信息公开…" (first rows of any sheet)."""
    for sheet in _sheets(wb):
        for row, _, text in sheet.strings():
            if row > 5 or "报告" not in text and "情况" not in text:
                continue
            match = _TITLE_YEAR.search(_plain(text))
            if match:
                return match.group(1)
    return ""
