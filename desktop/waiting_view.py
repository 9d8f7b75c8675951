"""待办: what waits for the office's decision, oldest first, one line per pending 延期 request,
办结 application, or task reported 已完成 without one (models.supervision.waiting decides which,
and since when). 处理 (or a double click) opens the office's dialog for the line; 在列表中查看
selects the task in the list."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from models.rules.wording import chinese_datetime
from models.supervision.listing import TaskTable
from models.supervision.waiting import KINDS, OfficeQueue, Waiting

from .dialog_parts import record_table
from .list_model import RecordListModel

COLUMNS = ("已等", "事项", "任务", "单位", "提交人", "提交时间", "内容", "督查室处理")
WAITED, KIND, TASK, DEPARTMENT, BY, SINCE, DETAIL, DECISION = range(len(COLUMNS))
HEADER_TIPS = {WAITED: "自提交之日起到今天的天数（按电脑的日期，不随“截至”日期变化）",
               KIND: "延期申请、办结申请，或已报完成但尚未申请办结",
               SINCE: "申请提交的时间；已报完成的，为报完成的时间"}
_LONG_WAIT = 7                      # days after which the wait is shown in red: a week unanswered
_LONG_WAIT_COLOUR = QColor("#c62828")
_Index = QModelIndex | QPersistentModelIndex


class WaitingTableModel(RecordListModel):
    """Rows are Waiting items of one OfficeQueue, in its order (oldest first)."""

    columns = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table = TaskTable()
        self.today = date.today()

    def set_queue(self, table: TaskTable, queue: OfficeQueue, today: date) -> None:
        """The queue read with ``table``; days waited are counted to ``today`` (the clock's)."""
        self.table, self.today = table, today
        self.set_records(queue.items)

    def item(self, row: int) -> Waiting:
        return self.records[row]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        item, column = self.records[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == WAITED:
            days = item.days_waiting(self.today)
            return QBrush(_LONG_WAIT_COLOUR) if days is not None and days > _LONG_WAIT else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == WAITED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, item: Waiting, column: int) -> str:
        table = self.table
        if column == WAITED:
            days = item.days_waiting(self.today)
            return "—" if days is None else "今天" if days == 0 else f"{days} 天"
        if column == KIND:
            return item.kind
        if column == TASK:
            return f"{table.seqs[item.row]} {table.texts[item.row]}".strip()
        if column == DEPARTMENT:
            return item.department or table.unit_text(item.row, "lead") or "—"
        if column == BY:
            return item.by or "—"
        if column == SINCE:
            return chinese_datetime(item.since) if item.since else "时间不详"
        if column == DETAIL:
            return item.detail
        if column == DECISION:
            return item.decision
        return ""


def summary(queue: OfficeQueue) -> str:
    """待办 N 项（延期申请 a，办结申请 b，已报完成 c）: the kinds there are, for the caption and the banner."""
    counts = queue.counts()
    kinds = "，".join(f"{kind} {counts[kind]}" for kind in KINDS if counts[kind])
    return f"待办 {len(queue)} 项（{kinds}）" if len(queue) else "没有待督查室处理的事项"


class WaitingView(QWidget):
    """The 待办 tab: a caption, the list, and what can be done about the selected line."""

    handleRequested = Signal(object)          # a Waiting item: open the office's dialog for it
    showRequested = Signal(object)            # a Waiting item: select its task in the list
    chosen = Signal(object)                   # a Waiting item was selected: its task's detail is wanted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(summary(OfficeQueue()))
        self.caption.setWordWrap(True)
        self.model = WaitingTableModel(self)
        self.view = record_table(self.model)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        # A few lines at a time: the short columns fit their text, the task and what was asked share the rest.
        for column in (WAITED, KIND, DEPARTMENT, BY, SINCE, DECISION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(TASK, 320)
        header.setSectionResizeMode(DETAIL, QHeaderView.ResizeMode.Stretch)
        self.handle_button = QPushButton("处理…")
        self.handle_button.setToolTip("延期申请：审批延期；办结申请：审核办结（销号或退回）；"
                                      "已报完成：代为申请办结，再审核销号（督查室）")
        self.show_button = QPushButton("在任务列表中查看")
        buttons = QHBoxLayout()
        buttons.addWidget(self.caption, 1)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.handle_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        self.may_handle = False
        self.handle_button.clicked.connect(lambda: self._emit(self.handleRequested))
        self.show_button.clicked.connect(lambda: self._emit(self.showRequested))
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._allow)
        self._allow()

    def set_queue(self, table: TaskTable, queue: OfficeQueue, today: date) -> None:
        self.model.set_queue(table, queue, today)
        self.caption.setText(f"{summary(queue)}，按提交时间排列，最早的在前；双击一行处理" if len(queue)
                             else summary(queue))

    def allow_handling(self, allowed: bool) -> None:
        """处理 is the office's (the dialogs it opens are office decisions)."""
        self.may_handle = allowed
        self._allow()

    def selected(self) -> Waiting | None:
        index = self.view.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _allow(self) -> None:
        chosen = self.selected() is not None
        self.handle_button.setEnabled(chosen and self.may_handle)
        self.show_button.setEnabled(chosen)

    def _current_changed(self, *_args) -> None:
        self._allow()
        item = self.selected()
        if item is not None:
            self.chosen.emit(item)

    def _emit(self, signal) -> None:
        item = self.selected()
        if item is not None:
            signal.emit(item)

    def _double_clicked(self, index: QModelIndex) -> None:
        item = self.model.item(index.row())
        (self.handleRequested if self.may_handle else self.showRequested).emit(item)
