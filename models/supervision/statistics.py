"""Statistics per department and per plan: done on time, done late, overdue, 按期办结率.

Definitions (one place, tested in tests/models/test_statistics.py):

- A department counts a task where it **leads or is responsible**
  (牵头/责任); cooperating units (配合) are not judged by the task. A task
  is counted once per department even if it is both lead and responsible.
  Asked to (``roles``), it counts the roles the window's tree counts, 配合 too.
- Only **closed** tasks (销号: ``closed_on`` set, on or before ``as_of``)
  count as done. A task reported 已完成 but not yet closed is still open
  (and counted in ``awaiting_closure``).
- The deadline is the task's **current** deadline: it moves only when the
  office approves an extension (延期), and an approved extension is the
  deadline the office itself agreed to. Tasks whose deadline was moved are
  counted in ``extended``, so a high rate bought by extensions shows.
- on_time: closed with ``closed_on <= deadline``; late: closed after it;
  closed_undated: closed, no deadline (长期 or none written).
- overdue: open and ``deadline < as_of`` (due today is not yet overdue,
  as in :mod:`models.rules.status`); not_due: open, ``deadline >= as_of``;
  undated: open, no deadline.
- 按期办结率 ``rate`` = on_time / (on_time + late + overdue): of the tasks
  with a deadline that are due by ``as_of`` or already closed, the share
  closed on time. None when that is 0 (nothing to judge yet).
- Ranking: rate high to low, ties broken by fewer overdue tasks; equal
  (rate, overdue) share a rank. Collective units (各乡（镇）…) and rows
  without a rate are listed after the ranked ones, with ``rank`` None.

Set-based: the TaskTable snapshot alone (it carries each task's 销号 day and,
after an approved 延期, its original deadline).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from models.errors import translate_errors
from models.supervision.listing import TaskTable, load_task_table

# 牵头 and 责任 only by default: the units a task judges. The window's tree and the
# command line's `departments` count 配合 too (listing.TALLY_ROLES), so their
# totals for a department are larger; each says which roles it counts, and the
# 统计 tab can count the tree's roles instead (``roles=TALLY_ROLES``).
STATISTICS_ROLES = ("lead", "responsible")
_ON_TIME, _LATE, _CLOSED_UNDATED, _OVERDUE, _NOT_DUE, _UNDATED = range(6)


@dataclass(frozen=True, slots=True)
class Statistics:
    """One department's or one plan's tasks by outcome at ``as_of``."""

    key: int                 # department id or plan id
    name: str                # department name, or plan number (else title)
    title: str               # plan title; "" for a department
    is_group: bool           # a collective unit (never ranked)
    tasks: int
    on_time: int
    late: int
    closed_undated: int
    overdue: int
    not_due: int
    undated: int
    awaiting_closure: int    # reported 已完成, not yet closed
    extended: int            # deadline moved by an approved extension
    rate: float | None       # 按期办结率, see the module docstring
    rank: int | None

    @property
    def done(self) -> int:
        return self.on_time + self.late + self.closed_undated

    @property
    def judged(self) -> int:
        """The rate's denominator: on time + late + overdue."""
        return self.on_time + self.late + self.overdue


def _outcomes(table: TaskTable, as_of: date) -> tuple[list[int], list[bool], list[bool]]:
    """Per row: outcome code, awaiting closure, extended (the read model's 销号 day and original deadline)."""
    today = as_of.isoformat()
    outcomes: list[int] = []
    awaiting: list[bool] = []
    extended: list[bool] = []
    for row, (deadline, status) in enumerate(zip(table.deadlines, table.statuses)):
        closed_on = table.closed(row)
        deadline = deadline[:10] if deadline else None
        if closed_on is not None and closed_on[:10] <= today:
            outcome = _CLOSED_UNDATED if deadline is None else _ON_TIME if closed_on[:10] <= deadline else _LATE
            waiting = False
        else:
            outcome = _UNDATED if deadline is None else _OVERDUE if deadline < today else _NOT_DUE
            waiting = status == "已完成"
        outcomes.append(outcome)
        awaiting.append(waiting)
        extended.append(table.original_deadline(row) is not None)
    return outcomes, awaiting, extended


