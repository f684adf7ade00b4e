"""What every benchmark script shares: generated returns, timing a command with the peak
memory of its process tree, medians, and the project compiled as an installed package has it.

The scripts beside this one import it; it imports none of them and nothing from tests/.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tree_rss_kb(root_pid: int) -> int:
    """Sum of VmRSS over a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        pid, ppid = int(entry), int(fields.get("PPid", "0").strip() or 0)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_measured(cmd: Sequence[str], memory: bool = False) -> tuple[float, float, int]:
    """(wall seconds, peak tree RSS in MB, exit code) of a command.

    The memory sampler scans /proc every 20 ms, which costs CPU on a 2-core
    machine: timed runs go without it (peak 0), one extra run measures memory.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not memory:
        code = proc.wait()
        return time.perf_counter() - start, 0.0, code
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    return wall, peak / 1024, code


def median_of(repeats: int, fn: Callable[[], float]) -> float:
    return statistics.median(fn() for _ in range(repeats))


def generate_returns(folder: Path, count: int, seed: int = 7, broken_every: int = 5) -> list[Path]:
    """Returns of both formats from the spec; one in five breaks 一 + 二 = 三(七) + 四."""
    from declaration.samples.generate import consistent_values
    from declaration.spec import load_spec
    from template_builder.writer import build_template

    rng = random.Random(seed)
    paths = []
    for i in range(count):
        fmt, year = ("2021", 2025) if i % 2 == 0 else ("2019", 2020)
        spec = load_spec(fmt)
        values = consistent_values(spec, rng, scale=30)
        if i % broken_every == 0:
            values["t3.new.natural"] += 1
        path = folder / f"return-{i:04d}.xlsx"
        build_template(spec, year=year, path=path, unit=f"单位{i:04d}", values=values)
        paths.append(path)
    return paths


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def compile_bytecode() -> None:
    """Byte-compile the project as an installed package has it.

    An editable install run with PYTHONDONTWRITEBYTECODE (as in CI sandboxes)
    would otherwise recompile every module at each start, which is not what an
    office's computer does; compileall writes the missing __pycache__ files.
    """
    import compileall

    for package in ("common", "declaration", "template_builder", "checker", "meeting", "commands"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
