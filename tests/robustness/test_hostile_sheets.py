"""Declared sizes never drive the work: coordinates and ranges written in a sheet.

A few KB of XML can declare a merge to the last cell of the grid, a row far
beyond Excel's limit, a column like ZZZZZZZZZZZZZZ or a total over the whole
sheet. Every such return is checked in a child process under an address-space
cap: no traceback, a report for every file, and the documented limits of
docs/robustness.md (200 MB peak, 30 s) hold.
"""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.robustness.hostile import (
    T3_INPUT,
    T3_PART,
    T3_TOTAL,
    add_rows,
    assert_clean_run,
    cell,
    chain,
    edited,
    merge_first,
    probe,
)

EXCEL_ROWS = 1_048_576
ROWS = st.one_of(
    st.sampled_from([1, 2, 100, EXCEL_ROWS - 1, EXCEL_ROWS, EXCEL_ROWS + 1, 99_999_999]),
    st.integers(1, 2 * EXCEL_ROWS),
)
COLUMNS = st.one_of(
    st.sampled_from(["A", "K", "XFD", "XFE", "ZZZ", "ZZZZZZZZZZZZZZ"]),
    st.text(string.ascii_uppercase, min_size=1, max_size=6),
)
REFS = st.builds(lambda c, r: f"{c}{r}", COLUMNS, ROWS)
RANGES = st.one_of(
    st.builds(lambda a, b: f"{a}:{b}", REFS, REFS),
    st.sampled_from(["A:A", "1:1048576", "A1:XFD1048576", "K100:XFD1048576", "D:I"]),
)


@st.composite
def hostile_sheet(draw: st.DrawFn) -> dict[str, object]:
    """One of the ways a sheet may declare far more than it holds."""
    kind = draw(st.sampled_from(["cell", "merge", "total", "row"]))
    if kind == "cell":
        ref = draw(REFS)
        return {"kind": kind, "edit": add_rows(f'<row r="{ref.lstrip(string.ascii_uppercase)}">'
                                               f'<c r="{ref}"><v>5</v></c></row>')}  # fmt: skip
    if kind == "merge":
        return {"kind": kind, "edit": merge_first(draw(RANGES))}
    if kind == "total":
        refs = draw(st.lists(RANGES, min_size=1, max_size=3))
        formula = f"SUM({','.join(refs)})"
        return {"kind": kind, "edit": cell(T3_TOTAL, f'<c r="{T3_TOTAL}"><f>{formula}</f><v>5</v></c>')}  # fmt: skip
    r = draw(ROWS)
    return {"kind": kind, "edit": add_rows(f'<row r="{r}"><c><v>1</v></c><c t="s"><v>3</v></c></row>')}  # fmt: skip


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(hostile_sheet(), min_size=6, max_size=6))
def test_any_declared_coordinates_cost_only_what_the_sheet_holds(
    clean_return: Path, tmp_path_factory: object, sheets: list[dict[str, object]]
) -> None:
    folder = tmp_path_factory.mktemp("hostile")  # type: ignore[attr-defined]
    for n, sheet in enumerate(sheets):
        edited(clean_return, folder / f"h{n}.xlsx", {T3_PART: sheet["edit"]})  # type: ignore[dict-item]
    result = probe(str(folder))
    assert_clean_run(result)
    assert len(result.files()) == len(sheets)
    for report in result.files():
        for finding in report["findings"]:  # type: ignore[attr-defined]
            assert len(finding["message"]) <= 1100


def test_the_issue_examples_are_bounded(clean_return: Path, tmp_path: Path) -> None:
    """The examples of the issue, each one file: expected verdicts written first."""
    cases = {
        # merged to the last cell: read, the merge costs what the sheet holds
        "merge.xlsx": (merge_first("K100:XFD1048576"), "pass"),
        # one value at Excel's last row: read, nothing between is worked out
        "last-row.xlsx": (add_rows('<row r="1048576"><c r="A1048576"><v>5</v></c></row>'), "pass"),
        # beyond Excel's rows, beyond its columns: a damaged file, said so
        "far-row.xlsx": (
            add_rows('<row r="99999999"><c r="A99999999"><v>5</v></c></row>'),
            "unreadable",
        ),  # noqa: E501
        "wide.xlsx": (
            add_rows(
                '<row r="200"><c r="ZZZZZZZZZZZZZZ200" t="inlineStr"><is><t>x</t></is></c></row>'
            ),  # noqa: E501
            "unreadable",
        ),
        # a total over the whole sheet: not the template's formula (S111), bounded
        "total.xlsx": (
            cell(T3_TOTAL, f'<c r="{T3_TOTAL}"><f>SUM(A1:XFD1048576)</f><v>5</v></c>'),
            "fail",
        ),
    }
    for name, (edit, _) in cases.items():
        edited(clean_return, tmp_path / name, {T3_PART: edit})
    result = probe(str(tmp_path))
    assert_clean_run(result)
    status = {Path(str(f["path"])).name: f["status"] for f in result.files()}
    assert status == {name: verdict for name, (_, verdict) in cases.items()}
    for report in result.files():
        if report["status"] == "unreadable":
            (finding,) = report["findings"]  # type: ignore[misc]
            assert "超出 Excel 的范围" in finding["message"]
            assert Path(str(report["path"])).name in finding["message"]


def test_an_input_cell_far_away_keeps_the_values(clean_return: Path, tmp_path: Path) -> None:
    """The clean input D6 is still read when a far row exists."""
    target = edited(
        clean_return,
        tmp_path / "far.xlsx",
        {T3_PART: chain(add_rows('<row r="1048576"><c r="XFD1048576"><v>9</v></c></row>'))},
    )
    from checker import check_workbook

    report = check_workbook(target)
    assert report.status == "pass"
    assert report.values["t3.new.natural"] == 5
    assert T3_INPUT == "D6"


def test_a_csv_at_the_file_size_limit_stays_within_memory(tmp_path: Path) -> None:
    """30 MB of numbers: read line by line, at most 100,000 cells (it once took 342 MB)."""
    target = tmp_path / "大.csv"
    target.write_text((",".join(["1"] * 255) + "\n") * 60_000, encoding="utf-8")
    result = probe(str(target))
    assert_clean_run(result)
    (only,) = result.files()
    assert only["status"] in ("fail", "unreadable")
