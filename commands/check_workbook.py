"""``check-workbook``: check returns and report, with exit codes for scripts.

main() is four steps — parse the options, check the files, run the output
actions, return the exit code — so that a new option needs only a few lines:
an ``add_argument`` in ``build_parser``, and (for an output) one entry in
``output_actions``. Nothing heavy is imported before it is needed:
``check-workbook --help`` loads neither rich nor any spreadsheet library.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from checker.selection import SelectionError
from commands import feedback_sheets, rounds
from commands.invocation import Run
from commands.kit import (
    ChineseParser,
    ExitCode,
    UsageError,
    exit_code_help,
    internal_error_text,
    os_error_text,
    quiet_library_warnings,
    tolerant_streams,
)
from common.interrupts import Interrupted, interrupted_note, signals_as_exceptions
from common.terminal_text import printable, single_line
from template_builder import __version__  # the project's one version number

if TYPE_CHECKING:
    from checker.results import Report


FORMATS = ("terminal", "json", "text")

DESCRIPTION = "核对政府信息公开工作年度报告的表格：结构、数值和勾稽关系。"
EPILOG = (
    exit_code_help("check-workbook")
    + """
示例：
  check-workbook 回收/                     检查文件夹中的全部报表（含子文件夹）
  check-workbook "回收/*.xlsx" --strict    通配符由程序自行展开
  check-workbook 本年.xlsx --prior 上年.xlsx  加上跨年度核对
  check-workbook 回收/ --roster 单位名单.csv --prior 去年回收/
                                           对照名单和上年报告
  check-workbook 回收/ --format json -o 结果.json
  check-workbook 回收/ --ignore P4,V201    不报告 P4 开头的规则和 V201
  check-workbook 回收/ --html 报告.html --rollup 汇总.xlsx --annotate 批注/
  check-workbook 回收/ --feedback 退回意见单/ --deadline 2027-01-20
                                           为需退回的单位各写一页退回意见单
  check-workbook 第二轮回收/ --previous 第一轮回收/ --decisions 审核意见.xlsx
                                           第二轮：与上一轮比较，沿用处理意见
  check-workbook 本单位.xlsx --publish 表格.docx
                                           写出可发布的表格（.docx 或 .html）
  check-workbook 回收/ --rollup 汇总.xlsx --publish 汇总表格.docx
                                           发布汇总的表格
  check-workbook 年报.html --prior 上年年报.html
                                           检查发布的报告（网页、Word、PDF）
  check-workbook 年报.html --to-template 年报.xlsx
                                           把发布的报告填入官方模板
