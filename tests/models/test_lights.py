"""红黄绿 lights: each colour and reason, the boundaries, ongoing, recurring, done, and the bulk form."""
from datetime import date

import pytest

from models.supervision.lights import GREEN, RED, YELLOW, Light, LightSettings, light, lights_for
from models.supervision.listing import TaskTable
from models.rules.workdays import LAST_DAY, UnknownCalendarYear

AS_OF = date(2024, 6, 14)  # a Friday

# plan: (number, title, issue date); plan 2 has no issue date, so no 序时进度.
PLANS = {1: ("某政办发〔2024〕3号", "2024年重点工作分解方案", "2024-01-01"),
         2: ("某督查通知〔2024〕5号", "专项督查", None)}
# plan, deadline, status, progress, ongoing, recurrence -> light on AS_OF
ROWS = [
    ((1, "2024-05-01", "已完成", 100, False, None), Light(GREEN, "已完成")),
    ((1, "2024-06-04", "推进中", 50, False, None), Light(RED, "逾期10天")),
    ((1, "2024-06-14", "推进中", 100, False, None), Light(YELLOW, "今天到期")),
    ((1, "2024-06-17", "推进中", 100, False, None), Light(YELLOW, "3天后到期")),
    ((1, "2024-06-18", "推进中", 100, False, None), Light(GREEN, "正常推进")),
    ((1, "2024-12-31", "推进中", 30, False, None),
     Light(YELLOW, "欠进度15.6个百分点（序时进度45.6%，实际30%）")),
    ((1, "2024-12-31", "未开始", 0, False, None), Light(RED, "欠进度45.6个百分点（序时进度45.6%，实际0%）")),
    ((1, "2024-12-31", "推进中", 45, False, None), Light(GREEN, "正常推进")),
    ((1, "2024-12-31", "推进中", 80, False, None), Light(GREEN, "超进度34.4个百分点（序时进度45.6%，实际80%）")),
    ((1, None, "推进中", 0, True, None), Light(GREEN, "长期任务，不设时限")),
    ((1, "2024-01-31", "推进中", 0, True, None), Light(GREEN, "长期任务，不设时限")),
    ((1, None, "推进中", 0, False, "monthly:15"), Light(YELLOW, "周期任务，下次6月15日（1天后到期）")),
    ((1, None, "推进中", 0, False, "monthly:last"), Light(GREEN, "周期任务，下次6月30日到期")),
    ((1, None, "未开始", 0, False, None), Light(None, "未设完成时限")),
    ((2, "2024-12-31", "未开始", 0, False, None), Light(GREEN, "正常推进")),
    ((1, "2024-06-16", "推进中", 85, False, None),
     Light(YELLOW, "2天后到期；欠进度13.8个百分点（序时进度98.8%，实际85%）")),
    ((2, "2024-06-01", "未开始", 0, False, None), Light(RED, "逾期13天")),
]


def make_table(rows=ROWS, plans=PLANS) -> TaskTable:
    """A hand-built TaskTable, as models.supervision.listing.load_task_table would fill it."""
    table = TaskTable(plans=dict(plans), department_names={1: "县住建局"})
    for ident, ((plan, deadline, status, progress, ongoing, recurrence), _) in enumerate(rows, start=101):
        table.ids.append(ident)
        table.plan_ids.append(plan)
        table.seqs.append(str(ident - 100))
        table.texts.append(f"任务{ident}")
        table.deadlines.append(deadline)
        table.deadline_texts.append("长期坚持" if ongoing else recurrence)
        table.recurrences.append(recurrence)
        table.ongoing.append(ongoing)
        table.statuses.append(status)
        table.progress.append(progress)
        table.last_updates.append(None)
    table.units = {role: [(1,)] * len(rows) for role in ("lead", "responsible", "cooperating")}
    for row, plan in enumerate(table.plan_ids):
        table.by_plan.setdefault(plan, []).append(row)
    return table


def test_lights_for_a_table():
    assert lights_for(make_table(), AS_OF) == [expected for _, expected in ROWS]


def test_each_row_alone_gives_the_same_light():
    table = make_table()
    for row, (_, expected) in enumerate(ROWS):
        assert light(table.deadlines[row], table.statuses[row], table.progress[row], as_of=AS_OF,
                     ongoing=table.ongoing[row], recurrence=table.recurrences[row],
                     start=table.start(row)) == expected


def test_an_empty_table_has_no_lights():
    assert lights_for(TaskTable(), AS_OF) == []


# --- the yellow window ------------------------------------------------------

