"""Folders of returns and published reports: a document that is a published report is
checked as one; a document that is not (a cover letter) is listed as F011."""

from __future__ import annotations

import shutil
from pathlib import Path

from checker import check_paths
from tests.robustness import pdfs

DATA = Path(__file__).resolve().parents[1] / "data"


def test_documents_in_a_folder_reports_checked_others_listed(tmp_path: Path) -> None:
    shutil.copy(DATA / "haibinjie-2020-report.txt", tmp_path / "海滨街.txt")
    (tmp_path / "说明.txt").write_text("请查收。\n", encoding="utf-8")
    pdfs.letter(tmp_path / "函.pdf")  # a readable PDF that is no report
    report = check_paths([tmp_path])
    verdicts = {Path(f.path).name: (f.status, [x.rule for x in f.findings]) for f in report.files}
    assert verdicts["海滨街.txt"][0] == "pass"
    assert verdicts["说明.txt"] == ("unreadable", ["F011"])
    assert verdicts["函.pdf"] == ("unreadable", ["F011"])
