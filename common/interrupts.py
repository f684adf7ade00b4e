"""Termination signals as an exception, so that a stopped run cleans up after itself.

By default SIGTERM and SIGHUP end Python at once: no ``finally`` runs, worker
processes are left behind as orphans and a half-written ``.~tmp-`` output stays
in the output folder. Inside ``signals_as_exceptions()`` they raise
``Interrupted`` instead, which unwinds like Ctrl+C: ``common.safe_output``
deletes its temporary file, ``common.workers`` ends its workers, and the command
exits with 128 + the signal's number and a Chinese note (``interrupted_note``).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

NAMES = {"SIGTERM": "终止信号 SIGTERM", "SIGHUP": "挂断信号 SIGHUP（终端已关闭）"}


class Interrupted(BaseException):  # noqa: N818 - like KeyboardInterrupt, not an error
    """The run received a termination signal; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def interrupted_note(exc: Interrupted) -> str:
    """What the command says on stderr when a signal stopped it."""
    name = signal.Signals(exc.signum).name
    what = NAMES.get(name, f"信号 {name}")
    return f"收到{what}，已停止；未写完的输出文件已删除，工作进程已结束"


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise ``Interrupted`` (the first one:
    a second signal during the clean-up does not cut it short)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return
    received: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        if received:
            return
        received.append(signum)
        raise Interrupted(signum)

    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
