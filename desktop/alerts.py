"""Overdue alerts: a banner over the list with the totals and the departments
with the most overdue tasks, recomputed whenever the registry or the as-of
date changes, and what waits for the office (待办). Clicking 查看逾期 filters the list to overdue
tasks; 查看待办 opens the 待办 tab."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from models.supervision.listing import DepartmentTally

from models.rules.wording import chinese_date


def alert_text(tallies: list[DepartmentTally], as_of: date, due_soon_days: int, overdue: int, due_soon: int,
               top: int = 5, unit: str = "天") -> str:
    """The banner's words (Qt-free logic kept small and testable)."""
    if not overdue and not due_soon:
        return f"截至{chinese_date(as_of)}，没有逾期任务，{due_soon_days}{unit}内无到期任务。"
    worst = [tally for tally in tallies if tally.overdue and not tally.is_group][:top]
    parts = [f"截至{chinese_date(as_of)}：逾期 {overdue} 项，{due_soon_days}{unit}内到期 {due_soon} 项。"]
    if worst:
        parts.append("逾期较多：" + "、".join(f"{tally.name} {tally.overdue}" for tally in worst))
    return " ".join(parts)


class AlertBanner(QFrame):
    showOverdue = Signal()
    showDueSoon = Signal()
    showWaiting = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.overdue_button = QPushButton("查看逾期")
        self.due_button = QPushButton("查看即将到期")
        self.waiting_button = QPushButton("查看待办")
        self.overdue_button.clicked.connect(self.showOverdue)
        self.due_button.clicked.connect(self.showDueSoon)
        self.waiting_button.clicked.connect(self.showWaiting)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.overdue_button)
        layout.addWidget(self.due_button)
        layout.addWidget(self.waiting_button)

    def show_counts(self, tallies: list[DepartmentTally], as_of: date, due_soon_days: int,
                    overdue: int, due_soon: int, unit: str = "天", waiting: str = "", waiting_count: int = 0) -> None:
        """The counts as of a date; ``waiting`` says what waits for the office (its ``waiting_count`` items)."""
        text = alert_text(tallies, as_of, due_soon_days, overdue, due_soon, unit=unit)
        self.label.setText(f"{text}\n{waiting}，待督查室处理。" if waiting_count else text)
        self.waiting_button.setVisible(bool(waiting_count))
        colour = "#fdecea" if overdue else ("#fff4e0" if due_soon else "#e8f5e9")
        border = "#c62828" if overdue else ("#ef8f00" if due_soon else "#2e7d32")
        self.setStyleSheet(f"#alertBanner {{ background: {colour}; border-left: 4px solid {border}; }}")
        self.overdue_button.setVisible(bool(overdue))
        self.due_button.setVisible(bool(due_soon))


class ErrorBanner(QFrame):
    """Errors of the user's world, inside the window (not a modal box)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setStyleSheet("#errorBanner { background: #fdecea; border-left: 4px solid #c62828; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        close = QPushButton("关闭")
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def show_error(self, message: str) -> None:
        self.label.setText(message)
        self.show()
