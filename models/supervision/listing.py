"""The one read model of tasks: a column-wise snapshot, for the window's list
of 100,000 tasks and for every command that lists them.

The desktop holds one `TaskTable` and answers every switch, filter and sort
with a new list of row indexes into it, which is much cheaper than a query
or a proxy model per change. The command line prints from the same table
(:func:`models.supervision.queries.task_rows` turns its rows into records),
and :func:`load_task_table` is the one place that decides what a person may
see. Loading reads with raw cursors (peewee model instances would cost
several times more) into plain lists; values that repeat from row to row
(dates, statuses, sequence numbers, unit lists) are stored once and shared.
Qt-free: the desktop's models only present what this computes.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import count, groupby, repeat
from operator import itemgetter
from pathlib import PurePath
from typing import TYPE_CHECKING

from models.access.permissions import visible_department
from models.errors import NotFound, PermissionDenied, translate_errors
from models.registry.departments import DepartmentResolver
from models.registry.counties import registry_county
from models.registry.schema import EXTENSION_STATES, ROLE_NAMES, ROLES, db
from models.rules.status import DONE, DUE_SOON, DUE_SOON_DAYS, NOT_STARTED, OVERDUE, StateClassifier

if TYPE_CHECKING:
    from models.access.actor import Actor

# What the window's tree and the command line's `departments` count for a
# department: every task it has any role in, 配合 included, each task once.
# The 统计 tab's 按期办结率 counts fewer (models.supervision.statistics.STATISTICS_ROLES:
# 牵头 and 责任 only), so one department can show two different totals.
TALLY_ROLES = ROLES
_first, _second = itemgetter(0), itemgetter(1)
_EXTENSION_APPROVED = EXTENSION_STATES[1]     # 已批准, as models.supervision.workflow names it
_TABLE_ORDER = "plan_id, position, id"     # a TaskTable's rows: by plan, then as the plan wrote them
_CHUNK = 4096          # rows fetched at a time: all 100,000 rows as tuples first cost 20 MB more at the peak


@dataclass
class DepartmentTally:
    """One department's tasks by derived state: every task it leads, is
    responsible for or cooperates on (TALLY_ROLES: 牵头、责任、配合), each task
    counted once however many roles the department has in it."""

    department_id: int
    name: str
    is_group: bool
    total: int = 0
    overdue: int = 0
    due_soon: int = 0
    done: int = 0
    red: int = 0                     # 红灯 (when lights were given)
    yellow: int = 0
    waiting: int = 0                 # tasks waiting for the office (待办, when given)


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
    # Task id -> the document's deadline, where an approved 延期 moved the current one (ISO): only
    # an approval makes the two differ (a re-import and the office's corrections move both).
    original_deadlines: dict[int, str] = field(default_factory=dict)
    closed_on: dict[int, str] = field(default_factory=dict)          # task id -> its 销号 day (ISO)
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

    def __len__(self) -> int:
        return len(self.ids)

    def version(self, row: int) -> int | None:
        """The task's version when the table was read (None for a table built without versions)."""
        return self.versions[row] if row < len(self.versions) else None

    def original_deadline(self, row: int) -> str | None:
        """The deadline the document set, when an approved 延期 moved it (ISO); None when it did not."""
        return self.original_deadlines.get(self.ids[row]) if self.original_deadlines else None

    def closed(self, row: int) -> str | None:
        """The day the office closed the task (销号, ISO), None while it is open."""
        return self.closed_on.get(self.ids[row]) if self.closed_on else None

    # -- what a row shows ----------------------------------------------------

    def unit_text(self, row: int, role: str) -> str:
        """The row's units of one role, as 、-joined canonical names."""
        cache = self._unit_text.get(role)
        if cache is None:
            cache = self._unit_text[role] = [None] * len(self.ids)
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
        """Derived state of every row (逾期, 即将到期 …), computed in bulk.

        Classified once per distinct (deadline, status, ongoing): 100,000
        tasks share a few thousand of them.
        """
        state_of = Memo(StateClassifier(as_of, due_soon_days, working_days))
        return list(map(state_of.__getitem__, zip(self.deadlines, self.statuses, self.ongoing)))

    @property
    def by_department(self) -> dict[int, dict[str, list[int]]]:
        """Department -> role -> rows (ascending); built on first use (see `haystack`)."""
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
        """The rows the department has one of `roles` in, each once, ascending."""
        by_role = self.by_department.get(department_id, {})
        found = [by_role[role] for role in roles if role in by_role]
        if len(found) == 1:
            return list(found[0])
        return sorted(set().union(*found))

    def select(self, rows: Sequence[int] | None = None, *, states: Sequence[str] | None = None,
               state_of: Sequence[str] | None = None, deadline_from: date | None = None,
               deadline_to: date | None = None, text: str = "") -> list[int]:
        """Rows (of `rows`, default all) that pass every given filter.

        `states` keeps rows whose derived state (from `state_of`, one per
        row) is listed; the deadline range keeps dated rows inside it; `text`
        is a plain substring of the row's `search_text`.
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
            chosen = self._matching(chosen, text)
        return list(chosen)

    def search_text(self, row: int) -> str:
        """What the text filter searches in a row: task text, plan, 序号 and unit names."""
        number, title, _ = self.plans[self.plan_ids[row]]
        units = "、".join(self.department_names[ident] for role in ROLES for ident in self.units[role][row])
        return f"{self.texts[row]}\n{number or ''} {title or ''}\n{self.seqs[row]}\n{units}"

    def haystack(self) -> Sequence[str]:
        """Every row's `search_text`, made when a row is read; builds what the
        text filter needs first (the department index), so call it off the GUI thread.

        Not a list of 100,000 strings (20 MB that copied every text): the
        filter matches field by field, and composes a row's text only for
        words that could straddle two fields.
        """
        self.by_department       # noqa: B018 - built now, not on the first search or department switch
        return _Haystack(self)

    def _matching(self, rows: Iterable[int], text: str) -> list[int]:
        if any(separator in text for separator in "\n 、"):
            return [row for row in rows if text in self.search_text(row)]
        texts, seqs, plan_ids = self.texts, self.seqs, self.plan_ids
        plans = {ident for ident, (number, title, _) in self.plans.items() if text in f"{number or ''} {title or ''}"}
        named = [ident for ident, name in self.department_names.items() if text in name]
        unit_rows: set[int] = set()
        for ident in named:
            for found in self.by_department.get(ident, {}).values():
                unit_rows.update(found)
        return [row for row in rows
                if text in texts[row] or plan_ids[row] in plans or row in unit_rows or text in seqs[row]]

    def tallies(self, state_of: Sequence[str], lights: Sequence | None = None,
                waiting: Collection[int] = ()) -> list[DepartmentTally]:
        """Per department: tasks, overdue, due soon, done, 红/黄 lights and tasks waiting for the office.

        Counts TALLY_ROLES (牵头、责任、配合), each task once per department;
        ``waiting`` are the rows of the office's 待办 (models.supervision.waiting).
        Ordered for the tree: single departments before groups (各乡镇), the
        most overdue first.
        """
        colours = [light.colour for light in lights] if lights is not None else repeat(None)
        waits = [False] * len(self.ids)
        for row in waiting:
            waits[row] = True
        # A row's (state, colour, waits) as a small number, so rows are counted per
        # (unit tuple, number) in C: tasks share unit tuples and states.
        kinds: dict[tuple[str, str | None, bool], int] = {}
        kind_of_row = list(map(kinds.setdefault, zip(state_of, colours, waits), count()))
        per_department: dict[int, Counter] = {}
        for role in TALLY_ROLES:
            for (departments, kind), tasks in Counter(zip(self.units[role], kind_of_row)).items():
                for ident in departments:
                    found = per_department.get(ident)
                    if found is None:
                        found = per_department[ident] = Counter()
                    found[kind] += tasks
        for row, ident in self._repeated_units(TALLY_ROLES):    # once per task, whatever its roles
            per_department[ident][kind_of_row[row]] -= 1
        result = []
        for ident, by_kind in per_department.items():
            tally = DepartmentTally(ident, self.department_names[ident], ident in self.group_departments)
            for (state, colour, waits_for_office), kind in kinds.items():
                tasks = by_kind[kind]
                tally.total += tasks
                tally.overdue += tasks if state == OVERDUE else 0
                tally.due_soon += tasks if state == DUE_SOON else 0
                tally.done += tasks if state == DONE else 0
                tally.red += tasks if colour == "红" else 0
                tally.yellow += tasks if colour == "黄" else 0
                tally.waiting += tasks if waits_for_office else 0
            result.append(tally)
        result.sort(key=lambda tally: (tally.is_group, -tally.overdue, -tally.total, tally.name))
        return result

    def _repeated_units(self, roles: Sequence[str]) -> list[tuple[int, int]]:
        """(row, department) once for each extra role a department has in a row (牵头 and 配合 of one task …)."""
        repeated = []
        for row, departments in enumerate(map(sum, zip(*(self.units[role] for role in roles)), repeat(()))):
            if len(departments) > 1 and len(set(departments)) < len(departments):
                seen: set[int] = set()
                for ident in departments:
                    if ident in seen:
                        repeated.append((row, ident))
                    seen.add(ident)
        return repeated


class Memo(dict):
    """``memo[args]`` is ``function(*args)``, computed once per distinct ``args``.

    For classifying 100,000 rows that share a few thousand inputs, in C:
    ``list(map(memo.__getitem__, zip(column, …)))``.
    """

    def __init__(self, function: Callable[..., object]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, args: tuple) -> object:
        value = self[args] = self.function(*args)
        return value


class _Haystack(Sequence[str]):
    """A TaskTable's search texts, composed per row on access."""

    def __init__(self, table: TaskTable) -> None:
        self.table = table

    def __len__(self) -> int:
        return len(self.table)

    def __getitem__(self, row: int) -> str:  # type: ignore[override]
        return self.table.search_text(row)


