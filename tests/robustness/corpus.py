"""A corpus of bad and odd returns, generated at test time from the spec.

Every case is a file (or folder) name, a function that makes it from a clean
template-made return, and what the checker must say: the status of the file,
a rule that must be among its findings and a fragment of the Chinese message.
Nothing here is a committed binary: the clean return comes from the builder,
the legacy formats from LibreOffice, the rest from small byte-level edits.
"""

from __future__ import annotations

import functools
import random
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from declaration.spec import load_spec
from template_builder.writer import build_template

YEAR = 2023
MiB = 1024 * 1024
LONG_TEXT = 1_000_000


def clean_inputs() -> dict[str, object]:
    """A consistent 2021-format return: 5 applications, 4 granted, 1 partial."""
    return {
        "t3.new.natural": 5,
        "t3.granted.natural": 4,
        "t3.partial.natural": 1,
        "t2.rules.issued": 2,
        "t4.main.review_upheld": 1,
    }


def make_clean(path: Path, values: dict[str, object] | None = None) -> Path:
    spec = load_spec("2021")
    return build_template(
        spec, year=YEAR, path=path, unit="海滨街道办事处", values=values or clean_inputs()
    )


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path, Path], None]  # (target, clean return)
    status: str  # expected FileReport.status
    rule: str  # a rule expected among the findings
    text: str  # fragment of that finding's message
    legacy_client: bool = False  # made by LibreOffice (batched, see make_corpus)


# -- byte-level cases ---------------------------------------------------------------


def _not_a_zip(target: Path, clean: Path) -> None:
    target.write_text("单位,新收申请\n海滨街,5\n", encoding="utf-8")


