"""This year against last year (``--prior``): the figures of the ``year_figures`` role.

Shared by the HTML report (与上年比较) and the roll-up workbook: each return's figures
beside those of its prior return, the batch's sums, and which offices changed a lot
(the threshold of X503, ``checker.year_change``). A 2021-format return is compared
with a 2019-format prior by the figures' ids, which every format's spec shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.report.figures import spec_named, spec_of
from checker.results import FileReport, format_number
from checker.year_change import is_large_change
from declaration.spec import Figure, FormSpec

FIGURES_ROLE = "year_figures"
NO_PRIOR = "无上年数据"


@dataclass(frozen=True)
class Compared:
    """One figure of this year beside last year's (None where there is none)."""

    id: str
    label: str
    this: float | None
    prior: float | None

    @property
    def change(self) -> float | None:
        if self.this is None or self.prior is None:
            return None
        return self.this - self.prior

    @property
    def large(self) -> bool:
        """Changed more than X503 lets pass (×3 and by more than 20)."""
        return self.change is not None and is_large_change(self.prior or 0.0, self.this or 0.0)


def figures_of(spec: FormSpec) -> tuple[Figure, ...]:
    return spec.figures(FIGURES_ROLE)


def _prior_spec(fr: FileReport) -> FormSpec | None:
    return spec_named(fr.prior_format)


def has_prior(fr: FileReport) -> bool:
    """Last year's return of the office was found and read."""
    return fr.prior_path is not None and _prior_spec(fr) is not None


def compared(fr: FileReport) -> list[Compared]:
    """This return's figures beside its prior's; the prior side None without a prior."""
    spec = spec_of(fr)
    if spec is None or fr.status == "unreadable":
        return []
    prior_spec = _prior_spec(fr) if fr.prior_path else None
    before = {f.id: f for f in figures_of(prior_spec)} if prior_spec is not None else {}
    out = []
    for figure in figures_of(spec):
        old = before.get(figure.id)
        out.append(
            Compared(
                figure.id,
                figure.label,
                figure.value(fr.values),
                old.value(fr.prior_values) if old is not None else None,
            )
        )
    return out


@dataclass(frozen=True)
class Total:
    """One figure summed over returns: this year's (all of them, and those with a prior:
    the same basis as last year's), their priors', and how many had one."""

    label: str
    this: float
    matched: float  # this year's sum over the returns whose prior was found
    prior: float
    returns: int
    with_prior: int

    @property
    def change(self) -> float:
        """On the same basis: an office without last year's return adds nothing."""
        return self.matched - self.prior


def totals(returns: Sequence[FileReport], spec: FormSpec | None = None) -> list[Total]:
    """Each figure over ``returns`` (in ``spec``'s order); last year's sum is that of the
    priors found, compared with this year's sum over the same returns (``matched``);
    ``with_prior`` says of how many returns."""
    rows = [(fr, compared(fr)) for fr in returns]
    rows = [(fr, figures) for fr, figures in rows if figures]
    with_prior = sum(1 for fr, _ in rows if has_prior(fr))
    labels: dict[str, str] = {}
    this: dict[str, float] = {}
    matched: dict[str, float] = {}
    prior: dict[str, float] = {}
    for fr, figures in rows:
        found = has_prior(fr)
        for c in figures:
            labels.setdefault(c.id, c.label)
            this[c.id] = this.get(c.id, 0.0) + (c.this or 0.0)
            matched[c.id] = matched.get(c.id, 0.0) + ((c.this or 0.0) if found else 0.0)
            prior[c.id] = prior.get(c.id, 0.0) + (c.prior or 0.0)
    order = [f.id for f in figures_of(spec)] if spec is not None else list(labels)
    return [
        Total(labels[i], this[i], matched[i], prior[i], len(rows), with_prior)
        for i in order
        if i in labels
    ]


def change_text(change: float | None) -> str:
    """``+3`` / ``-2`` / ``0``; ``—`` when there is nothing to compare."""
    if change is None:
        return "—"
    sign = "+" if change > 0 else "-" if change < 0 else ""
    return f"{sign}{format_number(abs(change))}"


def ratio_text(this: float | None, prior: float | None) -> str:
    """The change in per cent of last year (``+12.5%``); ``—`` when last year had none."""
    if this is None or prior is None or prior == 0:
        return "—"
    ratio = (this - prior) / prior * 100
    sign = "+" if ratio > 0 else "-" if ratio < 0 else ""
    return f"{sign}{format_number(round(abs(ratio), 1))}%"


def value_text(value: float | None) -> str:
    return "—" if value is None else format_number(value)


def no_prior_reason(fr: FileReport) -> str:
    """Why a return has no year-on-year view: the reason its cross-year checks gave."""
    if fr.status == "unreadable" or spec_of(fr) is None:
        return "本年报表无法读取"
    reasons = list(dict.fromkeys(s.reason for s in fr.skipped if s.rules))
    return "；".join(reasons) if reasons else "未找到该单位的上年报告"


def prior_name(fr: FileReport) -> str:
    return Path(fr.prior_path).name if fr.prior_path else ""


def large_changes(fr: FileReport) -> list[Compared]:
    return [c for c in compared(fr) if c.large]


def any_prior(returns: Iterable[FileReport]) -> bool:
    return any(has_prior(fr) for fr in returns)
