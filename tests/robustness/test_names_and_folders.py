"""File names that are not UTF-8, deep folders, links and pipes: every file is listed,
every output written, no run ends in 意外错误 or a traceback.

A zip made on Windows and unpacked on Linux gives GBK bytes as file names;
Python carries each such byte as a lone surrogate, which no UTF-8 writer takes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.robustness import corpus

ROOT = Path(__file__).parents[2]
GBK_NAME = "海滨街.xlsx".encode("gbk")


def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "commands.check_workbook", *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env,
    )  # fmt: skip


def _clean(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "意外错误" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr


@pytest.fixture(scope="module")
def gbk_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gbk")
    failing = {**corpus.clean_inputs(), "t3.granted.natural": 9}  # granted > received
    corpus.make_clean(Path(os.fsdecode(os.fsencode(folder) + b"/" + GBK_NAME)), failing)
    return folder


def test_gbk_file_names_reach_every_output(gbk_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run(str(gbk_folder), "--format", "json", "-o", str(out / "r.json"),
                  "--rollup", str(out / "r.xlsx"), "--decisions", str(out / "d.xlsx"),
                  "--html", str(out / "r.html"))  # fmt: skip
    _clean(result)
    report = json.loads((out / "r.json").read_text(encoding="utf-8"))
    (only,) = report["files"]
    assert only["status"] == "fail"
    assert os.fsencode(only["path"]).endswith(GBK_NAME), "JSON keeps the name, escaped"
    from openpyxl import load_workbook

    book = load_workbook(out / "d.xlsx", read_only=True)
    texts = [str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v]
    book.close()
    assert any("\\xba\\xa3" in t for t in texts), "the register shows the bytes escaped"
    again = _run(str(gbk_folder), "--decisions", str(out / "d.xlsx"))  # read back, rewritten
    _clean(again)
    text = _run(str(gbk_folder), "--format", "text")
    _clean(text)
    assert "\\xba\\xa3" in text.stdout


def _flatten(top: Path) -> None:
    """Remove a chain of ``d`` folders one level at a time (shutil.rmtree recurses)."""
    while (top / "d").exists():
        inner = top / "d"
        for child in list(inner.iterdir()):
            if child.name != "d":
                child.unlink()
        if (inner / "d").exists():
            os.rename(inner / "d", top / "next")
            os.rmdir(inner)
            os.rename(top / "next", inner)
        else:
            os.rmdir(inner)


def test_a_folder_1200_levels_deep_is_walked_without_recursion(tmp_path: Path) -> None:
    clean = corpus.make_clean(tmp_path / "clean.xlsx")
    top = tmp_path / "深"
    os.makedirs(top / "a" / "b")
    (top / "a" / "b" / "浅.xlsx").write_bytes(clean.read_bytes())
    here = os.open(top, os.O_RDONLY)
    try:  # relative steps: a 1200-level path is longer than PATH_MAX
        for _ in range(1200):
            os.mkdir("d", dir_fd=here)
            below = os.open("d", os.O_RDONLY, dir_fd=here)
            os.close(here)
            here = below
        with open(os.open("深处.xlsx", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=here), "wb") as fh:
            fh.write(clean.read_bytes())
    finally:
        os.close(here)
    try:
        result = _run(str(top), "--format", "json")
        shown = _run(str(top), "--format", "text")
    finally:
        _flatten(top)
    _clean(result)
    files = json.loads(result.stdout)["files"]
    assert [Path(f["path"]).name for f in files] == ["浅.xlsx"]
    assert "文件夹层级超过 64 层" in shown.stdout, shown.stdout[-2000:]


def test_links_pipes_and_folders_inside_a_folder_are_listed(tmp_path: Path) -> None:
    folder = tmp_path / "回收"
    folder.mkdir()
    corpus.make_clean(folder / "正常.xlsx")
    (folder / "环.xlsx").symlink_to(folder / "环.xlsx")
    (folder / "悬空.xlsx").symlink_to(folder / "不存在.xlsx")
    os.mkfifo(folder / "管道.xlsx")
    (folder / "文件夹.xlsx").mkdir()
    (folder / "linked").symlink_to(folder)  # a linked folder is not entered: no loop
    result = _run(str(folder), "--format", "json", timeout=60)
    _clean(result)
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert sorted(files) == ["悬空.xlsx", "文件夹.xlsx", "正常.xlsx", "环.xlsx", "管道.xlsx"]
    reasons = {
        "环.xlsx": "循环",
        "悬空.xlsx": "找不到",
        "管道.xlsx": "不是普通文件",
        "文件夹.xlsx": "文件夹",
    }
    for name, reason in reasons.items():
        (finding,) = files[name]["findings"]
        assert finding["rule"] == "F001" and reason in finding["message"], (name, finding)


def test_a_link_loop_argument_with_an_output_file(tmp_path: Path) -> None:
    loop = tmp_path / "环.xlsx"
    loop.symlink_to(loop)
    result = _run(str(loop), "-o", str(tmp_path / "r.json"), "--format", "json")
    _clean(result)
    (only,) = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"]
    assert only["status"] == "unreadable" and "循环" in only["findings"][0]["message"]
