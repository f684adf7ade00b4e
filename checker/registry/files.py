"""F rules: files (what the file is, before any table is read)."""

from __future__ import annotations

from checker.registry.examples import CLEAN, RuleExamples, ex
from checker.registry.rule import RuleInfo, code_rule

RULES: tuple[RuleInfo, ...] = (
    code_rule(
        "F001",
        "file-unreadable",
        "error",
        "无法打开文件",
        "{reason}",
        "文件不存在、是文件夹、是空文件或没有读取权限，检查程序无法打开它；批量检查中的其他文件照常检查。",
        "按提示确认文件路径和权限，或向填报单位重新索取文件。",
    ),
    code_rule(
        "F002",
        "encrypted",
        "error",
        "文件已加密",
        "文件“{file}”设置了打开密码（已加密），无法读取。请填报单位另存一份不设密码的副本重新提交（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码后保存；WPS：文件 → 文档加密 → 密码加密，清空密码后保存）。",
        "设置了打开密码的工作簿整个被加密，不知道密码就读不出任何内容。",
        "请填报单位另存一份不设打开密码的副本重新提交（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码后保存）。",
    ),
    code_rule(
        "F003",
        "damaged",
        "error",
        "文件已损坏",
        "{reason}",
        "文件的压缩结构或内部数据校验失败，常见原因是下载、复制或邮件传送中断。",
        "用 Excel 或 WPS 打开确认；无法打开的，向填报单位重新索取文件。",
    ),
    code_rule(
        "F004",
        "not-a-workbook",
        "error",
        "不是 Excel 工作簿",
        "文件“{file}”{what}，不是 Excel 工作簿，无法检查。请用 Excel 或 WPS 打开填好的年报表格，选择 文件 → 另存为 → Excel 工作簿 (*.xlsx)，重新提交 .xlsx 文件。",
        "扩展名像表格，内容却是网页、PDF、Word 文档或其他文件，检查程序无法读取其中的表格。",
        "用 Excel 或 WPS 打开填好的年报表格，选择 文件 → 另存为 → Excel 工作簿 (*.xlsx)，重新提交。",
    ),
    code_rule(
        "F005",
        "legacy-format",
        "warning",
        "不是 .xlsx 格式",
        "文件“{file}”是{found}，不是 .xlsx 工作簿：已读取数值和标签并核对，但总计公式完整性、工作表保护、模板标识（版本）无法检查。请用 Excel 或 WPS 打开后选择 文件 → 另存为 → Excel 工作簿 (*.xlsx)，重新提交。",
        ".xls、WPS .et、.ods、.xlsb、.csv 文件能读出数值和标签，但读不出模板的公式、保护和标识，这些检查没有进行；.csv 只保存了一张表。",
        "用 Excel 或 WPS 打开后选择 文件 → 另存为 → Excel 工作簿 (*.xlsx)，重新提交。",
    ),
    code_rule(
        "F006",
        "macros",
        "warning",
        "含有宏",
        "文件“{file}”含有宏（VBA 代码）。下发的模板不含宏，检查程序不运行宏，只读取数据。请选择 文件 → 另存为 → Excel 工作簿 (*.xlsx) 另存为不含宏的工作簿后重新提交。",
        "下发的模板不含宏。含宏的文件可能被改动过计算方式，打开时也有安全风险；检查程序不运行宏，只读取数据。",
        "把工作表内容另存为不含宏的 Excel 工作簿 (*.xlsx) 后重新提交。",
    ),
    code_rule(
        "F007",
        "resource-limit",
        "error",
        "文件超出读取上限",
        "{reason}",
        "正常的年报表格只有几十 KB。文件、内部部件或解压后的内容超过上限（或压缩比异常，疑似“压缩炸弹”）时停止读取，避免一个异常文件拖垮整批检查。",
        "确认是否提交错了文件；删除多余的工作表、行列和图片后重新保存，或向填报单位重新索取文件。",
    ),
    code_rule(
        "F008",
        "external-links",
        "warning",
        "含外部链接",
        "文件“{file}”含有指向其他文件的外部链接：{found}。在其他电脑上这些公式取不到值，请把相关公式改为数值（复制 → 选择性粘贴 → 数值）并断开链接后重新提交。",
        "引用其他工作簿的公式在别的电脑上打开时取不到值或取到旧值，报表的数字可能与填报人看到的不同。",
        "把引用外部文件的公式改为数值（复制 → 选择性粘贴 → 数值），再断开链接（数据 → 编辑链接 → 断开链接）。",
    ),
    code_rule(
        "F009",
        "hidden-sheets",
        "warning",
        "含隐藏工作表",
        "文件“{file}”含有隐藏的工作表：{found}。隐藏的表中可能有与报表不一致的数据，请取消隐藏并删除不需要的工作表后重新提交。",
        "模板只有一张深度隐藏的标识表（_xxgk）。其他隐藏的工作表可能藏有与报表不一致的数据，审核时容易遗漏。",
        "取消隐藏（右键工作表标签 → 取消隐藏），删除不需要的工作表后重新提交。",
    ),
    code_rule(
        "F010",
        "long-text",
        "warning",
        "单元格文字过长",
        "单元格文字共 {found} 个字符，超过 Excel 单元格上限 {expected}，只读取了前 {expected} 个字符。",
        "Excel 一个单元格最多容纳 32767 个字符，更长的内容只能由其他程序写入，可能是误粘贴或异常文件。",
        "删除误粘贴的内容，说明性文字写在报告正文中。",
    ),
    code_rule(
        "F011",
        "not-a-spreadsheet",
        "error",
        "不是表格文件",
        "文件“{file}”是{what}，不是报表表格文件，没有检查。请填报单位提交填好的 Excel 表格（.xlsx）。",
        "回收文件夹中的 Word、PDF、网页、文本等文件里找不到年报的表格（发布的年度报告则按报告检查，见 D 类规则），无法核对数字；列出它们，以免误以为该单位未报送或已报送。",
        "向填报单位索取填好的年报表格（.xlsx）。",
    ),
    code_rule(
        "F012",
        "check-timeout",
        "error",
        "检查超时",
        "文件“{file}”检查超时：超过每份文件 {seconds} 秒的时间上限，已停止检查，批量检查中的其他文件照常检查。请用 Excel 或 WPS 打开确认内容，另存为 .xlsx 后重新检查。",
        "正常的年报表格不到一秒即可检查完。超过时间上限的文件（异常或恶意构造的文件）被停止检查并报告，不会拖住整批检查。",
        "用 Excel 或 WPS 打开确认内容，另存为 .xlsx 后重新检查；仍然超时的，向填报单位重新索取文件。",
    ),
    code_rule(
        "F013",
        "worker-crashed",
        "error",
        "检查时进程异常退出",
        "文件“{file}”检查时进程异常退出（单独重新检查一次仍然如此，可能是内存不足或文件异常），批量检查中的其他文件照常检查。请用 Excel 或 WPS 打开确认内容，另存为 .xlsx 后重新检查。",
        "批量检查的工作进程被终止（内存不足、被系统或用户结束）时，它手上的文件会单独重新检查一次；再次失败的文件报告为本条，整批检查照常完成。",
        "另存为 .xlsx 后单独重新检查；仍然失败的，向填报单位重新索取文件。",
    ),
    code_rule(
        "F014",
        "archive-of-files",
        "error",
        "压缩包未读取",
        "文件“{file}”是一个{what}{inside}。{advice}",
        ".zip 压缩包中的报表逐个读取检查（压缩包中的压缩包读取一层）；RAR、7z 压缩包，"
        "更深一层的压缩包，以及其中没有报表的压缩包不读取，列出其中的文件，便于核对是否齐全。",
        "改用 .zip 压缩包发送，或解压后检查解压出的文件夹（check-workbook 文件夹/）；压缩包可以留在原处。",
    ),
    code_rule(
        "F015",
        "archive-encrypted",
        "error",
        "压缩包设置了密码",
        "压缩包中的文件“{file}”设置了压缩包密码（已加密），无法读取。"
        "请填报单位重新打包、不要设置密码，或直接发送报表文件。",
        "设置了密码的 .zip 压缩包中的文件被加密，不知道密码就读不出任何内容；"
        "同一压缩包中没有加密的文件照常检查。",
        "请填报单位重新打包（不设密码）发送，或直接发送报表文件。",
    ),
)

