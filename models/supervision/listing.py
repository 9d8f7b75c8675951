"""A column-wise snapshot of every task, for lists that show 100,000 of them.

The desktop holds one `TaskTable` and answers every switch, filter and sort
with a new list of row indexes into it, which is much cheaper than a query
or a proxy model per change. Loading reads with raw cursors (peewee model
instances would cost several times more) and builds plain lists.
Qt-free: the desktop's models only present what this computes.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import itemgetter

from models.registry.schema import db
from models.rules.status import DONE, DUE_SOON, DUE_SOON_DAYS, OVERDUE, StateClassifier

ROLES = ("lead", "responsible", "cooperating")
_first, _second = itemgetter(0), itemgetter(1)


@dataclass
class DepartmentTally:
    """One department's tasks (any role, each task once) by derived state."""

    department_id: int
    name: str
    is_group: bool
    total: int = 0
    overdue: int = 0
    due_soon: int = 0
    done: int = 0
    red: int = 0                     # 红灯 (when lights were given)
    yellow: int = 0


@dataclass
class TaskTable:
    """Every live task, column by column; row indexes are positions in these lists."""

    ids: list[int] = field(default_factory=list)
    plan_ids: list[int] = field(default_factory=list)
    seqs: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    deadlines: list[str | None] = field(default_factory=list)        # ISO dates
    deadline_texts: list[str | None] = field(default_factory=list)
    recurrences: list[str | None] = field(default_factory=list)
    ongoing: list[bool] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    progress: list[int] = field(default_factory=list)
    last_updates: list[str | None] = field(default_factory=list)     # ISO date-times
    versions: list[int] = field(default_factory=list)                # Task.version, for optimistic locking
    units: dict[str, list[tuple[int, ...]]] = field(default_factory=lambda: {role: [] for role in ROLES})  # role -> department ids per row
    plans: dict[int, tuple[str | None, str | None, str | None]] = field(default_factory=dict)  # number, title, issue date
    plan_warnings: dict[int, str] = field(default_factory=dict)   # plan -> what its import could not read
    department_names: dict[int, str] = field(default_factory=dict)
    group_departments: set[int] = field(default_factory=set)
    # Department -> its county ("" for none): 平顺's and 偏关's 县住建局 are two departments, for grouping by county.
    department_counties: dict[int, str] = field(default_factory=dict)
    _by_department: dict[int, dict[str, list[int]]] | None = None
    by_plan: dict[int, list[int]] = field(default_factory=dict)
    _unit_text: dict[str, list[str | None]] = field(default_factory=dict)
    _haystack: list[str] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def version(self, row: int) -> int | None:
        """The task's version when the table was read (None for a table built without versions)."""
        return self.versions[row] if row < len(self.versions) else None

    # -- what a row shows ----------------------------------------------------

    def unit_text(self, row: int, role: str) -> str:
        """The row's units of one role, as 、-joined canonical names."""
        cache = self._unit_text.setdefault(role, [None] * len(self.ids))
        text = cache[row]
        if text is None:
            names = self.department_names
            text = cache[row] = "、".join(names[ident] for ident in self.units[role][row])
        return text

    def start(self, row: int) -> str | None:
        """When the task began: its plan's issue date."""
        return self.plans[self.plan_ids[row]][2]

    def plan_number(self, row: int) -> str:
        number, title, _ = self.plans[self.plan_ids[row]]
        return number or title or ""

    def states(self, as_of: date, due_soon_days: int = DUE_SOON_DAYS, working_days: bool = False) -> list[str]:
        """Derived state of every row (逾期, 即将到期 …), computed in bulk."""
        classify = StateClassifier(as_of, due_soon_days, working_days)
        return [classify(deadline, status, ongoing) for deadline, status, ongoing
                in zip(self.deadlines, self.statuses, self.ongoing)]

    @property
    def by_department(self) -> dict[int, dict[str, list[int]]]:
        """Department -> role -> rows; built on first use (it is not needed to show the list)."""
        if self._by_department is None:
            index: dict[int, dict[str, list[int]]] = {}
            for role in ROLES:
                for row, departments in enumerate(self.units[role]):
                    for ident in departments:
                        index.setdefault(ident, {}).setdefault(role, []).append(row)
            self._by_department = index
        return self._by_department

    # -- choosing rows -----------------------------------------------------

    def rows_of_department(self, department_id: int, roles: Iterable[str] = ROLES) -> list[int]:
        by_role = self.by_department.get(department_id, {})
        chosen: set[int] = set()
        for role in roles:
            chosen.update(by_role.get(role, ()))
        return sorted(chosen)

    def select(self, rows: Sequence[int] | None = None, *, states: Sequence[str] | None = None,
               state_of: Sequence[str] | None = None, deadline_from: date | None = None,
               deadline_to: date | None = None, text: str = "") -> list[int]:
        """Rows (of `rows`, default all) that pass every given filter.

        `states` keeps rows whose derived state (from `state_of`, one per
        row) is listed; the deadline range keeps dated rows inside it; `text`
        is a plain substring of the task, its plan or its units.
        """
        chosen = range(len(self.ids)) if rows is None else rows
        if states is not None and state_of is not None:
            wanted = set(states)
            chosen = [row for row in chosen if state_of[row] in wanted]
        if deadline_from is not None or deadline_to is not None:
            low = deadline_from.isoformat() if deadline_from else "0000"
            high = deadline_to.isoformat() if deadline_to else "9999"
            deadlines = self.deadlines
            chosen = [row for row in chosen if deadlines[row] is not None and low <= deadlines[row] <= high]
        if text:
            haystack = self.haystack()
            chosen = [row for row in chosen if text in haystack[row]]
        return list(chosen)

    def haystack(self) -> list[str]:
        """Per row: text, plan and unit names in one string for substring search."""
        if self._haystack is None:
            names = self.department_names
            plan_text = {ident: f"{number or ''} {title or ''}" for ident, (number, title, _) in self.plans.items()}
            self._haystack = [
                f"{text}\n{plan_text[plan]}\n{seq}\n" + "、".join(
                    names[ident] for role in ROLES for ident in self.units[role][row])
                for row, (text, plan, seq) in enumerate(zip(self.texts, self.plan_ids, self.seqs))]
        return self._haystack

    def tallies(self, state_of: Sequence[str], lights: Sequence | None = None) -> list[DepartmentTally]:
        """Per department: tasks, overdue, due soon, done, and 红/黄 lights (each task counted once)."""
        counters = {state: Counter() for state in ("total", OVERDUE, DUE_SOON, DONE, "红", "黄")}
        lead, responsible, cooperating = (self.units[role] for role in ROLES)
        total = counters["total"]
        for row, state in enumerate(state_of):
            departments = set(lead[row]).union(responsible[row], cooperating[row])
            total.update(departments)
            if state in counters:
                counters[state].update(departments)
            if lights is not None and lights[row].colour in ("红", "黄"):
                counters[lights[row].colour].update(departments)
        result = [DepartmentTally(ident, self.department_names[ident], ident in self.group_departments, count,
                                  counters[OVERDUE][ident], counters[DUE_SOON][ident], counters[DONE][ident],
                                  counters["红"][ident], counters["黄"][ident])
                  for ident, count in total.items()]
        result.sort(key=lambda tally: (tally.is_group, -tally.overdue, -tally.total, tally.name))
        return result


