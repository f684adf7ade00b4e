"""Replaying a remembered sheet plan (``checker.read.sheet_memo``) against a full XML parse.

A sheet whose markup was seen before, differing only in its ``<v>`` texts, is
filled from the remembered plan instead of the XML parser. These tests check
that the replay gives exactly the cells, merges and protection of a full parse
(done with the memo cleared), that markups or texts the parser might read
differently from their bytes are neither remembered nor replayed, and that
sheets whose markups differ never share a plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.read import sheet_memo
from checker.read.workbook import RawSheet, ReadError
from checker.read.xlsx_sheet import SheetParser, essential_parts, number_cells_for

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
UTF8 = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'

Outcome = tuple[object, ...]


@pytest.fixture(autouse=True, scope="module")
def _no_plans_left_behind() -> Iterator[None]:
    """The memo is global: leave it as empty as found (each test also starts empty)."""
    sheet_memo.forget_plans()
    yield
    sheet_memo.forget_plans()


def worksheet(body: str, tail: str = "", decl: str = UTF8) -> str:
    return f'{decl}\n<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData>{tail}</worksheet>'


def parse(
    raw: bytes,
    strings: tuple[str, ...] = (),
    dates: tuple[bool, ...] = (),
    longest_string: int | None = None,
) -> RawSheet:
    """Parse ``raw`` as the one sheet of a new workbook (its own shared-text cells)."""
    sheet = RawSheet("表1", "visible")
    cells = number_cells_for(dates)
    if longest_string is None:
        parser = SheetParser("x.xlsx", list(strings), dates, {}, cells)
    else:
        parser = SheetParser("x.xlsx", list(strings), dates, {}, cells, longest_string)
    parser.parse(raw, "xl/worksheets/sheet1.xml", sheet)
    return sheet


def assert_text_bound(sheet: RawSheet, expected: Outcome) -> None:
    """A sheet's ``longest_text``, when set, bounds every text of the full parse."""
    if sheet.longest_text is None:
        return
    cells = expected[1]
    assert isinstance(cells, dict)
    texts = [cell.value for cell in cells.values() if isinstance(cell.value, str)]
    assert max(map(len, texts), default=0) <= sheet.longest_text


def outcome(raw: bytes, strings: tuple[str, ...] = (), dates: tuple[bool, ...] = ()) -> Outcome:
    """What parsing ``raw`` gives with the memo as it is: the sheet, or the error raised."""
    try:
        sheet = parse(raw, strings, dates)
    except Exception as exc:  # the full parse may refuse the sheet: compare that too
        return ("error", type(exc))
    return ("sheet", sheet.cells, sheet.merges, sheet.protected)


def full_parse(raw: bytes, strings: tuple[str, ...] = (), dates: tuple[bool, ...] = ()) -> Outcome:
    """What the XML parser gives for ``raw``: the memo is cleared first."""
    sheet_memo.forget_plans()
    return outcome(raw, strings, dates)


def plan_of(raw: bytes) -> sheet_memo.SheetPlan | None:
    """The remembered plan ``raw`` would be replayed with, if any."""
    skeleton, body = essential_parts(raw, cells_apart=True)
    if body is None:
        return None
    found = sheet_memo.cut(skeleton, body)
    return None if found is None else sheet_memo.known_plan(found)


# -- 1. a replay gives the cells of a full parse ---------------------------------

