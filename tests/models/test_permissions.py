"""Who may change what, checked in the domain layer: a liaison cannot touch another department's
task through any function, may report where the department only cooperates, and a leader writes nothing."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models import merge_departments, record_status_update, store_extracted, task_history
from models.access.actor import Actor, sign_in, sign_out
from models.access.accounts import authenticate, create_account, set_liaisons_see_all
from models.registry.departments import find_department
from models.supervision.duplicates import link_tasks, unlink_tasks
from models.registry.dialect import is_postgres
from models.supervision.evidence import evidence_root, record_update_with_evidence
from models.paper.ledger import export_status_sheet
from models.paper.ledger_updates import FORBIDDEN, import_status_sheet
from models.paper.notices import issue_notice
from models.errors import PermissionDenied
from models.access.permissions import can_update, visible_department
from models.registry.schema import (
    AuditEntry,
    ClosureRequest,
    Evidence,
    ExtensionRequest,
    StatusUpdate,
    SupervisionNotice,
    Task,
    TaskLink,
)
from models.supervision.workflow import apply_for_closure, decide_closure, decide_extension, request_extension
from tests.models.builders import extracted, plan, task

PASSWORD = "permission-tests-1"
TRANSPORT, HOUSING = "县交通局", "县住建局"
DUE = date(2023, 10, 31)


def _account(username: str, role: str, department: str | None = None, name: str = "") -> Actor:
    create_account(username, PASSWORD, role, department=department, display_name=name)
    return authenticate(username, PASSWORD)


@pytest.fixture
def people(registry: Path) -> dict[str, Actor]:
    """The office (signed in), a liaison of each department and a leader, over four tasks."""
    sign_out()
    create_account("office", PASSWORD, "office", display_name="督查室王五")
    office = authenticate("office", PASSWORD)
    sign_in(office)
    store_extracted(extracted([plan("平政发〔2023〕3号", "城市更新方案", [
        task("修复道路", seq="1", lead=(TRANSPORT,), due=DUE),
        task("改造管网", seq="2", lead=(HOUSING,), cooperating=(TRANSPORT,), due=DUE),
        task("老旧小区改造", seq="3", lead=(HOUSING,), due=DUE),
        task("公交站台", seq="4", responsible=(TRANSPORT,), due=DUE),
    ])]))
    return {
        "office": office,
        "transport": _account("jt", "liaison", TRANSPORT, "交通局联络员"),
        "housing": _account("zj", "liaison", HOUSING, "住建局联络员"),
        "leader": _account("leader", "leader", name="李县长"),
    }


@pytest.fixture
def tasks(people: dict[str, Actor]) -> dict[str, int]:
    return {row.text: row.id for row in Task.select()}


def nothing_written(task_id: int) -> bool:
    return not StatusUpdate.select().where(StatusUpdate.task == task_id).exists() and \
        not AuditEntry.select().where(AuditEntry.target == f"task:{task_id}").exists()


def test_a_liaison_cannot_update_another_departments_task_by_any_function(
        people: dict[str, Actor], tasks: dict[str, int], tmp_path: Path) -> None:
    liaison, other = people["transport"], tasks["老旧小区改造"]
    evidence = tmp_path / "照片.jpg"
    evidence.write_bytes(b"jpeg")
    refusals = [
        lambda: record_status_update(other, "推进中", 30, actor=liaison),
        lambda: record_update_with_evidence(other, "推进中", 30, files=[evidence], actor=liaison),
        lambda: request_extension(other, date(2023, 12, 31), "雨季", actor=liaison),
        lambda: apply_for_closure(other, "已完工", files=[evidence], actor=liaison),
    ]
    for refused in refusals:
        with pytest.raises(PermissionDenied, match="不是本单位"):
            refused()
    assert nothing_written(other)
    assert not ExtensionRequest.select().exists() and not ClosureRequest.select().exists()
    assert not Evidence.select().exists()
    if not is_postgres():
        assert not any(evidence_root().rglob("*"))   # no copy left behind
    assert Task.get_by_id(other).status == "未开始"
    # Signed in as the liaison, with no actor passed: the same refusal.
    sign_in(liaison)
    with pytest.raises(PermissionDenied):
        record_status_update(other, "推进中", 30)
    assert not can_update(liaison, other)


def test_a_liaison_may_report_where_the_department_only_cooperates(
        people: dict[str, Actor], tasks: dict[str, int]) -> None:
    liaison, shared = people["transport"], tasks["改造管网"]
    assert can_update(liaison, shared) and can_update(liaison, tasks["公交站台"])
    record_status_update(shared, "推进中", 20, note="配合完成交通疏导", actor=liaison)
    entry = task_history(shared)[-1]
    # Written in the liaison's name and department, by default.
    assert (entry.who, entry.department) == ("交通局联络员", find_department(TRANSPORT).name)
    request = request_extension(shared, date(2023, 12, 31), "管材延迟到货", actor=liaison)
    assert request.department_id == find_department(TRANSPORT).id and request.requested_by == "交通局联络员"


def test_a_liaison_writes_only_in_its_own_departments_name(people: dict[str, Actor], tasks: dict[str, int]) -> None:
    liaison, shared = people["transport"], tasks["改造管网"]
    with pytest.raises(PermissionDenied, match="本单位名义"):
        record_status_update(shared, "推进中", 20, department=HOUSING, actor=liaison)
    with pytest.raises(PermissionDenied, match="本单位名义"):
        request_extension(shared, date(2023, 12, 31), "理由", department=HOUSING, actor=liaison)
    assert nothing_written(shared)
    record_status_update(shared, "推进中", 20, department=TRANSPORT, who="赵六", actor=liaison)
    assert task_history(shared)[-1].who == "赵六"


def test_decisions_notices_links_imports_and_merges_are_the_offices(
        people: dict[str, Actor], tasks: dict[str, int]) -> None:
    own = tasks["修复道路"]
    extension = request_extension(own, date(2023, 12, 31), "雨季", actor=people["transport"])
    closure = apply_for_closure(tasks["公交站台"], "已完工", actor=people["transport"])
    for actor in (people["transport"], people["leader"]):
        for refused in (
            lambda: decide_extension(extension.id, True, "王五", actor=actor),
            lambda: decide_closure(closure.id, True, "王五", actor=actor),
            lambda: issue_notice(own, as_of=date(2023, 11, 20), actor=actor),
            lambda: link_tasks(own, tasks["改造管网"], actor=actor),
            lambda: unlink_tasks(own, tasks["改造管网"], actor=actor),
            lambda: store_extracted(extracted([plan("平政发〔2023〕9号", "另一方案", [task("植树")])]), actor=actor),
            lambda: merge_departments(TRANSPORT, HOUSING, actor=actor),
            lambda: set_liaisons_see_all(False, actor=actor),
        ):
            with pytest.raises(PermissionDenied, match="只有督查室"):
                refused()
    assert not SupervisionNotice.select().exists() and not TaskLink.select().exists()
    assert Task.select().count() == 4 and find_department(HOUSING) is not None
    # The office decides, and the decider defaults to the signed-in account's name.
    assert decide_extension(extension.id, True).decided_by == "督查室王五"
    assert decide_closure(closure.id, True).state == "已销号"


def test_a_leader_writes_nothing(people: dict[str, Actor], tasks: dict[str, int], tmp_path: Path) -> None:
    leader, own = people["leader"], tasks["修复道路"]
    sheet = export_status_sheet(tmp_path / "交通.xlsx", TRANSPORT).path
    for refused in (
        lambda: record_status_update(own, "推进中", 10, actor=leader),
        lambda: record_update_with_evidence(own, "推进中", 10, actor=leader),
        lambda: request_extension(own, date(2023, 12, 31), "理由", actor=leader),
        lambda: apply_for_closure(own, "已完工", actor=leader),
        lambda: import_status_sheet(sheet, actor=leader),
    ):
        with pytest.raises(PermissionDenied, match="只读"):
            refused()
    assert not can_update(leader, own)
    assert not StatusUpdate.select().exists()


def test_a_closed_task_is_closed_to_liaisons(people: dict[str, Actor], tasks: dict[str, int]) -> None:
    liaison, own = people["transport"], tasks["修复道路"]
    closure = apply_for_closure(own, "已完工", actor=liaison)
    decide_closure(closure.id, True, today=date(2023, 10, 20))
    assert not can_update(liaison, own)
    with pytest.raises(PermissionDenied, match="已销号"):
        record_status_update(own, "推进中", 50, actor=liaison)
    assert can_update(people["office"], own)


def _sheet_with(path: Path, rows: dict[int, tuple[int | None, str, int]]) -> Path:
    """Rows by sheet row: (task id to write in the id column or None to keep, status, progress)."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = {cell.value: cell.column for cell in sheet[3]}
    for row, (task_id, status, progress) in rows.items():
        if task_id is not None:
            sheet.cell(row, header["任务编号（勿改）"], task_id)
        sheet.cell(row, header["状态"], status)
        sheet.cell(row, header["进度"], progress)
    book.save(path)
    return path


