"""Findings and reports as plain data; renderers are pure functions of these."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from declaration.severity import SEVERITY_ORDER as SEVERITY_ORDER
from declaration.severity import SEVERITY_WORDS as SEVERITY_WORDS
from declaration.severity import Severity as Severity

Status = Literal["pass", "fail", "unreadable"]


@dataclass(frozen=True)
class Location:
    """Where a finding is: a sheet and an A1 cell of a workbook, or a table, row and
    column of a published report (``table`` counts the report's tables from 1; 0 when
    the report has one table for it), with the row and column labels."""

    sheet: str = ""
    a1: str = ""
    table: int | None = None
    row: int | None = None
    column: int | None = None
    row_label: str = ""
    col_label: str = ""

    @property
    def cell(self) -> str:
        """The cell as reports write it: ``D8``, or ``第2个表格第5行第3列``."""
        if self.a1 or self.row is None or self.column is None:
            return self.a1
        table = f"第{self.table}个表格" if self.table else ""
        return f"{table}第{self.row}行第{self.column}列"

    @classmethod
    def of(cls, sheet: str, cell: str, row_label: str = "", col_label: str = "") -> Location:
        """The record of a cell as reports write it (the inverse of ``cell``)."""
        m = _PLACE.fullmatch(cell) if cell else None
        if m is None:
            return cls(sheet, cell, row_label=row_label, col_label=col_label)
        table = int(m.group(1)) if m.group(1) else None
        row, column = int(m.group(2)), int(m.group(3))
        return cls(sheet, "", table, row, column, row_label, col_label)

    def order(self) -> tuple[int, int]:
        """(row, column) for sorting findings in reading order."""
        if self.row is not None and self.column is not None:
            return (self.table or 0) * 10_000 + self.row, self.column
        return -1, -1


_PLACE = re.compile(r"(?:第(\d+)个表格)?第(\d+)行第(\d+)列")


@dataclass(frozen=True)
class DiffLine:
    """One side of an identity, for the diff-style body of a finding.

    ``label`` is the spec's side label ("一 + 二"), ``cells`` the A1 addresses,
    ``values`` the numbers found there, ``total`` their signed sum.
    """

    label: str
    cells: tuple[str, ...]
    values: tuple[float, ...]
    total: float
    signs: tuple[int, ...] = ()


DecisionStatus = Literal["explained", "to_fix", "pending"]


@dataclass(frozen=True)
class Decision:
    """What the review meeting decided about a finding (``--decisions`` register)."""

    status: DecisionStatus
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "note": self.note}


@dataclass(frozen=True)
class Finding:
    """One problem found, as plain data: the rule, its severity, the Chinese message,
    where it is (``location``), the numbers expected and found, the identity's two
    sides (``diff``) and, with ``--decisions``, what the meeting decided."""

    rule: str
    severity: Severity
    message: str
    sheet: str = ""
    cell: str = ""
    row_label: str = ""
    col_label: str = ""
    expected: Any = None
    found: Any = None
    diff: tuple[DiffLine, ...] = ()
    difference: float | None = None
    # what the finding is about when it is a whole column or row ("列 D", "行 8")
    scope: str = ""
    # roster findings: the office (roster name or the name in the file), its code,
    # the files concerned and the roster row
    office: str = ""
    code: str = ""
    files: tuple[str, ...] = ()
    roster_row: int | None = None
    decision: Decision | None = None  # with --decisions: the meeting's decision
    # one cause over several cells (a column of typed-over totals, a deleted column):
    # every cell it concerns (``cell`` is the first); annotated copies mark each
    cells: tuple[str, ...] = ()
    # the findings this one's cause explains, listed under it: (rule, cell or scope)
    absorbed: tuple[tuple[str, str], ...] = ()

    @property
    def location(self) -> Location:
        """Where the finding is, as a record: an A1 cell, or a published table's place."""
        return Location.of(self.sheet, self.cell, self.row_label, self.col_label)

    @property
    def explained(self) -> bool:
        """The meeting accepted the office's explanation (已说明)."""
        return self.decision is not None and self.decision.status == "explained"

    @property
    def counted(self) -> bool:
        """Counts against the office: an explained warning no longer does."""
        return not (self.severity == "warning" and self.explained)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
        }
        if self.decision is not None:  # only with --decisions
            out["decision"] = self.decision.to_json()
        if self.cells:  # only for a finding over several cells
            out["cells"] = list(self.cells)
        if self.absorbed:  # only for a cause that explains other findings
            out["absorbed"] = [{"rule": rule, "cell": cell} for rule, cell in self.absorbed]
        return out

    def roster_json(self) -> dict[str, Any]:
        """A finding of the roster section, keyed by office rather than by cell."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "office": self.office,
            "code": self.code,
            "files": list(self.files),
            "roster_row": self.roster_row,
            "message": self.message,
        }


@dataclass(frozen=True)
class CellChange:
    """One value that differs from the office's previous return (``--previous``)."""

    sheet: str
    cell: str
    row_label: str
    col_label: str
    before: float | None
    after: float | None

    def to_json(self) -> dict[str, Any]:
        def number(value: float | None) -> float | int | None:
            return None if value is None else plain_number(value)

        return {
            "sheet": self.sheet,
            "cell": self.cell,
            "before": number(self.before),
            "after": number(self.after),
        }


