"""登录: who is at the keyboard, asked once the registry is open.

Shown only when the registry needs a sign-in (models.access.actor.needs_sign_in:
an account exists, or it is the county's server). The password is checked
on the worker while the dialog waits, and a wrong one is said in place so the
person retries. On the county's server signing in is connecting: the dialog
comes before the registry is opened, and the worker's connection becomes the
account's (models.access.accounts.sign_in_to_server); an empty password there
means libpq's ~/.pgpass. The password is never kept.
`LoginDialog.ask(...)` is what the application calls; tests replace it, so no
test blocks on a modal exec().
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from models.access.accounts import authenticate, sign_in_to_server
from models.access.actor import Actor, needs_sign_in, sign_in
from models.registry.database import Location, describe_location
from models.registry.dialect import is_server_url

from .dialog_parts import error_label
from .bug_log import bug_message
from .operations import Operation, wait_for
from .workers import TaskRunner


Check = Callable[[str, str], Actor]     # username, password -> the actor, or AuthenticationError


class LoginDialog(QDialog):
    def __init__(self, location: str, runner: TaskRunner, parent: QWidget | None = None, username: str = "",
                 check: Check = authenticate) -> None:
        super().__init__(parent)
        self.runner, self.check = runner, check
        self.setWindowTitle("登录督办台")
        self.actor: Actor | None = None
        where = QLabel(f"登记册：{location}")
        where.setWordWrap(True)
        where.setStyleSheet("color: #555;")
        self.username = QLineEdit(username)
        self.username.setPlaceholderText("督查室分配的用户名")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if is_server_url(location):
            self.password.setPlaceholderText("留空则用本机 ~/.pgpass 中保存的密码")
        form = QFormLayout()
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        self.error = error_label()
        self.error.setObjectName("loginError")
        self.buttons = QDialogButtonBox()
        # Enter in the password field must sign in, never quit (issue 12 §15): 退出 is never the
        # default, and 登录 is made the default once it is inside the dialog (below), which is when
        # the dialog registers it; set earlier, the dialog opened with 退出 as its default.
        self.buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole).setAutoDefault(False)
        self.login_button = self.buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.login_button.setDefault(True)
        (self.password if username else self.username).setFocus()
        self.resize(420, self.sizeHint().height())

    def accept(self) -> None:
        """Check the password here; a refusal stays in the dialog for another try."""
        username = self.username.text().strip()
        if not username:
            self.error.setText("请输入用户名")
            self.username.setFocus()
            return
        password = self.password.text()
        self.login_button.setEnabled(False)
        self.error.setText("正在登录…")

        def signed(actor: Actor) -> None:
            self.actor = actor
            super(LoginDialog, self).accept()

        def refused(error: BaseException) -> None:
            self.login_button.setEnabled(True)
            self.error.setText(str(error))
            self.password.clear()
            self.password.setFocus()

        def bug(error: BaseException) -> None:
            self.login_button.setEnabled(True)
            self.error.setText(bug_message(error))

        Operation(lambda: self.check(username, password)).success(signed).failure(refused).run(
            self.runner, report=self.error.setText, bug=bug)

    @classmethod
    def ask(cls, location: str, runner: TaskRunner, parent: QWidget | None = None, username: str = "",
            check: Check = authenticate) -> Actor | None:
        """The signed-in actor, or None when the person chose 退出. ``check``: how the
        password is checked (default: against the open registry)."""
        dialog = cls(location, runner, parent, username, check)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None


def sign_in_if_needed(location: Location, runner: TaskRunner, parent: QWidget | None = None) -> Actor | None:
    """Who is at the keyboard, signed in: asked when the registry needs it (the
    zero-setup registry asks nobody: the computer's user); None when they chose 退出.

    On a server (``location`` a URL) the dialog's sign-in opens the registry on the
    worker, as the account."""
    shown = describe_location(location)
    if is_server_url(location):
        url = str(location)
        return LoginDialog.ask(shown, runner, parent, check=lambda username, password:
                               sign_in_to_server(url, username, password or None))
    if not wait_for(runner, needs_sign_in):
        return Actor.local()
    actor = LoginDialog.ask(shown, runner, parent)
    if actor is not None:
        sign_in(actor)
    return actor
