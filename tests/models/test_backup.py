"""Backups: a round trip brings back the backed-up state (evidence files too),
a bad backup changes nothing, an older one is migrated, the daily backup
keeps 14 and never raises."""
import os
import shutil
import sqlite3
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from models.access.actor import Actor, OFFICE, sign_in
from models.registry import migrations
from models.upkeep.backup import (
    BackupError,
    daily_backup,
    inspect_backup,
    make_backup,
    restore_backup,
)
from models.registry.database import close_registry, open_registry
from models.supervision.evidence import evidence_root, record_update_with_evidence
from models.upkeep.importing import store_extracted
from models.registry.schema import Evidence, Plan, StatusUpdate, Task, db
from models.supervision.updates import record_status_update
from tests import pg_server

from .builders import extracted, plan, task


def store_plans(salt: str = "", count: int = 2) -> None:
    store_extracted(extracted([
        plan(f"平政办发〔2023〕{number}{salt}号", f"方案{number}",
             [task(f"任务{number}-{index}", seq=f"{index}.", responsible=("县住建局",), due=date(2023, 6, 30))
              for index in range(1, 4)])
        for number in range(1, count + 1)], salt=salt))


def state() -> tuple:
    """What a restore must bring back: plans, tasks with their status, and the history."""
    return (sorted(Plan.select(Plan.number).tuples()),
            sorted(Task.select(Task.id, Task.status, Task.progress).tuples()),
            sorted(StatusUpdate.select(StatusUpdate.task, StatusUpdate.progress, StatusUpdate.note).tuples()))


# -- SQLite -------------------------------------------------------------------------

def test_round_trip_with_evidence(sqlite_registry, tmp_path):
    store_plans()
    first = Task.select().order_by(Task.id).first().id
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8 a photo" * 100)
    record_update_with_evidence(first, "推进中", 40, note="已开工", who="联络员", files=[photo])
    kept = state()
    backup = tmp_path / "backups" / "duban.zip"
    backup.parent.mkdir()

    summary = make_backup(backup)

    assert summary.evidence_files == 1 and summary.tasks == 6 and not summary.missing_evidence
    assert not [path for path in backup.parent.iterdir() if path != backup]   # no partial left behind
    with zipfile.ZipFile(backup) as archive:
        members = archive.namelist()
    assert "manifest.json" in members and "registry.sqlite3" in members
    stored = Evidence.get().stored_path
    assert Path(stored).as_posix() in members

    # Change everything a restore must undo: more history, another file, another plan;
    # and lose the photo from the evidence folder.
    report = tmp_path / "验收报告.pdf"
    report.write_bytes(b"%PDF-1.4 report")
    record_update_with_evidence(first, "已完成", 100, note="已完工", files=[report])
    record_status_update(first + 1, "推进中", 10)
    store_plans(salt="新", count=1)
    (evidence_root().parent / stored).unlink()
    assert state() != kept

    restored = restore_backup(backup)

    assert state() == kept
    assert (evidence_root().parent / stored).read_bytes() == photo.read_bytes()
    assert restored.evidence_files == 1 and restored.migrated_to == migrations.latest_version()
    # The registry it replaced is itself a backup that can be restored.
    assert restored.safety_copy.parent == sqlite_registry.parent
    assert restored.safety_copy.name.startswith("registry.sqlite3.before-restore-")
    assert inspect_backup(restored.safety_copy).evidence_files == 1      # the report; the photo was lost
    integrity = db.execute_sql("PRAGMA integrity_check").fetchone()[0]
    foreign = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    assert (integrity, foreign) == ("ok", [])
    # The restored registry opens again, in WAL mode.
    close_registry()
    open_registry(sqlite_registry)
    assert state() == kept
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_restore_is_seen_by_another_connection(sqlite_registry, tmp_path):
    """The window reads on the GUI thread while the worker restores: no reopening needed."""
    store_plans()
    backup = make_backup(tmp_path / "b.zip").path
    store_plans(salt="新", count=1)
    reader = sqlite3.connect(sqlite_registry)
    try:
        assert reader.execute("SELECT COUNT(*) FROM plan").fetchone()[0] == 3
        restore_backup(backup)
        assert reader.execute("SELECT COUNT(*) FROM plan").fetchone()[0] == 2
    finally:
        reader.close()


