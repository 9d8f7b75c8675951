"""The task table a liaison restricted to their own department loads, and the versions it carries."""
from __future__ import annotations

from pathlib import Path

from models import store_extracted
from models.supervision.listing import TaskTable, apply_update, load_task_table
from models.registry.schema import Department
from tests.models.builders import extracted, plan, task


def test_a_department_sees_the_tasks_it_has_any_role_in(registry: Path) -> None:
    store_extracted(extracted([plan("平政发〔2023〕5号", "方案", [
        task("修路", seq="1", lead=("县交通局",)),
        task("建桥", seq="2", lead=("县水利局",), cooperating=("县交通局",)),
        task("植树", seq="3", lead=("县林业局",))])]))
    transport = Department.get(Department.name == "县交通运输局").id
    everything, own = load_task_table(), load_task_table(transport)
    assert everything.texts == ["修路", "建桥", "植树"]
    assert own.texts == ["修路", "建桥"]
    assert [len(own.units[role]) for role in ("lead", "responsible", "cooperating")] == [2, 2, 2]
    assert own.versions == everything.versions[:2]
    row = apply_update(own, own.ids[1], "推进中", 10, "2023-10-01 09:00:00")
    assert own.version(row) == everything.versions[1] + 1


def test_an_empty_table_has_every_role_and_no_versions() -> None:
    table = TaskTable()
    assert table.tallies([], None) == [] and table.version(0) is None
