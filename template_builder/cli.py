"""``build-template``: write the official Excel template for a report year.

    build-template --year 2025 -o 模板.xlsx
    build-template --year 2020 --format 2019 --unit 海滨街 --code 001 -o 海滨街.xlsx

``main`` only parses arguments and reports errors; ``build_single`` does the
work and can be called by other commands (e.g. distribution to many offices).
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Iterable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import NoReturn

from template_builder import __version__
from template_builder.spec import FormSpec, SpecError, available_formats, load_spec, spec_for_year


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # the file could not be written
    USAGE = 2  # bad arguments


class UsageError(Exception):
    """A bad argument (Chinese message)."""


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese messages and exit code 2 on any usage error."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = message.replace("the following arguments are required", "缺少必需的参数")
        text = text.replace("unrecognized arguments", "无法识别的参数")
        text = text.replace("expected one argument", "需要一个值")
        text = text.replace("invalid choice", "无效的取值").replace("choose from", "可选")
        text = text.replace("argument ", "参数 ")
        self.exit(ExitCode.USAGE, f"错误：{text}\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "用法：")


OS_ERRORS: dict[int, str] = {
    errno.ENOENT: "路径不存在",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读文件系统",
    errno.EISDIR: "这是一个文件夹",
}


def os_error_text(exc: OSError) -> str:
    """A Chinese reason for an OS error (the file may be open in Excel/WPS)."""
    return OS_ERRORS.get(exc.errno or 0, "文件可能正被 Excel 或 WPS 打开，或路径不可写")


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年度须为四位数字，例如 2025（收到 {text!r}）") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"年度 {year} 不在合理范围内（2000–2100）")
    return year


def build_parser() -> ChineseParser:
    """The argument parser; other commands may add options before parsing."""
    parser = ChineseParser(
        prog="build-template",
        description="生成政府信息公开工作年度报告表格的 Excel 填报模板（.xlsx）。",
        epilog="退出码：0 成功；1 文件无法写入；2 参数错误。",
        formatter_class=_Formatter,
        add_help=False,
    )
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument(
        "--version",
        action="version",
        version=f"build-template {__version__}",
        help="显示版本并退出",
    )
    parser.add_argument(
        "--year",
        type=_year,
        required=True,
        metavar="年度",
        help="报告年度，例如 2025；据此选用官方格式",
    )
    parser.add_argument(
        "--format",
        choices=available_formats(),
        metavar="格式",
        help=f"指定官方格式（{' 或 '.join(available_formats())}），默认按年度选用",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="文件",
        help="输出文件（.xlsx），默认为当前目录下的 模板-<年度>年度.xlsx",
    )
    parser.add_argument("--unit", metavar="单位名称", help="预先填入封面的单位名称")
    parser.add_argument("--code", metavar="单位代码", help="预先填入封面的单位代码")
    parser.add_argument(
        "--lock-unit",
        action="store_true",
        help="锁定封面的单位名称和单位代码（下发给指定单位时使用）",
    )
    parser.add_argument("--password", metavar="密码", help="工作表保护密码（默认无密码）")
    parser.add_argument(
        "--roster",
        type=Path,
        metavar="单位名单",
        help="按单位名单（.csv 或 .xlsx，含“单位名称”列，可有“单位代码”列）"
        "为每个单位生成一份模板，单位名称和代码已填好并锁定；-o 为输出文件夹",
    )
    parser.add_argument(
        "--prior",
        type=Path,
        metavar="文件夹",
        help="与 --roster 同用：上年回收的报表文件夹，据此填写各单位的“二、上年结转”",
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认为 CPU 核数）")
    return parser


def choose_spec(year: int, fmt: str | None) -> FormSpec:
    """The format for ``year``, or the one asked for; warns when they disagree."""
    if fmt is None:
        return spec_for_year(year)
    spec = load_spec(fmt)
    if not spec.covers_year(year):
        print(f"提示：{year} 年度通常使用其他格式，已按要求使用 {fmt} 格式。", file=sys.stderr)
    return spec


def default_output(year: int) -> Path:
    return Path(f"模板-{year}年度.xlsx")


def build_single(
    *,
    year: int,
    output: Path | None = None,
    fmt: str | None = None,
    unit: str | None = None,
    code: str | None = None,
    password: str | None = None,
    lock_unit: bool = False,
) -> Path:
    """Build one template; raises UsageError for bad input, OSError when unwritable."""
    from template_builder.writer import build_template

    try:
        spec = choose_spec(year, fmt)
    except SpecError as exc:
        raise UsageError(str(exc)) from None
    target = output or default_output(year)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"输出文件须以 .xlsx 结尾：{target}")
    if target.is_dir():
        raise UsageError(f"输出路径是一个文件夹：{target}")
    if lock_unit and not unit:
        raise UsageError("使用 --lock-unit 时须同时给出 --unit")
    return build_template(
        spec, year=year, path=target, unit=unit, code=code, password=password, lock_unit=lock_unit
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.roster or args.prior:
        from template_builder.distribute import run_distribution

        return run_distribution(args)
    try:
        path = build_single(
            year=args.year,
            output=args.output,
            fmt=args.format,
            unit=args.unit,
            code=args.code,
            password=args.password,
            lock_unit=args.lock_unit,
        )
    except UsageError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return ExitCode.USAGE
    except OSError as exc:
        target = args.output or default_output(args.year)
        print(f"错误：无法写入 {target}：{os_error_text(exc)}", file=sys.stderr)
        return ExitCode.FAILED
    print(f"已生成模板：{path}")
    return ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
