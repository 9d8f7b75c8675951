"""Setting up a county's server registry, by its database administrator (``duban server init``).

Run once, connected as a superuser or a role with CREATEROLE (the URL's user,
its password from the URL, ~/.pgpass or $PGPASSWORD): the migrations make the
tables, and schema version 11 the owner and group roles, the grants, the
policies and the audit triggers (:mod:`models.registry.server_security`). Then
the first office account gets its role and password. Run again on a registry of
an earlier release, it upgrades it the same way: the accounts already there get
roles without a password, and log in once the office has set one; the named
office account gets its password now. The URL to hand out names neither a
user nor a password: each person signs in as their own account.
"""
from __future__ import annotations

from dataclasses import dataclass

from models.access import audit, server_accounts
from models.access.accounts import check_password, check_username
from models.access.actor import OFFICE, Actor
from models.errors import InvalidInput, PermissionDenied, RegistryError, translate_errors
from models.registry.database import open_server_registry
from models.registry.dialect import is_server_url, without_credentials
from models.registry.migrations import current_version
from models.registry.schema import Account, db, now
from models.registry.server_roles import check_role_name

NOT_ADMIN = ("duban server init 须由数据库管理员运行：地址中的用户须是超级用户或有 CREATEROLE 权限的角色 "
             "(run it as a superuser or a role with CREATEROLE)")


@dataclass(frozen=True)
class ServerSetup:
    """What ``duban server init`` did."""

    url: str                           # to hand out: no user, no password
    version_before: int                # 0: the database was empty
    version: int
    office: str                        # the office account's username
    office_created: bool               # False: an existing account got its server password
    waiting: tuple[str, ...]           # accounts that log in once the office sets their password


def hand_out_url(url: str) -> str:
    """``url`` without its user and password: the address every department's computer gets."""
    return without_credentials(url)


def _version_before(url: str) -> int:
    """The registry's schema version before anything is done (0: an empty database)."""
    from models.registry.dialect import ServerDatabase

    probe = ServerDatabase(url, connect_timeout=10, application_name="duban-server-init")
    try:
        probe.connect()
        return current_version(probe)
    finally:
        probe.close()


@translate_errors
def set_up_server(url: str, office: str, password: str, display_name: str = "") -> ServerSetup:
    """Set up or upgrade the server registry at ``url`` (an administrator's URL) and give the
    office account ``office`` its role and ``password``; what was done."""
    if not is_server_url(url):
        raise InvalidInput("duban server init 需要 PostgreSQL 地址，如 postgresql://postgres@10.1.2.3/duban")
    name = check_username(office)
    check_role_name(name)
    check_password(password, name)
    display_name = display_name.strip()
    before = _version_before(url)
    try:
        open_server_registry(url)
    except RegistryError as error:
        if error.kind == "needs_admin":
            raise PermissionDenied(NOT_ADMIN) from None
        raise
    if db.execute_sql("SELECT duban_caller_role()").fetchone()[0] != "admin":
        raise PermissionDenied(NOT_ADMIN)
    administrator = Actor(db.execute_sql("SELECT session_user").fetchone()[0], "数据库管理员", OFFICE)
    with db.atomic("IMMEDIATE"):
        row = Account.get_or_none(Account.username == name)
        if row is not None and row.role != OFFICE:
            raise InvalidInput(f"账户“{name}”不是督查室账户，不能作为 duban server init 的督查室账户")
        stamp = now()
        if row is None:
            server_accounts.create(name, display_name, OFFICE, None, password, stamp)
            audit.record(administrator, "account_create", f"account:{name}", None,
                         {"username": name, "display_name": display_name, "role": OFFICE, "department": None},
                         f"新建督查室账户 {name}（duban server init）")
        else:
            server_accounts.set_password(name, password, stamp)
            audit.record(administrator, "account_password", f"account:{name}", None, {"username": name},
                         f"设置账户 {name} 的服务器密码（duban server init）")
        waiting = tuple(username for (username,) in db.execute_sql(
            "SELECT a.username FROM account AS a JOIN pg_roles AS r ON r.rolname = 'duban.' || a.username "
            "WHERE a.active AND NOT r.rolcanlogin ORDER BY a.username"))
    return ServerSetup(hand_out_url(url), before, current_version(db), name, row is None, waiting)
