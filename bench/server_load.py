"""The portal under the deadline's load, against ``check-workbook`` on the same files.

Generates N returns (distinct files, one in five out of balance), makes a round of
``--offices`` offices, starts ``xxgk-server serve`` on a loopback port and sends all N
uploads at the same moment (one thread each). Measured in the same run: the batch
``check-workbook`` of the same N files (wall time, peak memory of its process tree),
and for the server uploads per second, latency p50/p95 of checked uploads, the
server's peak memory (process tree), and its memory after the load against before.

    make bench-server                # 200 uploads
    .venv/bin/python bench/server_load.py --uploads 50
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness import BIN, ROOT, _tree_rss_kb, compile_bytecode, generate_returns, run_measured

sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _round(work: Path, offices: int, base: str) -> list[str]:
    """A round of ``offices`` offices; their links' paths."""
    from server.rounds import create_round
    from server.store import Store

    roster = work / "名单.csv"
    lines = ["单位名称,单位代码"] + [f"单位{i:04d},{i:04d}" for i in range(offices)]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    links = create_round(Store(work / "data"), year=2025, roster=roster, prior=None, base_url=base)
    return ["/o/" + x.url.rsplit("/o/", 1)[1] for x in links]


def _start(data: Path, port: int) -> subprocess.Popen[bytes]:
    command = [str(BIN / "xxgk-server"), "serve", "--data", str(data), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("报送平台 60 秒内未启动")


class Sampler:
    """Peak RSS of a process tree, sampled every 50 ms in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            self._stop.wait(0.05)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def _load(base: str, links: list[str], paths: list[Path]) -> dict[str, Any]:
    import httpx

    bodies = [p.read_bytes() for p in paths]
    latencies: list[float] = [0.0] * len(paths)
    statuses: list[int] = [0] * len(paths)
    barrier = threading.Barrier(len(paths))
    limits = httpx.Limits(max_connections=len(paths))
    with httpx.Client(base_url=base, timeout=900, limits=limits) as client:

        def one(i: int) -> None:
            barrier.wait()
            began = time.perf_counter()
            link = links[i % len(links)]
            reply = client.post(f"{link}/returns", files={"file": (paths[i].name, bodies[i])})
            latencies[i] = time.perf_counter() - began
            statuses[i] = reply.status_code

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(paths))]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "server_wall_s": wall,
        "uploads_per_s": len(paths) / wall,
        "latency_p50_s": statistics.median(ordered),
        "latency_p95_s": ordered[int(0.95 * (len(ordered) - 1))],
        "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
    }


def _alone(base: str, links: list[str], paths: list[Path]) -> dict[str, Any]:
    """Latency of one upload when nobody else is uploading (the check itself)."""
    import httpx

    latencies = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for i, path in enumerate(paths):
            began = time.perf_counter()
            client.post(
                f"{links[i % len(links)]}/returns", files={"file": (path.name, path.read_bytes())}
            )
            latencies.append(time.perf_counter() - began)
    ordered = sorted(latencies)
    return {
        "alone_p50_s": statistics.median(ordered),
        "alone_p95_s": ordered[int(0.95 * (len(ordered) - 1))],
    }


def run(uploads: int, offices: int, work: Path) -> dict[str, Any]:
    compile_bytecode()
    returns = work / "回收"
    returns.mkdir()
    print(f"生成 {uploads} 份回收表 …", flush=True)
    paths = generate_returns(returns, uploads)
    results: dict[str, Any] = {"uploads": uploads, "offices": offices, "cpus": os.cpu_count()}
    batch = [str(BIN / "check-workbook"), str(returns), "--format", "json"]
    batch += ["-o", str(work / "result.json")]
    wall, peak, _ = run_measured(batch, memory=True)
    results["batch_wall_s"], results["batch_peak_mb"] = wall, peak
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    links = _round(work, offices, base)
    server = _start(work / "data", port)
    try:
        time.sleep(2)  # the checking workers import the checker once
        results["server_idle_mb"] = _tree_rss_kb(server.pid) / 1024
        sampler = Sampler(server.pid)
        results.update(_load(base, links, paths))
        results["server_after_mb"] = _tree_rss_kb(server.pid) / 1024
        second = _load(base, links, paths)  # the same again: memory must stay flat
        results["second_wall_s"] = second["server_wall_s"]
        results["statuses_second"] = second["statuses"]
        results["server_peak_mb"] = sampler.stop()
        results["server_after_second_mb"] = _tree_rss_kb(server.pid) / 1024
        results.update(_alone(base, links, paths[:20]))
    finally:
        server.terminate()
        server.wait(30)
    results["ratio_to_batch"] = results["server_wall_s"] / wall
    return results


def show(r: dict[str, Any]) -> None:
    print(f"check-workbook 批量检查 {r['uploads']} 份：{r['batch_wall_s']:.2f} 秒，")
    print(f"  峰值内存 {r['batch_peak_mb']:.0f} MB")
    print(f"报送平台：{r['uploads']} 份同时上传（{r['offices']} 个单位），")
    print(f"  全部答复用时 {r['server_wall_s']:.2f} 秒（{r['uploads_per_s']:.1f} 份/秒，")
    print(f"  批量检查的 {r['ratio_to_batch']:.1f} 倍；目标 ≤ 10 倍）")
    print(
        f"  延迟 p50 {r['latency_p50_s']:.2f} 秒，p95 {r['latency_p95_s']:.2f} 秒（目标 p95 < 2 秒）"
    )
    print(f"  状态码 {r['statuses']}；再来一轮 {r['second_wall_s']:.2f} 秒，{r['statuses_second']}")
    print(
        f"  内存：空闲 {r['server_idle_mb']:.0f} MB，峰值 {r['server_peak_mb']:.0f} MB，"
        f"第一轮后 {r['server_after_mb']:.0f} MB，第二轮后 {r['server_after_second_mb']:.0f} MB"
    )
    print(
        f"单独一份上传（无人同时上传）：p50 {r['alone_p50_s']:.2f} 秒，p95 {r['alone_p95_s']:.2f} 秒"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="报送平台的并发上传基准")
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--offices", type=int, default=50)
    parser.add_argument("--json", metavar="文件", help="结果另写成 JSON")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="xxgk-bench-server-"))
    try:
        results = run(args.uploads, args.offices, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    show(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    answered = set(results["statuses"]) | set(results["statuses_second"])
    return 0 if answered == {"200"} else 1


if __name__ == "__main__":
    raise SystemExit(main())
