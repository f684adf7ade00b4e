"""The package map holds: layers import downwards only, floors inside the checker too, heavy
libraries stay in their modules, and no module of the repository imports itself back."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("declaration", "common", "template_builder", "checker", "meeting", "commands", "server")
# What each top-level package may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "common": set(),
    "declaration": {"common"},
    "template_builder": {"declaration", "common"},
    "checker": {"declaration", "common"},
    "meeting": {"declaration", "common", "template_builder", "checker"},
    "commands": {"declaration", "common", "template_builder", "checker", "meeting"},
    "server": {"declaration", "common", "template_builder", "checker", "meeting", "commands"},
}
# The checker's inside, which the portal and the meeting outputs reach only through its API.
CHECKER_INSIDE = (
    "checker.check",
    "checker.batch",
    "checker.read",
    "checker.rules",
    "checker.prior",
)


# Floors inside the checker: a module of the left may not import one of the right.
FLOORS: tuple[tuple[str, str], ...] = (
    ("checker.rules", "checker.read"),  # rules judge facts; they never read a file
    ("checker.rules", "checker.report"),
    ("checker.read", "checker.rules"),  # readers only file problems, never rule findings
    ("checker.read", "checker.report"),
    ("checker.report", "checker.read"),  # renderers are pure functions of a Report
    ("checker.report", "checker.rules"),
    ("checker.facts", "checker.read"),
    ("checker.results", "checker.read"),
    ("checker.results", "checker.rules"),
)
# Each heavy library lives in the modules named here (imported lazily where start-up matters).
HEAVY: dict[str, set[str]] = {
    "openpyxl": {"common.roster", "meeting.annotate", "meeting.decisions_sheet"},
    "xlsxwriter": {"template_builder.writer", "meeting.decisions_sheet"},
    "pandas": {"meeting.rollup_sheets"},
    "lxml": {"checker.read.published.html_reader", "meeting.annotate_package"},
    "docx": {"checker.read.published.office", "meeting.publish_docx", "meeting.feedback"},
    "pdfplumber": {"checker.read.published.office"},
    "python_calamine": {"checker.read.calamine_reader"},
    "rich": {"checker.report.terminal", "checker.report.roster_section", "common.parallel"},
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _scripts() -> dict[str, Path]:
    """The benchmark scripts, by the names they import each other with (bench/ is on
    their path, not a package)."""
    return {path.stem: path for path in (ROOT / "bench").glob("*.py")}


def _external(path: Path) -> set[str]:
    """Top-level names of everything a file imports (also inside functions)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module.split(".")[0])
    return out


def _imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """Project modules imported anywhere in the file (also inside functions and TYPE_CHECKING)."""
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {name: _imports(path, name, modules) for name, path in modules.items()}
    scripts = _scripts()
    everything = {**modules, **scripts}
    graph.update({name: _imports(path, name, everything) for name, path in scripts.items()})
    return graph


def test_floors_inside_the_checker_hold() -> None:
    wrong = [
        f"{name} -> {target}"
        for name, targets in _graph().items()
        for target in targets
        for upper, lower in FLOORS
        if (name == upper or name.startswith(upper + "."))
        and (target == lower or target.startswith(lower + "."))
    ]
    assert wrong == []


def test_heavy_libraries_stay_in_their_modules() -> None:
    wrong = [
        f"{name} imports {library}"
        for name, path in _modules().items()
        for library in sorted(_external(path) & HEAVY.keys())
        if name not in HEAVY[library]
    ]
    assert wrong == []


def test_the_portal_checks_only_through_the_public_api() -> None:
    wrong = [
        f"{name} -> {target}"
        for name, targets in _graph().items()
        if name.split(".")[0] in ("server", "meeting")
        for target in targets
        if any(target == inside or target.startswith(inside + ".") for inside in CHECKER_INSIDE)
    ]
    assert wrong == []


def test_nothing_outside_tests_imports_the_tests() -> None:
    wrong = [
        name for name, path in {**_modules(), **_scripts()}.items() if "tests" in _external(path)
    ]
    assert wrong == []


def test_packages_import_only_the_layers_below() -> None:
    wrong = []
    for name, targets in _graph().items():
        top = name.split(".")[0]
        if top not in ALLOWED:  # a benchmark script may use every layer
            continue
        for target in targets:
            other = target.split(".")[0]
            if other != top and other not in ALLOWED[top]:
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    graph = _graph()
    # package __init__ modules re-export lazily; an edge into a package is an edge to its init
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


MAX_FUNCTION_LINES = 80


def test_no_function_outside_the_tests_is_longer_than_80_lines() -> None:
    long = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        top = path.relative_to(ROOT).parts[0]
        if top.startswith(".") or top in ("tests", "build"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} {lines}")
    assert long == []
