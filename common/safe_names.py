"""File names that every office's computer can hold.

Outputs are often named after an office ("某某街道办事处（批注）.xlsx",
"退回意见单-某某局.docx") and copied to Windows machines, shared folders and USB
sticks. A unit name may hold characters Windows refuses (``<>:"/\\|?*``, control
characters), end in a dot or a space, be a reserved device name (CON, NUL, COM1 …)
or be very long. ``safe_stem`` turns any text into a stem that is valid on Windows,
macOS and Linux and still reads as the office's name.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Container
from pathlib import Path

# Windows refuses these in a file name; the full-width forms read the same to a clerk
_REPLACE = str.maketrans(
    {
        "<": "＜",
        ">": "＞",
        ":": "：",
        '"': "＂",
        "/": "／",
        "\\": "＼",
        "|": "｜",
        "?": "？",
        "*": "＊",
    }
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}
# a stem within this many UTF-16 code units leaves room for a folder and a suffix
# under Windows' 255-unit limit for one path component
MAX_STEM = 120


def safe_stem(text: str, fallback: str = "未命名") -> str:
    """``text`` as a file-name stem valid on Windows, macOS and Linux."""
    stem = unicodedata.normalize("NFC", text)
    stem = _CONTROL.sub(" ", stem).translate(_REPLACE)
    stem = " ".join(stem.split())  # tabs, new lines and runs of spaces: one space
    stem = stem.strip(" .")
    if len(stem.encode("utf-16-le")) // 2 > MAX_STEM:
        stem = _cut(stem, MAX_STEM).rstrip(" .")
    if not stem:
        return fallback
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = f"_{stem}"
    return stem


def _cut(text: str, units: int) -> str:
    """The longest prefix of ``text`` within ``units`` UTF-16 code units."""
    out: list[str] = []
    used = 0
    for ch in text:
        width = 2 if ord(ch) > 0xFFFF else 1
        if used + width > units:
            break
        out.append(ch)
        used += width
    return "".join(out)


def free_name(outdir: Path, stem: str, suffix: str, taken: Container[Path]) -> Path:
    """``outdir/<stem><suffix>``, or ``<stem>-2<suffix>``, ``-3`` … when that path
    (resolved) is already taken in this run."""
    candidate = outdir / f"{stem}{suffix}"
    n = 2
    while Path(os.path.realpath(candidate)) in taken:
        candidate = outdir / f"{stem}-{n}{suffix}"
        n += 1
    return candidate
