"""A document's text with its line numbers, one task's lines highlighted and its units and
deadline marked in colour by role (after Qt's Code Editor example: a margin widget the
editor paints through)."""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

# Marks by role, as on the 督办 ledger: who leads in red, who is responsible in blue, who
# cooperates in green, the deadline in orange; the task's lines on a pale yellow.
ROLE_COLOURS = {"lead": "#c62828", "responsible": "#1565c0", "cooperating": "#2e7d32", "deadline": "#e65100"}
TASK_LINES = QColor("#fff8d6")


class _LineNumbers(QWidget):
    def __init__(self, view: SourceView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self) -> QSize:
        return QSize(self.view.number_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.view.paint_numbers(event)


class SourceView(QPlainTextEdit):
    """Read-only source lines numbered from ``first_line``; ``lineClicked`` gives the document line."""

    lineClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.first_line = 1
        self.numbers = _LineNumbers(self)
        self.blockCountChanged.connect(lambda _count: self._fit_margin())
        self.updateRequest.connect(self._scroll_numbers)
        self._fit_margin()

    # -- content -----------------------------------------------------------------

    def set_lines(self, lines: Iterable[str], first_line: int) -> None:
        self.first_line = first_line
        self.setPlainText("\n".join(lines))
        self.setExtraSelections([])
        self._fit_margin()

    def line_of_block(self, block_number: int) -> int:
        return self.first_line + block_number

    def block_of_line(self, line: int) -> int:
        return line - self.first_line

    def show_lines(self, first: int, last: int, marks: dict[str, Iterable[str]]) -> None:
        """Highlight document lines ``first``..``last``, mark each role's words in them, and scroll there."""
        document = self.document()
        start_block = document.findBlockByNumber(max(0, self.block_of_line(first)))
        end_block = document.findBlockByNumber(min(document.blockCount() - 1, max(0, self.block_of_line(last))))
        if not start_block.isValid() or not end_block.isValid():
            self.setExtraSelections([])
            return
        selections = []
        lines = QTextEdit.ExtraSelection()
        lines.format.setBackground(TASK_LINES)
        lines.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        cursor = QTextCursor(start_block)
        cursor.setPosition(end_block.position() + max(0, end_block.length() - 1), QTextCursor.MoveMode.KeepAnchor)
        lines.cursor = cursor
        selections.append(lines)
        begin, end = start_block.position(), end_block.position() + end_block.length()
        for role, words in marks.items():
            colour = QColor(ROLE_COLOURS[role])
            for word in words:
                selections.extend(self._marks(word, colour, begin, end))
        self.setExtraSelections(selections)
        # The task's first line near the top, two lines above it for context: scrolled to the
        # end first, scrolling back up to a line leaves that line at the top of the view.
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setTextCursor(QTextCursor(document.findBlockByNumber(max(0, start_block.blockNumber() - 2))))
        self.ensureCursorVisible()
        self.setTextCursor(QTextCursor(start_block))

    def _marks(self, word: str, colour: QColor, begin: int, end: int) -> list[QTextEdit.ExtraSelection]:
        found = []
        if not word:
            return found
        cursor = self.document().find(word, begin, QTextDocument.FindFlag.FindCaseSensitively)
        while not cursor.isNull() and cursor.selectionEnd() <= end:
            mark = QTextEdit.ExtraSelection()
            mark.format = QTextCharFormat()
            mark.format.setForeground(colour)
            mark.format.setFontWeight(700)
            mark.format.setFontUnderline(True)
            mark.cursor = cursor
            found.append(mark)
            cursor = self.document().find(word, cursor.selectionEnd(), QTextDocument.FindFlag.FindCaseSensitively)
        return found

    def selected_lines(self) -> tuple[int, int] | None:
        """The document lines the selection covers, or None without a selection."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        document = self.document()
        first = document.findBlock(cursor.selectionStart()).blockNumber()
        last = document.findBlock(max(cursor.selectionStart(), cursor.selectionEnd() - 1)).blockNumber()
        return self.line_of_block(first), self.line_of_block(last)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.lineClicked.emit(self.line_of_block(self.cursorForPosition(event.position().toPoint()).blockNumber()))

    # -- the margin ------------------------------------------------------------------

    def number_width(self) -> int:
        digits = len(str(self.first_line + max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * digits

    def _fit_margin(self) -> None:
        self.setViewportMargins(self.number_width(), 0, 0, 0)

    def _scroll_numbers(self, rect: QRect, dy: int) -> None:
        if dy:
            self.numbers.scroll(0, dy)
        else:
            self.numbers.update(0, rect.y(), self.numbers.width(), rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self.numbers.setGeometry(QRect(area.left(), area.top(), self.number_width(), area.height()))

    def paint_numbers(self, event: QPaintEvent) -> None:
        painter = QPainter(self.numbers)
        painter.fillRect(event.rect(), QColor("#f3f3f3"))
        painter.setPen(QColor("#888888"))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                painter.drawText(0, top, self.numbers.width() - 6, height, Qt.AlignmentFlag.AlignRight,
                                 str(self.line_of_block(block.blockNumber())))
            block = block.next()
            top = bottom
        painter.end()
