"""Whether a registry file's schema is the one this program's migrations create.

A restore brings in a whole database file, its DDL included. A backup whose
audit triggers were dropped (so that history could be rewritten before it was
copied) would bring the registry back without them, and nothing would put them
back: migrations only add what a version lacks. So before a backup comes in,
every table, column, index and trigger it holds is compared with what the
migrations up to its schema version create, in an empty in-memory database;
anything missing, added or changed refuses the backup.

The comparison is of SQLite's stored DDL text, whitespace aside: each step's
DDL is frozen text (models.registry.migrations), so a registry made by the
program, however old, and migrated step by step, stores exactly that text.
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from peewee import SqliteDatabase

from models.registry import migrations

_SPACE = re.compile(r"\s+")
Schema = dict[tuple[str, str], str]


def _schema(connection: sqlite3.Connection) -> Schema:
    rows = connection.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    return {(kind, name): _SPACE.sub(" ", sql or "").strip() for kind, name, sql in rows}


@lru_cache(maxsize=4)
def _expected(version: int, steps: tuple[migrations.Migration, ...]) -> Schema:
    database = SqliteDatabase(":memory:")
    try:
        for step in steps[:version]:
            step(database)
        return _schema(database.connection())
    finally:
        database.close()


_KINDS = {"table": "数据表", "index": "索引", "trigger": "触发器", "view": "视图"}


def schema_difference(connection: sqlite3.Connection, version: int) -> str | None:
    """The first way the database differs from schema ``version`` as the migrations make it, or None."""
    expected = _expected(version, tuple(migrations.MIGRATIONS))
    found = _schema(connection)
    for key in sorted(expected.keys() | found.keys()):
        kind = _KINDS.get(key[0], key[0])
        if key not in found:
            return f"缺少{kind} {key[1]}"
        if key not in expected:
            return f"多出{kind} {key[1]}"
        if found[key] != expected[key]:
            return f"{kind} {key[1]} 的定义被改动"
    return None
