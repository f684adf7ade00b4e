"""What the reading stage hands to the rule stage: cells found by id.

``extract`` (checker.read.extract) turns a file into an ``Extraction``; the rule
stage (checker.rules.arithmetic, checker.rules.plausibility) only ever sees this, never
the workbook itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from checker.results import Finding
from declaration.spec import FormSpec

TotalState = Literal["formula", "constant", "changed", "blank"]


@dataclass(slots=True)
class CellRead:
    """One value cell of the spec as found in a return."""

    cell_id: str
    sheet: str
    address: str  # A1 where it was found (after realignment of moved rows/columns)
    raw: object  # as stored: str, float, int, bool, None, datetime, or an error string like "#REF!"
    value: float | None  # the number used for arithmetic; None when unusable
    blank: bool = False
    formula: str | None = None  # formula text without "=", if the cell holds one
    cached: float | None = None  # cached result of a formula cell, if the file has one
    # for total cells only: whether the template's formula is intact
    total_state: TotalState | None = None


@dataclass(frozen=True)
class PublishedText:
    """What only a published report has: its title and narrative (paragraphs in order)."""

    kind: str  # "网页", "Word 文档", "PDF 文件", "复制的文本"
    title: str
    paragraphs: tuple[str, ...]

    @property
    def narrative(self) -> str:
        """The text without its title, for comparing two years' reports."""
        return "\n".join(p for p in self.paragraphs if p != self.title)


@dataclass
class Extraction:
    path: str
    spec: FormSpec | None = None
    identified_by: str | None = None  # "meta" | "labels"
    spec_version: str | None = None
    year: int | None = None
    unit: str | None = None
    code: str | None = None
    cells: dict[str, CellRead] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unreadable: str | None = None  # Chinese reason when the file cannot be read at all
    published: PublishedText | None = None  # set for a published report (web page, Word, PDF, text)
