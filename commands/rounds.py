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


def prepare(report: Report, options: argparse.Namespace) -> None:
    """Apply ``--previous`` and ``--decisions`` to the report (before any output)."""
    if getattr(options, "previous", None):
        _compare_previous(report, options)
    if getattr(options, "decisions", None):
        options.register = _merge_decisions(report, options)


def _compare_previous(report: Report, options: argparse.Namespace) -> None:
    from checker.batch import check_batch
    from meeting.resubmission import PreviousIndex, mark_resubmissions

    folder = Path(options.previous)
    if not folder.is_dir():
        raise UsageError(f"找不到上一轮回收的文件夹：{options.previous}")
    earlier = check_batch(
        [folder],
        prior=getattr(options, "prior_index", None),
        select=options.selection.select,
        ignore=options.selection.ignore,
        strict=options.strict,
        jobs=options.jobs,
        **({"seconds": options.timeout} if options.timeout else {}),
    )
    mark_resubmissions(report, PreviousIndex(str(folder), earlier.files))


def _merge_decisions(report: Report, options: argparse.Namespace) -> Merge:
    from meeting.decisions import RegisterRow, merge_decisions
    from meeting.decisions_sheet import RegisterError, read_register

    path = Path(options.decisions)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"审核意见表须为 .xlsx 文件：{options.decisions}")
    _leave_out_register(report, path)
    rows: list[RegisterRow] = []
    if os.path.lexists(path):  # a folder, a pipe, a broken link: read_register says why
        try:
            rows, notes = read_register(path)
        except RegisterError as exc:
            raise UsageError(str(exc)) from None
        report.notes.extend(notes)
        report.notes.append(f"已读取审核意见表：{path}（{len(rows)} 条）")
    return merge_decisions(report, rows, strict=options.strict)


def _leave_out_register(report: Report, path: Path) -> None:
    """A register kept in the folder being checked is not a return: leave it out."""
    target = Path(os.path.realpath(path))
    kept = [fr for fr in report.files if Path(os.path.realpath(Path(fr.path))) != target]
    if len(kept) != len(report.files):
        report.files = kept
        report.notes.append(f"审核意见表 {path} 位于检查的文件夹中，未作为报表检查")


def write_decisions(report: Report, options: argparse.Namespace) -> None:
    """Output action: the register with the decisions kept and this run's findings."""
    from meeting.decisions_sheet import write_register

    merge: Merge = options.register
    try:
        write_register(merge.rows, options.decisions, protect=[f.path for f in report.files])
    except OSError as exc:
        raise UsageError(f"无法写入审核意见表 {options.decisions}：{os_error_text(exc)}") from exc
    to_stdout = options.output or options.format == "terminal"
    print(
        f"审核意见表已写入：{options.decisions}（{merge.summary()}）",
        file=sys.stdout if to_stdout else sys.stderr,
    )
