"""Opening the registry: where the file lives, pragmas, migrations, alias table.

After Vorta's ``store/connection.py``: one deferred peewee database
(:data:`models.schema.db`), opened explicitly at start-up.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from peewee import SqliteDatabase

from models.departments import sync_alias_table
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


def resolve_registry_path(cli_value: str | os.PathLike[str] | None = None,
                          environ: Mapping[str, str] | None = None) -> Path:
    """``--db`` first, then ``$DUBAN_DB``, then the default path."""
    environ = os.environ if environ is None else environ
    if cli_value:
        return Path(cli_value).expanduser()
    if environ.get(ENV_VARIABLE):
        return Path(environ[ENV_VARIABLE]).expanduser()
    return default_registry_path(environ)


def open_registry(path: str | os.PathLike[str], busy_timeout: float | None = None) -> SqliteDatabase:
    """Open (creating if needed) and migrate the registry at ``path``; return the database.

    Raises RegistryError when the folder cannot be created, the file is not
    a registry or is corrupt, locked, or written by a newer program.
    """
    path = Path(path).expanduser()
    busy_timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegistryError(path, f"无法创建登记册所在的文件夹 {path.parent}（{exc.strerror or exc}）",
                            "folder") from exc
    if not db.is_closed():
        db.close()
    db.init(
        os.fspath(path),
        timeout=busy_timeout,
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": int(busy_timeout * 1000),
            # Safe with WAL (no corruption on power loss, at worst the last commit is lost).
            "synchronous": "normal",
        },
    )
    try:
        with registry_errors(path):
            db.connect()
            migrate(db)
            sync_alias_table()
    except BaseException:
        db.close()  # leave no half-open connection to a file we refused
        raise
    return db


def open_existing_registry(path: str | os.PathLike[str]) -> SqliteDatabase:
    """Open a registry that must exist already (commands that only read or report):
    a mistyped path must not quietly become an empty registry."""
    if not Path(path).expanduser().exists():
        raise RegistryError(path, "登记册不存在，请先用 duban import 导入公报 (no registry here yet)", "cantopen")
    return open_registry(path)


def close_registry() -> None:
    """Close this thread's connection (other threads close their own)."""
    if not db.is_closed():
        db.close()
