"""``make serve``: the portal on built-in example data, ready to open in a browser.

A round of 2025 for five example offices (prefilled from last year's returns), a
supervisor password, and three uploads already made: one correct and confirmed,
one with its 勾稽关系 broken, one correct. Then the server starts and the links
to open are printed. Everything lives in the data folder given (default
``serve-output/``, made afresh each time: it holds example data only).
"""

from __future__ import annotations

import random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from commands.demo import LAST_YEAR, OFFICES, THIS_YEAR
from commands.kit import ChineseParser

EXAMPLE_PASSWORD = "示例密码2025"
MARKER = ".xxgk-example"  # only a folder made here is ever emptied again
EXAMPLE_OFFICES = OFFICES[:5]


@dataclass(frozen=True)
class Example:
    """What ``make serve`` prints: the data folder, the password, each office's link."""

    data: Path
    password: str
    links: list[tuple[str, str]]  # (office, link)


def build_example(folder: Path, base_url: str) -> Example:
    """Make the example round under ``folder`` (``folder/data`` is the data folder)."""
    from declaration.samples.generate import consistent_values
    from declaration.spec import load_spec
    from server.auth import hash_password
    from server.checking import CheckerPool
    from server.rounds import create_round, write_links
    from server.service import Portal
    from server.store import Store
    from template_builder.writer import build_template

    _fresh(folder)
    spec = load_spec("2021")
    rng = random.Random(19)
    roster = folder / "单位名单.csv"
    lines = ["单位名称,单位代码"] + [f"{name},{code}" for name, code in EXAMPLE_OFFICES]
    roster.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    prior_dir, returns_dir = folder / f"{LAST_YEAR}年回收", folder / "示例上传"
    prior_dir.mkdir()
    returns_dir.mkdir()
    this_year: dict[str, dict[str, float]] = {}
    for name, code in EXAMPLE_OFFICES:
        last = consistent_values(spec, rng)
        build_template(
            spec, year=LAST_YEAR, path=prior_dir / f"{name}.xlsx", unit=name, code=code, values=last
        )
        this_year[name] = consistent_values(spec, rng, prior=spec.compute_totals(last))
    store = Store(folder / "data")
    links = create_round(store, year=THIS_YEAR, roster=roster, prior=prior_dir, base_url=base_url)
    write_links(links, folder / "链接.csv")
    store.set_setting("password", hash_password(EXAMPLE_PASSWORD))
    offices = {o.name: o for o in store.offices(THIS_YEAR)}
    pool = CheckerPool(1)
    try:
        portal = Portal(store, pool)
        for index, broken in ((0, False), (1, True), (3, False)):
            name, code = EXAMPLE_OFFICES[index]
            values = dict(this_year[name])
            if broken:  # 一 + 二 ≠ 三(七) + 四: one more granted than received
                values["t3.granted.natural"] += 1
            path = returns_dir / f"{name}.xlsx"
            build_template(spec, year=THIS_YEAR, path=path, unit=name, code=code, values=values)
            portal.upload(offices[name], "return", path.name, path.read_bytes(), "127.0.0.1")
        first = offices[EXAMPLE_OFFICES[0][0]]
        if portal.state(first).can_confirm:
            portal.confirm(first, "127.0.0.1")
    finally:
        pool.close()
    return Example(folder / "data", EXAMPLE_PASSWORD, [(x.name, x.url) for x in links])


def _fresh(folder: Path) -> None:
    if folder.exists():
        if not (folder / MARKER).exists():
            raise ValueError(f"文件夹已存在且不是示例数据，未改动：{folder}")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("make serve 的示例数据，可以删除\n", encoding="utf-8")


def build_parser() -> ChineseParser:
    parser = ChineseParser(
        prog="make serve", description="用示例数据启动报送平台（5 个示例单位，其中一个有错）"
    )
    parser.add_argument("--folder", default="serve-output", metavar="文件夹")
    parser.add_argument("--host", default="127.0.0.1", metavar="地址")
    parser.add_argument("--port", type=int, default=8000, metavar="端口")
    parser.add_argument("--no-serve", action="store_true", help="只生成示例数据，不启动")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    base = f"http://{args.host}:{args.port}"
    try:
        example = build_example(Path(args.folder).resolve(), base)
    except (ValueError, OSError) as exc:
        print(f"make serve：{exc}", file=sys.stderr)
        return 2
    print(f"\n示例数据：{example.data}")
    print(f"主管部门：{base}/admin   密码：{example.password}")
    print("各单位的链接（也写在 链接.csv 中）：")
    for name, url in example.links:
        print(f"  {name}：{url}")
    if args.no_serve:
        return 0
    print("\n按 Ctrl+C 停止。", flush=True)
    from server.cli import main as server_main

    serve = ["serve", "--data", str(example.data), "--host", args.host]
    return server_main([*serve, "--port", str(args.port)])


if __name__ == "__main__":
    raise SystemExit(main())
