"""The report as it may be shown: every text made printable (common.terminal_text).

Renderers that write for a terminal or a plain-text file take ``shown_report``
of the report: unit names, file names, labels and messages come from workbooks
and may carry ESC sequences, U+000B, carriage returns or reordering marks. The
JSON report keeps every character, escaped (``json_safe``).
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from common.terminal_text import has_unsafe, single_line

T = TypeVar("T")
_BREAK = "\n"
# characters JSON may carry raw but a terminal or viewer would act on
# (lone surrogates: the bytes of a file name that is not UTF-8, which no encoder takes)
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def shown_report(report: T) -> T:
    """A copy of ``report`` (or any of its parts) with printable texts; the same
    object when nothing needs changing."""
    return _shown(report)  # type: ignore[no-any-return]


def _shown(value: Any) -> Any:
    if isinstance(value, str):  # every text of a report is one line: names and cells included
        return single_line(value) if has_unsafe(value) or _BREAK in value else value
    if isinstance(value, list):
        return [_shown(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_shown(v) for v in value)
    if isinstance(value, dict):
        return {_shown(k): _shown(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in fields(value):
            if f.init and not f.name.startswith("_"):
                old = getattr(value, f.name)
                new = _shown(old)
                if new is not old:
                    changes[f.name] = new
        return replace(value, **changes) if changes else value
    return value


def json_safe(text: str) -> str:
    """A JSON document with C1 controls and reordering marks written as ``\\uXXXX``
    (JSON escapes the C0 controls itself)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
