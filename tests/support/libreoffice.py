"""LibreOffice headless as the real spreadsheet client in tests.

``recalc`` opens workbooks in LibreOffice with "always recalculate on load"
and saves them again as .xlsx, so formulas carry the values the client
computed. Locally the tests skip with a clear reason when LibreOffice is not
installed; in CI (``CI`` set) a missing LibreOffice is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice binary, or skip (locally) / fail (in CI) with the reason."""
    exe = soffice()
    if exe is None:
        reason = (
            "未安装 LibreOffice（soffice），跳过真实客户端测试；"
            "安装：apt-get install -y libreoffice-calc-nogui"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return exe


def _profile() -> Path:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
    return profile


def convert(
    paths: Sequence[Path],
    outdir: Path,
    target: str = "xlsx",
    timeout: int = 300,
    infilter: str | None = None,
) -> list[Path]:
    """Open each file in LibreOffice (recalculating) and save as ``target``;
    ``infilter`` names the import filter (e.g. "HTML (StarWriter)": a page opened
    in Writer rather than Writer/Web)."""
    exe = require_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    profile = _profile()
    try:
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *[str(p) for p in paths],
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = target.split(":", 1)[0]
    out = [outdir / (Path(p).stem + "." + ext) for p in paths]
    missing = [p for p in out if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice 没有生成 {missing}")
    return out


def recalc(paths: Sequence[Path], outdir: Path) -> list[Path]:
    """Recalculate workbooks in LibreOffice; returns the re-saved .xlsx copies."""
    return convert(paths, outdir, "xlsx")
