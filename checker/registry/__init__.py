"""The one registry of every rule the checker can report.

Arithmetic rules come from the form specs (``templates/*.json``); the rules
below are those implemented in code (structure, values, plausibility, …).
Ids are stable forever and never reused. ``docs/rules.md`` is generated from
this registry (``python -m checker.report.rules_doc``) and a test keeps it current.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from checker.registry import (
    arithmetic,
    cross_year,
    files,
    plausibility,
    published,
    roster,
    structure,
    values,
)
from checker.registry.examples import RuleExamples
from checker.registry.rule import RuleInfo
from declaration.spec import all_specs

__all__ = ["EXAMPLES", "RuleInfo", "registry", "rule_info"]

# One module per rule family; a new family is a new module listed here.
FAMILIES = (structure, values, arithmetic, plausibility, cross_year, roster, files, published)
CODE_RULES: tuple[RuleInfo, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)
# every family's examples, spec rules' included (A301 with arithmetic, X501 with cross_year …)
EXAMPLES: dict[str, RuleExamples] = {
    rule_id: examples for family in FAMILIES for rule_id, examples in family.EXAMPLES.items()
}


@lru_cache(maxsize=1)
def registry() -> dict[str, RuleInfo]:
    """Every rule by id: code rules plus the rules of every spec."""
    rules: dict[str, RuleInfo] = {}
    for rule in CODE_RULES:
        if rule.id in rules:  # two families claiming one id: never let one hide the other
            raise ValueError(f"规则 {rule.id} 定义了两次（{rules[rule.id].name}、{rule.name}）")
        rules[rule.id] = rule
    for spec in all_specs():
        for r in spec.rules:
            if r.id in rules and rules[r.id].source == "code":
                raise ValueError(f"规则 {r.id} 在代码和规格中重复定义")
            prev = rules.get(r.id)
            formats = (prev.formats if prev else ()) + (spec.format,)
            rules[r.id] = RuleInfo(
                r.id,
                r.name,
                r.severity,
                r.title,
                r.message,
                r.explanation,
                "核实相关单元格的数字后修改，使等式成立。",
                "spec",
                formats,
            )
    for rule_id, examples in EXAMPLES.items():
        if rule_id in rules:
            rules[rule_id] = replace(rules[rule_id], bad=examples.bad, good=examples.good)
    return dict(sorted(rules.items()))


def rule_info(rule_id: str) -> RuleInfo:
    return registry()[rule_id]
