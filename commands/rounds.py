"""Review rounds in ``check-workbook``: ``--previous`` and ``--decisions``.

Both act on the report between checking and output: ``--previous`` compares
each return with the office's return of the previous round, ``--decisions``
marks findings with the meeting's decisions (which may change a verdict) and,
as an output, writes the register back.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from commands.kit import UsageError, os_error_text

if TYPE_CHECKING:
    from checker.results import Report
    from commands.invocation import Run
    from meeting.decisions import Merge


def add_options(parser: argparse.ArgumentParser) -> None:
    """The two options of review rounds."""
    parser.add_argument(
        "--previous",
        metavar="文件夹",
        help="上一轮回收的报表（同一年度）：逐个单位列出改了哪些单元格、哪些问题已解决或新出现",
    )
    parser.add_argument(
        "--decisions",
        metavar="审核意见.xlsx",
        help="审核意见表：不存在时生成；存在时先读取会议的处理意见（已说明的警告不再计入），"
        "再写回并补充新发现的问题",
    )


def prepare(report: Report, run: Run) -> None:
    """Apply ``--previous`` and ``--decisions`` to the report (before any output)."""
    if run.args.previous:
        _compare_previous(report, run)
    if run.args.decisions:
        run.register = _merge_decisions(report, run)


def _compare_previous(report: Report, run: Run) -> None:
    from checker import check_paths
    from meeting.resubmission import PreviousIndex, mark_resubmissions

    folder = Path(run.args.previous)
    if not folder.is_dir():
        raise UsageError(f"找不到上一轮回收的文件夹：{run.args.previous}")
    # the previous round is checked as this one: the same options and last year's index
    earlier = check_paths([folder], options=run.options, prior=run.prior)
    mark_resubmissions(report, PreviousIndex(str(folder), earlier.files))


def _merge_decisions(report: Report, run: Run) -> Merge:
    from meeting.decisions import RegisterRow, merge_decisions
    from meeting.decisions_sheet import RegisterError, read_register

    path = Path(run.args.decisions)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"审核意见表须为 .xlsx 文件：{run.args.decisions}")
    _leave_out_register(report, path)
    rows: list[RegisterRow] = []
    if os.path.lexists(path):  # a folder, a pipe, a broken link: read_register says why
        try:
            rows, notes = read_register(path)
        except RegisterError as exc:
            raise UsageError(str(exc)) from None
        report.notes.extend(notes)
        report.notes.append(f"已读取审核意见表：{path}（{len(rows)} 条）")
    return merge_decisions(report, rows, strict=run.options.strict)


def _leave_out_register(report: Report, path: Path) -> None:
    """A register kept in the folder being checked is not a return: leave it out."""
    target = os.path.realpath(path)  # never raises for a link loop
    kept = [fr for fr in report.files if os.path.realpath(fr.path) != target]
    if len(kept) != len(report.files):
        report.files = kept
        report.notes.append(f"审核意见表 {path} 位于检查的文件夹中，未作为报表检查")


def write_decisions(report: Report, run: Run) -> None:
    """Output action: the register with the decisions kept and this run's findings."""
    from meeting.decisions_sheet import write_register

    merge = run.register
    assert merge is not None  # made by prepare() whenever --decisions is given
    where = run.args.decisions
    try:
        write_register(merge.rows, where, protect=[f.path for f in report.files])
    except OSError as exc:
        raise UsageError(f"无法写入审核意见表 {where}：{os_error_text(exc)}") from exc
    to_stdout = run.args.output or run.args.format == "terminal"
    print(
        f"审核意见表已写入：{where}（{merge.summary()}）",
        file=sys.stdout if to_stdout else sys.stderr,
    )
