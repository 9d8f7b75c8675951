"""The selected task: its text, plan, units, deadline, and its history."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from .history_model import FIT_COLUMNS, NOTE_COLUMN, HistoryTableModel
from .links_panel import LinksPanel


class DetailPanel(QWidget):
    updateRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        header = QHBoxLayout()
        self.title = QLabel("未选择任务")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.update_button = QPushButton("更新进展")
        self.update_button.setToolTip("记录状态、进度、进展情况和佐证材料（Enter）")
        self.update_button.setEnabled(False)
        self.update_button.clicked.connect(self.updateRequested)
        header.addWidget(self.title, 1)
        header.addWidget(self.update_button)
        layout.addLayout(header)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.facts)
        layout.addWidget(LinksPanel())       # 同一项工作: the task's linked tasks (desktop/links_panel.py)
        self.history = HistoryTableModel(self)
        self.history_view = QTableView()
        self.history_view.setModel(self.history)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.verticalHeader().hide()
        header = self.history_view.horizontalHeader()
        for column in FIT_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.history_view.setWordWrap(True)
        layout.addWidget(self.history_view, 1)

    def show_task(self, title: str, facts: str) -> None:
        """A newly selected task; its history follows from the worker (the last task's is not left under it)."""
        self.title.setText(title)
        self.facts.setText(facts)
        self.history.set_history([], {})
        self.update_button.setEnabled(True)

    def clear(self) -> None:
        self.title.setText("未选择任务")
        self.facts.clear()
        self.update_button.setEnabled(False)
        self.history.set_history([], {})
