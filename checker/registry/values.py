"""V rules: values."""

from __future__ import annotations

from checker.registry.examples import CLEAN, T3, RuleExamples, ex
from checker.registry.rule import RuleInfo, code_rule

RULES: tuple[RuleInfo, ...] = (
    code_rule(
        "V201",
        "blank",
        "info",
        "空白单元格",
        "空白单元格按 0 计",
        "官方格式允许空白，空白按 0 计入合计；但空白与 0 含义不同，建议填 0。",
        "没有数据的单元格填 0。",
    ),
    code_rule(
        "V202",
        "number-as-text",
        "warning",
        "数字以文本形式存储",
        "数字以文本形式存储：“{found}”，已按 {expected} 计",
        "文本形式的数字在 Excel 中不参与求和，模板中的总计会因此偏小。",
        "把单元格改为数值格式后重新输入。",
    ),
    code_rule(
        "V203",
        "fullwidth-digits",
        "warning",
        "全角数字",
        "使用了全角数字或符号：“{found}”，已按 {expected} 计",
        "全角数字在 Excel 中是文本，不参与求和。",
        "用半角（英文输入法）重新输入数字。",
    ),
    code_rule(
        "V204",
        "thousands-separator",
        "warning",
        "千分位分隔符",
        "数字中含有分隔符：“{found}”，已按 {expected} 计",
        "手工输入的千分位逗号会使数字变成文本。",
        "直接输入数字，不要手工加逗号。",
    ),
    code_rule(
        "V205",
        "none-marker",
        "warning",
        "以符号表示无",
        "单元格填写了“{found}”，已按 0 计",
        "“无”“/”“-”等符号不是数字，不参与求和；官方格式要求填写数字。",
        "没有数据的单元格填 0。",
    ),
    code_rule(
        "V206",
        "unit-in-cell",
        "warning",
        "单元格内含单位",
        "单元格内含单位：“{found}”，已换算为 {expected} 万元",
        "金额单位为万元，应只填写数字；含单位的内容是文本，不参与计算。",
        "换算成万元后只填写数字。",
    ),
    code_rule(
        "V207",
        "signed-text",
        "warning",
        "增减写成文字",
        "本年增/减写成了“{found}”，已按 {expected} 计",
        "本年增/减应填写带符号的数字（减少填负数）。",
        "增加填正数，减少填负数，例如 -4。",
    ),
    code_rule(
        "V210",
        "not-a-number",
        "error",
        "不是数字",
        "应填写数字，实为“{found}”",
        "该单元格应填写{kind}，文字无法计入合计。",
        "填写数字；需要说明的内容写在报告正文中。",
    ),
    code_rule(
        "V211",
        "negative-count",
        "error",
        "件数为负数",
        "件数不能为负数：{found}",
        "申请、办理结果、复议诉讼等件数只能是非负整数。",
        "核实后填写正确的件数。",
    ),
    code_rule(
        "V212",
        "fractional-count",
        "error",
        "件数含小数",
        "件数应为整数：{found}",
        "件数只能是整数。",
        "核实后填写整数。",
    ),
    code_rule(
        "V213",
        "date-value",
        "error",
        "数字被识别为日期",
        "单元格的内容被 Excel 识别成了日期（{found}）",
        "输入“1-2”“3/4”等内容时 Excel 会自动转成日期，数值已无法确定。",
        "把单元格格式改为“常规”或“数值”后重新输入数字。",
    ),
    code_rule(
        "V214",
        "error-value",
        "error",
        "错误值",
        "单元格为错误值 {found}",
        "#REF!、#VALUE! 等错误值通常是公式引用被破坏造成的。",
        "恢复公式或重新输入数值。",
    ),
    code_rule(
        "V215",
        "unit-mismatch",
        "error",
        "单位无法换算",
        "单元格内容“{found}”带有无法确认的单位",
        "只有金额单元格可以换算“万”“元”；件数单元格不应带单位。",
        "只填写数字。",
    ),
    code_rule(
        "V216",
        "formula-without-result",
        "error",
        "公式没有计算结果",
        "单元格是公式 {found}，但文件中没有保存计算结果，无法确定数值",
        "填报数据的单元格中是公式，而文件没有保存它的结果（文件由脚本生成，或公式本身有误），检查程序不计算公式，只能把它当作未知。",
        "在 Excel 或 WPS 中打开文件，确认公式正确（或直接填写数字），按 F9 重新计算后保存。",
    ),
    code_rule(
        "V208",
        "chinese-zero",
        "warning",
        "零写成汉字",
        "单元格填写了“{found}”，已按 0 计",
        "“〇”“零”是文字，不是数字，在 Excel 中不参与求和，模板中的总计会因此不对。",
        "用半角数字 0 重新输入。",
    ),
    code_rule(
        "V209",
        "formula-as-text",
        "error",
        "公式被存成文字",
        "单元格格式为“文本”，输入的公式被当作文字保存，没有计算：“{found}”",
        "单元格的数字格式是“文本”时，输入的公式不会计算，只作为文字保存；直接重新输入仍是文字。",
        "选中单元格，把格式改为“常规”（开始 → 数字 → 常规；WPS：右键 → 设置单元格格式 → 常规），再双击单元格（或按 F2）后回车，公式即重新计算；也可以直接填写数字。",
    ),
    code_rule(
        "V217",
        "empty-form",
        "error",
        "报表未填写",
        "报表未填写：各表中没有填写任何数字",
        "模板原样交回、一个数字都没有填写，无法判断该单位是没有发生相关事项还是漏填。确实没有发生的事项应填 0。",
        "填写各表数字后重新报送；没有发生的事项填 0。",
    ),
    code_rule(
        "V218",
        "breakdown-missing",
        "error",
        "未按申请人类别填写",
        "表三只填写了“总计”列，六类申请人各列均为空白（共 {found} 行）",
        "表三须按自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六类申请人分别填写，“总计”由各列相加得出。只填总计时，按申请人类别的统计缺失，各行总计也无从核对。",
        "按申请人类别分别填写各列，“总计”列使用模板中的公式。",
    ),
    code_rule(
        "V219",
        "formula-in-input",
        "warning",
        "填数的单元格是公式",
        "单元格是公式 {found}，按文件中保存的计算结果 {expected} 计入；填报数据的单元格应直接填写数字",
        "模板中填报数据的单元格只填数字。公式的结果取决于它引用的单元格，数字可能与填报人看到的不同；检查程序不计算公式，只采用文件中保存的结果，并在此说明。",
        "确认结果无误后，把公式改为数值（复制 → 选择性粘贴 → 数值）后保存。",
    ),
    code_rule(
        "V220",
        "external-call-formula",
        "error",
        "公式调用外部程序或网络",
        "单元格是调用外部程序或网络的公式 {found}（DDE、WEBSERVICE 等），文件中保存的结果不予采用",
        "DDE（如 cmd|' /C calc'!A0）、WEBSERVICE、RTD、CALL 等公式在打开文件时会运行其他程序或访问网络，常见于恶意文件；其结果不是填报人填写的数字。",
        "删除该公式，直接填写数字后重新提交；不要在 Excel 中启用这类文件的“更新链接”或“启用内容”。",
    ),
)

