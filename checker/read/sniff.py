"""What a submitted file really is, decided from its bytes, not its name.

Offices send .xlsx files that are really .xls, web pages, Word files,
encrypted packages, half-downloaded copies or folders. ``sniff`` looks at the
first bytes and the package directory (bounded by checker.read.limits) and says
either which reader can take the file or, in Chinese, why it cannot be read
and what the office should do. It never raises for a bad file.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from checker.findings import rule_message
from checker.read import limits
from checker.read.archive import member_name
from checker.read.ods_limits import check_repetitions
from checker.read.workbook import ReadError
from common import os_errors

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"F001", "F002", "F003", "F004", "F007", "F014"})

FileKind = Literal[
    "xlsx",
    "xlsm",
    "xlsb",
    "xls",
    "ods",
    "csv",
    "html",
    "mhtml",
    "text",
    "docx",
    "doc",
    "pdf",
    "unreadable",
]
LEGACY_KINDS: tuple[str, ...] = ("xlsb", "xls", "ods", "csv")
# published reports: read by checker.read.published, not as workbooks
PUBLISHED_KINDS: tuple[str, ...] = ("html", "mhtml", "text", "docx", "doc", "pdf")
_REPORT_MARKS = tuple(
    mark.encode(codec) for mark in ("年度报告", "政府信息公开") for codec in ("utf-8", "gb18030")
)

SAVE_AS = "文件 → 另存为 → Excel 工作簿 (*.xlsx)"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_FOREIGN_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF 文件"),
    (b"{\\rtf", "RTF 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
)


class FileProblem(ReadError):
    """A file that cannot be read: the F-rule that says why and the fields of its
    message template; ``str()`` is the Chinese message."""

    def __init__(self, rule: str, fields: Mapping[str, object]) -> None:
        super().__init__(rule_message(rule, fields))
        self.rule = rule
        self.fields = dict(fields)


@dataclass(frozen=True)
class Sniffed:
    """The verdict on one path: a readable kind, or ``unreadable`` with a reason."""

    path: Path
    kind: FileKind
    rule: str = ""  # F-rule of an unreadable file
    fields: tuple[tuple[str, object], ...] = ()  # of the rule's message template
    label: str = ""  # what the file is, for messages ("Excel 97-2003 工作簿")
    # an .xlsx/.xlsm package's parts, inflated and verified once for the reader
    parts: Mapping[str, bytes] | None = field(default=None, compare=False, repr=False)

    @property
    def readable(self) -> bool:
        return self.kind != "unreadable"

    @property
    def legacy(self) -> bool:
        return self.kind in LEGACY_KINDS

    @property
    def published(self) -> bool:
        return self.kind in PUBLISHED_KINDS

    @property
    def message(self) -> str:
        """Chinese reason and what to do, naming the file."""
        return rule_message(self.rule, dict(self.fields)) if self.rule else ""

    def raise_if_unreadable(self) -> None:
        if not self.readable:
            raise FileProblem(self.rule, dict(self.fields))


def _bad(path: Path, rule: str, message: str = "", **fields: object) -> Sniffed:
    """An unreadable file: ``message`` fills a ``{reason}`` template, ``fields`` others."""
    values = {"file": path.name, **fields, **({"reason": message} if message else {})}
    return Sniffed(path, "unreadable", rule, tuple(values.items()))


SHOWN_MEMBERS = 10  # files named from an archive's list


def _holds_received_files(names: Iterable[str]) -> bool:
    from common.paths import is_received_file

    return any(is_received_file(Path(n)) for n in names if not n.endswith("/"))


_NOT_READ = {
    "zip": "压缩包中的压缩包只读取一层，这个压缩包中的文件没有检查："
    "请把其中的报表直接放入压缩包或文件夹后重新检查。",
    "empty": "其中没有报表文件（.xlsx、.xls、.ods、网页、Word、PDF 等），没有可检查的报表。",
    "other": "RAR、7z 压缩包不会被读取，其中的文件没有检查："
    "请改用 .zip 压缩包发送，或直接发送其中的报表文件。",
    "renamed": "文件的扩展名是 {suffix}，内容却是压缩包，其中的文件没有检查："
    "请把扩展名改为 .zip 后重新检查（压缩包中的报表会逐个检查），或解压后检查其中的报表。",
    "upload": "网页上每次上传一份报表文件，压缩包中的文件没有检查：请解压后逐个上传其中的报表。",
}


def archive_fields(what: str, names: list[str], advice: str) -> dict[str, str]:
    """The F014 message's fields for an archive of ``names`` (its list, nothing extracted)."""
    files = [Path(n).name for n in names if not n.endswith("/") and not n.startswith("__MACOSX")]
    shown = "、".join(files[:SHOWN_MEMBERS])
    more = f" 等 {len(files)} 个文件" if len(files) > SHOWN_MEMBERS else ""
    inside = f"，其中有 {len(files)} 个文件：{shown}{more}" if files else ""
    return {"what": what, "inside": inside, "advice": advice}


