"""The corpus of published reports: each case with its verdict, written before running.

A case is a ``Page`` (how the report is written), the inputs (consistent values
from the spec, or the 海滨街 2020 sample), totals typed over to make an error,
and what the checker must say: the arithmetic findings as (rule, row label,
column label), the published-report findings by their key in ``RULES``, and
whether the file passes.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from declaration.layout import FIRST_TABLE_ROW, sheet_layouts
from declaration.samples import sample_values
from declaration.samples.generate import consistent_values
from declaration.samples.pages.page import full_values, write_page
from declaration.samples.pages.variants import Page
from declaration.spec import load_spec

# The published-report rules by what they are about; the ids are the registry's
# (checker/registry/published.py), collected here so that every test names them once.
RULES: Mapping[str, str] = {
    "wrong_format": "S115",  # the format does not fit the report year
    "mixed_formats": "D715",
    "label_variant": "D704",
    "section_missing": "D710",
    "section_order": "D711",
    "title_year": "D712",
    "stated_figure": "D713",
    "fee_statement": "D714",
    "rows_repeated": "D720",
    "text_repeated": "D721",
    "no_text_layer": "D702",
    "row_missing": "S105",
    "row_omitted": "D716",
}
ARITHMETIC = ("A301", "A302", "A303", "A304")


@cache
def inputs(fmt: str, seed: int = 1) -> dict[str, float]:
    """Consistent inputs of ``fmt`` (every rule of the spec holds)."""
    return consistent_values(load_spec(fmt), random.Random(seed), scale=5)


@cache
def haibinjie() -> dict[str, float]:
    """The inputs of the 海滨街 2020 report (2019 format)."""
    spec = load_spec("2019")
    sample = sample_values("haibinjie-2020")
    return {c.id: float(sample.get(c.id, 0) or 0) for c in spec.input_cells()}  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    name: str
    page: Page
    inputs: Mapping[str, float]
    overrides: Mapping[str, float] = field(default_factory=dict)
    # the verdict
    status: str = "pass"
    arithmetic: frozenset[tuple[str, str, str]] = frozenset()
    published: tuple[str, ...] = ()
    suffix: str = ".html"

    @property
    def values(self) -> dict[str, float]:
        return full_values(load_spec(self.page.fmt), self.inputs, self.overrides)

    def write(self, folder: Path) -> Path:
        suffix = ".mhtml" if self.page.container == "mhtml" else self.suffix
        return write_page(folder / f"{self.name}{suffix}", self.values, self.page)


BASE = Page()
HAIBINJIE = Page(fmt="2019", year=2020, unit="海滨街")
ALL_VARIANTS = BASE.but(
    split_labels=True,
    t2_tables="blocks",
    t3_continued=True,
    fee_table=True,
    zero="",
    units=True,
    typos=True,
    encoding="gbk",
)


def _bump(fmt: str, changes: Mapping[str, float], seed: int = 1) -> dict[str, float]:
    """Totals as computed, then each cell of ``changes`` moved by its amount."""
    values = full_values(load_spec(fmt), inputs(fmt, seed))
    return {cell: values[cell] + delta for cell, delta in changes.items()}


# Consistent reports in every variant: no arithmetic finding, every value read.
CONSISTENT = (
    Case("clean-2021", BASE, inputs("2021")),
    Case("clean-2019", HAIBINJIE, haibinjie()),
    Case("plain-cms", BASE.but(word_markup=False, seed=2), inputs("2021", 2)),
    Case("split-labels", BASE.but(split_labels=True, seed=3), inputs("2021", 3)),
    Case("t2-blocks-2019", HAIBINJIE.but(t2_tables="blocks"), inputs("2019", 4)),
    Case("t3-continued", BASE.but(t3_continued=True), inputs("2021", 5)),
    Case("fee-table", BASE.but(fee_table=True), inputs("2021", 6)),
    Case("blank-zeros", HAIBINJIE.but(zero=""), haibinjie()),
    Case("zero-slash-2019", HAIBINJIE.but(zero="/"), haibinjie()),
    Case("zero-dash", BASE.but(zero="—"), inputs("2021", 16)),
    Case("signed-text-2019", HAIBINJIE.but(signed_text=True), inputs("2019", 17)),
    Case("odd-precision", BASE.but(odd_precision=True), inputs("2021", 18)),
    Case("units-2021", BASE.but(units=True), inputs("2021", 7)),
    Case("units-2019", HAIBINJIE.but(units=True), haibinjie()),
    Case("typos-2021", BASE.but(typos=True), inputs("2021", 8)),
    Case("typos-2019", HAIBINJIE.but(typos=True), inputs("2019", 8)),
    Case("gbk", BASE.but(encoding="gbk"), inputs("2021", 9)),
    Case("gb18030-2019", HAIBINJIE.but(encoding="gb18030"), haibinjie()),
    Case("mhtml", BASE.but(container="mhtml", encoding="gb2312"), inputs("2021", 10)),
    Case("all-variants", ALL_VARIANTS, inputs("2021", 11)),
    Case("all-variants-mhtml", ALL_VARIANTS.but(container="mhtml"), inputs("2021", 12)),
)

# One arithmetic error class each, with exactly its findings.
ARITHMETIC_ERRORS = (
    # 一 + 二 = 三(七) + 四 broken in 自然人 (and so in 总计), every total still right
    Case(
        "balance-broken",
        BASE,
        inputs("2021"),
        _bump("2021", {"t3.new.natural": 1, "t3.new.total": 1}),
        "fail",
        frozenset({("A301", "", "自然人"), ("A301", "", "总计")}),
    ),
    # one row total mistyped
    Case(
        "row-total-wrong",
        BASE,
        inputs("2021"),
        _bump("2021", {"t3.granted.total": 1}),
        "fail",
        frozenset({("A302", "（一）予以公开", "总计")}),
    ),
    # （七）总计 6 below its details while the 勾稽 identity still holds (a real case)
    Case(
        "outcome-total-wrong",
        BASE,
        inputs("2021"),
        _bump(
            "2021",
            {
                "t3.outcome_total.natural": -6,
                "t3.outcome_total.total": -6,
                "t3.carry_forward.natural": 6,
                "t3.carry_forward.total": 6,
            },
        ),
        "fail",
        frozenset({("A303", "（七）总计", "自然人")}),
    ),
    # the 行政复议 总计 one more than its four results
    Case(
        "review-total-wrong",
        HAIBINJIE,
        haibinjie(),
        {"t4.main.review_total": 2},
        "fail",
        frozenset({("A304", "", "行政复议 总计")}),
    ),
)

# What only a published report can get wrong.
PUBLISHED_ERRORS = (
    Case(
        "wrong-format",
        BASE.but(fmt="2019", year=2022),
        inputs("2019", 13),
        status="fail",
        published=("wrong_format",),
    ),
    # table 二 of the 2019 format in a 2021 report, 三 and 四 of the 2021 format
    Case(
        "mixed-formats",
        BASE.but(t2_format="2019"),
        inputs("2021", 15),
        {k: v for k, v in inputs("2019", 15).items() if k.startswith("t2.")},
        "fail",
        published=("mixed_formats",),
    ),
    Case(
        "section-missing",
        BASE.but(sections=(1, 2, 3, 4, 6)),
        inputs("2021"),
        published=("section_missing",),
    ),
    Case(
        "section-order",
        BASE.but(sections=(1, 3, 2, 4, 5, 6)),
        inputs("2021"),
        published=("section_order",),
    ),
    Case(
        "title-without-year", BASE.but(title_year=False), inputs("2021"), published=("title_year",)
    ),
    Case(
        "stated-figure",
        BASE.but(stated={"new": 3}),
        inputs("2021"),
        status="fail",
        published=("stated_figure",),
    ),
    Case(
        "stated-review",
        BASE.but(stated={"review": 99}),
        inputs("2021"),
        status="fail",
        published=("stated_figure",),
    ),
    Case(
        "stated-litigation",
        HAIBINJIE.but(stated={"litigation": 7}),
        haibinjie(),
        status="fail",
        published=("stated_figure",),
    ),
    Case(
        "no-fee-statement",
        BASE.but(fee_statement=False),
        inputs("2021"),
        published=("fee_statement",),
    ),
    Case(
        "row-left-out",
        BASE.but(omit_rows=("rules",)),
        inputs("2021", 14),
        published=("row_omitted",),
    ),
)


def published_place(case: Case, cell_id: str) -> str:
    """Where a reader of the page finds a value cell: row and column (1-based, merged
    cells counted as the columns they cover) in the published table holding the spec
    table — a table 三 not split over several published tables here."""
    spec = load_spec(case.page.fmt)
    assert not case.page.t3_continued and not case.page.omit_rows
    table = cell_id.split(".", 1)[0]
    pos = sheet_layouts(spec)[table].values[cell_id]
    return f"第{pos.row - FIRST_TABLE_ROW + 1}行第{pos.col + 1}列"


def combined(seed: int) -> Case:
    """A consistent report with a random combination of the page variants."""
    rng = random.Random(seed)
    fmt, year = rng.choice([("2021", 2021 + seed % 4), ("2019", 2019 + seed % 2)])
    page = Page(
        fmt=fmt,
        year=year,
        unit=f"第{seed}单位",
        word_markup=rng.random() < 0.8,
        split_labels=rng.random() < 0.5,
        t2_tables=rng.choice(["one", "blocks"]),
        t3_continued=rng.random() < 0.5,
        fee_table=fmt == "2021" and rng.random() < 0.3,
        zero=rng.choice(["0", ""]),
        units=rng.random() < 0.3,
        typos=rng.random() < 0.3,
        seed=seed,
        encoding=rng.choice(["utf-8", "gbk", "gb18030"]),
        container=rng.choice(["html", "html", "mhtml"]),
    )
    return Case(f"combined-{seed}", page, inputs(fmt, 100 + seed))


COMBINED = tuple(combined(seed) for seed in range(16))
