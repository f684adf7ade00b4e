"""Which rules to report: ``--select`` / ``--ignore`` by id or prefix.

As in flake8's DecisionEngine, when a rule matches both a selected and an
ignored prefix, the longer (more specific) prefix wins; on a tie it is ignored.
Without ``--select`` every rule is selected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.results import Finding

_CODE = re.compile(r"^[A-Z][0-9]{0,3}$")
# Findings that say why a file could not be checked at all are always kept.
ALWAYS_REPORTED = frozenset({"F001"})


class SelectionError(ValueError):
    """A code given to --select/--ignore that is malformed or matches no rule."""


def parse_codes(values: Iterable[str] | None) -> tuple[str, ...]:
    """``["A3,P4", "X501"]`` → ``("A3", "P4", "X501")`` (upper-cased, validated)."""
    codes: list[str] = []
    for value in values or ():
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if not _CODE.match(code):
                raise SelectionError(f"规则代码“{part.strip()}”格式不对，应为 A301 或前缀 A3、A 等")
            codes.append(code)
    return tuple(codes)


@dataclass(frozen=True)
class Selection:
    """The rules a run reports: ids or prefixes selected and ignored."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def from_options(
        cls,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        known: Sequence[str] | None = None,
    ) -> Selection:
        """Parse the option values; with ``known`` rule ids, reject unknown codes."""
        selection = cls(parse_codes(select), parse_codes(ignore))
        if known is not None:
            for code in selection.select + selection.ignore:
                if not any(rule.startswith(code) for rule in known):
                    raise SelectionError(f"没有以“{code}”开头的规则")
        return selection

    def keep(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings of the selected rules, in their order."""
        return [f for f in findings if self.wants(f.rule)]

    def wants(self, rule_id: str) -> bool:
        if rule_id in ALWAYS_REPORTED:
            return True
        selected = _longest(rule_id, self.select) if self.select else 0
        if selected is None:
            return False
        ignored = _longest(rule_id, self.ignore)
        return ignored is None or selected > ignored


def _longest(rule_id: str, prefixes: Sequence[str]) -> int | None:
    """Length of the longest prefix matching ``rule_id``, None if none does."""
    lengths = [len(p) for p in prefixes if rule_id.startswith(p)]
    return max(lengths) if lengths else None
