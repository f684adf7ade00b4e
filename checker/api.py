"""The public API of the checker: what the CLI, the meeting outputs, the server and
users' own scripts call (documented in ``docs/api.md``).

Every entry point goes through the one pipeline (``checker.batch.check_paths``)
and gives plain data: a ``Report`` whose ``to_json()`` is what
``check-workbook --format json`` writes.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from checker.batch import check_paths
from checker.check import renamed, upload_name
from checker.options import CheckOptions
from checker.results import FileReport, Report

if TYPE_CHECKING:
    from checker.rules.cross_year import PriorIndex
    from common.roster import Roster

__all__ = [
    "CheckOptions",
    "archive_refusal",
    "check_bytes",
    "check_paths",
    "check_workbook",
    "input_path",
    "load_prior",
    "load_roster",
    "source_of",
]

PathArgument = str | os.PathLike[str]

EMITS = frozenset({"F014"})  # an uploaded .zip of files: one report, no member read


def archive_refusal(name: str, data: bytes) -> str | None:
    """For an upload named .zip that holds files (not a workbook so named): the
    Chinese sentence that refuses it; None for anything else."""
    from checker.read.sniff import uploaded_archive_fields

    if Path(name).suffix.lower() != ".zip":
        return None
    fields = uploaded_archive_fields(data)
    if fields is None:
        return None
    return f"上传的是一个{fields['what']}{fields['inside']}。{fields['advice']}"


def check_workbook(
    path: PathArgument, *, options: CheckOptions | None = None, prior: PriorIndex | None = None
) -> FileReport:
    """Check one file; its ``FileReport`` (a batch of one)."""
    return check_paths([path], options=options, prior=prior).files[0]


def check_bytes(
    data: bytes,
    name: str,
    *,
    options: CheckOptions | None = None,
    prior: PriorIndex | None = None,
) -> Report:
    """Check a file given as its bytes and its name (an upload has no path).

    The name says what kind of file it claims to be (``.xlsx``, ``.html`` …) and is
    the report's path; it never becomes a path on disk beyond a private
    temporary folder, which is removed afterwards.
    """
    safe = upload_name(name)
    if Path(safe).suffix.lower() == ".zip":  # one upload, one report: members never read
        from checker.check import unreadable_report
        from checker.findings import make_finding
        from checker.read.sniff import uploaded_archive_fields

        fields = uploaded_archive_fields(data)
        if fields is not None:
            finding = make_finding("F014", {"file": Path(name).name, **fields})
            return Report([unreadable_report(name, "", [finding])])
    folder = Path(tempfile.mkdtemp(prefix="xxgk-upload-"))
    try:
        target = folder / safe
        with open(target, "xb") as out:
            out.write(data)
        report = check_paths([target], options=options, prior=prior)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report.files = [renamed(fr, str(target), name) for fr in report.files]
    report.notes = [note.replace(str(target), name) for note in report.notes]
    return report


def source_of(report: FileReport) -> Path | io.BytesIO:
    """Where a report's file can be read again (the meeting outputs copy it): its
    path, or for a return inside a .zip its bytes, read from the archive within
    the reading limits (raises ``ValueError`` in Chinese when they cannot be read)."""
    from checker.archives import MemberProblem, member_data, member_of

    member = member_of(report)
    if member is None:
        return Path(report.path)
    try:
        return io.BytesIO(member_data(member))
    except MemberProblem as problem:
        raise ValueError(problem.finding.message) from None


def input_path(report: FileReport) -> Path:
    """The file on disk a report was read from: the archive for a member of one."""
    return Path(report.archive if report.archive is not None else report.path)


def load_prior(path: PathArgument, options: CheckOptions | None = None) -> PriorIndex:
    """Last year's returns (``--prior``): a folder, matched per office, or one file, used
    for every return. ``checker.prior.PriorError`` (Chinese) when it cannot be used."""
    from checker.prior import load_prior as load

    return load(path, options)


def load_roster(path: PathArgument) -> Roster:
    """The roster of who must report (``--roster``); ``RosterError`` (a ValueError,
    Chinese) when it cannot be used."""
    from common.roster import read_roster

    return read_roster(Path(path))
