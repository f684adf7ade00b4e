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


def choose(fits: list[Alignment], doc: Document, year: int | None) -> Alignment | None:
    """The alignment of the report's format, or None when no table label was found."""
    fits = [a for a in fits if a.exact > 0]
    if not fits:
        return None
    keys = document_keys(doc)
    specs = [a.spec for a in fits]

    def distinct(fit: Alignment) -> int:
        others = [s for s in specs if s is not fit.spec]
        return sum(len(own_labels(fit.spec, others, t.id, keys)) for t in fit.spec.tables)

    scores = {id(a): distinct(a) for a in fits}
    wanted = _year_spec(year)
    showing = [a for a in fits if scores[id(a)] > 0]
    if len(showing) > 1 and wanted is not None:  # both formats: the year's is meant
        return next((a for a in fits if a.spec is wanted), showing[0])
    best = max(scores.values())
    top = [a for a in fits if scores[id(a)] == best]
    if len(top) > 1 and wanted is not None:
        return next((a for a in top if a.spec is wanted), max(top, key=lambda a: a.exact))
    return max(top, key=lambda a: a.exact)


def _year_spec(year: int | None) -> FormSpec | None:
    if year is None:
        return None
    try:
        return spec_for_year(year)
    except SpecError:
        return None


def foreign_tables(fit: Alignment, fits: list[Alignment], doc: Document) -> dict[str, list[str]]:
    """Tables printed in another format: table id -> that format's labels found."""
    keys = document_keys(doc)
    specs = [a.spec for a in fits]
    spec = fit.spec
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
