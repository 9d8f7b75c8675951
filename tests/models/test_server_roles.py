"""On a server registry PostgreSQL itself enforces who may do what (schema v11,
models/registry/server_security.py).

Each refusal is asserted on its SQLSTATE through a plain psycopg2 connection as
the account's own role, with no Duban code in between: what a liaison or a
leader holding the URL could type into ``psql``. Then the same steps through
Duban, connected as those roles, say what they say on the embedded registry,
and the office's own ``psql`` change shows in the audit log.

One registry for the module (setting it up costs a second): every test that
writes through plain SQL rolls back, and those that write through Duban leave
what they wrote where no other test looks.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import psycopg2
import pytest
from openpyxl import load_workbook

from models import record_status_update, store_extracted
from models.access import audit
from models.access.accounts import (AuthenticationError, create_account, set_active, set_liaisons_see_all,
                                    sign_in_to_server)
from models.access.actor import Actor, sign_out
from models.access.server_setup import hand_out_url, set_up_server
from models.errors import PermissionDenied, ServerRefusal, registry_errors
from models.registry.database import close_registry
from models.registry.departments import find_department
from models.paper.ledger import export_status_sheet
from models.paper.ledger_updates import import_status_sheet
from models.registry.schema import AuditEntry, Evidence, SheetReceipt, StatusUpdate, Task, db
from models.supervision.evidence import evidence_bytes, record_update_with_evidence
from models.supervision.duplicates import link_tasks
from models.upkeep.backup import make_backup, restore_backup
from models.supervision.workflow import apply_for_closure, decide_closure, decide_extension, request_extension
from tests import pg_server
from tests.models.builders import extracted, plan, task

PASSWORD = "server-roles-test-1"
TRANSPORT, HOUSING = "县交通局", "县住建局"
DUE = date(2023, 10, 31)
INSUFFICIENT_PRIVILEGE = "42501"


@dataclass(frozen=True)
class Server:
    url: str
    tasks: dict[str, int]          # by name: transport, shared, housing, closed, linked
    departments: dict[str, int]    # transport, housing


def _as(server: Server, username: str) -> Actor:
    """Duban connected as ``username``'s role and signed in (the window's and the command line's sign-in)."""
    return sign_in_to_server(server.url, username, PASSWORD)


def the_plan(salt: str = ""):
    return extracted([plan("平政发〔2023〕3号", "城市更新方案", [
        task("修复道路", seq="1", lead=(TRANSPORT,), due=DUE),
        task("改造管网", seq="2", lead=(HOUSING,), cooperating=(TRANSPORT,), due=DUE),
        task("老旧小区改造", seq="3", lead=(HOUSING,), due=DUE),
        task("公交站台", seq="4", responsible=(TRANSPORT,), due=DUE),
        task("道路绿化", seq="5", lead=(HOUSING,), due=DUE),
    ])], salt=salt)


@pytest.fixture(scope="module")
def server(postgres_url: str) -> Iterator[Server]:
    """Set up by the administrator; filled by the office, the liaisons and a leader, each as its own role."""
    pg_server.reset(postgres_url)
    try:
        set_up_server(postgres_url, "office", PASSWORD, "督查室王五")
        close_registry()
        office = sign_in_to_server(postgres_url, "office", PASSWORD)
        store_extracted(the_plan())
        ids = {row.text: row.id for row in Task.select()}
        tasks = {"transport": ids["修复道路"], "shared": ids["改造管网"], "housing": ids["老旧小区改造"],
                 "closed": ids["公交站台"], "linked": ids["道路绿化"]}
        departments = {"transport": find_department(TRANSPORT).id, "housing": find_department(HOUSING).id}
        create_account("jt", PASSWORD, "liaison", department=TRANSPORT, display_name="交通局联络员", actor=office)
        create_account("zj", PASSWORD, "liaison", department=HOUSING, display_name="住建局联络员", actor=office)
        create_account("leader", PASSWORD, "leader", display_name="李县长", actor=office)
        link_tasks(tasks["transport"], tasks["linked"], actor=office)     # the same work in two places
        liaison = sign_in_to_server(postgres_url, "jt", PASSWORD)
        application = apply_for_closure(tasks["closed"], "站台已建成", actor=liaison)
        office = sign_in_to_server(postgres_url, "office", PASSWORD)
        decide_closure(application.id, True, actor=office)                # 销号
        yield Server(hand_out_url(postgres_url), tasks, departments)
    finally:
        sign_out()
        close_registry()
        db.initialize(None)