def _truncated(target: Path, clean: Path) -> None:
    data = clean.read_bytes()
    target.write_bytes(data[: len(data) // 2])


def _corrupt_member(target: Path, clean: Path) -> None:
    """Directory intact, compressed data of one sheet scrambled (CRC fails)."""
    data = bytearray(clean.read_bytes())
    with zipfile.ZipFile(clean) as zf:
        info = zf.getinfo("xl/worksheets/sheet3.xml")
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + 20, start + min(info.compress_size, 400)):
        data[i] ^= 0x5A
    target.write_bytes(bytes(data))


def _empty(target: Path, clean: Path) -> None:
    target.write_bytes(b"")


def _folder(target: Path, clean: Path) -> None:
    target.mkdir()
    shutil.copy(clean, target / "inside.xlsx")


def _html(target: Path, clean: Path) -> None:
    target.write_text(
        "<html><body><table><tr><td>一、本年新收政府信息公开申请数量</td><td>5</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )


def _pdf(target: Path, clean: Path) -> None:
    target.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")


def cfb_container(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (512-byte sectors, streams >= 4096 bytes)."""
    sector = 512
    free, end, fat_marker = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    fat = [fat_marker, end]  # sector 0: the FAT, sector 1: the directory
    body = b""
    starts: list[int] = []
    for data in streams.values():
        data = data.ljust(max(4096, len(data)), b"\0")
        data += b"\0" * (-len(data) % sector)
        count = len(data) // sector
        starts.append(len(fat))
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(end)
        body += data
    assert len(fat) <= sector // 4, "one FAT sector is enough for a test container"
    fat_sector = struct.pack(f"<{sector // 4}I", *(fat + [free] * (sector // 4 - len(fat))))

    def entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    entries = [entry("Root Entry", 5, end, 0, 1, free)]
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else free
        entries.append(entry(name, 2, starts[i], len(streams[name]), free, right))
    directory = b"".join(entries).ljust(sector, b"\0")
    assert len(directory) == sector, "one directory sector is enough for a test container"
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
        + struct.pack("<H", 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    assert len(header) == sector
    return header + fat_sector + directory + body


def _encrypted(target: Path, clean: Path) -> None:
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>"
    package = struct.pack("<Q", clean.stat().st_size) + clean.read_bytes()[:8192]
    target.write_bytes(cfb_container({"EncryptionInfo": info, "EncryptedPackage": package}))


# -- package edits of a clean return ------------------------------------------------


def _rewrite(clean: Path, target: Path, edit: Callable[[dict[str, bytes]], None]) -> None:
    with zipfile.ZipFile(clean) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    edit(parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


def _add_macros(parts: dict[str, bytes]) -> None:
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    ct = parts["[Content_Types].xml"].decode()
    ct = ct.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    parts["[Content_Types].xml"] = ct.encode()


def _add_external_link(parts: dict[str, bytes]) -> None:
    parts["xl/externalLinks/externalLink1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook/></externalLink>'
    )
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
        '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath"'
        ' Target="file:///D:/报表/去年汇总.xlsx" TargetMode="External"/></Relationships>'
    ).encode()


def _hide_sheets(parts: dict[str, bytes]) -> None:
    """The instructions sheet hidden, the check sheet very hidden."""
    wb = parts["xl/workbook.xml"].decode()
    wb = wb.replace('<sheet name="填报说明"', '<sheet name="填报说明" state="hidden"')
    wb = wb.replace('<sheet name="校验"', '<sheet name="校验" state="veryHidden"')
    parts["xl/workbook.xml"] = wb.encode()


def _long_text(parts: dict[str, bytes]) -> None:
    """A megabyte of text inline in the first value cell of table 三."""
    sheet = parts["xl/worksheets/sheet4.xml"].decode()
    rng = random.Random(5)  # varied text: a megabyte that does not look like a bomb
    big = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(LONG_TEXT))
    cell = f'<c r="D8" t="inlineStr"><is><t>{big}</t></is></c>'
    parts["xl/worksheets/sheet4.xml"] = _replace_cell(sheet, "D8", cell).encode()


def _replace_cell(sheet_xml: str, ref: str, new: str) -> str:
    import re

    pattern = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', re.S)
    assert pattern.search(sheet_xml), f"{ref} not in sheet"
    return pattern.sub(lambda _: new, sheet_xml, count=1)


def _package_case(edit: Callable[[dict[str, bytes]], None]) -> Callable[[Path, Path], None]:
    return lambda target, clean: _rewrite(clean, target, edit)


# -- bombs ------------------------------------------------------------------------------


@functools.cache
def _deflate_stream(size: int, unit: bytes) -> tuple[bytes, int]:
    """Deflated bytes of ``size`` bytes of repeated ``unit``, made chunk by chunk."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = unit * (MiB // len(unit))
    out = []
    done = 0
    while done < size:
        out.append(comp.compress(chunk))
        done += len(chunk)
    out.append(comp.flush())
    return b"".join(out), done


def _bomb(target: Path, clean: Path, declared: int | None = None) -> None:
    """The clean return with one sheet part that inflates to 300 MB.

    ``declared`` writes a false (small) uncompressed size in the headers, as a
    hostile file would, so that only the streaming bound can catch it.
    """
    shutil.copy(clean, target)
    data, size = _deflate_stream(300 * MiB, b'<row><c t="inlineStr"><is><t>x</t></is></c></row>')
    name = b"xl/worksheets/sheet9.xml"
    size_field = declared if declared is not None else size
    local = struct.pack(
        "<IHHHHHIII HH",
        0x04034B50, 20, 0, 8, 0, 0, zlib.crc32(b""), len(data), size_field, len(name), 0,
    )  # fmt: skip
    raw = bytearray(target.read_bytes())
    eocd = raw.rfind(b"PK\x05\x06")
    (cd_offset,) = struct.unpack_from("<I", raw, eocd + 16)
    (cd_size,) = struct.unpack_from("<I", raw, eocd + 12)
    (entries,) = struct.unpack_from("<H", raw, eocd + 10)
    central = bytes(raw[cd_offset : cd_offset + cd_size])
    new_offset = cd_offset
    body = bytes(raw[:cd_offset]) + local + name + data
    central += struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, 0, 8, 0, 0, zlib.crc32(b""), len(data), size_field,
        len(name), 0, 0, 0, 0, 0, new_offset,
    ) + name  # fmt: skip
    tail = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, entries + 1, entries + 1, len(central), len(body), 0
    )
    target.write_bytes(body + central + tail)


def _million_rows(target: Path, clean: Path) -> None:
    """An extra sheet part with a million rows (about 40 MB of XML, 200 KB zipped)."""
    _bomb_like_rows(target, clean, 1_000_000)


def _bomb_like_rows(target: Path, clean: Path, rows: int) -> None:
    def edit(parts: dict[str, bytes]) -> None:
        xml = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, rows))
        parts["xl/worksheets/sheet9.xml"] = (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{xml}</sheetData></worksheet>"
        ).encode()

    _rewrite(clean, target, edit)


