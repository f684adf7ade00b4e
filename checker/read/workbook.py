"""The raw model of a workbook as stored in the file, before any interpretation.

``checker.read.xlsx_reader.read_workbook`` fills it; identification, structure and
value parsing work only on this model. Rows and columns are 0-based.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from checker.read.limits import MAX_MERGED_CELLS
from common.memo import memoized

SheetState = Literal["visible", "hidden", "veryHidden"]
CellType = Literal["n", "s", "b", "e", "d"]
"""n number, s text, b boolean, e error (#REF! …), d ISO date text."""


_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(r"^(\d+)[,.]")
_PUNCT = str.maketrans({"、": ",", "“": '"', "”": '"', "‘": "'", "’": "'", "。": "."})


@memoized("workbook.text_keys", 8192)
def text_key(text: str) -> str:
    """Comparison key of a label: cosmetic differences (whitespace, line breaks,
    full-width vs ASCII punctuation, 「，」 vs 「、」, "1、" vs "1.") disappear."""
    key = unicodedata.normalize("NFKC", text)
    key = _SPACE.sub("", key).translate(_PUNCT)
    return _NUMBERING.sub(r"\1.", key).lower()


class ReadError(Exception):
    """The file cannot be read as a workbook; the message is Chinese and names the file."""


@dataclass(frozen=True, slots=True)
class RawCell:
    """One stored cell. For a formula cell ``value`` is the cached result (None if absent)."""

    value: float | str | bool | None
    type: CellType
    formula: str | None = None  # without "=", shared formulas already expanded
    is_date: bool = False  # a number shown with a date or time format

    @property
    def cached(self) -> float | str | bool | None:
        return self.value if self.formula is not None else None

    @property
    def is_blank(self) -> bool:
        if self.formula is not None:
            return False
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


Merge = tuple[int, int, int, int]  # first row, first col, last row, last col


def _build_origins(merges: tuple[Merge, ...]) -> dict[tuple[int, int], tuple[int, int]]:
    """The top-left cell of every cell of the merged ranges (shared: not to be changed)."""
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    for r1, c1, r2, c2 in merges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                origin[(r, c)] = (r1, c1)
    return origin


# returns of one template merge the same ranges
_origins = memoized("workbook.merge_origins", 256)(_build_origins)


@dataclass
class RawSheet:
    """One sheet as read from a file: cells by (row, column), merges, protection, state."""

    name: str
    state: SheetState
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
    protected: bool = False
    longest_text: int | None = None  # no text on the sheet is longer, when the reader knows
    _origin: dict[tuple[int, int], tuple[int, int]] | None = field(default=None, repr=False)
    _keys: set[str] | None = field(default=None, repr=False)
    _shown: dict[tuple[int, int], str] | None = field(default=None, repr=False)
    _shown_merged: dict[tuple[int, int], str] | None = field(default=None, repr=False)

    def text_keys(self) -> set[str]:
        """Keys (``text_key``) of every text on the sheet, for recognising tables."""
        if self._keys is None:
            self._keys = {text_key(text) for _, _, text in self.strings()}
        return self._keys

    def merge_origin(self, row: int, col: int) -> tuple[int, int]:
        """The top-left cell of the merged range holding (row, col), or itself."""
        if self._origin is None:
            merges = tuple(self.merges)
            small = sum((r2 - r1 + 1) * (c2 - c1 + 1) for r1, c1, r2, c2 in merges) <= 10_000
            self._origin = _origins(merges) if small else _build_origins(self._bounded())
        return self._origin.get((row, col), (row, col))

    def _bounded(self) -> tuple[Merge, ...]:
        """The merged ranges cut to the cells present, and to ``MAX_MERGED_CELLS`` in
        all: a range declared to the last cell of the grid costs what the sheet holds."""
        last_row = max((r for r, _ in self.cells), default=0)
        last_col = max((c for _, c in self.cells), default=0)
        out: list[Merge] = []
        total = 0
        for r1, c1, r2, c2 in self.merges:
            r2, c2 = min(r2, max(last_row, r1)), min(c2, max(last_col, c1))
            total += (r2 - r1 + 1) * (c2 - c1 + 1)
            if total > MAX_MERGED_CELLS:
                break
            out.append((r1, c1, r2, c2))
        return tuple(out)

    def cell(self, row: int, col: int) -> RawCell | None:
        return self.cells.get((row, col))

    def set_cell(self, row: int, col: int, cell: RawCell) -> None:
        """Replace a cell once the sheet is read (what was derived from it is redone)."""
        self.cells[(row, col)] = cell
        self._keys = self._shown = self._shown_merged = None

    def text(self, row: int, col: int, merged: bool = True) -> str:
        """The text shown at (row, col); a merged area shows its top-left text everywhere."""
        if merged:
            shown = self._shown_merged
            if shown is None:
                shown = self._shown_merged = self._merged_texts()
        else:
            shown = self._shown
            if shown is None:
                shown = self._texts()
        return shown.get((row, col), "")

    def texts(self) -> dict[tuple[int, int], str]:
        """Every text cell's text by position (not to be changed)."""
        return self._shown if self._shown is not None else self._texts()

    def _texts(self) -> dict[tuple[int, int], str]:
        """Text by position: alignment asks for hundreds of texts, looked up in one dict."""
        shown = self._shown = {
            pos: cell.value
            for pos, cell in self.cells.items()
            if cell.type == "s" and isinstance(cell.value, str)
        }
        return shown

    def _merged_texts(self) -> dict[tuple[int, int], str]:
        """``_texts`` with every cell of a merged area showing its top-left text."""
        own = self._shown if self._shown is not None else self._texts()
        if not self.merges:
            return own
        shown = dict(own)
        self.merge_origin(0, 0)  # works out every cell's origin
        assert self._origin is not None
        for pos, origin in self._origin.items():
            text = own.get(origin)
            if text is None:
                shown.pop(pos, None)
            else:
                shown[pos] = text
        return shown

    def last_text_row(self) -> int:
        """The last row showing a text (merged areas included), -1 for none."""
        self.text(0, 0)  # works out the shown texts
        assert self._shown_merged is not None
        return max((r for r, _ in self._shown_merged), default=-1)

    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=-1)

    def strings(self) -> Iterator[tuple[int, int, str]]:
        for (r, c), cell in self.cells.items():
            if cell.type == "s" and isinstance(cell.value, str) and cell.value.strip():
                yield r, c, cell.value


