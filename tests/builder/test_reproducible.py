"""Byte-reproducible builds and the golden (committed) templates."""

from __future__ import annotations

import difflib
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import canonicalize

import pytest

from declaration.spec import all_specs, load_spec
from template_builder.regenerate import reference_year, template_path
from template_builder.writer import build_template


def _normalise(name: str, data: bytes) -> list[str]:
    """Canonical XML (sorted attributes), one tag per line."""
    if not (name.endswith(".xml") or name.endswith(".rels")):
        return [data.hex()]
    text = canonicalize(data.decode("utf-8"), strip_text=True)
    return re.sub(r">\s*<", ">\n<", text).splitlines()


def compare_xlsx(got: Path, expected: Path) -> str:
    """'' when both files hold the same parts; else a readable unified diff."""
    with zipfile.ZipFile(got) as a, zipfile.ZipFile(expected) as b:
        names_a, names_b = sorted(a.namelist()), sorted(b.namelist())
        if names_a != names_b:
            return "\n".join(difflib.unified_diff(names_b, names_a, "expected", "got", lineterm=""))
        diffs = []
        for name in names_a:
            left, right = _normalise(name, b.read(name)), _normalise(name, a.read(name))
            if left != right:
                diffs.extend(
                    difflib.unified_diff(
                        left, right, f"expected/{name}", f"got/{name}", lineterm=""
                    )
                )
        return "\n".join(diffs)


def test_same_inputs_give_same_bytes(tmp_path: Path) -> None:
    spec = load_spec("2019")
    kwargs: dict[str, object] = {"year": 2020, "unit": "海滨街", "values": {"t3.new.natural": 4}}
    first = build_template(spec, path=tmp_path / "a.xlsx", **kwargs)  # type: ignore[arg-type]
    second = build_template(spec, path=tmp_path / "b.xlsx", **kwargs)  # type: ignore[arg-type]
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_compare_reports_a_difference(tmp_path: Path) -> None:
    spec = load_spec("2021")
    a = build_template(spec, year=2025, path=tmp_path / "a.xlsx")
    b = build_template(spec, year=2025, path=tmp_path / "b.xlsx", unit="甲")
    diff = compare_xlsx(a, b)
    assert "甲" in diff and diff.startswith("---")


@pytest.mark.parametrize("spec", all_specs(), ids=lambda s: s.format)
def test_committed_template_is_current(spec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fresh = build_template(spec, year=reference_year(spec), path=tmp_path / "fresh.xlsx")
    committed = template_path(spec)
    assert committed.exists(), "运行 make templates 生成模板"
    diff = compare_xlsx(fresh, committed)
    assert diff == "", "已提交的模板已过期，运行 make templates 重新生成：\n" + diff
