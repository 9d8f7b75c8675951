"""Errors of the user's world around the registry file, kept apart from our bugs.

Following qutebrowser's ``misc/sql.py``: SQLite result codes that come from
the environment (a locked, corrupt, read-only or full file) become a
:class:`RegistryError` whose message is meant for people; anything else
(constraint violations, SQL mistakes) is a bug and propagates unchanged.
"""
from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

import peewee

P = ParamSpec("P")
R = TypeVar("R")

# Primary SQLite result codes (https://sqlite.org/rescode.html) caused by the
# environment, mapped to (kind, message for people).
_ENVIRONMENT_CODES: dict[int, tuple[str, str]] = {
    3: ("readonly", "没有访问登记册文件的权限 (access permission denied)"),
    5: ("locked", "登记册正被其他程序占用（数据库已锁定），请稍后重试 (database is locked)"),
    6: ("locked", "登记册正被其他程序占用（数据库已锁定），请稍后重试 (database is locked)"),
    8: ("readonly", "登记册文件或所在文件夹不可写 (attempt to write a readonly database)"),
    10: ("io", "读写登记册文件时磁盘出错 (disk I/O error)"),
    11: ("corrupt", "登记册文件已损坏 (database disk image is malformed)"),
    13: ("full", "磁盘空间不足，无法写入登记册；这次的改动没有写入，登记册保持原样 (database or disk is full)"),
    14: ("cantopen", "无法打开或创建登记册文件，请检查文件夹是否可写 (unable to open database file)"),
    15: ("locked", "登记册加锁失败，可能正被其他程序使用 (locking protocol error)"),
    26: ("corrupt", "不是督办台登记册数据库，或文件已损坏 (file is not a database)"),
}


class UserError(Exception):
    """A problem of the user's world: a bad value, a name that is not there, a
    refused step, an unusable registry. The window shows it in its banner and
    the command line as one line; any other exception is a bug (qutebrowser's
    two tiers of errors)."""


class InvalidInput(UserError, ValueError):
    """A value the person gave that cannot be used (a date, a percentage, a name)."""


class NotFound(UserError, LookupError):
    """A task, plan, department or account the person named is not in the registry."""


class PermissionDenied(UserError):
    """The actor may not do this (:mod:`models.access.permissions`); the message is for people."""


class StaleTaskError(UserError):
    """The task changed after the caller read it (its version moved on): nothing was
    written, and the message says who changed it and when, so the caller reloads.

    Here, below every part of models/, because both a status update
    (:mod:`models.supervision.updates`) and an edit by the office
    (:mod:`models.upkeep.editing`) refuse a stale form with it."""

    def __init__(self, task_id: int, expected: int, found: int, message: str) -> None:
        self.task_id, self.expected, self.found = task_id, expected, found
        super().__init__(message)


class RegistryError(UserError):
    """The registry file cannot be used; the message names the file and the problem.

    ``kind`` is one of: locked, corrupt, readonly, io, full, cantopen, folder,
    newer_schema, not_registry; for a server registry also unreachable, needs_admin
    and, when connecting, auth (wrong name or password), login_disabled (a disabled
    account's role) and no_password (none given and none in ~/.pgpass).
    """

    def __init__(self, path: str | os.PathLike[str] | None, problem: str, kind: str) -> None:
        self.path = os.fspath(path) if path is not None else "<未打开的登记册>"
        self.problem = problem
        self.kind = kind
        super().__init__(f"{self.path}: {problem}")


