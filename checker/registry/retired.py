"""Rule ids that are no longer reported.

An id is stable forever: a rule is never renamed and its id never reused. A rule
that goes away is listed here with the reason and the version it went away in;
``tests/data/rule-ids.txt`` lists every id ever issued, and a test keeps the
registry, that list and this one in agreement.
"""

from __future__ import annotations

RETIRED: dict[str, str] = {}
