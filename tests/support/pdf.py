"""Reading PDFs written by the real clients: page sizes and text (poppler-utils)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest


def require_poppler() -> None:
    """Skip (locally) or fail (in CI) when pdfinfo / pdftotext are missing."""
    if shutil.which("pdfinfo") and shutil.which("pdftotext"):
        return
    reason = "未安装 poppler-utils（pdfinfo、pdftotext），跳过 PDF 检查"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def page_sizes(pdf: Path) -> list[tuple[int, int]]:
    """(width, height) in points, rounded, of every page."""
    require_poppler()
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]


def page_text(pdf: Path, number: int, layout: bool = False) -> str:
    """The text of one page (1-based)."""
    require_poppler()
    args = ["pdftotext", "-f", str(number), "-l", str(number)]
    args += ["-layout"] if layout else []
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
