"""``xxgk-server``: start the portal, make a round, tokens, the password, backups.

All state lives in the data folder (``--data``); nothing else to install or configure.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from commands.kit import ChineseParser, ExitCode, internal_error_text

DESCRIPTION = "政府信息公开工作年度报告 报送平台：各单位在浏览器中上传报表并立即看到检查结果。"
EPILOG = """\
示例：
  xxgk-server password --data 数据目录          设置主管部门的登录密码
  xxgk-server round --data 数据目录 --year 2025 --roster 单位名单.csv \\
      --prior 2024年回收/ --links 链接.csv --base-url http://10.1.2.3:8000
  xxgk-server serve --data 数据目录 --host 0.0.0.0 --port 8000
  xxgk-server token --data 数据目录             生成 JSON 接口的访问令牌
  xxgk-server backup --data 数据目录 --to 备份.sqlite3
"""


def build_parser() -> ChineseParser:
    parser = ChineseParser(prog="xxgk-server", description=DESCRIPTION, epilog=EPILOG)
    commands = parser.add_subparsers(dest="command", metavar="命令", required=True)
    serve = commands.add_parser("serve", help="启动报送平台")
    serve.add_argument("--data", required=True, metavar="数据目录")
    serve.add_argument("--host", default="127.0.0.1", metavar="地址")
    serve.add_argument("--port", type=int, default=8000, metavar="端口")
    serve.add_argument("--workers", type=int, metavar="N", help="检查进程数（默认 2）")
    serve.add_argument(
        "--https",
        action="store_true",
        help="平台在 HTTPS 反向代理之后（登录 Cookie 只经 HTTPS 发送）",
    )
    make = commands.add_parser("round", help="按单位名单建立一个年度的报送，写出各单位的链接")
    make.add_argument("--data", required=True, metavar="数据目录")
    make.add_argument("--year", type=int, required=True, metavar="年度")
    make.add_argument("--roster", required=True, metavar="单位名单")
    make.add_argument(
        "--prior",
        metavar="上年回收",
        help="上年的报表或发布的报告（预填“二、上年结转”，并做跨年度核对）",
    )
    make.add_argument("--links", required=True, metavar="链接.csv")
    make.add_argument("--base-url", default="http://127.0.0.1:8000", metavar="网址")
    token = commands.add_parser("token", help="生成一个 JSON 接口的访问令牌")
    token.add_argument("--data", required=True, metavar="数据目录")
    token.add_argument("--note", default="", metavar="备注")
    password = commands.add_parser("password", help="设置主管部门的登录密码")
    password.add_argument("--data", required=True, metavar="数据目录")
    password.add_argument(
        "--password-stdin", action="store_true", help="从标准输入读取密码（供脚本使用）"
    )
    backup = commands.add_parser("backup", help="在平台运行时备份数据库")
    backup.add_argument("--data", required=True, metavar="数据目录")
    backup.add_argument("--to", required=True, metavar="文件")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except (ValueError, OSError) as exc:  # Chinese messages naming the file
        print(f"xxgk-server：{exc}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        return ExitCode.OK
    except Exception as exc:  # a bug: one Chinese line and its own exit code
        print(f"xxgk-server：{internal_error_text(exc)}", file=sys.stderr)
        return ExitCode.INTERNAL


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app

    app = create_app(args.data, workers=args.workers, secure=args.https)
    print(f"报送平台已启动：http://{args.host}:{args.port}/admin （主管部门登录）", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return ExitCode.OK


def make_round(args: argparse.Namespace) -> int:
    from server.rounds import create_round, write_links
    from server.store import Store

    links_path = Path(args.links)
    if links_path.exists():
        raise ValueError(f"链接文件已存在，未覆盖：{links_path}")
    if not links_path.parent.is_dir():  # checked first: the links are shown only once
        raise ValueError(f"链接文件所在的文件夹不存在：{links_path.parent}")
    _check_base_url(args.base_url)
    links = create_round(
        Store(args.data),
        year=args.year,
        roster=Path(args.roster),
        prior=Path(args.prior) if args.prior else None,
        base_url=args.base_url,
    )
    write_links(links, links_path)
    print(f"已建立 {args.year} 年度的报送：{len(links)} 个单位，链接已写入 {links_path}")
    return ExitCode.OK


def _check_base_url(url: str) -> None:
    """The address offices will open: http(s)://主机[:端口][/路径], nothing else."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--base-url 应是各单位访问平台的完整地址，如 http://10.1.2.3:8000：{url}")
    if parts.query or parts.fragment:
        raise ValueError(f"--base-url 不能带“?”或“#”之后的部分：{url}")


def new_token(args: argparse.Namespace) -> int:
    from server.auth import new_secret
    from server.store import Store

    secret = new_secret()
    Store(args.data).add_token(secret, args.note)
    print(secret)
    return ExitCode.OK


def set_password(args: argparse.Namespace) -> int:
    from server.auth import hash_password
    from server.store import Store

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("新密码：")
        if getpass.getpass("再输入一次：") != password:
            raise ValueError("两次输入的密码不一致")
    if len(password) < 8:
        raise ValueError("密码至少 8 个字符")
    Store(args.data).set_setting("password", hash_password(password))
    print("密码已设置")
    return ExitCode.OK


def backup(args: argparse.Namespace) -> int:
    from server.store import Store

    target = Path(args.to)
    if target.exists():
        raise ValueError(f"备份文件已存在，未覆盖：{target}")
    Store(args.data).backup(target)
    print(f"数据库已备份到 {target}（上传的文件在 {Path(args.data) / 'uploads'}，请一并复制）")
    return ExitCode.OK


COMMANDS = {
    "serve": serve,
    "round": make_round,
    "token": new_token,
    "password": set_password,
    "backup": backup,
}

if __name__ == "__main__":
    sys.exit(main())
