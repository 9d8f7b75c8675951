"""Small parts the dialogs and lists share."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox,
                               QTableView, QWidget)

ERROR_COLOUR = "#b00020"


class WrappedLabel(QLabel):
    """A word-wrapped label whose minimum height is that of its lines at its width.

    A window's minimum size leaves out how tall wrapped text becomes (Qt asks
    a top-level layout for its minimum without heightForWidth), so a long task
    text wrapped over several lines pushed the form below the window's edge
    and the rows under it onto each other. Holding the label's minimum to its
    wrapped height makes the window grow instead.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        needed = max(0, self.heightForWidth(self.width()))   # -1: no text
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)


def error_label() -> WrappedLabel:
    """Where a dialog says what is wrong, inside itself rather than in a message box.

    It holds a space until then, so the form does not jump when a message appears,
    and grows the window when a long message wraps.
    """
    label = WrappedLabel(" ")
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    return label


def button_row(buttons) -> QHBoxLayout:
    """A list dialog's action buttons, left-aligned."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def closing_row(dialog: QDialog, beside: QWidget) -> QHBoxLayout:
    """A list dialog's last line: ``beside`` (a message, a setting) and 关闭."""
    close = QDialogButtonBox()
    close.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
    close.rejected.connect(dialog.reject)
    row = QHBoxLayout()
    row.addWidget(beside, 1)
    row.addWidget(close)
    return row


def asked_yes(parent: QWidget, title: str, question: str) -> bool:
    """A yes/no question before something that cannot be taken back; 否 is the default."""
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def record_table(model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    """A list of records to pick one from: whole rows, one at a time, read-only, one line each,
    no row numbers."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    return view