@dataclass
class Resubmission:
    """A return compared with the office's previous return of the same year."""

    previous: str | None  # the previous return's path; None when none was found
    reason: str = ""  # why no previous return was found (Chinese)
    changes: list[CellChange] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)  # in the previous return only
    new: list[Finding] = field(default_factory=list)  # in this return only


@dataclass(frozen=True)
class Skipped:
    """Checks that did not run on a return, and why (Chinese): said aloud, never a pass."""

    what: str  # the checks, as users name them ("跨年度核对")
    rules: tuple[str, ...]
    reason: str

    def text(self) -> str:
        """``跨年度核对（X501、X502）未做：未指定上一年度的报表``."""
        return f"{self.what}（{'、'.join(self.rules)}）未做：{self.reason}"

    def to_json(self) -> dict[str, Any]:
        return {"what": self.what, "rules": list(self.rules), "reason": self.reason}


@dataclass
class FileReport:
    """One file's result: its verdict (``status``), what it was identified as (format,
    year, unit, code), its findings in reading order, the values by cell id (inputs as
    read, totals recomputed: what roll-ups add up), remarks, and with ``--previous``
    how it changed since the office's previous return."""

    path: str
    status: Status = "pass"
    format: str | None = None
    spec_version: str | None = None
    year: int | None = None
    unit: str | None = None
    code: str | None = None
    identified_by: str | None = None  # "meta" | "labels" | None
    findings: list[Finding] = field(default_factory=list)
    # parsed cell values by cell id (inputs and recomputed totals), for roll-ups
    # and cross-year checks; empty for unreadable files
    values: dict[str, float] = field(default_factory=dict)
    document: str | None = None  # the format's document number, e.g. 国办公开办函〔2019〕60号
    notes: list[str] = field(default_factory=list)  # remarks that are not findings
    resubmission: Resubmission | None = None  # with --previous
    skipped: list[Skipped] = field(default_factory=list)  # checks that did not run
    # a return inside a .zip: the archive on disk, the member's index in each archive
    # on the way (``path`` is ``<archive>/<member path>``)
    archive: str | None = None
    member_chain: tuple[int, ...] = ()

    @property
    def file_name(self) -> str:
        """The file as shown in registers and lists: its name, or for a member of an
        archive the archive's name and the member's path inside it (报表.zip/甲局.xlsx)."""
        return shown_file_name(self.path, self.archive)

    # with --prior, when last year's return of the office was found: its path, format
    # and values by cell id of its format (inputs as read, totals recomputed)
    prior_path: str | None = None
    prior_format: str | None = None
    prior_values: dict[str, float] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (by batch workers) with the values (this year's and last year's) in a
        spec's cell order as packed numbers: the cell ids need not travel with every
        report, and a report whose values nobody reads (a JSON report) never unpacks them."""
        state = dict(self.__dict__)
        for name in _PACKED:
            values = state.pop(name, None)
            if values is None:  # still packed (or never set): pass it on as it is
                continue
            order = _value_orders()[0].get(tuple(values))
            numbers = list(values.values())
            if order is not None and all(type(n) is float for n in numbers):
                state["_packed_" + name] = (order, array("d", numbers).tobytes())
            else:
                state[name] = values
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    if not TYPE_CHECKING:  # for the type checker, ``values`` is the field above

        def __getattr__(self, name: str) -> Any:
            packed = self.__dict__.pop("_packed_" + name, None) if name in _PACKED else None
            if packed is None:
                if name in _PACKED:  # a report pickled before the field existed
                    self.__dict__[name] = {}
                    return self.__dict__[name]
                raise AttributeError(name)
            order, data = packed
            numbers = array("d", data).tolist()
            values = dict(zip(_value_orders()[1][order], numbers, strict=True))
            self.__dict__[name] = values
            return values

    def counts(self) -> dict[str, int]:
        """Findings that count against the office (not the warnings explained at a meeting)."""
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            if f.counted:
                out[f.severity] += 1
        return out

    def explained_warnings(self) -> int:
        """Warnings the meeting accepted (no longer counted)."""
        return sum(1 for f in self.findings if not f.counted)

    def flatten(self, keys: list[str]) -> list[list[Any]]:
        """``[[getattr(f, k) for k in keys] for f in findings]`` — handy in tests."""
        return [[getattr(f, k) for k in keys] for f in self.findings]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "status": self.status,
            "format": self.format,
            "year": self.year,
            "unit": self.unit,
            "counts": self.counts(),
            "findings": [f.to_json() for f in self.findings],
        }
        if self.skipped:  # only when some check did not run
            out["skipped"] = [s.to_json() for s in self.skipped]
        if self.resubmission is not None:  # only with --previous
            again = self.resubmission
            out["previous"] = again.previous
            out["changes"] = [c.to_json() for c in again.changes]
            out["resolved"] = [_finding_key_json(f) for f in again.resolved]
            out["new"] = [_finding_key_json(f) for f in again.new]
        return out


def shown_file_name(path: str, archive: str | None = None) -> str:
    """A file's name, or ``报表.zip/甲局.xlsx`` for a member of ``archive``."""
    if archive and path.startswith(archive + "/"):
        return Path(archive).name + path[len(archive) :]
    return Path(path).name


