"""Running a picklable function over many items on both cores, results in input order.

``parallel_map`` works in-process for small batches, else on supervised
worker processes (``common.workers``: a dead worker loses no item, a stuck one
is stopped at the time budget), with a rich progress bar on stderr when stderr
is a terminal. Used by batch checking and by template distribution.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from common.workers import Failure, WorkerCrashed, run_supervised

__all__ = ["Failure", "WorkerCrashed", "default_jobs", "parallel_map", "workers_for"]

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


START_METHOD_VARIABLE = "XXGK_START_METHOD"  # e.g. "spawn": as on Windows (tests)


def _mp_context() -> Any:
    import multiprocessing  # only for batches that use processes: a slow import

    forced = os.environ.get(START_METHOD_VARIABLE)
    if forced in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context(forced)
    # fork is cheapest (modules already imported); elsewhere use the default.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _show_progress(count: int, progress: bool | None) -> bool:
    if progress is not None:
        return progress and count > 0
    return count >= PROGRESS_MIN_ITEMS and sys.stderr.isatty()


@contextlib.contextmanager
def _progress(count: int, label: str, show: bool) -> Iterator[Callable[[], None]]:
    """A function to call once per finished item (a bar on stderr when ``show``)."""
    if not show:
        yield lambda: None
        return
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
        yield lambda: bar.advance(task)


def parallel_map(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int | None = None,
    progress: bool | None = None,
    label: str = "处理中",
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
    on_failure: Callable[[T, Failure], R] | None = None,
    time_budget: float | None = None,
) -> list[R]:
    """``[func(x) for x in items]``, on several processes when worth it.

    ``func`` and ``initializer`` must be module-level functions. ``progress``
    None means: a bar on stderr for long runs when stderr is a terminal.
    ``time_budget``: seconds one item may take; ``on_failure(item, why)`` gives
    the result of an item that ran out of time ("timeout") or whose worker died
    twice ("crashed"); without it such an item raises ``WorkerCrashed``.
    """
    workers = workers_for(len(items), jobs)
    show = _show_progress(len(items), progress)
    with _progress(len(items), label, show) as advance:
        if workers == 1:
            if initializer is not None:
                initializer(*initargs)
            return [_in_process(func, item, on_failure, time_budget, advance) for item in items]
        import gc

        # what the workers inherit is never garbage: the collector leaves it alone,
        # and forked workers do not copy the pages it would otherwise touch
        gc.freeze()
        try:
            return run_supervised(
                _mp_context(),
                func,
                items,
                workers,
                initializer=initializer,
                initargs=initargs,
                on_failure=on_failure,
                time_budget=time_budget,
                advance=advance,
            )
        finally:
            gc.unfreeze()


class _OutOfTime(BaseException):  # not caught by the work's own "except Exception"
    """Raised inside an item's work when its time budget is spent (in-process runs)."""


def _in_process(
    func: Callable[[T], R],
    item: T,
    on_failure: Callable[[T, Failure], R] | None,
    budget: float | None,
    advance: Callable[[], None],
) -> R:
    """One item in this process, within ``budget`` seconds where a timer can say so
    (a POSIX interval timer, in the main thread)."""
    timer = (
        budget is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not timer:
        result = func(item)
        advance()
        return result

    def out_of_time(signum: int, frame: object) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.setitimer(signal.ITIMER_REAL, budget or 0)
    try:
        result = func(item)
    except _OutOfTime:
        if on_failure is None:
            raise WorkerCrashed("处理超时") from None
        result = on_failure(item, "timeout")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    advance()
    return result
