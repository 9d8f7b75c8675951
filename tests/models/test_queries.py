"""Task lists as records, and per-department counts, both from the one TaskTable."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models import record_status_update, store_extracted, task_rows
from models.errors import NotFound
from models.supervision.listing import load_task_table
from models.registry.schema import Task
from tests.models.builders import extracted, plan, task

AS_OF = date(2023, 6, 15)


@pytest.fixture
def tasks(registry: Path) -> dict[str, int]:
    store_extracted(extracted([
        plan("平政发〔2023〕3号", "城市更新方案", [
            task("修复道路", seq="1", lead=("县住建局",), cooperating=("县交通局",), due=date(2023, 6, 1)),
            task("改造管网", seq="2", lead=("住建局",), responsible=("各乡镇",), due=date(2023, 6, 20)),
            task("种植行道树", seq="3", lead=("县林业局",), due=date(2023, 5, 1)),
            task("长效管护", seq="4", lead=("县住房和城乡建设管理局",), ongoing=True, deadline_text="长期坚持"),
        ]),
        plan("平政发〔2023〕4号", "防汛方案", [
            task("清理河道", seq="1", lead=("县水利局",), responsible=("县住建局",), due=date(2023, 7, 30)),
        ]),
    ]))
    ids = {row.text: row.id for row in Task.select()}
    record_status_update(ids["种植行道树"], "已完成", 100, who="林业局", completed_on=date(2023, 4, 28))
    return ids


def test_rows_carry_plan_units_and_derived_state(tasks: dict[str, int]) -> None:
    rows = {row.text: row for row in task_rows(as_of=AS_OF)}
    assert [row.text for row in task_rows(as_of=AS_OF)] == ["修复道路", "改造管网", "种植行道树", "长效管护", "清理河道"]
    road = rows["修复道路"]
    assert (road.plan_number, road.plan_title, road.seq) == ("平政发〔2023〕3号", "城市更新方案", "1")
    assert road.lead == ("县住房和城乡建设局",) and road.cooperating == ("县交通运输局",)
    assert road.current_deadline == date(2023, 6, 1)
    assert road.state == "逾期" and road.last_update is None
    assert rows["改造管网"].state == "即将到期"
    assert rows["改造管网"].responsible == ("各乡（镇）人民政府",)
    assert rows["种植行道树"].state == "已完成" and rows["种植行道树"].last_update is not None
    assert rows["长效管护"].state == "长期"
    assert rows["清理河道"].state == "未开始"


def test_department_filter_accepts_any_alias_and_any_role(tasks: dict[str, int]) -> None:
    for name in ("县住建局", "住建局", "县住房和城乡建设局", "平顺县住建局"):
        texts = [row.text for row in task_rows(department=name, as_of=AS_OF)]
        assert texts == ["修复道路", "改造管网", "长效管护", "清理河道"], name
    with pytest.raises(LookupError):
        task_rows(department="县不存在局")


def test_overdue_only_and_plan_filter(tasks: dict[str, int]) -> None:
    assert [row.text for row in task_rows(overdue_only=True, as_of=AS_OF)] == ["修复道路"]
    # 种植行道树 is past its deadline but done: never overdue.
    assert [row.text for row in task_rows(overdue_only=True, as_of=date(2023, 8, 1))] == [
        "修复道路", "改造管网", "清理河道"]
    assert [row.text for row in task_rows(plan="平政发〔2023〕4号", as_of=AS_OF)] == ["清理河道"]
    plan_id = task_rows(plan="平政发〔2023〕4号", as_of=AS_OF)[0].plan_id
    assert len(task_rows(plan=plan_id, as_of=AS_OF)) == 1
    assert [row.text for row in task_rows(plan="防汛方案", department="县住建局", as_of=AS_OF)] == ["清理河道"]
    with pytest.raises(NotFound):
        task_rows(plan="平政发〔2023〕99号")


def test_department_counts_count_every_role_once(tasks: dict[str, int]) -> None:
    table = load_task_table()
    counts = {count.name: count for count in table.tallies(table.states(AS_OF))}
    housing = counts["县住房和城乡建设局"]
    assert (housing.total, housing.overdue, housing.due_soon, housing.done) == (4, 1, 1, 0)
    forestry = counts["县林业局"]
    assert (forestry.total, forestry.overdue, forestry.done) == (1, 0, 1)
    assert counts["各乡（镇）人民政府"].is_group
    assert "县发展和改革局" not in counts  # departments without tasks are left out
    transport = counts["县交通运输局"]     # 配合 on 修复道路 only: cooperating counts here
    assert (transport.total, transport.overdue) == (1, 1)
