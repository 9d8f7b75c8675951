"""账户 → 账户管理… (the office) and 修改密码… (anyone signed in).

The rules (who may, a strong enough password, the last office account stays
enabled) are models.access.accounts'; a refusal is shown in the dialog. Every
read and write runs on the worker (desktop/operations.py); the dialog says it
is working meanwhile. The small dialogs expose `ask` classmethods that tests
replace, so none blocks on exec().
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from models.access import accounts
from models.access.accounts import AccountInfo
from models.access.actor import ACCOUNT_ROLE_LABELS, LIAISON, Actor, acting, sign_in
from models.access.permissions import liaisons_see_all
from models.errors import InvalidInput
from models.registry.schema import ACCOUNT_ROLES, Department
from models.rules.wording import chinese_datetime

from .dialog_parts import ERROR_COLOUR, button_row, closing_row, error_label, record_table
from .list_model import Index, RecordListModel
from .operations import Operation
from .workers import TaskRunner

def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _buttons(dialog: QDialog, accept_text: str) -> QDialogButtonBox:
    # Buttons added with Chinese text: the standard ones show English here.
    buttons = QDialogButtonBox()
    buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _same_twice(first: QLineEdit, second: QLineEdit) -> str | None:
    """The new password, or None when the two entries differ."""
    return first.text() if first.text() == second.text() else None


def _run(runner: TaskRunner, work, done, said: QLabel, refused=None) -> None:
    """An operation of a dialog: a refusal or a bug is said in the dialog's own line."""
    def say(text: str) -> None:
        said.setStyleSheet(f"color: {ERROR_COLOUR};")
        said.setText(text)

    def failed(error: BaseException) -> None:
        say(str(error))
        if refused is not None:
            refused(error)

    Operation(work).success(done).failure(failed).run_saying(runner, say)


class AccountTableModel(RecordListModel):
    """Accounts (models.access.accounts.AccountInfo), one per row."""

    columns = ("用户名", "显示名", "角色", "单位", "状态", "创建时间")
    records: list[AccountInfo]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        account = self.records[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and not account.active:
            return Qt.GlobalColor.gray
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return (account.username, account.display_name, account.role_label, account.department or "",
                _state(account), chinese_datetime(account.created_at))[index.column()]


def _state(account: AccountInfo) -> str:
    state = "可用" if account.active else "已停用"
    return f"{state}，已锁定" if account.locked else state


@dataclass(frozen=True)
class NewAccount:
    username: str
    display_name: str
    role: str
    department: str | None
    password: str


class NewAccountDialog(QDialog):
    """新建账户: username, display name, role, a liaison's department, the password twice."""

    def __init__(self, departments: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建账户")
        self.username = QLineEdit()
        self.username.setPlaceholderText("2 到 32 个字符，例如 zhujianju")
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText("例如 住建局 张三")
        self.role = QComboBox()
        for role in ACCOUNT_ROLES:
            self.role.addItem(ACCOUNT_ROLE_LABELS[role], role)
        self.role.setCurrentIndex(ACCOUNT_ROLES.index(LIAISON))
        self.department = QComboBox()
        self.department.setEditable(True)
        self.department.addItems(departments)
        self.department.setCurrentIndex(-1)
        self.department.lineEdit().setPlaceholderText("输入单位名称查找")
        completer = QCompleter(departments, self.department)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.department.setCompleter(completer)
        self.departments = set(departments)
        self.password = _password_edit()
        self.password_again = _password_edit()
        form = QFormLayout()
        form.addRow("用户名", self.username)
        form.addRow("显示名", self.display_name)
        form.addRow("角色", self.role)
        form.addRow("所属单位", self.department)
        form.addRow("密码", self.password)
        form.addRow("再次输入密码", self.password_again)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "新建"))
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.resize(440, self.sizeHint().height())

    def _role_changed(self) -> None:
        self.department.setEnabled(self.role.currentData() == LIAISON)

    def request(self) -> NewAccount:
        liaison = self.role.currentData() == LIAISON
        return NewAccount(self.username.text().strip(), self.display_name.text().strip(), self.role.currentData(),
                          self.department.currentText().strip() if liaison else None, self.password.text())

    def accept(self) -> None:
        request = self.request()
        if _same_twice(self.password, self.password_again) is None:
            self.error.setText("两次输入的密码不一致")
            return
        if request.role == LIAISON and request.department not in self.departments:
            self.error.setText("请从列表中选择联络员所属的单位")
            return
        try:
            accounts.check_username(request.username)
            accounts.check_password(request.password, request.username)
        except InvalidInput as error:
            self.error.setText(str(error))
            return
        super().accept()

    @classmethod
    def ask(cls, departments: list[str], parent: QWidget | None = None) -> NewAccount | None:
        dialog = cls(departments, parent)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None


class NewPasswordDialog(QDialog):
    """重置密码 (the office, for an account) or 修改密码 (one's own: the old password first)."""

    def __init__(self, username: str, own: bool, runner: TaskRunner, actor: Actor | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改密码" if own else f"重置密码：{username}")
        self.username, self.own, self.runner, self.actor = username, own, runner, actor
        self.old = _password_edit()
        self.new = _password_edit()
        self.again = _password_edit()
        form = QFormLayout()
        if own:
            form.addRow("原密码", self.old)
        form.addRow("新密码", self.new)
        form.addRow("再次输入新密码", self.again)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "确定"))
        self.resize(380, self.sizeHint().height())

    def accept(self) -> None:
        """Change it here, so a refusal (wrong old password, too short) is said in place."""
        new = _same_twice(self.new, self.again)
        if new is None:
            self.error.setText("两次输入的新密码不一致")
            return
        username, own, old, actor = self.username, self.own, self.old.text(), self.actor

        def change() -> None:
            if own:
                accounts.authenticate(username, old)
            accounts.set_password(username, new, acting(actor))

        self.error.setText("正在保存…")
        _run(self.runner, change, lambda _done: super(NewPasswordDialog, self).accept(), self.error)

    @classmethod
    def ask(cls, username: str, own: bool, runner: TaskRunner, actor: Actor | None,
            parent: QWidget | None = None) -> bool:
        """Whether the password was changed."""
        return cls(username, own, runner, actor, parent).exec() == QDialog.DialogCode.Accepted


