"""The roster (单位名单): which offices report, read from CSV or .xlsx.

A roster is a table with a header row: column 单位名称 is required, 单位代码 and
别名 (other names of the office, separated by ；/;/、/，) are optional. Offices save it from Excel, so CSV files arrive as UTF-8 (with or
without BOM) or GBK/GB18030. Both the builder (one template per office) and
the checker (who has not sent a return) read it through ``read_roster``.

Office names are typed by people: they may contain ``/`` or ``:``, control
characters, trailing dots, be a reserved device name, or be very long.
``safe_component`` makes one name a safe file-name part for Windows, macOS and
Linux; ``unique_names`` also makes names distinct the way Windows compares
them (case-insensitively); ``template_file_names`` names the distributed
templates.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

NAME_COLUMN = "单位名称"
CODE_COLUMN = "单位代码"
ALIAS_COLUMN = "别名"
_ALIAS_SEPARATORS = re.compile("[；;、，,]")
CSV_ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")
MAX_FIELD_CHARS = 131_072  # one roster cell (an office name has dozens)
_SPACES = re.compile(r"\s+")


class RosterError(ValueError):
    """A roster that cannot be used; the message (Chinese) names file and row."""


def office_key(name: str) -> str:
    """Matching key of an office name: width-folded, without any whitespace.

    ``"XX市 财政局"`` and ``"ＸＸ市财政局"`` are the same office.
    """
    folded = unicodedata.normalize("NFKC", name)
    return _SPACES.sub("", folded).casefold()


# an innermost bracket pair: the inside holds no bracket of either kind, so a
# run of 40,000 "(" costs one step each (linear), never a search to the end per "("
_BRACKETED = re.compile(r"[(\[【〔［《<][^(\[【〔［《<)\]】〕］》>]*[)\]】〕］》>]")
MAX_KEY_CHARS = 1000  # of a name compared as an office name (one has dozens of characters)


def loose_office_key(name: str) -> str:
    """``office_key`` without brackets and what they hold: ``某某街道办事处（本级）``
    and ``某某街道办事处`` are the same office for matching last year's return."""
    name = name[:MAX_KEY_CHARS]
    folded = unicodedata.normalize("NFKC", name)
    return office_key(_BRACKETED.sub("", folded)) or office_key(name)


def code_key(code: str) -> str:
    """Matching key of an office code (case- and width-insensitive, no spaces)."""
    return office_key(code).upper()


