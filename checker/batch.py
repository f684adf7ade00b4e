"""Batch runs: many returns, both cores, results in input order.

``parallel_map`` runs a picklable function over many items: in-process for
small batches, else in a ``ProcessPoolExecutor`` with chunks, with a rich
progress bar on stderr when stderr is a terminal. ``check_batch`` checks a
folder of returns with it, against last year's returns (``--prior``) and the
roster (``--roster``).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

RETURN_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".et")
# Below this many items per worker, starting processes costs more than it saves.
MIN_ITEMS_PER_WORKER = 8
# Show a progress bar only for runs long enough to need one.
PROGRESS_MIN_ITEMS = 50


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def is_return_file(path: Path) -> bool:
    """A spreadsheet, not an Excel lock file (~$x.xlsx) or a half-written temp file."""
    name = path.name
    return (
        path.suffix.lower() in RETURN_SUFFIXES
        and not name.startswith(("~$", ".~", "._"))
        and path.is_file()
    )


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """Files given, with folders expanded (recursively, sorted, spreadsheets only)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if is_return_file(f)))
        else:
            out.append(p)
    return out


def workers_for(count: int, jobs: int | None) -> int:
    """How many processes a batch of ``count`` items deserves (1 = in-process)."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    return max(1, min(jobs, count // MIN_ITEMS_PER_WORKER))


def _mp_context() -> Any:
    # fork is cheapest (modules already imported); elsewhere use the default.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _show_progress(count: int, progress: bool | None) -> bool:
    if progress is not None:
        return progress and count > 0
    return count >= PROGRESS_MIN_ITEMS and sys.stderr.isatty()


def _with_progress(results: Iterator[R], count: int, label: str) -> Iterator[R]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=count)
        for result in results:
            bar.advance(task)
            yield result


def parallel_map(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int | None = None,
    progress: bool | None = None,
    label: str = "处理中",
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> list[R]:
    """``[func(x) for x in items]``, on several processes when worth it.

    ``func`` and ``initializer`` must be module-level functions. ``progress``
    None means: a bar on stderr for long runs when stderr is a terminal.
    """
    workers = workers_for(len(items), jobs)
    show = _show_progress(len(items), progress)
    if workers == 1:
        if initializer is not None:
            initializer(*initargs)
        results: Iterator[R] = map(func, items)
        return list(_with_progress(results, len(items), label) if show else results)
    chunksize = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_mp_context(),
        initializer=initializer,
        initargs=initargs,
    ) as pool:
        # map() submits everything (and forks the workers) before the bar starts a thread
        results = pool.map(func, items, chunksize=chunksize)
        return list(_with_progress(results, len(items), label) if show else results)
