"""A round of three offices (one named with markup), a password and an API token, and
returns built from the spec: one with its balance broken by one, one corrected."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from server.auth import hash_password, new_secret
from server.rounds import Link, create_round
from server.store import Store
from tests.verdicts.office import REAL_2021, known, spec_2021, template_return

PASSWORD = "审核会议2025"
HOSTILE_NAME = '<script>alert("x")</script>局'


@dataclass
class Round:
    """A round made in a data folder, with what tests need to drive it."""

    data: Path
    links: list[Link]
    token: str
    good: Path
    bad: Path

    def link(self, index: int) -> str:
        """The path of an office's link (``/o/…``)."""
        return "/o/" + self.links[index].url.rsplit("/o/", 1)[1]


def make_round(folder: Path, base_url: str = "http://testserver") -> Round:
    folder.mkdir(parents=True, exist_ok=True)
    roster = folder / "名单.csv"
    roster.write_text(f"单位名称,单位代码\n东街道,001\n西街道,002\n{HOSTILE_NAME},003\n", "utf-8")
    store = Store(folder / "data")
    links = create_round(store, year=2025, roster=roster, prior=None, base_url=base_url)
    store.set_setting("password", hash_password(PASSWORD))
    token = new_secret()
    store.add_token(token, "tests")
    values = known(spec_2021(), REAL_2021)
    good = template_return(folder / "东街道.xlsx", values, unit="东街道", code="001")
    broken = dict(values)
    broken["t3.new.natural"] = float(broken["t3.new.natural"]) + 1  # 一 + 二 is one more
    bad = template_return(folder / "东街道（有错）.xlsx", broken, unit="东街道", code="001")
    return Round(folder / "data", links, token, good, bad)


@pytest.fixture
def round_(tmp_path: Path) -> Round:
    return make_round(tmp_path / "round")


@pytest.fixture
def client(round_: Round) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from server.app import create_app

    with TestClient(create_app(round_.data, workers=1)) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningServer:
    """``xxgk-server serve`` in a process of its own on a loopback port."""

    process: subprocess.Popen[bytes]
    base: str


def start_server(data: Path, port: int) -> RunningServer:
    command = [
        sys.executable,
        "-m",
        "server.cli",
        "serve",
        "--data",
        str(data),
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ}
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return RunningServer(process, base)
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("报送平台未能启动") from None
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("报送平台 30 秒内未启动")


def stop_server(server: RunningServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(5)
