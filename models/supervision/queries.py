"""Tasks as records, one at a time, for what writes them out row by row (the
command line, the Excel ledger), and a task's history.

There is one read model, :class:`models.supervision.listing.TaskTable`;
:func:`task_rows` loads it through the same function as the window (so a
liaison is scoped the same way) and gives its rows as records. Derived
states come from :mod:`models.rules.status`, the one place that defines them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from models.errors import translate_errors
from models.registry.schema import db
from models.rules.status import DUE_SOON_DAYS, OVERDUE
from models.supervision.listing import ROLES, TaskTable, load_task_table

if TYPE_CHECKING:
    from models.access.actor import Actor


class TaskRow(NamedTuple):
    """One task of a TaskTable as a record; unit names are canonical."""

    id: int
    plan_id: int
    plan_number: str | None
    plan_title: str | None
    seq: str | None
    text: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    cooperating: tuple[str, ...]
    current_deadline: date | None
    deadline_text: str | None
    recurrence: str | None
    ongoing: bool
    status: str
    progress: int
    state: str                      # derived: 逾期/即将到期/…
    last_update: datetime | None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


@translate_errors
def task_rows(
    department: int | str | None = None,
    overdue_only: bool = False,
    as_of: date | None = None,
    plan: int | str | None = None,
    due_soon_days: int = DUE_SOON_DAYS,
    *,
    actor: Actor | None = None,
) -> list[TaskRow]:
    """Live tasks in plan order: of one department (id or any name, any role)
    or plan (id or number), and only what ``actor`` may see (see
    :func:`models.supervision.listing.load_task_table`).

    ``as_of`` defaults to today. NotFound for an unknown department or plan.
    """
    table = load_task_table(department, plan, actor=actor)
    states = table.states(as_of or date.today(), due_soon_days)
    return [table_row(table, row, states[row]) for row in range(len(table))
            if not overdue_only or states[row] == OVERDUE]


def table_row(table: TaskTable, row: int, state: str) -> TaskRow:
    """Row ``row`` of ``table`` as a record, with its derived ``state``."""
    number, title, _ = table.plans[table.plan_ids[row]]
    names = table.department_names
    lead, responsible, cooperating = (tuple(names[ident] for ident in table.units[role][row]) for role in ROLES)
    last = table.last_updates[row]
    return TaskRow(
        table.ids[row], table.plan_ids[row], number, title, table.seqs[row] or None, table.texts[row],
        lead, responsible, cooperating, _date(table.deadlines[row]), table.deadline_texts[row],
        table.recurrences[row], table.ongoing[row], table.statuses[row], table.progress[row], state,
        datetime.fromisoformat(last) if last else None)


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
