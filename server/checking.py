"""The only place where the portal calls the checker: warm worker processes.

Each worker is a process started once (spawn: the server has threads) that
imports the checker and then checks one stored upload at a time through the
public API (``checker.check_bytes``), with the round's prior-year index loaded
once. A check that runs past its time, or a worker that dies (a hostile file,
memory exhausted), costs that request only: the worker is replaced and the
upload gets a Chinese error as its result.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHECK_SECONDS = 30.0  # the checker's own per-file budget (checker.read.limits.FILE_SECONDS)
MEMORY_BYTES = 2 * 1024**3  # address space of a worker: a hostile file cannot take the host


@dataclass(frozen=True)
class Job:
    """One upload to check: where its bytes are, the name it came with, the round."""

    path: str
    name: str
    year: int
    prior_folder: str | None


@dataclass(frozen=True)
class Checked:
    """What the pages and the API need of one check, as plain data."""

    report: dict[str, Any]  # files[0] of check-workbook --format json
    view: list[dict[str, Any]]  # per finding: what the office reads
    values: dict[str, float]


@dataclass(frozen=True)
class OutputJob:
    """An output of the round made by the library: the latest uploads checked together,
    then written as ``kind`` ("rollup" workbook, "html" report, "annotate" .zip of
    annotated copies, "publish" tables as .docx) to ``target``."""

    kind: str
    files: tuple[tuple[str, str], ...]  # (stored path, name shown in the output)
    target: str
    prior_folder: str | None


class CheckFailed(Exception):
    """The check could not be made (timed out, worker died); Chinese message."""


def failed_report(name: str, message: str) -> Checked:
    """The result of a check that could not run: one F001-like error the pages show."""
    report = {
        "path": name,
        "status": "unreadable",
        "format": None,
        "year": None,
        "unit": None,
        "counts": {"error": 1, "warning": 0, "info": 0},
        "findings": [
            {
                "rule": "F001",
                "severity": "error",
                "sheet": "",
                "cell": "",
                "message": message,
                "expected": None,
                "found": None,
            }
        ],
    }
    view = [
        {
            "rule": "F001",
            "severity": "error",
            "title": "文件无法读取",
            "where": "",
            "sheet": "",
            "cell": "",
            "message": message,
            "lines": [],
            "fix": "请用 Excel 或 WPS 打开下载的模板，填好后另存为 .xlsx 再上传。",
        }
    ]
    return Checked(report, view, {})


# -- in the worker --------------------------------------------------------------------

_PRIOR: dict[str, Any] = {}


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    except (ImportError, ValueError, OSError):  # not every platform has it
        pass


def _prior(folder: str | None) -> Any:
    if not folder:
        return None
    if folder not in _PRIOR:
        from checker import CheckOptions, load_prior

        try:  # in this process: a worker has no children of its own
            _PRIOR[folder] = load_prior(folder, CheckOptions.of(jobs=1))
        except ValueError:
            _PRIOR[folder] = None
    return _PRIOR[folder]


def check_job(job: Job) -> Checked:
    """Check one upload through the public API (runs in a worker)."""
    from checker import CheckOptions, check_bytes

    data = Path(job.path).read_bytes()
    options = CheckOptions.of(jobs=1)
    report = check_bytes(data, job.name, options=options, prior=_prior(job.prior_folder))
    (file_report,) = report.files
    one = report.to_json()["files"][0]
    return Checked(one, finding_views(file_report), dict(file_report.values))


class OutputRefused(Exception):
    """The library declined to make an output (its Chinese reason, shown as it is)."""


def make_output(job: OutputJob) -> str:
    """Check the latest uploads as one batch and write the output (runs in a worker)."""
    import shutil
    import tempfile

    from checker import CheckOptions, check_paths

    folder = Path(tempfile.mkdtemp(prefix="xxgk-output-"))
    try:
        returns = folder / "报表"
        returns.mkdir()
        for stored, name in job.files:
            shutil.copyfile(stored, returns / name)
        options = CheckOptions.of(jobs=1)
        report = check_paths([returns], options=options, prior=_prior(job.prior_folder))
        if job.kind == "annotate":  # copies are made from the files, before names are cut
            _annotated_zip(report, folder / "批注", Path(job.target))
            return job.target
        for file_report in report.files:
            file_report.path = Path(file_report.path).name
        _WRITERS[job.kind](report, Path(job.target))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return job.target


def _rollup(report: Any, target: Path) -> None:
    from meeting.rollup_sheets import write_rollup

    write_rollup(report, target)


def _html(report: Any, target: Path) -> None:
    from checker.report.html import write_html

    write_html(report, target)


def _publish(report: Any, target: Path) -> None:
    """The tables to publish: the roll-up of the returns that passed, official layout."""
    from meeting import publish
    from meeting.rollup import plan_rollup

    try:
        publish.write_publication(publish.for_rollup(plan_rollup(report)), target)
    except publish.Refused as exc:
        raise OutputRefused(str(exc)) from None


def _annotated_zip(report: Any, folder: Path, target: Path) -> None:
    """An annotated copy of each return with errors or warnings, as one .zip."""
    import zipfile

    from meeting.annotate import annotate_returns

    annotate_returns(report, folder, jobs=1)
    copies = sorted(folder.glob("*")) if folder.exists() else []
    if not copies:
        raise OutputRefused("各单位最新的报表都没有错误和警告，不需要批注副本")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for copy in copies:
            archive.write(copy, copy.name)


_WRITERS = {"rollup": _rollup, "html": _html, "publish": _publish}


def finding_views(file_report: Any) -> list[dict[str, Any]]:
    """Each finding as the office reads it: where, what, the equation, what to do."""
    from checker.registry import registry
    from checker.report.text import diff_lines, location

    rules = registry()
    out = []
    for f in file_report.findings:
        info = rules.get(f.rule)
        out.append(
            {
                "rule": f.rule,
                "severity": str(f.severity),
                "title": info.title if info else "",
                "where": location(f),
                "sheet": f.sheet,
                "cell": f.cell,
                "message": f.message,
                "lines": diff_lines(f),
                "fix": info.fix if info else "",
            }
        )
    return out


def _worker(conn: Any) -> None:
    _limit_memory()
    import checker.api  # noqa: F401 - warm: the first upload is as fast as the others

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            work = make_output if isinstance(job, OutputJob) else check_job
            conn.send((True, work(job)))
        except MemoryError:
            conn.send((False, "文件过大，检查时超出内存上限"))
        except OutputRefused as exc:
            conn.send((False, str(exc)))
        except Exception as exc:  # a bug or a file nobody foresaw: that upload only
            conn.send((False, f"检查时出错（{type(exc).__name__}）"))


# -- in the server ----------------------------------------------------------------------


class _Process:
    def __init__(self, context: Any) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(0.5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()


class CheckerPool:
    """A few warm workers; ``check`` waits for a free one, with a time limit per check."""

    def __init__(self, workers: int | None = None, seconds: float = CHECK_SECONDS + 5) -> None:
        self.seconds = seconds
        self.context = multiprocessing.get_context("spawn")
        count = workers or max(1, min(2, os.cpu_count() or 1))
        self._idle: queue.Queue[_Process] = queue.Queue()
        self._all: list[_Process] = []
        self._lock = threading.Lock()
        for _ in range(count):
            self._add()

    def _add(self) -> None:
        worker = _Process(self.context)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Process) -> None:
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        worker.stop()
        self._add()

    def check(self, job: Job) -> Checked:
        """The check of one upload; ``CheckFailed`` when it timed out or its worker died."""
        value = self._run(job, self.seconds)
        assert isinstance(value, Checked)
        return value

    def output(self, job: OutputJob) -> str:
        """Make an output of the round (``CheckFailed`` when it could not be made)."""
        seconds = self.seconds * max(1, len(job.files))
        return str(self._run(job, min(seconds, 900.0)))

    def _run(self, job: Job | OutputJob, seconds: float) -> Any:
        worker = self._idle.get()
        try:
            worker.conn.send(job)
            if not worker.conn.poll(seconds):
                self._replace(worker)
                raise CheckFailed(f"检查超时（超过 {seconds:g} 秒），文件可能过大或已损坏")
            ok, value = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise CheckFailed("检查进程异常退出，文件可能已损坏或过大") from None
        except CheckFailed:
            raise
        except BaseException:
            self._replace(worker)
            raise
        self._idle.put(worker)
        if not ok:
            raise CheckFailed(str(value))
        return value

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