@pytest.mark.parametrize(("deadline", "colour"), [
    (date(2024, 6, 13), RED),      # yesterday
    (date(2024, 6, 14), YELLOW),   # today
    (date(2024, 6, 17), YELLOW),   # exactly 3 days
    (date(2024, 6, 18), GREEN),    # 4 days
])
def test_yellow_window_boundaries(deadline, colour):
    assert light(deadline, "推进中", 100, as_of=AS_OF).colour == colour


def test_yellow_days_is_a_setting():
    settings = LightSettings(yellow_days=7)
    assert light(date(2024, 6, 21), "推进中", 100, as_of=AS_OF, settings=settings) == Light(YELLOW, "7天后到期")
    assert light(date(2024, 6, 22), "推进中", 100, as_of=AS_OF, settings=settings).colour == GREEN
    assert light(date(2024, 6, 14), "推进中", 100, as_of=AS_OF,
                 settings=LightSettings(yellow_days=0)) == Light(YELLOW, "今天到期")
    assert light(date(2024, 6, 15), "推进中", 100, as_of=AS_OF, settings=LightSettings(yellow_days=0)).colour == GREEN


# --- working days: the 2024 National Day holiday ----------------------------

WORKING = LightSettings(working_days=True)
FRIDAY = date(2024, 9, 27)  # then 09-29 (Sun, 调休), 09-30, holidays 10-01..07, 10-08


@pytest.mark.parametrize(("deadline", "calendar_light", "working_light"), [
    (date(2024, 9, 30), Light(YELLOW, "3天后到期"), Light(YELLOW, "2个工作日后到期")),
    (date(2024, 10, 1), Light(GREEN, "正常推进"), Light(YELLOW, "2个工作日后到期")),
    (date(2024, 10, 7), Light(GREEN, "正常推进"), Light(YELLOW, "2个工作日后到期")),
    (date(2024, 10, 8), Light(GREEN, "正常推进"), Light(YELLOW, "3个工作日后到期")),  # the 3rd working day
    (date(2024, 10, 9), Light(GREEN, "正常推进"), Light(GREEN, "正常推进")),
])
def test_due_within_working_days_counts_holidays_and_make_up_days(deadline, calendar_light, working_light):
    assert light(deadline, "推进中", 100, as_of=FRIDAY) == calendar_light
    assert light(deadline, "推进中", 100, as_of=FRIDAY, settings=WORKING) == working_light


def test_working_days_over_spring_festival_2023():
    # Friday 2023-01-20; 01-21..27 off; 01-28 (Sat) and 01-29 (Sun) worked: the 3rd working day is 01-30.
    friday = date(2023, 1, 20)
    assert light(date(2023, 1, 30), "推进中", 100, as_of=friday, settings=WORKING) == Light(
        YELLOW, "3个工作日后到期")
    assert light(date(2023, 1, 31), "推进中", 100, as_of=friday, settings=WORKING).colour == GREEN
    assert light(date(2023, 1, 30), "推进中", 100, as_of=friday).colour == GREEN  # 10 calendar days


def test_no_working_day_left_before_a_holiday_deadline():
    assert light(date(2024, 10, 3), "推进中", 100, as_of=date(2024, 9, 30), settings=WORKING) == Light(
        YELLOW, "到期前已无工作日")


def test_working_days_in_an_unknown_year_are_an_error():
    with pytest.raises(UnknownCalendarYear):
        light(date(LAST_DAY.year + 1, 1, 10), "推进中", 0, as_of=LAST_DAY, settings=WORKING)
    with pytest.raises(ValueError):
        lights_for(make_table(), date(LAST_DAY.year + 1, 1, 1), WORKING)


def test_overdue_is_counted_in_calendar_days_in_both_modes():
    assert light(date(2024, 9, 30), "推进中", 0, as_of=date(2024, 10, 8), settings=WORKING) == Light(
        RED, "逾期8天")


# --- pace: behind and far behind ---------------------------------------------

@pytest.mark.parametrize(("progress", "colour"), [
    (40, GREEN),    # exactly behind_threshold (10) below 50%: still on pace
    (39, YELLOW),
    (20, YELLOW),   # exactly far_behind_threshold (30) below: yellow, not red
    (19, RED),
])
def test_pace_boundaries(progress, colour):
    # 2023-01-01..12-31 at the end of June: 序时进度 exactly 50%.
    assert light(date(2023, 12, 31), "推进中", progress, as_of=date(2023, 6, 30),
                 start=date(2023, 1, 1)).colour == colour


