"""The real clients that turn a published page into what offices send.

- Word and PDF: LibreOffice headless opens the pages in Writer (import filter
  "HTML (StarWriter)") and saves them as .docx in one ``soffice`` call and as PDF
  (Writer's PDF export, as an office exports the PDF of its report) in another;
  the two calls run side by side, each with its own profile.
- Text copied from a browser: headless Chromium renders every page in an iframe
  of one wrapper page (one Chromium run for all pages) and a script there takes
  each page's ``document.body.innerText`` — what the browser puts on the
  clipboard for a select-all copy: cells separated by tabs, rows by line breaks.
  ``--dump-dom`` hands back the wrapper with the texts in ``<pre>`` elements.
- A scanned report: a Chromium screenshot of a page, placed as the only content of
  a page that LibreOffice turns into an image-only PDF (no text layer).
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.meeting.browser import FLAGS, require_chromium
from tests.support.libreoffice import convert

WRITER = "HTML (StarWriter)"  # open a page in Writer, not in Writer/Web
_PRE = re.compile(r'<pre class="copied" data-name="([^"]*)">(.*?)</pre>', re.S)
_WRAPPER = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body>
{frames}
<script>
window.addEventListener("load", function () {{
  var frames = document.getElementsByTagName("iframe");
  for (var i = 0; i < frames.length; i++) {{
    var pre = document.createElement("pre");
    pre.className = "copied";
    pre.setAttribute("data-name", frames[i].getAttribute("data-name"));
    pre.textContent = frames[i].contentDocument.body.innerText;
    document.body.appendChild(pre);
  }}
}});
</script></body></html>
"""


def word_and_pdf(pages: Sequence[Path], outdir: Path) -> tuple[list[Path], list[Path]]:
    """Each page as a .docx and a .pdf made by LibreOffice (two soffice calls in all)."""
    with ThreadPoolExecutor(2) as pool:
        docx = pool.submit(convert, pages, outdir / "docx", "docx:MS Word 2007 XML", 300, WRITER)
        pdf = pool.submit(convert, pages, outdir / "pdf", "pdf:writer_pdf_Export", 300, WRITER)
        return docx.result(), pdf.result()


def _chromium(url: str, *extra: str) -> str:
    exe = require_chromium()
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        cmd = [exe, *FLAGS, f"--user-data-dir={profile}", *extra, url]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=180)
    return done.stdout


def browser_copies(pages: Sequence[Path], outdir: Path) -> list[Path]:
    """The text a browser copies from each page (select all, copy), saved as .txt."""
    outdir.mkdir(parents=True, exist_ok=True)
    frames = "\n".join(
        f'<iframe data-name="{i}" src="{page.resolve().as_uri()}"></iframe>'
        for i, page in enumerate(pages)
    )
    wrapper = outdir / "copy-all.html"
    wrapper.write_text(_WRAPPER.format(frames=frames), encoding="utf-8")
    dom = _chromium(
        wrapper.resolve().as_uri(),
        "--allow-file-access-from-files",
        "--virtual-time-budget=10000",
        "--dump-dom",
    )
    texts = {int(name): html.unescape(body) for name, body in _PRE.findall(dom)}
    if len(texts) != len(pages):
        raise RuntimeError(f"Chromium 只复制出 {len(texts)}/{len(pages)} 个页面的文字")
    out = []
    for i, page in enumerate(pages):
        target = outdir / f"{page.stem}.txt"
        target.write_text(texts[i], encoding="utf-8")
        out.append(target)
    return out


def scan_page(page: Path, outdir: Path) -> Path:
    """A page holding only a screenshot of ``page``: LibreOffice makes an image-only PDF of it."""
    outdir.mkdir(parents=True, exist_ok=True)
    png = outdir / f"{page.stem}-scan.png"
    _chromium(page.resolve().as_uri(), f"--screenshot={png.resolve()}", "--window-size=900,1300")
    holder = outdir / f"{page.stem}-scan.html"
    holder.write_text(
        f'<html><body><p><img src="{png.name}" width="620" height="895"></p></body></html>',
        encoding="utf-8",
    )
    return holder
