"""X rules: cross-year (code part)."""

from __future__ import annotations

from checker.registry.examples import RuleExamples, ex
from checker.registry.rule import RuleInfo, code_rule

RULES: tuple[RuleInfo, ...] = (
    code_rule(
        "X503",
        "year-on-year-jump",
        "info",
        "与上年相比变化大",
        "{label}由上年的 {prior} 变为 {found}（{change}）",
        "本年新收申请、行政复议、行政诉讼的总数与上年相比变化超过 3 倍且相差 20 件以上。数字可能是对的，但也常见于填错行列或多填一位数。",
        "核实该数字；确实如此的，可在报告正文中说明原因。",
    ),
    code_rule(
        "X504",
        "prior-missing",
        "warning",
        "未找到上年报告",
        "{reason}，未做跨年度核对",
        "跨年度核对（上年结转、现行有效件数衔接）需要同一单位上一年度的报告，按单位代码、其次按单位名称对应。"
        "指定了上年回收文件夹（--prior）却找不到该单位的上年报告时，该单位的跨年度核对整项没有做，"
        "上年结转填错也无从发现，因此列为警告而不是提示；未做的核对另在报告中逐项写明。",
        "把该单位上一年度的报告放入上年回收文件夹；单位名称或代码变更的，使封面与上年一致。",
    ),
    code_rule(
        "X505",
        "prior-closest",
        "warning",
        "上年报告未对上",
        "上年回收的报告中没有找到该单位的报告（按单位代码、单位名称和名单对应），名称最接近的是：{found}",
        "跨年度核对需要同一单位上一年度的报告。没有对上时，常见原因是单位名称写法不同或改名。",
        "核实后使本年封面的单位名称、代码与上年报告一致，或把正确的上年报告放入上年回收文件夹。",
    ),
)

# A failing and a passing example of each rule: run as tests, shown in docs/rules.md.
EXAMPLES: dict[str, RuleExamples] = {
    "X501": RuleExamples(
        (
            ex(
                "本年“二、上年结转”自然人比上年报告的结转多 1 件。",
                prior=True,
                add={"t3.carried.natural": 1},
            ),
        ),
        (ex("本年“二、上年结转”与上年报告的“四、结转下年度继续办理”逐列相同。", prior=True),),
    ),
    "X502": RuleExamples(
        (
            ex(
                "本年现行有效规章比上年 + 制发 − 废止多 3 件。",
                prior=True,
                add={"t2.rules.valid": 3},
            ),
        ),
        (ex("现行有效件数 = 上年现行有效 + 本年制发 − 本年废止。", prior=True),),
    ),
    "X503": RuleExamples(
        (
            ex(
                "本年新收申请比上年多了 1000 件。",
                recipe="prior_batch",
                args=("t3.new.natural", 1000),
            ),
        ),
        (ex("本年新收申请与上年相近。", recipe="prior_batch", args=("t3.new.natural", 0)),),
    ),
    "X504": RuleExamples(
        (ex("上年回收的报告中没有该单位的报告。", recipe="prior_batch_other_office"),),
        (ex("上年回收的报告中有该单位的报告。", recipe="prior_batch", args=("t3.new.natural", 0)),),
    ),
    "X505": RuleExamples(
        (
            ex(
                "上年报告写“某某区市场监督管理局”，本年写“某某区市场监督局”。",
                recipe="prior_batch_named",
                args=("某某区市场监督管理局", "某某区市场监督局"),
            ),
        ),
        (
            ex(
                "上年报告写“某某街道办事处”，本年写“某某街道办事处（本级）”：按名称对上。",
                recipe="prior_batch_named",
                args=("某某街道办事处", "某某街道办事处（本级）"),
            ),
            ex(
                "上年报告写“某某区市场监督管理局”，本年写规范简称“某某区市场监管局”：按简称对上。",
                recipe="prior_batch_named",
                args=("某某区市场监督管理局", "某某区市场监管局"),
            ),
        ),
    ),
}
