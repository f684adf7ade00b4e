"""Input cells holding formulas: what their value is, and the finding that explains it.

A template's input cells hold numbers typed in. A formula there (``=3+2``, a
reference, or worse a DDE call like ``cmd|' /C calc'!A0`` or ``WEBSERVICE(…)``)
carries a cached result that nobody typed: it is used only with a finding on
the cell (V219), and the result of a formula that calls another program or
the network is never used (V220).
"""

from __future__ import annotations

import re

from checker.read.limits import clip_text
from checker.read.values import Parsed, parse_value
from checker.read.workbook import RawCell

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"V219", "V220"})

# functions that run programs, load code or reach the network when Excel recalculates
_CALLS = re.compile(
    r"(?<![A-Za-z0-9_.])(?:_xlfn\.|_xlws\.)?"
    r"(WEBSERVICE|FILTERXML|RTD|CALL|REGISTER|REGISTER\.ID|EXEC|EXECUTE|DDE|DDEAUTO|"
    r"IMPORTDATA|IMPORTXML|IMPORTHTML|IMPORTFEED|IMAGE)\s*\(",
    re.IGNORECASE,
)
# DDE: an application name and a topic, as in cmd|' /C calc'!A0 or =MSEXCEL|'\..\..\..\x'!''
_DDE = re.compile(r"[A-Za-z0-9_.\-]+\s*\|")
_STRINGS = re.compile(r'"(?:[^"]|"")*"')


def calls_outside(formula: str) -> bool:
    """Does ``formula`` call another program or the network (DDE, WEBSERVICE, …)?"""
    bare = _STRINGS.sub('""', formula)  # text literals may say anything
    return bool(_CALLS.search(bare) or _DDE.search(bare))


def parse_input(cell: RawCell | None, kind: str) -> Parsed:
    """``parse_value`` for an input cell: a formula's cached result is used only
    with a finding (V219), never when the formula calls outside (V220)."""
    if cell is None or cell.formula is None or cell.value is None:
        return parse_value(cell, kind)  # no formula, or one without a result (V216)
    shown = clip_text("=" + cell.formula)
    if calls_outside(cell.formula):
        return Parsed(None, "V220", found=shown)
    result = parse_value(RawCell(cell.value, cell.type, None, cell.is_date), kind)
    if result.rule is not None or result.value is None:
        return result  # the result itself is not a usable number: that is said first
    return Parsed(result.value, "V219", found=shown, expected=_show(result.value))


def _show(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
