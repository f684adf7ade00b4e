"""A published report (web page, Word, PDF, copied text) -> the same ``Extraction`` as a return.

Read the document, pick the format whose labels it matches best, align the
tables by their labels, parse every value cell with the spreadsheet's value
rules, and keep the title and narrative for the published-report rules. The
rules, reports, batches and ``--prior`` then treat it like any return.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.facts import CellRead, Extraction, LayoutFact, PublishedText, ValueNote
from checker.findings import finding, make_finding
from checker.read.limits import MAX_FILE_BYTES, LimitExceeded
from checker.read.published.align import Alignment, align, position, table_name
from checker.read.published.document import Document, GridCell
from checker.read.published.formats import choose, document_keys, foreign_tables, guess
from checker.read.published.html_reader import read_html, read_mhtml
from checker.read.published.office import NeedsOffice, NoTextLayer, read_doc, read_docx, read_pdf
from checker.read.published.text_reader import read_text
from checker.read.sniff import Sniffed
from checker.read.values import Parsed, parse_value
from checker.read.workbook import RawCell
from declaration.spec import all_specs

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"D701", "D702", "D703", "D708"})

_TITLE = re.compile(r"(19|20)\d\d\s*年(度)?.{0,30}(年度报告|年报)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
MAX_BYTES = MAX_FILE_BYTES


def read_document(verdict: Sniffed) -> Document:
    """The document of a sniffed published file (raises for unreadable content)."""
    path = verdict.path
    if verdict.kind in ("docx", "doc", "pdf"):
        if verdict.kind == "docx":
            return read_docx(path)
        if verdict.kind == "doc":
            return read_doc(path, verdict.label)
        return read_pdf(path)
    with path.open("rb") as fh:  # sniff refused a file above the size limit
        data = fh.read(MAX_BYTES)
    if verdict.kind == "mhtml":
        return read_mhtml(data)
    if verdict.kind == "html":
        return read_html(data)
    return read_text(data)


def extract_published(verdict: Sniffed) -> Extraction:
    """Read and align one published report; never raises."""
    result = Extraction(path=str(verdict.path))
    name = verdict.path.name
    try:
        doc = read_document(verdict)
    except NoTextLayer:
        return _unreadable(result, "D702", file=name)
    except NeedsOffice:
        return _unreadable(result, "D703", file=name, what=verdict.label)
    except Exception as exc:  # a broken document must not stop a batch
        rule, fields = document_problem(exc, name, verdict.label)
        return _unreadable(result, rule, **fields)
    fill_extraction(result, doc)
    return result


_ENCRYPTED = ("PDFEncryptionError", "PDFPasswordIncorrect")
_DAMAGED = (
    "BadZipFile",
    "KeyError",
    "XMLSyntaxError",
    "ParseError",
    "PDFSyntaxError",
    "PDFNoValidXRef",
    "PSEOF",
    "PSSyntaxError",
    "PdfminerException",
    "MalformedPDFException",
    "PackageNotFoundError",
    "EOFError",
    "error",  # zlib.error
)


def document_problem(exc: BaseException, name: str, label: str) -> tuple[str, dict[str, object]]:
    """The F-rule and message fields of a published report that could not be read,
    named by its real cause (the same rules as a spreadsheet's)."""
    cause = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
    kinds = {type(cause).__name__, *(k.__name__ for k in type(cause).__mro__)}
    if isinstance(cause, LimitExceeded):
        return "F007", {"reason": f"文件“{name}”（{label}）：{cause}。请确认是否提交错了文件。"}
    if isinstance(cause, MemoryError):
        return "F007", {"reason": f"文件“{name}”（{label}）过大，读取时超出内存上限，已停止读取。"}
    if kinds & set(_ENCRYPTED):
        return "F002", {"file": name}
    if isinstance(cause, PermissionError):
        return "F001", {"reason": f"没有读取文件“{name}”的权限（或文件正被其他程序独占打开）。"}
    if kinds & set(_DAMAGED):
        return "F003", {
            "reason": f"文件“{name}”（{label}）已损坏或不完整，无法读取（{type(cause).__name__}）。"
            "请用 Word、WPS 或浏览器打开确认；如无法打开，请向填报单位重新索取文件。"
        }
    return "F001", {"reason": f"无法读取文件“{name}”（{label}）：{type(cause).__name__}: {cause}"}


def _unreadable(result: Extraction, rule: str, **fields: object) -> Extraction:
    found = make_finding(rule, fields)
    result.unreadable = found.message
    result.findings.append(found)
    return result


def fill_extraction(result: Extraction, doc: Document) -> None:
    """Identify, align and parse ``doc`` into ``result``."""
    title = _title(doc)
    result.year = _year(_arabic_years(title))
    result.unit = unit_from_title(_arabic_years(title))
    result.identified_by = "labels"
    specs, keys = all_specs(), document_keys(doc)
    first = guess(specs, keys, result.year)  # then only that format is aligned
    best = choose([align(doc, s) for s in ([first] if first else specs)], result.year)
    result.published = PublishedText(doc.kind, title, tuple(doc.paragraphs))
    if best is None:
        found = finding("D701", file=Path(result.path).name, what=doc.kind)
        result.unreadable = found.message
        result.findings.append(found)
        return
    spec = best.spec
    result.spec, result.spec_version = spec, spec.spec_version
    foreign = foreign_tables(spec, specs, keys)
    names = {table_name(spec, t) for t in foreign}
    for table_id, labels in foreign.items():
        shown = "、".join(labels[:4])
        name = table_name(spec, table_id)
        result.layout.append(
            LayoutFact("foreign-format", sheet=name, found=shown, expected=spec.document)
        )
    # a table in the other format: its columns mean something else, so it is not read
    result.layout += [f for f in best.layout if f.sheet not in names]
    for cell_id in [c for c in best.cells if c.split(".", 1)[0] in foreign]:
        del best.cells[cell_id]
    _read_cells(result, best)


TITLE_SEARCH = 200  # paragraphs: a CMS page puts its navigation before the title


def _title(doc: Document) -> str:
    """The report's title: the first paragraph naming a year and a 年度报告."""
    for text in [*doc.paragraphs[:TITLE_SEARCH], doc.title]:
        if _TITLE.search(_arabic_years(text)):
            return text
    return next(iter(doc.paragraphs), "")


_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")
_CN_YEAR = re.compile(r"[二][〇零○一二三四五六七八九]{3}(?=\s*年)")


def _arabic_years(text: str) -> str:
    """ "二〇二三年" as "2023年"."""
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


def _year(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None


_AFTER_YEAR = re.compile(r"^(?:度)?\s*(.+?)(?:政府信息公开|政务公开|信息公开)")
_WRAPPING = re.compile(r"^(?:关于印发|关于公布|关于)?《?")


def unit_from_title(title: str) -> str | None:
    """The office in the title: before the year ("海滨街2020年…"), or after it
    ("2023年某某区政府信息公开工作年度报告")."""
    m = _YEAR.search(title)
    if m is None:
        return None
    unit = _WRAPPING.sub("", title[: m.start()].strip()).strip(" ：:《》")
    if not unit:
        after = _AFTER_YEAR.match(title[m.end() :].strip())
        unit = after.group(1).strip(" ：:《》") if after else ""
    return unit or None


def _read_cells(result: Extraction, fit: Alignment) -> None:
    """Every value cell where it was found, with a note on how its value was read
    (the rule stage turns the notes into V findings, as for a return)."""
    spec = fit.spec
    grids_of: dict[str, set[int]] = {}
    for cell_id, placed in fit.cells.items():
        grids_of.setdefault(cell_id.split(".", 1)[0], set()).add(placed.table)
    for cell_spec in spec.cells.values():
        name = table_name(spec, cell_spec.table)
        cell = fit.cells.get(cell_spec.id)
        if cell is None:  # its row or table is missing: S105 or D705 says so
            result.cells[cell_spec.id] = CellRead(cell_spec.id, name, "", None, None, blank=True)
            continue
        where = position(cell, len(grids_of.get(cell_spec.table, ())) > 1)
        parsed = _parse(cell, cell_spec.kind)
        read = CellRead(
            cell_spec.id, name, where, cell.text or None, parsed.value, blank=parsed.blank
        )
        if cell_spec.is_total:
            read.total_state = "blank" if parsed.blank else "constant"
        if parsed.rule is not None:
            read.note = ValueNote(parsed.rule, parsed.found, parsed.expected)
        result.cells[cell_spec.id] = read


_COUNTED = re.compile(r"^([+-]?\d+)\s*(件|笔|个|项|次|条|宗|起|份)$")


def _parse(cell: GridCell, kind: str) -> Parsed:
    """As a return's cell, except that a page may print a count with its unit ("2笔")."""
    counted = _COUNTED.match(cell.text.replace(" ", ""))
    if counted and kind in ("count", "signed"):
        number = float(counted.group(1))
        if kind == "count" and number < 0:
            return parse_value(_raw(cell), kind)
        return Parsed(number, "D708", found=cell.text, expected=counted.group(1))
    return parse_value(_raw(cell), kind)


_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")


def _raw(cell: GridCell) -> RawCell | None:
    """A page has only text: a plain number in it is a number, not "a number stored as text"."""
    if not cell.text:
        return None
    if _PLAIN.match(cell.text):
        return RawCell(float(cell.text), "n")
    return RawCell(cell.text, "s")