@dataclass
class RawWorkbook:
    """Sheets in workbook order; sheet contents are parsed on first use."""

    path: str
    sheet_names: list[str]
    sheet_states: dict[str, SheetState]
    custom_properties: dict[str, str]
    has_macros: bool = False  # a VBA project, or a macro-enabled content type
    has_external_links: bool = False
    external_links: tuple[str, ...] = ()  # the files external links point to
    _loader: Callable[[str], RawSheet] | None = field(default=None, repr=False)
    _sheets: dict[str, RawSheet] = field(default_factory=dict, repr=False)

    def has_sheet(self, name: str) -> bool:
        return name in self.sheet_states

    def sheet(self, name: str) -> RawSheet:
        """The parsed sheet (KeyError if the workbook has no such sheet)."""
        if name not in self.sheet_states:
            raise KeyError(name)
        if name not in self._sheets:
            if self._loader is None:
                self._sheets[name] = RawSheet(name, self.sheet_states[name])
            else:
                self._sheets[name] = self._loader(name)
        return self._sheets[name]

    def add_sheet(self, sheet: RawSheet) -> None:
        """Add an already parsed sheet (used by readers of other formats and tests)."""
        if sheet.name not in self.sheet_states:
            self.sheet_names.append(sheet.name)
            self.sheet_states[sheet.name] = sheet.state
        self._sheets[sheet.name] = sheet
