"""序时进度, pace, and the next due day of recurring deadlines."""
from datetime import date

import pytest

from models.supervision.schedule import (
    AHEAD,
    BEHIND,
    ON_PACE,
    expected_progress,
    expected_progress_for,
    next_occurrence,
    next_occurrence_for,
    pace,
    pace_for,
)
from tests.models.test_lights import make_table

# --- 序时进度 ---------------------------------------------------------------


def test_a_year_task_is_eleven_twelfths_due_at_the_end_of_november():
    assert expected_progress(date(2023, 1, 1), date(2023, 12, 31), date(2023, 11, 30)) == pytest.approx(100 * 11 / 12)
    assert round(expected_progress("2023-01-01", "2023-12-31", date(2023, 11, 30)), 1) == 91.7


def test_half_the_time_half_the_work_at_the_end_of_june():
    # 时间过半、任务过半: months, not days (181/365 would be 49.6%).
    assert expected_progress(date(2023, 1, 1), date(2023, 12, 31), date(2023, 6, 30)) == pytest.approx(50)


def test_days_are_shares_of_their_own_month():
    # Mid-February of a year task: 1 month + 14/28.
    assert expected_progress(date(2023, 1, 1), date(2023, 12, 31), date(2023, 2, 14)) == pytest.approx(
        100 * 1.5 / 12)
    # A plan issued on 2023-03-16 with a deadline of 2023-06-15: three months.
    assert expected_progress(date(2023, 3, 16), date(2023, 6, 15), date(2023, 4, 30)) == pytest.approx(
        100 * (16 / 31 + 1) / (16 / 31 + 2 + 15 / 30))


def test_expected_progress_is_clamped_to_the_period():
    start, deadline = date(2023, 4, 1), date(2023, 9, 30)
    assert expected_progress(start, deadline, date(2023, 3, 31)) == 0    # start after as_of
    assert expected_progress(start, deadline, date(2023, 9, 30)) == 100  # deadline day, at its end
    assert expected_progress(start, deadline, date(2024, 1, 1)) == 100
    # On the start day itself, at its end: one day of April has passed.
    assert expected_progress(start, deadline, start) == pytest.approx(100 * (1 / 30) / 6)


def test_deadline_before_start_expects_nothing_until_the_deadline_then_everything():
    start, deadline = date(2023, 6, 1), date(2023, 3, 31)
    assert expected_progress(start, deadline, date(2023, 3, 1)) == 0
    assert expected_progress(start, deadline, date(2023, 3, 31)) == 100
    assert expected_progress(start, deadline, date(2023, 7, 1)) == 100


def test_no_start_or_no_deadline_has_no_expected_progress():
    assert expected_progress(None, date(2023, 12, 31), date(2023, 6, 30)) is None
    assert expected_progress("", "2023-12-31", date(2023, 6, 30)) is None
    assert expected_progress(date(2023, 1, 1), None, date(2023, 6, 30)) is None


def test_stored_datetimes_count_by_their_date():
    assert expected_progress("2023-01-01 09:30:00", "2023-12-31", date(2023, 11, 30)) == pytest.approx(
        100 * 11 / 12)


@pytest.mark.parametrize(("progress", "expected", "result"), [
    (50, 50, ON_PACE),
    (40, 50, ON_PACE),      # exactly the threshold behind: still 正常
    (39, 50, BEHIND),
    (60, 50, ON_PACE),
    (61, 50, AHEAD),
    (0, 91.7, BEHIND),
    (100, 0, AHEAD),
])
def test_pace(progress, expected, result):
    assert pace(progress, expected) == result


def test_pace_threshold_and_missing_expected():
    assert pace(45, 50, threshold=3) == BEHIND
    assert pace(45, 50, threshold=5) == ON_PACE
    assert pace(0, None) is None


# --- next occurrence --------------------------------------------------------

