"""A full disk during an import (issue 12 §13): one line that says so, and the registry as it was.

The COMMIT of a full disk fails, SQLite rolls the transaction back itself, and
the transaction's own ROLLBACK then fails with "no transaction is active": that
second error hid the first behind a 58-line traceback. Here COMMIT is made to
fail the way it does (a patched write: no disk need fill up), and
tests/test_cli_disk_full.py fills a real tmpfs where the machine allows one.
"""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from models.errors import RegistryError
from models.registry.schema import Assignment, Plan, Task, db
from models.upkeep.importing import store_extracted
from tests.models.builders import extracted, plan, task


def counts() -> tuple[int, int, int]:
    return Plan.select().count(), Task.select().count(), Assignment.select().count()


def a_plan(number: int) -> object:
    return extracted([plan(f"平政发〔2023〕{number}号", f"方案{number}",
                           [task(f"任务{number}-{index}", seq=str(index), lead=("县住建局",), due=date(2023, 6, 30))
                            for index in range(1, 6)])], salt=str(number))


def full_disk_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """COMMIT fails as on a full disk: SQLite has rolled back, and raises SQLITE_FULL."""
    database = db.obj

    def commit() -> None:
        database.cursor().execute("ROLLBACK")
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode, error.sqlite_errorname = 13, "SQLITE_FULL"
        raise error

    monkeypatch.setattr(database, "commit", commit)


def test_a_full_disk_at_commit_is_one_line_and_the_registry_is_as_it_was(
        sqlite_registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store_extracted(a_plan(1))
    before = counts()
    with monkeypatch.context() as patched:
        full_disk_commit(patched)
        with pytest.raises(RegistryError) as caught:
            store_extracted(a_plan(2))
    assert caught.value.kind == "full" and "磁盘空间不足" in str(caught.value)
    assert "\n" not in str(caught.value) and str(sqlite_registry) in str(caught.value)
    assert counts() == before
    assert db.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    store_extracted(a_plan(2))                   # room again: the same file goes in whole
    assert counts() == (before[0] + 1, before[1] + 5, before[2] + 5)


def test_a_full_disk_within_a_statement_is_one_line_too(sqlite_registry: Path) -> None:
    """SQLite's own page cap fails an INSERT with the same SQLITE_FULL as a full disk."""
    store_extracted(a_plan(1))
    before = counts()
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")
    try:
        with pytest.raises(RegistryError) as caught:
            store_extracted(extracted([plan("平政发〔2023〕9号", "大方案",
                                            [task("很长的任务" * 200 + str(index), lead=("县住建局",))
                                             for index in range(400)])]))
    finally:
        db.execute_sql("PRAGMA max_page_count = 4294967294")
    assert caught.value.kind == "full" and "磁盘空间不足" in str(caught.value)
    assert counts() == before
