"""--select / --ignore: ids or prefixes, the longer prefix wins (flake8's DecisionEngine)."""

from __future__ import annotations

import pytest

from checker.selection import Selection, SelectionError, parse_codes

KNOWN = ["A301", "A302", "A305", "P401", "P402", "V201", "X501"]


def test_parse_codes_splits_commas_and_repeats() -> None:
    assert parse_codes(["a3, P402", "X"]) == ("A3", "P402", "X")
    assert parse_codes(None) == ()


def test_malformed_and_unknown_codes_are_rejected_in_chinese() -> None:
    with pytest.raises(SelectionError, match="格式不对"):
        parse_codes(["A-301"])
    with pytest.raises(SelectionError, match="没有以“Q”开头的规则"):
        Selection.from_options(["Q"], None, KNOWN)


def test_default_selects_everything() -> None:
    assert all(Selection().wants(code) for code in KNOWN)


def test_ignore_by_prefix() -> None:
    s = Selection.from_options(None, ["P4", "V201"], KNOWN)
    assert [c for c in KNOWN if s.wants(c)] == ["A301", "A302", "A305", "X501"]


def test_select_by_prefix() -> None:
    s = Selection.from_options(["A3"], None, KNOWN)
    assert [c for c in KNOWN if s.wants(c)] == ["A301", "A302", "A305"]


def test_longer_prefix_wins_both_ways() -> None:
    s = Selection.from_options(["A", "P402"], ["A3", "P"], KNOWN)
    assert [c for c in KNOWN if s.wants(c)] == ["P402"]
    s = Selection.from_options(["A301"], ["A3"], KNOWN)
    assert [c for c in KNOWN if s.wants(c)] == ["A301"]


def test_tie_goes_to_ignore() -> None:
    assert not Selection.from_options(["A3"], ["A3"]).wants("A301")


def test_unreadable_reason_is_always_reported() -> None:
    assert Selection.from_options(["A"], ["F"]).wants("F001")
