"""A tiny linear expression language over cell ids.

Totals and rules in a spec are written as expressions such as
``sum(t3.{row}.@applicants)`` or ``t3.new.{col} + t3.carried.{col}``. After the
``for_each`` variables are substituted, an expression is a signed sum of cell
references (optionally prefixed ``prior.`` for last year's return) and integer
constants. Builder and checker both work from the parsed form, so the Excel
formula and the Python evaluation cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

_TOKEN = re.compile(r"\s*(?:(sum)\(|([+\-])|(\))|([A-Za-z_@{][\w.@{}]*)|(\d+(?:\.\d+)?))")


class ExprError(ValueError):
    """An expression in a spec that cannot be parsed or expanded."""


@dataclass(frozen=True)
class Term:
    """One signed cell reference: ``sign * cell`` (``prior`` = last year's return)."""

    sign: int
    cell: str
    prior: bool = False


@dataclass(frozen=True)
class Linear:
    """A signed sum of cell references plus a constant."""

    terms: tuple[Term, ...]
    constant: float = 0.0
    # (sign, cell) of every term when none is ``prior.``: the quick path of evaluate
    _plain: tuple[tuple[int, str], ...] | None = field(
        init=False, repr=False, compare=False, default=None
    )

    def __post_init__(self) -> None:
        if not any(t.prior for t in self.terms):
            object.__setattr__(self, "_plain", tuple((t.sign, t.cell) for t in self.terms))

    def cells(self) -> list[str]:
        return [t.cell for t in self.terms]

    def uses_prior(self) -> bool:
        return self._plain is None

    def evaluate(
        self,
        values: Mapping[str, float],
        prior: Mapping[str, float] | None = None,
    ) -> float:
        """Evaluate with ``values`` (missing cells count as 0).

        Raises KeyError when a ``prior.`` term is used and ``prior`` is None.
        """
        total = self.constant
        if self._plain is not None:  # the same sums in the same order, fewer lookups
            get = values.get
            for sign, cell in self._plain:
                total += sign * get(cell, 0)
            return total
        for t in self.terms:
            source = values
            if t.prior:
                if prior is None:
                    raise KeyError(t.cell)
                source = prior
            total += t.sign * source.get(t.cell, 0)
        return total


def substitute(text: str, bindings: Mapping[str, str]) -> str:
    """Replace ``{var}`` placeholders; an unknown placeholder is an error."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in bindings:
            raise ExprError(f"未定义的变量 {{{name}}}：{text}")
        return bindings[name]

    return re.sub(r"\{(\w+)\}", repl, text)


def parse(text: str, sets: Mapping[str, Sequence[str]]) -> Linear:
    """Parse a substituted expression into a Linear form.

    ``@name`` inside a reference expands to every member of the named set, so
    ``t3.new.@applicants`` is the sum of six cells.
    """
    terms: list[Term] = []
    constant = 0.0
    pos = 0
    sign = 1
    depth = 0
    expect_operand = True
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise ExprError(f"无法解析的表达式：{text!r}（位置 {pos}）")
        pos = m.end()
        func, op, close, ref, number = m.groups()
        if func:
            if not expect_operand:
                raise ExprError(f"缺少运算符：{text!r}")
            depth += 1
        elif op:
            if expect_operand:
                if op == "-":
                    sign = -sign
                continue
            sign = 1 if op == "+" else -1
            expect_operand = True
        elif close:
            depth -= 1
            if depth < 0:
                raise ExprError(f"括号不匹配：{text!r}")
        elif ref:
            if not expect_operand:
                raise ExprError(f"缺少运算符：{text!r}")
            for cell, prior in expand_ref(ref, sets):
                terms.append(Term(sign, cell, prior))
            expect_operand = False
        elif number:
            if not expect_operand:
                raise ExprError(f"缺少运算符：{text!r}")
            constant += sign * float(number)
            expect_operand = False
    if depth != 0 or expect_operand:
        raise ExprError(f"表达式不完整：{text!r}")
    return Linear(tuple(terms), constant)


def expand_ref(ref: str, sets: Mapping[str, Sequence[str]]) -> list[tuple[str, bool]]:
    """Expand ``[prior.]table.row.col`` where row/col may be ``@set``."""
    if "{" in ref:
        raise ExprError(f"引用中仍有未替换的变量：{ref}")
    parts = ref.split(".")
    prior = False
    if parts[0] == "prior":
        prior = True
        parts = parts[1:]
    if len(parts) != 3:
        raise ExprError(f"单元格引用应为 表.行.列：{ref}")
    choices: list[list[str]] = []
    for part in parts:
        if part.startswith("@"):
            name = part[1:]
            if name not in sets:
                raise ExprError(f"未定义的集合 @{name}：{ref}")
            choices.append(list(sets[name]))
        else:
            choices.append([part])
    return [(f"{t}.{r}.{c}", prior) for t in choices[0] for r in choices[1] for c in choices[2]]


def split_check(text: str) -> tuple[str, str, str]:
    """Split ``lhs OP rhs`` with OP one of ``=``, ``>=``, ``<=``."""
    m = re.fullmatch(r"(.+?)\s*(>=|<=|=)\s*(.+)", text.strip())
    if not m:
        raise ExprError(f"校验式须为 左边 = 右边（或 >=、<=）：{text}")
    return m.group(1), m.group(2), m.group(3)
