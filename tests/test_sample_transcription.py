"""The 海滨街 sample equals the published report in ../shared/examples, cell by cell."""

from __future__ import annotations

import re
from pathlib import Path

from declaration.layout import sheet_layouts
from declaration.samples import sample_values
from declaration.spec import load_spec

# The 海滨街 2020 report as published (text copied from the web page), kept with the tests.
REPORT = Path(__file__).resolve().parent / "data" / "haibinjie-2020-report.txt"


def _number(text: str) -> float:
    text = text.strip().replace("\u3000", "")
    if not text:
        return 0.0  # the office left the cell blank
    return float(re.sub(r"万$", "", text))


def _published() -> dict[str, float]:
    """Cell values read from the report text: each row label is followed by its cells."""
    spec = load_spec("2019")
    lines = [line.strip("\t\n") for line in REPORT.read_text(encoding="utf-8").splitlines()]
    values: dict[str, float] = {}
    for table in spec.tables:
        start = next(i for i, line in enumerate(lines) if line.strip() == table.title)
        cursor = start
        layout = sheet_layouts(spec)[table.id]
        for block in table.blocks:
            columns = [leaf.id for leaf, _ in block.leaf_columns()]
            for row, path in block.leaf_rows():
                if path:  # find the row's own label after the previous row
                    cursor = lines.index(path[-1], cursor) + 1
                else:  # table 四: one unlabelled row after the 复议后起诉 group's 总计
                    first = lines.index("总计", lines.index("复议后起诉", cursor) + 1)
                    cursor = lines.index("总计", first + 1) + 1
                    while not lines[cursor].strip():
                        cursor += 1
                for col in columns:
                    values[f"{table.id}.{row.id}.{col}"] = _number(lines[cursor])
                    cursor += 1
        assert layout.values.keys() == {k for k in values if k.startswith(f"{table.id}.")}
    return values


def test_sample_matches_the_published_report() -> None:
    published = _published()
    sample = {k: float(v) for k, v in sample_values("haibinjie-2020").items()}  # type: ignore[arg-type]
    spec = load_spec("2019")
    recomputed = spec.compute_totals(sample)
    assert {k: recomputed[k] for k in published} == published
