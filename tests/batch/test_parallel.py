"""The parallel runner: same results, same order, as the serial path."""

from __future__ import annotations

import os

from checker.batch import parallel_map, workers_for

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


def test_progress_bar_does_not_change_results(capsys: object) -> None:
    items = list(range(60))
    assert parallel_map(_work_plain, items, jobs=1, progress=True) == [x + 1 for x in items]
    assert parallel_map(_work_plain, items, jobs=2, progress=True) == [x + 1 for x in items]
    assert parallel_map(_work_plain, [], jobs=2) == []


def _work_plain(x: int) -> int:
    return x + 1
