"""Resource bounds for reading one return: size, inflation, rows, text.

A return made from the template is a few dozen KB and its sheets a few
hundred cells. Anything far beyond that is a mistake or a hostile file; the
bounds below keep memory and time per file small so that one such file cannot
stop a batch of hundreds. docs/robustness.md documents every number here.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

MiB = 1024 * 1024

MAX_FILE_BYTES = 32 * MiB  # size of the file on disk
MAX_ZIP_ENTRIES = 2000  # parts in one .xlsx/.ods package
MAX_PART_BYTES = 4 * MiB  # one part (e.g. a sheet XML) once inflated
MAX_TOTAL_BYTES = 24 * MiB  # all parts together once inflated
MAX_RATIO = 200  # inflated/compressed, checked for parts above RATIO_FLOOR
RATIO_FLOOR = 1 * MiB
MAX_ROWS = 5000  # rows read per sheet; the template's sheets have < 100
MAX_COLS = 256  # columns read per sheet; the widest table has 16
MAX_LEGACY_CELLS = 100_000  # cells read per sheet of a legacy file (a template's: hundreds)
MAX_MERGES = 10_000  # merged ranges per sheet; a template's sheet has a few dozen
MAX_MERGED_CELLS = 200_000  # cells of merged ranges worked out per sheet (the rest: not looked up)
MAX_CELL_CHARS = 32767  # Excel's own limit for one cell
FILE_SECONDS = 30.0  # time budget of checking one file; a return takes under a second
SHOWN_CHARS = 60  # characters of an odd cell quoted in a message
# published reports (web pages, Word, PDF, copied text): a report is 10–40 pages
MAX_PDF_PAGES = 300  # pages of a PDF read (its declared page count, then the pages met)
MAX_PDF_STREAM_BYTES = 16 * MiB  # one page's content stream once inflated
MAX_PDF_CONTENT_BYTES = 64 * MiB  # every page's content streams together once inflated
MAX_TEXT_BYTES = 8 * MiB  # a copied .txt (a report copied from a page: tens of KB)
MAX_TEXT_LINES = 200_000  # lines of a copied .txt (a report has a few hundred)
MAX_LINE_CHARS = 100_000  # one line of copied text; the rest of a longer line is not read
MAX_DOCUMENT_CELLS = 100_000  # table cells of one published report (a report: a few hundred)
MAX_PARAGRAPHS = 100_000  # paragraphs of one published report
# a .zip of returns (offices send a few dozen returns in one): each member is read as
# a file (MAX_FILE_BYTES, MAX_RATIO), the archive as a whole within these
MAX_ARCHIVE_BYTES = 256 * MiB  # the archive on disk
MAX_ARCHIVE_MEMBERS = MAX_ZIP_ENTRIES  # entries in one archive
MAX_ARCHIVE_TOTAL = 512 * MiB  # every member together, inflated, as the archive declares
WORKER_MEMORY = 1024 * MiB  # address space a worker may add to what it starts with

_CHUNK = 1 * MiB


def cap_worker_memory() -> None:
    """In a worker process (never the main one): at most ``WORKER_MEMORY`` more
    address space, so that one file's MemoryError is that file's F007 finding."""
    from common.workers import limit_memory_in_worker

    limit_memory_in_worker(WORKER_MEMORY)


class LimitExceeded(Exception):
    """A file beyond a resource bound; ``str()`` is the Chinese reason."""


def mib(n: int) -> str:
    return f"{n / MiB:.1f} MB"


def check_file_size(path: Path, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise LimitExceeded(
            f"文件“{path.name}”大小为 {mib(size)}，超过上限 {mib(MAX_FILE_BYTES)}"
            "（正常的年报表格只有几十 KB）。请确认是否提交错了文件；"
            "如确为年报表格，请删除多余的工作表、图片后重新保存。"
        )


def _too_big(path: Path, what: str, size: int, limit: int) -> LimitExceeded:
    return LimitExceeded(
        f"文件“{path.name}”中的{what} 解压后达 {mib(size)}，超过上限 {mib(limit)}，"
        "已停止读取（可能是异常或恶意构造的文件）。请用 Excel 或 WPS 打开确认内容，"
        "删除多余的行列和工作表后重新保存，或向填报单位重新索取文件。"
    )


def check_declared_sizes(path: Path, infos: Iterable[zipfile.ZipInfo]) -> None:
    """Reject a package by the sizes its directory declares, before inflating."""
    total = 0
    for count, info in enumerate(infos, 1):
        if count > MAX_ZIP_ENTRIES:
            raise LimitExceeded(
                f"文件“{path.name}”包含超过 {MAX_ZIP_ENTRIES} 个内部部件，"
                "不是正常的年报表格，已停止读取。请使用下发的模板重新填报。"
            )
        size = info.file_size
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise LimitExceeded(
                f"文件“{path.name}”中的部件 {info.filename} 压缩比异常"
                f"（{info.compress_size} 字节解压为 {mib(size)}），疑似“压缩炸弹”，已停止读取。"
                "请向填报单位重新索取正常保存的文件。"
            )
        if size > MAX_PART_BYTES:
            raise _too_big(path, f"部件 {info.filename}", size, MAX_PART_BYTES)
        total += size
        if total > MAX_TOTAL_BYTES:
            raise _too_big(path, "全部内容", total, MAX_TOTAL_BYTES)


def check_archive_size(path: Path, size: int) -> None:
    if size > MAX_ARCHIVE_BYTES:
        raise LimitExceeded(
            f"压缩包“{path.name}”大小为 {mib(size)}，超过上限 {mib(MAX_ARCHIVE_BYTES)}，"
            "其中的文件没有检查。请分成几个压缩包发送，或直接发送报表文件。"
        )


def check_archive_entries(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive by its directory: too many entries, or too much once inflated."""
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        raise LimitExceeded(
            f"压缩包“{path.name}”包含超过 {MAX_ARCHIVE_MEMBERS} 个文件，已停止读取"
            "（可能是异常或恶意构造的文件）。请只把各单位的报表打包发送。"
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_ARCHIVE_TOTAL:
        raise LimitExceeded(
            f"压缩包“{path.name}”中的文件解压后共达 {mib(total)}，超过上限 "
            f"{mib(MAX_ARCHIVE_TOTAL)}，已停止读取（可能是异常或恶意构造的“压缩炸弹”）。"
            "请向填报单位重新索取正常的压缩包或报表文件。"
        )


def member_too_big(shown: str, size: int) -> LimitExceeded:
    return LimitExceeded(
        f"压缩包中的文件“{shown}”解压后达 {mib(size)}，超过每份文件的上限 "
        f"{mib(MAX_FILE_BYTES)}，已停止读取（正常的年报表格只有几十 KB）。"
        "请确认是否打包错了文件，或直接发送报表文件。"
    )


def check_member_size(shown: str, info: zipfile.ZipInfo) -> None:
    """One archive member, by the sizes the archive declares, before inflating."""
    size = info.file_size
    if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
        raise LimitExceeded(
            f"压缩包中的文件“{shown}”压缩比异常（{info.compress_size} 字节解压为 {mib(size)}），"
            "疑似“压缩炸弹”，已停止读取。请向填报单位重新索取正常的压缩包或报表文件。"
        )
    if size > MAX_FILE_BYTES:
        raise member_too_big(shown, size)


def inflate_parts(path: Path, zf: zipfile.ZipFile, data: bytes | None = None) -> dict[str, bytes]:
    """Every part's bytes, inflated within bounds (catches lying sizes and bad CRCs).

    ``zipfile`` never returns more than a part's declared size and checks the
    CRC at the end, so a part that inflates past what it declares ends in
    ``BadZipFile`` (reported as a damaged file) after at most the declared,
    already bounded, number of bytes. With the file's ``data`` at hand, plain
    deflated and stored parts are inflated straight from it with the same
    checks, which costs a fraction of ``zipfile``'s per-part streams. The parts
    are kept so that the reader does not inflate them a second time.
    """
    total = 0
    parts: dict[str, bytes] = {}
    for info in zf.infolist():
        if info.is_dir():
            continue
        if data is not None and _plain(info):
            part = _inflate_plain(data, info)
        else:
            part = _inflate_stream(path, zf, info)
        if len(part) > MAX_PART_BYTES:
            raise _too_big(path, f"部件 {info.filename}", len(part), MAX_PART_BYTES)
        total += len(part)
        if total > MAX_TOTAL_BYTES:
            raise _too_big(path, "全部内容", total, MAX_TOTAL_BYTES)
        parts[info.filename] = part  # as zipfile, the last of duplicate names
    return parts


def _plain(info: zipfile.ZipInfo) -> bool:
    """Deflated or stored, not encrypted: what Excel, WPS and LibreOffice write."""
    return info.compress_type in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED) and not (
        info.flag_bits & 0x1
    )


