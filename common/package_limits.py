"""Bounds for the spreadsheets given with an option (roster, review register).

They are read with openpyxl in the main process, before any return is
checked, so they get the same limits as returns (checker.read.limits uses the
numbers here): the file's size, the package's parts and their inflated sizes,
the compression ratio, and no document type declaration (DTD, entities) in
any XML part. ``check_package`` refuses a file beyond them with a Chinese
message naming what the file is for.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from pathlib import Path

MiB = 1024 * 1024
MAX_FILE_BYTES = 32 * MiB  # size of the file on disk
MAX_ZIP_ENTRIES = 2000  # parts in one package
MAX_PART_BYTES = 4 * MiB  # one part once inflated
MAX_TOTAL_BYTES = 24 * MiB  # all parts together once inflated
MAX_RATIO = 200  # inflated/compressed, checked for parts above RATIO_FLOOR
RATIO_FLOOR = 1 * MiB
MAX_CSV_BYTES = 8 * MiB  # a roster CSV (100,000 offices of 50 bytes each: 5 MB)
MAX_SHEET_ROWS = 100_000  # rows of a roster or register (a province has a few thousand offices)
MAX_SHEET_COLS = 256  # columns read of them (they have a handful)
MAX_SHEET_CELLS = 2_000_000  # cells, the empty ones before the last of a row included
_DTD_MARKS = (b"<!doctype", b"<!entity")


class PackageRefused(ValueError):
    """A roster or register beyond the bounds; ``str()`` is the Chinese reason."""


def check_regular(path: Path, what: str, limit: int = MAX_FILE_BYTES) -> int:
    """The size of ``path``, refusing a folder, a pipe, a device or a file too large."""
    status = os.stat(path)
    if stat.S_ISDIR(status.st_mode):
        raise PackageRefused(f"{what} {path} 是一个文件夹，不是文件")
    if not stat.S_ISREG(status.st_mode):
        raise PackageRefused(f"{what} {path} 不是普通文件（是命名管道、设备或套接字），未读取")
    if status.st_size > limit:
        raise PackageRefused(
            f"{what} {path.name} 大小为 {status.st_size / MiB:.1f} MB，"
            f"超过上限 {limit // MiB} MB，未读取"
        )
    return status.st_size


def check_package(path: Path, what: str) -> None:
    """Refuse an .xlsx that is damaged, a zip bomb, too large or declares a DTD."""
    check_regular(path, what)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_sizes(path, what, infos)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    _check_part(path, what, zf, info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise PackageRefused(
            f"{what} {path.name} 无法读取：不是有效的 .xlsx 文件（已损坏或不是 Excel 工作簿：{exc}）。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx"
        ) from None


def _check_sizes(path: Path, what: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ZIP_ENTRIES:
        raise PackageRefused(f"{what} {path.name} 包含超过 {MAX_ZIP_ENTRIES} 个内部部件，未读取")
    total = 0
    for info in infos:
        size = info.file_size
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageRefused(
                f"{what} {path.name} 中的部件 {info.filename} 压缩比异常，疑似“压缩炸弹”，未读取"
            )
        total += size
        if size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            raise PackageRefused(
                f"{what} {path.name} 解压后超过上限（单个部件 {MAX_PART_BYTES // MiB} MB、"
                f"合计 {MAX_TOTAL_BYTES // MiB} MB），未读取"
            )


def _check_part(path: Path, what: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Inflate one XML part within its bound (a lying size stops there) and look
    for a DTD, which Excel never writes and which expands entities."""
    with zf.open(info) as stream:
        data = stream.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise PackageRefused(f"{what} {path.name} 中的部件 {info.filename} 解压后超过上限，未读取")
    head = data[:4096].lower()
    if any(mark in head for mark in _DTD_MARKS):
        raise PackageRefused(
            f"{what} {path.name} 的部件 {info.filename} 含有文档类型声明（DTD），"
            "Excel 和 WPS 不会这样保存，未读取。请用 Excel 或 WPS 打开后另存为 .xlsx"
        )
