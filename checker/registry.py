"""The one registry of every rule the checker can report.

Arithmetic rules come from the form specs (``templates/*.json``); the rules
below are those implemented in code (structure, values, plausibility, …).
Ids are stable forever and never reused. ``docs/rules.md`` is generated from
this registry (``python -m checker.report.rules_doc``) and a test keeps it current.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from declaration.spec import all_specs


@dataclass(frozen=True)
class RuleInfo:
    id: str
    name: str
    severity: str
    title: str
    message: str
    explanation: str
    fix: str
    source: str  # "spec" or "code"
    formats: tuple[str, ...] = ()


def _code(
    id: str, name: str, severity: str, title: str, message: str, explanation: str, fix: str
) -> RuleInfo:
    return RuleInfo(id, name, severity, title, message, explanation, fix, "code")


CODE_RULES: tuple[RuleInfo, ...] = (
    # -- S: structure ----------------------------------------------------------
    _code(
        "S101",
        "missing-sheet",
        "error",
        "缺少工作表",
        "缺少工作表“{sheet}”",
        "模板中的每张表都必须保留。缺少整张表时，该表的全部数据无法核对。",
        "使用下发的模板重新填报，不要删除或重命名工作表。",
    ),
    _code(
        "S102",
        "label-changed",
        "error",
        "标签被改动",
        "标签与官方格式不一致：应为“{expected}”，实为“{found}”",
        "行列标签必须与国办公开办函规定的格式逐字一致。标签实质性改动后，无法确认该行（列）数据的含义。",
        "把标签改回官方文字；如需说明，写在报告正文中。",
    ),
    _code(
        "S103",
        "label-cosmetic",
        "warning",
        "标签格式差异",
        "标签有非实质差异（空格、换行或全角/半角标点）：应为“{expected}”",
        "空格、换行、全角半角标点的差异不影响含义，但发布的报告应与官方格式一致。",
        "把标签改回官方文字。",
    ),
    _code(
        "S104",
        "inserted",
        "warning",
        "插入了行或列",
        "插入了官方格式中没有的{what}“{found}”",
        "官方格式不允许增加行列。插入的内容不参与计算，其余数据已按标签重新对齐后核对。",
        "删除插入的行（列），必要的说明写在报告正文中。",
    ),
    _code(
        "S105",
        "deleted",
        "error",
        "缺少行或列",
        "缺少官方格式中的{what}“{expected}”",
        "官方格式的每一行、每一列都必须保留；缺少的数据按空白处理，相关校验可能因此不成立。",
        "使用下发的模板，补回缺少的行（列）。",
    ),
    _code(
        "S106",
        "moved",
        "warning",
        "行或列顺序被调整",
        "{what}“{expected}”的位置被移动了",
        "行列顺序应与官方格式一致。数据已按标签重新对齐后核对。",
        "按官方格式的顺序排列。",
    ),
    _code(
        "S110",
        "total-overwritten",
        "error",
        "总计公式被改成数值",
        "总计单元格应为公式 {expected}，实为手工填写的数值 {found}",
        "模板中的总计由公式自动计算。改成手填数值后，修改明细不会再更新总计，容易造成不平。",
        "恢复公式（或重新使用下发的模板）。",
    ),
    _code(
        "S111",
        "total-formula-changed",
        "error",
        "总计公式被改动",
        "总计公式应为 {expected}，实为 {found}",
        "总计公式被改动后可能漏算或多算某些单元格。",
        "恢复模板中的原公式。",
    ),
    _code(
        "S112",
        "protection-removed",
        "warning",
        "工作表保护被取消",
        "工作表“{sheet}”的保护已被取消",
        "模板对标签和公式加了保护，防止误改。保护被取消后，标签和公式可能被改动。",
        "使用下发的模板填报，不要撤销工作表保护。",
    ),
    _code(
        "S113",
        "identified-by-labels",
        "warning",
        "未使用下发模板",
        "文件中没有模板标识，已按标签识别为{format}格式",
        "未使用下发模板（例如把表格复制到新工作簿），无法确认版本，公式和保护也可能缺失。",
        "使用下发的模板重新填报。",
    ),
    _code(
        "S114",
        "unknown-format",
        "error",
        "无法识别格式",
        "无法识别报表格式：既没有模板标识，也找不到官方格式的表格标签",
        "检查程序只能核对国办公开办函〔2019〕60号或〔2021〕30号规定的表格。",
        "使用下发的模板填报。",
    ),
    _code(
        "S115",
        "wrong-format-for-year",
        "error",
        "格式与年度不符",
        "{year} 年度报告应使用{expected}，实际使用的是{found}",
        "2019、2020 年度报告使用国办公开办函〔2019〕60号格式，2021 年度起使用国办公开办函〔2021〕30号格式。",
        "使用与报告年度对应的模板重新填报。",
    ),
    _code(
        "S116",
        "cover-incomplete",
        "warning",
        "封面信息不全",
        "封面“{field}”未填写",
        "单位名称和报告年度用于汇总和跨年度核对，缺少时无法对应到单位。",
        "在封面填写单位名称和报告年度。",
    ),
    # -- V: values ----------------------------------------------------------------
    _code(
        "V201",
        "blank",
        "info",
        "空白单元格",
        "空白单元格按 0 计",
        "官方格式允许空白，空白按 0 计入合计；但空白与 0 含义不同，建议填 0。",
        "没有数据的单元格填 0。",
    ),
    _code(
        "V202",
        "number-as-text",
        "warning",
        "数字以文本形式存储",
        "数字以文本形式存储：“{found}”，已按 {expected} 计",
        "文本形式的数字在 Excel 中不参与求和，模板中的总计会因此偏小。",
        "把单元格改为数值格式后重新输入。",
    ),
    _code(
        "V203",
        "fullwidth-digits",
        "warning",
        "全角数字",
        "使用了全角数字或符号：“{found}”，已按 {expected} 计",
        "全角数字在 Excel 中是文本，不参与求和。",
        "用半角（英文输入法）重新输入数字。",
    ),
    _code(
        "V204",
        "thousands-separator",
        "warning",
        "千分位分隔符",
        "数字中含有分隔符：“{found}”，已按 {expected} 计",
        "手工输入的千分位逗号会使数字变成文本。",
        "直接输入数字，不要手工加逗号。",
    ),
    _code(
        "V205",
        "none-marker",
        "warning",
        "以符号表示无",
        "单元格填写了“{found}”，已按 0 计",
        "“无”“/”“-”等符号不是数字，不参与求和；官方格式要求填写数字。",
        "没有数据的单元格填 0。",
    ),
    _code(
        "V206",
        "unit-in-cell",
        "warning",
        "单元格内含单位",
        "单元格内含单位：“{found}”，已换算为 {expected} 万元",
        "金额单位为万元，应只填写数字；含单位的内容是文本，不参与计算。",
        "换算成万元后只填写数字。",
    ),
    _code(
        "V207",
        "signed-text",
        "warning",
        "增减写成文字",
        "本年增/减写成了“{found}”，已按 {expected} 计",
        "本年增/减应填写带符号的数字（减少填负数）。",
        "增加填正数，减少填负数，例如 -4。",
    ),
    _code(
        "V210",
        "not-a-number",
        "error",
        "不是数字",
        "应填写数字，实为“{found}”",
        "该单元格应填写{kind}，文字无法计入合计。",
        "填写数字；需要说明的内容写在报告正文中。",
    ),
    _code(
        "V211",
        "negative-count",
        "error",
        "件数为负数",
        "件数不能为负数：{found}",
        "申请、办理结果、复议诉讼等件数只能是非负整数。",
        "核实后填写正确的件数。",
    ),
    _code(
        "V212",
        "fractional-count",
        "error",
        "件数含小数",
        "件数应为整数：{found}",
        "件数只能是整数。",
        "核实后填写整数。",
    ),
    _code(
        "V213",
        "date-value",
        "error",
        "数字被识别为日期",
        "单元格的内容被 Excel 识别成了日期（{found}）",
        "输入“1-2”“3/4”等内容时 Excel 会自动转成日期，数值已无法确定。",
        "把单元格格式改为“常规”或“数值”后重新输入数字。",
    ),
    _code(
        "V214",
        "error-value",
        "error",
        "错误值",
        "单元格为错误值 {found}",
        "#REF!、#VALUE! 等错误值通常是公式引用被破坏造成的。",
        "恢复公式或重新输入数值。",
    ),
    _code(
        "V215",
        "unit-mismatch",
        "error",
        "单位无法换算",
        "单元格内容“{found}”带有无法确认的单位",
        "只有金额单元格可以换算“万”“元”；件数单元格不应带单位。",
        "只填写数字。",
    ),
    _code(
        "V216",
        "formula-without-result",
        "error",
        "公式没有计算结果",
        "单元格是公式 {found}，但文件中没有保存计算结果，无法确定数值",
        "填报数据的单元格中是公式，而文件没有保存它的结果（文件由脚本生成，或公式本身有误），检查程序不计算公式，只能把它当作未知。",
        "在 Excel 或 WPS 中打开文件，确认公式正确（或直接填写数字），按 F9 重新计算后保存。",
    ),
    # -- A: arithmetic (code part) -----------------------------------------------
    _code(
        "A305",
        "stale-cached-value",
        "warning",
        "缓存值与重新计算不一致",
        "文件中保存的计算结果为 {found}，按填报数据重新计算应为 {expected}",
        "总计的缓存值与明细不一致，说明文件由脚本生成或在不重新计算的软件中修改过；打印或发布的数字可能是旧的。",
        "在 Excel 或 WPS 中打开文件，按 F9 重新计算后保存。",
    ),
    # -- P: plausibility --------------------------------------------------------
    _code(
        "P402",
        "other-handling-share",
        "warning",
        "其他处理占比偏高",
        "（六）其他处理占全部办理结果的 {found}，占比偏高",
        "通知要求主管部门高度关注“其他处理”：原则上所有申请都应按法定方式处理。",
        "核实“其他处理”的每一件，能归入法定处理方式的归入相应项目。",
    ),
    _code(
        "P403",
        "total-without-detail",
        "warning",
        "只填了总计",
        "“总计”有数（{found}），但各类申请人均为空白",
        "只填总计、不分申请人类别，无法反映申请人情况。",
        "按申请人类别分别填写。",
    ),
    # -- X: cross-year (code part) ----------------------------------------------
    _code(
        "X503",
        "year-on-year-jump",
        "info",
        "与上年相比变化大",
        "{label}由上年的 {prior} 变为 {found}（{change}）",
        "本年新收申请、行政复议、行政诉讼的总数与上年相比变化超过 3 倍且相差 20 件以上。数字可能是对的，但也常见于填错行列或多填一位数。",
        "核实该数字；确实如此的，可在报告正文中说明原因。",
    ),
    _code(
        "X504",
        "prior-missing",
        "info",
        "未找到上年报告",
        "{reason}，未做跨年度核对",
        "跨年度核对（上年结转、现行有效件数衔接）需要同一单位上一年度的报告，按单位代码、其次按单位名称对应。",
        "把该单位上一年度的报告放入上年回收文件夹；单位名称或代码变更的，使封面与上年一致。",
    ),
    # -- R: roster ------------------------------------------------------------------
    _code(
        "R601",
        "missing-return",
        "error",
        "未报送",
        "{office} 未报送",
        "单位名单中的每个单位都应报送一份报告；回收文件夹中找不到该单位的报告（按单位代码、其次按单位名称对应）。",
        "催报；已报送的，核对封面单位名称、单位代码是否与名单一致。",
    ),
    _code(
        "R602",
        "unknown-office",
        "warning",
        "名单外单位",
        "{file}：单位“{office}”不在名单中",
        "报告封面的单位代码和单位名称都对应不到名单中的单位，可能是名称写法不同，也可能是误收的文件。",
        "核对封面单位名称、单位代码；确属应报单位的，把它加入名单。",
    ),
    _code(
        "R603",
        "duplicate-return",
        "error",
        "重复报送",
        "{office} 报送了 {count} 份文件：{files}",
        "同一单位有多份报告时，无法确定以哪一份为准，汇总会重复计算。",
        "与该单位确认最终版本，只保留一份。",
    ),
    _code(
        "R604",
        "wrong-year",
        "error",
        "报告年度不符",
        "{file}：报告年度为 {found} 年，本次应报送 {expected} 年度",
        "回收的报告应为本次汇总的年度；其他年度的报告（例如误交了去年的文件）不能汇总。",
        "请该单位报送本年度的报告。",
    ),
    _code(
        "R605",
        "old-format",
        "error",
        "使用旧格式",
        "{file}：使用了{found}格式，{year} 年度应使用{expected}格式",
        "2019、2020 年度使用国办公开办函〔2019〕60号格式，2021 年度起使用国办公开办函〔2021〕30号格式；用错格式的报告无法与其他单位汇总。",
        "请该单位使用本年度下发的模板重新填报。",
    ),
    _code(
        "R606",
        "unidentified-return",
        "warning",
        "无法对应单位",
        "{file}：读不出单位名称和单位代码，无法对应到名单",
        "封面没有填写单位名称和单位代码，或文件无法读取，不知道是哪个单位的报告。",
        "在封面填写单位名称（和单位代码），或使用下发的模板。",
    ),
    _code(
        "R607",
        "office-mismatch",
        "warning",
        "单位信息与名单不一致",
        "{file}：封面{field}“{found}”与名单“{expected}”不一致（已按{by}对应）",
        "报告按单位代码（其次按单位名称）对应到名单；另一项与名单不一致，可能是单位更名、代码填错或用了别的单位的模板。",
        "核实后改正封面或名单。",
    ),
    # -- F: files (what the file is, before any table is read) -----------------------
    _code(
        "F001",
        "file-unreadable",
        "error",
        "无法打开文件",
        "{reason}",
        "文件不存在、是文件夹、是空文件或没有读取权限，检查程序无法打开它；批量检查中的其他文件照常检查。",
        "按提示确认文件路径和权限，或向填报单位重新索取文件。",
    ),
    _code(
        "F002",
        "encrypted",
        "error",
        "文件已加密",
        "文件“{file}”设置了打开密码（已加密），无法读取。请填报单位另存一份不设密码的副本重新提交（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码后保存；WPS：文件 → 文档加密 → 密码加密，清空密码后保存）。",
        "设置了打开密码的工作簿整个被加密，不知道密码就读不出任何内容。",
        "请填报单位另存一份不设打开密码的副本重新提交（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码后保存）。",
    ),
    _code(
        "F003",
        "damaged",
        "error",
        "文件已损坏",
        "{reason}",
        "文件的压缩结构或内部数据校验失败，常见原因是下载、复制或邮件传送中断。",
        "用 Excel 或 WPS 打开确认；无法打开的，向填报单位重新索取文件。",
    ),
    _code(
        "F004",
        "not-a-workbook",
        "error",
        "不是 Excel 工作簿",
        "文件“{file}”{what}，不是 Excel 工作簿，无法检查。请用 Excel 或 WPS 打开填好的年报表格，选择 文件 → 另存为 → Excel 工作簿 (*.xlsx)，重新提交 .xlsx 文件。",
        "扩展名像表格，内容却是网页、PDF、Word 文档或其他文件，检查程序无法读取其中的表格。",
        "用 Excel 或 WPS 打开填好的年报表格，选择 文件 → 另存为 → Excel 工作簿 (*.xlsx)，重新提交。",
    ),
    _code(
        "F005",
        "legacy-format",
        "warning",
        "不是 .xlsx 格式",
        "文件“{file}”是{found}，不是 .xlsx 工作簿：已读取数值和标签并核对，但总计公式完整性、工作表保护、模板标识（版本）无法检查。请用 Excel 或 WPS 打开后选择 文件 → 另存为 → Excel 工作簿 (*.xlsx)，重新提交。",
        ".xls、WPS .et、.ods、.xlsb、.csv 文件能读出数值和标签，但读不出模板的公式、保护和标识，这些检查没有进行；.csv 只保存了一张表。",
        "用 Excel 或 WPS 打开后选择 文件 → 另存为 → Excel 工作簿 (*.xlsx)，重新提交。",
    ),
    _code(
        "F006",
        "macros",
        "warning",
        "含有宏",
        "文件“{file}”含有宏（VBA 代码）。下发的模板不含宏，检查程序不运行宏，只读取数据。请选择 文件 → 另存为 → Excel 工作簿 (*.xlsx) 另存为不含宏的工作簿后重新提交。",
        "下发的模板不含宏。含宏的文件可能被改动过计算方式，打开时也有安全风险；检查程序不运行宏，只读取数据。",
        "把工作表内容另存为不含宏的 Excel 工作簿 (*.xlsx) 后重新提交。",
    ),
    _code(
        "F007",
        "resource-limit",
        "error",
        "文件超出读取上限",
        "{reason}",
        "正常的年报表格只有几十 KB。文件、内部部件或解压后的内容超过上限（或压缩比异常，疑似“压缩炸弹”）时停止读取，避免一个异常文件拖垮整批检查。",
        "确认是否提交错了文件；删除多余的工作表、行列和图片后重新保存，或向填报单位重新索取文件。",
    ),
    _code(
        "F008",
        "external-links",
        "warning",
        "含外部链接",
        "文件“{file}”含有指向其他文件的外部链接：{found}。在其他电脑上这些公式取不到值，请把相关公式改为数值（复制 → 选择性粘贴 → 数值）并断开链接后重新提交。",
        "引用其他工作簿的公式在别的电脑上打开时取不到值或取到旧值，报表的数字可能与填报人看到的不同。",
        "把引用外部文件的公式改为数值（复制 → 选择性粘贴 → 数值），再断开链接（数据 → 编辑链接 → 断开链接）。",
    ),
    _code(
        "F009",
        "hidden-sheets",
        "warning",
        "含隐藏工作表",
        "文件“{file}”含有隐藏的工作表：{found}。隐藏的表中可能有与报表不一致的数据，请取消隐藏并删除不需要的工作表后重新提交。",
        "模板只有一张深度隐藏的标识表（_xxgk）。其他隐藏的工作表可能藏有与报表不一致的数据，审核时容易遗漏。",
        "取消隐藏（右键工作表标签 → 取消隐藏），删除不需要的工作表后重新提交。",
    ),
    _code(
        "F010",
        "long-text",
        "warning",
        "单元格文字过长",
        "单元格文字共 {found} 个字符，超过 Excel 单元格上限 {expected}，只读取了前 {expected} 个字符。",
        "Excel 一个单元格最多容纳 32767 个字符，更长的内容只能由其他程序写入，可能是误粘贴或异常文件。",
        "删除误粘贴的内容，说明性文字写在报告正文中。",
    ),
)


@lru_cache(maxsize=1)
def registry() -> dict[str, RuleInfo]:
    """Every rule by id: code rules plus the rules of every spec."""
    rules: dict[str, RuleInfo] = {r.id: r for r in CODE_RULES}
    for spec in all_specs():
        for r in spec.rules:
            if r.id in rules and rules[r.id].source == "code":
                raise ValueError(f"规则 {r.id} 在代码和规格中重复定义")
            prev = rules.get(r.id)
            formats = (prev.formats if prev else ()) + (spec.format,)
            rules[r.id] = RuleInfo(
                r.id,
                r.name,
                r.severity,
                r.title,
                r.message,
                r.explanation,
                "核实相关单元格的数字后修改，使等式成立。",
                "spec",
                formats,
            )
    return dict(sorted(rules.items()))


def rule_info(rule_id: str) -> RuleInfo:
    return registry()[rule_id]
