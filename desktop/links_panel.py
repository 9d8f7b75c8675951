"""同一项工作: the selected task's confirmed links, to open the partner or to unlink it.

The office links two tasks of different documents as one piece of work
(查找跨文件的重复任务…); from then on one update serves both. The task's
detail shows each partner with its document and state: 打开 selects it in
the task list, 取消关联 (the office only) parts a direct link. A partner
linked only through a third task is shown too, without 取消关联: that link
is the other task's to part.

The panel sits in the detail panel and follows the window's task list by
itself: once the window is built (the event loop's next turn, or when the
panel is shown) it takes the window's ActionContext (its worker, its
banner, ``select_row``) and the list's selection model, when the window
offers them as ``context`` and ``table``; :meth:`LinksPanel.bind` does it
for any other host. Every read and the unlink are operations on the worker;
an answer for a task no longer selected is dropped.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.access.actor import acting
from models.supervision.duplicates import LinkedTask, task_links, unlink_tasks

from .action_context import ActionContext
from .dialog_parts import asked_yes
from .operations import Operation

TEXT_CHARACTERS = 48        # a partner's text is cut here; the whole of it is in the tooltip


class LinksPanel(QWidget):
    """The linked tasks of one task; hidden while it has none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: ActionContext | None = None
        self.task_id: int | None = None
        self.links: list[LinkedTask] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        self.heading = QLabel("同一项工作（关联任务，一次填报同步更新）：")
        self.heading.setStyleSheet("color: #455a64")
        layout.addWidget(self.heading)
        # One grid for every partner, so the buttons stand in columns: text, 打开, 取消关联.
        self.rows = QGridLayout()
        self.rows.setContentsMargins(12, 0, 0, 0)
        self.rows.setVerticalSpacing(2)
        self.rows.setColumnStretch(0, 1)
        layout.addLayout(self.rows)
        self.hide()
        # The window that holds the detail panel is still being built: look for it afterwards
        # (a hidden panel is never shown, so showEvent alone would not do).
        QTimer.singleShot(0, self, self._bind_to_window)

    # -- following a task list -------------------------------------------------

    def bind(self, context: ActionContext, selection: QItemSelectionModel) -> None:
        """Show the links of the task that is current in ``selection`` (rows of ``context.model``)."""
        self.context = context
        selection.currentRowChanged.connect(self._current_changed)
        context.model.modelReset.connect(self.clear)
        current = selection.currentIndex()
        if current.isValid():
            self._current_changed(current, QModelIndex())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._bind_to_window()

    def _bind_to_window(self) -> None:
        if self.context is not None:
            return
        window = self.window()
        context, table = getattr(window, "context", None), getattr(window, "table", None)
        if isinstance(context, ActionContext) and table is not None and table.selectionModel() is not None:
            self.bind(context, table.selectionModel())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and self.context is not None:
            self.show_task(self.context.model.task_id(current.row()))
        else:
            self.clear()

    # -- what it shows ----------------------------------------------------------

    def show_task(self, task_id: int) -> None:
        """Read the task's links on the worker and show them when they come."""
        self.task_id = task_id
        if self.context is None:
            return

        def show(links: list[LinkedTask]) -> None:
            if self.task_id == task_id:          # still the task selected
                self._show(links)

        Operation(lambda: task_links(task_id)).success(show).run_on(self.context)

    def clear(self) -> None:
        self.task_id = None
        self._show([])

    def _show(self, links: list[LinkedTask]) -> None:
        self.links = links
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)        # out of the panel (and of findChild) at once
                widget.deleteLater()
        office = self._office()
        for row, link in enumerate(links):
            self._add_row(row, link, office)
        self.setVisible(bool(links))

    def _add_row(self, row: int, link: LinkedTask, office: bool) -> None:
        text = link.text.rstrip("。；;")
        text = text if len(text) <= TEXT_CHARACTERS else text[:TEXT_CHARACTERS] + "…"
        state = "已撤销" if link.withdrawn else link.status
        how = "" if link.direct else "，经由另一关联任务"
        label = QLabel(" ".join(filter(None, (link.plan, link.seq, f"{text}（{state}{how}）"))))
        label.setToolTip("\n".join(filter(None, (
            f"{link.plan} {link.seq}".strip(), link.text,
            f"关联：{link.linked_by or '督查室'} {link.linked_at}" if link.direct else "经由另一关联任务关联"))))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rows.addWidget(label, row, 0)
        open_button = QPushButton("打开")
        open_button.setObjectName(f"open-{link.task_id}")
        open_button.setToolTip("在任务列表中选中这项关联任务")
        open_button.clicked.connect(lambda _checked=False, ident=link.task_id: self.open_partner(ident))
        self.rows.addWidget(open_button, row, 1)
        if link.direct and office:
            unlink_button = QPushButton("取消关联")
            unlink_button.setObjectName(f"unlink-{link.task_id}")
            unlink_button.setToolTip("两项任务不再是同一项工作：此后各自填报")
            unlink_button.clicked.connect(lambda _checked=False, other=link: self.unlink(other))
            self.rows.addWidget(unlink_button, row, 2)

    def _office(self) -> bool:
        actor = self.context.actor() if self.context is not None else None
        return actor is not None and actor.is_office

    # -- what it does ---------------------------------------------------------------

    def open_partner(self, task_id: int) -> None:
        """Select the partner in the task list, or say why it is not there."""
        context = self.context
        if context is None:
            return
        row = context.model.row_of_task(task_id)
        if row < 0:
            context.status("关联任务不在当前列表中：请在左侧选择“全部任务”或清除筛选后再打开", 8000)
            return
        context.select_row(row)

    def unlink(self, link: LinkedTask) -> None:
        """Part the task and its partner (asked first), on the worker; then read the links again."""
        context, task_id = self.context, self.task_id
        if context is None or task_id is None:
            return
        question = (f"取消本任务与“{link.plan} {link.seq}”的关联？\n"
                    "取消后两项任务各自填报，一次填报不再同步到对方。")
        if not self.confirm_unlink(self, question):
            return
        actor = context.actor()

        def done(removed: bool) -> None:
            context.status("已取消关联" if removed else "两项任务已不再直接关联", 8000)
            if self.task_id == task_id:
                self.show_task(task_id)

        Operation(lambda: unlink_tasks(task_id, link.task_id, actor=acting(actor))).success(done).explained(
            "未取消关联：").run_on(context)

    @staticmethod
    def confirm_unlink(parent: QWidget, question: str) -> bool:
        """Replaced in tests."""
        return asked_yes(parent, "取消关联", question)
