"""P rules: plausibility."""

from __future__ import annotations

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
