"""Session fixtures: the corpus of published reports written once, its Word, PDF and
copied-text forms made by the real clients in one LibreOffice and one Chromium run."""

from __future__ import annotations

import shutil
from collections.abc import Callable
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


class Converted:
    """The corpus as the real clients made it: ``files["docx"|"pdf"|"txt"][name]``
    (``files["pdf"]["scan"]``: an image-only PDF of the clean 2021 report). A client
    missing locally leaves its files out, and ``path`` skips with its reason."""

    def __init__(self) -> None:
        self.files: dict[str, dict[str, Path]] = {"docx": {}, "pdf": {}, "txt": {}}
        self.missing: dict[str, str] = {}

    def path(self, kind: str, name: str) -> Path:
        if name not in self.files[kind]:
            reason = self.missing.get(name) or self.missing.get(kind)
            pytest.skip(reason or f"没有 {kind} 形式的 {name}")
        return self.files[kind][name]


def _run_client(result: Converted, kinds: tuple[str, ...], make: Callable[[], None]) -> None:
    try:
        make()
    except pytest.skip.Exception as exc:  # the client is not installed here
        result.missing.update(dict.fromkeys(kinds, str(exc)))


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory, corpus: dict[str, Path]) -> Converted:
    """The .docx and .pdf made by LibreOffice and the text copied by Chromium, the
    clients running side by side on the two cores."""
    out = tmp_path_factory.mktemp("converted")
    result = Converted()
    pages = [corpus[name] for name in CONVERTED]

    def copy() -> None:
        texts = clients.browser_copies([corpus[n] for n in COPIED], out / "txt")
        result.files["txt"] = dict(zip(COPIED, texts, strict=True))

    def convert() -> None:
        scans: list[Path] = []
        _run_client(
            result, ("scan",), lambda: scans.append(clients.scan_page(corpus["clean-2021"], out))
        )
        docx, pdf = clients.word_and_pdf([*pages, *scans], out)
        names = [*CONVERTED, "scan"][: len(docx)]
        result.files["docx"] = dict(zip(names, docx, strict=True))
        result.files["pdf"] = dict(zip(names, pdf, strict=True))

    with ThreadPoolExecutor(2) as pool:
        copying = pool.submit(_run_client, result, ("txt",), copy)
        _run_client(result, ("docx", "pdf"), convert)
        copying.result()
    return result


@pytest.fixture(scope="session")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 海滨街 2020 report as copied from a browser (a copy: inputs are only read)."""
    target = tmp_path_factory.mktemp("example") / "海滨街2020年政府信息公开工作年度报告.txt"
    shutil.copy(DATA / "haibinjie-2020-report.txt", target)
    return target
