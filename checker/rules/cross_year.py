"""Last year's returns: find each office's prior return, compare the two years.

A ``PriorIndex`` (read by ``checker.prior``) holds the values of every return in
last year's folder and finds an office's return by 单位代码, else by 单位名称. Its values feed the
spec's ``prior.`` rules (X501 carry-over, X502 continuity) and the builder's
carry-over fill; ``jump_findings`` flags large year-on-year changes (X503)
and ``prior_missing_finding`` says when no prior return was found (X504).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from checker.facts import Extraction
from checker.findings import make_finding
from checker.results import FileReport, Finding, format_number
from checker.year_change import is_large_change
from common.roster import Roster, code_key, loose_office_key, office_key
from declaration.short_forms import short_form_key
from declaration.spec import FormSpec

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"X503", "X504", "X505"})

# The spec's role "year_on_year" names the totals whose change is worth a look
# (new applications, reviews, lawsuits); X503 fires above checker.year_change's threshold.


@dataclass(frozen=True)
class PriorReturn:
    """One of last year's returns: who, which year, and every value by cell id."""

    path: str
    unit: str | None
    code: str | None
    year: int | None
    format: str | None
    values: Mapping[str, float]
    narrative: str = ""  # a published report's text (paragraphs), for D721


def prior_from_extraction(extraction: Extraction) -> PriorReturn | None:
    """Inputs as read, totals recomputed from them (cached totals may be stale)."""
    spec = extraction.spec
    if spec is None or extraction.unreadable:
        return None
    inputs = {
        cid: cell.value
        for cid, cell in extraction.cells.items()
        if cell.value is not None and cid in spec.cells and not spec.cells[cid].is_total
    }
    return PriorReturn(
        extraction.path,
        extraction.unit,
        extraction.code,
        extraction.year,
        spec.format,
        spec.compute_totals(inputs),
        extraction.published.narrative if extraction.published else "",
    )


@dataclass
class PriorLookup:
    """The prior return of one office, or why there is none (Chinese)."""

    found: PriorReturn | None
    reason: str = ""
    closest: list[PriorReturn] = field(default_factory=list)  # when none was found
    by_short_form: bool = False  # found by the standard short form of the office's name

    def short_form_note(self, unit: str | None) -> str:
        """What the report says when last year's return was found by short form."""
        if self.found is None or not self.by_short_form:
            return ""
        return (
            f"上年报告按单位名称的规范简称对应：本年“{unit}”，上年“{self.found.unit}”"
            "（简称表：declaration/short_forms.json；不是同一单位的，请使封面名称与上年一致）"
        )


CLOSEST = 3  # candidates named when no prior return matches
CLOSEST_CUTOFF = 0.75  # name likeness (difflib ratio) for a candidate
_DIGITS = re.compile(r"\d+")


