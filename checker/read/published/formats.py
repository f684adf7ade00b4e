"""Which official format a published report uses, table by table.

The two formats share most labels; what tells them apart are the labels only one
of them prints (本年新制作数量 or 本年制发件数, 政府集中采购, the three rows under
（六）其他处理 …). The report's format is the one whose own labels it shows; when
it shows both (a 2021 report with the 2019 table 二), the format of the report's
year is taken and each table printed in the other format is one D715 finding —
its cells are not read, since their columns mean something else.
"""

from __future__ import annotations

from functools import cache

from checker.read.published.align import Alignment, all_labels_of
from checker.read.published.document import Document
from checker.read.workbook import text_key
from declaration.spec import FormSpec, SpecError, spec_for_year


def table_keys(spec: FormSpec, table_id: str) -> frozenset[str]:
    """Keys of every label a table of ``spec`` prints."""
    return frozenset(table_labels(spec, table_id))


@cache
def table_labels(spec: FormSpec, table_id: str) -> dict[str, str]:
    """Every label a table of ``spec`` prints, by its key."""
    return {text_key(x): x for x in all_labels_of(spec, table_id)}


def document_keys(doc: Document) -> frozenset[str]:
    return frozenset(text_key(c.text) for g in doc.grids for row in g.rows for c in row)


def own_labels(
    spec: FormSpec, others: list[FormSpec], table_id: str, keys: frozenset[str]
) -> set[str]:
    """Labels of ``spec``'s table that no other format prints, present in the document."""
    own = set(table_keys(spec, table_id))
    for other in others:
        if any(t.id == table_id for t in other.tables):
            own -= table_keys(other, table_id)
    return own & keys


def guess(specs: list[FormSpec], keys: frozenset[str], year: int | None) -> FormSpec | None:
    """The format whose own labels the document shows (None: cannot tell from labels)."""

    def distinct(spec: FormSpec) -> int:
        others = [s for s in specs if s is not spec]
        return sum(len(own_labels(spec, others, t.id, keys)) for t in spec.tables)

    scores = {spec.format: distinct(spec) for spec in specs}
    wanted = _year_spec(year)
    showing = [s for s in specs if scores[s.format] > 0]
    if len(showing) > 1 and wanted in specs:  # both formats: the year's is meant
        return wanted
    best = max(scores.values(), default=0)
    top = [s for s in specs if scores[s.format] == best]
    if len(top) == 1:
        return top[0]
    return wanted if wanted in top else None


def choose(fits: list[Alignment], year: int | None) -> Alignment | None:
    """Of the alignments tried, the one of the report's format (None: no table label found)."""
    fits = [a for a in fits if a.exact > 0]
    if len(fits) <= 1:
        return fits[0] if fits else None
    wanted = _year_spec(year)
    return next((a for a in fits if a.spec is wanted), max(fits, key=lambda a: a.exact))


def _year_spec(year: int | None) -> FormSpec | None:
    if year is None:
        return None
    try:
        return spec_for_year(year)
    except SpecError:
        return None


def foreign_tables(
    spec: FormSpec, specs: list[FormSpec], keys: frozenset[str]
) -> dict[str, list[str]]:
    """Tables printed in another format: table id -> that format's labels found."""
    out: dict[str, list[str]] = {}
    for table in spec.tables:
        mine = own_labels(spec, [s for s in specs if s is not spec], table.id, keys)
        for other in specs:
            if other is spec or not any(t.id == table.id for t in other.tables):
                continue
            theirs = own_labels(other, [s for s in specs if s is not other], table.id, keys)
            if len(theirs) > len(mine):
                labels = table_labels(other, table.id)
                out[table.id] = [labels[k] for k in sorted(theirs)]
    return out
