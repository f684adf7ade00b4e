"""Inputs are never modified, outputs are atomic and formula-safe, memory is bounded.

Every command of the product runs over the whole corpus; the sha256 of every
input is the same afterwards. Bombs and absurd sheets are checked in a child
process whose peak RSS must stay under ``RSS_LIMIT_MB`` (docs/robustness.md).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from checker.read import limits
from common.safe_output import InputGuard, OutputError, atomic_output
from tests.robustness import corpus

ROOT = Path(__file__).parents[2]
RSS_LIMIT_MB = 200  # any single return, at the resource limits (docs/robustness.md)
BOMB_RSS_LIMIT_MB = 100  # a refused file costs no more than start-up

_PROBE = """
import sys
from commands.check_workbook import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
# VmHWM: this process's own peak (ru_maxrss would carry the parent's across exec)
with open("/proc/self/status") as fh:
    peak = next(line.split()[1] for line in fh if line.startswith("VmHWM"))
print("PEAK_RSS_KB", peak, file=sys.stderr)
sys.exit(code)
"""


def _run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=env,
    )  # fmt: skip


def _digests(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def test_every_command_leaves_the_inputs_byte_identical(corpus_dir: Path, tmp_path: Path) -> None:
    before = _digests(corpus_dir)
    modes = {p.name: p.stat().st_mode for p in corpus_dir.iterdir()}
    roster = tmp_path / "名单.csv"
    roster.write_text("单位名称,单位代码\n海滨街道办事处,001\n", encoding="utf-8")
    files = [str(corpus_dir / c.name) for c in corpus.CASES]
    out = tmp_path / "out"
    checked = _run(
        "commands.check_workbook", *files, "--format", "json", "-o", str(out / "report.json"),
        "--html", str(out / "report.html"), "--rollup", str(out / "rollup.xlsx"),
        "--annotate", str(out / "annotated"), "--prior", str(corpus_dir),
        "--roster", str(roster), "--jobs", "2",
    )  # fmt: skip
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr
    assert (out / "report.json").exists() and (out / "rollup.xlsx").exists()
    for name in ("not-a-zip.xlsx", "encrypted.xlsx", "export.csv", "legacy.xls", "bomb.xlsx"):
        built = _run(
            "commands.build_template", "--year", "2023", "--roster", str(corpus_dir / name),
            "-o", str(tmp_path / f"templates-{name}"),
        )  # fmt: skip
        assert "Traceback" not in built.stderr, (name, built.stderr)
    built = _run(
        "commands.build_template", "--year", "2024", "--roster", str(roster),
        "--prior", str(corpus_dir), "-o", str(tmp_path / "templates"),
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert _digests(corpus_dir) == before
    assert {p.name: p.stat().st_mode for p in corpus_dir.iterdir()} == modes
    assert not [p for p in out.rglob(".~tmp-*")], "no temporary file left behind"


@pytest.mark.parametrize("option", ["-o", "--html", "--rollup", "--decisions"])
def test_an_output_over_an_input_is_refused(corpus_dir: Path, tmp_path: Path, option: str) -> None:
    victim = tmp_path / "return.xlsx"
    victim.write_bytes((corpus_dir / "legacy.xls").read_bytes())
    digest = hashlib.sha256(victim.read_bytes()).hexdigest()
    result = _run("commands.check_workbook", str(victim), option, str(victim), "--format", "json")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert hashlib.sha256(victim.read_bytes()).hexdigest() == digest


def test_an_error_inside_atomic_output_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "汇总.xlsx"
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OutputError), atomic_output(target, protect=[target]):
        pass


def test_atomic_output_refuses_every_name_of_an_input(tmp_path: Path) -> None:
    folder = tmp_path / "回收"
    victim = folder / "报表.xlsx"
    folder.mkdir()
    victim.write_bytes(b"original")
    os.link(victim, tmp_path / "硬链接.xlsx")
    (tmp_path / "捷径").symlink_to(folder)
    (tmp_path / "链接.xlsx").symlink_to(victim)
    refused = [
        tmp_path / "硬链接.xlsx",  # the same file under another name
        tmp_path / "捷径" / "报表.xlsx",  # through a linked folder
        tmp_path / "链接.xlsx",  # a link to it
        folder / "sub" / ".." / "报表.xlsx",
    ]
    for target in refused:
        with pytest.raises(OutputError), atomic_output(target, protect=[folder, victim]):
            pass
    assert victim.read_bytes() == b"original"
    # an input that does not exist yet is still never written over
    later = tmp_path / "捷径" / "新.xlsx"
    with pytest.raises(OutputError), atomic_output(folder / "新.xlsx", protect=[later]):
        pass
    assert not (folder / "新.xlsx").exists()
    with atomic_output(tmp_path / "汇总.xlsx", protect=[folder, victim, later]) as tmp:
        tmp.write_bytes(b"report")
    assert (tmp_path / "汇总.xlsx").read_bytes() == b"report"


def test_an_input_guard_refuses_the_same_names_as_a_list(tmp_path: Path) -> None:
    folder = tmp_path / "回收"
    victim = folder / "报表.xlsx"
    folder.mkdir()
    victim.write_bytes(b"original")
    os.link(victim, tmp_path / "硬链接.xlsx")
    (tmp_path / "捷径").symlink_to(folder)
    (tmp_path / "链接.xlsx").symlink_to(victim)
    later = tmp_path / "捷径" / "新.xlsx"
    guard = InputGuard([folder, victim, later])  # looked at once, used for every output
    refused = [
        tmp_path / "硬链接.xlsx",
        tmp_path / "捷径" / "报表.xlsx",
        tmp_path / "链接.xlsx",
        folder / "sub" / ".." / "报表.xlsx",
        folder / "新.xlsx",
    ]
    for target in refused:
        with pytest.raises(OutputError), atomic_output(target, protect=guard):
            pass
    assert victim.read_bytes() == b"original" and not (folder / "新.xlsx").exists()
    with atomic_output(tmp_path / "汇总.xlsx", protect=guard) as tmp:
        tmp.write_bytes(b"report")
    assert (tmp_path / "汇总.xlsx").read_bytes() == b"report"


_SLOW_WRITER = """
import sys, time
from common.safe_output import atomic_output
with atomic_output(sys.argv[1]) as tmp:
    with open(tmp, "wb") as fh:
        fh.write(b"half written")
        fh.flush()
        print("writing", flush=True)
        time.sleep(60)
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
def test_a_killed_writer_leaves_no_half_written_file(tmp_path: Path, sig: signal.Signals) -> None:
    target = tmp_path / "report.json"
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(target)], cwd=ROOT, stdout=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stdout.readline() == b"writing\n"
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert not target.exists()
    left = [p.name for p in tmp_path.iterdir()]
    if sig == signal.SIGINT:
        assert left == [], "Ctrl-C cleans up its temporary file"
    else:  # nothing can clean up after kill -9: only a hidden temp file may remain
        assert all(name.startswith(".~tmp-") for name in left), left


