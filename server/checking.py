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
    then written to ``target`` as ``kind``: "rollup" (workbook), "html" (report), "annotate"
    (annotated copies, zipped), "publish" (the roll-up's tables, .docx), "register" (the
    decisions register, .xlsx, from ``decisions``), or "read_register" (the decisions in the
    register at ``target``, returned)."""

    kind: str
    files: tuple[tuple[str, str], ...]  # (stored path, name shown in the output)
    target: str
    prior_folder: str | None
    # (file name, rule, sheet, cell, status, note) of the portal's decisions
    decisions: tuple[tuple[str, str, str, str, str, str], ...] = ()


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


def make_output(job: OutputJob) -> Any:
    """Check the latest uploads as one batch and write the output (runs in a worker)."""
    import shutil
    import tempfile

    from checker import CheckOptions, check_paths

    folder = Path(tempfile.mkdtemp(prefix="xxgk-output-"))
    try:
        for stored, name in job.files:
            shutil.copyfile(stored, folder / name)
        options = CheckOptions.of(jobs=1)
        report = check_paths([folder], options=options, prior=_prior(job.prior_folder))
        for file_report in report.files:
            file_report.path = Path(file_report.path).name
        return OUTPUTS[job.kind](report, job, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _rollup(report: Any, job: OutputJob, folder: Path) -> Any:
    from meeting.rollup_sheets import write_rollup

    write_rollup(report, job.target)
    return job.target


def _html(report: Any, job: OutputJob, folder: Path) -> Any:
    from checker.report.html import write_html

    write_html(report, job.target)
    return job.target


def _annotate(report: Any, job: OutputJob, folder: Path) -> Any:
    import shutil

    from meeting.annotate import annotate_returns

    for file_report in report.files:  # the copies are made from the files checked
        file_report.path = str(folder / file_report.path)
    copies = folder.parent / (folder.name + "-批注")
    annotate_returns(report, copies, jobs=1)
    shutil.make_archive(job.target.removesuffix(".zip"), "zip", copies)
    shutil.rmtree(copies, ignore_errors=True)
    return job.target


def _publish(report: Any, job: OutputJob, folder: Path) -> Any:
    from meeting import publish
    from meeting.rollup import plan_rollup

    try:
        pub = publish.for_rollup(plan_rollup(report))
    except publish.Refused as exc:
        return ("refused", str(exc))
    publish.write_publication(pub, job.target)
    return job.target


def _register(report: Any, job: OutputJob, folder: Path) -> Any:
    from meeting.decisions import CHOICES, STATUS, RegisterRow, file_keys, merge_decisions
    from meeting.decisions_sheet import write_register

    choice: dict[str, str] = {status: text for text, status in STATUS.items()}
    known = {d[:4]: d[4:] for d in job.decisions}
    old = []
    for fr in report.files:
        for key, f in file_keys(fr):
            found = known.get((fr.path, f.rule, f.sheet, f.cell))
            if found is not None and choice.get(found[0]) in CHOICES:
                old.append(
                    RegisterRow(
                        key,
                        "",
                        "",
                        "",
                        f.rule,
                        "",
                        "",
                        "",
                        "",
                        choice=choice[found[0]],
                        note=found[1],
                    )
                )
    merge = merge_decisions(report, old)
    write_register(merge.rows, job.target)
    return job.target


def _read_register(report: Any, job: OutputJob, folder: Path) -> Any:
    from meeting.decisions import STATUS, file_keys
    from meeting.decisions_sheet import read_register

    rows, _notes = read_register(job.target)
    by_key = {row.key: row for row in rows}
    out = []
    for fr in report.files:
        for key, f in file_keys(fr):
            row = by_key.get(key)
            if row is not None and row.choice in STATUS:
                out.append((fr.path, f.rule, f.sheet, f.cell, STATUS[row.choice], row.note))
    return out


OUTPUTS = {
    "rollup": _rollup,
    "html": _html,
    "annotate": _annotate,
    "publish": _publish,
    "register": _register,
    "read_register": _read_register,
}


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

    def output(self, job: OutputJob) -> Any:
        """Make an output of the round (``CheckFailed`` when it could not be made)."""
        seconds = self.seconds * max(1, len(job.files))
        return self._run(job, min(seconds, 900.0))

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
