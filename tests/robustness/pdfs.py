"""Small PDFs written object by object at test time: a plain one-page letter, a page
whose content stream inflates to a gigabyte, a PDF of 100,000 pages, an encrypted one."""

from __future__ import annotations

import zlib
from pathlib import Path

MiB = 1024 * 1024


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes, flate: bool = False) -> bytes:
    head = b"<< /Length %d%s >>" % (len(data), b" /Filter /FlateDecode" if flate else b"")
    return head + b"\nstream\n" + data + b"\nendstream"


def _pages(count: int, declared: int | None = None) -> list[bytes]:
    """Catalog, page tree, font, one content stream, then ``count`` pages sharing it."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, declared or count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (Letter of transmittal) Tj ET"),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    page += b"/Resources << /Font << /F1 3 0 R >> >> >>"
    return objects + [page] * count


def letter(target: Path) -> Path:
    """A readable one-page PDF that is no annual report (a cover letter)."""
    target.write_bytes(_pdf(_pages(1)))
    return target


def many_pages(target: Path, count: int = 100_000, declared: int | None = None) -> Path:
    target.write_bytes(_pdf(_pages(count, declared)))
    return target


def stream_bomb(target: Path, inflated: int = 1024 * MiB) -> Path:
    """One page whose content stream (about 1 MB) inflates to ``inflated`` bytes."""
    packer = zlib.compressobj(9)
    chunk = b" " * MiB
    data = b"".join(packer.compress(chunk) for _ in range(inflated // MiB)) + packer.flush()
    objects = _pages(1)
    objects[3] = _stream(data, flate=True)
    target.write_bytes(_pdf(objects))
    return target


def encrypted(target: Path) -> Path:
    """A PDF under the standard security handler with a user password set."""
    key = b"<" + b"ab" * 32 + b">"
    encrypt = b"/Encrypt << /Filter /Standard /V 1 /R 2 /O %s /U %s /P -4 >> " % (key, key)
    ident = b"/ID [<" + b"01" * 16 + b"> <" + b"01" * 16 + b">] "
    target.write_bytes(_pdf(_pages(1), encrypt + ident))
    return target