def _sqlite_cause(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 exception behind ``exc`` (peewee wraps it as its first argument).

    The first one the environment caused, when there is one anywhere in the chain: a
    COMMIT that failed on a full disk is rolled back by SQLite itself, and the
    transaction's own ROLLBACK then fails with "cannot rollback - no transaction is
    active", a plain error that would hide the full disk behind a traceback.
    """
    found: list[sqlite3.Error] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            found.append(current)
        found.extend(arg for arg in current.args if isinstance(arg, sqlite3.Error))
        current = current.__cause__ or current.__context__
    caused = [error for error in found
              if (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF in _ENVIRONMENT_CODES]
    return (caused or found or [None])[0]


# PostgreSQL SQLSTATE classes and codes caused by the environment
# (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_SERVER_STATES: dict[str, tuple[str, str]] = {
    "08": ("unreachable", "无法连接登记册服务器，请检查网络和服务器地址 (cannot reach the server)"),
    "28": ("auth", "登记册服务器拒绝登录：用户名或密码错误 (server refused the credentials)"),
    "3D": ("cantopen", "服务器上没有这个数据库，请管理员先创建 (database does not exist)"),
    "53": ("full", "登记册服务器资源不足（磁盘、内存或连接数已满）(server out of resources)"),
    "57": ("unreachable", "登记册服务器正在关闭或重启，请稍后重试 (server shutting down)"),
    "55P03": ("locked", "登记册正被其他用户修改（等待锁超时），请稍后重试 (lock timeout)"),
    "40P01": ("locked", "与其他用户的修改冲突（死锁），请重试 (deadlock detected)"),
    "40001": ("locked", "与其他用户的修改冲突，请重试 (serialization failure)"),
    "25006": ("readonly", "登记册服务器只读 (read-only transaction)"),
}


_CONNECTION_GONE = ("server closed the connection", "connection already closed", "no connection to the server",
                    "terminating connection", "connection has been closed unexpectedly")


class ServerRefusal(PermissionDenied):
    """The server itself refused a statement for want of privilege (SQLSTATE 42501: a
    grant, a row-level security policy or a Duban function said no). Duban checks the
    same rules first and says why in its own words; this is the database's guard."""


def _server_refusal(exc: BaseException) -> ServerRefusal | None:
    cause = next((found for found in _server_causes(exc) if getattr(found, "pgcode", None) == "42501"), None)
    if cause is None:
        return None
    detail = (getattr(getattr(cause, "diag", None), "message_primary", None) or str(cause)).splitlines()[0]
    return ServerRefusal(f"登记册服务器拒绝了这项操作：本账户无此权限（{detail}）(refused by the server)")


# What a refused connection says, in the server's words (psycopg2 gives it no SQLSTATE);
# English and the Chinese of PostgreSQL's own translation, for a server set to either.
_LOGIN_DISABLED = ("not permitted to log in", "不允许登录", "permission denied for database", "没有访问数据库")
_NO_PASSWORD = ("no password supplied",)


def _connection_refusal(text: str) -> tuple[str, str] | None:
    if any(words in text for words in _NO_PASSWORD):
        return "no_password", "需要密码：请输入密码，或写入 ~/.pgpass (no password supplied)"
    if any(words in text for words in _LOGIN_DISABLED):
        return "login_disabled", "登记册服务器拒绝登录：账户已停用 (login not permitted)"
    if "password" in text or "authentication" in text or "认证" in text:
        return _SERVER_STATES["28"]
    return None


def _server_causes(exc: BaseException) -> list[BaseException]:
    """The psycopg2 exceptions behind ``exc``, outermost first, if the driver is loaded at all.

    Several when a failure had a consequence: the server went away in a
    transaction, and its ROLLBACK then failed with "connection already closed".
    """
    import sys

    driver = sys.modules.get("psycopg2")
    if driver is None:
        return []
    found: list[BaseException] = []
    current: BaseException | None = exc
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, driver.Error):
            found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _classify_server(cause: BaseException, path: str | os.PathLike[str] | None) -> RegistryError | None:
    code = getattr(cause, "pgcode", None) or ""
    known = _SERVER_STATES.get(code) or _SERVER_STATES.get(code[:2])
    if known is None and not code and any(words in str(cause) for words in _CONNECTION_GONE):
        # libpq's words for a connection the server dropped (a restart, a shutdown, a crash), which
        # psycopg2 raises as DatabaseError or InterfaceError, without a SQLSTATE.
        known = _SERVER_STATES["08"]
    if known is None and not code and type(cause).__name__ == "OperationalError":
        # No SQLSTATE: the connection itself failed (refused, unknown host, password).
        text = str(cause)
        known = _connection_refusal(text)
        if known is None:
            known = _SERVER_STATES["3D"] if "does not exist" in text and "database" in text else _SERVER_STATES["08"]
    if known is None:
        return None
    kind, message = known
    return RegistryError(path, message, kind)


def classify(exc: BaseException, path: str | os.PathLike[str] | None) -> RegistryError | None:
    """A RegistryError for an environment failure, or None when ``exc`` is a bug."""
    if isinstance(exc, RegistryError):
        return exc
    if isinstance(exc, OSError):
        return RegistryError(path, f"无法访问登记册文件 ({exc.strerror or exc})", "folder")
    servers = _server_causes(exc)
    if servers:
        # The first the environment caused: a dead connection's failed ROLLBACK must not hide
        # that the server went away.
        return next((found for found in (_classify_server(cause, path) for cause in servers) if found), None)
    cause = _sqlite_cause(exc)
    if cause is None:
        return None
    code = getattr(cause, "sqlite_errorcode", None)
    if code is None:
        return None
    known = _ENVIRONMENT_CODES.get(code & 0xFF)
    if known is None:
        return None
    kind, message = known
    return RegistryError(path, message, kind)


def current_path() -> str | None:
    """The path of the open registry, for messages.

    Read from the modules that opened it, if they are loaded at all (no registry is
    open otherwise): errors sits below schema and dialect and imports neither."""
    import sys

    schema, dialect = sys.modules.get("models.registry.schema"), sys.modules.get("models.registry.dialect")
    if schema is None or schema.db.obj is None:
        return None
    database = schema.db.database
    return dialect.redact(database) if isinstance(database, str) and dialect is not None else database


@contextlib.contextmanager
def registry_errors(path: str | os.PathLike[str] | None = None) -> Iterator[None]:
    """Turn environment failures inside the block into RegistryError."""
    try:
        yield
    except RegistryError:
        raise
    except (peewee.DatabaseError, peewee.InterfaceError, sqlite3.Error) as exc:
        refused = _server_refusal(exc)
        if refused is not None:
            raise refused from exc
        translated = classify(exc, path if path is not None else current_path())
        if translated is None:
            raise
        raise translated from exc


def translate_errors(function: Callable[P, R]) -> Callable[P, R]:
    """Decorator: a public registry function raises RegistryError for environment failures."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with registry_errors():
            return function(*args, **kwargs)

    return wrapper
