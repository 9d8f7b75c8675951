"""红黄绿 lights: how a task stands on a day, with the reason in words.

Pure functions, no database. Rules, first match wins:

1. 已完成 → 绿 ("已完成"): a closed task is in order, whatever its dates;
   the reason tells it apart from an open task on track.
2. A recurring task (`monthly:5` …) is judged against its next due day
   (`schedule.next_occurrence`; an own deadline still ahead counts if
   earlier): 黄 when it is within the yellow window, else 绿. Never 红 and
   no 序时进度: whether a past occurrence was met needs a record of each
   report, which the registry does not keep.
3. An ongoing task (长期坚持, 持续推进) → 绿: no date on purpose, so never
   红 for a deadline, and no period for 序时进度.
4. No deadline at all → no light (colour None, "未设完成时限").
5. Deadline before `as_of` → 红 ("逾期N天", calendar days).
6. More than `far_behind_threshold` points behind 序时进度 → 红.
7. Deadline within the yellow window, or more than `behind_threshold`
   points behind → 黄 (both reasons when both hold).
8. Otherwise 绿 (正常推进, or 超进度 when ahead by more than
   `behind_threshold`).

The yellow window: the deadline is at most `yellow_days` calendar days
(YELLOW_LIGHT_DAYS, 3) after `as_of` (due today included, as in
`models.rules.status`); with
`working_days=True`, on or before the `yellow_days`-th working day after
`as_of` on China's official calendar (`models.rules.workdays`, 调休 counted), so
a deadline on a holiday right after that day is yellow too. Working days
raise `UnknownCalendarYear` (an InvalidInput) when that window runs into a
year the calendar does not know.

序时进度 is measured from the plan's issue date (`schedule.expected_progress`);
a task without one has no pace and is judged on its deadline alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from datetime import date, timedelta
from typing import NamedTuple

from models.supervision.listing import Memo, TaskTable
from models.supervision.schedule import ExpectedProgress, next_occurrence
from models.rules.status import DONE
from models.rules.workdays import add_working_days, working_days_between

__all__ = ["RED", "YELLOW", "GREEN", "COLOURS", "YELLOW_LIGHT_DAYS", "Light", "LightSettings",
           "DEFAULT_SETTINGS", "LightClassifier", "light", "lights_for"]

RED, YELLOW, GREEN = "红", "黄", "绿"
COLOURS: tuple[str, ...] = (RED, YELLOW, GREEN)

# Two "due soon" windows exist on purpose, and they are not the same setting:
# - YELLOW_LIGHT_DAYS (3): 黄灯, a warning that asks for action now (the 蓝
#   提醒 notice of models.paper.notices also looks 3 days ahead). Short, so a
#   yellow light stays rare enough to be acted on.
# - models.rules.status.DUE_SOON_DAYS (7): the state 即将到期, the office's
#   look-ahead for planning the week: the alert line's "N天内到期" and the
#   state filter. Each person sets it in the filter bar; it never moves a light.
# A task due in five days is therefore 即将到期 with a green light.
YELLOW_LIGHT_DAYS = 3


class Light(NamedTuple):
    colour: str | None   # 红, 黄, 绿, or None for a task with no deadline
    reason: str          # for people: 逾期5天, 3天后到期, 欠进度15个百分点（…）


@dataclass(frozen=True)
class LightSettings:
    yellow_days: int = YELLOW_LIGHT_DAYS  # 黄 when due within this many days (today included)
    behind_threshold: float = 10         # points behind 序时进度 for 黄 (and ahead for 超进度)
    far_behind_threshold: float = 30     # points behind 序时进度 for 红
    working_days: bool = False           # count yellow_days as working days (调休 included)


DEFAULT_SETTINGS = LightSettings()

_DONE = Light(GREEN, "已完成")
_ONGOING = Light(GREEN, "长期任务，不设时限")
_NO_DEADLINE = Light(None, "未设完成时限")
_ON_TRACK = Light(GREEN, "正常推进")
# Colour-only results of the bulk form (words=False); reasons come per row.
_RED, _YELLOW = Light(RED, "红灯"), Light(YELLOW, "黄灯")


def _points(value: float) -> str:
    return f"{round(value, 1):g}"


def _day_text(day: date) -> str:
    return f"{day.month}月{day.day}日"


class LightClassifier:
    """Lights of many tasks on one `as_of`; windows computed once, reasons cached per date."""

    def __init__(self, as_of: date, settings: LightSettings = DEFAULT_SETTINGS) -> None:
        self.as_of = as_of
        self.settings = settings
        self.today = as_of.isoformat()
        if settings.working_days:
            self.soon = add_working_days(as_of, settings.yellow_days).isoformat()
        else:
            self.soon = (as_of + timedelta(days=settings.yellow_days)).isoformat()
        self.expected = ExpectedProgress(as_of)
        self._overdue: dict[str, Light] = {}
        self._due: dict[str, str] = {}
        self._recurring: dict[tuple[str, str | None], Light] = {}

    def __call__(self, deadline: str | None, status: str, progress: float, ongoing: bool,
                 recurrence: str | None, start: str | None, words: bool = True) -> Light:
        """The light of one task; dates are ISO strings (or None).

        `words=False` skips composing the reason (the colour is the same):
        the bulk form for 100,000 rows, whose reasons are asked for row by row.
        """
        if status == DONE:
            return _DONE
        if deadline:
            deadline = deadline[:10]
        if recurrence:
            return self.recurring(recurrence, deadline)
        if ongoing:
            return _ONGOING
        if not deadline:
            return _NO_DEADLINE
        if deadline < self.today:
            return self.overdue(deadline) if words else _RED
        settings = self.settings
        # No period (no start): the expected share is what was done, so only the deadline judges.
        expected = self.expected(start, deadline)
        if expected is None:
            expected = progress
        gap = expected - progress
        behind = gap > settings.behind_threshold
        if behind and gap > settings.far_behind_threshold:
            return Light(RED, self._behind(gap, expected, progress)) if words else _RED
        if deadline <= self.soon:
            if not words:
                return _YELLOW
            due = self.due_text(deadline)
            return Light(YELLOW, f"{due}；{self._behind(gap, expected, progress)}" if behind else due)
        if behind:
            return Light(YELLOW, self._behind(gap, expected, progress)) if words else _YELLOW
        if -gap > settings.behind_threshold and words:
            return Light(GREEN, f"超进度{_points(-gap)}个百分点"
                                f"（序时进度{_points(expected)}%，实际{_points(progress)}%）")
        return _ON_TRACK

    @staticmethod
    def _behind(gap: float, expected: float, progress: float) -> str:
        return f"欠进度{_points(gap)}个百分点（序时进度{_points(expected)}%，实际{_points(progress)}%）"

    def overdue(self, deadline: str) -> Light:
        found = self._overdue.get(deadline)
        if found is None:
            days = (self.as_of - date.fromisoformat(deadline)).days
            found = self._overdue[deadline] = Light(RED, f"逾期{days}天")
        return found

    def due_text(self, deadline: str) -> str:
        """今天到期, 3天后到期, or in working days 2个工作日后到期."""
        found = self._due.get(deadline)
        if found is None:
            day = date.fromisoformat(deadline)
            if deadline == self.today:
                found = "今天到期"
            elif self.settings.working_days:
                count = working_days_between(self.as_of, day)
                found = f"{count}个工作日后到期" if count else "到期前已无工作日"
            else:
                found = f"{(day - self.as_of).days}天后到期"
            self._due[deadline] = found
        return found

    def recurring(self, recurrence: str, deadline: str | None) -> Light:
        key = (recurrence, deadline)
        found = self._recurring.get(key)
        if found is None:
            due = next_occurrence(recurrence, self.as_of)
            assert due is not None
            if deadline and self.today <= deadline < due.isoformat():
                due = date.fromisoformat(deadline)  # a first report before the cycle starts
            iso = due.isoformat()
            if iso <= self.soon:
                found = Light(YELLOW, f"周期任务，下次{_day_text(due)}（{self.due_text(iso)}）")
            else:
                found = Light(GREEN, f"周期任务，下次{_day_text(due)}到期")
            self._recurring[key] = found
        return found


def _iso(value: date | str | None) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else value[:10]


def light(deadline: date | str | None, status: str, progress: float, *, as_of: date, ongoing: bool = False,
          recurrence: str | None = None, start: date | str | None = None,
          settings: LightSettings = DEFAULT_SETTINGS) -> Light:
    """The light of one task on `as_of` (see the module doc for the rules)."""
    return LightClassifier(as_of, settings)(_iso(deadline), status, progress, ongoing, recurrence, _iso(start))


def lights_for(table: TaskTable, as_of: date, settings: LightSettings = DEFAULT_SETTINGS,
               words: bool = True) -> list[Light]:
    """The light of every row of `table`; 序时进度 from each row's plan issue date.

    With `words=False` only colours are right (reasons are generic): for
    lists, which ask `light_of_row` for the reason of a row they show.
    """
    classify = LightClassifier(as_of, settings)
    start_of_plan = {plan: issue_date for plan, (_, _, issue_date) in table.plans.items()}
    # Tasks of one plan share a start and often a deadline and a progress:
    # memoising on the inputs skips most of the classifying (and its words).
    light_of = Memo(partial(classify, words=words))
    return list(map(light_of.__getitem__, zip(
        table.deadlines, table.statuses, table.progress, table.ongoing, table.recurrences,
        map(start_of_plan.__getitem__, table.plan_ids))))


def light_of_row(table: TaskTable, row: int, as_of: date, settings: LightSettings = DEFAULT_SETTINGS) -> Light:
    """One row's light with its reason in words."""
    return LightClassifier(as_of, settings)(
        table.deadlines[row], table.statuses[row], table.progress[row], table.ongoing[row],
        table.recurrences[row], table.start(row))
