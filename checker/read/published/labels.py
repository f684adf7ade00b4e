"""Tolerant matching of published labels to the spec's labels.

Published pages space labels out (自 然 人), split them over several <p>, use
half-width brackets, append filling notes ("规章(设区的市…应提供相关数据)") and
carry typos (先行有效件数, 本年废纸件数, 其他法律和行政法规…). A label matches
in three steps: equal after ``text_key`` (cosmetic: never reported); a known
variant or the official label with a bracketed note appended; a unique close
match among the candidates (reported, never chosen when two are equally close).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from checker.read.workbook import text_key
from common.memo import memoized

# typos and local wordings seen in published reports → the official label
VARIANTS: Mapping[str, str] = {
    "先行有效件数": "现行有效件数",
    "本年废纸件数": "本年废止件数",
    "本年发件": "本年制发件数",
    "现行有效件": "现行有效件数",
    "2.其他法律和行政法规禁止公开": "2.其他法律行政法规禁止公开",
    "其他法律和行政法规禁止公开": "2.其他法律行政法规禁止公开",
    "规范性文件": "行政规范性文件",
    "行政规范性文件": "规范性文件",
}
_NUMBERING = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.]|\d+[.、])"
)
_NOTE = re.compile(r"[（(【\[].*[)）】\]]$")
CLOSE = 0.8  # similarity of a tolerated typo; below it a label is something else


@dataclass(frozen=True)
class Match:
    """The official label a published one was read as, and how."""

    label: str
    how: str  # "exact" | "variant" | "close"


def bare(text: str) -> str:
    """The label's key without its numbering ("（三）", "1.", "一、")."""
    return _NUMBERING.sub("", text_key(text))


@memoized("published.label_keys", 4096)
def _keys(label: str) -> tuple[str, str]:
    return text_key(label), bare(label)


@memoized("published.exact_labels", 64)
def _exact(candidates: tuple[str, ...]) -> dict[str, str]:
    return {_keys(label)[0]: label for label in reversed(candidates)}


@memoized("published.label_matches", 16384)  # pages repeat the same labels and typos
def match_label(text: str, candidates: tuple[str, ...]) -> Match | None:
    """The candidate ``text`` stands for, or None (no candidate, or two equally close)."""
    key = text_key(text)
    if not key:
        return None
    exact = _exact(candidates).get(key)
    if exact is not None:
        return Match(exact, "exact")
    wanted = {text_key(v) for k, v in VARIANTS.items() if text_key(k) == key}
    noted = text_key(_NOTE.sub("", text))
    for label in candidates:
        full, short = _keys(label)
        if full in wanted or (noted != key and noted in (full, short)):
            return Match(label, "variant")
        if short and bare(text) == short and len(short) > 2:
            return Match(label, "variant")  # numbering left out or changed: "3.其他" as "其他"
    return _closest(key, candidates)


def _closest(key: str, candidates: Sequence[str]) -> Match | None:
    if len(key) < 4:
        return None
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)  # the matcher keeps what it learnt of ``key`` between candidates
    scored: list[tuple[float, str]] = []
    for label in candidates:
        matcher.set_seq1(_keys(label)[0])
        if matcher.real_quick_ratio() >= CLOSE and matcher.quick_ratio() >= CLOSE:
            scored.append((matcher.ratio(), label))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < CLOSE:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.02:
        return None  # two labels equally close: never guess
    return Match(scored[0][1], "close")
