"""Interrupted batches: a killed worker, a stuck file, SIGTERM/SIGHUP, the spawn start method.

A batch always finishes with a report for every file: a worker killed with
SIGKILL loses only the file it held, which is checked again alone (and
reported as F013 if it dies again); a file past the time budget is F012 and
the batch goes on. A batch sent SIGTERM ends its workers, leaves no
``.~tmp-`` file and exits with 143 and a Chinese note. Everything also works
with the spawn start method (Windows has no fork).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker import CheckOptions, check_paths
from common.parallel import START_METHOD_VARIABLE, parallel_map
from common.workers import WorkerCrashed

ROOT = Path(__file__).parents[2]


# -- parallel_map: deterministic faults -------------------------------------------------


def _dies_once(item: tuple[int, str]) -> int:
    """Kills its own worker the first time it sees item 5 (a marker file says so)."""
    n, marker = item
    if n == 5 and not os.path.exists(marker):
        Path(marker).write_text("died")
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def _always_dies(n: int) -> int:
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def _sleeps(n: int) -> int:
    if n == 2:
        time.sleep(30)
    return n


def _fallback(item: object, why: str) -> str:
    return f"{item}:{why}"


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_killed_worker_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    monkeypatch.setenv(START_METHOD_VARIABLE, method)
    items = [(n, str(tmp_path / "marker")) for n in range(20)]
    assert parallel_map(_dies_once, items, jobs=2) == [n * n for n in range(20)]
    assert (tmp_path / "marker").exists()  # it did die, and the file was tried again


def test_a_file_that_kills_its_worker_twice_is_reported() -> None:
    got = parallel_map(_always_dies, list(range(16)), jobs=2, on_failure=_fallback)
    assert got == [n if n != 3 else "3:crashed" for n in range(16)]
    with pytest.raises(WorkerCrashed):
        parallel_map(_always_dies, list(range(16)), jobs=2)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stuck_item_is_stopped_at_the_budget(jobs: int) -> None:
    started = time.monotonic()
    got = parallel_map(_sleeps, list(range(16)), jobs=jobs, on_failure=_fallback, time_budget=1)
    assert got == [n if n != 2 else "2:timeout" for n in range(16)]
    assert time.monotonic() - started < 10


def test_a_batch_reports_a_stuck_file_as_timed_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.batch

    def stuck(path: Path) -> object:
        time.sleep(30)
        raise AssertionError("not reached")

    target = tmp_path / "卡住.xlsx"
    target.write_bytes(b"x")
    monkeypatch.setattr(checker.batch, "check_one", stuck)
    report = check_paths([str(target)], options=CheckOptions.of(jobs=1, seconds=0.5))
    (only,) = report.files
    assert only.status == "unreadable"
    (finding,) = only.findings
    assert (
        finding.rule == "F012" and "检查超时" in finding.message and "卡住.xlsx" in finding.message
    )


# -- the command line: real signals -------------------------------------------------------


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def batch_folder(clean_return: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "回收"
    folder.mkdir()
    for n in range(40):
        shutil.copy(clean_return, folder / f"r{n:02d}.xlsx")
    return folder


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


def _start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "commands.check_workbook", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )  # fmt: skip


def _workers_of(process: subprocess.Popen[str]) -> list[int]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        workers = _children(process.pid)
        if len(workers) >= 2:
            return workers
        time.sleep(0.02)
    raise AssertionError("no workers started")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_sigkill_of_a_worker_still_gives_every_report(batch_folder: Path, tmp_path: Path) -> None:
    before = _digests(batch_folder)
    out = tmp_path / "out"
    process = _start([str(batch_folder), "--format", "json", "-o", str(out / "r.json"),
                      "--html", str(out / "r.html"), "--rollup", str(out / "r.xlsx")])  # fmt: skip
    os.kill(_workers_of(process)[0], signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    report = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert len(report["files"]) == 40
    assert {f["status"] for f in report["files"]} == {"pass"}  # the lost file was checked again
    assert (out / "r.html").exists() and (out / "r.xlsx").exists()
    assert _digests(batch_folder) == before


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(("signame", "method"), [("SIGTERM", "fork"), ("SIGHUP", "spawn")])
def test_a_signal_ends_the_batch_cleanly(
    batch_folder: Path, tmp_path: Path, signame: str, method: str
) -> None:
    before = _digests(batch_folder)
    out = tmp_path / "out"
    out.mkdir()
    process = _start(
        [str(batch_folder), "--html", str(out / "r.html"), "--rollup", str(out / "r.xlsx")],
        env={START_METHOD_VARIABLE: method},
    )
    workers = _workers_of(process)
    number = getattr(signal, signame)
    process.send_signal(number)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + number
    assert signame in stderr and "已停止" in stderr and "Traceback" not in stderr
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)  # no orphans
    assert not [p for p in out.iterdir() if p.name.startswith(".~tmp-")]
    assert _digests(batch_folder) == before


def test_spawn_gives_the_same_report_as_fork(
    clean_return: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "回收"
    folder.mkdir()
    for n in range(16):
        names = {3: "CON.xlsx", 4: "nul.xlsx", 5: "COM1.xlsx"}
        shutil.copy(clean_return, folder / names.get(n, f"r{n}.xlsx"))
    monkeypatch.setenv(START_METHOD_VARIABLE, "fork")
    forked = check_paths([str(folder)], options=CheckOptions.of(jobs=2))
    monkeypatch.setenv(START_METHOD_VARIABLE, "spawn")
    spawned = check_paths([str(folder)], options=CheckOptions.of(jobs=2))
    assert forked.to_json() == spawned.to_json()
    assert {f.status for f in spawned.files} == {"pass"}


def _exits_soon_after(n: int) -> int:
    """Item 5 ends its worker a moment after answering: it dies idle or on the next item."""
    if n == 5:
        import threading

        threading.Timer(0.05, os._exit, (0,)).start()
    time.sleep(0.02)
    return n + 1


def test_a_worker_dying_between_items_loses_nothing() -> None:
    assert parallel_map(_exits_soon_after, list(range(24)), jobs=2) == list(range(1, 25))


def _writes_slowly(item: tuple[int, str]) -> int:
    """Item 2 stays inside an atomic output until its worker is stopped."""
    from common.safe_output import atomic_output

    n, folder = item
    if n == 2:
        with atomic_output(Path(folder) / "副本.xlsx") as tmp:
            tmp.write_bytes(b"half")
            time.sleep(30)
    return n


def test_a_worker_stopped_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    # a timeout ends the worker with SIGTERM, as a SIGTERM of the run does
    items = [(n, str(tmp_path)) for n in range(16)]
    got = parallel_map(_writes_slowly, items, jobs=2, on_failure=_fallback, time_budget=1)
    assert got[2] == f"{items[2]}:timeout"
    assert list(tmp_path.iterdir()) == [], "the worker removed its .~tmp- file"
