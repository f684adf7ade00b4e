"""Two hundred returns of varied quality, written from the spec with the project's own writer.

Most offices send a consistent return; every seventh breaks 一 + 二 = 三(七) + 四 by one
(A301), every eleventh by a larger amount, every thirteenth sends an empty form, and two
offices send a second copy under another file name. ``EXPECTED_FAILING`` counts the returns
that must fail.
"""

from __future__ import annotations

import random
from pathlib import Path

from declaration.spec import load_spec
from tests.batch.scenario import year_values

SIZE = 200
YEAR = 2025
OFF_BY_ONE = 7  # every 7th office: 三(七) one short (A301, 少 1)
OFF_BY_MORE = 11  # every 11th office: 三(七) five over (A301, 多 5)
DUPLICATES = (3, 4)  # these offices send a second copy too


def office(i: int) -> str:
    """A long, realistic unit name: two offices share the first ten characters."""
    return f"某某市第{i:03d}区市场监督管理局综合执法支队"


def broken(i: int) -> bool:
    return i % OFF_BY_ONE == 0 or i % OFF_BY_MORE == 0


EXPECTED_FAILING = sum(broken(i) for i in range(1, SIZE + 1)) + sum(broken(i) for i in DUPLICATES)


def corpus_values(i: int, rng: random.Random) -> dict[str, int]:
    spec = load_spec("2021")
    values = year_values(spec, rng, None)
    if i % OFF_BY_ONE == 0:
        values["t3.granted.natural"] -= 1 if values["t3.granted.natural"] else -1
        values["t3.carry_forward.natural"] += 0
    elif i % OFF_BY_MORE == 0:
        values["t3.granted.natural"] += 5
    return values


def write_corpus(folder: Path, size: int = SIZE) -> list[Path]:
    """``size`` filled returns (and the duplicates) in ``folder``; about 0.05 s a file."""
    from template_builder.writer import build_template

    spec = load_spec("2021")
    rng = random.Random(21)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, size + 1):
        values = corpus_values(i, rng)
        names = [f"{i:03d}_{office(i)}.xlsx"]
        if i in DUPLICATES:
            names.append(f"{i:03d}_{office(i)}（修改稿）.xlsx")
        for name in names:
            path = folder / name
            build_template(spec, year=YEAR, path=path, unit=office(i), values=values)
            paths.append(path)
    return paths
