"""The machine-readable report (``--format json``), a pure function of a Report.

Shape (version 1)::

    {"version": 1, "files": [{"path", "status": "pass"|"fail"|"unreadable", "format",
      "year", "unit", "counts": {"error", "warning", "info"},
      "findings": [{"rule", "severity", "sheet", "cell", "message", "expected", "found"}]}]}

Only with ``--decisions``: a registered finding adds ``"decision": {"status": "explained" |
"to_fix" | "pending", "note"}``. Only with ``--previous``: each file adds ``"previous"`` (path or
null), ``"changes": [{"sheet", "cell", "before", "after"}]``, ``"resolved"`` and ``"new"``
(``[{"rule", "sheet", "cell", "message"}]``). Without them the JSON is unchanged.
"""

from __future__ import annotations

import json

from checker.results import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
