"""What the task list shows: scope (all, a department, a plan), filters and
sort, turned into row indexes of one TaskTable. Domain rules (states,
tallies) come from models/; this only wires them to the Qt models."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal

from models.supervision.assessment import Assessment, assess
from models.supervision.lights import LightSettings
from models.rules.workdays import UnknownCalendarYear
from models.supervision.listing import ROLES, DepartmentTally, TaskTable
from models.supervision.waiting import OFFICE_STATES, OfficeQueue, office_rows
from models.rules.status import DUE_SOON_DAYS

from .task_table_model import TaskTableModel, sorted_rows


@dataclass(frozen=True)
class Scope:
    kind: str = "all"              # all / department / plan
    ident: int | None = None
    label: str = "全部任务"


@dataclass(frozen=True)
class Filters:
    states: tuple[str, ...] | None = None        # derived states (逾期 …) or office steps (待审批 …) to keep; None = all
    lights: tuple[str, ...] | None = None        # 红/黄/绿 to keep; None = all
    roles: tuple[str, ...] = ROLES               # for a department scope
    deadline_from: date | None = None
    deadline_to: date | None = None
    text: str = ""


class TaskListPresenter(QObject):
    """Owns the TaskTable snapshot and the as-of date; drives the TaskTableModel."""

    tableChanged = Signal()                      # new snapshot or new as-of date: tallies changed
    calendarProblem = Signal(str)                # working days asked for a year the calendar lacks
    rowsChanged = Signal(int)                    # rows shown

    def __init__(self, model: TaskTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = TaskTable()
        self.assessment = Assessment.empty(date.today())
        self.as_of = date.today()
        self.due_soon_days = DUE_SOON_DAYS
        self.working_days = False                # "due within N days" counted in working days
        self.queue = OfficeQueue()               # what waits for the office, read with the table
        self.scope = Scope()
        self.filters = Filters()
        self._tallies: list[DepartmentTally] | None = None
        self.sort_column: int | None = None
        self.sort_order = Qt.SortOrder.AscendingOrder

    @property
    def state_of(self) -> list[str]:
        return self.assessment.states

    def set_table(self, table: TaskTable, assessment: Assessment | None = None,
                  tallies: list[DepartmentTally] | None = None, queue: OfficeQueue | None = None) -> None:
        """Show a snapshot; its assessment, tallies and the office's queue may come precomputed (from
        the worker). The same table again (patched after an update) keeps its queue."""
        if queue is None and table is not self.table:
            queue = OfficeQueue()
        self.table = table
        self.queue = queue if queue is not None else self.queue
        self.assessment = assessment if assessment is not None else self._assess()
        self._tallies = tallies
        self.model.set_table(table, self.assessment, self._rows(), self.queue)
        self.rowsChanged.emit(self.model.rowCount())
        self.tableChanged.emit()

    def set_as_of(self, as_of: date, due_soon_days: int | None = None, working_days: bool | None = None) -> None:
        """Re-assess for another day; working days fall back to calendar days for an
        unknown year (the caller is told through `calendarProblem`)."""
        self.as_of = as_of
        if due_soon_days is not None:
            self.due_soon_days = due_soon_days
        if working_days is not None:
            self.working_days = working_days
        try:
            self.assessment = self._assess()
        except UnknownCalendarYear as error:
            self.working_days = False
            self.calendarProblem.emit(str(error))
            self.assessment = self._assess()
        self._tallies = None
        self.model.set_assessment(self.assessment)
        self.apply()
        self.tableChanged.emit()

    def _assess(self) -> Assessment:
        settings = LightSettings(working_days=self.working_days)
        return assess(self.table, self.as_of, self.due_soon_days, settings)

    def set_scope(self, scope: Scope) -> None:
        self.scope = scope
        self.apply()

    def set_filters(self, **changes) -> None:
        self.filters = replace(self.filters, **changes)
        self.apply()

    def set_sort(self, column: int, order: Qt.SortOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.apply()

    def tallies(self) -> list[DepartmentTally]:
        if self._tallies is None:
            self._tallies = self.table.tallies(self.state_of, self.assessment.lights, self.queue.rows)
        return self._tallies

    def apply(self) -> None:
        """Rebuild the shown rows from scope, filters and sort; reset the model once."""
        rows = self._rows()
        self.model.set_rows(rows)
        self.rowsChanged.emit(len(rows))

    def _rows(self) -> list[int]:
        """The rows scope, filters and sort choose, in the order shown."""
        table, filters = self.table, self.filters
        if self.scope.kind == "department" and self.scope.ident is not None:
            rows = table.rows_of_department(self.scope.ident, filters.roles)
        elif self.scope.kind == "plan" and self.scope.ident is not None:
            rows = table.by_plan.get(self.scope.ident, [])
        else:
            rows = None
        if filters.lights is not None:
            lights = self.assessment.lights
            wanted = set(filters.lights)
            rows = [row for row in (range(len(table)) if rows is None else rows) if lights[row].colour in wanted]
        states = filters.states
        if states is not None and any(state in OFFICE_STATES for state in states):
            marked = frozenset().union(*(office_rows(table, self.queue, state) for state in states
                                         if state in OFFICE_STATES))
            rows = [row for row in (range(len(table)) if rows is None else rows) if row in marked]
            states = tuple(state for state in states if state not in OFFICE_STATES) or None
        rows = table.select(rows, states=states, state_of=self.state_of,
                            deadline_from=filters.deadline_from, deadline_to=filters.deadline_to,
                            text=filters.text.strip())
        if self.sort_column is not None:
            rows = sorted_rows(rows, table, self.assessment, self.sort_column,
                               self.sort_order == Qt.SortOrder.DescendingOrder)
        return rows
