"""Benchmark lines for published reports: saved pages and PDFs.

1. check-workbook over N saved pages (Word-pasted HTML generated from the spec in
   the variants of the test corpus, both formats, some with errors), median wall;
   baseline in the same run: lxml parsing every page and walking its tables
   (the floor any reader of these pages pays) — ratio batch / floor;
2. check-workbook on single PDFs that LibreOffice exported from such pages, median
   wall per file (start-up included); baseline: pdfplumber opening each PDF and
   extracting its text and tables in one process — ratio per-file / floor.

Run alone (``python bench/published.py``) or from ``bench/run.py``.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def generate_pages(folder: Path, count: int, seed: int = 11) -> list[Path]:
    """Saved pages in the corpus variants; one in five breaks 一 + 二 = 三(七) + 四."""
    from declaration.samples.generate import consistent_values
    from declaration.samples.pages.page import full_values, write_page
    from declaration.samples.pages.variants import Page
    from declaration.spec import load_spec

    rng = random.Random(seed)
    variants = [
        Page(),
        Page(fmt="2019", year=2020, t2_tables="blocks"),
        Page(split_labels=True, t3_continued=True, encoding="gbk"),
        Page(zero="", typos=True, fee_table=True),
        Page(word_markup=False, container="mhtml"),
    ]
    paths = []
    for i in range(count):
        page = variants[i % len(variants)].but(unit=f"单位{i:04d}", seed=i)
        spec = load_spec(page.fmt)
        values = full_values(spec, consistent_values(spec, rng, scale=30))
        if i % 5 == 0:
            values["t3.new.natural"] += 1
            values["t3.new.total"] += 1
        suffix = ".mhtml" if page.container == "mhtml" else ".html"
        paths.append(write_page(folder / f"page-{i:04d}{suffix}", values, page))
    return paths


def make_pdfs(pages: Sequence[Path], outdir: Path) -> list[Path]:
    """PDFs exported by LibreOffice from pages (one soffice call); [] without it."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return []
    profile = Path(tempfile.mkdtemp(prefix="lo-bench-"))
    try:
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--infilter=HTML (StarWriter)",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(outdir),
                *map(str, pages),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return sorted(outdir.glob("*.pdf"))


def parse_floor(paths: Sequence[Path]) -> None:
    """The floor for pages: lxml parses each page and walks every table cell."""
    import lxml.html

    for path in paths:
        data = path.read_bytes()
        if data.startswith(b"MIME-Version"):
            continue  # .mhtml: the reader's own unpacking is the floor here
        root = lxml.html.document_fromstring(data)
        for cell in root.iter("td"):
            cell.text_content()


def pdf_floor(paths: Sequence[Path]) -> None:
    """The floor for PDFs: pdfplumber opens each and extracts its text and tables."""
    import pdfplumber

    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(
    work: Path,
    check: str,
    run_measured: Callable[..., tuple[float, float, int]],
    *,
    pages: int = 1000,
    pdfs: int = 6,
    repeats: int = 3,
) -> dict[str, Any]:
    """The published-report lines of the benchmark, as results entries."""
    folder = work / "发布的报告"
    folder.mkdir()
    print(f"生成 {pages} 份发布的报告（网页）…", flush=True)
    paths = generate_pages(folder, pages)
    out_json = work / "published.json"
    cmd = [check, str(folder), "--format", "json", "-o", str(out_json)]
    runs = [run_measured(cmd)[0] for _ in range(repeats)]
    results: dict[str, Any] = {"pages": pages, "pages_runs_s": [round(r, 3) for r in runs]}
    results["pages_wall_s"] = statistics.median(runs)
    results["pages_floor_s"] = statistics.median(
        _timed(lambda: parse_floor(paths)) for _ in range(repeats)
    )
    results["pages_ratio_to_floor"] = results["pages_wall_s"] / results["pages_floor_s"]
    pdf_dir = work / "pdf"
    pdf_dir.mkdir()
    print(f"用 LibreOffice 导出 {pdfs} 份 PDF …", flush=True)
    pdf_paths = make_pdfs(paths[: max(pdfs, 0)], pdf_dir)
    if not pdf_paths:
        print("未安装 LibreOffice，跳过 PDF 一项", flush=True)
        return results
    each = [
        statistics.median(run_measured([check, str(p), "--quiet"])[0] for _ in range(repeats))
        for p in pdf_paths
    ]
    results["pdfs"] = len(pdf_paths)
    results["pdf_each_s"] = statistics.median(each)
    floor = statistics.median(_timed(lambda: pdf_floor(pdf_paths)) for _ in range(repeats))
    results["pdf_floor_each_s"] = floor / len(pdf_paths)
    results["pdf_ratio_to_floor"] = results["pdf_each_s"] / results["pdf_floor_each_s"]
    return results


GOALS = [
    ("pages_wall_s", "检查 {pages} 份发布的网页（墙钟，秒）", "≤ 20", lambda v: v <= 20),
    ("pages_ratio_to_floor", "与 lxml 只解析网页的下限之比", "—", lambda v: True),
    ("pdf_each_s", "检查单份 PDF（秒，含启动）", "≤ 0.5", lambda v: v <= 0.5),
    ("pdf_ratio_to_floor", "与 pdfplumber 只提取文字和表格之比", "—", lambda v: True),
]


def print_lines(results: dict[str, Any]) -> None:
    for key, label, goal, ok in GOALS:
        if key not in results:
            continue
        value = results[key]
        print(
            f"{label.format(**results):<30}{value:>12.3f}  {goal:<8}  {'是' if ok(value) else '否'}"
        )
    if "pages_runs_s" in results:
        runs = "、".join(f"{v:.2f}" for v in results["pages_runs_s"])
        print(
            f"检查 {results['pages']} 份网页的各次用时（秒）：{runs}；"
            f"下限 {results['pages_floor_s']:.2f} 秒"
        )
    if "pdf_floor_each_s" in results:
        print(f"PDF 下限（pdfplumber）每份 {results['pdf_floor_each_s']:.3f} 秒")


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    from harness import BIN, compile_bytecode, run_measured  # bench/harness.py

    parser = argparse.ArgumentParser(description="发布的报告：性能基准")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--pdfs", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="xxgk-bench-published-"))
    try:
        results = measure(
            work,
            str(BIN / "check-workbook"),
            run_measured,
            pages=args.pages,
            pdfs=args.pdfs,
            repeats=args.repeats,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'指标':<34}{'实测':>12}  目标      是否达到")
    print_lines(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
