"""One headless LibreOffice driven through Python-UNO: start it, hand out its Desktop, end it.

Used by the scripts beside it (``uno_edit.py``, ``uno_fill.py``), which run
under the system Python that has ``python3-uno`` (``/usr/bin/python3``).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe: str) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(120):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            time.sleep(0.5)
    raise RuntimeError("LibreOffice did not answer on its pipe")


@contextlib.contextmanager
def office_desktop() -> Iterator[object]:
    """A LibreOffice of its own (fresh profile, own pipe) and its Desktop; ended afterwards."""
    pipe = f"xxgk_uno_{os.getpid()}"
    profile = Path(tempfile.mkdtemp(prefix="lo-uno-"))
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--invisible",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    desktop = None
    try:
        desktop = _connect(pipe)
        yield desktop
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):  # the office quits as the pipe closes
                desktop.terminate()  # type: ignore[attr-defined]
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
