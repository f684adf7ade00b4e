"""A rules: arithmetic (code part)."""

from __future__ import annotations

from checker.registry.rule import RuleInfo, code_rule

RULES: tuple[RuleInfo, ...] = (
    code_rule(
        "A305",
        "stale-cached-value",
        "warning",
        "缓存值与重新计算不一致",
        "文件中保存的计算结果为 {found}，按填报数据重新计算应为 {expected}",
        "总计的缓存值与明细不一致，说明文件由脚本生成或在不重新计算的软件中修改过；打印或发布的数字可能是旧的。",
        "在 Excel 或 WPS 中打开文件，按 F9 重新计算后保存。",
    ),
)
