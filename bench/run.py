"""Benchmark: check-workbook against a naive baseline and the read floor.

Generates returns from the spec (both formats, some with errors), then
measures, in one run and with medians over repeats:

1. check-workbook over N returns (wall, returns/s, peak memory of the process tree);
2. the naive way: openpyxl loads each workbook twice (formulas, cached values)
   and evaluates the spec's rules — ratio (2)/(1) is the headline;
3. the floor: unzip and read the sheet XML parts — ratio (1)/(3);
4. check-workbook on one file, and check-workbook --help (start-up included);
5. build-template --roster for N offices;
6. annotated copies (--annotate) of 400 returns with findings, against the
   openpyxl way (load, mark, save; measured on a sample) and a plain file copy.
7. published reports (bench/published.py): N saved pages against lxml parsing them,
   single PDFs against pdfplumber extracting them.

Prints a table and writes bench/results.json. Figures are ratios against
baselines measured in the same run, because the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness import (  # bench/harness.py, beside this file
    BIN,
    ROOT,
    compile_bytecode,
    generate_returns,
    median_of,
    run_measured,
    timed,
)


def naive_check(paths: Sequence[Path]) -> None:
    """The straightforward way: openpyxl twice per file, rules from the spec."""
    import openpyxl

    from declaration.layout import cell_address
    from declaration.spec import load_spec

    for path in paths:
        wb_formulas = openpyxl.load_workbook(path)
        wb_values = openpyxl.load_workbook(path, data_only=True)
        fmt = str(wb_formulas.custom_doc_props["xxgk_format"].value)
        spec = load_spec(fmt)
        values: dict[str, float] = {}
        for cell in spec.input_cells():
            sheet, row, col = cell_address(spec, cell.id)
            raw = wb_values[sheet].cell(row + 1, col + 1).value
            values[cell.id] = float(raw) if isinstance(raw, int | float) else 0.0
        for cell in spec.total_cells():
            sheet, row, col = cell_address(spec, cell.id)
            _ = wb_formulas[sheet].cell(row + 1, col + 1).value
        spec.failed_checks(spec.compute_totals(values))


def read_floor(paths: Sequence[Path]) -> None:
    """The floor: unzip every sheet XML part (and shared strings) of each file."""
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                    zf.read(name)


def annotation_timings(work: Path, count: int, repeats: int, sample: int) -> dict[str, Any]:
    """Annotating ``count`` broken returns: median wall, the openpyxl way, a plain copy."""
    from checker import check_paths
    from meeting.annotate import annotate_returns, annotate_with_openpyxl

    folder = work / "待批注"
    folder.mkdir()
    paths = generate_returns(folder, count, seed=11, broken_every=1)
    report = check_paths([str(folder)])
    runs = [
        timed(lambda: annotate_returns(report, work / f"批注-{time.perf_counter_ns()}"))
        for _ in range(repeats)
    ]

    def openpyxl_way() -> None:
        out = work / f"批注-openpyxl-{time.perf_counter_ns()}"
        out.mkdir()
        for fr in report.files[:sample]:
            annotate_with_openpyxl(fr, out / Path(fr.path).name, ())

    def plain_copy() -> None:
        out = work / f"复制-{time.perf_counter_ns()}"
        out.mkdir()
        for path in paths:
            shutil.copyfile(path, out / path.name)

    wall = statistics.median(runs)
    baseline = median_of(repeats, lambda: timed(openpyxl_way)) * count / min(sample, count)
    copy = median_of(repeats, lambda: timed(plain_copy))
    return {
        "annotate_copies": count,
        "annotate_wall_s": wall,
        "annotate_runs_s": [round(r, 3) for r in runs],
        "annotate_openpyxl_s": baseline,
        "annotate_speedup": baseline / wall,
        "annotate_copy_s": copy,
        "annotate_ratio_to_copy": wall / copy,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="xxgk-nianbao 性能基准")
    parser.add_argument("--returns", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--naive-sample", type=int, default=100, help="朴素基线只测这么多份，再按份数折算"
    )
    parser.add_argument("--annotate", type=int, default=400, help="生成批注副本的份数")
    parser.add_argument(
        "--annotate-sample", type=int, default=50, help="openpyxl 批注基线只测这么多份，再折算"
    )
    parser.add_argument("--pages", type=int, default=1000, help="发布的报告（网页）份数")
    parser.add_argument("--pdfs", type=int, default=6, help="逐份检查的 PDF 份数")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    try:
        return _run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _run(args: argparse.Namespace, work: Path) -> int:
    n = args.returns
    compile_bytecode()
    returns_dir = work / "回收"
    returns_dir.mkdir()
    print(f"生成 {n} 份回收表 …", flush=True)
    paths = generate_returns(returns_dir, n)
    check = str(BIN / "check-workbook")
    build = str(BIN / "build-template")
    out_json = work / "result.json"
    results: dict[str, Any] = {"returns": n, "repeats": args.repeats, "cpus": os.cpu_count()}
    results["command"] = " ".join(["bench/run.py", *sys.argv[1:]])
    results["load_before"] = _load()

    batch_cmd = [check, str(returns_dir), "--format", "json", "-o", str(out_json)]
    runs = [run_measured(batch_cmd) for _ in range(args.repeats)]
    batch_wall = statistics.median(r[0] for r in runs)
    results["batch_wall_s"] = batch_wall
    results["batch_runs_s"] = [round(r[0], 3) for r in runs]
    results["batch_returns_per_s"] = n / batch_wall
    results["batch_peak_mb"] = run_measured(batch_cmd, memory=True)[1]
    results["batch_exit_codes"] = sorted({r[2] for r in runs})

    sample = paths[: min(args.naive_sample, n)]
    naive = median_of(args.repeats, lambda: timed(lambda: naive_check(sample))) * n / len(sample)
    results["naive_wall_s"] = naive
    floor = median_of(args.repeats, lambda: timed(lambda: read_floor(paths)))
    results["floor_wall_s"] = floor
    results["speedup_vs_naive"] = naive / batch_wall
    results["ratio_to_floor"] = batch_wall / floor

    results["one_file_wall_s"] = median_of(
        max(5, args.repeats), lambda: run_measured([check, str(paths[0]), "--quiet"])[0]
    )
    results["help_wall_s"] = median_of(
        max(5, args.repeats), lambda: run_measured([check, "--help"])[0]
    )
    roster = work / "单位名单.csv"
    roster.write_text(
        "单位名称,单位代码\n" + "".join(f"测试单位{i:04d},{i:06d}\n" for i in range(n)),
        encoding="utf-8",
    )
    results["roster_wall_s"] = median_of(
        args.repeats,
        lambda: run_measured(
            [
                build,
                "--roster",
                str(roster),
                "--year",
                "2025",
                "-o",
                str(work / f"下发-{time.perf_counter_ns()}"),
            ]
        )[0],
    )
    print(f"生成 {args.annotate} 份批注副本 …", flush=True)
    results.update(annotation_timings(work, args.annotate, args.repeats, args.annotate_sample))
    import published  # bench/published.py, beside this file

    results.update(
        published.measure(
            work, check, run_measured, pages=args.pages, pdfs=args.pdfs, repeats=args.repeats
        )
    )
    results["load_after"] = _load()
    _print(results)
    from common.safe_output import write_text_atomic

    write_text_atomic(
        ROOT / "bench" / "results.json", json.dumps(results, ensure_ascii=False, indent=2) + "\n"
    )
    return 0


GOALS = [
    ("batch_wall_s", "检查 {returns} 份（墙钟，秒）", "≤ 3", lambda v: v <= 3),
    ("batch_returns_per_s", "每秒检查份数", "≥ 330", lambda v: v >= 330),
    ("speedup_vs_naive", "比朴素 openpyxl 基线快（倍）", "≥ 8", lambda v: v >= 8),
    ("ratio_to_floor", "与只读取文件的下限之比", "≤ 6", lambda v: v <= 6),
    ("one_file_wall_s", "检查单个文件（秒）", "≤ 0.35", lambda v: v <= 0.35),
    ("help_wall_s", "check-workbook --help（秒）", "≤ 0.2", lambda v: v <= 0.2),
    ("batch_peak_mb", "批量检查峰值内存（MB）", "≤ 300", lambda v: v <= 300),
    ("roster_wall_s", "按名单生成 {returns} 份模板（秒）", "≤ 15", lambda v: v <= 15),
    ("annotate_wall_s", "生成 {annotate_copies} 份批注副本（秒）", "≤ 10", lambda v: v <= 10),
    ("annotate_speedup", "比 openpyxl 批注快（倍）", "≥ 4", lambda v: v >= 4),
]


def _print(results: dict[str, Any]) -> None:
    print(f"\n{'指标':<34}{'实测':>12}  目标      是否达到")
    for key, label, goal, ok in GOALS:
        value = results[key]
        print(
            f"{label.format(**results):<30}{value:>12.3f}  {goal:<8}  {'是' if ok(value) else '否'}"
        )
    import published

    published.print_lines(results)
    print(
        f"\n朴素基线 {results['naive_wall_s']:.2f} 秒，读取下限 {results['floor_wall_s']:.3f} 秒"
        f"（中位数，重复 {results['repeats']} 次，{results['cpus']} 核）"
    )
    runs = "、".join(f"{v:.2f}" for v in results["batch_runs_s"])
    print(f"检查 {results['returns']} 份的各次用时（秒）：{runs}")
    runs = "、".join(f"{v:.2f}" for v in results["annotate_runs_s"])
    print(
        f"批注 {results['annotate_copies']} 份的各次用时（秒）：{runs}；"
        f"openpyxl 方式 {results['annotate_openpyxl_s']:.2f} 秒（抽样折算），"
        f"单纯复制文件 {results['annotate_copy_s']:.2f} 秒，"
        f"为复制的 {results['annotate_ratio_to_copy']:.1f} 倍"
    )
    print(
        f"机器负载（1/5/15 分钟平均）：开始 {results['load_before']}，结束 {results['load_after']}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
