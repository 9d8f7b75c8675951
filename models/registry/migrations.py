"""Versioned schema: numbered steps, each run in one transaction with its version bump.

After Vorta's ``store/migrations.py``: the file is backed up before an
existing registry is migrated, and a registry written by a newer program is
refused rather than guessed at. Each step's DDL is frozen here as text, so a
later change to :mod:`models.registry.schema` cannot silently change what an old step
does; ``tests/models/test_migrations.py`` checks that the steps and the peewee
classes agree.

The steps are written in SQLite's DDL. On a PostgreSQL server the same steps
run through :func:`for_dialect`, which changes only the column types the two
spell differently (an INTEGER primary key becomes SERIAL, DATETIME becomes
TIMESTAMP, BLOB becomes BYTEA, a boolean column becomes BOOLEAN); a step
that needs more than types (the audit log's append-only triggers) says so
per dialect.
"""
from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from peewee import Database

from models.registry import server_security
from models.registry.dialect import is_postgres
from models.errors import classify, RegistryError
from models.registry.schema import SchemaVersion, now

Migration = Callable[[Database], None]

# Columns peewee declares BooleanField (INTEGER in SQLite's DDL, BOOLEAN on PostgreSQL).
BOOLEAN_COLUMNS: dict[str, tuple[str, ...]] = {
    "task": ("ongoing", "withdrawn", "added_by_office"),
    "department": ("is_group",),
    "account": ("active",),
}

_POSTGRES_TYPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r'"id" INTEGER NOT NULL PRIMARY KEY'), '"id" SERIAL NOT NULL PRIMARY KEY'),
    (re.compile(r"\bDATETIME\b"), "TIMESTAMP"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
)
_TABLE = re.compile(r'^(?:CREATE|ALTER) TABLE "(\w+)"')


def for_dialect(database: Database, statement: str) -> str:
    """A frozen SQLite DDL statement as ``database`` spells it."""
    if not is_postgres(database):
        return statement
    for pattern, replacement in _POSTGRES_TYPES:
        statement = pattern.sub(replacement, statement)
    table = _TABLE.match(statement)
    for column in BOOLEAN_COLUMNS.get(table.group(1) if table else "", ()):
        statement = statement.replace(f'"{column}" INTEGER', f'"{column}" BOOLEAN')
    return statement


def _run(database: Database, statements: Iterable[str]) -> None:
    for statement in statements:
        database.execute_sql(for_dialect(database, statement))

