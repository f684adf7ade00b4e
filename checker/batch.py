"""The one pipeline of a run: expand the paths, check every file, add the roster section.

``check_paths`` is what the CLI, the library API and the server use; one file
is a batch of one. Files are checked with ``common.parallel.parallel_map``
(several processes for many files), each with the run's options and last
year's index, and come back in input order.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.archives import Item, batch_items, check_member, item_failed
from checker.check import check_file, unreadable_report
from checker.options import CheckOptions
from checker.read.archive import Member
from checker.read.limits import cap_worker_memory
from checker.results import FileReport, Report
from common.parallel import parallel_map

if TYPE_CHECKING:
    from checker.rules.cross_year import PriorIndex
    from common.roster import Roster

PathArgument = str | os.PathLike[str]

_WORKER: dict[str, Any] = {}


def _init_checker(options: CheckOptions, prior: PriorIndex | None) -> None:
    _WORKER.update(options=options, prior=prior)
    cap_worker_memory()  # in a worker process only: one file's MemoryError is its F007


def check_one(item: Item) -> FileReport:
    """Check one file of the run (or one member of an archive) with the options the
    worker was given."""
    if isinstance(item, FileReport):  # an archive refused as a whole
        return item
    if isinstance(item, Member):
        return check_member(item, options=_WORKER["options"], prior=_WORKER["prior"])
    return check_file(item, options=_WORKER["options"], prior=_WORKER["prior"])


def check_paths(
    arguments: Sequence[PathArgument],
    *,
    options: CheckOptions | None = None,
    prior: PriorIndex | None = None,
    roster: Roster | None = None,
    year: int | None = None,
) -> Report:
    """Check every file named by ``arguments`` (files, folders, glob patterns).

    ``prior``: last year's returns (``checker.prior.load_prior``), matched per office;
    ``roster``: who must report (adds the roster section); ``year``: the year the
    roster expects. A file past ``options.seconds`` is reported as timed out (F012).
    """
    from common.paths import expand_paths

    options = options or CheckOptions()
    expansion = expand_paths(arguments)
    report = Report(notes=list(expansion.notes), prior=prior.folder if prior is not None else None)
    if prior is not None and prior.unreadable:
        names = "、".join(Path(p).name for p in prior.unreadable)
        report.notes.append(
            f"上年回收文件夹中有 {len(prior.unreadable)} 份文件无法读取，未用于跨年度核对：{names}"
        )
    if prior is not None and roster is not None:
        prior.roster = roster  # last year's return of an office that renamed, by the roster
    report.files = parallel_map(
        check_one,
        batch_items(expansion.files),
        jobs=options.jobs,
        progress=options.progress,
        label="检查报表",
        initializer=_init_checker,
        initargs=(options, prior),
        on_failure=functools.partial(item_failed, seconds=options.seconds),
        time_budget=options.seconds,
    )
    for argument in expansion.missing:
        report.files.append(unreadable_report(argument, f"找不到文件：{argument}"))
    if roster is not None:
        from checker.rules.roster import check_roster

        summary = check_roster(roster, report.files, year)
        summary.findings = options.selection.keep(summary.findings)
        report.roster = summary
    return report
