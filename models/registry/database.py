"""Opening the registry: where it lives, pragmas, migrations, alias table.

After Vorta's ``store/connection.py``: one deferred peewee database
(:data:`models.registry.schema.db`), opened explicitly at start-up. The registry is
either the embedded SQLite file (the default, nothing to set up) or a
PostgreSQL server named by a URL (``postgresql://user@host/duban``) that the
departments share; see :mod:`models.registry.dialect`.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from peewee import Database, SqliteDatabase

from models.registry.departments import sync_alias_table
from models.registry.dialect import ServerDatabase, is_postgres, is_server_url, may_insert, redact
from models.errors import registry_errors, RegistryError
from models.registry.migrations import migrate
from models.registry.schema import db
from models.registry.server_roles import username_of

APP_DIR = "duban"
REGISTRY_FILE = "registry.sqlite3"
ENV_VARIABLE = "DUBAN_DB"
BUSY_TIMEOUT = 5.0  # seconds to wait for another writer before "database is locked"
# RegistryError kinds of a server that answered but wants to know who connects.
SIGN_IN_REFUSALS = ("auth", "no_password", "login_disabled")


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
                          environ: Mapping[str, str] | None = None,
                          configured: str | None = None) -> Location:
    """``--db`` first, then ``$DUBAN_DB``, then the window's saved setting
    (``configured``), then the default path.

    Any of them may be a PostgreSQL URL, returned as the string it is."""
    environ = os.environ if environ is None else environ
    for given in (cli_value, environ.get(ENV_VARIABLE), configured):
        if given:
            return _as_location(given)
    return default_registry_path(environ)


def check_location(location: str | os.PathLike[str]) -> str:
    """What is at ``location``, in words, without opening it as the registry.

    For the window's 连接登记册 dialog: says whether a server answers and
    holds a Duban registry (or an empty database that will become one), or
    whether a file exists. Raises RegistryError for what cannot be used.
    """
    if not is_server_url(location):
        path = Path(location).expanduser()
        if path.is_dir():
            raise RegistryError(path, "这是一个文件夹，请指定登记册文件 (a folder, not a file)", "cantopen")
        if not path.exists():
            return f"本机登记册文件 {path}（尚不存在，打开时新建）"
        return f"本机登记册文件 {path}（{path.stat().st_size / 1024:.0f} KB）"
    url = str(location)
    require_server_driver(url)
    probe = ServerDatabase(url, connect_timeout=5, application_name="duban-check")
    try:
        try:
            with registry_errors(redact(url)):
                probe.connect()
        except RegistryError as refused:
            if refused.kind not in SIGN_IN_REFUSALS:
                raise
            # The address handed out names no one: the server answered and asks who is coming.
            return f"服务器 {redact(url)} 可以连接：打开时以自己的账户和密码登录"
        with registry_errors(redact(url)):
            tables = probe.get_tables()
            if not tables:
                return f"服务器 {redact(url)} 可以连接：空数据库，请数据库管理员先运行 duban server init 建立登记册"
            if "schema_version" not in tables:
                raise RegistryError(redact(url), "不是督办台登记册：数据库中有其他程序的数据表 (not a Duban registry)",
                                    "not_registry")
            version = probe.execute_sql('SELECT MAX("version") FROM "schema_version"').fetchone()[0]
            tasks = probe.execute_sql('SELECT COUNT(*) FROM "task"').fetchone()[0]
            return f"服务器 {redact(url)} 可以连接：督办台登记册（结构版本 {version}，任务 {tasks} 项）"
    finally:
        probe.close()


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
    return _connect_and_migrate(path)


def require_server_driver(url: str) -> None:
    """A server registry needs psycopg2, an optional dependency (`.[server]`): say so, not a traceback."""
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        raise RegistryError(redact(url), "连接服务器登记册需要 PostgreSQL 驱动 psycopg2，请安装：pip install 'duban[server]' "
                                         "(the PostgreSQL driver is not installed)", "cantopen") from None


def open_server_registry(url: str, busy_timeout: float | None = None, *, user: str | None = None,
                         password: str | None = None) -> Database:
    """Open the registry in the PostgreSQL database at ``url``, as ``user`` (a role; default
    the URL's) with ``password`` (default the URL's, else libpq's ~/.pgpass).

    The database must exist (the server's administrator creates it, e.g.
    ``createdb duban``) and be set up by ``duban server init``, which makes its
    tables and roles; an administrator's connection sets up or upgrades it here
    too. A writer waits at most ``busy_timeout`` seconds for a lock, as on SQLite.
    """
    busy_timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
    require_server_driver(url)
    close_registry()
    milliseconds = int(busy_timeout * 1000)
    credentials = {key: value for key, value in (("user", user), ("password", password)) if value is not None}
    db.initialize(ServerDatabase(
        url,
        connect_timeout=max(1, int(busy_timeout)),
        options=f"-c lock_timeout={milliseconds} -c statement_timeout=0",
        application_name="duban",
        **credentials,
    ))
    return _connect_and_migrate(redact(url))


def _connect_and_migrate(shown_as: str | os.PathLike[str]) -> Database:
    """Connect the just-initialised registry, bring its schema and alias table up to date.

    On any failure the connection is closed: nothing stays half-open on a
    registry that was refused. ``shown_as`` names it in messages.
    """
    try:
        with registry_errors(shown_as):
            db.connect()
            migrate(db)
            if not _signed_in_account() and may_insert("department_alias"):
                sync_alias_table()
    except BaseException:
        close_registry()
        raise
    return db


def _signed_in_account() -> str | None:
    """The account a server connection is, if it is one. Its sign-in adds the shipped aliases
    itself, with a readable audit entry (models.access.accounts.sign_in_to_server): on a
    server an account's change without one is reported as made around Duban."""
    if not is_postgres():
        return None
    return username_of(db.execute_sql("SELECT session_user").fetchone()[0])


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