def connect(server: Server, username: str) -> psycopg2.extensions.connection:
    """A plain psycopg2 connection as the account's role: no Duban code."""
    return psycopg2.connect(server.url, user=f"duban.{username}", password=PASSWORD)


@pytest.fixture
def sql(server: Server) -> Iterator[dict[str, psycopg2.extensions.connection]]:
    """Plain connections as each account, rolled back and closed after the test."""
    connections = {name: connect(server, name) for name in ("office", "jt", "zj", "leader")}
    yield connections
    for connection in connections.values():
        connection.rollback()
        connection.close()


def refused(connection: psycopg2.extensions.connection, statement: str, values: dict[str, object]) -> str:
    """Run ``statement``; the SQLSTATE it was refused with (and the transaction rolled back)."""
    with pytest.raises(psycopg2.Error) as caught, connection.cursor() as cursor:
        cursor.execute(statement, values)
    connection.rollback()
    return caught.value.pgcode


def values(server: Server) -> dict[str, object]:
    return {**server.tasks, "jt_dept": server.departments["transport"], "zj_dept": server.departments["housing"]}


def _update_row(task: str, department: str) -> str:
    return ("INSERT INTO status_update (task_id, department_id, who, status, progress, note, created_at) "
            f"VALUES (%({task})s, %({department})s, '联络员', '推进中', 10, '', now())")


LIAISON_REFUSALS = {
    "another department's task": "UPDATE task SET progress = 50 WHERE id = %(housing)s",
    "its own task's text": "UPDATE task SET text = '改过' WHERE id = %(transport)s",
    "its own task's deadline": "UPDATE task SET current_deadline = '2030-01-01' WHERE id = %(transport)s",
    "a status set by hand, not reported": "UPDATE task SET progress = 77 WHERE id = %(transport)s",
    "a status update for another department's task": _update_row("housing", "jt_dept"),
    "a status update in another department's name": _update_row("transport", "zj_dept"),
    "a status update after 销号": _update_row("closed", "jt_dept"),
    "an extension approved by itself": (
        "INSERT INTO extension_request (task_id, department_id, requested_by, reason, requested_deadline, state, "
        "decided_by, decision_note, requested_at) VALUES (%(transport)s, %(jt_dept)s, 'x', '理由', '2030-01-01', "
        "'已批准', 'x', '', now())"),
    "a plan": "INSERT INTO plan (source_file, source_sha256, line_start, line_end, imported_at, updated_at) "
              "VALUES ('x', 'x', 1, 1, now(), now())",
    "history rewritten": "UPDATE status_update SET progress = 0",
    "history deleted": "DELETE FROM status_update",
    "its own role in the account table": "UPDATE account SET role = 'office' WHERE username = 'jt'",
    "a new account row": "INSERT INTO account (username, display_name, role, password_hash, active, created_at, "
                         "updated_at) VALUES ('x', '', 'office', '', true, now(), now())",
    "itself made office": 'GRANT duban_office TO "duban.jt"',
    "a role attribute": 'ALTER ROLE "duban.jt" CREATEROLE',
    "another account's password": """ALTER ROLE "duban.office" PASSWORD 'taken-over-1'""",
    "an account through Duban's function": "SELECT duban_account_create('x', '', 'office', NULL, "
                                           "'SCRAM-SHA-256$x', localtimestamp)",
    "another's password through Duban's function": "SELECT duban_account_password('office', "
                                                   "'SCRAM-SHA-256$x', localtimestamp)",
    "an account disabled through Duban's function": "SELECT duban_account_active('zj', false, localtimestamp)",
    "the audit log's trigger dropped": "DROP TRIGGER audit_entry_no_change ON audit_entry",
    "the row log's trigger dropped": "DROP TRIGGER duban_row_audit ON task",
    "triggers disabled": "ALTER TABLE task DISABLE TRIGGER ALL",
    "triggers skipped for the session": "SET session_replication_role = replica",
    "an audit row deleted": "DELETE FROM audit_entry",
    "an audit row changed": "UPDATE audit_entry SET summary = '改过'",
    "the audit log emptied": "TRUNCATE audit_entry",
    "the row log emptied": "DELETE FROM row_change",
    "an office's kind of audit entry": "SELECT duban_audit(localtimestamp, 'office', 'merge', 'department:1', "
                                       "NULL, NULL, '合并')",
    "a table dropped": "DROP TABLE task",
    "a table altered": "ALTER TABLE task ADD COLUMN mine integer",
    "a table made": "CREATE TABLE mine (id integer)",
    "a temporary table": "CREATE TEMPORARY TABLE mine (id integer)",
}


