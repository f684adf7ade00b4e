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
    # for total cells only: the template's formula moved to where the table is now
    expected_formula: str | None = None
    note: ValueNote | None = None  # how the value was parsed, when not a plain number


@dataclass(frozen=True, slots=True)
class ValueNote:
    """What reading noticed about a cell's value: a V rule id and what was found.

    Only a fact: the rule stage (checker.rules.values) decides what to report.
    """

    rule: str
    found: object = None
    expected: object = None


LayoutKind = Literal[
    "missing-sheet",  # a table's sheet is not there
    "inserted",  # a row or column the official format does not have
    "deleted",  # a row or column of the official format is missing
    "omitted",  # a published row that no check needs is left out (organs commonly omit it)
    "moved",  # a row or column is out of order
    "label-changed",  # a label differs in substance
    "label-cosmetic",  # a label differs in spaces, line breaks or punctuation width
    "unprotected",  # a table sheet of the template without its protection
    # published reports (web pages, Word files, PDFs, texts)
    "label-variant",  # a typo or variant of a label, read as the official one
    "ambiguous",  # a cell whose row or column cannot be told: not read
    "table-missing",  # a whole table not found
    "foreign-format",  # a table printed in the other official format: not read
]


@dataclass(frozen=True, slots=True)
class LayoutFact:
    """What aligning a table against the official format found (checker.read.structure).

    ``expected`` is the official label, ``found`` what the return shows there;
    ``prefix``/``suffix`` say where ("第 7 行后", "（现在第 9 行）")."""

    kind: LayoutKind
    sheet: str = ""
    cell: str = ""
    what: str = ""  # "行" or "列"
    expected: str | None = None
    found: str | None = None
    prefix: str = ""
    suffix: str = ""
    row_label: str = ""  # the official row label, where the fact is about one row
    reason: str = ""  # why a cell could not be read (ambiguous)
    # where a row or column change is in the sheet (0-based row or column index of
    # the first row/column it shifts): what lies from there on may follow from it
    at: int | None = None


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
    """What the reading stage hands the rules, the one facts model of a file: its format
    (``spec``) and identity (year, unit, code, how it was identified), every cell read by
    cell id (``CellRead``: value, formula, position, how its text was parsed), the layout
    facts of alignment, the file problems found (F findings), and for a published report
    its title and narrative. ``unreadable`` gives the reason when nothing could be read."""

    path: str
    spec: FormSpec | None = None
    identified_by: str | None = None  # "meta" | "labels"
    spec_version: str | None = None
    year: int | None = None
    unit: str | None = None
    code: str | None = None
    cells: dict[str, CellRead] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    from_template: bool = False  # read from the template's own workbook (formulas, protection)
    from_file: bool = False  # read from a file (not values given in memory): identity applies
    has_cover_sheet: bool = False  # the workbook has the template's 封面 sheet
    layout: list[LayoutFact] = field(default_factory=list)
    # table id -> the name of the sheet it was found on, when not the template's name
    renamed_sheets: dict[str, str] = field(default_factory=dict)
    unreadable: str | None = None  # Chinese reason when the file cannot be read at all
    published: PublishedText | None = None  # set for a published report (web page, Word, PDF, text)