# A failing and a passing example of each rule: run as tests, shown in docs/rules.md.
EXAMPLES: dict[str, RuleExamples] = {
    "V201": RuleExamples(
        (ex("表三“科研机构”一列全部空白。", recipe="blank_column", args=(T3, "research")),),
        (ex("没有数据的单元格填 0。"),),
    ),
    "V202": RuleExamples(
        (ex("“本年新收 · 自然人”是文本“12”。", typed={"t3.new.natural": "12"}),),
        (ex("“本年新收 · 自然人”是数字 12。", typed={"t3.new.natural": 12}),),
    ),
    "V203": RuleExamples(
        (ex("用中文输入法输入了“１２”（全角数字）。", typed={"t4.main.review_upheld": "１２"}),),
        (ex("输入了半角数字 12。", typed={"t4.main.review_upheld": 12}),),
    ),
    "V204": RuleExamples(
        (ex("收费金额填成“1,200”。", typed={"t2.fees.amount": "1,200"}),),
        (ex("收费金额填成 1200。", typed={"t2.fees.amount": 1200}),),
    ),
    "V205": RuleExamples(
        (ex("没有数据的单元格填了“无”。", typed={"t3.declined_repeat.commercial": "无"}),),
        (ex("没有数据的单元格填 0。", typed={"t3.declined_repeat.commercial": 0}),),
    ),
    "V206": RuleExamples(
        (ex("收费金额填成“7433.99万”。", typed={"t2.fees.amount": "7433.99万"}),),
        (ex("收费金额填成 7433.99。", typed={"t2.fees.amount": 7433.99}),),
    ),
    "V207": RuleExamples(
        (ex("本年增/减填成“减4”。", typed={"t2.licensing.change": "减4"}, fmt="2019"),),
        (ex("本年增/减填成 -4。", typed={"t2.licensing.change": -4}, fmt="2019"),),
    ),
    "V208": RuleExamples(
        (ex("行政复议“其他结果”填了“〇”。", typed={"t4.main.review_other": "〇"}),),
        (ex("行政复议“其他结果”填了 0。", typed={"t4.main.review_other": 0}),),
    ),
    "V209": RuleExamples(
        (
            ex(
                "在格式为“文本”的单元格中输入了公式 =1+1，显示为文字。",
                typed={"t4.main.review_other": "=1+1"},
            ),
        ),
        (CLEAN,),
    ),
    "V210": RuleExamples(
        (ex("件数单元格中填了“见附件”。", typed={"t4.main.review_other": "见附件"}),),
        (CLEAN,),
    ),
    "V211": RuleExamples(
        (ex("行政复议“其他结果”填成了 -2。", typed={"t4.main.review_other": -2}),),
        (CLEAN,),
    ),
    "V212": RuleExamples(
        (ex("行政复议“其他结果”填成了 3.5。", typed={"t4.main.review_other": 3.5}),),
        (CLEAN,),
    ),
    "V213": RuleExamples(
        (
            ex(
                "输入“1-2”后被 Excel 变成了日期“1月2日”。",
                recipe="date",
                args=("t4.main.review_other",),
            ),
        ),
        (CLEAN,),
    ),
    "V214": RuleExamples(
        (ex("单元格显示 #REF!。", recipe="error_value", args=("t4.main.review_other", "#REF!")),),
        (CLEAN,),
    ),
    "V215": RuleExamples(
        (ex("收费金额填了“5件”。", typed={"t2.fees.amount": "5件"}),),
        (ex("收费金额填了“5万元”。", typed={"t2.fees.amount": "5万元"}),),
    ),
    "V216": RuleExamples(
        (
            ex(
                "行政复议“其他结果”一格是公式 =3+2，文件里没有保存计算结果。",
                recipe="formula_without_result",
                args=("t4.main.review_other", "3+2"),
            ),
        ),
        (CLEAN,),
    ),
    "V217": RuleExamples(
        (ex("下发的模板只填了单位名称就交了回来，一个数字也没有填写。", recipe="empty_form"),),
        (ex("没有发生的事项都填了 0。", recipe="all_zero"),),
    ),
    "V218": RuleExamples(
        (ex("表三只在“总计”列填写了各行数字，六类申请人各列全部空白。", recipe="totals_only"),),
        (
            ex(
                "只有“一、本年新收”一行只填了总计（一两行如此时逐行提示 P403）。",
                recipe="total_only",
                args=("t3.new", 6),
            ),
        ),
    ),
    "V219": RuleExamples(
        (
            ex(
                "行政复议“其他结果”一格填的是公式 =3+2，文件中保存了计算结果。",
                recipe="formula",
                args=("t4.main.review_other", "3+2"),
            ),
        ),
        (CLEAN,),
    ),
    "V220": RuleExamples(
        (
            ex(
                "行政复议“其他结果”一格是调用外部程序的公式 =cmd|' /C calc'!A0。",
                recipe="formula",
                args=("t4.main.review_other", "cmd|' /C calc'!A0"),
            ),
            ex(
                '行政复议“其他结果”一格是访问网络的公式 =WEBSERVICE("http://example.com/n")。',
                recipe="formula",
                args=("t4.main.review_other", 'WEBSERVICE("http://example.com/n")'),
            ),
        ),
        (CLEAN,),
    ),
}
