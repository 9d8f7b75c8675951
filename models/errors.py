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
    13: ("full", "磁盘已满，无法写入登记册 (database or disk is full)"),
    14: ("cantopen", "无法打开或创建登记册文件，请检查文件夹是否可写 (unable to open database file)"),
    15: ("locked", "登记册加锁失败，可能正被其他程序使用 (locking protocol error)"),
    26: ("corrupt", "不是督办台登记册数据库，或文件已损坏 (file is not a database)"),
}


class RegistryError(Exception):
    """The registry file cannot be used; the message names the file and the problem.

    ``kind`` is one of: locked, corrupt, readonly, io, full, cantopen, folder,
    newer_schema, not_registry.
    """

    def __init__(self, path: str | os.PathLike[str] | None, problem: str, kind: str) -> None:
        self.path = os.fspath(path) if path is not None else "<未打开的登记册>"
        self.problem = problem
        self.kind = kind
        super().__init__(f"{self.path}: {problem}")


def _sqlite_cause(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 exception behind ``exc`` (peewee wraps it as its first argument)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            return current
        for arg in current.args:
            if isinstance(arg, sqlite3.Error):
                return arg
        current = current.__cause__ or current.__context__
    return None


def classify(exc: BaseException, path: str | os.PathLike[str] | None) -> RegistryError | None:
    """A RegistryError for an environment failure, or None when ``exc`` is a bug."""
    if isinstance(exc, RegistryError):
        return exc
    if isinstance(exc, OSError):
        return RegistryError(path, f"无法访问登记册文件 ({exc.strerror or exc})", "folder")
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
    """The path of the open registry, for messages."""
    from models.dialect import redact
    from models.schema import db  # late: schema imports nothing from here at load

    if db.obj is None:
        return None
    return redact(db.database) if isinstance(db.database, str) else db.database


@contextlib.contextmanager
def registry_errors(path: str | os.PathLike[str] | None = None) -> Iterator[None]:
    """Turn environment failures inside the block into RegistryError."""
    try:
        yield
    except RegistryError:
        raise
    except (peewee.DatabaseError, sqlite3.Error) as exc:
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
