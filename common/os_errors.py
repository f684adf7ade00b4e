"""Chinese reasons for operating-system errors (never Python's "[Errno …]" English).

Used for messages about inputs (a file that cannot be opened) and outputs (a
report that cannot be written) alike; ``commands.kit.os_error_text`` adds the
command-line view on top.
"""

from __future__ import annotations

import errno
import re

REASONS: dict[int, str] = {
    errno.ENOENT: "路径不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已满",
    errno.EROFS: "只读文件系统",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ELOOP: "符号链接形成了循环（或层次过多）",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EIO: "读写设备出错",
    errno.EINVAL: "文件名或路径无效",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENXIO: "设备不存在（可能是命名管道或设备文件）",
}
_ERRNO_IN_TEXT = re.compile(r"\[Errno (\d+)\]")
_WIN_ERROR = re.compile(r"\[WinError (\d+)\]")


def error_number(exc: BaseException) -> int | None:
    """The errno of an OS error, also when a library put it only in its message
    (XlsxWriter's FileCreateError says "[Errno 21] Is a directory: …")."""
    number = getattr(exc, "errno", None)
    if isinstance(number, int):
        return number
    found = _ERRNO_IN_TEXT.search(str(exc))
    return int(found.group(1)) if found else None


def has_raw_errno(text: str) -> bool:
    """Does ``text`` carry Python's English error form ("[Errno 13] …")?"""
    return bool(_ERRNO_IN_TEXT.search(text) or _WIN_ERROR.search(text))


def reason(exc: BaseException, default: str = "无法访问该文件") -> str:
    """A Chinese reason for ``exc``; ``default`` for an error number not known here."""
    number = error_number(exc)
    if number is None:
        return default
    return REASONS.get(number, default)
