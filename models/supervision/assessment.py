"""Everything the lists show about a task on a given day: derived state
(逾期 …), light (红黄绿 with its reason), 序时进度 and pace.

States and lights are computed in bulk, once per snapshot and as-of date:
the tallies and the alert line count them over every row. 序时进度 and pace
are only shown, so a row's are computed when it is shown, and every row's
only when something needs them all (sorting on that column).
The desktop only presents what this computes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from models.supervision.lights import DEFAULT_SETTINGS, Light, LightSettings, lights_for
from models.supervision.listing import TaskTable
from models.supervision.schedule import ExpectedProgress, expected_progress_for, pace, pace_for
from models.rules.status import DONE, DUE_SOON_DAYS


@dataclass(frozen=True, eq=False)
class Assessment:
    as_of: date
    due_soon_days: int
    states: list[str]
    lights: list[Light]
    table: TaskTable = field(default_factory=TaskTable, repr=False)

    @classmethod
    def empty(cls, as_of: date) -> "Assessment":
        return cls(as_of, DUE_SOON_DAYS, [], [])

    @cached_property
    def expected(self) -> list[float | None]:
        """序时进度 of every row, percent (None without a plan date or a deadline)."""
        return expected_progress_for(self.table, self.as_of)

    @cached_property
    def pace(self) -> list[str | None]:
        """欠进度 / 超进度 / 正常 of every row (None for done, ongoing and recurring rows)."""
        return pace_for(self.table, self.as_of, expected_of=self.expected)

    @cached_property
    def _expected_progress(self) -> ExpectedProgress:
        return ExpectedProgress(self.as_of)

    def expected_of(self, row: int) -> float | None:
        """One row's 序时进度, without computing every row's."""
        if "expected" in self.__dict__:
            return self.expected[row]
        table = self.table
        return self._expected_progress(table.start(row), table.deadlines[row])

    def pace_of(self, row: int) -> str | None:
        """One row's pace, without computing every row's (the rule of schedule.pace_for)."""
        if "pace" in self.__dict__:
            return self.pace[row]
        table = self.table
        if table.statuses[row] == DONE or table.ongoing[row] or table.recurrences[row]:
            return None
        return pace(table.progress[row], self.expected_of(row))


def assess(table: TaskTable, as_of: date, due_soon_days: int = DUE_SOON_DAYS,
           settings: LightSettings = DEFAULT_SETTINGS) -> Assessment:
    """`settings.working_days` counts "due within N days" in working days for
    both the states and the lights (UnknownCalendarYear for an unknown year)."""
    states = table.states(as_of, due_soon_days, settings.working_days)
    return Assessment(as_of, due_soon_days, states, lights_for(table, as_of, settings, words=False), table)
