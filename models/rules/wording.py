"""Dates as people read them (2023年11月6日): lists, reports, ledgers, the command line."""
from __future__ import annotations

from datetime import date, datetime


def chinese_date(value: date | datetime | str | None) -> str:
    """2023年11月6日 from a date, a datetime or an ISO string; "" for nothing."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_datetime(value: datetime) -> str:
    return f"{chinese_date(value)} {value:%H:%M}"