def test_backup_into_a_folder_gets_a_dated_name(sqlite_registry, tmp_path):
    first = make_backup(tmp_path).path
    second = make_backup(tmp_path).path
    assert first != second and first.parent == tmp_path and first.name.startswith("registry-")


def test_backup_never_overwrites_the_registry(sqlite_registry):
    with pytest.raises(BackupError, match="登记册文件本身") as caught:
        make_backup(sqlite_registry)
    assert caught.value.kind == "same_file"


def test_restore_a_plain_registry_file(sqlite_registry, tmp_path):
    """A migration's .bak-v file (a bare SQLite copy) restores too; the user's file is not touched."""
    store_plans()
    kept = state()
    plain = tmp_path / "registry.sqlite3.bak-v6"
    migrations.backup_registry(db, plain)
    before = plain.read_bytes()
    store_plans(salt="新", count=1)
    summary = restore_backup(plain)
    assert state() == kept and summary.evidence_files == 0
    assert plain.read_bytes() == before


def make_bad(kind: str, tmp_path: Path) -> Path:
    bad = tmp_path / f"{kind}.zip"
    if kind == "text":
        bad.write_text("这不是备份", encoding="utf-8")
    elif kind == "other_zip":
        with zipfile.ZipFile(bad, "w") as archive:
            archive.writestr("readme.txt", "hello")
    elif kind == "other_sqlite":
        connection = sqlite3.connect(bad)
        connection.execute("CREATE TABLE notes (text)")
        connection.commit()
        connection.close()
    elif kind == "truncated":
        good = make_backup(tmp_path / "good.zip").path
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "corrupt_database":
        good = make_backup(tmp_path / "good.zip").path
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "registry.sqlite3":
                    data = data[:4096] + b"\x00garbage" * 2048 + data[4096 + 16384:]
                target.writestr(item, data)
    elif kind == "escaping_path":
        good = make_backup(tmp_path / "good.zip").path
        shutil.copy(good, bad)
        with zipfile.ZipFile(bad, "a") as archive:
            archive.writestr("evidence/../../outside.txt", "x")
    return bad


@pytest.mark.parametrize("kind, problem", [
    ("missing", "不存在"), ("text", "不是督办台备份"), ("other_zip", "不是督办台备份"),
    ("other_sqlite", "不是督办台登记册"), ("truncated", "已损坏"), ("corrupt_database", "损坏"),
    ("escaping_path", "不安全"),
])
def test_bad_backup_changes_nothing(sqlite_registry, tmp_path, kind, problem):
    store_plans()
    kept = state()
    bad = make_bad(kind, tmp_path)
    files_before = sorted(path.name for path in sqlite_registry.parent.iterdir())
    with pytest.raises(BackupError, match=problem) as caught:
        restore_backup(bad)
    assert str(bad) in str(caught.value)
    assert state() == kept
    assert sorted(path.name for path in sqlite_registry.parent.iterdir()) == files_before  # no safety copy either
    assert not (tmp_path / "outside.txt").exists()


def test_newer_backup_is_refused(sqlite_registry, tmp_path, monkeypatch):
    store_plans()
    kept = state()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, lambda database: None])
    other = tmp_path / "newer" / "registry.sqlite3"
    open_registry(other)                           # written by a "newer program" (one more step)
    newer = make_backup(tmp_path / "newer.zip").path
    monkeypatch.undo()
    open_registry(sqlite_registry)
    with pytest.raises(BackupError, match="更新版本") as caught:
        restore_backup(newer)
    assert caught.value.kind == "newer_schema" and state() == kept