def test_cell_text_never_becomes_a_formula_in_outputs(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    payload = '=HYPERLINK("http://x","y")'
    ret = corpus.make_clean(
        tmp_path / "hostile.xlsx",
        {**corpus.clean_inputs(), "t3.granted.research": "=cmd|' /C calc'!A0"},
    )
    _patch_unit(ret, payload)
    out = tmp_path / "out"
    result = _run(
        "commands.check_workbook", str(ret), "--rollup", str(out / "rollup.xlsx"),
        "--annotate", str(out / "ann"), "--format", "json", "-o", str(out / "r.json"),
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    book = load_workbook(out / "rollup.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert "HYPERLINK" not in str(cell.value) and "cmd" not in str(cell.value)


def _patch_unit(path: Path, unit: str) -> None:
    """Put hostile text in the cover's unit cell (as an office could type it)."""
    from openpyxl import load_workbook

    from declaration.identity import COVER_SHEET
    from declaration.layout import cover_positions
    from declaration.spec import load_spec

    book = load_workbook(path)
    row, col = cover_positions(load_spec("2021"))["unit"]
    book[COVER_SHEET].cell(row + 1, col + 1).value = unit
    book[COVER_SHEET].cell(row + 1, col + 1).data_type = "s"
    book.save(path)


def _at_the_limit(clean: Path, target: Path) -> Path:
    """Table 三 padded with rows of numbers up to just under MAX_PART_BYTES."""
    with zipfile.ZipFile(clean) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet4.xml"].decode()
    room = limits.MAX_PART_BYTES - len(sheet) - 1000
    rows, size, r = [], 0, 100
    while True:
        row = f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABCDEFGH")
        row += "</row>"
        if size + len(row) > room:
            break
        rows.append(row)
        size += len(row)
        r += 1
    parts["xl/worksheets/sheet4.xml"] = sheet.replace(
        "</sheetData>", "".join(rows) + "</sheetData>"
    ).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return target


@pytest.mark.parametrize(
    "name,limit_mb",
    [
        ("bomb.xlsx", BOMB_RSS_LIMIT_MB),
        ("bomb-lying.xlsx", BOMB_RSS_LIMIT_MB),
        ("million-rows.xlsx", BOMB_RSS_LIMIT_MB),
        ("long-text.xlsx", RSS_LIMIT_MB),
        ("at-the-limit.xlsx", RSS_LIMIT_MB),
    ],
)
def test_memory_and_time_stay_bounded(
    corpus_dir: Path, clean_return: Path, tmp_path: Path, name: str, limit_mb: int
) -> None:
    path = corpus_dir / name
    if name == "at-the-limit.xlsx":
        path = _at_the_limit(clean_return, tmp_path / name)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), "--format", "json"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stderr, result.stderr
    peak_kb = int(result.stderr.split("PEAK_RSS_KB", 1)[1].split()[0])
    assert peak_kb < limit_mb * 1024, f"{name}: peak RSS {peak_kb // 1024} MB"
    assert elapsed < 30, f"{name}: {elapsed:.1f} s"


def test_a_symlinked_output_replaces_the_file_it_names(tmp_path: Path) -> None:
    real = tmp_path / "报告" / "结果.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "链接.json"
    link.symlink_to(real)
    with atomic_output(link) as tmp:
        tmp.write_bytes(b"new")
    assert link.is_symlink() and os.readlink(link) == str(real), "the link is kept"
    assert real.read_bytes() == b"new"
    dangling = tmp_path / "悬空.json"
    dangling.symlink_to(tmp_path / "新" / "文件.json")
    with atomic_output(dangling) as tmp:
        tmp.write_bytes(b"made")
    assert dangling.is_symlink() and (tmp_path / "新" / "文件.json").read_bytes() == b"made"
    loop = tmp_path / "环.json"
    loop.symlink_to(loop)
    with pytest.raises(OutputError, match="循环"), atomic_output(loop):
        pass


def test_a_device_output_is_written_into_not_replaced(tmp_path: Path) -> None:
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    for target in (Path("/dev/null"), link):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"report")
        assert Path("/dev/null").is_char_device()
    assert [p.name for p in tmp_path.iterdir()] == ["null.json"]


@pytest.mark.parametrize("option", ["-o", "--html"])
def test_a_fifo_output_is_written_into(clean_return: Path, tmp_path: Path, option: str) -> None:
    import threading

    fifo = tmp_path / "管道.out"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = _run("commands.check_workbook", str(clean_return), option, str(fifo),
                  "--format", "json")  # fmt: skip
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert fifo.is_fifo(), "the pipe is still a pipe"
    marker = b'"files"' if option == "-o" else b"<html"
    assert marker in got[0]
    assert [p.name for p in tmp_path.iterdir()] == ["管道.out"]


def test_a_fifo_nobody_reads_is_refused_not_waited_for(clean_return: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "管道.json"
    os.mkfifo(fifo)
    result = _run("commands.check_workbook", str(clean_return), "-o", str(fifo))
    assert result.returncode == 2 and "没有程序在读取" in result.stderr, result.stderr
    assert fifo.is_fifo()


def test_dev_stdout_as_the_report_file(clean_return: Path) -> None:
    result = _run("commands.check_workbook", str(clean_return), "-o", "/dev/stdout",
                  "--format", "json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"files"' in result.stdout
