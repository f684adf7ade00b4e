"""S rules: structure."""

from __future__ import annotations

from checker.registry.examples import CLEAN, T3, RuleExamples, ex
from checker.registry.rule import RuleInfo, code_rule

RULES: tuple[RuleInfo, ...] = (
    code_rule(
        "S101",
        "missing-sheet",
        "error",
        "缺少工作表",
        "缺少工作表“{sheet}”",
        "模板中的每张表都必须保留。缺少整张表时，该表的全部数据无法核对。",
        "使用下发的模板重新填报，不要删除或重命名工作表。",
    ),
    code_rule(
        "S102",
        "label-changed",
        "error",
        "标签被改动",
        "标签与官方格式不一致：应为“{expected}”，实为“{found}”",
        "行列标签必须与国办公开办函规定的格式逐字一致。标签实质性改动后，无法确认该行（列）数据的含义。",
        "把标签改回官方文字；如需说明，写在报告正文中。",
    ),
    code_rule(
        "S103",
        "label-cosmetic",
        "warning",
        "标签格式差异",
        "标签有非实质差异（空格、换行或全角/半角标点）：应为“{expected}”",
        "空格、换行、全角半角标点的差异不影响含义，但发布的报告应与官方格式一致。",
        "把标签改回官方文字。",
    ),
    code_rule(
        "S104",
        "inserted",
        "warning",
        "插入了行或列",
        "插入了官方格式中没有的{what}“{found}”",
        "官方格式不允许增加行列。插入的内容不参与计算，其余数据已按标签重新对齐后核对。",
        "删除插入的行（列），必要的说明写在报告正文中。",
    ),
    code_rule(
        "S105",
        "deleted",
        "error",
        "缺少行或列",
        "缺少官方格式中的{what}“{expected}”",
        "官方格式的每一行、每一列都必须保留；缺少的数据按空白处理，相关校验可能因此不成立。",
        "使用下发的模板，补回缺少的行（列）。",
    ),
    code_rule(
        "S106",
        "moved",
        "warning",
        "行或列顺序被调整",
        "{what}“{expected}”的位置被移动了",
        "行列顺序应与官方格式一致。数据已按标签重新对齐后核对。",
        "按官方格式的顺序排列。",
    ),
    code_rule(
        "S111",
        "total-formula-changed",
        "error",
        "总计公式被改动",
        "总计公式应为 {expected}，实为 {found}",
        "总计公式被改动后可能漏算或多算某些单元格。",
        "恢复模板中的原公式。",
    ),
    code_rule(
        "S112",
        "protection-removed",
        "warning",
        "工作表保护被取消",
        "工作表“{sheet}”的保护已被取消",
        "模板对标签和公式加了保护，防止误改。保护被取消后，标签和公式可能被改动。",
        "使用下发的模板填报，不要撤销工作表保护。",
    ),
    code_rule(
        "S113",
        "identified-by-labels",
        "warning",
        "未使用下发模板",
        "文件中没有模板标识，已按标签识别为{format}格式",
        "未使用下发模板（例如把表格复制到新工作簿），无法确认版本，公式和保护也可能缺失。",
        "使用下发的模板重新填报。",
    ),
    code_rule(
        "S114",
        "unknown-format",
        "error",
        "无法识别格式",
        "无法识别报表格式：既没有模板标识，也找不到官方格式的表格标签",
        "检查程序只能核对国办公开办函〔2019〕60号或〔2021〕30号规定的表格。",
        "使用下发的模板填报。",
    ),
    code_rule(
        "S115",
        "wrong-format-for-year",
        "error",
        "格式与年度不符",
        "{year} 年度报告应使用{expected}，实际使用的是{found}",
        "2019、2020 年度报告使用国办公开办函〔2019〕60号格式，2021 年度起使用国办公开办函〔2021〕30号格式。",
        "使用与报告年度对应的模板重新填报。",
    ),
    code_rule(
        "S116",
        "cover-incomplete",
        "warning",
        "封面信息不全",
        "封面“{field}”未填写",
        "单位名称和报告年度用于汇总和跨年度核对，缺少时无法对应到单位。",
        "在封面填写单位名称和报告年度。",
    ),
    code_rule(
        "S117",
        "total-typed-correct",
        "warning",
        "总计公式被数值替换（数值正确）",
        "总计单元格的公式 {expected} 被替换成了数值 {found}；该数值与明细之和一致",
        "数值目前是对的，但公式已不在：以后修改明细时总计不会随之更新，容易造成不平。",
        "恢复公式（或重新使用下发的模板）；数值无需修改。",
    ),
    code_rule(
        "S118",
        "sheet-renamed",
        "warning",
        "工作表被改名",
        "表格所在的工作表被改名：{found}",
        "表格已按标签找到并核对，但工作表名称应与下发模板一致，便于汇总和查阅。",
        "把工作表名称改回模板中的名称。",
    ),
)

