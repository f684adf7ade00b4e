"""Output names built from unit names are valid on Windows."""

from __future__ import annotations

import pytest

from common.safe_names import MAX_STEM, safe_stem


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("某某街道办事处", "某某街道办事处"),
        ("A/B:C*D?", "A／B：C＊D？"),
        ('某局"<测试>"|', "某局＂＜测试＞＂｜"),
        ("某局\t二科\n", "某局 二科"),
        ("某某局. ", "某某局"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("COM1", "_COM1"),
        ("...", "未命名"),
        ("", "未命名"),
    ],
)
def test_names_are_windows_safe(name: str, expected: str) -> None:
    assert safe_stem(name) == expected


def test_long_names_are_cut_within_the_limit() -> None:
    stem = safe_stem("很" * 300 + "局")
    assert len(stem) == MAX_STEM
    assert stem == "很" * MAX_STEM
    emoji = safe_stem("😀" * 100)  # two UTF-16 units each
    assert len(emoji.encode("utf-16-le")) // 2 <= MAX_STEM
