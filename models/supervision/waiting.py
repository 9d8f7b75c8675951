"""What waits for the office (待办), and the three steps of its process the state filter offers
beside the derived states (逾期 …): 待审批, 待销号, 已销号.

- 待审批: a 延期 request or a 办结 application is pending; the office approves or refuses it
  (审批延期; 审核办结: 销号 or 退回).
- 待销号: the task was reported 已完成 (by 更新进展, or by 申请办结) and is not closed yet, as the
  statistics' 待销号 column counts it. With an application pending the office decides it; without
  one, 销号 waits for an application, which the department files, or the office for it.
- 已销号: closed (``Task.closed_on`` set).

They are marks, not one state per task: a pending 办结 application is 待审批 and 待销号 at once.
A row shows the step the office takes next (:func:`office_step`): 已销号, else 待审批, else 待销号.

The 待办 list (:class:`OfficeQueue`) has one item per pending request, and one per task reported
已完成 with no application pending, oldest first: since the request, or since the first 已完成
report after the task last was anything else. Read with the TaskTable it belongs to, so a
liaison's scoped table gives only their department's items. Qt-free.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from itertools import compress, count

from models.errors import translate_errors
from models.registry.dialect import ids_in
from models.registry.schema import CLOSURE_STATES, EXTENSION_STATES, db
from models.rules.status import DONE
from models.rules.wording import chinese_date
from models.supervision.listing import TaskTable

AWAITING_APPROVAL, AWAITING_CLOSURE, CLOSED = "待审批", "待销号", "已销号"
OFFICE_STATES: tuple[str, ...] = (AWAITING_APPROVAL, AWAITING_CLOSURE, CLOSED)
# What each of them keeps, said where the filter offers them.
OFFICE_STATE_MEANINGS = {
    AWAITING_APPROVAL: "有待督查室审批的延期申请或办结申请",
    AWAITING_CLOSURE: "已报完成（含已申请办结）、尚未销号",
    CLOSED: "督查室已审核销号",
}

EXTENSION, CLOSURE, REPORTED_DONE = "延期申请", "办结申请", "已报完成"
KINDS: tuple[str, ...] = (EXTENSION, CLOSURE, REPORTED_DONE)
# What the office does about each kind of item.
DECISIONS = {EXTENSION: "审批延期", CLOSURE: "审核办结（销号或退回）", REPORTED_DONE: "申请办结后销号"}
_EXTENSION_PENDING = EXTENSION_STATES[0]
_CLOSURE_PENDING = CLOSURE_STATES[0]


@dataclass(frozen=True, slots=True)
class Waiting:
    """One thing waiting for the office: a pending request, or a task reported 已完成 without one."""

    kind: str                  # EXTENSION / CLOSURE / REPORTED_DONE
    task_id: int
    row: int                   # the task's row in the TaskTable the queue was read with
    since: datetime | None     # when it began to wait (None: not recorded)
    by: str                    # who asked, applied or reported
    department: str            # in whose name ("" for none)
    detail: str                # what was asked: the new deadline and the reason, the note …
    request_id: int | None     # the request to decide (None for REPORTED_DONE)

    @property
    def decision(self) -> str:
        return DECISIONS[self.kind]

    def days_waiting(self, today: date) -> int | None:
        """Whole days since it began to wait (0 on the day itself); None when that is not recorded."""
        return None if self.since is None else max(0, (today - self.since.date()).days)


@dataclass(frozen=True)
class OfficeQueue:
    """The items waiting for the office, oldest first (undated ones last)."""

    items: tuple[Waiting, ...] = ()

    @cached_property
    def rows(self) -> frozenset[int]:
        """Table rows with an item: the tasks that wait."""
        return frozenset(item.row for item in self.items)

    @cached_property
    def requested_rows(self) -> frozenset[int]:
        """Rows with a pending request (延期 or 办结): 待审批."""
        return frozenset(item.row for item in self.items if item.request_id is not None)

    @cached_property
    def by_row(self) -> dict[int, tuple[Waiting, ...]]:
        found: dict[int, list[Waiting]] = {}
        for item in self.items:
            found.setdefault(item.row, []).append(item)
        return {row: tuple(items) for row, items in found.items()}

    def counts(self) -> dict[str, int]:
        """Items per kind, every kind named (0 when none)."""
        counted = Counter(item.kind for item in self.items)
        return {kind: counted[kind] for kind in KINDS}

    def __len__(self) -> int:
        return len(self.items)


def office_rows(table: TaskTable, queue: OfficeQueue, state: str) -> frozenset[int]:
    """The table rows in ``state``, one of OFFICE_STATES."""
    return _ROWS_IN[state](table, queue)


def _requested(_table: TaskTable, queue: OfficeQueue) -> frozenset[int]:
    return queue.requested_rows


def _reported_done_rows(table: TaskTable, _queue: OfficeQueue) -> frozenset[int]:
    closed = table.closed_on
    return frozenset(row for row, (ident, status) in enumerate(zip(table.ids, table.statuses))
                     if status == DONE and ident not in closed)


def _closed_rows(table: TaskTable, _queue: OfficeQueue) -> frozenset[int]:
    closed = table.closed_on
    return frozenset(row for row, ident in enumerate(table.ids) if ident in closed)


_ROWS_IN = {AWAITING_APPROVAL: _requested, AWAITING_CLOSURE: _reported_done_rows, CLOSED: _closed_rows}


def office_step(table: TaskTable, queue: OfficeQueue, row: int) -> str | None:
    """The office's step a row is at, the one shown: 已销号, else 待审批, else 待销号, else None."""
    if table.closed(row) is not None:
        return CLOSED
    if row in queue.requested_rows:
        return AWAITING_APPROVAL
    if table.statuses[row] == DONE:
        return AWAITING_CLOSURE
    return None


