"""Small parts every form dialog shares."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_COLOUR = "#b00020"


def error_label() -> QLabel:
    """Where a dialog says what is wrong, inside itself rather than in a message box.

    It holds a space until then, so the form does not jump when a message appears.
    """
    label = QLabel(" ")
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setWordWrap(True)
    return label
