"""Whether findings are their registry entries: same severity, message from the template."""

from __future__ import annotations

import re
from collections.abc import Iterable

from checker.registry import registry
from checker.results import Finding

_FIELD = re.compile(r"\{[^{}]*\}")


def template_pattern(template: str) -> re.Pattern[str]:
    """The template with every ``{field}`` free: what a filled message looks like."""
    parts = _FIELD.split(template)
    return re.compile(".+?".join(re.escape(p) for p in parts), re.S)


def mismatches(findings: Iterable[Finding]) -> list[str]:
    """Chinese descriptions of findings that differ from their registry entry."""
    rules = registry()
    wrong = []
    for f in findings:
        info = rules.get(f.rule)
        if info is None:
            wrong.append(f"{f.rule}：不在规则登记表中")
        elif f.severity != info.severity:
            wrong.append(f"{f.rule}：级别 {f.severity}，登记为 {info.severity}")
        elif not template_pattern(info.message).search(f.message):
            wrong.append(f"{f.rule}：消息“{f.message}”不符合模板“{info.message}”")
    return wrong