MIXED = (
    '<row r="1">'
    '<c r="A1" t="s"><v>{}</v></c>'  # shared string
    '<c r="B1" t="s"><v>{}</v></c>'
    '<c r="C1"><v>{}</v></c>'  # plain number
    '<c r="D1" s="1"><v>{}</v></c>'  # number in a date style
    '<c r="E1" s="2"><v>{}</v></c>'  # number in another style
    "</row>"
    '<row r="2">'
    '<c r="A2"><f>C1*2</f><v>{}</v></c>'  # formula with its cached value
    '<c r="B2" t="str"><f>A1&amp;"x"</f><v>{}</v></c>'  # cached text
    '<c r="C2" t="b"><v>{}</v></c>'
    '<c r="D2" t="e"><v>{}</v></c>'
    '<c r="E2" t="inlineStr"><is><t>一段很长的行内文字</t></is></c>'
    "</row>"
    '<row r="3">'
    '<c r="A3"><v>{}</v></c>'  # empty in sheet A
    '<c r="B3"><f>SUM(A1:A2)</f></c>'  # formula without <v>
    '<c r="C3" s="2"/>'  # no children: nothing stored
    '<c r="D3" t="str"><v>{}</v></c>'
    "</row>"
    "<row>"  # no row or cell references: row 4, by order
    '<c><v>{}</v></c><c t="s"><v>{}</v></c>'
    "</row>"
    '<row r="6">'
    '<c r="A6"><v>{}</v></c><c r="B6"><v>{}</v></c><c r="C6"><v>{}</v></c>'
    '<c r="D6"><f t="shared" ref="D6:E6" si="0">SUM(A6:C6)</f><v>{}</v></c>'
    '<c r="E6"><f t="shared" si="0"/><v>{}</v></c>'
    "</row>"
)
MIXED_TAIL = (
    '<sheetProtection sheet="1" objects="1"/>'
    '<mergeCells count="2"><mergeCell ref="A4:C4"/><mergeCell ref="D4:E5"/></mergeCells>'
)
# texts in document order: row 1, row 2, row 3, the row without references, row 6
TEXTS_A = (
    *("0", "1", "12.5", "45293", "7"),
    *("25", "甲x", "1", "#DIV/0!"),
    *("", "乙"),
    *("8", "1"),
    *("1", "2", "3", "6", "9"),
)
TEXTS_B = (
    *("2", "0", "abc", "45300.25", "-3"),
    *("0.5", "丙x", "0", "#REF!"),
    *("4", "别的文字"),
    *("1e3", "2"),
    *("10", "20", "30", "60", "90"),
)
DATES = (False, True, False)


def test_replay_equals_full_parse() -> None:
    sheet_memo.forget_plans()
    sheet_a = worksheet(MIXED.format(*TEXTS_A), MIXED_TAIL).encode()
    sheet_b = worksheet(MIXED.format(*TEXTS_B), MIXED_TAIL).encode()
    assert sheet_a != sheet_b

    first = outcome(sheet_a, ("甲", "乙"), DATES)
    assert first[0] == "sheet"
    assert plan_of(sheet_a) is not None  # remembered
    assert plan_of(sheet_b) is plan_of(sheet_a)  # B's markup is A's: B is replayed

    replayed = parse(sheet_b, ("丙", "丁", "戊"), DATES)
    got = ("sheet", replayed.cells, replayed.merges, replayed.protected)
    assert got == full_parse(sheet_b, ("丙", "丁", "戊"), DATES)

    # and the full parse reads what the sheet says (so both are not wrong alike)
    cells = replayed.cells
    assert cells[(0, 0)].value == "戊" and cells[(0, 1)].value == "丙"
    assert cells[(0, 2)].value == "abc" and cells[(0, 2)].type == "s"
    assert cells[(0, 3)].value == 45300.25 and cells[(0, 3)].is_date
    assert not cells[(0, 4)].is_date
    assert cells[(1, 0)].formula == "C1*2" and cells[(1, 0)].value == 0.5
    assert cells[(1, 1)].value == "丙x" and cells[(1, 1)].formula == 'A1&"x"'
    assert cells[(1, 2)].value is False and cells[(1, 3)].value == "#REF!"
    assert cells[(1, 4)].value == "一段很长的行内文字"
    assert cells[(2, 0)].value == 4.0
    assert cells[(2, 1)].formula == "SUM(A1:A2)" and cells[(2, 1)].value is None
    assert (2, 2) not in cells
    assert cells[(5, 3)].formula == "SUM(A6:C6)" and cells[(5, 4)].formula == "SUM(B6:D6)"
    assert cells[(5, 4)].value == 90.0
    assert cells[(3, 0)].value == 1000.0 and cells[(3, 1)].value == "戊"
    assert replayed.merges == [(3, 0, 3, 2), (3, 3, 4, 4)] and replayed.protected

    # replayed with the length of the longest shared string known: a bound on every text
    expected = full_parse(sheet_b, ("丙", "丁", "戊"), DATES)
    assert plan_of(sheet_b) is not None
    assert_text_bound(parse(sheet_b, ("丙", "丁", "戊"), DATES, 1), expected)


