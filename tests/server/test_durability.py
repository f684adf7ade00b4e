"""Nothing acknowledged is lost: the real server killed with SIGKILL right after it
answered an upload keeps the upload and its result; an upload stored but not checked
when the server stopped is checked at the next start."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import httpx

from server.store import Store
from tests.server.conftest import Round, free_port, make_round, start_server


def _states(base: str, token: str) -> dict[str, dict[str, Any]]:
    reply = httpx.get(f"{base}/api/rounds/2025", headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 200
    return {o["unit"]: o for o in reply.json()["offices"]}


def _killed_after_upload(round_: Round) -> tuple[str, dict[str, Any]]:
    port = free_port()
    server = start_server(round_.data, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with open(round_.bad, "rb") as f:
            reply = httpx.post(
                f"{base}{round_.link(0)}/returns", files={"file": (round_.bad.name, f)}, timeout=60
            )
        assert reply.status_code == 200
    finally:
        server.process.kill()  # SIGKILL: no shutdown, no flush beyond what was committed
        server.process.wait(10)
    return base, reply.json()


def test_an_acknowledged_upload_survives_sigkill(tmp_path: Path) -> None:
    round_ = make_round(tmp_path / "round")
    _, answered = _killed_after_upload(round_)
    port = free_port()
    server = start_server(round_.data, port)
    base = f"http://127.0.0.1:{port}"
    try:
        stored = httpx.get(f"{base}{round_.link(0)}/returns/1")
        assert stored.status_code == 200
        assert stored.content == round_.bad.read_bytes()
        office = _states(base, round_.token)["东街道"]
        assert (office["state"], office["versions"]) == ("fail", 1)
        assert office["errors"] == answered["report"]["counts"]["error"] > 0
    finally:
        server.process.kill()
        server.process.wait(10)


def test_an_upload_left_unchecked_is_checked_at_start(tmp_path: Path) -> None:
    round_ = make_round(tmp_path / "round")
    store = Store(round_.data)
    office = store.offices(2025)[0]
    data = round_.bad.read_bytes()
    upload = store.add_upload(office, "return", round_.bad.name, data, "127.0.0.1")
    assert store.unchecked() and upload.sha256 == hashlib.sha256(data).hexdigest()
    port = free_port()
    server = start_server(round_.data, port)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while store.unchecked() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not store.unchecked()
        assert _states(base, round_.token)[office.name]["state"] == "fail"
    finally:
        server.process.kill()
        server.process.wait(10)
