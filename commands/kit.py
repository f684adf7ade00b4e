"""The command-line kit shared by ``build-template`` and ``check-workbook``.

Exit codes, usage errors, argparse with Chinese messages and help headings,
and Chinese reasons for operating-system errors: one place for both commands.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import re
import sys
import unicodedata
from collections.abc import Sequence
from enum import IntEnum
from typing import Any, NoReturn

from common import os_errors
from common.text_width import cells, wrap_cells


class ExitCode(IntEnum):
    """What a command's exit status means; each command's help is generated from
    ``EXIT_MEANINGS`` (``exit_code_help``). An internal error (a bug in the program)
    has a code of its own, never the one that means "errors found"."""

    OK = 0  # done; for check-workbook: no errors
    ERRORS = 1  # check-workbook: errors found or a file unreadable
    FAILED = 1  # build-template: a file could not be written
    USAGE = 2  # bad options or arguments
    INTERNAL = 3  # a bug: the program itself failed (as pytest's INTERNAL_ERROR)


SIGNAL_MEANING = "收到终止信号（SIGTERM 为 143），已停止，未写完的输出已删除"

EXIT_MEANINGS: dict[str, dict[ExitCode, str]] = {
    "check-workbook": {
        ExitCode.OK: "没有错误（使用 --strict 时也没有警告）",
        ExitCode.ERRORS: "发现错误（使用 --strict 时包括警告），或有文件无法读取",
        ExitCode.USAGE: "用法错误（选项或参数不正确）",
        ExitCode.INTERNAL: "程序内部错误（请把屏幕上的说明发给维护者）",
    },
    "build-template": {
        ExitCode.OK: "成功",
        ExitCode.FAILED: "文件无法写入",
        ExitCode.USAGE: "参数错误",
        ExitCode.INTERNAL: "程序内部错误",
    },
}


def exit_code_help(command: str) -> str:
    """The 退出码 section of a command's help, from ``EXIT_MEANINGS``."""
    lines = ["退出码："]
    lines += [f"  {int(code)}  {text}" for code, text in EXIT_MEANINGS[command].items()]
    lines.append(f"  128+信号  {SIGNAL_MEANING}")
    return "\n".join(lines) + "\n"


def internal_error_text(exc: BaseException) -> str:
    """What the user sees of a bug: what failed, in Chinese, never a traceback."""
    return f"程序内部错误（{type(exc).__name__}：{os_error_text(exc)}），请把这段说明发给维护者"


class UsageError(Exception):
    """Options or arguments that cannot work (Chinese message, exit code 2)."""


_ARGPARSE_CHINESE = (
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (
        r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
        r"参数 \1：无效的取值 \2（可选：\3）",
    ),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"参数 \1 的取值 \3 无效"),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 不明确，可能是：\2"),
    (r"argument (\S+): (.*)", r"参数 \1：\2"),
)


