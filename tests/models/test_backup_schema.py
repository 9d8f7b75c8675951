"""A backup whose schema is not what the migrations create is refused (issue 12 §10):
audit triggers dropped so that history could be rewritten, a trigger added or
changed, a column gone. The registry keeps its own triggers."""
from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import peewee
import pytest

from models.registry.migrations import latest_version
from models.registry.schema import AuditEntry, db
from models.upkeep.backup import BackupError, DATABASE_MEMBER, inspect_backup, make_backup, restore_backup
from models.upkeep.department_changes import resolve_department

Tamper = Callable[[sqlite3.Connection], None]


def _drop_triggers_and_rewrite_history(connection: sqlite3.Connection) -> None:
    connection.execute('DROP TRIGGER "audit_entry_no_update"')
    connection.execute('DROP TRIGGER "audit_entry_no_delete"')
    connection.execute('UPDATE "audit_entry" SET "actor" = \'someone else\'')


def _add_a_trigger(connection: sqlite3.Connection) -> None:
    connection.execute('CREATE TRIGGER "quiet" AFTER INSERT ON "audit_entry" '
                       'BEGIN DELETE FROM "setting"; END')


def _hollow_a_trigger(connection: sqlite3.Connection) -> None:
    connection.execute('DROP TRIGGER "audit_entry_no_delete"')
    connection.execute('CREATE TRIGGER "audit_entry_no_delete" BEFORE DELETE ON "audit_entry" BEGIN SELECT 1; END')


def _drop_a_column(connection: sqlite3.Connection) -> None:
    connection.execute('ALTER TABLE "plan" DROP COLUMN "import_warnings"')


def _tampered_zip(tmp_path: Path, tamper: Tamper) -> Path:
    good = make_backup(tmp_path / "good.zip").path
    bad = tmp_path / "tampered.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == DATABASE_MEMBER:
                database = tmp_path / "member.sqlite3"
                database.write_bytes(data)
                connection = sqlite3.connect(database)
                tamper(connection)
                connection.commit()
                connection.close()
                data = database.read_bytes()
            target.writestr(item, data)
    return bad


def _tampered_file(tmp_path: Path, tamper: Tamper) -> Path:
    plain = tmp_path / "registry.sqlite3.bak-v10"
    destination = sqlite3.connect(plain)
    db.connection().backup(destination)
    tamper(destination)
    destination.commit()
    destination.close()
    return plain


@pytest.mark.parametrize("tamper, problem", [
    (_drop_triggers_and_rewrite_history, "缺少触发器 audit_entry_no_delete"),
    (_add_a_trigger, "多出触发器 quiet"),
    (_hollow_a_trigger, "触发器 audit_entry_no_delete 的定义被改动"),
    (_drop_a_column, "数据表 plan 的定义被改动"),
])
@pytest.mark.parametrize("shape", [_tampered_zip, _tampered_file])
def test_a_tampered_backup_is_refused_in_one_line(sqlite_registry, tmp_path, shape, tamper, problem):
    resolve_department("县住建局")
    entries = AuditEntry.select().count()
    bad = shape(tmp_path, tamper)
    for check in (inspect_backup, restore_backup):
        with pytest.raises(BackupError) as caught:
            check(bad)
        assert caught.value.kind == "schema_mismatch" and problem in str(caught.value)
        assert "\n" not in str(caught.value)
    # Nothing came in: the history as it was, the triggers still there.
    assert AuditEntry.select().count() == entries
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        AuditEntry.delete().execute()


def test_an_untouched_backup_passes_the_check(sqlite_registry, tmp_path):
    resolve_department("县住建局")
    assert inspect_backup(make_backup(tmp_path / "good.zip").path).schema_version == latest_version()
    assert inspect_backup(_tampered_file(tmp_path, lambda connection: None)).schema_version == latest_version()
