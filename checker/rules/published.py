"""Rules only a published report needs: its six sections, title, text against tables, fees.

The tables of a published report go through the same arithmetic, value and
plausibility rules as a return; these rules look at what only the published
text has. ``check_published`` runs for an ``Extraction`` with ``published`` set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from checker.facts import Extraction, PublishedText
from checker.findings import finding
from checker.results import Finding, format_number
from checker.rules.structure import year_findings
from declaration.phrases import mentions
from declaration.spec import FormSpec

# the rule ids this module's checks can emit (tests/checker/test_rule_ids.py)
EMITS = frozenset({"D710", "D711", "D712", "D713", "D714"})

NUMERALS = "一二三四五六"
# each section: its official heading and words one of which its heading contains
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("一、总体情况", ("总体情况", "基本情况")),
    ("二、主动公开政府信息情况", ("主动公开",)),
    ("三、收到和处理政府信息公开申请情况", ("申请",)),
    ("四、政府信息公开行政复议、行政诉讼情况", ("复议", "诉讼")),
    ("五、存在的主要问题及改进情况", ("问题", "改进")),
    ("六、其他需要报告的事项", ("其他",)),
)
_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．]\s*(.{0,40})")


@dataclass(frozen=True)
class Figure:
    """A key number the narrative states, and the table cells it must equal."""

    label: str
    cells: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    # other sums an office may mean by the same words ("受理" counting last year's too)
    also: tuple[tuple[str, ...], ...] = ()

    @property
    def accepted(self) -> tuple[tuple[str, ...], ...]:
        return (self.cells, *self.also)


_N = r"(\d+)\s*(?:件|起|宗|个)"
FIGURES: tuple[Figure, ...] = (
    Figure(
        "一、本年新收政府信息公开申请数量（总计）",
        ("t3.new.total",),
        (
            re.compile(
                r"(?:本年|全年|年内|本年度|共|新)[^，。；;,\d]{0,6}(?:新收|收到|受理|接收)[^，。；;,\d上结]{0,12}申请[^，。；;,\d]{0,4}?"
                + _N
            ),
        ),
        (("t3.new.total", "t3.carried.total"),),
    ),
    Figure(
        "行政复议（总计）",
        ("t4.main.review_total",),
        (re.compile(r"(?<![和及、])行政复议(?:案件|申请)?(?:共|合计)?\s*" + _N),),
    ),
    Figure(
        "行政诉讼（未经复议直接起诉与复议后起诉的总计）",
        ("t4.main.direct_total", "t4.main.after_total"),
        (re.compile(r"行政诉讼(?:案件)?(?:共|合计)?\s*" + _N),),
    ),
)
_NONE_RECEIVED = re.compile(r"(?:未|没有)(?:收到|受理)[^，。；;,\d]{0,8}申请")


def check_published(
    spec: FormSpec, extraction: Extraction, values: Mapping[str, float]
) -> list[Finding]:
    """S115 and D710–D714 on a published report (its identity has no template to check)."""
    text = extraction.published
    if text is None:
        return []
    found = section_positions(text.paragraphs)
    out = year_findings(spec, extraction.year) + _section_findings(found)
    if extraction.year is None:
        out.append(finding("D712", found=text.title or "（无标题）"))
    out += _figure_findings(spec, extraction, values, text)
    if spec.format != "2019" and 5 in found and not _mentions_fee(text.paragraphs[found[5] :]):
        out.append(finding("D714"))
    return out


def section_positions(paragraphs: Sequence[str]) -> dict[int, int]:
    """Section index (0 for 一) -> paragraph index of its heading, first occurrence."""
    found: dict[int, int] = {}
    for index, paragraph in enumerate(paragraphs):
        m = _HEADING.match(paragraph)
        if m is None:
            continue
        number = NUMERALS.index(m.group(1))
        if number not in found and any(w in m.group(2)[:20] for w in SECTIONS[number][1]):
            found[number] = index
    return found


def _section_findings(found: dict[int, int]) -> list[Finding]:
    out = [
        finding("D710", number=NUMERALS[n], expected=SECTIONS[n][0])
        for n in range(len(SECTIONS))
        if n not in found
    ]
    order = sorted(found, key=lambda n: found[n])
    if order != sorted(order):
        shown = " → ".join(NUMERALS[n] for n in order)
        out.append(finding("D711", found=shown))
    return out


def _mentions_fee(paragraphs: Sequence[str]) -> bool:
    """Section 六 speaks of fees, in one of the wordings offices use (published_phrases.json)."""
    return mentions("fee", tuple(paragraphs))


_OTHER_YEAR = ("上年", "去年", "上一年", "同比", "较", "比", "累计")
LOOK_BACK = 8  # characters before a figure that may say it is last year's


def stated_figures(paragraphs: Sequence[str]) -> Iterator[tuple[Figure, str, float]]:
    """Every key figure the narrative states for this year: (figure, quoted text, number)."""
    for paragraph in paragraphs:
        for figure in FIGURES:
            for pattern in figure.patterns:
                for m in pattern.finditer(paragraph):
                    before = paragraph[max(0, m.start() - LOOK_BACK) : m.start()]
                    if not any(word in before for word in _OTHER_YEAR):
                        yield figure, m.group(0), float(m.group(1))
        none = _NONE_RECEIVED.search(paragraph)
        if none:
            yield FIGURES[0], none.group(0), 0.0


def _figure_findings(
    spec: FormSpec, extraction: Extraction, values: Mapping[str, float], text: PublishedText
) -> list[Finding]:
    """D713 for a figure none of whose statements agrees with the table."""
    stated: dict[str, list[tuple[Figure, str, float]]] = {}
    for item in stated_figures(text.paragraphs):
        stated.setdefault(item[0].label, []).append(item)
    out: list[Finding] = []
    for items in stated.values():
        figure = items[0][0]
        if not all(c in spec.cells for c in figure.cells):
            continue
        if all(
            extraction.cells.get(c) is None or not extraction.cells[c].address for c in figure.cells
        ):
            continue  # the table was not found: D705 says so
        allowed = {sum(values.get(c, 0.0) for c in cells) for cells in figure.accepted}
        if any(number in allowed for _, _, number in items):
            continue
        _, quote, number = items[0]
        table = sum(values.get(c, 0.0) for c in figure.cells)
        first = extraction.cells[figure.cells[0]]
        out.append(
            finding(
                "D713",
                sheet=first.sheet,
                cell=first.address,
                quote=quote,
                label=figure.label,
                expected=format_number(table),
                expected_value=table,
                found_value=number,
            )
        )
    return out
