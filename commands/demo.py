"""``make demo``: the whole product on built-in example data.

1. build-template writes the blank templates of both official formats;
2. the 海滨街 2020 report (a real published report) is entered into the 2019
   template and checked;
3. a handful of sample returns, clean and broken, are checked and reported;
4. a supervising office's January on generated data: roster, last year's
   returns, distribution with carry-over, this year's returns (one missing, one
   sent twice, some wrong), the batch check with HTML report, roll-up and
   annotated copies.

Everything is written below ``demo-output/`` (or the folder given).
"""

from __future__ import annotations

import random
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from commands.build_template import main as build_template_cli
from commands.check_workbook import main as check_workbook
from declaration.samples.generate import consistent_values
from declaration.spec import FormSpec, load_spec
from template_builder.samples import build_sample
from template_builder.writer import build_template

OFFICES = [
    ("某某市教育局", "11350001"),
    ("某某市公安局", "11350002"),
    ("某某市财政局", "11350003"),
    ("某某市自然资源局", "11350004"),
    ("某某市生态环境局", "11350005"),
    ("某某市卫生健康委员会", "11350006"),
    ("某某市市场监督管理局", "11350007"),
    ("某某街道办事处", ""),
]
THIS_YEAR, LAST_YEAR = 2025, 2024


def _step(title: str) -> None:
    print(f"\n{'=' * 72}\n{title}\n{'=' * 72}", flush=True)


def _run(label: str, argv: list[str], command: object) -> int:
    print(f"$ {label} {' '.join(argv)}", flush=True)
    code = int(command(argv))  # type: ignore[operator]
    print(f"（退出码 {code}）", flush=True)
    return code


def sample_returns(folder: Path) -> None:
    """Clean and broken 2025 returns, as offices typically send them."""
    spec = load_spec("2021")
    rng = random.Random(2025)
    clean = consistent_values(spec, rng)
    broken_balance: dict[str, object] = {**clean, "t3.new.natural": clean["t3.new.natural"] + 1}
    typed_over: dict[str, object] = {**clean, "t3.new.total": 99}
    text_values = dict(
        clean,
        **{
            "t3.declined_repeat.commercial": "无",
            "t2.fees.amount": "7433.99万",
            "t4.main.review_upheld": "１２",
        },
    )
    returns: list[tuple[str, dict[str, object], FormSpec, int]] = [
        ("01-正确的报表.xlsx", dict(clean), spec, THIS_YEAR),
        ("02-勾稽关系不平.xlsx", broken_balance, spec, THIS_YEAR),
        ("03-总计被手工改写.xlsx", typed_over, spec, THIS_YEAR),
        ("04-单元格里写了文字.xlsx", text_values, spec, THIS_YEAR),
    ]
    old = load_spec("2019")
    returns.append(("05-用了旧格式.xlsx", dict(consistent_values(old, rng)), old, THIS_YEAR))
    for i, (name, values, form, year) in enumerate(returns, 1):
        build_template(form, year=year, path=folder / name, unit=f"示例单位{i}", values=values)


def january(root: Path) -> list[str]:
    """Roster, last year's returns, distribution, this year's returns, and the second
    round: the out-of-balance return corrected, the second copy of a return withdrawn."""
    spec = load_spec("2021")
    rng = random.Random(31)
    root.mkdir(parents=True, exist_ok=True)
    roster = root / "单位名单.csv"
    lines = ["单位名称,单位代码"] + [f"{name},{code}" for name, code in OFFICES]
    roster.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))  # as Excel saves it
    prior_dir, returns_dir = root / f"{LAST_YEAR}年回收", root / f"{THIS_YEAR}年回收"
    second_dir = root / "第二轮回收"
    for folder in (prior_dir, returns_dir, second_dir):
        folder.mkdir(parents=True)
    last: dict[str, dict[str, float]] = {}
    for name, code in OFFICES:
        last_values = consistent_values(spec, rng)
        last[name] = spec.compute_totals(last_values)
        build_template(
            spec,
            year=LAST_YEAR,
            path=prior_dir / f"{name}.xlsx",
            unit=name,
            code=code or None,
            values=last_values,
        )
    for i, (name, code) in enumerate(OFFICES):
        if i == 2:
            continue  # 财政局 sends nothing
        values = consistent_values(spec, rng, prior=last[name])
        if i == 3:
            values["t3.carried.natural"] += 2  # carry-over differs from last year
        path = returns_dir / f"{name}.xlsx"
        again = second_dir / f"{name}.xlsx"
        if i == 5:  # 一 + 二 ≠ 三(七) + 四, corrected in the second round
            build_template(
                spec, year=THIS_YEAR, path=again, unit=name, code=code or None, values=values
            )
            values = {**values, "t3.granted.natural": values["t3.granted.natural"] + 1}
        build_template(spec, year=THIS_YEAR, path=path, unit=name, code=code or None, values=values)
        if not again.exists():
            shutil.copyfile(path, again)
        if i == 6:
            shutil.copyfile(path, returns_dir / f"{name}（修改后）.xlsx")
    return [str(roster), str(prior_dir), str(returns_dir), str(second_dir)]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0] if args else "demo-output").resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    templates = _templates(out / "模板")
    sample, samples = _samples(out)
    root = out / "一月"
    _january_round(root)
    _step("完成")
    print(f"模板：{templates}")
    print(f"海滨街示例：{sample}")
    print(f"示例回收表：{samples}")
    print(
        f"一月工作流程：{root}（下发/、{THIS_YEAR}年回收/、审核报告.html、汇总.xlsx、批注/、"
        "审核意见.xlsx、第二轮回收/、第二轮报告.html）"
    )
    return 0


def _templates(folder: Path) -> Path:
    _step("1. 生成两种官方格式的空白模板")
    for year in (2020, 2025):
        target = str(folder / f"模板-{year}年度.xlsx")
        _run("build-template", ["--year", str(year), "-o", target], build_template_cli)
    return folder


def _samples(out: Path) -> tuple[Path, Path]:
    _step("2. 海滨街 2020 年度报告（真实发布的报告）填入 2019 格式模板并检查")
    sample = build_sample(out / "示例" / "海滨街-2020年度.xlsx")
    _run("check-workbook", [str(sample)], check_workbook)
    _step("3. 检查几份示例回收表（有对有错）")
    samples = out / "示例回收"
    sample_returns(samples)
    _run("check-workbook", [str(samples), "--ignore", "V201"], check_workbook)
    return sample, samples


def _january_round(root: Path) -> None:
    _step("4. 主管部门的一月：按名单下发模板、回收、对照名单和上年报告批量检查")
    roster, prior_dir, returns_dir, second_dir = january(root)
    register = str(root / "审核意见.xlsx")
    distribute = ["--roster", roster, "--year", str(THIS_YEAR), "--prior", prior_dir]
    _run("build-template", [*distribute, "-o", str(root / "下发")], build_template_cli)
    against = ["--roster", roster, "--prior", prior_dir, "--quiet"]
    outputs = ["--html", str(root / "审核报告.html"), "--rollup", str(root / "汇总.xlsx")]
    outputs += ["--annotate", str(root / "批注"), "--decisions", register]
    _run("check-workbook", [returns_dir, *against, *outputs], check_workbook)
    _step("5. 审核会议之后：第二轮回收，与上一轮比较，沿用审核意见表中的处理意见")
    second = ["--previous", returns_dir, "--decisions", register]
    second += ["--html", str(root / "第二轮报告.html")]
    _run("check-workbook", [second_dir, *against, *second], check_workbook)


if __name__ == "__main__":
    raise SystemExit(main())