# A failing and a passing example of each rule: run as tests, shown in docs/rules.md.
EXAMPLES: dict[str, RuleExamples] = {
    "S101": RuleExamples(
        (
            ex(
                "删除了“四、政府信息公开行政复议、行政诉讼情况”工作表。",
                recipe="delete_sheet",
                args=("t4",),
            ),
        ),
        (CLEAN,),
    ),
    "S102": RuleExamples(
        (
            ex(
                "把“（六）其他处理”改成了“（六）其他”。",
                recipe="relabel",
                args=(T3, "（六）其他处理", "（六）其他"),
            ),
        ),
        (
            ex(
                "标签保持官方文字。",
                recipe="relabel",
                args=(T3, "（六）其他处理", "（六）其他处理"),
            ),
        ),
    ),
    "S103": RuleExamples(
        (
            ex(
                "标签写成“（一） 予以公开”，多了一个空格。",
                recipe="relabel",
                args=(T3, "（一）予以公开", "（一） 予以公开"),
            ),
        ),
        (CLEAN,),
    ),
    "S104": RuleExamples(
        (
            ex(
                "在表三“（一）予以公开”下面插入了一行“其中：网上申请”。",
                recipe="insert_row",
                args=(T3, "（一）予以公开", "其中：网上申请"),
            ),
        ),
        (CLEAN,),
    ),
    "S105": RuleExamples(
        (
            ex(
                "删除了表三“8.属于行政查询事项”一行。",
                recipe="delete_row",
                args=(T3, "8.属于行政查询事项"),
            ),
        ),
        (CLEAN,),
    ),
    "S106": RuleExamples(
        (
            ex(
                "把表三“2.重复申请”挪到了“1.信访举报投诉类申请”之前。",
                recipe="swap_rows",
                args=(T3, "1.信访举报投诉类申请", "2.重复申请"),
            ),
        ),
        (CLEAN,),
    ),
    "S117": RuleExamples(
        (
            ex(
                "复制粘贴“值”时，“一、本年新收”的总计公式被替换成了数值，数值与各列之和一致。",
                recipe="typed_total",
                args=("t3.new.total", 0),
            ),
        ),
        (CLEAN,),
    ),
    "S118": RuleExamples(
        (ex("把表三所在的工作表改名为“Sheet3”。", recipe="rename_sheet", args=(T3, "Sheet3")),),
        (CLEAN,),
    ),
    "S111": RuleExamples(
        (
            ex(
                "“一、本年新收”的总计公式被改成只加前五列。",
                recipe="formula",
                args=("t3.new.total", "SUM(D6:H6)"),
            ),
        ),
        (CLEAN,),
    ),
    "S112": RuleExamples(
        (ex("撤销了各表的工作表保护。", recipe="unprotect"),),
        (CLEAN,),
    ),
    "S113": RuleExamples(
        (ex("把表格复制到一个新建的工作簿后报送（没有模板标识）。", recipe="no_identity"),),
        (CLEAN,),
    ),
    "S114": RuleExamples(
        (ex("报送的是自行设计的统计表，没有官方格式的表格。", recipe="foreign_tables"),),
        (CLEAN,),
    ),
    "S115": RuleExamples(
        (ex("2022 年度报告仍使用 2019 格式的表格。", fmt="2019", year=2022),),
        (ex("2020 年度报告使用 2019 格式的表格。", fmt="2019", year=2020),),
    ),
    "S116": RuleExamples(
        (ex("封面“单位名称”一栏为空。", recipe="cover_blank", args=("unit",)),),
        (CLEAN,),
    ),
}