_V1_STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE "schema_version" ("version" INTEGER NOT NULL PRIMARY KEY, "applied_at" DATETIME NOT NULL)""",
    """CREATE TABLE "plan" ("id" INTEGER NOT NULL PRIMARY KEY, "number" VARCHAR(255), "title" TEXT, "issuer" TEXT, "issue_date" DATE, "source_file" TEXT NOT NULL, "source_sha256" VARCHAR(64) NOT NULL, "line_start" INTEGER NOT NULL, "line_end" INTEGER NOT NULL, "imported_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL)""",
    """CREATE UNIQUE INDEX "plan_number" ON "plan" ("number")""",
    """CREATE INDEX "plan_title_source_file" ON "plan" ("title", "source_file")""",
    """CREATE TABLE "task" ("id" INTEGER NOT NULL PRIMARY KEY, "plan_id" INTEGER NOT NULL, "seq" TEXT, "text" TEXT NOT NULL, "line_start" INTEGER NOT NULL, "line_end" INTEGER NOT NULL, "original_deadline" DATE, "current_deadline" DATE, "deadline_text" TEXT, "recurrence" TEXT, "ongoing" INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL CHECK (status IN ('未开始', '推进中', '已完成')), "progress" INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100), "supervision_number" TEXT, "position" INTEGER NOT NULL, "withdrawn" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("plan_id") REFERENCES "plan" ("id") ON DELETE CASCADE)""",
    """CREATE INDEX "task_plan_id" ON "task" ("plan_id")""",
    """CREATE INDEX "task_plan_id_position" ON "task" ("plan_id", "position")""",
    """CREATE TABLE "department" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "is_group" INTEGER NOT NULL, "created_at" DATETIME NOT NULL)""",
    """CREATE UNIQUE INDEX "department_name" ON "department" ("name")""",
    """CREATE TABLE "department_alias" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "department_id" INTEGER NOT NULL, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE CASCADE)""",
    """CREATE UNIQUE INDEX "department_alias_name" ON "department_alias" ("name")""",
    """CREATE INDEX "department_alias_department_id" ON "department_alias" ("department_id")""",
    """CREATE TABLE "assignment" ("id" INTEGER NOT NULL PRIMARY KEY, "task_id" INTEGER NOT NULL, "department_id" INTEGER NOT NULL, "role" VARCHAR(255) NOT NULL CHECK (role IN ('lead', 'responsible', 'cooperating')), "written_name" TEXT NOT NULL, "position" INTEGER NOT NULL, FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE CASCADE, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "assignment_task_id" ON "assignment" ("task_id")""",
    """CREATE INDEX "assignment_department_id" ON "assignment" ("department_id")""",
    """CREATE UNIQUE INDEX "assignment_task_id_department_id_role" ON "assignment" ("task_id", "department_id", "role")""",
    """CREATE TABLE "status_update" ("id" INTEGER NOT NULL PRIMARY KEY, "task_id" INTEGER NOT NULL, "department_id" INTEGER, "who" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL CHECK (status IN ('未开始', '推进中', '已完成')), "progress" INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100), "note" TEXT NOT NULL, "completed_on" DATE, "created_at" DATETIME NOT NULL, FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE RESTRICT, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "status_update_task_id" ON "status_update" ("task_id")""",
    """CREATE INDEX "status_update_department_id" ON "status_update" ("department_id")""",
    """CREATE INDEX "status_update_task_id_created_at" ON "status_update" ("task_id", "created_at")""",
    """CREATE TABLE "import_run" ("id" INTEGER NOT NULL PRIMARY KEY, "started_at" DATETIME NOT NULL, "finished_at" DATETIME, "source_file" TEXT NOT NULL, "source_path" TEXT NOT NULL, "sha256" VARCHAR(64) NOT NULL, "outcome" VARCHAR(255) NOT NULL CHECK (outcome IN ('imported', 'unchanged', 'updated', 'failed')), "plans" INTEGER NOT NULL, "tasks" INTEGER NOT NULL, "added" INTEGER NOT NULL, "updated" INTEGER NOT NULL, "unchanged" INTEGER NOT NULL, "withdrawn" INTEGER NOT NULL, "deleted" INTEGER NOT NULL, "message" TEXT NOT NULL)""",
    """CREATE INDEX "import_run_sha256" ON "import_run" ("sha256")""",
)


def _v1_initial_schema(database: Database) -> None:
    """Version 1: plans, tasks, departments, assignments, updates, import runs."""
    _run(database, _V1_STATEMENTS)


_V2_STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE "evidence" ("id" INTEGER NOT NULL PRIMARY KEY, "status_update_id" INTEGER NOT NULL, "file_name" TEXT NOT NULL, "stored_path" TEXT NOT NULL, "sha256" VARCHAR(64) NOT NULL, "size" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("status_update_id") REFERENCES "status_update" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "evidence_status_update_id" ON "evidence" ("status_update_id")""",
)


def _v2_evidence(database: Database) -> None:
    """Version 2: evidence files (佐证材料) attached to status updates."""
    _run(database, _V2_STATEMENTS)


def _v3_assignment_reading_index(database: Database) -> None:
    """Version 3: a covering index for reading every task's units by role in order.

    Loading 100,000 tasks for the desktop sorted assignments in a temporary
    B-tree (0.4 s); with this index it is a plain index scan (0.2 s).
    """
    database.execute_sql('CREATE INDEX "assignment_role_task_id_position_department_id" ON "assignment" '
                         '("role", "task_id", "position", "department_id")')


_V4_STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE "sheet_receipt" ("id" INTEGER NOT NULL PRIMARY KEY, "sheet_id" VARCHAR(36) NOT NULL, "row" INTEGER NOT NULL, "task_id" INTEGER NOT NULL, "status_update_id" INTEGER NOT NULL, "file_name" TEXT NOT NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE RESTRICT, FOREIGN KEY ("status_update_id") REFERENCES "status_update" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "sheet_receipt_task_id" ON "sheet_receipt" ("task_id")""",
    """CREATE UNIQUE INDEX "sheet_receipt_status_update_id" ON "sheet_receipt" ("status_update_id")""",
    """CREATE INDEX "sheet_receipt_sheet_id_task_id" ON "sheet_receipt" ("sheet_id", "task_id")""",
)


