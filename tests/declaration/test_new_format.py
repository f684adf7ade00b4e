"""A new official format is a new spec file and no code change.

A third spec (a future 文号 for 2027 on, one more row under （六）其他处理) is put
beside copies of the two real ones in a folder named by XXGK_SPEC_DIR; the real
commands, in a fresh process, build its template and check returns made from it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NEW_ROW = {"id": "other_withdrawn", "label": "4.申请人撤回申请"}
NEW_DOCUMENT = "国办公开办函〔2026〕1号"


def _third_format(folder: Path) -> None:
    for name in ("2019.json", "2021.json"):
        shutil.copy(ROOT / "templates" / name, folder / name)
    spec = json.loads((ROOT / "templates" / "2021.json").read_text(encoding="utf-8"))
    current = json.loads((folder / "2021.json").read_text(encoding="utf-8"))
    current["years"] = [2021, 2026]  # the 2021 format ends when the new one starts
    (folder / "2021.json").write_text(json.dumps(current, ensure_ascii=False), encoding="utf-8")
    spec.update(format="2027", document=NEW_DOCUMENT, years=[2027, None])
    table = next(t for t in spec["tables"] if t["id"] == "t3")
    outcomes = next(r for r in table["blocks"][0]["rows"] if r.get("label") == "三、本年度办理结果")
    other = next(r for r in outcomes["children"] if r.get("label") == "（六）其他处理")
    other["children"].append(NEW_ROW)
    for name in ("t3_rows", "outcomes", "other_handling_rows"):
        members = spec["sets"][name]
        members.insert(members.index("other_misc") + 1, NEW_ROW["id"])
    (folder / "2027.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")


def _run(folder: Path, *args: str, script: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XXGK_SPEC_DIR": str(folder)}
    command = [sys.executable, "-c", script] if script else [sys.executable, "-m", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=folder)


FILL = """
import json, random, sys
from declaration.samples.generate import consistent_values
from declaration.spec import spec_for_year
from template_builder.writer import build_template
spec = spec_for_year(2027)
values = consistent_values(spec, random.Random(5), scale=9)
json.dump({"format": spec.format, "document": spec.document, "cells": len(spec.cells)}, sys.stdout)
build_template(spec, year=2027, path="good.xlsx", unit="某某局", values=values)
values["t3.other_withdrawn.natural"] += 1  # the new row, one more application handled
build_template(spec, year=2027, path="bad.xlsx", unit="某某局", values=values)
"""


@pytest.fixture(scope="module")
def new_format(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("specs")
    _third_format(folder)
    made = _run(folder, script=FILL)
    assert made.returncode == 0, made.stderr
    facts = json.loads(made.stdout)
    assert facts["format"] == "2027" and facts["document"] == NEW_DOCUMENT
    return folder


def test_the_year_chooses_the_new_format_and_its_template_has_the_row(new_format: Path) -> None:
    built = _run(new_format, "commands.build_template", "--year", "2027", "-o", "模板.xlsx")
    assert built.returncode == 0, built.stderr
    from openpyxl import load_workbook

    book = load_workbook(new_format / "模板.xlsx")
    texts = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert NEW_ROW["label"] in texts
    assert any(NEW_DOCUMENT in t for t in texts)


def test_a_consistent_return_of_the_new_format_passes(new_format: Path) -> None:
    checked = _run(new_format, "commands.check_workbook", "good.xlsx", "--format", "json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report = json.loads(checked.stdout)["files"][0]
    assert (report["status"], report["format"], report["findings"]) == ("pass", "2027", [])


def test_a_return_broken_in_the_new_row_fails_at_the_right_cells(new_format: Path) -> None:
    checked = _run(new_format, "commands.check_workbook", "bad.xlsx", "--format", "json")
    assert checked.returncode == 1
    report = json.loads(checked.stdout)["files"][0]
    rules = sorted({f["rule"] for f in report["findings"]})
    # 一 + 二 no longer equals 三(七) + 四 in the 自然人 column and in the 总计 column
    assert rules == ["A301"]
    assert len(report["findings"]) == 2
