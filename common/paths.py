"""From command-line arguments to the list of returns to check.

Arguments may be files, folders (searched recursively) or glob patterns; the
patterns are expanded here because Windows shells pass them on unexpanded.
Office lock files (``~$报表.xlsx``) are skipped with a note, and a file named
twice (or reached through two arguments) is checked once.
"""

from __future__ import annotations

import glob
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# .xlsx/.xlsm are read natively; the legacy kinds are read (or explained) by the reader.
RETURN_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv")
# published reports: saved web pages, Word files, PDFs, copied text (checker.read.published)
PUBLISHED_SUFFIXES: tuple[str, ...] = (
    ".html",
    ".htm",
    ".mhtml",
    ".mht",
    ".docx",
    ".doc",
    ".wps",
    ".pdf",
    ".txt",
)
LOCK_PREFIX = "~$"
_GLOB_CHARS = frozenset("*?[")


@dataclass
class Expansion:
    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # arguments that matched nothing
    notes: list[str] = field(default_factory=list)


REPORT_MARKS: tuple[str, ...] = ("年度报告", "年报", "政府信息公开")
_HEAD_BYTES = 64 * 1024
_PAGES = (".html", ".htm", ".mhtml", ".mht")


def is_return_file(path: Path) -> bool:
    return path.suffix.lower() in RETURN_SUFFIXES + PUBLISHED_SUFFIXES


def is_published_file(path: Path) -> bool:
    return path.suffix.lower() in PUBLISHED_SUFFIXES


def looks_like_report(path: Path) -> bool:
    """A document in a folder is taken as a published report when its name or its
    beginning says so; cover letters and notes beside the returns are not."""
    if any(mark in path.name for mark in REPORT_MARKS) or path.suffix.lower() in _PAGES:
        return True  # a saved page beside the returns is there to be checked
    try:
        if path.suffix.lower() == ".docx":
            with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as part:
                head = part.read(8 * _HEAD_BYTES)
        else:
            with path.open("rb") as fh:
                head = fh.read(_HEAD_BYTES)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    return any(m.encode(c) in head for m in REPORT_MARKS for c in ("utf-8", "gb18030"))


def is_lock_file(path: Path) -> bool:
    return path.name.startswith(LOCK_PREFIX)


def expand_paths(arguments: Iterable[str | os.PathLike[str]]) -> Expansion:
    """Files to check, in argument order (folders and patterns sorted by name)."""
    out = Expansion()
    seen: set[tuple[int, int] | Path] = set()
    for argument in arguments:
        text = os.fspath(argument)
        candidates = _candidates(text, out)
        if candidates is None:
            out.missing.append(text)
            continue
        for path in candidates:
            if is_lock_file(path):
                out.notes.append(f"已跳过 Office 临时锁定文件：{path}")
                continue
            key = _identity(path)
            if key in seen:
                out.notes.append(f"文件被重复给出，只检查一次：{path}")
                continue
            seen.add(key)
            out.files.append(path)
    return out


def _candidates(text: str, out: Expansion) -> list[Path] | None:
    path = Path(text).expanduser()
    if path.is_dir() and is_return_file(path):
        return [path]  # a folder named like a return: reported as unreadable (F001)
    if path.is_dir():
        in_folder = _folder_returns(path, out)
        if not in_folder:
            out.notes.append(f"文件夹中没有报表文件（.xlsx 等）：{path}")
        return in_folder
    if path.exists():
        return [path]
    if _GLOB_CHARS & set(text):
        matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
        found: list[Path] = []
        for match in map(Path, matches):
            if match.is_dir():
                found.extend(_folder_returns(match, out))
            elif is_return_file(match):
                found.append(match)
        return found or None
    return None


def _folder_returns(folder: Path, out: Expansion) -> list[Path]:
    # hidden files (".~tmp-" partial outputs, macOS "._" copies) are not returns
    found = []
    for p in folder.rglob("*"):
        name = p.name
        if name.startswith(".") or not is_return_file(p) or not p.is_file():
            continue
        if is_published_file(p) and not looks_like_report(p):
            out.notes.append(f"文件名和开头都看不出是年度报告，未检查：{p}（可把它直接作为参数）")
            continue
        found.append(p)
    # every path starts with the folder's own text: sorting the paths' texts sorts
    # them by their place inside the folder
    return sorted(found, key=str)


def _identity(path: Path) -> tuple[int, int] | Path:
    """The file itself (device and inode): the same file reached by two names,
    links included, is one file."""
    try:
        stat = os.stat(path)
    except OSError:
        return path.absolute()
    return (stat.st_dev, stat.st_ino)