"""
)


def _add_meeting_options(add: Callable[..., object]) -> None:
    """The outputs for the review meeting: the HTML report, the roll-up, annotated copies."""
    add("--html", metavar="文件", help="另存一份 HTML 报告（含总体情况、图表和问题明细）")
    add("--rollup", metavar="文件", help="把通过校验的报表逐格相加，写成 Excel 汇总表")
    add(
        "--rollup-name",
        metavar="名称",
        help="汇总表封面的单位名称（如“南湖区”；默认“汇总（N 个单位）”），汇总表即为上一级的报表",
    )
    add("--rollup-code", metavar="代码", help="汇总表封面的单位代码")
    add(
        "--final",
        action="store_true",
        help="确认汇总已是最终结果：--publish 发布汇总的表格时，"
        "即使有单位未报送或未计入，也不标注“不完整”",
    )
    add("--annotate", metavar="文件夹", help="为有问题的报表生成带批注的副本，放入该文件夹")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="check-workbook", description=DESCRIPTION, epilog=EPILOG)
    add = parser.add_argument
    add(
        "--version",
        action="version",
        version=f"check-workbook {__version__}",
        help="显示版本并退出",
    )
    add("paths", nargs="+", metavar="文件或文件夹", help="报表文件、文件夹或通配符（可多个）")
    add(
        "--select",
        action="append",
        metavar="规则",
        help="只报告这些规则（代码或前缀，逗号分隔，可重复）",
    )
    add(
        "--ignore",
        action="append",
        metavar="规则",
        help="不报告这些规则；与 --select 同时命中时，前缀较长者优先",
    )
    add("--strict", action="store_true", help="警告也视为不通过（退出码 1）")
    add(
        "--format",
        choices=FORMATS,
        metavar="格式",
        default="terminal",
        help="报告格式：terminal（默认）、json、text",
    )
    add("-o", "--output", metavar="文件", help="把报告写入文件（按 --format 的格式）")
    add("--no-color", action="store_true", help="终端输出不使用颜色")
    add("--quiet", action="store_true", help="只输出汇总")
    add(
        "--all-details",
        action="store_true",
        help="检查多个文件时也列出通过的文件（默认只列出不通过、无法读取的文件及其问题）",
    )
    add(
        "--show-info",
        action="store_true",
        help="终端输出也列出提示（如空白单元格）；JSON 中总是包含",
    )
    add(
        "--prior",
        metavar="文件或文件夹",
        help="上一年度的报表（检查单个文件时），或上年回收的文件夹（按单位代码、名称逐一对应），"
        "用于跨年度核对",
    )
    add("--roster", metavar="单位名单", help="单位名单（.csv 或 .xlsx），报告谁未报、多报、错报")
    add("--jobs", type=int, metavar="N", help="并行进程数（默认为 CPU 核数；文件少时不并行）")
    _add_meeting_options(add)
    add(
        "--timeout",
        type=float,
        metavar="秒",
        help="每份文件的检查时间上限（默认 30 秒），超时的文件报告为“检查超时”，其余照常检查",
    )
    feedback_sheets.add_options(parser)
    rounds.add_options(parser)
    add(
        "--publish",
        metavar="文件",
        help="把通过校验的报表（与 --rollup 同用时为汇总）的表二、三、四按官方格式写成 "
        ".docx 或 .html，供公开发布",
    )
    add(
        "--to-template",
        metavar="文件",
        help="把一份发布的报告（网页、Word、PDF、文本）的数字填入官方模板，另存为 .xlsx",
    )
    return parser


def parse_options(argv: Sequence[str] | None) -> argparse.Namespace:
    options = build_parser().parse_args(argv)
    _check_output_names(options)
    if options.prior and len(options.paths) > 1 and Path(options.prior).is_file():
        raise UsageError("--prior 只能与单个报表文件一起使用")
    if options.publish and Path(options.publish).suffix.lower() not in (".docx", ".html", ".htm"):
        raise UsageError(f"--publish 的文件须为 .docx 或 .html：{options.publish}")
    if options.to_template and (len(options.paths) != 1 or not Path(options.paths[0]).is_file()):
        raise UsageError("--to-template 只能与单个报告文件一起使用")
    return options


def _check_output_names(options: argparse.Namespace) -> None:
    """Output options must name something: an empty name is a mistake in a script."""
    for flag, value in (
        ("-o/--output", options.output),
        ("--html", options.html),
        ("--rollup", options.rollup),
        ("--annotate", options.annotate),
        ("--decisions", getattr(options, "decisions", None)),
        ("--previous", getattr(options, "previous", None)),
    ):
        if value is not None and not value.strip():
            raise UsageError(f"{flag} 需要一个文件或文件夹名（收到空字符串）")
    if (options.rollup_name or options.rollup_code) and not options.rollup:
        raise UsageError("--rollup-name、--rollup-code 须与 --rollup 一起使用")
    if options.final and not (options.rollup and options.publish):
        raise UsageError("--final 须与 --rollup、--publish 一起使用（确认发布的汇总是最终结果）")
    if options.rollup and Path(options.rollup).suffix.lower() != ".xlsx":
        raise UsageError(f"汇总表只能写成 .xlsx 文件：{options.rollup}（请以 .xlsx 结尾）")
    if options.timeout is not None and not 0 < options.timeout <= 86400:
        raise UsageError(f"--timeout 须为正数（秒），收到 {options.timeout:g}")
    feedback_sheets.check_options(options)
    _outside_the_inputs(options)


# outputs that the next check of the folder would take for returns or documents
_FOLDER_OUTPUTS = (
    ("--annotate", "annotate"),
    ("--feedback", "feedback"),
    ("--rollup", "rollup"),
    ("--html", "html"),
    ("--publish", "publish"),
)


def _outside_the_inputs(options: argparse.Namespace) -> None:
    """An output inside a folder being checked would be checked as a return next time."""
    folders = [Path(p).resolve() for p in options.paths if Path(p).is_dir()]
    for flag, name in _FOLDER_OUTPUTS:
        value = getattr(options, name, None)
        if not value or not folders:
            continue
        target = Path(value).resolve()
        for folder in folders:
            if target == folder or folder in target.parents:
                raise UsageError(
                    f"{flag} 的输出 {value} 位于检查的文件夹 {folder} 中，下次检查时会被当作"
                    "报送的文件；请另选一个文件夹"
                )


# -- checking ----------------------------------------------------------------------


def run_checks(run: Run) -> Report:
    """The one pipeline of the library, with the roster and last year's returns."""
    from checker import check_paths, load_prior, load_roster

    args = run.args
    try:
        roster = load_roster(args.roster) if args.roster else None
        run.prior = load_prior(args.prior, run.options) if args.prior else None
    except ValueError as exc:  # RosterError, PriorError: Chinese, naming the file
        raise UsageError(str(exc)) from None
    return check_paths(args.paths, options=run.options, prior=run.prior, roster=roster)