# A failing and a passing example of each rule: run as tests, shown in docs/rules.md.
EXAMPLES: dict[str, RuleExamples] = {
    "F001": RuleExamples(
        (ex("文件只有 0 字节（保存或下载时中断）。", recipe="file", args=("empty.xlsx",)),),
        (CLEAN,),
    ),
    "F002": RuleExamples(
        (ex("报表设置了打开密码。", recipe="file", args=("encrypted.xlsx",)),),
        (CLEAN,),
    ),
    "F003": RuleExamples(
        (ex("只下载了一半的 .xlsx 文件。", recipe="file", args=("truncated.xlsx",)),),
        (CLEAN,),
    ),
    "F004": RuleExamples(
        (ex("把网页另存为扩展名 .xls 的文件。", recipe="file", args=("web-page.xls",)),),
        (CLEAN,),
    ),
    "F005": RuleExamples(
        (ex("报送了从 Excel 导出的 CSV 文件（只有表三）。", recipe="csv"),),
        (CLEAN,),
    ),
    "F006": RuleExamples(
        (ex("报表另存为 .xlsm，其中含有宏代码。", recipe="file", args=("macros.xlsm",)),),
        (CLEAN,),
    ),
    "F007": RuleExamples(
        (ex("某张工作表有上百万行，超出读取上限。", recipe="file", args=("million-rows.xlsx",)),),
        (CLEAN,),
    ),
    "F008": RuleExamples(
        (
            ex(
                "一个公式引用了另一个文件（去年汇总.xlsx）。",
                recipe="file",
                args=("external-link.xlsx",),
            ),
        ),
        (CLEAN,),
    ),
    "F009": RuleExamples(
        (ex("报表中隐藏了工作表。", recipe="file", args=("hidden-sheets.xlsx",)),),
        (CLEAN,),
    ),
    "F010": RuleExamples(
        (ex("某个单元格粘贴了一百万个字符。", recipe="file", args=("long-text.xlsx",)),),
        (CLEAN,),
    ),
    "F011": RuleExamples(
        (
            ex(
                "回收文件夹中有一份 Word 文档（年度报告正文）。",
                recipe="document",
                args=("年报.docx",),
            ),
        ),
        (CLEAN,),
    ),
    "F012": RuleExamples(
        (ex("一份异常文件检查到时间上限（30 秒）仍未结束。", recipe="timeout"),),
        (CLEAN,),
    ),
    "F013": RuleExamples(
        (ex("检查一份文件时工作进程两次被系统结束（内存不足）。", recipe="crash"),),
        (CLEAN,),
    ),
    "F014": RuleExamples(
        (
            ex(
                "回收文件夹中有一个 RAR 压缩包（报表.rar），里面是两个单位的报表。",
                recipe="archive",
            ),
        ),
        (CLEAN,),
    ),
    "F015": RuleExamples(
        (
            ex(
                "回收文件夹中的压缩包（报表.zip）设置了密码，其中一个单位的报表被加密。",
                recipe="encrypted_archive",
            ),
        ),
        (CLEAN,),
    ),
}
