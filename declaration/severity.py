"""The severities of findings: one enum and one vocabulary for every layer and report."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """What the office must do about a finding: an error must be corrected, a warning
    explained or corrected, an info only looked at. Equal to its JSON string."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def word(self) -> str:
        """The one Chinese word for it in every report (错误, 警告, 提示)."""
        return SEVERITY_WORDS[self]

    @property
    def rank(self) -> int:
        """0 for the worst (errors first in every list)."""
        return SEVERITY_ORDER[self]


SEVERITY_WORDS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
