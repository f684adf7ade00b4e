"""Template file names are safe on Windows and unique, whatever the office is called."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from common.roster import (
    MAX_NAME_CHARS,
    safe_component,
    template_file_names,
    unique_names,
)

RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?", re.IGNORECASE)
HOSTILE = [
    "CON",
    "nul.txt",
    "com1",
    'a<b>c:d"e/f\\g|h?i*j',
    "财政局...",
    "  教育局 . ",
    "...",
    "",
    "\t\n\x00\x1f",
    "行\n政\r审批局",
    "\u202e局政财",
    "某" * 300,
    "A/B",
    "A:B",
    "a／b",
    "某局",
    "某局",
    "某局 ",
    "ABC局",
    "abc局",
]


def _windows_safe(name: str) -> bool:
    stem = name.rsplit(".", 1)[0]
    return (
        not any(ch in '<>:"/\\|?*' or ord(ch) < 32 for ch in name)
        and not name.endswith((".", " "))
        and not RESERVED.fullmatch(stem)
        and not RESERVED.fullmatch(name)
        and len(name) <= 120
        and len(name.encode("utf-8")) <= 255
        and all(unicodedata.category(ch) != "Cf" for ch in name)
    )


def test_hostile_names_are_safe_and_unique() -> None:
    names = template_file_names(2025, [(n, None) for n in HOSTILE])
    assert len(names) == len(HOSTILE)
    assert all(_windows_safe(n) for n in names), names
    assert len({n.casefold() for n in names}) == len(names)
    assert names[0] == "2025年-_CON.xlsx"  # the name part is safe on its own too
    assert names[3] == "2025年-a＜b＞c：d＂e／f＼g｜h？i＊j.xlsx"
    assert names[4] == "2025年-财政局.xlsx"
    assert names[9] == "2025年-行 政 审批局.xlsx"
    assert names[15:18] == ["2025年-某局.xlsx", "2025年-某局（2）.xlsx", "2025年-某局（3）.xlsx"]
    assert names[19] == "2025年-abc局（2）.xlsx"


def test_bare_component_rules() -> None:
    assert safe_component("CON") == "_CON"
    assert safe_component("lpt1.docx") == "_lpt1.docx"
    assert safe_component("CONIN$") == "_CONIN$"
    assert safe_component("....") == "未命名单位"
    assert safe_component(" \u200b ") == "未命名单位"
    assert safe_component("某" * 300) == "某" * MAX_NAME_CHARS


def test_clash_prefers_the_office_code() -> None:
    names = template_file_names(2025, [("A/B", "001"), ("A:B", "002"), ("A?B", None)])
    assert names == ["2025年-A／B.xlsx", "2025年-A：B.xlsx", "2025年-A？B.xlsx"]
    names = template_file_names(2025, [("某局", "001"), ("某 局", "002"), ("某局", None)])
    assert names == ["2025年-某局.xlsx", "2025年-某 局.xlsx", "2025年-某局（2）.xlsx"]
    names = unique_names(["x", "X", "x"], ".xlsx", ["1", "2", None])
    assert names == ["x.xlsx", "X-2.xlsx", "x（2）.xlsx"]


@given(st.lists(st.text(min_size=0, max_size=80), min_size=1, max_size=12))
def test_any_names_are_safe_and_unique(raw: list[str]) -> None:
    names = template_file_names(2025, [(n, None) for n in raw])
    assert all(_windows_safe(n) for n in names), names
    assert len({unicodedata.normalize("NFC", n).casefold() for n in names}) == len(raw)
