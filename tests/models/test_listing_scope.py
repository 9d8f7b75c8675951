"""The one read model: what a person may see of it, the versions it carries, what its
department tallies count, and its text search."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models import store_extracted
from models.access.accounts import authenticate, create_account, set_liaisons_see_all
from models.access.actor import sign_in, sign_out
from models.errors import NotFound, PermissionDenied
from models.registry.schema import Department
from models.supervision.assessment import assess
from models.supervision.lights import RED, YELLOW, Light
from models.supervision.listing import TaskTable, apply_update, load_task_table
from tests.models.builders import extracted, plan, task

AS_OF = date(2023, 10, 1)
PASSWORD = "listing-tests-1"


@pytest.fixture
def three_tasks(registry: Path) -> int:
    """Three tasks; 县交通运输局 leads one and cooperates on another. Returns its id."""
    store_extracted(extracted([plan("平政发〔2023〕5号", "方案", [
        task("修路", seq="1", lead=("县交通局",)),
        task("建桥", seq="2", lead=("县水利局",), cooperating=("县交通局",)),
        task("植树", seq="3", lead=("县林业局",))])]))
    return Department.get(Department.name == "县交通运输局").id


def test_a_department_sees_the_tasks_it_has_any_role_in(three_tasks: int) -> None:
    everything, own = load_task_table(), load_task_table(three_tasks)
    assert everything.texts == ["修路", "建桥", "植树"]
    assert own.texts == ["修路", "建桥"] and load_task_table("县交通局").texts == own.texts
    assert [len(own.units[role]) for role in ("lead", "responsible", "cooperating")] == [2, 2, 2]
    assert own.versions == everything.versions[:2]
    row = apply_update(own, own.ids[1], "推进中", 10, "2023-10-01 09:00:00")
    assert own.version(row) == everything.versions[1] + 1


def test_plans_by_number_title_or_id(three_tasks: int) -> None:
    table = load_task_table(plan="平政发〔2023〕5号")
    assert len(table) == 3 and load_task_table(plan="方案").ids == table.ids
    assert load_task_table(plan=table.plan_ids[0]).ids == table.ids
    assert table.by_plan == {table.plan_ids[0]: [0, 1, 2]}
    with pytest.raises(NotFound):
        load_task_table(plan="平政发〔2023〕99号")
    with pytest.raises(NotFound):
        load_task_table("县不存在局")


def test_a_liaison_kept_to_the_department_loads_only_its_tasks(three_tasks: int) -> None:
    sign_out()
    create_account("office", PASSWORD, "office")
    office = authenticate("office", PASSWORD)
    sign_in(office)
    create_account("jt", PASSWORD, "liaison", department="县交通局")
    liaison = authenticate("jt", PASSWORD)
    assert len(load_task_table(actor=liaison)) == 3           # liaisons see everything by default
    set_liaisons_see_all(False)
    assert load_task_table(actor=liaison).texts == ["修路", "建桥"]
    assert load_task_table(three_tasks, actor=liaison).texts == ["修路", "建桥"]
    assert load_task_table(actor=liaison, first=5).texts == ["修路", "建桥"]     # a first screen too
    with pytest.raises(PermissionDenied, match="本单位"):
        load_task_table("县水利局", actor=liaison)
    assert len(load_task_table(actor=office)) == 3


def test_the_first_rows_are_the_whole_table_s_first_rows(three_tasks: int) -> None:
    """The window's first screen: the first tasks in the table's order, each with all it carries."""
    store_extracted(extracted([plan("平政发〔2023〕4号", "早先的方案", [
        task("清淤", seq="1", lead=("县水利局",), responsible=("县交通局", "县林业局"))])]))
    everything = load_task_table()
    for first in (0, 1, 2, len(everything), len(everything) + 5):
        part = load_task_table(first=first)
        shown = min(first, len(everything))
        assert part.ids == everything.ids[:shown] and part.texts == everything.texts[:shown]
        assert part.versions == everything.versions[:shown] and part.deadlines == everything.deadlines[:shown]
        for role in ("lead", "responsible", "cooperating"):
            assert part.units[role] == everything.units[role][:shown], role
        assert part.department_names == everything.department_names
    own = load_task_table(three_tasks)                       # 修路, 建桥
    assert load_task_table(three_tasks, first=1).ids == own.ids[:1]
    assert load_task_table(three_tasks, first=1).units["cooperating"] == own.units["cooperating"][:1]
    plan_id = everything.plan_ids[-1]
    assert load_task_table(plan=plan_id, first=2).ids == load_task_table(plan=plan_id).ids[:2]


def test_tallies_count_every_role_once_per_task(three_tasks: int) -> None:
    table = load_task_table()
    lights = [Light(RED, ""), Light(YELLOW, ""), Light(None, "")]
    tallies = {tally.name: tally for tally in table.tallies(["逾期", "即将到期", "未开始"], lights)}
    transport = tallies["县交通运输局"]        # leads 修路, cooperates on 建桥
    assert (transport.total, transport.overdue, transport.due_soon, transport.red, transport.yellow) == (2, 1, 1, 1, 1)
    assert tallies["县林业局"].total == 1 and tallies["县林业局"].red == 0


def test_a_department_in_two_roles_of_one_task_counts_it_once() -> None:
    table = TaskTable(ids=[1, 2], department_names={7: "县住建局", 8: "县水利局"},
                      units={"lead": [(7,), (8,)], "responsible": [(8,), ()], "cooperating": [(7,), (7, 8)]})
    tallies = {tally.name: tally for tally in table.tallies(["逾期", "已完成"])}
    assert (tallies["县住建局"].total, tallies["县住建局"].overdue, tallies["县住建局"].done) == (2, 1, 1)
    assert (tallies["县水利局"].total, tallies["县水利局"].overdue, tallies["县水利局"].done) == (2, 1, 1)
    assert table.rows_of_department(7) == [0, 1] and table.rows_of_department(8, ("responsible",)) == [0]


def test_text_search_matches_what_the_row_shows(three_tasks: int) -> None:
    table = load_task_table()
    haystack = table.haystack()
    for text in ("修", "交通运输", "平政发", "方案", "2", "局、县", "林业局\n", "5号 方", "不存在"):
        assert table.select(text=text) == [row for row in range(len(table)) if text in haystack[row]], text
    assert table.select(text="交通运输") == [0, 1] and table.select(text="局、县") == [1]


def test_an_empty_table_has_every_role_and_no_versions() -> None:
    table = TaskTable()
    assert table.tallies([], None) == [] and table.version(0) is None


def test_schedule_of_one_row_is_that_of_every_row(three_tasks: int) -> None:
    store_extracted(extracted([plan("平政发〔2023〕6号", "方案二", [
        task("修渠", seq="1", lead=("县水利局",), due=date(2023, 12, 31)),
        task("长效管护", seq="2", lead=("县水利局",), ongoing=True, deadline_text="长期坚持")],
        issue_date=date(2023, 1, 1))]))
    table = load_task_table()
    one_by_one = assess(table, AS_OF)
    rows = range(len(table))
    assert [(one_by_one.expected_of(row), one_by_one.pace_of(row)) for row in rows] == \
        list(zip(assess(table, AS_OF).expected, assess(table, AS_OF).pace))
    assert any(value is not None for value in one_by_one.expected)


def test_a_plan_without_number_or_title_is_shown_by_its_file_s_name(registry: Path) -> None:
    store_extracted(extracted([plan(None, None, [task("修路", seq="1", lead=("县交通局",))], source="进展表.xlsx")],
                              source="进展表.xlsx"))
    store_extracted(extracted([plan(None, "某县重点任务分解表", [task("建桥", seq="1", lead=("县水利局",))],
                                    source="分解表.txt")], source="分解表.txt"))
    table = load_task_table()
    assert sorted(table.plan_number(row) for row in range(len(table))) == ["某县重点任务分解表", "（进展表.xlsx）"]
