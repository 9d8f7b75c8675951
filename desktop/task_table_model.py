"""The task list: a flat QAbstractTableModel over row indexes of a TaskTable.

Switching department, filtering and sorting build a new list of row indexes
and reset the model: no QSortFilterProxyModel (19 s to sort 100,000 rows
measured here). Cells are computed when the view asks for them.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from models.supervision.assessment import Assessment
from models.supervision.lights import GREEN, RED, YELLOW, light_of_row
from models.supervision.listing import TaskTable
from models.supervision.waiting import CLOSED, OfficeQueue, describe, office_step
from models.rules.status import DONE, DUE_SOON, ONGOING, OVERDUE
from models.rules.wording import chinese_date

from .list_model import ListTableModel
from .roles import (END_ROLE, GROUP_ROLE, LIGHT_ROLE, ONGOING_ROLE, ORIGINAL_END_ROLE, START_ROLE, STATE_ROLE,
                    TASK_ID_ROLE)

# 文件 is last in the model and first on screen (the window moves the header's sections):
# the timeline reads the number and the text from columns 0 and 1.
COLUMNS = ("序号", "任务", "牵头单位", "责任单位", "配合单位", "完成时限", "原定时限", "灯", "状态", "进度", "序时进度",
           "最近更新", "文件")
(SEQ, TEXT, LEAD, RESPONSIBLE, COOPERATING, DEADLINE, ORIGINAL, LIGHT, STATE, PROGRESS, SCHEDULE,
 UPDATED, PLAN) = range(len(COLUMNS))
EXTENDED_MARK = "（已延期）"    # after the current deadline of a task whose 延期 was approved
HEADER_TIPS = {DEADLINE: "现定完成时限：批准延期后为延期后的日期，并注明“已延期”",
               ORIGINAL: "原定完成时限：文件规定的日期，仅在批准延期后显示",
               STATE: "状态；督查室待办的标在后面：待审批（有延期或办结申请）、待销号（已报完成）；已销号的任务显示“已销号”"}
LIGHT_COLOURS = {RED: QColor("#d32f2f"), YELLOW: QColor("#f9a825"), GREEN: QColor("#43a047")}
_LIGHT_ORDER = {RED: 0, YELLOW: 1, GREEN: 2, None: 3}
_ROLE_COLUMNS = {LEAD: "lead", RESPONSIBLE: "responsible", COOPERATING: "cooperating"}
STATE_COLOURS = {OVERDUE: QColor("#c62828"), DUE_SOON: QColor("#ef8f00"), DONE: QColor("#2e7d32"),
                 ONGOING: QColor("#546e7a")}
EXTENDED_COLOUR = QColor("#8d6e00")      # the original deadline: an amber that reads on white
_Index = QModelIndex | QPersistentModelIndex


def _date(iso: str | None) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


class TaskTableModel(ListTableModel):
    """Rows are indexes into a TaskTable; states, lights and 序时进度 come from
    the presenter's Assessment."""

    columns = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table = TaskTable()
        self.rows: list[int] = []
        self.assessment = Assessment.empty(date.today())
        self.queue = OfficeQueue()         # what waits for the office, read with the table
        self.group_by_plan = True

    @property
    def state_of(self) -> list[str]:
        return self.assessment.states

    # -- what the presenter sets -------------------------------------------

    def set_table(self, table: TaskTable, assessment: Assessment, rows: Sequence[int] | None = None,
                  queue: OfficeQueue | None = None) -> None:
        """A new snapshot showing `rows` (default all), with the office's queue read with it: one reset."""
        self.beginResetModel()
        self.table, self.assessment, self.queue = table, assessment, queue if queue is not None else OfficeQueue()
        self.rows = list(range(len(table))) if rows is None else list(rows)
        self.endResetModel()

    def set_assessment(self, assessment: Assessment) -> None:
        """A new as-of date: same rows, new cells."""
        self.assessment = assessment
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    def set_rows(self, rows: Sequence[int]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of_task(self, task_id: int) -> int:
        """View row showing the task, or -1."""
        try:
            table_row = self.table.ids.index(task_id)
            return self.rows.index(table_row)
        except ValueError:
            return -1

    def date_range(self) -> tuple[date | None, date | None]:
        """Earliest start and latest deadline over the shown rows (the timeline's extent)."""
        table, rows = self.table, self.rows
        if len(rows) == len(table):            # every row (in some order): no need to look them up
            plans, deadlines = set(table.plan_ids), table.deadlines
        else:
            plans, deadlines = set(map(table.plan_ids.__getitem__, rows)), map(table.deadlines.__getitem__, rows)
        dates = {table.plans[plan][2] for plan in plans}
        dates.update(deadlines)
        dates.discard(None)
        return (_date(min(dates)), _date(max(dates))) if dates else (None, None)

    def task_id(self, view_row: int) -> int:
        return self.table.ids[self.rows[view_row]]

    # -- QAbstractTableModel -----------------------------------------------

    def row_count(self) -> int:
        return len(self.rows)


    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column, table = self.rows[index.row()], index.column(), self.table
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (TEXT, LEAD, RESPONSIBLE, COOPERATING):
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == PLAN:
            number, title, _ = table.plans[table.plan_ids[row]]
            return "\n".join(part for part in (number, title) if part)
        if role == Qt.ItemDataRole.ToolTipRole and column in (LIGHT, SCHEDULE):
            # The reason in words, composed only for the row pointed at.
            return light_of_row(table, row, self.assessment.as_of).reason
        if role == Qt.ItemDataRole.ToolTipRole and column in (DEADLINE, ORIGINAL):
            return self._deadline_tip(row)
        if role == Qt.ItemDataRole.ToolTipRole and column == STATE:
            return self._state_tip(row)
        if role == Qt.ItemDataRole.DecorationRole and column == LIGHT:
            return LIGHT_COLOURS.get(self.assessment.lights[row].colour)
        if role == Qt.ItemDataRole.ForegroundRole and column == SCHEDULE and self.assessment.pace_of(row) == "欠进度":
            return QBrush(STATE_COLOURS[OVERDUE])
        if role == Qt.ItemDataRole.ForegroundRole and column in (STATE, DEADLINE):
            colour = STATE_COLOURS.get(self.state_of[row])
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and column == ORIGINAL:
            return QBrush(EXTENDED_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SEQ, PROGRESS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == TASK_ID_ROLE:
            return table.ids[row]
        if role == START_ROLE:
            return _date(table.start(row))
        if role == END_ROLE:
            return _date(table.deadlines[row])
        if role == ORIGINAL_END_ROLE:
            return _date(table.original_deadline(row))
        if role == STATE_ROLE:
            return self.state_of[row]
        if role == LIGHT_ROLE:
            return self.assessment.lights[row].colour
        if role == ONGOING_ROLE:
            return table.ongoing[row]
        if role == GROUP_ROLE:
            return table.plan_number(row) if self.group_by_plan else (table.unit_text(row, "lead")
                                                                     or "未明确牵头单位")
        return None

    def _display(self, row: int, column: int) -> str:
        table = self.table
        if column == SEQ:
            return table.seqs[row]
        if column == TEXT:
            return table.texts[row]
        if column in _ROLE_COLUMNS:
            return table.unit_text(row, _ROLE_COLUMNS[column])
        if column == DEADLINE:
            deadline = table.deadlines[row]
            if not deadline:
                return table.deadline_texts[row] or ""
            return chinese_date(deadline) + (EXTENDED_MARK if table.original_deadline(row) else "")
        if column == ORIGINAL:
            return chinese_date(table.original_deadline(row))
        if column == STATE:
            step = office_step(table, self.queue, row)
            if step == CLOSED:
                return CLOSED                      # 已销号 says 已完成 and more
            return f"{self.state_of[row]}·{step}" if step else self.state_of[row]
        if column == PROGRESS:
            return f"{table.progress[row]}%"
        if column == LIGHT:
            return self.assessment.lights[row].colour or ""
        if column == SCHEDULE:
            expected, pace = self.assessment.expected_of(row), self.assessment.pace_of(row)
            if expected is None:
                return ""
            return f"{expected:.0f}%" + (f" {pace}" if pace and pace != "正常" else "")
        if column == UPDATED:
            return chinese_date(table.last_updates[row])
        if column == PLAN:
            return table.plan_number(row)
        return ""

    def _deadline_tip(self, row: int) -> str | None:
        """Both deadlines of a task whose 延期 was approved, and the document's own words."""
        table = self.table
        original, written = table.original_deadline(row), table.deadline_texts[row]
        lines = []
        if original:
            lines += [f"现定：{chinese_date(table.deadlines[row])}（已批准延期）", f"原定：{chinese_date(original)}"]
        if written:
            lines.append(f"原文：{written}")
        return "\n".join(lines) or None

    def _state_tip(self, row: int) -> str | None:
        table = self.table
        closed = table.closed(row)
        if closed:
            return f"已于{chinese_date(closed)}销号"
        items = self.queue.by_row.get(row)
        return describe(items) if items else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by building a new row list (no proxy model)."""
        self.set_rows(sorted_rows(self.rows, self.table, self.assessment, column,
                                  order == Qt.SortOrder.DescendingOrder))


def sorted_rows(rows: Sequence[int], table: TaskTable, assessment: Assessment, column: int,
                descending: bool) -> list[int]:
    """Rows sorted on a column; rows with nothing to sort by (no deadline, no
    序时进度, no update, no light) come last in either direction."""
    empty = None
    if column == DEADLINE:
        empty = table.deadlines
    elif column == ORIGINAL:
        empty = list(map(table.original_deadlines.get, table.ids))
    elif column == SCHEDULE:
        empty = assessment.expected        # every row's 序时进度, computed here on the first such sort
    elif column == UPDATED:
        empty = table.last_updates
    elif column == LIGHT:
        empty = [light.colour for light in assessment.lights]
    key = sort_key(table, assessment, column)
    if empty is None:
        return sorted(rows, key=key, reverse=descending)
    valued = [row for row in rows if empty[row] is not None]
    return sorted(valued, key=key, reverse=descending) + [row for row in rows if empty[row] is None]


def sort_key(table: TaskTable, assessment: Assessment, column: int):
    """A key function over table rows for one column; undated rows sort last."""
    state_of = assessment.states
    if column == SEQ:
        return lambda row: (table.plan_ids[row], row)
    if column == TEXT:
        return lambda row: table.texts[row]
    if column in _ROLE_COLUMNS:
        role = _ROLE_COLUMNS[column]
        return lambda row: table.unit_text(row, role)
    if column == DEADLINE:
        # A C-level key (list.__getitem__): sorting 100,000 rows by a lambda cost 40 % more.
        keys = [deadline or "9999" for deadline in table.deadlines]
        return keys.__getitem__
    if column == ORIGINAL:
        return lambda row: table.original_deadline(row) or "9999"
    if column == STATE:
        from models.rules.status import DERIVED_STATES
        order = {state: position for position, state in enumerate(DERIVED_STATES)}
        return lambda row: order.get(state_of[row], 99)
    if column == PROGRESS:
        return lambda row: table.progress[row]
    if column == LIGHT:
        lights = assessment.lights
        return lambda row: _LIGHT_ORDER[lights[row].colour]
    if column == SCHEDULE:
        expected = assessment.expected
        return lambda row: (expected[row] is None, -(expected[row] or 0) + table.progress[row])
    if column == UPDATED:
        return lambda row: table.last_updates[row] or ""
    if column == PLAN:
        return lambda row: (table.plan_number(row), row)     # a plan's tasks stay in their order
    return lambda row: row
