"""Two source trees of the project measured alternately on the same returns.

On a shared machine a benchmark run before a change and one after it can see
very different loads. This runs check-workbook from tree A and from tree B in
turn (``PYTHONPATH`` points at each tree), and reports medians of wall time and
of CPU time (user + system of the whole process tree, which the load changes
far less), and whether the JSON reports are byte-identical:

    .venv/bin/python bench/compare.py OLD_TREE NEW_TREE --returns 1000 --repeats 5
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent


def measured(tree: Path, args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of ``check-workbook args`` run from the sources in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(BIN / "check-workbook"), *args], env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description="两份源代码交替测量")
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--returns", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--folder", type=Path, help="已生成的回收表文件夹（不再生成）")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xxgk-compare-"))
    try:
        return _compare(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _compare(args: argparse.Namespace, work: Path) -> int:
    folder = args.folder
    if folder is None:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from harness import compile_bytecode, generate_returns

        compile_bytecode()
        folder = work / "回收"
        folder.mkdir()
        generate_returns(folder, args.returns)
    one = sorted(folder.iterdir())[0]
    trees = {"old": args.old.resolve(), "new": args.new.resolve()}
    tasks: dict[str, Callable[[str], list[str]]] = {
        "batch": lambda name: [str(folder), "--format", "json", "-o", str(work / f"{name}.json")],
        "one_file": lambda name: [str(one), "--quiet"],
        "help": lambda name: ["--help"],
    }
    runs: dict[tuple[str, str], list[tuple[float, float]]] = {}
    load = os.getloadavg()[0]
    for _ in range(args.repeats):
        for task, argv in tasks.items():
            for name, tree in trees.items():
                runs.setdefault((task, name), []).append(measured(tree, argv(name)))
    same = (work / "old.json").read_bytes() == (work / "new.json").read_bytes()
    print(
        f"{'项目':<10}{'旧 墙钟':>9}{'新 墙钟':>9}{'比值':>7}{'旧 CPU':>9}{'新 CPU':>9}{'比值':>7}"
    )
    for task in tasks:
        old_wall, old_cpu = (statistics.median(r[i] for r in runs[(task, "old")]) for i in (0, 1))
        new_wall, new_cpu = (statistics.median(r[i] for r in runs[(task, "new")]) for i in (0, 1))
        print(
            f"{task:<10}{old_wall:>9.3f}{new_wall:>9.3f}{new_wall / old_wall:>7.2f}"
            f"{old_cpu:>9.3f}{new_cpu:>9.3f}{new_cpu / old_cpu:>7.2f}"
        )
    print(
        f"JSON 报告{'相同' if same else '不同'}；1 分钟平均负载 {load:.2f} → {os.getloadavg()[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
