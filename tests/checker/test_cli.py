"""check-workbook end to end: exit codes, formats, output files, start-up imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from commands.check_workbook import ExitCode, main
from declaration.samples import sample_values
from declaration.spec import load_spec
from template_builder.samples import build_sample
from template_builder.writer import build_template

BIN = Path(sys.executable).parent / "check-workbook"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *map(str, args)], capture_output=True, text=True, encoding="utf-8", timeout=120
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    sample = sample_values("haibinjie-2020")
    spec2019, spec2021 = load_spec("2019"), load_spec("2021")
    current = {"t3.carried.natural": 2, "t3.new.natural": 3, "t3.granted.natural": 5}
    return {
        "clean": build_sample(folder / "海滨街.xlsx"),
        "broken": build_template(
            spec2019,
            year=2020,
            path=folder / "broken.xlsx",
            unit="海滨街",
            values={**sample, "t3.carried.natural": 3},
        ),
        "warning": build_template(
            spec2019,
            year=2020,
            path=folder / "warning.xlsx",
            unit="海滨街",
            values={**sample, "t2.rules.new_published": 2},
        ),
        # 2021 return whose 上年结转 (2) differs from 海滨街 2020's 结转下年度 (0)
        "next_year": build_template(
            spec2021, year=2021, path=folder / "2021.xlsx", unit="海滨街", values=current
        ),
        "garbage": _write(folder / "garbage.xlsx", b"PK not really"),
    }


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_exit_codes_through_the_console_script(files: dict[str, Path]) -> None:
    ok = run(files["clean"], "--no-color")
    assert ok.returncode == ExitCode.OK == 0, ok.stderr
    assert "通过" in ok.stdout and "Traceback" not in ok.stdout + ok.stderr
    bad = run(files["broken"], "--no-color")
    assert bad.returncode == ExitCode.ERRORS == 1
    assert "A301" in bad.stdout and "差 2" in bad.stdout
    unreadable = run(files["garbage"], files["clean"])
    assert unreadable.returncode == 1 and "无法读取" in unreadable.stdout
    usage = run("--format", "html", files["clean"])
    assert usage.returncode == ExitCode.USAGE == 2
    assert "用法错误" in usage.stderr and "Traceback" not in usage.stderr


def test_help_is_chinese_and_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from commands.check_workbook import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit as exc:\n    assert exc.code == 0\n"
        "heavy = [m for m in ('pandas', 'xlsxwriter', 'openpyxl', 'rich') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout
    assert "HEAVY []" in out
    assert "退出码" in out and "0  没有错误" in out and "2  用法错误" in out


def test_one_file_imports_only_what_it_uses(files: dict[str, Path]) -> None:
    code = (
        "import sys\n"
        "from commands.check_workbook import main\n"
        f"code = main([{str(files['clean'])!r}, '--quiet'])\n"
        "unused = ('pandas', 'xlsxwriter', 'openpyxl', 'multiprocessing', 'concurrent.futures',\n"
        "          'rich.table', 'rich.panel', 'checker.rules.roster', 'checker.rules.cross_year')\n"
        "print('CODE', code, 'LOADED', [m for m in unused if m in sys.modules])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout
    assert "CODE 0 LOADED []" in out


def test_strict_fails_on_warnings(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(files["warning"]), "--format", "text"]) == 0
    assert "P401" in capsys.readouterr().out
    assert main([str(files["warning"]), "--format", "text", "--strict"]) == 1


def test_select_ignore_and_bad_codes(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(files["broken"]), "--ignore", "A3", "--format", "text"]) == 0
    assert "A301" not in capsys.readouterr().out
    assert main([str(files["broken"]), "--ignore", "A3", "--select", "A301"]) == 1
    capsys.readouterr()
    assert main([str(files["broken"]), "--select", "Z9"]) == 2
    assert "没有以“Z9”开头的规则" in capsys.readouterr().err


def test_json_output_file_is_written_atomically(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "结果.json"
    assert (
        main([str(files["broken"]), str(files["clean"]), "--format", "json", "-o", str(target)])
        == 1
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [f["status"] for f in data["files"]] == ["fail", "pass"]
    assert [x["rule"] for x in data["files"][0]["findings"]] == ["A301", "A301"]
    assert "报告已写入" in capsys.readouterr().out
    assert [p.name for p in target.parent.iterdir()] == ["结果.json"]  # no temp file left


def test_output_over_an_input_is_refused(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    before = files["clean"].read_bytes()
    assert main([str(files["clean"]), "-o", str(files["clean"])]) == 2
    assert "拒绝覆盖输入文件" in capsys.readouterr().err
    assert files["clean"].read_bytes() == before


def test_prior_year_return(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(files["next_year"]), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "错误 X501" not in out  # not checked: said so, not reported as a finding
    assert "跨年度核对（X501、X502、X503、D720）未做" in out
    assert main([str(files["next_year"]), "--prior", str(files["clean"]), "--format", "text"]) == 1
    out = capsys.readouterr().out
    assert "X501" in out and "跨年度核对所用的上一年度报告" in out
    assert main([str(files["next_year"]), str(files["clean"]), "--prior", str(files["clean"])]) == 2
    assert "--prior 只能与单个报表文件一起使用" in capsys.readouterr().err
    assert main([str(files["next_year"]), "--prior", str(files["garbage"])]) == 2
    assert "上一年度的报表无法使用" in capsys.readouterr().err


def test_quiet_prints_only_the_summary(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(files["broken"]), str(files["clean"]), "--quiet", "--no-color"]) == 1
    out = capsys.readouterr().out
    assert "共检查 2 个文件" in out and "勾稽关系不成立" not in out


def test_output_over_a_file_found_in_an_input_folder_is_refused(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = files["clean"].parent
    before = files["clean"].read_bytes()
    assert main([str(folder), "--format", "json", "-o", str(files["clean"])]) == 2
    assert "拒绝覆盖输入文件" in capsys.readouterr().err
    assert files["clean"].read_bytes() == before