@pytest.mark.parametrize("statement", LIAISON_REFUSALS.values(), ids=LIAISON_REFUSALS.keys())
def test_a_liaisons_own_connection_is_refused(server: Server, sql, statement: str) -> None:
    assert refused(sql["jt"], statement, values(server)) == INSUFFICIENT_PRIVILEGE


LEADER_REFUSALS = {
    "a status update": _update_row("transport", "jt_dept"),
    "a task's progress": "UPDATE task SET progress = 50 WHERE id = %(transport)s",
    "a department": "DELETE FROM department WHERE id = %(zj_dept)s",
    "a setting": "UPDATE setting SET value = '0'",
    "an audit entry": "SELECT duban_audit(localtimestamp, 'leader', 'status_update', 'task:1', NULL, NULL, 'x')",
    "an account": "SELECT duban_account_active('jt', false, localtimestamp)",
    "a temporary table": "CREATE TEMPORARY TABLE mine (id integer)",
    "a table": "CREATE TABLE mine (id integer)",
}


@pytest.mark.parametrize("statement", LEADER_REFUSALS.values(), ids=LEADER_REFUSALS.keys())
def test_a_leaders_connection_writes_nothing(server: Server, sql, statement: str) -> None:
    assert refused(sql["leader"], statement, values(server)) == INSUFFICIENT_PRIVILEGE