# -- names and permissions -------------------------------------------------------------


def _copy(target: Path, clean: Path) -> None:
    shutil.copy(clean, target)


def _unreadable_permissions(target: Path, clean: Path) -> None:
    shutil.copy(clean, target)
    target.chmod(0)


SAVE_AS = "文件 → 另存为 → Excel 工作簿 (*.xlsx)"

CASES: tuple[Case, ...] = (
    Case("not-a-zip.xlsx", _not_a_zip, "unreadable", "F004", SAVE_AS),
    Case("truncated.xlsx", _truncated, "unreadable", "F003", "已损坏或不完整"),
    Case("corrupt-member.xlsx", _corrupt_member, "unreadable", "F003", "已损坏或不完整"),
    Case("empty.xlsx", _empty, "unreadable", "F001", "空文件"),
    Case("folder.xlsx", _folder, "unreadable", "F001", "是一个文件夹"),
    Case("web-page.xls", _html, "unreadable", "F004", "网页（HTML）"),
    Case("scan.xlsx", _pdf, "unreadable", "F004", "PDF"),
    Case("encrypted.xlsx", _encrypted, "unreadable", "F002", "不设密码的副本"),
    Case("legacy.xls", _copy, "pass", "F005", "公式完整性", legacy_client=True),
    Case("wps.et", _copy, "pass", "F005", "WPS 表格文件", legacy_client=True),
    Case("opendoc.ods", _copy, "pass", "F005", SAVE_AS, legacy_client=True),
    Case("export.csv", _copy, "fail", "F005", "CSV", legacy_client=True),
    Case("export-gbk.csv", _copy, "fail", "F005", "CSV", legacy_client=True),
    Case("macros.xlsm", _package_case(_add_macros), "pass", "F006", "宏"),
    Case("external-link.xlsx", _package_case(_add_external_link), "pass", "F008", "去年汇总"),
    Case("hidden-sheets.xlsx", _package_case(_hide_sheets), "pass", "F009", "校验"),
    Case("long-text.xlsx", _package_case(_long_text), "fail", "F010", "共 1000000 个字符"),
    Case("bomb.xlsx", _bomb, "unreadable", "F007", "压缩炸弹"),
    Case(
        "bomb-lying.xlsx",
        lambda t, c: _bomb(t, c, declared=4096),
        "unreadable",
        "F003",
        "已损坏",
    ),
    Case("million-rows.xlsx", _million_rows, "unreadable", "F007", "超过上限"),
    Case("no-permission.xlsx", _unreadable_permissions, "unreadable", "F001", "权限"),
    Case("海滨街 2023年 (终稿) #1&x'.xlsx", _copy, "pass", "", ""),
)


def case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def make_corpus(folder: Path, clean: Path, legacy: dict[str, Path]) -> dict[str, Path]:
    """Every case as a file in ``folder``; ``legacy`` maps case names to client-made files."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for c in CASES:
        target = folder / c.name
        if c.legacy_client:
            shutil.copy(legacy[c.name], target)
        else:
            c.make(target, clean)
        out[c.name] = target
    return out
