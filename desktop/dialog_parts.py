"""Small parts every form dialog shares."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox, QWidget

ERROR_COLOUR = "#b00020"


def error_label() -> QLabel:
    """Where a dialog says what is wrong, inside itself rather than in a message box.

    It holds a space until then, so the form does not jump when a message appears.
    """
    label = QLabel(" ")
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setWordWrap(True)
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
