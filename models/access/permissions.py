"""Who may change what: the rules every write function of models/ checks first.

- 督查室 (office): anything, including imports, merges, accounts and settings.
- 单位联络员 (liaison): status updates and the department's own requests
  (延期, 办结) on tasks whose assignments include the liaison's department
  in any role (牵头, 责任 or 配合), as long as the task is neither closed
  (销号) nor withdrawn; always in the department's own name.
- 领导 (leader): reads only.

The checks live here, not in the window, so the command line, the window
and a direct call meet the same refusal: :class:`PermissionDenied`.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from models.registry.departments import DepartmentResolver
from models.registry.dialect import ids_in
from models.errors import NotFound, PermissionDenied, translate_errors
from models.registry.schema import Setting, Task, db

if TYPE_CHECKING:
    from models.access.actor import Actor

LIAISONS_SEE_ALL = "liaisons_see_all"


def require_office(actor: Actor, doing: str = "进行此操作") -> None:
    """Only the 督查室 may ``doing`` (import, merge departments, decide, manage accounts …)."""
    if not actor.is_office:
        raise PermissionDenied(f"只有督查室可以{doing}，{actor.label}（{actor.role_label}）无此权限 (office only)")


def require_writer(actor: Actor, doing: str = "修改登记册") -> None:
    """Only the office and liaisons write (a liaison only what :func:`require_can_update` lets it);
    a leader reads only."""
    if not (actor.is_office or actor.is_liaison):
        raise PermissionDenied(f"{actor.label}是只读账户，不能{doing} (read-only account)")


def require_sees_all(actor: Actor, doing: str) -> None:
    """Refuse what would show every department's tasks to a liaison the office keeps to its own
    (:func:`visible_department`): the plans under 导入审核, the registry's department names."""
    if visible_department(actor) is not None:
        raise PermissionDenied(f"联络员只能查看本单位的任务，不能{doing} (only your department's tasks)")


def require_can_update(actor: Actor, task_id: int) -> None:
    """Raise PermissionDenied unless ``actor`` may report on the task (status, 延期, 办结).

    NotFound for an unknown task when the actor is not the office (the
    office's callers say so themselves, with their own message).
    """
    if actor.is_office:
        return
    if not actor.is_liaison:
        raise PermissionDenied(f"{actor.label}是只读账户，不能修改登记册 (read-only account)")
    row = Task.select(Task.closed_on, Task.withdrawn).where(Task.id == task_id).first()
    if row is None:
        raise NotFound(f"没有编号为 {task_id} 的任务")
    if task_id not in updatable_task_ids(actor, (task_id,)):
        raise PermissionDenied(f"任务 {task_id} 不是本单位（牵头、责任或配合）承办的任务，"
                               "联络员只能更新本单位的任务 (not your department's task)")
    if row.closed_on is not None:
        raise PermissionDenied(f"任务 {task_id} 已销号，不能再更新 (task closed)")
    if row.withdrawn:
        raise PermissionDenied(f"任务 {task_id} 已从方案中撤销，不能再更新 (task withdrawn)")


def updatable_task_ids(actor: Actor, task_ids: Iterable[int]) -> set[int]:
    """Those of ``task_ids`` the actor's department has any role in (one query); every id for the office.

    Closed and withdrawn tasks are not filtered here: :func:`require_can_update` refuses them.
    """
    ids = {int(ident) for ident in task_ids}
    if actor.is_office:
        return ids
    if not actor.is_liaison or actor.department_id is None:
        return set()
    return department_task_ids(actor.department_id, ids)


def department_task_ids(department_id: int, task_ids: Iterable[int]) -> set[int]:
    """Those of ``task_ids`` the department has any role in (牵头, 责任 or 配合), in one query.

    What a department may speak for: a liaison's updates, and the rows of its
    status sheet whoever imports it.
    """
    ids = {int(ident) for ident in task_ids}
    if not ids:
        return set()
    condition, params = ids_in("task_id", ids)
    return {task_id for (task_id,) in db.execute_sql(
        f"SELECT DISTINCT task_id FROM assignment WHERE department_id = ? AND {condition}",
        (department_id, *params))}


def reportable_task_ids(actor: Actor) -> set[int] | None:
    """Every task :func:`require_can_update` would accept, in one query; None for the office (all).

    For the window, which greys out 更新进展 per row without asking the
    database on every selection.
    """
    if actor.is_office:
        return None
    if not actor.is_liaison or actor.department_id is None:
        return set()
    return {task_id for (task_id,) in db.execute_sql(
        "SELECT DISTINCT a.task_id FROM assignment AS a JOIN task AS t ON t.id = a.task_id "
        "WHERE a.department_id = ? AND t.closed_on IS NULL AND NOT t.withdrawn", (actor.department_id,))}


def can_update(actor: Actor, task_id: int) -> bool:
    """Whether :func:`require_can_update` would pass for one task (the window asks reportable_task_ids once per load)."""
    try:
        require_can_update(actor, task_id)
    except (PermissionDenied, LookupError):
        return False
    return True


@translate_errors
def liaisons_see_all() -> bool:
    """Whether liaisons see every task (the default) or only their own department's."""
    value = Setting.select(Setting.value).where(Setting.key == LIAISONS_SEE_ALL).scalar()
    return value != "0"


def visible_department(actor: Actor) -> int | None:
    """The department a liaison's listings are restricted to, or None (everything visible).

    Only when the office set liaisons to see their own department alone
    (:func:`models.access.accounts.set_liaisons_see_all`).
    """
    if actor.is_liaison and not liaisons_see_all():
        return actor.department_id
    return None


def attribution(actor: Actor, who: str, department: int | str | None) -> tuple[str, int | None]:
    """The ``who`` and department id a history entry is written under.

    A liaison writes in the department's own name: blank fields default to
    the account's name and department, and another department is refused.
    For an account, a blank ``who`` is its name; in the zero-setup mode
    (no accounts) it stays as given.
    """
    who = who.strip()
    department_id = None if department is None else DepartmentResolver().require(department)
    if actor.is_liaison:
        if department_id is not None and department_id != actor.department_id:
            raise PermissionDenied("联络员只能以本单位名义填报，不能代其他单位填报 (only in your own department's name)")
        department_id = actor.department_id
    if not who and actor.account_id is not None:
        who = actor.label
    return who, department_id
