"""Opening the registry: where it lives, pragmas, migrations, alias table.

After Vorta's ``store/connection.py``: one deferred peewee database
(:data:`models.schema.db`), opened explicitly at start-up. The registry is
either the embedded SQLite file (the default, nothing to set up) or a
PostgreSQL server named by a URL (``postgresql://user@host/duban``) that the
departments share; see :mod:`models.dialect`.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from peewee import Database, SqliteDatabase

from models.departments import sync_alias_table
from models.dialect import ServerDatabase, is_server_url, redact
from models.errors import RegistryError, registry_errors
from models.migrations import migrate
from models.schema import db

APP_DIR = "duban"
REGISTRY_FILE = "registry.sqlite3"
ENV_VARIABLE = "DUBAN_DB"
BUSY_TIMEOUT = 5.0  # seconds to wait for another writer before "database is locked"


def default_registry_path(environ: Mapping[str, str] | None = None) -> Path:
    """The registry in the user's data folder (XDG on Linux, %APPDATA% on Windows)."""
    environ = os.environ if environ is None else environ
    if sys.platform == "win32":
        base = Path(environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = environ.get("XDG_DATA_HOME", "")
        # The XDG spec says to ignore a relative value.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / APP_DIR / REGISTRY_FILE


Location = Path | str   # a file's path, or a server URL (str)


def _as_location(value: str | os.PathLike[str]) -> Location:
    if is_server_url(value):
        return str(value)
    return Path(value).expanduser()


def resolve_registry_path(cli_value: str | os.PathLike[str] | None = None,
                          environ: Mapping[str, str] | None = None) -> Location:
    """``--db`` first, then ``$DUBAN_DB``, then the default path.

    Either may be a PostgreSQL URL, returned as the string it is."""
    environ = os.environ if environ is None else environ
    if cli_value:
        return _as_location(cli_value)
    if environ.get(ENV_VARIABLE):
        return _as_location(environ[ENV_VARIABLE])
    return default_registry_path(environ)


def describe_location(location: str | os.PathLike[str]) -> str:
    """The registry's location for people: a path, or a server URL without its password."""
    return redact(location) if is_server_url(location) else os.fspath(location)


def open_registry(path: str | os.PathLike[str], busy_timeout: float | None = None) -> Database:
    """Open (creating if needed) and migrate the registry at ``path``; return the database.

    ``path`` may be a PostgreSQL URL (see :func:`open_server_registry`).
    Raises RegistryError when the folder cannot be created, the file is not
    a registry or is corrupt, locked, or written by a newer program.
    """
    if is_server_url(path):
        return open_server_registry(str(path), busy_timeout)
    path = Path(path).expanduser()
    busy_timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegistryError(path, f"无法创建登记册所在的文件夹 {path.parent}（{exc.strerror or exc}）",
                            "folder") from exc
    close_registry()
    db.initialize(SqliteDatabase(
        os.fspath(path),
        timeout=busy_timeout,
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": int(busy_timeout * 1000),
            # Safe with WAL (no corruption on power loss, at worst the last commit is lost).
            "synchronous": "normal",
        },
    ))
    try:
        with registry_errors(path):
            db.connect()
            migrate(db)
            sync_alias_table()
    except BaseException:
        db.close()  # leave no half-open connection to a file we refused
        raise
    return db


def open_server_registry(url: str, busy_timeout: float | None = None) -> Database:
    """Open and migrate the registry in the PostgreSQL database at ``url``.

    The database must exist (the server's administrator creates it, e.g.
    ``createdb duban``); its tables are created on first use. A writer waits
    at most ``busy_timeout`` seconds for a lock, as on SQLite.
    """
    busy_timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
    close_registry()
    milliseconds = int(busy_timeout * 1000)
    db.initialize(ServerDatabase(
        url,
        connect_timeout=max(1, int(busy_timeout)),
        options=f"-c lock_timeout={milliseconds} -c statement_timeout=0",
        application_name="duban",
    ))
    try:
        with registry_errors(redact(url)):
            db.connect()
            migrate(db)
            sync_alias_table()
    except BaseException:
        close_registry()
        raise
    return db


def open_existing_registry(path: str | os.PathLike[str]) -> Database:
    """Open a registry that must exist already (commands that only read or report):
    a mistyped path must not quietly become an empty registry."""
    if is_server_url(path):
        return open_server_registry(str(path))   # a server registry is created by its administrator
    if not Path(path).expanduser().exists():
        raise RegistryError(path, "登记册不存在，请先用 duban import 导入公报 (no registry here yet)", "cantopen")
    return open_registry(path)


def close_registry() -> None:
    """Close this thread's connection (other threads close their own)."""
    if db.obj is not None and not db.is_closed():
        db.close()
