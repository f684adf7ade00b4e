"""What number a value cell holds, per its input kind (count, signed, amount).

``parse_value`` turns a stored cell into the number used for arithmetic and at
most one finding: unambiguous oddities (number as text, full-width digits,
separators, "无", units, "+19", "减4") give the value and a warning; ambiguous
ones (words, dates, error values, units in a count) give an error and None.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from checker.facts import TotalState
from checker.read.limits import clip_text
from checker.read.structure import Placement
from checker.read.workbook import RawCell
from declaration.formulas import normalize_formula, total_formula
from declaration.layout import MAX_ROWS, a1, parse_a1, sheet_layouts
from declaration.spec import KIND_NAMES, FormSpec

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset(
    {
        "V201",
        "V202",
        "V203",
        "V204",
        "V205",
        "V206",
        "V207",
        "V208",
        "V209",
        "V210",
        "V211",
        "V212",
        "V213",
        "V214",
        "V215",
        "V216",
    }
)

ZERO_WORDS = frozenset(["〇", "零", "○"])  # zero written as a Chinese numeral
NONE_MARKERS = frozenset(["无", "/", "-", "—", "－", "／", "——", "--", "\\", "空", "/ "])
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)
_UNIT = re.compile(r"^(.*?\d)\s*(亿元|万元|亿|万|元|件|个|项|次|条|人)$", re.ASCII)
_CHANGE_WORD = re.compile(r"^(增加|增|减少|减|新增|下降|上升)\s*(\d+)$", re.ASCII)
_WIDE = re.compile(r"[\uff01-\uff5e\u3000]")
_TO_WAN = {"亿元": 10000.0, "亿": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass(frozen=True)
class Parsed:
    """The value used (None when unusable) and the rule it broke, if any."""

    value: float | None
    rule: str | None = None
    found: object = None
    expected: object = None
    blank: bool = False


def parse_value(cell: RawCell | None, kind: str) -> Parsed:
    """Interpret one value cell of input kind ``kind``."""
    if cell is None or cell.is_blank:
        return Parsed(0.0, "V201", blank=True)
    value = cell.value
    if cell.type == "e" or (
        isinstance(value, str) and value.startswith("#") and value.endswith(("!", "A", "?"))
    ):
        return Parsed(None, "V214", found=value)
    if cell.type == "d" or cell.is_date:
        return Parsed(None, "V213", found=date_text(value))
    if value is None:  # a formula without a stored result: its value is unknown
        return Parsed(None, "V216", found=clip_text("=" + (cell.formula or "")))
    if isinstance(value, bool) or cell.type == "b":
        return Parsed(None, "V210", found="TRUE" if value else "FALSE")
    if isinstance(value, int | float):
        return _check_number(float(value), kind)
    return _parse_text(str(value), kind)


def plain_number(cell: RawCell | None, kind: str) -> float | None:
    """The number of a cell that ``parse_value`` takes as it is, without a finding;
    None for every other cell (then ``parse_value`` decides). Most cells of a
    return are such numbers, and this answers for them quickly."""
    if cell is None or cell.type != "n" or cell.is_date:
        return None
    value = cell.value
    if type(value) is not float or not math.isfinite(value):
        return None
    if kind == "amount" or (value.is_integer() and (kind == "signed" or value >= 0)):
        return value
    return None


def _check_number(value: float, kind: str, rule: str | None = None, found: object = None) -> Parsed:
    if not math.isfinite(value):  # only a hostile or broken file stores NaN/inf
        return Parsed(None, "V210", found=str(found if found is not None else value))
    if kind in ("count", "signed") and not value.is_integer():
        return Parsed(value, "V212", found=_show(value))
    if kind == "count" and value < 0:
        return Parsed(value, "V211", found=_show(value))
    if rule is not None:
        return Parsed(value, rule, found=found, expected=_show(value))
    return Parsed(value)


def _parse_text(raw: str, kind: str) -> Parsed:
    text = raw.strip().replace("\u00a0", "")
    if text in NONE_MARKERS or text.replace(" ", "") in NONE_MARKERS:
        return Parsed(0.0, "V205", found=raw)
    if text in ZERO_WORDS:
        return Parsed(0.0, "V208", found=raw, expected="0")
    if text.startswith(("=", "＝")) and len(text) > 1:
        # a formula typed into a cell formatted as 文本: stored as its own text, never computed
        return Parsed(None, "V209", found=clip_text(text))
    wide = bool(_WIDE.search(text))
    text = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if text in NONE_MARKERS:
        return Parsed(0.0, "V205", found=raw)
    rule = "V203" if wide else "V202"
    if _GROUPED.match(text):
        return _check_number(float(text.replace(",", "")), kind, "V204", raw)
    if _NUMBER.match(text):
        number = float(text)
        if text.startswith("+") and kind == "signed":
            rule = "V207"
        return _check_number(number, kind, rule, raw)
    change = _CHANGE_WORD.match(text)
    if change and kind == "signed":
        sign = -1.0 if change.group(1) in ("减", "减少", "下降") else 1.0
        return _check_number(sign * float(change.group(2)), kind, "V207", raw)
    unit = _UNIT.match(text)
    if unit and _NUMBER.match(unit.group(1).replace(",", "")):
        return _with_unit(float(unit.group(1).replace(",", "")), unit.group(2), kind, raw)
    return Parsed(None, "V210", found=clip_text(raw), expected=KIND_NAMES.get(kind, kind))


def _with_unit(number: float, unit: str, kind: str, raw: str) -> Parsed:
    if kind != "amount" or unit not in _TO_WAN:
        return Parsed(None, "V215", found=clip_text(raw))
    wan = round(number * _TO_WAN[unit], 6)
    return Parsed(wan, "V206", found=raw, expected=_show(wan))


def _show(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")


def date_text(value: object) -> str:
    """What Excel shows for a number it took as a date, e.g. "1月2日"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            when = EXCEL_EPOCH + dt.timedelta(days=float(value))
        except OverflowError:
            return _show(value)
    elif isinstance(value, str):
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        return str(value)
    text = f"{when.month}月{when.day}日"
    if when.hour or when.minute:
        text += f" {when.hour}:{when.minute:02d}"
    return text


