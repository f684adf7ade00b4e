"""Control characters from a workbook never reach a terminal raw or XML unescaped.

A return whose unit name and one input cell hold ESC sequences, U+000B (Word's
manual line break), U+0001 and a carriage return (stored as Excel stores them,
``_x001B_``), in a file whose own name holds ESC, goes through every output:
terminal, text, JSON, HTML, the roll-up and the annotated copy. No output holds
a raw control character; the XML outputs reopen with openpyxl and lxml.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from declaration.spec import load_spec
from template_builder.writer import build_template
from tests.robustness.corpus import clean_inputs

ROOT = Path(__file__).parents[2]
STORED = "_x001B_[2J_x000B__x0001_✓ 通过_x000D_"  # as Excel escapes them in XML
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MARK = "XCTLX"


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ctl")
    values = clean_inputs()
    values["t3.granted.natural"] = "4" + MARK  # a value cell holding text: V210
    built = build_template(
        load_spec("2021"),
        year=2023,
        path=folder / "src.xlsx",
        unit=f"海滨{MARK}街道",
        values=values,
    )
    target = folder / "in" / "回收\x1b[31m.xlsx"
    target.parent.mkdir()
    with zipfile.ZipFile(built) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info).replace(MARK.encode(), STORED.encode()))
    return target.parent


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "commands.check_workbook", *args],
        capture_output=True, timeout=120, cwd=ROOT,
    )  # fmt: skip


def test_the_reader_keeps_the_characters(hostile_folder: Path) -> None:
    """The checker sees the real text: only its outputs make it printable."""
    from checker import check_workbook

    (path,) = hostile_folder.iterdir()
    report = check_workbook(path)
    assert report.unit is not None and "\x1b" in report.unit and "\x0b" in report.unit
    assert any(f.rule == "V210" for f in report.findings)


@pytest.mark.parametrize("fmt", ["terminal", "text", "json"])
def test_console_reports_hold_no_raw_control_character(hostile_folder: Path, fmt: str) -> None:
    done = _run(str(hostile_folder), "--format", fmt)
    assert done.returncode == 1
    out = done.stdout.decode("utf-8")
    assert not RAW.search(out), RAW.findall(out)
    assert not RAW.search(done.stderr.decode("utf-8"))
    assert (
        "海滨␛[2J ␁✓ 通过 街道"
        in (json.loads(out)["files"][0]["unit"] if fmt == "json" else out.replace("\\u001b", "␛"))
        or fmt == "json"
    )  # noqa: E501
    if fmt == "json":  # JSON keeps the characters, escaped
        assert json.loads(out)["files"][0]["unit"] == "海滨\x1b[2J\x0b\x01✓ 通过\r街道"


def test_file_outputs_reopen_and_hold_no_raw_control_character(
    hostile_folder: Path, tmp_path: Path
) -> None:
    from lxml import etree, html
    from openpyxl import load_workbook

    out = tmp_path / "out"
    done = _run(
        str(hostile_folder),
        "--format", "text", "-o", str(out / "r.txt"),
        "--html", str(out / "r.html"),
        "--rollup", str(out / "r.xlsx"),
        "--annotate", str(out / "批注"),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr.decode()
    assert not RAW.search(done.stdout.decode()) and not RAW.search(done.stderr.decode())
    for name in ("r.txt", "r.html"):
        assert not RAW.search((out / name).read_text(encoding="utf-8")), name
    html.fromstring((out / "r.html").read_bytes())
    (copy,) = (out / "批注").glob("*.xlsx")
    for note in (out / "批注").glob("*.txt"):  # the folder's explanation
        assert not RAW.search(note.read_text(encoding="utf-8")), note.name
    assert not RAW.search(copy.name)
    for book in (copy, out / "r.xlsx"):
        load_workbook(book)  # reopens
        with zipfile.ZipFile(book) as archive:
            for part in archive.namelist():
                if part.endswith((".xml", ".rels", ".vml")):
                    etree.fromstring(archive.read(part))  # well-formed XML
    comments = [c.comment.text for ws in load_workbook(copy) for row in ws.iter_rows()
                for c in row if c.comment]  # fmt: skip
    assert comments and not any(RAW.search(text) for text in comments)
    assert any("[2J" in text for text in comments)  # the text is there, its controls not
