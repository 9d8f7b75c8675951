"""Signing in, what each role is offered, accounts, the audit log, and an update
that another writer got in first — driven through the real window."""
import shutil
from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit

from desktop import app as desktop_app
from desktop.account_actions import AccountActions
from desktop.accounts_dialog import AccountsDialog, AccountTableModel, NewAccount, NewAccountDialog, NewPasswordDialog
from desktop.audit_log import AuditLogDialog, AuditTableModel
from desktop.login_dialog import LoginDialog
from desktop.main_window import MainWindow
from desktop.navigator import TOTAL_ROLE
from desktop.update_dialog import UpdateDialog, UpdateRequest
from desktop.workers import TaskRunner
from models.access import accounts
from models.access import audit
from models.access.accounts import authenticate, create_account, WRONG_CREDENTIALS
from models.access.actor import Actor, sign_in, sign_out, signed_in
from models.access.permissions import liaisons_see_all
from models.registry.database import close_registry, open_registry
from models.registry.schema import Assignment, Department, StatusUpdate, Task
from models.supervision.updates import record_status_update

from .windows import open_main_window

AS_OF = date(2023, 11, 6)
PASSWORD = "correct-horse-1"


def _cooperating_department() -> tuple[int, int, int]:
    """(department, a task it only cooperates on, a task it has no role in)."""
    for department_id, task_id in (Assignment.select(Assignment.department, Assignment.task)
                                   .join(Department).where((Assignment.role == "cooperating")
                                                           & (Department.is_group == False))  # noqa: E712
                                   .order_by(Assignment.id).tuples()):
        roles = {role for (role,) in Assignment.select(Assignment.role).where(
            (Assignment.task == task_id) & (Assignment.department == department_id)).tuples()}
        if roles != {"cooperating"} or Task.get_by_id(task_id).closed_on is not None:
            continue
        mine = Assignment.select(Assignment.task).where(Assignment.department == department_id)
        other = Task.select(Task.id).where(Task.id.not_in(mine) & ~Task.withdrawn).order_by(Task.id).first()
        return department_id, task_id, other.id
    raise AssertionError("the seeds have no cooperating department")


@pytest.fixture
def people(tmp_path, seeded_registry):
    """A registry with an office account, a liaison of a department that cooperates on a task, and a leader."""
    path = tmp_path / "registry.sqlite3"
    shutil.copy(seeded_registry, path)
    open_registry(path)
    department, cooperating, foreign = _cooperating_department()
    create_account("office1", PASSWORD, "office", display_name="督查室 王五")
    office = authenticate("office1", PASSWORD)
    create_account("liaison1", PASSWORD, "liaison", department, display_name="联络员 张三", actor=office)
    create_account("leader1", PASSWORD, "leader", display_name="县领导", actor=office)
    yield {"path": path, "office": office, "liaison": authenticate("liaison1", PASSWORD),
           "leader": authenticate("leader1", PASSWORD), "department": department,
           "cooperating": cooperating, "foreign": foreign}
    sign_out()
    close_registry()


@pytest.fixture
def runner():
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def settle(qtbot, runner: TaskRunner) -> None:
    """Wait until the worker has done everything asked of it and its results were delivered."""
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)


@pytest.fixture
def open_window(qtbot, tmp_path, people):
    windows: list[MainWindow] = []

    def make(actor: Actor) -> MainWindow:
        sign_in(actor)
        window = open_main_window(qtbot, people["path"], tmp_path, actor=actor, as_of=AS_OF,
                                  until=lambda window: len(window.presenter.table) > 0 and not window.runner.busy)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.runner.shutdown()


def select_task(window: MainWindow, task_id: int) -> None:
    window.filters.search.setText("")
    window.presenter.set_scope(window.presenter.scope.__class__())
    row = window.model.row_of_task(task_id)
    assert row >= 0, f"task {task_id} not shown"
    window.select_row(row)


# -- signing in -------------------------------------------------------------------------

