"""Small published reports written inline: a 2021-format page with the official merges."""

from __future__ import annotations

from collections.abc import Mapping

from declaration.spec import load_spec

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
T3_ROWS = [
    "new",
    "carried",
    "granted",
    "partial",
    "withheld_secret",
    "withheld_law",
    "withheld_safety",
    "withheld_third_party",
    "withheld_internal",
    "withheld_process",
    "withheld_enforcement",
    "withheld_query",
    "unavailable_none",
    "unavailable_create",
    "unavailable_unclear",
    "declined_petition",
    "declined_repeat",
    "declined_publication",
    "declined_mass",
    "declined_confirm",
    "other_no_correction",
    "other_no_fee",
    "other_misc",
    "outcome_total",
    "carry_forward",
]
T3_COLS = ["natural", "commercial", "research", "nonprofit", "legal", "other", "total"]
T4_COLS = [
    f"{g}_{k}"
    for g in ("review", "direct", "after")
    for k in ("upheld", "corrected", "other", "pending", "total")
]


def row_values(values: Mapping[str, object], row: str) -> list[str]:
    return [str(values.get(f"t3.{row}.{c}", "")) for c in T3_COLS]


def page(
    values: Mapping[str, object],
    *,
    title: str = "某某镇2022年政府信息公开工作年度报告",
    narrative: Mapping[int, str] | None = None,
    sections: tuple[str, ...] = SECTIONS,
) -> str:
    """A 2021-format page: ``values`` by cell id (missing cells blank)."""
    spec = load_spec("2021")
    texts = dict(narrative or {})
    parts = [f"<html><head><meta charset='utf-8'></head><body><p>{title}</p>"]
    for index, heading in enumerate(sections):
        number = SECTIONS.index(heading) if heading in SECTIONS else index
        parts.append(f"<p class=MsoNormal>{heading}</p><p>{texts.get(number, '')}</p>")
        if number == 1:
            parts.append(_table2(values))
        elif number == 2:
            parts.append(_table3(spec, values))
        elif number == 3:
            parts.append(_table4(values))
    parts.append("</body></html>")
    return "".join(parts)


def _td(text: object, rowspan: int = 1, colspan: int = 1) -> str:
    return f"<td rowspan={rowspan} colspan={colspan}><p>{text}</p></td>"


def _table2(values: Mapping[str, object]) -> str:
    v = values.get
    rows = [
        _td("第二十条第（一）项", colspan=4),
        _td("信息内容") + _td("本年制发件数") + _td("本年废止件数") + _td("现行有效件数"),
    ]
    for row, label in (("rules", "规章"), ("normative", "行政规范性文件")):
        cols = ("issued", "repealed", "valid")
        rows.append(_td(label) + "".join(_td(v(f"t2.{row}.{c}", "")) for c in cols))
    for heading, items in (
        ("第二十条第（五）项", (("licensing", "行政许可"),)),
        ("第二十条第（六）项", (("penalty", "行政处罚"), ("coercion", "行政强制"))),
    ):
        rows.append(_td(heading, colspan=4))
        rows.append(_td("信息内容") + _td("本年处理决定数量", colspan=3))
        for row, label in items:
            rows.append(_td(label) + _td(v(f"t2.{row}.decisions", ""), colspan=3))
    rows.append(_td("第二十条第（八）项", colspan=4))
    rows.append(_td("信息内容") + _td("本年收费金额（单位：万元）", colspan=3))
    rows.append(_td("行政事业性收费") + _td(v("t2.fees.amount", ""), colspan=3))
    return "<table>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


def _table3(spec: object, values: Mapping[str, object]) -> str:
    from declaration.spec import FormSpec

    assert isinstance(spec, FormSpec)
    head = [
        _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
        + _td("申请人情况", colspan=7),
        _td("自然人", rowspan=2) + _td("法人或其他组织", colspan=5) + _td("总计", rowspan=2),
        "".join(_td(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")),
    ]
    body = []
    for row in T3_ROWS:
        cell = spec.cells[f"t3.{row}.natural"]
        path = cell.row_path
        numbers = "".join(_td(x) for x in row_values(values, row))
        if len(path) == 1:
            body.append(_td(path[0], colspan=3) + numbers)
        elif len(path) == 2:
            lead = _td(path[0], rowspan=22) if row == "granted" else ""
            body.append(lead + _td(path[1], colspan=2) + numbers)
        else:
            first = row in (
                "withheld_secret",
                "unavailable_none",
                "declined_petition",
                "other_no_correction",
            )
            span = {
                "withheld_secret": 8,
                "unavailable_none": 3,
                "declined_petition": 5,
                "other_no_correction": 3,
            }
            lead = _td(path[1], rowspan=span[row]) if first else ""
            body.append(lead + _td(path[2]) + numbers)
    return "<table>" + "".join(f"<tr>{r}</tr>" for r in head + body) + "</table>"


def _table4(values: Mapping[str, object]) -> str:
    heads = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    rows = [
        _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10),
        "".join(_td(h, rowspan=2) for h in heads)
        + _td("未经复议直接起诉", colspan=5)
        + _td("复议后起诉", colspan=5),
        "".join(_td(h) for h in heads * 2),
        "".join(_td(values.get(f"t4.main.{c}", "")) for c in T4_COLS),
    ]
    return "<table>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


def consistent_values() -> dict[str, object]:
    """A small return whose tables add up: 3 new + 1 carried = 3 granted + 1 carried on."""
    values: dict[str, object] = {f"t3.{r}.{c}": 0 for r in T3_ROWS for c in T3_COLS}
    values.update(
        {
            "t3.new.natural": 3,
            "t3.new.total": 3,
            "t3.carried.natural": 1,
            "t3.carried.total": 1,
            "t3.granted.natural": 3,
            "t3.granted.total": 3,
            "t3.outcome_total.natural": 3,
            "t3.outcome_total.total": 3,
            "t3.carry_forward.natural": 1,
            "t3.carry_forward.total": 1,
        }
    )
    values.update({f"t4.main.{c}": 0 for c in T4_COLS})
    values.update({"t4.main.review_upheld": 1, "t4.main.review_total": 1})
    values.update(
        {
            "t2.rules.issued": 0,
            "t2.rules.repealed": 0,
            "t2.rules.valid": 0,
            "t2.normative.issued": 2,
            "t2.normative.repealed": 1,
            "t2.normative.valid": 5,
            "t2.licensing.decisions": 12,
            "t2.penalty.decisions": 4,
            "t2.coercion.decisions": 0,
            "t2.fees.amount": 0,
        }
    )
    return values


FEE_TEXT = "本年度未收取信息处理费。"
