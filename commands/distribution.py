"""``build-template --roster 名单.csv --year 2025 -o 下发/ [--prior 去年回收/]``.

The one place where the builder meets the checker: last year's returns are
read by the checker's prior-year index and handed to the builder's
distribution, which imports nothing of the checker.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from commands.kit import ExitCode, os_error_text
from common.terminal_text import printable
from common.workers import WorkerCrashed

if TYPE_CHECKING:
    from checker.rules.cross_year import PriorIndex


def default_folder(year: int) -> Path:
    return Path(f"下发-{year}年度")


def _load_prior(folder: Path, jobs: int | None) -> PriorIndex:
    from checker import CheckOptions, load_prior
    from template_builder.distribute import DistributionError

    if not folder.is_dir():
        raise DistributionError(f"上年回收文件夹 {folder} 不存在或不是文件夹")
    return load_prior(folder, CheckOptions.of(jobs=jobs, progress=None))


def run_distribution(args: argparse.Namespace) -> int:
    from common.roster import RosterError, read_roster
    from declaration.spec import SpecError
    from template_builder.distribute import DistributionError, distribute

    try:
        if not args.roster:
            raise DistributionError("--prior 须与 --roster 同时使用")
        if args.unit or args.code or args.lock_unit:
            raise DistributionError(
                "使用 --roster 时单位名称和代码取自名单，不能再给 --unit、--code、--lock-unit"
            )
        folder = args.output or default_folder(args.year)
        if folder.suffix.lower() == ".xlsx" or folder.is_file():
            raise DistributionError(f"使用 --roster 时 -o 应为输出文件夹：{folder}")
        roster = read_roster(args.roster)
        prior = _load_prior(args.prior, args.jobs) if args.prior else None
        dist = distribute(
            roster,
            year=args.year,
            folder=folder,
            fmt=args.format,
            prior=prior,
            password=args.password,
            jobs=args.jobs,
            protect=[args.prior] if args.prior else [],
            force=args.force,
        )
    except (RosterError, DistributionError, SpecError) as exc:
        print(f"错误：{printable(str(exc))}", file=sys.stderr)
        return ExitCode.USAGE
    except WorkerCrashed as exc:
        print(f"错误：生成模板时工作进程异常退出（{exc}），请重新运行", file=sys.stderr)
        return ExitCode.FAILED
    except OSError as exc:  # OutputError included
        where = f"{exc.filename}：" if getattr(exc, "filename", None) else ""
        reason = os_error_text(exc)
        print(f"错误：无法写入模板：{where}{reason}", file=sys.stderr)
        return ExitCode.FAILED
    print(printable("\n".join(dist.summary_lines())))
    return ExitCode.OK
