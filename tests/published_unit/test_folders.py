"""Folders of returns and published reports: which documents are taken, which get a note."""

from __future__ import annotations

from pathlib import Path

from common.paths import expand_paths


def test_documents_in_a_folder_are_taken_when_they_say_they_are_reports(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "某区2023年政府信息公开工作年度报告.pdf").write_bytes(b"%PDF")
    (tmp_path / "t20240130_1.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "copied.txt").write_text("某某2023年政府信息公开工作年度报告\n", encoding="gbk")
    (tmp_path / "说明.txt").write_text("请查收。\n", encoding="utf-8")
    (tmp_path / "函.pdf").write_bytes(b"%PDF")
    out = expand_paths([tmp_path])
    assert sorted(p.name for p in out.files) == sorted(
        ["a.xlsx", "某区2023年政府信息公开工作年度报告.pdf", "t20240130_1.html", "copied.txt"]
    )
    skipped = [n for n in out.notes if "看不出是年度报告" in n]
    assert len(skipped) == 2


def test_a_document_named_on_the_command_line_is_always_taken(tmp_path: Path) -> None:
    letter = tmp_path / "函.pdf"
    letter.write_bytes(b"%PDF")
    assert expand_paths([letter]).files == [letter]
