"""Every department with its county, aliases, task counts by role and likely typo: the
office's 单位管理 view and ``duban departments --suspect`` read this."""
from __future__ import annotations

from dataclasses import dataclass

from peewee import Case, fn

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


def _counts() -> dict[int, tuple[int, ...]]:
    """Department -> (tasks it leads, is responsible for, cooperates on, in any role): one scan of the
    (department, task, role) index (schema v9), withdrawn tasks left out."""
    withdrawn = Task.select(Task.id).where(Task.withdrawn == True)  # noqa: E712
    by_role = [fn.SUM(Case(None, ((Assignment.role == role, 1),), 0)) for role in ROLES]
    query = (Assignment.select(Assignment.department, *by_role, fn.COUNT(fn.DISTINCT(Assignment.task)))
             .where(Assignment.task.not_in(withdrawn)).group_by(Assignment.department))
    return {row[0]: tuple(int(count or 0) for count in row[1:]) for row in query.tuples()}


@translate_errors
def department_overview() -> list[DepartmentInfo]:
    """Every department: the registry's county first, then the others by name, those of no
    county last; within a county single bodies before collective names, busiest first."""
    home = registry_county()
    aliases: dict[int, list[str]] = {}
    for name, department in (DepartmentAlias.select(DepartmentAlias.name, DepartmentAlias.department)
                             .order_by(DepartmentAlias.name).tuples()):
        aliases.setdefault(department, []).append(name)
    counts = _counts()
    suspects = {suspect.department_id: suspect for suspect in suspect_departments()}
    rows: list[DepartmentInfo] = []
    for ident, name, county, group, confirmed in Department.select(
            Department.id, Department.name, Department.county, Department.is_group,
            Department.confirmed_at).tuples():
        suspect = suspects.get(ident)
        lead, responsible, cooperating, tasks = counts.get(ident, (0, 0, 0, 0))
        rows.append(DepartmentInfo(
            ident, name, county, bool(group), confirmed is not None, tuple(aliases.get(ident, ())),
            lead, responsible, cooperating, tasks,
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
