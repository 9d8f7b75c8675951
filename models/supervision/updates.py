"""Recording progress on a task: an append-only history plus the task's current state."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from models.access import audit
from models.access.actor import acting, Actor
from models.supervision.duplicates import linked_tasks
# StaleTaskError lives in models.errors (the office's edits refuse a stale form too); importable from here as before.
from models.errors import InvalidInput, NotFound, StaleTaskError, translate_errors
from models.access.permissions import attribution, require_can_update
from models.registry.schema import Department, StatusUpdate, Task, db, now
from models.rules.status import DONE, STATUSES, progress_problem


def validate_update(status: str, progress: int, completed_on: date | None = None) -> None:
    """Raise InvalidInput, with a message for people, for an impossible update
    (未开始 with 20 % included: :func:`models.rules.status.progress_problem`)."""
    _validate_values(status, progress, completed_on)
    problem = progress_problem(status, progress)
    if problem:
        raise InvalidInput(problem)


def _validate_values(status: str, progress: int, completed_on: date | None) -> None:
    if status not in STATUSES:
        raise InvalidInput(f"状态必须是 {'、'.join(STATUSES)} 之一，而不是 {status!r}")
    if isinstance(progress, bool) or not isinstance(progress, int):
        raise InvalidInput(f"进度必须是 0 到 100 的整数，而不是 {progress!r}")
    if not 0 <= progress <= 100:
        raise InvalidInput(f"进度必须在 0 到 100 之间，而不是 {progress}")
    if completed_on is not None and status != DONE:
        raise InvalidInput(f"只有状态为“{DONE}”时才能填写完成日期")


def stale_update(task_id: int, expected: int, found: int) -> StaleTaskError:
    """The refusal of an update based on an older version, naming the latest update."""
    latest = (StatusUpdate.select(StatusUpdate.who, StatusUpdate.created_at, StatusUpdate.status,
                                  StatusUpdate.progress)
              .where(StatusUpdate.task == task_id).order_by(StatusUpdate.id.desc()).first())
    if latest is None:
        told = "该任务在您打开后已被修改"
    else:
        when = latest.created_at.strftime("%m月%d日 %H:%M")
        told = (f"该任务在您打开后已被{latest.who or '他人'}于{when}更新为“{latest.status} "
                f"{latest.progress}%”")
    return StaleTaskError(task_id, expected, found,
                          f"{told}，您的填报未保存，请刷新后再提交 (task changed since you opened it; reload)")


@translate_errors
def record_status_update(
    task_id: int,
    status: str,
    progress: int,
    note: str = "",
    who: str = "",
    department: int | str | None = None,
    completed_on: date | None = None,
    propagate: bool = True,
    expected_version: int | None = None,
    *,
    actor: Actor | None = None,
) -> StatusUpdate:
    """Append a StatusUpdate and set the task's status and progress, in one transaction.

    ``department`` is a department id or any of its names; it must exist.
    With ``propagate`` (the default), the same status, progress and note are
    appended to every other task of its linked group (the same work in
    other documents, see :mod:`models.supervision.duplicates`), each copy's note naming
    the task it came from; withdrawn and closed (销号) tasks are left alone.
    Returns the update of ``task_id``; evidence stays with it, not copied.

    ``expected_version`` is the task's version the caller's form showed
    (optimistic locking): if someone changed the task since, nothing is
    written and :class:`StaleTaskError` says who and when, so the caller
    reloads instead of overwriting an update it never saw. Without it the
    update is appended as it comes; writers queue on the write lock, every
    update stays in the history and the task shows the latest.

    ``actor`` (default: the signed-in one) must be allowed to update the
    task (:func:`models.access.permissions.require_can_update`); a liaison writes
    in the department's own name. The update and each copy get an audit entry.
    """
    with db.atomic("IMMEDIATE"):
        return write_update(acting(actor), task_id, status, progress, note=note, who=who, department=department,
                            completed_on=completed_on, propagate=propagate, expected_version=expected_version)


def write_update(actor: Actor, task_id: int, status: str, progress: int, *, note: str = "", who: str = "",
                 department: int | str | None = None, completed_on: date | None = None,
                 propagate: bool = False, expected_version: int | None = None,
                 audited: bool = True, evidence: Sequence[str] = ()) -> StatusUpdate:
    """The body of :func:`record_status_update`, inside the caller's transaction.

    For models/ modules whose own step is a status update (evidence, the
    workflow, status sheets): the permission check and the attribution are
    the same; ``audited=False`` when the caller writes its own audit entry
    for the step. ``evidence``: file names, for the audit entry.
    """
    _validate_values(status, progress, completed_on)
    require_can_update(actor, task_id)
    row = Task.select(Task.status, Task.progress, Task.version).where(Task.id == task_id).first()
    if row is None:
        raise NotFound(f"没有编号为 {task_id} 的任务")
    # Status and progress must agree when they change; a step that leaves them as they are
    # (a workflow's note) still goes through for a task recorded before the rule held.
    problem = progress_problem(status, progress) if (status, progress) != (row.status, row.progress) else None
    if problem:
        raise InvalidInput(problem)
    if expected_version is not None and row.version != expected_version:
        raise stale_update(task_id, expected_version, row.version)
    who, department_id = attribution(actor, who, department)
    department_name = None if department_id is None else \
        Department.select(Department.name).where(Department.id == department_id).scalar()
    stamp = now()
    update = StatusUpdate.create(
        task=task_id, department=department_id, who=who, status=status, progress=progress,
        note=note, completed_on=completed_on, created_at=stamp,
    )
    Task.update(status=status, progress=progress, updated_at=stamp,
                version=Task.version + 1).where(Task.id == task_id).execute()
    if audited:
        after: dict[str, object] = {"status": status, "progress": progress, "version": row.version + 1,
                                    "note": note, "who": who, "department": department_name}
        if completed_on is not None:
            after["completed_on"] = completed_on.isoformat()
        if evidence:
            after["evidence"] = list(evidence)
        audit.record(actor, "status_update", f"task:{task_id}",
                     {"status": row.status, "progress": row.progress, "version": row.version}, after,
                     f"任务 {task_id}：{row.status} {row.progress}% → {status} {progress}%")
    if propagate:
        _copy_to_linked(actor, task_id, (department_id, department_name), who, status, progress, note,
                        completed_on, stamp)
    return update


def _copy_to_linked(actor: Actor, task_id: int, department: tuple[int | None, str | None], who: str, status: str,
                    progress: int, note: str, completed_on: date | None, stamp: datetime) -> list[int]:
    """Append the update to the other live, open tasks of the task's linked group; their ids.

    Copies are written directly, never through record_status_update, so an
    update cannot come back to its source. Each copy has its own audit entry.
    """
    others = linked_tasks(task_id)
    if not others:
        return []
    department_id, department_name = department
    number, title, seq = db.execute_sql(
        "SELECT p.number, p.title, t.seq FROM task AS t JOIN plan AS p ON p.id = t.plan_id WHERE t.id = ?",
        (task_id,)).fetchone()
    origin = " ".join(part for part in (number or title, seq) if part)
    mark = f"（同步自关联任务 {origin}）" if origin else f"（同步自关联任务 #{task_id}）"
    targets = list(Task.select(Task.id, Task.status, Task.progress, Task.version).where(
        Task.id.in_(others) & (Task.withdrawn == False) & Task.closed_on.is_null()  # noqa: E712
    ).order_by(Task.id))
    for other in targets:
        StatusUpdate.create(task=other.id, department=department_id, who=who, status=status, progress=progress,
                            note=f"{note}{mark}", completed_on=completed_on, created_at=stamp)
        audit.record(actor, "status_update", f"task:{other.id}",
                     {"status": other.status, "progress": other.progress, "version": other.version},
                     {"status": status, "progress": progress, "version": other.version + 1,
                      "note": f"{note}{mark}", "who": who, "department": department_name, "copied_from": task_id},
                     f"任务 {other.id}：{other.status} {other.progress}% → {status} {progress}%"
                     f"（同步自关联任务 {task_id}）")
    if targets:
        Task.update(status=status, progress=progress, updated_at=stamp,
                    version=Task.version + 1).where(Task.id.in_([other.id for other in targets])).execute()
    return [other.id for other in targets]
