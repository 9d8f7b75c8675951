"""The two places a registry can live, and what differs between them.

The embedded default is a SQLite file; a county that shares one registry
between departments points Duban at a PostgreSQL server instead
(``postgresql://user@host/duban``). The domain code is written once, in
SQLite's terms, and :class:`ServerDatabase` gives PostgreSQL the same face:

- raw SQL uses ``?`` placeholders; they become ``%s`` here;
- ``db.atomic("IMMEDIATE")`` (SQLite: take the write lock before reading)
  becomes a transaction holding one advisory lock, so writers queue exactly
  as they do on SQLite and "read, then write" stays safe;
- DATE and TIMESTAMP values come back as ISO text, as SQLite stores them,
  so the code that reads rows sees the same values on both.

Kept free of the driver at import time: psycopg2 is needed only when a
server registry is opened.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from peewee import Database, DatabaseProxy, PostgresqlDatabase

SERVER_SCHEMES = ("postgresql", "postgres")

# One key for the registry's single-writer lock (pg_advisory_xact_lock).
WRITE_LOCK_KEY = 0x44554241   # "DUBA"

# psycopg2 type oids read back as text: date, timestamp, timestamptz.
_TEXT_OIDS = (1082, 1114, 1184)


def is_server_url(location: object) -> bool:
    """True for ``postgresql://…`` (and ``postgres://…``)."""
    return isinstance(location, str) and location.split("://", 1)[0].lower() in SERVER_SCHEMES \
        and "://" in location


def unwrap(database: Database | DatabaseProxy) -> Database:
    """The database behind a proxy (models.registry.schema.db is one)."""
    return getattr(database, "obj", None) or database


def is_postgres(database: Database | DatabaseProxy | None = None) -> bool:
    """Whether ``database`` (default: the open registry) is a PostgreSQL server."""
    if database is None:
        from models.registry.schema import db  # late: schema imports this module's users
        database = db
    return isinstance(unwrap(database), PostgresqlDatabase)


def redact(url: str) -> str:
    """A server URL fit for messages and logs: the password is never shown."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=netloc[0].split(":", 1)[0] + ":***@" + netloc[1]))


def without_password(url: str) -> str:
    """The server URL with any password taken out (``user:pw@`` and ``?password=``), for keeping in
    settings: libpq then reads it from ~/.pgpass, where it belongs."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, host = netloc.rsplit("@", 1)
        netloc = f"{userinfo.split(':', 1)[0]}@{host}"
    query = "&".join(pair for pair in parts.query.split("&") if pair and pair.split("=", 1)[0] != "password")
    return urlunsplit(parts._replace(netloc=netloc, query=query))


_AUTHORITY = re.compile(r"^(\w+://)([^/?#]*)(.*)$", re.DOTALL)


def without_credentials(url: str) -> str:
    """A server URL without its user and password (``postgresql://postgres:pw@/duban?host=/run``
    becomes ``postgresql:///duban?host=/run``): the address itself, for anyone to sign in to."""
    found = _AUTHORITY.match(url)
    if found is None:
        return url
    scheme, authority, rest = found.groups()
    return scheme + authority.rsplit("@", 1)[-1] + rest


_QMARK = re.compile(r"\?")


def qmark_to_format(sql: str) -> str:
    """``?`` placeholders to psycopg2's ``%s`` (a literal ``%`` is doubled)."""
    if "?" not in sql:
        return sql
    return _QMARK.sub("%s", sql.replace("%", "%%"))


class ServerDatabase(PostgresqlDatabase):
    """PostgreSQL with the SQLite conventions the domain code is written in."""

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        return super().execute_sql(qmark_to_format(sql), params)

    def is_closed(self) -> bool:
        """Also when the server dropped the connection (a restart, a fast shutdown, the network):
        the dead connection is forgotten outside a transaction, so the next statement connects
        again (autoconnect) instead of failing with "connection already closed" for ever. The
        statement that met the dead connection has failed with its own error, which says so."""
        if super().is_closed():
            return True
        connection = self._state.conn
        if connection is not None and connection.closed and not self.in_transaction():
            self._state.reset()
            return True
        return False

    def begin(self, lock_type: str | None = None) -> None:  # type: ignore[override]
        super().begin()
        if lock_type in ("IMMEDIATE", "EXCLUSIVE"):
            self.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))

    def _connect(self) -> Any:
        connection = super()._connect()
        import psycopg2.extensions

        as_text = psycopg2.extensions.new_type(_TEXT_OIDS, "DUBAN_ISO_TEXT", lambda value, cursor: value)
        psycopg2.extensions.register_type(as_text, connection)
        with connection.cursor() as cursor:
            cursor.execute("SET DateStyle = 'ISO, YMD'")   # dates read back as SQLite stores them
        return connection


def may_insert(table: str) -> bool:
    """Whether the open registry's connection may insert into ``table``: always on the
    embedded file; on a server as its grants say (models.registry.server_security)."""
    from models.registry.schema import db

    if not is_postgres():
        return True
    return bool(db.execute_sql("SELECT has_table_privilege(?, 'INSERT')", (table,)).fetchone()[0])


def ids_in(column: str, ids: list[int] | tuple[int, ...] | set[int]) -> tuple[str, tuple[Any, ...]]:
    """``column IN (<ids>)`` as one bound parameter, whatever the number of ids."""
    values = sorted({int(ident) for ident in ids})
    if is_postgres():
        return f"{column} = ANY(?)", (values,)
    return f"{column} IN (SELECT value FROM json_each(?))", ("[" + ",".join(map(str, values)) + "]",)


def executemany(sql: str, rows: list[tuple[Any, ...]] | list[list[Any]]) -> None:
    """One statement for many rows, in batches on a server (one round trip per page, not per row)."""
    from models.registry.schema import db

    if not rows:
        return
    if is_postgres():
        from psycopg2.extras import execute_batch

        execute_batch(db.cursor(), qmark_to_format(sql), rows, page_size=1000)
    else:
        db.cursor().executemany(sql, rows)


def sync_sequence(table: str) -> None:
    """After rows were inserted with explicit ids, move PostgreSQL's id sequence past them
    (SQLite needs nothing: its next rowid is always MAX(rowid) + 1)."""
    from models.registry.schema import db

    if is_postgres():
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                       f"COALESCE((SELECT MAX(\"id\") FROM \"{table}\"), 0) + 1, false)")
