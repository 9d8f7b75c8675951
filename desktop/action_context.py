"""What the window lends the actions it hosts: the parts they read and the
ways they report. The actions decide nothing about the window's layout."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSettings
from PySide6.QtWidgets import QWidget

from importers.errors import ImportFileError
from models.errors import UserError

from .presenter import TaskListPresenter
from .task_table_model import TaskTableModel
from .workers import TaskRunner


# Errors of the user's world that an action shows in the window's banner: a file
# that cannot be read or written, and every models.errors.UserError (a refused
# value, a name not in the registry, a locked or unwritable registry, a step the
# person's role does not allow, a task someone else changed first). Anything else
# — a KeyError, a TypeError — is a bug: shown as one, and written out in full.
USER_ERRORS: tuple[type[BaseException], ...] = (UserError, ImportFileError, OSError)


@dataclass
class ActionContext:
    parent: QWidget                                   # for dialogs
    presenter: TaskListPresenter
    model: TaskTableModel
    runner: TaskRunner
    settings: QSettings
    report: Callable[[str], None]                     # a problem of the user's world, in the window
    bug: Callable[[BaseException], None]              # a bug: shown and written out in full
    status: Callable[..., None]                       # a passing message (text, milliseconds)
    current_index: Callable[[], QModelIndex]          # the task list's current cell
    select_row: Callable[[int], None]                 # select a view row in list and timeline
    reload: Callable[..., None]                       # reload the registry (task to reselect, message)

    def selected(self) -> tuple[int, int] | None:
        """(table row, task id) of the selected task, or None after saying how to pick one."""
        index = self.current_index()
        if not index.isValid():
            self.report("请先在任务列表中选择一项任务。")
            return None
        row = self.model.rows[index.row()]
        return row, self.model.table.ids[row]