@pytest.mark.parametrize(("recurrence", "as_of", "due"), [
    # monthly: a day, several days, the month's end
    ("monthly:5", date(2023, 3, 4), date(2023, 3, 5)),
    ("monthly:5", date(2023, 3, 5), date(2023, 3, 5)),      # due today counts
    ("monthly:5", date(2023, 3, 6), date(2023, 4, 5)),
    ("monthly:5", date(2023, 12, 6), date(2024, 1, 5)),     # across the year's end
    ("monthly:10,25", date(2023, 3, 11), date(2023, 3, 25)),
    ("monthly:10,25", date(2023, 3, 26), date(2023, 4, 10)),
    ("monthly:10,25", date(2023, 12, 26), date(2024, 1, 10)),
    ("monthly:last", date(2023, 2, 1), date(2023, 2, 28)),
    ("monthly:last", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
    ("monthly:last", date(2023, 4, 30), date(2023, 4, 30)),
    ("monthly:last", date(2023, 12, 31), date(2023, 12, 31)),
    ("monthly:30", date(2023, 2, 1), date(2023, 2, 28)),    # past the month's end: its last day
    ("monthly:31", date(2023, 4, 1), date(2023, 4, 30)),
    # quarterly: month of the quarter, day
    ("quarterly:3-25", date(2023, 1, 10), date(2023, 3, 25)),
    ("quarterly:3-25", date(2023, 3, 26), date(2023, 6, 25)),
    ("quarterly:3-25", date(2023, 9, 25), date(2023, 9, 25)),
    ("quarterly:3-25", date(2023, 12, 26), date(2024, 3, 25)),
    ("quarterly:1-5", date(2023, 1, 6), date(2023, 4, 5)),
    ("quarterly:1-5", date(2023, 11, 1), date(2024, 1, 5)),
    ("quarterly:2-last", date(2024, 1, 1), date(2024, 2, 29)),
    ("quarterly:3-last", date(2023, 10, 1), date(2023, 12, 31)),
    # yearly
    ("yearly:05-31", date(2023, 5, 31), date(2023, 5, 31)),
    ("yearly:05-31", date(2023, 6, 1), date(2024, 5, 31)),
    ("yearly:12-31", date(2023, 12, 31), date(2023, 12, 31)),
    ("yearly:12-31", date(2024, 1, 1), date(2024, 12, 31)),
    ("yearly:02-28", date(2024, 2, 1), date(2024, 2, 28)),  # stays the 28th in a leap year
    ("yearly:02-28", date(2024, 2, 29), date(2025, 2, 28)),
    ("yearly:02-29", date(2024, 1, 1), date(2024, 2, 29)),
    ("yearly:02-29", date(2024, 3, 1), date(2025, 2, 28)),  # the 29th only in leap years
    # weekly: 1 = Monday … 7 = Sunday
    ("weekly:5", date(2023, 3, 15), date(2023, 3, 17)),     # Wednesday -> Friday
    ("weekly:5", date(2023, 3, 17), date(2023, 3, 17)),
    ("weekly:1", date(2023, 12, 31), date(2024, 1, 1)),     # Sunday -> Monday, across the year's end
    ("weekly:7", date(2023, 3, 13), date(2023, 3, 19)),
])
def test_next_occurrence(recurrence, as_of, due):
    assert next_occurrence(recurrence, as_of) == due


def test_no_recurrence_and_unknown_codes():
    assert next_occurrence(None, date(2023, 1, 1)) is None
    assert next_occurrence("", date(2023, 1, 1)) is None
    for code in ("daily:1", "monthly:32", "monthly:x", "quarterly:4-5", "yearly:13-01", "weekly:8", "monthly"):
        with pytest.raises(ValueError, match="unknown recurrence code"):
            next_occurrence(code, date(2023, 1, 1))


# --- bulk over a TaskTable --------------------------------------------------

def test_bulk_forms_match_the_single_ones():
    table = make_table()
    as_of = date(2024, 6, 14)
    expected = expected_progress_for(table, as_of)
    for row in range(len(table)):
        assert expected[row] == expected_progress(table.start(row), table.deadlines[row], as_of)
    assert next_occurrence_for(table, as_of) == [next_occurrence(code, as_of) for code in table.recurrences]
    paces = pace_for(table, as_of)
    for row in range(len(table)):
        if table.statuses[row] == "已完成" or table.ongoing[row] or table.recurrences[row]:
            assert paces[row] is None
        else:
            assert paces[row] == pace(table.progress[row], expected[row])
    assert BEHIND in paces and ON_PACE in paces
