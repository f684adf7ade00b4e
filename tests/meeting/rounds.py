"""Two review rounds of a small region, built from the spec at test time.

Round 1: 东区 clean; 南区 out of balance in 自然人 (A301 on columns D and J);
北区 with half of its outcomes in （六）其他处理 (P402 warning). Round 2: 南区
corrected (（一）予以公开 4 → 5), 北区 unchanged, 西区 new with the same P402.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from commands.check_workbook import main
from declaration.spec import load_spec
from template_builder.writer import build_template
from tests.support.libreoffice import require_soffice

YEAR = 2024
UNO_PYTHON = "/usr/bin/python3"
UNO_FILL = Path(__file__).resolve().parents[1] / "support" / "uno_fill.py"
OTHER = {"t3.new.natural": 10, "t3.granted.natural": 5, "t3.other_misc.natural": 5}
ROUND1: dict[str, tuple[str, dict[str, float]]] = {
    "东区": (
        "113501",
        {"t3.new.natural": 5, "t3.granted.natural": 3, "t3.carry_forward.natural": 2},
    ),
    "南区": ("113502", {"t3.new.natural": 5, "t3.granted.natural": 4}),
    "北区": ("113503", OTHER),
}
ROUND2: dict[str, tuple[str, dict[str, float]]] = {
    **ROUND1,
    "南区": ("113502", {"t3.new.natural": 5, "t3.granted.natural": 5}),
    "西区": ("113504", OTHER),
}


def build_round(folder: Path, offices: dict[str, tuple[str, dict[str, float]]]) -> Path:
    spec = load_spec("2021")
    folder.mkdir(parents=True, exist_ok=True)
    for name, (code, values) in offices.items():
        unit = f"{name}政府办"
        build_template(
            spec, year=YEAR, unit=unit, code=code, values=values, path=folder / f"{name}.xlsx"
        )
    return folder


def run(*argv: str) -> tuple[int, str]:
    """check-workbook in this process; (exit code, what it printed)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(list(argv))
    return code, out.getvalue()


def run_json(*argv: str, target: Path) -> tuple[int, dict[str, Any]]:
    code, _ = run(*argv, "--format", "json", "-o", str(target))
    return code, json.loads(target.read_text(encoding="utf-8"))


def by_unit(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["unit"]: f for f in report["files"]}


def require_uno() -> None:
    require_soffice()
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True)
    if probe.returncode != 0 or shutil.which(UNO_PYTHON) is None:
        pytest.skip("未安装 python3-uno，跳过 LibreOffice 填写审核意见表的测试")


def fill_in_libreoffice(
    register: Path, target: Path, edits: list[dict[str, dict[str, str]]]
) -> dict[str, Any]:
    """Fill the register in LibreOffice (Python-UNO) and save it as .xlsx, as a person would."""
    require_uno()
    edits_file = target.with_suffix(".edits.json")
    seen_file = target.with_suffix(".seen.json")
    edits_file.write_text(json.dumps(edits, ensure_ascii=False), encoding="utf-8")
    subprocess.run(
        [UNO_PYTHON, str(UNO_FILL), str(register), str(target), str(edits_file), str(seen_file)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    seen: dict[str, Any] = json.loads(seen_file.read_text(encoding="utf-8"))
    return seen
