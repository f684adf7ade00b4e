"""From command-line arguments to the list of returns to check.

Arguments may be files, folders (searched recursively) or glob patterns; the
patterns are expanded here because Windows shells pass them on unexpanded.
Office lock files (``~$报表.xlsx``) are skipped with a note, and a file named
twice (or reached through two arguments) is checked once.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# .xlsx/.xlsm are read natively; the legacy kinds are read (or explained) by the reader.
RETURN_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv")
# Files offices send in place of a return: listed (checked as "not a spreadsheet"),
# never skipped silently — the office would otherwise look as if it sent nothing.
DOCUMENT_SUFFIXES: dict[str, str] = {
    ".doc": "Word 文档",
    ".docx": "Word 文档",
    ".wps": "WPS 文字文档",
    ".rtf": "RTF 文档",
    ".odt": "OpenDocument 文本文档",
    ".pdf": "PDF 文件",
    ".ofd": "OFD 版式文件",
    ".txt": "文本文件（.txt）",
    ".html": "网页文件",
    ".htm": "网页文件",
    ".mht": "网页文件",
    ".mhtml": "网页文件",
    ".jpg": "图片",
    ".jpeg": "图片",
    ".png": "图片",
}
# archives offices send their returns in: listed (F014 names what is inside), never skipped
ARCHIVE_SUFFIXES: tuple[str, ...] = (".zip", ".rar", ".7z")
LOCK_PREFIX = "~$"
_GLOB_CHARS = frozenset("*?[")


@dataclass
class Expansion:
    """What the command-line arguments name: the files to check, the arguments that name
    nothing, and notes about what was left out (lock files, folders without returns)."""

    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # arguments that matched nothing
    notes: list[str] = field(default_factory=list)


def is_return_file(path: Path) -> bool:
    return path.suffix.lower() in RETURN_SUFFIXES


def document_kind(path: Path) -> str | None:
    """What a received file that is no spreadsheet is ("Word 文档" …), by its name."""
    return DOCUMENT_SUFFIXES.get(path.suffix.lower())


def is_received_file(path: Path) -> bool:
    """A return, or a document received in its place."""
    return (
        is_return_file(path)
        or document_kind(path) is not None
        or path.suffix.lower() in ARCHIVE_SUFFIXES
    )


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
        in_folder = _folder_returns(path, out.notes)
        if not in_folder:
            out.notes.append(f"文件夹中没有报表文件（.xlsx 等），没有可检查的报表：{path}")
        return in_folder
    if path.exists() or os.path.lexists(path):
        return [path]  # a broken link or a link loop: the reader says which (F001)
    if _GLOB_CHARS & set(text):
        matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
        found: list[Path] = []
        for match in map(Path, matches):
            if match.is_dir():
                found.extend(_folder_returns(match, out.notes))
            elif is_received_file(match):
                found.append(match)
        return found or None
    return None


MAX_DEPTH = 64  # folder levels searched below an argument (a real return is a few deep)


def _folder_returns(folder: Path, notes: list[str] | None = None) -> list[Path]:
    """Every received file in ``folder`` and its subfolders, walked without
    recursion and at most ``MAX_DEPTH`` levels deep. Whatever has a return's or a
    document's name is listed, even a link loop, a dangling link, a named pipe
    or a folder named ``x.xlsx``: the reader says why it cannot be read (F001),
    so nothing is dropped silently. Linked folders are not entered (no loops)."""
    found: list[Path] = []
    deeper: list[Path] = []
    pending: list[tuple[Path, int]] = [(folder, 0)]
    while pending:
        current, depth = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue  # unreadable subfolder: nothing in it can be listed
        for entry in entries:
            # hidden files (".~tmp-" partial outputs, macOS "._" copies) are not returns
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if is_received_file(path):
                found.append(path)
            elif _real_folder(entry):
                if depth + 1 < MAX_DEPTH:
                    pending.append((path, depth + 1))
                else:
                    deeper.append(path)
    if deeper and notes is not None:
        notes.append(
            f"文件夹层级超过 {MAX_DEPTH} 层，更深处的 {len(deeper)} 个文件夹未检查："
            f"{min(deeper, key=str)}"
        )
    # every path starts with the folder's own text: sorting the paths' texts sorts
    # them by their place inside the folder
    return sorted(found, key=str)


def _real_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _identity(path: Path) -> tuple[int, int] | Path:
    """The file itself (device and inode): the same file reached by two names,
    links included, is one file."""
    try:
        stat = os.stat(path)
    except OSError:  # a broken link or a link loop: one name, however it was reached
        return Path(os.path.realpath(path))
    return (stat.st_dev, stat.st_ino)
