"""The one way to make a finding: severity and wording come from the rule's registry entry.

Every stage (reading, rules, roster) calls ``make_finding``; nothing sets a
severity or writes a message of its own, so what users see is what
``docs/rules.md`` documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checker.registry import rule_info
from checker.results import Finding, Severity


def rule_message(rule_id: str, fields: Mapping[str, Any] | None = None) -> str:
    """The registry's message template of ``rule_id`` filled from ``fields``."""
    return rule_info(rule_id).message.format_map(dict(fields or {}))


def make_finding(
    rule_id: str,
    fields: Mapping[str, Any] | None = None,
    *,
    prefix: str = "",
    suffix: str = "",
    **attrs: Any,
) -> Finding:
    """A finding of ``rule_id``: its message is the registry's template filled
    from ``fields`` (and the finding's own ``sheet``/``cell``); ``attrs`` are
    the finding's location and values (``sheet``, ``cell``, ``expected`` …).
    ``prefix``/``suffix`` add where-it-is context around the template's text."""
    info = rule_info(rule_id)
    names = {"sheet": attrs.get("sheet", ""), "cell": attrs.get("cell", ""), **(fields or {})}
    severity = Severity(info.severity)
    message = prefix + info.message.format_map(names) + suffix
    for name in ("found", "expected"):
        if isinstance(attrs.get(name), str):
            attrs[name] = capped(attrs[name])
    return Finding(rule_id, severity, capped(message), **attrs)


MAX_MESSAGE_CHARS = 1000  # a message quoting a workbook (10,000 sheet names) stays readable


def capped(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"…（共 {len(text)} 个字符，其余从略）"


def finding(
    rule_id: str,
    *,
    sheet: str = "",
    cell: str = "",
    row_label: str = "",
    col_label: str = "",
    prefix: str = "",
    suffix: str = "",
    expected_value: Any = None,
    found_value: Any = None,
    **fields: Any,
) -> Finding:
    """``make_finding`` for a cell: template fields as keywords; the finding's
    expected/found are the fields of that name unless given as ``*_value``."""
    return make_finding(
        rule_id,
        fields,
        prefix=prefix,
        suffix=suffix,
        sheet=sheet,
        cell=cell,
        row_label=row_label,
        col_label=col_label,
        expected=fields.get("expected") if expected_value is None else expected_value,
        found=fields.get("found") if found_value is None else found_value,
    )
