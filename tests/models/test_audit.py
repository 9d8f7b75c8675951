"""The audit log: an entry per change, written in the change's own transaction, and never edited."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import peewee
import pytest

from models import merge_departments, record_status_update, store_extracted
from models.access.accounts import authenticate, create_account, set_active, set_password
from models.access.actor import sign_in, sign_out
from models.access.audit import ACTIONS, actions, entries, record
from models.supervision.duplicates import link_tasks
from models.errors import PermissionDenied
from models.registry.schema import AuditEntry, Task, db
from models.supervision.updates import StaleTaskError
from tests.models.builders import extracted, plan, task

PASSWORD = "audit-tests-pass"


@pytest.fixture
def office(registry: Path):
    sign_out()
    create_account("office", PASSWORD, "office", display_name="督查室王五")
    actor = authenticate("office", PASSWORD)
    sign_in(actor)
    return actor


def two_plans(salt: str = "", extra: str = "") -> None:
    store_extracted(extracted([
        plan("平政发〔2023〕1号", "交通方案", [task("修路", lead=("县交通局",)), task("建站" + extra, lead=("县交通局",))]),
        plan("平政发〔2023〕2号", "住建方案", [task("改造小区", lead=("县住建局",))]),
    ], salt=salt))


def test_one_entry_per_imported_plan_and_none_for_a_file_seen_before(office) -> None:
    two_plans()
    imports = entries(action="import")
    assert sorted(entry.target for entry in imports) == sorted({f"plan:{row.plan_id}" for row in Task.select()})
    assert all(entry.actor == "office" and entry.before is None and entry.after["added"] in (1, 2)
               for entry in imports)
    two_plans()                                          # the same file again: nothing changed
    assert len(entries(action="import")) == 2
    two_plans(salt="corrected", extra="2座")              # one plan corrected, the other as it was
    latest = entries(action="import")[0]
    assert (latest.after["number"], latest.before["tasks"], latest.after["unchanged"]) == ("平政发〔2023〕1号", 2, 1)
    assert latest.after["added"] + latest.after["updated"] == 1
    assert len(entries(action="import")) == 3


def test_a_status_update_records_before_and_after(office) -> None:
    two_plans()
    road = Task.get(Task.text == "修路").id
    record_status_update(road, "推进中", 40, note="路基完成")
    [entry] = entries(action="status_update")
    assert entry.target == f"task:{road}" and entry.actor == "office"
    assert entry.before == {"status": "未开始", "progress": 0, "version": 0}
    assert entry.after["status"] == "推进中" and entry.after["progress"] == 40 and entry.after["version"] == 1
    assert entry.after["note"] == "路基完成" and entry.after["who"] == "督查室王五"


def test_a_failing_update_leaves_no_entry(office) -> None:
    two_plans()
    road = Task.get(Task.text == "修路").id
    leader = _leader()
    before = AuditEntry.select().count()
    with pytest.raises(StaleTaskError):
        record_status_update(road, "推进中", 40, expected_version=7)
    with pytest.raises(LookupError):
        record_status_update(road, "推进中", 40, department="县不存在局")
    with pytest.raises(PermissionDenied):
        record_status_update(road, "推进中", 40, actor=leader)
    assert AuditEntry.select().count() == before


def _leader():
    create_account("leader", PASSWORD, "leader")
    return authenticate("leader", PASSWORD)


def test_copies_to_linked_tasks_get_their_own_entries(office) -> None:
    two_plans()
    road, station = (Task.get(Task.text == text).id for text in ("修路", "建站"))
    link_tasks(road, station)
    record_status_update(road, "推进中", 50)
    updates = entries(action="status_update")
    assert sorted(entry.target for entry in updates) == sorted([f"task:{road}", f"task:{station}"])
    copy = next(entry for entry in updates if entry.target == f"task:{station}")
    assert copy.after["copied_from"] == road and "同步自关联任务" in copy.after["note"]
    assert [entry.after["tasks"] for entry in entries(action="link")] == [sorted([road, station])]


def test_a_merge_records_both_departments_and_their_counts(office) -> None:
    two_plans()
    merge_departments("县住建局", "县交通局")
    [entry] = entries(action="merge")
    assert entry.before["absorb"]["assignments"] == 2 and entry.before["keep"]["assignments"] == 1
    assert entry.after["keep"]["assignments"] == 3 and entry.after["keep"]["name"] == entry.before["keep"]["name"]


def test_account_changes_are_recorded_without_any_password(office) -> None:
    create_account("leader", PASSWORD, "leader")
    set_password("leader", "another-pass-1")
    set_active("leader", False)
    kinds = [entry.action for entry in entries()]
    assert kinds == ["account_active", "account_password", "account_create", "sign_in", "account_create"]
    text = "".join(str(row) for row in db.execute_sql('SELECT * FROM "audit_entry"').fetchall())
    assert PASSWORD not in text and "another-pass-1" not in text and "scrypt$" not in text
    with pytest.raises(ValueError, match="密码"):
        record(office, "account_password", "account:x", None, {"password": "x"}, "")


def test_entries_are_filtered_and_for_the_office_only(office) -> None:
    two_plans()
    leader = _leader()
    assert [entry.action for entry in entries(limit=2)] == ["sign_in", "account_create"]   # the leader's
    assert len(entries(who="office")) == len(entries()) - 1 and entries(who="nobody") == []
    today = date.today()
    assert len(entries(since=today, until=today)) == len(entries())
    assert entries(until=today - timedelta(days=1)) == []
    assert entries(limit=2, offset=1)[0].id == entries()[1].id
    with pytest.raises(PermissionDenied, match="只有督查室"):
        entries(actor=leader)
    assert set(actions()) == set(ACTIONS) and actions()["merge"] == "合并单位"


def test_the_log_refuses_update_and_delete(office) -> None:
    create_account("leader", PASSWORD, "leader")
    count = AuditEntry.select().count()
    for statement in ('UPDATE "audit_entry" SET "summary" = ?', 'DELETE FROM "audit_entry" WHERE "id" > ?'):
        params = ("edited",) if statement.startswith("UPDATE") else (0,)
        with pytest.raises(peewee.DatabaseError, match="append-only"):
            with db.atomic():
                db.execute_sql(statement, params)
    assert AuditEntry.select().count() == count
    assert {entry.summary for entry in entries()} != {"edited"}
