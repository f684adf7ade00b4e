"""The bounded memo utility: bounds, policies, the registry and the one switch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from common import memo
from common.memo import Memo, memoized

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("checker", "common", "declaration", "template_builder", "meeting", "commands")


def _import_every_module() -> None:
    """Every memo registers when its module is imported: import them all."""
    import importlib
    import pkgutil

    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            importlib.import_module(info.name)


_import_every_module()


@pytest.fixture
def scratch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memos made by a test are taken out of the registry afterwards."""
    monkeypatch.setattr(memo, "_REGISTRY", dict(memo._REGISTRY))


def test_clear_policy_starts_again_when_full(scratch: None) -> None:
    m: Memo[int, str] = Memo("test.clear", 3)
    for i in range(3):
        m.put(i, str(i))
    assert [m.get(i) for i in range(3)] == ["0", "1", "2"]
    m.put(3, "3")
    assert len(m) == 1 and m.get(0) is None and m.get(3) == "3"


def test_lru_policy_forgets_the_least_recently_used(scratch: None) -> None:
    m: Memo[int, str] = Memo("test.lru", 3, "lru")
    for i in range(3):
        m.put(i, str(i))
    assert m.get(0) == "0"  # used: 1 is now the oldest
    m.put(3, "3")
    assert 1 not in m and [m.get(i) for i in (0, 2, 3)] == ["0", "2", "3"]
    assert m.get(9, "none") == "none"


@pytest.mark.parametrize("policy", ["clear", "lru"])
def test_weight_bounds_the_total(scratch: None, policy: memo.Policy) -> None:
    m: Memo[int, str] = Memo(f"test.weight.{policy}", 100, policy, weight=len, max_weight=10)
    for i in range(20):
        m.put(i, "x" * (i % 4 + 1))
        assert m.weight <= 10
        assert m.weight == sum(map(len, m.values()))
    m.put(19, "yy")  # replacing an entry counts its new weight only
    assert m.weight == sum(map(len, m.values()))


def test_the_registry_lists_every_memo_once(scratch: None) -> None:
    names = set(memo.registry())
    assert {
        "xlsx.sheet_plans",
        "xlsx.text_cells",
        "xlsx.number_cells",
        "xlsx.date_styles",
        "xlsx.relationships",
        "xlsx.sheet_lists",
        "xlsx.cell_refs",
        "xlsx.merge_ranges",
        "alignment.tables",
        "alignment.template_sides",
        "alignment.opcodes",
        "workbook.text_keys",
        "workbook.merge_origins",
        "layout.a1_addresses",
        "formulas.normalized",
        "builder.bases",
    } <= names
    for entry in memo.registry().values():
        assert entry.size >= 1 and entry.policy in ("lru", "clear")
    Memo("test.twice", 1)
    with pytest.raises(ValueError):
        Memo("test.twice", 1)


def test_docs_list_every_memo() -> None:
    """docs/robustness.md names every memo and its bound (and no memo that is gone)."""
    import re

    text = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8")
    names = {name for name in memo.registry() if not name.startswith("test.")}
    prefixes = "|".join(sorted({name.split(".")[0] for name in names}))
    listed = set(re.findall(rf"`((?:{prefixes})\.[a-z0-9_]+)`", text))
    assert listed == names


def test_the_switch_turns_every_memo_off_and_clear_all_empties_them(scratch: None) -> None:
    calls: list[int] = []

    @memoized("test.square", 8)
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    m: Memo[str, int] = Memo("test.switch", 4)
    m.put("a", 1)
    assert square(3) == square(3) == 9 and calls == [3]
    with memo.disabled():
        assert not memo.enabled()
        assert all(len(entry) == 0 for entry in memo.registry().values())
        assert m.put("b", 2) == 2 and m.get("b") is None
        assert square(3) == square(3) == 9 and calls == [3, 3, 3]
    assert memo.enabled()
    m.put("c", 3)
    square(4)
    memo.clear_all()
    assert len(m) == 0 and len(square.memo) == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("value,on", [("1", False), ("0", True), ("", True)])
def test_the_environment_variable_is_the_switch(value: str, on: bool) -> None:
    code = "from common import memo; print(memo.enabled())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"XXGK_NO_MEMO": value, "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == str(on)


@pytest.mark.parametrize("name", ["./2021", "../templates/2021", "2021/", " 2021", ""])
def test_a_spec_is_loaded_once_whatever_a_file_calls_its_format(name: str) -> None:
    """Per-spec constants stay one per spec file: another spelling of a format is no format."""
    from declaration.spec import SpecError, load_spec

    assert load_spec("2021") is load_spec("2021")
    with pytest.raises(SpecError):
        load_spec(name)


PACKAGES = ("checker", "common", "declaration", "template_builder", "meeting", "commands")
# one value each (the rule registry, the cell orders of all specs, the short-form table);
# one spec per spec file
CONSTANTS = {"registry", "_value_orders", "load_spec", "short_forms", "phrases"}


def test_no_cache_outside_the_memo_utility_but_per_spec_constants() -> None:
    """``functools.cache``/``lru_cache`` only for per-spec constants (first argument a
    spec, or a method of the spec); everything else goes through ``common.memo``."""
    import ast

    offenders = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Global):
                    offenders.append(f"{path.name}:{node.lineno} global")
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                names = {ast.unparse(d).split("(")[0] for d in node.decorator_list}
                if not names & {"cache", "lru_cache", "functools.cache", "functools.lru_cache"}:
                    continue
                args = node.args.args
                first = ast.unparse(args[0].annotation) if args and args[0].annotation else ""
                per_spec = first == "FormSpec" or (
                    path.name == "spec.py" and args[:1] and args[0].arg == "self"
                )
                if not per_spec and node.name not in CONSTANTS:
                    offenders.append(f"{path.name}:{node.lineno} {node.name}")
    assert offenders == []
