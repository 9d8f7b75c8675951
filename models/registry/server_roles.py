"""The PostgreSQL roles of a server registry, by name.

On a county's server every Duban account is a PostgreSQL role, and signing in
is connecting as it (:mod:`models.access.server_accounts`); PostgreSQL then
decides what that connection may do (:mod:`models.registry.server_security`).

- ``duban.<username>``: one login role per account (``duban.lia``, ``duban.张三``).
  The prefix keeps Duban's roles apart from any other role of the cluster and
  from the group roles below (an account may well be called ``office``).
- ``duban_office``, ``duban_liaison``, ``duban_leader``: group roles that carry
  the grants; an account's role is a member of its role's group while the
  account is enabled.
- ``duban_owner``: owns the schema's tables and functions; nobody logs in as
  it. The account functions and the audit triggers run with its rights.

Roles belong to the PostgreSQL cluster, not to one database: one cluster holds
one county's registry.
"""
from __future__ import annotations

from models.errors import InvalidInput

ACCOUNT_PREFIX = "duban."
OWNER = "duban_owner"
GROUPS = {"office": "duban_office", "liaison": "duban_liaison", "leader": "duban_leader"}
# NAMEDATALEN - 1: PostgreSQL cuts longer names, so two long usernames could meet in one role.
MAX_ROLE_BYTES = 63


def account_role(username: str) -> str:
    """The login role of a (normalised) username."""
    return ACCOUNT_PREFIX + username


def check_role_name(username: str) -> str:
    """The role of ``username``, or InvalidInput when PostgreSQL cannot hold its name whole."""
    role = account_role(username)
    if len(role.encode("utf-8")) > MAX_ROLE_BYTES:
        raise InvalidInput(f"服务器登记册的用户名过长：数据库角色名“{role}”超过 {MAX_ROLE_BYTES} 字节"
                           "（汉字每字 3 字节），请用短一些的用户名 (username too long for a PostgreSQL role)")
    return role


def username_of(role: str) -> str | None:
    """The username an account's role stands for; None for any other role (an administrator)."""
    return role[len(ACCOUNT_PREFIX):] if role.startswith(ACCOUNT_PREFIX) else None