# -- total cells -------------------------------------------------------------------

_TERM = re.compile(r"([+-]?)(?:SUM\(([^()]*)\)|([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?))")
Cells = Counter[tuple[int, int]]
MAX_RANGE_CELLS = 10_000  # cells of one range worked out; the form's totals add a few dozen


def formula_cells(formula: str) -> Cells | None:
    """The cells a sum-like formula adds (with signs), or None if it is not one."""
    text = normalize_formula(formula)
    out: Cells = Counter()
    pos = 0
    while pos < len(text):
        m = _TERM.match(text, pos)
        if m is None or m.end() == pos or (pos and not m.group(1)):
            return None
        sign = -1 if m.group(1) == "-" else 1
        for ref in (m.group(2) or m.group(3)).replace(";", ",").split(","):
            cells = _range_cells(ref)
            if cells is None:
                return None
            for cell in cells:
                out[cell] += sign
        pos = m.end()
    return out


def _range_cells(ref: str) -> list[tuple[int, int]] | None:
    ends = ref.split(":")
    if not ref or len(ends) > 2 or not all(re.fullmatch(r"[A-Z]{1,3}\d+", e) for e in ends):
        return None
    (r1, c1), (r2, c2) = parse_a1(ends[0]), parse_a1(ends[-1])
    if (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1) > MAX_RANGE_CELLS or max(r1, r2) >= MAX_ROWS:
        return None  # no total of the form adds so many cells: a changed formula
    return [
        (r, c)
        for r in range(min(r1, r2), max(r1, r2) + 1)
        for c in range(min(c1, c2), max(c1, c2) + 1)
    ]


def total_state(
    cell: RawCell | None,
    expected: str,
    expected_cells: Cells,
    inserted: tuple[set[int], set[int]] = (set(), set()),
) -> TotalState:
    """Is the template's total formula intact? Cells of ``inserted`` (rows, columns)
    may be in it: Excel widens a range over rows inserted inside it."""
    if cell is None or cell.is_blank:
        return "blank"
    if cell.formula is None:
        return "constant"
    if normalize_formula(cell.formula) == normalize_formula(expected):
        return "formula"
    found = formula_cells(cell.formula)
    if found is None:
        return "changed"
    extra = found - expected_cells
    rows, cols = inserted
    if expected_cells - found or any(r not in rows and c not in cols for r, c in extra):
        return "changed"
    return "formula"


# -- where a total's formula should point ------------------------------------------------------------------------

_REF = re.compile(r"(?<![A-Za-z0-9_.])\$?[A-Z]{1,3}\$?\d+(?![A-Za-z0-9_(])")


def expected_total(
    spec: FormSpec, placement: Placement, cell_id: str, realigned: bool | None = None
) -> tuple[str, Counter[tuple[int, int]]]:
    """The template's formula of a total moved to the actual positions (as Excel
    moves it when rows are inserted), and the cells it must add there.

    ``realigned``: ``placement.realigned`` when the caller knows it already. The
    result must not be changed: for tables in place it is shared.
    """
    if not (placement.realigned if realigned is None else realigned):
        return _total_in_place(spec, cell_id)
    text, terms = _template_total(spec, cell_id)
    cells: Counter[tuple[int, int]] = Counter()
    for sign, row, col in terms:
        actual = placement.position(row, col)
        if actual is not None:
            cells[actual] += sign
    text = _REF.sub(lambda m: _moved_ref(m.group(0), placement), text)
    return text, cells


@cache  # a per-spec constant, one per spec file (common.memo)
def _total_in_place(spec: FormSpec, cell_id: str) -> tuple[str, Counter[tuple[int, int]]]:
    """``expected_total`` of a table where the template put it."""
    text, terms = _template_total(spec, cell_id)
    cells: Counter[tuple[int, int]] = Counter()
    for sign, row, col in terms:
        cells[(row, col)] += sign
    return text, cells


@cache  # a per-spec constant, one per spec file (common.memo)
def _template_total(spec: FormSpec, cell_id: str) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """The template's formula of a total and its (sign, row, col) terms."""
    total = spec.total_for(cell_id)
    assert total is not None
    values = sheet_layouts(spec)[cell_id.split(".", 1)[0]].values
    terms = tuple((t.sign, values[t.cell].row, values[t.cell].col) for t in total.expr.terms)
    return total_formula(spec, cell_id), terms


def _moved_ref(ref: str, placement: Placement) -> str:
    row, col = parse_a1(ref)
    return a1(_nearest(placement.rows, row), _nearest(placement.cols, col))


def _nearest(mapping: dict[int, int | None], key: int) -> int:
    if mapping.get(key) is not None:
        return mapping[key]  # type: ignore[return-value]
    mapped = [k for k, v in mapping.items() if v is not None]
    if not mapped:
        return key
    near = min(mapped, key=lambda k: abs(k - key))
    return mapping[near] + (key - near)  # type: ignore[operator]
