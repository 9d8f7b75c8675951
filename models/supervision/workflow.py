"""延期 (extension) and 办结/销号 (completion review): the office's two approval workflows.

Rules, decided here so that the dialogs, the reports and the tests agree:

- A department asks for a later deadline with a reason (申请延期). Asking
  moves nothing: only the office's approval (批准) sets the task's current
  deadline to the requested date. The original deadline, as the document
  wrote it, never changes; approvals chain (each request starts from the
  current deadline of its day). One pending request per task at a time; a
  task that is done (已完成) or closed (销号) cannot be extended, nor can one
  without a dated deadline (长期/周期性 tasks have nothing to move).
- A department applies for completion (申请办结) with a note and evidence:
  that is a status update 已完成 100 % dated ``today``, linked to the
  application. The office then closes it (销号: ``Task.closed_on`` is set
  and only then does the task count as done in statistics, see
  :func:`closed_task_ids`) or returns it (退回, a reason is required): the
  task goes back to 推进中 with the progress last reported before the
  application, whatever it was (100 % too: the work may be done and the
  paperwork missing), or the progress it started with when nobody
  reported any. The office's decision is about the closure, not the
  progress: it never writes a figure nobody reported.
- Every step is dated by the clock (``now()``): the as-of date the window
  looks at changes what is shown and how lateness is computed, never when
  something happened. ``today`` (the day of 销号, the day the application
  says the work was completed) defaults to the clock's day; the window
  does not pass its as-of date.
- Every step (request, approval, rejection, application, 销号, 退回) appends
  a StatusUpdate, so a task's history (:func:`models.supervision.queries.task_history`)
  tells the whole story. Steps that do not change the task's state record
  its status and progress as they are.
- Each function is one transaction (IMMEDIATE: the "is one already
  pending?" check and the insert cannot interleave with another writer).
  Refusals are ValueError (bad input), LookupError (no such task or
  request) or PermissionDenied (asking is for the office and the task's
  departments' liaisons, deciding for the office: :mod:`models.access.permissions`),
  with messages for people. Each step leaves one audit entry.

No Qt here: :mod:`desktop.extension_dialog` and :mod:`desktop.closure_dialog`
only collect input, validated by the ``check_*`` functions below.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date

from peewee import JOIN

from models.access import audit
from models.access.actor import acting, Actor
from models.registry.dialect import ids_in
from models.errors import InvalidInput, NotFound, translate_errors
from models.supervision.evidence import remove_unrecorded_copies, write_update_with_evidence
from models.access.permissions import attribution, require_can_update, require_office
from models.registry.schema import (
    CLOSURE_STATES,
    EXTENSION_STATES,
    ClosureRequest,
    Department,
    Evidence,
    ExtensionRequest,
    StatusUpdate,
    Task,
    db,
    now,
)
from models.rules.status import DONE, IN_PROGRESS
from models.supervision.updates import write_update
from models.rules.wording import chinese_date

EXTENSION_PENDING, EXTENSION_APPROVED, EXTENSION_REJECTED = EXTENSION_STATES
CLOSURE_PENDING, CLOSURE_CLOSED, CLOSURE_RETURNED = CLOSURE_STATES


# -- checks shared with the dialogs ------------------------------------------------

def check_extension(current_deadline: date | None, new_deadline: date, reason: str) -> None:
    """Raise InvalidInput, with a message for people, for a request that cannot be made."""
    if current_deadline is None:
        raise InvalidInput("该任务没有明确的完成时限（长期或周期性任务），无需申请延期")
    if not reason.strip():
        raise InvalidInput("请填写延期理由")
    if new_deadline <= current_deadline:
        raise InvalidInput(f"延期后的完成时限必须晚于当前完成时限{chinese_date(current_deadline)}")


def check_decider(decided_by: str) -> None:
    if not decided_by.strip():
        raise InvalidInput("请填写审核人（审批人）姓名")


def check_closure_application(note: str) -> None:
    if not note.strip():
        raise InvalidInput("请填写办结情况说明")


def check_closure_decision(close: bool, decided_by: str, reason: str) -> None:
    check_decider(decided_by)
    if not close and not reason.strip():
        raise InvalidInput("退回办结申请时必须填写退回理由")


def deadline_text(current: date | None, original: date | None) -> str:
    """完成时限 as printed: ``2023年12月31日（原定2023年10月31日，已延期）`` when the two differ.

    Only an approved extension makes them differ (a re-imported plan moves
    both); lists of many tasks ask :func:`extended_originals` which did.
    """
    text = chinese_date(current)
    if current and original and original != current:
        text += f"（原定{chinese_date(original)}，已延期）"
    return text


# -- 延期 ---------------------------------------------------------------------------

def _task(task_id: int) -> Task:
    task = Task.get_or_none(Task.id == task_id)
    if task is None:
        raise NotFound(f"没有编号为 {task_id} 的任务")
    return task


def _note_step(actor: Actor, task: Task, note: str, who: str, department: int | None = None) -> StatusUpdate:
    """A history entry for a step that leaves the task's status and progress as they are."""
    # A workflow step concerns this task's own process: not copied to linked tasks. The
    # step's own audit entry (extension_request …) covers it.
    return write_update(actor, task.id, task.status, task.progress, note=note, who=who, department=department,
                        audited=False)