# -- outputs -------------------------------------------------------------------------

OutputAction = Callable[["Report", "Run"], None]


def render(report: Report, run: Run) -> str:
    """The report as text in the chosen format (for files and pipes)."""
    if run.args.format == "json":
        from checker.report.json_report import render_json

        return render_json(report)
    if run.args.format == "text":
        from checker.report.text import render_text

        return render_text(report, quiet=run.args.quiet)
    from checker.report.terminal import render_terminal_text

    return render_terminal_text(
        report, quiet=run.args.quiet, show_info=run.args.show_info, all_details=run.args.all_details
    )


def print_report(report: Report, run: Run) -> None:
    if run.args.format == "terminal":
        from checker.report.terminal import make_console, render_terminal

        console = make_console(no_color=run.args.no_color)
        render_terminal(
            report,
            console,
            quiet=run.args.quiet,
            show_info=run.args.show_info,
            all_details=run.args.all_details,
        )
    else:
        sys.stdout.write(render(report, run))


def write_report(report: Report, run: Run) -> None:
    from common.safe_output import write_text_atomic

    try:
        write_text_atomic(
            run.args.output, render(report, run), protect=[*run.args.paths, *_inputs(report)]
        )
    except OSError as exc:
        raise UsageError(f"无法写入报告文件 {run.args.output}：{os_error_text(exc)}") from exc
    from checker.report.text import summary_line

    print(f"报告已写入：{run.args.output}")
    print(summary_line(report))


def _inputs(report: Report) -> list[str]:
    return [f.path for f in report.files]


def _note(text: str, run: Run) -> None:
    """Progress lines; on stderr when stdout carries a JSON or text report."""
    to_stdout = run.args.output or run.args.format == "terminal"
    print(single_line(text), file=sys.stdout if to_stdout else sys.stderr)


def write_html_report(report: Report, run: Run) -> None:
    from checker.report.html import write_html

    try:
        write_html(report, run.args.html, protect=_inputs(report))
    except OSError as exc:
        raise UsageError(f"无法写入 HTML 报告 {run.args.html}：{os_error_text(exc)}") from exc
    _note(f"HTML 报告已写入：{run.args.html}", run)


def write_rollup_workbook(report: Report, run: Run) -> None:
    from meeting.rollup_sheets import write_rollup

    try:
        plan = write_rollup(
            report,
            run.args.rollup,
            protect=_inputs(report),
            region=run.args.rollup_name,
            code=run.args.rollup_code,
        )
    except OSError as exc:
        raise UsageError(f"无法写入汇总表 {run.args.rollup}：{os_error_text(exc)}") from exc
    from commands.summaries import rollup_lines

    for line in rollup_lines(plan, run.args.rollup):
        _note(line, run)


def write_annotated_copies(report: Report, run: Run) -> None:
    from meeting.annotate import annotate_returns

    try:
        result = annotate_returns(report, run.args.annotate, jobs=run.args.jobs)
    except OSError as exc:
        raise UsageError(f"无法写入批注文件夹 {run.args.annotate}：{os_error_text(exc)}") from exc
    from commands.summaries import annotate_lines

    for line in annotate_lines(result, run.args.annotate):
        _note(line, run)


