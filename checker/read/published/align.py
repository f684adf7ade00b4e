"""Find the spec's tables in a published document by their labels, cell by cell.

Tables are not taken by their number on the page: table 二 may be one table or
five, table 三 may continue in a second table without its header, an extra
table (信息处理费) may sit between them. Every row of every grid is read in order;
a row whose label is a row label of the spec gives that row's values — the cells
after the label, as many as the spec's block has columns. Table 四 (no row
labels) is the first row of value-like cells after the first label of its header
(行政复议). Nothing is guessed: a row with too few or too many cells, or found
twice, is a finding.

Text saved by a crawler or a "save as text" tool runs a row's cells together
("一、本年新收政府信息公开申请数量 2000002"): such a line is read as the row its
label ends with, when its numbers can be split only one way — separated by
spaces into as many numbers as the row has cells, or as many digits as cells.
Any other line is D707, naming the row and its digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from checker.facts import LayoutFact
from checker.read.published.document import Document, GridCell
from checker.read.published.labels import Match, bare, match_label
from checker.read.workbook import text_key
from checker.results import Location
from declaration.spec import Block, FormSpec, HeaderNode

_VALUE = re.compile(
    r"^[+\-－—/／\\无空]*\s*[+\-]?[\d０-９,，.．]*\s*"
    r"(万元|亿元|万|亿|元|件|个|项|次|条|笔|宗|起|份|人)?$"
)
DATA_ROW_SEARCH = 8  # the numbers of table 四 follow its header within a few rows


@dataclass(frozen=True)
class RowTarget:
    """A leaf row of the spec: its table, block, id, label and its block's column ids."""

    table: str
    block: Block
    row_id: str
    label: str
    col_ids: tuple[str, ...]


@dataclass
class Alignment:
    spec: FormSpec
    cells: dict[str, GridCell] = field(default_factory=dict)  # cell id -> where found
    layout: list[LayoutFact] = field(default_factory=list)  # what aligning had to tolerate
    rows_found: dict[str, set[str]] = field(default_factory=dict)  # table -> row ids
    exact: int = 0  # labels matched exactly: how well the document fits this format


def table_name(spec: FormSpec, table_id: str) -> str:
    """ "表三" for table t3: the numeral its title starts with."""
    return "表" + spec.table(table_id).title[:1]


@cache
def row_targets(spec: FormSpec) -> tuple[RowTarget, ...]:
    out = []
    for table in spec.tables:
        if table.id in unlabelled_tables(spec):
            continue
        for block in table.blocks:
            cols = tuple(leaf.id or "" for leaf, _ in block.leaf_columns())
            for leaf, path in block.leaf_rows():
                out.append(RowTarget(table.id, block, leaf.id or "", path[-1], cols))
    return tuple(out)


@cache
def all_labels(spec: FormSpec) -> tuple[str, ...]:
    """Every label the spec's tables print: rows, columns, groups, headings, corners."""
    return tuple(dict.fromkeys(x for t in spec.tables for x in all_labels_of(spec, t.id)))


@cache
def all_labels_of(spec: FormSpec, table_id: str) -> tuple[str, ...]:
    """Every label one table of the spec prints."""
    found: list[str] = []

    def nodes(items: tuple[HeaderNode, ...]) -> Iterator[str]:
        for node in items:
            if node.label:
                yield node.label
            yield from nodes(node.children)

    for block in spec.table(table_id).blocks:
        found += [x for x in (block.heading, block.corner) if x]
        found += nodes(block.columns)
        found += nodes(block.rows)
    return tuple(dict.fromkeys(found))


def value_like(text: str) -> bool:
    return bool(_VALUE.match(text.replace(" ", "")))


def align(doc: Document, spec: FormSpec) -> Alignment:
    """Where each value cell of ``spec`` is in ``doc``, with what had to be tolerated."""
    result = Alignment(spec)
    targets = row_targets(spec)
    by_label = {t.label: t for t in targets}
    leaf_labels = tuple(by_label)
    rows = [row for grid in doc.grids for row in grid.rows]
    tolerated: dict[str, tuple[str, str]] = {}  # found -> (official label, table)
    previous: RowTarget | None = None
    skip = _header_keys(spec)
    used: set[GridCell] = set()
    for row in rows:
        hit = _row_label(row, leaf_labels, previous, skip)
        if hit is None:
            continue
        at, match = hit
        target = by_label[match.label]
        previous = target
        used.add(row[at])
        if match.how == "exact":
            result.exact += 1
        else:
            tolerated.setdefault(row[at].text, (match.label, target.table))
        _take_row(result, target, row, at)
    _take_cases(result, rows)
    _take_run_together(result, doc)
    used.update(result.cells.values())
    grids = {c.table for c in used}
    for row in rows:
        for cell in row:
            if cell.table in grids and cell not in used:
                _header_variant(spec, cell.text, tolerated)
    result.layout[:0] = [
        LayoutFact("label-variant", sheet=table_name(spec, table), found=found, expected=label)
        for found, (label, table) in tolerated.items()
    ]
    _missing(result)
    return result


