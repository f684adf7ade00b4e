"""``--feedback 文件夹``: a 退回意见单 per office whose return goes back, with
``--deadline`` (the date to resubmit by) and ``--round`` (the round's name)."""

from __future__ import annotations

import argparse
import datetime as dt
import re

from commands.kit import UsageError

DEFAULT_ROUND = "第一轮"  # meeting.feedback is not imported here: --help stays light
_DATE = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--feedback",
        metavar="文件夹",
        help="为每个需退回修改的单位写一份退回意见单（A4 一页的 .docx），放入该文件夹",
    )
    parser.add_argument(
        "--deadline",
        metavar="日期",
        help="退回意见单上的重新报送截止日期，如 2027-01-20、2027/1/20 或 2027年1月20日",
    )
    parser.add_argument(
        "--round",
        metavar="名称",
        help=f"退回意见单上的审核轮次，如“第二轮”（默认“{DEFAULT_ROUND}”）",
    )


def parse_deadline(text: str) -> dt.date:
    """``2027-01-20``, ``2027/1/20``, ``2027年1月20日`` → a date; UsageError otherwise."""
    m = _DATE.fullmatch(text.strip())
    try:
        if m is None:
            raise ValueError(text)
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise UsageError(
            f"--deadline 的日期无法识别：{text}（请写成 2027-01-20、2027/1/20 或 2027年1月20日）"
        ) from None


def check_options(options: argparse.Namespace) -> None:
    """The deadline parses, the round has a name, and both go with --feedback."""
    if options.feedback is not None and not options.feedback.strip():
        raise UsageError("--feedback 需要一个文件夹名（收到空字符串）")
    if (options.deadline or options.round) and not options.feedback:
        raise UsageError("--deadline、--round 须与 --feedback 一起使用")
    if options.deadline:
        parse_deadline(options.deadline)
    if options.round is not None and not options.round.strip():
        raise UsageError("--round 需要一个名称，如“第二轮”")
