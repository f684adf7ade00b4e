"""The standard short forms of government organ names (declaration/short_forms.json).

``short_form_key`` is an office's matching key with every full form of the
table replaced by its short form: 平潭综合实验区管理委员会 and 平潭综合实验区管委会,
某某街道办事处 and 某某街道 have one key. Callers use it only when it gives one
candidate, and say that they matched by short form. Plain string replacement,
longest form first: no regular expression, linear in the name's length.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from common.roster import loose_office_key, office_key

TABLE = Path(__file__).with_name("short_forms.json")


@cache  # the table is a fixed file of the distribution (common.memo)
def short_forms() -> tuple[tuple[str, str], ...]:
    """(written form, short form) keys, the longest written form first."""
    data = json.loads(TABLE.read_text(encoding="utf-8"))
    pairs: list[tuple[str, str]] = []
    for item in data["short_forms"]:
        short = office_key(item["short"])
        for written in (item["full"], *item.get("also", ())):
            pairs.append((office_key(written), short))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def short_form_key(name: str) -> str:
    """``loose_office_key`` with full forms (and other short forms) made the short form."""
    key = loose_office_key(name)
    for written, short in short_forms():
        if written in key:
            key = key.replace(written, short)
    return key
