"""Headless Chromium as the real client of the HTML report.

Locally the tests skip with a clear reason when Chromium is missing; in CI
(``CI`` set) a missing Chromium is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def require_chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        reason = "未安装 Chromium，跳过 HTML 报告的浏览器测试；安装：apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return exe


def _run(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    exe = require_chromium()
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        cmd = [exe, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)


def dump_dom(page: Path) -> str:
    """The page's DOM after Chromium rendered it, serialized."""
    return _run(page, "--dump-dom").stdout


def screenshot(page: Path, png: Path, width: int = 1200, height: int = 1600) -> Path:
    _run(page, f"--screenshot={png.resolve()}", f"--window-size={width},{height}")
    return png


class PageText(HTMLParser):
    """Visible text of a serialized DOM, and the tags it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page_text(dom: str) -> PageText:
    parser = PageText()
    parser.feed(dom)
    return parser


def print_pdf(page: Path, pdf: Path) -> Path:
    """Print the page as the meeting room would: Chromium's own print, no header or footer."""
    _run(page, f"--print-to-pdf={pdf.resolve()}", "--no-pdf-header-footer")
    return pdf


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page (poppler's ``pdfinfo``)."""
    if shutil.which("pdfinfo") is None:
        reason = (
            "未安装 poppler-utils（pdfinfo），跳过打印测试；安装：apt-get install -y poppler-utils"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    return [(float(w), float(h)) for w, h in sizes]


def pdf_words(pdf: Path) -> list[tuple[str, float, float]]:
    """(word, right edge, page width) of every word printed (``pdftotext -bbox``)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words: list[tuple[str, float, float]] = []
    width = 0.0
    for line in out.splitlines():
        page = re.search(r'<page width="([\d.]+)"', line)
        if page:
            width = float(page.group(1))
        word = re.search(r'xMax="([\d.]+)".*?>(.*)</word>', line)
        if word:
            words.append((word.group(2), float(word.group(1)), width))
    return words
