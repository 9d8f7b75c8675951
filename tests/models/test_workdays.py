"""Working days on China's official calendar: holidays and 调休 of 2023 and 2024."""
from datetime import date, timedelta

import pytest

from models.rules.workdays import (
    FIRST_DAY,
    LAST_DAY,
    UnknownCalendarYear,
    add_weekdays,
    add_working_days,
    is_working_day,
    parse_working_day_phrase,
    working_day_deadline,
    working_days_between,
)


def days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


# (holiday days, 调休 working weekend days), per the State Council notices.
HOLIDAYS = {
    "2023 春节": (days("2023-01-21", "2023-01-27"), ["2023-01-28", "2023-01-29"]),
    "2023 中秋国庆": (days("2023-09-29", "2023-10-06"), ["2023-10-07", "2023-10-08"]),
    "2024 春节": (days("2024-02-10", "2024-02-17"), ["2024-02-04", "2024-02-18"]),
    "2024 国庆": (days("2024-10-01", "2024-10-07"), ["2024-09-29", "2024-10-12"]),
}


@pytest.mark.parametrize("name", HOLIDAYS)
def test_holidays_are_rest_days_and_make_up_weekend_days_are_working_days(name):
    rest, make_up = HOLIDAYS[name]
    assert not any(is_working_day(day) for day in rest)
    for text in make_up:
        day = date.fromisoformat(text)
        assert day.weekday() >= 5, "调休 days are weekend days"
        assert is_working_day(day)


def test_ordinary_weekdays_and_weekends():
    assert is_working_day(date(2023, 3, 15))        # a Wednesday
    assert not is_working_day(date(2023, 3, 18))    # a Saturday
    assert is_working_day(date(2024, 2, 9))         # 除夕 2024 was officially a working day
    assert not is_working_day(date(2024, 5, 1))     # 劳动节


@pytest.mark.parametrize(("n", "due"), [(1, date(2023, 10, 7)), (3, date(2023, 10, 9)), (7, date(2023, 10, 13))])
def test_13710_feedback_across_national_day_2023(n, due):
    # Received Thursday 2023-09-28; 09-29..10-06 off, 10-07 (Sat) and 10-08 (Sun) worked.
    assert add_working_days(date(2023, 9, 28), n) == due


def test_five_working_days_across_spring_festival_2024():
    # From Thursday 2024-02-08: 02-09 (1), then 02-10..17 off, 02-18 (Sun, 调休) (2), 19, 20, 21.
    received = date(2024, 2, 8)
    assert add_working_days(received, parse_working_day_phrase("5个工作日内")) == date(2024, 2, 21)


def test_working_days_across_spring_festival_2023():
    # From Friday 2023-01-20: 01-21..27 off, 01-28 (Sat) and 01-29 (Sun) worked.
    assert add_working_days(date(2023, 1, 20), 1) == date(2023, 1, 28)
    assert add_working_days(date(2023, 1, 20), 3) == date(2023, 1, 30)


def test_zero_working_days_is_the_day_itself_or_the_next_working_day():
    assert add_working_days(date(2024, 10, 12), 0) == date(2024, 10, 12)   # a 调休 Saturday
    assert add_working_days(date(2024, 10, 1), 0) == date(2024, 10, 8)     # National Day holiday
    assert add_working_days(date(2024, 10, 5), 1) == date(2024, 10, 8)


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(date(2024, 10, 8), -1)


def test_working_days_between_counts_after_start_up_to_end():
    # (2024-09-27, 2024-10-12]: 09-29 (Sun, 调休), 09-30, 10-08..10-11, 10-12 (Sat, 调休).
    assert working_days_between(date(2024, 9, 27), date(2024, 10, 12)) == 7
    assert working_days_between(date(2024, 9, 30), date(2024, 10, 7)) == 0
    assert working_days_between(date(2024, 10, 12), date(2024, 9, 27)) == -7
    assert working_days_between(date(2023, 9, 28), date(2023, 9, 28)) == 0
    # Consistent with add_working_days.
    start = date(2023, 1, 20)
    assert working_days_between(start, add_working_days(start, 10)) == 10


def test_a_year_the_calendar_does_not_know_is_an_error_not_a_guess():
    after = date(LAST_DAY.year + 1, 3, 2)
    with pytest.raises(UnknownCalendarYear, match=f"{after.year}年的节假日安排尚未收录") as caught:
        is_working_day(after)
    assert isinstance(caught.value, ValueError)
    with pytest.raises(ValueError):
        is_working_day(FIRST_DAY - timedelta(days=1))
    with pytest.raises(UnknownCalendarYear):
        working_days_between(date(2024, 1, 2), after)
    with pytest.raises(UnknownCalendarYear):
        add_working_days(LAST_DAY - timedelta(days=2), 10)


def test_the_calendar_knows_2023_to_2026():
    assert FIRST_DAY <= date(2023, 1, 1) and LAST_DAY >= date(2026, 12, 31)


@pytest.mark.parametrize(("text", "count"), [
    ("5个工作日内", 5),
    ("三个工作日内", 3),
    ("7个工作日", 7),
    ("收到通知后1个工作日内签收", 1),
    ("十个工作日内反馈", 10),
    ("十五个工作日内", 15),
    ("二十个工作日", 20),
    ("两个工作日内", 2),
    ("５个工作日内", 5),
    ("5 个工作日内", 5),
    ("5工作日内", 5),
    ("5日内", None),
    ("工作日内反馈", None),
    ("2023年12月底前", None),
])
def test_parse_working_day_phrase(text, count):
    assert parse_working_day_phrase(text) == count


@pytest.mark.parametrize(("text", "due"), [
    ("5个工作日内", date(2023, 10, 11)),        # from Thursday 2023-09-28: 10-07, 10-08, 10-09, 10-10, 10-11
    ("三个工作日内办结", date(2023, 10, 9)),
    ("1 个工作日内", date(2023, 10, 7)),
    ("资产处置文件批复后，原则上在30个工作日内", None),   # counted from an event, not the plan
    ("5日内", None),
    ("2023年12月底前", None),
    ("", None),
    (None, None),
])
def test_working_day_deadline_of_a_deadline_cell(text, due):
    assert working_day_deadline(text, date(2023, 9, 28)) == due


def test_working_day_deadline_needs_a_known_start():
    assert working_day_deadline("5个工作日内", None) is None
    assert working_day_deadline("5个工作日内", LAST_DAY) is None  # runs into an unknown year: no guess


def test_weekdays_count_monday_to_friday_and_nothing_else():
    # Offered to the office past the calendar, never used as a deadline by itself.
    assert add_weekdays(date(2026, 12, 30), 3) == date(2027, 1, 4)    # Thu, Fri (元旦 not known), Mon
    assert add_weekdays(date(2023, 9, 28), 3) == date(2023, 10, 3)    # the holidays are not known to it
    assert add_weekdays(date(2023, 9, 28), 0) == date(2023, 9, 28)
