"""Wordings offices use in a published report's text (declaration/published_phrases.json).

The phrase lists are data: each entry has words (any one is enough), patterns
(simple regular expressions, no nested quantifiers, bounded gaps) and the real
examples the tests check. Today: the fee statement of section 六 (D714).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("published_phrases.json")


@cache  # the table is a fixed file of the distribution (common.memo)
def phrases(kind: str) -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...], tuple[str, ...]]:
    """(words, patterns, examples) of one kind of statement ("fee")."""
    entry = json.loads(TABLE.read_text(encoding="utf-8"))[kind]
    patterns = tuple(re.compile(p) for p in entry["patterns"])
    return tuple(entry["words"]), patterns, tuple(entry.get("examples", ()))


def mentions(kind: str, paragraphs: list[str] | tuple[str, ...]) -> bool:
    """Some paragraph states ``kind`` in one of the listed wordings."""
    words, patterns, _ = phrases(kind)
    return any(w in p for p in paragraphs for w in words) or any(
        pattern.search(p) for p in paragraphs for pattern in patterns
    )