@cache
def _header_labels(spec: FormSpec) -> tuple[tuple[str, ...], dict[str, str]]:
    """The labels that are not leaf row labels, and the table each belongs to."""
    leaves = {t.label for t in row_targets(spec)}
    tables: dict[str, str] = {}
    for table in spec.tables:
        for label in all_labels_of(spec, table.id):
            if label not in leaves:
                tables.setdefault(label, table.id)
    return tuple(tables), tables


def _header_variant(spec: FormSpec, text: str, tolerated: dict[str, tuple[str, str]]) -> None:
    """A header cell with a typo (先行有效件数, 钩稽…): noted, since it is read as official."""
    if not text or text in tolerated or value_like(text) or text_key(text) in _all_keys(spec):
        return
    labels, tables = _header_labels(spec)
    match = match_label(text, labels)
    if match is not None and match.how != "exact":
        tolerated[text] = (match.label, tables[match.label])


@cache
def _all_keys(spec: FormSpec) -> frozenset[str]:
    return frozenset(text_key(x) for x in all_labels(spec))


@cache
def _header_keys(spec: FormSpec) -> frozenset[str]:
    """Keys of the labels that are not leaf row labels (headings, columns, groups)."""
    leaves = {text_key(t.label) for t in row_targets(spec)}
    return frozenset(k for k in map(text_key, all_labels(spec)) if k not in leaves)


def _row_label(
    row: list[GridCell],
    labels: tuple[str, ...],
    previous: RowTarget | None,
    skip: frozenset[str],
) -> tuple[int, Match] | None:
    """The rightmost cell of ``row`` that is a leaf row label, and how it matched."""
    for at in range(len(row) - 1, -1, -1):
        text = row[at].text
        if not text or value_like(text):
            continue
        if bare(text) == "其他" and previous is not None and previous.row_id.startswith("other_"):
            # "3.其他" printed without its number: only right after its sibling rows
            sibling = [x for x in labels if x.endswith("其他") and text_key(x) != text_key(text)]
            if sibling:
                return at, Match(sibling[0], "variant")
        if text_key(text) in skip:
            continue
        match = match_label(text, labels)
        if match is not None:
            return at, match
    return None


def _take_row(result: Alignment, target: RowTarget, row: list[GridCell], at: int) -> None:
    values = row[at + 1 :]
    while len(values) > len(target.col_ids) and not values[-1].text:
        values = values[:-1]  # empty cells padding the row to the page's width
    table_cells = result.rows_found.setdefault(target.table, set())
    where = row[at]
    if target.row_id in table_cells:
        result.layout.append(
            _ambiguous(result.spec, target, where, "该行出现了两次，已按第一次出现的读取")
        )
        return
    if len(values) != len(target.col_ids):
        reason = f"该行应有 {len(target.col_ids)} 个数值单元格，实有 {len(values)} 个，无法确定各数值所属的列"
        result.layout.append(_ambiguous(result.spec, target, where, reason))
        table_cells.add(target.row_id)
        return
    table_cells.add(target.row_id)
    for col_id, cell in zip(target.col_ids, values, strict=True):
        result.cells[f"{target.table}.{target.row_id}.{col_id}"] = cell


def _ambiguous(spec: FormSpec, target: RowTarget, where: GridCell, reason: str) -> LayoutFact:
    return LayoutFact(
        "ambiguous",
        sheet=table_name(spec, target.table),
        cell=position(where),
        row_label=target.label,
        reason=reason,
    )


def position(cell: GridCell, with_table: bool = True) -> str:
    """Where a cell is in the published document, as a reader counts."""
    return Location(table=cell.table if with_table else None, row=cell.row, column=cell.col).cell


@cache
def unlabelled_tables(spec: FormSpec) -> tuple[str, ...]:
    """Tables whose one data row has no label (table 四): found by their header."""
    return tuple(
        t.id
        for t in spec.tables
        if all(not path for block in t.blocks for _, path in block.leaf_rows())
    )


def _take_cases(result: Alignment, rows: list[list[GridCell]]) -> None:
    for table_id in unlabelled_tables(result.spec):
        _take_unlabelled(result, rows, table_id)


