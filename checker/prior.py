"""Reading last year's returns into the one prior-year index of a run.

``load_prior`` takes what users give as ``--prior``: a folder of last year's
returns (matched per office) or one file (an index of one, used for every
return). Both are read once, with the run's time budget per file.
"""

from __future__ import annotations

import os
from pathlib import Path

from checker.options import CheckOptions
from checker.rules.cross_year import PriorIndex, PriorReturn, prior_from_extraction


class PriorError(ValueError):
    """Last year's file or folder cannot be used at all (Chinese message)."""


def read_prior(path: Path) -> PriorReturn | str:
    """One of last year's returns, or its path when it cannot be used."""
    found = _read(path)
    return str(path) if isinstance(found, str) else found


def _read(path: Path) -> PriorReturn | str:
    """One of last year's returns, or the Chinese reason it cannot be used."""
    from checker.read.extract import extract

    extraction = extract(path)
    prior = prior_from_extraction(extraction)
    if prior is not None:
        return prior
    if extraction.unreadable:
        return extraction.unreadable
    errors = [f.message for f in extraction.findings if f.severity == "error"]
    return errors[0] if errors else "无法识别格式"


def load_prior(path: str | os.PathLike[str], options: CheckOptions | None = None) -> PriorIndex:
    """Last year's returns from a folder, or the one file given; ``PriorError`` when the
    file or folder cannot be used."""
    options = options or CheckOptions()
    where = Path(path)
    if where.is_dir():
        return _load_folder(where, options)
    if not where.is_file():
        raise PriorError(f"找不到上一年度的报表或上年回收文件夹：{path}")
    from common.parallel import parallel_map

    (found,) = parallel_map(
        _read,
        [where],
        jobs=1,
        progress=False,
        on_failure=_timed_out,
        time_budget=options.seconds,
    )
    if isinstance(found, str):
        raise PriorError(f"上一年度的报表无法使用（{path}）：{found}")
    return PriorIndex.of_one(found)


def _timed_out(path: Path, why: str) -> str:
    return "检查超时" if why == "timeout" else "读取时进程异常退出"


def _load_folder(folder: Path, options: CheckOptions) -> PriorIndex:
    """Every return in last year's folder (in parallel for large folders)."""
    from checker.read.limits import cap_worker_memory
    from common.parallel import parallel_map
    from common.paths import expand_paths

    index = PriorIndex(str(folder))
    read = parallel_map(
        read_prior,
        expand_paths([folder]).files,
        jobs=options.jobs,
        progress=options.progress,
        label="读取上年报告",
        initializer=cap_worker_memory,  # in a worker process only
        on_failure=_prior_failed,  # out of time, or its worker died twice: unreadable
        time_budget=options.seconds,
    )
    for item in read:
        if isinstance(item, str):
            index.unreadable.append(item)
        else:
            index.returns.append(item)
    return index


def _prior_failed(path: Path, why: str) -> str:
    return str(path)
