"""Statistics per department and per plan on a fixed as_of: on time, late, overdue, 按期办结率, ranking."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models import store_extracted
from models.supervision.listing import load_task_table
from models.registry.schema import Task
from models.supervision.statistics import Statistics, department_statistics, plan_statistics
from tests.models.builders import extracted, plan, task

AS_OF = date(2023, 10, 1)


def _close(ids: dict[str, int], key: str, on: date) -> None:
    Task.update(closed_on=on, status="已完成", progress=100).where(Task.id == ids[key]).execute()


def test_department_numbers_and_ranking(registry: Path) -> None:
    ids = _store()
    by_name = {item.name: item for item in department_statistics(AS_OF)}
    water = by_name["县水利局"]
    assert (water.tasks, water.on_time, water.late, water.overdue, water.not_due, water.undated) == (5, 1, 1, 1, 1, 1)
    assert water.rate == pytest.approx(1 / 3) and water.judged == 3 and water.done == 2
    finance = by_name["县财政局"]     # 甲2 (responsible, late), 甲6 (lead), 乙1 (lead and responsible: once)
    assert (finance.tasks, finance.on_time, finance.late, finance.overdue) == (3, 2, 1, 0)
    transport = by_name["县交通运输局"]
    assert (transport.tasks, transport.on_time, transport.overdue, transport.not_due) == (3, 0, 2, 1)
    # 乙2 reported 已完成, and 乙4 (its status now) closed only after as_of: neither counts as done.
    assert transport.awaiting_closure == 2 and transport.rate == 0.0
    towns = by_name["各乡（镇）人民政府"]
    assert towns.is_group and towns.rank is None and towns.overdue == 1
    ranked = [item.name for item in department_statistics(AS_OF) if item.rank is not None]
    assert ranked == ["县财政局", "县水利局", "县交通运输局"]
    assert [item.rank for item in department_statistics(AS_OF)][:3] == [1, 2, 3]
    assert ids


def test_plan_numbers(registry: Path) -> None:
    _store()
    first, second = sorted(plan_statistics(AS_OF), key=lambda item: item.name)
    assert isinstance(first, Statistics) and first.title == "方案一"
    assert (first.tasks, first.on_time, first.late, first.overdue, first.not_due, first.undated) == (6, 2, 1, 1, 1, 1)
    assert first.rate == pytest.approx(0.5)
    assert (second.tasks, second.on_time, second.overdue, second.not_due) == (5, 1, 3, 1)
    assert second.rate == pytest.approx(0.25)
    assert [item.rank for item in plan_statistics(AS_OF)] == [1, 2]


def test_an_approved_extension_moves_the_deadline_judged(registry: Path) -> None:
    ids = _store()
    # 乙4 closed on 2023-07-10 after an extension to 2023-07-15: on time against the new deadline.
    Task.update(current_deadline=date(2023, 7, 15)).where(Task.id == ids["2-4"]).execute()
    _close(ids, "2-4", date(2023, 7, 10))
    transport = {item.name: item for item in department_statistics(AS_OF)}["县交通运输局"]
    assert (transport.on_time, transport.overdue, transport.extended) == (1, 1, 1)
    assert transport.rate == pytest.approx(0.5)


def test_ties_are_broken_by_overdue_and_share_a_rank(registry: Path) -> None:
    store_extracted(extracted([plan("平政发〔2023〕9号", "方案", [
        task("丙1", seq="1", lead=("县水利局",), due=date(2023, 1, 1)),
        task("丙2", seq="2", lead=("县财政局",), due=date(2023, 1, 1)),
        task("丙3", seq="3", lead=("县财政局",), due=date(2023, 1, 1)),
        task("丙4", seq="4", lead=("县民政局",), due=date(2023, 1, 1)),
    ])]))
    items = department_statistics(AS_OF)
    assert all(item.rate == 0.0 for item in items)
    assert [(item.name, item.rank) for item in items] == [("县民政局", 1), ("县水利局", 1), ("县财政局", 3)]


def test_nothing_due_has_no_rate_and_the_snapshot_can_be_passed(registry: Path) -> None:
    store_extracted(extracted([plan("平政发〔2023〕9号", "方案", [
        task("丁1", seq="1", lead=("县水利局",), due=date(2024, 1, 1))])]))
    table = load_task_table()
    [item] = department_statistics(AS_OF, table=table)
    assert item.rate is None and item.rank is None and item.not_due == 1


def _store() -> dict[str, int]:
    store_extracted(extracted([
        plan("平政发〔2023〕1号", "方案一", [
            task("甲1", seq="1", lead=("县水利局",), due=date(2023, 6, 30)),
            task("甲2", seq="2", lead=("县水利局",), responsible=("县财政局",), due=date(2023, 6, 30)),
            task("甲3", seq="3", lead=("县水利局",), due=date(2023, 9, 1)),
            task("甲4", seq="4", lead=("县水利局",), due=date(2023, 12, 31)),
            task("甲5", seq="5", lead=("县水利局",), ongoing=True, deadline_text="长期坚持"),
            task("甲6", seq="6", lead=("县财政局",), cooperating=("县水利局",), due=date(2023, 6, 30)),
        ]),
        plan("平政发〔2023〕2号", "方案二", [
            task("乙1", seq="1", lead=("县财政局",), responsible=("县财政局",), due=date(2023, 8, 1)),
            task("乙2", seq="2", lead=("县交通运输局",), due=date(2023, 8, 1)),
            task("乙3", seq="3", lead=("县交通运输局",), due=date(2023, 10, 1)),
            task("乙4", seq="4", lead=("县交通运输局",), due=date(2023, 7, 1)),
            task("乙5", seq="5", lead=("各乡（镇）人民政府",), due=date(2023, 7, 1)),
        ], source="first.txt"),
    ], source="first.txt"))
    ids = {f"{row.plan.number[9]}-{row.seq}": row.id for row in Task.select()}
    _close(ids, "1-1", date(2023, 6, 20))      # on time
    _close(ids, "1-2", date(2023, 7, 5))       # late
    _close(ids, "1-6", date(2023, 6, 30))      # on the day: on time
    _close(ids, "2-1", date(2023, 7, 1))       # on time
    Task.update(status="已完成", progress=100).where(Task.id == ids["2-2"]).execute()   # reported, not closed
    _close(ids, "2-4", date(2023, 10, 5))      # closed after as_of: still overdue at as_of
    return ids