def test_a_leader_reads_every_task_and_no_account_but_its_own(server: Server, sql) -> None:
    with sql["leader"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM task")
        assert cursor.fetchone()[0] == len(server.tasks)
        cursor.execute("SELECT username FROM account")
        assert cursor.fetchall() == [("leader",)]
    assert refused(sql["leader"], "SELECT count(*) FROM audit_entry", {}) == INSUFFICIENT_PRIVILEGE


def test_a_liaison_reports_in_plain_sql_as_duban_would(server: Server, sql) -> None:
    """What the policies accept: its own task, one it cooperates on, one the office linked to its own."""
    with sql["jt"].cursor() as cursor:
        for name in ("transport", "shared", "linked"):
            cursor.execute(_update_row(name, "jt_dept"), values(server))
            cursor.execute("UPDATE task SET status = '推进中', progress = 10, version = version + 1 "
                           "WHERE id = %(id)s", {"id": server.tasks[name]})
            assert cursor.rowcount == 1


def test_with_own_scope_a_liaison_reads_only_its_departments_rows(server: Server, sql) -> None:
    _as(server, "office")
    set_liaisons_see_all(False)
    try:
        with sql["jt"].cursor() as cursor:
            cursor.execute("SELECT id FROM task")
            seen = {ident for (ident,) in cursor.fetchall()}
            cursor.execute("SELECT DISTINCT task_id FROM assignment")
            assigned = {ident for (ident,) in cursor.fetchall()}
            cursor.execute("SELECT DISTINCT task_id FROM status_update")
            reported = {ident for (ident,) in cursor.fetchall()}
        # Its own, the shared one, the closed one, and the one linked to its own (its updates go there too).
        assert seen == {server.tasks[name] for name in ("transport", "shared", "closed", "linked")}
        assert server.tasks["housing"] not in assigned | reported
        with sql["zj"].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM task WHERE id = %(closed)s", values(server))
            assert cursor.fetchone()[0] == 0
    finally:
        _as(server, "office")
        set_liaisons_see_all(True)
    with sql["jt"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM task")
        assert cursor.fetchone()[0] == len(server.tasks)


def test_duban_as_the_liaison_says_what_it_says_on_the_file(server: Server) -> None:
    _as(server, "jt")
    with pytest.raises(PermissionDenied) as caught:
        record_status_update(server.tasks["housing"], "推进中", 20)
    assert not isinstance(caught.value, ServerRefusal)
    assert str(caught.value) == (f"任务 {server.tasks['housing']} 不是本单位（牵头、责任或配合）承办的任务，"
                                 "联络员只能更新本单位的任务 (not your department's task)")
    with pytest.raises(PermissionDenied, match="已销号"):
        record_status_update(server.tasks["closed"], "推进中", 20)
    with pytest.raises(PermissionDenied, match="只有督查室可以新建账户"):
        create_account("spy", PASSWORD, "office")
    update = record_status_update(server.tasks["transport"], "推进中", 40, note="路基完成")
    copied = StatusUpdate.select().where(StatusUpdate.task == server.tasks["linked"]).order_by(StatusUpdate.id.desc())
    assert copied.first().progress == 40                        # the copy to the linked task was accepted
    assert request_extension(server.tasks["transport"], date(2023, 12, 31), "雨季停工").state == "待审批"
    _as(server, "office")                                       # the log is the office's to read
    for action in ("status_update", "extension_request"):
        assert [entry.actor for entry in audit.entries(action=action, limit=1)] == ["jt"]
    assert update.who == "交通局联络员"


def test_duban_as_a_leader_says_read_only(server: Server) -> None:
    _as(server, "leader")
    with pytest.raises(PermissionDenied, match="只读账户"):
        record_status_update(server.tasks["transport"], "推进中", 20)


def test_what_the_python_checks_miss_the_server_refuses_in_one_line(server: Server) -> None:
    _as(server, "jt")
    with pytest.raises(ServerRefusal) as caught, registry_errors(), db.atomic():
        Task.update(text="改过").where(Task.id == server.tasks["transport"]).execute()
    assert "\n" not in str(caught.value) and "登记册服务器拒绝" in str(caught.value)
    assert Task.get_by_id(server.tasks["transport"]).text == "修复道路"


def test_the_audit_entry_names_the_account_whatever_the_client_says(server: Server, sql) -> None:
    with sql["jt"].cursor() as cursor:
        cursor.execute("SELECT duban_audit(localtimestamp, 'office', 'status_update', 'task:1', NULL, NULL, 'x')")
        entry = cursor.fetchone()[0]
        cursor.execute("SELECT duban_caller_role()")
        assert cursor.fetchone()[0] == "liaison"
    sql["jt"].commit()
    _as(server, "office")
    assert AuditEntry.get_by_id(entry).actor == "jt"


def direct_changes() -> list[audit.AuditRecord]:
    return audit.entries(action="direct_change", limit=1000)


def test_a_direct_update_by_the_office_is_in_the_audit_log(server: Server, sql) -> None:
    housing = server.tasks["housing"]
    with sql["office"].cursor() as cursor:
        cursor.execute("SELECT progress FROM task WHERE id = %(housing)s", values(server))
        before = cursor.fetchone()[0]
        cursor.execute("UPDATE task SET progress = 33 WHERE id = %(housing)s", values(server))
    sql["office"].commit()
    _as(server, "office")
    found = [entry for entry in direct_changes() if entry.target == f"task:{housing}"]
    assert len(found) == 1
    entry = found[0]
    assert entry.actor == "office" and entry.action_label == "数据库直接修改"
    assert (entry.before["progress"], entry.after["progress"]) == (before, 33)
    assert "UPDATE task" in entry.summary and "duban.office" in entry.summary
    row = db.execute_sql("SELECT db_user, account, operation FROM row_change WHERE table_name = 'task' "
                         "AND row_key = ? ORDER BY id DESC LIMIT 1", (str(housing),)).fetchone()
    assert row == ("duban.office", "office", "UPDATE")


def test_what_duban_changes_is_described_by_duban_alone(server: Server) -> None:
    _as(server, "office")
    known = len(direct_changes())
    _as(server, "jt")
    record_status_update(server.tasks["shared"], "推进中", 15, note="管材进场")
    request = request_extension(server.tasks["shared"], date(2023, 12, 31), "管材晚到")
    _as(server, "office")                  # signing in adds the shipped aliases of new departments
    decide_extension(request.id, True)
    record_status_update(server.tasks["housing"], "推进中", 50)
    store_extracted(the_plan())            # the same file: only the import log's row
    store_extracted(the_plan(salt="副本"))  # a copy: tasks as they were, the plan now points at it
    assert len(direct_changes()) == known


def test_a_disabled_account_loses_even_its_open_session(server: Server, sql) -> None:
    office = _as(server, "office")
    set_active("zj", False, actor=office)
    try:
        assert refused(sql["zj"], "SELECT count(*) FROM public.task", {}) == INSUFFICIENT_PRIVILEGE
        with pytest.raises(AuthenticationError, match="已停用"):
            sign_in_to_server(server.url, "zj", PASSWORD)
    finally:
        _as(server, "office")
        set_active("zj", True, actor=office)
    _as(server, "zj")
    assert db.execute_sql("SELECT count(*) FROM task").fetchone()[0] == len(server.tasks)


def test_a_wrong_password_is_the_usual_one_line(server: Server) -> None:
    for username, password in (("jt", "wrong-password-1"), ("nobody", PASSWORD)):
        with pytest.raises(AuthenticationError) as caught:
            sign_in_to_server(server.url, username, password)
        assert str(caught.value) == "用户名或密码错误 (wrong username or password)"


def test_only_the_owner_owns_and_functions_have_a_fixed_search_path(server: Server) -> None:
    _as(server, "office")
    owners = {owner for (owner,) in db.execute_sql("SELECT DISTINCT tableowner FROM pg_tables "
                                                   "WHERE schemaname = 'public'")}
    assert owners == {"duban_owner"}
    unfixed = db.execute_sql("SELECT proname FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace "
                             "WHERE n.nspname = 'public' AND p.prosecdef AND (p.proconfig IS NULL OR NOT "
                             "'search_path=pg_catalog, public, pg_temp' = ANY (p.proconfig))").fetchall()
    assert unfixed == []
    assert db.execute_sql("SELECT count(*) FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace "
                          "WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> 'duban_owner'"
                          ).fetchone()[0] == 0


def test_the_office_backs_up_as_itself_and_only_the_administrator_restores(server: Server, tmp_path) -> None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not installed")
    _as(server, "office")
    summary = make_backup(tmp_path / "county.dump")
    assert summary.tasks == len(server.tasks)
    with pytest.raises(PermissionDenied, match="数据库管理员"):
        restore_backup(summary.path, safety_folder=tmp_path)
    assert list(tmp_path.iterdir()) == [summary.path]      # refused before its safety copy


def test_a_liaisons_evidence_and_status_sheet_pass_the_servers_checks(server: Server, tmp_path) -> None:
    _as(server, "jt")
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"jpeg")
    update = record_update_with_evidence(server.tasks["shared"], "推进中", 25, files=[photo])
    assert evidence_bytes(Evidence.get(Evidence.status_update == update.id)) == b"jpeg"
    exported = export_status_sheet(tmp_path / "交通.xlsx", TRANSPORT).path
    book = load_workbook(exported)
    sheet = book.worksheets[0]
    header = {cell.value: cell.column for cell in sheet[3]}
    row = next(number for number in range(4, sheet.max_row + 1)
               if sheet.cell(number, header["任务编号（勿改）"]).value == server.tasks["transport"])
    sheet.cell(row, header["进度"], 60)
    book.save(exported)
    result = import_status_sheet(exported)
    assert [(applied.task_id, applied.progress) for applied in result.applied] == [(server.tasks["transport"], 60)]
    assert SheetReceipt.select().where(SheetReceipt.task == server.tasks["transport"]).count() == 1