def test_login_wrong_password_stays_and_retries(qtbot, people, runner):
    dialog = LoginDialog("registry.sqlite3", runner)
    qtbot.addWidget(dialog)
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert {button.text() for button in dialog.buttons.buttons()} == {"退出", "登录"}
    dialog.username.setText("liaison1")
    dialog.password.setText("wrong password")
    dialog.accept()
    assert not dialog.login_button.isEnabled()              # checking, on the worker
    settle(qtbot, runner)
    assert dialog.result() != LoginDialog.DialogCode.Accepted and dialog.login_button.isEnabled()
    assert dialog.error.text() == WRONG_CREDENTIALS and dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    dialog.accept()
    settle(qtbot, runner)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.actor.username == "liaison1" and dialog.actor.is_liaison


def test_enter_in_the_password_field_signs_in_and_never_quits(qtbot, people, runner):
    """Enter closed Duban when 退出 was the default button (issue 12 §15): 登录 is."""
    dialog = LoginDialog("registry.sqlite3", runner, username="liaison1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    quit_button = next(button for button in dialog.buttons.buttons() if button.text() == "退出")
    assert dialog.login_button.isDefault() and not quit_button.isDefault()
    assert dialog.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, "wrong password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    settle(qtbot, runner)
    assert dialog.isVisible() and dialog.error.text() == WRONG_CREDENTIALS     # still there, told why
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Enter)                        # the keypad's Enter too
    settle(qtbot, runner)
    assert dialog.result() == LoginDialog.DialogCode.Accepted and dialog.actor.username == "liaison1"


def test_a_locked_account_is_told_so_and_the_office_unlocks_it(qtbot, open_window, people, runner):
    from datetime import datetime, timedelta

    from models.access import throttle

    start = datetime.now()
    for attempt in range(throttle.LOCK_AFTER):        # a day apart: every delay is over
        with pytest.raises(accounts.AuthenticationError):
            authenticate("leader1", "wrong password", clock=lambda: start + timedelta(days=attempt))
    login = LoginDialog("registry.sqlite3", runner)
    qtbot.addWidget(login)
    login.username.setText("leader1")
    login.password.setText(PASSWORD)
    login.accept()
    settle(qtbot, runner)
    assert login.result() != LoginDialog.DialogCode.Accepted and login.error.text() == throttle.LOCKED

    window = open_window(people["office"])
    dialog = AccountsDialog(window.runner, people["office"], window)
    settle(qtbot, window.runner)
    row = next(row for row, account in enumerate(dialog.model.records) if account.username == "leader1")
    assert dialog.model.index(row, 4).data() == "可用，已锁定"
    dialog.view.selectRow(row)
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_button.click()
    settle(qtbot, window.runner)
    assert not next(a for a in dialog.model.records if a.username == "leader1").locked
    assert not dialog.unlock_button.isEnabled() and dialog.error.text() == "已解锁账户 leader1"
    dialog.close()
    login.password.setText(PASSWORD)              # the refusal cleared it
    login.accept()
    settle(qtbot, runner)
    assert login.result() == LoginDialog.DialogCode.Accepted and login.actor.username == "leader1"


def test_start_signs_in_through_the_dialog(people, monkeypatch, runner):
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, location, runner, parent=None: people["leader"]))
    assert desktop_app.sign_in_at_start(people["path"], runner) == people["leader"]
    assert signed_in() == people["leader"]


def test_cancelled_login_exits_cleanly(qtbot, people, monkeypatch):
    close_registry()
    asked = []
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, location, runner, parent=None:
                                                        asked.append(location)))
    assert desktop_app.run_gui(db=str(people["path"])) == 0
    assert asked == [str(people["path"])]
    open_registry(people["path"])       # for the fixture's own close


def test_zero_setup_registry_asks_nobody(tmp_path, monkeypatch, runner):
    open_registry(tmp_path / "empty.sqlite3")
    try:
        monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, *args, **kwargs: pytest.fail("asked")))
        assert desktop_app.sign_in_at_start(tmp_path / "empty.sqlite3", runner).account_id is None
    finally:
        close_registry()


