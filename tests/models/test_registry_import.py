"""Storing extracted files: first import, repeats, corrected versions, failures."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from importers.records import ExtractedFile, ExtractionWarning, PlanDocument
from models.registry.dialect import is_postgres
from models.supervision.listing import load_task_table
from models import record_status_update, store_extracted, task_rows
from models.upkeep import importing as registry_import
from models.registry.schema import Assignment, Department, DepartmentAlias, ImportRun, Plan, StatusUpdate, Task, db
from tests.models.builders import extracted, plan, task

NUMBER = "平政发〔2023〕3号"
TITLE = "平顺县2023年城市更新工作方案"


def _counts() -> dict[str, int]:
    return {model.__name__: model.select().count()
            for model in (Plan, Task, Department, DepartmentAlias, Assignment, StatusUpdate)}


def version_1() -> ExtractedFile:
    return extracted([plan(NUMBER, TITLE, [
        task("新建城区污水管网10公里", seq="一/1", lead=("县住建局",), due=date(2023, 12, 31),
             deadline_text="年底前"),
        task("改造老旧小区20个", seq="一/2", lead=("县住房和城乡建设管理局",), responsible=("各乡镇",),
             due=date(2023, 10, 31), deadline_text="10月底前"),
        task("建设口袋公园一处", seq="一/3", responsible=("县林业局",), due=date(2023, 9, 30)),
        task("开展农村人居环境整治", seq="一/4", lead=("县农业农村局",), ongoing=True, deadline_text="长期坚持"),
        task("每月报送进展情况", seq="一/5", recurrence="monthly:5", deadline_text="每月5日前"),
        task("组织专题培训", seq="一/6"),
    ]), plan(None, "关于做好防汛工作的通知", [
        task("排查河道隐患", seq="1", lead=("县水利局",), cooperating=("各乡（镇）人民政府",),
             due=date(2023, 6, 30)),
    ])])


def version_2() -> ExtractedFile:
    """Corrected: task 2 reworded with a new deadline, tasks 3 and 4 gone, one added."""
    return extracted([plan(NUMBER, TITLE, [
        task("新建城区污水管网10公里", seq="一/1", lead=("县住建局",), due=date(2023, 12, 31),
             deadline_text="年底前", line=5),
        task("改造老旧小区25个", seq="一/2", lead=("县住房和城乡建设管理局",), responsible=("各乡镇",),
             cooperating=("县财政局",), due=date(2023, 11, 30), deadline_text="11月底前"),
        task("每月报送进展情况", seq="一/3", recurrence="monthly:5", deadline_text="每月5日前"),
        task("组织专题培训", seq="一/4"),
        task("新增城市体检评估", seq="一/5", lead=("县住建局",), due=date(2023, 8, 31)),
    ])], salt="v2")


def test_first_import_stores_plans_tasks_and_units(registry: Path) -> None:
    summary = store_extracted(version_1())
    assert summary.outcome == "imported"
    assert [plan.tasks_found for plan in summary.plans] == [6, 1]
    first = summary.plans[0]
    assert (first.number, first.title, first.added) == (NUMBER, TITLE, 6)
    assert first.tasks_without_unit == 2        # 每月报送…, 组织专题培训
    assert first.tasks_without_deadline == 1    # 组织专题培训 (monthly and 长期 have one)
    assert Plan.select().count() == 2
    assert Task.select().count() == 7
    stored = Task.get(Task.text == "改造老旧小区20个")
    assert stored.original_deadline == stored.current_deadline == date(2023, 10, 31)
    assert stored.status == "未开始" and stored.progress == 0
    units = {(a.role, a.department.name, a.written_name) for a in stored.assignments}
    assert units == {("lead", "县住房和城乡建设局", "县住房和城乡建设管理局"),
                     ("responsible", "各乡（镇）人民政府", "各乡镇")}
    assert Task.get(Task.text == "开展农村人居环境整治").ongoing
    run = ImportRun.get()
    assert (run.outcome, run.plans, run.tasks, run.added) == ("imported", 2, 7, 7)


def test_same_file_again_changes_nothing(registry: Path) -> None:
    file = version_1()
    store_extracted(file)
    before = _counts()
    summary = store_extracted(file)
    assert summary.outcome == "unchanged"
    assert "未做任何更改" in summary.message
    assert summary.unchanged == 7 and summary.added == 0
    assert _counts() == before
    assert [run.outcome for run in ImportRun.select().order_by(ImportRun.id)] == ["imported", "unchanged"]


def test_identical_content_in_another_file_is_unchanged(registry: Path) -> None:
    store_extracted(version_1())
    before = _counts()
    again = extracted(list(version_1().documents), salt="other bytes, same plans")
    summary = store_extracted(again)
    assert summary.outcome == "unchanged"
    assert summary.unchanged == 7
    assert _counts() == before


def test_corrected_version_updates_in_place(registry: Path) -> None:
    store_extracted(version_1())
    ids = {t.text: t.id for t in Task.select()}
    record_status_update(ids["改造老旧小区20个"], "推进中", 40, note="已开工", who="住建局")
    record_status_update(ids["开展农村人居环境整治"], "推进中", 10, note="", who="农业农村局")
    updates_before = StatusUpdate.select().count()

    summary = store_extracted(version_2())

    assert summary.outcome == "updated"
    (changed,) = [p for p in summary.plans if p.number == NUMBER]
    # Updated: the reworded task and the two renumbered ones (their seq changed).
    assert (changed.added, changed.updated, changed.unchanged, changed.withdrawn, changed.deleted) == (1, 3, 1, 1, 1)
    # Matched tasks keep their ids; the reworded one keeps its status and history.
    reworded = Task.get_by_id(ids["改造老旧小区20个"])
    assert reworded.text == "改造老旧小区25个"
    assert (reworded.status, reworded.progress) == ("推进中", 40)
    assert reworded.original_deadline == reworded.current_deadline == date(2023, 11, 30)
    roles = {(a.role, a.department.name) for a in reworded.assignments}
    assert ("cooperating", "县财政局") in roles and len(roles) == 3
    assert Task.get_by_id(ids["新建城区污水管网10公里"]).line_start == 5
    assert Task.get_by_id(ids["每月报送进展情况"]).seq == "一/3"   # renumbered, same task
    # Gone without history: deleted; gone with history: withdrawn and kept.
    assert not Task.select().where(Task.id == ids["建设口袋公园一处"]).exists()
    withdrawn = Task.get_by_id(ids["开展农村人居环境整治"])
    assert withdrawn.withdrawn and withdrawn.progress == 10
    assert StatusUpdate.select().count() == updates_before
    added = Task.get(Task.text == "新增城市体检评估")
    assert added.id not in ids.values() and added.plan.number == NUMBER
    # The other plan of version 1 is not in version 2: left as it was.
    assert Task.select().where(Task.text == "排查河道隐患").exists()
    # Withdrawn tasks leave the lists.
    listed = {row.text for row in task_rows(plan=NUMBER, as_of=date(2023, 6, 1))}
    assert "开展农村人居环境整治" not in listed and "改造老旧小区25个" in listed
    assert Plan.get(Plan.number == NUMBER).source_sha256 == version_2().sha256


def test_withdrawn_task_that_comes_back_is_restored(registry: Path) -> None:
    store_extracted(version_1())
    kept = Task.get(Task.text == "开展农村人居环境整治")
    record_status_update(kept.id, "推进中", 10)
    store_extracted(version_2())
    assert Task.get_by_id(kept.id).withdrawn
    store_extracted(extracted(list(version_1().documents), salt="v3"))
    restored = Task.get_by_id(kept.id)
    assert not restored.withdrawn and restored.progress == 10


def test_extended_deadline_survives_a_correction(registry: Path) -> None:
    store_extracted(version_1())
    extended = Task.get(Task.text == "改造老旧小区20个")
    Task.update(current_deadline=date(2024, 3, 31)).where(Task.id == extended.id).execute()
    store_extracted(version_2())
    extended = Task.get_by_id(extended.id)
    assert extended.original_deadline == date(2023, 10, 31)
    assert extended.current_deadline == date(2024, 3, 31)
    assert extended.deadline_text == "11月底前"


def test_plans_without_number_are_identified_by_title_and_file(registry: Path) -> None:
    store_extracted(version_1())
    notice = extracted([plan(None, "关于做好防汛工作的通知", [
        task("排查河道隐患并建立台账", seq="1", lead=("县水利局",), due=date(2023, 6, 30)),
    ])], salt="notice v2")
    summary = store_extracted(notice)
    assert summary.plans[0].updated == 1 and not summary.plans[0].new_plan
    assert Plan.select().where(Plan.number.is_null()).count() == 1
    # The same title from another file is another plan.
    elsewhere = extracted([plan(None, "关于做好防汛工作的通知", [task("排查河道隐患", seq="1")],
                                source="other.txt")], source="other.txt")
    assert store_extracted(elsewhere).plans[0].new_plan


def test_failure_midway_leaves_the_registry_untouched(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _counts()
    original = registry_import._FileImport._insert_tasks
    calls: list[int] = []

    def fail_on_second_plan(self: registry_import._FileImport, plan_id: int, tasks: list) -> None:  # type: ignore[type-arg]
        calls.append(plan_id)
        if len(calls) == 2:
            raise RuntimeError("disk gremlin")
        original(self, plan_id, tasks)

    monkeypatch.setattr(registry_import._FileImport, "_insert_tasks", fail_on_second_plan)
    file = extracted([
        plan(NUMBER, TITLE, [task("甲", lead=("县新设甲局",))]),
        plan("平政发〔2023〕4号", "另一方案", [task("乙", lead=("县新设乙局",))]),
    ])
    with pytest.raises(RuntimeError, match="disk gremlin"):
        store_extracted(file)
    assert len(calls) == 2  # the first plan really was written before the failure
    assert _counts() == before
    failed = ImportRun.get()
    assert failed.outcome == "failed" and "disk gremlin" in failed.message
    # A failed run does not count as imported: the same file goes in afterwards.
    monkeypatch.undo()
    assert store_extracted(file).outcome == "imported"


def test_failed_correction_keeps_the_old_version(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store_extracted(version_1())
    before = {(t.id, t.text, t.withdrawn) for t in Task.select()}

    def boom(*args: object) -> None:
        raise RuntimeError("late failure")

    monkeypatch.setattr(registry_import._FileImport, "_insert_tasks", boom)
    with pytest.raises(RuntimeError):
        store_extracted(version_2())
    assert {(t.id, t.text, t.withdrawn) for t in Task.select()} == before
    assert Plan.get(Plan.number == NUMBER).source_sha256 == version_1().sha256


def test_progress_is_reported_per_plan_and_can_cancel(registry: Path) -> None:
    seen: list[tuple[int, int]] = []
    store_extracted(version_1(), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]

    def cancel(done: int, total: int) -> None:
        raise InterruptedError("用户取消")

    before = _counts()
    with pytest.raises(InterruptedError):
        store_extracted(version_2(), progress=cancel)
    assert _counts() == before


def test_same_unit_twice_in_one_role_is_one_assignment(registry: Path) -> None:
    store_extracted(extracted([plan(NUMBER, TITLE, [task("甲", lead=("县住建局", "县住房和城乡建设局"))])]))
    assert Assignment.select().count() == 1


def _synthetic(plans: int, tasks_per_plan: int, salt: str) -> ExtractedFile:
    units = ["县住建局", "县发改局", "县财政局", "各乡镇", "县水利局", "市生态环境局平顺分局", "县教育局"]
    documents = []
    for p in range(plans):
        documents.append(plan(f"平政发〔2023〕{p + 1}号{salt}", f"方案{p}", [
            task(f"第{p}号方案第{i}项任务：推进重点工程建设并按期完成验收工作{i * 7919 % 1000}",
                 seq=f"{i + 1}", lead=(units[i % 7],), responsible=(units[(i + 3) % 7], units[(i + 5) % 7]),
                 due=date(2023, 1 + i % 12, 28), deadline_text=f"{1 + i % 12}月底前", line=i * 3)
            for i in range(tasks_per_plan)
        ]))
    return extracted(documents, salt=salt)


def test_seven_hundred_tasks_store_and_store_again(registry: Path) -> None:
    """How fast is benchmarks/import_bench.py's question (against a floor in the same run)."""
    file = _synthetic(plans=14, tasks_per_plan=50, salt="a")
    summary = store_extracted(file)
    assert summary.added == 700
    assert Assignment.select().count() == 2100
    # A corrected version of all of it keeps every id.
    ids = set(Task.select(Task.id).tuples())
    summary = store_extracted(extracted(list(file.documents), salt="again"))
    assert summary.outcome == "unchanged" and set(Task.select(Task.id).tuples()) == ids
    if not is_postgres():   # PostgreSQL checks every foreign key as it is written
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_working_day_deadline_counts_from_the_issue_date(registry):
    """5个工作日内 from 2024-02-08: the Spring Festival holiday and 调休 Sunday 2024-02-18 counted."""
    summary = store_extracted(extracted([plan("某政办发〔2024〕1号", "方案", [
        task("报送方案", responsible=("县发改局",), deadline_text="5个工作日内")], issue_date=date(2024, 2, 8))]))
    assert summary.plans[0].tasks_without_deadline == 0
    assert Task.get().current_deadline == date(2024, 2, 21)


