"""The public API of the checker: what the CLI, the meeting outputs, the server and
users' own scripts call (documented in ``docs/api.md``).

Every entry point goes through the one pipeline (``checker.batch.check_paths``)
and gives plain data: a ``Report`` whose ``to_json()`` is what
``check-workbook --format json`` writes.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.batch import check_paths
from checker.options import CheckOptions
from checker.results import FileReport, Report

if TYPE_CHECKING:
    from checker.rules.cross_year import PriorIndex
    from common.roster import Roster

__all__ = [
    "CheckOptions",
    "check_bytes",
    "check_paths",
    "check_workbook",
    "load_prior",
    "load_roster",
]

PathArgument = str | os.PathLike[str]

# what a file name from an upload may not carry into the temporary file's name:
# folders, glob characters (the pipeline expands patterns), controls
_NOT_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\*?\[\]:<>|\"]")
MAX_NAME_CHARS = 120


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
    folder = Path(tempfile.mkdtemp(prefix="xxgk-upload-"))
    try:
        target = folder / safe
        with open(target, "xb") as out:
            out.write(data)
        report = check_paths([target], options=options, prior=prior)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report.files = [_named(fr, str(target), name) for fr in report.files]
    report.notes = [note.replace(str(target), name) for note in report.notes]
    return report


def upload_name(name: str) -> str:
    """A file name that is safe on disk and keeps the name's extension."""
    base = re.split(r"[/\\]", name)[-1]
    base = _NOT_IN_NAME.sub("_", base).strip(" .") or "上传的文件"
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = suffix[:16]
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1] or "上传的文件"
    return f"{stem}.{suffix}" if suffix else stem


def _named(report: FileReport, temporary: str, name: str) -> FileReport:
    """The report of the temporary file under the name it was given."""
    report.path = name
    report.findings = [
        replace(f, message=f.message.replace(temporary, name)) if temporary in f.message else f
        for f in report.findings
    ]
    report.notes = [note.replace(temporary, name) for note in report.notes]
    return report


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
