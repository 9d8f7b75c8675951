"""延期 and 办结/销号: what moves the deadline, what closes a task, and that history keeps every step."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from models import record_status_update, store_extracted, task_history
from models.registry.dialect import is_postgres
from models.supervision.evidence import evidence_of, evidence_root
from models.registry.schema import ClosureRequest, Evidence, ExtensionRequest, Task
from models.supervision.workflow import (
    apply_for_closure,
    closed_task_ids,
    closure_dates,
    closure_evidence,
    closures_of,
    decide_closure,
    decide_extension,
    deadline_text,
    extended_originals,
    extensions_of,
    is_closed,
    pending_closures,
    pending_extensions,
    request_extension,
)
from tests.models.builders import clock_at, extracted, plan, task

OCTOBER_END = date(2023, 10, 31)
NOVEMBER_END = date(2023, 11, 30)
DECEMBER_END = date(2023, 12, 31)


@pytest.fixture
def tasks(registry: Path) -> dict[str, int]:
    store_extracted(extracted([plan("平政发〔2023〕3号", "城市更新方案", [
        task("修复道路", seq="1", lead=("县住建局",), due=OCTOBER_END),
        task("改造管网", seq="2", lead=("县住建局",), responsible=("县水利局",), due=OCTOBER_END),
        task("长效管护", seq="3", lead=("县住建局",), ongoing=True, deadline_text="长期坚持"),
    ])]))
    return {row.text: row.id for row in Task.select()}


def deadlines(task_id: int) -> tuple[date | None, date | None]:
    row = Task.get_by_id(task_id)
    return row.original_deadline, row.current_deadline


def notes(task_id: int) -> list[str]:
    return [entry.note for entry in task_history(task_id)]


# -- 延期 -----------------------------------------------------------------------------

def test_a_request_is_pending_and_does_not_move_the_deadline(tasks: dict[str, int]) -> None:
    road = tasks["修复道路"]
    record_status_update(road, "推进中", 40, note="已完成路基")
    request = request_extension(road, NOVEMBER_END, "  雨季停工  ", requested_by="张三", department="县住建局")
    assert (request.state, request.previous_deadline, request.requested_deadline) == ("待审批", OCTOBER_END,
                                                                                       NOVEMBER_END)
    assert request.reason == "雨季停工" and request.department.name == "县住房和城乡建设局"
    assert deadlines(road) == (OCTOBER_END, OCTOBER_END)
    # The history says what was asked; status and progress stay as they were.
    last = task_history(road)[-1]
    assert (last.status, last.progress, last.who) == ("推进中", 40, "张三")
    assert "申请延期" in last.note and "2023年11月30日" in last.note and "雨季停工" in last.note
    row = Task.get_by_id(road)
    assert (row.status, row.progress) == ("推进中", 40)
    assert [r.id for r in pending_extensions()] == [request.id] == [r.id for r in pending_extensions(road)]
    assert extended_originals() == {}


def test_approval_moves_the_current_deadline_and_keeps_the_original(tasks: dict[str, int]) -> None:
    road = tasks["修复道路"]
    request = request_extension(road, NOVEMBER_END, "雨季停工")
    decided = decide_extension(request.id, True, "李主任", note="同意")
    assert (decided.state, decided.decided_by, decided.decision_note) == ("已批准", "李主任", "同意")
    assert decided.decided_at is not None
    assert deadlines(road) == (OCTOBER_END, NOVEMBER_END)
    assert pending_extensions() == []
    assert extended_originals() == {road: OCTOBER_END}
    assert extended_originals([tasks["改造管网"]]) == {}
    assert "批准延期" in notes(road)[-1] and "审批意见：同意" in notes(road)[-1]


def test_two_approvals_chain_and_history_has_every_step(tasks: dict[str, int]) -> None:
    road = tasks["修复道路"]
    first = request_extension(road, NOVEMBER_END, "雨季停工", requested_by="张三")
    decide_extension(first.id, True, "李主任")
    second = request_extension(road, DECEMBER_END, "材料未到货", requested_by="张三")
    assert second.previous_deadline == NOVEMBER_END
    decide_extension(second.id, True, "李主任")
    assert deadlines(road) == (OCTOBER_END, DECEMBER_END)
    assert [(r.previous_deadline, r.requested_deadline, r.state) for r in extensions_of(road)] == [
        (OCTOBER_END, NOVEMBER_END, "已批准"), (NOVEMBER_END, DECEMBER_END, "已批准")]
    assert [note.split("：")[0] for note in notes(road)] == ["申请延期", "批准延期", "申请延期", "批准延期"]
    assert [entry.who for entry in task_history(road)] == ["张三", "李主任", "张三", "李主任"]
    assert notes(road)[1] == "批准延期：完成时限由2023年10月31日调整为2023年11月30日。"
    assert notes(road)[3] == "批准延期：完成时限由2023年11月30日调整为2023年12月31日（原定2023年10月31日）。"
    assert deadline_text(DECEMBER_END, OCTOBER_END) == "2023年12月31日（原定2023年10月31日，已延期）"


def test_rejection_leaves_the_deadline(tasks: dict[str, int]) -> None:
    road = tasks["修复道路"]
    request = request_extension(road, NOVEMBER_END, "雨季停工")
    decided = decide_extension(request.id, False, "李主任", note="理由不充分")
    assert decided.state == "已驳回"
    assert deadlines(road) == (OCTOBER_END, OCTOBER_END)
    assert "驳回延期申请" in notes(road)[-1] and "理由不充分" in notes(road)[-1]
    assert extended_originals() == {}
    # A rejected request no longer blocks a new one.
    assert request_extension(road, NOVEMBER_END, "补充说明").state == "待审批"


@pytest.mark.parametrize(("new_deadline", "reason", "message"), [
    (NOVEMBER_END, "   ", "延期理由"),
    (OCTOBER_END, "雨季停工", "必须晚于当前完成时限2023年10月31日"),
    (date(2023, 10, 1), "雨季停工", "必须晚于"),
])
def test_refused_requests(tasks: dict[str, int], new_deadline: date, reason: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        request_extension(tasks["修复道路"], new_deadline, reason)
    assert ExtensionRequest.select().count() == 0 and task_history(tasks["修复道路"]) == []


def test_second_pending_done_undated_and_unknown_are_refused(tasks: dict[str, int]) -> None:
    road, pipes = tasks["修复道路"], tasks["改造管网"]
    request_extension(road, NOVEMBER_END, "雨季停工")
    with pytest.raises(ValueError, match="已有待审批"):
        request_extension(road, DECEMBER_END, "再延")
    with pytest.raises(ValueError, match="没有明确的完成时限"):
        request_extension(tasks["长效管护"], DECEMBER_END, "再延")
    with pytest.raises(LookupError, match="没有编号为 999 的任务"):
        request_extension(999, DECEMBER_END, "再延")
    with pytest.raises(LookupError):
        request_extension(pipes, DECEMBER_END, "再延", department="不存在的局")
    record_status_update(pipes, "已完成", 100)
    with pytest.raises(ValueError, match="已完成"):
        request_extension(pipes, DECEMBER_END, "再延")
    assert ExtensionRequest.select().count() == 1


def test_only_pending_requests_are_decided_and_a_decider_is_named(tasks: dict[str, int]) -> None:
    request = request_extension(tasks["修复道路"], NOVEMBER_END, "雨季停工")
    with pytest.raises(ValueError, match="审核人"):
        decide_extension(request.id, True, " ")
    decide_extension(request.id, False, "李主任")
    with pytest.raises(ValueError, match="已审批（已驳回）"):
        decide_extension(request.id, True, "李主任")
    with pytest.raises(LookupError):
        decide_extension(999, True, "李主任")
    assert deadlines(tasks["修复道路"]) == (OCTOBER_END, OCTOBER_END)


# -- 办结 and 销号 ---------------------------------------------------------------------

def test_application_is_pending_done_with_evidence(tasks: dict[str, int], tmp_path: Path) -> None:
    road = tasks["修复道路"]
    photo = tmp_path / "验收照片.jpg"
    photo.write_bytes(b"jpeg")
    closure = apply_for_closure(road, "道路已通车", applied_by="张三", department="县住建局", files=[photo],
                                today=date(2023, 10, 20))
    assert (closure.state, closure.note, closure.applied_by) == ("待审核", "道路已通车", "张三")
    application = task_history(road)[-1]
    assert closure.status_update_id == application.id
    assert (application.status, application.progress, application.completed_on) == ("已完成", 100,
                                                                                     date(2023, 10, 20))
    assert application.note == "申请办结：道路已通车"
    assert [row.file_name for row in evidence_of([application.id])[application.id]] == ["验收照片.jpg"]
    assert closure_evidence([closure.id]) == {closure.id: ["验收照片.jpg"]}
    assert [c.id for c in pending_closures()] == [closure.id] == [c.id for c in pending_closures(road)]
    # Done but not closed: statistics do not count it yet.
    assert not is_closed(road) and closed_task_ids() == set()


def test_closing_sets_closed_on_and_counts_as_done(tasks: dict[str, int]) -> None:
    road = tasks["修复道路"]
    closure = apply_for_closure(road, "道路已通车", today=date(2023, 10, 20))
    decided = decide_closure(closure.id, True, "李主任", today=date(2023, 10, 25))
    assert (decided.state, decided.decided_by) == ("已销号", "李主任")
    row = Task.get_by_id(road)
    assert (row.closed_on, row.status, row.progress) == (date(2023, 10, 25), "已完成", 100)
    assert is_closed(road) and is_closed(row) and not is_closed(tasks["改造管网"])
    assert closed_task_ids() == {road} and closed_task_ids([tasks["改造管网"]]) == set()
    assert closure_dates() == {road: date(2023, 10, 25)}
    assert "销号" in notes(road)[-1] and task_history(road)[-1].completed_on == date(2023, 10, 20)
    assert pending_closures() == []


def test_returning_goes_back_to_in_progress_with_the_reason(tasks: dict[str, int]) -> None:
    road = tasks["修复道路"]
    record_status_update(road, "推进中", 70, note="主体完工")
    closure = apply_for_closure(road, "道路已通车")
    with pytest.raises(ValueError, match="退回理由"):
        decide_closure(closure.id, False, "李主任", reason="  ")
    decided = decide_closure(closure.id, False, "李主任", reason="缺少验收报告")
    assert (decided.state, decided.decision_note) == ("已退回", "缺少验收报告")
    row = Task.get_by_id(road)
    assert (row.status, row.progress, row.closed_on) == ("推进中", 70, None)
    assert [(e.status, e.progress) for e in task_history(road)] == [("推进中", 70), ("已完成", 100), ("推进中", 70)]
    assert notes(road)[-1] == "退回办结申请：缺少验收报告" and task_history(road)[-1].who == "李主任"
    assert not is_closed(road)
    # Returned, it may apply again; then be closed.
    again = apply_for_closure(road, "已补充验收报告")
    decide_closure(again.id, True, "李主任", today=date(2023, 11, 2))
    assert [c.state for c in closures_of(road)] == ["已退回", "已销号"]
    assert closed_task_ids() == {road}


def test_returning_keeps_the_last_reported_progress_and_invents_none(tasks: dict[str, int]) -> None:
    """已完成 → 申请办结 → 退回 (the way the office drove it): 100 % was reported, 100 % it stays;
    a task nobody reported on keeps the progress it started with. Never a figure nobody gave."""
    road = tasks["修复道路"]
    record_status_update(road, "已完成", 100, note="已通车")             # marked done before applying
    closure = apply_for_closure(road, "道路已通车")
    decide_closure(closure.id, False, "李主任", reason="未验收")
    assert (Task.get_by_id(road).status, Task.get_by_id(road).progress) == ("推进中", 100)
    assert [entry.progress for entry in task_history(road)] == [100, 100, 100]
    pipes = tasks["改造管网"]
    decide_closure(apply_for_closure(pipes, "完工").id, False, "李主任", reason="未验收")
    assert (Task.get_by_id(pipes).status, Task.get_by_id(pipes).progress) == ("推进中", 0)
    assert [entry.progress for entry in task_history(pipes)] == [100, 0]


def test_closing_and_returning_are_dated_by_the_clock(tasks: dict[str, int]) -> None:
    road, pipes = tasks["修复道路"], tasks["改造管网"]
    application = apply_for_closure(road, "道路已通车")
    assert task_history(road)[-1].completed_on == date.today()
    decide_closure(application.id, True, "李主任")
    assert Task.get_by_id(road).closed_on == date.today() and closure_dates() == {road: date.today()}
    returned = decide_closure(apply_for_closure(pipes, "完工").id, False, "李主任", reason="未验收")
    assert returned.decided_at.date() == date.today() == task_history(pipes)[-1].created_at.date()


def test_closure_refusals(tasks: dict[str, int], tmp_path: Path) -> None:
    road = tasks["修复道路"]
    with pytest.raises(ValueError, match="办结情况说明"):
        apply_for_closure(road, " ")
    with pytest.raises(FileNotFoundError):
        apply_for_closure(road, "完工", files=[tmp_path / "missing.pdf"])
    assert ClosureRequest.select().count() == 0 and task_history(road) == []
    closure = apply_for_closure(road, "完工")
    with pytest.raises(ValueError, match="已有待审核"):
        apply_for_closure(road, "完工")
    # A pending application makes the task 已完成: no extension while it waits.
    with pytest.raises(ValueError, match="已完成"):
        request_extension(road, DECEMBER_END, "再延")
    decide_closure(closure.id, True, "李主任")
    with pytest.raises(ValueError, match="已审核（已销号）"):
        decide_closure(closure.id, False, "李主任", reason="再看看")
    with pytest.raises(ValueError, match="销号"):
        apply_for_closure(road, "完工")
    with pytest.raises(ValueError, match="销号"):
        request_extension(road, DECEMBER_END, "再延")
    with pytest.raises(LookupError):
        decide_closure(999, True, "李主任")


def test_failed_application_leaves_no_evidence_file(tasks: dict[str, int], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    road = tasks["修复道路"]
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"jpeg")

    def broken(**_fields: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(ClosureRequest, "create", broken)
    with pytest.raises(RuntimeError):
        apply_for_closure(road, "完工", files=[photo])
    assert Evidence.select().count() == 0 and task_history(road) == []
    if not is_postgres():   # a server registry's evidence went with the rolled-back rows
        assert not any(path.is_file() for path in evidence_root().rglob("*"))


def test_extended_deadline_is_what_overdue_is_judged_against(tasks: dict[str, int]) -> None:
    from models.supervision.queries import task_rows

    road = tasks["修复道路"]
    decide_extension(request_extension(road, DECEMBER_END, "雨季停工").id, True, "李主任")
    states = {row.id: row.state for row in task_rows(as_of=date(2023, 11, 6))}
    assert states[road] != "逾期" and states[tasks["改造管网"]] == "逾期"


def test_report_and_ledger_show_both_deadlines_after_an_approved_extension(tasks: dict[str, int],
                                                                           tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    from models.paper.ledger import LEDGER_COLUMNS, LEDGER_FIRST_ROW, export_ledger
    from models.paper.reports import weekly_report

    clock_at(monkeypatch, datetime(2023, 11, 20, 9))      # decided before the report's Monday
    road, pipes = tasks["修复道路"], tasks["改造管网"]
    decide_extension(request_extension(road, NOVEMBER_END, "雨季停工").id, True, "李主任")
    request_extension(pipes, DECEMBER_END, "待批")                      # pending: shows nothing
    report = weekly_report(date(2023, 12, 4))                             # both overdue by then
    shown = {task.text: (task.deadline, task.original_deadline, task.days_overdue)
             for section in report.sections for task in section.tasks}
    assert shown == {"修复道路": (NOVEMBER_END, OCTOBER_END, 4), "改造管网": (OCTOBER_END, None, 34)}

    path = tmp_path / "台账.xlsx"
    export_ledger(path, one_sheet=True, as_of=date(2023, 11, 6))
    sheet = load_workbook(path).active
    column = [column.title for column in LEDGER_COLUMNS].index("完成时限")
    cells = {row[2].value: row[column].value for row in sheet.iter_rows(min_row=LEDGER_FIRST_ROW)}
    assert cells["1 修复道路"] == "2023年11月30日（原定2023年10月31日，已延期）"
    assert cells["2 改造管网"].date() == OCTOBER_END                    # still a real date
    overdue = {row[2].value: row[-1].value for row in sheet.iter_rows(min_row=LEDGER_FIRST_ROW)}
    assert overdue == {"1 修复道路": "否", "2 改造管网": "是", "3 长效管护": "否"}