def _v4_sheet_receipts(database: Database) -> None:
    """Version 4: rows of returned Excel status sheets already applied (so re-import adds nothing)."""
    _run(database, _V4_STATEMENTS)


_V5_STATEMENTS: tuple[str, ...] = (
    """ALTER TABLE "task" ADD COLUMN "closed_on" DATE""",
    """CREATE TABLE "extension_request" ("id" INTEGER NOT NULL PRIMARY KEY, "task_id" INTEGER NOT NULL, "department_id" INTEGER, "requested_by" TEXT NOT NULL, "reason" TEXT NOT NULL, "requested_deadline" DATE NOT NULL, "previous_deadline" DATE, "state" VARCHAR(255) NOT NULL CHECK (state IN ('待审批', '已批准', '已驳回')), "decided_by" TEXT NOT NULL, "decision_note" TEXT NOT NULL, "requested_at" DATETIME NOT NULL, "decided_at" DATETIME, FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE RESTRICT, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "extension_request_task_id" ON "extension_request" ("task_id")""",
    """CREATE INDEX "extension_request_department_id" ON "extension_request" ("department_id")""",
    """CREATE TABLE "closure_request" ("id" INTEGER NOT NULL PRIMARY KEY, "task_id" INTEGER NOT NULL, "department_id" INTEGER, "applied_by" TEXT NOT NULL, "note" TEXT NOT NULL, "status_update_id" INTEGER, "state" VARCHAR(255) NOT NULL CHECK (state IN ('待审核', '已销号', '已退回')), "decided_by" TEXT NOT NULL, "decision_note" TEXT NOT NULL, "applied_at" DATETIME NOT NULL, "decided_at" DATETIME, FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE RESTRICT, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE RESTRICT, FOREIGN KEY ("status_update_id") REFERENCES "status_update" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "closure_request_task_id" ON "closure_request" ("task_id")""",
    """CREATE INDEX "closure_request_department_id" ON "closure_request" ("department_id")""",
    """CREATE INDEX "closure_request_status_update_id" ON "closure_request" ("status_update_id")""",
    """CREATE TABLE "supervision_notice" ("id" INTEGER NOT NULL PRIMARY KEY, "task_id" INTEGER NOT NULL, "department_id" INTEGER NOT NULL, "colour" VARCHAR(255) NOT NULL CHECK (colour IN ('蓝', '黄', '红')), "number" TEXT NOT NULL, "reason" TEXT NOT NULL, "reply_by" DATE, "issued_by" TEXT NOT NULL, "issued_at" DATETIME NOT NULL, FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE RESTRICT, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "supervision_notice_task_id" ON "supervision_notice" ("task_id")""",
    """CREATE INDEX "supervision_notice_department_id" ON "supervision_notice" ("department_id")""",
    """CREATE TABLE "task_link" ("id" INTEGER NOT NULL PRIMARY KEY, "task_id" INTEGER NOT NULL, "other_id" INTEGER NOT NULL, "linked_by" TEXT NOT NULL, "linked_at" DATETIME NOT NULL, FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE RESTRICT, FOREIGN KEY ("other_id") REFERENCES "task" ("id") ON DELETE RESTRICT, CHECK (task_id < other_id))""",
    """CREATE INDEX "task_link_task_id" ON "task_link" ("task_id")""",
    """CREATE INDEX "task_link_other_id" ON "task_link" ("other_id")""",
    """CREATE UNIQUE INDEX "task_link_task_id_other_id" ON "task_link" ("task_id", "other_id")""",
)


