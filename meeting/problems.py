"""An office's problems in plain words: where, what, how to fix, what the meeting said.

The rows of the 退回意见单 (``meeting.feedback``) and of the 问题清单 sheet of an
annotated copy (``meeting.annotate``): errors before warnings, info findings left
out, a warning the meeting accepted (已说明) kept but marked as needing no change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.registry import registry
from checker.report.figures import identity_text
from checker.report.text import location
from checker.results import FileReport, Finding
from common.terminal_text import printable
from meeting.decisions import STATUS

LISTED = ("error", "warning")
HEADERS = ("序号", "位置", "问题", "应如何修改", "会议意见")
TAGS = {"error": "【错误】", "warning": "【警告】"}
NO_CHANGE = "会议已同意说明，无需修改"
_TABLE_NUMBER = re.compile(r"^([一二三四五六七八九十]+)、")
_WORDS = {status: word for word, status in STATUS.items()}


@dataclass(frozen=True)
class Problem:
    """One row: the severity, the cell (for a link), and the four texts a clerk reads."""

    severity: str
    sheet: str
    cell: str
    where: str
    message: str
    fix: str
    decision: str

    def texts(self, number: int) -> tuple[str, str, str, str, str]:
        """The row under ``HEADERS``: the message starts with its severity."""
        tagged = TAGS.get(self.severity, "") + self.message
        return str(number), self.where, tagged, self.fix, self.decision


def short_sheet(sheet: str) -> str:
    """``三、收到和处理政府信息公开申请情况`` → ``表三``; other names as they are."""
    m = _TABLE_NUMBER.match(sheet)
    return f"表{m.group(1)}" if m else sheet


def where_text(f: Finding) -> str:
    """``表三 一、本年新收政府信息公开申请数量 × 自然人 (D6)``, or ``整个文件``."""
    text = " ".join(p for p in (short_sheet(f.sheet), location(f)) if p)
    return printable(text) or "整个文件"


def message_text(f: Finding) -> str:
    """The finding's message and, for an identity, its equation with the numbers."""
    lines = [f.message, *(" ".join(line.split()) for line in identity_text(f).splitlines())]
    return printable("\n".join(line for line in lines if line))


def decision_words(f: Finding) -> str:
    """``需修改：请核实`` from the register (``--decisions``), else ""."""
    if f.decision is None:
        return ""
    word = _WORDS.get(f.decision.status, "")
    return printable(f"{word}：{f.decision.note}" if f.decision.note else word)


def fix_text(f: Finding) -> str:
    if f.explained and f.severity == "warning":
        return NO_CHANGE
    info = registry().get(f.rule)
    return info.fix if info else "核实后修改。"


def problems(fr: FileReport) -> list[Problem]:
    """The errors, then the warnings, of one return, in reading order within each."""
    listed = [f for f in fr.findings if f.severity in LISTED]
    listed.sort(key=lambda f: LISTED.index(f.severity))  # stable: reading order kept
    return [
        Problem(
            f.severity,
            f.sheet,
            f.cell,
            where_text(f),
            message_text(f),
            fix_text(f),
            decision_words(f),
        )
        for f in listed
    ]


def needs_feedback(fr: FileReport) -> bool:
    """Unreadable, or with an error or warning that still counts against the office."""
    if fr.status == "unreadable":
        return True
    return any(f.severity in LISTED and f.counted for f in fr.findings)