def test_older_backup_is_migrated(sqlite_registry, tmp_path, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:5])
    older_registry = tmp_path / "older" / "registry.sqlite3"
    open_registry(older_registry)
    # Rows as a version-5 program wrote them (today's code needs version 6 to import).
    db.execute_sql("INSERT INTO plan (number, title, source_file, source_sha256, line_start, line_end, "
                   "imported_at, updated_at) VALUES ('平政发〔2023〕3号', '方案', 'a.txt', 'x', 1, 9, "
                   "'2023-03-01 09:00:00', '2023-03-01 09:00:00')")
    for position in range(6):
        db.execute_sql("INSERT INTO task (plan_id, text, line_start, line_end, ongoing, status, progress, position, "
                       "withdrawn, created_at, updated_at) VALUES (1, ?, 1, 2, 0, '未开始', 0, ?, 0, "
                       "'2023-03-01 09:00:00', '2023-03-01 09:00:00')", (f"任务{position}", position))
    older = make_backup(tmp_path / "older.zip", actor=Actor("admin", "", OFFICE)).path
    assert inspect_backup(older).schema_version == 5
    monkeypatch.undo()
    open_registry(sqlite_registry)
    summary = restore_backup(older)
    assert (summary.schema_version, summary.migrated_to) == (5, migrations.latest_version())
    assert Task.select().count() == 6
    assert Task.select(Task.version).first().version == 0      # a column of version 6


# -- the daily backup ------------------------------------------------------------------

def test_daily_backup_one_a_day_keeps_fourteen(sqlite_registry):
    store_plans()
    first_day = date(2024, 3, 1)
    first = daily_backup(first_day)
    assert first.created and first.problem is None
    assert first.path == sqlite_registry.parent / "backups" / "registry-2024-03-01.zip"
    again = daily_backup(first_day)
    assert not again.created and again.problem is None
    for offset in range(1, 15):
        outcome = daily_backup(first_day + timedelta(days=offset))
    kept = sorted(path.name for path in (sqlite_registry.parent / "backups").iterdir())
    assert len(kept) == 14
    assert kept[0] == "registry-2024-03-02.zip" and kept[-1] == "registry-2024-03-15.zip"
    assert outcome.removed == (first.path,)
    assert inspect_backup(sqlite_registry.parent / "backups" / kept[-1]).schema_version \
        == migrations.latest_version()


def test_daily_backup_is_made_for_those_who_write_only(sqlite_registry):
    """A leader reads only: its window or its refused command writes no copy of every password hash
    (issue 12 §12); nor does a window nobody is signed in to once accounts exist."""
    from models.access.accounts import authenticate, create_account

    create_account("office", "office-pass-1", "office")
    office = authenticate("office", "office-pass-1")
    create_account("boss", "leader-pass-1", "leader", actor=office)
    leader = authenticate("boss", "leader-pass-1")
    folder = sqlite_registry.parent / "backups"
    assert daily_backup(date(2024, 3, 1), actor=leader) is None
    assert daily_backup(date(2024, 3, 1)) is None            # nobody signed in
    assert not folder.exists()
    assert daily_backup(date(2024, 3, 1), actor=office).created and len(list(folder.iterdir())) == 1


def test_daily_backup_failure_is_reported_not_raised(sqlite_registry):
    (sqlite_registry.parent / "backups").write_text("a file where the folder should be")
    outcome = daily_backup(date(2024, 3, 1))
    assert outcome.problem and outcome.problem.startswith("自动备份失败") and not outcome.created


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_daily_backup_into_a_read_only_folder(sqlite_registry):
    folder = sqlite_registry.parent / "backups"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        outcome = daily_backup(date(2024, 3, 1))
    finally:
        folder.chmod(0o700)
    assert outcome.problem and "自动备份失败" in outcome.problem


# -- PostgreSQL ------------------------------------------------------------------------

@pytest.fixture
def server_registry(postgres_url):
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not installed")
    pg_server.reset(postgres_url)
    open_registry(postgres_url)
    sign_in(Actor("admin", "督查室", OFFICE))      # a server registry always needs someone signed in
    yield postgres_url
    close_registry()
    db.initialize(None)


