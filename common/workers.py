"""Supervised worker processes: one item at a time each, a dead or stuck worker replaced.

``run_supervised`` hands the items of ``common.parallel.parallel_map`` to a few
processes, one item at a time, and watches them: a worker that dies (killed,
out of memory) loses only the item it held, which is tried once more alone in
a fresh process; a worker past the per-item time budget is killed and its item
reported as timed out. Workers end with the parent: they watch its process id
and leave when it is gone, and the parent ends them on any exit (an exception,
a signal turned into one by ``common.interrupts``). Works with the fork and the
spawn start methods (Windows has only spawn): everything a worker gets is
picklable and the worker's entry point is a module-level function.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Failure = Literal["crashed", "timeout"]
PARENT_POLL_SECONDS = 0.5  # how soon a worker notices that its parent is gone
RETRIES_AFTER_CRASH = 1  # an item whose worker died is tried once more, alone
MAX_IDLE_DEATHS = 10  # beyond one per item: workers that cannot even start


class WorkerCrashed(RuntimeError):
    """An item's worker died twice (or ran out of time) and no fallback was given."""


_HELD = {getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Termination signals wait (in the parent) until the block is over."""
    if not _HELD or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _watch_parent(parent: int) -> None:
    """End this worker as soon as its parent is gone (killed without cleaning up)."""
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def limit_memory_in_worker(extra: int) -> bool:
    """``limit_memory`` in a worker process; the main process is never capped (a run
    that never imported multiprocessing has no workers)."""
    import sys

    mp = sys.modules.get("multiprocessing")
    return mp is not None and mp.parent_process() is not None and limit_memory(extra)


def limit_memory(extra: int) -> bool:
    """Cap this process's address space at what it uses now plus ``extra`` bytes, where
    the platform can (``resource.setrlimit``): past it an allocation raises MemoryError,
    which the work turns into a finding for its one item. False when not capped."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = used + extra
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft != resource.RLIM_INFINITY and soft <= cap:
            return True  # already capped lower (a test, a container)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, OSError, ValueError, AttributeError):  # Windows, macOS without /proc
        return False
    return True


def _end_worker(signum: int, frame: Any) -> None:
    """SIGTERM (a timeout, the parent's end) unwinds the worker: ``finally`` blocks
    remove its temporary outputs and end the programs it started. A worker stuck
    where Python cannot unwind is killed a second later (``_stop``)."""
    signal.signal(signum, signal.SIG_DFL)  # a second one ends it at once
    raise SystemExit(128 + signum)


def worker_main(
    conn: Any,
    func: Callable[[Any], Any],
    initializer: Callable[..., object] | None,
    initargs: tuple[Any, ...],
    parent: int,
) -> None:
    """A worker's loop: receive (index, item), send (index, ok, result or error)."""
    # Ctrl+C reaches the whole process group: the parent alone decides what to do
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in _HELD:  # a worker inherits the parent's handlers and its held signals
        signal.signal(number, _end_worker)
    if _HELD and hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        try:
            reply = (index, True, func(item))
        except Exception as exc:  # handed to the parent, which raises it
            reply = (index, False, exc)
        try:
            conn.send(reply)
        except Exception as exc:  # a result or error that cannot be pickled
            conn.send((index, False, RuntimeError(f"{type(exc).__name__}: {exc}")))


@dataclass
class _Worker:
    process: Any
    conn: Any
    task: int | None = None  # index of the item it holds
    started: float = 0.0


@dataclass
class _Run:
    items: Sequence[Any]
    results: dict[int, Any] = field(default_factory=dict)
    pending: deque[int] = field(default_factory=deque)
    crashes: dict[int, int] = field(default_factory=dict)
    restarts: int = 0  # workers replaced after dying while idle


def run_supervised(
    context: Any,
    func: Callable[[Any], Any],
    items: Sequence[Any],
    workers: int,
    *,
    initializer: Callable[..., object] | None,
    initargs: tuple[Any, ...],
    on_failure: Callable[[Any, Failure], Any] | None,
    time_budget: float | None,
    advance: Callable[[], None],
) -> list[Any]:
    """``[func(x) for x in items]`` on ``workers`` supervised processes."""
    boss = _Supervisor(
        context, func, items, initializer, initargs, on_failure, time_budget, advance
    )
    try:
        boss.pool.extend(boss.start() for _ in range(min(workers, len(items))))
        while len(boss.run.results) < len(items):
            boss.dispatch()
            boss.collect()
        for worker in boss.pool:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
    finally:
        for worker in boss.pool:
            _stop(worker, gently=worker.task is None)
    return [boss.run.results[i] for i in range(len(items))]


@dataclass
class _Supervisor:
    """The main process's side of a supervised run: starts workers, hands out one item
    at a time, takes results, replaces workers that died or ran out of time."""

    context: Any
    func: Callable[[Any], Any]
    items: Sequence[Any]
    initializer: Callable[..., object] | None
    initargs: tuple[Any, ...]
    on_failure: Callable[[Any, Failure], Any] | None
    time_budget: float | None
    advance: Callable[[], None]
    pool: list[_Worker] = field(default_factory=list)
    run: _Run = field(init=False)

    def __post_init__(self) -> None:
        self.run = _Run(self.items, pending=deque(range(len(self.items))))

    def start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(
            target=worker_main,
            args=(child_end, self.func, self.initializer, self.initargs, os.getpid()),
            daemon=True,
        )
        with _signals_held():  # a worker is never left half-started (spawn would print a traceback)
            process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def finish(self, index: int, result: Any) -> None:
        self.run.results[index] = result
        self.advance()

    def fail(self, index: int, why: Failure) -> None:
        if self.on_failure is None:
            what = "超时" if why == "timeout" else "进程异常退出"
            raise WorkerCrashed(f"处理第 {index + 1} 项时{what}")
        self.finish(index, self.on_failure(self.items[index], why))

    def dispatch(self) -> None:
        """One pending item to each idle worker."""
        run = self.run
        for place, worker in enumerate(self.pool):
            if worker.task is not None or not run.pending:
                continue
            index = run.pending.popleft()
            try:
                worker.conn.send((index, self.items[index]))
            except OSError:  # it died while idle: the item waits for its successor
                run.pending.appendleft(index)
                _stop(worker)
                run.restarts += 1
                if run.restarts > len(self.items) + MAX_IDLE_DEATHS:
                    raise WorkerCrashed("工作进程反复启动失败") from None
                self.pool[place] = self.start()
                continue
            worker.task, worker.started = index, time.monotonic()

    def collect(self) -> None:
        """Wait for a result, a death or a deadline; act on each busy worker."""
        from multiprocessing.connection import wait

        pool = self.pool
        waiting = [w.conn for w in pool if w.task is not None]
        sentinels = [w.process.sentinel for w in pool if w.task is not None]
        ready = wait([*waiting, *sentinels], timeout=_next_deadline(pool, self.time_budget))
        for worker in list(pool):
            if worker.task is not None and not self._received(worker, ready):
                self._check_alive(worker, ready)

    def _received(self, worker: _Worker, ready: list[Any]) -> bool:
        """Whether the worker's result came in (and was recorded)."""
        index = worker.task
        has_data = worker.conn in ready or (worker.process.sentinel in ready and worker.conn.poll())
        if not has_data:
            return False
        try:
            got, ok, value = worker.conn.recv()
        except (EOFError, OSError):
            return False
        if got != index or index is None:
            return False
        worker.task = None
        if not ok:
            raise value
        self.finish(index, value)
        return True

    def _check_alive(self, worker: _Worker, ready: list[Any]) -> None:
        """A worker that died or ran out of time is replaced; its item retried or failed."""
        index = worker.task
        assert index is not None
        budget = self.time_budget
        timed_out = budget is not None and time.monotonic() - worker.started > budget
        if not (worker.process.sentinel in ready or not worker.process.is_alive() or timed_out):
            return
        _stop(worker)
        self.pool[self.pool.index(worker)] = self.start()
        crashes = self.run.crashes
        if timed_out:
            self.fail(index, "timeout")
        elif crashes.get(index, 0) < RETRIES_AFTER_CRASH:
            crashes[index] = crashes.get(index, 0) + 1
            self.run.pending.appendleft(index)  # alone in a fresh worker
        else:
            self.fail(index, "crashed")


def _next_deadline(pool: list[_Worker], budget: float | None) -> float | None:
    if budget is None:
        return None
    busy = [w.started + budget for w in pool if w.task is not None]
    if not busy:
        return 0.05
    return max(0.01, min(busy) - time.monotonic() + 0.01)


def _stop(worker: _Worker, gently: bool = False) -> None:
    """End a worker: on its own when idle and told to, else terminated, then killed."""
    process = worker.process
    if gently:
        process.join(timeout=1)
    if process.is_alive():
        process.terminate()
        process.join(timeout=1)
    if process.is_alive():
        process.kill()
        process.join(timeout=1)
    with contextlib.suppress(OSError):
        worker.conn.close()