# the value maps pickled packed (``FileReport.__getstate__``)
_PACKED = ("values", "prior_values")


def _finding_key_json(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "sheet": f.sheet, "cell": f.cell, "message": f.message}


@cache  # a per-spec constant: the specs are a fixed set (common.memo)
def _value_orders() -> tuple[dict[tuple[str, ...], int], list[tuple[str, ...]]]:
    """The cell orders of the specs (the same in every process) and their numbers."""
    from declaration.spec import all_specs

    orders = [tuple(spec.cells) for spec in all_specs()]
    return {order: i for i, order in enumerate(orders)}, orders


@dataclass
class RosterSummary:
    """The roster section of a batch report: who sent what, and the R6xx findings."""

    roster: str
    year: int | None
    expected: int
    received: int
    findings: list[Finding] = field(default_factory=list)
    # roster name -> files matched to it, in roster order
    returns: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def missing(self) -> list[str]:
        return [f.office for f in self.findings if f.rule == "R601"]

    def flatten(self, keys: list[str]) -> list[list[Any]]:
        return [[getattr(f, k) for k in keys] for f in self.findings]

    def failed(self, strict: bool = False) -> bool:
        counts = self.counts()
        return bool(counts["error"] or (strict and counts["warning"]))

    def to_json(self) -> dict[str, Any]:
        return {
            "roster": self.roster,
            "year": self.year,
            "expected": self.expected,
            "received": self.received,
            "missing": self.missing(),
            "counts": self.counts(),
            "findings": [f.roster_json() for f in self.findings],
            "returns": self.returns,
        }


@dataclass(frozen=True)
class Summary:
    """A run at a glance, computed once and rendered by every writer: files by
    verdict, the counted findings by severity, and the worst severity found."""

    files: int
    verdicts: dict[str, int]  # "pass" / "fail" / "unreadable" -> files
    counts: dict[str, int]  # "error" / "warning" / "info" -> counted findings
    roster: dict[str, int] | None = None  # the roster section's counts, with --roster

    @property
    def worst(self) -> Severity | None:
        """The most severe finding of the run (roster included), None when there is none."""
        for severity in Severity:
            if self.counts[severity] or (self.roster and self.roster[severity]):
                return severity
        return None


@dataclass
class Report:
    """A run's result as plain data: one ``FileReport`` per file in input order, remarks
    that are not findings, and with ``--roster`` the roster section. ``to_json()`` is
    the ``--format json`` document; every renderer is a pure function of it."""

    files: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. skipped lock files
    roster: RosterSummary | None = None  # with --roster: who is missing, unknown, twice
    prior: str | None = None  # with --prior: last year's folder or file

    def summary(self) -> Summary:
        """The counts every writer shows (``Summary``)."""
        verdicts = {"pass": 0, "fail": 0, "unreadable": 0}
        counts = {str(s): 0 for s in Severity}
        for f in self.files:
            verdicts[f.status] += 1
            for key, n in f.counts().items():
                counts[key] += n
        roster = self.roster.counts() if self.roster is not None else None
        return Summary(len(self.files), verdicts, counts, roster)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": 1, "files": [f.to_json() for f in self.files]}
        if self.roster is not None:  # only with --roster, after the documented keys
            out["roster"] = self.roster.to_json()
        if self.skipped_summary():  # only when some check did not run
            out["skipped"] = [{**s.to_json(), "files": n} for s, n in self.skipped_summary()]
        return out

    def skipped_summary(self) -> list[tuple[Skipped, int]]:
        """Each kind of check that did not run, with the number of files it did not run on."""
        counts: dict[Skipped, int] = {}
        for f in self.files:
            for s in f.skipped:
                counts[s] = counts.get(s, 0) + 1
        return list(counts.items())

    def failed(self, strict: bool = False) -> bool:
        if self.roster is not None and self.roster.failed(strict):
            return True
        for f in self.files:
            if f.status != "pass":
                return True
            if strict and f.counts()["warning"]:
                return True
        return False


def format_number(value: float | int | None) -> str:
    """A number as people write it: ``5`` not ``5.0``, decimals without trailing zeros."""
    if value is None:
        return "空"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def plain_number(value: float) -> float | int:
    """``5.0`` → ``5`` for JSON; other values unchanged."""
    return int(value) if float(value).is_integer() else value
