"""Saved web pages (.html/.htm, and the page inside an .mhtml "网页，单个文件").

Parsed by lxml's HTML parser (libxml2): it takes the tag soup that Word and
content-management systems publish (unclosed <p>, MsoNormal spans, <o:p>) the way
a browser does, and is fast enough for a thousand pages in seconds. The encoding
is the one the page declares (BOM, <meta charset>, http-equiv), else UTF-8, else
GB18030 (a superset of GBK and GB2312).
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import Message

from lxml import etree

from checker.read.published.document import Document, SpannedCell, clean_cell, expand_spans

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "br",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "center",
        "dt",
        "dd",
    ]
)
_SKIP = frozenset(["script", "style", "head", "title", "noscript", "template", "iframe"])
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
# huge_tree: libxml2 would otherwise cut a page at 256 levels of nesting or an
# attribute of 10 MB (an embedded image); the file's size is bounded before parsing
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


def decode_page(data: bytes, declared: str | None = None) -> str:
    """The page's text as a browser decodes it: a BOM first; then UTF-8 when the bytes
    are UTF-8 (a ``<meta charset>`` that says otherwise is wrong); then the charset
    declared by the archive or the page when the bytes decode in it; then GB18030.
    Bytes that decode in none of them are decoded in the one they fit best, each bad
    byte a U+FFFD, so that one stray byte does not turn the whole page to mojibake."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    found = _CHARSET.search(data[:8192])
    names = ["utf-8", declared, found.group(1).decode("ascii") if found else None, "gb18030"]
    codecs = []
    for name in names:
        if not name:
            continue
        name = _ALIASES.get(name.lower(), name)
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            codecs.append(name)
        except LookupError:
            continue
    return min((data.decode(c, "replace") for c in codecs), key=_badness)


def _badness(text: str) -> int:
    """How badly a decoding fits: its replacement characters, and in a Chinese page
    the rare characters that GB18030 makes of UTF-8 bytes count as well."""
    return text.count("\ufffd") * 4 + len(_MOJIBAKE.findall(text[:200_000]))


# what UTF-8 Chinese looks like read as GB18030: two-byte and four-byte sequences
# outside the common CJK block (Latin-1 lookalikes, private use, rare extensions)
_MOJIBAKE = re.compile("[\u00a0-\u024f\u0400-\u04ff\ue000-\uf8ff\u3400-\u4dbf]")


def read_html(data: bytes, kind: str = "网页", declared: str | None = None) -> Document:
    """Paragraphs and tables of a saved page."""
    text = _XML_DECL.sub("", decode_page(data, declared))
    doc = Document(kind)
    if not text.strip():
        return doc
    # the plain etree HTML parser: lxml.html's element classes are not needed here
    root = etree.fromstring(text, _PARSER)
    if _too_deep():  # a browser stops nesting too (Chromium at 512 levels)
        root = etree.fromstring(_LAYOUT_TAGS.sub(_flat, text), _PARSER)
    if root is None:
        return doc
    doc.title = " ".join((root.findtext(".//title") or "").split())
    body = root.find("body")
    _Walker(doc).walk(body if body is not None else root)
    return doc


# the elements a page nests for layout: beyond libxml2's depth (2048) they are
# dropped, a block one leaving a line break, so that the text and tables stay
_LAYOUT_TAGS = re.compile(
    r"<(/?)(div|span|font|section|article|center|blockquote|b|i|u|strong|em)\b[^>]*>", re.I
)
_LAYOUT_BLOCKS = frozenset(["div", "section", "article", "center", "blockquote"])


def _flat(match: re.Match[str]) -> str:
    return "<br>" if match.group(2).lower() in _LAYOUT_BLOCKS else ""


def _too_deep() -> bool:
    return any("Excessive depth" in entry.message for entry in _PARSER.error_log)


def read_mhtml(data: bytes) -> Document:
    """The first HTML part of a web archive (MIME multipart, as browsers save it)."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return read_html(payload, "网页（单个文件）", _charset(part))
    return Document("网页（单个文件）")


def _charset(part: Message) -> str | None:
    charset = part.get_content_charset()
    return str(charset) if charset else None


class _Walker:
    """Document order: text up to a table is narrative, the table a grid."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.buffer: list[str] = []
        self.root: etree._Element | None = None

    def flush(self) -> None:
        for line in "".join(self.buffer).split("\n"):
            self.doc.add_paragraph(line)
        self.buffer.clear()

    def walk(self, el: etree._Element) -> None:
        self.root = el
        self._visit(el)
        self.flush()

    def _visit(self, root: etree._Element) -> None:
        """Elements in document order without recursion: a page nested thousands of
        ``<div>`` deep is read like any other. The stack holds elements to open and
        the texts to add once an element's children are done (its closing line
        break, then its tail)."""
        stack: list[etree._Element | str] = [root]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                self.buffer.append(item)
                continue
            stack.extend(reversed(self._open(item)))

    def _open(self, el: etree._Element) -> list[etree._Element | str]:
        """Read what comes first in ``el``; return what follows it, in order."""
        after: list[etree._Element | str] = [el.tail] if el.tail and el is not self.root else []
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.rsplit(":", 1)[-1].lower()  # Word's <o:p> is a plain inline element
        if tag in _SKIP or not isinstance(el.tag, str):
            return after
        if tag == "table" and not _hidden(el) and _is_data_table(el):
            self.flush()
            self._table(el)
            return after
        if _hidden(el):
            return after
        block = tag in _BLOCKS
        if block:
            self.buffer.append("\n")
        if el.text:
            self.buffer.append(el.text)
        return [*el, *(["\n"] if block else []), *after]

    def _table(self, table: etree._Element) -> None:
        """A table with no table inside it (``_is_data_table``): every row is its own."""
        rows: list[list[SpannedCell]] = []
        for tr in table.iter("tr"):
            cells: list[SpannedCell] = []
            for td in tr.iterchildren("td", "th"):
                # Word splits runs: "<span>1</span><span>2</span>" is "12"
                text = "".join(map(str, td.itertext())) if len(td) else (td.text or "")
                rowspan, colspan = td.get("rowspan"), td.get("colspan")
                cells.append(
                    (
                        clean_cell(text),
                        _span(rowspan) if rowspan else 1,
                        _span(colspan) if colspan else 1,
                    )
                )
            rows.append(cells)
        if rows:
            self.doc.count_cells(sum(map(len, rows)))
            expand_spans(self.doc.new_grid(), rows)


def _is_data_table(table: etree._Element) -> bool:
    """A table holding other tables lays out the page (CMS templates): its cells are
    read as blocks and the tables inside it as tables."""
    return next(table.iterdescendants("table"), None) is None


def _hidden(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or el.get("hidden") is not None


def _span(text: str) -> int:
    value = text.strip().rstrip(";")
    try:
        return int(float(value))
    except ValueError:
        return 1
