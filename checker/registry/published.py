"""D rules: published reports (web pages, Word files, PDFs, copied text) and repeats of last year."""

from __future__ import annotations

from checker.registry.examples import CLEAN_PAGE, RuleExamples, ex
from checker.registry.rule import RuleInfo, code_rule

RULES: tuple[RuleInfo, ...] = (
    code_rule(
        "D701",
        "no-report-tables",
        "error",
        "找不到年报表格",
        "文件“{file}”（{what}）中找不到政府信息公开工作年度报告的表格（表二、表三、表四的标签），无法核对数字。",
        "发布的报告按标签找出表二、表三、表四；一个标签也找不到时，文件可能不是年度报告，或表格是图片。",
        "确认提交的是年度报告本身；表格是图片的，请提供网页版、Word 版或由 Word/WPS 直接导出的 PDF。",
    ),
    code_rule(
        "D702",
        "no-text-layer",
        "error",
        "PDF 没有文字层",
        "文件“{file}”是扫描或图片生成的 PDF，没有文字层，读不出表格中的数字（不做猜测）。请提供网页版、Word 版或由 Word/WPS 直接导出的 PDF。",
        "扫描件只有图像，没有可读取的文字；靠识别图像猜数字会出错，因此不予核对。",
        "用 Word/WPS 打开原稿，选择 文件 → 另存为（或输出为）PDF，或直接提供 .docx / 网页。",
    ),
    code_rule(
        "D703",
        "needs-libreoffice",
        "error",
        "需要 LibreOffice 转换",
        "文件“{file}”是{what}，需要先用 LibreOffice 转换为 .docx 才能读取，但本机没有安装 LibreOffice。请安装 LibreOffice，或用 Word/WPS 把它另存为 .docx 后重新检查。",
        ".doc 和 .wps 是旧的二进制格式，检查程序借助 LibreOffice（无界面模式）转换后读取。",
        "安装 LibreOffice，或用 Word/WPS 另存为 Word 文档 (*.docx)。",
    ),
    code_rule(
        "D704",
        "label-variant",
        "warning",
        "标签有错字或改动",
        "标签与官方格式不一致：“{found}”已按“{expected}”读取",
        "发布的表格常有错字、漏字或改写（钩稽、先行有效件数、本年废纸件数、其他法律和行政法规……）。意思能唯一确定时按官方标签读取并提示；两个标签同样相近时不猜，该行按缺少处理。",
        "发布时把标签改回官方文字。",
    ),
    code_rule(
        "D705",
        "table-missing",
        "error",
        "缺少表格",
        "找不到“{table}”的表格",
        "年度报告必须包含官方格式的表二、表三、表四；缺少整张表时，该表的数字无法核对，按空白计。",
        "按官方格式补上该表格。",
    ),
    code_rule(
        "D707",
        "ambiguous-cell",
        "error",
        "无法确定数值所属的单元格",
        "无法确定数值：{reason}",
        "发布的表格中某行的单元格个数与官方格式不符，或同一行出现两次时，无法确定哪个数字属于哪一列。"
        "爬虫或“另存为文本”保存的报告中，一行的单元格连在一起（“……申请数量 12000012”）：数字个数等于单元格个数时只有一种分法，照此读取；"
        "否则每张表一条，列出各行的标签和数字。检查程序不猜测，这些行按空白计，用到它们的核对写明未做。",
        "按官方格式核对该行，每一列一个数字，不合并、不拆分单元格；单元格连在一起的文本，请改交网页原文、Word 版或 PDF。",
    ),
    code_rule(
        "D708",
        "count-with-unit",
        "warning",
        "件数带有单位",
        "单元格内含单位：“{found}”，已按 {expected} 计",
        "发布的表格中件数常带单位（“2笔”“3件”）。单位不改变件数，已按数字读取；报表（.xlsx）中件数单元格带单位仍是错误（V215）。",
        "表格中只写数字，单位写在列标题中。",
    ),
    code_rule(
        "D710",
        "section-missing",
        "warning",
        "缺少报告的组成部分",
        "报告中找不到第{number}部分“{expected}”",
        "年度报告由一至六共六部分组成（总体情况、主动公开、依申请公开、复议诉讼、存在问题及改进、其他需要报告的事项），缺一不可。",
        "按官方格式补上该部分的标题和内容。",
    ),
    code_rule(
        "D711",
        "section-order",
        "warning",
        "组成部分顺序不对",
        "报告各部分的顺序与官方格式不一致：{found}",
        "官方格式规定了一至六部分的顺序，读者和汇总单位按此查找内容。",
        "按一、二、三、四、五、六的顺序排列各部分。",
    ),
    code_rule(
        "D712",
        "title-year",
        "warning",
        "标题没有写明年度",
        "报告标题“{found}”中没有写明报告年度",
        "标题应写明单位和年度（如“某某街道2024年政府信息公开工作年度报告”）；没有年度时，无法核对所用格式是否与年度相符。",
        "在标题中写明报告年度。",
    ),
    code_rule(
        "D713",
        "text-vs-table",
        "error",
        "正文数字与表格不一致",
        "正文称“{quote}”，而{sheet}中{label}为 {expected}",
        "总体情况等正文中引用的关键数字（新收申请、行政复议、行政诉讼件数）应与表格一致；不一致时至少有一处是错的。",
        "核实后修改正文或表格，使两者一致。",
    ),
    code_rule(
        "D714",
        "fee-not-reported",
        "warning",
        "未说明信息处理费",
        "第六部分“其他需要报告的事项”没有说明收取信息处理费的情况",
        "2021 年格式要求在第六部分专门报告收取信息处理费的情况（没有收取的，也应写明“未收取”）。",
        "在第六部分写明本年度是否收取信息处理费及金额。",
    ),
    code_rule(
        "D715",
        "mixed-formats",
        "error",
        "两种格式混用",
        "表格中出现了另一种格式的标签（{found}），与所用的{expected}格式混用",
        "2019、2020 年度用国办公开办函〔2019〕60号格式，2021 年度起用〔2021〕30号格式；两种格式的行列混在一起时，部分数字无法按年度格式核对。",
        "全部表格改用与报告年度对应的格式。",
    ),
    code_rule(
        "D716",
        "optional-row-omitted",
        "warning",
        "未列出可省略的行",
        "未列出“{expected}”一行；本年的核对都不用该行的数字，按空白计",
        "发布的报告中，一行如果没有哪项本年核对（合计、勾稽关系、主要数字）用到，而各机关又常按实际情况省略"
        "（例如没有规章制定权的机关不列“规章”行、只写“规范性文件”），缺少它不影响核对，只作提醒；"
        "有核对要用到的行缺少时仍是错误（S105）。这是一条原则，不针对某个标签：哪些行被用到由格式规格中的合计和规则决定。",
        "本机关有该项数据的，补上该行；没有的（如无规章制定权），可不修改，在审核时说明即可。",
    ),
    code_rule(
        "D720",
        "same-as-last-year",
        "warning",
        "与上年完全相同",
        "{what}与上一年度报告完全相同（{found}）",
        "不为 0 的整行或整张表与上一年度一字不差，常见于照抄上年报告（曾有报告照抄上年表三一行，正文却说本年没有收到申请）。适用于发布的报告和报表。",
        "核实本年度的数字；确实相同的，可在正文中说明。",
    ),
    code_rule(
        "D721",
        "narrative-copied",
        "warning",
        "正文大量照搬上年",
        "正文与上一年度报告的相似度为 {found}（达到 {expected} 即视为大量照搬）",
        "评估中发现有的报告正文与上一年度的相似度高达 90%。“存在的主要问题及改进情况”不得“年年雷同”。",
        "按本年度的实际工作重新撰写总体情况、存在问题及改进情况等部分。",
    ),
)

