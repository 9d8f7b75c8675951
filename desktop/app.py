"""Starting the desktop window: application, font, registry, window."""
from __future__ import annotations

import os
import sys
from datetime import date

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from models.registry.database import close_registry, open_registry, resolve_registry_path
from models.registry.dialect import is_server_url
from models.access.actor import Actor
from models.errors import RegistryError

from .fonts import install_application_font
from .gc_guard import collect_on_gui_thread
from .login_dialog import sign_in_if_needed
from .operations import wait_for
from .main_window import MainWindow
from .registry_location import saved_location
from .translations import install_qt_chinese
from .workers import TaskRunner


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("督办台")
    app.setOrganizationName("Duban")
    install_application_font(app)
    install_qt_chinese(app)        # Qt's own dialogs and buttons: 取消, 查找范围, 文件名称
    collect_on_gui_thread(app)
    return app


# Libraries Qt's X11 plugin needs that a fresh Debian lacks; without them Qt aborts the process.
XCB_LIBRARIES = {"xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4", "xcb-keysyms": "libxcb-keysyms1"}


def missing_x11_libraries() -> list[str]:
    """Debian package names of the X11 libraries Qt would fail to load."""
    from ctypes.util import find_library
    return [package for library, package in XCB_LIBRARIES.items() if find_library(library) is None]


def screen_problem() -> str | None:
    """Why no window can open here, in words for people; None if it can."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform and not platform.startswith(("xcb", "wayland")):
        return None                # offscreen, vnc …: no screen needed (an empty value is no choice)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return ("没有图形界面（未设置 DISPLAY）。命令行用法见 duban --help，"
                "例如 duban tasks --overdue、duban report --week 2023-11-06 --pdf 周报.pdf")
    missing = missing_x11_libraries() if not os.environ.get("WAYLAND_DISPLAY") else []
    if missing:
        return f"窗口需要系统库 {'、'.join(missing)}；请安装：apt-get install {' '.join(missing)}"
    return None


def sign_in_at_start(path, runner: TaskRunner) -> Actor | None:
    """Who is at the keyboard, asked when the registry needs it; None when they chose 退出."""
    return sign_in_if_needed(path, runner)


def run_gui(db: str | None = None, as_of: date | None = None) -> int:
    """Open the window on the registry; a registry that cannot be opened is a message, not a crash.

    Everything that reads the registry runs on the one worker, the opening too:
    on the county's server it is a network round trip, and it is the sign-in
    (the connection is the account's), so there it waits for the login dialog.
    """
    problem = screen_problem()
    if problem:
        print(f"duban: {problem}", file=sys.stderr)
        return 2
    app = make_application()
    settings = QSettings()
    path = resolve_registry_path(db, configured=saved_location(settings))
    runner = TaskRunner()
    try:
        try:
            if not is_server_url(path):
                wait_for(runner, lambda: open_registry(path))
        except RegistryError as error:
            QMessageBox.critical(None, "无法打开登记册", f"{error}\n\n可用“duban --db 路径或地址”另选登记册。")
            return 2
        try:
            actor = sign_in_at_start(path, runner)
        except RegistryError as error:
            QMessageBox.critical(None, "无法读取登记册", str(error))
            return 2
        if actor is None:
            return 0
        window = MainWindow(path, runner, settings, actor, as_of=as_of)
        window.location_overridden = bool(db or os.environ.get("DUBAN_DB"))
        # An exception escaping a slot would otherwise only reach stderr: show it in
        # the window too (written out in full: a bug is never swallowed).
        sys.excepthook = lambda kind, error, trace: window.show_error(error.with_traceback(trace))
        window.show()
        window.load()
        window.backups.daily()      # after the first read, on the same worker: never in its way
        code = app.exec()
    finally:
        runner.shutdown(close=close_registry)
    if window.reopen_requested:
        # 保存并重新打开: a fresh process reads the new location (and signs in there).
        os.execv(sys.executable, [sys.executable, *sys.argv])
    return code
