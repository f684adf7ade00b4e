"""A failing and a passing example of every rule, run as tests and shown in docs/rules.md.

Each example is a return built from a consistent return of its format (every
rule holds, see ``declaration.samples.generate``) and then changed the way an
office would: cells typed over (``typed``), changed by an amount (``add``), or
a named change to the workbook or the batch (``recipe``: the tests in
``tests/checker/test_rule_examples.py`` make it). ``bad`` examples must give
the rule, ``good`` ones must not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    note: str  # what the office did (Chinese), shown in docs/rules.md
    typed: tuple[tuple[str, object], ...] = ()  # cell id -> what is typed there
    add: tuple[tuple[str, float], ...] = ()  # cell id -> amount added to it
    recipe: str = ""  # a named change to the workbook or the batch
    args: tuple[object, ...] = ()
    format: str = "2021"
    year: int | None = None  # the report year on the cover (default: the format's first year)
    prior: bool = False  # checked against last year's return (carried over correctly)


@dataclass(frozen=True)
class RuleExamples:
    bad: tuple[Example, ...]
    good: tuple[Example, ...]


def ex(
    note: str,
    *,
    typed: Mapping[str, object] | None = None,
    add: Mapping[str, float] | None = None,
    recipe: str = "",
    args: tuple[object, ...] = (),
    fmt: str = "2021",
    year: int | None = None,
    prior: bool = False,
) -> Example:
    return Example(
        note,
        tuple((typed or {}).items()),
        tuple((add or {}).items()),
        recipe,
        args,
        fmt,
        year,
        prior,
    )


CLEAN = ex("各表按模板填写，数字都对得上。")
# a published report (recipe "page": tests/published_unit/examples.py)
CLEAN_PAGE = ex("网页上的年度报告，各部分齐全，数字对得上。", recipe="page", args=("clean",))
T3 = "t3"

EXAMPLES: dict[str, RuleExamples] = {
    # -- F: files ----------------------------------------------------------------
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
    # -- S: structure ------------------------------------------------------------
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
    # -- V: values ---------------------------------------------------------------
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
    # -- A: arithmetic -----------------------------------------------------------
    "A301": RuleExamples(
        (ex("自然人一列“一、本年新收”多填了 1 件。", add={"t3.new.natural": 1}),),
        (CLEAN,),
    ),
    "A302": RuleExamples(
        (
            ex(
                "“一、本年新收”的总计填了比各列之和多 1 的数。",
                recipe="typed_total",
                args=("t3.new.total", 1),
            ),
        ),
        (CLEAN,),
    ),
    "A303": RuleExamples(
        (
            ex(
                "自然人一列“（七）总计”填了比各项结果之和多 1 的数。",
                recipe="typed_total",
                args=("t3.outcome_total.natural", 1),
            ),
        ),
        (CLEAN,),
    ),
    "A304": RuleExamples(
        (
            ex(
                "行政复议的总计填了比四项之和多 1 的数。",
                recipe="typed_total",
                args=("t4.main.review_total", 1),
            ),
        ),
        (CLEAN,),
    ),
    "A305": RuleExamples(
        (
            ex(
                "文件中保存的“一、本年新收”总计没有重新计算，比明细之和多 1。",
                recipe="stale_total",
                args=("t3.new.total", 1),
            ),
        ),
        (CLEAN,),
    ),
    "A306": RuleExamples(
        (
            ex(
                "删除了“一、本年新收”总计的公式，单元格空白，而各列之和不为 0。",
                recipe="blank_total",
                args=("t3.new.total",),
            ),
        ),
        (CLEAN,),
    ),
    # -- P: plausibility ---------------------------------------------------------
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
    # -- X: cross-year -----------------------------------------------------------
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
    # -- R: roster ---------------------------------------------------------------
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
    # -- robustness: batches that must finish, input cells holding formulas ------
    "F012": RuleExamples(
        (ex("一份异常文件检查到时间上限（30 秒）仍未结束。", recipe="timeout"),),
        (CLEAN,),
    ),
    "F013": RuleExamples(
        (ex("检查一份文件时工作进程两次被系统结束（内存不足）。", recipe="crash"),),
        (CLEAN,),
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
    # -- D: published reports (recipe "page": tests/published_unit/examples.py) ----
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
