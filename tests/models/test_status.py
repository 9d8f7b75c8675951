"""Derived states for a fixed date."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.rules.status import derived_state

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


def test_a_table_classifies_stored_iso_strings_in_bulk() -> None:
    from models.supervision.listing import TaskTable

    table = TaskTable(deadlines=["2023-06-14", "2023-06-22", "2023-06-23", None, "2023-06-14"],
                      statuses=["未开始", "未开始", "推进中", "未开始", "已完成"], ongoing=[False, False, False, True, False])
    assert table.states(AS_OF) == ["逾期", "即将到期", "推进中", "长期", "已完成"]
    assert table.states(AS_OF, due_soon_days=8) == ["逾期", "即将到期", "即将到期", "长期", "已完成"]