def _decider(actor: Actor, decided_by: str) -> str:
    """Who decides: as given, else the signed-in account's name; never blank."""
    decided_by = decided_by.strip() or (actor.label if actor.account_id is not None else "")
    check_decider(decided_by)
    return decided_by


def _state(task: Task) -> dict[str, object]:
    return {"status": task.status, "progress": task.progress, "version": task.version}


@translate_errors
def request_extension(task_id: int, new_deadline: date, reason: str, requested_by: str = "",
                      department: int | str | None = None, *, actor: Actor | None = None) -> ExtensionRequest:
    """申请延期: a pending request for ``new_deadline``; the task's deadline does not move.

    By the office or a liaison of one of the task's departments (in that department's name).
    """
    reason = reason.strip()
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_can_update(actor, task_id)
        task = _task(task_id)
        if task.withdrawn:
            raise InvalidInput("该任务已从方案中撤销，不能申请延期")
        if task.closed_on is not None:
            raise InvalidInput(f"该任务已于{chinese_date(task.closed_on)}销号，不能申请延期")
        if task.status == DONE:
            raise InvalidInput("该任务已完成，不能申请延期")
        check_extension(task.current_deadline, new_deadline, reason)
        if ExtensionRequest.select().where((ExtensionRequest.task == task.id)
                                           & (ExtensionRequest.state == EXTENSION_PENDING)).exists():
            raise InvalidInput("该任务已有待审批的延期申请，请等待审批结果")
        requested_by, department_id = attribution(actor, requested_by, department)
        request = ExtensionRequest.create(
            task=task.id, department=department_id, requested_by=requested_by, reason=reason,
            requested_deadline=new_deadline, previous_deadline=task.current_deadline, requested_at=now())
        _note_step(actor, task, f"申请延期：完成时限由{chinese_date(task.current_deadline)}延至"
                                f"{chinese_date(new_deadline)}。理由：{reason}", requested_by, department_id)
        audit.record(actor, "extension_request", f"task:{task.id}", {"deadline": task.current_deadline},
                     {"requested_deadline": new_deadline, "reason": reason, "request": request.id,
                      "requested_by": requested_by},
                     f"任务 {task.id} 申请延期：{chinese_date(task.current_deadline)} → {chinese_date(new_deadline)}")
    return request


