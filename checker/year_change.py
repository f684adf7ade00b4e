"""What counts as a large change from last year: one threshold for the X503 finding and
for the year-on-year view of the reports (变化较大)."""

from __future__ import annotations

# X503 fires, and the report lists an office as 变化较大, above this ratio and difference.
JUMP_RATIO = 3.0
JUMP_MIN_DIFFERENCE = 20.0


def is_large_change(before: float, found: float) -> bool:
    """More than ×3 (up or down) and by more than 20."""
    high, low = max(found, before), min(found, before)
    return high - low > JUMP_MIN_DIFFERENCE and high > JUMP_RATIO * low
