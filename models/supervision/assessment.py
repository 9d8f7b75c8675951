"""Everything the lists show about a task on a given day, computed in bulk:
derived state (逾期 …), light (红黄绿 with its reason), 序时进度 and pace.
One call per snapshot and as-of date; the desktop only presents it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.supervision.lights import DEFAULT_SETTINGS, Light, LightSettings, lights_for
from models.supervision.listing import TaskTable
from models.supervision.schedule import expected_progress_for, pace_for
from models.rules.status import DUE_SOON_DAYS


@dataclass(frozen=True)
class Assessment:
    as_of: date
    due_soon_days: int
    states: list[str]
    lights: list[Light]
    expected: list[float | None]      # 序时进度, percent
    pace: list[str | None]            # 欠进度 / 超进度 / 正常

    @classmethod
    def empty(cls, as_of: date) -> "Assessment":
        return cls(as_of, DUE_SOON_DAYS, [], [], [], [])


def assess(table: TaskTable, as_of: date, due_soon_days: int = DUE_SOON_DAYS,
           settings: LightSettings = DEFAULT_SETTINGS) -> Assessment:
    """`settings.working_days` counts "due within N days" in working days for
    both the states and the lights (UnknownCalendarYear for an unknown year)."""
    expected = expected_progress_for(table, as_of)
    states = table.states(as_of, due_soon_days, settings.working_days)
    return Assessment(as_of, due_soon_days, states, lights_for(table, as_of, settings, words=False),
                      expected, pace_for(table, as_of, expected_of=expected))
