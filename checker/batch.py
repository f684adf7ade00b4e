"""Batch runs: check a folder of returns on both cores, results in input order.

``check_batch`` checks every return with ``common.parallel.parallel_map``,
against last year's returns (``--prior``) and the roster (``--roster``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.check import failed_report
from checker.read.limits import FILE_SECONDS, cap_worker_memory
from checker.results import FileReport, Report
from checker.selection import Selection
from common.parallel import parallel_map

if TYPE_CHECKING:
    from checker.rules.cross_year import PriorIndex
    from common.roster import Roster

# -- checking a batch of returns ------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_checker(
    prior: PriorIndex | None, selection: Selection, strict: bool, seconds: float = FILE_SECONDS
) -> None:
    _WORKER.update(prior=prior, selection=selection, strict=strict, seconds=seconds)
    cap_worker_memory()  # in a worker process only


def check_one(path: Path) -> FileReport:
    """Check one return of the batch with the options the worker was given."""
    from checker.check import check_file

    return check_file(
        path,
        prior_index=_WORKER.get("prior"),
        selection=_WORKER["selection"],
        strict=_WORKER["strict"],
    )


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
    seconds: float = FILE_SECONDS,
) -> Report:
    """Check every return named by ``arguments`` (files, folders, patterns).

    ``prior``: last year's returns (``checker.rules.cross_year.load_prior``), matched per
    office; ``roster``: who must report (adds the roster section); ``seconds``:
    the time budget of one file, after which it is reported as timed out (F012).
    """
    from checker.check import unreadable_report
    from common.paths import expand_paths

    selection = Selection.from_options(select, ignore)
    expansion = expand_paths(arguments)
    report = Report(notes=list(expansion.notes))
    if prior is not None and prior.unreadable:
        names = "、".join(Path(p).name for p in prior.unreadable)
        report.notes.append(
            f"上年回收文件夹中有 {len(prior.unreadable)} 份文件无法读取，未用于跨年度核对：{names}"
        )
    if prior is not None and roster is not None:
        prior.roster = roster  # last year's return of an office that renamed, by the roster
    report.files = parallel_map(
        check_one,
        expansion.files,
        jobs=jobs,
        progress=progress,
        label="检查报表",
        initializer=_init_checker,
        initargs=(prior, selection, strict, seconds),
        on_failure=functools.partial(failed_report, seconds=seconds),
        time_budget=seconds,
    )
    for argument in expansion.missing:
        report.files.append(unreadable_report(argument, f"找不到文件：{argument}"))
    if roster is not None:
        from checker.rules.roster import check_roster

        summary = check_roster(roster, report.files, year)
        summary.findings = [f for f in summary.findings if selection.wants(f.rule)]
        report.roster = summary
    return report


def load_inputs(
    roster_path: str | os.PathLike[str] | None,
    prior_folder: str | os.PathLike[str] | None,
    *,
    jobs: int | None = None,
    seconds: float | None = None,
) -> tuple[Roster | None, PriorIndex | None]:
    """The roster and last year's returns of a batch; ValueError (Chinese) when unusable."""
    if jobs is not None and jobs < 1:
        raise ValueError("--jobs 须为正整数")
    roster = None
    if roster_path:
        from common.roster import read_roster

        roster = read_roster(Path(roster_path))  # RosterError is a ValueError
    prior = None
    if prior_folder:
        from checker.rules.cross_year import load_prior

        if not Path(prior_folder).is_dir():
            raise ValueError(f"找不到上一年度的报表或上年回收文件夹：{prior_folder}")
        prior = load_prior(Path(prior_folder), jobs=jobs, seconds=seconds)
    return roster, prior