@translate_errors
def _shown_names(departments: list[tuple[int, str, bool, str | None]]) -> dict[int, str]:
    """Department id -> the name lists, the tree, the report and the ledger show: a name that
    departments of several counties share (each county has its 县住建局) carries its county,
    except the registry's own county's, so that no two sheets, rows or nodes read alike."""
    counties_of: dict[str, set[str]] = {}
    for _ident, name, _group, county in departments:
        counties_of.setdefault(name, set()).add(county or "")
    own = registry_county()
    return {ident: name if len(counties_of[name]) == 1 or (county or "") in ("", own) else f"{name}（{county}）"
            for ident, name, _group, county in departments}


def load_task_table(department: int | str | None = None, plan: int | str | None = None, *,
                    actor: Actor | None = None, stood_at: datetime | None = None,
                    first: int | None = None) -> TaskTable:
    """Read the live tasks of the open registry into a TaskTable.

    ``department`` (id or any name): only the tasks it has a role in; ``plan``
    (id, number or title): only that plan's. ``actor``: only what that person
    may see: a liaison whose office set 仅本单位 sees their own department's
    tasks, and asking for another department's is refused (PermissionDenied).
    NotFound for an unknown department or plan. The window and the command
    line both load through here, so they scope a liaison the same way.

    ``stood_at``: the tasks with their status, progress and last update as
    their history had them at that moment (未开始 0 % before any), and the
    deadline an extension approved later had not yet moved: a past week's
    report comes out as it was issued. The tasks are those registered now,
    whenever their plan was imported (a county's old gazettes are imported
    after the fact); what the history does not hold stays as it is now (a
    task withdrawn since is left out, the office's later edit of a deadline
    counts).
    """
    department_id = None if department is None else DepartmentResolver().require(department)
    own = visible_department(actor) if actor is not None else None
    if own is not None:
        if department_id is not None and department_id != own:
            raise PermissionDenied("联络员只能查看本单位的任务 (only your department's tasks)")
        department_id = own
    cursor = db.execute_sql
    plans = cursor("SELECT id, number, title, issue_date, import_warnings, source_file FROM plan").fetchall()
    plan_id = None if plan is None else _plan_id(plan, plans)

    table = TaskTable()
    # A plan without number or title (a bare table, a page with no heading) is shown by its file's name.
    table.plans = {ident: (number, title or (None if number else _file_name(source)), issue_date)
                   for ident, number, title, issue_date, _, source in plans}
    if department_id is None:          # the office's business: it imports, and it enters what was not read
        table.plan_warnings = {ident: warnings for ident, *_, warnings, _source in plans if warnings and
                               (plan_id is None or ident == plan_id)}
    departments = cursor("SELECT id, name, is_group, county FROM department").fetchall()
    table.department_names = _shown_names(departments)
    table.group_departments = {ident for ident, _, group, _ in departments if group}
    table.department_counties = {ident: county for ident, _, _, county in departments}

    where, params = _only(department_id, plan_id, first)
    (table.ids, table.plan_ids, table.seqs, table.texts, table.deadlines, table.deadline_texts,
     table.recurrences, ongoing, table.statuses, table.progress, table.versions) = _columns(cursor(
        "SELECT id, plan_id, COALESCE(seq, ''), text, current_deadline, deadline_text, recurrence, ongoing, status, "
        f"progress, version FROM task WHERE NOT withdrawn{where.format(task='id')} ORDER BY {_TABLE_ORDER}",
        params), shared=(2, 4, 5, 6, 8))
    table.ongoing = [bool(value) for value in ongoing]
    shared_units: dict[tuple[int, ...], tuple[int, ...]] = {}
    for role in ROLES:
        per_task = _units_by_task(cursor(
            "SELECT task_id, department_id FROM assignment WHERE role = ?"
            f"{where.format(task='task_id')} ORDER BY task_id, position", (role, *params)).fetchall(), shared_units)
        table.units[role] = list(map(per_task.get, table.ids, repeat(())))
    for plan_of_rows, rows in groupby(range(len(table.ids)), key=table.plan_ids.__getitem__):
        table.by_plan.setdefault(plan_of_rows, []).extend(rows)
    last = dict(cursor("SELECT task_id, MAX(created_at) FROM status_update GROUP BY task_id"))
    table.last_updates = list(map(last.get, table.ids))
    # Few tasks were closed or extended: read apart, by id (two more columns of 100,000 mostly
    # empty values cost the load more than this scan).
    for ident, closed_on, original in cursor(
            "SELECT id, closed_on, CASE WHEN original_deadline <> current_deadline THEN original_deadline END "
            f"FROM task WHERE NOT withdrawn{where.format(task='id')} "
            "AND (closed_on IS NOT NULL OR original_deadline <> current_deadline)", params):
        if closed_on is not None:
            table.closed_on[ident] = closed_on[:10]
        if original is not None:
            table.original_deadlines[ident] = original[:10]
    if stood_at is not None:
        _as_it_stood(table, _moment(stood_at))
    return table


