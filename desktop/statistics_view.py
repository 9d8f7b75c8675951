"""统计: a table of per-department or per-plan statistics and a bar chart of 按期办结率.

The numbers and their definitions live in models.supervision.statistics; this only shows
them. The chart is painted with QPainter in a small widget: QtCharts is not
in PySide6-Essentials, and the full PySide6 wheel (or another plotting
package) would add hundreds of megabytes for twenty bars.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.supervision.statistics import Statistics
from models.rules.wording import chinese_date

from .fonts import cjk_font
from .list_model import ListTableModel

BY_DEPARTMENT, BY_PLAN = "按单位", "按文件"
COLUMNS = ("排名", "名称", "任务数", "按期办结", "逾期办结", "逾期未办结", "未到期", "无时限", "待销号", "延期", "按期办结率")
(RANK, NAME, TASKS, ON_TIME, LATE, OVERDUE, NOT_DUE, UNDATED, AWAITING, EXTENDED, RATE) = range(len(COLUMNS))
CHART_BARS = 20
# Bars by band: the colours the lights use (models.supervision.lights) for good, middling and poor.
GOOD, FAIR, POOR = QColor("#43a047"), QColor("#f9a825"), QColor("#d32f2f")
_Index = QModelIndex | QPersistentModelIndex


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def bar_colour(rate: float) -> QColor:
    return GOOD if rate >= 0.9 else FAIR if rate >= 0.6 else POOR


def _sort_key(column: int):
    fields = {TASKS: "tasks", ON_TIME: "on_time", LATE: "late", OVERDUE: "overdue", NOT_DUE: "not_due",
              UNDATED: "undated", AWAITING: "awaiting_closure", EXTENDED: "extended"}
    if column == RANK:
        return lambda item: (item.rank is None, item.rank or 0, item.name)
    if column == NAME:
        return lambda item: item.name
    if column == RATE:
        return lambda item: (item.rate is None, item.rate or 0.0)
    name = fields[column]
    return lambda item: getattr(item, name)


class StatisticsTableModel(ListTableModel):
    """Rows of Statistics; sorting builds a new row list (no proxy model)."""

    columns = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[Statistics] = []
        self.kind = BY_DEPARTMENT

    def set_items(self, items: Sequence[Statistics], kind: str = BY_DEPARTMENT) -> None:
        self.beginResetModel()
        self.items, self.kind = list(items), kind
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.items)


    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == NAME:
                return "单位" if self.kind == BY_DEPARTMENT else "文件"
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == RATE:
            return "按期办结 ÷（按期办结 + 逾期办结 + 逾期未办结）；只有已销号的任务算办结"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item, column = self.items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (item.rank if item.rank is not None else "", item.name, item.tasks, item.on_time, item.late,
                      item.overdue, item.not_due, item.undated + item.closed_undated, item.awaiting_closure,
                      item.extended, rate_text(item.rate))
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            return item.title or item.name
        if role == Qt.ItemDataRole.TextAlignmentRole and column != NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == OVERDUE and item.overdue:
            return QBrush(POOR)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.beginResetModel()
        self.items.sort(key=_sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()


class RateChart(QWidget):
    """Horizontal bars of 按期办结率, one per ranked row (at most CHART_BARS)."""

    ROW_HEIGHT = 22
    MARGIN = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, float]] = []
        self.title = ""
        self.setFont(cjk_font(9))
        self.setMinimumHeight(120)

    def set_bars(self, items: Sequence[Statistics], title: str = "") -> None:
        # In rank order, ties as models.supervision.statistics ordered them (as the table shows them).
        ranked = sorted((item for item in items if item.rank is not None and item.rate is not None),
                        key=lambda item: item.rank)
        self.bars = [(item.name, item.rate) for item in ranked[:CHART_BARS]]
        self.title = title
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, self.MARGIN * 2 + self.ROW_HEIGHT * (len(self.bars) + 1))

    def bar_rect(self, position: int) -> QRectF:
        """Where bar ``position`` is painted (tests look inside it)."""
        label_width = self._label_width()
        left = self.MARGIN + label_width + 6
        full = max(10.0, self.width() - left - self.MARGIN - 52)
        top = self.MARGIN + self.ROW_HEIGHT * (position + 1) + 3
        return QRectF(left, top, max(1.0, full * self.bars[position][1]), self.ROW_HEIGHT - 6)

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(name) for name, _ in self.bars), default=0)
        return min(widest, max(80, self.width() // 3))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setFont(self.font())
        metrics = QFontMetrics(self.font())
        painter.setPen(QPen(QColor("#333333")))
        header = QRectF(self.MARGIN, self.MARGIN, self.width() - 2 * self.MARGIN, self.ROW_HEIGHT)
        painter.drawText(header, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.title or "按期办结率")
        if not self.bars:
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), "暂无到期任务，无法计算按期办结率")
            painter.end()
            return
        label_width = self._label_width()
        for position, (name, rate) in enumerate(self.bars):
            rect = self.bar_rect(position)
            label = QRectF(self.MARGIN, rect.top() - 3, label_width, self.ROW_HEIGHT)
            painter.setPen(QPen(QColor("#333333")))
            painter.drawText(label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, label_width))
            painter.fillRect(rect, bar_colour(rate))
            value = QRectF(rect.right() + 4, label.top(), 60, self.ROW_HEIGHT)
            painter.drawText(value, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), rate_text(rate))
        painter.end()


class StatisticsView(QWidget):
    """按单位 / 按文件 switch, the table, and the chart of the top ranked rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.departments: list[Statistics] = []
        self.plans: list[Statistics] = []
        self.as_of: date | None = None
        self.by_department = QRadioButton(BY_DEPARTMENT, self)
        self.by_plan = QRadioButton(BY_PLAN, self)
        self.by_department.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_department)
        group.addButton(self.by_plan)
        self.caption = QLabel(self)
        self.model = StatisticsTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.chart = RateChart(self)
        switch = QHBoxLayout()
        switch.addWidget(self.by_department)
        switch.addWidget(self.by_plan)
        switch.addWidget(self.caption, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(switch)
        layout.addWidget(splitter, 1)
        self.by_department.toggled.connect(self._show)

    def set_statistics(self, departments: Sequence[Statistics], plans: Sequence[Statistics],
                       as_of: date) -> None:
        """New numbers (computed by models.supervision.statistics, on the worker if the window likes)."""
        self.departments, self.plans, self.as_of = list(departments), list(plans), as_of
        self._show()

    def show_kind(self, kind: str) -> None:
        (self.by_department if kind == BY_DEPARTMENT else self.by_plan).setChecked(True)

    @property
    def kind(self) -> str:
        return BY_DEPARTMENT if self.by_department.isChecked() else BY_PLAN

    def _show(self, *_args) -> None:
        kind = self.kind
        items = self.departments if kind == BY_DEPARTMENT else self.plans
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.set_items(items, kind)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(NAME, min(260, max(120, self.table.columnWidth(NAME))))
        when = chinese_date(self.as_of) if self.as_of else ""
        self.caption.setText(f"截至 {when}，只有已销号的任务算办结；按期办结率 = 按期办结 ÷ 已到期或已办结的任务"
                             if when else "")
        self.chart.set_bars(items, f"按期办结率（{kind}，前 {CHART_BARS} 名）")
