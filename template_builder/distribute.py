"""Distribution: one template per office of a roster, safe file names.

``distribute`` writes ``2025年-<单位名称>.xlsx`` for every office of a roster,
with 单位名称 and 单位代码 filled in and locked. With last year's returns it
also fills each office's 二、上年结转 from its own 四、结转下年度继续办理.
File names come from ``common.roster.template_file_names``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from common.memo import Memo
from common.roster import (
    Roster,
    RosterEntry,
    template_file_names,
)
from declaration.spec import FormSpec, load_spec, spec_for_year


class PriorFound(Protocol):
    """Last year's return of one office, as the checker's prior index finds it."""

    values: Mapping[str, float]


class PriorSource(Protocol):
    """Last year's returns, looked up per office (``checker.rules.cross_year.PriorIndex``)."""

    def lookup(self, unit: str | None, code: str | None, year: int | None) -> Any: ...


# -- carry-over from last year ---------------------------------------------------


def carried_values(spec: FormSpec, prior: PriorFound) -> dict[str, float]:
    """The spec's carry-over (its prefill rule, X501): each input from last year's cell."""
    out: dict[str, float] = {}
    for target, source in spec.carry_over():
        value = float(prior.values.get(source, 0.0))
        out[target] = int(value) if value.is_integer() else value
    return out


# -- distribution -------------------------------------------------------------------


@dataclass
class Distribution:
    """What ``distribute`` did, for the command's summary."""

    folder: Path
    year: int
    format: str
    written: list[Path] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)  # offices filled from last year
    no_prior: list[str] = field(default_factory=list)  # reasons, one per office

    def summary_lines(self) -> list[str]:
        lines = [
            f"已生成 {len(self.written)} 份 {self.year} 年度模板"
            f"（{load_spec(self.format).document}格式），保存在 {self.folder}"
        ]
        if self.carried or self.no_prior:
            lines.append(f"已按上年报告填写 {len(self.carried)} 个单位的“二、上年结转”")
        if self.no_prior:
            lines.append(f"以下 {len(self.no_prior)} 个单位未找到上年报告，“二、上年结转”留空：")
            lines.extend(f"  · {reason}" for reason in self.no_prior)
        return lines


@dataclass(frozen=True)
class TemplateJob:
    """One template to write (picklable, for the worker processes)."""

    format: str
    year: int
    path: str
    unit: str
    code: str | None
    values: tuple[tuple[str, float], ...] | None
    password: str | None
    shared: bool = True  # other offices get the same template apart from unit/code

    def base_key(self) -> tuple[object, ...]:
        return (self.format, self.year, self.values, self.password, self.code is not None)


# -- stamping: build once, write office names into the package per office -----
# Building a workbook costs ~50 ms; most offices' templates differ only in
# 单位名称/单位代码. A base is built once with these markers and each office's
# file is the base with the markers replaced (tests compare with direct builds).
UNIT_MARK = "XXGKUNITMARK"
CODE_MARK = "XXGKCODEMARK"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Base:
    parts: list[tuple[str, bytes]]
    strings: frozenset[str]  # the shared strings: an office named like one is not stamped


# a base per kind of template (format, year, prefilled values, password): the
# roster's offices share a few; prefilled ones come in pairs at most
_BASES: Memo[tuple[object, ...], Base | None] = Memo("builder.bases", 8, "lru")
_NONE = Base([], frozenset())  # "built, but the markers did not survive"


def _write(job: TemplateJob, path: Path, unit: str, code: str | None) -> None:
    from template_builder.writer import build_template

    build_template(
        load_spec(job.format),
        year=job.year,
        path=path,
        unit=unit,
        code=code,
        values=dict(job.values) if job.values else None,
        password=job.password,
        lock_unit=True,
    )


def stampable(text: str) -> bool:
    """Text the writer stores unchanged (apart from XML escaping) in every place."""
    return (
        0 < len(text) <= 100
        and "&" not in text
        and "_x" not in text.lower()
        and all(ord(ch) >= 32 for ch in text)
    )


def _shared_strings(parts: list[tuple[str, bytes]]) -> frozenset[str]:
    from xml.etree import ElementTree

    data = dict(parts).get("xl/sharedStrings.xml")
    if data is None:
        return frozenset()
    root = ElementTree.fromstring(data)
    return frozenset("".join(si.itertext()) for si in root)