# -- never silent: plans the importer could not read ------------------------------------

def _unread(number: str = "平政发〔2023〕9号", source: str = "gazette.txt") -> PlanDocument:
    """A document that promised tasks (a table header with 责任单位) and gave none."""
    return replace(plan(number, "平顺县2023年水利工作方案", [], source=source),
                   warnings=(ExtractionWarning(120, "表格（表头含“责任单位”）未识别出任务"),))


def _warnings_of(number: str) -> str | None:
    return Plan.get(Plan.number == number).import_warnings


def test_a_document_that_promised_tasks_is_registered_and_marked(registry: Path) -> None:
    quiet = plan("平政发〔2023〕8号", "关于任免工作人员的通知", [])           # nothing to supervise, no warning
    summary = store_extracted(extracted([*version_1().documents, _unread(), quiet]))
    assert summary.outcome == "imported"
    marked = [plan for plan in summary.plans if plan.warnings]
    assert [(plan.number, plan.tasks_found, plan.new_plan) for plan in marked] == [("平政发〔2023〕9号", 0, True)]
    assert marked[0].warnings == ("第 120 行：表格（表头含“责任单位”）未识别出任务",)
    assert _warnings_of("平政发〔2023〕9号") == "第 120 行：表格（表头含“责任单位”）未识别出任务"
    assert _warnings_of(NUMBER) is None
    assert not Plan.select().where(Plan.number == "平政发〔2023〕8号").exists()
    assert Task.select().count() == 7
    table = load_task_table()
    assert table.plan_warnings == {marked[0].plan_id: "第 120 行：表格（表头含“责任单位”）未识别出任务"}


