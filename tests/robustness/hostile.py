"""Hostile returns made from a clean one by editing its parts, and a child-process probe.

``edited`` rewrites parts of a clean return (sheet XML, shared strings, the
workbook part); ``probe`` runs ``check-workbook`` in a child process under an
address-space cap (``resource.setrlimit``) and reads its own peak memory and
time, so that a test sees what one hostile file costs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[2]
T3_PART = "xl/worksheets/sheet4.xml"  # 三、收到和处理政府信息公开申请情况
T3_INPUT = "D6"  # t3.new.natural: 5 in the clean return
T3_TOTAL = "J6"  # its row total: SUM(D6:I6)
AS_LIMIT_MB = 1024  # address space of the child (RSS is checked against the documented limit)
RSS_LIMIT_MB = 200  # docs/robustness.md: any one return
SECONDS_LIMIT = 30.0  # docs/robustness.md: any one return

Edit = Callable[[bytes], bytes]


def edited(
    clean: Path,
    target: Path,
    edits: Mapping[str, Edit],
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A copy of ``clean`` with ``edits`` (part name -> bytes -> bytes) applied."""
    with zipfile.ZipFile(clean) as zin, zipfile.ZipFile(target, "w", compression) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in edits:
                data = edits[info.filename](data)
            zout.writestr(info.filename, data, compress_type=compression)
    return target


def add_rows(xml: str) -> Edit:
    """Rows (or any markup) added at the end of ``<sheetData>``."""
    return lambda data: data.replace(b"</sheetData>", xml.encode() + b"</sheetData>", 1)


def merge_first(ref: str) -> Edit:
    """A merged range put first in the sheet's ``<mergeCells>``."""

    def edit(data: bytes) -> bytes:
        start = data.index(b"<mergeCells")
        head_end = data.index(b">", start) + 1
        return data[:head_end] + f'<mergeCell ref="{ref}"/>'.encode() + data[head_end:]

    return edit


def cell(ref: str, xml: str) -> Edit:
    """The cell at ``ref`` (which must hold a value or formula) replaced by ``xml``."""

    def edit(data: bytes) -> bytes:
        start = data.index(f'<c r="{ref}"'.encode())
        end = data.index(b"</c>", start) + len(b"</c>")
        return data[:start] + xml.encode() + data[end:]

    return edit


def chain(*edits: Edit) -> Edit:
    def edit(data: bytes) -> bytes:
        for one in edits:
            data = one(data)
        return data

    return edit


_PROBE = """
import resource, sys, time
cap = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
started = time.monotonic()
from commands.check_workbook import main
try:
    code = main(sys.argv[2:])
except SystemExit as exc:
    code = exc.code
with open("/proc/self/status") as fh:
    peak = next(line.split()[1] for line in fh if line.startswith("VmHWM"))
print("PROBE", peak, time.monotonic() - started, file=sys.stderr)
sys.exit(code)
"""


@dataclass(frozen=True)
class Probe:
    code: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float
    report: dict[str, object] | None  # the JSON report, when asked for

    def files(self) -> list[dict[str, object]]:
        assert self.report is not None
        files = self.report["files"]
        assert isinstance(files, list)
        return files


def probe(*args: str, json_report: bool = True, timeout: float = 120) -> Probe:
    """``check-workbook ARGS`` in a child under ``AS_LIMIT_MB`` of address space."""
    env = {**os.environ, "NO_COLOR": "1"}
    extra = ["--format", "json"] if json_report else []
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(AS_LIMIT_MB), *args, *extra],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env,
    )  # fmt: skip
    line = next((x for x in done.stderr.splitlines() if x.startswith("PROBE ")), None)
    assert line is not None, done.stderr[-2000:]
    _, peak, seconds = line.split()
    report = json.loads(done.stdout) if json_report and done.stdout.strip() else None
    assert time.monotonic() - started < timeout
    return Probe(
        done.returncode, done.stdout, done.stderr, int(peak) / 1024, float(seconds), report
    )


def assert_clean_run(result: Probe) -> None:
    """No traceback, a usual exit code, within the documented memory and time."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.code in (0, 1), result.stderr[-3000:]
    assert result.peak_mb < RSS_LIMIT_MB, result.peak_mb
    assert result.seconds < SECONDS_LIMIT, result.seconds
