"""The main window as the desktop tests open it: on a registry, shown, loading."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.main_window import MainWindow
from desktop.workers import TaskRunner
from models.access.actor import Actor

AS_OF = date(2023, 11, 6)


def open_main_window(qtbot, location: Path | str, tmp_path: Path, *, actor: Actor | None = None,
                     as_of: date | None = AS_OF, settings: QSettings | None = None,
                     size: tuple[int, int] | None = None, show: bool = True, load: bool = True,
                     until: Callable[[MainWindow], bool] | None = None) -> MainWindow:
    """A window with a runner of its own (``window.runner``, for the test to shut down), its
    settings in ``tmp_path`` unless given, shown and loading unless told not to; ``until``:
    waited for (10 s) before it is returned."""
    if settings is None:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(location, TaskRunner(), settings, actor or Actor.local(), as_of=as_of)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    if show:
        window.show()
    if load:
        window.load()
    if until is not None:
        qtbot.waitUntil(lambda: until(window), timeout=10_000)
    return window