def _archive(path: Path, what: str, names: list[str]) -> Sniffed:
    """An archive that is not read (F014): what it holds, from its list, nothing
    extracted (a .zip of returns is read member by member: checker.archives)."""
    suffix = path.suffix.lower()
    if "zip" not in what:
        advice = _NOT_READ["other"]
    elif not _holds_received_files(names):
        advice = _NOT_READ["empty"]
    elif suffix != ".zip":  # a zip of returns given another name: not read as an archive
        advice = _NOT_READ["renamed"].format(suffix=path.suffix or "（无）")
    else:  # a .zip of returns reaching the reader is one inside another
        advice = _NOT_READ["zip"]
    return _bad(path, "F014", **archive_fields(what, names, advice))


def uploaded_archive_fields(data: bytes) -> dict[str, str] | None:
    """For an upload named .zip: the F014 fields (its members named, none read), or
    None when the data is not a zip archive (the reader then says what it is)."""
    import io
    import zipfile

    from checker.read.archive import member_name

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()[: limits.MAX_ARCHIVE_MEMBERS]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    names = [member_name(i) for i in infos]
    if any(n in names for n in ("[Content_Types].xml", "mimetype")):
        return None  # a workbook or document named .zip: read as what it is
    return archive_fields("zip 压缩包", names, _NOT_READ["upload"])


def _resave(path: Path, what: str) -> Sniffed:
    return _bad(path, "F004", what=what)


def _encrypted(path: Path) -> Sniffed:
    return _bad(path, "F002")


def _damaged(path: Path, why: str) -> Sniffed:
    return _bad(
        path,
        "F003",
        f"文件“{path.name}”已损坏或不完整（{why}），可能在下载、复制或传送时中断。"
        "请用 Excel 或 WPS 打开确认；如无法打开，请向填报单位重新索取文件。",
    )


_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".et", ".ods", ".csv")
# a document under a workbook's name was meant to be a workbook (an export saved
# as a web page, a Word file renamed): the office is asked to send the .xlsx
_AS_WORKBOOK = {
    "html": "实际是网页（HTML）格式，只是扩展名为表格",
    "mhtml": "实际是网页（HTML）格式，只是扩展名为表格",
    "pdf": "实际是PDF 文件",
    "docx": "实际是 Word 文档",
    "doc": "实际是 Word 97-2003 文档",
}


def sniff(path: Path | str) -> Sniffed:
    """Classify ``path``; never raises for a bad file."""
    path = Path(path)
    try:
        verdict = _sniff(path)
        if verdict.kind in _AS_WORKBOOK and path.suffix.lower() in _WORKBOOK_SUFFIXES:
            return _resave(path, _AS_WORKBOOK[verdict.kind])
        return verdict
    except limits.LimitExceeded as exc:
        return _bad(path, "F007", str(exc))
    except PermissionError:
        return _bad(
            path,
            "F001",
            f"没有读取文件“{path.name}”的权限（或文件正被其他程序独占打开）。"
            "请关闭占用它的程序，或把文件复制到有权限的文件夹后重新检查。",
        )
    except FileNotFoundError:
        return _bad(path, "F001", f"找不到文件“{path.name}”，请检查路径和文件名是否正确。")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError):
        return _damaged(path, "压缩结构无法打开或校验失败")
    except (NotImplementedError, RuntimeError):  # unknown compression, zip password
        return _damaged(path, "使用了无法识别的压缩方式或压缩包密码")
    except OSError as exc:
        return _bad(path, "F001", f"无法读取文件“{path.name}”：{os_errors.reason(exc)}。")