def _moment(at: datetime) -> str:
    # As the registry stores a moment (ISO text in SQLite; PostgreSQL reads the text as a timestamp).
    return at.isoformat(sep=" ", timespec="microseconds")


def _as_it_stood(table: TaskTable, moment: str) -> None:
    """Put back each row's status, progress, last update and deadline as they were at ``moment``."""
    cursor = db.execute_sql
    stood: dict[int, tuple[str, int, str]] = {}
    for task_id, status, progress, created in cursor(
            "SELECT task_id, status, progress, created_at FROM status_update WHERE created_at < ? "
            "ORDER BY created_at, id", (moment,)):
        stood[task_id] = (status, progress, str(created))      # the latest wins
    before = (NOT_STARTED, 0, None)
    table.statuses, table.progress, table.last_updates = (
        list(column) for column in zip(*(stood.get(ident, before) for ident in table.ids))) if table.ids else ([], [], [])
    # The first extension approved after the moment had the deadline of the moment as its previous one.
    later: dict[int, str | None] = {}
    for task_id, previous in cursor(
            "SELECT task_id, previous_deadline FROM extension_request WHERE state = ? AND decided_at >= ? "
            "ORDER BY decided_at DESC, id DESC", (_EXTENSION_APPROVED, moment)):
        later[task_id] = None if previous is None else str(previous)[:10]
    if later:
        table.deadlines = [later.get(ident, deadline) for ident, deadline in zip(table.ids, table.deadlines)]
    # A 销号 after the moment had not happened yet, nor an extension whose deadline was put back.
    day = moment[:10]
    table.closed_on = {ident: closed for ident, closed in table.closed_on.items() if closed < day}
    if table.original_deadlines:
        deadline_of = dict(zip(table.ids, table.deadlines))
        table.original_deadlines = {ident: original for ident, original in table.original_deadlines.items()
                                    if (deadline_of.get(ident) or "")[:10] != original}