def test_a_liaisons_status_sheet_touches_only_its_departments_tasks(
        people: dict[str, Actor], tasks: dict[str, int], tmp_path: Path) -> None:
    liaison = people["transport"]
    exported = export_status_sheet(tmp_path / "交通.xlsx", TRANSPORT).path
    # Row 4 is the department's own task; row 5's id is changed to a task of 住建局 only.
    sheet = _sheet_with(exported, {4: (None, "推进中", 40), 5: (tasks["老旧小区改造"], "已完成", 100)})
    result = import_status_sheet(sheet, actor=liaison)
    assert [row.row for row in result.applied] == [4]
    assert [(problem.row, problem.kind) for problem in result.problems] == [(5, FORBIDDEN)]
    assert nothing_written(tasks["老旧小区改造"])
    assert task_history(result.applied[0].task_id)[-1].who == "交通局联络员"
    # Another department's sheet: refused as a whole.
    housing = export_status_sheet(tmp_path / "住建.xlsx", HOUSING).path
    with pytest.raises(PermissionDenied, match="本单位的填报表"):
        import_status_sheet(_sheet_with(housing, {4: (None, "推进中", 10)}), actor=liaison)
    assert not StatusUpdate.select().where(StatusUpdate.department == find_department(HOUSING).id).exists()