def test_replay_of_empty_values_equals_full_parse() -> None:
    """Sheet A has texts where sheet B has empty ``<v></v>``: those cells disappear."""
    sheet_memo.forget_plans()
    sheet_a = worksheet(MIXED.format(*TEXTS_A), MIXED_TAIL).encode()
    sheet_b = worksheet(MIXED.format(*([""] * len(TEXTS_A))), MIXED_TAIL).encode()
    parse(sheet_a, ("甲", "乙"), DATES)
    assert plan_of(sheet_b) is not None
    got = outcome(sheet_b, ("甲",), DATES)
    assert got == full_parse(sheet_b, ("甲",), DATES)
    # an empty <v></v> is no value: only formulas and the inline string are left
    assert isinstance(got[1], dict)
    assert set(got[1]) == {(1, 0), (1, 1), (1, 4), (2, 1), (5, 3), (5, 4)}


# -- 2. markup or texts the parser may read otherwise: never remembered or replayed --


def _pair(first: str, second: str, decl: str = UTF8, encoding: str = "utf-8") -> tuple[bytes, ...]:
    return (
        worksheet(first, decl=decl).encode(encoding),
        worksheet(second, decl=decl).encode(encoding),
    )


LATIN1 = '<?xml version="1.0" encoding="ISO-8859-1"?>'
GBK = '<?xml version="1.0" encoding="GBK"?>'