def _tally(groups: dict[int, list[int]], outcomes: list[int], awaiting: list[bool],
           extended: list[bool]) -> dict[int, tuple[list[int], int, int]]:
    counted: dict[int, tuple[list[int], int, int]] = {}
    for key, rows in groups.items():
        counts = [0] * 6
        for row in rows:
            counts[outcomes[row]] += 1
        counted[key] = (counts, sum(awaiting[row] for row in rows), sum(extended[row] for row in rows))
    return counted


def _rate(counts: list[int]) -> float | None:
    judged = counts[_ON_TIME] + counts[_LATE] + counts[_OVERDUE]
    return counts[_ON_TIME] / judged if judged else None


def _ranked(entries: Iterable[tuple[int, str, str, bool, list[int], int, int]]) -> list[Statistics]:
    """Rank by rate (high first), then fewer overdue; unrankable rows last, by name."""
    rankable, rest = [], []
    for key, name, title, is_group, counts, awaiting, extended in entries:
        rate = _rate(counts)
        row = (key, name, title, is_group, counts, awaiting, extended, rate)
        (rest if is_group or rate is None else rankable).append(row)
    rankable.sort(key=lambda row: (-row[7], row[4][_OVERDUE], -sum(row[4]), row[1]))
    rest.sort(key=lambda row: (row[3], row[1]))
    result: list[Statistics] = []
    previous: tuple[float, int] | None = None
    rank = 0
    for position, (key, name, title, is_group, counts, awaiting, extended, rate) in enumerate(rankable, 1):
        if (rate, counts[_OVERDUE]) != previous:
            rank, previous = position, (rate, counts[_OVERDUE])
        result.append(Statistics(key, name, title, is_group, sum(counts), *counts, awaiting, extended, rate, rank))
    for key, name, title, is_group, counts, awaiting, extended, rate in rest:
        result.append(Statistics(key, name, title, is_group, sum(counts), *counts, awaiting, extended, rate, None))
    return result


@translate_errors
def department_statistics(as_of: date | None = None, table: TaskTable | None = None,
                          roles: Sequence[str] = STATISTICS_ROLES) -> list[Statistics]:
    """Per department with one of ``roles`` in live tasks (default STATISTICS_ROLES: 牵头、责任, not 配合),
    each task once per department, ranked.

    ``table`` is the window's snapshot if it has one; else it is loaded. With
    ``roles=TALLY_ROLES`` a department's ``tasks`` is the total the window's tree shows.
    """
    as_of = as_of or date.today()
    table = table if table is not None else load_task_table()
    outcomes, awaiting, extended = _outcomes(table, as_of)
    groups = {department: rows for department in table.by_department
              if (rows := table.rows_of_department(department, roles))}
    counted = _tally(groups, outcomes, awaiting, extended)
    names, collective = table.department_names, table.group_departments
    return _ranked((key, names[key], "", key in collective, counts, waiting, moved)
                   for key, (counts, waiting, moved) in counted.items())


@translate_errors
def plan_statistics(as_of: date | None = None, table: TaskTable | None = None) -> list[Statistics]:
    """Per plan with live tasks, ranked (see the module docstring)."""
    as_of = as_of or date.today()
    table = table if table is not None else load_task_table()
    outcomes, awaiting, extended = _outcomes(table, as_of)
    counted = _tally(table.by_plan, outcomes, awaiting, extended)
    return _ranked((key, table.plans[key][0] or table.plans[key][1] or "", table.plans[key][1] or "", False,
                    counts, waiting, moved) for key, (counts, waiting, moved) in counted.items())
