"""The simpler reading design, measured against the own xlsx reader (a prototype).

Design: python-calamine reads the values (cached results, dates, merges, sheet
visibility); a targeted read of each sheet's XML adds what calamine does not
give — the formula text (shared formulas expanded) and the sheet protection.
The package layer (relationships, sheet list, custom properties) stays as it is.

    .venv/bin/python bench/calamine_design.py --returns 1000 --repeats 3

generates the bench's returns, then checks them with check-workbook (JSON
report to a file, start-up included) with either reader, alternately, and
prints the medians and their ratio; the two JSON reports must be identical.
``run --design calamine FOLDER -o OUT`` is one such check-workbook run.

Not part of the product: see the README's performance section for the result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.read.workbook import RawWorkbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_FORMULA = re.compile(rb"<f([^>]*?)(?:/>|>([^<]*)</f>)")
_ATTR = re.compile(rb'(t|si)="([^"]*)"')
_PROTECTED = re.compile(rb'<sheetProtection\b[^>]*\bsheet="(?:1|true)"')
_VISIBLE = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}
_EPOCH = dt.datetime(1899, 12, 30)


def _serial(value: dt.datetime | dt.date | dt.time | dt.timedelta) -> float:
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return (value - _EPOCH).total_seconds() / 86400


def _formulas(xml: bytes) -> dict[tuple[int, int], str]:
    """The formula of every cell that has one, shared formulas expanded."""
    from checker.read.xlsx_sheet import _col_index, shift_formula

    out: dict[tuple[int, int], str] = {}
    masters: dict[bytes, tuple[int, int, str]] = {}
    for cell in _CELL.finditer(xml):
        body = cell.group(3)
        if not body or b"<f" not in body:
            continue
        found = _FORMULA.search(body)
        if found is None:
            continue
        row, col = int(cell.group(2)) - 1, _col_index(cell.group(1).decode())
        attrs = dict(_ATTR.findall(found.group(1)))
        text = html.unescape((found.group(2) or b"").decode())
        if attrs.get(b"t") == b"shared":
            si = attrs.get(b"si", b"")
            if text:
                masters[si] = (row, col, text)
            elif si in masters:
                r0, c0, master = masters[si]
                text = shift_formula(master, row - r0, col - c0)
        out[(row, col)] = text
    return out


def read_workbook(path: str | Path) -> RawWorkbook:
    """``checker.read.xlsx_reader.read_workbook`` with values read by python-calamine."""
    from python_calamine import CalamineWorkbook

    from checker.read import xlsx_reader
    from checker.read.calamine_reader import legacy_workbook
    from checker.read.sniff import external_links, sniff
    from checker.read.workbook import RawCell, RawSheet, RawWorkbook  # noqa: F811

    p = Path(path)
    verdict = sniff(p)
    verdict.raise_if_unreadable()
    if verdict.legacy:
        return legacy_workbook(verdict)
    parts = verdict.parts or {}
    package = xlsx_reader._Package(p.name, parts)
    main = next((t for k, t in package.rels("").values() if k == "officeDocument"), "")
    _, _, targets = package._sheets(main, package.rels(main))
    book = CalamineWorkbook.from_path(str(p))
    states = {m.name: _VISIBLE[str(m.visible).rsplit(".", 1)[-1]] for m in book.sheets_metadata}

    def load(name: str) -> RawSheet:
        sheet = RawSheet(name, states[name])  # type: ignore[arg-type]
        found = book.get_sheet_by_name(name)
        r0, c0 = found.start or (0, 0)
        xml = parts.get(targets.get(name, ""), b"")
        formulas = _formulas(xml)
        for r, row in enumerate(found.iter_rows()):
            for c, value in enumerate(row):
                pos = (r0 + r, c0 + c)
                formula = formulas.get(pos)
                if value == "" and formula is None:
                    continue
                if isinstance(value, bool):
                    cell = RawCell(value, "b", formula)
                elif isinstance(value, int | float):
                    cell = RawCell(float(value), "n", formula)
                elif isinstance(value, dt.date | dt.time | dt.timedelta):
                    cell = RawCell(_serial(value), "n", formula, True)
                else:
                    cell = RawCell(value or None, "s" if value else "n", formula)
                sheet.cells[pos] = cell
        sheet.merges.extend((a[0], a[1], b[0], b[1]) for a, b in (found.merged_cell_ranges or []))
        sheet.protected = _PROTECTED.search(xml) is not None
        return sheet

    return RawWorkbook(
        path=str(path),
        sheet_names=list(book.sheet_names),
        sheet_states=states,  # type: ignore[arg-type]
        custom_properties=package._custom_properties(),
        has_macros=verdict.kind == "xlsm",
        has_external_links=any(n.startswith("xl/externalLinks/") for n in parts),
        external_links=external_links(parts),
        _loader=load,
    )


def _run_cli(design: str, argv: list[str]) -> int:
    if design == "calamine":
        import checker.read.extract

        checker.read.extract.read_workbook = read_workbook  # type: ignore[attr-defined]
    from commands.check_workbook import main

    return main(argv)


def _timed(design: str, folder: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process tree) of one check-workbook run."""
    cmd = [sys.executable, __file__, "run", "--design", design, str(folder)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [*cmd, "--format", "json", "-o", str(out)], stdout=subprocess.DEVNULL, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> int:
    if sys.argv[1:2] == ["run"]:
        design = sys.argv[3]
        return _run_cli(design, sys.argv[4:])
    parser = argparse.ArgumentParser(description="python-calamine 读取方案与自有读取器对比")
    parser.add_argument("--returns", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="已生成的回收表文件夹（不再生成）")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xxgk-calamine-"))
    try:
        return _compare(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _compare(args: argparse.Namespace, work: Path) -> int:
    folder = args.folder
    if folder is None:
        from harness import compile_bytecode, generate_returns

        compile_bytecode()
        folder = work / "回收"
        folder.mkdir()
        generate_returns(folder, args.returns)
    runs: dict[str, list[tuple[float, float]]] = {"own": [], "calamine": []}
    load = os.getloadavg()[0]
    for _ in range(args.repeats):
        for design in runs:  # alternately, so that both see the same machine
            runs[design].append(_timed(design, folder, work / f"{design}.json"))
    same = (work / "own.json").read_bytes() == (work / "calamine.json").read_bytes()
    for design, times in runs.items():
        walls = "、".join(f"{w:.2f}" for w, _ in times)
        print(f"{design:9} 墙钟 {walls} 秒；CPU " + "、".join(f"{c:.2f}" for _, c in times) + " 秒")
    for i, what in enumerate(("墙钟", "CPU")):
        own, cal = (statistics.median(t[i] for t in runs[d]) for d in ("own", "calamine"))
        print(
            f"{what}中位数：自有读取器 {own:.2f} 秒，calamine 方案 {cal:.2f} 秒，比值 {cal / own:.2f}"
        )
    print(
        f"JSON 报告{'相同' if same else '不同'}；1 分钟平均负载 {load:.2f} → {os.getloadavg()[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