def _sniff(path: Path) -> Sniffed:
    status = path.stat()
    if stat.S_ISDIR(status.st_mode):
        return _bad(
            path,
            "F001",
            f"“{path.name}”是一个文件夹，不是 Excel 工作簿。请提交其中的 .xlsx 文件，"
            "或把文件夹本身（而不是改名为 .xlsx 的文件夹）交给检查程序。",
        )
    if not stat.S_ISREG(status.st_mode):  # reading a FIFO or a device would never end
        return _bad(
            path,
            "F001",
            f"“{path.name}”不是普通文件（是命名管道、设备或套接字），不是 Excel 工作簿，"
            "未读取。请提交真正的 .xlsx 文件。",
        )
    limits.check_file_size(path, status.st_size)
    with _open_regular(path) as fh:
        head = fh.read(4096)
        packaged = head.startswith(_ZIP_MAGICS) or head.startswith(_OLE_MAGIC)
        # a package is read whole, once (bounded, even if the file grew since)
        data = head + fh.read(limits.MAX_FILE_BYTES - len(head)) if packaged else head
    if not head:
        return _bad(
            path,
            "F001",
            f"文件“{path.name}”是空文件（0 字节），可能在保存、下载或复制时中断。"
            "请向填报单位重新索取文件。",
        )
    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(path, data)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path, data)
    return _sniff_other(path, head)


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, checked once more to be a regular file."""
    fh = path.open("rb")
    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
        fh.close()
        raise OSError(errno.ENXIO, "not a regular file")
    return fh


# -- zip packages: .xlsx / .xlsm / .xlsb / .ods -----------------------------------


def _sniff_zip(path: Path, data: bytes) -> Sniffed:
    """``data``: the whole file, inflated from memory."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        limits.check_declared_sizes(path, infos)
        odd = next((i for i in infos if i.compress_type not in _EXCEL_COMPRESSIONS), None)
        if odd is not None:  # bzip2, LZMA, …: no spreadsheet program writes them
            return _bad(
                path,
                "F001",
                f"文件“{path.name}”中的部件 {odd.filename} 使用了 Excel 和 WPS 都不使用的压缩方式"
                f"（{_COMPRESSION_NAMES.get(odd.compress_type, odd.compress_type)}），"
                "不是 Excel 或 WPS 保存的工作簿，未读取。请用 Excel 或 WPS 打开后另存为 .xlsx。",
            )
        names = {i.filename for i in infos}
        if "mimetype" in names and limits.read_bounded(zf, "mimetype", 200).startswith(_ODS_MIME):
            parts = limits.inflate_parts(path, zf)
            if "content.xml" in parts:
                check_repetitions(path, parts["content.xml"])
            return Sniffed(path, "ods", label="OpenDocument 电子表格 (.ods)")
        if "xl/workbook.xml" in names:
            parts = limits.inflate_parts(path, zf, data)
            if "xl/vbaProject.bin" in names or _macro_content_type(parts):
                return Sniffed(path, "xlsm", label="启用宏的 Excel 工作簿 (.xlsm)", parts=parts)
            return Sniffed(path, "xlsx", label="Excel 工作簿 (.xlsx)", parts=parts)
        if "xl/workbook.bin" in names:
            limits.inflate_parts(path, zf)
            return Sniffed(path, "xlsb", label="Excel 二进制工作簿 (.xlsb)")
        if "word/document.xml" in names:
            limits.inflate_parts(path, zf, data)  # a lying size stops here, not in python-docx
            return Sniffed(path, "docx", label="Word 文档 (.docx)")
        if "ppt/presentation.xml" in names:
            return _resave(path, "实际是 PowerPoint 演示文稿")
        if "[Content_Types].xml" in names or "mimetype" in names:
            return _resave(path, "是其他软件的文档")
        if path.suffix.lower() == ".zip" or _holds_received_files(names):
            return _archive(path, "zip 压缩包", [member_name(i) for i in infos])
        return _resave(path, "实际是一个压缩包（zip）")


_EXCEL_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_COMPRESSION_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}


def _bounded(parts: Mapping[str, bytes], name: str, limit: int) -> bytes:
    """An inflated part, refusing one above ``limit`` as ``limits.read_bounded`` does."""
    data = parts[name]
    if len(data) > limit:
        raise limits.LimitExceeded(f"部件 {name} 超过上限 {limits.mib(limit)}，已停止读取。")
    return data


def _macro_content_type(parts: Mapping[str, bytes]) -> bool:
    if "[Content_Types].xml" not in parts:
        return False
    return b"macroEnabled" in _bounded(parts, "[Content_Types].xml", limits.MiB)


# -- OLE2 compound files: .xls / .et / encrypted packages / .doc --------------------


def _sniff_ole(path: Path, data: bytes) -> Sniffed:
    names = cfb_stream_names(data)
    if {"EncryptionInfo", "EncryptedPackage"} <= names:
        return _encrypted(path)
    if "Workbook" in names or "Book" in names:
        label = "WPS 表格文件 (.et)" if path.suffix.lower() == ".et" else "Excel 97-2003 工作簿"
        return Sniffed(path, "xls", label=label)
    if "WordDocument" in names:
        label = (
            "WPS 文字文件 (.wps)" if path.suffix.lower() == ".wps" else "Word 97-2003 文档 (.doc)"
        )
        return Sniffed(path, "doc", label=label)
    if "PowerPoint Document" in names:
        return _resave(path, "实际是 PowerPoint 演示文稿")
    if not names:
        return _damaged(path, "复合文档的目录无法读取")
    return _resave(path, "是无法识别的复合文档")


