"""The template as offices print and open it: LibreOffice converts it to PDF and
recalculates it; pdfplumber reads what is printed.

- header labels are not broken mid-word;
- each table sheet prints on exactly one A4 page;
- the cover's hints are inside the bordered box, within the print area and the page;
- a blank template's 校验 sheet says 未填写, a filled one its verdict;
- the cover has 审核人 beside 填报人, 联系电话 and 填报日期, as input cells.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

from checker.api import check_workbook
from declaration.identity import CHECK_SHEET, COVER_SHEET, INSTRUCTIONS_SHEET
from declaration.layout import a1, cover_positions, sheet_layouts
from declaration.spec import FormSpec, load_spec
from template_builder.sheet_checks import CHECK_SUMMARY_ROW, NOT_FILLED
from template_builder.sheet_cover import FIELD_HINTS, NOTE
from template_builder.writer import build_template
from tests.builder.fills import consistent_fill
from tests.support.libreoffice import convert, recalc

Built = dict[str, tuple[FormSpec, Path]]
HEADER_ROLES = ("heading", "corner", "col_header", "row_header")
# What a "reasonable" break is, concretely: a label of at most SHORT characters is
# never broken; a longer one may wrap, but neither its first HEAD nor its last TAIL
# characters are split, so no printed line of a header cell starts or ends with a
# stray fragment of a word (不予公 / 开, 本年度办 / 理结果).
SHORT, HEAD, TAIL = 12, 6, 4
A4_POINTS = [595, 842]


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def printed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[str]]]:
    """Per format: the text lines (whitespace removed) of every printed page."""
    fmts = list(built)
    pdfs = convert([built[f][1] for f in fmts], tmp_path_factory.mktemp("pdf"), target="pdf")
    out: dict[str, list[list[str]]] = {}
    for fmt, pdf in zip(fmts, pdfs, strict=True):
        with pdfplumber.open(pdf) as doc:
            assert all(sorted((round(p.width), round(p.height))) == A4_POINTS for p in doc.pages)
            out[fmt] = [
                [_plain(t) for t in (p.extract_text() or "").splitlines()] for p in doc.pages
            ]
    return out


def _page_of(pages: list[list[str]], title: str) -> int:
    holding = [i for i, lines in enumerate(pages) if any(title in line for line in lines)]
    assert len(holding) == 1, f"{title} 打印在 {len(holding)} 页上"
    return holding[0]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_header_labels_are_not_broken_mid_word(
    built: Built, printed: dict[str, list[list[str]]], fmt: str
) -> None:
    spec, _ = built[fmt]
    for table in spec.tables:
        lines = printed[fmt][_page_of(printed[fmt], table.title)]
        for lab in sheet_layouts(spec)[table.id].labels:
            text = _plain(lab.text)
            if lab.role not in HEADER_ROLES or not text:
                continue
            pieces = [text] if len(text) <= SHORT else [text[:HEAD], text[-TAIL:]]
            for piece in pieces:
                assert any(piece in line for line in lines), (table.title, lab.text, piece)


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_each_sheet_prints_on_its_pages(
    built: Built, printed: dict[str, list[list[str]]], fmt: str
) -> None:
    """Cover: one page; each table: one page; then the 校验 sheet."""
    spec, _ = built[fmt]
    pages = printed[fmt]
    assert _page_of(pages, spec.cover_title) == 0
    assert pages[1][0] == INSTRUCTIONS_SHEET  # the cover takes one page
    first = _page_of(pages, spec.tables[0].title)
    for offset, table in enumerate(spec.tables):
        assert _page_of(pages, table.title) == first + offset, table.title
    after = pages[first + len(spec.tables)]
    assert after[0].startswith(CHECK_SHEET), "最后一张表只占一页，其后是校验表"


def _hint_texts(spec: FormSpec) -> list[str]:
    return [h for f in spec.cover_fields if (h := FIELD_HINTS.get(f.id))] + [NOTE[:20]]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_cover_hints_are_inside_the_box_and_the_page(
    built: Built, tmp_path_factory: pytest.TempPathFactory, fmt: str
) -> None:
    spec, template = built[fmt]
    ws = openpyxl.load_workbook(template)[COVER_SHEET]
    area = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
    last_col = re.findall(r"\$([A-Z]+)\$\d+", str(area))[-1]
    hint_col = openpyxl.utils.get_column_letter(cover_positions(spec)["unit"][1] + 2)
    assert last_col >= hint_col, area  # the hints' column is printed
    pdf = convert([template], tmp_path_factory.mktemp("cover"), target="pdf")[0]
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        for hint in _hint_texts(spec):
            found = page.search(hint, regex=False)
            assert found, f"封面打印页上没有提示“{hint}”"
            box = found[0]
            assert box["x0"] >= 0 and box["x1"] <= page.width, hint
            assert box["top"] >= 0 and box["bottom"] <= page.height, hint
            assert _enclosed(page, box), f"提示“{hint}”不在边框内"


def _enclosed(page: pdfplumber.page.Page, box: dict[str, float]) -> bool:
    """Whether printed border lines run left, right, above and below ``box``."""
    middle_y = (box["top"] + box["bottom"]) / 2
    middle_x = (box["x0"] + box["x1"]) / 2
    vertical = [e for e in page.edges if e["orientation"] == "v"]
    horizontal = [e for e in page.edges if e["orientation"] == "h"]
    spans_y = [e["x0"] for e in vertical if e["top"] <= middle_y <= e["bottom"]]
    spans_x = [e["top"] for e in horizontal if e["x0"] <= middle_x <= e["x1"]]
    return (
        any(x <= box["x0"] for x in spans_y)
        and any(x >= box["x1"] for x in spans_y)
        and any(y <= box["top"] for y in spans_x)
        and any(y >= box["bottom"] for y in spans_x)
    )


def _summary(path: Path, data_only: bool = True) -> object:
    ws = openpyxl.load_workbook(path, data_only=data_only)[CHECK_SHEET]
    return ws.cell(CHECK_SUMMARY_ROW + 1, 1).value


def test_check_sheet_says_not_filled_until_a_number_is_typed(tmp_path: Path) -> None:
    """Expected: blank → 未填写; one 0 typed → 全部通过; a consistent fill → 全部通过;
    a fill breaking A301 → 有 … 项未通过 (recalculated by LibreOffice)."""
    spec = load_spec("2021")
    blank = build_template(spec, year=2025, path=tmp_path / "blank.xlsx")
    assert _summary(blank) == NOT_FILLED  # the cached value, as Excel shows it before recalculating
    one_zero = build_template(
        spec, year=2025, path=tmp_path / "zero.xlsx", values={"t2.rules.issued": 0}
    )
    fill = consistent_fill(spec, 1).inputs
    filled = build_template(spec, year=2025, path=tmp_path / "filled.xlsx", values=fill)
    broken = {**fill, "t3.new.natural": fill["t3.new.natural"] + 1}
    wrong = build_template(spec, year=2025, path=tmp_path / "wrong.xlsx", values=broken)
    typed = tmp_path / "typed.xlsx"  # typed with openpyxl: no cached values at all
    wb = openpyxl.load_workbook(blank)
    layout = sheet_layouts(spec)["t4"]
    pos = layout.values["t4.main.review_upheld"]
    wb[layout.sheet_name][a1(pos.row, pos.col)] = 2
    wb.save(typed)
    out = recalc([blank, one_zero, filled, wrong, typed], tmp_path / "recalculated")
    got = [_summary(p) for p in out]
    assert got[:4] == [NOT_FILLED, "全部通过", "全部通过", got[3]]
    assert str(got[3]).startswith("有 ") and str(got[3]).endswith("项未通过")
    assert got[4] != NOT_FILLED


def test_cover_has_reviewer_and_contact_input_cells(built: Built) -> None:
    for spec, template in built.values():
        ws = openpyxl.load_workbook(template)[COVER_SHEET]
        labels = [f.label for f in spec.cover_fields]
        assert labels[3:] == ["填报人", "审核人", "联系电话", "填报日期"]
        for field in ("filler", "reviewer", "phone", "date"):
            row, col = cover_positions(spec)[field]
            cell = ws.cell(row + 1, col + 1)
            assert not cell.protection.locked, field
            assert cell.fill.fgColor.rgb.endswith("FFF2CC"), field  # 浅黄色, as the note says


def _old_spec(spec: FormSpec) -> FormSpec:
    """The spec as it was before 审核人 was added to the cover."""
    return replace(spec, cover_fields=tuple(f for f in spec.cover_fields if f.id != "reviewer"))


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_contact_lines_are_not_table_values_and_may_stay_blank(tmp_path: Path, fmt: str) -> None:
    """Expected: pass, with the same values, whether 填报人/审核人/联系电话/填报日期 are
    filled, left blank, or absent (a template made before 审核人 existed)."""
    spec = load_spec(fmt)
    year = 2020 if fmt == "2019" else 2025
    fill = consistent_fill(spec, 2).inputs
    contacts = {
        "cover.filler": "张三",
        "cover.reviewer": "李四",
        "cover.phone": "0571-88888888",
        "cover.date": "2026-01-15",
    }
    cases = {
        "filled": (spec, {**fill, **contacts}),
        "blank": (spec, fill),
        "old": (
            _old_spec(spec),
            {**fill, **{k: v for k, v in contacts.items() if "reviewer" not in k}},
        ),
    }
    reports = {}
    for name, (made_with, values) in cases.items():
        path = build_template(
            made_with, year=year, path=tmp_path / f"{name}.xlsx", unit="海滨街", values=values
        )
        reports[name] = check_workbook(path)
    old_cover = openpyxl.load_workbook(tmp_path / "old.xlsx")[COVER_SHEET]
    assert "审核人" not in [c.value for c in old_cover["A"]]
    for name, report in reports.items():
        assert report.status == "pass", (name, [f.rule for f in report.findings])
        assert report.unit == "海滨街" and report.year == year, name
        assert report.values == reports["blank"].values, name
        assert not any(f.rule.startswith("S116") for f in report.findings), name
