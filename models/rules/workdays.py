"""Working days on China's official calendar: weekends, 法定节假日 and 调休.

The calendar comes from the `chinesecalendar` package (module
`chinese_calendar`), chosen over `holidays` (`holidays.China`). Both were
checked day by day for 2004–2026 and agree on every working day except
2005-12-31, and both know 调休 make-up working days (2023-10-07,
2024-02-04 …: `chinese_calendar.workdays`, `holidays.China().weekend_workdays`).
What decided:

- an unknown year: `chinese_calendar` refuses a year the State Council has
  not yet published (2027 with 1.11.0: NotImplementedError), while
  `holidays.China` silently computes 2027 from the lunar rules, with no 调休
  working weekends: exactly the quiet error this module must not make;
- scope: it is China's calendar only, one data file generated from the
  State Council notices (220 KB, no dependency), released each year after
  the notice (usually November); `holidays` is 14 MB for 200 countries.

Its per-call API is slow (24 µs a day: it recomputes the supported range
each time), so the calendar is read once into a table of day offsets:
every function here is a list or bisect look-up.

Known limit: the next year's notice sometimes makes late-December weekend
days of the last known year working days (2001, 2005, 2006 and 2011 did).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta
from itertools import accumulate

import chinese_calendar

from models.errors import InvalidInput

__all__ = ["UnknownCalendarYear", "FIRST_DAY", "LAST_DAY", "is_working_day", "add_working_days", "add_weekdays",
           "working_days_between", "parse_working_day_phrase", "working_day_deadline"]


class UnknownCalendarYear(InvalidInput):
    """The official calendar of a year is not known (not yet published, or too old)."""

    def __init__(self, day: date, hint: str = "请升级 chinesecalendar 后重试") -> None:
        super().__init__(
            f"{day.year}年的节假日安排尚未收录（已收录{FIRST_DAY.year}–{LAST_DAY.year}年），"
            f"无法按工作日计算；{hint} "
            f"(no official holiday calendar for {day.year}; known years: {FIRST_DAY.year}–{LAST_DAY.year})")
        self.day = day


def _build() -> tuple[date, date, bytes, list[int], list[int]]:
    holidays, workdays = chinese_calendar.holidays, chinese_calendar.workdays
    first = date(min(holidays).year, 1, 1)
    last = date(max(holidays).year, 12, 31)
    # The package's own rule (utils.is_workday), read straight from its data.
    flags = bytes(
        1 if day in workdays or (day.weekday() < 5 and day not in holidays) else 0
        for day in (first + timedelta(days=offset) for offset in range((last - first).days + 1)))
    offsets = [offset for offset, flag in enumerate(flags) if flag]
    # Working days in [first, first + offset], for counts in O(1).
    cumulative = list(accumulate(flags))
    return first, last, flags, offsets, cumulative


FIRST_DAY, LAST_DAY, _FLAGS, _WORKING_OFFSETS, _CUMULATIVE = _build()
_FIRST_ORDINAL = FIRST_DAY.toordinal()


def _offset(day: date) -> int:
    offset = day.toordinal() - _FIRST_ORDINAL
    if not 0 <= offset < len(_FLAGS):
        raise UnknownCalendarYear(day)
    return offset


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day: a weekday that is no holiday, or a 调休 weekend day.

    Raises UnknownCalendarYear (an InvalidInput) for a year the calendar does not know.
    """
    return bool(_FLAGS[_offset(day)])


def add_working_days(day: date, n: int) -> date:
    """The `n`-th working day after `day` (`day` itself not counted).

    This is how a time limit counts: a notice received on Thursday
    2023-09-28 with 3 working days is due 2023-10-09 (09-29 to 10-06 are
    holidays, 10-07 and 10-08 调休 working days). `n = 0` gives `day` itself
    when it is a working day, else the next working day.
    Raises InvalidInput for a negative `n`, UnknownCalendarYear when the answer
    falls outside the known years.
    """
    if n < 0:
        raise InvalidInput(f"working days to add must be 0 or more, not {n}")
    offset = _offset(day)
    counted = bisect_right(_WORKING_OFFSETS, offset)  # working days up to and including `day`
    if n == 0 and _FLAGS[offset]:
        return day
    index = counted + n - 1 if n else counted
    if index >= len(_WORKING_OFFSETS):
        raise UnknownCalendarYear(date(LAST_DAY.year + 1, 1, 1))
    return FIRST_DAY + timedelta(days=_WORKING_OFFSETS[index])


def add_weekdays(day: date, n: int) -> date:
    """The `n`-th day after `day` counting Monday to Friday only: no holidays, no 调休.

    Only a starting point offered to the office where the calendar does not
    know the year (it then sets the day itself); never a deadline by itself.
    """
    while n > 0:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie in (start, end]: after `start`, up to and including `end`.

    Negative when `end` is before `start` (minus the count in (end, start]),
    so overdue tasks can be counted in working days too.
    """
    return _CUMULATIVE[_offset(end)] - _CUMULATIVE[_offset(start)]


_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FULL_WIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})
_PHRASE = re.compile(r"(\d+|[〇零一二两三四五六七八九十]+)\s*个?\s*工作日")
# A whole 完成时限 cell that is only such a phrase: 5个工作日内, 10个工作日内办结.
_WHOLE_PHRASE = re.compile(
    r"(?:\d+|[〇零一二两三四五六七八九十]+)个?工作日(?:之内|以内|内)?(?:完成|办结|反馈|报送|上报)?")


def _chinese_number(token: str) -> int | None:
    """一 … 九十九 (十五, 二十, 两); None for anything else."""
    tens, ten, units = token.partition("十")
    if not ten:
        return _CN_DIGITS[token] if len(token) == 1 else None
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def parse_working_day_phrase(text: str) -> int | None:
    """The number of working days a phrase gives: `5个工作日内` -> 5, `三个工作日` -> 3.

    Reads the first `N个工作日` in `text` (Arabic, full-width or Chinese
    numerals up to 九十九, spaces allowed); None when there is none.
    `5日内` is calendar days and gives None.
    """
    match = _PHRASE.search(text.translate(_FULL_WIDTH))
    if match is None:
        return None
    token = match.group(1)
    return int(token) if token.isdigit() else _chinese_number(token)


def working_day_deadline(text: str | None, start: date | None) -> date | None:
    """The due day of a deadline cell written in working days, counted from `start`.

    Only a cell that is nothing but the phrase (`5个工作日内`, `10个工作日内办结`)
    counts: in a sentence, `在30个工作日内` is usually counted from some
    event (批复后, 取得凭证后), not from the plan's issue date. None when the
    text is no such cell, `start` is None, or the calendar does not know the
    years (then the task keeps its text and no date, rather than a wrong one).
    """
    if not text or start is None:
        return None
    compact = re.sub(r"\s+", "", text).translate(_FULL_WIDTH)
    if not _WHOLE_PHRASE.fullmatch(compact):
        return None
    count = parse_working_day_phrase(compact)
    if count is None:
        return None
    try:
        return add_working_days(start, count)
    except UnknownCalendarYear:
        return None
