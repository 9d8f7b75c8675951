"""The registry: storage of plans, tasks, departments and progress. No Qt here.

The command line and the desktop call these; see each module for details.
"""
from models.database import (
    close_registry,
    default_registry_path,
    open_registry,
    resolve_registry_path,
)
from models.departments import (
    find_department,
    is_collective,
    merge_departments,
    normalise_name,
    resolve_department,
)
from models.errors import RegistryError
from models.queries import (
    DepartmentCount,
    HistoryEntry,
    TaskRow,
    department_counts,
    task_history,
    task_rows,
)
from models.registry_import import ImportSummary, PlanSummary, store_extracted
from models.schema import (
    Assignment,
    Department,
    DepartmentAlias,
    ImportRun,
    Plan,
    SchemaVersion,
    StatusUpdate,
    Task,
    db,
)
from models.status import DERIVED_STATES, STATUSES, derived_state, derived_states
from models.updates import record_status_update

__all__ = [
    "Assignment", "Department", "DepartmentAlias", "DepartmentCount", "DERIVED_STATES",
    "HistoryEntry", "ImportRun", "ImportSummary", "Plan", "PlanSummary", "RegistryError",
    "STATUSES", "SchemaVersion", "StatusUpdate", "Task", "TaskRow", "close_registry", "db",
    "default_registry_path", "department_counts", "derived_state", "derived_states",
    "find_department", "is_collective", "merge_departments", "normalise_name", "open_registry",
    "record_status_update", "resolve_department", "resolve_registry_path", "store_extracted",
    "task_history", "task_rows",
]
