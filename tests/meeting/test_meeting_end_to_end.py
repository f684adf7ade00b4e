"""A small batch of real returns through check-workbook --html --rollup --annotate.

Returns are built from the spec plus value dicts; the roll-up is compared cell
by cell with an independent sum, then recalculated by LibreOffice; the HTML is
rendered by Chromium; the annotated copies are opened by LibreOffice and read
back with openpyxl. The inputs must stay byte-identical throughout.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from commands.check_workbook import main
from declaration.identity import CHECK_SHEET
from declaration.layout import cell_a1
from declaration.spec import FormSpec, load_spec
from template_builder.sheet_checks import CHECK_SUMMARY_ROW, summary_text
from template_builder.writer import build_template
from tests.meeting.browser import dump_dom, page_text
from tests.meeting.sample_reports import HOSTILE_UNIT
from tests.meeting.xlsx_cells import values_by_id
from tests.support.libreoffice import recalc

YEAR = 2024
CLEAN: dict[str, dict[str, float]] = {
    "东区政府办": {"t3.new.natural": 5, "t3.granted.natural": 3, "t3.carry_forward.natural": 2},
    "西区政府办": {
        "t3.new.commercial": 4,
        "t3.carried.commercial": 1,
        "t3.partial.commercial": 2,
        "t3.declined_repeat.commercial": 3,
        "t4.main.review_upheld": 2,
        "t4.main.direct_pending": 1,
        "t2.rules.issued": 1,
        "t2.fees.amount": 12.34,
    },
    HOSTILE_UNIT: {"t3.new.legal": 7, "t3.unavailable_none.legal": 7, "t2.licensing.decisions": 9},
}
BROKEN: dict[str, dict[str, object]] = {
    "南区政府办": {"t3.new.natural": 5, "t3.granted.natural": 4},  # 一 + 二 ≠ 三(七) + 四
    "北区政府办": {"t3.new.natural": 2, "t3.granted.natural": 2, "t3.new.total": 3},  # typed total
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _batch(folder: Path) -> dict[str, Path]:
    spec = load_spec("2021")
    paths = {}
    for i, (unit, values) in enumerate({**CLEAN, **BROKEN}.items()):
        paths[unit] = build_template(
            spec, year=YEAR, unit=unit, values=values, path=folder / f"{i:02d}.xlsx"
        )
    paths["旧格式"] = build_template(
        load_spec("2019"),
        year=2020,
        unit="旧格式单位",
        path=folder / "old.xlsx",
        values={"t4.main.review_other": 1},  # filled in (an untouched template is V217)
    )
    paths["坏文件"] = folder / "broken.xlsx"
    paths["坏文件"].write_bytes(b"PK\x03\x04 not really a workbook")
    return paths


def _expected_rollup(spec: FormSpec) -> dict[str, float]:
    """Independent of the checker: each clean return's cells as the spec computes them, summed."""
    filled = [spec.compute_totals(values) for values in CLEAN.values()]
    return {c: sum(v[c] for v in filled) for c in spec.cells}


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("meeting")
    inputs = root / "回收"
    inputs.mkdir()
    paths = _batch(inputs)
    before = {p: _sha(p) for p in paths.values()}
    out = root / "输出"
    argv = [str(inputs), "--quiet", "--html", str(out / "报告.html")]
    argv += ["--rollup", str(out / "汇总.xlsx"), "--annotate", str(out / "批注")]
    assert main(argv) == 1  # errors found
    assert {p: _sha(p) for p in paths.values()} == before
    return {"root": root, "out": out, **paths}


@pytest.fixture(scope="module")
def opened(meeting: dict[str, Path]) -> dict[str, Path]:
    """The roll-up and the annotated copies, opened and re-saved by LibreOffice in one call."""
    files = [meeting["out"] / "汇总.xlsx", *sorted((meeting["out"] / "批注").glob("*.xlsx"))]
    return {p.name: p for p in recalc(files, meeting["root"] / "opened")}


def test_rollup_is_the_sum_of_the_passing_returns(
    meeting: dict[str, Path], opened: dict[str, Path]
) -> None:
    spec = load_spec("2021")
    expected = _expected_rollup(spec)
    assert values_by_id(meeting["out"] / "汇总.xlsx", spec) == pytest.approx(expected)
    recalculated = opened["汇总.xlsx"]
    assert values_by_id(recalculated, spec) == pytest.approx(expected)
    check = load_workbook(recalculated, data_only=True)[CHECK_SHEET]
    assert check.cell(CHECK_SUMMARY_ROW + 1, 1).value == summary_text(0)


def test_rollup_says_what_was_left_out(meeting: dict[str, Path]) -> None:
    wb = load_workbook(meeting["out"] / "汇总.xlsx")
    texts = [str(c) for row in wb["汇总说明"].iter_rows(values_only=True) for c in row if c]
    assert "汇总 3 个单位（2021 格式，2024 年度），未计入 4 个，汇总不完整" in texts
    assert sum(t.startswith("未通过校验（错误 ") for t in texts) == len(BROKEN)
    assert "格式不同（2019 格式，汇总使用 2021 格式）" in texts
    assert any(t.startswith("无法读取") for t in texts)


def test_html_shows_offices_verdicts_and_cells(meeting: dict[str, Path]) -> None:
    parsed = page_text(dump_dom(meeting["out"] / "报告.html"))
    assert parsed.tags.count("script") == 1  # the page's own search script only
    text = parsed.text
    for unit in [*CLEAN, *BROKEN]:
        assert unit in text
    assert "共检查 7 个文件：4 个通过，2 个不通过，1 个无法读取" in text
    assert "A301 勾稽关系" in text and "= D6 + D7" in text


def test_annotated_copies_open_and_carry_comments(
    meeting: dict[str, Path], opened: dict[str, Path]
) -> None:
    spec = load_spec("2021")
    folder = meeting["out"] / "批注"
    names = ["03（批注）.xlsx", "04（批注）.xlsx"]
    assert sorted(p.name for p in folder.glob("*.xlsx")) == names
    sheet = spec.table("t3").title
    # as written, and as LibreOffice read and saved them again
    for copy in (folder / names[0], opened[names[0]]):
        broken = load_workbook(copy)[sheet][cell_a1(spec, "t3.new.natural")]
        assert broken.comment is not None and "A301 勾稽关系" in broken.comment.text
    for copy in (folder / names[1], opened[names[1]]):
        typed = load_workbook(copy)[sheet][cell_a1(spec, "t3.new.total")]
        # a typed total that is wrong: its own total rule, with the difference (one cause)
        assert typed.comment is not None and "A302" in typed.comment.text
