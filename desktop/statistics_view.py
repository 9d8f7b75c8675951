"""统计: a table of per-department or per-plan statistics and a bar chart of 按期办结率.

The numbers and their definitions live in models.supervision.statistics; this only shows
them, and says what each counts (the header's tooltips, the roles in the 任务数 header and
the caption). The 排名 and name columns stay in view when the table scrolls sideways; ties
share a rank and say so (并列1, 并列1, 3 …); a double click opens the row's tasks. When
no rate is above zero (nothing closed on time yet) the chart shows what the tasks are
instead: done, overdue, not yet due. The chart is painted with QPainter in a small widget:
QtCharts is not in PySide6-Essentials, and the full PySide6 wheel (or another plotting
package) would add hundreds of megabytes for twenty bars.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.supervision.listing import ROLE_NAMES, TALLY_ROLES
from models.supervision.statistics import STATISTICS_ROLES, Statistics
from models.rules.wording import chinese_date

from .fonts import cjk_font
from .frozen_table import FrozenColumnsTable
from .list_model import ListTableModel

BY_DEPARTMENT, BY_PLAN = "按单位", "按文件"
COLUMNS = ("排名", "名称", "任务数", "按期办结", "逾期办结", "逾期未办结", "未到期", "无时限", "待销号", "延期", "按期办结率")
(RANK, NAME, TASKS, ON_TIME, LATE, OVERDUE, NOT_DUE, UNDATED, AWAITING, EXTENDED, RATE) = range(len(COLUMNS))
FROZEN = 2                      # 排名 and the name stay in view when the table scrolls sideways
CHART_BARS = 20
# Bars by band: the colours the lights use (models.supervision.lights) for good, middling and poor.
GOOD, FAIR, POOR = QColor("#43a047"), QColor("#f9a825"), QColor("#d32f2f")
# The counts chart's parts of a bar: done (销号), overdue, not yet due, no deadline.
NOT_DUE_COLOUR, UNDATED_COLOUR = QColor("#90a4ae"), QColor("#cfd8dc")
PARTS = (("已办结", GOOD), ("逾期未办结", POOR), ("未到期", NOT_DUE_COLOUR), ("无时限", UNDATED_COLOUR))
# The role rules the tab offers: the statistics' own (the units a task judges), or the tree's.
ROLE_RULES = (STATISTICS_ROLES, TALLY_ROLES)
HEADER_TIPS = {
    RANK: "按期办结率从高到低；率相同时逾期未办结少者在前；两者都相同为并列（名次相同，下一名次顺延，如 1、1、3）。"
          "集合单位和尚无可计算的率的不排名",
    ON_TIME: "已销号，且销号日不晚于完成时限（延期的按批准后的时限）",
    LATE: "已销号，但销号日晚于完成时限",
    OVERDUE: "尚未销号，完成时限已过（截至所选日期；当天到期的不算逾期）",
    NOT_DUE: "尚未销号，完成时限未到",
    UNDATED: "没有具体完成时限的任务（长期坚持、定期开展等），已销号的也在内",
    AWAITING: "已报完成、尚未销号的任务（仍按未办结计）",
    EXTENDED: "完成时限经批准延期的任务（按期与否按延期后的时限判断）",
    RATE: "按期办结 ÷（按期办结 + 逾期办结 + 逾期未办结）；只有已销号的任务算办结",
}


def roles_text(roles: Sequence[str]) -> str:
    """牵头、责任 (the roles a department's tasks are counted in)."""
    return "、".join(ROLE_NAMES[role] for role in roles)
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
        self.roles: tuple[str, ...] = STATISTICS_ROLES
        self._sharing: Counter = Counter()        # rank -> rows holding it

    def set_items(self, items: Sequence[Statistics], kind: str = BY_DEPARTMENT,
                  roles: Sequence[str] = STATISTICS_ROLES) -> None:
        """Rows of one kind; a department's tasks are those it has one of ``roles`` in."""
        self.beginResetModel()
        self.items, self.kind, self.roles = list(items), kind, tuple(roles)
        self._sharing = Counter(item.rank for item in self.items if item.rank is not None)
        self.endResetModel()

    def rank_text(self, item: Statistics) -> str:
        """1, or 并列1 when another row holds the same rank."""
        if item.rank is None:
            return ""
        return f"并列{item.rank}" if self._sharing[item.rank] > 1 else str(item.rank)

    def _rank_tip(self, item: Statistics) -> str:
        if item.rank is None:
            return "集合单位不排名" if item.is_group else "尚无到期或办结的任务，无法计算按期办结率，不排名"
        others = self._sharing[item.rank] - 1
        if not others:
            return f"第 {item.rank} 名"
        unit = "个单位" if self.kind == BY_DEPARTMENT else "个文件"
        return (f"与另外 {others} {unit}并列第 {item.rank} 名：按期办结率同为 {rate_text(item.rate)}，"
                f"逾期未办结同为 {item.overdue} 项")

    def row_count(self) -> int:
        return len(self.items)


    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == NAME:
                return "单位" if self.kind == BY_DEPARTMENT else "文件"
            if section == TASKS and self.kind == BY_DEPARTMENT:
                return f"任务数（{roles_text(self.roles)}）"
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if section == NAME:
                return "双击打开该单位的任务" if self.kind == BY_DEPARTMENT else "双击打开该文件的任务"
            if section == TASKS:
                return (f"该单位为{roles_text(self.roles)}单位的任务，每项任务计一次"
                        + ("（不含配合；左侧单位树含配合）" if "cooperating" not in self.roles else "（与左侧单位树一致）")
                        if self.kind == BY_DEPARTMENT else "该文件的任务（不含已撤销的）")
            return HEADER_TIPS.get(section)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item, column = self.items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (self.rank_text(item), item.name, item.tasks, item.on_time, item.late,
                      item.overdue, item.not_due, item.undated + item.closed_undated, item.awaiting_closure,
                      item.extended, rate_text(item.rate))
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            return f"{item.title or item.name}\n双击打开其任务"
        if role == Qt.ItemDataRole.ToolTipRole and column == RANK:
            return self._rank_tip(item)
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
    """Horizontal bars of 按期办结率, one per ranked row (at most CHART_BARS); when no rate is above
    zero, the rows' tasks instead, by outcome (the most overdue first), so the chart is not empty."""

    ROW_HEIGHT = 22
    MIN_ROW_HEIGHT = 16
    MARGIN = 8
    VALUE_WIDTH = 96

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, float]] = []                  # (name, rate), in rank order
        self.counts: list[tuple[str, tuple[int, ...]]] = []      # (name, tasks per PARTS), when no rate is above zero
        self.title = ""
        self.note = ""                   # why the chart shows counts, under the title
        self.setFont(cjk_font(9))
        self.setMinimumHeight(120)

    def set_bars(self, items: Sequence[Statistics], kind: str = BY_DEPARTMENT) -> None:
        # In rank order, ties as models.supervision.statistics ordered them (as the table shows them).
        ranked = sorted((item for item in items if item.rank is not None and item.rate is not None),
                        key=lambda item: item.rank)
        if any(item.rate for item in ranked):
            self.bars = [(item.name, item.rate) for item in ranked[:CHART_BARS]]
            self.counts = []
            self.title, self.note = f"按期办结率（{kind}，前 {len(self.bars)} 名）", ""
        else:
            # Every rate 0 % (or none yet): bars of length zero say nothing; what the tasks are does.
            shown = sorted((item for item in items if item.tasks and not item.is_group),
                           key=lambda item: (-item.overdue, -item.tasks, item.name))[:CHART_BARS]
            self.bars = []
            self.counts = [(item.name, (item.done, item.overdue, item.not_due, item.undated)) for item in shown]
            self.title = f"任务数（{kind}，逾期未办结最多的 {len(shown)} 个）"
            self.note = ("尚无按期办结的任务，按期办结率均为 0，改为显示任务数" if ranked
                         else "尚无到期或办结的任务，无法计算按期办结率，改为显示任务数")
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, self.MARGIN * 2 + self.ROW_HEIGHT * (self._rows() + 3))

    def _rows(self) -> int:
        return len(self.bars) or len(self.counts)

    def row_height(self) -> float:
        """ROW_HEIGHT, or less (down to MIN_ROW_HEIGHT) when every bar would not fit: none is cut off."""
        rows = self._rows() + (3 if self.counts else 1)
        fits = (self.height() - 2 * self.MARGIN) / max(1, rows)
        return max(self.MIN_ROW_HEIGHT, min(float(self.ROW_HEIGHT), fits))

    def _top(self, position: int) -> float:
        # Below the title, and below the note and the legend when the chart shows counts.
        return self.MARGIN + self.row_height() * (position + (3 if self.counts else 1)) + 3

    def _room(self) -> tuple[float, float]:
        """Left edge and full length of a bar."""
        left = self.MARGIN + self._label_width() + 6
        return left, max(10.0, self.width() - left - self.MARGIN - self.VALUE_WIDTH)

    def bar_rect(self, position: int) -> QRectF:
        """Where rate bar ``position`` is painted (tests look inside it)."""
        left, full = self._room()
        return QRectF(left, self._top(position), max(1.0, full * self.bars[position][1]), self.row_height() - 6)

    def part_rect(self, position: int, part: int) -> QRectF:
        """Where part ``part`` (of PARTS) of counts bar ``position`` is painted; empty when it has none."""
        left, full = self._room()
        most = max(sum(parts) for _, parts in self.counts) or 1
        parts = self.counts[position][1]
        x = left + full * sum(parts[:part]) / most
        return QRectF(x, self._top(position), full * parts[part] / most, self.row_height() - 6)

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        names = [name for name, _ in self.bars] or [name for name, _ in self.counts]
        widest = max((metrics.horizontalAdvance(name) for name in names), default=0)
        return min(widest, max(80, self.width() // 3))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setFont(self.font())
        metrics = QFontMetrics(self.font())
        painter.setPen(QPen(QColor("#333333")))
        header = QRectF(self.MARGIN, self.MARGIN, self.width() - 2 * self.MARGIN, self.row_height())
        painter.drawText(header, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(self.title or "按期办结率", Qt.TextElideMode.ElideRight, int(header.width())))
        if not self._rows():
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), "暂无任务")
            painter.end()
            return
        label_width = self._label_width()
        if self.counts:
            note = QRectF(self.MARGIN, self.MARGIN + self.row_height(), header.width(), self.row_height())
            painter.setPen(QPen(QColor("#78909c")))
            painter.drawText(note, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(self.note, Qt.TextElideMode.ElideRight, int(note.width())))
            self._paint_legend(painter, metrics)
        for position in range(self._rows()):
            name = self.bars[position][0] if self.bars else self.counts[position][0]
            top = self._top(position)
            label = QRectF(self.MARGIN, top - 3, label_width, self.row_height())
            painter.setPen(QPen(QColor("#333333")))
            painter.drawText(label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, label_width))
            if self.bars:
                rect = self.bar_rect(position)
                painter.fillRect(rect, bar_colour(self.bars[position][1]))
                value, right = rate_text(self.bars[position][1]), rect.right()
            else:
                for part, (_, colour) in enumerate(PARTS):
                    rect = self.part_rect(position, part)
                    if rect.width() > 0:
                        painter.fillRect(rect, colour)
                parts = self.counts[position][1]
                value, right = f"逾期 {parts[1]}／共 {sum(parts)}", rect.right()
            painter.drawText(QRectF(right + 4, label.top(), self.VALUE_WIDTH, self.row_height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), value)
        painter.end()

    def _paint_legend(self, painter: QPainter, metrics: QFontMetrics) -> None:
        x, top = self.MARGIN + 4, self.MARGIN + 2 * self.row_height()
        for name, colour in PARTS:
            painter.fillRect(QRectF(x, top + (self.row_height() - 10) / 2, 12, 10), colour)
            painter.setPen(QPen(QColor("#333333")))
            width = metrics.horizontalAdvance(name) + 4
            painter.drawText(QRectF(x + 16, top, width, self.row_height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), name)
            x += 16 + width + 14