def test_pace_thresholds_are_settings():
    settings = LightSettings(behind_threshold=5, far_behind_threshold=15)
    kwargs = {"as_of": date(2023, 6, 30), "start": date(2023, 1, 1), "settings": settings}
    assert light(date(2023, 12, 31), "推进中", 44, **kwargs).colour == YELLOW
    assert light(date(2023, 12, 31), "推进中", 34, **kwargs).colour == RED
    assert light(date(2023, 12, 31), "推进中", 56, **kwargs).reason.startswith("超进度")


def test_a_task_not_yet_started_by_its_plan_is_not_behind():
    # The plan is issued after as_of: nothing is expected yet.
    assert light(date(2024, 12, 31), "未开始", 0, as_of=AS_OF, start=date(2024, 7, 1)) == Light(GREEN, "正常推进")


def test_deadline_before_start_is_red_once_passed_and_not_behind_before():
    assert light(date(2024, 6, 30), "未开始", 0, as_of=AS_OF, start=date(2024, 7, 1)) == Light(GREEN, "正常推进")
    assert light(date(2024, 6, 10), "未开始", 0, as_of=AS_OF, start=date(2024, 7, 1)) == Light(RED, "逾期4天")


# --- done, ongoing, recurring -----------------------------------------------

def test_done_is_green_whatever_the_dates_and_progress():
    for deadline, ongoing, recurrence in ((date(2020, 1, 1), False, None), (None, True, None),
                                          (None, False, "monthly:15"), (None, False, None)):
        assert light(deadline, "已完成", 0, as_of=AS_OF, ongoing=ongoing, recurrence=recurrence,
                     start=date(2019, 1, 1)) == Light(GREEN, "已完成")


def test_ongoing_is_never_red_nor_yellow():
    for deadline in (None, date(2024, 1, 1), AS_OF):
        assert light(deadline, "未开始", 0, as_of=AS_OF, ongoing=True, start=date(2023, 1, 1)).colour == GREEN


def test_recurring_tasks_are_judged_against_their_next_occurrence():
    def recurring(code, as_of=AS_OF, **kwargs):
        return light(None, "推进中", 0, as_of=as_of, recurrence=code, **kwargs)

    assert recurring("monthly:14") == Light(YELLOW, "周期任务，下次6月14日（今天到期）")
    assert recurring("monthly:17") == Light(YELLOW, "周期任务，下次6月17日（3天后到期）")
    assert recurring("monthly:18") == Light(GREEN, "周期任务，下次6月18日到期")
    # Yesterday's occurrence is not overdue: the next one is judged.
    assert recurring("monthly:13") == Light(GREEN, "周期任务，下次7月13日到期")
    assert recurring("quarterly:3-25", as_of=date(2024, 12, 23)) == Light(
        YELLOW, "周期任务，下次12月25日（2天后到期）")
    assert recurring("quarterly:3-25", as_of=date(2024, 12, 26)) == Light(GREEN, "周期任务，下次3月25日到期")
    assert recurring("yearly:12-31", as_of=date(2024, 12, 30)).colour == YELLOW
    assert recurring("weekly:1", as_of=date(2024, 6, 15)) == Light(YELLOW, "周期任务，下次6月17日（2天后到期）")
    # Never behind: a recurrence has no period for 序时进度.
    assert recurring("monthly:last", start=date(2023, 1, 1)).colour == GREEN


def test_recurring_task_with_its_own_deadline():
    # 6月16日前报回, 以后每月底前上报: the first report comes before the cycle.
    assert light(date(2024, 6, 16), "推进中", 0, as_of=AS_OF, recurrence="monthly:last") == Light(
        YELLOW, "周期任务，下次6月16日（2天后到期）")
    # Once that date is past, the cycle goes on: not red.
    assert light(date(2024, 6, 5), "推进中", 0, as_of=AS_OF, recurrence="monthly:last") == Light(
        GREEN, "周期任务，下次6月30日到期")


def test_recurring_window_in_working_days():
    # Friday 2024-09-27, monthly:last: 09-30 is the 2nd working day; 10-31 is far.
    assert light(None, "推进中", 0, as_of=FRIDAY, recurrence="monthly:last", settings=WORKING) == Light(
        YELLOW, "周期任务，下次9月30日（2个工作日后到期）")


def test_stored_datetimes_and_strings_are_accepted():
    assert light("2024-06-04 00:00:00", "推进中", 50, as_of=AS_OF) == Light(RED, "逾期10天")
    assert light("2024-12-31", "推进中", 30, as_of=AS_OF, start="2024-01-01").colour == YELLOW
