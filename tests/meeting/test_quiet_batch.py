"""A batch prints counts and where the details are, not a line per return."""

from __future__ import annotations

from pathlib import Path

from commands.summaries import ANNOTATE_LIST, grouped, reason_kind
from declaration.spec import load_spec
from template_builder.writer import build_template
from tests.meeting.rounds import run

CLEAN = {"t3.new.natural": 5, "t3.granted.natural": 5}
BROKEN = {"t3.new.natural": 5, "t3.granted.natural": 4}  # A301 in columns D and J


def test_reason_kinds_leave_out_the_particulars() -> None:
    assert reason_kind("未通过校验（错误 3 条）") == "未通过校验"
    assert reason_kind("同一单位有 3 份报表，无法确定以哪份为准") == "同一单位有多份报表"
    assert grouped(["无法读取", "未通过校验（错误 1 条）", "未通过校验（错误 2 条）"]) == (
        "未通过校验 2 份、无法读取 1 份"
    )


def test_a_batch_prints_seven_lines_whatever_its_size(tmp_path: Path) -> None:
    spec = load_spec("2021")
    folder = tmp_path / "回收"
    folder.mkdir()
    for i in range(24):
        values = BROKEN if i % 2 else CLEAN
        unit = f"第{i:02d}局"
        build_template(spec, year=2024, unit=unit, values=values, path=folder / f"{i:02d}.xlsx")
    for i in range(6):
        (folder / f"坏{i}.xlsx").write_bytes(b"not a workbook at all")
    out = tmp_path / "输出"
    code, printed = run(
        str(folder),
        "--format",
        "json",
        "-o",
        str(out / "结果.json"),
        "--rollup",
        str(out / "汇总.xlsx"),
        "--annotate",
        str(out / "批注"),
    )
    assert code == 1
    lines = printed.splitlines()
    assert lines[0] == f"报告已写入：{out / '结果.json'}"
    assert lines[2].startswith(f"汇总表已写入：{out / '汇总.xlsx'}（汇总 12 个单位")
    assert lines[3] == (
        "  未计入汇总 18 份：未通过校验 12 份、无法读取 6 份；逐份原因见 汇总.xlsx 的“汇总说明”工作表"
    )
    assert lines[4] == f"已生成批注副本 12 份（24 个单元格，24 条问题），位于 {out / '批注'}"
    assert lines[5] == "  未生成批注副本 6 份：文件无法读取 6 份"
    assert lines[6] == f"  逐份清单见 {out / '批注' / ANNOTATE_LIST}"
    assert len(lines) == 7
    listing = (out / "批注" / ANNOTATE_LIST).read_text(encoding="utf-8")
    assert listing.count("（批注）.xlsx") == 12
    assert all(f"坏{i}.xlsx：文件无法读取" in listing for i in range(6))