def _take_unlabelled(result: Alignment, rows: list[list[GridCell]], table_id: str) -> None:
    """The first row of value-like cells after the table's first header label."""
    spec = result.spec
    block = spec.table(table_id).blocks[0]
    cols = [leaf.id or "" for leaf, _ in block.leaf_columns()]
    row_id = block.leaf_rows()[0][0].id or ""
    header = _first_index(rows, all_labels_of(spec, table_id)[0])
    if header is None:
        return
    for row in rows[header + 1 : header + 1 + DATA_ROW_SEARCH]:
        values = list(row)
        while len(values) > len(cols) and not values[-1].text:
            values.pop()
        if len(values) > len(cols):  # a label before the numbers ("数量", "件数")
            values = values[-len(cols) :]
        texts = [c.text for c in values]
        if not values or not all(value_like(t) for t in texts):
            continue
        if not any(texts) and len(values) != len(cols):
            continue  # an empty spacer row, not the data row left blank
        result.rows_found.setdefault(table_id, set()).add(row_id)
        name = table_name(spec, table_id)
        if len(values) != len(cols):
            reason = f"{name}应有 {len(cols)} 个数值单元格，实有 {len(values)} 个，无法确定各数值所属的列"
            result.layout.append(
                LayoutFact("ambiguous", sheet=name, cell=position(row[0]), reason=reason)
            )
            return
        for col_id, cell in zip(cols, values, strict=True):
            result.cells[f"{table_id}.{row_id}.{col_id}"] = cell
        result.exact += 1
        return


def _first_index(rows: list[list[GridCell]], label: str) -> int | None:
    key = text_key(label)
    for index, row in enumerate(rows):
        if any(text_key(c.text) == key for c in row):
            return index
    return None


@cache
def needed_cells(spec: FormSpec) -> frozenset[str]:
    """The cells some check of this year needs: in a total, in a same-year arithmetic
    rule, or a key figure. A published row with none of them (表二's 规章 row, which
    organs without rule-making power leave out) may be omitted: a warning, not S105."""
    needed: set[str] = set()
    for total in spec.totals:
        needed.add(total.target)
        needed.update(total.expr.cells())
    for rule in spec.rules:
        for check in rule.checks:
            if not check.uses_prior():
                needed.update(t.cell for t in check.lhs.terms + check.rhs.terms)
    for cells in spec.roles.values():
        needed.update(cells)
    return frozenset(needed)


def _missing(result: Alignment) -> None:
    """A table not found at all is one finding; a row left out is S105, or D716 when
    no check of this year needs it."""
    spec = result.spec
    needed = needed_cells(spec)
    for table in spec.tables:
        found = result.rows_found.get(table.id, set())
        name = table_name(spec, table.id)
        if not found:
            result.layout.append(LayoutFact("table-missing", sheet=name, expected=table.title))
            continue
        for block in table.blocks:
            for leaf, path in block.leaf_rows():
                if leaf.id not in found:
                    label = path[-1] if path else ""
                    cols = [c.id for c, _ in block.leaf_columns()]
                    used = any(f"{table.id}.{leaf.id}.{c}" in needed for c in cols)
                    result.layout.append(
                        LayoutFact(
                            "deleted" if used else "omitted",
                            sheet=name,
                            row_label=label,
                            what="行",
                            expected=label,
                        )
                    )


# -- cells run together (text saved by a crawler) ----------------------------------

# a line's trailing numbers: digits, spaces, decimal points and thousands commas
_TRAILING_NUMBERS = re.compile(r"^(?P<label>.*?[^\d\s.,，．])\s*(?P<numbers>\d[\d\s.,，．]*)$")
_DIGITS_ONLY = re.compile(r"^\d[\d\s]*$")


def _paragraph_rows(doc: Document) -> list[tuple[int, str]]:
    """(ordinal, text) of the document's paragraphs, counted from 1."""
    out: list[tuple[int, str]] = []
    for block in doc.blocks:
        if isinstance(block, str):
            out.append((len(out) + 1, block))
    return out


