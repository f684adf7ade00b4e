"""A failing and a passing example of every rule, run as tests and shown in docs/rules.md.

Each example is a return built from a consistent return of its format (every
rule holds, see ``declaration.samples.generate``) and then changed the way an
office would: cells typed over (``typed``), changed by an amount (``add``), or
a named change to the workbook or the batch (``recipe``: the tests in
``tests/checker/test_rule_examples.py`` make it). ``bad`` examples must give
the rule, ``good`` ones must not. Each family's examples stand beside its rules
(``EXAMPLES`` in ``checker/registry/<family>.py``); this module is their model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """A return built from a consistent one and changed the way an office would."""

    note: str  # what the office did (Chinese), shown in docs/rules.md
    typed: tuple[tuple[str, object], ...] = ()  # cell id -> what is typed there
    add: tuple[tuple[str, float], ...] = ()  # cell id -> amount added to it
    recipe: str = ""  # a named change to the workbook or the batch
    args: tuple[object, ...] = ()
    format: str = "2021"
    year: int | None = None  # the report year on the cover (default: the format's first year)
    prior: bool = False  # checked against last year's return (carried over correctly)


@dataclass(frozen=True)
class RuleExamples:
    """The examples of one rule: ``bad`` must give it, ``good`` must not."""

    bad: tuple[Example, ...]
    good: tuple[Example, ...]


def ex(
    note: str,
    *,
    typed: Mapping[str, object] | None = None,
    add: Mapping[str, float] | None = None,
    recipe: str = "",
    args: tuple[object, ...] = (),
    fmt: str = "2021",
    year: int | None = None,
    prior: bool = False,
) -> Example:
    return Example(
        note,
        tuple((typed or {}).items()),
        tuple((add or {}).items()),
        recipe,
        args,
        fmt,
        year,
        prior,
    )


CLEAN = ex("各表按模板填写，数字都对得上。")
# a published report (recipe "page": tests/published_unit/examples.py)
CLEAN_PAGE = ex("网页上的年度报告，各部分齐全，数字对得上。", recipe="page", args=("clean",))
T3 = "t3"
