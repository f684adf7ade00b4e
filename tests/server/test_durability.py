"""Nothing acknowledged is lost: a server killed right after an upload comes back with it,
and 200 offices uploading at the same moment are all answered and all kept."""

from __future__ import annotations

import json
import os
import signal
import threading
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.server.conftest import free_port, make_round, start_server, stop_server


def _post(url: str, path: Path, timeout: float = 120) -> tuple[int, dict[str, object]]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.xlsx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def test_an_acknowledged_upload_survives_a_kill(tmp_path: Path) -> None:
    port = free_port()
    round_ = make_round(tmp_path / "round", base_url=f"http://127.0.0.1:{port}")
    server = start_server(round_.data, port)
    try:
        status, body = _post(round_.links[0].url + "/returns", round_.bad)
        assert status == 200 and body["version"] == 1
    finally:
        os.kill(server.process.pid, signal.SIGKILL)  # no shutdown, no flushing
        server.process.wait(10)
    server = start_server(round_.data, port)
    try:
        with urllib.request.urlopen(round_.links[0].url + "/returns/1", timeout=30) as reply:
            assert reply.read() == round_.bad.read_bytes()
        status, again = _post(round_.links[0].url + "/returns", round_.good)
        assert (status, again["version"]) == (200, 2)
    finally:
        stop_server(server)


@pytest.mark.slow
def test_two_hundred_offices_at_once_are_all_answered_and_kept(tmp_path: Path) -> None:
    from server.store import Store

    port = free_port()
    round_ = make_round(tmp_path / "round", base_url=f"http://127.0.0.1:{port}")
    server = start_server(round_.data, port)
    results: list[int] = []
    lock = threading.Lock()

    def upload(n: int) -> None:
        path = round_.bad if n % 5 == 0 else round_.good
        status, _ = _post(round_.links[n % 3].url + "/returns", path)
        with lock:
            results.append(status)

    try:
        threads = [threading.Thread(target=upload, args=(n,)) for n in range(200)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(180)
    finally:
        stop_server(server)
    assert sorted(set(results)) == [200] and len(results) == 200
    store = Store(round_.data)
    kept = store.query("SELECT COUNT(*) AS n FROM uploads WHERE report IS NOT NULL")[0]["n"]
    assert kept == 200