def test_window_shows_who_is_signed_in(open_window, people):
    window = open_window(people["liaison"])
    department = Department.get_by_id(people["department"]).name
    assert window.identity.text() == f"联络员 张三 · 单位联络员 · {department}"
    assert "联络员 张三 · 单位联络员" in window.windowTitle()


# -- what each role is offered --------------------------------------------------------------

def test_liaison_updates_only_their_departments_tasks(open_window, people):
    window = open_window(people["liaison"])
    for action in window.office_actions:
        assert not action.isEnabled(), action.text()
    assert window.export_sheet_action.isEnabled() and window.import_sheet_action.isEnabled()
    select_task(window, people["foreign"])
    assert not window.update_action.isEnabled() and not window.detail.update_button.isEnabled()
    select_task(window, people["cooperating"])
    assert window.update_action.isEnabled() and window.detail.update_button.isEnabled()
    assert window.extension_action.isEnabled() and window.closure_action.isEnabled()


def test_a_refused_update_shows_in_the_banner(open_window, people, monkeypatch, qtbot):
    window = open_window(people["liaison"])
    select_task(window, people["foreign"])
    monkeypatch.setattr(UpdateDialog, "ask", classmethod(lambda cls, *args, **kwargs: pytest.fail("offered")))
    window.tasks.update_selected()                # double-click and Enter come here too
    settle(qtbot, window.runner)
    assert window.errors.isVisible() and "联络员只能更新本单位的任务" in window.errors.label.text()


def test_leader_is_offered_nothing_that_writes(open_window, people):
    window = open_window(people["leader"])
    select_task(window, people["cooperating"])
    for action in window.writing_actions:
        assert not action.isEnabled(), action.text()
    assert not window.detail.update_button.isEnabled()
    assert window.print_action.isEnabled()
    assert "县领导 · 领导（只读）" in window.windowTitle()


def test_own_scope_shows_only_the_departments_tasks(open_window, people):
    accounts.set_liaisons_see_all(False, actor=people["office"])
    window = open_window(people["liaison"])
    department = people["department"]
    mine = {task for (task,) in Assignment.select(Assignment.task).join(Task)
            .where((Assignment.department == department) & ~Task.withdrawn).distinct().tuples()}
    assert set(window.presenter.table.ids) == mine
    assert people["foreign"] not in window.presenter.table.ids
    # The tree lists the departments and plans of the tasks shown, and counts only those.
    assert window.navigator.item(0).data(Qt.ItemDataRole.DisplayRole).startswith("全部任务")
    heading = window.navigator.item(2)                  # after 全部任务 and 待办
    names = [heading.child(row).text() for row in range(heading.rowCount())]
    assert any(Department.get_by_id(department).name in name for name in names)
    plans = window.navigator.item(3)
    assert sum(plans.child(row).data(TOTAL_ROLE) for row in range(plans.rowCount())) == len(mine)


def test_own_scope_holds_for_the_ledger_and_the_report_from_the_window(open_window, people, monkeypatch, qtbot,
                                                                       tmp_path):
    from openpyxl import load_workbook

    from desktop.office_actions import QFileDialog
    from models.paper.reports import weekly_report

    accounts.set_liaisons_see_all(False, actor=people["office"])
    window = open_window(people["liaison"])
    ledger = tmp_path / "台账.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(ledger), ""))
    window.office.export_ledger()
    qtbot.waitUntil(ledger.exists, timeout=10_000)
    settle(qtbot, window.runner)
    cells = [str(cell.value) for sheet in load_workbook(ledger).worksheets for row in sheet.iter_rows()
             for cell in row if cell.value is not None]
    mine = set(window.presenter.table.ids)
    assert any(Task.get_by_id(people["cooperating"]).text in cell for cell in cells)
    assert not any(Task.get_by_id(people["foreign"]).text in cell for cell in cells)
    week = weekly_report(AS_OF, actor=people["liaison"])
    assert {task.task_id for section in week.sections for task in section.tasks} <= mine


