"""The parallel runner: same results, same order, as the serial path."""

from __future__ import annotations

import os
from pathlib import Path

from checker.batch import discover, parallel_map, workers_for

_OFFSET = 0


def _init(offset: int) -> None:
    global _OFFSET
    _OFFSET = offset


def _work(x: int) -> tuple[int, int]:
    return x * x + _OFFSET, os.getpid()


def test_parallel_and_serial_agree_in_order() -> None:
    items = list(range(200))
    serial = parallel_map(_work, items, jobs=1, initializer=_init, initargs=(3,))
    parallel = parallel_map(_work, items, jobs=2, initializer=_init, initargs=(3,))
    assert [r for r, _ in serial] == [r for r, _ in parallel] == [x * x + 3 for x in items]
    assert {pid for _, pid in serial} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in parallel}


def test_small_batches_stay_in_process() -> None:
    assert workers_for(5, 8) == 1
    assert workers_for(1000, 1) == 1
    assert workers_for(1000, 2) == 2
    assert workers_for(20, 4) == 2


def test_discover_skips_lock_and_temp_files(tmp_path: Path) -> None:
    for name in ["b.xlsx", "a.XLSX", "~$b.xlsx", ".~tmp-1.xlsx", "说明.docx", "sub/c.xlsm"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.XLSX", "b.xlsx", "sub/c.xlsm"]
