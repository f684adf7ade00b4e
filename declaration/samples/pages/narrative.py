"""The text of a generated published report: title, section headings, narrative.

The narrative states the key figures the way offices write them (本年新收政府信息
公开申请 N 件, 行政复议 N 件, 行政诉讼 N 件); ``stated`` lets a test make the text
disagree with the table. The wording is drawn from a pool by a seed, so two reports
with the same seed share their narrative (a report copied from last year's) and
reports with different seeds share little of it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

_OVERVIEW = (
    "坚持以公开为常态、不公开为例外，围绕中心工作推进决策、执行、管理、服务、结果公开。",
    "调整政务公开工作领导小组，明确分管领导和具体经办人员，做到责任到人。",
    "梳理主动公开基本目录，及时更新机构职能、规划计划、财政预决算等栏目内容。",
    "规范依申请公开受理、登记、办理、答复流程，做到依法按时答复。",
    "加强政府网站和政务新媒体管理，建立信息发布审核和保密审查机制。",
    "组织工作人员参加条例学习培训，提升政府信息公开业务能力。",
    "围绕群众关注的热点问题做好政策解读，运用图解、问答等形式提升解读效果。",
    "建立健全政府信息管理动态调整机制，对已公开的政府信息定期评估审查。",
    "将政务公开工作纳入年度绩效考核，开展社会评议，落实责任追究。",
    "完善政府信息公开指南和公开目录，公开受理渠道和联系方式。",
)
_PROBLEMS = (
    "一是公开内容还不够细化，部分栏目更新不够及时；二是政策解读形式较为单一。",
    "一是工作人员业务水平有待提高；二是回应关切的主动性还需加强。",
    "一是重点领域信息公开的深度不够；二是公开平台的互动功能有待完善。",
    "一是信息发布审核流程需要进一步规范；二是依申请公开答复文书有待统一。",
)
_MEASURES = (
    "下一步，将加强业务培训，细化公开标准，及时更新各栏目内容。",
    "下一步，将丰富解读形式，强化舆情回应，提升公开质量和实效。",
    "下一步，将完善工作机制，加强监督检查，推动政务公开工作提质增效。",
)


def title(unit: str, year: int | None) -> str:
    """The report's title; without the year when ``year`` is None (an error seen in the wild)."""
    return f"{unit}{year}年政府信息公开工作年度报告" if year else f"{unit}政府信息公开工作年度报告"


def figures(values: Mapping[str, float]) -> dict[str, int]:
    """The key figures a narrative states, taken from the table values."""
    return {
        "new": int(values["t3.new.total"]),
        "carried": int(values["t3.carried.total"]),
        "review": int(values["t4.main.review_total"]),
        "litigation": int(values["t4.main.direct_total"] + values["t4.main.after_total"]),
    }


def overview(unit: str, year: int, stated: Mapping[str, int], seed: int) -> list[str]:
    """Paragraphs of section 一, with the key figures."""
    rng = random.Random(seed)
    lines = rng.sample(_OVERVIEW, 5)
    return [
        f"{year}年，{unit}认真贯彻落实《中华人民共和国政府信息公开条例》，现将本年度政府信息公开工作情况报告如下。",
        f"（一）主动公开。{lines[0]}{lines[1]}",
        f"（二）依申请公开。{year}年本年新收政府信息公开申请{stated['new']}件，"
        f"上年结转政府信息公开申请{stated['carried']}件，均已按照法定时限和程序办理。{lines[2]}",
        f"（三）政府信息管理。{lines[3]}",
        f"（四）平台建设。{lines[4]}",
        f"（五）监督保障。全年因政府信息公开工作被申请行政复议{stated['review']}件，"
        f"被提起行政诉讼{stated['litigation']}件。",
    ]


def problems(seed: int) -> list[str]:
    rng = random.Random(seed + 1)
    return [rng.choice(_PROBLEMS), rng.choice(_MEASURES)]


def other_matters(fmt: str, year: int, fee: float | None) -> list[str]:
    """Section 六; in the 2021 format it says whether 信息处理费 was charged."""
    if fmt == "2019":
        return ["本年度无其他需要报告的事项。"]
    if fee:
        return [
            f"{year}年，本机关依据《政府信息公开信息处理费管理办法》收取信息处理费{fee:g}元，详见上表。"
        ]
    return [f"{year}年，本机关未收取信息处理费。"]