def describe(items: Iterable[Waiting]) -> str:
    """The items of one task in words, one line each (a tooltip)."""
    lines = []
    for item in items:
        when = chinese_date(item.since) if item.since else "时间不详"
        who = "、".join(filter(None, (item.department, item.by))) or "—"
        lines.append(f"{item.kind}（{when}，{who}）：{item.detail}，待{item.decision}")
    return "\n".join(lines)


@translate_errors
def office_queue(table: TaskTable) -> OfficeQueue:
    """What waits for the office among the table's tasks: pending requests (two small tables), and
    when each open task the table says is 已完成 began to wait (its updates, by the task index)."""
    extensions = db.execute_sql(
        "SELECT id, task_id, requested_at, requested_by, department_id, requested_deadline, previous_deadline, "
        "reason FROM extension_request WHERE state = ?", (_EXTENSION_PENDING,)).fetchall()
    closures = db.execute_sql(
        "SELECT id, task_id, applied_at, applied_by, department_id, note FROM closure_request WHERE state = ?",
        (_CLOSURE_PENDING,)).fetchall()
    # Task id -> row, in C, only when something is pending (usually a handful of requests).
    row_of = dict(zip(table.ids, count())) if extensions or closures else {}
    names = table.department_names
    items: list[Waiting] = []
    applied: set[int] = set()
    for ident, task_id, at, by, department, wanted, previous, reason in extensions:
        if task_id in row_of:
            detail = f"申请由{chinese_date(previous) or '—'}延至{chinese_date(wanted)}；理由：{reason}"
            items.append(Waiting(EXTENSION, task_id, row_of[task_id], _time(at), by or "",
                                 names.get(department, ""), detail, ident))
    for ident, task_id, at, by, department, note in closures:
        if task_id in row_of:
            applied.add(task_id)
            items.append(Waiting(CLOSURE, task_id, row_of[task_id], _time(at), by or "",
                                 names.get(department, ""), f"办结情况：{note}", ident))
    closed, ids = table.closed_on, table.ids
    done = [row for row in compress(count(), map(DONE.__eq__, table.statuses))     # the 已完成 rows, found in C
            if ids[row] not in closed and ids[row] not in applied]
    reported = _reported_done([ids[row] for row in done])
    for row in done:
        at, who, department = reported.get(ids[row], (None, "", None))
        items.append(Waiting(REPORTED_DONE, ids[row], row, _time(at), who or "", names.get(department, ""),
                             "已报完成，尚未申请办结", None))
    items.sort(key=lambda item: (item.since is None, item.since or datetime.min, item.task_id))
    return OfficeQueue(tuple(items))


def _reported_done(task_ids: list[int]) -> dict[int, tuple]:
    """Task -> (when, who, department) of the report that made it 已完成: its first 已完成 update
    after its last update that said anything else. Through the status updates' task index, for
    these tasks only (0.1 s at 30,000 tasks reported done; none read when none is)."""
    if not task_ids:
        return {}
    among, params = ids_in("s.task_id", task_ids)
    return {task_id: (at, who, department) for task_id, at, who, department in db.execute_sql(
        "SELECT s.task_id, s.created_at, s.who, s.department_id FROM status_update AS s "
        f"WHERE {among} AND s.status = ? AND s.id = ("
        "  SELECT MIN(f.id) FROM status_update AS f WHERE f.task_id = s.task_id AND f.status = ? AND f.id > "
        "  COALESCE((SELECT MAX(o.id) FROM status_update AS o WHERE o.task_id = s.task_id AND o.status <> ?), 0))",
        (*params, DONE, DONE, DONE))}


def _time(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
