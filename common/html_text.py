"""The one HTML escaper of the project: text from a workbook, a roster or a file name
made safe as HTML text or an attribute value (controls made visible, quotes escaped)."""

from __future__ import annotations

from html import escape
from typing import Any

from common.terminal_text import printable


def html_text(value: Any) -> str:
    """``value`` as HTML text or a quoted attribute value."""
    return escape(printable(str(value)), quote=True)
