"""An office's state in the round, computed in one place from its latest upload and the
meeting's decisions: 未报送 / 有错误 / 仅有警告 / 已通过 / 已确认报送."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from server.store import Office, Upload

STATE_WORDS = {
    "missing": "未报送",
    "fail": "有错误",
    "warn": "仅有警告",
    "pass": "已通过",
    "confirmed": "已确认报送",
}
# failing first in every list the supervisor sees
STATE_ORDER = {"fail": 0, "missing": 1, "warn": 2, "pass": 3, "confirmed": 4}
DECISION_WORDS = {"pending": "待处理", "explained": "已说明", "to_fix": "需修改"}


def finding_key(view: dict[str, Any]) -> tuple[str, str, str]:
    """How a decision names its finding: rule, sheet and cell (as the register does)."""
    return str(view["rule"]), str(view.get("sheet", "")), str(view.get("cell", ""))


@dataclass(frozen=True)
class OfficeState:
    """Where an office stands, with the counts the supervisor's list shows."""

    state: str
    errors: int
    warnings: int  # warnings not yet explained and accepted
    unexplained: int  # warnings the office has written no explanation for
    versions: int
    last: float | None

    @property
    def word(self) -> str:
        return STATE_WORDS[self.state]

    @property
    def can_confirm(self) -> bool:
        """No errors, and every warning explained (提示性审核: a warning needs a reason)."""
        return self.state in ("warn", "pass") and self.unexplained == 0


def office_state(
    office: Office,
    latest: Upload | None,
    versions: int,
    decisions: dict[tuple[str, str, str], sqlite3.Row],
) -> OfficeState:
    if latest is None or latest.report is None:
        return OfficeState("missing", 0, 0, 0, versions, latest.received if latest else None)
    errors = latest.errors
    open_warnings = unexplained = 0
    for view in latest.view:
        if view["severity"] != "warning":
            continue
        decision = decisions.get(finding_key(view))
        if decision is not None and decision["status"] == "explained":
            continue
        open_warnings += 1
        if decision is None or not str(decision["explanation"]).strip():
            unexplained += 1
    if errors or latest.status == "unreadable":
        state = "fail"
    elif office.confirmed_version == latest.version:
        state = "confirmed"
    else:
        state = "warn" if open_warnings else "pass"
    return OfficeState(state, errors, open_warnings, unexplained, versions, latest.received)
