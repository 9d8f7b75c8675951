"""序时进度 (progress against elapsed time) and the next due day of recurring deadlines.

Pure functions, no database. The bulk forms work on a `TaskTable`'s ISO
strings and cache per distinct string: 100,000 tasks share a few hundred
deadlines, starts and recurrence codes.

序时进度 counts months, as offices do ("时间过半、任务过半": a year task is
due 50% at the end of June, 11/12 = 91.7% at the end of November), not
days (181/365 = 49.6% at the end of June). Each day is a share of its
own month: a date's position is months since year 0 plus, at the day's
end, day / days-in-month. The period runs from the start of the start day
to the end of the deadline day; `as_of` counts to its end.
"""
from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from models.supervision.listing import TaskTable
from models.rules.status import DONE
from models.errors import InvalidInput

__all__ = ["BEHIND", "AHEAD", "ON_PACE", "PACE_THRESHOLD", "expected_progress", "pace",
           "next_occurrence", "expected_progress_for", "pace_for", "next_occurrence_for"]

BEHIND = "欠进度"
AHEAD = "超进度"
ON_PACE = "正常"
PACE_THRESHOLD = 10  # percentage points

DateLike = date | str | None


# --- 序时进度 ----------------------------------------------------------------

def _as_date(value: DateLike) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])  # a stored DATE, or a DATETIME's date part


def _month_position(day: date, *, end_of_day: bool) -> float:
    """Months since year 0 to the start (or end) of `day`; a day is 1/length of its month."""
    length = calendar.monthrange(day.year, day.month)[1]
    return day.year * 12 + day.month - 1 + (day.day if end_of_day else day.day - 1) / length


def _expected(start: float, end: float, now: float) -> float:
    if end <= start:
        return 100.0 if now >= end else 0.0
    return min(100.0, max(0.0, (now - start) / (end - start) * 100))


def expected_progress(start: DateLike, deadline: DateLike, as_of: date) -> float | None:
    """The share of the task's period elapsed at the end of `as_of`, in percent (0 to 100).

    Measured in months (see the module doc): 2023-01-01 to 2023-12-31 at
    2023-11-30 is 11/12 = 91.67. 0 before the start, 100 from the deadline
    on. A deadline before its start (a plan issued after the date it sets)
    expects 100 from the deadline on and 0 before it. None without a start
    or a deadline: no period, no 序时进度.
    """
    start_day, deadline_day = _as_date(start), _as_date(deadline)
    if start_day is None or deadline_day is None:
        return None
    return _expected(_month_position(start_day, end_of_day=False), _month_position(deadline_day, end_of_day=True),
                     _month_position(as_of, end_of_day=True))


def pace(progress: float, expected: float | None, threshold: float = PACE_THRESHOLD) -> str | None:
    """欠进度 when `progress` is more than `threshold` points below `expected`, 超进度 when more above, else 正常.

    Exactly `threshold` points off is still 正常. None when there is no expected progress.
    """
    if expected is None:
        return None
    if progress < expected - threshold:
        return BEHIND
    if progress > expected + threshold:
        return AHEAD
    return ON_PACE


class _Positions:
    """Month positions of ISO strings, each computed once."""

    def __init__(self, end_of_day: bool) -> None:
        self.end_of_day = end_of_day
        self.cache: dict[str, float] = {}

    def __call__(self, value: str) -> float:
        position = self.cache.get(value)
        if position is None:
            position = self.cache[value] = _month_position(date.fromisoformat(value[:10]),
                                                           end_of_day=self.end_of_day)
        return position


class ExpectedProgress:
    """序时进度 for many tasks on one `as_of`, positions of ISO strings cached.

    Call with (start, deadline) ISO strings (or None); returns as
    `expected_progress`.
    """

    __slots__ = ("now", "starts", "ends")

    def __init__(self, as_of: date) -> None:
        self.now = _month_position(as_of, end_of_day=True)
        self.starts = _Positions(end_of_day=False)
        self.ends = _Positions(end_of_day=True)

    def __call__(self, start: str | None, deadline: str | None) -> float | None:
        if not start or not deadline:
            return None
        return _expected(self.starts(start), self.ends(deadline), self.now)


def expected_progress_for(table: TaskTable, as_of: date) -> list[float | None]:
    """序时进度 of every row: from its plan's issue date to its deadline (None without both)."""
    expected = ExpectedProgress(as_of)
    start_of_plan = {plan: issue_date for plan, (_, _, issue_date) in table.plans.items()}
    return [expected(start_of_plan[plan], deadline) for plan, deadline in zip(table.plan_ids, table.deadlines)]


