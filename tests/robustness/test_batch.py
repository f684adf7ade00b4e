"""The whole corpus in one batch: through the library and through check-workbook.

Every bad file gets its status and a Chinese message naming it, the batch goes
on to the next file, the same file named twice is checked once with a note,
and the exit code says that some file failed. Never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import check_paths
from checker.results import FileReport
from tests.robustness import corpus

NOBODY = 65534
CLEAN_NAME = "海滨街 2023年 (终稿) #1&x'.xlsx"


def _expect(report: FileReport, case: corpus.Case) -> None:
    assert report.status == case.status, (case.name, report.flatten(["rule", "message"]))
    if case.rule:
        hits = [f for f in report.findings if f.rule == case.rule]
        assert hits, (case.name, report.flatten(["rule", "message"]))
        assert any(case.text in f.message for f in hits), (case.name, hits)
    for f in report.findings:
        assert len(f.message) < 2000, (case.name, f.rule, "message echoes a huge cell")
    if case.status == "unreadable":
        assert any(Path(case.name).name in f.message for f in report.findings)


def _cases(skip: set[str] = frozenset()) -> list[corpus.Case]:  # type: ignore[assignment]
    return [c for c in corpus.CASES if c.name not in skip]


def test_library_batch_goes_on_and_reports_every_file(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.robustness.test_file_kinds import _deny_reading

    _deny_reading(monkeypatch, corpus_dir / "no-permission.xlsx")
    names = [c.name for c in corpus.CASES]
    arguments = [str(corpus_dir / n) for n in names] + [str(corpus_dir / CLEAN_NAME)]
    report = check_paths(arguments)
    by_name = {Path(f.path).name: f for f in report.files}
    assert sorted(by_name) == sorted(names), "each file once, the duplicate too"
    assert len(report.files) == len(names)
    assert any("重复" in note and CLEAN_NAME in note for note in report.notes)
    for case in corpus.CASES:
        _expect(by_name[case.name], case)
    assert report.failed()


@pytest.fixture()
def shared_corpus(corpus_dir: Path) -> Iterator[Path]:
    """A copy of the corpus that another user can list (tmp_path is root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="xxgk-corpus-"))
    try:
        folder.chmod(0o777)
        for entry in corpus_dir.iterdir():
            target = folder / entry.name
            if entry.is_dir():
                shutil.copytree(entry, target)
                target.chmod(0o755)
            else:
                shutil.copy2(entry, target)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _as_nobody() -> list[str]:
    """Run as an ordinary user when we are root, so that chmod 000 really denies."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return []
    probe = subprocess.run(
        [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable, "-c",
         "import commands.check_workbook"],
        capture_output=True, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    if probe.returncode != 0:
        return []
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def check_workbook_cli(
    args: list[str], user: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [*(user or []), sys.executable, "-m", "commands.check_workbook", *args]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1"}
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=env,
        cwd=Path(__file__).parents[2],
    )  # fmt: skip


def test_cli_batch_goes_on_and_exits_1(shared_corpus: Path) -> None:
    user = _as_nobody()
    skip = set() if user else {"no-permission.xlsx"}  # root reads a chmod 000 file
    cases = _cases(skip)
    out = shared_corpus / "out"
    out.mkdir(mode=0o777)
    out.chmod(0o777)
    arguments = [str(shared_corpus / c.name) for c in cases] + [str(shared_corpus / CLEAN_NAME)]
    result = check_workbook_cli(
        [*arguments, "--format", "json", "-o", str(out / "report.json"), "--jobs", "1"], user
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 1, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert len(report["files"]) == len(cases)
    for case in cases:
        entry = by_name[case.name]
        assert entry["status"] == case.status, (case.name, entry)
        if case.rule:
            assert any(
                f["rule"] == case.rule and case.text in f["message"] for f in entry["findings"]
            ), (case.name, entry["findings"])
