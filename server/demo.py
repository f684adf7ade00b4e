"""``make serve``: the portal on built-in example data, with the links to open.

A round of five example offices (2025 年度); two have already uploaded, one of them
with its 勾稽关系 broken. The supervisor's password is printed; everything lives in
``demo-server/`` (made anew each time).
"""

from __future__ import annotations

import random
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

PASSWORD = "shili-2025"
OFFICES = (
    ("海滨街道办事处", "001"),
    ("山前街道办事处", "002"),
    ("区教育局", "003"),
    ("区卫生健康委员会", "004"),
    ("区市场监督管理局", "005"),
)
YEAR = 2025


def _returns(folder: Path) -> tuple[Path, Path]:
    """A correct return of 海滨街道办事处 and one of 山前街道办事处 that does not add up."""
    from declaration.samples.generate import consistent_values
    from declaration.spec import spec_for_year
    from template_builder.writer import build_template

    spec = spec_for_year(YEAR)
    values = consistent_values(spec, random.Random(2025), scale=30)
    inputs = {c.id: values[c.id] for c in spec.input_cells()}
    good = build_template(
        spec, year=YEAR, path=folder / "海滨街道.xlsx", unit=OFFICES[0][0], code=OFFICES[0][1],
        values=inputs,
    )  # fmt: skip
    broken = dict(inputs)
    broken["t3.new.natural"] = float(broken["t3.new.natural"]) + 2
    bad = build_template(
        spec, year=YEAR, path=folder / "山前街道.xlsx", unit=OFFICES[1][0], code=OFFICES[1][1],
        values=broken,
    )  # fmt: skip
    return good, bad


def prepare(folder: Path, base_url: str) -> list[str]:
    """The example data folder; the lines to print (links, password)."""
    from server.auth import hash_password
    from server.rounds import create_round
    from server.store import Store

    if folder.exists():
        if not (folder / "数据" / "xxgk.sqlite3").is_file():  # not ours: never removed
            raise SystemExit(f"文件夹 {folder} 已存在且不是示例数据，未删除；请换一个位置运行")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    roster = folder / "单位名单.csv"
    roster.write_text("单位名称,单位代码\n" + "".join(f"{n},{c}\n" for n, c in OFFICES), "utf-8")
    store = Store(folder / "数据")
    links = create_round(store, year=YEAR, roster=roster, prior=None, base_url=base_url)
    store.set_setting("password", hash_password(PASSWORD))
    good, bad = _returns(folder)
    for link, path in ((links[0], good), (links[1], bad)):
        office = store.office_by_link(link.url.rsplit("/o/", 1)[1])
        assert office is not None
        store.add_upload(office, "return", path.name, path.read_bytes(), "127.0.0.1")
    lines = [f"主管部门：{base_url}/admin （密码 {PASSWORD}）", "各单位的专用链接："]
    lines += [f"  {link.name}：{link.url}" for link in links]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    import uvicorn

    from server.app import create_app

    args = list(sys.argv[1:] if argv is None else argv)
    port = int(args[0]) if args else 8000
    base = f"http://127.0.0.1:{port}"
    folder = Path("demo-server").resolve()
    lines = prepare(folder, base)
    print("报送平台示例（数据在 demo-server/，两份报表已上传，其中一份勾稽关系不成立）", flush=True)
    for line in lines:
        print(line, flush=True)
    print("按 Ctrl+C 停止。", flush=True)
    # the two example uploads are checked at start, like any upload a stop left unchecked
    uvicorn.run(create_app(folder / "数据"), host="127.0.0.1", port=port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
