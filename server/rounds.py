"""A year's round: the roster's offices, each with its prefilled template and private link.

The roster is read by the same rules as ``check-workbook --roster``; last year's
returns (or published reports) prefill 二、上年结转 as ``build-template --prior``
does, and are kept in the data folder for the cross-year checks of the round.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

from server.auth import new_secret
from server.store import Store, digest


@dataclass(frozen=True)
class Link:
    """One office's private link, as written to 链接.csv."""

    name: str
    code: str
    url: str


class RoundError(ValueError):
    """The round cannot be made (Chinese message naming the file)."""


def create_round(
    store: Store,
    *,
    year: int,
    roster: Path,
    prior: Path | None,
    base_url: str,
) -> list[Link]:
    """Make the round of ``year`` from ``roster``; the offices' links (shown only now)."""
    from checker import load_prior, load_roster
    from declaration.spec import spec_for_year
    from template_builder.distribute import distribute

    if store.round(year) is not None:
        raise RoundError(f"{year} 年度的报送已经建立，不能重复建立")
    try:
        entries = load_roster(roster)
    except ValueError as exc:
        raise RoundError(str(exc)) from None
    folder = store.round_folder(year)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copyfile(roster, folder / ("名单" + roster.suffix.lower()))
    index = None
    if prior is not None:
        kept = folder / "上年"
        _copy_prior(prior, kept)
        try:
            index = load_prior(kept)
        except ValueError as exc:
            raise RoundError(str(exc)) from None
    spec = spec_for_year(year)
    made = distribute(entries, year=year, folder=folder / "模板", prior=index)
    links, offices = [], []
    for entry, template in zip(entries, made.written, strict=True):
        secret = new_secret()
        offices.append(
            {
                "name": entry.name,
                "code": entry.code,
                "row": entry.row,
                "link_hash": digest(secret),
                "template": template.name,
            }
        )
        links.append(Link(entry.name, entry.code or "", office_url(base_url, secret)))
    store.add_round(year, spec.format, roster.name, index is not None, offices)
    return links


def office_url(base_url: str, secret: str) -> str:
    return f"{base_url.rstrip('/')}/o/{secret}"


def _copy_prior(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, symlinks=False)
    elif source.is_file():
        target.mkdir(parents=True)
        shutil.copyfile(source, target / source.name)
    else:
        raise RoundError(f"找不到上一年度的报表或上年回收文件夹：{source}")


def write_links(links: list[Link], path: Path) -> None:
    """链接.csv: UTF-8 with BOM (Excel opens it as it is), one row per office."""
    from common.safe_output import write_text_atomic

    rows = [["单位名称", "单位代码", "链接"]] + [[x.name, x.code, x.url] for x in links]
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(_formula_safe(r) for r in rows)
    write_text_atomic(path, "\ufeff" + buffer.getvalue())


def _formula_safe(row: list[str]) -> list[str]:
    """A name that starts like a formula is not run by Excel when the CSV is opened."""
    from common.safe_output import neutralize_formula

    return [neutralize_formula(x) for x in row]
