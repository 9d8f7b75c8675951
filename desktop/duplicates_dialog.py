"""疑似同一任务: likely duplicates across plans, shown side by side; the office links or dismisses.

Nothing is linked without a click on 关联. The pairs come in computed
(models.supervision.duplicates.candidate_pairs takes seconds at 100,000 tasks, so the
window computes them on its worker); this dialog only presents them.
"""
from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTextBrowser,
                               QVBoxLayout, QWidget)

from models.access.actor import Actor, acting
from models.supervision.duplicates import Pair, link_tasks
from models.supervision.listing import TaskTable
from models.rules.wording import chinese_date

from .dialog_parts import record_table
from .bug_log import bug_message
from .list_model import ListTableModel
from .operations import Operation
from .workers import TaskRunner

COLUMNS = ("相似度", "文件甲", "文件乙", "共同单位")
SCORE, PLAN_A, PLAN_B, SHARED = range(len(COLUMNS))
PAIR_ROLE = Qt.ItemDataRole.UserRole + 40     # the Pair (clear of desktop.roles)
_Index = QModelIndex | QPersistentModelIndex


class DuplicatePairsModel(ListTableModel):
    """Candidate pairs over a TaskTable; rows leave when linked or dismissed."""

    columns = COLUMNS

    def __init__(self, table: TaskTable, pairs: Sequence[Pair] = (), parent=None) -> None:
        super().__init__(parent)
        self.table = table
        self.pairs: list[Pair] = list(pairs)
        self._row_of = {ident: row for row, ident in enumerate(table.ids)}

    def remove_pair(self, row: int) -> Pair:
        self.beginRemoveRows(QModelIndex(), row, row)
        pair = self.pairs.pop(row)
        self.endRemoveRows()
        return pair

    def table_row(self, task_id: int) -> int | None:
        return self._row_of.get(task_id)

    def row_count(self) -> int:
        return len(self.pairs)



    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.pairs):
            return None
        pair, column = self.pairs[index.row()], index.column()
        if role == PAIR_ROLE:
            return pair
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SCORE:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == SCORE:
            return f"{pair.score:.0%}"
        if column in (PLAN_A, PLAN_B):
            row = self.table_row(pair.task_a if column == PLAN_A else pair.task_b)
            if row is None:
                return ""
            seq = self.table.seqs[row]
            return f"{self.table.plan_number(row)} {seq}".strip()
        if column == SHARED:
            names = self.table.department_names
            return "、".join(names.get(ident, str(ident)) for ident in pair.shared)
        return None


def task_html(table: TaskTable, row: int | None, states: Sequence[str] | None = None) -> str:
    """One task as the side-by-side panel shows it."""
    if row is None:
        return ""
    number, title, _ = table.plans[table.plan_ids[row]]
    deadline = table.deadlines[row]
    units = [(label, table.unit_text(row, role)) for label, role in
             (("牵头单位", "lead"), ("责任单位", "responsible"), ("配合单位", "cooperating"))]
    state = states[row] if states is not None else table.statuses[row]
    lines = [f"<p><b>{escape(number or '')}</b> {escape(title or '')}　{escape(table.seqs[row])}</p>",
             f"<p>{escape(table.texts[row])}</p>"]
    lines += [f"<p>{label}：{escape(text)}</p>" for label, text in units if text]
    lines.append(f"<p>完成时限：{escape(chinese_date(deadline) if deadline else (table.deadline_texts[row] or '未明确'))}</p>")
    lines.append(f"<p>状态：{escape(state)}　进度：{table.progress[row]}%</p>")
    return "".join(lines)


class DuplicatesDialog(QDialog):
    """Pairs in a table; the selected pair's two tasks side by side; 关联 or 不是同一任务."""

    linked = Signal(int, int)       # task ids, after the link is stored

    def __init__(self, runner: TaskRunner, actor: Actor | None, table: TaskTable, pairs: Sequence[Pair],
                 linked_by: str = "", states: Sequence[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("疑似同一任务（跨文件）")
        self.runner, self.actor = runner, actor
        self.linked_by = linked_by
        self.states = states
        self.linked_pairs: list[Pair] = []
        self.dismissed: list[Pair] = []
        self.model = DuplicatePairsModel(table, pairs, self)
        self.view = record_table(self.model, self)
        self.view.horizontalHeader().setSectionResizeMode(SHARED, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(PLAN_A, 280)
        self.view.setColumnWidth(PLAN_B, 280)
        self.left, self.right = QTextBrowser(self), QTextBrowser(self)
        sides = QWidget(self)
        side_layout = QHBoxLayout(sides)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.left)
        side_layout.addWidget(self.right)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(sides)
        self.summary = QLabel(self)
        self.link_button = QPushButton("关联", self)
        self.link_button.setToolTip("确认是同一项工作：关联后，一方报送的进展同步到另一方")
        self.dismiss_button = QPushButton("不是同一任务", self)
        self.dismiss_button.setToolTip("本次不再提示这一对")
        close_button = QPushButton("关闭", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.link_button.clicked.connect(self.link_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        close_button.clicked.connect(self.accept)
        self.view.selectionModel().currentRowChanged.connect(self._show_current)
        self.resize(1000, 680)
        self._select(0)

    @classmethod
    def run(cls, parent: QWidget | None, runner: TaskRunner, actor: Actor | None, table: TaskTable,
            pairs: Sequence[Pair], linked_by: str = "", states: Sequence[str] | None = None) -> list[Pair]:
        """Show the dialog modally; the pairs the office linked. Tests replace this hook."""
        dialog = cls(runner, actor, table, pairs, linked_by, states, parent)
        dialog.exec()
        return dialog.linked_pairs

    # -- actions -------------------------------------------------------------

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def link_selected(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        pair, actor, linked_by = self.model.pairs[row], self.actor, self.linked_by
        self.link_button.setEnabled(False)

        def linked(_link) -> None:
            self.link_button.setEnabled(True)
            if pair in self.model.pairs:
                row = self.model.pairs.index(pair)
                self.model.remove_pair(row)
                self._select(row)
            self.linked_pairs.append(pair)
            self.linked.emit(pair.task_a, pair.task_b)

        def refused(error: BaseException) -> None:
            self.link_button.setEnabled(True)
            self.summary.setText(f"未关联：{error}")

        def bug(error: BaseException) -> None:
            self.link_button.setEnabled(True)
            self.summary.setText(bug_message(error))

        Operation(lambda: link_tasks(pair.task_a, pair.task_b, linked_by=linked_by, actor=acting(actor))).success(
            linked).failure(refused).run(self.runner, report=self.summary.setText, bug=bug)

    def dismiss_selected(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.dismissed.append(self.model.remove_pair(row))
        self._select(row)

    def _select(self, row: int) -> None:
        count = self.model.rowCount()
        if count:
            self.view.selectRow(min(row, count - 1))
        self._show_current(self.view.currentIndex())

    def _show_current(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        count = self.model.rowCount()
        has_pair = current.isValid() and count > 0
        self.link_button.setEnabled(has_pair)
        self.dismiss_button.setEnabled(has_pair)
        self.summary.setText(f"共 {count} 对疑似同一任务；关联需经督查室确认，不会自动合并" if count
                             else "没有待确认的疑似同一任务")
        if not has_pair:
            self.left.clear()
            self.right.clear()
            return
        pair = self.model.pairs[current.row()]
        self.left.setHtml(task_html(self.model.table, self.model.table_row(pair.task_a), self.states))
        self.right.setHtml(task_html(self.model.table, self.model.table_row(pair.task_b), self.states))
