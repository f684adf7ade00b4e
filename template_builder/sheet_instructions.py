"""The 填报说明 sheet: how to fill the template, generated from the spec."""

from __future__ import annotations

from declaration.spec import FormSpec
from template_builder.sheet_common import Sheet, print_setup, protect
from template_builder.styles import POINTS_PER_LINE, Styles, lines_needed

TEXT_WIDTH = 72
SEVERITY_NOTES = {"error": "", "warning": "（提醒，不一定是错误）", "info": "（提示）"}


def _years(spec: FormSpec) -> str:
    if spec.last_year is None:
        return f"{spec.first_year} 年度起的年度报告"
    return f"{spec.first_year}—{spec.last_year} 年度的年度报告"


def _kind_lines(spec: FormSpec) -> list[str]:
    """One line per input kind used by the spec, naming the columns of that kind."""
    inputs = spec.input_cells()
    lines = [
        "2. 各项数量只填非负整数（如 0、5、12），不要填小数、负数，也不要加“件”“项”等单位。",
    ]
    signed = sorted({c.col_label for c in inputs if c.kind == "signed"})
    if signed:
        lines.append(
            f"3. “{'”“'.join(signed)}”填整数：比上一年增加填正数（如 19），减少填负数"
            "（如 -15）；不要写“增”“减”字样。"
        )
    amounts = sorted({c.col_label for c in inputs if c.kind == "amount"})
    if amounts:
        lines.append(
            f"{len(lines) + 2}. “{'”“'.join(amounts)}”以万元为单位填写数字，可含小数"
            "（如 7433.99）；不要在单元格中写“万”“元”等单位，以元计的金额请先换算为万元。"
        )
    return lines


def _rule_lines(spec: FormSpec) -> list[str]:
    lines = []
    for rule in spec.rules:
        uses_prior = any(c.uses_prior() for c in rule.checks)
        where = "（与上一年度报告比对，由上级单位汇总时核对）" if uses_prior else ""
        lines.append(
            f"{rule.id} {rule.title}{SEVERITY_NOTES[rule.severity]}：{rule.explanation}{where}"
        )
    return lines


def instruction_lines(spec: FormSpec) -> list[tuple[str, bool]]:
    """(text, is_heading) lines of the 填报说明 sheet."""
    heading = [
        (f"本模板依据{spec.name}（{spec.document}）生成，适用于{_years(spec)}。", False),
        ("一、填写方法", True),
        ("1. 只在浅黄色单元格中填写。灰色单元格（各“总计”）由公式自动计算，不要改写。", False),
        (
            "2. 先在“封面”工作表填写单位名称、填报人、审核人、联系电话和填报日期；"
            "各表上方的填报单位和报告年度会自动显示。",
            False,
        ),
        ("二、空白与 0", True),
        (
            "没有发生的事项请填 0，不要留空，也不要填“无”“/”“-”“—”等文字。"
            "留空的单元格在汇总时按 0 计算，但会被列为“未填写”。",
            False,
        ),
        ("三、数字与单位", True),
        ("1. 单元格中只填数字，不要输入空格、单位或说明文字；说明请写在报告正文中。", False),
    ]
    lines = heading + [(text, False) for text in _kind_lines(spec)]
    lines += [
        ("四、不要改动表格结构", True),
        (
            "不要插入、删除或移动行和列，不要修改工作表名称和表格中的标签文字，"
            "不要撤销工作表保护。上级单位按固定位置读取和汇总数据，结构改动会导致无法汇总。",
            False,
        ),
        ("五、校验规则", True),
        *[(text, False) for text in _rule_lines(spec)],
        ("六、报送前自查", True),
        (
            "“校验”工作表根据填写内容自动计算上述关系，全部显示 ✓ 后再报送"
            "（一个数字也没有填时显示“未填写”）；"
            "表格中标红的单元格表示所在的关系不成立，或填入了文字。",
            False,
        ),
        (
            "填写完成后按原格式（.xlsx）保存报送。使用 WPS 的，请保存为“Microsoft Excel 文件"
            "（*.xlsx）”；不要另存为 .xls、.et 或 PDF。",
            False,
        ),
    ]
    return lines


def write_instructions_sheet(
    sheet: Sheet, spec: FormSpec, styles: Styles, *, unit: str | None, password: str | None
) -> None:
    sheet.set_column(0, 0, TEXT_WIDTH)
    sheet.set_row(0, 30)
    sheet.write_string(0, 0, "填报说明", styles.title)
    row = 1
    for text, is_heading in instruction_lines(spec):
        style = styles.text_bold if is_heading else styles.text
        sheet.set_row(row, lines_needed(text, TEXT_WIDTH) * POINTS_PER_LINE + 4)
        sheet.write_string(row, 0, text, style)
        row += 1
    print_setup(sheet, landscape=False, unit=unit, last_row=row - 1, last_col=0)
    protect(sheet, password)
