"""Batch runs: many returns, both cores, results in input order.

``parallel_map`` runs a picklable function over many items: in-process for
small batches, else in a ``ProcessPoolExecutor`` with chunks, with a rich
progress bar on stderr when stderr is a terminal. ``check_batch`` checks a
folder of returns with it, against last year's returns (``--prior``) and the
roster (``--roster``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from checker.report import FileReport, Report
from checker.selection import Selection

if TYPE_CHECKING:
    import argparse

    from checker.prior import PriorIndex
    from template_builder.roster import Roster

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


# -- checking a batch of returns ------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_checker(prior: PriorIndex | None, selection: Selection, strict: bool) -> None:
    _WORKER.update(prior=prior, selection=selection, strict=strict)


def check_one(path: Path) -> FileReport:
    """Check one return, with its own last-year return when a prior index is loaded."""
    from checker.core import check_extraction, unreadable_report
    from checker.extract import extract

    prior: PriorIndex | None = _WORKER.get("prior")
    selection: Selection = _WORKER["selection"]
    try:
        extraction = extract(path)
    except Exception as exc:  # a bad file must never stop the batch
        return unreadable_report(str(path), f"读取文件时出错（{type(exc).__name__}：{exc}）")
    lookup = None
    if prior is not None and extraction.spec is not None and not extraction.unreadable:
        lookup = prior.lookup(extraction.unit, extraction.code, extraction.year)
    found = lookup.found if lookup else None
    try:
        report = check_extraction(
            extraction,
            prior=found.values if found else None,
            selection=selection,
            strict=_WORKER["strict"],
        )
    except Exception as exc:
        return unreadable_report(str(path), f"核对文件时出错（{type(exc).__name__}：{exc}）")
    if lookup is not None:
        from checker.prior import jump_findings, prior_missing_finding

        extra = jump_findings(report, found) if found else [prior_missing_finding(report, lookup)]
        report.findings.extend(f for f in extra if selection.wants(f.rule))
        if found:
            report.notes.append(f"跨年度核对所用的上一年度报告：{found.path}")
    return report


def check_batch(
    arguments: Sequence[str | os.PathLike[str]],
    *,
    roster: Roster | None = None,
    prior: PriorIndex | None = None,
    year: int | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    strict: bool = False,
    jobs: int | None = None,
    progress: bool | None = None,
) -> Report:
    """Check every return named by ``arguments`` (files, folders, patterns).

    ``prior``: last year's returns (``checker.prior.load_prior``), matched per
    office; ``roster``: who must report (adds the roster section).
    """
    from checker.core import unreadable_report
    from checker.paths import expand_paths

    selection = Selection.from_options(select, ignore)
    expansion = expand_paths(arguments)
    report = Report(notes=list(expansion.notes))
    if prior is not None and prior.unreadable:
        names = "、".join(Path(p).name for p in prior.unreadable)
        report.notes.append(
            f"上年回收文件夹中有 {len(prior.unreadable)} 份文件无法读取，未用于跨年度核对：{names}"
        )
    report.files = parallel_map(
        check_one,
        expansion.files,
        jobs=jobs,
        progress=progress,
        label="检查报表",
        initializer=_init_checker,
        initargs=(prior, selection, strict),
    )
    for argument in expansion.missing:
        report.files.append(unreadable_report(argument, f"找不到文件：{argument}"))
    if roster is not None:
        from checker.roster_check import check_roster

        summary = check_roster(roster, report.files, year)
        summary.findings = [f for f in summary.findings if selection.wants(f.rule)]
        report.roster = summary
    return report


def uses_batch(options: argparse.Namespace) -> bool:
    """Whether check-workbook runs through ``run_batch`` (all but ``--prior 上年.xlsx``)."""
    return bool(options.roster) or not (options.prior and Path(options.prior).is_file())


def run_batch(options: argparse.Namespace) -> Report:
    """check-workbook with --roster / --prior 文件夹 / --jobs (and plain folders)."""
    from checker.cli import UsageError

    if options.jobs is not None and options.jobs < 1:
        raise UsageError("--jobs 须为正整数")
    roster = None
    if options.roster:
        from template_builder.roster import RosterError, read_roster

        try:
            roster = read_roster(options.roster)
        except RosterError as exc:
            raise UsageError(str(exc)) from None
    prior = None
    if options.prior:
        from checker.prior import load_prior

        if not Path(options.prior).is_dir():
            raise UsageError(f"找不到上一年度的报表或上年回收文件夹：{options.prior}")
        prior = load_prior(options.prior, jobs=options.jobs)
    return check_batch(
        options.paths,
        roster=roster,
        prior=prior,
        select=options.selection.select,
        ignore=options.selection.ignore,
        strict=options.strict,
        jobs=options.jobs,
    )