def _v5_supervision_workflow(database: Database) -> None:
    """Version 5: 延期 requests, 办结/销号 reviews, 三色督办单, links between the same task
    in two documents, and the task's 销号 date."""
    _run(database, _V5_STATEMENTS)


_V6_STATEMENTS: tuple[str, ...] = (
    """ALTER TABLE "task" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0""",
    """ALTER TABLE "evidence" ADD COLUMN "content" BLOB""",
    """CREATE TABLE "account" ("id" INTEGER NOT NULL PRIMARY KEY, "username" VARCHAR(255) NOT NULL, "display_name" TEXT NOT NULL, "role" VARCHAR(255) NOT NULL CHECK (role IN ('office', 'liaison', 'leader')), "department_id" INTEGER, "password_hash" TEXT NOT NULL, "active" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE RESTRICT)""",
    """CREATE UNIQUE INDEX "account_username" ON "account" ("username")""",
    """CREATE INDEX "account_department_id" ON "account" ("department_id")""",
    """CREATE TABLE "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "actor" TEXT NOT NULL, "action" VARCHAR(255) NOT NULL, "target" TEXT NOT NULL, "before" TEXT, "after" TEXT, "summary" TEXT NOT NULL)""",
    """CREATE INDEX "audit_entry_at" ON "audit_entry" ("at")""",
    """CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)""",
)

APPEND_ONLY_MESSAGE = "审计记录只能追加，不能修改或删除 (the audit log is append-only)"

_V6_SQLITE_TRIGGERS: tuple[str, ...] = tuple(
    f"""CREATE TRIGGER "audit_entry_no_{verb.lower()}" BEFORE {verb} ON "audit_entry" """
    f"""BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"""
    for verb in ("UPDATE", "DELETE")
)

_V6_POSTGRES_TRIGGERS: tuple[str, ...] = (
    f"""CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ """
    f"""BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$""",
    """CREATE TRIGGER "audit_entry_no_change" BEFORE UPDATE OR DELETE ON "audit_entry" """
    """FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"()""",
)


def _v6_accounts_audit(database: Database) -> None:
    """Version 6: accounts and roles, the audit log (append-only, enforced by
    triggers), registry-wide settings, the task's version for optimistic
    locking, and evidence bytes kept in a server registry."""
    _run(database, _V6_STATEMENTS)
    triggers = _V6_POSTGRES_TRIGGERS if is_postgres(database) else _V6_SQLITE_TRIGGERS
    for statement in triggers:
        database.execute_sql(statement)


_V7_STATEMENTS: tuple[str, ...] = (
    """ALTER TABLE "plan" ADD COLUMN "import_warnings" TEXT""",
)


def _v7_plan_import_warnings(database: Database) -> None:
    """Version 7: what an import could not read in a plan (a table or list of
    assigned tasks that gave none), so the window keeps marking it after a restart."""
    _run(database, _V7_STATEMENTS)


