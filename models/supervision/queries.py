"""Read-side queries for the command line and the desktop lists.

Set-based: a task list is two queries (tasks, their units) whatever its
length, and derived states come from :mod:`models.rules.status`, the one place
that defines them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from models.registry.bulk import gc_paused
from models.registry.departments import DepartmentResolver
from models.errors import translate_errors
from models.registry.schema import db
from models.rules.status import DONE, DUE_SOON, DUE_SOON_DAYS, OVERDUE, StateClassifier


class TaskRow(NamedTuple):
    """One task as a list shows it; unit names are canonical, ``*_written`` as the document wrote them.

    A NamedTuple rather than a frozen dataclass: building 100,000 of them is
    several times cheaper, and they stay immutable.
    """

    id: int
    plan_id: int
    plan_number: str | None
    plan_title: str | None
    seq: str | None
    text: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    cooperating: tuple[str, ...]
    lead_written: tuple[str, ...]
    responsible_written: tuple[str, ...]
    cooperating_written: tuple[str, ...]
    current_deadline: date | None
    original_deadline: date | None
    deadline_text: str | None
    recurrence: str | None
    ongoing: bool
    status: str
    progress: int
    state: str                      # derived: 逾期/即将到期/…
    supervision_number: str | None
    last_update: datetime | None
    withdrawn: bool


@dataclass(frozen=True, slots=True)
class DepartmentCount:
    """Tasks of one department (any role, each task once) by derived state."""

    department_id: int
    name: str
    is_group: bool
    total: int
    overdue: int
    due_soon: int
    done: int


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


_TASKS_SQL = """
SELECT t.id, t.plan_id, t.seq, t.text, t.current_deadline, t.original_deadline, t.deadline_text,
       t.recurrence, t.ongoing, t.status, t.progress, t.supervision_number, t.withdrawn
