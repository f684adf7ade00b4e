"""Session fixtures: the corpus of published reports written once, its Word, PDF and
copied-text forms made by the real clients in one LibreOffice and one Chromium run."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.published import cases, clients

DATA = Path(__file__).resolve().parent.parent / "data"
# the pages that also go through LibreOffice and Chromium (a handful: each costs time)
CONVERTED = ("clean-2021", "clean-2019", "all-variants", "t3-continued", "balance-broken")
COPIED = (*CONVERTED, "plain-cms")  # copied from Chromium (cheap: one run for all)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case of ``cases`` written as a page, by case name."""
    folder = tmp_path_factory.mktemp("published")
    every = cases.CONSISTENT + cases.ARITHMETIC_ERRORS + cases.PUBLISHED_ERRORS + cases.COMBINED
    return {case.name: case.write(folder) for case in every}


@pytest.fixture(scope="session")
def converted(
    tmp_path_factory: pytest.TempPathFactory, corpus: dict[str, Path]
) -> dict[str, dict[str, Path]]:
    """``{"docx": {name: path}, "pdf": {…}, "txt": {…}}`` made by LibreOffice and
    Chromium; ``pdf["scan"]`` is an image-only PDF of the clean 2021 report."""
    out = tmp_path_factory.mktemp("converted")
    pages = [corpus[name] for name in CONVERTED]
    with ThreadPoolExecutor(2) as pool:  # the clients run side by side on the two cores
        copies = pool.submit(clients.browser_copies, [corpus[n] for n in COPIED], out / "txt")
        scan = clients.scan_page(corpus["clean-2021"], out / "scan")
        docx, pdf = clients.word_and_pdf([*pages, scan], out)
        texts = copies.result()
    names = [*CONVERTED, "scan"]
    return {
        "docx": dict(zip(names, docx, strict=True)),
        "pdf": dict(zip(names, pdf, strict=True)),
        "txt": dict(zip(COPIED, texts, strict=True)),
    }


@pytest.fixture(scope="session")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 海滨街 2020 report as copied from a browser (a copy: inputs are only read)."""
    target = tmp_path_factory.mktemp("example") / "海滨街2020年政府信息公开工作年度报告.txt"
    shutil.copy(DATA / "haibinjie-2020-report.txt", target)
    return target
