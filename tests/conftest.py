"""Markers for the quick loop: ``libreoffice``, ``browser`` and ``slow``.

``make test-fast`` leaves out the tests that start LibreOffice or Chromium and those
marked slow; ``make test`` (CI) runs everything. A test is marked ``libreoffice`` or
``browser`` when it, or a fixture it uses, calls one of the helpers that start those
programs, so a new test is marked without anyone remembering to.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator

import pytest

CLIENTS = {
    "libreoffice": (
        "require_soffice",
        "require_uno",
        "recalc(",
        "convert(",
        "office_desktop",
        "lo_edit",
        "uno_fill",
        "uno_edit",
        "word_and_pdf(",
    ),
    "browser": (
        "require_chromium",
        "chromium",
        "playwright",
        "dump_dom(",
        "screenshot(",
        "print_pdf(",
        "browser_copies(",
        "scan_page(",
    ),
}


def _sources(item: pytest.Item) -> Iterator[str]:
    """The test function's source and that of the fixtures it uses (with theirs)."""
    function = getattr(item, "function", None)
    funcs: list[Callable[..., object]] = [function] if function is not None else []
    info = getattr(item, "_fixtureinfo", None)
    if info is not None:
        for defs in info.name2fixturedefs.values():
            funcs.extend(d.func for d in defs)
    for func in funcs:
        try:
            yield inspect.getsource(func)
        except (OSError, TypeError):
            continue


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        text = "\n".join(_sources(item))
        for marker, names in CLIENTS.items():
            if any(name in text for name in names):
                item.add_marker(marker)
