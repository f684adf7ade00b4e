"""What a browser tolerates, the reader tolerates: a valid report is never lost to a detail.

Deep nesting, a huge embedded image, UTF-16 with a BOM, a ``<meta charset>`` that
lies, one invalid byte, a NUL in copied text, a .doc saved under a .docx name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from checker import check_paths
from tests.published_unit.pages import consistent_values, page

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).parents[2]
HTML = page(consistent_values())
BODY = HTML.split("<body>", 1)[1].split("</body>", 1)[0]


def _status(path: Path) -> tuple[str, list[str]]:
    (report,) = check_paths([path]).files
    return report.status, [f.rule for f in report.findings if f.severity == "error"]


def _variants() -> dict[str, bytes]:
    utf8 = HTML.encode("utf-8")
    at = utf8.index(b"<p class=MsoNormal>")
    return {
        "nested-3000.html": HTML.replace(
            "<body>" + BODY, "<body>" + "<div>" * 3000 + BODY + "</div>" * 3000
        ).encode(),
        "image-11mb.html": HTML.replace(
            "</body>", '<img src="data:image/png;base64,' + "A" * (11 << 20) + '"></body>'
        ).encode(),
        "utf16.html": HTML.encode("utf-16"),
        "meta-lies.html": HTML.replace("charset='utf-8'", "charset='gbk'").encode("utf-8"),
        "gbk.html": HTML.replace("charset='utf-8'", "charset='gbk'").encode("gbk"),
        "one-bad-byte.html": utf8[:at] + b"\xff" + utf8[at:],
        "one-bad-byte-gbk.html": (
            HTML.replace("charset='utf-8'", "").encode("gbk").replace(b"<p>", b"<p>\xff", 1)
        ),
    }


@pytest.mark.parametrize("name", sorted(_variants()))
def test_a_page_a_browser_shows_is_read(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_bytes(_variants()[name])
    assert _status(target) == ("pass", []), name


def test_a_nul_byte_in_copied_text(tmp_path: Path) -> None:
    text = (DATA / "haibinjie-2020-report.txt").read_bytes()
    clean = tmp_path / "clean.txt"
    clean.write_bytes(text)
    target = tmp_path / "nul.txt"
    target.write_bytes(text[:300] + b"\x00" + text[300:])
    assert _status(target) == _status(clean)
    assert _status(target)[0] == "pass"


def test_utf16_copied_text(tmp_path: Path) -> None:
    text = (DATA / "haibinjie-2020-report.txt").read_text(encoding="utf-8")
    target = tmp_path / "utf16.txt"
    target.write_bytes(text.encode("utf-16"))
    assert _status(target)[0] == "pass"


@pytest.mark.libreoffice
def test_a_doc_renamed_docx_is_read_and_leaves_nothing_behind(tmp_path: Path) -> None:
    from tests.support.libreoffice import convert

    source = tmp_path / "page.html"
    source.write_text(HTML, encoding="utf-8")
    (doc,) = convert([source], tmp_path / "doc", "doc:MS Word 97", infilter="HTML (StarWriter)")
    renamed = tmp_path / "年报.docx"
    doc.rename(renamed)
    before = set(Path(tempfile.gettempdir()).glob("xxgk-doc-*"))
    assert _status(renamed) == ("pass", [])
    assert set(Path(tempfile.gettempdir()).glob("xxgk-doc-*")) == before, "profile removed"


_GROUP = """
import sys
from checker.read.published.office import run_in_own_group
from common.interrupts import signals_as_exceptions
script = "sleep 60 & echo $! > " + sys.argv[1] + "; wait"
with signals_as_exceptions():
    run_in_own_group(["sh", "-c", script], float(sys.argv[2]))
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"  # a zombie is ended


def _grandchild(pidfile: Path) -> int:
    for _ in range(100):
        if pidfile.exists() and pidfile.read_text().strip():
            return int(pidfile.read_text())
        time.sleep(0.05)
    raise AssertionError("no grandchild started")


@pytest.mark.parametrize("how", ["timeout", "sigterm"])
def test_an_external_program_ends_with_its_whole_group(tmp_path: Path, how: str) -> None:
    pidfile = tmp_path / "pid"
    seconds = "1" if how == "timeout" else "60"
    proc = subprocess.Popen([sys.executable, "-c", _GROUP, str(pidfile), seconds], cwd=ROOT)
    grandchild = _grandchild(pidfile)
    if how == "sigterm":
        proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    time.sleep(0.2)
    assert _gone(grandchild), "the program's own child was killed with the group"