@dataclass
class PriorIndex:
    """Last year's returns of a run, the one shape of last year's data.

    ``folder``: where they were read (a folder, or the one file given); ``single``:
    an index of one file named by the user, used for every return whatever its unit;
    ``unreadable``: files that could not be used; ``roster``: this year's roster,
    which matches offices that renamed.
    """

    folder: str
    returns: list[PriorReturn] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    roster: Roster | None = None
    single: bool = False
    _keys: dict[str, list[PriorReturn]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of_one(cls, prior: PriorReturn) -> PriorIndex:
        """An index of one return, used for every return checked against it."""
        return cls(prior.path, [prior], single=True)

    @classmethod
    def of_values(
        cls,
        values: Mapping[str, float],
        *,
        path: str = "（内存中的数据）",
        format: str | None = None,
        narrative: str = "",
    ) -> PriorIndex:
        """An index of one return given as ``{cell_id: value}`` (inputs and totals)."""
        return cls.of_one(PriorReturn(path, None, None, None, format, values, narrative))

    def _by_key(self, key: str) -> list[PriorReturn]:
        if not self._keys:
            for r in self.returns:
                if r.code:
                    self._keys.setdefault("code:" + code_key(r.code), []).append(r)
                if r.unit:
                    self._keys.setdefault("name:" + office_key(r.unit), []).append(r)
                    self._keys.setdefault("loose:" + loose_office_key(r.unit), []).append(r)
                    self._keys.setdefault("short:" + short_form_key(r.unit), []).append(r)
        return self._keys.get(key, [])

    def lookup(self, unit: str | None, code: str | None, year: int | None) -> PriorLookup:
        """Last year's return (``year - 1``) of the office: by code, else by name,
        else by the name without brackets (（本级） …), else through the roster, else by
        the standard short form of the name (管委会/管理委员会 …) when one return has it.
        An index of one file named by the user gives that file."""
        if self.single and self.returns:
            return PriorLookup(self.returns[0])
        want = None if year is None else year - 1

        def of_year(hits: list[PriorReturn]) -> list[PriorReturn]:
            return [r for r in hits if want is None or r.year in (want, None)]

        hits = of_year(self._by_key("code:" + code_key(code))) if code else []
        if not hits and unit:
            hits = of_year(self._by_key("name:" + office_key(unit)))
        if not hits and unit:
            hits = of_year(self._by_key("loose:" + loose_office_key(unit)))
        if not hits:
            hits = of_year(self._through_roster(unit, code))
        if not hits and unit:
            short = of_year(self._by_key("short:" + short_form_key(unit)))
            if len(short) == 1:  # a short form is used only when it gives one candidate
                return PriorLookup(short[0], by_short_form=True)
        label = f" {want} 年度" if want else ""
        if not hits:
            reason = f"上年回收的报告中没有该单位的{label}报告"
            return PriorLookup(None, reason, self._closest(unit, want))
        if len(hits) > 1:
            names = "、".join(Path(r.path).name for r in hits)
            return PriorLookup(
                None,
                f"上年回收的报告中该单位有 {len(hits)} 份{label}报告（{names}），无法确定以哪份为准",
            )
        return PriorLookup(hits[0])

    def _through_roster(self, unit: str | None, code: str | None) -> list[PriorReturn]:
        """Prior returns that the roster gives the same office as this return."""
        if self.roster is None:
            return []
        entry = self.roster.find(unit, code)
        if entry is None:
            return []
        return [r for r in self.returns if self.roster.find(r.unit, r.code) == entry]

    def _closest(self, unit: str | None, want: int | None) -> list[PriorReturn]:
        """Last year's returns whose office names look most like ``unit``."""
        if not unit:
            return []
        from difflib import SequenceMatcher

        key = loose_office_key(unit)
        scored = []
        for r in self.returns:
            if not r.unit or (want is not None and r.year not in (want, None)):
                continue
            other = loose_office_key(r.unit)
            if _DIGITS.findall(other) != _DIGITS.findall(key):
                continue  # 第01局 and 第04局 are two offices, however alike the names
            ratio = SequenceMatcher(None, key, other).ratio()
            if ratio >= CLOSEST_CUTOFF or key in other or other in key:
                scored.append((-ratio, r.unit, r))
        return [r for _, _, r in sorted(scored, key=lambda t: t[:2])[:CLOSEST]]


def _jump_label(cell_id: str, report: FileReport) -> tuple[str, str, str, str, str]:
    """(label, sheet, A1, row label, column label) of a cell of the report's format."""
    from declaration.layout import cell_a1, cell_address
    from declaration.spec import load_spec

    assert report.format is not None
    spec = load_spec(report.format)
    cell = spec.cells[cell_id]
    sheet, _, _ = cell_address(spec, cell_id)
    # t3: the row, with the column in brackets; t4 has no row labels, only the column path
    label = f"{cell.row_label}（{cell.col_label}）" if cell.row_label else "·".join(cell.col_path)
    return label, sheet, cell_a1(spec, cell_id), cell.row_label, cell.col_label


def _change(prior: float, found: float) -> str:
    diff = found - prior
    word = "增加" if diff > 0 else "减少"
    if prior and diff > 0:
        return f"{word} {format_number(abs(diff))}，为上年的 {found / prior:.1f} 倍"
    return f"{word} {format_number(abs(diff))}"


def _spec_of(fmt: str | None) -> FormSpec | None:
    from declaration.spec import SpecError, load_spec

    try:
        return load_spec(fmt) if fmt else None
    except SpecError:
        return None


def jump_findings(report: FileReport, prior: PriorReturn) -> list[Finding]:
    """X503: totals that changed more than ×3 and by more than 20 from last year."""
    out: list[Finding] = []
    spec = _spec_of(report.format)
    for cell_id in spec.role("year_on_year") if spec is not None else ():
        if cell_id not in report.values or cell_id not in prior.values:
            continue
        found, before = report.values[cell_id], prior.values[cell_id]
        if not is_large_change(before, found):
            continue
        label, sheet, address, row_label, col_label = _jump_label(cell_id, report)
        fields = {
            "label": label,
            "prior": format_number(before),
            "found": format_number(found),
            "change": _change(before, found),
        }
        out.append(
            make_finding(
                "X503",
                fields,
                sheet=sheet,
                cell=address,
                row_label=row_label,
                col_label=col_label,
                expected=before,
                found=found,
                difference=found - before,
            )
        )
    return out


def prior_findings(report: FileReport, lookup: PriorLookup) -> list[Finding]:
    """X503 jumps against the office's prior return, or X504 when none was found."""
    if lookup.found is None and lookup.closest:
        return [prior_closest_finding(lookup)]
    if lookup.found is None:
        return [prior_missing_finding(report, lookup)]
    return jump_findings(report, lookup.found)


def prior_closest_finding(lookup: PriorLookup) -> Finding:
    """X505: no prior return matched; the closest by name are named (a warning)."""
    names = "、".join(f"“{r.unit}”（{Path(r.path).name}）" for r in lookup.closest)
    return make_finding("X505", {"found": names}, found=names)


def prior_missing_finding(report: FileReport, lookup: PriorLookup) -> Finding:
    """X504: the office's prior return was not found (or was ambiguous)."""
    return make_finding("X504", {"reason": lookup.reason}, found=lookup.reason)
