"""check_workbook / check_paths: path expansion, statuses, selection, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import checker.read.extract
from checker import CheckOptions, check_paths, check_workbook
from checker.check import check_extraction, check_values, extraction_from_values
from checker.facts import Extraction
from checker.results import Finding
from common.paths import expand_paths
from declaration.spec import load_spec

SPEC = load_spec("2019")


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_expand_files_folders_globs_locks_and_duplicates(tmp_path: Path) -> None:
    a = touch(tmp_path / "a.xlsx")
    touch(tmp_path / "sub" / "b.XLSX")
    touch(tmp_path / "sub" / "c.et")
    touch(tmp_path / "sub" / "notes.docx")
    touch(tmp_path / "~$a.xlsx")
    touch(tmp_path / "._a.xlsx")
    out = expand_paths([str(a), tmp_path, str(tmp_path / "*.xlsx"), "nowhere/*.xlsx", "gone.xlsx"])
    assert [p.relative_to(tmp_path).as_posix() for p in out.files] == [
        "a.xlsx",
        "sub/b.XLSX",
        "sub/c.et",
        "sub/notes.docx",  # listed (reported as no spreadsheet), never skipped silently
    ]
    assert out.missing == ["nowhere/*.xlsx", "gone.xlsx"]
    assert any("~$a.xlsx" in n and "锁定文件" in n for n in out.notes)


def test_one_file_reached_by_links_or_nested_folders_is_checked_once(tmp_path: Path) -> None:
    a = touch(tmp_path / "returns" / "a.xlsx")
    os.link(a, tmp_path / "returns" / "a-link.xlsx")  # sorts first: the name kept
    (tmp_path / "shortcut").symlink_to(tmp_path / "returns")
    b = touch(tmp_path / "returns" / "z" / "b.xlsx")
    out = expand_paths([tmp_path / "returns", tmp_path / "shortcut" / "a.xlsx", b])
    assert [p.relative_to(tmp_path).as_posix() for p in out.files] == [
        "returns/a-link.xlsx",
        "returns/z/b.xlsx",
    ]
    assert sum("只检查一次" in n for n in out.notes) == 3


def test_folder_files_sorted_by_their_place_in_the_folder(tmp_path: Path) -> None:
    for name in ["b.xlsx", "a-b.xlsx", "a/x.xlsx", "a.xlsx", "A.xlsx"]:
        touch(tmp_path / name)
    out = expand_paths([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in out.files] == [
        "A.xlsx",
        "a-b.xlsx",
        "a.xlsx",
        "a/x.xlsx",
        "b.xlsx",
    ]


def test_empty_folder_gets_a_note(tmp_path: Path) -> None:
    out = expand_paths([tmp_path])
    assert out.files == [] and "没有报表文件" in out.notes[0]


def test_missing_argument_becomes_an_unreadable_report(tmp_path: Path) -> None:
    report = check_paths([str(tmp_path / "缺失.xlsx")])
    assert [f.status for f in report.files] == ["unreadable"]
    assert report.files[0].flatten(["rule", "severity"]) == [["F001", "error"]]
    assert "找不到文件" in report.files[0].findings[0].message
    assert report.failed()


def test_unexpected_exception_while_reading_is_contained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(path: object) -> Extraction:
        raise RuntimeError("boom")

    monkeypatch.setattr(checker.read.extract, "extract", explode)
    report = check_workbook(touch(tmp_path / "a.xlsx"))
    assert report.status == "unreadable"
    assert "RuntimeError：boom" in report.findings[0].message


def test_unreadable_extraction_keeps_the_reading_stage_reason() -> None:
    report = check_extraction(Extraction(path="x.xlsx", unreadable="文件已加密"))
    assert report.flatten(["rule", "message"]) == [["F001", "文件已加密"]]
    encrypted = Finding(rule="F002", severity="error", message="文件设置了打开密码")
    report = check_extraction(
        Extraction(path="x.xlsx", unreadable="文件已加密", findings=[encrypted])
    )
    assert report.flatten(["rule"]) == [["F002"]] and report.status == "unreadable"


def test_unknown_format_fails_without_arithmetic() -> None:
    s114 = Finding(rule="S114", severity="error", message="无法识别报表格式")
    report = check_extraction(Extraction(path="x.xlsx", findings=[s114]))
    assert (report.status, report.values, report.flatten(["rule"])) == ("fail", {}, [["S114"]])


def test_strict_turns_warnings_into_failure() -> None:
    values = {"t2.rules.new_published": 3, "t2.rules.public_total": 1}  # P401 warning
    extraction = extraction_from_values(SPEC, values)
    assert check_extraction(extraction).status == "pass"
    assert check_extraction(extraction, options=CheckOptions.of(strict=True)).status == "fail"


def test_select_and_ignore_filter_findings() -> None:
    values = {"t2.rules.new_published": 3, "t2.rules.public_total": 1, "t3.new.natural": 1}
    assert {f.rule for f in check_values(SPEC, values).findings} == {"A301", "P401"}
    assert {
        f.rule for f in check_values(SPEC, values, options=CheckOptions.of(ignore=["A"])).findings
    } == {"P401"}
    assert {
        f.rule
        for f in check_values(SPEC, values, options=CheckOptions.of(select=["A301"])).findings
    } == {"A301"}


def test_findings_in_sheet_then_cell_order_and_values_for_rollups() -> None:
    values = {"t4.main.review_total": 3, "t3.new.natural": 1, "t2.rules.public_total": -1}
    extraction = extraction_from_values(SPEC, values)
    extraction.findings.append(Finding(rule="S116", severity="warning", message="x", sheet="封面"))
    report = check_extraction(extraction)
    assert [f.sheet[:2] for f in report.findings] == ["封面", "二、", "三、", "三、", "四、"]
    assert report.values["t4.main.review_total"] == 0  # recomputed, not the typed 3
    assert report.values["t3.new.total"] == 1