def test_office_sees_everything_and_everything_is_offered(open_window, people):
    accounts.set_liaisons_see_all(False, actor=people["office"])
    window = open_window(people["office"])
    assert people["foreign"] in window.presenter.table.ids
    select_task(window, people["foreign"])
    assert all(action.isEnabled() for action in window.writing_actions)


# -- an update someone else got in first -------------------------------------------------------

def test_stale_update_says_who_and_keeps_the_note(open_window, people, monkeypatch, qtbot,
                                                   no_queries_on_the_gui_thread):
    window = open_window(people["liaison"])
    task_id = people["cooperating"]
    select_task(window, task_id)
    typed = UpdateRequest("推进中", 60, "已完成管网铺设三公里", "", None, None, ())

    def meanwhile(cls, *args, **kwargs):
        # Another writer saves between the window's load and this save.
        with no_queries_on_the_gui_thread.allow():
            record_status_update(task_id, "推进中", 40, note="督查室核实", who="督查室 王五", actor=people["office"])
        return typed

    monkeypatch.setattr(UpdateDialog, "ask", classmethod(meanwhile))
    history_before = StatusUpdate.select().where(StatusUpdate.task == task_id).count()
    window.tasks.update_selected()
    qtbot.waitUntil(lambda: window.errors.isVisible(), timeout=10_000)
    message = window.errors.label.text()
    assert window.errors.isVisible() and "督查室 王五" in message and "未保存" in message
    # The other writer's update is there, ours is not.
    assert StatusUpdate.select().where(StatusUpdate.task == task_id).count() == history_before + 1
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    row = window.model.row_of_task(task_id)
    assert window.table.currentIndex().row() == row                          # reloaded and reselected
    assert window.model.table.progress[window.model.rows[row]] == 40
    assert window.detail.history.data(window.detail.history.index(0, 5)) == "督查室核实"

    offered = []
    monkeypatch.setattr(UpdateDialog, "ask", classmethod(lambda cls, *args, **kwargs: offered.append(kwargs) or None))
    window.tasks.update_selected()
    settle(qtbot, window.runner)
    assert offered[0]["draft"] == typed                                     # the typed note comes back

    monkeypatch.setattr(UpdateDialog, "ask", classmethod(lambda cls, *args, **kwargs: kwargs["draft"]))
    window.tasks.update_selected()                                          # now on the fresh version
    settle(qtbot, window.runner)
    assert Task.get_by_id(task_id).progress == 60
    assert window.tasks.drafts == {}


def test_update_dialog_refills_a_draft(qtbot):
    draft = UpdateRequest("推进中", 60, "已完成管网铺设三公里", "张三", "县水利局", None, ("/tmp/a.pdf",))
    dialog = UpdateDialog(None, "任务", "推进中", 40, ["县水利局"], draft=draft)
    qtbot.addWidget(dialog)
    assert dialog.request() == draft
    assert "推进中 40%" in dialog.error.text()


# -- accounts and the audit log ------------------------------------------------------------------

