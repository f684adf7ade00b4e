"""Rule ids are stable: never renamed, never reused; a retired id stays retired."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from checker.registry import registry
from checker.registry.retired import RETIRED

ISSUED = Path(__file__).resolve().parents[1] / "data" / "rule-ids.txt"


def issued() -> dict[str, str]:
    """Every id ever issued and its rule name, as committed."""
    pairs = (line.split() for line in ISSUED.read_text(encoding="utf-8").splitlines() if line)
    return {rule_id: name for rule_id, name in pairs}


def id_problems(
    current: dict[str, str], ever: dict[str, str], retired: dict[str, str]
) -> list[str]:
    problems = []
    for rule_id, name in current.items():
        if rule_id in retired:
            problems.append(f"{rule_id} 已停用，不能再使用")
        elif rule_id not in ever:
            problems.append(f"{rule_id} {name} 是新规则：把它加入 tests/data/rule-ids.txt")
        elif ever[rule_id] != name:
            problems.append(f"{rule_id} 原名 {ever[rule_id]}，不能改名为 {name}（新行为用新编号）")
    for rule_id in ever.keys() - current.keys() - retired.keys():
        problems.append(f"{rule_id} 不见了：停用的编号须列入 checker/registry/retired.py")
    return problems


def test_registry_agrees_with_every_id_ever_issued() -> None:
    current = {r.id: r.name for r in registry().values()}
    assert id_problems(current, issued(), RETIRED) == []


def test_a_renamed_reused_or_dropped_id_is_caught() -> None:
    ever = {"A301": "balance", "S101": "missing-sheet", "V299": "old-rule"}
    assert id_problems({"A301": "balance", "S101": "missing-sheet"}, ever, {"V299": "x"}) == []
    renamed = id_problems({"A301": "equation", "S101": "missing-sheet"}, ever, {"V299": "x"})
    assert renamed == ["A301 原名 balance，不能改名为 equation（新行为用新编号）"]
    reused = id_problems(
        {"A301": "balance", "S101": "missing-sheet", "V299": "n"}, ever, {"V299": ""}
    )
    assert reused == ["V299 已停用，不能再使用"]
    dropped = id_problems({"A301": "balance"}, ever, {"V299": "x"})
    assert dropped == ["S101 不见了：停用的编号须列入 checker/registry/retired.py"]


# -- every rule has an implementation that declares it, and an example ---------------

CHECKER = Path(__file__).resolve().parents[2] / "checker"
RULE_ID = re.compile(r"^[SVAPXRFD][0-9]{3}$")


def _modules_declaring() -> dict[str, frozenset[str]]:
    """Module name -> the ids it declares in ``EMITS``."""
    out = {}
    for path in sorted(CHECKER.rglob("*.py")):
        name = ".".join(path.relative_to(CHECKER.parent).with_suffix("").parts)
        module = importlib.import_module(name.removesuffix(".__init__"))
        if isinstance(getattr(module, "EMITS", None), frozenset):
            out[name] = module.EMITS
    return out


def test_every_registered_id_has_a_check_that_declares_it() -> None:
    declared = {rule_id for ids in _modules_declaring().values() for rule_id in ids}
    from_code = {r.id for r in registry().values() if r.source == "code"}
    assert sorted(from_code - declared) == []  # registered, emitted by nothing
    assert sorted(declared - set(registry())) == []  # emitted, not registered


def _literal_findings(path: Path) -> set[str]:
    """Rule ids passed literally as the first argument of a finding-making call."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        first = node.args[0]
        if (
            name.endswith("finding")
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and RULE_ID.match(first.value)
        ):
            found.add(first.value)
    return found


def test_a_module_that_makes_findings_declares_their_ids() -> None:
    declaring = _modules_declaring()
    undeclared = []
    for path in sorted(CHECKER.rglob("*.py")):
        name = ".".join(path.relative_to(CHECKER.parent).with_suffix("").parts)
        made = _literal_findings(path)
        missing = made - declaring.get(name, frozenset())
        undeclared += [f"{name}: {rule_id}" for rule_id in sorted(missing)]
    assert undeclared == []


def test_every_registered_id_has_an_example_that_gives_it() -> None:
    without = [r.id for r in registry().values() if r.source == "code" and not r.bad]
    assert without == []
