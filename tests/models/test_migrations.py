"""Schema versions: fresh files, untouched current files, migration with backup."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from models import RegistryError, close_registry, open_registry
from models.registry import migrations
from models.registry.schema import (TABLES_V1, TABLES_V2, TABLES_V4, TABLES_V5, TABLES_V6, TABLES_V8, TABLES_V10,
                                    Department, SchemaVersion, db)


@pytest.fixture
def registry(sqlite_registry: Path) -> Path:
    """This module is about the embedded file: SQLite only."""
    return sqlite_registry



ALL = list(range(1, len(migrations.MIGRATIONS) + 1))   # every version, in order


def _versions(path: Path) -> list[int]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT version FROM schema_version ORDER BY version")]
    finally:
        connection.close()


def test_fresh_file_gets_the_latest_version_and_no_backup(registry: Path) -> None:
    assert migrations.current_version(db) == migrations.latest_version() == len(migrations.MIGRATIONS)
    assert list(registry.parent.glob("*.bak-*")) == []


def test_current_file_is_opened_and_left_alone(registry: Path) -> None:
    Department.create(name="县测试局")
    close_registry()
    open_registry(registry)
    assert _versions(registry) == ALL
    assert list(registry.parent.glob("*.bak-*")) == []
    assert Department.get(Department.name == "县测试局")


def test_v1_file_gains_evidence_table_after_a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.sqlite3"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    open_registry(path)
    Department.create(name="县测试局")
    close_registry()
    monkeypatch.undo()
    open_registry(path)
    try:
        assert _versions(path) == ALL
        assert [row[1] for row in db.execute_sql('PRAGMA table_info("evidence")')][:2] == ["id", "status_update_id"]
        assert "sheet_receipt" in db.get_tables()   # version 4
        assert Department.get(Department.name == "县测试局")
        assert _versions(Path(f"{path}.bak-v1")) == [1]
    finally:
        close_registry()


def test_a_new_step_runs_once_after_a_backup(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Department.create(name="县测试局")
    close_registry()

    def add_phone(database: SqliteDatabase) -> None:
        database.execute_sql('ALTER TABLE "department" ADD COLUMN "phone" TEXT')

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_phone])
    open_registry(registry)
    assert migrations.current_version(db) == len(ALL) + 1
    columns = [row[1] for row in db.execute_sql('PRAGMA table_info("department")')]
    assert "phone" in columns

    backup = Path(f"{registry}.bak-v{len(ALL)}")
    assert backup.exists()
    assert _versions(backup) == ALL  # the copy is the file as it was before the new step
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("SELECT count(*) FROM department WHERE name = '县测试局'").fetchone()[0] == 1
        assert "phone" not in [row[1] for row in copy.execute('PRAGMA table_info("department")')]
    finally:
        copy.close()

    close_registry()
    open_registry(registry)  # already at the new version: no second backup, no second run
    assert sorted(path.name for path in registry.parent.glob("*.bak-*")) == [backup.name]
    assert _versions(registry) == [*ALL, len(ALL) + 1]


def test_failing_step_rolls_back_with_its_version(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    close_registry()

    def broken(database: SqliteDatabase) -> None:
        database.execute_sql('ALTER TABLE "department" ADD COLUMN "phone" TEXT')
        raise RuntimeError("bug in step 2")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    with pytest.raises(RuntimeError):
        open_registry(registry)
    assert _versions(registry) == ALL
    connection = sqlite3.connect(registry)
    try:
        assert "phone" not in [row[1] for row in connection.execute('PRAGMA table_info("department")')]
    finally:
        connection.close()


def test_newer_schema_is_refused(registry: Path) -> None:
    SchemaVersion.create(version=migrations.latest_version() + 1)
    close_registry()
    with pytest.raises(RegistryError) as caught:
        open_registry(registry)
    assert caught.value.kind == "newer_schema"
    assert str(registry) in str(caught.value)
    assert str(migrations.latest_version() + 1) in caught.value.problem


def test_frozen_steps_match_the_peewee_classes(registry: Path) -> None:
    """A changed schema.py needs a new migration step, not an edited old one."""
    checked_indexes: set[str] = set()
    for model in (*TABLES_V1, *TABLES_V2, *TABLES_V4, *TABLES_V5, *TABLES_V6, *TABLES_V8, *TABLES_V10):
        table = model._meta.table_name
        columns = {row[1]: bool(row[3]) for row in db.execute_sql(f'PRAGMA table_info("{table}")')}
        expected = {field.column_name: not field.null for field in model._meta.sorted_fields}
        assert columns == expected, table
        indexes = {row[1] for row in db.execute_sql(f'PRAGMA index_list("{table}")')}
        wanted = {index._name for index in model._meta.fields_to_index()}
        assert wanted <= indexes, f"{table}: missing {wanted - indexes}"
        checked_indexes.update(wanted)
    assert "assignment_task_id_department_id_role" in checked_indexes


def test_audit_log_refuses_changes_and_deletions(registry: Path) -> None:
    from peewee import IntegrityError

    from models.registry.schema import AuditEntry

    entry = AuditEntry.create(actor="office", action="test", summary="一条记录")
    with pytest.raises(IntegrityError, match="append-only"):
        AuditEntry.update(summary="改过").where(AuditEntry.id == entry.id).execute()
    with pytest.raises(IntegrityError, match="append-only"):
        AuditEntry.delete().where(AuditEntry.id == entry.id).execute()
    assert AuditEntry.get_by_id(entry.id).summary == "一条记录"


def test_postgres_spelling_changes_only_types() -> None:
    from peewee import PostgresqlDatabase

    server = PostgresqlDatabase(None)
    statement = migrations._V1_STATEMENTS[4]   # task
    translated = migrations.for_dialect(server, statement)
    assert '"id" SERIAL NOT NULL PRIMARY KEY' in translated
    assert '"ongoing" BOOLEAN NOT NULL' in translated and '"withdrawn" BOOLEAN NOT NULL' in translated
    assert "DATETIME" not in translated and '"created_at" TIMESTAMP NOT NULL' in translated
    assert '"progress" INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100)' in translated
    assert migrations.for_dialect(SqliteDatabase(None), statement) == statement


def test_postgres_booleans_are_only_the_boolean_fields() -> None:
    from peewee import BooleanField, PostgresqlDatabase

    from models.registry.schema import TABLES_V6

    server = PostgresqlDatabase(None)
    statements = [*migrations._V1_STATEMENTS, *migrations._V6_STATEMENTS, *migrations._V8_STATEMENTS]
    translated = " ".join(migrations.for_dialect(server, statement) for statement in statements)
    booleans = {f"{model._meta.table_name}.{field.column_name}"
                for model in (*TABLES_V1, *TABLES_V6) for field in model._meta.sorted_fields
                if isinstance(field, BooleanField)}
    assert booleans == {f"{table}.{column}" for table, columns in migrations.BOOLEAN_COLUMNS.items()
                        for column in columns}
    assert translated.count("BOOLEAN") == len(booleans)
    assert '"withdrawn" INTEGER NOT NULL, "deleted"' in translated   # import_run's count stays a number
    assert '"added_by_office" BOOLEAN NOT NULL DEFAULT FALSE' in translated


def test_v7_plans_become_unreviewed_with_no_source_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Schema v8 on a registry with plans and tasks: 待审核, no source kept, nothing edited."""
    path = tmp_path / "v7.sqlite3"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:7])
    open_registry(path)
    db.execute_sql("INSERT INTO plan (number, title, source_file, source_sha256, line_start, line_end, "
                   "imported_at, updated_at) VALUES ('平政办发〔2023〕1号', '方案', 'a.txt', 'x', 1, 9, "
                   "'2023-02-07 09:00:00', '2023-02-07 09:00:00')")
    db.execute_sql("INSERT INTO task (plan_id, text, line_start, line_end, ongoing, status, progress, position, "
                   "withdrawn, created_at, updated_at) VALUES (1, '任务', 3, 3, 0, '未开始', 0, 0, 0, "
                   "'2023-02-07 09:00:00', '2023-02-07 09:00:00')")
    close_registry()
    monkeypatch.undo()
    open_registry(path)
    try:
        from models.registry.schema import Plan, PlanSource, Task

        assert _versions(path) == ALL
        plan = Plan.get()
        assert (plan.review_state, plan.reviewed_by, plan.reviewed_at) == ("待审核", None, None)
        assert PlanSource.select().count() == 0
        task = Task.get()
        assert (task.edited_fields, task.withdrawn_reason, task.added_by_office) == ("", None, False)
    finally:
        close_registry()
