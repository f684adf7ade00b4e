"""A rule of the registry: a small frozen record, the same for every family."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.registry.examples import Example


@dataclass(frozen=True)
class RuleInfo:
    """A rule of the registry: stable id, name, severity, title, message template,
    explanation and fix (shown in docs/rules.md), where it comes from (``code`` or
    ``spec``), and its failing and passing examples."""

    id: str
    name: str
    severity: str
    title: str
    message: str
    explanation: str
    fix: str
    source: str  # "spec" or "code"
    formats: tuple[str, ...] = ()
    # returns that give the rule (bad) and that do not (good): run as tests, shown in the docs
    bad: tuple[Example, ...] = ()
    good: tuple[Example, ...] = ()


def code_rule(
    id: str, name: str, severity: str, title: str, message: str, explanation: str, fix: str
) -> RuleInfo:
    return RuleInfo(id, name, severity, title, message, explanation, fix, "code")