@translate_errors
def decide_extension(request_id: int, approve: bool, decided_by: str = "", note: str = "", *,
                     actor: Actor | None = None) -> ExtensionRequest:
    """批准 (the current deadline becomes the requested date) or 驳回 (nothing moves) a pending request.

    Office only; ``decided_by`` defaults to the signed-in account's name.
    """
    note = note.strip()
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "审批延期申请")
        decided_by = _decider(actor, decided_by)
        request = ExtensionRequest.get_or_none(ExtensionRequest.id == request_id)
        if request is None:
            raise NotFound(f"没有编号为 {request_id} 的延期申请")
        if request.state != EXTENSION_PENDING:
            raise InvalidInput(f"该延期申请已审批（{request.state}），不能再次审批")
        task = _task(request.task_id)
        opinion = f"审批意见：{note}" if note else ""
        if approve:
            if task.closed_on is not None:
                raise InvalidInput("该任务已销号，不能批准延期，请驳回此申请")
            if task.current_deadline is not None and request.requested_deadline <= task.current_deadline:
                # The deadline moved since the request (a corrected plan re-imported).
                raise InvalidInput(f"任务的完成时限已是{chinese_date(task.current_deadline)}，"
                                 "不早于申请的日期，请驳回此申请")
            previous = task.current_deadline
            Task.update(current_deadline=request.requested_deadline, updated_at=now()).where(
                Task.id == task.id).execute()
            original = (f"（原定{chinese_date(task.original_deadline)}）"
                        if task.original_deadline and task.original_deadline != previous else "")
            _note_step(actor, task, f"批准延期：完成时限由{chinese_date(previous)}调整为"
                                    f"{chinese_date(request.requested_deadline)}{original}。{opinion}", decided_by)
        else:
            _note_step(actor, task, f"驳回延期申请（申请延至{chinese_date(request.requested_deadline)}），"
                                    f"完成时限仍为{chinese_date(task.current_deadline)}。{opinion}", decided_by)
        request.state = EXTENSION_APPROVED if approve else EXTENSION_REJECTED
        request.decided_by, request.decision_note, request.decided_at = decided_by, note, now()
        request.save()
        audit.record(actor, "extension_decision", f"task:{task.id}",
                     {"deadline": task.current_deadline, "state": EXTENSION_PENDING, "request": request.id},
                     {"deadline": request.requested_deadline if approve else task.current_deadline,
                      "state": request.state, "note": note, "decided_by": decided_by},
                     f"任务 {task.id} 延期申请{request.state}（申请延至{chinese_date(request.requested_deadline)}）")
    return request


def _extensions(condition) -> list[ExtensionRequest]:
    # Department joined: a dialog reads request.department.name without a query.
    return list(ExtensionRequest.select(ExtensionRequest, Department)
                .join(Department, JOIN.LEFT_OUTER).where(condition)
                .order_by(ExtensionRequest.requested_at, ExtensionRequest.id))


@translate_errors
def extensions_of(task_id: int) -> list[ExtensionRequest]:
    """Every extension request of a task, oldest first, whatever its state."""
    return _extensions(ExtensionRequest.task == task_id)


@translate_errors
def pending_extensions(task_id: int | None = None) -> list[ExtensionRequest]:
    """Requests waiting for the office (of one task when given), oldest first."""
    condition = ExtensionRequest.state == EXTENSION_PENDING
    if task_id is not None:
        condition &= ExtensionRequest.task == task_id
    return _extensions(condition)


@translate_errors
def extended_originals(task_ids: Iterable[int] | None = None) -> dict[int, date]:
    """Task id -> original deadline, for tasks whose deadline an approved extension moved.

    One query; restricted to ``task_ids`` when given. Reports and ledgers show
    both dates for these tasks.
    """
    where, params = "", ()
    if task_ids is not None:
        ids = [int(ident) for ident in task_ids]
        if not ids:
            return {}
        where, params = ids_in("t.id", ids)
        where = f"AND {where}"
    sql = f"""
    SELECT t.id, t.original_deadline FROM task AS t
    WHERE t.original_deadline IS NOT NULL AND t.current_deadline IS NOT NULL
      AND t.original_deadline <> t.current_deadline {where}
      AND EXISTS (SELECT 1 FROM extension_request AS e WHERE e.task_id = t.id AND e.state = ?)
    """
    return {ident: date.fromisoformat(original[:10])
            for ident, original in db.execute_sql(sql, (*params, EXTENSION_APPROVED))}