def clean_cell(value: object) -> str:
    """A roster cell as text: numbers from Excel lose a spurious ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\ufeff", "")
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class RosterEntry:
    """One office; ``row`` is its 1-based row number in the roster file."""

    name: str
    code: str | None
    row: int
    aliases: tuple[str, ...] = ()  # the roster's 别名 column

    @property
    def name_key(self) -> str:
        return office_key(self.name)

    @property
    def code_key(self) -> str | None:
        return code_key(self.code) if self.code else None

    @property
    def display(self) -> str:
        return f"{self.name}（{self.code}）" if self.code else self.name


@dataclass(frozen=True)
class Roster:
    """Who must report: the roster's entries (name, code), found by code or by name."""

    path: str
    entries: tuple[RosterEntry, ...]
    _by_name: dict[str, RosterEntry] = field(default_factory=dict, repr=False, compare=False)
    _by_code: dict[str, RosterEntry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            self._by_name[entry.name_key] = entry
            if entry.code_key:
                self._by_code[entry.code_key] = entry
        self._index_aliases()  # names first: an alias never hides an office's own name

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[RosterEntry]:
        return iter(self.entries)

    def _index_aliases(self) -> None:
        for entry in self.entries:
            for alias in entry.aliases:
                self._by_name.setdefault(office_key(alias), entry)

    def find(self, name: str | None, code: str | None) -> RosterEntry | None:
        """The office of a return: by 单位代码 first, else by 单位名称 or a 别名."""
        if code and (entry := self._by_code.get(code_key(code))):
            return entry
        if name:
            return self._by_name.get(office_key(name))
        return None

    def match(
        self, name: str | None, code: str | None, short_key: Callable[[str], str]
    ) -> tuple[RosterEntry | None, bool]:
        """``find``, else the one office whose name (or 别名) has the same ``short_key``;
        (entry, whether it was found by short form)."""
        entry = self.find(name, code)
        if entry is not None or not name:
            return entry, False
        want = short_key(name)
        hits = {
            e.row: e for e in self.entries for n in (e.name, *e.aliases) if short_key(n) == want
        }
        return (next(iter(hits.values())), True) if len(hits) == 1 else (None, False)


def entry_by_file_name(roster: Roster, path: str) -> RosterEntry | None:
    """The office whose name the file's name contains (the longest such name):
    distributed templates are named after the office, and offices keep the name."""
    stem = office_key(Path(path).stem)
    best: RosterEntry | None = None
    for entry in roster:
        key = entry.name_key
        if key and key in stem and (best is None or len(key) > len(best.name_key)):
            best = entry
    return best


def read_roster(path: Path | str) -> Roster:
    """Read and validate a roster; raises RosterError with a Chinese message."""
    from common.package_limits import MAX_CSV_BYTES, PackageRefused, check_regular

    path = Path(path)
    try:
        csv_file = path.suffix.lower() == ".csv"
        check_regular(path, "单位名单", *([MAX_CSV_BYTES] if csv_file else []))
    except FileNotFoundError:
        raise RosterError(f"单位名单 {path} 不存在") from None
    except PackageRefused as exc:
        raise RosterError(str(exc)) from None
    except OSError as exc:
        raise RosterError(f"无法读取单位名单 {path}（{exc.strerror or exc}）") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        raise RosterError(
            f"单位名单 {path.name}：只支持 .csv 或 .xlsx 文件（.xls 请在 Excel 中另存为 .xlsx）"
        )
    return Roster(str(path), tuple(_entries(path, rows)))


def _csv_rows(path: Path) -> list[list[str]]:
    from common.package_limits import MAX_CSV_BYTES

    with path.open("rb") as fh:
        data = fh.read(MAX_CSV_BYTES)  # check_regular refused a larger file
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _csv_records(path, text)
    raise RosterError(
        f"单位名单 {path.name}：无法识别文件编码（应为 UTF-8 或 GBK），请在 Excel 中另存为 CSV UTF-8"
    )


def _csv_records(path: Path, text: str) -> list[list[str]]:
    """The rows of a roster CSV; a quote left open (which would merge the lines
    after it into one office) or an absurd cell is an error naming the line."""
    from common.package_limits import MAX_SHEET_COLS, MAX_SHEET_ROWS

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    first = 1  # the line the next record starts on
    previous = csv.field_size_limit(MAX_FIELD_CHARS)  # the limit is global: others set it too
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return rows
            except csv.Error as exc:
                raise RosterError(_csv_problem(path, first, str(exc))) from None
            _check_record(path, row, first, reader.line_num)
            if len(rows) >= MAX_SHEET_ROWS:
                raise RosterError(
                    f"单位名单 {path.name} 超过 {MAX_SHEET_ROWS} 行，未读取（请删除多余的行）"
                )
            rows.append([clean_cell(c) for c in row[:MAX_SHEET_COLS]])
            first = reader.line_num + 1
    finally:
        csv.field_size_limit(previous)


def _check_record(path: Path, row: list[str], first: int, last: int) -> None:
    if any("\n" in c or "\r" in c for c in row):
        raise RosterError(
            f"单位名单 {path.name} 第 {first} 行：单元格中有换行（第 {first}–{last} 行"
            "被读成了一个单位），多半是引号未闭合。请在 Excel 中打开名单，检查该行的引号后"
            "另存为 CSV UTF-8"
        )


def _csv_problem(path: Path, first: int, reason: str) -> str:
    if "field limit" in reason or "larger than" in reason:
        what = f"单元格超过 {MAX_FIELD_CHARS} 个字符，多半是引号未闭合或不是单位名单"
    elif "end of data" in reason or "EOF" in reason:
        what = f"引号未闭合（从第 {first} 行一直到文件末尾都在引号内）"
    else:
        what = "格式有误（引号用法不对或含有无法识别的字符）"
    return f"单位名单 {path.name} 第 {first} 行：{what}。请在 Excel 中打开名单，检查该行后另存为 CSV UTF-8"


def _xlsx_rows(path: Path) -> list[list[str]]:
    from common.package_limits import PackageRefused, check_package

    try:
        check_package(path, "单位名单")
    except PackageRefused as exc:
        raise RosterError(str(exc)) from None
    return sheet_rows(path, "单位名单", RosterError)


def sheet_rows(path: Path, what: str, error: type[ValueError]) -> list[list[str]]:
    """The first sheet's rows as texts, bounded by what the file holds (the declared
    dimension is ignored) and by ``MAX_SHEET_ROWS`` × ``MAX_SHEET_COLS``."""
    rows = []
    for row in bounded_rows(path, what, error):
        rows.append([clean_cell(c) for c in row])
    return rows


def bounded_rows(
    path: Path, what: str, error: type[ValueError]
) -> Generator[tuple[object, ...], None, None]:
    """The values of the rows of ``path``'s first sheet (or of its sheet ``what``
    names), within the limits of ``common.package_limits``; ``error`` says why not."""
    import zipfile

    from openpyxl import load_workbook

    from common.package_limits import MAX_SHEET_CELLS, MAX_SHEET_COLS, MAX_SHEET_ROWS

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise error(f"{what} {path.name}：无法读取 Excel 文件（{exc}）") from exc
    except Exception as exc:  # a part that does not parse: XML errors of every kind
        raise error(f"{what} {path.name}：无法读取 Excel 文件（{type(exc).__name__}）") from exc
    try:
        sheet = wb.worksheets[0]
        sheet.reset_dimensions()  # a declared A1:XFD1048576 must not pad every row
        cells = 0
        for count, row in enumerate(sheet.iter_rows(values_only=True)):
            cells += len(row)
            if count >= MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                raise error(
                    f"{what} {path.name} 超过 {MAX_SHEET_ROWS} 行或 {MAX_SHEET_CELLS} 个单元格，"
                    "未读取（请删除多余的行列后重新保存）"
                )
            yield row[:MAX_SHEET_COLS]
    finally:
        wb.close()


# what offices' own rosters call the two columns (the first that a header has is used)
NAME_HEADERS = (NAME_COLUMN, "单位", "名称", "机构名称", "部门名称", "单位全称")
CODE_HEADERS = (CODE_COLUMN, "代码", "统一社会信用代码", "机构代码", "组织机构代码")
HEADER_SEARCH_ROWS = 10  # a title (“2025年度报送单位名单”) and notes may stand above the header


def _column(keys: Sequence[str], names: Sequence[str]) -> int | None:
    for name in names:
        if office_key(name) in keys:
            return keys.index(office_key(name))
    return None


def _alias_column(rows: Sequence[Sequence[str]], header: int) -> int | None:
    keys = [office_key(c) for c in rows[header]]
    return keys.index(office_key(ALIAS_COLUMN)) if office_key(ALIAS_COLUMN) in keys else None


def _aliases(row: Sequence[str], column: int | None) -> tuple[str, ...]:
    if column is None or column >= len(row):
        return ()
    return tuple(a.strip() for a in _ALIAS_SEPARATORS.split(row[column]) if a.strip())


def _header(path: Path, rows: Sequence[Sequence[str]]) -> tuple[int, int, int | None]:
    """(header row index, name column, code column): the first of the first rows that
    names a name column (a title row above it is passed over)."""
    first: tuple[int, Sequence[str]] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not any(row):
            continue
        first = first or (index, row)
        keys = [office_key(c) for c in row]
        name_col = _column(keys, NAME_HEADERS)
        if name_col is not None:
            return index, name_col, _column(keys, CODE_HEADERS)
    if first is None:
        raise RosterError(f"单位名单 {path.name} 是空的")
    index, row = first
    found = "、".join(c for c in row if c) or "（空）"
    raise RosterError(
        f"单位名单 {path.name} 第 {index + 1} 行：表头中没有“{NAME_COLUMN}”列"
        f"（找到：{found}）。表头应至少包含“{NAME_COLUMN}”（或“单位”“名称”“机构名称”），"
        f"可选“{CODE_COLUMN}”"
    )


def _entries(path: Path, rows: Sequence[Sequence[str]]) -> Iterable[RosterEntry]:
    header, name_col, code_col = _header(path, rows)
    alias_col = _alias_column(rows, header)
    entries: list[RosterEntry] = []
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    problems: list[str] = []
    for index in range(header + 1, len(rows)):
        row = rows[index]
        if not any(row):
            continue
        line = index + 1
        name = row[name_col] if name_col < len(row) else ""
        code = (row[code_col] if code_col is not None and code_col < len(row) else "") or None
        if not name:
            problems.append(f"第 {line} 行：单位名称为空")
            continue
        if (first := names.get(office_key(name))) is not None:
            problems.append(f"第 {line} 行：单位名称“{name}”与第 {first} 行重复")
        names.setdefault(office_key(name), line)
        if code:
            if (first := codes.get(code_key(code))) is not None:
                problems.append(f"第 {line} 行：单位代码“{code}”与第 {first} 行重复")
            codes.setdefault(code_key(code), line)
        entries.append(RosterEntry(name, code, line, _aliases(row, alias_col)))
    if problems:
        raise RosterError(f"单位名单 {path.name} 有误：\n  " + "\n  ".join(problems))
    if not entries:
        raise RosterError(f"单位名单 {path.name} 中没有任何单位")
    return entries


# -- office names as file names ----------------------------------------------------

# Windows refuses these in a file name; full-width look-alikes keep names readable.
_FORBIDDEN = str.maketrans(
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
_RESERVED = re.compile(
    r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?", re.IGNORECASE
)
_WHITESPACE = re.compile(r"\s+")
# Excel cannot open a file whose full path exceeds 218 characters; keep the
# office part short enough for deep folders like 桌面\2025年年报\下发\.
MAX_NAME_CHARS = 60
MAX_NAME_BYTES = 180  # UTF-8 bytes: Linux/macOS allow 255 per component
FALLBACK_NAME = "未命名单位"


def _visible(ch: str) -> bool:
    """False for control and invisible format characters (e.g. U+202E)."""
    return unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def _truncate(text: str, max_chars: int, max_bytes: int) -> str:
    text = text[:max_chars]
    while len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    return text


def safe_component(name: str, max_chars: int = MAX_NAME_CHARS) -> str:
    """One office name as a file-name part that Windows, macOS and Linux accept."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch if _visible(ch) else " " for ch in text).translate(_FORBIDDEN)
    text = _WHITESPACE.sub(" ", text).strip()
    text = _truncate(text, max_chars, MAX_NAME_BYTES).rstrip(". ")
    text = text.lstrip(". ")
    if not text:
        return FALLBACK_NAME
    if _RESERVED.fullmatch(text):
        text = "_" + text
    return text


def _windows_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def unique_names(stems: Sequence[str], suffix: str, hints: Sequence[str | None] = ()) -> list[str]:
    """Make safe stems unique (as Windows compares names) and add ``suffix``.

    A clash is resolved with the matching ``hints`` entry (the office code) when
    it helps, else with a counter ``（2）``, ``（3）``…
    """
    taken: set[str] = set()
    out: list[str] = []
    for index, stem in enumerate(stems):
        hint = hints[index] if index < len(hints) else None
        candidates = [stem]
        if hint:
            candidates.append(f"{stem}-{safe_component(hint, 30)}")
        candidates.extend(f"{stem}（{n}）" for n in range(2, len(stems) + 2))
        for candidate in candidates:
            key = _windows_key(candidate + suffix)
            if key not in taken:
                taken.add(key)
                out.append(candidate + suffix)
                break
    return out


MAX_FILE_NAME_BYTES = 200  # a whole file name (255 is the limit of most file systems)
_OFFICE_BYTES = 120  # the office part of a template's name
_HINT_BYTES = 40  # the office code added to tell two offices of one name apart


def shortened(name: str, max_bytes: int = _OFFICE_BYTES) -> str:
    """``safe_component(name)``, or when that may have been cut (or is longer than
    ``max_bytes``), its beginning and a short digest of the whole name: two long
    names that begin alike stay apart, and one name always gives one file name."""
    stem = safe_component(name)
    if len(stem) < MAX_NAME_CHARS and len(stem.encode("utf-8")) <= max_bytes:
        return stem
    import hashlib

    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return _truncate(stem, MAX_NAME_CHARS - 9, max_bytes - 9).rstrip(". ") + "-" + digest


def template_file_names(year: int, offices: Sequence[tuple[str, str | None]]) -> list[str]:
    """``2025年-<单位名称>.xlsx`` for each (name, code), safe and unique, each name
    within ``MAX_FILE_NAME_BYTES`` bytes."""
    stems = [f"{year}年-{shortened(name)}" for name, _ in offices]
    hints = [
        _truncate(safe_component(code, 30), 30, _HINT_BYTES) if code else None
        for _, code in offices
    ]
    return unique_names(stems, ".xlsx", hints)
