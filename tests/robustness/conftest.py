"""Session fixtures: one clean return, its legacy copies (one LibreOffice call
per format) and the whole corpus, built once and shared by the tests here."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.robustness import corpus
from tests.support.libreoffice import convert


@pytest.fixture(scope="session")
def clean_return(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.make_clean(tmp_path_factory.mktemp("clean") / "clean.xlsx")


def _csv_of_table(xls: Path, target: Path, encoding: str) -> Path:
    """Table 三 as a spreadsheet program exports one sheet to CSV."""
    from python_calamine import CalamineWorkbook

    from declaration.spec import load_spec

    title = load_spec("2021").table("t3").title
    book = CalamineWorkbook.from_path(str(xls))
    rows = book.get_sheet_by_name(title).to_python()
    book.close()
    with target.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(
            [
                ("" if v == "" else (int(v) if isinstance(v, float) and v.is_integer() else v))
                for v in row
            ]
            for row in rows
        )
    return target


@pytest.fixture(scope="session")
def legacy_files(tmp_path_factory: pytest.TempPathFactory, clean_return: Path) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("legacy")
    (xls,) = convert([clean_return], out, "xls")
    (ods,) = convert([clean_return], out, "ods")
    et = out / "wps.et"
    shutil.copy(xls, et)  # a WPS .et is an OLE2 workbook like .xls
    return {
        "legacy.xls": xls,
        "wps.et": et,
        "opendoc.ods": ods,
        "export.csv": _csv_of_table(xls, out / "export.csv", "utf-8-sig"),
        "export-gbk.csv": _csv_of_table(xls, out / "export-gbk.csv", "gbk"),
    }


@pytest.fixture(scope="session")
def corpus_dir(
    tmp_path_factory: pytest.TempPathFactory, clean_return: Path, legacy_files: dict[str, Path]
) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    corpus.make_corpus(folder, clean_return, legacy_files)
    return folder
