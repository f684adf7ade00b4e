"""Arguments that are not regular files, output names that cannot work, OS errors.

A FIFO named x.xlsx is reported (never read: reading would wait forever), a
symlink loop is reported, and the other files are checked. Empty output names
and a roll-up under a .csv name are usage errors; an output that cannot be
written is explained in Chinese, never as "[Errno …]"; library warnings stay
off the console.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from commands.kit import os_error_text

ROOT = Path(__file__).parents[2]


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commands.check_workbook", *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_and_link_loop_are_reported_and_the_rest_checked(
    clean_return: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "回收"
    folder.mkdir()
    shutil.copy(clean_return, folder / "正常.xlsx")
    os.mkfifo(folder / "x.xlsx")
    (folder / "loop.xlsx").symlink_to("loop.xlsx")
    (folder / "gone.xlsx").symlink_to("nowhere.xlsx")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")  # a folder loop
    args = [str(folder / n) for n in ("x.xlsx", "loop.xlsx", "gone.xlsx", "正常.xlsx")]
    done = _run(*args, "--format", "text", timeout=30)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "“x.xlsx”不是普通文件（是命名管道" in done.stdout
    assert "“loop.xlsx”：符号链接形成了循环" in done.stdout
    assert "共检查 4 个文件：1 个通过，0 个不通过，3 个无法读取" in done.stdout
    folder_run = _run(str(folder), "--format", "text", timeout=30)  # FIFOs in folders are skipped
    assert "Traceback" not in folder_run.stderr
    assert "1 个通过" in folder_run.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--html", ""], "--html 需要一个文件或文件夹名"),
        (["-o", " "], "-o/--output 需要一个文件或文件夹名"),
        (["--annotate", ""], "--annotate 需要一个文件或文件夹名"),
        (["--rollup", "汇总.csv"], "汇总表只能写成 .xlsx 文件"),
        (["--timeout", "0"], "--timeout 须为正数"),
    ],
)
def test_output_names_that_cannot_work_are_usage_errors(
    clean_return: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    done = _run(str(clean_return), *args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (ROOT / "汇总.csv").exists()


def test_an_output_that_cannot_be_written_is_explained_in_chinese(
    clean_return: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "汇总.xlsx"
    folder.mkdir()  # the roll-up's name is taken by a folder
    done = _run(str(clean_return), "--rollup", str(folder), "--html", str(tmp_path))
    assert done.returncode == 2
    assert "[Errno" not in done.stderr and "Traceback" not in done.stderr
    assert "无法写入" in done.stderr and "这是一个文件夹" in done.stderr


def test_os_errors_never_show_python_english() -> None:
    from xlsxwriter.exceptions import FileCreateError

    wrapped = FileCreateError(IsADirectoryError(errno.EISDIR, "Is a directory"))
    assert os_error_text(wrapped) == "这是一个文件夹"
    assert os_error_text(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert os_error_text(OSError("输出文件与输入文件相同")) == "输出文件与输入文件相同"
    assert "Errno" not in os_error_text(OSError(errno.ELOOP, "Too many levels"))


@pytest.mark.filterwarnings("ignore::UserWarning")  # building the file here warns too
def test_library_warnings_stay_off_the_console(tmp_path: Path) -> None:
    """A unit name longer than Excel's footer and cell limits: XlsxWriter and pandas warn."""
    from declaration.spec import load_spec
    from template_builder.writer import build_template
    from tests.robustness.corpus import clean_inputs

    folder = tmp_path / "回收"
    folder.mkdir()
    build_template(
        load_spec("2021"), year=2023, path=folder / "长.xlsx", unit="=某" * 20000,
        values=clean_inputs(),
    )  # fmt: skip
    done = _run(str(folder), "--rollup", str(tmp_path / "汇总.xlsx"), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "warn(" not in done.stderr
    assert (tmp_path / "汇总.xlsx").exists()
