"""P rules: plausibility."""

from __future__ import annotations

from checker.registry.examples import CLEAN, RuleExamples, ex
from checker.registry.rule import RuleInfo, code_rule

RULES: tuple[RuleInfo, ...] = (
    code_rule(
        "P402",
        "other-handling-share",
        "warning",
        "其他处理占比偏高",
        "（六）其他处理占全部办理结果的 {found}，占比偏高",
        "通知要求主管部门高度关注“其他处理”：原则上所有申请都应按法定方式处理。",
        "核实“其他处理”的每一件，能归入法定处理方式的归入相应项目。",
    ),
    code_rule(
        "P403",
        "total-without-detail",
        "warning",
        "只填了总计",
        "“总计”有数（{found}），但各类申请人均为空白",
        "只填总计、不分申请人类别，无法反映申请人情况。",
        "按申请人类别分别填写。",
    ),
)

# A failing and a passing example of each rule: run as tests, shown in docs/rules.md.
EXAMPLES: dict[str, RuleExamples] = {
    "P401": RuleExamples(
        (
            ex(
                "规范性文件：本年新公开 12 件，对外公开总数量却只有 10 件。",
                typed={"t2.normative.new_published": 12, "t2.normative.public_total": 10},
                fmt="2019",
            ),
        ),
        (
            ex(
                "规范性文件：本年新公开 10 件，对外公开总数量 12 件。",
                typed={"t2.normative.new_published": 10, "t2.normative.public_total": 12},
                fmt="2019",
            ),
        ),
    ),
    "P402": RuleExamples(
        (
            ex(
                "自然人申请中“3.其他”处理了 30 件，占全部办理结果的大部分。",
                recipe="other_handling",
                args=(30,),
            ),
        ),
        (ex("“3.其他”处理了 1 件。", recipe="other_handling", args=(1,)),),
    ),
    "P403": RuleExamples(
        (
            ex(
                "“一、本年新收”只在“总计”列填了 6，六类申请人各列均为空白。",
                recipe="total_only",
                args=("t3.new", 6),
            ),
        ),
        (CLEAN,),
    ),
}