def _base(job: TemplateJob) -> Base | None:
    import tempfile
    import zipfile

    key = job.base_key()
    known = _BASES.get(key, _NONE)
    if known is not _NONE:
        return known
    with tempfile.TemporaryDirectory(prefix="xxgk-base-") as tmp:
        path = Path(tmp) / "base.xlsx"
        _write(job, path, UNIT_MARK, CODE_MARK if job.code is not None else None)
        with zipfile.ZipFile(path) as zf:
            parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    marked = any(UNIT_MARK.encode() in data for _, data in parts)
    return _BASES.put(key, Base(parts, _shared_strings(parts)) if marked else None)


def _stamp(parts: list[tuple[str, bytes]], unit: str, code: str | None) -> bytes:
    import io
    import zipfile
    from xml.sax.saxutils import escape

    marks = [(UNIT_MARK.encode(), escape(unit).encode())]
    if code is not None:
        marks.append((CODE_MARK.encode(), escape(code).encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            for mark, text in marks:
                data = data.replace(mark, text)
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


def build_one(job: TemplateJob) -> str:
    """Write one office's template: stamped from a shared base when possible."""
    from common.safe_output import write_bytes_atomic

    texts = [job.unit] + ([job.code] if job.code is not None else [])
    base = _base(job) if job.shared and all(map(stampable, texts)) else None
    if base is None or len(set(texts)) < len(texts) or base.strings.intersection(texts):
        _write(job, Path(job.path), job.unit, job.code)
    else:
        write_bytes_atomic(job.path, _stamp(base.parts, job.unit, job.code))
    return job.path


def _frozen(values: Mapping[str, float] | None) -> tuple[tuple[str, float], ...] | None:
    return tuple(sorted(values.items())) if values else None


def _prior_values(
    spec: FormSpec, entry: RosterEntry, year: int, index: PriorSource | None, dist: Distribution
) -> dict[str, float] | None:
    if index is None:
        return None
    lookup = index.lookup(entry.name, entry.code, year)
    if lookup.found is None:
        dist.no_prior.append(f"{entry.display}：{lookup.reason}")
        return None
    dist.carried.append(entry.name)
    return carried_values(spec, lookup.found)


def distribute(
    roster: Roster,
    *,
    year: int,
    folder: Path | str,
    fmt: str | None = None,
    prior: PriorSource | None = None,
    password: str | None = None,
    jobs: int | None = None,
    progress: bool | None = None,
    protect: Sequence[Path | str] = (),
    force: bool = False,
) -> Distribution:
    """Write one locked template per office of ``roster`` into ``folder``.

    ``protect``: input files (roster, last year's returns) never written over;
    existing files (filled returns, perhaps) only with ``force``.
    """
    from common.parallel import parallel_map

    spec = load_spec(fmt) if fmt else spec_for_year(year)
    folder = Path(folder)
    dist = Distribution(folder, year, spec.format)
    names = template_file_names(year, [(e.name, e.code) for e in roster])
    work = [
        TemplateJob(
            spec.format,
            year,
            str(folder / file_name),
            entry.name,
            entry.code,
            _frozen(_prior_values(spec, entry, year, prior, dist)),
            password,
        )
        for entry, file_name in zip(roster, names, strict=True)
    ]
    _refuse_inputs([Path(job.path) for job in work], [roster.path, *protect])
    if not force:
        refuse_existing([Path(job.path) for job in work])
    folder.mkdir(parents=True, exist_ok=True)
    uses = Counter(job.base_key() for job in work)
    work = [replace(job, shared=uses[job.base_key()] > 1) for job in work]
    done = parallel_map(build_one, work, jobs=jobs, progress=progress, label="生成模板")
    dist.written = [Path(p) for p in done]
    return dist


class DistributionError(ValueError):
    """Distribution cannot start (Chinese message); nothing has been written."""


def _refuse_inputs(targets: Sequence[Path], inputs: Sequence[Path | str]) -> None:
    protected = {Path(p).resolve() for p in inputs}
    for folder in {p for p in protected if p.is_dir()}:
        protected.update(f.resolve() for f in folder.rglob("*"))
    for target in targets:
        if target.resolve() in protected:
            raise DistributionError(f"输出文件 {target} 是输入文件，已拒绝覆盖；请换一个输出文件夹")


SHOWN_EXISTING = 10  # existing files named in the refusal


def refuse_existing(targets: Sequence[Path]) -> None:
    """Refuse to write over files that exist (they may be filled returns)."""
    existing = [t for t in targets if t.exists()]
    if not existing:
        return
    names = "、".join(t.name for t in existing[:SHOWN_EXISTING])
    more = f" 等 {len(existing)} 个文件" if len(existing) > SHOWN_EXISTING else ""
    raise DistributionError(
        f"输出文件已存在，可能是已填好的报表，未覆盖：{names}{more}。"
        "请换一个输出文件夹；确需重新生成并覆盖时加 --force"
    )