def pace_for(table: TaskTable, as_of: date, threshold: float = PACE_THRESHOLD,
             expected_of: list[float | None] | None = None) -> list[str | None]:
    """欠进度/超进度/正常 of every row; None for done, ongoing and recurring rows and rows with no period.

    `expected_of`: the rows' 序时进度 when already computed (saves computing it twice).
    """
    if expected_of is None:
        expected_of = expected_progress_for(table, as_of)
    result: list[str | None] = []
    for expected, status, progress, ongoing, recurrence in zip(
            expected_of, table.statuses, table.progress, table.ongoing, table.recurrences):
        if status == DONE or ongoing or recurrence:
            result.append(None)
        else:
            result.append(pace(progress, expected, threshold))
    return result


# --- recurrences -------------------------------------------------------------

def _clamped(year: int, month: int, day: int | None) -> date:
    """The day in that month, or its last day when `day` is None or past the month's end."""
    length = calendar.monthrange(year, month)[1]
    return date(year, month, length if day is None or day > length else day)


def _day(token: str) -> int | None:
    """A day of month code: a number 1–31, or `last` (None)."""
    if token == "last":
        return None
    day = int(token)
    if not 1 <= day <= 31:
        raise InvalidInput(f"day {day} is not a day of a month")
    return day


Rule = Callable[[date], date]


@lru_cache(maxsize=1024)
def _rule(recurrence: str) -> Rule:
    """A function from `as_of` to the first due day on or after it, for one recurrence code."""
    kind, _, spec = recurrence.partition(":")
    try:
        if kind == "weekly":
            weekday = int(spec) - 1  # 1 = Monday … 7 = Sunday
            if not 0 <= weekday <= 6:
                raise InvalidInput(spec)
            return lambda as_of: as_of + timedelta(days=(weekday - as_of.weekday()) % 7)
        if kind == "monthly":
            days = [_day(token) for token in spec.split(",")]
            return lambda as_of: _first_on_or_after(as_of, [(month, day) for month in range(1, 13) for day in days])
        if kind == "quarterly":
            month_text, _, day_text = spec.partition("-")
            month_of_quarter, day = int(month_text), _day(day_text)
            if not 1 <= month_of_quarter <= 3:
                raise InvalidInput(spec)
            return lambda as_of: _first_on_or_after(as_of, [(quarter * 3 + month_of_quarter, day)
                                                            for quarter in range(4)])
        if kind == "yearly":
            month_text, _, day_text = spec.partition("-")
            month, day = int(month_text), _day(day_text)
            if not 1 <= month <= 12:
                raise InvalidInput(spec)
            return lambda as_of: _first_on_or_after(as_of, [(month, day)])
    except ValueError:
        pass
    raise InvalidInput(f"unknown recurrence code {recurrence!r}")


def _first_on_or_after(as_of: date, dues: list[tuple[int, int | None]]) -> date:
    """The first of the (month, day) dues of `as_of`'s year, else of the next year, on or after `as_of`."""
    for year in (as_of.year, as_of.year + 1):
        candidates = [_clamped(year, month, day) for month, day in dues]
        later = [due for due in candidates if due >= as_of]
        if later:
            return min(later)
    raise AssertionError("every (month, day) due recurs within a year")


def next_occurrence(recurrence: str | None, as_of: date) -> date | None:
    """The first due day of a recurring deadline on or after `as_of` (due today counts).

    Codes (see importers/deadlines.py): `weekly:N` (1 = Monday),
    `monthly:5`, `monthly:10,25`, `monthly:last`, `quarterly:M-D` (month M
    of each quarter, day D or `last`: `quarterly:3-25` is the 25th of Mar,
    Jun, Sep and Dec), `yearly:MM-DD`. A day past the month's end is the
    month's last day (每月30日 in February is the 28th or 29th); so
    `yearly:02-28` stays the 28th in leap years, and only `yearly:02-29`
    would mean the 29th (the 28th in other years). None for no recurrence;
    InvalidInput for a code this module does not know.
    """
    if not recurrence:
        return None
    return _rule(recurrence)(as_of)


def next_occurrence_for(table: TaskTable, as_of: date) -> list[date | None]:
    """Next due day of every row's recurrence (None for rows that do not recur)."""
    cache: dict[str | None, date | None] = {}
    for recurrence in set(table.recurrences):
        cache[recurrence] = next_occurrence(recurrence, as_of)
    return [cache[recurrence] for recurrence in table.recurrences]
