"""待办: what waits for the office (pending requests, tasks reported 已完成), since when, oldest
first; the office's steps 待审批 / 待销号 / 已销号 as rows of the read model; the original deadline
an approved 延期 leaves in the read model."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from models import record_status_update, store_extracted
from models.registry.schema import ExtensionRequest, StatusUpdate, Task
from models.supervision.listing import load_task_table
from models.supervision.waiting import (AWAITING_APPROVAL, AWAITING_CLOSURE, CLOSED, CLOSURE, EXTENSION,
                                        REPORTED_DONE, OfficeQueue, describe, office_queue, office_rows,
                                        office_step)
from models.supervision.workflow import apply_for_closure, decide_closure, decide_extension, request_extension
from tests.models.builders import extracted, plan, task

OCTOBER_END = date(2023, 10, 31)
DECEMBER_END = date(2023, 12, 31)


@pytest.fixture
def tasks(registry: Path) -> dict[str, int]:
    store_extracted(extracted([plan("平政发〔2023〕3号", "城市更新方案", [
        task("修复道路", seq="1", lead=("县住建局",), due=OCTOBER_END),
        task("改造管网", seq="2", lead=("县水利局",), due=OCTOBER_END),
        task("建设公园", seq="3", lead=("县住建局",), cooperating=("县水利局",), due=OCTOBER_END),
        task("整治河道", seq="4", lead=("县水利局",), due=OCTOBER_END),
        task("长效管护", seq="5", lead=("县住建局",), ongoing=True, deadline_text="长期坚持"),
    ])]))
    return {row.text: row.id for row in Task.select()}


def backdate(model, ident: int, when: datetime) -> None:
    """Move a request's or report's time back, to order the queue (they are stamped by the clock)."""
    field = {ExtensionRequest: ExtensionRequest.requested_at, StatusUpdate: StatusUpdate.created_at}.get(model)
    model.update({field: when}).where(model.id == ident).execute()


def test_the_queue_lists_requests_and_reports_oldest_first(tasks: dict[str, int]) -> None:
    road, pipes, park, river = (tasks[name] for name in ("修复道路", "改造管网", "建设公园", "整治河道"))
    extension = request_extension(road, DECEMBER_END, "雨季停工", requested_by="张三", department="县住建局")
    backdate(ExtensionRequest, extension.id, datetime(2023, 11, 2, 9, 30))
    apply_for_closure(pipes, "管网已通水", applied_by="李四", department="县水利局")       # today: the newest
    record_status_update(park, "推进中", 50, who="王五")
    report = record_status_update(park, "已完成", 100, who="王五", department="县住建局")
    backdate(StatusUpdate, report.id, datetime(2023, 10, 20, 16, 0))
    later = record_status_update(park, "已完成", 100, note="补充照片", who="赵六")   # still 已完成: not a new wait
    backdate(StatusUpdate, later.id, datetime(2023, 10, 25, 8, 0))
    table = load_task_table()
    queue = office_queue(table)

    assert [(item.kind, item.task_id) for item in queue.items] == [
        (REPORTED_DONE, park), (EXTENSION, road), (CLOSURE, pipes)]
    park_item, road_item, pipes_item = queue.items
    assert park_item.since == datetime(2023, 10, 20, 16, 0) and park_item.by == "王五"
    assert park_item.department == "县住房和城乡建设局" and park_item.request_id is None
    assert road_item.request_id == extension.id and road_item.by == "张三"
    assert "申请由2023年10月31日延至2023年12月31日" in road_item.detail and "雨季停工" in road_item.detail
    assert pipes_item.detail == "办结情况：管网已通水" and pipes_item.department == "县水利局"
    assert road_item.days_waiting(date(2023, 11, 6)) == 4
    assert queue.counts() == {EXTENSION: 1, CLOSURE: 1, REPORTED_DONE: 1}
    assert table.ids[park_item.row] == park and river not in {item.task_id for item in queue.items}
    assert "延期申请（2023年11月2日，县住房和城乡建设局、张三）" in describe([road_item])


def test_the_office_states_of_rows(tasks: dict[str, int]) -> None:
    road, pipes, park, river = (tasks[name] for name in ("修复道路", "改造管网", "建设公园", "整治河道"))
    request_extension(road, DECEMBER_END, "雨季停工")
    applied = apply_for_closure(pipes, "管网已通水")
    record_status_update(park, "已完成", 100)
    decide_closure(apply_for_closure(river, "河道已整治").id, True, "督查室")
    table = load_task_table()
    queue = office_queue(table)
    row = {ident: position for position, ident in enumerate(table.ids)}

    assert office_rows(table, queue, AWAITING_APPROVAL) == {row[road], row[pipes]}
    assert office_rows(table, queue, AWAITING_CLOSURE) == {row[pipes], row[park]}    # an application is both
    assert office_rows(table, queue, CLOSED) == {row[river]}
    assert [office_step(table, queue, row[ident]) for ident in (road, pipes, park, river, tasks["长效管护"])] == [
        AWAITING_APPROVAL, AWAITING_APPROVAL, AWAITING_CLOSURE, CLOSED, None]
    assert [item.request_id for item in queue.items if item.task_id == pipes] == [applied.id]
    assert river not in {item.task_id for item in queue.items}                         # closed: nothing waits


def test_decisions_empty_the_queue_and_leave_both_deadlines_in_the_read_model(tasks: dict[str, int]) -> None:
    road, pipes = tasks["修复道路"], tasks["改造管网"]
    decide_extension(request_extension(road, DECEMBER_END, "雨季停工").id, True, "督查室")
    decide_closure(apply_for_closure(pipes, "管网已通水").id, False, "督查室", "缺少验收材料")
    table = load_task_table()
    assert len(office_queue(table)) == 0
    row = table.ids.index(road)
    assert table.deadlines[row] == "2023-12-31" and table.original_deadline(row) == "2023-10-31"
    assert table.original_deadline(table.ids.index(pipes)) is None       # never moved


def test_the_tree_counts_waiting_tasks_per_department(tasks: dict[str, int]) -> None:
    request_extension(tasks["修复道路"], DECEMBER_END, "雨季停工")
    record_status_update(tasks["建设公园"], "已完成", 100)          # 县水利局 cooperates on it
    table = load_task_table()
    queue = office_queue(table)
    tallies = {tally.name: tally for tally in table.tallies(table.states(date(2023, 11, 6)), waiting=queue.rows)}
    assert tallies["县住房和城乡建设局"].waiting == 2 and tallies["县水利局"].waiting == 1
    assert sum(tally.waiting for tally in table.tallies(table.states(date(2023, 11, 6)))) == 0


def test_an_empty_queue() -> None:
    assert len(OfficeQueue()) == 0 and OfficeQueue().rows == frozenset()
