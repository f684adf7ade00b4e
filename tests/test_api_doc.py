"""The examples of docs/api.md run as written, block after block, in one namespace.

The folder they run in holds what the page says: two of this year's returns (one
passing, one with its balance broken by one), last year's return of one office,
and a roster of three offices.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.verdicts.office import REAL_2021, known, spec_2021, template_return

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def _examples() -> list[str]:
    return BLOCK.findall((ROOT / "docs" / "api.md").read_text(encoding="utf-8"))


@pytest.fixture
def example_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    spec = spec_2021()
    values = known(spec, REAL_2021)
    returns = tmp_path / "回收"
    returns.mkdir()
    template_return(returns / "东街道.xlsx", values, unit="东街道")
    broken = dict(values)
    broken["t3.new.natural"] = float(broken["t3.new.natural"]) + 1  # 一 + 二 one more
    template_return(returns / "西街道.xlsx", broken, unit="西街道")
    last = tmp_path / "上年回收"
    last.mkdir()
    carried = {
        f"t3.carry_forward.{c}": values.get(f"t3.carried.{c}", 0.0) for c in spec.sets["applicants"]
    }
    template_return(last / "东街道2024.xlsx", {**values, **carried}, year=2024, unit="东街道")
    (tmp_path / "单位名单.csv").write_text("单位名称\n东街道\n西街道\n南街道\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_page_has_examples() -> None:
    assert len(_examples()) >= 5


def test_every_example_runs_as_written(example_folder: Path) -> None:
    namespace: dict[str, object] = {}
    for number, block in enumerate(_examples(), 1):
        try:
            exec(compile(block, f"docs/api.md 第{number}段", "exec"), namespace)
        except Exception as exc:  # name the block that failed
            raise AssertionError(f"docs/api.md 第 {number} 段例子失败：{exc!r}\n{block}") from exc
