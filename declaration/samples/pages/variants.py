"""How one generated published report is written: the variants seen in real pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Page:
    """How one published report is written; every field is a variant seen in real pages."""

    fmt: str = "2021"
    year: int = 2023
    unit: str = "海滨街道办事处"
    title_year: bool = True  # False: the year is missing from the title
    word_markup: bool = True  # MsoNormal, <p> in cells, padding; False: a plain CMS table
    split_labels: bool = False  # 自 然 人, （三） / 不予 公开 over two <p>
    t2_tables: str = "one"  # "one" table 二, or "blocks": one table per 第二十条 block
    t2_format: str | None = None  # table 二 of the other format (a mix of the two formats)
    t3_continued: bool = False  # table 三 split in two, the second part without its header
    fee_table: bool = False  # an extra 信息处理费 table between tables 三 and 四
    zero: str = "0"  # how a zero is written: "0", "" (blank cell), "/", "—"
    signed_text: bool = False  # 本年增/减 written "+19", "减4"
    odd_precision: bool = False  # amounts with six decimals ("879.490000")
    units: bool = False  # 2笔, 984361元, 152.2万元 inside cells
    omit_rows: tuple[str, ...] = ()  # row ids left out of the tables (e.g. "rules")
    typos: bool = False  # 钩稽, 先行有效件数, 本年废纸件数, 其他法律和行政法规, 3.其他 → 其他
    sections: tuple[int, ...] = (1, 2, 3, 4, 5, 6)  # which sections, in which order
    stated: Mapping[str, int] = field(default_factory=dict)  # figures the text states instead
    fee_statement: bool = True  # 2021: section 六 says whether 信息处理费 was charged
    seed: int = 1  # narrative wording; the same seed gives the same text
    encoding: str = "utf-8"  # declared in <meta charset> and used for the bytes
    container: str = "html"  # "html" or "mhtml" (Word's 网页，单个文件)

    def but(self, **changes: object) -> Page:
        return replace(self, **changes)  # type: ignore[arg-type]