# A failing and a passing example of each rule: run as tests, shown in docs/rules.md.
EXAMPLES: dict[str, RuleExamples] = {
    "D701": RuleExamples(
        (ex("提交的网页是一篇工作动态，没有年报的表格。", recipe="page", args=("no_tables",)),),
        (ex("网页上的年度报告有表二、表三、表四。", recipe="page", args=("clean",)),),
    ),
    "D702": RuleExamples(
        (ex("报告是扫描件生成的 PDF，页面上没有文字。", recipe="page", args=("scan",)),),
        (CLEAN_PAGE,),
    ),
    "D703": RuleExamples(
        (
            ex(
                "报送了 .doc 文件，而本机没有安装 LibreOffice。",
                recipe="page",
                args=("doc_without_office",),
            ),
        ),
        (CLEAN_PAGE,),
    ),
    "D704": RuleExamples(
        (ex("表二的列标题写成“先行有效件数”。", recipe="page", args=("typo",)),),
        (CLEAN_PAGE,),
    ),
    "D705": RuleExamples(
        (ex("报告中没有第四部分和表四。", recipe="page", args=("no_table4",)),),
        (CLEAN_PAGE,),
    ),
    "D707": RuleExamples(
        (ex("表三“2.重复申请”一行少了一个数字。", recipe="page", args=("short_row",)),),
        (CLEAN_PAGE,),
    ),
    "D708": RuleExamples(
        (ex("表二“行政许可”写成“12笔”。", recipe="page", args=("count_unit",)),),
        (CLEAN_PAGE,),
    ),
    "D710": RuleExamples(
        (ex("报告写到第五部分就结束了，没有第六部分。", recipe="page", args=("no_section6",)),),
        (CLEAN_PAGE,),
    ),
    "D711": RuleExamples(
        (ex("第五部分写在第四部分之前。", recipe="page", args=("sections_swapped",)),),
        (CLEAN_PAGE,),
    ),
    "D712": RuleExamples(
        (
            ex(
                "标题是“某某镇政府信息公开工作年度报告”，没有年度。",
                recipe="page",
                args=("title_no_year",),
            ),
        ),
        (CLEAN_PAGE,),
    ),
    "D713": RuleExamples(
        (
            ex(
                "正文写“本年共收到政府信息公开申请5件”，表三为 3 件。",
                recipe="page",
                args=("figure_wrong",),
            ),
        ),
        (
            ex(
                "正文写“本年共收到政府信息公开申请3件”，与表三一致。",
                recipe="page",
                args=("figure_right",),
            ),
        ),
    ),
    "D714": RuleExamples(
        (ex("2022 年度报告第六部分只写了“无。”。", recipe="page", args=("no_fee",)),),
        (ex("第六部分写明“本年度未收取信息处理费。”。", recipe="page", args=("clean",)),),
    ),
    "D715": RuleExamples(
        (ex("2022 年度报告的表二用了 2019 格式的列标题。", recipe="page", args=("mixed",)),),
        (CLEAN_PAGE,),
    ),
    "D716": RuleExamples(
        (ex("表二没有“规章”一行（本机关无规章制定权）。", recipe="page", args=("no_rules_row",)),),
        (CLEAN_PAGE,),
    ),
    "D720": RuleExamples(
        (ex("表三各行的数字与上年报告完全相同。", recipe="page", args=("repeat",)),),
        (
            ex(
                "本年多收到并公开了一件申请，表三各行与上年不同。",
                recipe="page",
                args=("no_repeat",),
            ),
        ),
    ),
    "D721": RuleExamples(
        (ex("总体情况照抄上年报告。", recipe="page", args=("copied",)),),
        (ex("总体情况按本年度工作重新撰写。", recipe="page", args=("not_copied",)),),
    ),
}
