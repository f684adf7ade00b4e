"""The typed model of an official form, loaded from ``templates/<format>.json``.

The spec is the single source of truth: labels, header nesting, cell ids, input
kinds, totals and arithmetic rules. The builder renders it to Excel; the checker
evaluates it in Python. ``load_spec`` validates the spec itself.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import product
from pathlib import Path
from typing import Any, Literal

from declaration.expr import ExprError, Linear, Term, parse, split_check, substitute
from declaration.severity import Severity


def _spec_dir() -> Path:
    """The folder of spec files: XXGK_SPEC_DIR (every format's spec file, e.g. with a new
    official format added), else templates/ beside the packages (a checkout), else the
    copy an installed package carries (declaration/specs)."""
    given = os.environ.get("XXGK_SPEC_DIR")
    if given:
        return Path(given)
    beside = Path(__file__).resolve().parent.parent / "templates"
    if (beside / "2021.json").is_file():
        return beside
    return Path(__file__).resolve().parent / "specs"


SPEC_DIR = _spec_dir()

Kind = Literal["count", "signed", "amount"]
KINDS: tuple[str, ...] = ("count", "signed", "amount")
SEVERITIES: tuple[str, ...] = tuple(Severity)

KIND_NAMES: dict[str, str] = {
    "count": "非负整数",
    "signed": "整数（可为负数）",
    "amount": "金额（万元，可含小数）",
}


class SpecError(ValueError):
    """The spec file itself is inconsistent."""


@dataclass(frozen=True)
class HeaderNode:
    """A row or column header: a leaf with an id, or a group with children."""

    label: str | None
    id: str | None = None
    kind: Kind | None = None
    span: int = 1
    children: tuple[HeaderNode, ...] = ()

    def leaves(self) -> Iterator[tuple[HeaderNode, tuple[str, ...]]]:
        """Yield (leaf, label path from this node down)."""
        own = (self.label,) if self.label else ()
        if not self.children:
            yield self, own
            return
        for child in self.children:
            for leaf, path in child.leaves():
                yield leaf, own + path

    def depth(self) -> int:
        below = max((c.depth() for c in self.children), default=0)
        return below + (1 if self.label is not None else 0)


@dataclass(frozen=True)
class Block:
    """A block of a table: a header tree of columns over a tree of row labels."""

    id: str
    heading: str | None
    corner: str | None
    columns: tuple[HeaderNode, ...]
    rows: tuple[HeaderNode, ...]
    kind: Kind = "count"

    def leaf_columns(self) -> list[tuple[HeaderNode, tuple[str, ...]]]:
        return [x for node in self.columns for x in node.leaves()]

    def leaf_rows(self) -> list[tuple[HeaderNode, tuple[str, ...]]]:
        return [x for node in self.rows for x in node.leaves()]

    def header_depth(self) -> int:
        return max(n.depth() for n in self.columns)

    def label_depth(self) -> int:
        return max(n.depth() for n in self.rows)

    def width(self) -> int:
        return self.label_depth() + sum(leaf.span for leaf, _ in self.leaf_columns())


@dataclass(frozen=True)
class Table:
    """One table of the format (二、三 or 四): its title and blocks of rows and columns."""

    id: str
    title: str
    orientation: Literal["portrait", "landscape"]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CellSpec:
    """One value cell of a table, named ``table.row.col``."""

    id: str
    table: str
    block: str
    row: str
    col: str
    kind: Kind
    row_path: tuple[str, ...]
    col_path: tuple[str, ...]
    is_total: bool = False

    @property
    def row_label(self) -> str:
        return self.row_path[-1] if self.row_path else ""

    @property
    def col_label(self) -> str:
        return self.col_path[-1] if self.col_path else ""


@dataclass(frozen=True)
class CoverField:
    """A field of the cover sheet (单位名称, 单位代码, 年度 …)."""

    id: str
    label: str
    required: bool


@dataclass(frozen=True)
class Total:
    """One total cell and the expression that defines it."""

    group: str
    target: str
    expr: Linear
    source: str


@dataclass(frozen=True)
class RuleCheck:
    """One concrete comparison of a rule (one column, one row, …)."""

    rule: str
    lhs: Linear
    op: Literal["=", ">=", "<="]
    rhs: Linear
    bindings: tuple[tuple[str, str], ...]
    anchor: str

    def holds(self, values: Mapping[str, float], prior: Mapping[str, float] | None = None) -> bool:
        left = self.lhs.evaluate(values, prior)
        right = self.rhs.evaluate(values, prior)
        if self.op == ">=":
            return left >= right - 1e-9
        if self.op == "<=":
            return left <= right + 1e-9
        return abs(left - right) < 1e-6

    def uses_prior(self) -> bool:
        return self.lhs.uses_prior() or self.rhs.uses_prior()


@dataclass(frozen=True)
class Rule:
    """A rule of the spec: an identity (``lhs = rhs`` per check) with its id, severity and
    message; ``total_group`` ties it to a total, ``prefill`` marks the carry-over."""

    id: str
    name: str
    severity: Severity
    title: str
    message: str
    explanation: str
    lhs_label: str
    rhs_label: str
    checks: tuple[RuleCheck, ...]
    total_group: str | None = None
    # "prefill": the rule is "input cell = prior.cell" per check, and distribution
    # fills each such input from last year's return (the carry-over, X501)
    prefill: bool = False


@dataclass(frozen=True)
class Figure:
    """A figure compared from year to year: a stable id (the same in every format, so
    that a 2021 return is compared with its 2020 return of the 2019 format), a short
    Chinese label, and the cells whose sum it is."""

    id: str
    label: str
    cells: tuple[str, ...]

    def value(self, values: Mapping[str, float]) -> float | None:
        """The figure in ``values``; None when none of its cells is there."""
        found = [values[c] for c in self.cells if c in values]
        return sum(found) if found else None


@dataclass(frozen=True, eq=False)
class FormSpec:
    """One official format, loaded from ``templates/<format>.json``: its tables (header
    trees, rows, cell ids), the cover's fields, the named sets of columns, the totals
    and rules as linear expressions, and the roles that name cells for the reports.
    The builder writes it and the checker evaluates it; nothing else declares a label."""

    format: str
    spec_version: str
    name: str
    document: str
    first_year: int
    last_year: int | None
    cover_title: str
    cover_fields: tuple[CoverField, ...]
    tables: tuple[Table, ...]
    sets: Mapping[str, tuple[str, ...]]
    totals: tuple[Total, ...]
    rules: tuple[Rule, ...]
    cells: Mapping[str, CellSpec] = field(default_factory=dict)
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # roles that list labelled figures (``year_figures``): each a sum of cells
    figure_roles: Mapping[str, tuple[Figure, ...]] = field(default_factory=dict)

    # -- lookups -------------------------------------------------------------
    def table(self, table_id: str) -> Table:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def input_cells(self) -> list[CellSpec]:
        return [c for c in self.cells.values() if not c.is_total]

    def total_cells(self) -> list[CellSpec]:
        return [c for c in self.cells.values() if c.is_total]

    def total_for(self, cell_id: str) -> Total | None:
        return self._totals_by_target().get(cell_id)

    @lru_cache(maxsize=8)  # noqa: B019 - specs are immutable and few (a batch mixes formats)
    def _totals_by_target(self) -> dict[str, Total]:
        return {t.target: t for t in self.totals}

    def role(self, name: str) -> tuple[str, ...]:
        """The cells of a named role (empty when this format has none)."""
        return self.roles.get(name, ())

    def figures(self, name: str) -> tuple[Figure, ...]:
        """The labelled figures of a role that lists them (empty when this format has none)."""
        return self.figure_roles.get(name, ())

    def role_cell(self, name: str) -> str | None:
        """The one cell of a single-cell role, or None when this format has none."""
        cells = self.roles.get(name, ())
        return cells[0] if len(cells) == 1 else None

    def carry_over(self) -> tuple[tuple[str, str], ...]:
        """(input cell, last year's cell) of every prefill rule's check whose
        cell is an input: what distribution fills from last year (X501 checks
        the totals too)."""
        pairs: list[tuple[str, str]] = []
        for rule in self.rules:
            if not rule.prefill:
                continue
            for check in rule.checks:
                lhs, rhs = check.lhs.terms, check.rhs.terms
                if (
                    check.op != "="
                    or len(lhs) != 1
                    or len(rhs) != 1
                    or lhs[0].prior
                    or not rhs[0].prior
                    or check.lhs.constant
                    or check.rhs.constant
                ):
                    raise SpecError(f"规则 {rule.id}：预填规则须为“本年单元格 = prior.上年单元格”")
                if not self.cells[lhs[0].cell].is_total:  # a total follows its inputs
                    pairs.append((lhs[0].cell, rhs[0].cell))
        return tuple(pairs)

    def covers_year(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    # -- evaluation ----------------------------------------------------------
    def compute_totals(self, inputs: Mapping[str, float]) -> dict[str, float]:
        """All cell values: ``inputs`` plus every total computed from them."""
        values: dict[str, float] = {c: float(inputs.get(c, 0)) for c in self.cells}
        for total in self.totals_in_order():
            values[total.target] = total.expr.evaluate(values)
        return values

    @lru_cache(maxsize=8)  # noqa: B019 - as above
    def totals_in_order(self) -> tuple[Total, ...]:
        """Totals sorted so that each comes after the totals it sums."""
        pending = {t.target: t for t in self.totals}
        done: list[Total] = []
        seen: set[str] = set()
        while pending:
            ready = [
                t
                for t in pending.values()
                if all(c in seen or c not in pending for c in t.expr.cells())
            ]
            if not ready:
                raise SpecError(f"总计之间存在循环引用：{sorted(pending)}")
            for t in ready:
                done.append(t)
                seen.add(t.target)
                del pending[t.target]
        return tuple(done)

    def failed_checks(
        self, values: Mapping[str, float], prior: Mapping[str, float] | None = None
    ) -> list[RuleCheck]:
        """Every rule check that does not hold (prior-year checks need ``prior``)."""
        failed = []
        for rule in self.rules:
            for check in rule.checks:
                if check.uses_prior() and prior is None:
                    continue
                if not check.holds(values, prior):
                    failed.append(check)
        return failed


# -- loading -----------------------------------------------------------------


def _node(raw: Mapping[str, Any], where: str) -> HeaderNode:
    children = tuple(_node(c, where) for c in raw.get("children", ()))
    kind = raw.get("kind")
    if kind is not None and kind not in KINDS:
        raise SpecError(f"{where}：未知的输入类型 {kind!r}")
    if not children and not raw.get("id"):
        raise SpecError(f"{where}：末级表头 {raw.get('label')!r} 缺少 id")
    span = int(raw.get("span", 1))
    if span < 1:
        raise SpecError(f"{where}：span 须为正整数")
    return HeaderNode(raw.get("label"), raw.get("id"), kind, span, children)


def _expand_bindings(
    for_each: Mapping[str, Any], sets: Mapping[str, tuple[str, ...]], where: str
) -> list[dict[str, str]]:
    if not for_each:
        return [{}]
    names = list(for_each)
    domains = []
    for name in names:
        dom = for_each[name]
        if isinstance(dom, str) and dom.startswith("@"):
            if dom[1:] not in sets:
                raise SpecError(f"{where}：未定义的集合 {dom}")
            domains.append(list(sets[dom[1:]]))
        elif isinstance(dom, list):
            domains.append([str(x) for x in dom])
        else:
            raise SpecError(f"{where}：for_each 的取值须为 @集合 或列表")
    return [dict(zip(names, combo, strict=True)) for combo in product(*domains)]


def _cells(tables: tuple[Table, ...]) -> dict[str, CellSpec]:
    cells: dict[str, CellSpec] = {}
    for table in tables:
        row_ids: set[str] = set()
        for block in table.blocks:
            col_ids = [leaf.id for leaf, _ in block.leaf_columns()]
            if len(set(col_ids)) != len(col_ids):
                raise SpecError(f"{table.id}.{block.id}：列 id 重复")
            for row, row_path in block.leaf_rows():
                assert row.id is not None
                if row.id in row_ids:
                    raise SpecError(f"{table.id}：行 id {row.id} 重复")
                row_ids.add(row.id)
                for col, col_path in block.leaf_columns():
                    assert col.id is not None
                    cell_id = f"{table.id}.{row.id}.{col.id}"
                    kind = col.kind or row.kind or block.kind
                    cells[cell_id] = CellSpec(
                        cell_id, table.id, block.id, row.id, col.id, kind, row_path, col_path
                    )
    return cells


def _check_refs(expr: Linear, cells: Mapping[str, CellSpec], where: str) -> None:
    for term in expr.terms:
        if term.cell not in cells:
            raise SpecError(f"{where}：引用的单元格 {term.cell} 不存在")


def build_spec(raw: Mapping[str, Any]) -> FormSpec:
    """Turn the parsed JSON into a validated FormSpec, step by step."""
    tables = _tables(raw["tables"])
    cells = _cells(tables)
    sets = {k: tuple(v) for k, v in raw.get("sets", {}).items()}
    totals, groups = _totals(raw.get("totals", []), cells, sets)
    for target in (t.target for t in totals):
        cells[target] = replace(cells[target], is_total=True)
    rules = _rules(raw.get("rules", []), cells, sets, groups)
    cover = raw["cover"]
    years = raw["years"]
    spec = FormSpec(
        format=str(raw["format"]),
        spec_version=str(raw["spec_version"]),
        name=raw["name"],
        document=raw["document"],
        first_year=int(years[0]),
        last_year=None if years[1] is None else int(years[1]),
        cover_title=cover["title"],
        cover_fields=tuple(
            CoverField(f["id"], f["label"], bool(f.get("required"))) for f in cover["fields"]
        ),
        tables=tables,
        sets=sets,
        totals=tuple(totals),
        rules=rules,
        cells=cells,
        roles=_roles(raw.get("roles", {}), cells, sets),
        figure_roles=_figure_roles(raw.get("roles", {}), cells, sets),
    )
    spec.totals_in_order()  # raises on cycles
    spec.carry_over()  # raises when the prefill rule is not "input = prior.cell"
    return spec


def _tables(raw_tables: Sequence[Mapping[str, Any]]) -> tuple[Table, ...]:
    tables = []
    table_ids: set[str] = set()
    for t in raw_tables:
        if t["id"] in table_ids:
            raise SpecError(f"表 id {t['id']} 重复")
        table_ids.add(t["id"])
        blocks = tuple(
            Block(
                b["id"],
                b.get("heading"),
                b.get("corner"),
                tuple(_node(c, f"{t['id']}.{b['id']}") for c in b["columns"]),
                tuple(_node(r, f"{t['id']}.{b['id']}") for r in b["rows"]),
                b.get("kind", "count"),
            )
            for b in t["blocks"]
        )
        widths = {b.width() for b in blocks}
        if len(widths) != 1:
            raise SpecError(f"{t['id']}：各块的宽度不一致 {sorted(widths)}")
        tables.append(Table(t["id"], t["title"], t.get("orientation", "portrait"), blocks))
    return tuple(tables)


def _totals(
    raw_totals: Sequence[Mapping[str, Any]],
    cells: Mapping[str, CellSpec],
    sets: Mapping[str, tuple[str, ...]],
) -> tuple[list[Total], dict[str, list[Total]]]:
    """Every total (expanded over its ``for_each``) and the totals of each group id."""
    totals: list[Total] = []
    groups: dict[str, list[Total]] = {}
    for tot in raw_totals:
        where = f"总计 {tot['id']}"
        for bindings in _expand_bindings(tot.get("for_each", {}), sets, where):
            target = substitute(tot["target"], bindings)
            if target not in cells:
                raise SpecError(f"{where}：目标单元格 {target} 不存在")
            try:
                expr = parse(substitute(tot["expr"], bindings), sets)
            except ExprError as exc:
                raise SpecError(f"{where}：{exc}") from exc
            _check_refs(expr, cells, where)
            if expr.uses_prior():
                raise SpecError(f"{where}：总计不能引用上年数据")
            total = Total(tot["id"], target, expr, substitute(tot["expr"], bindings))
            totals.append(total)
            groups.setdefault(tot["id"], []).append(total)
    targets = [t.target for t in totals]
    if len(set(targets)) != len(targets):
        raise SpecError("同一单元格被定义了两个总计")
    return totals, groups


def _rules(
    raw_rules: Sequence[Mapping[str, Any]],
    cells: Mapping[str, CellSpec],
    sets: Mapping[str, tuple[str, ...]],
    groups: Mapping[str, list[Total]],
) -> tuple[Rule, ...]:
    rules = []
    rule_ids: set[str] = set()
    for r in raw_rules:
        where = f"规则 {r['id']}"
        if r["id"] in rule_ids:
            raise SpecError(f"{where}：规则 id 重复")
        rule_ids.add(r["id"])
        if r["severity"] not in SEVERITIES:
            raise SpecError(f"{where}：未知的级别 {r['severity']}")
        if "total" in r:
            checks = _total_checks(r, groups, where)
        else:
            checks = _identity_checks(r, cells, sets, where)
        rules.append(
            Rule(
                r["id"],
                r["name"],
                Severity(r["severity"]),
                r["title"],
                r["message"],
                r["explanation"],
                r.get("lhs_label", ""),
                r.get("rhs_label", ""),
                checks,
                r.get("total"),
                bool(r.get("prefill", False)),
            )
        )
    return tuple(rules)


def _total_checks(
    r: Mapping[str, Any], groups: Mapping[str, list[Total]], where: str
) -> tuple[RuleCheck, ...]:
    """``total = its expression`` for every total of the rule's group."""
    if r["total"] not in groups:
        raise SpecError(f"{where}：引用的总计 {r['total']} 不存在")
    return tuple(
        RuleCheck(r["id"], Linear((Term(1, total.target),)), "=", total.expr, (), total.target)
        for total in groups[r["total"]]
    )


def _identity_checks(
    r: Mapping[str, Any],
    cells: Mapping[str, CellSpec],
    sets: Mapping[str, tuple[str, ...]],
    where: str,
) -> tuple[RuleCheck, ...]:
    """The rule's ``check`` expanded over its ``for_each``."""
    checks: list[RuleCheck] = []
    for bindings in _expand_bindings(r.get("for_each", {}), sets, where):
        try:
            lhs_text, op, rhs_text = split_check(substitute(r["check"], bindings))
            lhs, rhs = parse(lhs_text, sets), parse(rhs_text, sets)
        except ExprError as exc:
            raise SpecError(f"{where}：{exc}") from exc
        _check_refs(lhs, cells, where)
        _check_refs(rhs, cells, where)
        anchor = next((t.cell for t in lhs.terms + rhs.terms if not t.prior), None)
        if anchor is None:
            raise SpecError(f"{where}：校验式没有引用本年单元格")
        checks.append(
            RuleCheck(r["id"], lhs, op, rhs, tuple(sorted(bindings.items())), anchor)  # type: ignore[arg-type]
        )
    return tuple(checks)


def _roles(
    raw_roles: Mapping[str, Any], cells: Mapping[str, CellSpec], sets: Mapping[str, tuple[str, ...]]
) -> Mapping[str, tuple[str, ...]]:
    """Named cells the code asks for by meaning (``new_applications``), each a
    reference that may expand over a set (``t3.@outcomes.total``)."""
    return {
        name: _role_cells(ref, cells, sets, f"角色 {name}")
        for name, ref in raw_roles.items()
        if not isinstance(ref, list)
    }


def _role_cells(
    ref: object, cells: Mapping[str, CellSpec], sets: Mapping[str, tuple[str, ...]], where: str
) -> tuple[str, ...]:
    """The cells of one reference of a role: a cell, or cells joined by ``+``."""
    if not isinstance(ref, str):
        raise SpecError(f"{where}：须为单元格引用（文字），收到 {ref!r}")
    try:
        expr = parse(ref, sets)
    except ExprError as exc:
        raise SpecError(f"{where}：{exc}") from exc
    if expr.uses_prior() or expr.constant or any(t.sign != 1 for t in expr.terms):
        raise SpecError(f"{where}：只能是单元格或单元格列表：{ref}")
    _check_refs(expr, cells, where)
    return tuple(expr.cells())


def _figure_roles(
    raw_roles: Mapping[str, Any], cells: Mapping[str, CellSpec], sets: Mapping[str, tuple[str, ...]]
) -> Mapping[str, tuple[Figure, ...]]:
    """Roles that list labelled figures: ``[{"id", "label", "cells"}, …]``, ids unique."""
    out: dict[str, tuple[Figure, ...]] = {}
    for name, items in raw_roles.items():
        if not isinstance(items, list):
            continue
        figures: list[Figure] = []
        for i, item in enumerate(items, 1):
            where = f"角色 {name} 第 {i} 项"
            if not isinstance(item, dict) or not {"id", "label", "cells"} <= set(item):
                raise SpecError(f"{where}：须有 id、label、cells 三项")
            if any(f.id == item["id"] for f in figures):
                raise SpecError(f"{where}：id {item['id']} 重复")
            refs = _role_cells(item["cells"], cells, sets, where)
            figures.append(Figure(str(item["id"]), str(item["label"]), refs))
        out[name] = tuple(figures)
    return out


@cache  # one spec per spec file: only a file's own name is a format (common.memo)
def load_spec(fmt: str) -> FormSpec:
    """Load and validate ``templates/<fmt>.json``."""
    path = SPEC_DIR / f"{fmt}.json"
    if not re.fullmatch(r"[0-9A-Za-z_][0-9A-Za-z_.-]{0,39}", fmt) or not path.exists():
        raise SpecError(f"没有格式 {fmt} 的规格文件（{path}）")
    with path.open(encoding="utf-8") as fh:
        return build_spec(json.load(fh))


def available_formats() -> list[str]:
    return sorted(p.stem for p in SPEC_DIR.glob("*.json"))


def all_specs() -> list[FormSpec]:
    return [load_spec(f) for f in available_formats()]


def spec_for_year(year: int) -> FormSpec:
    """The official format in force for a report year."""
    for spec in all_specs():
        if spec.covers_year(year):
            return spec
    first = min(spec.first_year for spec in all_specs())
    raise SpecError(f"没有适用于 {year} 年度报告的格式（最早为 {first} 年度）")
