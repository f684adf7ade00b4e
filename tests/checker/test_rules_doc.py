"""docs/rules.md is generated from the registry, complete and current."""

from __future__ import annotations

import re

from checker.registry import EXAMPLES, registry
from checker.report.rules_doc import DOC_PATH, generate, rule_section

HEADINGS = ("### 规则说明", "### 为什么重要", "### 示例", "### 如何修改")


def test_every_rule_has_a_failing_and_a_passing_example() -> None:
    missing = sorted(r.id for r in registry().values() if not (r.bad and r.good))
    where = "checker/registry/examples.py"
    assert missing == [], f"请在 {where} 中为这些规则补充不通过和通过的示例：{missing}"
    assert sorted(set(EXAMPLES) - set(registry())) == [], "示例中有已不存在的规则"


def test_every_section_is_filled() -> None:
    for info in registry().values():
        text = rule_section(info)
        parts = re.split(r"^### .*$", text, flags=re.M)
        assert all(h in text for h in HEADINGS), info.id
        assert all(part.strip() for part in parts[1:]), f"{info.id} 有空白小节"


def test_committed_file_is_current() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == generate(), (
        "docs/rules.md 不是最新的：运行 python -m checker.report.rules_doc（或 make docs）"
    )


def test_spec_rules_are_described_from_the_spec() -> None:
    text = generate()
    assert "逐列核对：一 + 二 = 三(七) + 四。" in text
    assert "逐行核对：对外公开总数量 ≥ 本年新公开数量。" in text
    assert "（需提供上一年度报表：--prior）" in text