REFUSED = {
    # an entity: the parser's text is not the bytes
    "entity": _pair(
        '<row r="1"><c r="A1" t="str"><v>a&amp;b</v></c><c r="B1"><v>&#49;</v></c></row>',
        '<row r="1"><c r="A1" t="str"><v>c&amp;d</v></c><c r="B1"><v>&#50;</v></c></row>',
    ),
    # another declared encoding (ElementTree refuses multi-byte ones with ValueError)
    "gbk": _pair(
        '<row r="1"><c r="A1" t="str"><v>中文</v></c></row>',
        '<row r="1"><c r="A1" t="str"><v>数据</v></c></row>',
        GBK,
        "gbk",
    ),
    "gbk-ascii-values": _pair(
        '<row r="1"><c r="A1" t="str"><v>abc</v></c><c r="B1"><v>1</v></c></row>',
        '<row r="1"><c r="A1" t="str"><v>def</v></c><c r="B1"><v>2</v></c></row>',
        GBK,
        "gbk",
    ),
    # a single-byte declared encoding the parser accepts: the UTF-8 bytes of "é"
    # in the second sheet are two characters ("Ã©") to the parser
    "latin-1": _pair(
        '<row r="1"><c r="A1" t="str"><v>abc</v></c></row>',
        '<row r="1"><c r="A1" t="str"><v>é</v></c></row>',
        LATIN1,
    ),
    # a comment holding a <v> (cut and parser texts even agree: only the markup says)
    "comment": _pair(
        '<row r="1"><c r="A1"><v >5</v></c><!-- <v>5</v> --></row>',
        '<row r="1"><c r="A1"><v >5</v></c><!-- <v>9</v> --></row>',
    ),
    "comment-only": _pair(
        '<row r="1"><c r="A1"><v>1</v></c><!-- <v>1</v> --></row>',
        '<row r="1"><c r="A1"><v>2</v></c><!-- <v>3</v> --></row>',
    ),
    "cdata": _pair(
        '<row r="1"><c r="A1" t="str"><v >x</v></c><c r="B1" t="str"><f><![CDATA[<v>x</v>]]></f></c></row>',
        '<row r="1"><c r="A1" t="str"><v >x</v></c><c r="B1" t="str"><f><![CDATA[<v>y</v>]]></f></c></row>',
    ),
    "processing-instruction": _pair(
        '<row r="1"><c r="A1"><v >5</v></c><?pi <v>5</v>?></row>',
        '<row r="1"><c r="A1"><v >5</v></c><?pi <v>6</v>?></row>',
    ),
    # a <v> of another namespace, beside a cell's prefixed one
    "namespace": _pair(
        f'<row r="1" xmlns:m="{MAIN}"><c r="A1"><m:v>5</m:v></c>'
        '<x xmlns="urn:other"><v>5</v></x></row>',
        f'<row r="1" xmlns:m="{MAIN}"><c r="A1"><m:v>5</m:v></c>'
        '<x xmlns="urn:other"><v>7</v></x></row>',
    ),
    # two <v> in a cell: the parser keeps the last one, the cut sees the first
    "two-values": _pair(
        '<row r="1"><c r="A1"><v>5</v><v >5</v></c><c r="B1"><v>3</v></c></row>',
        '<row r="1"><c r="A1"><v>9</v><v >5</v></c><c r="B1"><v>6</v></c></row>',
    ),
    "two-values-plain": _pair(
        '<row r="1"><c r="A1"><v>1</v><v>2</v></c><c r="B1"><v>3</v></c></row>',
        '<row r="1"><c r="A1"><v>4</v><v>5</v></c><c r="B1"><v>6</v></c></row>',
    ),
    # a <v> outside any cell, while the cell's own <v> is not cut ("<v >")
    "value-outside-cell": _pair(
        '<row r="1"><c r="A1"><v >5</v></c><x><v>5</v></x></row>',
        '<row r="1"><c r="A1"><v >5</v></c><x><v>9</v></x></row>',
    ),
    "value-in-row": _pair(
        '<row r="1"><c r="A1"><v>1</v></c><v>2</v></row>',
        '<row r="1"><c r="A1"><v>3</v></c><v>4</v></row>',
    ),
    "row-in-row": _pair(
        '<row r="1"><c r="A1"><v>1</v></c><row r="2"><c r="A2"><v>2</v></c></row></row>'
        "<row><c><v>3</v></c></row>",
        '<row r="1"><c r="A1"><v>4</v></c><row r="2"><c r="A2"><v>5</v></c></row></row>'
        "<row><c><v>6</v></c></row>",
    ),
    "self-closed-value": _pair(
        '<row r="1"><c r="A1"><f>1</f><v/></c><c r="B1"><v>2</v></c></row>',
        '<row r="1"><c r="A1"><f>1</f><v/></c><c r="B1"><v>3</v></c></row>',
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_sheet_is_not_remembered(case: str) -> None:
    """The first sheet is not remembered; the second, of the same markup, reads as
    the parser reads it (compared first: the difference says more than "remembered")."""
    first, second = REFUSED[case]
    sheet_memo.forget_plans()
    assert outcome(first) == full_parse(first)
    remembered = plan_of(first)
    got = outcome(second)
    assert got == full_parse(second)
    assert remembered is None


def test_row_in_row_is_accepted_by_the_xml_parser() -> None:
    """The nested-row case above is a sheet the parser reads (not only an error)."""
    sheet_memo.forget_plans()
    cells = parse(REFUSED["row-in-row"][1]).cells
    assert {pos: cell.value for pos, cell in cells.items()} == {
        (0, 0): 4.0,
        (1, 0): 5.0,
        (2, 0): 6.0,
    }


PLAIN_ROW = '<row r="1"><c r="A1" t="str"><v>{}</v></c><c r="B1"><v>{}</v></c></row>'

NOT_PLAIN_TEXTS = {
    "entity": (b"a&amp;b", b"&#49;"),
    "lt-entity": (b"&lt;v&gt;", b"1"),
    "carriage-return": (b"a\rb", b"1\r"),
    "crlf": (b"a\r\nb", b"2"),
    "control": (b"a\x01b", b"1"),
    "cdata-end": (b"a]]>b", b"1"),
    "non-character": ("a\ufffeb".encode(), b"1"),
    "invalid-utf8": (b"a\xffb", b"1"),
    "tab-and-newline": (b"a\tb\n", b" 1 "),  # plain: replayed, and must agree
}


@pytest.mark.parametrize("case", sorted(NOT_PLAIN_TEXTS))
def test_texts_not_plain_are_not_replayed(case: str) -> None:
    sheet_memo.forget_plans()
    first = worksheet(PLAIN_ROW.format("plain", "1")).encode()
    text, number = NOT_PLAIN_TEXTS[case]
    second = worksheet(PLAIN_ROW.format("@A@", "@B@")).encode()
    second = second.replace(b"@A@", text).replace(b"@B@", number)
    parse(first)
    assert plan_of(first) is not None
    got = outcome(second)
    assert got == full_parse(second)


def test_control_character_still_raises_after_a_plan_is_known() -> None:
    sheet_memo.forget_plans()
    first = worksheet(PLAIN_ROW.format("plain", "1")).encode()
    second = worksheet(PLAIN_ROW.format("a\x01b", "1")).encode()
    parse(first)
    assert plan_of(first) is not None
    with pytest.raises(ReadError):
        parse(second)
    sheet_memo.forget_plans()
    with pytest.raises(ReadError):
        parse(second)


# -- 3. different markups are different plans ------------------------------------

DIFFERENT = {
    "value-moved": (
        '<row r="1"><c r="A1"><f>B1</f><v>5</v></c><c r="B1"><f>A1</f></c></row>',
        '<row r="1"><c r="A1"><f>B1</f></c><c r="B1"><f>A1</f><v>7</v></c></row>',
    ),
    "empty-value-moved": (
        '<row r="1"><c r="A1"><v></v></c><c r="B1" s="1"/></row>',
        '<row r="1"><c r="A1"/><c r="B1" s="1"><v></v></c></row>',
    ),
    "empty-value-vs-none": (
        '<row r="1"><c r="A1"><f>1+1</f><v></v></c><c r="B1"><v>3</v></c></row>',
        '<row r="1"><c r="A1"><f>1+1</f></c><c r="B1"><v>3</v></c></row>',
    ),
    "style": (
        '<row r="1"><c r="A1" s="1"><v>45000</v></c></row>',
        '<row r="1"><c r="A1" s="2"><v>45000</v></c></row>',
    ),
    "type": (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        '<row r="1"><c r="A1" t="str"><v>0</v></c></row>',
    ),
    "reference": (
        '<row r="1"><c r="A1"><v>1</v></c></row>',
        '<row r="1"><c r="B1"><v>1</v></c></row>',
    ),
}


@pytest.mark.parametrize("case", sorted(DIFFERENT))
def test_different_markup_is_a_different_plan(case: str) -> None:
    sheet_memo.forget_plans()
    x, y = (worksheet(body).encode() for body in DIFFERENT[case])
    strings = ("甲",)
    parse(x, strings, DATES)
    assert plan_of(x) is not None
    assert plan_of(y) is None  # not taken for x's plan
    got = outcome(y, strings, DATES)
    assert got == full_parse(y, strings, DATES)
    parse(x, strings, DATES)
    parse(y, strings, DATES)
    plan_x, plan_y = plan_of(x), plan_of(y)
    assert plan_x is not None and plan_y is not None and plan_x != plan_y


@pytest.mark.parametrize(
    "tail_y",
    [
        '<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>',
        '<sheetProtection sheet="0"/>',
        "",
    ],
)
def test_merges_and_protection_belong_to_the_plan(tail_y: str) -> None:
    sheet_memo.forget_plans()
    body = '<row r="1"><c r="A1"><v>1</v></c></row>'
    x = worksheet(
        body,
        '<sheetProtection sheet="1"/><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>',
    ).encode()
    y = worksheet(body.replace(">1<", ">2<"), tail_y).encode()
    parse(x)
    assert plan_of(y) is None
    got = outcome(y)
    assert got == full_parse(y)


# -- 4. property: any two fills of one markup ------------------------------------

KINDS = ("int", "float", "str", "bool", "shared")
TEXT_CHARS = st.sampled_from(list("ab1 .-中文é&<>'\"\t\n\r"))


def _value_text(kind: str) -> st.SearchStrategy[str]:
    if kind == "int":
        return st.integers(-(10**12), 10**12).map(str)
    if kind == "float":
        return st.floats(allow_nan=False).map(repr)
    if kind == "bool":
        return st.sampled_from(("0", "1", "true", "false"))
    if kind == "shared":
        return st.integers(-1, 4).map(str)
    return st.text(TEXT_CHARS, max_size=4).map(escape)


_TYPE = {"int": "", "float": "", "str": ' t="str"', "bool": ' t="b"', "shared": ' t="s"'}


@st.composite
def two_fills(draw: st.DrawFn) -> tuple[bytes, bytes, bool]:
    """Two sheets of one random markup, and whether the first one's texts are all plain."""
    rows = draw(st.integers(1, 3))
    cols = draw(st.integers(1, 4))
    cells = [
        (r, c, draw(st.sampled_from(KINDS)), draw(st.sampled_from(("", ' s="1"', ' s="2"'))))
        for r in range(rows)
        for c in range(cols)
    ]
    sheets: list[bytes] = []
    plain = True
    for _ in range(2):
        body = []
        for r in range(rows):
            row = [f'<row r="{r + 1}">']
            for rr, c, kind, style in cells:
                if rr == r:
                    text = draw(_value_text(kind))
                    if not sheets:
                        plain = plain and "&" not in text and "\r" not in text
                    ref = f"{'ABCD'[c]}{r + 1}"
                    row.append(f'<c r="{ref}"{_TYPE[kind]}{style}><v>{text}</v></c>')
            body.append("".join(row) + "</row>")
        sheets.append(worksheet("".join(body)).encode())
    return sheets[0], sheets[1], plain


@settings(max_examples=50, deadline=None)
@given(two_fills())
def test_replay_of_any_fill_equals_full_parse(fills: tuple[bytes, bytes, bool]) -> None:
    first, second, plain = fills
    strings = ("甲", "乙", "丙")
    sheet_memo.forget_plans()
    assert outcome(first, strings, DATES)[0] == "sheet"
    if plain:
        assert plan_of(first) is not None
    longest = max(map(len, strings))
    replayed = plan_of(second) is not None
    got = outcome(second, strings, DATES)
    expected = full_parse(second, strings, DATES)
    assert got == expected
    if replayed:
        parse(first, strings, DATES)
        assert_text_bound(parse(second, strings, DATES, longest), expected)


# -- memory bounds -------------------------------------------------------------------


def numbers_sheet(columns: int, value: int = 1) -> bytes:
    """One row of ``columns`` numbers in columns A, B, … (a distinct markup per width)."""
    cells = "".join(
        f'<c r="{chr(65 + i % 26) * (1 + i // 26)}1"><v>{value}</v></c>' for i in range(columns)
    )
    return worksheet(f'<row r="1">{cells}</row>').encode()


def known(raw: bytes) -> bool:
    skeleton, body = essential_parts(raw, cells_apart=True)
    assert body is not None
    found = sheet_memo.cut(skeleton, body)
    return found is not None and sheet_memo.known_plan(found) is not None


def test_plans_are_bounded_in_number_and_in_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    sheet_memo.forget_plans()
    monkeypatch.setattr(sheet_memo.PLANS, "size", 4)
    monkeypatch.setattr(sheet_memo.PLANS, "max_weight", 40)
    for columns in range(1, 7):  # six markups, four kept at most
        parse(numbers_sheet(columns))
        assert known(numbers_sheet(columns, 2))
        assert len(sheet_memo.PLANS) <= 4
    assert not known(numbers_sheet(1, 2))  # forgotten when the memo filled up
    parse(numbers_sheet(11))  # more than a quarter of all cells kept: never remembered
    assert not known(numbers_sheet(11, 2))
    parse(numbers_sheet(10))  # a quarter at most: remembered, within the total
    assert known(numbers_sheet(10, 2))
    assert sum(len(plan.cells) for plan in sheet_memo.PLANS.values()) <= 40
    assert outcome(numbers_sheet(10, 3)) == full_parse(numbers_sheet(10, 3))


def test_a_large_cell_markup_is_not_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    sheet_memo.forget_plans()
    raw = numbers_sheet(30)
    _, body = essential_parts(raw, cells_apart=True)
    assert body is not None
    monkeypatch.setattr(sheet_memo, "CUT_BYTES", len(body) - 1)
    parse(raw)
    monkeypatch.setattr(sheet_memo, "CUT_BYTES", len(body))
    assert not known(numbers_sheet(30, 2))  # nothing was remembered above the limit
    parse(raw)
    assert known(numbers_sheet(30, 2))
