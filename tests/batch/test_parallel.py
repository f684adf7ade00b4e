"""The parallel runner: same results, same order, as the serial path."""

from __future__ import annotations

import os

from common.parallel import parallel_map, workers_for

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


def test_reports_cross_processes_with_their_values_packed() -> None:
    import pickle

    from checker.report.json_report import render_json
    from checker.results import FileReport, Report
    from declaration.spec import load_spec

    spec = load_spec("2021")
    values = {cell_id: float(i) - 3.5 for i, cell_id in enumerate(spec.cells)}
    report = FileReport("甲.xlsx", format="2021", values=values)
    data = pickle.dumps(report)
    assert b"t3.new.natural" not in data  # the cell ids stay at home
    back = pickle.loads(data)
    render_json(Report(files=[back]))
    assert "values" not in vars(back)  # a JSON report never unpacks them
    assert pickle.loads(pickle.dumps(back)) == report  # passed on while still packed
    assert list(back.values.items()) == list(values.items())
    # anything else travels as it is: other orders, other numbers, no values
    for other in ({"x": 1.0}, dict(values, **{"t3.new.natural": 2}), {}):
        plain = FileReport("乙.xlsx", values=other)
        again = pickle.loads(pickle.dumps(plain))
        assert again == plain and [type(v) for v in again.values.values()] == [
            type(v) for v in other.values()
        ]
