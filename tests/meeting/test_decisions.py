"""The 审核意见 register across two rounds, with LibreOffice as the meeting's spreadsheet.

Expected results are written down per case before the run: round 1 writes the
register (3 rows: 南区's two A301 errors, 北区's P402 warning); LibreOffice fills
the drop-down; the same returns checked again keep the decisions (北区 passes even
with --strict, 南区 still fails); round 2 with --previous marks 南区's rows
已解决 and adds 西区's warning as 待处理.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from checker.results import FileReport, Finding, Report
from meeting.decisions import RESOLVED, RegisterRow, merge_decisions
from meeting.decisions_sheet import HEADERS, read_register, write_register
from tests.meeting.rounds import (
    ROUND1,
    ROUND2,
    build_round,
    by_unit,
    fill_in_libreoffice,
    run,
    run_json,
)

NOTE_WARNING = "申请集中于同一事项，已逐件核实"
NOTE_ERROR = "已电话确认，下一轮更正"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("rounds")
    first = build_round(root / "第一轮回收", ROUND1)
    second = build_round(root / "第二轮回收", ROUND2)
    before = {**_digests(first), **{"2/" + k: v for k, v in _digests(second).items()}}
    register = root / "审核意见.xlsx"
    code1, report1 = run_json(str(first), "--decisions", str(register), target=root / "1.json")
    written = register.read_bytes()
    filled = root / "审核意见-会后.xlsx"
    seen = fill_in_libreoffice(
        register,
        filled,
        [
            {
                "match": {"单位": "北区政府办", "规则": "P402"},
                "set": {"处理意见": "已说明", "说明": NOTE_WARNING},
            },
            {
                "match": {
                    "单位": "南区政府办",
                    "位置": "三、收到和处理政府信息公开申请情况 · 自然人 (列 D)",
                },
                "set": {"处理意见": "已说明", "说明": NOTE_ERROR},
            },
            {
                "match": {"单位": "南区政府办", "规则": "A301", "处理意见": "待处理"},
                "set": {"处理意见": "需修改"},
            },
        ],
    )
    again = root / "审核意见-第二次.xlsx"
    again.write_bytes(filled.read_bytes())
    code_again, report_again = run_json(
        str(first), "--decisions", str(again), "--strict", target=root / "again.json"
    )
    _, text_again = run(str(first), "--decisions", str(again), "--format", "text")
    code2, report2 = run_json(
        str(second),
        "--previous",
        str(first),
        "--decisions",
        str(again),
        "--html",
        str(root / "报告.html"),
        target=root / "2.json",
    )
    after = {**_digests(first), **{"2/" + k: v for k, v in _digests(second).items()}}
    return {
        "root": root,
        "register": register,
        "written": written,
        "filled": filled,
        "seen": seen,
        "again": again,
        "codes": (code1, code_again, code2),
        "report1": report1,
        "report_again": report_again,
        "text_again": text_again,
        "report2": report2,
        "inputs_unchanged": before == after,
    }


def _rows(path: Path) -> list[RegisterRow]:
    rows, notes = read_register(path)
    assert notes == []
    return rows


def test_first_round_writes_one_row_per_error_and_warning(rounds: dict[str, Any]) -> None:
    rows = _rows(rounds["register"])
    assert sorted((r.office, r.rule, r.choice, r.state) for r in rows) == [
        ("北区政府办", "P402", "待处理", "新发现"),
        ("南区政府办", "A301", "待处理", "新发现"),
        ("南区政府办", "A301", "待处理", "新发现"),
    ]
    keys = {r.key for r in rows}
    assert {"代码:113502|2024|A301|t3.new.natural", "代码:113502|2024|A301|t3.new.total"} < keys
    assert all(".xlsx" not in k and "回收" not in k for k in keys)  # never the file path
    pending = by_unit(rounds["report1"])["南区政府办"]["findings"]
    assert [f["decision"] for f in pending if f["rule"] == "A301"] == [
        {"status": "pending", "note": ""}
    ] * 2
    assert all("decision" not in f for f in pending if f["severity"] == "info")
    assert rounds["codes"][0] == 1


def test_register_locks_all_but_the_two_meeting_columns_and_prints_on_a4(
    rounds: dict[str, Any],
) -> None:
    book = load_workbook(rounds["register"])
    sheet = book.worksheets[0]
    assert tuple(c.value for c in sheet[1]) == HEADERS
    assert sheet.protection.sheet is True
    unlocked = {
        sheet.cell(1, c).value
        for c in range(1, len(HEADERS) + 1)
        if not sheet.cell(2, c).protection.locked
    }
    assert unlocked == {"处理意见", "说明"}
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"待处理,已说明,需修改"'
    assert sheet.column_dimensions["A"].hidden  # the key: matched on, never shown or printed
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    # one page wide (1 is the default, left out of the file), as many pages down as needed
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"  # the header row on every page


def test_libreoffice_sees_the_drop_down_and_the_protection(rounds: dict[str, Any]) -> None:
    seen = rounds["seen"]
    assert seen["protected"] is True
    assert [h for h, locked in seen["locked"].items() if not locked] == ["处理意见", "说明"]
    assert seen["lists"] == {"处理意见": ["待处理", "已说明", "需修改"]}
    assert seen["filled"] == 3


def test_explained_warning_no_longer_counts_and_explained_error_stays(
    rounds: dict[str, Any],
) -> None:
    files = by_unit(rounds["report_again"])
    north = files["北区政府办"]
    assert north["status"] == "pass"  # with --strict: its only warning was explained
    assert north["counts"]["warning"] == 0
    (p402,) = [f for f in north["findings"] if f["rule"] == "P402"]
    assert p402["severity"] == "warning"
    assert p402["decision"] == {"status": "explained", "note": NOTE_WARNING}
    south = files["南区政府办"]
    assert south["status"] == "fail" and south["counts"]["error"] == 2
    decisions = [f["decision"] for f in south["findings"] if f["rule"] == "A301"]
    assert decisions == [
        {"status": "explained", "note": NOTE_ERROR},
        {"status": "to_fix", "note": ""},
    ]
    assert rounds["codes"][1] == 1  # 南区's errors still fail the batch
    text = rounds["text_again"]
    assert f"已说明，不再计入：{NOTE_WARNING}" in text
    assert f"会议已讨论（已说明，仍为错误）：{NOTE_ERROR}" in text
    assert "会议意见：需修改" in text
    assert "另有 1 个警告已说明" in text


def test_second_round_keeps_decisions_resolves_and_adds(rounds: dict[str, Any]) -> None:
    rows = {(r.office, r.rule, r.where): r for r in _rows(rounds["again"])}
    states = sorted((o, rule, r.choice, r.state) for (o, rule, _), r in rows.items())
    assert states == [
        ("北区政府办", "P402", "已说明", "仍存在"),
        ("南区政府办", "A301", "已说明", RESOLVED),
        ("南区政府办", "A301", "需修改", RESOLVED),
        ("西区政府办", "P402", "待处理", "新发现"),
    ]
    north = next(r for r in rows.values() if r.office == "北区政府办")
    assert north.note == NOTE_WARNING
    assert rounds["codes"][2] == 0
    assert rounds["inputs_unchanged"]


def test_resubmission_lists_the_changed_cell_and_the_resolved_findings(
    rounds: dict[str, Any],
) -> None:
    files = by_unit(rounds["report2"])
    south = files["南区政府办"]
    assert south["previous"].endswith("第一轮回收/南区.xlsx")
    assert south["changes"] == [
        {"sheet": "三、收到和处理政府信息公开申请情况", "cell": "D8", "before": 4, "after": 5}
    ]
    assert [f["rule"] for f in south["resolved"]] == ["A301", "A301"] and south["new"] == []
    west = files["西区政府办"]
    assert west["previous"] is None and west["changes"] == []
    assert files["东区政府办"]["changes"] == []
    html = (rounds["root"] / "报告.html").read_text(encoding="utf-8")
    assert (
        "修改情况" in html
        and "4 → 5" in html
        and "上一轮回收的报表中没有该单位本年度的报表" in html
    )


def test_json_without_rounds_has_no_round_keys(rounds: dict[str, Any], tmp_path: Path) -> None:
    _, plain = run_json(str(rounds["root"] / "第一轮回收"), target=tmp_path / "plain.json")
    for f in plain["files"]:
        plain_keys = {"path", "status", "format", "year", "unit", "counts", "findings"}
        assert set(f) == plain_keys | {"skipped"}  # without --prior: cross-year not run
        assert all("decision" not in finding for finding in f["findings"])


def test_unknown_choice_is_pending_with_a_note(tmp_path: Path) -> None:
    row = RegisterRow(
        "代码:1|2024|A301|t3.new.total", "东区", "1", "2024", "A301", "勾稽关系", "错误", "", ""
    )
    row.choice = "同意"
    write_register([row], tmp_path / "意见.xlsx")
    rows, notes = read_register(tmp_path / "意见.xlsx")
    assert rows[0].choice == "待处理"
    assert notes == [
        "审核意见表 意见.xlsx 第 2 行的处理意见“同意”不是待处理、已说明、需修改之一，按待处理"
    ]


def test_rows_of_offices_not_in_this_run_are_kept_as_they_were() -> None:
    kept = RegisterRow(
        "代码:9|2024|P402|x", "别处", "9", "2024", "P402", "", "警告", "", "", choice="已说明"
    )
    finding = Finding("A301", "error", "勾稽关系不成立", "表三", "D6")
    report = Report(
        [FileReport("东区.xlsx", "fail", year=2024, unit="东区政府办", findings=[finding])]
    )
    merge = merge_decisions(report, [kept])
    assert [(r.office, r.state, r.choice) for r in merge.rows] == [
        ("东区政府办", "新发现", "待处理"),
        ("别处", "新发现", "已说明"),
    ]
    assert report.files[0].findings[0].decision is not None


def test_register_prints_on_a4_landscape_in_libreoffice(rounds: dict[str, Any]) -> None:
    from tests.meeting.browser import pdf_pages, pdf_words
    from tests.support.libreoffice import convert

    (pdf,) = convert([rounds["register"]], rounds["root"] / "pdf", "pdf")
    pages = pdf_pages(pdf)
    assert len(pages) == 1  # three rows: one page, one page wide
    width, height = pages[0]
    assert abs(width - 842) < 2 and abs(height - 595) < 2  # A4 landscape
    printed = "".join(word for word, _, _ in pdf_words(pdf))
    for header in ("单位", "规则", "处理意见", "说明", "南区政府办"):
        assert header in printed
    assert "代码:113502" not in printed  # the hidden key column is not printed


def test_a_register_kept_in_the_returns_folder_is_not_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = build_round(Path("回收"), {"南区": ROUND1["南区"]})
    register = folder / "审核意见.xlsx"
    first, _ = run(str(folder), "--decisions", str(register), "--quiet")
    code, printed = run(str(folder), "--decisions", str(register), "--quiet")
    assert (first, code) == (1, 1)  # 南区's errors, not a usage error
    assert f"审核意见表 {register} 位于检查的文件夹中，未作为报表检查" in printed
    assert "共检查 1 个文件" in printed
    assert len(_rows(register)) == 2


def test_place_follows_labels_when_an_office_inserted_a_row() -> None:
    from declaration.layout import cell_a1
    from declaration.spec import load_spec
    from meeting.decisions import place

    spec = load_spec("2021")
    sheet = spec.table("t3").title
    fr = FileReport("东区.xlsx", "fail", "2021", year=2024, unit="东区政府办")
    moved = Finding(
        "A301", "error", "", sheet, "D7", "一、本年新收政府信息公开申请数量", "自然人"
    )  # one row lower than in the template
    assert place(fr, moved) == "t3.new.natural"
    t4 = spec.table("t4").title
    address = cell_a1(spec, "t4.main.review_upheld")
    assert place(fr, Finding("V202", "error", "", t4, address)) == "t4.main.review_upheld"
    assert place(fr, Finding("S101", "error", "", "封面", "")) == "封面"


def test_findings_now_listed_under_another_are_still_there_not_resolved() -> None:
    """Round 1: two blank totals (A306 at J6 and J7) and a typed-over total (S117 at
    J8), each a row. Round 2: the office deleted a column — one S105 lists the two
    A306 under it — and pasted more totals as values — one S117 over J8 and J9. Not
    one of the three rows is 已解决: each is still there, listed under another."""
    from declaration.spec import load_spec

    sheet = load_spec("2021").table("t3").title
    unit = {"year": 2024, "unit": "东区政府办"}
    first = [
        Finding("A306", "error", "总计为空白", sheet, "J6"),
        Finding("A306", "error", "总计为空白", sheet, "J7"),
        Finding("S117", "warning", "手填总计", sheet, "J8"),
    ]
    old = merge_decisions(
        Report([FileReport("东区.xlsx", "fail", "2021", findings=first, **unit)]), []
    )
    assert [r.state for r in old.rows] == ["新发现"] * 3
    second = [
        Finding("S105", "error", "缺少列", sheet, absorbed=(("A306", "J6"), ("A306", "J7"))),
        Finding("S117", "warning", "2 个总计单元格", sheet, "J8", cells=("J8", "J9")),
    ]
    report = Report([FileReport("东区.xlsx", "fail", "2021", findings=second, **unit)])
    merge = merge_decisions(report, old.rows)
    states = {(r.rule, r.key.rsplit("|", 1)[-1]): r.state for r in merge.rows}
    assert states[("A306", "t3.new.total")] == "仍存在"
    assert states[("A306", "t3.carried.total")] == "仍存在"
    assert states[("S117", "t3.granted.total")] == "仍存在"
    assert RESOLVED not in states.values()