_V8_STATEMENTS: tuple[str, ...] = (
    """ALTER TABLE "plan" ADD COLUMN "review_state" VARCHAR(255) NOT NULL DEFAULT '待审核' CHECK (review_state IN ('待审核', '已审核'))""",
    """ALTER TABLE "plan" ADD COLUMN "reviewed_by" TEXT""",
    """ALTER TABLE "plan" ADD COLUMN "reviewed_at" DATETIME""",
    """ALTER TABLE "task" ADD COLUMN "edited_fields" TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE "task" ADD COLUMN "withdrawn_reason" TEXT""",
    """ALTER TABLE "task" ADD COLUMN "added_by_office" INTEGER NOT NULL DEFAULT FALSE""",
    """CREATE TABLE "plan_source" ("id" INTEGER NOT NULL PRIMARY KEY, "plan_id" INTEGER NOT NULL, "first_line" INTEGER NOT NULL, "text" TEXT NOT NULL, "stored_at" DATETIME NOT NULL, FOREIGN KEY ("plan_id") REFERENCES "plan" ("id") ON DELETE CASCADE)""",
    """CREATE UNIQUE INDEX "plan_source_plan_id" ON "plan_source" ("plan_id")""",
    """CREATE TABLE "task_difference" ("id" INTEGER NOT NULL PRIMARY KEY, "task_id" INTEGER NOT NULL, "field" VARCHAR(255) NOT NULL CHECK (field IN ('text', 'lead', 'responsible', 'cooperating', 'deadline')), "extracted" TEXT NOT NULL, "value" TEXT NOT NULL, "state" VARCHAR(255) NOT NULL CHECK (state IN ('待处理', '已保留')), "recorded_at" DATETIME NOT NULL, "resolved_by" TEXT, "resolved_at" DATETIME, FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE CASCADE)""",
    """CREATE INDEX "task_difference_task_id" ON "task_difference" ("task_id")""",
    """CREATE UNIQUE INDEX "task_difference_task_id_field" ON "task_difference" ("task_id", "field")""",
)


def _v8_review_and_edits(database: Database) -> None:
    """Version 8: 导入审核 and the office's corrections. A plan's review state
    (existing plans become 待审核) and the source lines its tasks point into
    (none for plans imported before: a re-import keeps them); which fields of a
    task the office edited, why it withdrew one and whether it added the task, so
    that a re-import keeps the edits; and what the extraction reads for an edited
    field where it differs, for the office to choose."""
    _run(database, _V8_STATEMENTS)


_V9_STATEMENTS: tuple[str, ...] = (
    """ALTER TABLE "department" ADD COLUMN "county" VARCHAR(255) NOT NULL DEFAULT ''""",
    """ALTER TABLE "department" ADD COLUMN "confirmed_at" DATETIME""",
    """ALTER TABLE "department_alias" ADD COLUMN "county" VARCHAR(255) NOT NULL DEFAULT ''""",
    'DROP INDEX "department_name"',
    """CREATE UNIQUE INDEX "department_county_name" ON "department" ("county", "name")""",
    'DROP INDEX "department_alias_name"',
    """CREATE UNIQUE INDEX "department_alias_county_name" ON "department_alias" ("county", "name")""",
    """CREATE INDEX "assignment_department_id_task_id_role" ON "assignment" ("department_id", "task_id", "role")""",
)


def _v9_counties(database: Database) -> None:
    """Version 9: departments per county (平顺县's 县住建局 and 偏关县's are two bodies), a
    name unique within its county, an alias too; and when the office confirmed a name as
    a body of its own (not a typo of a similar one). Existing departments and aliases
    belong to no county (""), and so still serve every county's documents. An index
    of assignments by department, task and role: the departments view counts each
    department's tasks by role in one scan of it (benchmarks/departments_bench.py)."""
    _run(database, _V9_STATEMENTS)