def load_task_table(department: int | None = None) -> TaskTable:
    """Read every live task of the open registry into a TaskTable.

    ``department``: only the tasks that department has a role in (a
    liaison restricted to their own department, models.access.permissions.visible_department).
    """
    table = TaskTable()
    cursor = db.execute_sql
    only, params = "", ()
    if department is not None:
        only, params = " AND id IN (SELECT task_id FROM assignment WHERE department_id = ?)", (department,)
    plans = cursor("SELECT id, number, title, issue_date, import_warnings FROM plan").fetchall()
    table.plans = {ident: (number, title, issue_date) for ident, number, title, issue_date, _ in plans}
    if department is None:          # the office's business: it imports, and it enters what was not read
        table.plan_warnings = {ident: warnings for ident, *_, warnings in plans if warnings}
    departments = cursor("SELECT id, name, is_group, county FROM department").fetchall()
    table.department_names = {ident: name for ident, name, _, _ in departments}
    table.group_departments = {ident for ident, _, group, _ in departments if group}
    table.department_counties = {ident: county for ident, _, _, county in departments}
    rows = cursor(
        "SELECT id, plan_id, seq, text, current_deadline, deadline_text, recurrence, ongoing, status, progress, "
        f"version FROM task WHERE NOT withdrawn{only} ORDER BY plan_id, position, id", params).fetchall()
    if rows:
        (table.ids, table.plan_ids, seqs, table.texts, table.deadlines, table.deadline_texts,
         table.recurrences, ongoing, table.statuses, table.progress, table.versions) = map(list, zip(*rows))
        table.seqs = [seq or "" for seq in seqs]
        table.ongoing = [bool(value) for value in ongoing]
    # One query per role, grouped by task in C (itertools.groupby): a plain
    # loop over 400,000 assignment rows cost 0.7 s at 100,000 tasks.
    for role in ROLES:
        per_task = {task: tuple(map(_second, group)) for task, group in groupby(cursor(
            "SELECT task_id, department_id FROM assignment WHERE role = ? ORDER BY task_id, position",
            (role,)), key=_first)}
        table.units[role] = [per_task.get(ident, ()) for ident in table.ids]
    for row, plan in enumerate(table.plan_ids):
        table.by_plan.setdefault(plan, []).append(row)
    last = dict(cursor("SELECT task_id, MAX(created_at) FROM status_update GROUP BY task_id").fetchall())
    table.last_updates = [last.get(ident) for ident in table.ids]
    return table


def apply_update(table: TaskTable, task_id: int, status: str, progress: int, stamp: str) -> int | None:
    """Patch one row after a status update (cheaper than reloading 100,000 rows).

    Returns the row, or None if the task is not in the table.
    """
    try:
        row = table.ids.index(task_id)
    except ValueError:
        return None
    table.statuses[row] = status
    table.progress[row] = progress
    table.last_updates[row] = stamp
    if row < len(table.versions):
        table.versions[row] += 1      # every status update bumps Task.version by one
    return row
