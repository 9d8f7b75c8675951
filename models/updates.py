"""Recording progress on a task: an append-only history plus the task's current state."""
from __future__ import annotations

from datetime import date

from models.departments import DepartmentResolver
from models.errors import translate_errors
from models.schema import StatusUpdate, Task, db, now
from models.status import DONE, STATUSES


def validate_update(status: str, progress: int, completed_on: date | None = None) -> None:
    """Raise ValueError, with a message for people, for an impossible update."""
    if status not in STATUSES:
        raise ValueError(f"状态必须是 {'、'.join(STATUSES)} 之一，而不是 {status!r}")
    if isinstance(progress, bool) or not isinstance(progress, int):
        raise ValueError(f"进度必须是 0 到 100 的整数，而不是 {progress!r}")
    if not 0 <= progress <= 100:
        raise ValueError(f"进度必须在 0 到 100 之间，而不是 {progress}")
    if completed_on is not None and status != DONE:
        raise ValueError(f"只有状态为“{DONE}”时才能填写完成日期")


@translate_errors
def record_status_update(
    task_id: int,
    status: str,
    progress: int,
    note: str = "",
    who: str = "",
    department: int | str | None = None,
    completed_on: date | None = None,
) -> StatusUpdate:
    """Append a StatusUpdate and set the task's status and progress, in one transaction.

    ``department`` is a department id or any of its names; it must exist.
    """
    validate_update(status, progress, completed_on)
    with db.atomic():
        if not Task.select().where(Task.id == task_id).exists():
            raise LookupError(f"没有编号为 {task_id} 的任务")
        department_id = None
        if department is not None:
            department_id = DepartmentResolver().require(department)
        stamp = now()
        update = StatusUpdate.create(
            task=task_id, department=department_id, who=who, status=status, progress=progress,
            note=note, completed_on=completed_on, created_at=stamp,
        )
        Task.update(status=status, progress=progress, updated_at=stamp).where(Task.id == task_id).execute()
    return update
