"""登录: who is at the keyboard, asked once the registry is open.

Shown only when the registry needs a sign-in (models.access.actor.needs_sign_in:
an account exists, or it is the county's server). The password is checked
in the dialog (scrypt, ~30 ms: not worth the worker), so a wrong one is
said in place and the person retries. `LoginDialog.ask(...)` is what the
application calls; tests replace it, so no test blocks on a modal exec().
"""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from models.access.actor import Actor, needs_sign_in, sign_in

from models.access.accounts import authenticate

from .action_context import USER_ERRORS


class LoginDialog(QDialog):
    def __init__(self, location: str, parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("登录督办台")
        self.actor: Actor | None = None
        where = QLabel(f"登记册：{location}")
        where.setWordWrap(True)
        where.setStyleSheet("color: #555;")
        self.username = QLineEdit(username)
        self.username.setPlaceholderText("督查室分配的用户名")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        self.error = QLabel(" ")
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox()
        self.buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button = self.buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()
        self.resize(420, self.sizeHint().height())

    def accept(self) -> None:
        """Check the password here; a refusal stays in the dialog for another try."""
        username = self.username.text().strip()
        if not username:
            self.error.setText("请输入用户名")
            self.username.setFocus()
            return
        try:
            self.actor = authenticate(username, self.password.text())
        except USER_ERRORS as error:
            self.error.setText(str(error))
            self.password.clear()
            self.password.setFocus()
            return
        super().accept()

    @classmethod
    def ask(cls, location: str, parent: QWidget | None = None, username: str = "") -> Actor | None:
        """The signed-in actor, or None when the person chose 退出."""
        dialog = cls(location, parent, username)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None


def sign_in_if_needed(location: str, parent: QWidget | None = None) -> bool:
    """Ask who is at the keyboard when the registry needs it and sign them in;
    False when they chose 退出 (the zero-setup registry asks nobody)."""
    if not needs_sign_in():
        return True
    actor = LoginDialog.ask(location, parent)
    if actor is None:
        return False
    sign_in(actor)
    return True
