"""What the window lends the actions it hosts: the parts they read and the
ways they report. The actions decide nothing about the window's layout."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSettings
from PySide6.QtWidgets import QWidget

from models.access.actor import Actor

from .presenter import TaskListPresenter
from .task_table_model import TaskTableModel
from .workers import TaskRunner


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
    actor: Callable[[], Actor | None]                 # who is signed in (None: nobody yet)
    open_review: Callable[[int], object]              # 导入审核 of a plan, by id

    def selected(self) -> tuple[int, int] | None:
        """(table row, task id) of the selected task, or None after saying how to pick one."""
        index = self.current_index()
        if not index.isValid():
            self.report("请先在任务列表中选择一项任务。")
            return None
        row = self.model.rows[index.row()]
        return row, self.model.table.ids[row]
