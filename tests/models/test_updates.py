"""Recording progress: appended history, current state, validation."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models import record_status_update, store_extracted, task_history
from models.registry.schema import StatusUpdate, Task
from tests.models.builders import extracted, plan, task


@pytest.fixture
def task_id(registry: Path) -> int:
    store_extracted(extracted([plan("平政发〔2023〕3号", "方案", [task("修路", lead=("县交通局",))])]))
    return int(Task.get().id)


def test_updates_append_and_move_the_task(task_id: int) -> None:
    record_status_update(task_id, "推进中", 30, note="已招标", who="张三", department="县交通局")
    record_status_update(task_id, "已完成", 100, note="已通车", who="李四", completed_on=date(2023, 9, 1))
    current = Task.get_by_id(task_id)
    assert (current.status, current.progress) == ("已完成", 100)
    history = task_history(task_id)
    assert [(entry.status, entry.progress, entry.who) for entry in history] == [
        ("推进中", 30, "张三"), ("已完成", 100, "李四")]
    assert history[0].department == "县交通运输局"  # canonical name of 县交通局
    assert history[1].completed_on == date(2023, 9, 1)


@pytest.mark.parametrize(("status", "progress", "message"), [
    ("逾期", 10, "状态必须是"),        # derived, never recorded
    ("推进中", 101, "0 到 100"),
    ("推进中", -1, "0 到 100"),
    ("推进中", 50.5, "整数"),
    ("推进中", True, "整数"),
    ("未开始", 20, "未开始.*0%"),       # issue 12 §17
    ("已完成", 90, "100%"),
])
def test_invalid_updates_are_refused_and_nothing_is_written(
        task_id: int, status: str, progress: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        record_status_update(task_id, status, progress, note="", who="张三")
    assert StatusUpdate.select().count() == 0
    assert Task.get_by_id(task_id).status == "未开始"


def test_a_step_that_keeps_an_older_pair_still_goes_through(task_id: int) -> None:
    """A task recorded 未开始 at 20 % before the rule held: a workflow's note (an extension request)
    leaves status and progress as they are, and is not refused for them."""
    from models.supervision.workflow import request_extension

    Task.update(status="未开始", progress=20, current_deadline=date(2023, 6, 30)).where(Task.id == task_id).execute()
    request_extension(task_id, date(2023, 12, 31), "雨季停工", "张三")
    assert [(entry.status, entry.progress) for entry in task_history(task_id)] == [("未开始", 20)]
    with pytest.raises(ValueError, match="0%"):
        record_status_update(task_id, "未开始", 30)


def test_completion_date_only_when_done(task_id: int) -> None:
    with pytest.raises(ValueError, match="完成日期"):
        record_status_update(task_id, "推进中", 50, completed_on=date(2023, 9, 1))


def test_unknown_task_or_department(task_id: int) -> None:
    with pytest.raises(LookupError):
        record_status_update(task_id + 99, "推进中", 10)
    with pytest.raises(LookupError):
        record_status_update(task_id, "推进中", 10, department="县不存在局")
    assert StatusUpdate.select().count() == 0


def test_a_form_based_on_an_old_version_is_told_to_reload(task_id: int) -> None:
    from models.supervision.updates import StaleTaskError

    seen = Task.get_by_id(task_id).version
    record_status_update(task_id, "推进中", 30, note="甲单位", who="甲")
    with pytest.raises(StaleTaskError, match="甲") as caught:
        record_status_update(task_id, "推进中", 50, note="乙单位", who="乙", expected_version=seen)
    assert "刷新" in str(caught.value)
    assert [u.note for u in StatusUpdate.select().where(StatusUpdate.task == task_id)] == ["甲单位"]
    task = Task.get_by_id(task_id)
    assert (task.progress, task.version) == (30, seen + 1)
    record_status_update(task_id, "推进中", 50, note="乙单位", who="乙", expected_version=task.version)
    assert Task.get_by_id(task_id).version == seen + 2
