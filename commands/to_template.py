"""``check-workbook 报告.html --to-template 报告.xlsx``: a published report as a filled return.

The report is read like any other input (checker.read.extract) and its numbers
are written into the official template of its format by template_builder, so it
can be corrected, annotated and summed like a return. A total the report states
differently from its details is written as the stated number (over the formula),
so that checking the new file shows the same arithmetic finding.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from commands.kit import UsageError

if TYPE_CHECKING:
    from declaration.spec import FormSpec


class NotConverted(Exception):
    """The input has no tables to convert; the report printed before says why (exit 1,
    like any file that cannot be checked: it is the file, not the command line)."""


def published_values(path: str) -> tuple[FormSpec, dict[str, object], int, str | None]:
    """(spec, cell values for the template, year, unit) of a readable input."""
    from checker.read.extract import extract

    extraction = extract(path)
    spec = extraction.spec
    if extraction.unreadable or spec is None:
        raise NotConverted(extraction.unreadable or "无法识别报告的格式")
    inputs = {
        c.id: extraction.cells[c.id].value
        for c in spec.input_cells()
        if c.id in extraction.cells and extraction.cells[c.id].value is not None
    }
    computed = spec.compute_totals({k: float(v) for k, v in inputs.items() if v is not None})
    values: dict[str, object] = dict(inputs)
    for cell in spec.input_cells():  # text that is not a number stays visible as text
        read = extraction.cells.get(cell.id)
        if read is not None and read.value is None and isinstance(read.raw, str):
            values[cell.id] = read.raw
    for cell in spec.total_cells():
        read = extraction.cells.get(cell.id)
        if read is not None and read.value is not None and read.value != computed[cell.id]:
            values[cell.id] = read.value
    year = extraction.year or spec.first_year
    return spec, values, year, extraction.unit


def write_filled_template(source: str, target: str) -> str:
    """Write ``target`` from ``source``; returns a one-line Chinese summary."""
    from template_builder.writer import build_template

    if Path(os.path.realpath(Path(target))) == Path(os.path.realpath(Path(source))):
        raise UsageError(f"--to-template 的输出文件不能是输入文件本身：{target}")
    spec, values, year, unit = published_values(source)
    try:
        build_template(spec, year=year, path=target, unit=unit, values=values)
    except OSError as exc:
        raise UsageError(f"无法写入 {target}：{exc}") from exc
    return f"已把 {Path(source).name} 的数字填入 {year} 年度的官方模板：{target}"
