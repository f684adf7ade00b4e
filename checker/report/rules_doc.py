"""Generate docs/rules.md from the rule registry: ``python -m checker.report.rules_doc``.

Each rule gets 规则说明 / 为什么重要 / 示例 / 如何修改. The explanation and the
fix come from the registry (and for spec rules from ``templates/*.json``); the
examples are the registry's bad and good examples, which the tests run. A test
fails when the committed file is not current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checker.registry import RuleInfo, registry
from checker.results import SEVERITY_WORDS
from declaration.spec import Rule, all_specs

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
SERIES = {
    "F": "文件",
    "S": "结构",
    "V": "数值",
    "A": "算术",
    "P": "合理性",
    "X": "跨年度",
    "R": "名单",
    "D": "发布的报告",
}


def _spec_rule(rule_id: str) -> Rule | None:
    for spec in all_specs():
        for rule in spec.rules:
            if rule.id == rule_id:
                return rule
    return None


def what_it_does(info: RuleInfo) -> str:
    rule = _spec_rule(info.id)
    if rule is None:
        return f"{info.title}：发现时报告“{info.message}”。"
    if rule.total_group is not None:
        return f"逐个核对：{rule.lhs_label} = {rule.rhs_label}。总计按明细重新计算，不采用文件中保存的结果。"
    op = {"=": "=", ">=": "≥", "<=": "≤"}[rule.checks[0].op]
    scope = "逐列" if any(k == "col" for k, _ in rule.checks[0].bindings) else "逐行"
    prior = "（需提供上一年度报表：--prior）" if rule.checks[0].uses_prior() else ""
    return f"{scope}核对：{rule.lhs_label} {op} {rule.rhs_label}{prior}。"


def _formats(info: RuleInfo) -> str:
    if not info.formats:
        return "全部"
    documents = {spec.format: spec.document for spec in all_specs()}
    return "、".join(f"{fmt}（{documents.get(fmt, '')}）" for fmt in info.formats)


def rule_section(info: RuleInfo) -> str:
    example = "\n".join(
        [*(f"- 不通过：{e.note}" for e in info.bad), *(f"- 通过：{e.note}" for e in info.good)]
    )
    return "\n".join(
        [
            f"## {info.id} {info.title}",
            "",
            f"- 名称：`{info.name}`",
            f"- 级别：{SEVERITY_WORDS[info.severity]}",
            f"- 适用格式：{_formats(info)}",
            f"- 提示文字：{info.message}",
            "",
            "### 规则说明",
            "",
            what_it_does(info),
            "",
            "### 为什么重要",
            "",
            info.explanation,
            "",
            "### 示例",
            "",
            example,
            "",
            "### 如何修改",
            "",
            info.fix,
            "",
        ]
    )


def generate() -> str:
    rules = registry()
    lines = [
        "# 校验规则",
        "",
        "本文件由 `python -m checker.report.rules_doc`（或 `make docs`）根据规则登记表自动生成，请勿手工修改。",
        "规则代码永久不变、不会重复使用；`check-workbook --select` / `--ignore` 可按代码或前缀（如 `A3`）选择。",
        "",
        "| 代码 | 名称 | 级别 |",
        "|---|---|---|",
    ]
    lines += [f"| {r.id} | {r.title} | {SEVERITY_WORDS[r.severity]} |" for r in rules.values()]
    lines.append("")
    series = ""
    for info in rules.values():
        if info.id[0] != series:
            series = info.id[0]
            lines += [f"# {series} 类：{SERIES.get(series, series)}", ""]
        lines.append(rule_section(info))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = generate()
    if "--check" in args:
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if current != text:
            print(
                f"{DOC_PATH} 不是最新的，请运行 python -m checker.report.rules_doc", file=sys.stderr
            )
            return 1
        return 0
    from common.safe_output import write_text_atomic

    write_text_atomic(DOC_PATH, text)
    print(f"已生成 {DOC_PATH}（{len(registry())} 条规则）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