def test_only_unread_plans_say_so_and_the_registry_keeps_no_task(registry: Path) -> None:
    summary = store_extracted(extracted([_unread()]))
    assert summary.tasks_found == 0 and "没有识别出任务" in summary.message and "标记" in summary.message
    assert (Plan.select().count(), Task.select().count()) == (1, 0)


def test_the_same_bytes_are_read_again_while_a_plan_is_marked(registry: Path) -> None:
    file = extracted([_unread()])
    store_extracted(file)
    again = store_extracted(file)
    assert "已导入过" not in again.message and again.plans[0].warnings   # read again, not skipped by its hash
    assert (Plan.select().count(), Task.select().count()) == (1, 0)
    # A later importer reads the table: the tasks come in and the mark goes.
    read = extracted([plan("平政发〔2023〕9号", "平顺县2023年水利工作方案",
                           [task("新建堤防2公里", seq="1", responsible=("县水利局",))])])
    summary = store_extracted(read)
    assert summary.added == 1 and not summary.plans[0].warnings
    assert _warnings_of("平政发〔2023〕9号") is None
    assert store_extracted(read).outcome == "unchanged"


def test_an_unreadable_copy_never_withdraws_the_tasks_of_a_registered_plan(registry: Path) -> None:
    store_extracted(version_1())
    before = _counts()
    copy = extracted([_unread(NUMBER, source="reprint.txt")])
    summary = store_extracted(copy)
    assert summary.plans[0].warnings and summary.plans[0].deleted == summary.plans[0].withdrawn == 0
    assert _counts() == before
    assert _warnings_of(NUMBER) is None          # the registered plan was read; this copy was not