def _inflate_plain(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """One part inflated from the file's bytes, checked as ``zipfile`` checks it."""
    offset = info.header_offset
    header = data[offset : offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"Bad magic number for file header: {info.filename}")
    start = offset + 30 + int.from_bytes(header[26:28], "little")
    start += int.from_bytes(header[28:30], "little")
    stored = data[start : start + info.compress_size]
    if len(stored) < info.compress_size:
        raise EOFError(f"{info.filename} is truncated")
    if info.file_size == 0:
        part = b""
    elif info.compress_type == zipfile.ZIP_STORED:
        part = stored[: info.file_size]
    else:  # never more than the declared size, as zipfile
        part = zlib.decompressobj(-15).decompress(stored, info.file_size)
    if len(part) != info.file_size:
        raise EOFError(f"{info.filename} ends before its declared size")
    if zlib.crc32(part) != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
    return part


def _inflate_stream(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    size = 0
    chunks: list[bytes] = []
    with zf.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_PART_BYTES:
                raise _too_big(path, f"部件 {info.filename}", size, MAX_PART_BYTES)
            chunks.append(chunk)
    return b"".join(chunks)


def read_bounded(zf: zipfile.ZipFile, name: str, limit: int = MAX_PART_BYTES) -> bytes:
    """One part's bytes, refusing to inflate more than ``limit``."""
    with zf.open(name) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise LimitExceeded(f"部件 {name} 超过上限 {mib(limit)}，已停止读取。")
    return data


def clip_text(text: str, shown: int = SHOWN_CHARS) -> str:
    """A cell's text shortened for a message (the full text is never echoed)."""
    if len(text) <= shown:
        return text
    return text[:shown] + f"…（共 {len(text)} 个字符）"
