"""Accounts on a server registry: each is a PostgreSQL role, and PostgreSQL checks its password.

Signing in to a server is connecting as the account's role
(:func:`models.access.accounts.sign_in_to_server`): the password goes to the server (SCRAM-SHA-256)
and nowhere else; when none is given, libpq reads ``~/.pgpass``. Duban keeps no
password and no hash of one there (``account.password_hash`` is empty). Creating
an account, setting a password, disabling and enabling run through the
registry's SECURITY DEFINER functions (:mod:`models.registry.server_security`),
which only the office may call (anyone, for their own password); the password
travels as a SCRAM verifier made here, so no server log can hold it in clear.

What the embedded registry does instead (scrypt hashes, the delay and lock after
failed sign-ins) is :mod:`models.access.accounts` and :mod:`models.access.throttle`.
A server counts no failed sign-ins: a refused connection leaves nothing to write
with, and whoever holds the URL can try passwords with ``psql`` anyway. The
server's administrator slows guessing with PostgreSQL's ``auth_delay`` and reads
failures in the server's log; the office disables an account.
"""
from __future__ import annotations

import os
from datetime import datetime

from models.errors import RegistryError, UserError, classify
from models.registry.dialect import redact, unwrap
from models.registry.schema import db
from models.registry.server_roles import account_role, check_role_name


def verifier(username: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` (made by libpq here, never sent in clear)."""
    from psycopg2.extensions import encrypt_password

    return encrypt_password(password, account_role(username), db.connection(), "scram-sha-256")


def create(username: str, display_name: str, role: str, department_id: int | None, password: str,
           at: datetime) -> int:
    """The account's row and its role, in the caller's transaction; the new account's id."""
    check_role_name(username)
    return int(db.execute_sql("SELECT duban_account_create(?, ?, ?, ?, ?, ?)",
                              (username, display_name, role, department_id, verifier(username, password), at))
               .fetchone()[0])


def set_password(username: str, password: str, at: datetime) -> None:
    db.execute_sql("SELECT duban_account_password(?, ?, ?)", (username, verifier(username, password), at))


def set_active(username: str, active: bool, at: datetime) -> None:
    """Enabled: LOGIN and in its group; disabled: NOLOGIN and out of it (an open session loses its rights)."""
    db.execute_sql("SELECT duban_account_active(?, ?, ?)", (username, active, at))


def password_check(username: str, password: str) -> str:
    """'ok', 'wrong' or 'disabled': whether the server lets ``username`` in with ``password``.

    A connection is made as the account's role and closed at once; the
    registry's own connection stays as it is. An empty password is wrong (libpq
    would otherwise look in ~/.pgpass, which is not the person typing).
    """
    import psycopg2

    if not password:
        return "wrong"
    try:
        role = check_role_name(username)
    except UserError:
        return "wrong"
    server = unwrap(db)
    try:
        probe = psycopg2.connect(server.database, user=role, password=password, passfile=os.devnull,
                                 connect_timeout=server.connect_params.get("connect_timeout", 5),
                                 application_name="duban-password-check")
    except psycopg2.OperationalError as error:
        refusal = _refusal(error, server.database)
        if refusal.kind == "login_disabled":
            return "disabled"
        if refusal.kind == "auth":
            return "wrong"
        raise refusal from error
    probe.close()
    return "ok"


def _refusal(error: BaseException, url: str) -> RegistryError:
    found = classify(error, redact(url))
    return found if found is not None else RegistryError(redact(url), str(error), "unreachable")
