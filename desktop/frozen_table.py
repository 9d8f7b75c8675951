"""A table whose first columns stay in view when it scrolls sideways (the name of what a row counts).

Qt's frozen-column example: a second QTableView over the same model and selection model, showing
only the first columns, laid over the left edge of the table's viewport; the two scroll together
vertically, and the overlay follows the widths of the columns it covers. Its header sorts through
the table's, so there is one sort indicator.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView, QWidget


class FrozenColumnsTable(QTableView):
    """A QTableView whose first ``frozen`` columns do not scroll sideways."""

    def __init__(self, frozen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen_columns = frozen
        self.overlay = QTableView(self)
        overlay = self.overlay
        overlay.setObjectName("frozenColumns")
        overlay.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        overlay.verticalHeader().hide()
        overlay.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        overlay.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        overlay.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        overlay.setFrameShape(QFrame.Shape.NoFrame)
        # A line on its right edge: where the frozen part ends and the rest slides under it.
        overlay.setStyleSheet("QTableView#frozenColumns { border-right: 1px solid #90a4ae; }")
        overlay.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.viewport().stackUnder(overlay)
        overlay.horizontalHeader().setSectionsClickable(True)
        overlay.horizontalHeader().setSortIndicatorShown(True)
        overlay.horizontalHeader().sortIndicatorChanged.connect(self._sort_from_overlay)
        self.horizontalHeader().sortIndicatorChanged.connect(self._show_sort_on_overlay)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalHeader().sectionResized.connect(lambda row, _old, size: overlay.setRowHeight(row, size))
        overlay.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(overlay.verticalScrollBar().setValue)
        overlay.doubleClicked.connect(self.doubleClicked)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.overlay.setModel(model)
        if model is None:
            return
        self.overlay.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self._follow_columns)
        model.layoutChanged.connect(self._follow_columns)
        self._follow_columns()

    def setSelectionBehavior(self, behavior: QAbstractItemView.SelectionBehavior) -> None:
        super().setSelectionBehavior(behavior)
        self.overlay.setSelectionBehavior(behavior)

    def _follow_columns(self) -> None:
        model = self.model()
        for column in range(model.columnCount() if model is not None else 0):
            self.overlay.setColumnHidden(column, column >= self.frozen_columns)
            if column < self.frozen_columns:
                self.overlay.setColumnWidth(column, self.columnWidth(column))
        self._place_overlay()

    def _column_resized(self, column: int, _old: int, size: int) -> None:
        if column < self.frozen_columns:
            self.overlay.setColumnWidth(column, size)
            self._place_overlay()

    def _sort_from_overlay(self, column: int, order: Qt.SortOrder) -> None:
        if self.horizontalHeader().sortIndicatorSection() != column or \
                self.horizontalHeader().sortIndicatorOrder() != order:
            self.horizontalHeader().setSortIndicator(column, order)     # sorts, when sorting is on

    def _show_sort_on_overlay(self, column: int, order: Qt.SortOrder) -> None:
        header = self.overlay.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)
        header.viewport().update()

    def frozen_width(self) -> int:
        return sum(self.columnWidth(column) for column in range(self.frozen_columns) if not self.isColumnHidden(column))

    def _place_overlay(self) -> None:
        frame = self.frameWidth()
        self.overlay.setGeometry(self.verticalHeader().width() + frame, frame, self.frozen_width(),
                                 self.viewport().height() + self.horizontalHeader().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_overlay()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._place_overlay()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Keyboard moves: a cell reached by moving left is scrolled out from under the frozen columns."""
        current = super().moveCursor(action, modifiers)
        if action == QAbstractItemView.CursorAction.MoveLeft and current.column() >= self.frozen_columns:
            hidden = self.visualRect(current).topLeft().x() < self.frozen_width()
            if hidden:
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + self.visualRect(current).topLeft().x() - self.frozen_width())
        return current

    def scrollTo(self, index: QModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """A frozen cell is always in view sideways: only its row is scrolled to."""
        if index.column() < self.frozen_columns:
            bar = self.horizontalScrollBar()
            sideways = bar.value()
            super().scrollTo(index, hint)
            bar.setValue(sideways)
        else:
            super().scrollTo(index, hint)