# -- 办结 and 销号 ---------------------------------------------------------------------

@translate_errors
def apply_for_closure(task_id: int, note: str, applied_by: str = "", department: int | str | None = None,
                      files: Sequence[str | os.PathLike[str]] = (), today: date | None = None, *,
                      actor: Actor | None = None) -> ClosureRequest:
    """申请办结: a status update 已完成 100 % (completed ``today``, default the clock's day) with the note and
    evidence, pending review.

    By the office or a liaison of one of the task's departments (in that
    department's name). Raises FileNotFoundError naming an unreadable
    evidence file before anything is written.
    """
    check_closure_application(note)
    note, applied_by = note.strip(), applied_by.strip()
    today = today or date.today()
    stored: list[str] = []
    try:
        with db.atomic("IMMEDIATE"):
            actor = acting(actor)
            require_can_update(actor, task_id)
            task = _task(task_id)
            if task.withdrawn:
                raise InvalidInput("该任务已从方案中撤销，不能申请办结")
            if task.closed_on is not None:
                raise InvalidInput(f"该任务已于{chinese_date(task.closed_on)}销号")
            if ClosureRequest.select().where((ClosureRequest.task == task.id)
                                             & (ClosureRequest.state == CLOSURE_PENDING)).exists():
                raise InvalidInput("该任务已有待审核的办结申请，请等待审核结果")
            applied_by, department_id = attribution(actor, applied_by, department)
            update = write_update_with_evidence(actor, task.id, DONE, 100, note=f"申请办结：{note}", who=applied_by,
                                                department=department_id, completed_on=today, files=files,
                                                audited=False)
            evidence = list(Evidence.select(Evidence.stored_path, Evidence.file_name)
                            .where(Evidence.status_update == update.id))
            stored = [row.stored_path for row in evidence]
            closure = ClosureRequest.create(task=task.id, department=department_id, applied_by=applied_by,
                                            note=note, status_update=update.id, applied_at=now())
            audit.record(actor, "closure_request", f"task:{task.id}", _state(task),
                         {"status": DONE, "progress": 100, "version": task.version + 1, "note": note,
                          "applied_by": applied_by, "evidence": [row.file_name for row in evidence],
                          "request": closure.id},
                         f"任务 {task.id} 申请办结")
    except BaseException:
        # The evidence rows were rolled back with the application: remove their copies.
        remove_unrecorded_copies(stored)
        raise
    return closure


@translate_errors
def decide_closure(request_id: int, close: bool, decided_by: str = "", reason: str = "",
                   today: date | None = None, *, actor: Actor | None = None) -> ClosureRequest:
    """销号 (``Task.closed_on`` = ``today``, status stays 已完成) or 退回 (back to 推进中 with the progress
    last reported before the application; a reason is required).

    Office only; ``decided_by`` defaults to the signed-in account's name;
    ``today`` to the clock's day (the day the office decides, never an as-of date).
    """
    reason = reason.strip()
    today = today or date.today()
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "审核办结申请")
        decided_by = _decider(actor, decided_by)
        check_closure_decision(close, decided_by, reason)
        closure = ClosureRequest.get_or_none(ClosureRequest.id == request_id)
        if closure is None:
            raise NotFound(f"没有编号为 {request_id} 的办结申请")
        if closure.state != CLOSURE_PENDING:
            raise InvalidInput(f"该办结申请已审核（{closure.state}），不能再次审核")
        task = _task(closure.task_id)
        application = StatusUpdate.get_or_none(StatusUpdate.id == closure.status_update_id)
        if close:
            opinion = f"审核意见：{reason}" if reason else ""
            # Status 已完成 even if someone reported otherwise since the application.
            update = write_update(actor, task.id, DONE, 100,
                                  note=f"销号：审核通过，{chinese_date(today)}销号。{opinion}", who=decided_by,
                                  completed_on=application.completed_on if application else today, audited=False)
            Task.update(closed_on=today, updated_at=now()).where(Task.id == task.id).execute()
        else:
            update = write_update(actor, task.id, IN_PROGRESS, _progress_before(task.id, closure.status_update_id),
                                  note=f"退回办结申请：{reason}", who=decided_by, audited=False)
        closure.state = CLOSURE_CLOSED if close else CLOSURE_RETURNED
        closure.decided_by, closure.decision_note, closure.decided_at = decided_by, reason, now()
        closure.save()
        audit.record(actor, "closure_decision", f"task:{task.id}", {**_state(task), "closed_on": None},
                     {"status": update.status, "progress": update.progress, "version": task.version + 1,
                      "closed_on": today if close else None, "state": closure.state, "reason": reason,
                      "decided_by": decided_by, "request": closure.id},
                     f"任务 {task.id} 办结申请{closure.state}")
    return closure


