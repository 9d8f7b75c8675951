"""`duban server init URL`: the database administrator sets up (or upgrades) a county's server registry.

Kept apart from desktop/cli.py's other commands: it is run once, by someone else
(the server's administrator, not the office), with an administrator's URL. The
work is models.access.server_setup's; this prints what was done and the URL to
hand out.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from desktop.exit_codes import EXIT_OK

NEW_PASSWORD_VARIABLE = "DUBAN_NEW_PASSWORD"


def add_parsers(commands: argparse._SubParsersAction, new_password: Callable[[], str]) -> None:
    """``new_password``: the command line's way to read a new password (the environment, or twice at a prompt)."""
    command = commands.add_parser("server", help="服务器登记册：数据库管理员建立或升级 (set up a server registry)")
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="建立或升级服务器登记册：角色、权限、行级安全、审计触发器和督查室账户 (set up or upgrade)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="URL 中的用户须是超级用户或有 CREATEROLE 权限的角色，其密码取自 URL、~/.pgpass 或 $PGPASSWORD。\n"
               f"督查室账户的密码取自 ${NEW_PASSWORD_VARIABLE}，或在终端输入两次。")
    init.add_argument("url", metavar="URL", help="管理员地址，如 postgresql://postgres@10.1.2.3/duban")
    init.add_argument("--office", metavar="USERNAME", required=True,
                      help="督查室账户：没有则新建，已有则设置其服务器密码 (the office account)")
    init.add_argument("--name", metavar="显示名", default="", help="新建时的显示名 (display name)")
    init.set_defaults(run=_init, new_password=new_password)


def _init(args: argparse.Namespace) -> int:
    from models.access.server_setup import set_up_server
    from models.registry.database import close_registry

    try:
        setup = set_up_server(args.url, args.office, args.new_password(), args.name)
    finally:
        close_registry()
    if setup.version_before == 0:
        print(f"已建立服务器登记册（结构版本 {setup.version}）")
    elif setup.version_before < setup.version:
        print(f"已升级服务器登记册：结构版本 {setup.version_before} → {setup.version}")
    else:
        print(f"服务器登记册已是最新（结构版本 {setup.version}），角色与权限保持不变")
    print(f"督查室账户 {setup.office}：{'已新建' if setup.office_created else '已设置服务器密码'}")
    if setup.waiting:
        print(f"以下账户还没有服务器密码，督查室用 duban account passwd 设置后才能登录：{'、'.join(setup.waiting)}")
    print("发给各单位电脑的登记册地址（不含用户名和密码，各人以自己的账户登录）：")
    print(f"    {setup.url}")
    print(f"数据库角色名为 duban.用户名（如 duban.{setup.office}），psql 登录同此；密码由 PostgreSQL 核对。",
          file=sys.stderr)
    return EXIT_OK