FROM task AS t
WHERE {where}
ORDER BY t.plan_id, t.position, t.id
"""
# Department names are joined in Python from a small dict: cheaper than a
# join repeated over every assignment row.
_UNITS_SQL = """
SELECT a.task_id, a.role, a.department_id, a.written_name
FROM assignment AS a {join}
WHERE {where}
ORDER BY a.task_id, a.position
"""




_ROLE_SLOT = {"lead": 0, "responsible": 1, "cooperating": 2}
_NO_UNITS: tuple[list[str], ...] = ([], [], [], [], [], [])


@translate_errors
def task_rows(
    department: int | str | None = None,
    overdue_only: bool = False,
    as_of: date | None = None,
    plan: int | str | None = None,
    include_withdrawn: bool = False,
    due_soon_days: int = DUE_SOON_DAYS,
) -> list[TaskRow]:
    """Tasks in plan order, optionally of one department (id or any alias) or plan (id or number).

    ``as_of`` defaults to today. Raises NotFound for an unknown department.
    Four queries whatever the number of tasks.
    """
    as_of = as_of or date.today()
    plans = {ident: (number, title) for ident, number, title in db.execute_sql(
        "SELECT id, number, title FROM plan")}
    conditions: list[str] = []
    params: list[object] = []
    if not include_withdrawn:
        conditions.append("NOT t.withdrawn")
    if plan is not None:
        plan_id = plan if isinstance(plan, int) else next(
            (ident for ident, (number, _) in plans.items() if number == plan), -1)
        conditions.append("t.plan_id = ?")
        params.append(plan_id)
    if department is not None:
        department_id = DepartmentResolver().require(department)
        conditions.append("t.id IN (SELECT task_id FROM assignment WHERE department_id = ?)")
        params.append(department_id)
    if overdue_only:
        # A cheap superset in SQL; the exact rule is applied below by StateClassifier.
        conditions.append("t.current_deadline < ?")
        params.append(as_of.isoformat())
    where = " AND ".join(conditions) or "1 = 1"
    filtered = bool(params)

    names = dict(db.execute_sql("SELECT id, name FROM department").fetchall())
    with gc_paused():
        units = _load_units(names, filtered, where, params)
    last_updates = dict(db.execute_sql(
        "SELECT task_id, MAX(created_at) FROM status_update GROUP BY task_id").fetchall())

    with gc_paused():
        return _build_rows(_TASKS_SQL.format(where=where), params, plans, units, last_updates,
                           StateClassifier(as_of, due_soon_days), overdue_only)


def _load_units(names: dict[int, str], filtered: bool, where: str,
                params: list[object]) -> dict[int, tuple[list[str], ...]]:
    """Per task: canonical lead/responsible/cooperating names, then the written ones."""
    units: dict[int, tuple[list[str], ...]] = {}
    units_sql = _UNITS_SQL.format(join="JOIN task AS t ON t.id = a.task_id" if filtered else "",
                                  where=where if filtered else "1 = 1")
    for task_id, role, department_id, written in db.execute_sql(units_sql, params):
        entry = units.get(task_id)
        if entry is None:
            entry = units[task_id] = ([], [], [], [], [], [])
        slot = _ROLE_SLOT[role]
        entry[slot].append(names[department_id])
        entry[slot + 3].append(written)
    return units


def _build_rows(
    sql: str,
    params: list[object],
    plans: dict[int, tuple[str | None, str | None]],
    units: dict[int, tuple[list[str], ...]],
    last_updates: dict[int, str],
    classify: StateClassifier,
    overdue_only: bool,
) -> list[TaskRow]:
    fromisoformat = date.fromisoformat
    rows: list[TaskRow] = []
    for (task_id, plan_id, seq, text, current, original, deadline_text, recurrence, ongoing, status,
         progress, supervision_number, withdrawn) in db.execute_sql(sql, params):
        state = classify(current, status, ongoing)
        if overdue_only and state != OVERDUE:
            continue
        number, title = plans[plan_id]
        lead, responsible, cooperating, lead_w, responsible_w, cooperating_w = units.get(task_id, _NO_UNITS)
        last = last_updates.get(task_id)
        rows.append(TaskRow(
            task_id, plan_id, number, title, seq, text,
            tuple(lead), tuple(responsible), tuple(cooperating),
            tuple(lead_w), tuple(responsible_w), tuple(cooperating_w),
            fromisoformat(current) if current else None, fromisoformat(original) if original else None,
            deadline_text, recurrence, bool(ongoing), status, progress, state, supervision_number,
            datetime.fromisoformat(last) if last else None, bool(withdrawn),
        ))
    return rows


@translate_errors
def department_counts(as_of: date | None = None, due_soon_days: int = DUE_SOON_DAYS) -> list[DepartmentCount]:
    """Per department with tasks: total, overdue, due soon and done, ordered by name."""
    as_of = as_of or date.today()
    classify = StateClassifier(as_of, due_soon_days)
    counts: dict[int, list[int]] = {}
    names: dict[int, tuple[str, bool]] = {}
    sql = """
    SELECT d.id, d.name, d.is_group, t.current_deadline, t.status, t.ongoing
    FROM (SELECT DISTINCT task_id, department_id FROM assignment) AS a
    JOIN task AS t ON t.id = a.task_id
    JOIN department AS d ON d.id = a.department_id
    WHERE NOT t.withdrawn
    """
    for ident, name, is_group, deadline, status, ongoing in db.execute_sql(sql):
        tally = counts.get(ident)
        if tally is None:
            tally = counts[ident] = [0, 0, 0, 0]
            names[ident] = (name, bool(is_group))
        tally[0] += 1
        state = classify(deadline, status, ongoing)
        if state == OVERDUE:
            tally[1] += 1
        elif state == DUE_SOON:
            tally[2] += 1
        elif state == DONE:
            tally[3] += 1
    return sorted(
        (DepartmentCount(ident, names[ident][0], names[ident][1], *tally) for ident, tally in counts.items()),
        key=lambda count: count.name,
    )


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One StatusUpdate of a task."""

    id: int
    created_at: datetime
    who: str
    department: str | None
    status: str
    progress: int
    note: str
    completed_on: date | None


@translate_errors
def task_history(task_id: int) -> list[HistoryEntry]:
    """A task's status updates, oldest first."""
    sql = """
    SELECT s.id, s.created_at, s.who, d.name, s.status, s.progress, s.note, s.completed_on
    FROM status_update AS s LEFT JOIN department AS d ON d.id = s.department_id
    WHERE s.task_id = ? ORDER BY s.created_at, s.id
    """
    return [
        HistoryEntry(ident, datetime.fromisoformat(created), who, department, status, progress, note,
                     _date(completed))
        for ident, created, who, department, status, progress, note, completed in db.execute_sql(sql, (task_id,))
    ]