class StatisticsView(QWidget):
    """按单位 / 按文件 switch, which roles a department's tasks count in, the table, and the chart.

    ``rolesChanged`` asks for the numbers again under the other role rule; ``opened`` (kind
    "department" or "plan", its id) asks for that row's tasks in the list.
    """

    rolesChanged = Signal()
    opened = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.departments: list[Statistics] = []
        self.plans: list[Statistics] = []
        self.as_of: date | None = None
        self.counted_roles: tuple[str, ...] = STATISTICS_ROLES     # the roles the numbers shown were counted in
        self.by_department = QRadioButton(BY_DEPARTMENT, self)
        self.by_plan = QRadioButton(BY_PLAN, self)
        self.by_department.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_department)
        group.addButton(self.by_plan)
        self.role_rule = QComboBox(self)
        for roles in ROLE_RULES:
            self.role_rule.addItem(f"计入{roles_text(roles)}单位" + ("（同左侧单位树）" if roles == TALLY_ROLES else ""),
                                   roles)
        self.role_rule.setToolTip("一个单位的任务按哪些角色计：默认只计牵头、责任单位（配合单位不因任务考核）；"
                                  "左侧单位树的数字还含配合单位")
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.model = StatisticsTableModel(self)
        self.table = FrozenColumnsTable(FROZEN, self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.chart = RateChart(self)
        switch = QHBoxLayout()
        switch.addWidget(self.by_department)
        switch.addWidget(self.by_plan)
        switch.addWidget(self.role_rule)
        switch.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(switch)
        layout.addWidget(self.caption)          # its own line: what the figures count, read whole
        layout.addWidget(splitter, 1)
        self.by_department.toggled.connect(self._show)
        self.role_rule.currentIndexChanged.connect(lambda _index: self.rolesChanged.emit())
        self.table.doubleClicked.connect(self._open)

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles a department's tasks are to be counted in (the switch's choice)."""
        return tuple(self.role_rule.currentData())

    def set_statistics(self, departments: Sequence[Statistics], plans: Sequence[Statistics],
                       as_of: date, roles: Sequence[str] = STATISTICS_ROLES) -> None:
        """New numbers (computed by models.supervision.statistics, on the worker if the window likes),
        the departments' counted in ``roles``."""
        self.departments, self.plans, self.as_of = list(departments), list(plans), as_of
        self.counted_roles = tuple(roles)
        self._show()

    def show_kind(self, kind: str) -> None:
        (self.by_department if kind == BY_DEPARTMENT else self.by_plan).setChecked(True)

    @property
    def kind(self) -> str:
        return BY_DEPARTMENT if self.by_department.isChecked() else BY_PLAN

    def _show(self, *_args) -> None:
        kind = self.kind
        items = self.departments if kind == BY_DEPARTMENT else self.plans
        self.role_rule.setVisible(kind == BY_DEPARTMENT)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.set_items(items, kind, self.counted_roles)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(NAME, min(260, max(120, self.table.columnWidth(NAME))))
        when = chinese_date(self.as_of) if self.as_of else ""
        counted = (f"单位的任务计{roles_text(self.counted_roles)}"
                   + ("（不含配合，与左侧单位树不同）" if "cooperating" not in self.counted_roles else "（同左侧单位树）")
                   + "；") if kind == BY_DEPARTMENT else ""
        self.caption.setText(f"截至 {when}：{counted}只有已销号的任务算办结；按期办结率 = 按期办结 ÷ 已到期或已办结的任务；"
                             "双击一行打开其任务" if when else "")
        self.chart.set_bars(items, kind)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            item = self.model.items[index.row()]
            self.opened.emit("department" if self.model.kind == BY_DEPARTMENT else "plan", item.key)
