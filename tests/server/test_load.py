"""The last afternoon before the deadline: 200 uploads at the same moment against the
real server are all answered, none with a 5xx, and none is lost or numbered twice."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import free_port, make_round, start_server, stop_server

UPLOADS = 200


@pytest.mark.slow
def test_200_concurrent_uploads_are_all_answered_and_kept(tmp_path: Path) -> None:
    round_ = make_round(tmp_path / "round")
    files = [round_.good.read_bytes(), round_.bad.read_bytes()]
    port = free_port()
    server = start_server(round_.data, port)
    base = f"http://127.0.0.1:{port}"
    start = threading.Barrier(50)
    limits = httpx.Limits(max_connections=UPLOADS)

    with httpx.Client(base_url=base, timeout=600, limits=limits) as client:

        def upload(i: int) -> tuple[int, int, int]:
            office = i % len(round_.links)
            if i < 50:
                start.wait()  # the first fifty leave together
            reply = client.post(
                f"{round_.link(office)}/returns", files={"file": (f"第{i}份.xlsx", files[i % 2])}
            )
            version = reply.json().get("version", 0) if reply.status_code == 200 else 0
            return office, reply.status_code, version

        try:
            with ThreadPoolExecutor(max_workers=50) as pool:
                results = list(pool.map(upload, range(UPLOADS)))
            statuses = Counter(status for _, status, _ in results)
            assert statuses == {200: UPLOADS}
            for office in range(len(round_.links)):
                versions = sorted(v for o, _, v in results if o == office)
                assert versions == list(range(1, len(versions) + 1))  # none lost, none twice
            reply = client.get(
                "/api/rounds/2025", headers={"Authorization": f"Bearer {round_.token}"}
            )
            assert sum(o["versions"] for o in reply.json()["offices"]) == UPLOADS
            last = results[-1]
            stored = client.get(f"{round_.link(last[0])}/returns/{last[2]}")
            assert stored.content == files[(UPLOADS - 1) % 2]
        finally:
            stop_server(server)