def _progress_before(task_id: int, application_id: int | None) -> int:
    """The progress last reported before the application; with no report, the task's starting progress.

    Only status updates change a task's progress, so with none before the
    application the task still had the progress it was imported with.
    """
    query = StatusUpdate.select(StatusUpdate.progress).where(StatusUpdate.task == task_id)
    if application_id is not None:
        query = query.where(StatusUpdate.id < application_id)
    earlier = query.order_by(StatusUpdate.id.desc()).first()
    return earlier.progress if earlier is not None else Task.progress.default


def _closures(condition) -> list[ClosureRequest]:
    return list(ClosureRequest.select(ClosureRequest, Department)
                .join(Department, JOIN.LEFT_OUTER).where(condition)
                .order_by(ClosureRequest.applied_at, ClosureRequest.id))


@translate_errors
def closures_of(task_id: int) -> list[ClosureRequest]:
    """Every completion application of a task, oldest first, whatever its state."""
    return _closures(ClosureRequest.task == task_id)


@translate_errors
def pending_closures(task_id: int | None = None) -> list[ClosureRequest]:
    """Applications waiting for review (of one task when given), oldest first."""
    condition = ClosureRequest.state == CLOSURE_PENDING
    if task_id is not None:
        condition &= ClosureRequest.task == task_id
    return _closures(condition)


@translate_errors
def closure_evidence(request_ids: Sequence[int]) -> dict[int, list[str]]:
    """Per application: the file names of its evidence, in the order attached."""
    found: dict[int, list[str]] = {ident: [] for ident in request_ids}
    if request_ids:
        rows = (Evidence.select(ClosureRequest.id.alias("request_id"), Evidence.file_name)
                .join(ClosureRequest, on=(ClosureRequest.status_update == Evidence.status_update))
                .where(ClosureRequest.id.in_(list(request_ids))).order_by(Evidence.id).tuples())
        for request_id, name in rows:
            found[request_id].append(name)
    return found


# -- for statistics: only closed tasks are done -------------------------------------

@translate_errors
def is_closed(task: Task | int) -> bool:
    """True once the office closed (销号) the task."""
    if isinstance(task, Task):
        return task.closed_on is not None
    return Task.select().where((Task.id == task) & Task.closed_on.is_null(False)).exists()


@translate_errors
def closed_task_ids(task_ids: Iterable[int] | None = None) -> set[int]:
    """Ids of closed tasks (of ``task_ids`` when given): one query."""
    return set(closure_dates(task_ids))


@translate_errors
def closure_dates(task_ids: Iterable[int] | None = None) -> dict[int, date]:
    """Task id -> the day it was closed (销号), for closed tasks only: one query.

    Statistics compare it with the deadline for 按期办结 (on time or late).
    """
    where, params = "", ()
    if task_ids is not None:
        ids = [int(ident) for ident in task_ids]
        if not ids:
            return {}
        where, params = ids_in("id", ids)
        where = f"AND {where}"
    return {ident: date.fromisoformat(closed[:10]) for ident, closed in db.execute_sql(
        f"SELECT id, closed_on FROM task WHERE closed_on IS NOT NULL {where}", params)}
