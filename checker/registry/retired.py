"""Rule ids that are no longer reported.

An id is stable forever: a rule is never renamed and its id never reused. A rule
that goes away is listed here with the reason and the version it went away in;
``tests/data/rule-ids.txt`` lists every id ever issued, and a test keeps the
registry, that list and this one in agreement.
"""

from __future__ import annotations

RETIRED: dict[str, str] = {
    "S110": (
        "0.1.0 停用（total-overwritten）：手工填写的总计按原因只报一条——与明细之和一致时为"
        " S117 警告，不一致时为该总计的算术规则（A302/A303/A304）并给出差额"
    ),
}
