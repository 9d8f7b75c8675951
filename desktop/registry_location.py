"""File → 连接登记册…: where the window's registry lives, saved in the settings.

Either the embedded file on this computer (the default) or the county's
PostgreSQL server, given as a URL. The server's password is not kept here:
it comes from the URL the administrator hands out, or from libpq's own
~/.pgpass. 检测连接 reads the location on the worker without opening it
(models.registry.database.check_location). The new location takes effect when the
window is opened again; 保存并重新打开 does that at once.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.registry.database import check_location, default_registry_path
from models.registry.dialect import is_server_url, without_password

from .operations import USER_ERRORS
from .workers import TaskRunner

SETTING = "registry/location"
SERVER_EXAMPLE = "postgresql://duban@10.1.2.3/duban"
PASSWORD_LEFT_OUT = ("地址中的密码不会保存在本机设置中，已去掉。请把它写入 ~/.pgpass（每行 主机:端口:数据库:用户名:密码，"
                     "文件权限 600；Windows 为 %APPDATA%\\postgresql\\pgpass.conf），再点保存。")


def saved_location(settings: QSettings) -> str | None:
    """The location chosen in the dialog, or None for the default."""
    value = settings.value(SETTING, "")
    return str(value) if value else None


class RegistryLocationDialog(QDialog):
    """Choose the embedded file or a server URL; check it; save it."""

    def __init__(self, settings: QSettings, runner: TaskRunner, current: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("连接登记册")
        self.settings, self.runner = settings, runner
        self.reopen_requested = False
        self.embedded = QRadioButton("本机登记册文件（单机使用，无需设置）")
        self.server = QRadioButton("县级登记册服务器（PostgreSQL，多单位共用）")
        kinds = QButtonGroup(self)
        kinds.addButton(self.embedded)
        kinds.addButton(self.server)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(str(default_registry_path()))
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(SERVER_EXAMPLE)
        self.check_result = QLabel(" ")
        self.check_result.setWordWrap(True)
        self.check_result.setObjectName("checkResult")
        self.check_button = QPushButton("检测连接")
        self.check_button.clicked.connect(self.check)

        form = QFormLayout()
        form.addRow(self.embedded)
        form.addRow("文件：", file_row)
        form.addRow(self.server)
        form.addRow("地址：", self.url_edit)
        hint = QLabel("服务器密码不保存在本机设置中：请使用管理员提供的地址，或在 ~/.pgpass 中设置。"
                      "登录督办台仍需各自的账号。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.buttons = QDialogButtonBox()
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.reopen_button = self.buttons.addButton("保存并重新打开", QDialogButtonBox.ButtonRole.AcceptRole)
        self.reopen_button.clicked.connect(lambda: setattr(self, "reopen_requested", True))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_result, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(check_row)
        layout.addWidget(self.buttons)

        if is_server_url(current):
            self.server.setChecked(True)
            self.url_edit.setText(current)
        else:
            self.embedded.setChecked(True)
            self.file_edit.setText(current)
        for widget in (self.embedded, self.server):
            widget.toggled.connect(self._kind_changed)
        self._kind_changed()
        self.resize(620, self.sizeHint().height())

    def location(self) -> str:
        """The location as typed ("" for the default file)."""
        if self.server.isChecked():
            return self.url_edit.text().strip()
        return self.file_edit.text().strip()

    def problem(self) -> str | None:
        """What is wrong with the typed location before anything is tried."""
        location = self.location()
        if self.server.isChecked() and not is_server_url(location):
            return f"服务器地址应以 postgresql:// 开头，例如 {SERVER_EXAMPLE}"
        if self.embedded.isChecked() and is_server_url(location):
            return "这是服务器地址，请选择“县级登记册服务器”"
        return None

    def _kind_changed(self) -> None:
        self.file_edit.setEnabled(self.embedded.isChecked())
        self.url_edit.setEnabled(self.server.isChecked())
        self.check_result.setText(" ")

    def _browse(self) -> None:
        chosen = QFileDialog.getSaveFileName(self, "登记册文件", self.file_edit.text() or str(default_registry_path()),
                                             "督办台登记册 (*.sqlite3);;所有文件 (*)",
                                             options=QFileDialog.Option.DontConfirmOverwrite)[0]
        if chosen:
            self.file_edit.setText(chosen)

    def check(self) -> None:
        """检测连接: on the worker (a server may take seconds to answer)."""
        problem = self.problem()
        if problem:
            self._show(problem, ok=False)
            return
        location = self.location() or str(default_registry_path())
        self.check_button.setEnabled(False)
        self._show("正在检测…", ok=True)
        self.runner.run(lambda job: check_location(location), self._checked, self._check_failed)

    def _checked(self, description: str) -> None:
        self.check_button.setEnabled(True)
        self._show(description, ok=True)

    def _check_failed(self, error: BaseException) -> None:
        self.check_button.setEnabled(True)
        if not isinstance(error, USER_ERRORS):
            raise error
        self._show(str(error), ok=False)

    def _show(self, text: str, ok: bool) -> None:
        self.check_result.setText(text)
        self.check_result.setStyleSheet("" if ok else "color: #b00020;")

    def accept(self) -> None:
        problem = self.problem()
        location = self.location()
        if not problem and self.server.isChecked() and without_password(location) != location:
            # Never into the settings file (issue 12 §11): taken out of the address, shown, and
            # saved on the next click, so what is kept is what the person saw.
            self.url_edit.setText(without_password(location))
            problem = PASSWORD_LEFT_OUT
        if problem:
            self._show(problem, ok=False)
            self.reopen_requested = False
            return
        self.settings.setValue(SETTING, location)
        super().accept()
