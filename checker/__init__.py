"""check-workbook: verify returns of the annual report tables.

Public API (``docs/api.md``; imported lazily, so that ``import checker`` stays cheap)::

    from checker import CheckOptions, check_bytes, check_paths, load_prior
    options = CheckOptions.of(ignore=["V201"], strict=True)
    report = check_paths(["回收/"], options=options, prior=load_prior("上年回收/"))
    upload = check_bytes(data, "海滨街.xlsx", options=options)
    report.to_json()                                   # what --format json writes
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.api import (
        CheckOptions,
        check_bytes,
        check_paths,
        check_workbook,
        load_prior,
        load_roster,
    )
    from checker.prior import PriorError
    from checker.results import (
        DiffLine,
        FileReport,
        Finding,
        Location,
        Report,
        Severity,
        Summary,
    )
    from checker.rules.cross_year import PriorIndex

__all__ = [
    "CheckOptions",
    "DiffLine",
    "FileReport",
    "Finding",
    "Location",
    "PriorError",
    "PriorIndex",
    "Report",
    "Severity",
    "Summary",
    "check_bytes",
    "check_paths",
    "check_workbook",
    "load_prior",
    "load_roster",
]

_MODULES = {
    "checker.results": frozenset(
        {"DiffLine", "FileReport", "Finding", "Location", "Report", "Severity", "Summary"}
    ),
    "checker.rules.cross_year": frozenset({"PriorIndex"}),
    "checker.prior": frozenset({"PriorError"}),
}


def __getattr__(name: str) -> Any:
    import importlib

    for module, names in _MODULES.items():
        if name in names:
            return getattr(importlib.import_module(module), name)
    if name in __all__:
        from checker import api

        return getattr(api, name)
    raise AttributeError(f"module 'checker' has no attribute {name!r}")
