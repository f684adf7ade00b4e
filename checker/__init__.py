"""check-workbook: verify returns of the annual report tables.

Public API (imported lazily, so that ``import checker`` stays cheap)::

    from checker import check_workbook, check_paths
    report = check_workbook("海滨街.xlsx")            # FileReport
    batch = check_paths(["回收/"], select=["A3"])     # Report
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.check import (
        check_extraction,
        check_paths,
        check_values,
        check_workbook,
        extraction_from_values,
    )
    from checker.results import DiffLine, FileReport, Finding, Report

__all__ = [
    "DiffLine",
    "FileReport",
    "Finding",
    "Report",
    "check_extraction",
    "check_paths",
    "check_values",
    "check_workbook",
    "extraction_from_values",
]

_REPORT_NAMES = frozenset({"DiffLine", "FileReport", "Finding", "Report"})


def __getattr__(name: str) -> Any:
    if name in _REPORT_NAMES:
        from checker import results as report

        return getattr(report, name)
    if name in __all__:
        from checker import check as core

        return getattr(core, name)
    raise AttributeError(f"module 'checker' has no attribute {name!r}")