def chinese_usage_message(message: str) -> str:
    """argparse's English error text in Chinese (patterns it does not know pass through)."""
    for pattern, chinese in _ARGPARSE_CHINESE:
        message, count = re.subn(pattern, chinese, message)
        if count:
            break
    return message


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse help measured in terminal columns, so Chinese option names and help align.

    argparse counts characters; a Chinese character takes two columns, so the
    help column drifts after a Chinese metavar and help lines overflow the terminal.
    """

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix or "用法：")

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        width, self._width = self._width, 10_000  # one line, wrapped below by columns
        try:
            text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width = width
        head, _, rest = text.strip("\n").partition(" ")  # head: "用法：check-workbook"
        parts = re.findall(r"\[[^\]]*\]|\S+", rest)
        indent = " " * (cells(head) + 1)
        lines = [head]
        for part in parts:
            if cells(lines[-1]) + 1 + cells(part) > width and lines[-1].strip():
                lines.append(indent + part)
            else:
                lines[-1] += " " + part
        return "\n".join(lines) + "\n\n"

    def add_argument(self, action: argparse.Action) -> None:
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            invocations += map(
                self._format_action_invocation, self._iter_indented_subactions(action)
            )
            length = max(map(cells, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, length)
            self._add_item(self._format_action, [action])

    def _format_action(self, action: argparse.Action) -> str:
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        help_text = self._expand_help(action) if action.help and action.help.strip() else ""
        if not help_text:
            parts = [f"{indent}{header}\n"]
        elif cells(header) <= action_width:  # on the same line, padded by columns
            lines = self._split_lines(help_text, help_width)
            pad = " " * (action_width - cells(header))
            parts = [f"{indent}{header}{pad}  {lines[0]}\n"]
            parts += [f"{' ' * help_position}{line}\n" for line in lines[1:]]
        else:  # a long option: its help starts on the next line
            lines = self._split_lines(help_text, help_width)
            parts = [f"{indent}{header}\n"]
            parts += [f"{' ' * help_position}{line}\n" for line in lines]
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_cells(text, width)


# an option typed with the dashes of a Chinese input method: em/en dash, 全角 hyphen-minus
_DASHED = re.compile(
    r"^([\u2014\u2013\u2015\uff0d\u2212]{1,2}|-[\u2014\uff0d])([A-Za-z\uff21-\uff5a][\w\-\uff0d=]*.*)$"
)


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese headings and messages; any usage error exits with 2."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(**kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args([self._as_option(a) for a in given], namespace)

    def _known_options(self) -> list[str]:
        return [o for action in self._actions for o in action.option_strings]

    def _as_option(self, argument: str) -> str:
        """``—roster`` (the dash a Chinese input method types), ``－－roster`` or
        ``——roster`` as ``--roster``, when that is an option of the command."""
        m = _DASHED.match(argument)
        if m is None or argument.startswith("--"):
            return argument
        name, _, value = unicodedata.normalize("NFKC", m.group(2)).partition("=")
        option = "--" + name
        if option not in self._known_options():
            return argument
        print(f"{self.prog}：提示：已把“{argument}”当作 {option}", file=sys.stderr)
        return f"{option}={value}" if _ else option

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        hint = self._did_you_mean(message)
        self.exit(
            ExitCode.USAGE, f"{self.prog}：用法错误：{chinese_usage_message(message)}{hint}\n"
        )

    def _did_you_mean(self, message: str) -> str:
        """ "您是否要用 --roster？" for an option that is one slip away from a real one."""
        m = re.match(r"unrecognized arguments: (.*)", message)
        if m is None:
            return ""
        options = self._known_options()
        hints = []
        for word in m.group(1).split():
            if not word.startswith("-"):
                continue
            close = difflib.get_close_matches(word.split("=")[0], options, n=1, cutoff=0.75)
            if close:
                hints.append(f"“{word}”是否要用 {close[0]}？")
        return ("（" + "；".join(hints) + "）") if hints else ""


OS_ERRORS: dict[int, str] = {
    **os_errors.REASONS,
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
}


def os_error_text(exc: BaseException) -> str:
    """A Chinese reason for an OS error (the file may be open in Excel/WPS), never
    Python's "[Errno …]" English, also when a library put the number only in its
    message (XlsxWriter's FileCreateError).

    An error raised with a message of our own and no errno keeps its message."""
    number = os_errors.error_number(exc)
    text = str(exc)
    if number is None and text and not os_errors.has_raw_errno(text):
        return text
    return OS_ERRORS.get(number or 0, "文件可能正被 Excel 或 WPS 打开，或路径不可写")


def report_year(text: str) -> int:
    """argparse type of a report year."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年度须为四位数字，例如 2025（收到 {text!r}）") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"年度 {year} 不在合理范围内（2000–2100）")
    return year


def tolerant_streams() -> None:
    """Never fail on a character the console's code page lacks (e.g. GBK and ✗)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def quiet_library_warnings() -> None:
    """XlsxWriter, pandas and openpyxl warn on the console (a footer or a cell text
    longer than Excel allows, an odd style): what matters is in the report."""
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning)