def test_account_management_creates_a_liaison_seen_in_the_audit_log(qtbot, qtmodeltester, open_window, people,
                                                                      monkeypatch, tmp_path):
    window = open_window(people["office"])
    department = Department.get_by_id(people["department"]).name
    monkeypatch.setattr(NewAccountDialog, "ask", classmethod(lambda cls, departments, parent=None: NewAccount(
        "shuiliju", "水利局 赵六", "liaison", department, "another-pass-2")))
    dialogs = []

    def drive(dialog: AccountsDialog) -> None:
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        qtmodeltester.check(dialog.model)
        settle(qtbot, window.runner)                # the accounts and departments, read on the worker
        dialog.create_button.click()
        settle(qtbot, window.runner)
        dialog.scope.setChecked(True)

    monkeypatch.setattr(AccountActions, "open_accounts", staticmethod(drive))
    window.accounts.manage_accounts()
    settle(qtbot, window.runner)
    dialog = dialogs[0]
    assert "已新建账户 shuiliju" in dialog.error.text() or "联络员只能查看本单位任务" in dialog.error.text()
    created = next(account for account in dialog.model.records if account.username == "shuiliju")
    assert created.department == department and created.role == "liaison"
    assert dialog.selected() is not None
    assert not liaisons_see_all()
    qtmodeltester.check(dialog.model)
    dialog.grab().save(str(tmp_path / "accounts.png"))

    window.accounts.show_audit_log()
    settle(qtbot, window.runner)
    log = window.accounts.audit_dialog
    qtbot.waitUntil(lambda: not log.loading, timeout=10_000)
    qtmodeltester.check(log.model)
    labels = [log.model.data(log.model.index(row, 2)) for row in range(log.model.rowCount())]
    assert labels[:2] == ["修改设置", "新建账户"]
    assert log.model.data(log.model.index(1, 1)) == "office1"
    log.view.selectRow(1)
    assert '"department": "' + department in log.after.toPlainText()
    assert log.before.toPlainText() == "（无）"
    # Filter by kind and by who; nothing offers to edit an entry.
    log.action.setCurrentIndex(log.action.findData("account_create"))
    log.reload()
    qtbot.waitUntil(lambda: not log.loading, timeout=10_000)
    assert {entry.action for entry in log.model.records} == {"account_create"}
    assert not log.model.flags(log.model.index(0, 0)) & log.model.flags(log.model.index(0, 0)).ItemIsEditable


def test_audit_log_pages_back_and_filters_by_date(qtbot, qtmodeltester, people, monkeypatch, tmp_path):
    from desktop import audit_log

    sign_in(people["office"])
    for number in range(5):
        accounts.set_liaisons_see_all(number % 2 == 0)
    monkeypatch.setattr(audit_log, "PAGE", 3)
    runner = TaskRunner()
    dialog = AuditLogDialog(runner, ["office1", "liaison1"], people["office"])
    qtbot.addWidget(dialog)
    try:
        dialog.reload()
        qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
        assert dialog.model.rowCount() == 3 and dialog.earlier.isEnabled()
        first_page = [entry.id for entry in dialog.model.records]
        dialog.earlier.click()
        qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
        ids = [entry.id for entry in dialog.model.records]
        assert ids[:3] == first_page and ids == sorted(ids, reverse=True) and len(ids) == 6
        qtmodeltester.check(dialog.model)
        dialog.who.setCurrentText("liaison1")
        dialog.reload()
        qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
        # The liaison only signed in (the fixture).
        assert [entry.action for entry in dialog.model.records] == ["sign_in"] and not dialog.earlier.isEnabled()
        dialog.who.setCurrentText("")
        dialog.use_dates.setChecked(True)
        dialog.since.setDate(dialog.since.date().addYears(-1))
        dialog.until.setDate(dialog.since.date())
        dialog.reload()
        qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
        assert dialog.model.rowCount() == 0
        dialog.use_dates.setChecked(False)
        dialog.reload()
        qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
        dialog.view.selectRow(0)
        dialog.grab().save(str(tmp_path / "audit.png"))
    finally:
        runner.shutdown()


def test_change_own_password(qtbot, people, runner):
    dialog = NewPasswordDialog("liaison1", True, runner, people["liaison"])
    qtbot.addWidget(dialog)
    dialog.old.setText("not my password")
    dialog.new.setText("brand-new-pass-3")
    dialog.again.setText("brand-new-pass-3")
    dialog.accept()
    settle(qtbot, runner)
    assert dialog.error.text() == WRONG_CREDENTIALS and dialog.result() != NewPasswordDialog.DialogCode.Accepted
    dialog.old.setText(PASSWORD)
    dialog.again.setText("typo")
    dialog.accept()
    assert "不一致" in dialog.error.text()
    dialog.again.setText("brand-new-pass-3")
    dialog.accept()
    settle(qtbot, runner)
    assert dialog.result() == NewPasswordDialog.DialogCode.Accepted
    assert authenticate("liaison1", "brand-new-pass-3").username == "liaison1"
    assert audit.entries(actor=people["office"], action="account_password")[0].actor == "liaison1"


