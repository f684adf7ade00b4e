"""The wheel is self-contained: an installed copy finds its spec files and works without
the source checkout (as on an office's Windows computer after ``py -m pip install``)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.verdicts.office import template_return

ROOT = Path(__file__).resolve().parents[1]

RUN = """
import sys
sys.path.insert(0, {unpacked!r})
import declaration.spec, commands.check_workbook, commands.build_template
assert declaration.spec.__file__.startswith({unpacked!r}), declaration.spec.__file__
print("SPECS", declaration.spec.SPEC_DIR)
code = commands.build_template.main(["--year", "2025", "-o", {template!r}])
print("BUILT", code)
code = commands.check_workbook.main([{checked!r}, "--quiet"])
print("CHECKED", code)
"""


@pytest.mark.slow
def test_the_wheel_carries_the_spec_files_and_runs_on_its_own(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {"declaration/specs/2019.json", "declaration/specs/2021.json"} <= names
        assert "server/static/app.js" in names and "server/templates/office.html" in names
        unpacked = tmp_path / "site"
        archive.extractall(unpacked)
    checked = template_return(tmp_path / "某局.xlsx", unit="某局")
    script = RUN.format(
        unpacked=str(unpacked), template=str(tmp_path / "模板.xlsx"), checked=str(checked)
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert run.returncode == 0, run.stderr
    assert f"SPECS {unpacked / 'declaration' / 'specs'}" in run.stdout
    assert "BUILT 0" in run.stdout and "CHECKED 0" in run.stdout
