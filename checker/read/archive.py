"""The members of a .zip archive of returns: listed, and read one at a time, bounded.

Offices send their returns in a zip. ``list_members`` reads only the archive's
directory (and, for a zip inside it, that zip's bytes within the limits, to list
it: archives inside an archive are read one level deep). ``member_bytes`` reads
one member's bytes from the archive in memory. Nothing is ever extracted: a
member's name (``../x.xlsx`` included) is only a name. Names of zips made on
Chinese Windows are GBK without the UTF-8 flag and are decoded as such.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from checker.read import limits

ARCHIVE_DEPTH = 1  # archives inside an archive that are read (deeper ones: named, F014)
UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
# parts of a package (an .xlsx renamed .zip is read as the workbook it is)
_PACKAGE_MARKS = ("[Content_Types].xml", "mimetype", "xl/workbook.xml", "word/document.xml")


class ArchiveEncrypted(Exception):
    """A member (or the archive holding it) is protected by a zip password."""


@dataclass(frozen=True)
class Member:
    """One file inside an archive: the archive on disk, the member's index in each
    archive on the way (outermost first) and its path inside, as its maker wrote it."""

    archive: str
    chain: tuple[int, ...]
    shown: str  # "内层.zip/甲局.xlsx"

    @property
    def path(self) -> str:
        """The name it is checked under: ``<archive>.zip/<member path>``."""
        return f"{self.archive}/{self.shown}"

    @property
    def display(self) -> str:
        """``报表.zip/甲局.xlsx``: the archive's name and the member's path inside it."""
        return f"{Path(self.archive).name}/{self.shown}"

    @property
    def name(self) -> str:
        return PurePosixPath(self.shown).name or "压缩包中的文件"


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its maker wrote it: zips from Chinese Windows store GBK
    (cp936) without the UTF-8 flag, which ``zipfile`` decodes as cp437."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gb18030")
    return name.replace("\\", "/")


def is_zip_archive(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def list_members(path: Path) -> list[Member] | None:
    """The members of ``path`` that are received files (returns, documents, archives),
    or None when the file is better left to the reader as a whole: not a regular
    file, not a zip, a package (an .xlsx named .zip), or damaged. Raises
    ``limits.LimitExceeded`` for an archive beyond the bounds as a whole."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            return None
        limits.check_archive_size(path, status.st_size)
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if any(mark in names for mark in _PACKAGE_MARKS):
                return None
            return _members(path, zf, (), "", 0)
    except (OSError, zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        return None


def _members(
    path: Path, zf: zipfile.ZipFile, chain: tuple[int, ...], prefix: str, depth: int
) -> list[Member]:
    from common.paths import is_received_file

    infos = zf.infolist()
    limits.check_archive_entries(path, infos)
    out: list[Member] = []
    for index, info in enumerate(infos):
        shown = prefix + member_name(info)
        base = PurePosixPath(shown).name
        if info.is_dir() or "__MACOSX/" in shown or base.startswith((".", "~$")):
            continue
        if not is_received_file(Path(base)):
            continue
        member = Member(str(path), (*chain, index), shown)
        nested = _nested(path, zf, info, member, depth) if depth < ARCHIVE_DEPTH else None
        out.extend(nested or [member])
    return out


def _nested(
    path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, member: Member, depth: int
) -> list[Member] | None:
    """The members of a zip inside the archive, or None (read as one member: the
    reader names what it is, why it cannot be read)."""
    if not is_zip_archive(Path(member.name)):
        return None
    try:
        data = _read(zf, info, member)
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            names = set(inner.namelist())
            if any(mark in names for mark in _PACKAGE_MARKS):
                return None
            return _members(path, inner, member.chain, member.shown + "/", depth + 1) or None
    except (
        ArchiveEncrypted,
        limits.LimitExceeded,
        zipfile.BadZipFile,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
        OSError,
    ):
        return None


def member_bytes(member: Member) -> bytes:
    """The member's bytes, read from its archive in memory within the limits.

    Raises ``ArchiveEncrypted``, ``limits.LimitExceeded`` (too large, a "zip bomb"),
    or what ``zipfile`` raises for a damaged archive."""
    with zipfile.ZipFile(member.archive) as zf:
        data = _read(zf, zf.infolist()[member.chain[0]], member)
    for index in member.chain[1:]:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            data = _read(zf, zf.infolist()[index], member)
    return data


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, member: Member) -> bytes:
    if info.flag_bits & ENCRYPTED_FLAG:
        raise ArchiveEncrypted(member.shown)
    limits.check_member_size(member.display, info)
    with zf.open(info) as stream:  # never more than the declared (checked) size
        data = stream.read(limits.MAX_FILE_BYTES + 1)
    if len(data) > limits.MAX_FILE_BYTES:
        raise limits.member_too_big(member.display, len(data))
    return data