class AccountsDialog(QDialog):
    """The accounts and the liaisons' scope (office only; models.access.accounts checks it again)."""

    signedIn = Signal(object)       # the Actor of the first account, made in the zero-setup mode

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("账户管理")
        self.runner, self.actor = runner, actor
        self.departments: list[str] = []          # single departments, for a liaison's account
        self.signed_in_as: Actor | None = None    # the first account, once made in the zero-setup mode
        self.model = AccountTableModel(self)
        self.view = record_table(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.create_button = QPushButton("新建账户…")
        self.active_button = QPushButton("停用")
        self.password_button = QPushButton("重置密码…")
        self.unlock_button = QPushButton("解锁")
        self.unlock_button.setToolTip("登录失败次数过多的账户被锁定，由督查室解锁")
        self.unlock_button.clicked.connect(self.unlock)
        self.create_button.clicked.connect(self.create_account)
        self.active_button.clicked.connect(self.toggle_active)
        self.password_button.clicked.connect(self.reset_password)
        self.scope = QCheckBox("联络员只能查看本单位任务")
        self.scope.setToolTip("不勾选时，联络员可以查看全部任务，但只能更新本单位承办的任务")
        self.error = error_label()
        buttons = button_row((self.create_button, self.active_button, self.password_button, self.unlock_button))
        bottom = closing_row(self, self.scope)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.refresh()
        self.scope.toggled.connect(self.set_scope)
        self.resize(760, 460)

    def refresh(self, select: str | None = None) -> None:
        """Read the accounts, the scope setting and the departments again."""
        current = select or (self.selected().username if self.selected() else None)
        actor = self.actor

        def read() -> tuple[list[AccountInfo], bool, list[str]]:
            departments = [name for (name,) in Department.select(Department.name).where(
                Department.is_group == False).order_by(Department.name).tuples()]  # noqa: E712
            return accounts.list_accounts(acting(actor)), liaisons_see_all(), departments

        def show(found: tuple[list[AccountInfo], bool, list[str]]) -> None:
            records, see_all, self.departments = found
            self.model.set_records(records)
            self.scope.blockSignals(True)
            self.scope.setChecked(not see_all)
            self.scope.blockSignals(False)
            for row, account in enumerate(self.model.records):
                if account.username == current:
                    self.view.selectRow(row)
            self._selection_changed()

        _run(self.runner, read, show, self.error)

    def selected(self) -> AccountInfo | None:
        index = self.view.currentIndex()
        return self.model.records[index.row()] if index.isValid() else None

    def _selection_changed(self) -> None:
        account = self.selected()
        self.active_button.setEnabled(account is not None)
        self.password_button.setEnabled(account is not None)
        self.active_button.setText("启用" if account is not None and not account.active else "停用")
        self.unlock_button.setEnabled(account is not None and account.locked)

    def _change(self, step, done: str, select: str | None = None) -> None:
        """Write ``step(actor)`` on the worker; then read the accounts again and say ``done``."""
        actor = self.actor

        def changed(_result) -> None:
            self.refresh(select)
            self.error.setStyleSheet("color: #2e7d32;")
            self.error.setText(done)

        # A refusal: read again, so the scope box shows the stored setting.
        _run(self.runner, lambda: step(actor), changed, self.error, refused=lambda _error: self.refresh())

    def create_account(self) -> None:
        request = NewAccountDialog.ask(self.departments, self)
        if request is None:
            return
        zero_setup = self.actor.account_id is None

        def create(actor: Actor) -> Actor | None:
            accounts.create_account(request.username, request.password, request.role, request.department,
                                    request.display_name, None if zero_setup else acting(actor))
            # The first account ends the zero-setup mode: from now on everyone signs in,
            # and whoever just set its password goes on as that account.
            return accounts.authenticate(request.username, request.password) if zero_setup else None

        name = accounts.normalise_username(request.username)
        actor = self.actor

        def created(first: Actor | None) -> None:
            if first is not None:
                sign_in(first)
                self.actor = self.signed_in_as = first
                self.signedIn.emit(first)
            self.refresh(name)
            self.error.setStyleSheet("color: #2e7d32;")
            self.error.setText(f"已新建账户 {name}")

        _run(self.runner, lambda: create(actor), created, self.error, refused=lambda _error: self.refresh())

    def toggle_active(self) -> None:
        account = self.selected()
        if account is not None:
            self._change(lambda actor: accounts.set_active(account.username, not account.active, acting(actor)),
                         f"已{'停用' if account.active else '启用'}账户 {account.username}", account.username)

    def unlock(self) -> None:
        account = self.selected()
        if account is not None:
            self._change(lambda actor: accounts.unlock(account.username, acting(actor)),
                         f"已解锁账户 {account.username}", account.username)

    def reset_password(self) -> None:
        account = self.selected()
        if account is not None and NewPasswordDialog.ask(account.username, False, self.runner, self.actor, self):
            self.error.setStyleSheet("color: #2e7d32;")
            self.error.setText(f"已重置账户 {account.username} 的密码")

    def set_scope(self, own_only: bool) -> None:
        self._change(lambda actor: accounts.set_liaisons_see_all(not own_only, acting(actor)),
                     "联络员只能查看本单位任务" if own_only else "联络员可查看全部任务")
