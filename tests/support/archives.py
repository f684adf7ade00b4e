"""Zip archives as offices make them: names in GBK without the UTF-8 flag (Chinese
Windows), members protected by a password (the flag bit set), nested zips."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

ENCRYPTED_FLAG = 0x1
UTF8_FLAG = 0x800


class _GbkInfo(zipfile.ZipInfo):
    """A member whose name is written in GBK, without the UTF-8 flag."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802 (zipfile's name)
        return self.filename.encode("gbk"), self.flag_bits & ~UTF8_FLAG


def zip_bytes(
    members: Iterable[tuple[str, bytes]],
    *,
    gbk: Iterable[str] = (),
    encrypted: Iterable[str] = (),
) -> bytes:
    """A zip of ``(name, data)`` members, deflated; ``gbk`` names are stored in GBK
    as Chinese Windows stores them; ``encrypted`` members carry the password flag."""
    gbk, encrypted = set(gbk), set(encrypted)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = _GbkInfo(name) if name in gbk else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    raw = bytearray(buffer.getvalue())
    if encrypted:
        _set_encrypted(raw, encrypted)
    return bytes(raw)


def _set_encrypted(raw: bytearray, names: set[str]) -> None:
    """Set the password flag of ``names`` in their local and central headers."""
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        infos = [i for i in archive.infolist() if i.filename in names]
    for info in infos:
        local = info.header_offset
        flags = struct.unpack_from("<H", raw, local + 6)[0]
        struct.pack_into("<H", raw, local + 6, flags | ENCRYPTED_FLAG)
    offset = raw.rfind(b"PK\x05\x06")
    start = struct.unpack_from("<I", raw, offset + 16)[0]
    while raw[start : start + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", raw, start + 28)
        header = struct.unpack_from("<I", raw, start + 42)[0]
        if any(i.header_offset == header for i in infos):
            flags = struct.unpack_from("<H", raw, start + 8)[0]
            struct.pack_into("<H", raw, start + 8, flags | ENCRYPTED_FLAG)
        start += 46 + name_len + extra_len + comment_len


def write_zip(path: Path, members: Iterable[tuple[str, bytes]], **options: Iterable[str]) -> Path:
    path.write_bytes(zip_bytes(members, **options))
    return path
