"""The machine-readable report (``--format json``), a pure function of a Report.

Shape (version 1)::

    {"version": 1, "files": [{"path", "status": "pass"|"fail"|"unreadable", "format",
      "year", "unit", "counts": {"error", "warning", "info"},
      "findings": [{"rule", "severity", "sheet", "cell", "message", "expected", "found"}]}]}

Only with ``--decisions``: a registered finding adds ``"decision": {"status": "explained" |
"to_fix" | "pending", "note"}``. Only with ``--previous``: each file adds ``"previous"`` (path or
null), ``"changes": [{"sheet", "cell", "before", "after"}]``, ``"resolved"`` and ``"new"``
(``[{"rule", "sheet", "cell", "message"}]``). Without them the JSON is unchanged.

Only when some check did not run (no ``--prior``, no prior return of the office, …): the file
adds ``"skipped": [{"what", "rules", "reason"}]`` and the report ``"skipped": [{"what", "rules",
"reason", "files"}]`` (the number of files each did not run on).
"""

from __future__ import annotations

import json

from checker.report.shown import json_safe
from checker.results import Report


def render_json(report: Report) -> str:
    return json_safe(json.dumps(report.to_json(), ensure_ascii=False, indent=2)) + "\n"
