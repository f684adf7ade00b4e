"""Running a picklable function over many items on both cores, results in input order.

``parallel_map`` works in-process for small batches, else in a
``ProcessPoolExecutor`` with chunks, with a rich progress bar on stderr when
stderr is a terminal. Used by batch checking and by template distribution.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items per worker, starting processes costs more than it saves.
MIN_ITEMS_PER_WORKER = 8
# Show a progress bar only for runs long enough to need one.
PROGRESS_MIN_ITEMS = 50


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def workers_for(count: int, jobs: int | None) -> int:
    """How many processes a batch of ``count`` items deserves (1 = in-process)."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    return max(1, min(jobs, count // MIN_ITEMS_PER_WORKER))


def _mp_context() -> Any:
    import multiprocessing  # only for batches that use processes: a slow import

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
    import gc
    from concurrent.futures import ProcessPoolExecutor

    # small chunks: the last one of a worker leaves the other core idle for less time
    chunksize = max(1, len(items) // (workers * 32))
    # what the workers inherit is never garbage: the collector leaves it alone,
    # and forked workers do not copy the pages it would otherwise touch
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_mp_context(),
            initializer=initializer,
            initargs=initargs,
        ) as pool:
            # map() submits everything (and forks the workers) before the bar starts a thread
            results = pool.map(func, items, chunksize=chunksize)
            return list(_with_progress(results, len(items), label) if show else results)
    finally:
        gc.unfreeze()
