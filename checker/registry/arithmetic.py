"""A rules: arithmetic (code part)."""

from __future__ import annotations

from checker.registry.examples import CLEAN, RuleExamples, ex
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
    code_rule(
        "A306",
        "blank-total",
        "error",
        "总计为空白",
        "总计单元格为空白，按明细应为 {expected}",
        "总计的公式被删除（或自制表格没有填写总计），明细却有数字。空白的总计不会按 0 计入汇总，而是缺少一个应报的数字。",
        "恢复总计公式（或填写按明细相加得出的数字）。",
    ),
)

# A failing and a passing example of each rule: run as tests, shown in docs/rules.md.
EXAMPLES: dict[str, RuleExamples] = {
    "A301": RuleExamples(
        (ex("自然人一列“一、本年新收”多填了 1 件。", add={"t3.new.natural": 1}),),
        (CLEAN,),
    ),
    "A302": RuleExamples(
        (
            ex(
                "“一、本年新收”的总计填了比各列之和多 1 的数。",
                recipe="typed_total",
                args=("t3.new.total", 1),
            ),
        ),
        (CLEAN,),
    ),
    "A303": RuleExamples(
        (
            ex(
                "自然人一列“（七）总计”填了比各项结果之和多 1 的数。",
                recipe="typed_total",
                args=("t3.outcome_total.natural", 1),
            ),
        ),
        (CLEAN,),
    ),
    "A304": RuleExamples(
        (
            ex(
                "行政复议的总计填了比四项之和多 1 的数。",
                recipe="typed_total",
                args=("t4.main.review_total", 1),
            ),
        ),
        (CLEAN,),
    ),
    "A305": RuleExamples(
        (
            ex(
                "文件中保存的“一、本年新收”总计没有重新计算，比明细之和多 1。",
                recipe="stale_total",
                args=("t3.new.total", 1),
            ),
        ),
        (CLEAN,),
    ),
    "A306": RuleExamples(
        (
            ex(
                "删除了“一、本年新收”总计的公式，单元格空白，而各列之和不为 0。",
                recipe="blank_total",
                args=("t3.new.total",),
            ),
        ),
        (CLEAN,),
    ),
}
