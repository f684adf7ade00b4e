"""Print-readiness: LibreOffice prints each table sheet on one A4 page, nothing cut off."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from declaration.layout import sheet_layouts
from declaration.spec import FormSpec
from template_builder.sheet_instructions import instruction_lines
from tests.support.libreoffice import convert

Built = dict[str, tuple[FormSpec, Path]]
A4_POINTS = (595, 842)


def _pages(pdf: Path) -> list[tuple[tuple[int, int], str]]:
    """(rounded page size, text without whitespace) of every page."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]
    pages = []
    for number, size in enumerate(sizes, start=1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        pages.append((size, re.sub(r"\s+", "", text)))
    return pages


@pytest.fixture(scope="module")
def pdfs(built: Built, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    fmts = list(built)
    out = convert([built[f][1] for f in fmts], tmp_path_factory.mktemp("pdf"), target="pdf")
    return dict(zip(fmts, out, strict=True))


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_each_table_prints_on_one_a4_page(built: Built, pdfs: dict[str, Path], fmt: str) -> None:
    spec, _ = built[fmt]
    pages = _pages(pdfs[fmt])
    assert all(sorted(size) == list(A4_POINTS) for size, _ in pages)
    for table in spec.tables:
        holding = [(size, text) for size, text in pages if table.title in text]
        assert len(holding) == 1, f"{table.title} 打印为 {len(holding)} 页"
        (width, height), text = holding[0]
        assert (width > height) == (table.orientation == "landscape"), table.title
        layout = sheet_layouts(spec)[table.id]
        for lab in layout.labels:
            if lab.role == "col_header":  # the rightmost columns are on the same page
                assert re.sub(r"\s+", "", lab.text) in text, lab.text


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_instructions_are_printed_in_full(built: Built, pdfs: dict[str, Path], fmt: str) -> None:
    spec, _ = built[fmt]
    printed = "".join(text for _, text in _pages(pdfs[fmt]))
    for line, _ in instruction_lines(spec):
        assert re.sub(r"\s+", "", line) in printed, line
