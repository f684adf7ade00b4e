"""Returns made the way offices make them, for the verdict tests.

``template_return`` types values into this year's template (the builder's own
writer, as an office's Excel would store them); ``lo_edit`` then opens such
files in LibreOffice through Python-UNO and edits them as Excel users do —
insert or delete rows, type over or delete totals, rename sheets, format a
cell as 文本 — and saves them as .xlsx, .xls or .ods. Data: the 海滨街 2020
report (a real published report) and figures of the same shape.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from declaration.layout import cell_a1, sheet_layouts
from declaration.spec import FormSpec, load_spec
from template_builder.writer import build_template

UNO_PYTHON = "/usr/bin/python3"
UNO_SCRIPT = Path(__file__).resolve().parent.parent / "support" / "uno_edit.py"

# A return of 2025 with real figures (the shape of a district office's report).
REAL_2021: dict[str, float] = {
    "t2.rules.issued": 2,
    "t2.rules.repealed": 1,
    "t2.rules.valid": 14,
    "t2.normative.issued": 5,
    "t2.normative.repealed": 2,
    "t2.normative.valid": 40,
    "t2.permit.prev_items": 120,
    "t2.penalty.prev_items": 30,
    "t3.new.natural": 40,
    "t3.new.commercial": 5,
    "t3.new.legal": 2,
    "t3.carried.natural": 3,
    "t3.granted.natural": 20,
    "t3.granted.commercial": 3,
    "t3.partial.natural": 6,
    "t3.unavailable_none.natural": 10,
    "t3.unavailable_none.commercial": 2,
    "t3.unavailable_none.legal": 2,
    "t3.declined_repeat.natural": 3,
    "t3.carry_forward.natural": 4,
    "t4.main.review_upheld": 2,
    "t4.main.review_corrected": 1,
    "t4.main.direct_upheld": 1,
}


def spec_2021() -> FormSpec:
    return load_spec("2021")


def known(spec: FormSpec, values: Mapping[str, float]) -> dict[str, float]:
    """Only the ids the spec has (test data written for one format)."""
    return {k: v for k, v in values.items() if k in spec.cells}


def template_return(
    path: Path,
    values: Mapping[str, object] | None = None,
    *,
    fmt: str = "2021",
    year: int = 2025,
    unit: str | None = "某某街道办事处",
    code: str | None = None,
) -> Path:
    """This year's template, filled in (totals stay formulas unless given)."""
    spec = load_spec(fmt)
    data = dict(values if values is not None else known(spec, REAL_2021))
    return build_template(spec, year=year, path=path, unit=unit, code=code, values=data)


def sheet_of(spec: FormSpec, cell_id: str) -> str:
    return sheet_layouts(spec)[cell_id.split(".", 1)[0]].sheet_name


def at(spec: FormSpec, cell_id: str) -> tuple[str, str]:
    """(sheet name, A1) of a cell of the template."""
    return sheet_of(spec, cell_id), cell_a1(spec, cell_id)


def require_uno() -> None:
    if shutil.which("soffice") is None or not Path(UNO_PYTHON).exists():
        reason = "未安装 LibreOffice 或 python3-uno，跳过真实客户端测试"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        reason = "系统 Python 没有 uno 模块（apt-get install -y python3-uno），跳过"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def lo_edit(jobs: Sequence[Mapping[str, Any]], work: Path) -> None:
    """Run edit jobs (see tests/support/uno_edit.py) in one LibreOffice session."""
    require_uno()
    work.mkdir(parents=True, exist_ok=True)
    listing = work / "uno-jobs.json"
    plain = [{k: (str(v) if isinstance(v, Path) else v) for k, v in j.items()} for j in jobs]
    listing.write_text(json.dumps(plain, ensure_ascii=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    subprocess.run([UNO_PYTHON, str(UNO_SCRIPT), str(listing)], check=True, timeout=600, env=env)
    for job in jobs:
        if not Path(job["target"]).exists():
            raise RuntimeError(f"LibreOffice 没有生成 {job['target']}")