def create_plans(salt: str = "", count: int = 2) -> None:
    """Plans and tasks written with peewee alone: the server test depends on no importer SQL."""
    for number in range(1, count + 1):
        created = Plan.create(number=f"平政办发〔2023〕{number}{salt}号", title=f"方案{number}",
                              source_file="gazette.txt", source_sha256="0" * 64)
        for index in range(1, 4):
            Task.create(plan=created, seq=f"{index}.", text=f"任务{number}-{index}", position=index)


def add_update(task_id: int, progress: int, note: str = "") -> StatusUpdate:
    return StatusUpdate.create(task=task_id, who="联络员", status="推进中", progress=progress, note=note)


def test_server_round_trip(server_registry, tmp_path):
    create_plans()
    first = Task.select().order_by(Task.id).first().id
    update = add_update(first, 40, note="已开工")
    Evidence.create(status_update=update.id, file_name="照片.jpg", stored_path="evidence/1/x_照片.jpg",
                    sha256="0" * 64, size=5, content=b"\xff\xd8abc")
    db.execute_sql('INSERT INTO "audit_entry" ("at", "actor", "action", "target", "summary") '
                   "VALUES (?, ?, ?, ?, ?)", ("2024-03-01 09:00:00", "admin", "backup", "registry", "测试"))
    kept = state()
    summary = make_backup(tmp_path / "duban.dump")
    assert summary.backend == "postgresql" and summary.tasks == 6
    assert inspect_backup(summary.path).schema_version == migrations.latest_version()

    add_update(first, 100, note="已完工")
    create_plans(salt="新", count=1)
    restored = restore_backup(summary.path, safety_folder=tmp_path / "safety")

    assert state() == kept
    assert bytes(Evidence.get().content) == b"\xff\xd8abc"
    assert restored.safety_copy.parent == tmp_path / "safety" and restored.safety_copy.suffix == ".dump"
    # The ids go on from where the backup left them: a new row does not collide.
    assert add_update(first, 50).id > update.id
    # The audit log came back, and with it its append-only trigger; the restore is its newest entry.
    assert [row[0] for row in db.execute_sql('SELECT "action" FROM "audit_entry" ORDER BY "id"')] == \
        ["backup", "restore"]
    assert db.execute_sql('SELECT "actor" FROM "audit_entry" WHERE "action" = ?', ("restore",)).fetchone() == \
        ("admin",)
    with pytest.raises(Exception, match="append-only"), db.atomic():
        db.execute_sql('DELETE FROM "audit_entry"')


def test_server_refuses_an_embedded_backup(server_registry, tmp_path):
    (tmp_path / "x.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(BackupError, match="本机登记册") as caught:
        restore_backup(tmp_path / "x.zip", safety_folder=tmp_path)
    assert caught.value.kind == "wrong_backend"


def test_server_backup_without_pg_dump(server_registry, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))          # nothing on PATH
    with pytest.raises(BackupError, match="找不到 pg_dump") as caught:
        make_backup(tmp_path / "x.dump")
    assert caught.value.kind == "no_tool" and not (tmp_path / "x.dump").exists()
    assert daily_backup() is None                      # a server's backups are its administrator's


def test_only_the_office_backs_up_and_restores(sqlite_registry, tmp_path):
    from models.access.actor import LEADER, LIAISON
    from models.errors import PermissionDenied

    store_plans()
    backup = make_backup(tmp_path / "by-office.zip").path          # zero-setup: the computer's user is the office
    for role in (LIAISON, LEADER):
        someone = Actor("someone", "某人", role, department_id=None)
        with pytest.raises(PermissionDenied):
            make_backup(tmp_path / f"{role}.zip", actor=someone)
        with pytest.raises(PermissionDenied):
            restore_backup(backup, actor=someone)
    assert not (tmp_path / "liaison.zip").exists()
    restore_backup(backup)
    assert [row[0] for row in db.execute_sql('SELECT "action" FROM "audit_entry"')][-1] == "restore"
