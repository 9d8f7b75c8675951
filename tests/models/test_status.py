"""Derived states for a fixed date."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.rules.status import count_states, derived_state, derived_states

AS_OF = date(2023, 6, 15)


@pytest.mark.parametrize(("deadline", "status", "ongoing", "expected"), [
    (AS_OF - timedelta(days=1), "未开始", False, "逾期"),
    (AS_OF - timedelta(days=1), "推进中", False, "逾期"),
    (AS_OF, "推进中", False, "即将到期"),                     # due today is not yet overdue
    (AS_OF + timedelta(days=7), "未开始", False, "即将到期"),  # boundary: 7 days is due soon
    (AS_OF + timedelta(days=8), "未开始", False, "未开始"),
    (AS_OF + timedelta(days=8), "推进中", False, "推进中"),
    (AS_OF - timedelta(days=30), "已完成", False, "已完成"),  # done is never overdue
    (AS_OF - timedelta(days=30), "推进中", True, "长期"),     # ongoing is never overdue
    (None, "未开始", True, "长期"),
    (None, "推进中", False, "推进中"),                        # recurring / no deadline
    (None, "已完成", True, "已完成"),
])
def test_derived_state(deadline: date | None, status: str, ongoing: bool, expected: str) -> None:
    assert derived_state(deadline, status, ongoing, AS_OF) == expected


def test_due_soon_window_is_configurable() -> None:
    assert derived_state(AS_OF + timedelta(days=3), "未开始", False, AS_OF, due_soon_days=2) == "未开始"
    assert derived_state(AS_OF + timedelta(days=2), "未开始", False, AS_OF, due_soon_days=2) == "即将到期"


def test_bulk_accepts_stored_iso_strings_and_dates() -> None:
    rows = [("2023-06-14", "未开始", 0), (date(2023, 6, 22), "未开始", 0), ("2023-06-23", "推进中", 0),
            (None, "未开始", 1)]
    assert derived_states(rows, AS_OF) == ["逾期", "即将到期", "推进中", "长期"]
    counts = count_states(rows, AS_OF)
    assert counts["逾期"] == 1 and counts["已完成"] == 0 and sum(counts.values()) == 4


def test_bulk_is_fast_enough_for_a_desktop_list() -> None:
    import time

    rows = [(f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", ("未开始", "推进中", "已完成")[i % 3], i % 17 == 0)
            for i in range(100_000)]
    start = time.perf_counter()
    states = derived_states(rows, AS_OF)
    elapsed = time.perf_counter() - start
    assert len(states) == 100_000
    assert elapsed < 1.0, elapsed  # measured ~0.03 s; generous for slow machines
