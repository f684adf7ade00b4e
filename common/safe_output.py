"""Safe outputs: atomic writes and text that cannot become a formula.

Every file the product writes (templates, reports, roll-ups, annotated copies)
goes through ``atomic_output``: it is written to a temporary file beside the
target and renamed over it only when complete, so an interrupted run leaves no
half-written file. Only a regular file is replaced: a symbolic link is followed
(the file it names is replaced), a device or named pipe (``-o /dev/stdout``) is
written into in place. Writing over one of the run's input files is refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISDIR, S_ISREG

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SEPARATORS = os.sep + (os.altsep or "")


class OutputError(OSError):
    """An output that must not be written (Chinese message)."""


def _refuse_inputs(target: Path, protect: Iterable[Path | str]) -> None:
    """Refuse ``target`` when it is one of the ``protect`` files: the same file
    (links included), or the same path once resolved (whether or not it exists).
    One stat per input: a batch protects hundreds of returns."""
    target_id = None
    with contextlib.suppress(OSError):
        stat = os.stat(target)
        target_id = (stat.st_dev, stat.st_ino)
    resolved: Path | None = None
    for p in (os.fspath(item) for item in protect):
        if target_id is not None:
            try:
                stat = os.stat(p)
            except OSError:
                pass
            else:
                if (stat.st_dev, stat.st_ino) == target_id:
                    raise _refused(target)
        if resolved is None:
            resolved = Path(os.path.realpath(target))
        # resolving keeps the last name unless it is a link (or "." / "..")
        bare = p.rstrip(_SEPARATORS)
        name = os.path.basename(bare)
        may_differ = name in (resolved.name, "", ".", "..") or os.path.islink(bare)
        if may_differ and Path(os.path.realpath(Path(p))) == resolved:
            raise _refused(target)


class InputGuard:
    """The run's input files looked at once, for many outputs: one stat and one
    resolve per input, then each output is checked against two sets."""

    def __init__(self, protect: Iterable[Path | str]) -> None:
        self.ids: set[tuple[int, int]] = set()
        self.paths: set[Path] = set()
        for item in protect:
            with contextlib.suppress(OSError):
                stat = os.stat(item)
                self.ids.add((stat.st_dev, stat.st_ino))
            self.paths.add(Path(os.path.realpath(Path(item))))

    def refuse(self, target: Path) -> None:
        """Raise OutputError when ``target`` is one of the inputs."""
        try:
            stat = os.stat(target)
        except OSError:
            pass
        else:
            if (stat.st_dev, stat.st_ino) in self.ids:
                raise _refused(target)
        if Path(os.path.realpath(target)) in self.paths:
            raise _refused(target)


def _refused(target: Path) -> OutputError:
    return OutputError(f"输出文件 {target} 与输入文件相同，已拒绝覆盖输入文件")


@contextlib.contextmanager
def atomic_output(
    target: Path | str, protect: Iterable[Path | str] | InputGuard = ()
) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target`` atomically.

    ``protect`` lists input files that must never be overwritten (an
    ``InputGuard`` when many outputs are checked against the same inputs).
    Only a regular file (or a new name) is replaced: a symbolic link is followed
    and the file it points to replaced, and a device or a named pipe
    (``-o /dev/stdout``) is written into in place, never replaced by a file.
    """
    target = Path(target)
    if isinstance(protect, InputGuard):
        protect.refuse(target)
    else:
        _refuse_inputs(target, protect)
    final, special = _destination(target)
    if special:
        folder = Path(tempfile.gettempdir())  # /dev is no place for a temporary file
    else:
        folder = final.parent
        folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".~tmp-", suffix=target.suffix, dir=folder)
    tmp = Path(tmp_name)
    try:  # any exit, a signal turned into an exception included (common.interrupts)
        os.close(fd)
        yield tmp
        if special:
            _write_in_place(tmp, final)
            tmp.unlink()
        else:
            _plain_permissions(tmp, final)
            os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


MAX_LINKS = 40  # as the kernel's own limit on links followed in one lookup


def _destination(target: Path) -> tuple[Path, bool]:
    """Where the output goes and whether it is written in place: a regular file
    (through its links) is replaced, a device, pipe or socket written into."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:  # a new name, or a link to one
        return _followed(target), False
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _loop(target) from None
        return target, False  # the write says why (in Chinese, by the caller)
    if S_ISREG(mode):
        return Path(os.path.realpath(target)), False
    return target, not S_ISDIR(mode)


def _followed(target: Path) -> Path:
    """A link to a file not made yet, followed to the name it will have."""
    path = target
    for _ in range(MAX_LINKS):
        if not path.is_symlink():
            return path
        link = Path(os.readlink(path))
        path = link if link.is_absolute() else path.parent / link
    raise _loop(target)


def _loop(target: Path) -> OutputError:
    return OutputError(f"输出文件 {target} 是形成循环的符号链接，无法写入")


def _write_in_place(tmp: Path, target: Path) -> None:
    """Copy the finished output into a device or named pipe. A pipe nobody reads
    is refused rather than waited for (``O_NONBLOCK`` at open)."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(f"输出文件 {target} 是命名管道，但没有程序在读取它，未写入") from None
        raise
    try:
        os.set_blocking(fd, True)
        with tmp.open("rb") as source:
            while chunk := source.read(1024 * 1024):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _plain_permissions(tmp: Path, target: Path) -> None:
    """Give the output the mode of the file it replaces, else the usual one.

    ``mkstemp`` creates 0600 files; a template or report put on a shared
    folder must stay readable by the colleagues who open it.
    """
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def write_bytes_atomic(target: Path | str, data: bytes, protect: Iterable[Path | str] = ()) -> None:
    with atomic_output(target, protect) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: Path | str, text: str, protect: Iterable[Path | str] = ()) -> None:
    # a lone surrogate (a file name that is not UTF-8) cannot be encoded: escaped, never fatal
    write_bytes_atomic(target, text.encode("utf-8", "backslashreplace"), protect)


def neutralize_formula(text: str) -> str:
    """Text from a workbook made safe for CSV/Excel output: never a formula.

    A leading ``=``, ``+``, ``-``, ``@`` (or tab/CR) gets an apostrophe-like
    guard so that a spreadsheet shows it as text instead of evaluating it.
    """
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