def write_feedback_sheets(report: Report, run: Run) -> None:
    from commands.summaries import feedback_lines
    from meeting.feedback import write_feedback

    args = run.args
    try:
        result = write_feedback(
            report,
            args.feedback,
            round_label=(args.round or feedback_sheets.DEFAULT_ROUND).strip(),
            deadline=feedback_sheets.parse_deadline(args.deadline) if args.deadline else None,
        )
    except OSError as exc:
        raise UsageError(f"无法写入退回意见单文件夹 {args.feedback}：{os_error_text(exc)}") from exc
    for line in feedback_lines(result, args.feedback):
        _note(line, run)


def write_publication(report: Report, run: Run) -> None:
    """The tables to publish, or the Chinese reason why not (the exit code says it too)."""
    from meeting import publish

    try:
        if run.args.rollup:
            from meeting.rollup import plan_rollup

            pub = publish.for_rollup(
                plan_rollup(report), run.args.rollup_name, final=run.args.final
            )
            if pub.notes:
                _note(
                    "汇总不完整：发布的汇总表格标题已标注“不完整”，并写明了汇总范围；"
                    "确认以此为最终结果时加 --final",
                    run,
                )
        elif len(report.files) != 1:
            raise UsageError(
                f"--publish 只能用于单个报表（这次有 {len(report.files)} 个文件）；"
                "多个报表请与 --rollup 一起使用，发布汇总的表格"
            )
        else:
            pub = publish.for_return(report.files[0], strict=run.options.strict)
        publish.write_publication(pub, run.args.publish, protect=_inputs(report))
    except publish.Refused as exc:
        print(f"check-workbook：未生成 {run.args.publish}：{exc}", file=sys.stderr)
        run.refused.append(run.args.publish)
        return
    except OSError as exc:
        raise UsageError(f"无法写入 {run.args.publish}：{os_error_text(exc)}") from exc
    _note(f"可发布的表格已写入：{run.args.publish}", run)


def write_template_copy(report: Report, run: Run) -> None:
    from commands.to_template import NotConverted, write_filled_template

    try:
        _note(write_filled_template(run.args.paths[0], run.args.to_template), run)
    except NotConverted as exc:
        print(f"check-workbook：未生成 {run.args.to_template}：{exc}", file=sys.stderr)
        run.refused.append(run.args.to_template)


def output_actions(args: argparse.Namespace) -> list[OutputAction]:
    """What to do with the report: print or save it, then the meeting outputs."""
    actions: list[OutputAction] = []
    actions.append(write_report if args.output else print_report)
    if args.html:
        actions.append(write_html_report)
    if args.rollup:
        actions.append(write_rollup_workbook)
    if args.annotate:
        actions.append(write_annotated_copies)
    if args.feedback:
        actions.append(write_feedback_sheets)
    if args.decisions:
        actions.append(rounds.write_decisions)
    if args.publish:
        actions.append(write_publication)
    if args.to_template:
        actions.append(write_template_copy)
    return actions


def exit_code(report: Report, run: Run) -> ExitCode:
    if not report.files:  # nothing checked is not a success (an empty folder, say)
        return ExitCode.ERRORS
    failed = report.failed(strict=run.options.strict) or run.refused  # outputs not written
    return ExitCode.ERRORS if failed else ExitCode.OK


# -- main ----------------------------------------------------------------------------


def _fail(message: str, code: int) -> int:
    print(f"check-workbook：{printable(message)}", file=sys.stderr)
    return int(code)


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_streams()
    quiet_library_warnings()
    try:
        with signals_as_exceptions():
            return _run(argv)
    except Interrupted as exc:
        return _fail(interrupted_note(exc), exc.exit_code)


def _run(argv: Sequence[str] | None) -> int:
    try:
        run = Run.of(parse_options(argv))
        report = run_checks(run)
        rounds.prepare(report, run)
        for action in output_actions(run.args):
            action(report, run)
        return int(exit_code(report, run))
    except UsageError as exc:
        return _fail(str(exc), ExitCode.USAGE)
    except SelectionError as exc:
        return _fail(str(exc), ExitCode.USAGE)
    except KeyboardInterrupt:
        return _fail("已中断", ExitCode.ERRORS)
    except Exception as exc:  # a bug: never a traceback, never the code of "errors found"
        return _fail(internal_error_text(exc), ExitCode.INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
