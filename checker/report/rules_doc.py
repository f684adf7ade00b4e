"""Generate docs/rules.md from the rule registry: ``python -m checker.report.rules_doc``.

Each rule gets 规则说明 / 为什么重要 / 示例 / 如何修改. The explanation and the
fix come from the registry (and for spec rules from ``templates/*.json``); the
examples live here. A test fails when a rule has no example or the committed
file is not current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checker.registry import RuleInfo, registry
from checker.rules.plausibility import OTHER_HANDLING_MAX_SHARE, OTHER_HANDLING_MIN_CASES
from declaration.spec import Rule, all_specs

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
SERIES = {
    "F": "文件",
    "S": "结构",
    "V": "数值",
    "A": "算术",
    "P": "合理性",
    "X": "跨年度",
    "R": "名单",
    "D": "发布的报告",
}
_SHARE = f"{OTHER_HANDLING_MAX_SHARE:.0%}"

EXAMPLES: dict[str, str] = {
    "F001": "文件只下载了一半，打开时报错：无法读取。",
    "F002": "报表设置了打开密码，检查程序无法读取其中的数据。",
    "F003": "压缩包内容缺失的 .xlsx 文件（传输中断），无法读取。",
    "F004": "把 Word 文档或网页另存为扩展名 .xlsx 的文件。",
    "F005": "报送了 .xls（Excel 97-2003）或 WPS 的 .et 文件。",
    "F006": "报表另存为 .xlsm，其中含有宏代码。",
    "F007": "文件中某张工作表有上百万行，超出读取上限。",
    "F008": "总计单元格的公式引用了另一个文件：='[汇总.xlsx]表三'!D8。",
    "F009": "报表中隐藏了一张“草稿”工作表。",
    "F010": "某个单元格粘贴了整篇报告正文，超过 32767 个字符。",
    "S101": "报表中没有“四、政府信息公开行政复议、行政诉讼情况”工作表。",
    "S102": "把“（六）其他处理”改成了“（六）其他”。",
    "S103": "标签写成“（二）部分公开(区分处理的,只计这一情形,不计其他情形)”，用了半角括号和逗号。",
    "S104": "在表二“规范性文件”下面插入了一行“其他主动公开文件”。",
    "S105": "删除了表三“8.属于行政查询事项”一行。",
    "S106": "把表三“（五）不予处理”的 5 行挪到了“（四）无法提供”之前。",
    "S110": "表三 J8 应为公式 =SUM(D8:I8)，却被手工改成了 5。",
    "S111": "总计公式 =SUM(D8:I8) 被改成了 =SUM(D8:H8)，漏算了“其他”一列。",
    "S112": "为了插入一行，撤销了“三、收到和处理政府信息公开申请情况”工作表的保护。",
    "S113": "把模板中的表格复制粘贴到一个新建的工作簿后报送。",
    "S114": "报送的是自行设计的统计表，表格标签与官方格式完全不同。",
    "S115": "2022 年度报告仍使用国办公开办函〔2019〕60号格式的表格。",
    "S116": "封面“单位名称”一栏为空。",
    "V201": "表三“科研机构”一列全部空白，按 0 计。",
    "V202": "单元格左上角有绿色三角，内容是文本“12”。",
    "V203": "用中文输入法输入了“１２”（全角数字）。",
    "V204": "输入了“1,200”，逗号是手工输入的。",
    "V205": "没有数据的单元格填了“无”或“/”。",
    "V206": "采购总金额填成“7433.99万”或“251000元”（后者按 25.1 万元计）。",
    "V207": "本年增/减填成“减4”，已按 -4 计。",
    "V210": "件数单元格中填了“见附件”。",
    "V211": "“予以公开”填成了 -2。",
    "V212": "“本年新收”填成了 3.5。",
    "V213": "输入“1-2”后被 Excel 变成了日期“1月2日”。",
    "V214": "单元格显示 #REF!。",
    "V215": "件数单元格中填了“5件”。",
    "V216": "用脚本写入的报表中，自然人新收申请一格是公式 =3+2，文件里没有保存计算结果。",
    "A301": "自然人一列：一、本年新收 4 件 + 二、上年结转 1 件 = 5，而（七）总计 4 件 + 四、结转下年度 0 件 = 4，相差 1。",
    "A302": "一、本年新收：自然人 4、商业企业 1，其余为 0，总计却填了 4（应为 5）。",
    "A303": "自然人一列：（一）予以公开 3 件、（四）1.本机关不掌握 2 件，（七）总计却为 4（应为 5）。",
    "A304": "行政复议：结果维持 1、结果纠正 1，总计却为 1（应为 2）。",
    "A305": "用脚本写入数据后没有重新计算，文件中保存的（七）总计仍为 0，按明细应为 5。",
    "P401": "规范性文件：本年新公开 12 件，对外公开总数量却只有 10 件。",
    "P402": (
        f"（七）总计 20 件，其中（六）其他处理 6 件，占 30%（超过 {_SHARE}，"
        f"且不少于 {OTHER_HANDLING_MIN_CASES} 件）。"
    ),
    "P403": "一、本年新收只在“总计”列填了 6，六类申请人各列均为空白。",
    "X501": "本年“二、上年结转”自然人为 2，上一年度报告“四、结转下年度继续办理”自然人为 1。",
    "X502": "上年现行有效规章 20 件，本年制发 3 件、废止 1 件，本年现行有效却填 25 件（应约为 22 件）。",
    "X503": "本年新收申请由上年的 12 件变为 1200 件，可能多填了两位数。",
    "X504": "上年回收文件夹中没有该单位 2023 年度的报告。",
    "R601": "名单中的“某某街道办事处”没有报送报告。",
    "R602": "收到“某某镇人民政府”的报告，但名单中没有这个单位。",
    "R603": "同一单位先后报送了“报表.xlsx”和“报表（修改）.xlsx”。",
    "R604": "2024 年度汇总时收到了封面为 2023 年度的报告。",
    "R605": "2024 年度汇总时收到了使用 2019 格式（国办公开办函〔2019〕60号）的报告。",
    "R606": "报告封面的单位名称和单位代码都没有填写。",
    "R607": "封面单位代码与名单一致，单位名称却是更名前的旧名称。",
    "D701": "提交的网页是新闻稿，其中没有年报的表格；或表格是截图。",
    "D702": "报告是扫描后生成的 PDF，每一页都是图片。",
    "D703": "报送了 .doc 文件，而检查用的电脑没有安装 LibreOffice。",
    "D704": "表二列标题写成“先行有效件数”，已按“现行有效件数”读取。",
    "D705": "报告中没有“四、政府信息公开行政复议、行政诉讼情况”的表格。",
    "D707": "表三“（一）予以公开”一行只有 6 个数字，缺了一列，无法确定缺的是哪一列。",
    "D708": "发布的表二中“行政许可”一格写成“12笔”，已按 12 计。",
    "D710": "报告写到“五、存在的主要问题及改进情况”就结束了，没有第六部分。",
    "D711": "“五、存在的主要问题及改进情况”写在“四、政府信息公开行政复议、行政诉讼情况”之前。",
    "D712": "标题只写了“某某街道政府信息公开工作年度报告”，没有年度。",
    "D713": "总体情况写“全年共受理政府信息公开申请 12 件”，表三“一、本年新收政府信息公开申请数量”总计为 15。",
    "D714": "2023 年度报告第六部分只写了“无”，没有说明是否收取信息处理费。",
    "D715": "2022 年度报告的表二用了 2021 格式的列，却保留了 2019 格式的“政府集中采购”一行。",
    "D720": "表三“一、本年新收政府信息公开申请数量”一行与上年的数字完全相同。",
    "D721": "“五、存在的主要问题及改进情况”与上年报告几乎一字不差，全文相似度 92%。",
}


def _spec_rule(rule_id: str) -> Rule | None:
    for spec in all_specs():
        for rule in spec.rules:
            if rule.id == rule_id:
                return rule
    return None


def what_it_does(info: RuleInfo) -> str:
    rule = _spec_rule(info.id)
    if rule is None:
        return f"{info.title}：发现时报告“{info.message}”。"
    if rule.total_group is not None:
        return f"逐个核对：{rule.lhs_label} = {rule.rhs_label}。总计按明细重新计算，不采用文件中保存的结果。"
    op = {"=": "=", ">=": "≥", "<=": "≤"}[rule.checks[0].op]
    scope = "逐列" if any(k == "col" for k, _ in rule.checks[0].bindings) else "逐行"
    prior = "（需提供上一年度报表：--prior）" if rule.checks[0].uses_prior() else ""
    return f"{scope}核对：{rule.lhs_label} {op} {rule.rhs_label}{prior}。"


def _formats(info: RuleInfo) -> str:
    if not info.formats:
        return "全部"
    documents = {spec.format: spec.document for spec in all_specs()}
    return "、".join(f"{fmt}（{documents.get(fmt, '')}）" for fmt in info.formats)


def rule_section(info: RuleInfo) -> str:
    example = EXAMPLES.get(info.id, "")
    return "\n".join(
        [
            f"## {info.id} {info.title}",
            "",
            f"- 名称：`{info.name}`",
            f"- 级别：{SEVERITY_NAMES[info.severity]}",
            f"- 适用格式：{_formats(info)}",
            f"- 提示文字：{info.message}",
            "",
            "### 规则说明",
            "",
            what_it_does(info),
            "",
            "### 为什么重要",
            "",
            info.explanation,
            "",
            "### 示例",
            "",
            example,
            "",
            "### 如何修改",
            "",
            info.fix,
            "",
        ]
    )


def generate() -> str:
    rules = registry()
    lines = [
        "# 校验规则",
        "",
        "本文件由 `python -m checker.report.rules_doc`（或 `make docs`）根据规则登记表自动生成，请勿手工修改。",
        "规则代码永久不变、不会重复使用；`check-workbook --select` / `--ignore` 可按代码或前缀（如 `A3`）选择。",
        "",
        "| 代码 | 名称 | 级别 |",
        "|---|---|---|",
    ]
    lines += [f"| {r.id} | {r.title} | {SEVERITY_NAMES[r.severity]} |" for r in rules.values()]
    lines.append("")
    series = ""
    for info in rules.values():
        if info.id[0] != series:
            series = info.id[0]
            lines += [f"# {series} 类：{SERIES.get(series, series)}", ""]
        lines.append(rule_section(info))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = generate()
    if "--check" in args:
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if current != text:
            print(
                f"{DOC_PATH} 不是最新的，请运行 python -m checker.report.rules_doc", file=sys.stderr
            )
            return 1
        return 0
    from common.safe_output import write_text_atomic

    write_text_atomic(DOC_PATH, text)
    print(f"已生成 {DOC_PATH}（{len(registry())} 条规则）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
