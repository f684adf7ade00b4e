"""A rule of the registry: a small frozen record, the same for every family."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleInfo:
    id: str
    name: str
    severity: str
    title: str
    message: str
    explanation: str
    fix: str
    source: str  # "spec" or "code"
    formats: tuple[str, ...] = ()


def code_rule(
    id: str, name: str, severity: str, title: str, message: str, explanation: str, fix: str
) -> RuleInfo:
    return RuleInfo(id, name, severity, title, message, explanation, fix, "code")