_FREE_SECTORS = 0xFFFFFFFA  # ids at or above this are markers, not sectors


def cfb_stream_names(data: bytes) -> set[str]:
    """Names of the storages and streams in an OLE2 compound file.

    Reads the header, the FAT and the directory chain only (a few KB); on any
    inconsistency returns what it found so far.
    """
    if len(data) < 512 or not data.startswith(_OLE_MAGIC):
        return set()
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    first_dir = struct.unpack_from("<I", data, 0x30)[0]
    difat = struct.unpack_from("<109I", data, 0x4C)
    fat: list[int] = []
    for sector in difat:
        if sector >= _FREE_SECTORS:
            continue
        start = (sector + 1) * size
        chunk = data[start : start + size]
        fat.extend(struct.unpack(f"<{len(chunk) // 4}I", chunk[: len(chunk) // 4 * 4]))
    names: set[str] = set()
    sector = first_dir
    for _ in range(4096):  # bounded walk: a loop in the chain cannot hang us
        if sector >= _FREE_SECTORS:
            break
        start = (sector + 1) * size
        block = data[start : start + size]
        for off in range(0, len(block) - 127, 128):
            entry = block[off : off + 128]
            length = struct.unpack_from("<H", entry, 64)[0]
            if entry[66] in (1, 2) and 2 <= length <= 64:
                names.add(entry[: length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector] if sector < len(fat) else _FREE_SECTORS
    return names


# -- everything else: csv, web pages, other documents -------------------------------


def _sniff_other(path: Path, head: bytes) -> Sniffed:
    if head.startswith(b"%PDF"):
        return Sniffed(path, "pdf", label="PDF 文件")
    for magic, what in _FOREIGN_MAGICS:
        if head.startswith(magic):
            if "压缩包" in what and path.suffix.lower() in (".rar", ".7z", ".zip"):
                return _archive(path, what, [])
            return _resave(path, f"实际是{what}")
    wide = head.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 with its BOM
    if wide:  # looked at as UTF-8, as a browser reads it after the BOM
        head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"mime-version") or (b"multipart/related" in text[:2048]):
        return Sniffed(path, "mhtml", label="网页（单个文件，.mhtml）")
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")) and b"<html" in text:
        return Sniffed(path, "html", label="网页 (.html)")
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<head", b"<body")) or (
        path.suffix.lower() in (".htm", ".html", ".shtml", ".xhtml") and b"<html" in text
    ):
        return Sniffed(path, "html", label="网页 (.html)")
    if text.startswith(b"<?xml") and b"spreadsheet" in text:
        return _resave(path, "是 Excel 2003 XML 表格")
    clean = head.replace(b"\x00", b"")  # a stray NUL does not make copied text binary
    is_text = head.count(b"\x00") <= 16 and _decodes(clean)
    if is_text and path.suffix.lower() == ".txt" and any(m in clean for m in _REPORT_MARKS):
        return Sniffed(path, "text", label="文本文件（复制的报告）")
    if wide and path.suffix.lower() == ".txt":
        return Sniffed(path, "text", label="文本文件（复制的报告）")
    if (
        not wide
        and b"\x00" not in head
        and _decodes(head)
        and path.suffix.lower() in (".csv", ".txt")
    ):
        return Sniffed(path, "csv", label="CSV 文本文件 (.csv)")
    return _resave(path, "的内容不是表格文件（可能是改了扩展名的其他文件）")


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut at the end of the sample
                return True
            continue
        return True
    return False


# -- warnings about a readable .xlsx/.xlsm package ----------------------------------

_SHEET_STATES = {"hidden": "隐藏", "veryHidden": "深度隐藏"}


def external_links(parts: Mapping[str, bytes]) -> tuple[str, ...]:
    """The files the external links of a package point to."""
    return tuple(_link_target(parts, n) for n in sorted(parts) if _is_link_part(n))


def _is_link_part(name: str) -> bool:
    return name.startswith("xl/externalLinks/externalLink") and name.endswith(".xml")


def _link_target(parts: Mapping[str, bytes], part: str) -> str:
    """The file an external link points to, as written in its relationships."""
    import re

    rels = part.replace("externalLinks/", "externalLinks/_rels/") + ".rels"
    if rels not in parts:
        return part
    text = _bounded(parts, rels, limits.MiB).decode("utf-8", "replace")
    found = re.search(r'Target="([^"]*)"', text)
    return limits.clip_text(found.group(1)) if found else part