def test_a_departments_sheet_speaks_for_it_alone_when_the_office_imports_it(
        people: dict[str, Actor], tasks: dict[str, int], tmp_path: Path) -> None:
    exported = export_status_sheet(tmp_path / "交通.xlsx", TRANSPORT).path
    # Row 5's id is changed to a task of 住建局 only: applied under 县交通局's name before (issue 12 §9).
    sheet = _sheet_with(exported, {4: (None, "推进中", 40), 5: (tasks["老旧小区改造"], "已完成", 100)})
    result = import_status_sheet(sheet, actor=people["office"])
    assert [row.row for row in result.applied] == [4]
    assert [(problem.row, problem.kind) for problem in result.problems] == [(5, FORBIDDEN)]
    assert find_department(TRANSPORT).name in str(result.problems[0]) and "未导入" in str(result.problems[0])
    assert nothing_written(tasks["老旧小区改造"])
    # Its own rows, where it leads, is responsible or only cooperates (配合), are its reports.
    exported = export_status_sheet(tmp_path / "交通2.xlsx", TRANSPORT).path
    sheet = _sheet_with(exported, {row: (None, "推进中", 20) for row in (4, 5, 6)})
    result = import_status_sheet(sheet, actor=people["office"])
    assert sorted(row.task_id for row in result.applied) == sorted(
        tasks[text] for text in ("修复道路", "改造管网", "公交站台"))


def test_what_a_liaison_sees_follows_the_offices_setting(people: dict[str, Actor]) -> None:
    liaison = people["transport"]
    assert visible_department(liaison) is None
    set_liaisons_see_all(False)
    assert visible_department(liaison) == find_department(TRANSPORT).id
    assert visible_department(people["office"]) is None and visible_department(people["leader"]) is None


def test_the_import_review_shows_every_department_so_a_liaison_kept_to_its_own_is_refused(
        people: dict[str, Actor], tasks: dict[str, int]) -> None:
    from models.upkeep.review import plan_review
    liaison = people["transport"]
    assert len(plan_review("平政发〔2023〕3号", actor=liaison).tasks) == 4      # liaisons see all: allowed
    set_liaisons_see_all(False)
    with pytest.raises(PermissionDenied):
        plan_review("平政发〔2023〕3号", actor=liaison)
    assert len(plan_review("平政发〔2023〕3号", actor=people["leader"]).tasks) == 4


def test_a_merge_moves_the_liaison_with_its_department(people: dict[str, Actor], tasks: dict[str, int]) -> None:
    merged = merge_departments(HOUSING, TRANSPORT)
    liaison = authenticate("jt", PASSWORD)
    assert liaison.department_id == merged.id
    record_status_update(tasks["老旧小区改造"], "推进中", 10, actor=liaison)


def test_reportable_tasks_in_one_query_agree_with_can_update(people: dict[str, Actor], tasks: dict[str, int]) -> None:
    from models.access.permissions import reportable_task_ids

    liaison, own = people["transport"], tasks["修复道路"]
    every = list(tasks.values())
    assert reportable_task_ids(people["office"]) is None
    assert reportable_task_ids(people["leader"]) == set()
    assert reportable_task_ids(liaison) == {ident for ident in every if can_update(liaison, ident)}
    closure = apply_for_closure(own, "已完工", actor=liaison)
    decide_closure(closure.id, True, today=date(2023, 10, 20))
    assert own not in reportable_task_ids(liaison)
    assert reportable_task_ids(liaison) == {ident for ident in every if can_update(liaison, ident)}
