"""Opening the registry, where it lives, and the errors people see."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from models import RegistryError, close_registry, open_registry, record_status_update, store_extracted
from models.registry.database import default_registry_path, resolve_registry_path
from models.errors import registry_errors
from models.registry.schema import Department, Task, db
from tests.models.builders import extracted, plan, task


@pytest.fixture
def registry(sqlite_registry: Path) -> Path:
    """This module is about the embedded file: SQLite only."""
    return sqlite_registry



def test_open_creates_folder_and_sets_pragmas(registry: Path) -> None:
    assert registry.exists()
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert "task" in db.get_tables()


def test_close_and_reopen_keeps_data(registry: Path) -> None:
    store_extracted(extracted([plan("平政发〔2023〕3号", "方案", [task("修路", lead=("县交通局",))])]))
    close_registry()
    assert db.is_closed()
    open_registry(registry)
    assert Task.select().count() == 1


def test_default_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    assert default_registry_path({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "duban" / "registry.sqlite3"
    # A relative XDG_DATA_HOME is invalid per the spec and ignored.
    assert default_registry_path({"XDG_DATA_HOME": "rel"}) == Path.home() / ".local/share/duban/registry.sqlite3"


def test_default_path_on_windows_uses_appdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "win32")
    assert default_registry_path({"APPDATA": "/appdata"}) == Path("/appdata/duban/registry.sqlite3")


def test_resolve_path_prefers_option_then_environment(tmp_path: Path) -> None:
    environ = {"DUBAN_DB": str(tmp_path / "env.sqlite3"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    assert resolve_registry_path(tmp_path / "cli.sqlite3", environ) == tmp_path / "cli.sqlite3"
    assert resolve_registry_path(None, environ) == tmp_path / "env.sqlite3"
    del environ["DUBAN_DB"]
    assert resolve_registry_path(None, environ).parent.parent == tmp_path / "xdg"


def test_garbage_file_is_a_registry_error_naming_the_file(registry_path: Path) -> None:
    registry_path.parent.mkdir(parents=True)
    registry_path.write_bytes(b"this is not sqlite at all\x00\xff" * 200)
    with pytest.raises(RegistryError) as caught:
        open_registry(registry_path)
    assert caught.value.kind == "corrupt"
    assert str(registry_path) in str(caught.value)
    assert "file is not a database" in str(caught.value)
    assert db.is_closed()  # nothing left half-open


def test_foreign_sqlite_file_is_refused(registry_path: Path) -> None:
    registry_path.parent.mkdir(parents=True)
    other = sqlite3.connect(registry_path)
    other.execute("CREATE TABLE bookmarks (url TEXT)")
    other.commit()
    other.close()
    with pytest.raises(RegistryError) as caught:
        open_registry(registry_path)
    assert caught.value.kind == "not_registry"
    assert str(registry_path) in str(caught.value)


def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    # A file where the folder should be: fails even for root, unlike chmod.
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    target = blocker / "sub" / "registry.sqlite3"
    with pytest.raises(RegistryError) as caught:
        open_registry(target)
    assert caught.value.kind == "folder"
    assert str(target) in str(caught.value)


def test_locked_database_raises_on_write(registry_path: Path) -> None:
    open_registry(registry_path, busy_timeout=0.1)
    try:
        store_extracted(extracted([plan("平政发〔2023〕3号", "方案", [task("修路", lead=("县交通局",))])]))
        task_id = Task.get().id
        holder = sqlite3.connect(registry_path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(RegistryError) as caught:
                record_status_update(task_id, "推进中", 10, note="", who="督查室")
            assert caught.value.kind == "locked"
            assert str(registry_path) in str(caught.value)
            assert "locked" in str(caught.value)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        # Once the other writer is gone the same call works.
        record_status_update(task_id, "推进中", 10, note="", who="督查室")
        assert Task.get_by_id(task_id).progress == 10
    finally:
        close_registry()


def test_bugs_are_not_turned_into_registry_errors(registry: Path) -> None:
    Department.create(name="县审计局")
    with pytest.raises(peewee.IntegrityError):
        with registry_errors():
            Department.create(name="县审计局")
    with pytest.raises(peewee.OperationalError):
        with registry_errors():
            db.execute_sql("SELECT no_such_column FROM task")


def test_a_server_registry_without_its_driver_says_how_to_install_it(monkeypatch):
    """psycopg2 is an optional dependency (.[server]): its absence is one clear line, not a traceback."""
    import sys

    from models.registry.database import open_registry
    from models.errors import RegistryError

    monkeypatch.setitem(sys.modules, "psycopg2", None)     # import psycopg2 now fails
    with pytest.raises(RegistryError) as refused:
        open_registry("postgresql://duban@127.0.0.1:1/duban")
    assert "duban[server]" in str(refused.value) and refused.value.kind == "cantopen"
