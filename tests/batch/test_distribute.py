"""Distribution with hostile office names; stamped templates equal direct builds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from checker.read.extract import extract
from commands.build_template import main as build_main
from common.roster import read_roster
from declaration.spec import load_spec
from template_builder.distribute import distribute
from template_builder.writer import build_template

HOSTILE = [
    ("CON", "1"),
    ("A/B局", "2"),
    ("A:B局", "3"),
    ('<b>"引号"局</b>', "4"),
    ("A&B局", "5"),  # '&' is doubled in footers: built directly, not stamped
    ("总计", "6"),  # same text as a label of the template: built directly
    ("财政局...", ""),
    ("\u202e局政财", ""),
    ("某" * 120, "7"),
    ("_x0041_局", "8"),
    ("同名局", "9"),
    ("同名局 ", "10"),  # not a duplicate name: spaces inside are kept, only the key folds
]


def _roster(path: Path, rows: list[tuple[str, str]]) -> Path:
    lines = ["单位名称,单位代码"] + [f'"{n.replace(chr(34), chr(34) * 2)}",{c}' for n, c in rows]
    path.write_bytes("\n".join(lines).encode("utf-8-sig"))
    return path


def test_hostile_names_give_safe_files_with_the_exact_name_inside(tmp_path: Path) -> None:
    rows = HOSTILE[:-1]  # "同名局 " is the same office as "同名局" for the roster
    roster = read_roster(_roster(tmp_path / "名单.csv", rows))
    dist = distribute(roster, year=2025, folder=tmp_path / "下发", jobs=1)
    assert len(dist.written) == len(rows) == len({p.name.casefold() for p in dist.written})
    spec = load_spec("2021")
    for path, entry in zip(dist.written, roster, strict=True):
        assert path.parent == tmp_path / "下发"
        extraction = extract(path)
        assert (extraction.unit, extraction.code) == (entry.name, entry.code)
        direct = tmp_path / "direct.xlsx"
        build_template(
            spec, year=2025, path=direct, unit=entry.name, code=entry.code, lock_unit=True
        )
        assert path.read_bytes() == direct.read_bytes(), entry.name
    names = sorted(p.name for p in dist.written)
    assert "2025年-A／B局.xlsx" in names and "2025年-A：B局.xlsx" in names
    assert "2025年-_CON.xlsx" in names


def test_duplicate_office_in_roster_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _roster(tmp_path / "名单.csv", HOSTILE[-2:])
    code = build_main(["--roster", str(path), "--year", "2025", "-o", str(tmp_path / "下发")])
    assert code == 2
    assert "第 3 行：单位名称“同名局”与第 2 行重复" in capsys.readouterr().err
    assert not (tmp_path / "下发").exists()


def test_output_never_overwrites_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = _roster(tmp_path / "名单.csv", [("甲局", "1")])
    prior = tmp_path / "去年"
    prior.mkdir()
    trap = prior / "2025年-甲局.xlsx"
    build_template(load_spec("2021"), year=2024, path=trap, unit="甲局", code="1")
    before = hashlib.sha256(trap.read_bytes()).hexdigest()
    argv = ["--roster", str(roster), "--year", "2025", "-o", str(prior), "--prior", str(prior)]
    assert build_main(argv) == 2
    assert "是输入文件，已拒绝覆盖" in capsys.readouterr().err
    assert hashlib.sha256(trap.read_bytes()).hexdigest() == before


def test_many_offices_share_one_base_build(tmp_path: Path) -> None:
    import time

    rows = [(f"测试单位{i:03d}", f"{i:06d}") for i in range(60)]
    roster = read_roster(_roster(tmp_path / "名单.csv", rows))
    start = time.perf_counter()
    dist = distribute(roster, year=2020, folder=tmp_path / "下发", jobs=1)
    elapsed = time.perf_counter() - start
    assert len(dist.written) == 60 and dist.format == "2019"
    assert extract(dist.written[-1]).unit == "测试单位059"
    # one full build plus 60 stamps; 60 full builds would take several seconds
    assert elapsed < 3.0, elapsed


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = _roster(tmp_path / "名单.csv", [("甲局", "1")])
    base = ["--roster", str(roster), "--year", "2025"]
    assert build_main([*base, "--unit", "甲局"]) == 2
    assert "不能再给 --unit" in capsys.readouterr().err
    assert build_main([*base, "--prior", str(tmp_path / "没有")]) == 2
    assert "上年回收文件夹" in capsys.readouterr().err
    assert build_main(["--year", "2025", "--prior", str(tmp_path)]) == 2
    assert "--prior 须与 --roster 同时使用" in capsys.readouterr().err