def test_disable_and_sign_out_to_the_next_person(open_window, people, monkeypatch, qtbot):
    window = open_window(people["office"])
    dialog = AccountsDialog(window.runner, people["office"], window)
    settle(qtbot, window.runner)
    row = next(row for row, account in enumerate(dialog.model.records) if account.username == "leader1")
    dialog.view.selectRow(row)
    assert dialog.active_button.text() == "停用"
    dialog.active_button.click()
    settle(qtbot, window.runner)
    assert not next(a for a in dialog.model.records if a.username == "leader1").active
    assert dialog.active_button.text() == "启用"
    dialog.close()
    window.accounts.show_audit_log()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, location, runner, parent=None: people["liaison"]))
    window.sign_out_and_in()
    assert window.accounts.audit_dialog is None                 # not left open for the liaison
    qtbot.waitUntil(lambda: len(window.presenter.table) > 0 and not window.runner.busy, timeout=10_000)
    assert window.actor == people["liaison"]
    assert not window.accounts_action.isEnabled()
    assert "联络员 张三" in window.identity.text()


def test_sign_out_and_quit_closes_the_window(open_window, people, monkeypatch):
    window = open_window(people["office"])
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, location, runner, parent=None: None))
    window.sign_out_and_in()
    assert not window.isVisible()


def test_the_first_account_ends_the_zero_setup_mode(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "fresh.sqlite3"
    open_registry(path)
    runner = TaskRunner()
    try:
        window = MainWindow(path, runner, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), Actor.local(),
                            as_of=AS_OF)
        qtbot.addWidget(window)
        assert window.actor.account_id is None and window.identity.text() == "本机用户（未设账户）"
        assert not window.sign_out_action.isEnabled() and window.accounts_action.isEnabled()
        monkeypatch.setattr(NewAccountDialog, "ask", classmethod(lambda cls, departments, parent=None: NewAccount(
            "admin", "王主任", "office", None, PASSWORD)))
        monkeypatch.setattr(AccountActions, "open_accounts", staticmethod(lambda dialog: dialog.create_account()))
        monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, *args, **kwargs: pytest.fail("asked")))
        window.accounts.manage_accounts()
        settle(qtbot, runner)
        assert window.actor.username == "admin" and window.sign_out_action.isEnabled()
        assert "王主任 · 督查室" in window.windowTitle()
        qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    finally:
        runner.shutdown()
        sign_out()
        close_registry()


def test_render_login_dialog(qtbot, tmp_path, people, runner):
    dialog = LoginDialog(str(people["path"]), runner)
    qtbot.addWidget(dialog)
    dialog.username.setText("liaison1")
    dialog.password.setText("x")
    dialog.accept()
    settle(qtbot, runner)
    dialog.grab().save(str(tmp_path / "login.png"))


def test_account_model_passes_the_model_tester(qtmodeltester, people):
    model = AccountTableModel()
    model.set_records(accounts.list_accounts(actor=people["office"]))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    audit_model = AuditTableModel()
    audit_model.set_records(audit.entries(actor=people["office"]))
    qtmodeltester.check(audit_model)


def test_a_liaisons_forms_show_its_department_as_the_reporter(open_window, people, monkeypatch, qtbot):
    """The update, extension and closure forms, asked by a liaison: its department, not 「（不指定）」."""
    from desktop.closure_dialog import ClosureApplyDialog
    from desktop.extension_dialog import ExtensionRequestDialog

    window = open_window(people["liaison"])
    select_task(window, people["cooperating"])
    offered = {}
    for dialog, name in ((UpdateDialog, "update"), (ExtensionRequestDialog, "extension"),
                         (ClosureApplyDialog, "closure")):
        monkeypatch.setattr(dialog, "ask", classmethod(
            lambda cls, *args, name=name, **kwargs: offered.__setitem__(name, kwargs["own_department"])))
    window.tasks.update_selected()
    window.tasks.request_extension()
    window.tasks.apply_closure()
    qtbot.waitUntil(lambda: len(offered) == 3, timeout=10_000)
    own = Department.get_by_id(people["department"]).name
    assert offered == {"update": own, "extension": own, "closure": own}