_V10_STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE "sign_in_throttle" ("username" VARCHAR(255) NOT NULL PRIMARY KEY, "failures" INTEGER NOT NULL, "next_allowed_at" DATETIME, "locked_at" DATETIME)""",
)


def _v10_sign_in_throttle(database: Database) -> None:
    """Version 10: failed sign-ins per typed username (a growing delay, then a lock
    the office lifts), in the registry so that every machine sees them."""
    _run(database, _V10_STATEMENTS)


def _v11_server_security(database: Database) -> None:
    """Version 11: on a PostgreSQL server, the database enforces who may do what
    (a role per account, grants, row-level security, an audit written by triggers:
    :mod:`models.registry.server_security`). The embedded file has one user and
    nothing of this: the step changes nothing there."""
    if is_postgres(database):
        server_security.install(database)


# Index i holds the step that brings the schema to version i + 1.
MIGRATIONS: list[Migration] = [_v1_initial_schema, _v2_evidence, _v3_assignment_reading_index,
                               _v4_sheet_receipts, _v5_supervision_workflow, _v6_accounts_audit,
                               _v7_plan_import_warnings, _v8_review_and_edits, _v9_counties,
                               _v10_sign_in_throttle, _v11_server_security]
SERVER_SECURITY_VERSION = 11   # from here on a server's steps run as its owner role


def latest_version() -> int:
    """The schema version this program writes (read at call time: tests patch MIGRATIONS)."""
    return len(MIGRATIONS)


def current_version(database: Database) -> int:
    """The file's schema version; 0 for an empty file."""
    tables = database.get_tables()
    if SchemaVersion._meta.table_name not in tables:
        if tables:
            raise RegistryError(
                database.database,
                "不是督办台登记册：文件中有其他程序的数据表 (not a Duban registry)",
                "not_registry",
            )
        return 0
    version = database.execute_sql('SELECT MAX("version") FROM "schema_version"').fetchone()[0]
    return int(version or 0)


def _may_upgrade_server(database: Database) -> bool:
    """Whether this connection may set up or upgrade a server registry: a superuser, a
    role with CREATEROLE, or a member of the owner role (server_security)."""
    return bool(database.execute_sql(
        "SELECT r.rolsuper OR r.rolcreaterole OR EXISTS (SELECT 1 FROM pg_auth_members AS m "
        "JOIN pg_roles AS o ON o.oid = m.roleid WHERE o.rolname = 'duban_owner' AND m.member = r.oid) "
        "FROM pg_roles AS r WHERE r.rolname = session_user").fetchone()[0])


def backup_path(path: str | os.PathLike[str], version: int) -> Path:
    """``<file>.bak-v<version>``, never overwriting an earlier backup."""
    candidate = Path(f"{os.fspath(path)}.bak-v{version}")
    if candidate.exists():
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        candidate = Path(f"{os.fspath(path)}.bak-v{version}-{stamp}")
    return candidate


def backup_registry(database: Database, target: Path) -> None:
    """Copy the open registry with SQLite's backup API (consistent even in WAL mode)."""
    destination = sqlite3.connect(target)
    try:
        database.connection().backup(destination)
    finally:
        destination.close()


def migrate(database: Database) -> int:
    """Bring the open registry to the latest version; return that version."""
    version = current_version(database)
    target = latest_version()
    if version > target:
        raise RegistryError(
            database.database,
            f"登记册由更新版本的督办台创建（结构版本 {version}，本程序只支持到 {target}），"
            "请升级程序 (schema is newer than this program)",
            "newer_schema",
        )
    if version == target:
        return version
    if is_postgres(database) and not _may_upgrade_server(database):
        raise RegistryError(
            database.database,
            ("服务器上的数据库还不是督办台登记册" if version == 0 else
             f"服务器登记册需要升级（结构版本 {version} → {target}）")
            + "：请数据库管理员运行 duban server init 地址 (the administrator sets up or upgrades a server registry)",
            "needs_admin",
        )
    # A server's registry is backed up by its administrator (duban backup, pg_dump).
    if version > 0 and not is_postgres(database) and database.database != ":memory:":
        target_file = backup_path(database.database, version)
        try:
            backup_registry(database, target_file)
        except (OSError, sqlite3.Error) as exc:  # e.g. disk full, or no room for a new file
            problem = classify(exc, target_file)
            if problem is None:
                raise
            raise problem from exc
    for step in range(version + 1, target + 1):
        # IMMEDIATE: take the write lock before reading, so two programs
        # opening the same file cannot both run the step.
        with database.atomic("IMMEDIATE"):
            if current_version(database) >= step:
                continue  # another process got there first
            if is_postgres(database) and step > SERVER_SECURITY_VERSION:
                # The owner role owns the schema; what a step makes belongs to it too.
                database.execute_sql("SET LOCAL ROLE duban_owner")
            MIGRATIONS[step - 1](database)
            SchemaVersion.insert(version=step, applied_at=now()).execute()
    return target
