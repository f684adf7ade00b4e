"""``build-template``: write the official Excel template for a report year.

    build-template --year 2025 -o 模板.xlsx
    build-template --year 2020 --format 2019 --unit 海滨街 --code 001 -o 海滨街.xlsx

``main`` only parses arguments and reports errors; ``build_single`` does the
work and can be called by other commands (e.g. distribution to many offices).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from commands.kit import (
    ChineseParser,
    ExitCode,
    UsageError,
    exit_code_help,
    internal_error_text,
    os_error_text,
    quiet_library_warnings,
    report_year,
)
from common.interrupts import Interrupted, interrupted_note, signals_as_exceptions
from declaration.spec import FormSpec, SpecError, available_formats, load_spec, spec_for_year
from template_builder import __version__


def build_parser() -> ChineseParser:
    """The argument parser; other commands may add options before parsing."""
    parser = ChineseParser(
        prog="build-template",
        description="生成政府信息公开工作年度报告表格的 Excel 填报模板（.xlsx）。",
        epilog=exit_code_help("build-template"),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"build-template {__version__}",
        help="显示版本并退出",
    )
    parser.add_argument(
        "--year",
        type=report_year,
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
    parser.add_argument(
        "--force",
        action="store_true",
        help="覆盖已存在的输出文件（默认拒绝覆盖，以免冲掉已填好的报表）",
    )
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
    force: bool = False,
) -> Path:
    """Build one template; raises UsageError for bad input (an existing output
    file unless ``force``), OSError when unwritable."""
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
    if target.exists() and not force:
        raise UsageError(
            f"输出文件已存在，未覆盖：{target}（可能是已填好的报表）；确需覆盖时加 --force"
        )
    return build_template(
        spec, year=year, path=target, unit=unit, code=code, password=password, lock_unit=lock_unit
    )


def main(argv: Sequence[str] | None = None) -> int:
    quiet_library_warnings()
    try:
        with signals_as_exceptions():
            return _run(argv)
    except Interrupted as exc:
        print(f"错误：{interrupted_note(exc)}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # a bug: a Chinese line and its own exit code, no traceback
        print(f"错误：{internal_error_text(exc)}", file=sys.stderr)
        return ExitCode.INTERNAL


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.roster or args.prior:
        from commands.distribution import run_distribution

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
            force=args.force,
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
