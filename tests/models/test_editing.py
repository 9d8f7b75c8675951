"""The office corrects tasks: edits audited and permission-checked, kept across a re-import
(differences recorded, resolved both ways), split, merge, withdraw and add keep history."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from importers.records import Deadline
from models import record_status_update, store_extracted
from models.access.accounts import authenticate, create_account
from models.access.actor import Actor, sign_in, sign_out
from models.errors import InvalidInput, NotFound, PermissionDenied, StaleTaskError
from models.registry.schema import Assignment, AuditEntry, Department, PlanSource, StatusUpdate, Task, TaskDifference
from models.upkeep.editing import (UnknownDepartments, add_task, edit_task, merge_tasks, preview_deadline,
                                   resolve_difference, split_names, split_task, withdraw_task)
from models.upkeep.review import plan_review
from tests.models.builders import extracted, plan, task

NUMBER = "平政办发〔2023〕50号"
DUE = date(2023, 12, 31)
SOURCE = "\n".join((
    "平顺县城市建设工作方案",                                                  # 1
    "1.新建城区污水管网10公里。（牵头单位：县住建局；完成时限：2023年12月底前）",      # 2
    "2.改造老旧小区12个。（责任单位：县住建局；配合单位：县财政局）",                  # 3
    "3.准备阶段（2023年10月）",                                                # 4
    "4.整治县城河道。（责任单位：县水利局；完成时限：2023年9月底前）",                 # 5
    "5.加强城区绿化管护工作。",                                                  # 6
))


def _tasks(**changes: object) -> list:
    tasks = [
        task("新建城区污水管网10公里。", seq="1", lead=("县住建局",), due=DUE, deadline_text="2023年12月底前", line=2),
        task("改造老旧小区12个。", seq="2", responsible=("县住建局",), cooperating=("县财政局",), line=3),
        task("准备阶段（2023年10月）", seq="3", due=date(2023, 10, 31), deadline_text="2023年10月", line=4),
        task("整治县城河道。", seq="4", responsible=("县水利局",), due=date(2023, 9, 30),
             deadline_text="2023年9月底前", line=5),
    ]
    for index, values in changes.items():
        tasks[int(index[1:])] = replace(tasks[int(index[1:])], **values)   # type: ignore[arg-type]
    return [replace(record, line_end=record.line_start) for record in tasks]


def _import(tasks: list | None = None, salt: str = "") -> int:
    document = replace(plan(NUMBER, "平顺县城市建设工作方案", tasks if tasks is not None else _tasks()),
                       line_start=1, line_end=6)
    return store_extracted(replace(extracted([document], salt=salt), text=SOURCE)).plans[0].plan_id


def _ids() -> dict[str, int]:
    return {row.seq: row.id for row in Task.select().order_by(Task.id) if row.seq}


def _units(task_id: int, role: str) -> list[str]:
    return [row.department.name for row in Assignment.select().where(Assignment.task == task_id,
                                                                      Assignment.role == role)
            .order_by(Assignment.position)]


def _audit(action: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id))


# -- editing ---------------------------------------------------------------------------


def test_an_edit_sets_the_fields_bumps_the_version_and_is_audited(registry: Path) -> None:
    _import()
    task_id = _ids()["3"]
    edit_task(task_id, text="做好创建准备工作", lead="县住建局、县财政局", deadline="11月底前", expected_version=0)
    row = Task.get_by_id(task_id)
    assert (row.text, row.current_deadline, row.original_deadline, row.deadline_text) == (
        "做好创建准备工作", date(2023, 11, 30), date(2023, 11, 30), "11月底前")
    assert row.version == 1 and set(row.edited_fields.split(",")) == {"text", "lead", "deadline"}
    assert _units(task_id, "lead") == ["县住房和城乡建设局", "县财政局"]
    [entry] = _audit("task_edit")
    assert entry.target == f"task:{task_id}"
    before, after = json.loads(entry.before), json.loads(entry.after)
    assert before["text"] == "准备阶段（2023年10月）" and before["lead"] == [] and before["version"] == 0
    assert after["lead"] == ["县住建局", "县财政局"] and after["deadline"] == "2023-11-30" and after["version"] == 1
    edit_task(task_id, text="做好创建准备工作")               # the same again: nothing written
    assert Task.get_by_id(task_id).version == 1 and len(_audit("task_edit")) == 1


def test_deadlines_read_with_the_plans_working_year(registry: Path) -> None:
    plan_id = _import()
    task_id = _ids()["2"]
    assert preview_deadline(plan_id, "6月底前").deadline == date(2023, 6, 30)
    assert preview_deadline(NUMBER, "10个工作日内").deadline == date(2023, 2, 21)   # from the issue date 2023-02-07
    assert preview_deadline(plan_id, "每月5日前").recurrence == "monthly:5"
    assert preview_deadline(plan_id, "与规划同步").understood is False
    edit_task(task_id, deadline="长期坚持")
    row = Task.get_by_id(task_id)
    assert (row.ongoing, row.current_deadline, row.recurrence) == (True, None, None)
    edit_task(task_id, deadline=date(2024, 3, 31))
    row = Task.get_by_id(task_id)
    assert (row.ongoing, row.current_deadline, row.deadline_text) == (False, date(2024, 3, 31), None)
    edit_task(task_id, deadline="2024-06-30")
    assert Task.get_by_id(task_id).current_deadline == date(2024, 6, 30)
    edit_task(task_id, recurrence="每季度末")
    assert Task.get_by_id(task_id).recurrence == "quarterly:3-last"
    edit_task(task_id, ongoing=True)
    row = Task.get_by_id(task_id)
    assert (row.ongoing, row.current_deadline, row.recurrence, row.deadline_text) == (True, None, None, "长期")
    edit_task(task_id, deadline="")
    row = Task.get_by_id(task_id)
    assert (row.ongoing, row.current_deadline, row.recurrence, row.deadline_text) == (False, None, None, None)
    assert set(row.edited_fields.split(",")) == {"deadline", "recurrence", "ongoing"}
    for wrong in ("与规划同步", "2023-02-30"):
        with pytest.raises(InvalidInput):
            edit_task(task_id, deadline=wrong)
    with pytest.raises(InvalidInput):
        edit_task(task_id, recurrence="尽快")


def test_an_unknown_unit_is_refused_unless_created(registry: Path) -> None:
    _import()
    task_id = _ids()["4"]
    with pytest.raises(UnknownDepartments) as refused:
        edit_task(task_id, responsible=["县水务局", "县河长办", "县财政局"])
    assert refused.value.names == ("县水务局", "县河长办") and isinstance(refused.value, InvalidInput)
    assert _units(task_id, "responsible") == ["县水利局"] and Task.get_by_id(task_id).version == 0
    edit_task(task_id, responsible="县水务局，县财政局", create_departments=True)
    assert _units(task_id, "responsible") == ["县水务局", "县财政局"]
    assert [json.loads(entry.after)["name"] for entry in _audit("department")] == ["县水务局"]


def test_units_are_read_in_the_plans_county(registry: Path) -> None:
    _import()                                                  # 平顺's plan names 县住建局
    pingshun = _ids()["1"]
    pianguan = replace(plan("偏政办发〔2023〕9号", "偏关县城市建设方案",
                            [task("改造偏关老城区供热管网。", seq="1", lead=("县住建局",), due=DUE, line=2),
                             task("硬化偏关城区巷道路面。", seq="2", lead=("县交通局",), due=DUE, line=3)],
                            issuer="偏关县人民政府办公室"), line_start=1, line_end=6)
    store_extracted(replace(extracted([pianguan], salt="偏关"), text=SOURCE))
    theirs = Task.get(Task.text == "改造偏关老城区供热管网。")
    road = Task.get(Task.text == "硬化偏关城区巷道路面。")
    edit_task(road.id, lead="县住建局")
    assert [row.department_id for row in Assignment.select().where(Assignment.task == road.id)] == \
        [row.department_id for row in Assignment.select().where(Assignment.task == theirs.id)]
    assert Assignment.get(Assignment.task == road.id).department_id != \
        Assignment.get(Assignment.task == pingshun).department_id          # not 平顺's 县住建局


def test_unit_lists_split_at_separators_outside_brackets() -> None:
    assert split_names("县发改局（县粮食局、县能源局）、县财政局,县住建局，县水利局") == [
        "县发改局（县粮食局、县能源局）", "县财政局", "县住建局", "县水利局"]
    assert split_names(["县财政局", " 县财政局 ", ""]) == ["县财政局"]


def test_a_stale_form_is_refused_naming_the_change(registry: Path) -> None:
    _import()
    task_id = _ids()["1"]
    edit_task(task_id, text="新建城区污水管网12公里。", expected_version=0)
    with pytest.raises(StaleTaskError, match="修改任务") as refused:
        edit_task(task_id, text="新建城区污水管网15公里。", expected_version=0)
    assert (refused.value.expected, refused.value.found) == (0, 1)
    assert Task.get_by_id(task_id).text == "新建城区污水管网12公里。"


def test_an_unknown_task_or_difference_is_not_found(registry: Path) -> None:
    _import()
    with pytest.raises(NotFound):
        edit_task(999, text="x")
    with pytest.raises(NotFound):
        resolve_difference(999, True)


# -- who may ---------------------------------------------------------------------------


@pytest.fixture
def people(registry: Path) -> dict[str, Actor]:
    _import()
    sign_out()
    create_account("office", "editing-tests-1", "office")
    office = authenticate("office", "editing-tests-1")
    sign_in(office)
    create_account("zj", "editing-tests-1", "liaison", department="县住建局")
    create_account("leader", "editing-tests-1", "leader")
    yield {"office": office, "liaison": authenticate("zj", "editing-tests-1"),
           "leader": authenticate("leader", "editing-tests-1")}
    sign_out()


def test_only_the_office_corrects_tasks(people: dict[str, Actor]) -> None:
    ids = _ids()
    own = ids["1"]                      # the liaison's own department leads it: still not theirs to edit
    writes = [
        lambda actor: edit_task(own, text="改", actor=actor),
        lambda actor: add_task(NUMBER, 6, 6, actor=actor),
        lambda actor: split_task(own, "一", "二", actor=actor),
        lambda actor: merge_tasks(own, ids["2"], actor=actor),
        lambda actor: withdraw_task(ids["3"], "阶段标题", actor=actor),
    ]
    for who in ("liaison", "leader"):
        for write in writes:
            with pytest.raises(PermissionDenied):
                write(people[who])
    assert not AuditEntry.select().where(AuditEntry.action.startswith("task_")).exists()
    assert Task.select().count() == 4 and not Task.select().where(Task.withdrawn == True).exists()  # noqa: E712
    edit_task(own, text="新建城区污水管网12公里。", actor=people["office"])
    assert _audit("task_edit")[0].actor == "office"


# -- a re-import keeps the office's edits ------------------------------------------------


def test_a_reimport_keeps_edited_fields_and_records_differences(registry: Path) -> None:
    _import()
    ids = _ids()
    edit_task(ids["1"], text="新建城区雨污分流管网10公里。", responsible="县水利局")
    edit_task(ids["4"], deadline="10月底前")
    corrected = _tasks(t0={"text": "新建城区污水管网15公里。", "responsible": ("县财政局",)},
                       t1={"text": "改造老旧小区20个。"},
                       t3={"deadline": Deadline(text="2023年8月底前", due=date(2023, 8, 31))})
    summary_plan = store_extracted(replace(extracted([replace(plan(NUMBER, "平顺县城市建设工作方案", corrected),
                                                              line_start=1, line_end=6)], salt="v2"),
                                           text=SOURCE)).plans[0]
    assert (summary_plan.added, summary_plan.withdrawn, summary_plan.deleted) == (0, 0, 0)
    assert summary_plan.differences == 3
    first, second, fourth = (Task.get_by_id(ids[seq]) for seq in ("1", "2", "4"))
    assert first.text == "新建城区雨污分流管网10公里。" and _units(ids["1"], "responsible") == ["县水利局"]
    assert _units(ids["1"], "lead") == ["县住房和城乡建设局"]               # not edited: as extracted
    assert second.text == "改造老旧小区20个。"                               # not edited: updated
    assert fourth.current_deadline == date(2023, 10, 31)

    review = plan_review(NUMBER)
    differences = {(item.seq, difference.field): difference for item in review.tasks for difference in item.differences}
    assert set(differences) == {("1", "text"), ("1", "responsible"), ("4", "deadline")}
    assert differences[("1", "text")].current == "新建城区雨污分流管网10公里。"
    assert differences[("1", "text")].extracted == "新建城区污水管网15公里。"
    assert differences[("1", "responsible")].extracted == "县财政局"
    assert differences[("4", "deadline")].extracted == "2023-08-31（2023年8月底前）"

    resolve_difference(differences[("1", "text")].id, take_extracted=True)
    resolve_difference(differences[("1", "responsible")].id, take_extracted=False)
    resolve_difference(differences[("4", "deadline")].id, take_extracted=True)
    first, fourth = Task.get_by_id(ids["1"]), Task.get_by_id(ids["4"])
    assert first.text == "新建城区污水管网15公里。" and _units(ids["1"], "responsible") == ["县水利局"]
    assert set(first.edited_fields.split(",")) == {"responsible"}    # the text follows the document again
    assert fourth.current_deadline == date(2023, 8, 31) and fourth.edited_fields == ""
    assert first.version == 2 and fourth.version == 2
    assert [entry.target for entry in _audit("task_difference")] == [f"task:{ids['1']}"] * 2 + [f"task:{ids['4']}"]
    assert all(not item.differences for item in plan_review(NUMBER).tasks)

    # The same extraction again (other bytes): the kept choice is not asked again; the
    # text, no longer edited, follows a third version.
    store_extracted(replace(extracted([replace(plan(NUMBER, "平顺县城市建设工作方案", corrected),
                                               line_start=1, line_end=6)], salt="v3"), text=SOURCE))
    assert all(not item.differences for item in plan_review(NUMBER).tasks)
    third = list(corrected)
    third[0] = replace(third[0], text="新建城区污水管网16公里。", responsible=("县住建局",))
    store_extracted(replace(extracted([replace(plan(NUMBER, "平顺县城市建设工作方案", third),
                                               line_start=1, line_end=6)], salt="v4"), text=SOURCE))
    assert Task.get_by_id(ids["1"]).text == "新建城区污水管网16公里。"
    [item] = [item for item in plan_review(NUMBER).tasks if item.differences]
    assert [(difference.field, difference.extracted) for difference in item.differences] == [
        ("responsible", "县住建局")]


def test_an_edited_text_is_matched_by_the_documents_words(registry: Path) -> None:
    _import()
    ids = _ids()
    edit_task(ids["2"], text="老旧小区改造（含加装电梯、管网更新、外墙保温）")
    store_extracted(replace(extracted([replace(plan(NUMBER, "平顺县城市建设工作方案",
                                                    _tasks(t1={"seq": "二"})), line_start=1, line_end=6)],
                                      salt="renumbered"), text=SOURCE))
    row = Task.get_by_id(ids["2"])
    assert (row.seq, row.withdrawn, row.text) == ("二", False, "老旧小区改造（含加装电梯、管网更新、外墙保温）")
    assert Task.select().count() == 4
    assert not TaskDifference.select().where(TaskDifference.state == "待处理").exists()


def test_an_edited_task_gone_from_the_document_is_withdrawn_not_deleted(registry: Path) -> None:
    _import()
    ids = _ids()
    edit_task(ids["4"], deadline="10月底前")
    _import(_tasks()[:3], salt="without 4")
    row = Task.get_by_id(ids["4"])
    assert row.withdrawn and row.withdrawn_reason == "更正后的文件中已无此任务"


# -- withdraw, split, merge, add -----------------------------------------------------------


def test_a_withdrawn_task_keeps_its_history_and_stays_withdrawn(registry: Path) -> None:
    _import()
    heading = _ids()["3"]
    record_status_update(heading, "推进中", 10, note="已部署")
    with pytest.raises(InvalidInput):
        withdraw_task(heading, "  ")
    withdraw_task(heading, "阶段标题，不是任务")
    withdraw_task(heading, "阶段标题，不是任务")              # again: nothing more
    row = Task.get_by_id(heading)
    assert row.withdrawn and row.withdrawn_reason == "阶段标题，不是任务" and row.version == 2
    assert StatusUpdate.select().where(StatusUpdate.task == heading).count() == 1
    assert len(_audit("task_withdraw")) == 1
    _import(salt="again")                                     # the document still has it: still withdrawn
    row = Task.get_by_id(heading)
    assert row.withdrawn and row.withdrawn_reason == "阶段标题，不是任务"


def test_a_split_keeps_units_deadline_and_history_with_the_first(registry: Path) -> None:
    _import()
    ids = _ids()
    task_id = ids["2"]
    record_status_update(task_id, "推进中", 30, note="已开工")
    first, second = split_task(task_id, "改造老旧小区8个。", "改造老旧小区4个。")
    assert first == task_id
    rows = {row.id: row for row in Task.select().where(Task.id.in_([first, second]))}
    assert (rows[first].text, rows[second].text) == ("改造老旧小区8个。", "改造老旧小区4个。")
    for ident in (first, second):
        assert _units(ident, "responsible") == ["县住房和城乡建设局"] and _units(ident, "cooperating") == ["县财政局"]
        assert rows[ident].line_start == 3
    assert (rows[first].progress, rows[second].progress, rows[second].status) == (30, 0, "未开始")
    assert StatusUpdate.select().where(StatusUpdate.task == second).count() == 0
    assert [item.id for item in plan_review(NUMBER).tasks] == [ids["1"], first, second, ids["3"], ids["4"]]
    assert _audit("task_split")[0].target == f"task:{first}"
    _import(salt="again")                                     # the document still says it whole
    assert Task.get_by_id(second).withdrawn is False and Task.get_by_id(first).text == "改造老旧小区8个。"
    assert all(not item.differences for item in plan_review(NUMBER).tasks)   # the split was the office's choice


def test_a_merge_unites_units_and_withdraws_the_absorbed_with_its_history(registry: Path) -> None:
    _import()
    ids = _ids()
    record_status_update(ids["4"], "推进中", 20, note="已清淤")
    assert merge_tasks(ids["3"], ids["4"]) == ids["3"]
    keep, absorbed = Task.get_by_id(ids["3"]), Task.get_by_id(ids["4"])
    assert _units(ids["3"], "responsible") == ["县水利局"]
    assert keep.current_deadline == date(2023, 10, 31)        # it had one: kept
    assert absorbed.withdrawn and absorbed.withdrawn_reason == f"并入任务 3（编号 {ids['3']}）"
    assert StatusUpdate.select().where(StatusUpdate.task == ids["4"]).count() == 1
    with pytest.raises(InvalidInput):
        merge_tasks(ids["3"], ids["4"])                       # already absorbed
    _import(salt="again")
    assert Task.get_by_id(ids["4"]).withdrawn and _units(ids["3"], "responsible") == ["县水利局"]


def test_a_task_added_from_source_lines(registry: Path) -> None:
    _import()
    added = add_task(NUMBER, 6, 6)
    row = Task.get_by_id(added)
    assert (row.text, row.line_start, row.line_end, row.added_by_office) == ("5.加强城区绿化管护工作。", 6, 6, True)
    assert Task.select().where(Task.plan == row.plan_id).order_by(Task.position.desc()).first().id == added
    read = add_task(NUMBER, 5, 5, text="整治县城河道（补录）")
    assert _units(read, "responsible") == ["县水利局"]                 # read from the line by the importer
    assert Task.get_by_id(read).current_deadline == date(2023, 9, 30)
    assert Task.get_by_id(read).edited_fields == "text"
    given = add_task(NUMBER, 6, 6, lead=["县财政局"], deadline="12月底前")
    assert _units(given, "lead") == ["县财政局"] and Task.get_by_id(given).current_deadline == DUE
    assert [json.loads(entry.after)["text"] for entry in _audit("task_add")] == [
        "5.加强城区绿化管护工作。", "整治县城河道（补录）", "5.加强城区绿化管护工作。"]
    with pytest.raises(InvalidInput):
        add_task(NUMBER, 7, 9)                                 # beyond the kept lines
    _import(salt="again")                                      # no extraction gives them: they stay
    assert Task.select().where(Task.id.in_([added, read, given]), Task.withdrawn == False).count() == 3  # noqa: E712


def test_adding_needs_a_text_where_no_source_was_kept(registry: Path) -> None:
    _import()
    PlanSource.delete().execute()
    with pytest.raises(InvalidInput, match="未保存原文"):
        add_task(NUMBER, 6, 6)
    added = add_task(NUMBER, 6, 6, text="加强城区绿化管护工作。")
    assert Task.get_by_id(added).text == "加强城区绿化管护工作。"
    assert Department.select().where(Department.name == "县水利局").count() >= 1
