"""Every department with its county, aliases, task counts by role and likely typo: the
office's 单位管理 view and ``duban departments --suspect`` read this."""
from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from models.errors import translate_errors
from models.registry.counties import registry_county
from models.registry.departments import suspect_departments
from models.registry.schema import ROLES, Assignment, Department, DepartmentAlias, Task

# What the counts count: tasks still supervised (not withdrawn) that name the
# department in that role; a task naming it in two roles counts once in ``tasks``.
COUNTED = "未撤销的任务；同一任务中兼任两种角色的，合计只计一次"


@dataclass(frozen=True)
class DepartmentInfo:
    """One department as the office reviews it."""

    id: int
    name: str
    county: str                        # "" for a department of no county
    is_group: bool
    confirmed: bool                    # the office confirmed it is a body of its own
    aliases: tuple[str, ...]
    lead: int                          # tasks it leads (牵头)
    responsible: int                   # tasks it is responsible for (责任)
    cooperating: int                   # tasks it cooperates on (配合)
    tasks: int                         # distinct tasks in any role
    likely: tuple[int, str] | None = None            # the department it is likely a typo of
    alternatives: tuple[tuple[int, str], ...] = ()   # other departments it may be a typo of


def _role_counts() -> dict[tuple[int, str], int]:
    query = (Assignment.select(Assignment.department, Assignment.role, fn.COUNT(fn.DISTINCT(Assignment.task)))
             .join(Task).where(Task.withdrawn == False)  # noqa: E712
             .group_by(Assignment.department, Assignment.role))
    return {(department, role): count for department, role, count in query.tuples()}


def _task_counts() -> dict[int, int]:
    query = (Assignment.select(Assignment.department, fn.COUNT(fn.DISTINCT(Assignment.task)))
             .join(Task).where(Task.withdrawn == False)  # noqa: E712
             .group_by(Assignment.department))
    return dict(query.tuples())


@translate_errors
def department_overview() -> list[DepartmentInfo]:
    """Every department: the registry's county first, then the others by name, those of no
    county last; within a county single bodies before collective names, busiest first."""
    home = registry_county()
    aliases: dict[int, list[str]] = {}
    for name, department in (DepartmentAlias.select(DepartmentAlias.name, DepartmentAlias.department)
                             .order_by(DepartmentAlias.name).tuples()):
        aliases.setdefault(department, []).append(name)
    roles, tasks = _role_counts(), _task_counts()
    suspects = {suspect.department_id: suspect for suspect in suspect_departments()}
    rows: list[DepartmentInfo] = []
    for ident, name, county, group, confirmed in Department.select(
            Department.id, Department.name, Department.county, Department.is_group,
            Department.confirmed_at).tuples():
        suspect = suspects.get(ident)
        lead, responsible, cooperating = (roles.get((ident, role), 0) for role in ROLES)
        rows.append(DepartmentInfo(
            ident, name, county, bool(group), confirmed is not None, tuple(aliases.get(ident, ())),
            lead, responsible, cooperating, tasks.get(ident, 0),
            suspect.likely if suspect else None, suspect.matches[1:] if suspect else ()))
    rows.sort(key=lambda row: (row.county != home or not home, not row.county, row.county,
                               row.is_group, -row.tasks, row.name))
    return rows


@translate_errors
def counties() -> list[str]:
    """The counties the registry holds departments of, its own first."""
    home = registry_county()
    found = {county for (county,) in Department.select(Department.county).distinct().tuples() if county}
    return ([home] if home else []) + sorted(found - {home})
