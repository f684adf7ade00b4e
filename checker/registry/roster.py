"""R rules: roster."""

from __future__ import annotations

from checker.registry.examples import RuleExamples, ex
from checker.registry.rule import RuleInfo, code_rule

RULES: tuple[RuleInfo, ...] = (
    code_rule(
        "R601",
        "missing-return",
        "error",
        "未报送",
        "{office} 未报送",
        "单位名单中的每个单位都应报送一份报告；回收文件夹中找不到该单位的报告（按单位代码、其次按单位名称对应）。",
        "催报；已报送的，核对封面单位名称、单位代码是否与名单一致。",
    ),
    code_rule(
        "R602",
        "unknown-office",
        "warning",
        "名单外单位",
        "{file}：单位“{office}”不在名单中",
        "报告封面的单位代码和单位名称都对应不到名单中的单位，可能是名称写法不同，也可能是误收的文件。",
        "核对封面单位名称、单位代码；确属应报单位的，把它加入名单。",
    ),
    code_rule(
        "R603",
        "duplicate-return",
        "error",
        "重复报送",
        "{office} 报送了 {count} 份文件：{files}",
        "同一单位有多份报告时，无法确定以哪一份为准，汇总会重复计算。",
        "与该单位确认最终版本，只保留一份。",
    ),
    code_rule(
        "R604",
        "wrong-year",
        "error",
        "报告年度不符",
        "{file}：报告年度为 {found} 年，本次应报送 {expected} 年度",
        "回收的报告应为本次汇总的年度；其他年度的报告（例如误交了去年的文件）不能汇总。",
        "请该单位报送本年度的报告。",
    ),
    code_rule(
        "R605",
        "old-format",
        "error",
        "使用旧格式",
        "{file}：使用了{found}格式，{year} 年度应使用{expected}格式",
        "2019、2020 年度使用国办公开办函〔2019〕60号格式，2021 年度起使用国办公开办函〔2021〕30号格式；用错格式的报告无法与其他单位汇总。",
        "请该单位使用本年度下发的模板重新填报。",
    ),
    code_rule(
        "R606",
        "unidentified-return",
        "warning",
        "单位无法识别",
        "{file}：读不出单位名称和单位代码，无法对应到名单",
        "封面没有填写单位名称和单位代码，或文件无法读取，不知道是哪个单位的报告。",
        "在封面填写单位名称（和单位代码），或使用下发的模板。",
    ),
    code_rule(
        "R607",
        "office-mismatch",
        "warning",
        "单位信息与名单不一致",
        "{file}：封面{field}“{found}”与名单“{expected}”不一致（已按{by}对应）",
        "报告按单位代码（其次按单位名称）对应到名单；另一项与名单不一致，可能是单位更名、代码填错或用了别的单位的模板。",
        "核实后改正封面或名单。",
    ),
    code_rule(
        "R608",
        "empty-return",
        "error",
        "报送了空白报表",
        "{office} 报送的报表未填写（{file}），视为未报送有效报表",
        "报表原样交回、没有填写任何数字，不计入已报送，也不计入汇总。",
        "请该单位填写后重新报送。",
    ),
    code_rule(
        "R609",
        "not-a-spreadsheet",
        "error",
        "收到的不是表格文件",
        "{office} 收到的不是表格文件：{file}（按文件名对应）",
        "该单位交来的文件不是年报表格（例如 Word、PDF），无法核对数字；按文件名对应到名单中的单位。",
        "请该单位报送填好的年报表格（.xlsx）。",
    ),
    code_rule(
        "R610",
        "unit-read-from-file-name",
        "warning",
        "单位无法识别，按文件名对应",
        "{files}：读不出单位名称和单位代码，按文件名对应到 {office}",
        "报表封面没有填写单位名称和代码（或读不出来），按文件名中的单位名称对应到名单，该单位不列为未报送。",
        "请该单位在封面填写单位名称（和单位代码）后重新报送。",
    ),
)

# A failing and a passing example of each rule: run as tests, shown in docs/rules.md.
EXAMPLES: dict[str, RuleExamples] = {
    "R601": RuleExamples(
        (ex("名单中的“乙局”没有报送。", recipe="roster", args=(("甲局", "乙局"), ("甲局",))),),
        (ex("名单中的单位都报送了。", recipe="roster", args=(("甲局", "乙局"), ("甲局", "乙局"))),),
    ),
    "R602": RuleExamples(
        (
            ex(
                "收到“丙局”的报告，但名单中没有这个单位。",
                recipe="roster",
                args=(("甲局",), ("甲局", "丙局")),
            ),
        ),
        (ex("收到的报告都来自名单中的单位。", recipe="roster", args=(("甲局",), ("甲局",))),),
    ),
    "R603": RuleExamples(
        (ex("“甲局”报送了两份文件。", recipe="roster", args=(("甲局",), ("甲局", "甲局"))),),
        (ex("“甲局”报送了一份文件。", recipe="roster", args=(("甲局",), ("甲局",))),),
    ),
    "R604": RuleExamples(
        (
            ex(
                "2025 年度汇总时，“乙局”报送的报告封面为 2024 年度。",
                recipe="roster",
                args=(("甲局", "乙局", "丙局"), ("甲局", "乙局:2024", "丙局")),
            ),
        ),
        (ex("报告年度都是 2025。", recipe="roster", args=(("甲局", "乙局"), ("甲局", "乙局"))),),
    ),
    "R605": RuleExamples(
        (
            ex(
                "2025 年度汇总时，“乙局”使用了 2019 格式的表格。",
                recipe="roster",
                args=(("甲局", "乙局", "丙局"), ("甲局", "乙局:2025:2019", "丙局")),
            ),
        ),
        (
            ex(
                "都使用 2021 格式的表格。",
                recipe="roster",
                args=(("甲局", "乙局"), ("甲局", "乙局")),
            ),
        ),
    ),
    "R606": RuleExamples(
        (
            ex(
                "一份报告的封面没有填单位名称和代码。",
                recipe="roster",
                args=(("甲局",), ("甲局", "")),
            ),
        ),
        (ex("每份报告都填了单位名称。", recipe="roster", args=(("甲局",), ("甲局",))),),
    ),
    "R607": RuleExamples(
        (
            ex(
                "封面单位代码与名单一致，单位名称却是旧名称“甲局旧称”。",
                recipe="roster_renamed",
                args=("甲局", "甲局旧称"),
            ),
        ),
        (ex("封面的单位名称和代码都与名单一致。", recipe="roster_renamed", args=("甲局", "甲局")),),
    ),
    "R608": RuleExamples(
        (ex("“乙局”交回的是没有填写任何数字的模板。", recipe="roster_empty"),),
        (
            ex(
                "名单中的单位都报送了填好的报表。",
                recipe="roster",
                args=(("甲局", "乙局"), ("甲局", "乙局")),
            ),
        ),
    ),
    "R609": RuleExamples(
        (ex("“乙局”交来的是“乙局年报.docx”。", recipe="roster_document"),),
        (
            ex(
                "名单中的单位都报送了表格。",
                recipe="roster",
                args=(("甲局", "乙局"), ("甲局", "乙局")),
            ),
        ),
    ),
    "R610": RuleExamples(
        (ex("“乙局报表.xlsx”的封面没有填单位名称和代码。", recipe="roster_file_name"),),
        (ex("每份报告都填了单位名称。", recipe="roster", args=(("甲局",), ("甲局",))),),
    ),
}