def _file_name(source: str | None) -> str | None:
    return f"（{PurePath(source).name}）" if source else None


def _plan_id(plan: int | str, plans: list[tuple]) -> int:
    for ident, number, title, *_ in plans:
        if plan == ident or (isinstance(plan, str) and plan in (number, title)):
            return ident
    raise NotFound(f"登记册里没有文件“{plan}”")


def _only(department_id: int | None, plan_id: int | None, first: int | None = None) -> tuple[str, tuple]:
    """A condition on a task id column (``{task}``) for the chosen department and plan,
    and for the first ``first`` of their live tasks in the table's order."""
    where, params = "", []
    if department_id is not None:
        where += " AND {task} IN (SELECT task_id FROM assignment WHERE department_id = ?)"
        params.append(department_id)
    if plan_id is not None:
        where += " AND {task} IN (SELECT id FROM task WHERE plan_id = ?)"
        params.append(plan_id)
    if first is not None:
        where += (" AND {task} IN (SELECT id FROM task WHERE NOT withdrawn" + where.format(task="id") +
                  " ORDER BY " + _TABLE_ORDER + " LIMIT ?)")
        params = [*params, *params, first]
    return where, tuple(params)


def _columns(cursor, shared: Sequence[int] = ()) -> list[list]:
    """A query's result as one list per column, read a chunk at a time.

    Columns listed in ``shared`` keep one object per distinct value: a date
    or a status repeated over 100,000 rows is then stored once.
    """
    columns: list[list] = [[] for _ in cursor.description]
    memos = {index: {} for index in shared}
    while chunk := cursor.fetchmany(_CHUNK):
        for index, values in enumerate(zip(*chunk)):
            memo = memos.get(index)
            columns[index].extend(values if memo is None else map(memo.setdefault, values, values))
    return columns


def _units_by_task(rows: list[tuple[int, int]],
                   shared: dict[tuple[int, ...], tuple[int, ...]]) -> dict[int, tuple[int, ...]]:
    """Task -> its department ids in written order, from (task, department) rows sorted by task.

    Equal tuples are one object (``shared``): tasks share a handful of unit lists.
    """
    last = dict(rows)
    if len(last) == len(rows):
        # One department per task, as a role usually has (牵头 nearly always): in C.
        alone = {ident: shared.setdefault((ident,), (ident,)) for ident in set(last.values())}
        return dict(zip(last, map(alone.__getitem__, last.values())))
    per_task = {}
    for task, group in groupby(rows, key=_first):
        units = tuple(map(_second, group))
        per_task[task] = shared.setdefault(units, units)
    return per_task


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
