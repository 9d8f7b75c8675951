"""Derived states of a task (逾期, 即将到期 …): computed from the deadline, never stored.

Pure functions, no database: the desktop list computes them for 100,000 rows,
so StateClassifier compares ISO date strings (what SQLite stores) instead of
building date objects; TaskTable.states is the bulk form.
"""
from __future__ import annotations

from datetime import date, timedelta

NOT_STARTED = "未开始"
IN_PROGRESS = "推进中"
DONE = "已完成"
STATUSES: tuple[str, ...] = (NOT_STARTED, IN_PROGRESS, DONE)



def progress_problem(status: str, progress: int) -> str | None:
    """Why ``progress`` cannot go with ``status``, for people; None when they agree.

    未开始 is 0 %: a task with any progress has started (推进中). 已完成 is
    100 % (the dialog sets it; the office's 退回 takes a task back from it).
    """
    if status == NOT_STARTED and progress != 0:
        return f"状态为“{NOT_STARTED}”时进度应为 0%；已有进展请选“{IN_PROGRESS}”"
    if status == DONE and progress != 100:
        return f"状态为“{DONE}”时进度应为 100%"
    return None


OVERDUE = "逾期"
DUE_SOON = "即将到期"
ONGOING = "长期"
# In the order a supervisor scans a list: the urgent ones first.
DERIVED_STATES: tuple[str, ...] = (OVERDUE, DUE_SOON, IN_PROGRESS, NOT_STARTED, ONGOING, DONE)

# 即将到期: due within this many days, today included. The office's
# look-ahead for the week (the alert line, the state filter), set per person
# in the window's filter bar. Not the 黄灯 window, which is shorter on purpose:
# see models.supervision.lights.YELLOW_LIGHT_DAYS.
DUE_SOON_DAYS = 7

DateLike = date | str | None


def _iso(value: DateLike) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    return value[:10]  # a stored DATE, or a DATETIME whose date part matters


class StateClassifier:
    """Classifies many tasks against one ``as_of`` date; thresholds computed once."""

    __slots__ = ("as_of", "soon")

    def __init__(self, as_of: date, due_soon_days: int = DUE_SOON_DAYS, working_days: bool = False) -> None:
        self.as_of = as_of.isoformat()
        if working_days:
            # Due within N working days of China's official calendar (调休 counted);
            # raises UnknownCalendarYear for a year the calendar does not know.
            from models.rules.workdays import add_working_days
            self.soon = add_working_days(as_of, due_soon_days).isoformat()
        else:
            self.soon = (as_of + timedelta(days=due_soon_days)).isoformat()

    def __call__(self, current_deadline: DateLike, status: str, ongoing: bool) -> str:
        if status == DONE:
            return DONE  # done is never overdue, whatever the date
        if ongoing:
            return ONGOING  # 长期坚持: no date on purpose, never overdue
        deadline = _iso(current_deadline)
        if deadline is not None:
            if deadline < self.as_of:
                return OVERDUE
            if deadline <= self.soon:
                return DUE_SOON  # due today counts as due soon, not overdue
        return IN_PROGRESS if status == IN_PROGRESS else NOT_STARTED


def derived_state(
    current_deadline: DateLike,
    status: str,
    ongoing: bool,
    as_of: date,
    due_soon_days: int = DUE_SOON_DAYS,
) -> str:
    """One of 已完成/逾期/即将到期/推进中/未开始/长期 for one task.

    Due soon means the deadline is within ``due_soon_days`` days from ``as_of``
    (both ends included); overdue means the deadline is before ``as_of``.
    """
    return StateClassifier(as_of, due_soon_days)(current_deadline, status, ongoing)
