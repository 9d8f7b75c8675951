"""Small parts every form dialog shares."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QWidget

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