def _take_run_together(result: Alignment, doc: Document) -> None:
    """Rows whose label and numbers ran together into one paragraph, for the rows the
    document's tables did not give; table 四 as a line of digits after its header.
    The rows that cannot be split are one D707 per table, naming each row and its digits."""
    paragraphs = _paragraph_rows(doc)
    if not paragraphs:
        return
    spec = result.spec
    targets = [t for t in row_targets(spec) if t.row_id not in result.rows_found.get(t.table, ())]
    unsplit: dict[str, list[tuple[int, str, str]]] = {}  # table -> (line, label, digits)
    for ordinal, text in paragraphs:
        _run_together_row(result, targets, ordinal, text, unsplit)
    for table_id in unlabelled_tables(spec):
        if not result.rows_found.get(table_id):
            _run_together_unlabelled(result, paragraphs, table_id, unsplit)
    for table_id, rows in unsplit.items():
        result.layout.append(_unsplit_fact(spec, table_id, rows))


def _unsplit_fact(spec: FormSpec, table_id: str, rows: list[tuple[int, str, str]]) -> LayoutFact:
    name = table_name(spec, table_id)
    listed = "；".join(f"第{line}行 {label}：“{digits}”" for line, label, digits in rows)
    which = f"{len(rows)} 行" if len(rows) > 1 else "1 行"
    reason = (
        f"{name}有 {which}的单元格连在一起（单元格之间的分隔在保存或复制时丢失了），"
        f"数字的位数与单元格个数不符，分不出每个单元格各是多少——{listed}。"
        "这些行按未读出计，用到它们的核对未做；请提供网页原文、Word 版或 PDF"
    )
    first_line, first_label, _ = rows[0]
    return LayoutFact(
        "ambiguous",
        sheet=name,
        cell=f"第{first_line}行",
        row_label=first_label if len(rows) == 1 else "",
        reason=reason,
    )


def _run_together_row(
    result: Alignment,
    targets: list[RowTarget],
    ordinal: int,
    text: str,
    unsplit: dict[str, list[tuple[int, str, str]]],
) -> None:
    m = _TRAILING_NUMBERS.match(" ".join(text.split()))
    if m is None:
        return
    target = _label_at_end(m.group("label"), targets)
    if target is None or target.row_id in result.rows_found.get(target.table, ()):
        return
    numbers = m.group("numbers")
    cells = split_run_together(numbers, len(target.col_ids))
    result.rows_found.setdefault(target.table, set()).add(target.row_id)
    result.exact += 1
    if cells is None:
        digits = "".join(numbers.split())
        unsplit.setdefault(target.table, []).append((ordinal, target.label, digits))
        return
    for c, (col_id, value) in enumerate(zip(target.col_ids, cells, strict=True), start=2):
        result.cells[f"{target.table}.{target.row_id}.{col_id}"] = GridCell(value, 0, ordinal, c)


def _label_at_end(text: str, targets: list[RowTarget]) -> RowTarget | None:
    """The row whose official label ``text`` ends with (the longest such label): a
    run-together line also carries the group labels before it ("（三）不予公开1.属于国家秘密")."""
    key = text_key(text)
    ending = [t for t in targets if key.endswith(text_key(t.label))]
    return max(ending, key=lambda t: len(text_key(t.label)), default=None)


def split_run_together(numbers: str, count: int) -> list[str] | None:
    """The ``count`` cell texts of a row's run-together numbers, or None when they can
    be split in more than one way: as many space-separated numbers as cells, or
    (written without separators) as many digits as cells."""
    parts = numbers.split()
    if len(parts) == count:
        return parts
    joined = "".join(parts)
    if joined.isdigit() and len(joined) == count:
        return list(joined)
    return None


def _run_together_unlabelled(
    result: Alignment,
    paragraphs: list[tuple[int, str]],
    table_id: str,
    unsplit: dict[str, list[tuple[int, str, str]]],
) -> None:
    """Table 四 saved as text: its header run together, then a line of its numbers."""
    spec = result.spec
    first = text_key(all_labels_of(spec, table_id)[0])
    header = next((i for i, (_, t) in enumerate(paragraphs) if text_key(t).startswith(first)), None)
    if header is None:
        return
    block = spec.table(table_id).blocks[0]
    cols = [leaf.id or "" for leaf, _ in block.leaf_columns()]
    row_id = block.leaf_rows()[0][0].id or ""
    for ordinal, text in paragraphs[header + 1 : header + 1 + DATA_ROW_SEARCH]:
        if not _DIGITS_ONLY.match(text.strip()):
            continue
        result.rows_found.setdefault(table_id, set()).add(row_id)
        result.exact += 1
        cells = split_run_together(text, len(cols))
        if cells is None:
            unsplit.setdefault(table_id, []).append((ordinal, "数字行", "".join(text.split())))
            return
        for c, (col_id, value) in enumerate(zip(cols, cells, strict=True), start=1):
            result.cells[f"{table_id}.{row_id}.{col_id}"] = GridCell(value, 0, ordinal, c)
        return
