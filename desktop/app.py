"""Starting the desktop window: application, font, registry, window."""
from __future__ import annotations

import os
import sys
from datetime import date

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from models.database import close_registry, open_registry, resolve_registry_path
from models.errors import RegistryError

from .fonts import install_application_font
from .main_window import MainWindow
from .workers import TaskRunner


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("督办台")
    app.setOrganizationName("Duban")
    install_application_font(app)
    return app


def run_gui(db: str | None = None, as_of: date | None = None) -> int:
    """Open the window on the registry; a registry that cannot be opened is a message, not a crash."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
            and "QT_QPA_PLATFORM" not in os.environ:
        print("duban: 没有图形界面（未设置 DISPLAY）；命令行用法见 duban --help", file=sys.stderr)
        return 2
    app = make_application()
    path = resolve_registry_path(db)
    try:
        open_registry(path)
    except RegistryError as error:
        QMessageBox.critical(None, "无法打开登记册", str(error))
        return 2
    runner = TaskRunner()
    window = MainWindow(path, runner, QSettings(), as_of=as_of)
    window.show()
    window.load()
    try:
        return app.exec()
    finally:
        runner.shutdown(close=close_registry)
        close_registry()
