"""Returns sent in .zip archives, checked as returns.

``batch_items`` turns the batch's files into its items: a .zip becomes its
members (``checker.read.archive.Member``), each checked as if it were a file
named ``<archive>.zip/<member path>``; an archive beyond the bounds as a whole
becomes its report at once. ``check_member`` runs in the worker: it reads the
member's bytes from the archive (bounded) and hands them to the same per-file
check as any file, through a private temporary file that is removed right after
(the readers take a path); nothing is written beside the input, which is only read.
A .rar or .7z, or an archive more than one level down, is named by the reader
(F014), not read.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from checker.check import check_file, failed_report, renamed, unreadable_report, upload_name
from checker.findings import make_finding
from checker.options import CheckOptions
from checker.read import limits
from checker.read.archive import (
    ArchiveEncrypted,
    Member,
    is_zip_archive,
    list_members,
    member_bytes,
)
from checker.results import FileReport
from common import os_errors

if TYPE_CHECKING:
    from checker.rules.cross_year import PriorIndex
    from common.parallel import Failure

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"F001", "F003", "F007", "F015"})

Item = Path | Member | FileReport  # a file, a member of an archive, or a report made already


def batch_items(files: Sequence[Path]) -> list[Item]:
    """The items of a batch, in order: each .zip replaced by the returns inside it."""
    out: list[Item] = []
    for path in files:
        if not is_zip_archive(path):
            out.append(path)
            continue
        try:
            members = list_members(path)
        except limits.LimitExceeded as exc:
            out.append(
                unreadable_report(str(path), "", [make_finding("F007", {"reason": str(exc)})])
            )
            continue
        out.extend(members or [path])  # None or nothing inside: the reader says what it is
    return out


def item_failed(item: Item, why: Failure, seconds: float = limits.FILE_SECONDS) -> FileReport:
    """The report of an item that ran out of time or whose worker died twice."""
    if isinstance(item, FileReport):
        return item
    if isinstance(item, Member):
        report = failed_report(Path(item.name), why, seconds)
        report.path = item.path
        return _of_member(report, item)
    return failed_report(item, why, seconds)


def check_member(
    member: Member, *, options: CheckOptions | None = None, prior: PriorIndex | None = None
) -> FileReport:
    """Check one member of an archive as a file of its own; never raises."""
    try:
        data = member_data(member)
    except MemberProblem as problem:
        return _of_member(unreadable_report(member.path, "", [problem.finding]), member)
    folder = Path(tempfile.mkdtemp(prefix="xxgk-member-"))
    try:
        target = folder / upload_name(member.name)
        with open(target, "xb") as out:
            out.write(data)
        report = check_file(target, options=options, prior=prior)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _of_member(renamed(report, str(target), member.path), member)


def _of_member(report: FileReport, member: Member) -> FileReport:
    report.archive, report.member_chain = member.archive, member.chain
    return report


def member_of(report: FileReport) -> Member | None:
    """The archive member a report is of (None: a file of its own)."""
    if report.archive is None or not report.path.startswith(report.archive + "/"):
        return None
    return Member(report.archive, report.member_chain, report.path[len(report.archive) + 1 :])


class MemberProblem(Exception):
    def __init__(self, rule: str, **fields: object) -> None:
        super().__init__(rule)
        self.finding = make_finding(rule, fields)


def member_data(member: Member) -> bytes:
    """The member's bytes; ``MemberProblem`` (its finding) when they cannot be read."""
    name = member.display
    try:
        return member_bytes(member)
    except ArchiveEncrypted:
        raise MemberProblem("F015", file=name) from None
    except limits.LimitExceeded as exc:
        raise MemberProblem("F007", reason=str(exc)) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, IndexError, RuntimeError) as exc:
        why = "使用了无法识别的压缩方式" if isinstance(exc, RuntimeError) else "压缩数据校验失败"
        reason = (
            f"压缩包中的文件“{name}”无法解压（{why}），压缩包可能在下载、复制或传送时损坏。"
            "请向填报单位重新索取压缩包，或直接发送报表文件。"
        )
        raise MemberProblem("F003", reason=reason) from None
    except NotImplementedError:
        reason = (
            f"压缩包中的文件“{name}”使用了无法识别的压缩方式，无法解压。"
            "请用系统自带的“压缩”功能重新打包（.zip），或直接发送报表文件。"
        )
        raise MemberProblem("F003", reason=reason) from None
    except OSError as exc:
        reason = f"无法读取压缩包“{Path(member.archive).name}”：{os_errors.reason(exc)}。"
        raise MemberProblem("F001", reason=reason) from None
