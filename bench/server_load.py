"""Benchmark: 200 offices upload at the same moment (the last afternoon before the deadline).

Measured in one run against ``check-workbook`` on the same 200 files: the wall time of
all uploads, uploads per second, the latency of each checked upload (p50, p95), and
the server's memory (its whole process tree) before, at the peak and after. Targets:
all 200 within 10× the time of one batch, p95 under 2 s, none answered with a 5xx.

    .venv/bin/python bench/server_load.py [--uploads 200] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from harness import BIN, ROOT, _tree_rss_kb, compile_bytecode, generate_returns, run_measured


def _post(url: str, data: bytes) -> tuple[int, float]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as reply:
            reply.read()
            status = reply.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return status, time.perf_counter() - start


def _round(work: Path, offices: int, port: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from server.rounds import create_round
    from server.store import Store

    roster = work / "名单.csv"
    roster.write_text("单位名称\n" + "".join(f"单位{i:03d}\n" for i in range(offices)), "utf-8")
    links = create_round(
        Store(work / "数据"),
        year=2025,
        roster=roster,
        prior=None,
        base_url=f"http://127.0.0.1:{port}",
    )
    return [link.url + "/returns" for link in links]


def _start(data: Path, port: int) -> subprocess.Popen[bytes]:
    import socket

    command = [str(BIN / "xxgk-server"), "serve", "--data", str(data), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                time.sleep(1.0)  # the checking workers warm up
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("报送平台未能启动")


def _burst(urls: list[str], files: list[bytes], pid: int) -> dict[str, float]:
    results: list[tuple[int, float]] = [(0, 0.0)] * len(urls)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(pid))
            done.wait(0.05)

    def one(i: int) -> None:
        results[i] = _post(urls[i], files[i])

    sampler = threading.Thread(target=sample, daemon=True)
    before = _tree_rss_kb(pid)
    sampler.start()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(urls))]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    latencies = sorted(t for _, t in results)
    return {
        "wall_s": wall,
        "uploads_per_s": len(urls) / wall,
        "p50_s": statistics.median(latencies),
        "p95_s": latencies[int(0.95 * (len(latencies) - 1))],
        "errors_5xx": sum(1 for s, _ in results if s >= 500 or s == 0),
        "not_ok": sum(1 for s, _ in results if s != 200),
        "rss_before_mb": before / 1024,
        "rss_peak_mb": peak[0] / 1024,
        "rss_after_mb": _tree_rss_kb(pid) / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="报送平台：并发上传基准")
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--port", type=int, default=18765)
    args = parser.parse_args()
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="xxgk-server-bench-"))
    try:
        return _run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path) -> int:
    n = args.uploads
    folder = work / "回收"
    folder.mkdir()
    paths = generate_returns(folder, n)
    files = [p.read_bytes() for p in paths]
    batch = statistics.median(
        run_measured([str(BIN / "check-workbook"), str(folder), "--format", "json", "-o",
                      str(work / "r.json")])[0]
        for _ in range(args.repeats)
    )  # fmt: skip
    urls = _round(work, n, args.port)
    process = _start(work / "数据", args.port)
    try:
        runs = [_burst(urls, files, process.pid) for _ in range(args.repeats)]
    finally:
        process.terminate()
        process.wait(20)
    best = sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]  # the median run
    results = {**best, "batch_wall_s": batch, "ratio_to_batch": best["wall_s"] / batch,
               "runs_wall_s": [round(r["wall_s"], 3) for r in runs], "uploads": n,
               "load": [round(x, 2) for x in os.getloadavg()]}  # fmt: skip
    (ROOT / "bench" / "server_results.json").write_text(json.dumps(results, indent=2), "utf-8")
    _print(results)
    ok = results["ratio_to_batch"] <= 10 and results["p95_s"] < 2 and results["not_ok"] == 0
    return 0 if ok else 1


def _print(r: dict[str, float]) -> None:
    n = int(r["uploads"])
    print(
        f"报送平台：{n} 份同时上传（中位数一次，重复 {len(r['runs_wall_s'])} 次：{r['runs_wall_s']} 秒）"
    )
    print(f"  全部应答 {r['wall_s']:.2f} 秒，每秒 {r['uploads_per_s']:.1f} 份；"
          f"同一批 check-workbook {r['batch_wall_s']:.2f} 秒，比值 {r['ratio_to_batch']:.1f}（目标 ≤ 10）")  # fmt: skip
    print(f"  每份上传的用时：p50 {r['p50_s']:.2f} 秒，p95 {r['p95_s']:.2f} 秒（目标 p95 < 2 秒）")
    print(f"  非 200 应答 {int(r['not_ok'])} 个，其中 5xx {int(r['errors_5xx'])} 个")
    print(f"  内存（服务器进程树）：开始 {r['rss_before_mb']:.0f} MB，峰值 {r['rss_peak_mb']:.0f} MB，"
          f"结束 {r['rss_after_mb']:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
